"""The access log: every view of citizen-level data is written before the data is sent.

One row per person shown in the view (so "who has seen person X?" is one query), all rows of a view
sharing user, time, purpose and route; a view showing no person still leaves one row (person_id
empty), so every view is on record.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.supervision.models import Adgangslog, nu
from tilsyn.web.adgang import Indlogget


@dataclass
class _Visning:
    sessions: sessionmaker[Session]
    raekker: list[dict]
    skrevet: bool = False
    fejl: Exception | None = None


# One writer at a time within the process: SQLite allows a single writer, and concurrent views
# otherwise end in "database is locked". Views that arrive while another is being written wait
# and are then written together, one transaction and one commit (a disk flush) for all of them;
# when a write is done, every waiting view learns at once whether it is on record. With 20 users
# at once (benchmarks/web_load.py) a write per view, one after another, made the worklist queue.
_tilstand = threading.Condition()
_ventende: list[_Visning] = []
_skriver = False


def log_visning(
    sessions: sessionmaker[Session],
    bruger: Indlogget,
    person_ids: Iterable[str],
    formaal: str,
    route: str,
) -> int:
    """Write the view to the log (committed when this returns); returns the number of rows."""
    global _skriver
    tidspunkt = nu()
    personer = sorted(set(person_ids)) or [None]
    visning = _Visning(sessions, [
        {"brugernavn": bruger.brugernavn, "tidspunkt": tidspunkt, "person_id": p, "formaal": formaal, "route": route}
        for p in personer
    ])
    with _tilstand:
        _ventende.append(visning)
        while _skriver and not visning.skrevet:
            _tilstand.wait()
        leder = not visning.skrevet
        if leder:
            _skriver = True
            hold = [v for v in _ventende if v.sessions is sessions]
            _ventende[:] = [v for v in _ventende if v.sessions is not sessions]
    if leder:
        fejl: Exception | None = RuntimeError("Adgangsloggen blev ikke skrevet")
        try:
            fejl = _skriv(sessions, hold)
        finally:
            with _tilstand:
                for v in hold:
                    v.skrevet, v.fejl = True, fejl
                _skriver = False
                _tilstand.notify_all()
    if visning.fejl is not None:
        raise visning.fejl
    return len(personer)


def _skriv(sessions: sessionmaker[Session], hold: list[_Visning]) -> Exception | None:
    """The views in one executemany and one transaction: all are on record or none is (then every
    one of the requests fails rather than show data that is not on record)."""
    try:
        with sessions() as session:
            session.connection().execute(insert(Adgangslog.__table__), [r for v in hold for r in v.raekker])
            session.commit()
    except Exception as e:
        return e
    return None
