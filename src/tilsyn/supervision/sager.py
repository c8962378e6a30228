"""Service functions on supervision cases: open them from a selection, record events under
optimistic locking, derive state and deadlines. The caller owns the transaction (commit or roll
back); on any error nothing of the refused event has been written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tilsyn.kommuner import normaliser_kode
from tilsyn.rules import Rulebook, rulebook
from tilsyn.supervision import db, maskine as tm
from tilsyn.supervision.models import Haendelse, Revision, Revisionssag, Sag
from tilsyn.udvaelgelse import uden_ordning
from tilsyn.supervision.maskine import Forloeb, SagFejl


class Konflikt(SagFejl):
    """Someone else changed the case since it was read; reload and try again."""


@dataclass(frozen=True)
class Fristrad:
    """One open duty of one case on the day asked about."""

    sag_id: int
    kommune_kode: str
    aar: int
    tilstand: str
    pligt: str
    tekst: str
    frist: date | None
    dage_tilbage: int | None
    status: str  # aaben | overskredet | uden_frist


def hent(session: Session, sag_id: int) -> Sag:
    sag = db.hent(session, Sag, sag_id)
    if sag is None:
        raise SagFejl(f"der findes ingen sag med id {sag_id}")
    return sag


def historik(session: Session, sag_id: int) -> list[Haendelse]:
    return list(session.scalars(select(Haendelse).where(Haendelse.sag_id == sag_id).order_by(Haendelse.id)))


def tilstand(session: Session, sag: Sag, book: Rulebook | None = None) -> Forloeb:
    """The case as its event history says it is (never the cached column)."""
    return tm.afspil(historik(session, sag.id), book)


def tilladte_overgange(session: Session, sag: Sag, book: Rulebook | None = None) -> list[str]:
    return tm.tilladte_haendelser(tilstand(session, sag, book))


def aabn_sager(
    session: Session, udvaelgelse_rows: Iterable[Mapping[str, Any]], aar: int, dato: date,
    actor: str = "system", opgoerelse_id: int | None = None,
) -> list[Sag]:
    """Open a case for each selected municipality of year `aar` whose consequence is
    skaerpet_tilsyn(_light). Idempotent: a municipality with a case for `aar` is skipped.
    `opgoerelse_id`: the selection was made on that opgørelse of published figures (None:
    Tilsyn's own). Returns the newly opened cases."""
    if grund := uden_ordning(aar, rulebook()):
        raise SagFejl(f"der kan ikke åbnes tilsynssager for {aar}: {grund[0].lower()}{grund[1:]}")
    if not rulebook().vaerdi("tilsyn.ordning.sager", dag=dato):
        grund = tm.lovgrundlag(dato)["begrundelse"]
        raise SagFejl(f"der kan ikke åbnes tilsynssager {dato.isoformat()}: {grund[0].lower()}{grund[1:]}")
    nye = []
    for row in udvaelgelse_rows:
        try:
            row_aar = int(row["aar"])
        except (TypeError, ValueError):
            raise SagFejl(f"ugyldigt år {row['aar']!r} i udvælgelsen (kommune {row['kommune_kode']})") from None
        if row_aar != aar or row["konsekvens"] not in tm.KONSEKVENSER:
            continue
        kode = normaliser_kode(row["kommune_kode"])
        if kode is None:
            raise SagFejl(f"ukendt kommunekode {row['kommune_kode']!r} i udvælgelsen")
        if session.scalar(select(Sag.id).where(Sag.kommune_kode == kode, Sag.aar == aar)):
            continue
        payload = {"konsekvens": row["konsekvens"]}
        if opgoerelse_id is not None:
            payload["opgoerelse_id"] = opgoerelse_id
        forloeb = tm.anvend(None, "udpeget", dato, payload)
        sag = Sag(kommune_kode=kode, aar=aar, konsekvens=row["konsekvens"], opened=dato,
                  tilstand=forloeb.tilstand, version=1, opgoerelse_id=opgoerelse_id)
        session.add(sag)
        session.flush()
        session.add(Haendelse(sag_id=sag.id, type="udpeget", dato=dato, actor=actor, payload=payload))
        nye.append(sag)
    session.flush()
    return nye


def registrer(
    session: Session, sag_id: int, expected_version: int, type: str, dato: date, actor: str,
    note: str | None = None, payload: Mapping[str, Any] | None = None, book: Rulebook | None = None,
) -> Haendelse:
    """Append an event to a case the caller read at `expected_version`. Refuses an event the
    state does not allow (UlovligHaendelse) and a case changed by someone else since (Konflikt):
    the version is bumped by `UPDATE ... WHERE version = expected`, so of two writers who read
    the same version exactly one succeeds."""
    sag = db.hent(session, Sag, sag_id, populate_existing=True)
    if sag is None:
        raise SagFejl(f"der findes ingen sag med id {sag_id}")
    konflikt = Konflikt(
        f"sag {sag_id} er ændret af en anden siden du hentede den (version {expected_version}); "
        "hent sagen igen og gentag din ændring"
    )
    if sag.version != expected_version:
        raise konflikt
    payload = dict(payload or {})
    if type == tm.OPHOERT_VED_LOV:  # the reason and the law are the rulebook's, not the caller's
        payload.update(tm.lovgrundlag(dato, book))
    efter = tm.anvend(tilstand(session, sag, book), type, dato, payload, book)
    if not actor.strip():
        raise SagFejl("angiv hvem der registrerer hændelsen (actor)")
    rettet = session.execute(
        update(Sag)
        .where(Sag.id == sag_id, Sag.version == expected_version)
        .values(version=expected_version + 1, tilstand=efter.tilstand)
        .execution_options(synchronize_session=False)
    ).rowcount
    if rettet != 1:  # another writer got in between the read above and this update
        raise konflikt
    haendelse = Haendelse(sag_id=sag_id, type=type, dato=dato, actor=actor, note=note, payload=payload)
    session.add(haendelse)
    session.flush()
    session.refresh(sag)
    return haendelse


def ret(
    session: Session, sag_id: int, expected_version: int, retter: int, ny_dato: date, actor: str, note: str,
    dag: date | None = None, book: Rulebook | None = None,
) -> Haendelse:
    """Correct the date of an earlier event of the case by appending a `rettelse` (the event
    itself is kept as recorded). The note says why; the case must replay with the new date
    (SagFejl otherwise, nothing stored); Konflikt as `registrer`."""
    sag = db.hent(session, Sag, sag_id, populate_existing=True)
    if sag is None:
        raise SagFejl(f"der findes ingen sag med id {sag_id}")
    if sag.version != expected_version:
        raise Konflikt(f"sag {sag_id} er ændret af en anden siden du hentede den (version {expected_version}); "
                       "hent sagen igen og gentag din rettelse")
    if not note.strip():
        raise SagFejl("skriv i noten, hvorfor datoen rettes")
    if not actor.strip():
        raise SagFejl("angiv hvem der retter (actor)")
    historie = historik(session, sag_id)
    maal = next((h for h in historie if h.id == retter), None)
    if maal is None or maal.type == tm.RETTELSE:
        raise SagFejl(f"sagen har ingen hændelse nr. {retter}, der kan rettes")
    ny = Haendelse(sag_id=sag_id, type=tm.RETTELSE, dato=dag or date.today(), actor=actor, note=note.strip(),
                   payload={"retter": retter, "dato": ny_dato.isoformat(), "fra": maal.dato.isoformat()})
    try:
        efter = tm.afspil([*historie, ny], book)
    except SagFejl as e:
        raise SagFejl(f"rettelsen kan ikke gemmes, for sagens forløb holder ikke med den nye dato: {e}") from None
    rettet = session.execute(
        update(Sag).where(Sag.id == sag_id, Sag.version == expected_version)
        .values(version=expected_version + 1, tilstand=efter.tilstand).execution_options(synchronize_session=False)
    ).rowcount
    if rettet != 1:
        raise Konflikt(f"sag {sag_id} er ændret af en anden samtidig; hent sagen igen")
    session.add(ny)
    session.flush()
    session.refresh(sag)
    return ny


def _fokusrevision_udfoert(session: Session, sag_id: int, alle: bool) -> bool:
    """An audit of the case (of all passive cases, when `alle`) whose every case is reviewed."""
    query = select(Revision.id).where(Revision.sag_id == sag_id)
    if alle:
        query = query.where(Revision.alle.is_(True))
    uvurderet = (
        select(Revisionssag.id)
        .where(Revisionssag.revision_id == Revision.id, Revisionssag.gyldig_grund.is_(None))
        .exists()
    )
    return session.scalar(query.where(~uvurderet).limit(1)) is not None


def sagens_frister(session: Session, sag: Sag, book: Rulebook | None = None) -> list[tm.Frist]:
    """The duties of the case's current state that are still open."""
    forloeb = tilstand(session, sag, book)
    alle = forloeb.tilstand == tm.ADMINISTRATION
    return [
        f for f in tm.frister(forloeb, book)
        if not (f.pligt == "fokusrevision" and _fokusrevision_udfoert(session, sag.id, alle))
    ]


def frister(session: Session, dato: date, book: Rulebook | None = None) -> list[Fristrad]:
    """Open deadlines and overdue duties across all open cases on `dato`, most urgent first."""
    out = []
    for sag in session.scalars(select(Sag).where(Sag.tilstand != tm.OPHOERT).order_by(Sag.id)):
        for f in sagens_frister(session, sag, book):
            dage = (f.frist - dato).days if f.frist else None
            status = "uden_frist" if dage is None else "overskredet" if dage < 0 else "aaben"
            out.append(Fristrad(sag.id, sag.kommune_kode, sag.aar, sag.tilstand, f.pligt, f.tekst,
                                f.frist, dage, status))
    return sorted(out, key=lambda r: (r.frist is None, r.frist or dato, r.sag_id))
