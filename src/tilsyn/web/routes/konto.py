"""Signing in and out, and the session's remaining time (single sign-on: `tilsyn.web.oidc`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from tilsyn.web import sessioner
from tilsyn.web.auth import Travlt
from tilsyn.web.kontekst import Bruger, Kontekst, Ktx, side

router = APIRouter()


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
