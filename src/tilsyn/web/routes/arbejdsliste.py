"""The worklist pages: the caseworker's day ("Mine frister"), the team leader's 14-day list with its
summary per caseworker, the exports for people (.xlsx, CSV for Danish Excel), notes on lines and
the absences a team leader registers. Citizen lines go through `visning`, which checks access and
writes the access log."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tilsyn import afgoerelser, tid
from tilsyn.reports.arbejdslister import filter_tekst, grupper, skriv_arbejdslister
from tilsyn.resultater import skriv_csv_dansk
from tilsyn.resultater.arbejdsliste import AFSLUTTENDE, KOLONNER_MENNESKER, MARKERINGER
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision import arbejdsliste as lager
from tilsyn.web import visning
from tilsyn.web.tidslinje import forklaringens_felter
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.adgang import Indlogget, fravaerende_for, maa_registrere_fravaer, maa_se_ledelsestal
from tilsyn.web.deps import BorgerLaeser, FravaerRegistrator, Kommune
from tilsyn.web.kontekst import Kontekst, Ktx, fragment, saetning, side

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Statusser = Annotated[list[str], Query()]
# A municipality-wide list (the job-centre manager's, unfiltered) and a team leader's list of the
# whole team show their most urgent lines and the summary of all (a team in København runs to
# thousands of lines at national scale: megabytes no one reads, and a page that cannot answer in
# time); one caseworker's list, a search and the manager's choice of a team are shown whole.
# Exports always hold every line.
VIS_HOEJST = 200


def status_filtre(dag: date) -> dict[str, str]:
    """The statuses a person filters by, in the words of the day (`afgoerelser.status_tekster`)."""
    return afgoerelser.status_tekster(rulebook(), dag)


def _bekraeftelse(markering: str | None) -> str | None:
    """The confirmation after a line was marked (the list it returns to says it)."""
    if markering not in MARKERINGER:
        return None
    if markering in AFSLUTTENDE:
        return (f"Linjen er markeret »{MARKERINGER[markering]}« og er taget af listen, indtil næste "
                "dataleverance viser samtalen eller tilbuddet.")
    return f"Linjen er markeret »{MARKERINGER[markering]}«. Tallene er opdateret."


def _filtre(status: list[str], sagsbehandler: str | None, team: str | None, soeg: str | None,
            kilde: str | None) -> visning.Filtre:
    return visning.Filtre(tuple(s for s in status if s), sagsbehandler or None, team or None,
                          (soeg or "").strip()[:100] or None, kilde or None)


def _forespoergsel(dato: date, f: visning.Filtre) -> str:
    par = [("dato", dato.isoformat()), *(("status", s) for s in f.status)]
    par += [(n, v) for n, v in (("sagsbehandler", f.sagsbehandler), ("team", f.team), ("soeg", f.soeg),
                                ("kilde", f.kilde)) if v]
    return urlencode(par)


@router.get("/kommuner/{kode}/frister", response_class=HTMLResponse)
def frister_side(
    request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, dato: str | None = None, status: Statusser = [],
    sagsbehandler: str | None = None, team: str | None = None, soeg: str | None = None, kilde: str | None = None,
    noteret: str | None = None,
):
    d = visning.dag(dato, visning.standard_dato(k))
    f = _filtre(status, sagsbehandler, team, soeg, kilde)
    afkortes = not (f.sagsbehandler or f.soeg) and (
        bruger.rolle == "teamleder" or (bruger.rolle == "jobcenterchef" and not f.team))
    liste = visning.arbejdsliste_for_mennesker(k, bruger, request, kode, d, f, VIS_HOEJST if afkortes else None)
    teamnavne = visning.teams(k, kode)
    forespoergsel = _forespoergsel(d, f)
    snart = afgoerelser.snart_dage(rulebook(), d)
    plan = visning.plan_paa_listen(k, bruger, kode, d, f)

    def indhold() -> dict:
        # the caseworkers to filter by: a team leader's team and whoever covers its cases, else all
        synlige = {r["ansvarlig_id"] for r in liste.linjer} | {r["sagsbehandler_id"] for r in liste.linjer}
        return dict(
            bruger=bruger, kode=kode, dato=d, filtre=f, forespoergsel=forespoergsel, statusser=status_filtre(d),
            valgbare={s: n for s, n in liste.navne.items()
                      if bruger.rolle == "jobcenterchef" or teamnavne.get(s) == bruger.team or s in synlige},
            teams=sorted({t for t in teamnavne.values() if t}), kilder=visning.KILDER,
            maa_registrere_fravaer=maa_registrere_fravaer(bruger, kode),
            viser_ledelse=maa_se_ledelsestal(bruger, kode),
            grupper=grupper(liste.linjer, liste.navne), antal=liste.antal, opsummering=liste.opsummering,
            navne=liste.navne, teamnavne=teamnavne, markeringer=MARKERINGER,
            snart=snart, plan=plan,
            rettidighed_maaned=tid.add_months(tid.first_day(d), -1), i_alt=liste.i_alt,
            opsummering_navne=sorted(liste.opsummering, key=lambda s: (
                s["ansvarlig_id"] is None, liste.navne.get(s["ansvarlig_id"], s["ansvarlig_id"] or ""))),
        )

    # what the content reads of the user: the role, team, municipality and, on a caseworker's own
    # list, the name
    egen = bruger.brugernavn if bruger.rolle == "sagsbehandler" else None
    noegle = (liste.noter, kode, d, forespoergsel, bruger.rolle, bruger.team, bruger.kommune_kode, egen,
              tuple((m["krav_id"], m["maaned"], m["markeret"]) for m in plan.mangler))
    return side(k, request, "frister.html", bruger=bruger, kode=kode, dato=d, besked=_bekraeftelse(noteret),
                indhold=fragment(k, "_frister_indhold.html", liste.kilde, noegle, indhold))


@router.get("/kommuner/{kode}/frister/borger/{person_id}", response_class=HTMLResponse)
def borger_side(request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, person_id: str, dato: str | None = None):
    """One citizen of the user's list: every line with its text, legal reference and note, and why
    the citizen is (not) passive in the month (`tilsyn forklar`). A citizen not on the user's list
    is 404, whether or not they exist."""
    from tilsyn.data.daekning import UdenforDaekning

    d = visning.dag(dato, visning.standard_dato(k))
    liste = visning.arbejdsliste_for_mennesker(k, bruger, None, kode, d, visning.Filtre())
    linjer = [r for r in liste.linjer if r["person_id"] == person_id]
    if not linjer:
        raise HTTPException(404, f"Borgeren {person_id} er ikke på din arbejdsliste {d:%d-%m-%Y}")
    try:
        forklaring = k.resultater.forklaring(person_id, tid.first_day(d))
    except UdenforDaekning as fejl:
        forklaring = saetning(str(fejl))
    log_visning(k.sessions, bruger, [person_id], request)
    return side(k, request, "frister_borger.html", bruger=bruger, kode=kode, dato=d, linjer=linjer,
                person_id=person_id, statusser=status_filtre(d), markeringer=MARKERINGER,
                maaned=tid.first_day(d), **forklaringens_felter(forklaring))


def _eksport(request: Request, k: Kontekst, bruger: Indlogget, kode: str, dato: str | None, status: list[str],
             sagsbehandler, team, soeg, kilde) -> tuple[str, date, visning.Liste]:
    d = visning.dag(dato, visning.standard_dato(k))
    return kode, d, visning.arbejdsliste_for_mennesker(
        k, bruger, request, kode, d, _filtre(status, sagsbehandler, team, soeg, kilde))


@router.get("/kommuner/{kode}/frister.csv")
def frister_csv(
    request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, dato: str | None = None, status: Statusser = [],
    sagsbehandler: str | None = None, team: str | None = None, soeg: str | None = None, kilde: str | None = None,
):
    """The page's lines as CSV for Danish Excel (the machine-readable one is the API's and `--out`'s)."""
    kode, d, liste = _eksport(request, k, bruger, kode, dato, status, sagsbehandler, team, soeg, kilde)
    out = io.BytesIO()
    skriv_csv_dansk(liste.linjer, KOLONNER_MENNESKER, out)
    return Response(
        out.getvalue(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="frister-{kode}-{d.isoformat()}.csv"'},
    )


@router.get("/kommuner/{kode}/frister.xlsx")
def frister_xlsx(
    request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, dato: str | None = None, status: Statusser = [],
    sagsbehandler: str | None = None, team: str | None = None, soeg: str | None = None, kilde: str | None = None,
):
    """The page's lines as an Excel workbook: the summary, and one sheet per responsible caseworker."""
    kode, d, liste = _eksport(request, k, bruger, kode, dato, status, sagsbehandler, team, soeg, kilde)
    f = _filtre(status, sagsbehandler, team, soeg, kilde)
    out = io.BytesIO()
    skriv_arbejdslister(liste.linjer, out, kode, d, liste.navne, visning.rettidighed_i_procent(k, kode, d),
                        team=f.team or (bruger.team if bruger.rolle == "teamleder" else None),
                        filtre=filter_tekst(liste.navne, f.status, f.sagsbehandler, None, f.soeg,
                                            visning.KILDER.get(f.kilde), status_filtre(d)))
    return Response(
        out.getvalue(), media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="frister-{kode}-{d.isoformat()}.xlsx"'},
    )


def _tilbage(kode: str, tilbage: str) -> str:
    """Back to the list the form came from: only this municipality's worklist."""
    sti = f"/kommuner/{kode}/frister"
    return tilbage if tilbage.startswith(sti + "?") or tilbage == sti else sti


def _dato(tekst: str, felt: str) -> date:
    try:
        return date.fromisoformat(tekst.strip())
    except ValueError:
        raise lager.ArbejdslisteFejl(f"{felt} skal skrives ÅÅÅÅ-MM-DD, fik {tekst!r}") from None


@router.get("/kommuner/{kode}/frister/markering", response_class=HTMLResponse)
def markering_side(request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, person_id: str = "", krav_id: str = "",
                   frist: str = "", tilbage: str = ""):
    """The form that marks a line: only the form when the list fetches it into the opened line
    (HTMX), else a page of its own with the line. Only a line the user sees today; logged as a view
    of the citizen."""
    try:
        f = _dato(frist, "Fristen")
    except lager.ArbejdslisteFejl as fejl:
        raise HTTPException(422, saetning(str(fejl))) from None
    linje = visning.paa_listen(k, bruger, kode, person_id, krav_id, f)
    if linje is None:
        raise HTTPException(404, "Linjen er ikke på din arbejdsliste i dag")
    log_visning(k.sessions, bruger, [person_id], request)
    with k.sessions() as session:
        version = lager.note_version(session, kode, person_id, krav_id, f)
    navn = "_markering.html" if request.headers.get("HX-Request") else "frister_markering.html"
    return side(k, request, navn, bruger=bruger, kode=kode, linje=linje, tilbage=_tilbage(kode, tilbage),
                markeringer=MARKERINGER, idag=date.today(), version=version)


@router.post("/kommuner/{kode}/frister/noter")
def noter_linje(
    request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune,
    person_id: Annotated[str, Form()], krav_id: Annotated[str, Form()], frist: Annotated[str, Form()],
    markering: Annotated[str, Form()], dato: Annotated[str, Form()], version: Annotated[int, Form()],
    note: Annotated[str, Form()] = "", tilbage: Annotated[str, Form()] = "",
):
    """Mark a line (`MARKERINGER`): only a line the user sees today, and
    only after the note the form showed (`version`); a note made since is a conflict (409)."""
    try:
        f = _dato(frist, "Fristen")
        d = _dato(dato, "Datoen")
        if not visning.paa_listen(k, bruger, kode, person_id, krav_id, f):
            raise lager.ArbejdslisteFejl("linjen er ikke på din arbejdsliste")
        with k.sessions() as session:
            lager.noter_linje(session, kode, person_id, krav_id, f, markering, d, note, bruger.brugernavn, version)
            session.commit()
    except lager.ArbejdslisteFejl as fejl:
        status = 409 if isinstance(fejl, lager.Konflikt) else 422
        return side(k, request, "fejl.html", status, bruger=bruger, status=status, tekst=saetning(str(fejl)))
    tilbage = _tilbage(kode, tilbage)
    return RedirectResponse(f"{tilbage}{'&' if '?' in tilbage else '?'}{urlencode({'noteret': markering})}",
                            status_code=303)


# absences -----------------------------------------------------------------------------------------

def _fravaer_side(request: Request, k: Kontekst, bruger: Indlogget, kode: str, status_code: int = 200, **extra):
    navne = visning.navne(k, kode)
    kollegaer = fravaerende_for(bruger, visning.teams(k, kode))
    with k.sessions() as session:
        alle = [f for f in lager.fravaer(session, kode) if f.sagsbehandler_id in kollegaer]
        historik = lager.log(session, [f.id for f in alle]) if alle else []
    return side(
        k, request, "fravaer.html", status_code, bruger=bruger, kode=kode, fravaer=alle, historik=historik,
        navne=navne, kollegaer=sorted(kollegaer, key=lambda s: navne.get(s, s)),
        vikarer=sorted(navne, key=lambda s: navne[s]), idag=date.today(), **extra,
    )


@router.get("/kommuner/{kode}/fravaer", response_class=HTMLResponse)
def fravaer_side(request: Request, k: Ktx, bruger: FravaerRegistrator, kode: Kommune):
    return _fravaer_side(request, k, bruger, kode)


def _fravaer_handling(request: Request, k: Kontekst, bruger: Indlogget, kode: str, handling) -> Response:
    """Run `handling(session, kollegaer, vikarer)` in one transaction; a Danish message on bad input."""
    kollegaer = fravaerende_for(bruger, visning.teams(k, kode))
    vikarer = set(visning.navne(k, kode))
    try:
        with k.sessions() as session:
            besked = handling(session, kollegaer, vikarer)
            session.commit()
    except lager.ArbejdslisteFejl as fejl:
        return _fravaer_side(request, k, bruger, kode, 409 if isinstance(fejl, lager.Konflikt) else 422,
                             fejl=saetning(str(fejl)))
    return RedirectResponse(f"/kommuner/{kode}/fravaer?{urlencode({'gemt': besked})}", status_code=303)


@router.post("/kommuner/{kode}/fravaer")
def registrer_fravaer(
    request: Request, k: Ktx, bruger: FravaerRegistrator, kode: Kommune, sagsbehandler_id: Annotated[str, Form()],
    fra: Annotated[str, Form()], til: Annotated[str, Form()], vikar_id: Annotated[str, Form()] = "",
):
    def gem(session, kollegaer, vikarer):
        lager.registrer_fravaer(session, kode, sagsbehandler_id, _dato(fra, "Fra"), _dato(til, "Til"),
                                vikar_id or None, bruger.brugernavn, kollegaer, vikarer)
        return "Fraværet er registreret."
    return _fravaer_handling(request, k, bruger, kode, gem)


@router.post("/kommuner/{kode}/fravaer/{fravaer_id}")
def ret_fravaer(
    request: Request, k: Ktx, bruger: FravaerRegistrator, kode: Kommune, fravaer_id: int,
    fra: Annotated[str, Form()], til: Annotated[str, Form()], version: Annotated[int, Form()],
    vikar_id: Annotated[str, Form()] = "",
):
    def gem(session, kollegaer, vikarer):
        f = lager.hent_fravaer(session, kode, fravaer_id, version)
        lager.ret_fravaer(session, f, _dato(fra, "Fra"), _dato(til, "Til"), vikar_id or None, bruger.brugernavn,
                          kollegaer, vikarer)
        return "Fraværet er rettet."
    return _fravaer_handling(request, k, bruger, kode, gem)


@router.post("/kommuner/{kode}/fravaer/{fravaer_id}/slet")
def slet_fravaer(request: Request, k: Ktx, bruger: FravaerRegistrator, kode: Kommune, fravaer_id: int,
                 version: Annotated[int, Form()]):
    def gem(session, kollegaer, vikarer):
        lager.slet_fravaer(session, lager.hent_fravaer(session, kode, fravaer_id, version),
                           bruger.brugernavn, kollegaer)
        return "Fraværet er slettet."
    return _fravaer_handling(request, k, bruger, kode, gem)
