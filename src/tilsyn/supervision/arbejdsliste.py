"""The worklist's own records in the workflow store: absences a team leader registers (audited,
editable, deletable) and caseworkers' notes on lines. Neither changes the imported data; the
worklist applies them on top (`sagsstamme.med_fravaer`, `resultater.arbejdsliste.til_mennesker`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tilsyn.resultater.arbejdsliste import MARKERINGER, Note
from tilsyn.supervision.db import hent
from tilsyn.supervision.models import Fravaer, FravaerLog, Linjenote, nu

MAKS_NOTE = 500


class ArbejdslisteFejl(ValueError):
    """Bad input from a form, said in Danish."""


class Konflikt(ArbejdslisteFejl):
    """Someone else changed the absence or noted the line since the user's page was fetched."""


FRAVAER_KONFLIKT = "fraværet er ændret af en anden, siden du hentede siden; se det igen og gentag din ændring"
NOTE_KONFLIKT = ("linjen er noteret af en anden, siden du åbnede den; hent listen igen og se den nye note, "
                 "før du noterer igen")


def _data(f: Fravaer) -> dict:
    return {"kommune_kode": f.kommune_kode, "sagsbehandler_id": f.sagsbehandler_id, "fra": f.fra.isoformat(),
            "til": f.til.isoformat(), "vikar_id": f.vikar_id}


def _tjek(sagsbehandler_id: str, fra: date, til: date, vikar_id: str | None, kollegaer: set[str]) -> None:
    if sagsbehandler_id not in kollegaer:
        raise ArbejdslisteFejl("vælg en sagsbehandler fra listen")
    if til < fra:
        raise ArbejdslisteFejl("fraværet kan ikke slutte, før det begynder")
    if vikar_id is not None and vikar_id == sagsbehandler_id:
        raise ArbejdslisteFejl("vikaren skal være en anden end den fraværende")


def fravaer(session: Session, kommune: str) -> list[Fravaer]:
    return list(session.scalars(select(Fravaer).where(Fravaer.kommune_kode == kommune)
                                .order_by(Fravaer.fra.desc(), Fravaer.id)))


def fravaer_paa_listen(session: Session, kommune: str) -> list[Fravaer]:
    """The absences in the order they were registered (where two cover a day, the one that started
    latest decides, `afgoerelser.daekkende_fravaer`, whatever the order)."""
    return sorted(fravaer(session, kommune), key=lambda f: (f.oprettet, f.id))


def registrer_fravaer(session: Session, kommune: str, sagsbehandler_id: str, fra: date, til: date,
                      vikar_id: str | None, brugernavn: str, kollegaer: set[str], vikarer: set[str]) -> Fravaer:
    """`kollegaer`: whom the user may register absent (the team's); `vikarer`: who may cover (the
    municipality's caseworkers)."""
    if vikar_id is not None and vikar_id not in vikarer:
        raise ArbejdslisteFejl("vælg en vikar fra listen")
    _tjek(sagsbehandler_id, fra, til, vikar_id, kollegaer)
    f = Fravaer(kommune_kode=kommune, sagsbehandler_id=sagsbehandler_id, fra=fra, til=til, vikar_id=vikar_id,
                oprettet_af=brugernavn, oprettet=nu())
    session.add(f)
    session.flush()
    session.add(FravaerLog(fravaer_id=f.id, handling="oprettet", brugernavn=brugernavn, tidspunkt=nu(), data=_data(f)))
    return f


def hent_fravaer(session: Session, kommune: str, fravaer_id: int, version: int) -> Fravaer:
    """The absence as it was when the user's page showed it at `version`, else `Konflikt`."""
    f = hent(session, Fravaer, fravaer_id)
    if f is None or f.kommune_kode != kommune:
        raise ArbejdslisteFejl("fraværet findes ikke (det kan være slettet af en anden)")
    if f.version != version:
        raise Konflikt(FRAVAER_KONFLIKT)
    return f


def gem(session: Session) -> None:
    """Flush a change or deletion of an absence; `Konflikt` when another one got in first."""
    try:
        session.flush()
    except StaleDataError:
        raise Konflikt(FRAVAER_KONFLIKT) from None


def ret_fravaer(session: Session, f: Fravaer, fra: date, til: date, vikar_id: str | None, brugernavn: str,
                kollegaer: set[str], vikarer: set[str]) -> None:
    if vikar_id is not None and vikar_id not in vikarer:
        raise ArbejdslisteFejl("vælg en vikar fra listen")
    _tjek(f.sagsbehandler_id, fra, til, vikar_id, kollegaer)
    f.fra, f.til, f.vikar_id, f.rettet_af, f.rettet = fra, til, vikar_id, brugernavn, nu()
    session.add(FravaerLog(fravaer_id=f.id, handling="rettet", brugernavn=brugernavn, tidspunkt=nu(), data=_data(f)))
    gem(session)


def slet_fravaer(session: Session, f: Fravaer, brugernavn: str, kollegaer: set[str]) -> None:
    if f.sagsbehandler_id not in kollegaer:
        raise ArbejdslisteFejl("du kan kun slette fravær for dit eget team")
    session.add(FravaerLog(fravaer_id=f.id, handling="slettet", brugernavn=brugernavn, tidspunkt=nu(), data=_data(f)))
    session.delete(f)
    gem(session)


def log(session: Session, fravaer_ids: list[int]) -> list[FravaerLog]:
    return list(session.scalars(select(FravaerLog).where(FravaerLog.fravaer_id.in_(fravaer_ids))
                                .order_by(FravaerLog.tidspunkt.desc(), FravaerLog.id.desc())))


def note_version(session: Session, kommune: str, person_id: str, krav_id: str, frist: date) -> int:
    """The number of the line's newest note (0: none yet): what a form to note the line carries."""
    return session.scalar(select(func.coalesce(func.max(Linjenote.version), 0)).where(
        Linjenote.kommune_kode == kommune, Linjenote.person_id == person_id, Linjenote.krav_id == krav_id,
        Linjenote.frist == frist)) or 0


def noter_linje(session: Session, kommune: str, person_id: str, krav_id: str, frist: date, markering: str,
                dato: date, note: str, brugernavn: str, version: int) -> Linjenote:
    """A note following the line's note number `version` (what the user saw); `Konflikt` when
    another note came in since, checked again by the store's unique (line, version)."""
    if markering not in MARKERINGER:
        raise ArbejdslisteFejl(f"markeringen skal være {' eller '.join(MARKERINGER)}")
    note = note.strip()
    if len(note) > MAKS_NOTE:
        raise ArbejdslisteFejl(f"noten må højst være {MAKS_NOTE} tegn")
    if note_version(session, kommune, person_id, krav_id, frist) != version:
        raise Konflikt(NOTE_KONFLIKT)
    n = Linjenote(kommune_kode=kommune, person_id=person_id, krav_id=krav_id, frist=frist, markering=markering,
                  dato=dato, note=note, brugernavn=brugernavn, tidspunkt=nu(), version=version + 1)
    session.add(n)
    try:
        session.flush()
    except IntegrityError:
        raise Konflikt(NOTE_KONFLIKT) from None
    return n


def noter(session: Session, kommune: str, person_ids: Iterable[str] | None = None,
          fra: date | None = None) -> dict[tuple, Note]:
    """(person_id, krav_id, frist) -> the line's newest note; of the given persons only, of lines
    due on or after `fra` only (a page reads the notes its lines can have, not every note the
    municipality has made in years)."""
    valg = select(Linjenote).where(Linjenote.kommune_kode == kommune).order_by(Linjenote.version, Linjenote.id)
    if fra is not None:
        valg = valg.where(Linjenote.frist >= fra)
    if person_ids is None:
        dele = [valg]
    else:
        ids = sorted(set(person_ids))
        dele = [valg.where(Linjenote.person_id.in_(ids[i:i + 500])) for i in range(0, len(ids), 500)]
    ud: dict[tuple, Note] = {}
    for del_ in dele:
        for n in session.scalars(del_):
            ud[(n.person_id, n.krav_id, n.frist)] = Note(n.markering, n.dato, n.note, n.brugernavn)
    return ud
