"""Kvoteopfyldelse end to end (issue 12's acceptance): generated data through 2026-11, imported; the
results layer, `tilsyn kvoter --out` and the web page for København agree with a plain per-person
reading of the raw rows written here (its own clocks, windows and counts, no engine code); bad
input gets a Danish message and exit 2."""

from __future__ import annotations

import bisect
import csv
import math
from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tilsyn import koder
from tilsyn.cli import app as cli
from tilsyn.resultater import aabn
from tilsyn.rules import rulebook
from tilsyn.supervision import db
from tilsyn.web import brugere
from tilsyn.web.app import create_app

runner = CliRunner()
MAANED = date(2026, 11, 1)
AABEN = date(9999, 12, 31)
KODE = "0101"


@pytest.fixture(scope="module")
def verden(tmp_path_factory):
    mappe = tmp_path_factory.mktemp("kvoter")
    for args in (["generate", mappe / "data", "--persons", "2000", "--seed", "7", "--from", "2025-06", "--to", "2026-11"],
                 ["import", mappe / "data", "--store", mappe / "lager.duckdb"]):
        r = runner.invoke(cli, [str(a) for a in args])
        assert r.exit_code == 0, r.output
    return {"mappe": mappe, "data": mappe / "data", "lager": mappe / "lager.duckdb"}


# --- the plain reading ------------------------------------------------------------------------

def _dag(d) -> date:
    return d if d is None or type(d) is date else d.date()


def _rows(mappe, navn):
    return [{k: _dag(v) if hasattr(v, "year") else v for k, v in r.items()}
            for r in pq.read_table(mappe / f"{navn}.parquet").to_pylist()]


def _urdage(uger) -> int:
    return math.ceil(Fraction(str(uger)) * 7)


class Ur:
    """A clock: counting stretches (start, end, municipality) in order; day N is the N-th counted day."""

    def __init__(self, stykker):
        self.stykker = stykker

    def dato(self, n: int):
        """(date, municipality) on which the clock reaches day n."""
        for start, slut, kommune in self.stykker:
            dage = (slut - start).days + 1
            if n <= dage:
                return start + timedelta(days=n - 1), kommune
            n -= dage
        return None, None


def _v(rules, sti, d):
    """The rule value in force on `d`; before the rulebook's first day its first value (as the engine)."""
    vaerdier = rules.dagvaerdier(sti)
    return vaerdier[max(bisect.bisect_right([v.start for v in vaerdier], d) - 1, 0)].value


def _perioder(raekker, rules):
    """A person's clock periods: (maalgruppe, start, end or None, Ur)."""
    raekker = sorted(raekker, key=lambda r: r["start"])
    for r in raekker:
        r["mg"] = koder.maalgruppe(r["ydelse"], r["visitation"], max(r["start"], rules.parameter(koder.MAALGRUPPER).values[0].start))
    ud = []
    # målgruppe periods (every row numbered, dagpenge rows too; every calendar day counts)
    grupper, forrige = [], None
    for r in raekker:
        tom = forrige is not None and forrige["slut"] is not None and (
            (r["start"].year * 12 + r["start"].month) - (forrige["slut"].year * 12 + forrige["slut"].month) - 1
            >= _v(rules, "forloeb.tomme_maaneder_afslutter", r["start"]))
        if forrige is None or r["mg"] != forrige["mg"] or tom:
            grupper.append([])
        grupper[-1].append(r)
        forrige = r
    for g in grupper:
        if g[0]["mg"] == 1:
            continue
        stykker = [(r["start"], (g[i + 1]["start"] - timedelta(days=1)) if i + 1 < len(g) else AABEN, r["kommune_kode"])
                   for i, r in enumerate(g)]
        slut = None if any(r["slut"] is None for r in g) else max(r["slut"] for r in g)
        ud.append((g[0]["mg"], g[0]["start"], slut, Ur(stykker)))
    # dagpengeperioder: dagpenge rows less than 52 weeks apart; only counting days on dagpenge
    dp, forrige = [], None
    for r in (r for r in raekker if r["mg"] == 1):
        pause = forrige is not None and (r["start"] - forrige["slut"]).days - 1 >= _urdage(
            _v(rules, "dagpenge.ny_periode_efter_uger", r["start"]))
        if forrige is None or pause:
            dp.append([])
        dp[-1].append(r)
        forrige = r
    for g in dp:
        stykker = []
        for i, r in enumerate(g):
            slut = r["slut"] if i + 1 < len(g) else AABEN
            d = r["start"]
            while d <= min(slut, date(2022, 1, 1)):  # the rule's non-counting days lie before 2022
                if _v(rules, "dagpenge.taeller_i_sammenlagt_ledighed", d):
                    stykker.append((d, d, r["kommune_kode"]))
                d += timedelta(days=1)
            if d <= slut:
                stykker.append((d, slut, r["kommune_kode"]))
        slut = None if any(r["slut"] is None for r in g) else max(r["slut"] for r in g)
        ud.append((1, g[0]["start"], slut, Ur(stykker)))
    return ud


def _regimer(rules):
    """(art, validity from, to, period starts from, to, requirement) of every quota requirement of
    every regime and målgruppe; a transition rule (`kontaktforloeb.krav.overgang`) keeps the course
    in force before it for the periods started before it."""
    overgang = rules.dagvaerdier("kontaktforloeb.krav.overgang")
    overgange = [(v.start, overgang[i + 1].start - timedelta(days=1) if i + 1 < len(overgang) else AABEN, v.value)
                 for i, v in enumerate(overgang) if v.value]
    for art, sti in (("samtale", "kontaktforloeb.krav.samtaler"), ("tilbud", "ret_og_pligt.krav.tilbud")):
        vaerdier = rules.dagvaerdier(sti)
        for i, v in enumerate(vaerdier):
            til = vaerdier[i + 1].start - timedelta(days=1) if i + 1 < len(vaerdier) else AABEN
            for k in (k for k in v.value if "kvote" in k):
                for mg in k["maalgrupper"]:
                    r_til, s_fra, s_til = til, date.min, AABEN
                    for fra, slut, grupper in (overgange if art == "samtale" else ()):
                        if mg in grupper and v.start < fra <= til + timedelta(days=1):
                            r_til, s_til = max(til, slut), fra - timedelta(days=1)
                        elif mg in grupper and fra <= v.start <= slut:
                            s_fra = fra
                    yield art, mg, v.start, r_til, s_fra, s_til, k


def plain(mappe, maaned, data_fra, rules):
    """Per (kommune, krav_id) and per (a_kasse, krav_id): [persons in the month, reached in the month,
    persons in 12 months, reached in 12 months]."""
    fra = date(maaned.year - (maaned.month <= 11), (maaned.month - 12) % 12 + 1, 1)  # M-11
    til = (maaned.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    personer = {r["person_id"]: r["foedselsdato"] for r in _rows(mappe, "personer")}
    ydelser, samtaler, tilbud, fritagelser = (defaultdict(list) for _ in range(4))
    for navn, ud in (("ydelser", ydelser), ("samtaler", samtaler), ("tilbud", tilbud), ("fritagelser", fritagelser)):
        for r in _rows(mappe, navn):
            ud[r["person_id"]].append(r)
    kvoter = list(_regimer(rules))
    pr_kommune, pr_a_kasse = defaultdict(lambda: [0, 0, 0, 0]), defaultdict(lambda: [0, 0, 0, 0])
    for pid, raekker in ydelser.items():
        for mg, pstart, pslut, ur in _perioder(raekker, rules):
            alder = (pstart.year - personer[pid].year) - ((pstart.month, pstart.day) < (personer[pid].month, personer[pid].day))
            for art, k_mg, r_fra, r_til, s_fra, s_til, k in kvoter:
                if (mg != k_mg or not k.get("alder_fra", 0) <= alder <= k.get("alder_til", 200)
                        or not s_fra <= pstart <= s_til):
                    continue
                frist0, kommune = ur.dato(_urdage(k["to_week"]))
                if frist0 is None or not r_fra <= frist0 <= r_til:
                    continue
                vstart, _ = ur.dato(_urdage(k["from_week"]) + 1)
                efter, _ = ur.dato(_urdage(k["to_week"]) + 1)
                grunde = _v(rules, "fritagelser.mindre_intensiv", frist0)
                fri = [f["slut"] or AABEN for f in fritagelser[pid]
                       if f["grund"] in grunde and f["start"] <= frist0 <= (f["slut"] or AABEN)]
                frist = frist0
                if art == "tilbud" and fri and max(fri) != AABEN:
                    frist = max(fri) + timedelta(days=_v(rules, "fritagelser.tilbud_efter_fritagelse_dage", frist0))
                vslut = max(efter - timedelta(days=1), frist)
                if not (fra <= frist <= til and frist <= (pslut or AABEN) and vstart >= data_fra):
                    continue
                if art == "samtale":
                    antal = sum(1 for s in samtaler[pid] if vstart <= s["dato"] <= min(vslut, pslut or AABEN)
                                and k["art"] in ("alle", s["art"])
                                and s["afholdt_af"] in (None, k["kvote"]["holdes_af"]))
                else:
                    mindst = _v(rules, "ret_og_pligt.krav.min_varighed_dage", frist0)
                    antal = sum(1 for t in tilbud[pid] if vstart <= t["start"] <= min(vslut, pslut or AABEN)
                                and ((t["slut"] or AABEN) - t["start"]).days + 1 >= mindst
                                and mg not in _v(rules, "ret_og_pligt.krav.taeller_ikke", t["start"]).get(t["art"], []))
                naaet = antal >= k["min_count"]
                denne = frist >= maaned
                a_kasse = next((y["a_kasse"] for y in raekker if y["a_kasse"]
                                and y["start"] <= frist <= (y["slut"] or AABEN)), None)
                hvor = [pr_kommune[(kommune, k["id"])]]
                if a_kasse and k["kvote"]["holdes_af"] == "a_kasse":
                    hvor.append(pr_a_kasse[(a_kasse, k["id"])])
                for tal in hvor:
                    tal[0] += denne
                    tal[1] += denne and naaet
                    tal[2] += 1
                    tal[3] += naaet
    return pr_kommune, pr_a_kasse


# --- the tests --------------------------------------------------------------------------------

def _tal(r):
    return [int(r["personer"]), int(r["naaet"]), int(r["personer_12"]), int(r["naaet_12"])]


def test_kvoteopfyldelsen_svarer_til_en_simpel_opgoerelse_pr_person(verden):
    r = aabn(verden["lager"])
    tabel = r.kvoteopfyldelse(MAANED)
    pr_kommune, pr_a_kasse = plain(verden["data"], MAANED, r.daekning.fra, rulebook())
    kommuner = {(x["kommune_kode"], x["krav_id"]): _tal(x) for x in tabel.iter_rows(named=True) if x["niveau"] == "kommune"}
    assert {k: v for k, v in kommuner.items() if v != [0, 0, 0, 0]} == dict(pr_kommune)
    a_kasser = {(x["a_kasse"], x["krav_id"]): _tal(x) for x in tabel.iter_rows(named=True) if x["niveau"] == "a_kasse"}
    assert a_kasser == dict(pr_a_kasse)
    assert sum(v[2] for v in pr_kommune.values()) > 100 and pr_a_kasse  # the data gives something to compare
    assert {x["krav_id"] for x in tabel.iter_rows(named=True)} == {k for _, k in pr_kommune}
    kbh = {k: v for (kode, k), v in pr_kommune.items() if kode == KODE}
    assert kbh and any(v[0] for v in kbh.values())
    verden["kbh"] = kbh


def test_cli_out_giver_samme_tal_og_skaermen_er_dansk(verden, tmp_path):
    ud = tmp_path / "kvoter.csv"
    r = runner.invoke(cli, ["kvoter", "--data", str(verden["lager"]), "--month", "2026-11", "--kommune", KODE,
                            "--out", str(ud)])
    assert r.exit_code == 0, r.output
    with ud.open() as f:
        rows = list(csv.DictReader(f))
    assert {x["krav_id"]: _tal(x) for x in rows if x["niveau"] == "kommune"} == verden["kbh"]
    assert rows[0]["maaned"] == "2026-11" and rows[0]["rullende_fra"] == "2026-07"
    r = runner.invoke(cli, ["kvoter", "--data", str(verden["lager"]), "--month", "2026-11", "--kommune", KODE])
    assert r.exit_code == 0, r.output
    assert "Kvoteopfyldelse 2026-11, København (0101)" in " ".join(r.output.split())


def test_webben_viser_koebenhavns_kvoter_og_borgerne_bag(verden, tmp_path):
    url = f"sqlite:///{tmp_path / 'sager.db'}"
    brugere.opret(db.sessions(url), "chef", "Jette Chef", "jobcenterchef", "adgangskode-til-test", KODE, None)
    with TestClient(create_app(verden["lager"], url)) as k:
        token = k.get("/log-ind").text.split('name="csrf_token" value="')[1].split('"')[0]
        k.post("/log-ind", data={"brugernavn": "chef", "adgangskode": "adgangskode-til-test", "csrf_token": token})
        side = k.get("/kvoter?maaned=2026-11").text
        assert "Kvoteopfyldelse november 2026: København" in side
        for krav_id, (n, naaet, n12, naaet12) in verden["kbh"].items():
            raekke = side.split(f'id="tabel-{krav_id}"')[1].split("Kommunen i alt</th>")[1].split("</tr>")[0]
            tal = [c.split(">")[-1] for c in raekke.replace("</a>", "").split("</td>")[:-1]]
            assert [tal[0], tal[1], tal[4], tal[5]] == [str(n), str(naaet), str(n12), str(naaet12)], krav_id
        krav_id = next(k for k, v in verden["kbh"].items() if v[0])
        borgere = k.get(f"/kommuner/{KODE}/kvoter/borgere?krav={krav_id}&maaned=2026-11").text
        assert f"{verden['kbh'][krav_id][0]} borger" in borgere


@pytest.mark.parametrize(("args", "besked"), [
    (["--month", "2026-12"], "data dækker juni 2024 – november 2026; vælg en måned fra juli 2026 til november 2026"),
    (["--month", "2026-06"], "Der var ingen kvoter i 2026-06"),
    (["--month", "2026-06"], "Kvoterne gælder fra 2026-07-01"),
    (["--month", "2026-13"], "--maaned"),
    (["--month", "2026-11", "--kommune", "9999"], "ukendt kommunekode '9999'"),
])
def test_forkert_input_giver_dansk_besked_og_exit_2(verden, args, besked):
    r = runner.invoke(cli, ["kvoter", "--data", str(verden["lager"]), *args])
    assert r.exit_code == 2, r.output
    assert besked in " ".join(r.output.split())
    assert "Traceback" not in r.output


def test_uden_de_valgfri_kolonner_kun_pr_kommune_og_det_siges(verden, tmp_path):
    """A store without `samtaler.afholdt_af` and `ydelser.a_kasse` (a delivery without them, or one
    imported before they came): every samtale counts for every quota, no a-kasse rows, and the
    command says the a-kasse's quotas are per municipality only."""
    import shutil

    import duckdb

    lager = tmp_path / "uden.duckdb"
    shutil.copy(verden["lager"], lager)
    with duckdb.connect(str(lager)) as con:
        con.execute("ALTER TABLE samtaler DROP COLUMN afholdt_af")
        con.execute("ALTER TABLE ydelser DROP COLUMN a_kasse")
    tabel = aabn(lager).kvoteopfyldelse(MAANED)
    assert not tabel.filter(tabel["niveau"] == "a_kasse").height
    med = {(x["kommune_kode"], x["krav_id"]): _tal(x) for x in aabn(verden["lager"]).kvoteopfyldelse(MAANED).iter_rows(named=True)
           if x["niveau"] == "kommune"}
    uden = {(x["kommune_kode"], x["krav_id"]): _tal(x) for x in tabel.iter_rows(named=True) if x["niveau"] == "kommune"}
    assert all(u[1] >= m[1] and u[3] >= m[3] and u[2] == m[2] for k, u in uden.items() for m in [med[k]])
    assert uden != med  # without who held them, samtaler held by the other party count too
    r = runner.invoke(cli, ["kvoter", "--data", str(lager), "--month", "2026-11"])
    assert r.exit_code == 0, r.output
    assert "a-kassens kvoter er kun opgjort pr. kommune" in " ".join(r.output.split())
