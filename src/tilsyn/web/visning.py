"""Turning results into what a role may see: parsing query values, the worklist for a user
(scoped, access-logged), sorting. Shared by the pages and the API so both answer alike."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import polars as pl
from fastapi import HTTPException, Request

from tilsyn import tid
from tilsyn.engine.sagsstamme import angaar, holdet
from tilsyn.kommuner import normaliser_kode
from tilsyn.ordliste import STATUSSER
from tilsyn.web.adgang import Indlogget, egne_raekker, kraev, maa_se_borgere
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.kontekst import Kontekst

PR_SIDE = 100


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
    """The municipality's caseworkers: id -> name."""
    return {r["sagsbehandler_id"]: r["navn"] for r in k.resultater.sagsbehandlere(kode).iter_rows(named=True)}


def teams(k: Kontekst, kode: str) -> dict[str, str | None]:
    """The municipality's caseworkers: id -> team (what a team leader's scope is made of)."""
    return {r["sagsbehandler_id"]: r["team"] for r in k.resultater.sagsbehandlere(kode).iter_rows(named=True)}


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
    """The worklist lines the user may see, most urgent first; the view is access-logged here,
    after the checks and before anything is returned, exactly once."""
    raekker = sorted(_linjer(k, bruger, kode, dato, status, sagsbehandler, team), key=_hast)
    log_visning(k.sessions, bruger, (r["person_id"] for r in raekker), request)
    return raekker


@dataclass
class Side:
    linjer: list[dict]
    antal: dict[str, int]
    side: int
    sider: int


def arbejdsliste_side(
    k: Kontekst,
    bruger: Indlogget,
    request: Request,
    kode: str,
    dato: date,
    side: int = 1,
    status: str | None = None,
    sagsbehandler: str | None = None,
    team: str | None = None,
) -> Side:
    """One page of the worklist, the lines per responsible caseworker (by name, most urgent first,
    nobody's last), with the counts per status of the whole list. Only the page's citizens are shown,
    so only they are access-logged. A municipality's list runs to thousands of lines: a page of
    `PR_SIDE` keeps it readable and fast."""
    raekker = _linjer(k, bruger, kode, dato, status, sagsbehandler, team)  # already in page order
    sider = max(1, -(-len(raekker) // PR_SIDE))
    if not 1 <= side <= sider:
        raise HTTPException(422, f"Siden findes ikke: vælg en side fra 1 til {sider}")
    linjer = raekker[(side - 1) * PR_SIDE : side * PR_SIDE]
    log_visning(k.sessions, bruger, (r["person_id"] for r in linjer), request)
    antal = Counter(r["status"] for r in raekker)
    return Side(linjer, {s: antal[s] for s in STATUSSER}, side, sider)


_SIDEORDEN: dict[int, tuple[pl.DataFrame, list[dict]]] = {}
_MAKS_SIDEORDEN = 64


def _alle_linjer(k: Kontekst, kode: str, dato: date) -> list[dict]:
    """The municipality's whole worklist as rows in page order (by the responsible caseworker's
    name, nobody's last, most urgent first), made once per result table. Every filter keeps the
    order, so a request only filters and slices: turning thousands of lines into rows and sorting
    them on every request was what made the page slow with many users at national scale.
    Never returned to a route as it is (it is shared): `_linjer` filters into a new list."""
    frame = k.resultater.frister(kode, dato)
    fundet = _SIDEORDEN.get(id(frame))
    if fundet is not None and fundet[0] is frame:
        return fundet[1]
    navn = navne(k, kode)
    raekker = sorted(frame.iter_rows(named=True), key=lambda r: (
        r["ansvarlig_id"] is None, navn.get(r["ansvarlig_id"], r["ansvarlig_id"] or ""), *_hast(r)))
    _SIDEORDEN[id(frame)] = (frame, raekker)
    while len(_SIDEORDEN) > _MAKS_SIDEORDEN:
        _SIDEORDEN.pop(next(iter(_SIDEORDEN)))
    return raekker


def _linjer(
    k: Kontekst, bruger: Indlogget, kode: str, dato: date,
    status: str | None, sagsbehandler: str | None, team: str | None,
) -> list[dict]:
    """The lines the user may see after the filters; not yet logged, so never returned to a route."""
    kraev(maa_se_borgere(bruger, kode))
    if status and status not in STATUSSER:
        raise HTTPException(422, f"Ukendt status {status!r}; vælg en af {', '.join(STATUSSER)}")
    team_af = teams(k, kode)
    raekker = list(egne_raekker(bruger, _alle_linjer(k, kode, dato), team_af))
    if status:
        raekker = [r for r in raekker if r["status"] == status]
    if sagsbehandler:
        raekker = [r for r in raekker if angaar(r, {sagsbehandler})]
    if team:
        holdets = holdet(team_af, team)
        raekker = [r for r in raekker if angaar(r, holdets)]
    return raekker


def _hast(r: dict) -> tuple:
    """Most urgent first: by status, then due date."""
    return STATUSSER.index(r["status"]), r["frist"] or date.max, r["person_id"]


def sorteret(df: pl.DataFrame, kolonne: str | None, faldende: bool, tilladte: tuple[str, ...]) -> pl.DataFrame:
    if kolonne not in tilladte:
        return df
    return df.sort(kolonne, descending=faldende, nulls_last=True)
