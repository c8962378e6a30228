"""The access log: every view of citizen-level data is written before the data is sent.

One row per person shown in the view (so "who has seen person X?" is one query), all rows of a view
sharing user, time, purpose and route; a view showing no person still leaves one row (person_id
empty), so every view is on record.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.supervision.models import Adgangslog, nu
from tilsyn.web.adgang import Indlogget

# One writer at a time within the process: SQLite allows a single writer, and concurrent views
# (20 users at once in benchmarks/web_load.py) otherwise end in "database is locked".
_skrivelaas = threading.Lock()


def log_visning(
    sessions: sessionmaker[Session],
    bruger: Indlogget,
    person_ids: Iterable[str],
    formaal: str,
    route: str,
) -> int:
    """Write the view to the log; returns the number of rows written."""
    tidspunkt = nu()
    personer = sorted(set(person_ids)) or [None]
    raekker = [
        {"brugernavn": bruger.brugernavn, "tidspunkt": tidspunkt, "person_id": p, "formaal": formaal, "route": route}
        for p in personer
    ]
    # One executemany in one transaction, straight on the table: the ORM's bulk path spends more
    # time per row than the database does.
    with _skrivelaas, sessions() as session:
        session.connection().execute(insert(Adgangslog.__table__), raekker)
        session.commit()
    return len(personer)
