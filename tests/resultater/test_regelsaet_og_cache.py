"""Results carry their rulebook (`TILSYN_REGLER`), are kept within bounds in memory and on disk,
and `tilsyn import` does not need the web."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import date

import polars as pl
import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tilsyn.cli import app as cli

from tilsyn.resultater.cache import LILLE, Cache
from tilsyn.resultater.gemte import Gemte
from tilsyn.rules.rulebook import PARAMETERS, Rulebook, RulebookError
from tilsyn.web.app import create_app

ADGANGSKODE = "adgangskode-til-test"  # the users of conftest's `verden`
runner = CliRunner()


def _lokale_regler(mappe, graense):
    """A folder like `parameters/` with only fokusmaal.yaml, whose samtale limit is `graense` every year."""
    mappe.mkdir()
    tree = yaml.safe_load((PARAMETERS / "fokusmaal.yaml").read_text(encoding="utf-8"))
    for v in tree["samtaler"]["graense_pct"]["values"]:
        v["value"] = graense
    (mappe / "fokusmaal.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    return mappe


def _api_udvaelgelse(verden, aar):
    with TestClient(create_app(verden["lager"], verden["url"])) as k:
        token = k.get("/log-ind").text.split('name="csrf_token" value="')[1].split('"')[0]
        k.post("/log-ind", data={"brugernavn": "star", "adgangskode": ADGANGSKODE, "csrf_token": token})
        svar = k.get(f"/api/v1/udvaelgelse?aar={aar}")
        assert svar.status_code == 200, svar.text
        fod = k.get("/regler").text
        return {r["kommune_kode"]: r["fails_samtaler"] for r in svar.json()}, fod


def _cli_udvaelgelse(verden, aar, ud):
    r = runner.invoke(cli, ["udvaelgelse", "--data", str(verden["lager"]), "--year", str(aar), "--out", str(ud)])
    assert r.exit_code == 0, r.output
    t = pl.read_csv(ud, schema_overrides={"kommune_kode": pl.String})
    return dict(zip(t["kommune_kode"], t["fails_samtaler"])), r.output


def test_en_lokal_regelbog_giver_en_anden_udvaelgelse_i_cli_og_api_efter_genstart(verden, monkeypatch, tmp_path):
    """With TILSYN_REGLER pointing at a fokusmaal.yaml whose samtale limit is 1 %, `tilsyn udvaelgelse`
    and the API of a server started again on the same store (whose kept results were made under the
    shipped rules) both give the changed selection, and the pages name the local rulebook."""
    aar = 2021
    foer, side = _api_udvaelgelse(verden, aar)
    assert "(lokal)" not in side
    assert _cli_udvaelgelse(verden, aar, tmp_path / "foer.csv")[0] == foer

    monkeypatch.setenv("TILSYN_REGLER", str(_lokale_regler(tmp_path / "regler", 1)))
    efter, side = _api_udvaelgelse(verden, aar)
    cli, tekst = _cli_udvaelgelse(verden, aar, tmp_path / "efter.csv")
    assert efter != foer and sum(efter.values()) > sum(foer.values())
    assert cli == efter
    from tilsyn.rules.rulebook import rulebook

    assert rulebook().lokal and f"{rulebook().fingeraftryk} (lokal)" in side


@pytest.mark.parametrize("aendring, besked", [
    (lambda t: t["samtaler"].pop("graense_pct"), "mangler parameteren fokusmaal.samtaler.graense_pct"),
    (lambda t: t["samtaler"]["graense_pct"]["values"].pop(0), "har først en værdi fra 2022-01-01"),
    (lambda t: t["samtaler"]["graense_pct"].update(laeses="dag"), "skal læses pr. aar, ikke dag"),
])
def test_en_ugyldig_lokal_fil_afvises_med_en_klar_besked(tmp_path, aendring, besked):
    mappe = _lokale_regler(tmp_path / "regler", 20)
    tree = yaml.safe_load((mappe / "fokusmaal.yaml").read_text(encoding="utf-8"))
    aendring(tree)
    (mappe / "fokusmaal.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulebookError, match=besked):
        Rulebook.load(PARAMETERS, mappe)
    (mappe / "ukendt.yaml").write_text("{}", encoding="utf-8")
    with pytest.raises(RulebookError, match="ukendt.yaml svarer ikke til en fil"):
        Rulebook.load(PARAMETERS, mappe)


def test_tilsyn_stopper_med_en_dansk_besked_ved_en_ugyldig_lokal_regelbog(tmp_path):
    mappe = tmp_path / "regler"
    mappe.mkdir()
    (mappe / "fokusmaal.yaml").write_text("samtaler: {}\n", encoding="utf-8")
    ud = subprocess.run([sys.executable, "-c", "from tilsyn.cli import app; app()", "regler"], capture_output=True, text=True, timeout=120,
                        env={**os.environ, "TILSYN_REGLER": str(mappe)})
    assert ud.returncode == 2 and "Traceback" not in ud.stderr
    assert "reglerne kan ikke læses" in ud.stderr and "mangler parameteren fokusmaal.samtaler.graense_pct" in ud.stderr


def test_cachen_holder_sin_graense_og_smider_den_mindst_brugte_ud():
    c = Cache(maks_bytes=3 * LILLE)
    for n in "abc":
        c.gem(n, n)
    assert c.hent("a") == "a"  # a is now the most recently used
    c.gem("d", "d")
    assert "b" not in c and all(n in c for n in "acd") and c.bytes <= 3 * LILLE
    c.gem("stor", pl.DataFrame({"x": range(10_000)}))  # larger than the bound: not kept
    assert "stor" not in c and len(c) == 3


def test_en_noegle_beregnes_en_gang_og_gemte_svar_venter_ikke_paa_en_beregning():
    c = Cache(maks_bytes=100 * LILLE)
    c.gem("gemt", 1)
    slip, kald = threading.Event(), []

    def langsom():
        kald.append(1)
        slip.wait(10)
        return 2

    traade = [threading.Thread(target=c.husk, args=("ny", langsom)) for _ in range(3)]
    for t in traade:
        t.start()
    time.sleep(0.2)
    start = time.monotonic()
    assert c.husk("gemt", lambda: pytest.fail("beregnet igen")) == 1  # while "ny" is being computed
    assert time.monotonic() - start < 0.1
    slip.set()
    for t in traade:
        t.join(10)
    assert kald == [1] and c.hent("ny") == 2


def test_efter_en_afvisning_beregner_den_naeste_alene_ogsaa_med_en_der_kommer_senere():
    """The first to compute a key is refused; of the one waiting and one who comes after, only one
    computes (the key's lock stays while anyone waits for it)."""
    c = Cache(maks_bytes=100 * LILLE)
    afvis, slip, kald, i_gang = threading.Event(), threading.Event(), [], threading.Event()

    def foerste():
        i_gang.set()
        afvis.wait(10)
        raise ValueError("afvist")

    def beregn():
        kald.append(1)
        slip.wait(10)
        return 2

    def spoerg(f):
        try:
            c.husk("ny", f)
        except ValueError:
            pass

    traade = [threading.Thread(target=spoerg, args=(foerste,)), threading.Thread(target=spoerg, args=(beregn,))]
    traade[0].start()
    i_gang.wait(10)
    traade[1].start()
    time.sleep(0.2)  # the second waits for the key
    afvis.set()
    time.sleep(0.2)  # the second computes now
    traade.append(threading.Thread(target=spoerg, args=(beregn,)))
    traade[2].start()
    time.sleep(0.2)
    slip.set()
    for t in traade:
        t.join(10)
    assert kald == [1] and c.hent("ny") == 2


def test_gemte_dage_holder_sig_inden_for_graensen_paa_disken(verden, tmp_path):
    """Worklists of arbitrary days are kept on disk within the bound, the least recently read first out."""
    tabel = pl.DataFrame({"person_id": [f"p{i}" for i in range(2000)]})
    g = Gemte(verden["lager"], "test-graense", maks_bytes=1 << 30)
    g.gem(("frister", "0101", date(2022, 1, 1)), tabel)
    stoerrelse = next(g.mappe().glob("*.parquet")).stat().st_size
    g.maks_bytes = 2 * stoerrelse + stoerrelse // 2  # room for two
    dage = [date(2022, 1, d) for d in (1, 2, 3)]
    for dag in dage[1:2]:
        g.gem(("frister", "0101", dag), tabel)
        time.sleep(0.02)
    assert g.hent(("frister", "0101", dage[0])) is not None  # read: now the last to go
    time.sleep(0.02)
    g.gem(("frister", "0101", dage[2]), tabel)
    assert [g.findes(("frister", "0101", d)) for d in dage] == [True, False, True]
    assert sum(f.stat().st_size for f in g.mappe().glob("*.parquet")) <= g.maks_bytes


def test_tilsyn_import_indlaeser_ikke_webben(verden, tmp_path):
    kode = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from tilsyn.cli import app\n"
        f"r = CliRunner().invoke(app, ['import', {str(verden['mappe'] / 'data')!r}, '--store', {str(tmp_path / 'l.duckdb')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'Indlæst' in r.output, r.output\n"
        "print(sorted(m for m in sys.modules if m.startswith('tilsyn.web')))\n"
    )
    ud = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, timeout=600)
    assert ud.returncode == 0, ud.stderr
    assert ud.stdout.strip().splitlines()[-1] == "[]"
