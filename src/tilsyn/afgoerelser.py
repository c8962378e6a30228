"""The verdicts, each decided here and nowhere else: whether a fokusmål is exceeded, whether the
resultatmål fails, who is responsible for a citizen on a day when the caseworker is absent, and what
is "due soon". The selection, the supervision case, the reports, the engine's row rules and the pages
ask here; templates show the answer and never compare.

Fokusmål (bekendtgørelse om skærpet tilsyn, kapitel 3): a year's or a month's value is judged
against the limit of *its own* year (the limit in force on 31 December of that year, also when the
judging happens later), as published: rounded to two decimals (STAR's notat, tabel 1). It is met
when the value is below the limit, exceeded when it is at or over it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.ordliste import FORFALDEN_SNART, STATUS_TEKST
from tilsyn.rules.rulebook import Rulebook

if TYPE_CHECKING:  # the pages ask here without loading the engine's Ibis
    import ibis.expr.types as ir

DECIMALER = 2  # fokusmål values are published and compared with two decimals
MAAL = ("samtaler", "tilbud")


def _mangler(vaerdi: Any) -> bool:
    return vaerdi is None or (isinstance(vaerdi, float) and math.isnan(vaerdi))


def fokusmaal_graense(rules: Rulebook, maal: str, aar: int) -> float:
    """The limit (percent) a fokusmål value of year `aar` is judged against."""
    return float(rules.vaerdi(f"fokusmaal.{maal}.graense_pct", aar=aar))


def fokusmaal_vaerdi(vaerdi: Any) -> float | None:
    """The value as published and judged (two decimals); None when missing."""
    return None if _mangler(vaerdi) else round(float(vaerdi), DECIMALER)


def fokusmaal_overskredet(vaerdi: Any, maal: str, aar: int, rules: Rulebook) -> bool:
    """Whether fokusmål `maal` with value `vaerdi` (percent) of year `aar` is not met: at or over
    the year's limit after rounding. A missing value is not a failure."""
    v = fokusmaal_vaerdi(vaerdi)
    return v is not None and v >= fokusmaal_graense(rules, maal, aar)


def fokusmaal_opfyldt(vaerdi: Any, maal: str, aar: int, rules: Rulebook) -> bool:
    """The opposite of `fokusmaal_overskredet` for a value that is there."""
    return not fokusmaal_overskredet(vaerdi, maal, aar, rules)


def fokusmaal_overskredne(vaerdier: Iterable[Any], maal: str, aar: int, rules: Rulebook) -> list[bool]:
    """`fokusmaal_overskredet` for each value of a column."""
    return [fokusmaal_overskredet(v, maal, aar, rules) for v in vaerdier]


def med_fokusmaal_domme(frame, maaned: date, rules: Rulebook, foerste: date | None = None):
    """A polars frame of a month's fokusmål (`gns12_samtaler`, `gns12_tilbud`) with `over_samtaler`
    and `over_tilbud`: whether the rolling value is at or over its year's limit (false before the
    rulebook's first month `foerste`, where there is no limit)."""
    import polars as pl

    uden = foerste is not None and maaned < foerste
    return frame.with_columns(
        pl.Series(f"over_{maal}", [False] * frame.height if uden else
                  fokusmaal_overskredne(frame[f"gns12_{maal}"], maal, maaned.year, rules), dtype=pl.Boolean)
        for maal in MAAL
    )


def resultatmaal_regel(rules: Rulebook, aar: int) -> dict[str, Any]:
    """What judges the resultatmål of year `aar`: `tolerance` (percentage points) and
    `kun_over_interval`, the keywords of `resultatmaal_fails`."""
    return {"tolerance": float(rules.vaerdi("resultatmaal.tolerance_pct_point", aar=aar)),
            "kun_over_interval": bool(rules.vaerdi("resultatmaal.kun_over_interval", aar=aar))}


def resultatmaal_fails(forskel_pct_point: Any, faktisk_andel: Any, oevre: Any, *, tolerance: float,
                       kun_over_interval: bool) -> bool:
    """Whether the resultatmål is not met: with `kun_over_interval` the actual share is above the
    prediction interval, else the difference actual - expected is above `tolerance`. Compared
    unrounded, as every place did; a missing value is not a failure."""
    if kun_over_interval:
        return not (_mangler(faktisk_andel) or _mangler(oevre)) and faktisk_andel > oevre
    return not _mangler(forskel_pct_point) and forskel_pct_point > tolerance


def interval_placering(faktisk_andel: float, nedre: float, oevre: float) -> str:
    """Where the actual share lies against the prediction interval: 'over', 'under' or 'inden for'."""
    return "over" if faktisk_andel > oevre else "under" if faktisk_andel < nedre else "inden for"


# --- who is responsible on a day ---------------------------------------------------------------
# When absences of one caseworker overlap, the one that started latest decides the days it covers
# (as a later caseload replaces an earlier one: a handover); on the same start, one with a
# substitute before one without, then the lowest vikar_id. Absent without a substitute: no one.


def fravaer_orden(start: ir.Column, vikar_id: ir.Column) -> list:
    """The rule as an Ibis ordering: the first row of a window ordered so decides."""
    import ibis

    return [ibis.desc(start), vikar_id.isnull(), vikar_id]


def _fravaer_noegle(start: date, vikar_id: str | None) -> tuple:
    return (-start.toordinal(), vikar_id is None, vikar_id or "")


def daekkende_fravaer(fravaer: Iterable, sagsbehandler_id: str | None, dag: date):
    """The absence (objects with sagsbehandler_id, fra, til, vikar_id) that decides who covers for
    `sagsbehandler_id` on `dag`, or None."""
    daekker = [f for f in fravaer if sagsbehandler_id is not None and f.sagsbehandler_id == sagsbehandler_id
               and f.fra <= dag <= f.til]
    return min(daekker, key=lambda f: _fravaer_noegle(f.fra, f.vikar_id), default=None)


# --- due soon ----------------------------------------------------------------------------------


def snart_dage(rules: Rulebook, dag: date) -> int:
    """How many days ahead a deadline counts as due soon (`kontaktforloeb.arbejdsliste.snart_dage`)."""
    return int(rules.vaerdi("kontaktforloeb.arbejdsliste.snart_dage", dag=dag))


def forfalder_snart(dage_tilbage: int | None, rules: Rulebook, dag: date) -> bool:
    """Whether a deadline `dage_tilbage` days after `dag` is due soon (not overdue, within the days)."""
    return dage_tilbage is not None and 0 <= dage_tilbage <= snart_dage(rules, dag)


def snart_tekst(rules: Rulebook, dag: date) -> str:
    """The label of due soon, from the same value: 'Forfalder inden 14 dage'."""
    return f"Forfalder inden {snart_dage(rules, dag)} dage"


def status_tekster(rules: Rulebook, dag: date) -> dict[str, str]:
    """The worklist's statuses in the words of `dag` (`ordliste.STATUS_TEKST` with due soon said as
    `snart_tekst`), most urgent first: what pages, exports and the CLI call a line's status."""
    return {**STATUS_TEKST, FORFALDEN_SNART: snart_tekst(rules, dag)}
