"""The access log: every view of citizen-level data is written before the data is sent.

One row per person shown in the view (so "who has seen person X?" is one query), all rows of a view
sharing user, time, purpose, route and filters; a view showing no person still leaves one row
(person_id empty), so every view is on record. The purpose follows from the route (`FORMAAL`), so
an audit reads the same words for the same kind of view whoever wrote the code.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from tilsyn.supervision.models import Adgangslog, nu
from tilsyn.web.adgang import Indlogget


# The purpose of every route that shows citizens, by its route template (with the API's prefix).
FORMAAL = {
    "/kommuner/{kode}/frister": "arbejdsliste (side)",
    "/kommuner/{kode}/frister.csv": "arbejdsliste (CSV-eksport)",
    "/kommuner/{kode}/frister.xlsx": "arbejdsliste (Excel-eksport)",
    "/kommuner/{kode}/frister/borger/{person_id}": "arbejdsliste (borgerens frister og forklaring)",
    "/kommuner/{kode}/frister/markering": "arbejdsliste (markering af en linje)",
    "/api/v1/kommuner/{kode}/frister": "arbejdsliste (API)",
    "/kommuner/{kode}/passive": "passive borgere (side)",
    "/kommuner/{kode}/passive/{person_id}": "forklaring af passiv borger (side)",
    "/kommuner/{kode}/kvoter/borgere": "borgerne bag kvoteopfyldelsen (side)",
    "/kommuner/{kode}/kvoteplan/borgere": "borgerne bag kvoteplanen (side)",
    "/api/v1/kommuner/{kode}/kvoteplan/borgere": "borgerne bag kvoteplanen (API)",
    "/kommuner/{kode}/rettidighed-og-kvoter/borgere": "borgerne bag rettidighed og kvoter (side)",
    "/sager/{sag_id}/fokusrevision": "fokusrevision (side)",
    "/sager/{sag_id}/fokusrevision/vurdering": "fokusrevision (vurdering)",
    "/sager/{sag_id}/fokusrevision/borgere/{person_id}": "fokusrevision (forklaring af udtrukket borger)",
    "/sager/{sag_id}/fokusrevision.xlsx": "fokusrevision (Excel-eksport)",
}
MAKS_FILTRE = 500  # characters: a worklist's filters take under 100


def formaal(request: Request) -> str:
    """The purpose of the request's route (its template, after the prefix of a mounted app such as
    the API); a route missing from `FORMAAL` fails (the view is not shown) rather than be logged
    without a purpose."""
    prefiks = request.scope["root_path"].removeprefix(request.scope.get("app_root_path", ""))
    return FORMAAL[prefiks + request.scope["route"].path]


def filtre(query: str) -> str | None:
    """The filters of the view as read: the query string decoded, empty values left out, only
    printable characters and at most `MAKS_FILTRE` long (a request cannot write lines, control
    characters or pages of text into the log)."""
    tekst = "&".join(f"{n}={v}" for n, v in parse_qsl(query[: 4 * MAKS_FILTRE]))
    tekst = "".join(c for c in tekst if c.isprintable())
    if len(tekst) > MAKS_FILTRE:
        tekst = tekst[: MAKS_FILTRE - 1] + "…"
    return tekst or None


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
    request: Request,
) -> int:
    """Write the view of `request` to the log (committed when this returns); returns the number of rows."""
    return log_paa(sessions, bruger.brugernavn, person_ids, formaal(request), request.url.path,
                   filtre(request.url.query))


def log_paa(sessions: sessionmaker[Session], brugernavn: str, person_ids: Iterable[str], hvorfor: str,
            route: str, filtrene: str | None) -> int:
    """`log_visning` for any view of citizens, also outside the web (the CLI's lists of persons):
    `hvorfor` is the purpose, `route` where the view was made."""
    global _skriver
    faelles = {"brugernavn": brugernavn, "tidspunkt": nu(), "formaal": hvorfor, "route": route,
               "filtre": filtrene}
    personer = sorted(set(person_ids)) or [None]
    visning = _Visning(sessions, [{**faelles, "person_id": p} for p in personer])
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


DANSK_TID = ZoneInfo("Europe/Copenhagen")


def udtraek(
    sessions: sessionmaker[Session], fra: date, til: date,
    person_id: str | None = None, brugernavn: str | None = None,
) -> list[Adgangslog]:
    """The views from `fra` to `til` (Danish days, both included) of a citizen and/or by a user,
    oldest first: what the citizen has a right to see (GDPR art. 15), or what a user has seen."""
    valg = select(Adgangslog).where(
        Adgangslog.tidspunkt >= _dagens_start(fra), Adgangslog.tidspunkt < _dagens_start(til + timedelta(days=1))
    )
    if person_id is not None:
        valg = valg.where(Adgangslog.person_id == person_id)
    if brugernavn is not None:
        valg = valg.where(Adgangslog.brugernavn == brugernavn)
    with sessions() as session:
        return list(session.scalars(valg.order_by(Adgangslog.tidspunkt, Adgangslog.id)))


def dansk_tid(tidspunkt: datetime) -> datetime:
    """A logged time in Danish time (SQLite gives the stored UTC time back without its zone)."""
    return (tidspunkt if tidspunkt.tzinfo else tidspunkt.replace(tzinfo=timezone.utc)).astimezone(DANSK_TID)


def _dagens_start(dag: date) -> datetime:
    """Midnight Danish time in UTC, the zone the times are stored in."""
    return datetime.combine(dag, time(), DANSK_TID).astimezone(timezone.utc)


OPBEVARING_DAGE = 1825  # five years, until the data protection officer decides otherwise (docs/web.md)
SLETNING = "sletning efter opbevaringsfrist"


def opbevaring_dage() -> int:
    """How long the log keeps a row: env TILSYN_ADGANGSLOG_OPBEVARING_DAGE, else `OPBEVARING_DAGE`."""
    tekst = os.environ.get("TILSYN_ADGANGSLOG_OPBEVARING_DAGE", "").strip()
    if not tekst:
        return OPBEVARING_DAGE
    if not tekst.isdigit() or int(tekst) < 1:
        raise ValueError(f"TILSYN_ADGANGSLOG_OPBEVARING_DAGE skal være et helt antal dage (mindst 1), fik {tekst!r}")
    return int(tekst)


def slet_gamle(sessions: sessionmaker[Session], dage: int, brugernavn: str, route: str) -> tuple[int, datetime]:
    """Delete the rows older than `dage` days and log the deletion as a row of its own, in one
    transaction (both or neither); returns the count and the cut-off. Earlier deletions' rows are
    kept: they name no citizen and are the record that the retention period is applied."""
    tidspunkt = nu()
    graense = tidspunkt - timedelta(days=dage)
    with sessions.begin() as session:
        antal = session.execute(
            delete(Adgangslog).where(Adgangslog.tidspunkt < graense, Adgangslog.formaal != SLETNING)
        ).rowcount
        session.add(Adgangslog(
            brugernavn=brugernavn, tidspunkt=tidspunkt, person_id=None, formaal=SLETNING, route=route,
            filtre=f"dage={dage}&graense={graense.isoformat(timespec='seconds')}&slettet={antal}",
        ))
    return antal, graense
