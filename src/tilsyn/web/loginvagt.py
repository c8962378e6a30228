"""Login throttling per user name and per client address, so passwords cannot be guessed fast.

After `FRI` failures within a minute each further attempt must wait, twice as long each time
(1, 2, 4 … seconds): the answer is 429 with Retry-After at once, no thread sleeps. After
`LAAS_EFTER` failures since the last successful login the user name is locked for `spaerring`,
and each further failure locks it anew. A successful login clears the name's record.

The failures are rows of the workflow store (`models.Loginfejl`), so every server process and
machine on the same store counts them together: `tilsyn serve --workers N` or several servers
behind one proxy allow no more attempts than one. A name's or address's rows go once its newest
failure is older than the lock period.

Anyone can lock a caseworker out with wrong passwords; an admin lifts the lock with
`ophaev_spaerring` (`tilsyn bruger laas-op`, or the admin page): a row in the access log (who, when,
whose lock), which the guard reads when it finds the name locked, and then forgets the name's failures.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from math import ceil
from typing import Callable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.supervision.models import Adgangslog, Bruger, Loginfejl, nu
from tilsyn.web.brugere import BrugerFejl

VINDUE = timedelta(minutes=1)
FRI = 5
LAAS_EFTER = 20


@dataclass(frozen=True)
class _Spor:
    """What a name's or an address's failures say: wait until, locked from and until."""

    vent_til: datetime | None = None
    laast_fra: datetime | None = None
    laast_til: datetime | None = None


def _spor(tider: list[datetime], spaerring: timedelta) -> _Spor:
    """From the failures, oldest first: after the n-th within a minute (n ≥ `FRI`) wait 2^(n − FRI)
    seconds; from the `LAAS_EFTER`-th on each failure locks for `spaerring`, a lock beginning at
    the failure that found none."""
    if not tider:
        return _Spor()
    sidste = tider[-1]
    n = sum(1 for t in tider if t > sidste - VINDUE)
    laast_fra = laast_til = None
    for t in tider[LAAS_EFTER - 1:]:
        if not (laast_til and laast_til > t):
            laast_fra = t
        laast_til = t + spaerring
    return _Spor(sidste + timedelta(seconds=2 ** (n - FRI)) if n >= FRI else None, laast_fra, laast_til)


@dataclass(frozen=True)
class Afvisning:
    sekunder: int
    tekst: str


OPHAEVET = "login-spærring ophævet"


def ophaev_spaerring(sessions: sessionmaker[Session], brugernavn: str, af: str, route: str) -> None:
    """Lift the lock on `brugernavn`, on record: who (`af`), when, from where (`route`: the command
    or the page). Takes effect in every server process at the user's next attempt."""
    with sessions.begin() as session:
        if session.scalar(select(Bruger.id).where(Bruger.brugernavn == brugernavn)) is None:
            raise BrugerFejl(f"brugeren {brugernavn!r} findes ikke")
        session.add(Adgangslog(brugernavn=af, tidspunkt=nu(), person_id=None, formaal=OPHAEVET, route=route,
                               filtre=f"bruger={brugernavn}"))


def _ophaevet_siden(session: Session, brugernavn: str, siden: datetime) -> bool:
    return session.scalar(select(Adgangslog.id).where(
        Adgangslog.formaal == OPHAEVET, Adgangslog.filtre == f"bruger={brugernavn}",
        Adgangslog.tidspunkt >= siden).limit(1)) is not None


class Loginvagt:
    def __init__(self, sessions: sessionmaker[Session], spaerring: timedelta = timedelta(minutes=15),
                 ur: Callable[[], datetime] = nu, hemmelighed: str = ""):
        """`sessions`: the workflow store, where the failures are counted and an admin's lifting of
        a lock is read; `hemmelighed`: the key of the hashes (the session key: the same in every
        process of one installation)."""
        self.sessions, self.spaerring, self.ur = sessions, spaerring, ur
        self._hemmelighed = hemmelighed.encode()

    def _noegle(self, art: str, vaerdi: str) -> str:
        return hmac.new(self._hemmelighed, f"{art}:{vaerdi}".encode(), hashlib.sha256).hexdigest()

    def _spor(self, session: Session, noegle: str) -> _Spor:
        tider = session.scalars(select(Loginfejl.tidspunkt).where(Loginfejl.noegle == noegle)
                                .order_by(Loginfejl.tidspunkt)).all()
        return _spor([_utc(t) for t in tider], self.spaerring)

    def _navn(self, session: Session, brugernavn: str, tid: datetime) -> _Spor:
        """The name's record; forgotten when an admin lifted its lock since it began."""
        noegle = self._noegle("navn", brugernavn)
        navn = self._spor(session, noegle)
        if navn.laast_til and navn.laast_til > tid and _ophaevet_siden(session, brugernavn, navn.laast_fra):
            session.execute(delete(Loginfejl).where(Loginfejl.noegle == noegle))
            session.commit()
            return _Spor()
        return navn

    def afvis(self, brugernavn: str, adresse: str) -> Afvisning | None:
        """Why this attempt must not be tried now (None: try it)."""
        tid = self.ur()
        with self.sessions() as session:
            navn = self._navn(session, brugernavn, tid)
            sted = self._spor(session, self._noegle("adresse", adresse))
        if navn.laast_til and navn.laast_til > tid:
            minutter = ceil((navn.laast_til - tid).total_seconds() / 60)
            return Afvisning(_sek(navn.laast_til - tid), (
                "Brugernavnet er midlertidigt spærret efter for mange forkerte forsøg. "
                f"Prøv igen om {minutter} minutter."))
        vent = max((s.vent_til for s in (navn, sted) if s.vent_til and s.vent_til > tid), default=None)
        if vent:
            return Afvisning(_sek(vent - tid), (
                f"For mange forkerte forsøg. Vent {_sek(vent - tid)} sekunder, og prøv igen."))
        return None

    def spaerret(self, brugernavn: str) -> bool:
        """Whether the name is locked now (the admin's page shows it beside "Ophæv spærring")."""
        tid = self.ur()
        with self.sessions() as session:
            navn = self._navn(session, brugernavn, tid)
        return bool(navn.laast_til and navn.laast_til > tid)

    def fejlet(self, brugernavn: str, adresse: str) -> None:
        tid = self.ur()
        with self.sessions.begin() as session:
            # names and addresses no longer throttled are forgotten
            gamle = select(Loginfejl.noegle).group_by(Loginfejl.noegle).having(
                func.max(Loginfejl.tidspunkt) <= tid - max(self.spaerring, VINDUE))
            session.execute(delete(Loginfejl).where(Loginfejl.noegle.in_(gamle)))
            session.add_all([Loginfejl(noegle=self._noegle("navn", brugernavn), tidspunkt=tid),
                             Loginfejl(noegle=self._noegle("adresse", adresse), tidspunkt=tid)])

    def lykkedes(self, brugernavn: str) -> None:
        with self.sessions.begin() as session:
            session.execute(delete(Loginfejl).where(Loginfejl.noegle == self._noegle("navn", brugernavn)))


def _utc(tid: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored as UTC."""
    return tid if tid.tzinfo else tid.replace(tzinfo=timezone.utc)


def _sek(varighed: timedelta) -> int:
    return max(1, ceil(varighed.total_seconds()))
