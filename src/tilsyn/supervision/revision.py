"""Fokusrevision: the reproducible audit sample of passive cases and its summary.

`udtraek` and `resume` are pure (rows in, rows out) so they do not depend on how the passive
population was computed; `opret_revision`, `vurder` and `revision_resume` keep them in the store.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from fractions import Fraction
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tilsyn.koder import YDELSESGRUPPER
from tilsyn.rules import Rulebook, rulebook
from tilsyn.supervision import db, maskine as tm
from tilsyn.supervision.models import Revision, Revisionssag, Sag
from tilsyn.supervision.sager import hent, tilstand
from tilsyn.supervision.maskine import SagFejl

GRUNDE = ("barsel", "langvarig_sygdom", "helbred_forvaerres", "andet_gyldigt", "ingen")


def stoerrelse(n: int, andel_pct: float) -> int:
    """How many of a stratum of n are drawn: andel_pct % of n, rounded up."""
    return min(n, math.ceil(Fraction(n) * Fraction(str(andel_pct)) / 100))


def personer(passive: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The distinct (person_id, ydelsesgruppe) rows, sorted by ydelsesgruppe then person."""
    rows = sorted(set((str(p or "").strip(), str(g)) for p, g in passive), key=lambda r: (r[1], r[0]))
    if any(not p for p, _ in rows):
        raise SagFejl("en passiv række mangler person_id")
    ukendte = {g for _, g in rows} - set(YDELSESGRUPPER)
    if ukendte:
        raise SagFejl(f"ukendt ydelsesgruppe: {', '.join(sorted(ukendte))}")
    return rows


def udtraek(
    passive: Iterable[tuple[str, str]], andel_pct: float, seed: int, alle: bool = False
) -> list[tuple[str, str]]:
    """The sample of (person_id, ydelsesgruppe): per ydelsesgruppe `andel_pct` % rounded up
    (everyone when `alle`), drawn without replacement by one numpy Generator seeded with `seed`,
    stratum by stratum in sorted order. Rows are sorted and de-duplicated first, so the same
    persons and seed give the same sample whatever the input order."""
    rows = personer(passive)
    if alle:
        return sorted(rows)
    import numpy as np  # here: the web loads this module at start, the sample is drawn rarely

    rng = np.random.default_rng(seed)
    valgt = []
    for _, gruppe in groupby(rows, key=lambda r: r[1]):
        stratum = list(gruppe)
        idx = rng.choice(len(stratum), size=stoerrelse(len(stratum), andel_pct), replace=False)
        valgt.extend(stratum[i] for i in sorted(idx))
    return sorted(valgt)


@dataclass(frozen=True)
class Resume:
    """The audit in numbers: share without a valid reason (Wilson interval of coverage `niveau`)
    and the estimated number of unjustified passive cases in the whole population."""

    population: int
    udtrukket: int
    vurderet: int
    uden_grund: int
    andel: float | None
    nedre: float | None
    oevre: float | None
    estimat: float | None
    estimat_nedre: float | None
    estimat_oevre: float | None
    niveau: float


def resume(grunde: Iterable[str | None], population: int, niveau: float) -> Resume:
    """Summarise reviewers' findings (None = not reviewed yet) for a population of that size, with
    a Wilson interval of coverage `niveau` (`tilsyn.fokusrevision_interval_niveau`)."""
    grunde = list(grunde)
    vurderet = [g for g in grunde if g is not None]
    uden = sum(g == "ingen" for g in vurderet)
    if not vurderet:
        return Resume(population, len(grunde), 0, 0, None, None, None, None, None, None, niveau)
    andel = uden / len(vurderet)
    from statsmodels.stats.proportion import proportion_confint  # slow import: only when used

    nedre, oevre = proportion_confint(uden, len(vurderet), alpha=1 - niveau, method="wilson")
    return Resume(population, len(grunde), len(vurderet), uden, andel, float(nedre), float(oevre),
                  andel * population, nedre * population, oevre * population, niveau)


REVISION_TILSTANDE = (tm.TRIN1, tm.TRIN2, tm.TASKFORCE, tm.FORLAENGET, tm.ADMINISTRATION)


class AlleredeUdtrukket(SagFejl):
    """The case's sample is drawn already (a second click, a second supervisor)."""


UDTRUKKET = "stikprøven er allerede udtrukket, og den kan ikke trækkes igen"


def tjek_udtraek(session: Session, sag: Sag, book: Rulebook | None = None) -> str:
    """The case's state when a sample may be drawn now, else `SagFejl`: after the minister's
    letter one sample per case, and under administration one more, of all passive citizens."""
    t = tilstand(session, sag, book).tilstand
    if t not in REVISION_TILSTANDE:
        raise SagFejl(
            f"fokusrevision hører til skærpet tilsyn efter ministerens brev; sagen er i tilstanden {tm.TEKST[t]!r}"
        )
    query = select(Revision.id).where(Revision.sag_id == sag.id)
    if t == tm.ADMINISTRATION:
        query = query.where(Revision.alle.is_(True))
    if session.scalar(query.limit(1)) is not None:
        raise AlleredeUdtrukket(UDTRUKKET)
    return t


def opret_revision(
    session: Session, sag_id: int, maaned: date, passive: Iterable[tuple[str, str]],
    seed: int | None = None, book: Rulebook | None = None,
) -> Revision:
    """Draw and store the audit of a case's passive persons in `maaned`: all of them under
    administration, else the parameter share. A new random seed is made (and stored) unless given.
    The check above and the store's unique (case, alle) together: of parallel draws one is kept,
    the others get `AlleredeUdtrukket` (the caller rolls back)."""
    alle = tjek_udtraek(session, hent(session, sag_id), book) == tm.ADMINISTRATION
    passive = personer(passive)
    andel = 100.0 if alle else float((book or rulebook()).vaerdi("tilsyn.fokusrevision_andel_pct", dag=maaned))
    seed = secrets.randbits(63) if seed is None else seed
    if not 0 <= seed < 2**63:
        raise SagFejl(f"frøet skal være et helt tal fra 0 til 2^63-1, ikke {seed}")
    population = len(passive)
    revision = Revision(sag_id=sag_id, maaned=maaned, seed=seed, andel_pct=andel, alle=alle,
                        population=population)
    session.add(revision)
    try:
        session.flush()
    except IntegrityError:
        raise AlleredeUdtrukket(UDTRUKKET) from None
    for person_id, gruppe in udtraek(passive, andel, seed, alle):
        session.add(Revisionssag(revision_id=revision.id, person_id=person_id, ydelsesgruppe=gruppe))
    session.flush()
    return revision


def vurder(
    session: Session, revision_id: int, person_id: str, gyldig_grund: str, reviewer: str,
    note: str | None = None,
) -> Revisionssag:
    """Record the reviewer's finding for one sampled person (a later finding replaces it)."""
    if gyldig_grund not in GRUNDE:
        raise SagFejl(f"gyldig_grund skal være en af {', '.join(GRUNDE)}, ikke {gyldig_grund!r}")
    if gyldig_grund == "andet_gyldigt" and not (note or "").strip():
        raise SagFejl("'andet_gyldigt' kræver en note, der forklarer grunden")
    if not reviewer.strip():
        raise SagFejl("angiv hvem der har vurderet sagen (reviewer)")
    rs = session.scalar(select(Revisionssag).where(Revisionssag.revision_id == revision_id,
                                                   Revisionssag.person_id == person_id))
    if rs is None:
        raise SagFejl(f"person {person_id!r} er ikke udtrukket i revision {revision_id}")
    rs.gyldig_grund, rs.note, rs.reviewer = gyldig_grund, note, reviewer
    rs.reviewed_at = datetime.now(timezone.utc)
    session.flush()
    return rs


def revision_resume(session: Session, revision_id: int) -> Resume:
    revision = db.hent(session, Revision, revision_id)
    if revision is None:
        raise SagFejl(f"der findes ingen revision med id {revision_id}")
    niveau = rulebook().vaerdi("tilsyn.fokusrevision_interval_niveau", dag=revision.maaned)
    return resume((s.gyldig_grund for s in revision.sager), revision.population, niveau)
