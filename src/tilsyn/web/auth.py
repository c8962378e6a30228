"""Authentication: who is this? Local users with argon2 hashes in the workflow store.

The routes only depend on `Autentificering`. Single sign-on (`tilsyn.web.oidc`) signs users in at
the identity provider and keeps them here as rows without a password, so `hent` finds them too.
"""

from __future__ import annotations

import threading
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.supervision.models import Bruger
from tilsyn.web.adgang import Indlogget

_hasher = PasswordHasher()
# Verifying against a dummy hash when the user is unknown keeps the answer time the same, so the
# login form does not reveal which user names exist.
_DUMMY = _hasher.hash("ukendt bruger")
# Each argon2 check takes 64 MiB and tens of milliseconds of a core: at most this many run at once,
# and a login that cannot get a place within `VENT_S` is refused (Travlt) instead of queueing.
SAMTIDIGE = 4
VENT_S = 1.0
_pladser = threading.BoundedSemaphore(SAMTIDIGE)


class Travlt(Exception):
    """Every place for a password check is taken: the login form answers 503 (try again)."""


class Autentificering(Protocol):
    def log_ind(self, brugernavn: str, adgangskode: str) -> Indlogget | None:
        """The user when the credentials are right, else None (may raise Travlt)."""

    def hent(self, brugernavn: str) -> Indlogget | None:
        """The user behind a session (None when the user has since been removed)."""


def hash_adgangskode(adgangskode: str) -> str:
    return _hasher.hash(adgangskode)


def _indlogget(row: Bruger) -> Indlogget:
    return Indlogget(row.brugernavn, row.navn, row.rolle, row.kommune_kode, row.team)


class LokaleBrugere:
    """Users in the `bruger` table of the workflow store."""

    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def _row(self, session: Session, brugernavn: str) -> Bruger | None:
        return session.scalar(select(Bruger).where(Bruger.brugernavn == brugernavn))

    def log_ind(self, brugernavn: str, adgangskode: str) -> Indlogget | None:
        if not _pladser.acquire(timeout=VENT_S):
            raise Travlt()
        try:
            return self._log_ind(brugernavn, adgangskode)
        finally:
            _pladser.release()

    def _log_ind(self, brugernavn: str, adgangskode: str) -> Indlogget | None:
        with self.sessions() as session:
            row = self._row(session, brugernavn)
            try:
                _hasher.verify(row.password_hash if row and row.password_hash else _DUMMY, adgangskode)
            except (VerifyMismatchError, InvalidHashError):
                return None
            if row is None or not row.password_hash:
                return None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = hash_adgangskode(adgangskode)
                session.commit()
            return _indlogget(row)

    def hent(self, brugernavn: str) -> Indlogget | None:
        with self.sessions() as session:
            row = self._row(session, brugernavn)
            return _indlogget(row) if row else None
