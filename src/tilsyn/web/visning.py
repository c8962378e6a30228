"""Turning results into what a role may see: parsing query values, the worklist for a user
(scoped, access-logged), sorting. Shared by the pages and the API so both answer alike."""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import astuple, dataclass, field
from datetime import date
from urllib.parse import quote, urlencode

import polars as pl
from fastapi import HTTPException, Request

from tilsyn import tid
from tilsyn.engine.sagsstamme import angaar, holdet, med_fravaer
from tilsyn.kommuner import normaliser_kode
from tilsyn.ordliste import STATUSSER
from tilsyn.web.adgang import Indlogget, egne_raekker, kraev, maa_se_borgere, omfang
from tilsyn.web.adgangslog import log_visning
from tilsyn.data.daekning import UdenforDaekning
from tilsyn.resultater.arbejdsliste import (
    krav_tekster, med_note, menneske, orden, pr_sagsbehandler, rettidighed_pr_sagsbehandler,
)
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision import arbejdsliste as lager
from tilsyn.web.kontekst import Kontekst

def kommune(kode: str) -> str:
    """The 4-digit code, or 404 for an unknown municipality."""
    normal = normaliser_kode(kode)
    if normal is None:
        raise HTTPException(404, f"Ukendt kommunekode {kode!r}")
    return normal


def maaned(text: str | None, standard: date) -> date:
    if not text:
        return standard
    try:
        return tid.parse_maaned(text)
    except ValueError:
        raise HTTPException(422, f"Måneden skal skrives ÅÅÅÅ-MM, fik {text!r}") from None


def aar(text: str | None, standard: int | None) -> int | None:
    if not text:
        return standard
    if not re.fullmatch(r"[0-9]{1,4}", text.strip()) or not 1 <= int(text) <= 9998:
        raise HTTPException(422, f"Året skal skrives ÅÅÅÅ, fik {text!r}")
    return int(text)


def standard_maaned(k: Kontekst) -> date:
    """The newest month with fokusmål (the data's last month when it is too short for any)."""
    mulige = k.resultater.fokusmaal_maaneder()
    return mulige[1] if mulige else k.resultater.daekning().til


def udvaelgelsesaar(k: Kontekst) -> list[int]:
    """The years the data gives a selection for (every month of the year with its 12-month window)."""
    from tilsyn.resultater import TILBAGE

    mulige = k.resultater.daekning().maaneder(TILBAGE["aarsvaerdi"])
    if not mulige:
        return []
    return [y for y in range(mulige[0].year, mulige[1].year + 1)
            if date(y, 1, 1) >= mulige[0] and date(y, 12, 1) <= mulige[1]]


def dag(text: str | None, standard: date) -> date:
    if not text:
        return standard
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise HTTPException(422, f"Datoen skal skrives ÅÅÅÅ-MM-DD, fik {text!r}") from None


def navne(k: Kontekst, kode: str) -> dict[str, str]:
    """The municipality's caseworkers: id -> name (made once per result table; not to be changed)."""
    return _sagsbehandlere(k, kode)[0]


def teams(k: Kontekst, kode: str) -> dict[str, str | None]:
    """The municipality's caseworkers: id -> team (what a team leader's scope is made of; made once
    per result table, not to be changed)."""
    return _sagsbehandlere(k, kode)[1]


def _sagsbehandlere(k: Kontekst, kode: str) -> tuple[dict[str, str], dict[str, str | None]]:
    frame = k.resultater.sagsbehandlere(kode)
    return en_gang(frame, lambda: (dict(zip(frame["sagsbehandler_id"], frame["navn"])),
                                    dict(zip(frame["sagsbehandler_id"], frame["team"]))), _SAGSBEHANDLERE)


def standard_dato(k: Kontekst) -> date:
    """Today, or the last day of the data when the data ends earlier (a demo or an old delivery)."""
    return k.resultater.daekning().dag_i(date.today())


def arbejdsliste(
    k: Kontekst,
    bruger: Indlogget,
    request: Request,
    kode: str,
    dato: date,
    status: str | None = None,
    sagsbehandler: str | None = None,
    team: str | None = None,
) -> list[dict]:
    """The worklist lines (spec 06 columns) the user may see, most urgent first; the view is
    access-logged here, after the checks and before anything is returned, exactly once."""
    raekker = _linjer(k, bruger, kode, dato, (status,) if status else (), sagsbehandler, team)
    log_visning(k.sessions, bruger, (r["person_id"] for r in raekker), request)
    return raekker


@dataclass
class Filtre:
    """The worklist page's filters; they combine (statuses are or-ed, the rest and-ed)."""

    status: tuple[str, ...] = ()
    sagsbehandler: str | None = None
    team: str | None = None
    soeg: str | None = None
    kilde: str | None = None  # "lov", "lokal" or None for both


@dataclass
class Liste:
    linjer: list[dict]  # `til_mennesker` rows after every filter, most urgent first
    antal: dict[str, int]  # per status, over the user's whole list before the status and kilde filters
    opsummering: list[dict]  # `pr_sagsbehandler` of every line after the filters
    navne: dict[str, str]
    i_alt: int  # lines after the filters; more than `linjer` when the page shows the first only
    kilde: object = None  # what the lines were made from (kept per result table): with `noter`, what they are
    noter: tuple = ()  # (line number, note) of the lines with a note


KILDER = {"lov": "Lovkrav", "lokal": "Lokale normer"}


def arbejdsliste_for_mennesker(
    k: Kontekst, bruger: Indlogget, request: Request | None, kode: str, dato: date, filtre: Filtre,
    hoejst: int | None = None,
) -> Liste:
    """The worklist as people read it (`resultater.arbejdsliste.til_mennesker`), after the filters,
    with the counts per status and the per-caseworker summary of every line; the `hoejst` most urgent
    lines when given. Every shown citizen is logged (not when `request` is None: the caller logs)."""
    if filtre.kilde and filtre.kilde not in KILDER:
        raise HTTPException(422, f"Ukendt kilde {filtre.kilde!r}; vælg lov eller lokal")
    _tjek_status(filtre.status)
    kraev(maa_se_borgere(bruger, kode))
    m = _mennesker(k, kode, dato)
    fravaer = _fravaer(k, kode, dato)
    rettidighed = rettidighed_i_procent(k, kode, dato)
    # The same list for everyone with the same scope, filters and absences: made once per result
    # table (a manager's list filters and sums up tens of thousands of lines at national scale).
    noegle = (omfang(bruger), astuple(filtre), hoejst, tuple(
        (f.id, f.sagsbehandler_id, f.fra, f.til, f.vikar_id) for f in fravaer))
    fundet = m.lister.get(noegle)
    if fundet is None or fundet[0] is not rettidighed:
        fundet = rettidighed, _liste(k, bruger, kode, dato, filtre, hoejst, m, fravaer, rettidighed)
        with _LAAS:
            m.lister[noegle] = fundet
            while len(m.lister) > _MAKS_LISTER:
                m.lister.pop(next(iter(m.lister)))
    linjer, antal, opsummering, i_alt = fundet[1]
    # notes change between requests: read each time, those of the lines shown only
    with k.sessions() as session:
        noter = lager.noter(session, kode, (r["person_id"] for r in linjer))
    linjer = [med_note(r, noter) for r in linjer]
    if request is not None:
        log_visning(k.sessions, bruger, (r["person_id"] for r in linjer), request)
    return Liste(linjer, dict(antal), list(opsummering), navne(k, kode), i_alt, fundet,
                 tuple((i, r["note"]) for i, r in enumerate(linjer) if r["note"] is not None))


def _liste(k: Kontekst, bruger: Indlogget, kode: str, dato: date, filtre: Filtre, hoejst: int | None,
           m: _Mennesker, fravaer: list, rettidighed: dict) -> tuple[list[dict], dict[str, int], list[dict], int]:
    """`Liste`'s lines (the `hoejst` first), counts, summary and number of lines, before notes."""
    linjer = _udvalg(k, bruger, kode, dato, (), filtre.sagsbehandler, filtre.team, m, fravaer)
    if filtre.soeg:
        ord_ = filtre.soeg.strip().lower()
        linjer = [r for r in linjer if ord_ in r["person_id"].lower() or ord_ in r["navn"].lower()]
    antal = dict.fromkeys(STATUSSER, 0) | Counter(r["status"] for r in linjer)
    if filtre.status:
        linjer = [r for r in linjer if r["status"] in filtre.status]
    if filtre.kilde:
        linjer = [r for r in linjer if r["lokal_norm"] == (filtre.kilde == "lokal")]
    opsummering = pr_sagsbehandler(linjer, rettidighed)
    return (linjer if hoejst is None else linjer[:hoejst]), antal, opsummering, len(linjer)


def rettidighed_i_procent(k: Kontekst, kode: str, dato: date) -> dict[str, float | None]:
    """Last month's rettidighed per caseworker (`rettidighed_pr_sagsbehandler`) of the municipality,
    made once per result table; none when the data does not cover the month."""
    try:
        frame = k.resultater.rettidighed(kode, tid.add_months(tid.first_day(dato), -1))
    except UdenforDaekning:
        return {}
    return en_gang(frame, lambda: rettidighed_pr_sagsbehandler(frame.iter_rows(named=True)))


@dataclass(frozen=True)
class _Mennesker:
    """The municipality's worklist on a date as people read it (`menneske` rows, no notes, no
    absences registered in the web), most urgent first, with what a row is remade from."""

    linjer: list[dict]
    tekster: dict
    navne: dict[str, str]
    personnavne: dict[str, str]
    lister: dict = field(default_factory=dict)  # `arbejdsliste_for_mennesker`'s lists made from these rows

    def med_fravaer(self, r: dict, fravaer: list, dato: date) -> dict:
        return _med_stier(menneske(med_fravaer(r, fravaer, dato), self.tekster, self.navne, self.personnavne))


def _med_stier(r: dict) -> dict:
    """The row with the parts of its links (the citizen's page, the line's marking form), made
    with the row rather than for each line of each page."""
    r["borger_sti"] = quote(r["person_id"], safe="")
    r["linje_q"] = urlencode({"person_id": r["person_id"], "krav_id": r["krav_id"] or "",
                              "frist": r["frist"].isoformat() if r["frist"] else ""})
    return r


# Made once per result table (the table is kept alive here, so its id is not reused): turning
# tens of thousands of lines into people's rows and sorting them on every request was what made
# the page slow at national scale. Never handed out as they are: requests filter into new lists,
# and what changes between requests (notes, absences) makes new rows.
_PER_TABEL: dict[int, tuple[pl.DataFrame, object]] = {}
_MAKS_PER_TABEL = 32
_SAGSBEHANDLERE: dict[int, tuple[pl.DataFrame, object]] = {}  # navne, teams: apart, so they never push a worklist out
_MAKS_LISTER = 64  # per result table: scopes x filters x absences
_LAAS = threading.Lock()


def en_gang(frame: pl.DataFrame, beregn, gemt: dict = _PER_TABEL):
    """`beregn()` once per result table `frame` (kept, compared by identity), not once per request."""
    fundet = gemt.get(id(frame))
    if fundet is not None and fundet[0] is frame:
        return fundet[1]
    vaerdi = beregn()
    gemt[id(frame)] = (frame, vaerdi)
    while len(gemt) > _MAKS_PER_TABEL:
        gemt.pop(next(iter(gemt)), None)
    return vaerdi


def _mennesker(k: Kontekst, kode: str, dato: date) -> _Mennesker:
    frame = k.resultater.frister(kode, dato)

    def beregn() -> _Mennesker:
        pn = k.resultater.personnavne(kode)
        m = _Mennesker([], krav_tekster(rulebook(), kode), navne(k, kode), dict(zip(pn["person_id"], pn["navn"])))
        m.linjer.extend(sorted((_med_stier(menneske(r, m.tekster, m.navne, m.personnavne)) for r in frame.iter_rows(named=True)),
                               key=orden))
        return m
    return en_gang(frame, beregn)


def paa_listen(k: Kontekst, bruger: Indlogget, kode: str, person_id: str, krav_id: str, frist: date) -> dict | None:
    """The line if it is on the user's list today (what a note may be written on), else None; not
    yet logged."""
    return next((r for r in _linjer(k, bruger, kode, standard_dato(k), (), None, None)
                 if r["person_id"] == person_id and r["krav_id"] == krav_id and r["frist"] == frist), None)


def _tjek_status(status: tuple[str, ...]) -> None:
    for s in status:
        if s not in STATUSSER:
            raise HTTPException(422, f"Ukendt status {s!r}; vælg en af {', '.join(STATUSSER)}")


def _linjer(
    k: Kontekst, bruger: Indlogget, kode: str, dato: date,
    status: tuple[str, ...], sagsbehandler: str | None, team: str | None,
) -> list[dict]:
    """The lines the user may see after the filters, with the absences registered in the web
    applied; not yet logged, so never returned to a route."""
    kraev(maa_se_borgere(bruger, kode))
    _tjek_status(status)
    return _udvalg(k, bruger, kode, dato, status, sagsbehandler, team, _mennesker(k, kode, dato),
                   _fravaer(k, kode, dato))


def _fravaer(k: Kontekst, kode: str, dato: date) -> list:
    """The absences registered in the web that cover `dato` (`afgoerelser` says which decides). They
    change between requests: read each time."""
    with k.sessions() as session:
        fravaer = lager.fravaer_paa_listen(session, kode)
    return [f for f in fravaer if f.fra <= dato <= f.til]


def _udvalg(
    k: Kontekst, bruger: Indlogget, kode: str, dato: date, status: tuple[str, ...], sagsbehandler: str | None,
    team: str | None, m: _Mennesker, fravaer: list,
) -> list[dict]:
    """`_linjer` after the checks: only the absent's rows are remade."""
    team_af = teams(k, kode)
    fravaerende = {f.sagsbehandler_id for f in fravaer}
    raekker = [m.med_fravaer(r, fravaer, dato) if r["sagsbehandler_id"] in fravaerende else r for r in m.linjer]
    raekker = egne_raekker(bruger, raekker, team_af)
    if status:
        raekker = [r for r in raekker if r["status"] in status]
    if sagsbehandler:
        raekker = [r for r in raekker if angaar(r, {sagsbehandler})]
    if team:
        holdets = holdet(team_af, team)
        raekker = [r for r in raekker if angaar(r, holdets)]
    return raekker


def sorteret(df: pl.DataFrame, kolonne: str | None, faldende: bool, tilladte: tuple[str, ...]) -> pl.DataFrame:
    if kolonne not in tilladte:
        return df
    return df.sort(kolonne, descending=faldende, nulls_last=True)
