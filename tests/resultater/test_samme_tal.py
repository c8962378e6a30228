"""One figure, the same everywhere (issue 9): for every covered month of a real store, the CLI's
CSV, the JSON API, the web page and the report workbooks give the same fokusmål, resultatmål and
selection, since all of them read the results layer."""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest
from typer.testing import CliRunner

from tilsyn import kommuner, tid
from tilsyn.cli import app as cli
from tilsyn.web.kontekst import tal

FOKUS_TAL = ("population", "andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud")
AAR = 2021  # the one year the data (2019-07 to 2022-06) gives a selection for


def _cli_csv(tmp_path, *args) -> list[dict]:
    out = tmp_path / "ud.csv"
    r = CliRunner().invoke(cli, [str(a) for a in (*args, "--out", out)])
    assert r.exit_code == 0, r.output
    return list(csv.DictReader(out.open(encoding="utf-8")))


def _tal(v: str) -> float | None:
    return None if v in ("", None) else float(v)


def _tabel(side: str, tabel_id: str) -> list[list[str]]:
    krop = side.split(f'id="{tabel_id}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    krop = re.sub(r'<span class="sr-only">.*?</span>', "", krop, flags=re.S)  # the screen readers' words
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", krop, re.S)]


def _ark(sti, navn: str, overskrift: str) -> dict[str, dict]:
    """The rows of a report sheet below its header row (the row whose first cell is `overskrift`)."""
    raekker = list(openpyxl.load_workbook(sti)[navn].iter_rows(values_only=True))
    i = next(i for i, r in enumerate(raekker) if r[0] == overskrift)
    return [dict(zip(raekker[i], r)) for r in raekker[i + 1:] if r[0] is not None]


@pytest.fixture(scope="module")
def cli_fokus(verden, tmp_path_factory):
    rows = _cli_csv(tmp_path_factory.mktemp("f"), "fokusmaal", "--data", verden["lager"], "--from", "2021-05", "--to", "2022-06")
    return {(r["kommune_kode"], r["maaned"]): tuple(_tal(r[k]) for k in FOKUS_TAL) for r in rows}


@pytest.fixture(scope="module")
def rapport(verden, tmp_path_factory):
    out = tmp_path_factory.mktemp("rapport")
    r = CliRunner().invoke(cli, ["rapport", str(out), "--data", str(verden["lager"]), "--year", str(AAR),
                                 "--dato", "2022-04-12"])
    assert r.exit_code == 0, r.output
    return out


def test_fokusmaal_cli_api_og_side_giver_samme_tal_hver_daekket_maaned(klienter, cli_fokus):
    klient = klienter[1]["star"]
    maaneder = tid.months(tid.parse_maaned("2021-05"), tid.parse_maaned("2022-06"))
    assert {m for _, m in cli_fokus} == {tid.maaned_tekst(m) for m in maaneder}
    for m in maaneder:
        tekst = tid.maaned_tekst(m)
        cli = {k: v for (k, mm), v in cli_fokus.items() if mm == tekst}
        api = {r["kommune_kode"]: tuple(r[k] for k in FOKUS_TAL)
               for r in klient.get(f"/api/v1/fokusmaal?maaned={tekst}").json()}
        assert api == cli, tekst
        side = {r[0].split()[-1]: tuple(r[1:6]) for r in _tabel(klient.get(f"/?maaned={tekst}").text, "fokusmaal")
                if r[1] != "–"}
        assert side == {k: (tal(v[0]), *(tal(x, 2) for x in v[1:])) for k, v in cli.items()}, tekst


def test_fokusmaal_i_rapportens_tabel_a1_er_de_samme(cli_fokus, rapport):
    navn = {kommuner.navn(k): k for k in kommuner.kommuner()}
    a1 = _ark(rapport / f"opfoelgning-{AAR}.xlsx", "Tabel A1", "Kommune")
    assert len(a1) == 98
    for raekke in a1:
        kode = navn[raekke["Kommune"]]
        for maal, i in (("Samtaler", 3), ("Tilbud", 4)):
            for m, kort in ((f"{AAR}-10", "okt."), (f"{AAR}-11", "nov."), (f"{AAR}-12", "dec.")):
                forventet = cli_fokus.get((kode, m), (None,) * 5)[i]
                vist = raekke[f"{maal} {kort} {AAR}"]
                assert (vist is None) == (forventet is None), (kode, maal, m)
                assert vist is None or abs(vist - forventet) <= 0.05 + 1e-9, (kode, maal, m, vist, forventet)


def test_resultatmaal_og_udvaelgelse_er_de_samme_i_cli_api_side_og_rapport(verden, klienter, rapport, tmp_path):
    res = {r["kommune_kode"]: r for r in _cli_csv(tmp_path, "resultatmaal", "--data", verden["lager"], "--year", AAR)}
    udv = {r["kommune_kode"]: r for r in _cli_csv(tmp_path, "udvaelgelse", "--data", verden["lager"], "--year", AAR)}
    klient = klienter[1]["star"]
    api = {r["kommune_kode"]: r for r in klient.get(f"/api/v1/udvaelgelse?aar={AAR}").json()}
    assert set(api) == set(udv)
    for kode, r in udv.items():
        for k in ("konsekvens", "fails_resultat", "fails_samtaler", "fails_tilbud"):
            assert str(api[kode][k]).lower() == r[k], (kode, k)
        for k in ("vaerdi_samtaler", "vaerdi_tilbud", "forskel_pct_point"):
            assert api[kode][k] == _tal(r[k]), (kode, k)

    side = klient.get(f"/?aar={AAR}").text
    assert f"udvælgelsen for {AAR}, beregnet af Tilsyn på data fra juli 2019 til juni 2022" in side
    for r in _tabel(side, "fokusmaal"):
        kode = r[0].split()[-1]
        if kode in res:
            assert r[6:9] == [tal(_tal(res[kode][k]), 2) for k in ("faktisk_andel", "forventet_andel", "forskel_pct_point")]
    valgte = {kommuner.navn(k): r for k, r in udv.items() if r["konsekvens"] != "ingen"}
    assert {r[0] for r in _tabel(side, "udvaelgelse")} == set(valgte)

    beu = _ark(rapport / f"beu-{AAR}.xlsx", "Resultatmål", "Placering")
    assert len(beu) == len(res) == 98
    navn = {kommuner.navn(k): k for k in kommuner.kommuner()}
    for raekke in beu:
        r = res[navn[raekke["Kommune"]]]
        assert raekke["Placering"] == int(r["placering"])
        assert abs(raekke["Forskel (pct.-point)"] - float(r["forskel_pct_point"])) < 1e-9
    beu_udv = _ark(rapport / f"beu-{AAR}.xlsx", "Udvælgelse", "Kommune")
    assert {r["Kommune"] for r in beu_udv} == set(valgte)
