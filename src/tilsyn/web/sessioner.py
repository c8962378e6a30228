"""Server-side sessions. The signed cookie carries only a random key (`NOEGLE`); the `session`
table keeps its hash with the user, when the session began, when it was last used and from where.

A session ends at logout, when the user's password or role changes or the user is deleted
(`afslut_brugerens`), after `inaktiv` without a request and `maks` after login. Anyone without
a live session row is signed out, whatever the cookie says.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.supervision.models import Websession, nu

NOEGLE = "sid"
# Last seen is written at most this often: a page view should not be a write to the store each
# time (the idle timeout may strike up to this much early).
OPDATER = timedelta(seconds=60)


@dataclass(frozen=True)
class Regler:
    inaktiv: timedelta = timedelta(minutes=30)
    maks: timedelta = timedelta(hours=8)
    ur: Callable[[], datetime] = field(default=nu, compare=False)

    @classmethod
    def fra(cls, inaktiv_min: float | None = None, maks_timer: float | None = None, ur=None) -> Regler:
        """The given values, else env TILSYN_SESSION_INAKTIV_MIN / TILSYN_SESSION_MAKS_TIMER, else
        30 minutes and 8 hours."""
        inaktiv = inaktiv_min or float(os.environ.get("TILSYN_SESSION_INAKTIV_MIN") or 30)
        maks = maks_timer or float(os.environ.get("TILSYN_SESSION_MAKS_TIMER") or 8)
        return cls(timedelta(minutes=inaktiv), timedelta(hours=maks), ur or nu)


@dataclass(frozen=True)
class Fundet:
    brugernavn: str
    sekunder_tilbage: int


def ny_noegle() -> str:
    return secrets.token_urlsafe(32)


def _hash(noegle: str) -> str:
    return hashlib.sha256(noegle.encode()).hexdigest()


def _utc(tid: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored as UTC."""
    return tid if tid.tzinfo else tid.replace(tzinfo=timezone.utc)


def _ryd(session: Session, regler: Regler) -> None:
    tid = regler.ur()
    session.execute(delete(Websession).where(or_(
        Websession.sidst_set < tid - regler.inaktiv, Websession.oprettet < tid - regler.maks,
    )))


def opret(sessions: sessionmaker[Session], brugernavn: str, adresse: str | None, regler: Regler) -> str:
    """A new session for `brugernavn`; the key for the cookie (expired sessions are removed)."""
    noegle, tid = ny_noegle(), regler.ur()
    with sessions() as session:
        _ryd(session, regler)
        session.add(Websession(noegle_hash=_hash(noegle), brugernavn=brugernavn, oprettet=tid,
                               sidst_set=tid, adresse=adresse))
        session.commit()
    return noegle


def gyldig(sessions: sessionmaker[Session], noegle: str | None, regler: Regler) -> Fundet | None:
    """The session behind a cookie's key if it is live (and marks it used), else None; an expired
    one is deleted."""
    if not noegle:
        return None
    tid = regler.ur()
    with sessions() as session:
        row = session.scalar(select(Websession).where(Websession.noegle_hash == _hash(noegle)))
        if row is None:
            return None
        slut = min(_utc(row.sidst_set) + regler.inaktiv, _utc(row.oprettet) + regler.maks)
        if tid >= slut:
            session.delete(row)
            session.commit()
            return None
        if tid - _utc(row.sidst_set) >= OPDATER:
            row.sidst_set = tid
            session.commit()
            slut = min(tid + regler.inaktiv, _utc(row.oprettet) + regler.maks)
        return Fundet(row.brugernavn, int((slut - tid).total_seconds()))


def afslut(sessions: sessionmaker[Session], noegle: str | None) -> None:
    """Logout: the session behind the key ends."""
    if noegle:
        with sessions() as session:
            session.execute(delete(Websession).where(Websession.noegle_hash == _hash(noegle)))
            session.commit()


def afslut_brugerens(session: Session, brugernavn: str) -> int:
    """End every session of the user (in the caller's transaction); how many there were."""
    return session.execute(delete(Websession).where(Websession.brugernavn == brugernavn)).rowcount


def liste(sessions: sessionmaker[Session], regler: Regler, brugernavn: str | None = None) -> list[Websession]:
    """The live sessions, oldest first (expired ones are removed)."""
    with sessions() as session:
        _ryd(session, regler)
        session.commit()
        q = select(Websession).order_by(Websession.oprettet, Websession.id)
        if brugernavn:
            q = q.where(Websession.brugernavn == brugernavn)
        return list(session.scalars(q))


def afslut_id(sessions: sessionmaker[Session], id_: int) -> bool:
    """End the session with this id (as `tilsyn bruger sessioner` lists them); False if none."""
    with sessions() as session:
        antal = session.execute(delete(Websession).where(Websession.id == id_)).rowcount
        session.commit()
    return antal > 0


def afslut_alle(sessions: sessionmaker[Session], brugernavn: str | None = None) -> int:
    """End every session (of one user, if given); how many."""
    with sessions() as session:
        antal = (afslut_brugerens(session, brugernavn) if brugernavn
                 else session.execute(delete(Websession)).rowcount)
        session.commit()
    return antal
