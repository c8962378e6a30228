"""The server-rendered pages (Danish, DKFDS markup). Each route asks `adgang` before it shows
anything; citizen-level pages go through `visning.arbejdsliste`, which writes the access log."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import polars as pl
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select

from tilsyn import afgoerelser, kommuner
from tilsyn.benchmark import ResultatmaalFejl
from tilsyn.data.daekning import UdenforDaekning, regler_fra
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision import sager as sagsservice
from tilsyn.supervision.maskine import TEKST, SagFejl, lovgrundlag, med_rettelser
from tilsyn.supervision.models import Sag
from tilsyn.udvaelgelse import uden_ordning
from tilsyn.web import diagrammer, passive, sagssider, sessioner, visning
from tilsyn.web.tidslinje import tidslinje
from tilsyn.web.adgang import (
    Indlogget,
    kraev,
    maa_registrere_haendelser,
    maa_se_borgere,
    maa_se_sag,
    maa_se_sager,
)
from tilsyn.web.auth import Travlt
from tilsyn.web.kontekst import Bruger, Kontekst, Ktx, fragment, saetning, side

router = APIRouter()

OVERSIGT_SORTERING = (
    "kommune_kode", "population", "andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud",
    "faktisk_andel", "forventet_andel", "forskel_pct_point", "placering",
)
RESULTATMAAL_KOLONNER = {
    "kommune_kode": pl.String, "population_16_66": pl.Int64, "faktisk_andel": pl.Float64, "forventet_andel": pl.Float64,
    "forskel_pct_point": pl.Float64, "nedre": pl.Float64, "oevre": pl.Float64, "placering": pl.Int64,
}
FOKUSMAAL_SKEMA = {
    "kommune_kode": pl.String, "maaned": pl.Date, "population": pl.Int64, "passive_samtaler": pl.Int64,
    "passive_tilbud": pl.Int64, "andel_samtaler": pl.Float64, "andel_tilbud": pl.Float64,
    "gns12_samtaler": pl.Float64, "gns12_tilbud": pl.Float64,
}
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


@router.get("/log-ind", response_class=HTMLResponse)
def log_ind_side(request: Request, k: Ktx, naeste: str = "/"):
    return side(k, request, "log_ind.html", naeste=naeste, bruger=None)


@router.post("/log-ind", response_class=HTMLResponse)
def log_ind(
    request: Request,
    k: Ktx,
    brugernavn: Annotated[str, Form()],
    adgangskode: Annotated[str, Form()],
    naeste: Annotated[str, Form()] = "/",
):
    brugernavn = brugernavn.strip()
    adresse = request.client.host if request.client else ""
    if afvist := k.loginvagt.afvis(brugernavn, adresse):
        return _log_ind_afvist(k, request, naeste, 429, afvist.tekst, afvist.sekunder)
    try:
        bruger = k.autentificering.log_ind(brugernavn, adgangskode)
    except Travlt:
        return _log_ind_afvist(k, request, naeste, 503, "Der er travlt lige nu. Prøv igen om et øjeblik.", 1)
    if bruger is None:
        k.loginvagt.fejlet(brugernavn, adresse)
        return side(k, request, "log_ind.html", 401, naeste=naeste, bruger=None,
                    fejl="Forkert brugernavn eller adgangskode.")
    k.loginvagt.lykkedes(brugernavn)
    # A new key at login (never the one from before: no session fixation), so a new CSRF token.
    request.session.clear()
    request.session[sessioner.NOEGLE] = sessioner.opret(k.sessions, bruger.brugernavn, adresse or None, k.sessionsregler)
    # Only a local path, never another site (no open redirect).
    maal = naeste if naeste.startswith("/") and not naeste.startswith("//") else "/"
    if maal == "/" and bruger.rolle in ("sagsbehandler", "teamleder") and bruger.kommune_kode:
        maal = f"/kommuner/{bruger.kommune_kode}/frister"  # their own list, not the national table
    return RedirectResponse(maal, status_code=303)


def _log_ind_afvist(k: Kontekst, request: Request, naeste: str, status: int, tekst: str, sekunder: int):
    svar = side(k, request, "log_ind.html", status, naeste=naeste, bruger=None, fejl=tekst)
    svar.headers["Retry-After"] = str(sekunder)
    return svar


@router.post("/log-ud")
def log_ud(request: Request, k: Ktx):
    sessioner.afslut(k.sessions, request.session.get(sessioner.NOEGLE))
    request.session.clear()
    return RedirectResponse("/log-ind", status_code=303)


@router.get("/session")
def session_status(request: Request, bruger: Bruger):
    """The seconds the session has left; the idle warning's "Forbliv logget ind" asks here, and
    asking counts as activity."""
    return {"sekunder_tilbage": request.state.sekunder_tilbage}


@router.get("/", response_class=HTMLResponse)
def oversigt(
    request: Request, k: Ktx, bruger: Bruger,
    maaned: str | None = None, aar: str | None = None, sorter: str | None = None, retning: str = "op",
):
    m = visning.maaned(maaned, visning.standard_maaned(k))
    valgt, aarene, sagsaar = _aar(k, aar)
    fokus, fokus_fejl = _fokusmaal(k, m)
    resultat, resultat_fejl = _resultatmaal(k, valgt)
    udv = k.resultater.udvaelgelse(valgt) if resultat_fejl is None else pl.DataFrame()
    # What the page shows of the result tables is made once per tables and order (20 people asking
    # at once wait on each other's joins and charts); refusals are cheap and made each time.
    kilder = (fokus, k.resultater.resultatmaal(valgt), udv, k.resultater.fokusmaal_serie(m)) \
        if fokus_fejl is None and resultat_fejl is None else None
    noegle = (m, valgt, sorter, retning)
    fundet = _OVERSIGTER.get(noegle)
    if kilder is None or fundet is None or any(a is not b for a, b in zip(fundet[0], kilder)):
        fundet = kilder, _oversigt(k, m, valgt, sorter, retning, fokus, fokus_fejl, resultat, resultat_fejl, udv)
        if kilder is not None:
            _OVERSIGTER[noegle] = fundet
            while len(_OVERSIGTER) > 32:
                _OVERSIGTER.pop(next(iter(_OVERSIGTER)), None)
    indhold = fragment(k, "_oversigt_indhold.html", fundet if kilder is not None else None, (tuple(aarene), sagsaar),
                       lambda: dict(fundet[1], aarene=aarene, sagsaar=sagsaar, daekning=k.resultater.daekning()))
    return side(k, request, "oversigt.html", bruger=bruger, indhold=indhold)


_OVERSIGTER: dict[tuple, tuple] = {}


def _oversigt(k: Kontekst, m: date, valgt: int | None, sorter: str | None, retning: str, fokus: pl.DataFrame,
              fokus_fejl: str | None, resultat: pl.DataFrame, resultat_fejl: str | None, udv: pl.DataFrame) -> dict:
    """The overview's content from the result tables (not to be changed: pages share it)."""
    fokus = afgoerelser.med_fokusmaal_domme(fokus, m, rulebook(), regler_fra())  # the limits' verdicts
    tabel = fokus.join(resultat, on="kommune_kode", how="full", coalesce=True)
    if udv.height:  # whether the resultatmål fails is the selection's rule of the year, not the page's
        tabel = tabel.join(udv.select("kommune_kode", "fails_resultat"), on="kommune_kode", how="left")
    tabel = visning.sorteret(tabel.sort("kommune_kode"), sorter, retning == "ned", OVERSIGT_SORTERING)
    return dict(
        maaned=m, raekker=tabel.to_dicts(), sorter=sorter, retning=retning, aar=valgt, udvaelgelse=udv.to_dicts(),
        uden_ordning=uden_ordning(valgt, rulebook()) if valgt is not None else None,
        graenser=_graenser(m), mulige=k.resultater.fokusmaal_maaneder(), fokus_fejl=fokus_fejl,
        valgte=udv.filter(udv["konsekvens"] != "ingen").height if udv.height else 0,
        resultat_fejl=resultat_fejl, antal_resultat=resultat.height,
        national=diagrammer.national(k.resultater.fokusmaal_serie(m)) if fokus_fejl is None else None,
        resultat=diagrammer.resultat(resultat, valgt) if resultat.height else None,
        tragt=diagrammer.tragt(resultat, valgt) if resultat.height else None,
    )


def _aar(k: Kontekst, tekst: str | None) -> tuple[int | None, list[int], int | None]:
    """The selection year a page shows — asked for, else the year the newest supervision cases
    were opened on (so the page shows the selection they come from), else the data's last year
    with a selection — the years the data can give, and the newest cases' year."""
    aarene = visning.udvaelgelsesaar(k)
    with k.sessions() as session:
        sagsaar = session.scalar(select(func.max(Sag.aar)))
    standard = sagsaar if sagsaar in aarene else (aarene[-1] if aarene else None)
    return visning.aar(tekst, standard), aarene, sagsaar


def _fokusmaal(k: Kontekst, m: date) -> tuple[pl.DataFrame, str | None]:
    """The month's fokusmål, or no rows and the reason in Danish (a month outside the data)."""
    try:
        return k.resultater.fokusmaal(m), None
    except UdenforDaekning as fejl:
        return pl.DataFrame(schema=FOKUSMAAL_SKEMA), saetning(str(fejl))


def _resultatmaal(k: Kontekst, aar: int | None) -> tuple[pl.DataFrame, str | None]:
    """The year's resultatmål (the overview's columns), or no rows and the reason in Danish."""
    tom = pl.DataFrame(schema=RESULTATMAAL_KOLONNER)
    if aar is None:
        return tom, f"Intet resultatmål: {k.resultater.daekning().tekst()}, og det er for kort til et helt år."
    try:
        frame = k.resultater.resultatmaal(aar)
        return visning.en_gang(frame, lambda: frame.select(list(RESULTATMAAL_KOLONNER))), None
    except ResultatmaalFejl as fejl:
        return tom, f"Intet resultatmål for {aar}: {fejl}."
    except UdenforDaekning as fejl:
        return tom, saetning(str(fejl))


def _graenser(m: date) -> dict[str, float | None]:
    """The month's limits; none for a month before the rulebook (the page says why)."""
    if m < regler_fra():
        return {"samtaler": None, "tilbud": None}
    return {maal: rulebook().vaerdi(f"fokusmaal.{maal}.graense_pct", aar=m.year) for maal in ("samtaler", "tilbud")}


@router.get("/kommuner/{kode}", response_class=HTMLResponse)
def kommune_side(request: Request, k: Ktx, bruger: Bruger, kode: str, maaned: str | None = None,
                 aar: str | None = None):
    kode = visning.kommune(kode)
    m = visning.maaned(maaned, visning.standard_maaned(k))
    valgt, aarene, _ = _aar(k, aar)
    fokus, fokus_fejl = _fokusmaal(k, m)
    raekke = afgoerelser.med_fokusmaal_domme(fokus.filter(fokus["kommune_kode"] == kode), m, rulebook(),
                                             regler_fra()).to_dicts()
    resultat, resultat_fejl = _resultatmaal(k, valgt)
    egen = resultat.filter(resultat["kommune_kode"] == kode).to_dicts()
    udv = k.resultater.udvaelgelse(valgt) if resultat_fejl is None else pl.DataFrame()
    fails_resultat = udv.height > 0 and udv.filter((udv["kommune_kode"] == kode) & udv["fails_resultat"]).height > 0
    with k.sessions() as session:
        sager = (
            list(session.scalars(select(Sag).where(Sag.kommune_kode == kode).order_by(Sag.aar.desc())))
            if maa_se_sag(bruger, kode) else []
        )
    return side(
        k, request, "kommune.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        maaned=m, fokus=raekke[0] if raekke else None, fokus_fejl=fokus_fejl, sager=sager, graenser=_graenser(m),
        maa_se_borgere=maa_se_borgere(bruger, kode), tekst=TEKST, mulige=k.resultater.fokusmaal_maaneder(),
        diagram=diagrammer.kommune(k.resultater.fokusmaal_serie(m), kode) if fokus_fejl is None else None,
        aar=valgt, aarene=aarene, resultat=egen[0] if egen else None, antal_resultat=resultat.height,
        resultat_fejl=resultat_fejl, fails_resultat=fails_resultat, **_udvikling(k, m, kode),
    )


def _udvikling(k: Kontekst, m: date, kode: str) -> dict:
    """The development in dagpenge recipients (country, region, municipality) of the page's
    month, or why there is none."""
    try:
        return {"udvikling": k.resultater.udvikling(m, kode).to_dicts(), "udvikling_fejl": None}
    except UdenforDaekning as fejl:
        return {"udvikling": [], "udvikling_fejl": saetning(str(fejl))}


@router.get("/kommuner/{kode}/passive", response_class=HTMLResponse)
def passive_side(
    request: Request, k: Ktx, bruger: Bruger, kode: str, maaned: str | None = None, maal: str = "samtaler",
):
    kode = visning.kommune(kode)
    m = visning.maaned(maaned, visning.standard_maaned(k))
    raekker = passive.borgere(k, bruger, request, kode, m, maal)
    return side(
        k, request, "passive.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        maaned=m, maal=maal, raekker=raekker, navne=visning.navne(k, kode),
    )


@router.get("/kommuner/{kode}/passive/{person_id}", response_class=HTMLResponse)
def forklaring_side(request: Request, k: Ktx, bruger: Bruger, kode: str, person_id: str, maaned: str | None = None):
    kode = visning.kommune(kode)
    m = visning.maaned(maaned, visning.standard_maaned(k))
    forklaring = passive.forklaring(k, bruger, request, kode, m, person_id)
    return side(
        k, request, "forklaring.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        maaned=m, person_id=person_id, tekst=str(forklaring), f=None if isinstance(forklaring, str) else forklaring,
        tidslinje=None if isinstance(forklaring, str) else tidslinje(forklaring),
    )


@router.get("/sager", response_class=HTMLResponse)
def sager_side(request: Request, k: Ktx, bruger: Bruger):
    kraev(maa_se_sager(bruger))
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
        sag = sagssider.hent_sag(session, bruger, sag_id)
        historik = sagsservice.historik(session, sag.id)
        frister = sagsservice.sagens_frister(session, sag)
        overgange = sagsservice.tilladte_overgange(session, sag) if maa_registrere_haendelser(bruger) else []
        sektioner = sagssider.sektioner(session, bruger, sag, historik)
    extra.setdefault("indtastet", {})
    extra.setdefault("rettelse", {})
    return side(
        k, request, "sag.html", status_code, bruger=bruger, sag=sag, historik=historik, frister=frister,
        overgange=overgange, tekst=TEKST, haendelse_tekst=HAENDELSE_TEKST, idag=date.today(), **sektioner,
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
    request: Request, k: Ktx, bruger: Bruger, sag_id: int,
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
    kraev(maa_registrere_haendelser(bruger))
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
        sagssider.hent_sag(session, bruger, sag_id)
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
    request: Request, k: Ktx, bruger: Bruger, sag_id: int,
    version: Annotated[int, Form()],
    retter: Annotated[str, Form()] = "",
    dato: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
):
    """Correct the date of an event: appended as a correction, nothing overwritten."""
    kraev(maa_registrere_haendelser(bruger))
    rettelse = {"retter": retter, "dato": dato, "note": note}
    try:
        d = date.fromisoformat(dato.strip())
        maal = int(retter)
    except ValueError:
        return _sag_side(request, k, bruger, sag_id, 422, rettelse=rettelse,
                         rettelse_fejl="Vælg hændelsen og skriv den rigtige dato som ÅÅÅÅ-MM-DD.")
    with k.sessions() as session:
        sagssider.hent_sag(session, bruger, sag_id)
        try:
            sagsservice.ret(session, sag_id, version, maal, d, bruger.brugernavn, note)
            session.commit()
        except SagFejl as e:  # Konflikt too
            session.rollback()
            return _sag_side(request, k, bruger, sag_id, 409 if isinstance(e, sagsservice.Konflikt) else 422,
                             rettelse=rettelse, rettelse_fejl=saetning(str(e)))
    return RedirectResponse(f"/sager/{sag_id}?registreret=rettelse#tidslinje", status_code=303)
