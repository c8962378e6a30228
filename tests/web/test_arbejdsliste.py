"""The worklist people work from (issue 10), over the hand-built world of `webhjaelp`: p1 is s1's and
overdue, p2 is s2's and covered by s1 (the delivery's absence), p3/p4 are s3's (team B), p5 has no
caseworker. Absences and notes live in the workflow store and never change the data."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import polars as pl
import pytest
from sqlalchemy import select
from webhjaelp import KVOTEPLAN_KOLONNER, KVOTEPLAN_PERSON_KOLONNER, TabelResultater, _frist, csrf_fra, log_ind

from tilsyn.data.daekning import Daekning
from tilsyn.resultater.arbejdsliste import Note, krav_tekster, til_mennesker
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision.models import Adgangslog, Fravaer, FravaerLog, Linjenote

LISTE = "/kommuner/0101/frister?dato=2024-06-15"


def _token(klient, sti=LISTE) -> str:
    return csrf_fra(klient.get(sti).text)


def _liste(klient, sti=LISTE) -> str:
    return klient.get(sti).text.split('id="arbejdsliste"')[1]


def test_sagsbehandler_lander_paa_egne_frister(klient):
    svar = log_ind(klient, "s1")
    assert svar.status_code == 303 and svar.headers["location"] == "/kommuner/0101/frister"
    side = klient.get("/kommuner/0101/frister").text
    assert "<h1>Mine frister" in side
    # log in with a page asked for: that page, not the list
    klient.post("/log-ud", data={"csrf_token": csrf_fra(side)})
    token = csrf_fra(klient.get("/log-ind").text)
    svar = klient.post("/log-ind", data={"brugernavn": "s1", "adgangskode": "korrekt-hest-batteri",
                                         "csrf_token": token, "naeste": "/kommuner/0101"}, follow_redirects=False)
    assert svar.headers["location"] == "/kommuner/0101"


def test_linjerne_siger_paa_dansk_hvad_der_skal_ske_og_ingen_koder(klient):
    """p1's overdue samtale: its text from the rulebook, its name, '14 dage over fristen', a link to
    the explanation; the internal requirement id and the caseworker's own name per line never show."""
    log_ind(klient, "s1")
    liste = _liste(klient)
    assert "4 jobsamtaler inden 6 måneder (LAB § 31)" in liste and "Tilbud inden 6 måneder (LAB § 102)" in liste
    assert "Karen Jensen" in liste and "14 dage over fristen" in liste and "5 dage tilbage" in liste
    assert '/kommuner/0101/frister/borger/p1?dato=2024-06-15' in liste
    synligt = re.sub(r"<[^>]+>", " ", liste)  # what the page shows (a form's hidden fields are not)
    assert "fire_samtaler_6mdr" not in synligt and "tilbud_6mdr" not in synligt and "krav_id" not in synligt
    assert "Sara Sørensen" not in liste.split("Dækkes af")[0]  # her own name is not repeated per line
    assert "Dækkes af Sara Sørensen (vikar for Søren Berg)" in liste
    # overdue first, then due within 14 days
    assert liste.index("14 dage over fristen") < liste.index("5 dage tilbage")


def test_soegning_i_egen_sagsstamme(klient):
    log_ind(klient, "s1")
    assert "Karen Jensen" in _liste(klient, LISTE + "&soeg=karen")
    assert "Karen Jensen" not in _liste(klient, LISTE + "&soeg=ole")
    assert "Ole Hansen" in _liste(klient, LISTE + "&soeg=p2")
    assert "Tina" not in _liste(klient, LISTE + "&soeg=p3")  # not in her caseload: not found


def test_teamleder_filtre_kombineres_og_opsummering(klient):
    """tl (team A) sees p1 and p2 on one page; overskredet + forfalder inden 14 dage combine; the
    summary per caseworker counts them and shows last month's rettidighed (s1: 4 / (6 − 1) = 80 %)."""
    log_ind(klient, "tl")
    side = klient.get(LISTE + "&status=overskredet&status=forfalden_snart").text
    liste = side.split('id="arbejdsliste"')[1]
    assert "Karen Jensen" in liste and "Ole Hansen" in liste
    assert "Karen Jensen" in _liste(klient, LISTE + "&status=overskredet")
    assert "Ole Hansen" not in _liste(klient, LISTE + "&status=overskredet")
    opsummering = side.split('id="opsummering"')[1].split("</table>")[0]
    raekke = opsummering.split("Sara Sørensen")[1].split("</tr>")[0]
    tal = [c.split(">")[-1] for c in raekke.split("</td>")[:-1]]
    assert tal == ["2", "1", "1", "1", "80,0 %"]  # open, overdue, within 14 days, no meeting, rettidighed
    # the caseworker filter offers the team (and who covers it), not the whole municipality
    valg = side.split('id="sagsbehandler"')[1].split("</select>")[0]
    assert "Sara Sørensen" in valg and "Tina Holm" not in valg


def _registrer(klient, **felter):
    data = {"sagsbehandler_id": "s1", "fra": "2024-06-10", "til": "2024-06-20", "vikar_id": "s2", **felter}
    return klient.post("/kommuner/0101/fravaer", data={**data, "csrf_token": _token(klient, "/kommuner/0101/fravaer")},
                       follow_redirects=False)


def test_fravaer_registreret_i_web_flytter_linjer_kun_i_sine_datoer(klient, verden):
    """tl registers s1 away 10–20 June with s2 covering: on 15 June p1's line reads "Dækkes af Søren
    Berg (vikar for Sara Sørensen)"; on 21 June it is Sara's again. Edited to end 14 June, 15 June
    is Sara's; deleted, it is gone, and the log keeps who did each."""
    log_ind(klient, "tl")
    assert _registrer(klient).status_code == 303
    assert "Dækkes af Søren Berg (vikar for Sara Sørensen)" in _liste(klient, LISTE)
    assert "vikar for Sara Sørensen" not in _liste(klient, "/kommuner/0101/frister?dato=2024-06-21")
    assert "vikar for Sara Sørensen" not in _liste(klient, "/kommuner/0101/frister?dato=2024-06-09")
    with verden["sessions"]() as s:
        f = s.scalars(select(Fravaer)).one()
    token = _token(klient, "/kommuner/0101/fravaer")
    klient.post(f"/kommuner/0101/fravaer/{f.id}", data={"fra": "2024-06-10", "til": "2024-06-14", "vikar_id": "s2",
                                                        "version": 1, "csrf_token": token})
    assert "vikar for Sara Sørensen" not in _liste(klient, LISTE)
    klient.post(f"/kommuner/0101/fravaer/{f.id}/slet", data={"version": 2, "csrf_token": token})
    with verden["sessions"]() as s:
        assert s.scalars(select(Fravaer)).all() == []
        log = [(r.handling, r.brugernavn, r.data["til"]) for r in s.scalars(select(FravaerLog).order_by(FravaerLog.id))]
    assert log == [("oprettet", "tl", "2024-06-20"), ("rettet", "tl", "2024-06-14"), ("slettet", "tl", "2024-06-14")]


@pytest.mark.parametrize(("felter", "besked"), [
    ({"til": "2024-06-01"}, "Fraværet kan ikke slutte, før det begynder."),
    ({"sagsbehandler_id": "s3"}, "Vælg en sagsbehandler fra listen."),  # team B: not tl's
    ({"vikar_id": "s1"}, "Vikaren skal være en anden end den fraværende."),
    ({"fra": "10. juni"}, "Fra skal skrives ÅÅÅÅ-MM-DD"),
])
def test_forkert_fravaer_er_en_dansk_besked_og_intet_gemmes(klient, verden, felter, besked):
    log_ind(klient, "tl")
    svar = _registrer(klient, **felter)
    assert svar.status_code == 422 and besked in svar.text
    with verden["sessions"]() as s:
        assert s.scalars(select(Fravaer)).all() == [] and s.scalars(select(FravaerLog)).all() == []


def test_sagsbehandler_maa_ikke_registrere_fravaer(klient):
    log_ind(klient, "s1")
    assert klient.get("/kommuner/0101/fravaer").status_code == 403
    svar = klient.post("/kommuner/0101/fravaer", data={"sagsbehandler_id": "s1", "fra": "2024-06-10", "til": "2024-06-20",
                                                       "csrf_token": _token(klient)})
    assert svar.status_code == 403


def test_markering_gemmes_med_hvem_og_vises_til_data_viser_den(klient, verden):
    """s1 marks p1's overdue samtale "booket" for 20 June: stored with who, shown on the list after a
    reload; the imported data are untouched (the line is still overdue and without a meeting)."""
    log_ind(klient, "s1")
    svar = klient.post("/kommuner/0101/frister/noter", data={
        "person_id": "p1", "krav_id": "fire_samtaler_6mdr", "frist": "2024-06-01", "markering": "booket",
        "dato": "2024-06-20", "note": "Ringet op", "tilbage": LISTE, "version": 0, "csrf_token": _token(klient)},
        follow_redirects=False)
    assert svar.status_code == 303 and svar.headers["location"] == LISTE + "&noteret=booket"
    side = klient.get(svar.headers["location"]).text
    assert 'Linjen er markeret »Booket«. Tallene er opdateret.' in side
    assert "(noteret af Sara Sørensen; noten forsvinder, når aftalen ses i næste dataleverance)" in side
    assert "S0101" not in side and "vises, til næste levering" not in side
    liste = _liste(klient)
    assert 'data-note="booket"' in liste and "Booket</strong> 20-06-2024: Ringet op" in liste
    # the line reads as booked (the data still lack the meeting: it stays overdue)
    p1 = _linje(liste, "p1")
    assert "14 dage over fristen" in p1 and "Mangler aftale" not in p1 and "Aftale booket" in p1
    with verden["sessions"]() as s:
        n = s.scalars(select(Linjenote)).one()
    assert (n.brugernavn, n.person_id, n.dato) == ("s1", "p1", date(2024, 6, 20)) and n.tidspunkt is not None
    # a line not on her list cannot be marked
    svar = klient.post("/kommuner/0101/frister/noter", data={
        "person_id": "p3", "krav_id": "fire_samtaler_6mdr", "frist": "2024-08-01", "markering": "holdt",
        "dato": "2024-06-20", "version": 0, "csrf_token": _token(klient)})
    assert svar.status_code == 422 and "Linjen er ikke på din arbejdsliste." in svar.text


def _linje(liste: str, person_id: str) -> str:
    return liste.split(f'data-person="{person_id}"')[1].split("</li>")[0]


def _mark(klient, markering: str, version=0):
    return klient.post("/kommuner/0101/frister/noter", data={
        "person_id": "p1", "krav_id": "fire_samtaler_6mdr", "frist": "2024-06-01", "markering": markering,
        "dato": "2024-06-14", "tilbage": LISTE, "version": version, "csrf_token": _token(klient)}, follow_redirects=False)


def _opsummering(klient) -> list[list[str]]:
    tabel = klient.get(LISTE).text.split('id="opsummering"')[1].split("</table>")[0]
    return [re.findall(r">([^<>]+)</(?:a|td|th)>", r) for r in tabel.split("<tr>")[2:]]


@pytest.mark.parametrize("markering", ["holdt", "ikke_relevant"])
def test_en_afsluttet_linje_forsvinder_og_taellingerne_flytter_sig(klient, markering):
    """"Holdt" and "Ikke relevant" take the line off the team's list, its counts by status and its
    summary; "Booket" moves the line from "Mangler aftale" in the summary."""
    log_ind(klient, "tl")
    foer = klient.get(LISTE).text
    assert re.search(r"Overskredet: <strong>1</strong>", foer)
    assert _opsummering(klient) == [["Sara Sørensen", "2", "1", "1", "1", "80,0 %"]]
    assert _mark(klient, "booket").status_code == 303
    assert _opsummering(klient) == [["Sara Sørensen", "2", "1", "1", "0", "80,0 %"]]
    svar = _mark(klient, markering, version=1)
    assert svar.status_code == 303
    side = klient.get(svar.headers["location"]).text
    assert "er taget af listen, indtil næste dataleverance viser samtalen eller tilbuddet." in side
    assert 'data-person="p1"' not in side and re.search(r"Overskredet: <strong>0</strong>", side)
    assert _opsummering(klient) == [["Sara Sørensen", "1", "0", "1", "0", "80,0 %"]]
    # the caseworker's own list and the exports say the same
    log_ind(klient, "s1")
    assert 'data-person="p1"' not in _liste(klient)
    assert b"p1;" not in klient.get("/kommuner/0101/frister.csv?dato=2024-06-15").content


def test_markeringsformularen_hentes_til_linjen(klient, verden):
    """The list carries a link per line, not a form (the page stays small at hundreds of lines);
    the form comes into the opened line (HTMX) or on a page of its own, with the way back, only for
    a line on the user's list, and the view is logged."""
    log_ind(klient, "s1")
    liste = _liste(klient)
    assert "<form" not in liste
    sti = re.search(r'<a href="(/kommuner/0101/frister/markering\?person_id=p1&amp;[^"]+)"', liste).group(1)
    sti = sti.replace("&amp;", "&")
    assert "krav_id=fire_samtaler_6mdr" in sti and "frist=2024-06-01" in sti
    del klient.cookies["tilsyn_session"]  # nothing without a session
    assert klient.get(sti).status_code == 401
    log_ind(klient, "s1")
    form = klient.get(sti, headers={"HX-Request": "true"})
    assert form.status_code == 200 and form.text.lstrip().startswith("<form")
    assert 'name="person_id" value="p1"' in form.text and 'name="frist" value="2024-06-01"' in form.text
    assert 'name="tilbage" value="/kommuner/0101/frister?dato=2024-06-15"' in form.text
    side = klient.get(sti)
    assert "<h1>Markér linjen</h1>" in side.text and "4 jobsamtaler" in side.text and 'name="csrf_token"' in side.text
    # p3 is not on s1's list; a due date that is no date is refused in words
    assert klient.get(sti.replace("person_id=p1", "person_id=p3")).status_code == 404
    forkert = klient.get(sti.replace("frist=2024-06-01", "frist=juni"))
    assert forkert.status_code == 422 and "ÅÅÅÅ-MM-DD" in forkert.text
    with verden["sessions"]() as s:
        formaal = [r.formaal for r in s.scalars(select(Adgangslog).where(Adgangslog.person_id == "p1"))]
    assert formaal.count("arbejdsliste (markering af en linje)") == 2


def test_en_booket_note_forsvinder_naar_data_viser_aftalen():
    """`til_mennesker`: "booket" is shown while the data lacks the meeting; "holdt" while the line is there."""
    r = {"person_id": "p1", "sagsbehandler_id": "s1", "ansvarlig_id": "s1", "daekket_af_vikar": False,
         "krav_id": "tilbud_6mdr", "art": "tilbud", "frist": date(2024, 6, 1), "dage_tilbage": -14,
         "status": "overskredet", "mangler_aftale": True, "hjemmel": "LAB § 102"}
    noegle = ("p1", "tilbud_6mdr", date(2024, 6, 1))
    tekster = krav_tekster(rulebook())
    for markering, mangler, vist in (("booket", True, True), ("booket", False, False)):
        [linje] = til_mennesker([{**r, "mangler_aftale": mangler}], tekster, {}, {},
                                {noegle: Note(markering, date(2024, 6, 3), "", "s1")})
        assert (linje["note"] is not None) == vist and not linje["mangler_aftale"]
        assert linje["aftale_tekst"] == "Aftale booket"
    for markering in ("holdt", "ikke_relevant"):  # done: off the list while the line is there
        assert til_mennesker([r], tekster, {}, {}, {noegle: Note(markering, date(2024, 6, 3), "", "s1")}) == []
    assert len(til_mennesker([r], tekster, {}, {}, {(*noegle[:2], date(2024, 12, 1)): Note("holdt", date(2024, 6, 3), "", "s1")})) == 1


def test_excel_ark_pr_sagsbehandler_med_sidens_tal(klient):
    """The team's workbook: one sheet per responsible caseworker with the page's lines and words."""
    import openpyxl

    log_ind(klient, "tl")
    bog = openpyxl.load_workbook(io.BytesIO(klient.get("/kommuner/0101/frister.xlsx?dato=2024-06-15").content))
    assert bog.sheetnames == ["Oversigt", "Sara Sørensen"]
    ark = list(bog["Sara Sørensen"].iter_rows(values_only=True))
    assert ark[0][:3] == ("Borger", "Navn", "Hvad skal ske")
    assert [(r[0], r[4]) for r in ark[1:]] == [("p1", -14), ("p2", 5)]
    oversigt = list(bog["Oversigt"].iter_rows(min_row=5, values_only=True))
    assert oversigt == [("Sara Sørensen", 2, 1, 1, 1, 2, 80.0)]


def test_excel_til_udskrift_naevner_team_og_filter_med_dage_som_tal_og_webbens_ord(klient):
    """The team leader's file: titled by her team (not the municipality), states the filter,
    prints landscape fitted to the width with the header row on every page; "Dage" are numbers and
    the statuses the web's words."""
    import openpyxl

    from tilsyn.ordliste import STATUS_TEKST

    log_ind(klient, "tl")
    side = klient.get(LISTE + "&status=overskredet&status=forfalden_snart").text
    bog = openpyxl.load_workbook(io.BytesIO(klient.get(
        "/kommuner/0101/frister.xlsx?dato=2024-06-15&status=overskredet&status=forfalden_snart").content))
    oversigt, ark = bog["Oversigt"], bog["Sara Sørensen"]
    assert oversigt["A1"].value.startswith("Team As arbejdsliste, København (0101) pr. 15-06-2024")
    assert "Kommunens" not in oversigt["A1"].value
    assert oversigt["A2"].value == "Filter: status overskredet eller forfalder inden 14 dage"
    for ws, gentag in ((oversigt, "$1:$4"), (ark, "$1:$1")):
        assert ws.page_setup.orientation == "landscape" and (ws.page_setup.fitToWidth or 1) == 1  # 1 is OOXML's default
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == gentag
    assert "Filter: status overskredet" in ark.oddHeader.left.text
    raekker = list(ark.iter_rows(values_only=True))
    assert raekker[0][4] == "Dage" and [r[4] for r in raekker[1:]] == [-14, 5]
    assert ark["E2"].data_type == "n"
    status = [r[5] for r in raekker[1:]]
    assert status == [STATUS_TEKST["overskredet"], "Forfalder inden 14 dage"]
    assert all(f">{s}<" in side for s in status)  # the web's words


def test_csv_til_mennesker_starter_med_bom_og_semikolon(klient):
    log_ind(klient, "s1")
    data = klient.get("/kommuner/0101/frister.csv?dato=2024-06-15").content
    assert data.startswith("\ufeff".encode()) and data.decode("utf-8-sig").splitlines()[0].startswith("Borger;Navn;")
    raekker = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert raekker[0][4] == "Dage" and raekker[1][4] == "-14"  # a number Excel reads


def test_borgerens_side_med_frister_og_forklaring(klient, verden):
    """The line's link: the citizen's lines with legal reference and the fokusmål explanation,
    logged; a citizen not on the user's list is 404 and nothing is logged."""
    log_ind(klient, "s1")
    svar = klient.get("/kommuner/0101/frister/borger/p1?dato=2024-06-15")
    assert svar.status_code == 200
    assert "Karen Jensen" in svar.text and "LAB § 31" in svar.text and "Person p1, måned 2024-06: forklaring." in svar.text
    with verden["sessions"]() as s:
        from tilsyn.supervision.models import Adgangslog
        log = [(r.person_id, r.formaal) for r in s.scalars(select(Adgangslog).order_by(Adgangslog.id))]
    assert log[-1] == ("p1", "arbejdsliste (borgerens frister og forklaring)")
    assert klient.get("/kommuner/0101/frister/borger/p3?dato=2024-06-15").status_code == 404


def test_hele_kommunen_viser_de_mest_presserende_og_opsummerer_alle(klient, verden, monkeypatch):
    """The manager's unfiltered list of a whole municipality shows its most urgent lines (here 2 of 5),
    logs only those, and sums up all; a team's list is whole; the export holds every line."""
    from tilsyn.supervision.models import Adgangslog
    from tilsyn.web.routes import arbejdsliste

    monkeypatch.setattr(arbejdsliste, "VIS_HOEJST", 2)
    log_ind(klient, "jc")
    side = klient.get(LISTE).text
    assert 'id="afkortet"' in side and "de 2 mest presserende af 5 linjer" in side
    with verden["sessions"]() as s:
        vist = {r.person_id for r in s.scalars(select(Adgangslog))}
    assert vist == {"p1", "p2"}  # overdue, then due within 14 days
    assert "Tina Holm" in side.split('id="opsummering"')[1].split("</table>")[0]  # summed up though not shown
    assert 'id="afkortet"' not in klient.get(LISTE + "&team=B").text
    data = klient.get("/kommuner/0101/frister.csv?dato=2024-06-15").content.decode("utf-8-sig")
    assert len(data.splitlines()) == 1 + 5


def test_listen_der_er_lavet_en_gang_viser_straks_nyt_fravaer_og_ny_note(verden):
    """The people's rows are made once per result table (`visning._mennesker`, kept in the one cache); over a results layer
    that keeps its tables, as the server's does, a newly registered absence and a new note still show
    on the very next request, and a deleted absence is gone again."""
    from fastapi.testclient import TestClient
    from webhjaelp import TabelResultater

    from tilsyn.resultater.cache import CACHE
    from tilsyn.web.app import create_app

    class Huskende(TabelResultater):
        def __init__(self):
            super().__init__()
            self.tabeller = {}

        def frister(self, kommune_kode, dato):
            return self.tabeller.setdefault(("frister", kommune_kode, dato), super().frister(kommune_kode, dato))

    resultater = Huskende()
    with TestClient(create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=resultater)) as klient:
        log_ind(klient, "tl")
        foer = _liste(klient)
        tabel = resultater.frister("0101", date(2024, 6, 15))
        assert CACHE.hent(("en_gang", "mennesker", id(tabel)))[0] is tabel  # the rows were made once and are kept
        assert "vikar for Sara Sørensen" not in foer and 'data-note="holdt"' not in foer

        assert _registrer(klient).status_code == 303
        assert "Dækkes af Søren Berg (vikar for Sara Sørensen)" in _liste(klient)
        svar = klient.post("/kommuner/0101/frister/noter", data={
            "person_id": "p1", "krav_id": "fire_samtaler_6mdr", "frist": "2024-06-01", "markering": "holdt",
            "dato": "2024-06-14", "note": "Holdt i går", "tilbage": LISTE, "version": 0, "csrf_token": _token(klient)},
            follow_redirects=False)
        assert svar.status_code == 303
        liste = _liste(klient)
        assert 'data-person="p1"' not in liste  # held: off the list

        with verden["sessions"]() as s:
            f = s.scalars(select(Fravaer)).one()
        klient.post(f"/kommuner/0101/fravaer/{f.id}/slet", data={"version": f.version,
                                                               "csrf_token": _token(klient, "/kommuner/0101/fravaer")})
        liste = _liste(klient)
        assert "vikar for Sara Sørensen" not in liste and 'data-person="p1"' not in liste
        # the kept rows themselves were never changed by a request
        assert all(r["note"] is None for r in CACHE.hent(("en_gang", "mennesker", id(tabel)))[1].linjer)


def test_teamlederens_hele_hold_viser_de_mest_presserende(klient, verden, monkeypatch):
    """tl's team A has two lines (p1 overdue, p2 due soon): with room for one, the page shows p1 and
    says how to see all; one caseworker's list (s2, covered by s1: p2 concerns both) is whole."""
    from tilsyn.web.routes import arbejdsliste

    monkeypatch.setattr(arbejdsliste, "VIS_HOEJST", 1)
    log_ind(klient, "tl")
    side = klient.get(LISTE).text
    assert "de 1 mest presserende af 2 linjer" in side and "Vælg en sagsbehandler" in side
    assert "Karen Jensen" in _liste(klient) and "Ole Hansen" not in _liste(klient)
    hele = klient.get(LISTE + "&sagsbehandler=s1").text
    assert 'id="afkortet"' not in hele and "Karen Jensen" in hele and "Ole Hansen" in hele


def test_et_kvotekrav_siges_som_kvote_med_sit_vindue_og_aldrig_som_overskredet():
    """The people's worklist (web, Excel, CSV, `tilsyn frister`) reads a quota line as counting in the
    quota, with the end of its window; a binding line as before."""
    r = {"person_id": "p1", "sagsbehandler_id": "s1", "ansvarlig_id": "s1", "daekket_af_vikar": False,
         "krav_id": "kvote_akasse_2_samtaler_3mdr", "art": "samtale", "frist": date(2027, 1, 14),
         "dage_tilbage": 30, "status": "kvote", "mangler_aftale": True, "hjemmel": "LAB § 31"}
    bindende = {**r, "krav_id": "dp_foerste_samtale", "frist": date(2026, 11, 1), "dage_tilbage": -14,
                "status": "overskredet"}
    kvote, frist = til_mennesker([r, bindende], krav_tekster(rulebook()), {})
    assert kvote["krav_tekst"] == ("Tæller med i kvoten: 2 jobsamtaler i 1.–3. måned hos a-kassen "
                                   "(LAB § 31, lov nr. 1750 af 29. december 2025), vindue til 14-01-2027")
    assert (kvote["status_tekst"], kvote["dage_tekst"], kvote["aftale_tekst"]) == (
        "Tæller med i kvoten", "30 dage tilbage af vinduet", "Mangler aftale")
    assert (frist["krav_tekst"], frist["dage_tekst"]) == (
        "Første jobsamtale inden 2 uger (LAB § 31, lov nr. 1750 af 29. december 2025)", "14 dage over fristen")


class TilDecember2026(TabelResultater):
    """The same world with a delivery that reaches December 2026."""

    def daekning(self) -> Daekning:
        return Daekning(date(2020, 1, 1), date(2026, 12, 1))


@pytest.mark.parametrize("dato, myndighed", [("2025-06-30", "jobcentret"), ("2026-12-15", "kommunen")])
def test_arbejdslisten_naevner_myndigheden_som_loven_paa_dagen(verden, dato, myndighed):
    """organisering.myndighed.navn: a worklist of a day before 2026-02-01 is the job centre's, one from
    then the municipality's (lov 1750/2025), on the page and in its Excel; the manager's title in the
    header follows today's law (organisering.myndighed.chef)."""
    import openpyxl
    from fastapi.testclient import TestClient

    from tilsyn.web.app import create_app

    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TilDecember2026())
    with TestClient(app) as klient:
        log_ind(klient, "jc")
        side = klient.get(f"/kommuner/0101/frister?dato={dato}").text
        ejefald = myndighed.capitalize() + "s"
        assert f"<h1>{ejefald} arbejdsliste – København" in side
        assert f"Hele {myndighed} på én side" in side
        assert "Bruger jc, " + rulebook().vaerdi("organisering.myndighed.chef", dag=date.today()) in side
        bog = openpyxl.load_workbook(io.BytesIO(klient.get(f"/kommuner/0101/frister.xlsx?dato={dato}").content))
        dag = date.fromisoformat(dato)
        assert bog["Oversigt"]["A1"].value == f"{ejefald} arbejdsliste, København (0101) pr. {dag:%d-%m-%Y}"


def test_markering_og_fravaer_fra_en_foraeldet_side_er_en_dansk_konflikt(klient, verden):
    """Two people had the same form open: the second to save gets 409 and a Danish sentence, and
    the first one's work stands."""
    log_ind(klient, "s1")
    form = klient.get("/kommuner/0101/frister/markering?person_id=p1&krav_id=fire_samtaler_6mdr&frist=2024-06-01",
                      headers={"HX-Request": "true"}).text
    assert 'name="version" value="0"' in form
    data = {"person_id": "p1", "krav_id": "fire_samtaler_6mdr", "frist": "2024-06-01", "markering": "booket",
            "dato": "2024-06-20", "version": 0, "csrf_token": _token(klient)}
    assert klient.post("/kommuner/0101/frister/noter", data={**data, "note": "Først"}, follow_redirects=False).status_code == 303
    svar = klient.post("/kommuner/0101/frister/noter", data={**data, "note": "Bagefter"}, follow_redirects=False)
    assert svar.status_code == 409 and "Linjen er noteret af en anden, siden du åbnede den" in svar.text
    with verden["sessions"]() as s:
        assert [n.note for n in s.scalars(select(Linjenote))] == ["Først"]

    log_ind(klient, "tl")
    assert _registrer(klient).status_code == 303
    with verden["sessions"]() as s:
        f = s.scalars(select(Fravaer)).one()
    token = _token(klient, "/kommuner/0101/fravaer")
    ret = {"fra": "2024-06-10", "til": "2024-06-14", "vikar_id": "s2", "version": 1, "csrf_token": token}
    assert klient.post(f"/kommuner/0101/fravaer/{f.id}", data=ret, follow_redirects=False).status_code == 303
    svar = klient.post(f"/kommuner/0101/fravaer/{f.id}", data={**ret, "til": "2024-06-30"}, follow_redirects=False)
    assert svar.status_code == 409 and "Fraværet er ændret af en anden, siden du hentede siden" in svar.text
    svar = klient.post(f"/kommuner/0101/fravaer/{f.id}/slet", data={"version": 1, "csrf_token": token})
    assert svar.status_code == 409
    with verden["sessions"]() as s:
        assert s.get(Fravaer, f.id).til == date(2024, 6, 14)


def _kvotelinje(person, sb, krav_id):
    return {**_frist(person, sb, sb, "aaben", date(2026, 12, 20), 19), "krav_id": krav_id, "status": "kvote",
            "art": "tilbud" if "tilbud" in krav_id else "samtale"}


class KvoterIDecember2026(TilDecember2026):
    """Team A (s1, s2) on 2026-12-01: p1's samtale is overdue, and four quota windows close on
    2026-12-20. The team's samtale quota of 2026-12 is reached (q1 has a booking, q2 none: neither is
    needed); its tilbud quota needs 2 more: q3 (s1's) and q4 (s2's) are needed for the quota."""

    SAMTALE, TILBUD = "kvote_4_samtaler_6mdr", "kvote_tilbud_6mdr"

    def frister(self, kommune_kode: str, dato: date):
        rows = [_frist("p1", "s1", "s1", "overskredet", date(2026, 11, 20), -11, aftale=False),
                _kvotelinje("q1", "s1", self.SAMTALE), _kvotelinje("q2", "s2", self.SAMTALE),
                _kvotelinje("q3", "s1", self.TILBUD), _kvotelinje("q4", "s2", self.TILBUD)]
        return pl.DataFrame(rows if kommune_kode == "0101" else [], schema=super().frister(kommune_kode, dato).schema)

    def kvoteplan(self, dag, kommune_kode=None, team=None, maaneder=3):
        niveau = "team" if team else "kommune"
        return pl.DataFrame([
            (niveau, "0101", team, None, self.SAMTALE, "2026-12", 75.0, 10, 8, 2, 1, 0, 0, 80.0, 90.0, 100.0, "naaet", 80.0, 100.0),
            (niveau, "0101", team, None, self.TILBUD, "2026-12", 75.0, 4, 1, 2, 0, 1, 2, 25.0, 25.0, 75.0, "i_fare", 25.0, 75.0),
        ], orient="row", schema=list(KVOTEPLAN_KOLONNER))

    def kvoteplan_personer(self, kommune_kode, dag, team=None, maaneder=3):
        slut = date(2026, 12, 20)
        return pl.DataFrame([("q3", self.TILBUD, "2026-12", slut, "aaben", False, True, "s1", "s1"),
                             ("q4", self.TILBUD, "2026-12", slut, "aaben", False, True, "s2", "s2"),
                             ("q1", self.SAMTALE, "2026-12", slut, "aaben", True, False, "s1", "s1"),
                             ("q2", self.SAMTALE, "2026-12", slut, "aaben", False, False, "s2", "s2")],
                            orient="row", schema=[*KVOTEPLAN_PERSON_KOLONNER, "sagsbehandler_id"])


def test_teamlederens_afkortede_liste_er_ordnet_efter_planen_foer_den_skaeres(verden, monkeypatch):
    """With room for 3 lines, team A's whole list shows p1 (overdue) and the two lines needed for the
    tilbud quota (q3, q4), not q1 and q2 that come first by id on the same day: the plan is joined
    and the lines ordered by it before the cut. The exports hold every line with its plan."""
    import openpyxl
    from fastapi.testclient import TestClient

    from tilsyn.web.app import create_app
    from tilsyn.web.routes import arbejdsliste

    monkeypatch.setattr(arbejdsliste, "VIS_HOEJST", 3)
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=KvoterIDecember2026())
    with TestClient(app) as klient:
        log_ind(klient, "tl")
        side = klient.get("/kommuner/0101/frister?dato=2026-12-01").text
        assert "de 3 mest presserende af 5 linjer" in side
        vist = re.findall(r'data-person="([^"]+)" data-status="([a-z_]+)"(?: data-hast="([a-z]+)")?', _liste_af(side))
        assert sorted(vist) == [("p1", "overskredet", ""), ("q3", "kvote", "noedvendig"), ("q4", "kvote", "noedvendig")]
        assert "Teamet mangler 2 inden 31-12" in side

        bog = openpyxl.load_workbook(io.BytesIO(klient.get("/kommuner/0101/frister.xlsx?dato=2026-12-01").content))
        linjer = {}
        for ark in bog.worksheets[1:]:
            hoved = [c.value for c in ark[1]]
            for raekke in ark.iter_rows(min_row=2):
                x = dict(zip(hoved, raekke))
                linjer[x["Borger"].value] = x
        plan = ("Nødvendig for kvoten", "Kvotens hast", "Mangler til kvoten", "Mangler inden", "Heraf den ansvarliges")
        slut = datetime(2026, 12, 31)
        assert {b: tuple(x[h].value for h in plan) for b, x in linjer.items()} == {
            "p1": (None, None, None, None, None),
            "q1": (None, "Aftale i data når kravet", 0, slut, 0),  # not needed: an empty cell, as every "nej"
            "q2": (None, "Ikke nødvendig for kvoten endnu", 0, slut, 0),
            "q3": ("ja", "Nødvendig for kvoten", 2, slut, 1),  # one of the two needed is s1's
            "q4": ("ja", "Nødvendig for kvoten", 2, slut, 1),
        }
        assert all(linjer[b]["Mangler til kvoten"].data_type == "n" and linjer[b]["Mangler inden"].is_date
                   for b in ("q1", "q3"))

        data = klient.get("/kommuner/0101/frister.csv?dato=2026-12-01").content.decode("utf-8-sig")
        raekker = {x["Borger"]: x for x in csv.DictReader(io.StringIO(data), delimiter=";")}
        assert [(raekker[b]["Nødvendig for kvoten"], raekker[b]["Mangler til kvoten"], raekker[b]["Mangler inden"],
                 raekker[b]["Heraf den ansvarliges"]) for b in ("p1", "q2", "q3")] == [
            ("", "", "", ""), ("nej", "0", "31-12-2026", "0"), ("ja", "2", "31-12-2026", "1")]


def _liste_af(side: str) -> str:
    return side.split('id="arbejdsliste"')[1]
