"""Turning results into what a role may see: parsing query values, the worklist for a user
(scoped, access-logged), sorting. Shared by the pages and the API so both answer alike."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import astuple, dataclass, field
from datetime import date
from urllib.parse import quote, urlencode

import polars as pl
from fastapi import HTTPException, Request
from sqlalchemy import func, select

from tilsyn import afgoerelser, tid
from tilsyn.kommuner import normaliser_kode
from tilsyn.ordliste import STATUSSER
from tilsyn.web.adgang import Indlogget, egne_raekker, kraev, maa_se_borgere, omfang
from tilsyn.web.adgangslog import log_visning
from tilsyn.benchmark import ResultatmaalFejl
from tilsyn.data.daekning import UdenforDaekning, regler_fra
from tilsyn.resultater import standard
from tilsyn.resultater.cache import CACHE
from tilsyn.resultater.arbejdsliste import (
    Planen, krav_tekster, kvote_tekster, mangler, med_noter, med_plan, menneske, orden, planen, pr_sagsbehandler,
    rettidighed_pr_sagsbehandler,
)
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision import arbejdsliste as lager
from tilsyn.supervision.models import Sag
from tilsyn.web.kontekst import Kontekst, saetning


def kommune(kode: str) -> str:
    """The 4-digit code, or 404 for an unknown municipality (also the dependency `deps.Kommune`)."""
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
    return standard.maaned(k.resultater)


def udvaelgelsesaar(k: Kontekst) -> list[int]:
    return standard.udvaelgelsesaar(k.resultater)


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
    return en_gang("sagsbehandlere", frame, lambda: (dict(zip(frame["sagsbehandler_id"], frame["navn"])),
                                                       dict(zip(frame["sagsbehandler_id"], frame["team"]))))


def standard_dato(k: Kontekst) -> date:
    return standard.dag(k.resultater)


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
    """The worklist lines (the columns of docs/web.md's API) the user may see, most urgent first; the view is
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
    lines when given, the quota plan of the user's unit (`plan_team`) on its quota lines and in their
    order before the cut. Every shown citizen is logged (not when `request` is None: the caller logs)."""
    if filtre.kilde and filtre.kilde not in KILDER:
        raise HTTPException(422, f"Ukendt kilde {filtre.kilde!r}; vælg lov eller lokal")
    _tjek_status(filtre.status)
    kraev(maa_se_borgere(bruger, kode))
    m = _mennesker(k, kode, dato)
    fravaer = _fravaer(k, kode, dato)
    rettidighed = rettidighed_i_procent(k, kode, dato)
    team = plan_team(bruger, filtre)
    plan = _planen(k, kode, dato, team)
    # The same list for everyone with the same scope, filters and absences: made once per result
    # table (a manager's list filters and sums up tens of thousands of lines at national scale).
    # notes change between requests: read each time, those that can still match a line (due on or
    # after the list's earliest deadline); the lines, counts and summary are made with them
    with k.sessions() as session:
        noter = lager.noter(session, kode, fra=_foerste_frist(m))
    noegle = (omfang(bruger), team, astuple(filtre), hoejst, tuple(
        (f.id, f.sagsbehandler_id, f.fra, f.til, f.vikar_id) for f in fravaer), tuple(sorted(noter.items())))
    noegle = ("liste", id(m), *noegle)
    fundet = CACHE.hent(noegle)
    if fundet is None or fundet[0] is not m or fundet[1] is not rettidighed or fundet[2] is not plan:
        fundet = m, rettidighed, plan, _liste(k, bruger, kode, dato, filtre, hoejst, m, fravaer, rettidighed, noter,
                                              plan)
        CACHE.gem(noegle, fundet)
    linjer, antal, opsummering, i_alt = fundet[3]
    if request is not None:
        log_visning(k.sessions, bruger, (r["person_id"] for r in linjer), request)
    return Liste(linjer, dict(antal), list(opsummering), navne(k, kode), i_alt, fundet,
                 tuple((i, r["note"]) for i, r in enumerate(linjer) if r["note"] is not None))


def plan_team(bruger: Indlogget, filtre: Filtre) -> str | None:
    """The unit whose quota plan a worklist carries: a caseworker's and a team leader's team, the
    manager's chosen team, else (None) the municipality."""
    return filtre.team if bruger.rolle == "jobcenterchef" else bruger.team


def _plan(k: Kontekst, kode: str, dato: date, team: str | None) -> tuple[pl.DataFrame, list[dict]] | None:
    """The unit's `kvoteplan_personer` and its own `kvoteplan` rows; None on a day without quotas."""
    try:
        personer = k.resultater.kvoteplan_personer(kode, dato, team)
        plan = k.resultater.kvoteplan(dato, kode, team)
    except UdenforDaekning:
        return None
    return personer, plan.filter(pl.col("niveau") == ("team" if team else "kommune")).to_dicts()


INGEN_PLAN = Planen()


def _planen(k: Kontekst, kode: str, dato: date, team: str | None) -> Planen:
    """`Planen` of the unit the lines are joined to, made once per plan table."""
    fundet = _plan(k, kode, dato, team)
    if fundet is None:
        return INGEN_PLAN
    personer, enhed = fundet
    return en_gang("planen", personer, lambda: planen(personer.iter_rows(named=True), enhed))


@dataclass
class PlanPaaListen:
    """The quota plan above a worklist: the unit's team (None: the municipality) and its `mangler`
    rows (the plan on the lines themselves is `Liste`'s, joined by `med_plan`)."""

    team: str | None = None
    mangler: list[dict] = field(default_factory=list)


def plan_paa_listen(k: Kontekst, bruger: Indlogget, kode: str, dato: date, filtre: Filtre) -> PlanPaaListen:
    """The plan of the user's unit (`plan_team`) on the worklist's day with the notes made since the
    delivery. Empty on a day without quotas (before 2026-07)."""
    team = plan_team(bruger, filtre)
    fundet = _plan(k, kode, dato, team)
    if fundet is None:
        return PlanPaaListen(team)
    personer, enhed = fundet
    raekker = personer.to_dicts()
    with k.sessions() as session:
        noter = lager.noter(session, kode, (p["person_id"] for p in raekker if p["status"] == "aaben"))
    egen = bruger.brugernavn if bruger.rolle == "sagsbehandler" else None
    return PlanPaaListen(team, mangler(enhed, raekker, noter, kvote_tekster(rulebook(), dato), egen))


def _liste(k: Kontekst, bruger: Indlogget, kode: str, dato: date, filtre: Filtre, hoejst: int | None,
           m: _Mennesker, fravaer: list, rettidighed: dict, noter: dict, plan: Planen,
           ) -> tuple[list[dict], dict[str, int], list[dict], int]:
    """`Liste`'s lines (the `hoejst` first) with their notes and plan, counts, summary and number of
    lines: the plan is joined and the lines ordered by it before anything is cut."""
    linjer = med_noter(_udvalg(k, bruger, kode, dato, (), filtre.sagsbehandler, filtre.team, m, fravaer), noter)
    linjer = med_plan(linjer, plan, afgoerelser.snart_dage(rulebook(), dato))
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


def _foerste_frist(m: "_Mennesker") -> date | None:
    return en_gang("foerste_frist", m, lambda: min((r["frist"] for r in m.linjer if r["frist"]), default=None))


def rettidighed_i_procent(k: Kontekst, kode: str, dato: date) -> dict[str, float | None]:
    """Last month's rettidighed per caseworker (`rettidighed_pr_sagsbehandler`) of the municipality,
    made once per result table; none when the data does not cover the month."""
    try:
        frame = k.resultater.rettidighed(tid.add_months(tid.first_day(dato), -1), kode)
    except UdenforDaekning:
        return {}
    return en_gang("rettidighed", frame, lambda: rettidighed_pr_sagsbehandler(frame.iter_rows(named=True)))


@dataclass(frozen=True)
class _Mennesker:
    """The municipality's worklist on a date as people read it (`menneske` rows, no notes, no
    absences registered in the web), most urgent first, with what a row is remade from."""

    linjer: list[dict]
    tekster: dict
    navne: dict[str, str]
    personnavne: dict[str, str]
    statusser: dict[str, str]  # the day's status words (`afgoerelser.status_tekster`)

    def med_fravaer(self, r: dict, fravaer: list, dato: date) -> dict:
        from tilsyn.engine.sagsstamme import med_fravaer  # the engine's row rule; not loaded at the start

        return _med_stier(menneske(med_fravaer(r, fravaer, dato), self.tekster, self.navne, self.personnavne,
                                   self.statusser))


def _med_stier(r: dict) -> dict:
    """The row with the parts of its links (the citizen's page, the line's marking form), made
    with the row rather than for each line of each page."""
    r["borger_sti"] = quote(r["person_id"], safe="")
    r["linje_q"] = urlencode({"person_id": r["person_id"], "krav_id": r["krav_id"] or "",
                              "frist": r["frist"].isoformat() if r["frist"] else ""})
    return r


def en_gang(hvad: str, frame: pl.DataFrame, beregn):
    """`beregn()` once per result table `frame`, not once per request: kept in the one cache with
    the table (so its id is not reused), found by identity. Turning tens of thousands of lines into
    people's rows and sorting them on every request was what made the page slow at national scale.
    Never handed out to be changed: requests filter into new lists, and what changes between
    requests (notes, absences) makes new rows."""
    noegle = ("en_gang", hvad, id(frame))
    fundet = CACHE.hent(noegle)
    if fundet is not None and fundet[0] is frame:
        return fundet[1]
    vaerdi = beregn()
    CACHE.gem(noegle, (frame, vaerdi))
    return vaerdi


def _mennesker(k: Kontekst, kode: str, dato: date) -> _Mennesker:
    frame = k.resultater.frister(kode, dato)

    def beregn() -> _Mennesker:
        pn = k.resultater.personnavne(kode)
        m = _Mennesker([], krav_tekster(rulebook(), kode), navne(k, kode), dict(zip(pn["person_id"], pn["navn"])),
                       afgoerelser.status_tekster(rulebook(), dato))
        m.linjer.extend(sorted((_med_stier(menneske(r, m.tekster, m.navne, m.personnavne, m.statusser))
                                for r in frame.iter_rows(named=True)), key=orden))
        return m
    return en_gang("mennesker", frame, beregn)


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
    from tilsyn.engine.sagsstamme import angaar, holdet  # the engine's row rules; not loaded at the start

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


RESULTATMAAL_KOLONNER = {
    "kommune_kode": pl.String, "population_16_66": pl.Int64, "faktisk_andel": pl.Float64, "forventet_andel": pl.Float64,
    "forskel_pct_point": pl.Float64, "nedre": pl.Float64, "oevre": pl.Float64, "placering": pl.Int64,
}


FOKUSMAAL_SKEMA = {
    "kommune_kode": pl.String, "maaned": pl.Date, "population": pl.Int64, "passive_samtaler": pl.Int64,
    "passive_tilbud": pl.Int64, "andel_samtaler": pl.Float64, "andel_tilbud": pl.Float64,
    "gns12_samtaler": pl.Float64, "gns12_tilbud": pl.Float64,
}


def valgt_aar(k: Kontekst, tekst: str | None) -> tuple[int | None, list[int], int | None]:
    """The selection year a page or the API shows (asked for, else `standard.aar` of the newest
    supervision cases' year), the years the data can give, and the newest cases' year."""
    with k.sessions() as session:
        sagsaar = session.scalar(select(func.max(Sag.aar)))
    return aar(tekst, standard.aar(k.resultater, sagsaar)), udvaelgelsesaar(k), sagsaar


def fokusmaal_eller_grund(k: Kontekst, m: date) -> tuple[pl.DataFrame, str | None]:
    """The month's fokusmål, or no rows and the reason in Danish (a month outside the data)."""
    try:
        return k.resultater.fokusmaal(m), None
    except UdenforDaekning as fejl:
        return pl.DataFrame(schema=FOKUSMAAL_SKEMA), saetning(str(fejl))


def resultatmaal_eller_grund(k: Kontekst, aar: int | None) -> tuple[pl.DataFrame, str | None]:
    """The year's resultatmål (the overview's columns), or no rows and the reason in Danish."""
    tom = pl.DataFrame(schema=RESULTATMAAL_KOLONNER)
    if aar is None:
        return tom, f"Intet resultatmål: {k.resultater.daekning().tekst()}, og det er for kort til et helt år."
    try:
        frame = k.resultater.resultatmaal(aar)
        return en_gang("resultatmaal", frame, lambda: frame.select(list(RESULTATMAAL_KOLONNER))), None
    except ResultatmaalFejl as fejl:
        return tom, f"Intet resultatmål for {aar}: {fejl}."
    except UdenforDaekning as fejl:
        return tom, saetning(str(fejl))


def graenser(m: date) -> dict[str, float | None]:
    """The month's limits; none for a month before the rulebook (the page says why)."""
    if m < regler_fra():
        return {"samtaler": None, "tilbud": None}
    return {maal: rulebook().vaerdi(f"fokusmaal.{maal}.graense_pct", aar=m.year) for maal in ("samtaler", "tilbud")}
