"""The supervision case's pages (letters, documents, fokusrevision, AMK contacts) and the worklist's
team filter, grouping and Excel export: behaviour, refusals and the access log."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from docx import Document
from sqlalchemy import select
from webhjaelp import csrf_fra, log_ind

from tilsyn.supervision import revision as revisioner
from tilsyn.supervision import sager
from tilsyn.supervision.models import Adgangslog, AmkKontakt, Dokument, Revision, Revisionssag
from tilsyn.web.kontekst import tal


def _log(verden) -> list[Adgangslog]:
    with verden["sessions"]() as s:
        return list(s.scalars(select(Adgangslog).order_by(Adgangslog.id)))


def _haendelse(verden, kode: str, type: str, dato: date, payload=None):
    with verden["sessions"]() as s:
        sag = s.get(sager.Sag, verden["sager"][kode])
        sager.registrer(s, sag.id, sag.version, type, dato, "star", None, payload)
        s.commit()


@pytest.fixture
def trin1(verden):
    """0101's case after the minister's letter: the fokusrevision may be drawn."""
    _haendelse(verden, "0101", "brev_sendt", date(2024, 4, 10))
    return verden["sager"]["0101"]


def _udtraek(klient, sag: int, maaned: str = "2024-06"):
    token = csrf_fra(klient.get(f"/sager/{sag}/fokusrevision").text)
    return klient.post(f"/sager/{sag}/fokusrevision", data={"maaned": maaned, "csrf_token": token},
                       follow_redirects=False)


def _udtrukne(verden) -> list[Revisionssag]:
    with verden["sessions"]() as s:
        return list(s.scalars(select(Revisionssag).order_by(Revisionssag.person_id)))


# --- fokusrevision ----------------------------------------------------------------------------

def test_fokusrevision_udtraek_vurdering_og_resume(klient, verden, trin1):
    log_ind(klient, "star")
    side = klient.get(f"/sager/{trin1}/fokusrevision").text
    assert "Udtræk stikprøve" in side and 'value="2023-12"' in side  # the selection year's last month
    assert [(r.person_id, r.formaal) for r in _log(verden)] == [(None, "fokusrevision (side)")]

    svar = _udtraek(klient, trin1)
    assert svar.status_code == 303
    udtrukne = _udtrukne(verden)
    # 15 % rounded up per ydelsesgruppe of the 4 passive: kontanthjaelp p1/p2 -> 1, a_dagpenge p3,
    # sygedagpenge p5 (p4 is on a ydelse but not passive).
    assert len(udtrukne) == 3 and "p4" not in {r.person_id for r in udtrukne}
    assert {r.ydelsesgruppe for r in udtrukne} == {"kontanthjaelp", "a_dagpenge", "sygedagpenge"}
    with verden["sessions"]() as s:
        revision = s.scalars(select(Revision)).one()
        assert (revision.population, revision.maaned, revision.andel_pct) == (4, date(2024, 6, 1), 15.0)

    # A second draw is refused, the first sample is kept.
    assert _udtraek(klient, trin1).status_code == 409
    assert len(_udtrukne(verden)) == 3

    foer = len(_log(verden))
    side = klient.get(f"/sager/{trin1}/fokusrevision?udtrukket=1").text
    ny = _log(verden)[foer:]
    assert sorted(r.person_id for r in ny) == sorted(r.person_id for r in udtrukne)
    assert {(r.brugernavn, r.formaal, r.route) for r in ny} == {
        ("star", "fokusrevision (side)", f"/sager/{trin1}/fokusrevision")
    }
    for r in udtrukne:
        assert f">{r.person_id}<" in side

    token = csrf_fra(side)
    for person, grund, note in ((udtrukne[0].person_id, "ingen", ""), (udtrukne[1].person_id, "barsel", "orlov")):
        svar = klient.post(f"/sager/{trin1}/fokusrevision/vurdering", follow_redirects=False, data={
            "revision_id": revision.id, "person_id": person, "gyldig_grund": grund, "note": note, "csrf_token": token,
        })
        assert svar.status_code == 303
    vurderet = {r.person_id: (r.gyldig_grund, r.note, r.reviewer) for r in _udtrukne(verden)}
    assert vurderet[udtrukne[0].person_id] == ("ingen", None, "star")
    assert vurderet[udtrukne[1].person_id] == ("barsel", "orlov", "star")

    side = klient.get(f"/sager/{trin1}/fokusrevision").text
    with verden["sessions"]() as s:
        r = revisioner.revision_resume(s, revision.id)
    assert (r.vurderet, r.uden_grund) == (2, 1)
    assert f"{tal(100 * r.andel, 1)} % ({tal(100 * r.nedre, 1)}–{tal(100 * r.oevre, 1)} %)" in side
    assert f"{tal(r.estimat)} ({tal(r.estimat_nedre)}–{tal(r.estimat_oevre)})" in side


def test_vurdering_med_ugyldig_grund_afvises_med_besked(klient, verden, trin1):
    log_ind(klient, "star")
    _udtraek(klient, trin1)
    person = _udtrukne(verden)[0].person_id
    side = klient.get(f"/sager/{trin1}/fokusrevision").text
    with verden["sessions"]() as s:
        revision_id = s.scalars(select(Revision.id)).one()
    svar = klient.post(f"/sager/{trin1}/fokusrevision/vurdering", data={
        "revision_id": revision_id, "person_id": person, "gyldig_grund": "andet_gyldigt", "csrf_token": csrf_fra(side),
    })
    assert svar.status_code == 422 and "kræver en note" in svar.text
    assert all(r.gyldig_grund is None for r in _udtrukne(verden))


@pytest.mark.parametrize("bruger", [None, "s1", "tl", "jc", "jc2", "admin", "star"])
def test_vurdering_kun_for_star(klient, verden, trin1, bruger):
    """Only STAR may record an assessment; the others 403, no session 401; nothing changes."""
    log_ind(klient, "star")
    _udtraek(klient, trin1)
    person = _udtrukne(verden)[0].person_id
    with verden["sessions"]() as s:
        revision_id = s.scalars(select(Revision.id)).one()
    klient.cookies.clear()
    if bruger:
        log_ind(klient, bruger)
    token = csrf_fra(klient.get("/log-ind").text)
    svar = klient.post(f"/sager/{trin1}/fokusrevision/vurdering", follow_redirects=False, data={
        "revision_id": revision_id, "person_id": person, "gyldig_grund": "ingen", "csrf_token": token,
    })
    assert svar.status_code == {None: 401, "star": 303}.get(bruger, 403)
    assert (_udtrukne(verden)[0].gyldig_grund == "ingen") == (bruger == "star")


def test_vurdering_uden_csrf_afvises(klient, verden, trin1):
    log_ind(klient, "star")
    _udtraek(klient, trin1)
    person = _udtrukne(verden)[0].person_id
    for token in ("", "forkert"):
        svar = klient.post(f"/sager/{trin1}/fokusrevision/vurdering", data={
            "revision_id": "1", "person_id": person, "gyldig_grund": "ingen", "csrf_token": token,
        })
        assert svar.status_code == 403
    assert _udtrukne(verden)[0].gyldig_grund is None
    assert klient.post(f"/sager/{trin1}/fokusrevision", data={"maaned": "2024-06"}).status_code == 403


def test_udtraek_foer_brevet_afvises(klient, verden):
    log_ind(klient, "star")
    sag = verden["sager"]["0101"]  # still 'udpeget'
    side = klient.get(f"/sager/{sag}/fokusrevision").text
    assert "Udtræk stikprøve" not in side and "kan ikke udtrækkes" in side
    svar = klient.post(f"/sager/{sag}/fokusrevision", data={"maaned": "2024-06", "csrf_token": csrf_fra(side)})
    assert svar.status_code == 422 and "ministerens brev" in svar.text
    assert _udtrukne(verden) == []


def test_udtraek_ugyldig_maaned_og_ingen_passive(klient, verden, trin1):
    log_ind(klient, "star")
    token = csrf_fra(klient.get(f"/sager/{trin1}/fokusrevision").text)
    for maaned, besked in (("juni", "ÅÅÅÅ-MM"), ("2025-01", "data dækker 2020-01 til 2024-06")):
        svar = klient.post(f"/sager/{trin1}/fokusrevision", data={"maaned": maaned, "csrf_token": token})
        assert svar.status_code == 422 and besked in svar.text
    _haendelse(verden, "0147", "brev_sendt", date(2024, 4, 10))  # 0147 has no passive citizens
    svar = klient.post(f"/sager/{verden['sager']['0147']}/fokusrevision", data={"maaned": "2024-06", "csrf_token": token})
    assert svar.status_code == 422 and "ingen passive borgere" in svar.text
    assert _udtrukne(verden) == []


def test_sagssiden_viser_resume_uden_borgere(klient, verden, trin1):
    log_ind(klient, "star")
    _udtraek(klient, trin1)
    log_ind(klient, "jc")
    foer = len(_log(verden))
    side = klient.get(f"/sager/{trin1}").text
    assert 'id="revision-resume"' in side and "Åbn fokusrevisionen" not in side
    assert not any(f">{r.person_id}<" in side for r in _udtrukne(verden))
    assert len(_log(verden)) == foer  # the summary names no one: nothing to log


# --- AMK contacts -----------------------------------------------------------------------------

def _kontakt(token, **extra):
    return {"tidspunkt": "3. kvt. 2023", "bistand": "ja", "afdaekning": "nej", "indsats": "Dataafdækning.",
            "maal": ["tilbud", "samtaler"], "csrf_token": token, **extra}


def _kontakter(verden) -> list[AmkKontakt]:
    with verden["sessions"]() as s:
        return list(s.scalars(select(AmkKontakt)))


def test_star_registrerer_amk_kontakt(klient, verden):
    sag = verden["sager"]["0147"]
    log_ind(klient, "star")
    side = klient.get(f"/sager/{sag}/amk-kontakter").text
    svar = klient.post(f"/sager/{sag}/amk-kontakter", data=_kontakt(csrf_fra(side)), follow_redirects=False)
    assert svar.status_code == 303
    [k] = _kontakter(verden)
    assert (k.kommune_kode, k.dato, k.periode, k.oensker_bistand, k.afdaekning, k.maal) == (
        "0147", None, "3. kvt. 2023", True, False, ["tilbud", "samtaler"])
    side = klient.get(svar.headers["location"]).text
    assert "Kontakten er registreret" in side and "3. kvt. 2023" in side and "Dataafdækning." in side
    # The case page lists the municipality's contacts too; bistand left unknown reads 'Ukendt'.
    klient.post(f"/sager/{sag}/amk-kontakter", data=_kontakt(csrf_fra(side), tidspunkt="24-02-2022", bistand="ukendt"))
    tabel = klient.get(f"/sager/{sag}").text.split('id="amk-kontakter"')[1]
    assert tabel.index("24-02-2022") < tabel.index("3. kvt. 2023") and "Ukendt" in tabel


def test_amk_kontakt_ugyldigt_tidspunkt(klient, verden):
    sag = verden["sager"]["0147"]
    log_ind(klient, "star")
    token = csrf_fra(klient.get(f"/sager/{sag}/amk-kontakter").text)
    svar = klient.post(f"/sager/{sag}/amk-kontakter", data=_kontakt(token, tidspunkt="sidste uge"))
    assert svar.status_code == 422 and "ukendt tidspunkt" in svar.text.lower()
    assert 'value="sidste uge"' in svar.text  # the form keeps what was typed
    assert _kontakter(verden) == []


@pytest.mark.parametrize("bruger", [None, "s1", "tl", "jc2", "admin", "star"])
def test_amk_kontakt_kun_for_star(klient, verden, bruger):
    if bruger:
        log_ind(klient, bruger)
    token = csrf_fra(klient.get("/log-ind").text)
    svar = klient.post(f"/sager/{verden['sager']['0147']}/amk-kontakter", data=_kontakt(token), follow_redirects=False)
    assert svar.status_code == {None: 401, "star": 303}.get(bruger, 403)
    assert len(_kontakter(verden)) == (1 if bruger == "star" else 0)


def test_amk_kontakt_uden_csrf(klient, verden):
    log_ind(klient, "star")
    assert klient.post(f"/sager/{verden['sager']['0147']}/amk-kontakter", data=_kontakt("")).status_code == 403
    assert _kontakter(verden) == []


# --- letters and documents --------------------------------------------------------------------

def _tekst(svar) -> str:
    doc = Document(io.BytesIO(svar.content))
    celler = (c.text for t in doc.tables for row in t.rows for c in row.cells)
    return "\n".join([*(p.text for p in doc.paragraphs), *celler])


def test_ministerbrev_som_docx(klient, verden):
    log_ind(klient, "jc2")
    sag = verden["sager"]["0147"]
    side = klient.get(f"/sager/{sag}").text
    assert f"/sager/{sag}/breve/udvaelgelse.docx" in side and "kvittering.docx" not in side
    svar = klient.get(f"/sager/{sag}/breve/udvaelgelse.docx")
    assert svar.status_code == 200
    assert svar.headers["content-disposition"] == f'attachment; filename="udvaelgelse-0147-{2023}.docx"'
    tekst = _tekst(svar)
    assert "Frederiksberg Kommune" in tekst and "31,0" in tekst  # the tilbud value of the selection
    # 0101 was not selected in the results: a clear message, not a broken letter.
    log_ind(klient, "jc")
    svar = klient.get(f"/sager/{verden['sager']['0101']}/breve/udvaelgelse.docx")
    assert svar.status_code == 422 and "ikke udtaget" in svar.text


def test_kvittering_efter_planen(klient, verden):
    sag = verden["sager"]["0147"]
    log_ind(klient, "star")
    assert klient.get(f"/sager/{sag}/breve/kvittering.docx").status_code == 409
    _haendelse(verden, "0147", "brev_sendt", date(2024, 4, 10))
    _haendelse(verden, "0147", "plan_modtaget", date(2024, 7, 1), {"vaerdier": {"tilbud": "31.5"}})
    assert "kvittering.docx" in klient.get(f"/sager/{sag}").text
    svar = klient.get(f"/sager/{sag}/breve/kvittering.docx")
    assert svar.status_code == 200
    tekst = _tekst(svar)
    assert "1. juli 2024" in tekst and "fokusmålet om aktive tilbud" in tekst


# jc: another municipality's case is 404, as one that does not exist (docs/web.md, "Case ids")
@pytest.mark.parametrize(("bruger", "status"), [("jc2", 200), ("star", 200), ("admin", 200), ("jc", 404), ("s1", 403)])
def test_gemt_dokument(klient, verden, bruger, status):
    sag = verden["sager"]["0147"]
    with verden["sessions"]() as s:
        dok = Dokument(sag_id=sag, kind="redegoerelse", filename="redegørelse 2024.pdf", content=b"%PDF-1.4 test")
        s.add(dok)
        s.commit()
    log_ind(klient, bruger)
    svar = klient.get(f"/sager/{sag}/dokumenter/{dok.id}")
    assert svar.status_code == status
    if status == 200:
        assert svar.content == b"%PDF-1.4 test" and svar.headers["content-type"] == "application/pdf"
        assert svar.headers["content-disposition"] == "attachment; filename*=UTF-8''redeg%C3%B8relse%202024.pdf"
        assert "redegørelse 2024.pdf" in klient.get(f"/sager/{sag}").text
    # A document is only reached through its own case.
    assert klient.get(f"/sager/{verden['sager']['0101']}/dokumenter/{dok.id}").status_code in (403, 404)


# --- worklist: team, grouping, Excel ------------------------------------------------------------

def test_team_filter_og_grupper(klient, verden):
    log_ind(klient, "jc")
    side = klient.get("/kommuner/0101/frister?team=B").text
    tabel = side.split('id="arbejdsliste"')[1]
    assert ">p3<" in tabel and ">p4<" in tabel and ">p1<" not in tabel
    assert [r.person_id for r in _log(verden)] == ["p3", "p4"]
    tabel = klient.get("/kommuner/0101/frister").text.split('id="arbejdsliste"')[1]
    # Headings per responsible caseworker by name, lines without one last; the substitute shown.
    overskrifter = [tabel.index(t) for t in ('Sara Sørensen <span class="tilsyn-graa">(A)</span>',
                                             'Tina Holm <span class="tilsyn-graa">(B)</span>', "Uden ansvarlig")]
    assert overskrifter == sorted(overskrifter)
    # read the right way round: who covers, and for whom
    assert "Dækkes af Sara Sørensen (vikar for Søren Berg)" in tabel


def test_excel_eksport(klient, verden):
    log_ind(klient, "jc")
    svar = klient.get("/kommuner/0101/frister.xlsx?dato=2024-06-15")
    assert svar.status_code == 200
    assert svar.headers["content-disposition"] == 'attachment; filename="frister-0101-2024-06-15.xlsx"'
    bog = openpyxl.load_workbook(io.BytesIO(svar.content))
    assert bog.sheetnames == ["Oversigt", "Sara Sørensen", "Tina Holm", "Uden ansvarlig"]
    sara = [r[0] for r in bog["Sara Sørensen"].iter_rows(min_row=2, values_only=True)]
    assert sorted(sara) == ["p1", "p2"]
    log = _log(verden)
    assert sorted(r.person_id for r in log) == ["p1", "p2", "p3", "p4", "p5"]
    assert {(r.formaal, r.route) for r in log} == {("arbejdsliste (Excel-eksport)", "/kommuner/0101/frister.xlsx")}
    assert len({r.tidspunkt for r in log}) == 1


def test_excel_eksport_filtreret_og_scoped(klient, verden):
    log_ind(klient, "s1")
    bog = openpyxl.load_workbook(io.BytesIO(klient.get("/kommuner/0101/frister.xlsx?status=overskredet").content))
    assert bog.sheetnames == ["Oversigt", "Sara Sørensen"]
    assert [r[0] for r in bog["Sara Sørensen"].iter_rows(min_row=2, values_only=True)] == ["p1"]
    assert [r.person_id for r in _log(verden)] == ["p1"]
