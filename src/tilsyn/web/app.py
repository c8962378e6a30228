"""`create_app(store_path, db_url)`: the web application, wired once.

Middleware from the outside in: security headers, sessions (a signed cookie, HttpOnly,
SameSite=Lax, carrying only the key of a server-side session), CSRF on every state-changing
request. 401/403 become the login form or a Danish
error page for people, JSON for the API.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable
from http import HTTPStatus
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy import text
from starlette.exceptions import HTTPException
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from tilsyn.benchmark import ResultatmaalFejl
from tilsyn.data.daekning import UdenforDaekning
from tilsyn.filer import privat
from tilsyn.resultater.gemte import SPOERGER, AlleredeIGang, EngineResultater, Spoerger
from tilsyn.resultater.kilde import ResultatKilde
from tilsyn.supervision import db
from tilsyn.web import assets, oidc as sso, sessioner
from tilsyn.web.routes import ROUTERE
from tilsyn.web.adgang import Forbudt
from tilsyn.web.routes.api import lav_api
from tilsyn.web.auth import Autentificering, LokaleBrugere
from tilsyn.web.beregnes import Beregnes
from tilsyn.web.csrf import CsrfMiddleware
from tilsyn.web.loginvagt import Loginvagt
from tilsyn.web.kontekst import IkkeLoggetInd, Kontekst, saetning, side, templates, valgfri_bruger

log = logging.getLogger(__name__)
SIKKERHEDSHEADERE = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",
    b"content-security-policy": b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
}


def hemmelighed(db_url: str, store_path: Path) -> str:
    """The session key: env TILSYN_SECRET, else a random key kept in a file beside the database
    (beside the store for a server database), made on first start, readable by the owner only.
    Made whole or not at all (written beside and linked into place), so server processes starting
    together all read the one key."""
    if os.environ.get("TILSYN_SECRET"):
        return os.environ["TILSYN_SECRET"]
    url = db.db_url(db_url)
    mappe = Path(url.removeprefix("sqlite:///")).parent if url.startswith("sqlite:///") else store_path.parent
    fil = mappe / "tilsyn-hemmelighed"
    if not fil.exists():
        fil.parent.mkdir(parents=True, exist_ok=True)
        ny = fil.with_name(f".{fil.name}.{os.getpid()}")
        privat(ny).write_text(secrets.token_urlsafe(48))
        try:
            os.link(ny, fil)  # fails if another process made it first: its key is the one
        except FileExistsError:
            pass
        finally:
            ny.unlink()
    return fil.read_text().strip()


def til_drift() -> None:
    """The start-up objects (modules, templates, the rulebook) live as long as the server: keep the
    cyclic garbage collector from scanning them again and again, and let it run less often. Its
    full passes were the tail of the page times under load (benchmarks/web_load.py: p95 of the
    overview 360 ms -> 146 ms)."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


# `tilsyn serve --workers N` gives its processes what it was given in this environment variable.
ARBEJDER = "TILSYN_SERVE_ARBEJDER"
VENT = 2.5  # seconds `tilsyn serve` lets a page compute before it answers "being computed" (`web.beregnes`)


def arbejder() -> FastAPI:
    """The application of one of `tilsyn serve --workers N`'s processes (uvicorn starts each and
    calls this by name): the store, workflow database and settings the command was given, and no
    warm-up of its own — `tilsyn serve` warms the results on disk once for them all, and a process
    that needs one not yet there waits for it (`resultater.gemte`)."""
    v = json.loads(os.environ[ARBEJDER])
    app = create_app(v["store"], v["db"], https=v["https"], oidc=sso.indlaes(Path(v["oidc"])) if v["oidc"] else None,
                     traade=v["traade"], vent=VENT)
    til_drift()
    return app


# Behind TLS (`tilsyn serve --https`): browsers come back over HTTPS only, for a year.
HSTS = {b"strict-transport-security": b"max-age=31536000"}
SERVERFEJL = "Der opstod en fejl på serveren. Prøv igen senere."
# Citizen data must not stay in a browser's or proxy's cache: every answer but the static files.
INGEN_CACHE = {b"cache-control": b"no-store", b"pragma": b"no-cache"}


class Sikkerhedsheadere:
    """The security headers on every answer, also the 500 of an unexpected error (which would
    otherwise be made outside every middleware, without them); HSTS when behind TLS."""

    def __init__(self, app, https: bool = False):
        self.app = app
        self.headere = list(SIKKERHEDSHEADERE.items()) + (list(HSTS.items()) if https else [])

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headere = self.headere
        if not scope["path"].startswith("/static/"):
            headere = headere + list(INGEN_CACHE.items())
        startet = False

        async def send_med_headere(message):
            nonlocal startet
            if message["type"] == "http.response.start":
                startet = True
                message["headers"] = list(message.get("headers", [])) + headere
            await send(message)

        try:
            await self.app(scope, receive, send_med_headere)
        except Exception:
            if not startet:
                await PlainTextResponse(SERVERFEJL, status_code=500)(scope, receive, send_med_headere)
            raise


class Spoergeren:
    """Each request gets its own `Spoerger` (who asks for results), which the sign-in check fills
    in (`kontekst.indlogget`): the results layer gives each person one engine run at a time. Set here,
    around the app, since the routes and their dependencies each run in a thread of their own."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        token = SPOERGER.set(Spoerger())
        try:
            await self.app(scope, receive, send)
        finally:
            SPOERGER.reset(token)


def create_app(
    store_path: Path | str,
    db_url: str | None = None,
    *,
    resultater: ResultatKilde | None = None,
    autentificering: Autentificering | None = None,
    https: bool = False,
    oidc: sso.OidcIndstillinger | None = None,
    session_inaktiv_min: float | None = None,
    session_maks_timer: float | None = None,
    login_spaerring_min: float | None = None,
    ur=None,
    traade: int | None = None,
    opvarmning: Callable[[], object] | None = None,
    vent: float | None = None,
) -> FastAPI:
    """The application over an imported store and a workflow database (migrated here).
    `https=True` marks the session cookie Secure (behind TLS, as in production); `oidc` adds
    single sign-on beside the local users. A session ends after `session_inaktiv_min` without a
    request and `session_maks_timer` after login (else env, else 30 minutes and 8 hours). After 20
    wrong passwords a user name is locked for `login_spaerring_min` (else env
    TILSYN_LOGIN_SPAERRING_MIN, else 15). `ur` is the clock (tests). `traade`: how many requests are
    worked on at once (`tilsyn serve --traade`; else the thread pool's 40). `opvarmning` runs in a
    background thread once the server starts, while it already answers (`tilsyn serve`: the
    results the first pages show). `vent`: a page not ready within that many seconds answers with
    a notice that its figures are being computed and asks again (`web.beregnes`; None: pages wait)."""
    store_path = Path(store_path)
    url = db.db_url(db_url)
    sessions = db.sessions(url)
    _wal(sessions)
    regler = sessioner.Regler.fra(session_inaktiv_min, session_maks_timer, ur)
    spaerring = login_spaerring_min or float(os.environ.get("TILSYN_LOGIN_SPAERRING_MIN") or 15)
    noegle = hemmelighed(url, store_path)
    k = Kontekst(
        resultater=resultater or EngineResultater(store_path),
        sessions=sessions,
        autentificering=autentificering or LokaleBrugere(sessions),
        templates=templates(),
        sessionsregler=regler,
        loginvagt=Loginvagt(sessions, timedelta(minutes=spaerring), regler.ur, noegle),
    )
    if not assets.bygget():
        log.warning("DKFDS er ikke kopieret ind: kør `npm ci && python -m tilsyn.web.assets`")

    app = FastAPI(title="Tilsyn", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_start(traade, opvarmning))
    app.state.tilsyn = k
    api = lav_api()
    api.state.tilsyn = k
    for a in (app, api):
        a.add_exception_handler(IkkeLoggetInd, _ikke_logget_ind)
        a.add_exception_handler(Forbudt, _forbudt)
        a.add_exception_handler(HTTPException, _http_fejl)
        a.add_exception_handler(UdenforDaekning, _udenfor_daekning)
        a.add_exception_handler(ResultatmaalFejl, _udenfor_daekning)
        a.add_exception_handler(AlleredeIGang, _allerede_i_gang)
    api.add_exception_handler(Exception, _serverfejl)  # the mounted API makes its own 500
    app.add_exception_handler(RequestValidationError, _ugyldig)  # the API keeps its documented 422
    for router in ROUTERE:
        app.include_router(router)
    if oidc:
        app.include_router(sso.lav_router(oidc))
        k.templates.env.globals["oidc_udbyder"] = oidc.navn
    app.mount("/api/v1", api)
    app.mount("/static", StaticFiles(directory=assets.STATIC), name="static")

    app.add_middleware(Beregnes, vent=vent)
    app.add_middleware(CsrfMiddleware, fejl=_formular_afvist)
    app.add_middleware(
        SessionMiddleware,
        secret_key=noegle,
        session_cookie="tilsyn_session",
        max_age=None,  # a browser-session cookie; the server ends the session (`sessioner.Regler`)
        same_site="lax",
        https_only=https,
    )
    app.add_middleware(Sikkerhedsheadere, https=https)
    app.add_middleware(Spoergeren)
    return app


def _start(antal: int | None, opvarmning: Callable[[], object] | None):
    """Start `opvarmning` in a background thread (a request for a result not yet kept computes it
    on demand, or waits for the warm-up computing the same). Work on `antal` requests at a time;
    the rest wait their turn. The pages are Python work that
    holds the interpreter lock: 20 requests in 40 threads share it, so each waits for all the
    others (benchmarks/web_load.py at 1 M persons: worklist p95 330-350 ms); 4 at a time answer them
    in turn (190-215 ms) and also the overview stays under 200 ms. Engine runs for results not yet
    kept are serialised by the results layer's lock either way."""
    @asynccontextmanager
    async def lifespan(app):
        if opvarmning is not None:
            threading.Thread(target=opvarmning, name="tilsyn-opvarmning", daemon=True).start()
        if antal:
            anyio.to_thread.current_default_thread_limiter().total_tokens = antal
        yield
    return lifespan


def _wal(sessions) -> None:
    """SQLite in write-ahead-log mode, so page views (reads) and access-log writes do not block
    each other; the mode is kept in the database file."""
    with sessions() as session:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("PRAGMA journal_mode=WAL"))


def _er_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _ikke_logget_ind(request: Request, exc: IkkeLoggetInd):
    if _er_api(request):
        return JSONResponse({"detail": "Log ind først"}, status_code=401)
    naeste = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return request.app.state.tilsyn.templates.TemplateResponse(
        request, "log_ind.html", {"naeste": naeste, "bruger": None}, status_code=401
    )


def _serverfejl(request: Request, exc: Exception):
    return JSONResponse({"detail": SERVERFEJL}, status_code=500)


def _forbudt(request: Request, exc: Forbudt):
    return _fejl(request, 403, "Din rolle giver ikke adgang til denne side.")


# Starlette's own answers (an unknown address, a wrong method) in the words of the pages.
STANDARDFEJL = {404: "Der findes ingen side på denne adresse. Tjek adressen, eller gå til landsoversigten.",
                405: "Siden kan ikke bruges på den måde. Gå tilbage, og brug siden igen."}
VALIDERING = {"int_parsing": "skal være et helt tal", "missing": "mangler", "string_too_long": "er for lang",
              "string_pattern_mismatch": "har ikke den rigtige form"}


def _http_fejl(request: Request, exc: HTTPException):
    tekst = str(exc.detail)
    if exc.status_code in STANDARDFEJL and tekst == HTTPStatus(exc.status_code).phrase:
        tekst = STANDARDFEJL[exc.status_code]
    return _fejl(request, exc.status_code, tekst)


def _ugyldig(request: Request, exc: RequestValidationError):
    """FastAPI's validation of a page's address or form: a Danish page naming each field, not JSON."""
    dele = [f"{fejl['loc'][-1]} {VALIDERING.get(fejl['type'], 'er ugyldig')}" for fejl in exc.errors()]
    return _fejl(request, 422, saetning("Adressen eller formularen kan ikke bruges: " + "; ".join(dele)))


def _udenfor_daekning(request: Request, exc: UdenforDaekning | ResultatmaalFejl):
    """A month, year or day the data does not cover (or a year without rammevilkår): 422 for the
    API, and for people the page they asked for becomes a notice (200) saying why, with a way back."""
    if _er_api(request):
        return JSONResponse({"detail": saetning(str(exc))}, status_code=422)
    k = request.app.state.tilsyn
    return side(k, request, "udenfor_daekning.html", tekst=saetning(str(exc)), sti=request.url.path,
                bruger=valgfri_bruger(request))


def _allerede_i_gang(request: Request, exc: AlleredeIGang):
    """The person's other result is still being computed: 503 with when to ask again, and for
    people a page that says so with a link to try again."""
    sekunder = {"Retry-After": "3"}
    if _er_api(request):
        return JSONResponse({"detail": str(exc)}, status_code=503, headers=sekunder)
    k = request.app.state.tilsyn
    igen = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    svar = side(k, request, "beregnes.html", 503, tekst=str(exc), igen=igen, bruger=valgfri_bruger(request))
    svar.headers.update(sekunder)
    return svar


def _fejl(request: Request, status: int, tekst: str, overskrift: str | None = None):
    if _er_api(request):
        return JSONResponse({"detail": tekst}, status_code=status)
    return request.app.state.tilsyn.templates.TemplateResponse(
        request, "fejl.html",
        {"status": status, "tekst": tekst, "overskrift": overskrift, "bruger": valgfri_bruger(request)},
        status_code=status,
    )


def _formular_afvist(request: Request, status: int, tekst: str):
    """The CSRF middleware's refusal (a stale form, a body too large) as the other error pages."""
    return _fejl(request, status, tekst, "Formularen blev ikke modtaget")



