"""The supervision cases (`/sager`, `/tilsynsfrister`): the list, a case's timeline and its events
and corrections, the minister's letters and stored documents, the fokusrevision (audit) screen
and the AMK contact log, and every open case's deadlines. Every rule lives in `tilsyn.supervision`
and `tilsyn.reports.breve`; who may call a route is its `deps` type, a single case's check
`deps.hent_sag`. The audit screen names citizens, so each view of it is written to the access log."""

from __future__ import annotations

import io
import mimetypes
from datetime import date
from typing import Annotated
from urllib.parse import quote

import polars as pl
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from tilsyn import afgoerelser, celler, kommuner, tid
from tilsyn.benchmark import ResultatmaalFejl
from tilsyn.data.daekning import UdenforDaekning, regler_fra
from tilsyn.ordliste import dato_tekst, ydelsesgruppe_tekst
from tilsyn.reports import breve
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision import amk, db, revision as revisioner
from tilsyn.supervision import maskine as tm
from tilsyn.supervision import sager as sagsservice
from tilsyn.supervision.maskine import TEKST, SagFejl, lovgrundlag, med_rettelser
from tilsyn.supervision.models import Dokument, Haendelse, Revision, Sag
from tilsyn.web.adgang import Indlogget, maa_registrere_haendelser, maa_registrere_kontakter, maa_revidere, maa_se_sag
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.deps import KontaktRegistrator, Revisor, SagLaeser, StarBruger, hent_sag
from tilsyn.web import visning
from tilsyn.web.kontekst import Bruger, Kontekst, Ktx, maaned_navn, saetning, side
from tilsyn.web.tidslinje import forklaringens_felter

router = APIRouter()

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BREVE = {"udvaelgelse": "Ministerens brev om udtagelse", "kvittering": "Kvittering for redegørelsen"}
GRUND_TEKST = {
    "barsel": "Barsel",
    "langvarig_sygdom": "Langvarig sygdom",
    "helbred_forvaerres": "Helbredet forværres ved aktivering",
    "andet_gyldigt": "Anden gyldig grund",
    "ingen": "Ingen gyldig grund",
}
MAAL_TEKST = {"samtaler": "samtaler", "tilbud": "tilbud", "resultat": "resultatmål"}


def _seneste(historik: list[Haendelse], type: str) -> Haendelse | None:
    return next((h for h in reversed(historik) if h.type == type), None)


def _breve(sag: Sag, historik: list[Haendelse]) -> list[str]:
    """The letters the case has come far enough for: the selection letter always; the
    acknowledgement once the redegørelse and plan are received (not on the light path)."""
    out = ["udvaelgelse"]
    if sag.konsekvens == "skaerpet_tilsyn" and _seneste(historik, "plan_modtaget"):
        out.append("kvittering")
    return out


def _seneste_revision(session: Session, sag_id: int) -> Revision | None:
    return session.scalar(select(Revision).where(Revision.sag_id == sag_id).order_by(Revision.id.desc()).limit(1))


def sektioner(session: Session, bruger: Indlogget, sag: Sag, historik: list[Haendelse]) -> dict:
    """What the case page shows besides its timeline: letters, stored documents, the audit's
    summary (no citizens named) and the municipality's AMK contacts."""
    revision = _seneste_revision(session, sag.id)
    return {
        "breve": [(navn, BREVE[navn]) for navn in _breve(sag, historik)],
        "dokumenter": list(session.scalars(select(Dokument).where(Dokument.sag_id == sag.id).order_by(Dokument.id))),
        "revision": revision,
        "revision_resume": revisioner.revision_resume(session, revision.id) if revision else None,
        "amk_kontakter": amk.kontakter(session, sag.kommune_kode),
        "maa_revidere": maa_revidere(bruger),
        "maa_registrere_kontakter": maa_registrere_kontakter(bruger),
        "maal_tekst": MAAL_TEKST,
    }


# --- the cases, their timeline and events ------------------------------------------------------

HAENDELSE_TEKST = {
    "brev_sendt": "Ministerens brev sendt",
    "moede_afholdt": "Møde med ministeren afholdt",
    "plan_modtaget": "Genopretningsplan modtaget",
    "maanedlig_opfoelgning": "Månedlig opfølgning",
    "taskforce_besoeg": "Task force-besøg",
    "evaluering": "Evaluering",
    "dialog_afholdt": "AMK-dialog afholdt",
    "handleplan_modtaget": "Handleplan modtaget",
    "ophoert_ved_lov": "Ophørt ved lov",
    "udpeget": "Udpeget",
    "rettelse": "Rettelse",
}


@router.get("/sager", response_class=HTMLResponse)
def sager_side(request: Request, k: Ktx, bruger: SagLaeser):
    with k.sessions() as session:
        alle = session.scalars(select(Sag).order_by(Sag.aar.desc(), Sag.kommune_kode)).all()
        synlige = [s for s in alle if maa_se_sag(bruger, s.kommune_kode)]
        frister = [f for f in sagsservice.frister(session, date.today()) if maa_se_sag(bruger, f.kommune_kode)]
    naeste = {}
    for f in frister:
        naeste.setdefault(f.sag_id, f)
    return side(k, request, "sager.html", bruger=bruger, sager=synlige, naeste=naeste, tekst=TEKST)


def _sag_side(request: Request, k: Kontekst, bruger: Indlogget, sag_id: int, status_code=200, **extra):
    with k.sessions() as session:
        sag = hent_sag(session, bruger, sag_id)
        historik = sagsservice.historik(session, sag.id)
        frister = sagsservice.sagens_frister(session, sag)
        overgange = sagsservice.tilladte_overgange(session, sag) if maa_registrere_haendelser(bruger) else []
        vis = sektioner(session, bruger, sag, historik)
    extra.setdefault("indtastet", {})
    extra.setdefault("rettelse", {})
    return side(
        k, request, "sag.html", status_code, bruger=bruger, sag=sag, historik=historik, frister=frister,
        overgange=overgange, tekst=TEKST, haendelse_tekst=HAENDELSE_TEKST, idag=date.today(), **vis,
        rettet_historik=med_rettelser(historik), maa_rette=maa_registrere_haendelser(bruger),
        lovgrundlag=_lovgrundlag(date.today()), **extra,
    )


def _lovgrundlag(dag: date) -> dict[str, str] | None:
    """The reason and law a case ending by law on `dag` records; None while the scheme exists."""
    try:
        return lovgrundlag(dag)
    except SagFejl:
        return None


@router.get("/sager/{sag_id}", response_class=HTMLResponse)
def sag_side(request: Request, k: Ktx, bruger: Bruger, sag_id: int):
    return _sag_side(request, k, bruger, sag_id)


@router.post("/sager/{sag_id}/haendelser", response_class=HTMLResponse)
def registrer_haendelse(
    request: Request, k: Ktx, bruger: StarBruger, sag_id: int,
    type: Annotated[str, Form()],
    version: Annotated[int, Form()],
    dato: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    samtaler: Annotated[str, Form()] = "",
    tilbud: Annotated[str, Form()] = "",
    maaned: Annotated[str, Form()] = "",
    fund: Annotated[str, Form()] = "",
    resultatmaal_opfyldt: Annotated[str, Form()] = "",
):
    indtastet = {"type": type, "dato": dato, "note": note, "samtaler": samtaler, "tilbud": tilbud, "maaned": maaned,
                 "fund": fund}
    payload: dict = {}
    vaerdier = {m: v.replace(",", ".") for m, v in (("samtaler", samtaler), ("tilbud", tilbud)) if v.strip()}
    if vaerdier:
        payload["vaerdier"] = vaerdier
    if maaned:
        payload["maaned"] = maaned
    if fund:
        payload["fund"] = fund
    if resultatmaal_opfyldt:
        payload["resultatmaal_opfyldt"] = True
    try:
        d = date.fromisoformat(dato)
    except ValueError:
        return _sag_side(request, k, bruger, sag_id, 422, fejl=f"Datoen skal skrives ÅÅÅÅ-MM-DD, fik {dato!r}.",
                         indtastet=indtastet)
    with k.sessions() as session:
        hent_sag(session, bruger, sag_id)
        try:
            sagsservice.registrer(session, sag_id, version, type, d, bruger.brugernavn, note or None, payload)
            session.commit()
        except sagsservice.Konflikt as e:
            session.rollback()
            return _sag_side(request, k, bruger, sag_id, 409, fejl=saetning(str(e)), indtastet=indtastet)
        except SagFejl as e:
            session.rollback()
            return _sag_side(request, k, bruger, sag_id, 422, fejl=saetning(str(e)), indtastet=indtastet)
    return RedirectResponse(f"/sager/{sag_id}?registreret={type}", status_code=303)


@router.post("/sager/{sag_id}/rettelser", response_class=HTMLResponse)
def ret_haendelse(
    request: Request, k: Ktx, bruger: StarBruger, sag_id: int,
    version: Annotated[int, Form()],
    retter: Annotated[str, Form()] = "",
    dato: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
):
    """Correct the date of an event: appended as a correction, nothing overwritten."""
    rettelse = {"retter": retter, "dato": dato, "note": note}
    try:
        d = date.fromisoformat(dato.strip())
        maal = int(retter)
    except ValueError:
        return _sag_side(request, k, bruger, sag_id, 422, rettelse=rettelse,
                         rettelse_fejl="Vælg hændelsen og skriv den rigtige dato som ÅÅÅÅ-MM-DD.")
    with k.sessions() as session:
        hent_sag(session, bruger, sag_id)
        try:
            sagsservice.ret(session, sag_id, version, maal, d, bruger.brugernavn, note)
            session.commit()
        except SagFejl as e:  # Konflikt too
            session.rollback()
            return _sag_side(request, k, bruger, sag_id, 409 if isinstance(e, sagsservice.Konflikt) else 422,
                             rettelse=rettelse, rettelse_fejl=saetning(str(e)))
    return RedirectResponse(f"/sager/{sag_id}?registreret=rettelse#tidslinje", status_code=303)


@router.get("/tilsynsfrister", response_class=HTMLResponse)
def alle_frister(request: Request, k: Ktx, bruger: SagLaeser, dato: str | None = None):
    """Every open case's open duties on one page: overdue, due soon (`afgoerelser`), later, without a
    date - each with its case. A jobcentre manager sees the own municipality's."""
    dag = visning.dag(dato, date.today())
    if dag < regler_fra():  # "due soon" is the rulebook's; before its first day there is no answer
        raise UdenforDaekning(f"tilsynsfristerne pr. {dato_tekst(dag)} kan ikke vises: regelsættet gælder fra "
                              f"{maaned_navn(regler_fra())}; vælg en dag fra {dato_tekst(regler_fra())}")
    with k.sessions() as session:
        rows = [f for f in sagsservice.frister(session, dag) if maa_se_sag(bruger, f.kommune_kode)]
    grupper = {"overskredet": [], "snart": [], "senere": [], "uden_frist": []}
    for f in rows:
        if f.dage_tilbage is None:
            grupper["uden_frist"].append(f)
        elif f.dage_tilbage < 0:
            grupper["overskredet"].append(f)
        elif afgoerelser.forfalder_snart(f.dage_tilbage, rulebook(), dag):
            grupper["snart"].append(f)
        else:
            grupper["senere"].append(f)
    return side(k, request, "sagsfrister.html", bruger=bruger, dag=dag, grupper=grupper,
                snart=afgoerelser.snart_dage(rulebook(), dag), tekst=TEKST)


# --- letters and documents --------------------------------------------------------------------

@router.get("/sager/{sag_id}/breve/{navn}.docx")
def brev(k: Ktx, bruger: Bruger, sag_id: int, navn: str):
    """The letter as an editable .docx, made now from the case's events and the results."""
    with k.sessions() as session:
        sag = hent_sag(session, bruger, sag_id)
        historik = sagsservice.historik(session, sag.id)
    if navn not in BREVE:
        raise HTTPException(404, f"Ukendt brev {navn!r}")
    if navn not in _breve(sag, historik):
        raise HTTPException(409, "Kvitteringen kan først laves, når genopretningsplanen er registreret som modtaget.")
    brev_sendt = _seneste(historik, "brev_sendt")
    if navn == "udvaelgelse":
        indhold = _udvaelgelsesbrev(k, sag, brev_sendt.dato if brev_sendt else date.today())
    else:
        plan = _seneste(historik, "plan_modtaget")
        indhold = breve.kvittering_kontekst(
            sag.kommune_kode, sag.aar, sorted((plan.payload or {}).get("vaerdier", {})), plan.dato, date.today(),
            rulebook(), brev_dato=brev_sendt.dato if brev_sendt else None,
        )
    out = io.BytesIO()
    breve.skriv(navn, indhold, out)
    return Response(
        out.getvalue(), media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{navn}-{sag.kommune_kode}-{sag.aar}.docx"'},
    )


def _udvaelgelsesbrev(k: Kontekst, sag: Sag, dato: date) -> dict:
    """The selection letter's fields from the year's selection and resultatmål; the letter is
    dated the day it was sent (today while it is a draft)."""
    try:
        udv = k.resultater.udvaelgelse(sag.aar).filter(pl.col("kommune_kode") == sag.kommune_kode)
        res = k.resultater.resultatmaal(sag.aar).filter(pl.col("kommune_kode") == sag.kommune_kode)
    except (ResultatmaalFejl, UdenforDaekning) as e:
        raise HTTPException(422, f"Brevet kan ikke laves: {e}") from None
    if udv.is_empty() or res.is_empty():
        raise HTTPException(422, f"Data har ingen udvælgelse eller resultatmål for kommunen i {sag.aar}.")
    try:
        return breve.udvaelgelse_kontekst(udv.row(0, named=True), res.row(0, named=True), dato, rulebook())
    except breve.IkkeUdtaget as e:
        raise HTTPException(422, f"{e}.") from None


@router.get("/sager/{sag_id}/dokumenter/{dokument_id}")
def dokument(k: Ktx, bruger: Bruger, sag_id: int, dokument_id: int):
    with k.sessions() as session:
        hent_sag(session, bruger, sag_id)
        dok = db.hent(session, Dokument, dokument_id)
    if dok is None or dok.sag_id != sag_id:
        raise HTTPException(404, "Dokumentet findes ikke")
    if dok.content is None:
        raise HTTPException(404, f"Dokumentet er ikke gemt i databasen, men ligger her: {dok.path}")
    return Response(
        dok.content, media_type=mimetypes.guess_type(dok.filename)[0] or "application/octet-stream",
        # RFC 6266/5987: any file name, safely quoted (it comes from the store, not from us).
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(dok.filename)}"},
    )


# --- fokusrevision ----------------------------------------------------------------------------

def _standard_maaned(k: Kontekst, sag: Sag) -> date:
    """The last month of the year whose assessment selected the municipality, or the data's last
    month when the data ends earlier."""
    return min(date(sag.aar, 12, 1), k.resultater.daekning().til)


def _kan_udtraekke(session: Session, sag: Sag) -> bool:
    try:
        revisioner.tjek_udtraek(session, sag)
    except SagFejl:
        return False
    return True


def _revisionsside(request: Request, k: Kontekst, bruger: Indlogget, sag_id: int, status_code=200, **extra):
    """The audit screen; logs one access-log row per sampled citizen shown (one empty row when
    nothing has been drawn yet), after the role check and before the page is sent."""
    with k.sessions() as session:
        sag = hent_sag(session, bruger, sag_id)
        tilstand = sagsservice.tilstand(session, sag).tilstand
        revision = _seneste_revision(session, sag.id)
        udvalgte = list(revision.sager) if revision else []
        resume = revisioner.revision_resume(session, revision.id) if revision else None
        kan_udtraekke = _kan_udtraekke(session, sag)
    standard_maaned = _standard_maaned(k, sag)
    log_visning(k.sessions, bruger, (r.person_id for r in udvalgte), request)
    vurderet = sum(1 for r in udvalgte if r.gyldig_grund)
    return side(
        k, request, "fokusrevision.html", status_code, bruger=bruger, sag=sag, tilstand=tilstand,
        tekst=tm.TEKST, revision=revision, udvalgte=udvalgte, resume=resume, kan_udtraekke=kan_udtraekke,
        vurderet=vurderet, indtastet=extra.pop("indtastet", {}),
        administration=tilstand == tm.ADMINISTRATION, standard_maaned=standard_maaned,
        andel_pct=rulebook().vaerdi("tilsyn.fokusrevision_andel_pct", dag=standard_maaned),
        grunde=GRUND_TEKST, **extra,
    )


@router.get("/sager/{sag_id}/fokusrevision", response_class=HTMLResponse)
def fokusrevision(request: Request, k: Ktx, bruger: Revisor, sag_id: int):
    return _revisionsside(request, k, bruger, sag_id)


@router.post("/sager/{sag_id}/fokusrevision", response_class=HTMLResponse)
def udtraek(request: Request, k: Ktx, bruger: Revisor, sag_id: int, maaned: Annotated[str, Form()] = ""):
    """Draw the sample of the municipality's passive citizens in the month
    (`tilsyn.fokusrevision_andel_pct` per ydelsesgruppe, all under administration) with a new seed that is stored with it."""
    with k.sessions() as session:
        sag = hent_sag(session, bruger, sag_id)
        kode = sag.kommune_kode
    try:
        m = tid.parse_maaned(maaned) if maaned else _standard_maaned(k, sag)
    except ValueError:
        return _revisionsside(request, k, bruger, sag_id, 422, fejl=f"Måneden skal skrives ÅÅÅÅ-MM, fik {maaned!r}.")
    try:
        passive = k.resultater.passive(kode, m).select("person_id").join(
            k.resultater.ydelsesgrupper(kode, m), on="person_id"
        )
    except UdenforDaekning as e:
        return _revisionsside(request, k, bruger, sag_id, 422, fejl=saetning(str(e)))
    if passive.is_empty():
        return _revisionsside(request, k, bruger, sag_id, 422,
                              fejl=f"Kommunen har ingen passive borgere i {maaned_navn(m)}; vælg en anden måned.")
    with k.sessions() as session:
        try:
            revisioner.opret_revision(session, sag_id, m, passive.iter_rows())
            session.commit()
        except SagFejl as e:
            session.rollback()
            status = 409 if isinstance(e, revisioner.AlleredeUdtrukket) else 422
            return _revisionsside(request, k, bruger, sag_id, status, fejl=saetning(str(e)))
    return RedirectResponse(f"/sager/{sag_id}/fokusrevision?udtrukket=1", status_code=303)


@router.post("/sager/{sag_id}/fokusrevision/vurdering", response_class=HTMLResponse)
def vurdering(
    request: Request, k: Ktx, bruger: Revisor, sag_id: int,
    revision_id: Annotated[int, Form()],
    person_id: Annotated[str, Form()],
    gyldig_grund: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
):
    """Record the reviewer's finding for one sampled citizen (a later finding replaces it)."""
    with k.sessions() as session:
        hent_sag(session, bruger, sag_id)
        revision = db.hent(session, Revision, revision_id)
        if revision is None or revision.sag_id != sag_id:
            raise HTTPException(404, "Revisionen findes ikke i denne sag")
        try:
            rs = revisioner.vurder(session, revision_id, person_id, gyldig_grund, bruger.brugernavn, note.strip() or None)
            session.commit()
        except SagFejl as e:
            session.rollback()
            return _revisionsside(request, k, bruger, sag_id, 422, fejl=saetning(str(e)),
                                  indtastet={"person_id": person_id, "gyldig_grund": gyldig_grund, "note": note})
    return RedirectResponse(f"/sager/{sag_id}/fokusrevision?vurderet=1#rs-{rs.id}", status_code=303)


def _udtrukket(session: Session, bruger: Indlogget, sag_id: int) -> tuple[Sag, Revision | None]:
    sag = hent_sag(session, bruger, sag_id)
    return sag, _seneste_revision(session, sag.id)


@router.get("/sager/{sag_id}/fokusrevision/borgere/{person_id}", response_class=HTMLResponse)
def revision_forklaring(request: Request, k: Ktx, bruger: Revisor, sag_id: int, person_id: str):
    """Why a sampled citizen counted as passive in the audit's month: the citizen explanation, for
    the reviewer and only for a citizen in the sample (404 otherwise); access-logged."""
    with k.sessions() as session:
        sag, revision = _udtrukket(session, bruger, sag_id)
        if revision is None or person_id not in {r.person_id for r in revision.sager}:
            raise HTTPException(404, f"Borgeren {person_id} er ikke i sagens stikprøve")
        maaned = revision.maaned
    f = k.resultater.forklaring(person_id, maaned)
    log_visning(k.sessions, bruger, [person_id], request)
    return side(
        k, request, "forklaring.html", bruger=bruger, kode=sag.kommune_kode, kommune=kommuner.kommuner()[sag.kommune_kode],
        maaned=maaned, person_id=person_id, **forklaringens_felter(f),
        kruemmer_sti=[("Forside", "/"), ("Tilsynssager", "/sager"), (f"{kommuner.navn(sag.kommune_kode)} {sag.aar}", f"/sager/{sag.id}"),
                  ("Fokusrevision", f"/sager/{sag.id}/fokusrevision"), (person_id, None)],
    )


@router.get("/sager/{sag_id}/fokusrevision.xlsx")
def revision_excel(request: Request, k: Ktx, bruger: Revisor, sag_id: int):
    """The review as a workbook: the sample with each finding, and the summary; access-logged."""
    import pandas as pd

    with k.sessions() as session:
        sag, revision = _udtrukket(session, bruger, sag_id)
        if revision is None:
            raise HTTPException(404, "Der er ikke udtrukket en stikprøve i sagen")
        sager = [{"Borger": r.person_id, "Ydelsesgruppe": ydelsesgruppe_tekst(r.ydelsesgruppe),
                  "Vurdering": GRUND_TEKST.get(r.gyldig_grund, "Ikke vurderet") if r.gyldig_grund else "Ikke vurderet",
                  "Note": r.note or "", "Vurderet af": r.reviewer or "",
                  "Vurderet": r.reviewed_at.strftime("%d-%m-%Y %H:%M") if r.reviewed_at else ""} for r in revision.sager]
        r = revisioner.revision_resume(session, revision.id)
        maaned, kode, aar = revision.maaned, sag.kommune_kode, sag.aar
    resume = pd.DataFrame([
        ("Måned", maaned_navn(maaned)), ("Udtrukket", r.udtrukket), ("Vurderet", r.vurderet), ("Population (passive)", r.population),
        ("Uden gyldig grund", r.uden_grund),
        ("Andel uden gyldig grund (%)", None if r.andel is None else round(100 * r.andel, 1)),
        (f"Interval {100 * r.niveau:g} % (%)", None if r.andel is None else f"{100 * r.nedre:.1f}-{100 * r.oevre:.1f}"),
    ], columns=["", "Værdi"])
    log_visning(k.sessions, bruger, [s["Borger"] for s in sager], request)
    from tilsyn.reports import render

    out = io.BytesIO()
    with celler.excel(out) as writer:
        render.excel_ark(writer, "Stikprøve", pd.DataFrame(sager, columns=["Borger", "Ydelsesgruppe", "Vurdering", "Note", "Vurderet af", "Vurderet"]),
                         f"Fokusrevision {kommuner.navn(kode)} {aar}: udtrukne sager, {maaned_navn(maaned)}")
        render.excel_ark(writer, "Resumé", resume, "Resumé af fokusrevisionen")
    return Response(out.getvalue(), media_type=XLSX_TYPE,
                     headers={"Content-Disposition": f'attachment; filename="fokusrevision-{kode}-{aar}.xlsx"'})


# --- AMK contacts -----------------------------------------------------------------------------

def _amk_side(request: Request, k: Kontekst, bruger: Indlogget, sag_id: int, status_code=200, **extra):
    with k.sessions() as session:
        sag = hent_sag(session, bruger, sag_id)
        kontakter = amk.kontakter(session, sag.kommune_kode)
    return side(
        k, request, "amk.html", status_code, bruger=bruger, sag=sag, amk_kontakter=kontakter,
        maa_registrere_kontakter=maa_registrere_kontakter(bruger), maal_tekst=MAAL_TEKST,
        felter=extra.pop("felter", {}), **extra,
    )


@router.get("/sager/{sag_id}/amk-kontakter", response_class=HTMLResponse)
def amk_kontakter(request: Request, k: Ktx, bruger: Bruger, sag_id: int):
    return _amk_side(request, k, bruger, sag_id)


@router.post("/sager/{sag_id}/amk-kontakter", response_class=HTMLResponse)
def registrer_kontakt(
    request: Request, k: Ktx, bruger: KontaktRegistrator, sag_id: int,
    tidspunkt: Annotated[str, Form()],
    bistand: Annotated[str, Form()],
    afdaekning: Annotated[str, Form()],
    indsats: Annotated[str, Form()] = "",
    maal: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies form defaults)
):
    """Log one contact of the case's municipality (the fields of STAR's AMK contact table; docs/tilsyn.md, AMK contacts)."""
    felter = {"tidspunkt": tidspunkt, "bistand": bistand, "afdaekning": afdaekning, "indsats": indsats, "maal": maal}
    svar = {"ja": True, "nej": False, "ukendt": None}
    with k.sessions() as session:
        sag = hent_sag(session, bruger, sag_id)
        try:
            if bistand not in svar or afdaekning not in ("ja", "nej"):
                raise SagFejl("vælg ja, nej (eller ukendt) for bistand og ja eller nej for afdækning")
            amk.tilfoej_kontakt(session, sag.kommune_kode, tidspunkt, afdaekning == "ja", svar[bistand], indsats, maal)
            session.commit()
        except SagFejl as e:
            session.rollback()
            return _amk_side(request, k, bruger, sag_id, 422, fejl=saetning(str(e)), felter=felter)
    return RedirectResponse(f"/sager/{sag_id}/amk-kontakter?registreret=1", status_code=303)

