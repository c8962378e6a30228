"""Login throttling per user name and per client address, so passwords cannot be guessed fast.

After `FRI` failures within a minute each further attempt must wait, twice as long each time
(1, 2, 4 … seconds): the answer is 429 with Retry-After at once, no thread sleeps. After
`LAAS_EFTER` failures since the last successful login the user name is locked for `spaerring`,
and each further failure locks it anew. A successful login clears the name's record.

The state is in process memory: right for the embedded default (one process). Behind several
worker processes each counts on its own, so the limits are per process; a shared store would be
needed for exact limits there.

Anyone can lock a caseworker out with wrong passwords; an admin lifts the lock with
`ophaev_spaerring` (`tilsyn bruger laas-op`, or the admin page): a row in the access log (who, when,
whose lock), which the guard of every server process reads when it finds the name locked.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import ceil
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.supervision.models import Adgangslog, Bruger, nu
from tilsyn.web.brugere import BrugerFejl

VINDUE = timedelta(minutes=1)
FRI = 5
LAAS_EFTER = 20
MAKS_SPOR = 10_000  # records kept before old ones are dropped (random names must not fill memory)


@dataclass
class _Spor:
    fejl: deque = field(default_factory=deque)  # failure times within the window
    i_alt: int = 0
    vent_til: datetime | None = None
    laast_til: datetime | None = None
    laast_fra: datetime | None = None


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


def _ophaevet_siden(sessions: sessionmaker[Session], brugernavn: str, siden: datetime) -> bool:
    with sessions() as session:
        return session.scalar(select(Adgangslog.id).where(
            Adgangslog.formaal == OPHAEVET, Adgangslog.filtre == f"bruger={brugernavn}",
            Adgangslog.tidspunkt >= siden).limit(1)) is not None


class Loginvagt:
    def __init__(self, spaerring: timedelta = timedelta(minutes=15), ur: Callable[[], datetime] = nu,
                 sessions: sessionmaker[Session] | None = None):
        """`sessions`: the workflow store, where an admin's lifting of a lock is read."""
        self.spaerring, self.ur, self.sessions = spaerring, ur, sessions
        self._laas = threading.Lock()
        self._spor: dict[tuple[str, str], _Spor] = {}

    def afvis(self, brugernavn: str, adresse: str) -> Afvisning | None:
        """Why this attempt must not be tried now (None: try it)."""
        tid = self.ur()
        with self._laas:
            navn, sted = self._spor.get(("navn", brugernavn)), self._spor.get(("adresse", adresse))
            if navn and navn.laast_til and navn.laast_til > tid and self.sessions is not None \
                    and _ophaevet_siden(self.sessions, brugernavn, navn.laast_fra):
                del self._spor[("navn", brugernavn)]
                navn = None
            if navn and navn.laast_til and navn.laast_til > tid:
                minutter = ceil((navn.laast_til - tid).total_seconds() / 60)
                return Afvisning(_sek(navn.laast_til - tid), (
                    "Brugernavnet er midlertidigt spærret efter for mange forkerte forsøg. "
                    f"Prøv igen om {minutter} minutter."))
            vent = max((s.vent_til for s in (navn, sted) if s and s.vent_til and s.vent_til > tid), default=None)
            if vent:
                return Afvisning(_sek(vent - tid), (
                    f"For mange forkerte forsøg. Vent {_sek(vent - tid)} sekunder, og prøv igen."))
        return None

    def spaerret(self, brugernavn: str) -> bool:
        """Whether the name is locked now (the admin's page shows it beside "Ophæv spærring")."""
        tid = self.ur()
        with self._laas:
            navn = self._spor.get(("navn", brugernavn))
            laast = bool(navn and navn.laast_til and navn.laast_til > tid)
        return laast and not (self.sessions is not None
                              and _ophaevet_siden(self.sessions, brugernavn, navn.laast_fra))

    def fejlet(self, brugernavn: str, adresse: str) -> None:
        tid = self.ur()
        with self._laas:
            if len(self._spor) >= MAKS_SPOR:
                self._ryd(tid)
            for noegle in (("navn", brugernavn), ("adresse", adresse)):
                s = self._spor.setdefault(noegle, _Spor())
                s.fejl.append(tid)
                while s.fejl[0] <= tid - VINDUE:
                    s.fejl.popleft()
                s.i_alt += 1
                if len(s.fejl) >= FRI:
                    s.vent_til = tid + timedelta(seconds=2 ** (len(s.fejl) - FRI))
                if noegle[0] == "navn" and s.i_alt >= LAAS_EFTER:
                    if not (s.laast_til and s.laast_til > tid):
                        s.laast_fra = tid
                    s.laast_til = tid + self.spaerring

    def lykkedes(self, brugernavn: str) -> None:
        with self._laas:
            self._spor.pop(("navn", brugernavn), None)

    def _ryd(self, tid: datetime) -> None:
        """Drop the records with no failure within the lock period."""
        for noegle in [n for n, s in self._spor.items() if s.fejl[-1] <= tid - max(self.spaerring, VINDUE)]:
            del self._spor[noegle]


def _sek(varighed: timedelta) -> int:
    return max(1, ceil(varighed.total_seconds()))
