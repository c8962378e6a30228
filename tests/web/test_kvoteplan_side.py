"""The quota plan on the web (docs/kvoter.md "Kvoteplan", docs/web.md) on generated data through
2026-11: the Kvoteplan page's figures equal `tilsyn kvoteplan --out` of the same day, STAR sees those
at risk first, a plan day outside the data or before the quotas is a Danish notice; the team
leader's worklist on the 1st of a month says what the team lacks, marks the lines needed for the
quota first among the quota lines, and a line marked "booket" moves the plan's count."""

from __future__ import annotations

import calendar
import csv
import re
import shutil
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tilsyn.cli import app as cli
from tilsyn.engine.kvoteplan import STATUSSER
from tilsyn.resultater import aabn
from tilsyn.supervision import db
from tilsyn.web import brugere
from tilsyn.web.app import create_app

runner = CliRunner()
ADGANGSKODE = "adgangskode-til-test"
DAG = date(2026, 11, 10)
FOERSTE = date(2026, 11, 1)


@pytest.fixture(scope="module")
def verden(tmp_path_factory, kvoteplan_lager):
    mappe = tmp_path_factory.mktemp("kvoteplan_side")
    shutil.copy(kvoteplan_lager, mappe / "lager.duckdb")
    url = f"sqlite:///{mappe / 'sager.db'}"
    r = aabn(mappe / "lager.duckdb")
    plan = r.kvoteplan(FOERSTE)
    teams = plan.filter((plan["niveau"] == "team") & (plan["behov"] > 0)).sort("behov", descending=True)
    kode, team = teams["kommune_kode"][0], teams["team"][0]
    for navn, rolle, k, t in (("star", "star", None, None), ("chef", "jobcenterchef", kode, None),
                              ("tl", "teamleder", kode, team), ("sb", "sagsbehandler", kode, None)):
        brugere.opret(db.sessions(url), navn, navn, rolle, ADGANGSKODE, k, t)
    return {"mappe": mappe, "lager": mappe / "lager.duckdb", "url": url, "kode": kode, "team": team, "r": r}


def _klient(verden, navn):
    k = TestClient(create_app(verden["lager"], verden["url"]), raise_server_exceptions=False)
    token = k.get("/log-ind").text.split('name="csrf_token" value="')[1].split('"')[0]
    k.post("/log-ind", data={"brugernavn": navn, "adgangskode": ADGANGSKODE, "csrf_token": token})
    return k


RAEKKE = re.compile(r'<table class="[^"]*kvoteplan-tabel" data-krav="([^"]+)" data-maaned="([^"]+)">(.*?)</table>', re.S)
ENHED = re.compile(r'<tr class="kvoteplan-raekke" data-niveau="([^"]*)" data-kommune="([^"]*)" data-team="([^"]*)" '
                   r'data-status="([^"]*)" data-behov="(\d+)">(.*?)</tr>', re.S)


def _side(html: str) -> list[tuple]:
    """(niveau, kommune, team, krav, maaned, status, behov, personer, naaet) in the page's order."""
    ud = []
    for krav, maaned, tabel in RAEKKE.findall(html):
        for niveau, kommune, team, status, behov, celler in ENHED.findall(tabel):
            tal = re.findall(r'<td class="align-text-right">(?:<strong>)?([\d,–]+)', celler)
            ud.append((niveau, kommune, team, krav, maaned, status, int(behov), int(tal[0]), int(tal[1])))
    return ud


def _cli(verden, tmp_path, *args) -> list[tuple]:
    ud = tmp_path / "plan.csv"
    r = runner.invoke(cli, ["kvoteplan", "--data", str(verden["lager"]), "--dato", DAG.isoformat(), "--out", str(ud), *args])
    assert r.exit_code == 0, r.output
    with ud.open(encoding="utf-8") as f:
        return [(x["niveau"], x["kommune_kode"], x["team"], x["krav_id"], x["maaned"], x["status"], int(x["behov"]),
                 int(x["personer"]), int(x["naaet"])) for x in csv.DictReader(f)]


def test_kommunens_side_har_tallene_fra_tilsyn_kvoteplan(verden, tmp_path):
    svar = _klient(verden, "chef").get(f"/kvoteplan?dato={DAG}")
    assert svar.status_code == 200
    side = _side(svar.text)
    assert {r[0] for r in side} == {"kommune", "team", "a_kasse"} and {r[1] for r in side} == {verden["kode"]}
    assert sorted(side) == sorted(_cli(verden, tmp_path, "--kommune", verden["kode"]))
    assert f"/kommuner/{verden['kode']}/kvoteplan/borgere?" in svar.text


def test_star_ser_alle_kommuner_med_de_truede_foerst(verden, tmp_path):
    svar = _klient(verden, "star").get(f"/kvoteplan?dato={DAG}")
    assert svar.status_code == 200
    side = _side(svar.text)
    assert sorted(r for r in side if r[0] != "team") == sorted(r for r in _cli(verden, tmp_path) if r[0] != "team")
    for krav, maaned in {(r[3], r[4]) for r in side}:
        kommuner = [r[5] for r in side if (r[3], r[4], r[0]) == (krav, maaned, "kommune") and r[7]]
        assert kommuner == sorted(kommuner, key=STATUSSER.index)  # kan ikke nås, i fare, på vej, nået
    assert any(r[5] in ("kan_ikke_naas", "i_fare") for r in side)
    assert "/kvoteplan/borgere" not in svar.text  # no citizens for STAR
    # the months in words, each quota with its rule and law, each municipality a link to its figures
    assert re.search(r"vinduer, der slutter i [a-z]+ \d{4}; kvote", svar.text)
    assert not re.search(r"slutter i \d{4}-\d\d", svar.text)
    assert "/regler?sti=kontaktforloeb.krav&amp;dato=" in svar.text or "/regler?sti=kontaktforloeb.krav&dato=" in svar.text
    assert re.search(r'href="/kommuner/\d{4}/rettidighed-og-kvoter"', svar.text)
    xlsx = _klient(verden, "star").get(f"/kvoteplan.xlsx?dato={DAG}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("dato, besked", [("2026-05-01", "Der var ingen kvoter i 2026-05"),
                                          ("2027-03-01", "data dækker")])
def test_en_plandag_foer_kvoterne_eller_uden_for_data_er_en_dansk_besked(verden, dato, besked):
    svar = _klient(verden, "chef").get(f"/kvoteplan?dato={dato}")
    assert svar.status_code == 200 and 'id="fejl"' in svar.text and besked in svar.text
    assert _klient(verden, "chef").get("/kvoteplan?dato=i-morgen").status_code == 422


def test_sagsbehandleren_har_ingen_kvoteplanside(verden):
    assert _klient(verden, "sb").get("/kvoteplan").status_code == 403


def _mangler(html: str) -> dict[tuple, tuple[int, int]]:
    return {(k, m): (int(b), int(n)) for k, m, b, n in re.findall(
        r'data-krav="([^"]+)" data-maaned="([^"]+)" data-behov="(\d+)" data-markeret="(\d+)"', html)}


def test_teamlederens_liste_den_1_baerer_planen_og_en_booking_flytter_den(verden):
    k, kode, team = _klient(verden, "tl"), verden["kode"], verden["team"]
    liste = k.get(f"/kommuner/{kode}/frister?dato={FOERSTE}&sagsbehandler=").text
    plan = verden["r"].kvoteplan(FOERSTE, kode, team)
    hold = {(x["krav_id"], x["maaned"]): x["behov"] for x in plan.iter_rows(named=True) if x["niveau"] == "team" and x["personer"]}
    mangler = _mangler(liste)
    assert {n: b for n, (b, _) in mangler.items()} == hold
    krav, maaned = next(n for n, b in hold.items() if b)
    assert f"Teamet mangler {hold[(krav, maaned)]} inden " in liste
    # the quota lines in the order shown: the needed for the quota first on their day, marked
    linjer = re.findall(r'data-person="([^"]+)" data-status="kvote" data-hast="([a-z]+)"', liste)
    assert any(h in ("akut", "noedvendig") for _, h in linjer) and "Nødvendig for kvoten" in liste
    personer = verden["r"].kvoteplan_personer(kode, FOERSTE, team)
    noedvendige = {p["person_id"] for p in personer.iter_rows(named=True) if p["noedvendig"]}
    assert {p for p, h in linjer if h in ("akut", "noedvendig")} <= noedvendige
    foerste_ikke = next((i for i, (_, h) in enumerate(linjer) if h not in ("akut", "noedvendig")), len(linjer))
    assert all(h in ("akut", "noedvendig") for _, h in linjer[:foerste_ikke]) and foerste_ikke > 0
    # book a needed line whose window is still open on the list of today (the data's last day)
    p = next(p for p in personer.iter_rows(named=True) if p["noedvendig"] and p["vinduets_slut"] >= date(2026, 11, 30))
    token = re.search(r'name="csrf_token" value="([^"]+)"', k.get(f"/kommuner/{kode}/frister").text).group(1)
    svar = k.post(f"/kommuner/{kode}/frister/noter", data={
        "person_id": p["person_id"], "krav_id": p["krav_id"], "frist": p["vinduets_slut"].isoformat(),
        "markering": "booket", "dato": "2026-11-30", "version": 0, "csrf_token": token}, follow_redirects=False)
    assert svar.status_code == 303, svar.text
    efter = _mangler(k.get(f"/kommuner/{kode}/frister?dato={FOERSTE}").text)
    assert efter[(p["krav_id"], p["maaned"])][1] == mangler[(p["krav_id"], p["maaned"])][1] + 1


def _linjer(html: str) -> list[dict]:
    """The worklist page's lines: person, requirement and due date (from the line's marking link),
    status and the plan's urgency (`hast`)."""
    ud = []
    for stykke in html.split('<li class="tilsyn-linje ')[1:]:
        hoved = stykke.split(">", 1)[0]
        noegle = re.search(r"markering\?person_id=([^&]+)&amp;krav_id=([^&]*)&amp;frist=([0-9-]*)", stykke)
        hast = re.search(r'data-hast="([a-z]+)"', hoved)
        ud.append({"person_id": re.search(r'data-person="([^"]+)"', hoved).group(1),
                   "status": re.search(r'data-status="([a-z_]+)"', hoved).group(1),
                   "krav_id": noegle.group(2) if noegle else "", "frist": noegle.group(3) if noegle else "",
                   "hast": hast.group(1) if hast else None})
    return ud


def _noegle(r: dict) -> tuple:
    return r["person_id"], r["krav_id"], r["frist"]


def _maanedens_slut(maaned: str) -> date:
    aar, md = int(maaned[:4]), int(maaned[5:])
    return date(aar, md, calendar.monthrange(aar, md)[1])


def _plan_for_teamet(verden) -> tuple[dict, dict]:
    """The team's plan on the 1st: (person, krav, window end) -> the person's plan row; (krav, month)
    -> behov."""
    r, kode, team = verden["r"], verden["kode"], verden["team"]
    personer = {(p["person_id"], p["krav_id"], p["vinduets_slut"]): p
                for p in r.kvoteplan_personer(kode, FOERSTE, team).iter_rows(named=True)}
    behov = {(x["krav_id"], x["maaned"]): x["behov"]
             for x in r.kvoteplan(FOERSTE, kode, team).iter_rows(named=True) if x["niveau"] == "team"}
    return personer, behov


def test_arbejdslistens_eksport_baerer_planen_som_linjerne_paa_siden(verden, monkeypatch):
    """The team leader's Excel and CSV of the worklist carry what the page's quota lines show: needed
    for the quota (ja/nej), the urgency in words, the team's "mangler N inden DD-MM" as a number and
    a date, and how many of the needed the line's caseworker holds; empty on the binding lines."""
    import io

    import openpyxl

    from tilsyn.resultater.arbejdsliste import HAST_TEKST, kvote_tekster
    from tilsyn.rules.rulebook import rulebook
    from tilsyn.web.routes import arbejdsliste

    monkeypatch.setattr(arbejdsliste, "VIS_HOEJST", 100_000)
    k, kode = _klient(verden, "tl"), verden["kode"]
    paa_siden = [r for r in _linjer(k.get(f"/kommuner/{kode}/frister?dato={FOERSTE}").text) if r["status"] == "kvote"]
    personer, behov = _plan_for_teamet(verden)

    def forventet(r: dict) -> dict:
        p = personer[r["person_id"], r["krav_id"], date.fromisoformat(r["frist"])]
        return {"noedvendig": p["noedvendig"], "hast": HAST_TEKST[r["hast"]], "behov": behov[r["krav_id"], p["maaned"]],
                "inden": _maanedens_slut(p["maaned"])}

    tekster = {f"Tæller med i kvoten: {t}": kid for kid, t in kvote_tekster(rulebook(), FOERSTE).items()}
    ark = openpyxl.load_workbook(io.BytesIO(k.get(f"/kommuner/{kode}/frister.xlsx?dato={FOERSTE}").content))
    kvoterne = []
    for ws in ark.worksheets[1:]:
        hoved = [c.value for c in ws[1]]
        for raekke in ws.iter_rows(min_row=2):
            x = dict(zip(hoved, raekke))
            if x["Status"].value != "Tæller med i kvoten":
                assert all(x[h].value in (None, "") for h in ("Nødvendig for kvoten", "Kvotens hast", "Mangler til kvoten"))
                continue
            tekst = x["Hvad skal ske"].value.rpartition(", vindue til ")[0]
            assert x["Mangler til kvoten"].data_type == "n" and x["Heraf den ansvarliges"].data_type == "n"
            assert x["Mangler inden"].is_date
            kvoterne.append({"person_id": x["Borger"].value, "krav_id": tekster[tekst], "frist": x["Frist"].value.date().isoformat(),
                             "noedvendig": x["Nødvendig for kvoten"].value == "ja", "hast": x["Kvotens hast"].value,
                             "behov": x["Mangler til kvoten"].value, "inden": x["Mangler inden"].value.date()})
    assert len(kvoterne) == len(paa_siden) > 0
    paa_siden_efter_noegle = {_noegle(r): r for r in paa_siden}
    for x in kvoterne:
        r = paa_siden_efter_noegle[_noegle(x)]
        f = forventet(r)
        assert (x["noedvendig"], x["hast"], x["behov"]) == (f["noedvendig"], f["hast"], f["behov"])
        assert x["inden"] == f["inden"]
    assert any(x["noedvendig"] for x in kvoterne)

    data = k.get(f"/kommuner/{kode}/frister.csv?dato={FOERSTE}").content.decode("utf-8-sig")
    raekker = list(csv.DictReader(data.splitlines(), delimiter=";"))
    kvote_csv = [x for x in raekker if x["Status"] == "Tæller med i kvoten"]
    assert len(kvote_csv) == len(kvoterne)
    assert sorted((x["Borger"], x["Nødvendig for kvoten"], x["Kvotens hast"], x["Mangler til kvoten"]) for x in kvote_csv) == sorted(
        (x["person_id"], "ja" if x["noedvendig"] else "nej", x["hast"], str(x["behov"])) for x in kvoterne)
    assert all(re.fullmatch(r"\d\d-\d\d-\d{4}", x["Mangler inden"]) for x in kvote_csv)


def test_tilsyn_frister_baerer_teamets_plan_i_sine_filer(verden, tmp_path):
    """`tilsyn frister --team T` joins the team's plan to its quota lines in the file for people (the
    Excel file: Danish headers, numbers as numbers, the plan's figures per line), while the machine
    CSV (`--out`) keeps exactly the file contract's columns (docs/frister.md)."""
    import openpyxl

    from tilsyn.resultater.arbejdsliste import kvote_tekster
    from tilsyn.rules.rulebook import rulebook

    kode, team = verden["kode"], verden["team"]
    out, xlsx = tmp_path / "f.csv", tmp_path / "f.xlsx"
    r = runner.invoke(cli, ["frister", "--data", str(verden["lager"]), "--kommune", kode, "--dato", FOERSTE.isoformat(),
                            "--team", team, "--out", str(out), "--xlsx", str(xlsx)])
    assert r.exit_code == 0, r.output
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["person_id", "sagsbehandler_id", "ansvarlig_id", "daekket_af_vikar", "krav_id", "art",
                             "frist", "dage_tilbage", "status", "mangler_aftale", "hjemmel"]
    ansvarlig = {(x["person_id"], x["krav_id"], x["frist"]): x["ansvarlig_id"] for x in rows if x["status"] == "kvote"}
    personer, behov = _plan_for_teamet(verden)
    hos: dict = {}
    for p in personer.values():
        if p["noedvendig"]:
            for s in {p["ansvarlig_id"], p["sagsbehandler_id"]} - {None}:
                hos[p["krav_id"], p["maaned"], s] = hos.get((p["krav_id"], p["maaned"], s), 0) + 1
    tekster = {f"Tæller med i kvoten: {t}": kid for kid, t in kvote_tekster(rulebook(), FOERSTE).items()}
    kvote = []
    for ark in openpyxl.load_workbook(xlsx).worksheets[1:]:
        hoved = [c.value for c in ark[1]]
        for raekke in ark.iter_rows(min_row=2):
            x = dict(zip(hoved, raekke))
            if x["Status"].value != "Tæller med i kvoten":
                assert all(x[h].value in (None, "") for h in ("Nødvendig for kvoten", "Mangler til kvoten"))
                continue
            assert x["Mangler til kvoten"].data_type == "n" and x["Heraf den ansvarliges"].data_type == "n"
            kvote.append(x)
    assert len(kvote) == len(ansvarlig) > 0
    for x in kvote:
        krav, frist = tekster[x["Hvad skal ske"].value.rpartition(", vindue til ")[0]], x["Frist"].value.date()
        p = personer[x["Borger"].value, krav, frist]
        assert (x["Nødvendig for kvoten"].value == "ja") == p["noedvendig"]
        assert x["Mangler til kvoten"].value == behov[krav, p["maaned"]]
        assert x["Mangler inden"].value.date() == _maanedens_slut(p["maaned"])
        hvem = ansvarlig[x["Borger"].value, krav, frist.isoformat()]
        assert x["Heraf den ansvarliges"].value == hos.get((krav, p["maaned"], hvem), 0)
    assert any(x["Nødvendig for kvoten"].value == "ja" for x in kvote)
    assert any(x["Heraf den ansvarliges"].value for x in kvote)
