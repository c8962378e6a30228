"""The passive citizens behind a municipality's fokusmål of a month, as a role may see them: only
the municipality's own staff (the routes' `deps.BorgerLaeser`), scoped like the worklist (caseworker: own caseload, team leader: the
team's, jobcentre manager: all), and every view access-logged after the checks, before the data
is sent."""

from __future__ import annotations

from datetime import date

from fastapi import HTTPException, Request

from tilsyn.web.adgang import Indlogget, egne_raekker
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.kontekst import Kontekst
from tilsyn.web.visning import teams

MAAL = {"samtaler": "samtale_passiv", "tilbud": "tilbud_passiv"}


def borgere(
    k: Kontekst, bruger: Indlogget, request: Request, kode: str, maaned: date, maal: str
) -> list[dict]:
    """The month's `maal`-passive citizens the user may see, longest anciennitet first; logged."""
    if maal not in MAAL:
        raise HTTPException(422, f"Ukendt mål {maal!r}; vælg samtaler eller tilbud")
    raekker = [r for r in _egne(k, bruger, kode, maaned) if r[MAAL[maal]]]
    raekker.sort(key=lambda r: (r["forloeb_start"], r["person_id"]))
    log_visning(k.sessions, bruger, (r["person_id"] for r in raekker), request)
    return raekker


def forklaring(k: Kontekst, bruger: Indlogget, request: Request, kode: str, maaned: date, person_id: str):
    """Why a citizen on the user's passive list is passive (`tilsyn forklar`); logged. A person not
    on that list gets 404, whether or not they exist."""
    if person_id not in {r["person_id"] for r in _egne(k, bruger, kode, maaned)}:
        raise HTTPException(404, f"Borgeren {person_id} er ikke blandt de passive borgere, du kan se, i måneden")
    tekst = k.resultater.forklaring(person_id, maaned)
    log_visning(k.sessions, bruger, [person_id], request)
    return tekst


def _egne(k: Kontekst, bruger: Indlogget, kode: str, maaned: date) -> list[dict]:
    return egne_raekker(bruger, list(k.resultater.passive(kode, maaned).iter_rows(named=True)), teams(k, kode))
