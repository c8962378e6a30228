"""What every route needs, built once by `create_app`: results, workflow store, authentication,
templates; and the dependencies that turn a request into a signed-in user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from typing import Annotated, Callable

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session, sessionmaker

from tilsyn import afgoerelser, celler, kommuner
from tilsyn.rules.i_kraft import vaerdi_tekst
from tilsyn.ordliste import KONSEKVENS_TEKST, kode_tekst, myndighed, rolle_tekst, ydelsesgruppe_tekst
from tilsyn.resultater.cache import CACHE
from tilsyn.resultater.gemte import SPOERGER
from tilsyn.resultater.kilde import ResultatKilde
from tilsyn.rules.rulebook import rulebook
from tilsyn.web import csrf, sessioner
from tilsyn.web.loginvagt import Loginvagt
from tilsyn.web.adgang import Indlogget
from tilsyn.web.auth import Autentificering

TEMPLATES = Path(__file__).parent / "templates"


class IkkeLoggetInd(Exception):
    """No (valid) session: HTTP 401 (the pages answer with the login form)."""


@dataclass
class Kontekst:
    resultater: ResultatKilde
    sessions: sessionmaker[Session]
    autentificering: Autentificering
    templates: Jinja2Templates
    loginvagt: Loginvagt
    sessionsregler: sessioner.Regler = field(default_factory=sessioner.Regler)


def kontekst(request: Request) -> Kontekst:
    return request.app.state.tilsyn


def indlogget(request: Request) -> Indlogget:
    """The signed-in user: the cookie's session must be live in the store and the user still
    there, checked anew on each request. The seconds the session has left go to the page (its
    idle warning)."""
    k = kontekst(request)
    fundet = sessioner.gyldig(k.sessions, request.session.get(sessioner.NOEGLE), k.sessionsregler)
    bruger = k.autentificering.hent(fundet.brugernavn) if fundet else None
    if bruger is None:
        raise IkkeLoggetInd()
    request.state.sekunder_tilbage = fundet.sekunder_tilbage
    if (spoerger := SPOERGER.get()) is not None:  # the results layer's one engine run per person
        spoerger.navn = bruger.brugernavn
    return bruger


# What a route asks for: the application's context and the signed-in user.
Ktx = Annotated[Kontekst, Depends(kontekst)]
Bruger = Annotated[Indlogget, Depends(indlogget)]


def valgfri_bruger(request: Request) -> Indlogget | None:
    try:
        return indlogget(request)
    except IkkeLoggetInd:
        return None


def tal(value, decimaler: int = 0) -> str:
    """A number the Danish way: 1.234,56 (a dash for a missing value). A tiny negative value that
    rounds to zero prints as 0, not -0."""
    if value is None:
        return "–"
    text = f"{value:z,.{decimaler}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


from tilsyn.ordliste import MAANEDER, dato_tekst, maaned_navn  # noqa: E402,F401 - the pages' filters


class Miljoe(Environment):
    """The pages render result rows as dicts (polars `to_dicts`/`iter_rows`). Jinja's `r.kolonne`
    tries the attribute first and catches the AttributeError before it looks up the key; on a
    worklist of hundreds of rows that was half the page time. A dict's key is looked up first here
    (as `r['kolonne']` does); other objects and a dict's methods (`navne.items()`) work as before."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def regel(path: str, maaned: date):
    """A rule value for a page's text, read as declared; a month before the rulebook shows its
    first value (the page says that month has no figures)."""
    from tilsyn.data.daekning import regler_fra

    return rulebook().vaerdi(path, maaned=max(maaned, regler_fra()))


def templates() -> Jinja2Templates:
    # The templates are package files: read once per process, not checked for changes per request.
    # every printed value through `celler.vis`: names and ids from the data cannot hide characters
    miljoe = Miljoe(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), auto_reload=False,
                    finalize=celler.vis)
    t = Jinja2Templates(env=miljoe)
    t.env.filters["tal"] = tal
    t.env.filters["dato"] = dato_tekst
    t.env.filters["konsekvens"] = lambda k: KONSEKVENS_TEKST[k].lower() if k in KONSEKVENS_TEKST else k
    t.env.filters["maaned"] = maaned_navn
    t.env.globals["kommunenavn"] = lambda kode: kommuner.kommuner()[kode].navn if kode in kommuner.kommuner() else kode
    t.env.globals["csrf_token"] = lambda request: csrf.token(request.session)
    t.env.globals["regel"] = regel
    t.env.globals["regelsaet"] = lambda: rulebook().navn  # the rulebook the figures came from
    t.env.globals["snart_dage"] = lambda: afgoerelser.snart_dage(rulebook(), date.today())
    t.env.globals["myndighed"] = myndighed
    t.env.globals["rolle_tekst"] = lambda rolle: rolle_tekst(rolle, date.today())
    t.env.filters["kode"] = kode_tekst
    t.env.filters["regelvaerdi"] = vaerdi_tekst
    t.env.filters["ydelsesgruppe"] = ydelsesgruppe_tekst
    return t


def side(k: Kontekst, request: Request, navn: str, status_code: int = 200, **context) -> HTMLResponse:
    """A page rendered from its template; every page says how far the data goes."""
    from tilsyn.data.daekning import UdenforDaekning

    try:
        context.setdefault("daekning", k.resultater.daekning())
    except UdenforDaekning:
        context.setdefault("daekning", None)
    return k.templates.TemplateResponse(request, navn, context, status_code=status_code)


def fragment(k: Kontekst, navn: str, data: object, noegle: tuple, lav: Callable[[], dict]) -> Markup:
    """The template `navn` rendered with the context `lav()` once and kept: for the same `data` (the
    cached result object it is made from: kept alive here and compared by identity, so a new
    import's results render anew) and `noegle` (everything else the template reads). A page's heavy
    part (hundreds of worklist lines, the overview's tables and charts) is then rendered once for
    everyone who asks for it, not once per request; what differs per user stays in the page
    around it. `data` None: rendered each time (a refusal, nothing lasting to key it by)."""
    if data is None:
        return Markup(k.templates.get_template(navn).render(**lav()))
    fundet = CACHE.hent(fuld := ("fragment", navn, id(data), noegle))
    if fundet is not None and fundet[0] is data:
        return fundet[1]
    html = Markup(k.templates.get_template(navn).render(**lav()))
    CACHE.gem(fuld, (data, html))
    return html


def saetning(tekst: str) -> str:
    """A service's Danish message (`SagFejl`, `Konflikt`) as a sentence on a page."""
    return tekst[:1].upper() + tekst[1:] + ("" if tekst.endswith(".") else ".")
