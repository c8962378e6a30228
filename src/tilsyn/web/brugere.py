"""User administration for the local users (the `tilsyn bruger` commands): create, list, delete,
set password. Checks role, municipality and team so a user can never be given a scope that the
access rules cannot interpret. Replacing or deleting a user and a new password end the user's
sessions: whoever was signed in must sign in again under the new terms."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.kommuner import normaliser_kode
from tilsyn.supervision.models import Bruger
from tilsyn.web.adgang import KOMMUNALE_ROLLER, ROLLER
from tilsyn.web.auth import hash_adgangskode
from tilsyn.web.sessioner import afslut_brugerens

MIN_LAENGDE = 10


class BrugerFejl(ValueError):
    """A user error in user administration; the message is Danish."""


def _tjek_adgangskode(adgangskode: str) -> None:
    if len(adgangskode) < MIN_LAENGDE:
        raise BrugerFejl(f"adgangskoden skal være mindst {MIN_LAENGDE} tegn")


def opret(
    sessions: sessionmaker[Session], brugernavn: str, navn: str, rolle: str, adgangskode: str,
    kommune_kode: str | None = None, team: str | None = None, erstat: bool = False,
) -> Bruger:
    """A new user. Municipal roles need a municipality, `teamleder` also a team; STAR and admin
    users belong to no municipality. `erstat` replaces a user of that name (for repeatable demo
    set-ups) instead of refusing."""
    brugernavn = brugernavn.strip()
    if not brugernavn:
        raise BrugerFejl("brugernavnet må ikke være tomt")
    if rolle not in ROLLER:
        raise BrugerFejl(f"ukendt rolle {rolle!r}; vælg en af {', '.join(ROLLER)}")
    kode = None
    if rolle in KOMMUNALE_ROLLER:
        if not kommune_kode:
            raise BrugerFejl(f"rollen {rolle} kræver en kommune (--kommune)")
        kode = normaliser_kode(kommune_kode)
        if kode is None:
            raise BrugerFejl(f"ukendt kommunekode {kommune_kode!r}")
    elif kommune_kode:
        raise BrugerFejl(f"rollen {rolle} hører ikke til en kommune; udelad --kommune")
    if rolle == "teamleder" and not team:
        raise BrugerFejl("rollen teamleder kræver et team (--team)")
    _tjek_adgangskode(adgangskode)
    with sessions() as session:
        if (gammel := session.scalar(select(Bruger).where(Bruger.brugernavn == brugernavn))) is not None:
            if not erstat:
                raise BrugerFejl(f"brugeren {brugernavn!r} findes allerede (brug --erstat for at erstatte)")
            session.delete(gammel)
            afslut_brugerens(session, brugernavn)
            session.flush()
        bruger = Bruger(
            brugernavn=brugernavn, navn=navn.strip() or brugernavn, rolle=rolle, kommune_kode=kode,
            team=team or None, password_hash=hash_adgangskode(adgangskode),
        )
        session.add(bruger)
        session.commit()
        return bruger


def liste(sessions: sessionmaker[Session]) -> list[Bruger]:
    with sessions() as session:
        return list(session.scalars(select(Bruger).order_by(Bruger.brugernavn)))


def _hent(session: Session, brugernavn: str) -> Bruger:
    bruger = session.scalar(select(Bruger).where(Bruger.brugernavn == brugernavn))
    if bruger is None:
        raise BrugerFejl(f"brugeren {brugernavn!r} findes ikke")
    return bruger


def slet(sessions: sessionmaker[Session], brugernavn: str) -> None:
    """Remove the user and end their sessions (the access log keeps their user name)."""
    with sessions() as session:
        session.delete(_hent(session, brugernavn))
        afslut_brugerens(session, brugernavn)
        session.commit()


def skift_adgangskode(sessions: sessionmaker[Session], brugernavn: str, adgangskode: str) -> None:
    _tjek_adgangskode(adgangskode)
    with sessions() as session:
        _hent(session, brugernavn).password_hash = hash_adgangskode(adgangskode)
        afslut_brugerens(session, brugernavn)
        session.commit()
