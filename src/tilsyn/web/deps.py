"""The role dependencies, in one place: a route names who may call it in its signature
(`bruger: StarBruger`, `bruger: BorgerLaeser`) and FastAPI refuses everyone else with 403 before
the route runs, as FastAPI's own full-stack template does. The questions themselves (which role
may do what) are `tilsyn.web.adgang`'s; a single case's check is `hent_sag`, where the case is
read."""

from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends, HTTPException
from sqlalchemy.orm import Session

from tilsyn.supervision import db
from tilsyn.supervision.models import Sag
from tilsyn.web.adgang import (
    Indlogget,
    kraev,
    maa_administrere_brugere,
    maa_registrere_fravaer,
    maa_registrere_haendelser,
    maa_registrere_kontakter,
    maa_revidere,
    maa_se_borgere,
    maa_se_ledelsestal,
    maa_se_kvoteplan,
    maa_se_sag,
    maa_se_sager,
    maa_se_skrivebord,
)
from tilsyn.web import visning
from tilsyn.web.kontekst import Bruger


# The path's municipality as its 4-digit code, 404 for an unknown one.
Kommune = Annotated[str, Depends(visning.kommune)]


def _rolle(tilladt: Callable[[Indlogget], bool]):
    def afhaengighed(bruger: Bruger) -> Indlogget:
        kraev(tilladt(bruger))
        return bruger
    return Depends(afhaengighed)


def _i_kommunen(tilladt: Callable[[Indlogget, str], bool]):
    def afhaengighed(bruger: Bruger, kode: Kommune) -> Indlogget:
        kraev(tilladt(bruger, kode))
        return bruger
    return Depends(afhaengighed)


# Who may call a route (each after `Bruger`: signed in, else 401).
SagLaeser = Annotated[Indlogget, _rolle(maa_se_sager)]  # the supervision cases (each case: `hent_sag`)
StarBruger = Annotated[Indlogget, _rolle(maa_registrere_haendelser)]  # registers what STAR does
Revisor = Annotated[Indlogget, _rolle(maa_revidere)]  # the fokusrevision's sample
KontaktRegistrator = Annotated[Indlogget, _rolle(maa_registrere_kontakter)]  # AMK contacts
SkrivebordsBruger = Annotated[Indlogget, _rolle(maa_se_skrivebord)]  # every municipality's selection
BorgerLaeser = Annotated[Indlogget, _i_kommunen(maa_se_borgere)]  # the path's municipality's citizens
LedelsesLaeser = Annotated[Indlogget, _i_kommunen(maa_se_ledelsestal)]  # its rettidighed and quotas by team
Administrator = Annotated[Indlogget, _rolle(maa_administrere_brugere)]  # the users (`/brugere`)
KvoteplanLaeser = Annotated[Indlogget, _rolle(maa_se_kvoteplan)]  # the Kvoteplan page
FravaerRegistrator = Annotated[Indlogget, _i_kommunen(maa_registrere_fravaer)]  # its absences


def hent_sag(session: Session, bruger: Indlogget, sag_id: int) -> Sag:
    """The case; 403 for a role that sees no cases, whatever the id; 404 alike for a case that does
    not exist and one of another municipality, so the answer never tells which case ids exist."""
    kraev(maa_se_sager(bruger))
    sag = db.hent(session, Sag, sag_id)
    if sag is None or not maa_se_sag(bruger, sag.kommune_kode):
        raise HTTPException(404, "Sagen findes ikke, eller du har ikke adgang til den")
    return sag
