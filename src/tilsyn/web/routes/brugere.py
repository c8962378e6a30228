"""The administrator's page "Brugere": the local users listed, created, changed (role, municipality,
team), deactivated, given a new password, signed out, and a login lock lifted. The work is
`tilsyn.web.brugere`'s and `loginvagt.ophaev_spaerring`'s, as for `tilsyn bruger`: each change in
the access log with the admin's name and the page's path. A change is written only if the user is
as the form showed it (else 409 with the new values)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from tilsyn import kommuner
from tilsyn.web import brugere, loginvagt, sessioner
from tilsyn.web.adgang import ROLLER
from tilsyn.web.deps import Administrator
from tilsyn.web.kontekst import Kontekst, Ktx, saetning, side

router = APIRouter()

# The confirmation after each change (`?udfoert=`), so a reload repeats nothing.
UDFOERT = {
    "oprettet": "Brugeren er oprettet.",
    "aendret": "Ændringen er gemt. Brugeren er logget ud og får de nye rettigheder ved næste login.",
    "adgangskode": "Adgangskoden er nulstillet, og brugeren er logget ud. Giv brugeren den nye adgangskode på en sikker måde.",
    "deaktiveret": "Brugeren er deaktiveret og logget ud. En ny adgangskode aktiverer brugeren igen.",
    "sessioner": "Brugerens sessioner er afsluttet; brugeren skal logge ind igen.",
    "spaerring": "Spærringen er ophævet; brugeren kan logge ind igen med det samme.",
}
Tekst = Annotated[str, Form()]


def _liste(k: Kontekst, request: Request, bruger, status: int = 200, **felter):
    return side(k, request, "brugere.html", status, bruger=bruger, brugere=brugere.liste(k.sessions),
                roller=ROLLER, kommuner=kommuner.kommuner(), udfoert=UDFOERT.get(request.query_params.get("udfoert")),
                felter=felter.pop("felter", {}), **felter)


def _detalje(k: Kontekst, request: Request, bruger, brugernavn: str, status: int = 200, **felter):
    try:
        valgt = brugere.hent(k.sessions, brugernavn)
    except brugere.BrugerFejl as e:
        raise HTTPException(404, saetning(str(e))) from None
    return side(k, request, "bruger.html", status, bruger=bruger, valgt=valgt, roller=ROLLER,
                kommuner=kommuner.kommuner(), udfoert=UDFOERT.get(request.query_params.get("udfoert")),
                aktive=len(sessioner.liste(k.sessions, k.sessionsregler, brugernavn)),
                spaerret=k.loginvagt.spaerret(brugernavn), **felter)


@router.get("/brugere", response_class=HTMLResponse)
def brugerliste(request: Request, k: Ktx, bruger: Administrator):
    return _liste(k, request, bruger)


@router.post("/brugere", response_class=HTMLResponse)
def opret(request: Request, k: Ktx, bruger: Administrator, brugernavn: Tekst, rolle: Tekst, adgangskode: Tekst,
          navn: Tekst = "", kommune: Tekst = "", team: Tekst = ""):
    try:
        ny = brugere.opret(k.sessions, brugernavn, navn, rolle, adgangskode, kommune or None, team or None,
                           af=bruger.brugernavn, route=request.url.path)
    except brugere.BrugerFejl as e:
        felter = {"brugernavn": brugernavn, "navn": navn, "rolle": rolle, "kommune": kommune, "team": team}
        return _liste(k, request, bruger, 422, fejl=saetning(str(e)), felter=felter)
    return RedirectResponse(f"/brugere/{ny.brugernavn}?udfoert=oprettet", status_code=303)


@router.get("/brugere/{brugernavn}", response_class=HTMLResponse)
def detalje(request: Request, k: Ktx, bruger: Administrator, brugernavn: str):
    return _detalje(k, request, bruger, brugernavn)


def _udfoer(k: Kontekst, request: Request, bruger, brugernavn: str, hvad: str, handling) -> HTMLResponse:
    """Do the change; a Danish error on the user's page if it is refused (409 if someone else got
    there first), else back to the page with the confirmation."""
    try:
        handling()
    except brugere.BrugerAendret as e:
        return _detalje(k, request, bruger, brugernavn, 409, fejl=saetning(str(e)))
    except brugere.BrugerFejl as e:
        return _detalje(k, request, bruger, brugernavn, 422, fejl=saetning(str(e)))
    return RedirectResponse(f"/brugere/{brugernavn}?udfoert={hvad}", status_code=303)


def _ikke_sig_selv(bruger, brugernavn: str, hvad: str) -> None:
    if bruger.brugernavn == brugernavn:
        raise brugere.BrugerFejl(f"du kan ikke {hvad} dig selv; bed en anden administrator om det")


@router.post("/brugere/{brugernavn}", response_class=HTMLResponse)
def aendr(request: Request, k: Ktx, bruger: Administrator, brugernavn: str, rolle: Tekst,
          laest_navn: Tekst, laest_rolle: Tekst, navn: Tekst = "", kommune: Tekst = "", team: Tekst = "",
          laest_kommune: Tekst = "", laest_team: Tekst = ""):
    def handling():
        if rolle != "admin":
            _ikke_sig_selv(bruger, brugernavn, "fratage administratorrollen fra")
        brugere.aendr(k.sessions, brugernavn, navn, rolle, kommune or None, team or None,
                      (laest_navn, laest_rolle, laest_kommune or None, laest_team or None),
                      af=bruger.brugernavn, route=request.url.path)
    return _udfoer(k, request, bruger, brugernavn, "aendret", handling)


@router.post("/brugere/{brugernavn}/adgangskode", response_class=HTMLResponse)
def adgangskode(request: Request, k: Ktx, bruger: Administrator, brugernavn: str, adgangskode: Tekst,
                gentag: Tekst):
    def handling():
        if adgangskode != gentag:
            raise brugere.BrugerFejl("de to adgangskoder er ikke ens")
        brugere.skift_adgangskode(k.sessions, brugernavn, adgangskode, af=bruger.brugernavn, route=request.url.path)
    return _udfoer(k, request, bruger, brugernavn, "adgangskode", handling)


@router.post("/brugere/{brugernavn}/deaktiver", response_class=HTMLResponse)
def deaktiver(request: Request, k: Ktx, bruger: Administrator, brugernavn: str):
    def handling():
        _ikke_sig_selv(bruger, brugernavn, "deaktivere")
        brugere.deaktiver(k.sessions, brugernavn, af=bruger.brugernavn, route=request.url.path)
    return _udfoer(k, request, bruger, brugernavn, "deaktiveret", handling)


@router.post("/brugere/{brugernavn}/sessioner", response_class=HTMLResponse)
def afslut_sessioner(request: Request, k: Ktx, bruger: Administrator, brugernavn: str):
    return _udfoer(k, request, bruger, brugernavn, "sessioner", lambda: brugere.afslut_sessioner(
        k.sessions, brugernavn, af=bruger.brugernavn, route=request.url.path))


@router.post("/brugere/{brugernavn}/spaerring", response_class=HTMLResponse)
def ophaev_spaerring(request: Request, k: Ktx, bruger: Administrator, brugernavn: str):
    return _udfoer(k, request, bruger, brugernavn, "spaerring", lambda: loginvagt.ophaev_spaerring(
        k.sessions, brugernavn, bruger.brugernavn, request.url.path))
