"""All date arithmetic of Tilsyn: months, 12-month windows, weeks on a clock, due dates.

Periods are inclusive of both ends. Rules stated in months are converted to weeks in the
parameters (1 month = 4 1/3 weeks, docs/frister.md); calendar months are never added to a date here,
only to months (a month is represented by its first day).
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, timedelta
from fractions import Fraction

_MAANED = re.compile(r"^(\d{4})-(\d{2})$")


def parse_maaned(text: str) -> date:
    """'2022-03' -> date(2022, 3, 1); ValueError with a Danish message otherwise."""
    m = _MAANED.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"ugyldig måned {text!r}: brug formatet ÅÅÅÅ-MM")
    return date(int(m.group(1)), int(m.group(2)), 1)


def parse_dato(text: str) -> date:
    """'2022-03-15' -> date; ValueError with a Danish message otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"ugyldig dato {text!r}: brug formatet ÅÅÅÅ-MM-DD") from None


def maaned_tekst(maaned: date) -> str:
    return f"{maaned.year:04d}-{maaned.month:02d}"


def first_day(day: date) -> date:
    return day.replace(day=1)


def last_day(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def year_end(aar: int) -> date:
    """31 December of `aar`: the day a year's rule values are read on."""
    return date(aar, 12, 31)


def add_months(maaned: date, n: int) -> date:
    """The month n months after (before, if negative) the month of `maaned`."""
    index = maaned.year * 12 + maaned.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def sidste_hele_maaned(idag: date) -> date:
    """The last complete month on `idag` (its first day): the month before today's, the newest a
    delivery made today can cover (2026-12-02 -> 2026-11-01)."""
    return add_months(idag, -1)


def months(first: date, last: date) -> list[date]:
    """Every month from the month of `first` to the month of `last`, inclusive."""
    out, m = [], first_day(first)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def window(maaned: date, maaneder: int) -> tuple[date, date]:
    """The window of M of `maaneder` whole months: first(M-(maaneder-1)) .. last(M) (docs/measures.md's
    12-month window with `fokusmaal.vindue_maaneder` = 12)."""
    return add_months(maaned, 1 - maaneder), last_day(maaned)


def weeks(value: str | int | float | Fraction) -> Fraction:
    """A number of weeks from a parameter: 26, '13/3' (4 1/3), '69 1/3' or 4.5."""
    if isinstance(value, str) and " " in value.strip():
        whole, frac = value.split()
        return Fraction(whole) + Fraction(frac)
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def clock_days(week_value: str | int | float | Fraction) -> int:
    """The clock day on which `week_value` weeks are reached: ceil(7W)."""
    return math.ceil(weeks(week_value) * 7)


def due_date(start: date, to_week: str | int | float | Fraction) -> date:
    """Due date of a window ending at `to_week` for an uninterrupted period from `start`."""
    return start + timedelta(days=clock_days(to_week) - 1)


def weeks_after(day: date, week_value: str | int | float | Fraction) -> date:
    """The day `week_value` weeks after `day` ("within 13 weeks of the letter"): the day itself is
    day 0, so this is `due_date` of a period starting the day after."""
    return day + timedelta(days=clock_days(week_value))


def days_inclusive(start: date, end: date) -> int:
    return (end - start).days + 1


def age_on(foedselsdato: date, day: date) -> int:
    return day.year - foedselsdato.year - ((day.month, day.day) < (foedselsdato.month, foedselsdato.day))


_PERIODE = re.compile(r"^(\d{4})(?:H([12]))?$")


def parse_periode(text: str) -> tuple[date, date]:
    """A resultatmål period: '2023' -> the calendar year, '2023H1'/'2023H2' -> a half-year."""
    m = _PERIODE.match(text.strip().upper())
    if not m:
        raise ValueError(f"ugyldig periode {text!r}: brug ÅÅÅÅ, ÅÅÅÅH1 eller ÅÅÅÅH2")
    aar, halvaar = int(m.group(1)), m.group(2)
    if halvaar == "1":
        return date(aar, 1, 1), date(aar, 6, 30)
    if halvaar == "2":
        return date(aar, 7, 1), date(aar, 12, 31)
    return date(aar, 1, 1), date(aar, 12, 31)


def periode_brud(slut: date, tomme_maaneder: int) -> date:
    """The first start date that begins a new period after one ending `slut`: `tomme_maaneder`
    complete calendar months must lie empty in between (the month of `slut` is never empty)."""
    return add_months(first_day(slut), 1 + tomme_maaneder)


# The same conventions as Ibis expressions, for the engine's vectorised clocks.
# A date column is an ibis DateValue; results are cast back to date (DuckDB gives timestamps).

AABEN = date(9999, 12, 31)
"""The end date the engine gives a period or clock segment that is still running."""

FOERSTE_DAG = date(1900, 1, 1)
"""The start of a value that holds on every day (a what-if, the first of a rule's dated values)."""

FOERSTE_REGELDAG = date(2016, 1, 1)
"""The rulebook covers every day from here: every parameter has a value in force from this day."""


def plus_dage(day, n):
    """`day` + `n` days; `n` an integer expression or int."""
    import ibis

    step = n.cast("int32").as_interval("D") if isinstance(n, ibis.Expr) else ibis.interval(days=int(n))
    # Ibis types date + interval as a date and drops a cast to date, but DuckDB makes it a timestamp:
    # through timestamp it is a date on every engine (compared, grouped and joined as one)
    return (day + step).cast("timestamp").cast("date")


def dage_mellem(start, slut):
    """Days from `start` to `slut` (slut - start), as an integer expression."""
    return slut.delta(start, unit="day")


def periode_brud_expr(slut, tomme_maaneder: int):
    """`periode_brud` on a date expression."""
    import ibis

    return (slut.truncate("M") + ibis.interval(months=1 + tomme_maaneder)).cast("date")


def alder_expr(foedselsdato, day):
    """`age_on` on date expressions: whole years, one less before the birthday."""
    foer = (day.month() < foedselsdato.month()) | (
        (day.month() == foedselsdato.month()) & (day.day() < foedselsdato.day())
    )
    return day.year() - foedselsdato.year() - foer.cast("int32")


def maaned_nr(day: date) -> int:
    """A running month number (year * 12 + month - 1): month differences become subtraction."""
    return day.year * 12 + day.month - 1


def anciennitet_maaneder(forloeb_start: date, maaned: date) -> int:
    """Whole months from the forløb's start to the end of `maaned`: 12 or more is the fokusmål
    population's "at least 12 months' anciennitet" (start on or before first(M-11))."""
    return maaned_nr(maaned) + 1 - maaned_nr(forloeb_start) - (forloeb_start.day > 1)


def senest_forloeb_start(maaned: date, anciennitet: int) -> date:
    """The last start day of a forløb with at least `anciennitet` months in month M, first(M+1-n):
    `anciennitet_maaneder(start, M) >= n` exactly when start <= this (the engine's grid and the
    explanation compare dates)."""
    return add_months(first_day(maaned), 1 - anciennitet)


def maaned_nr_udtryk(day):
    """`maaned_nr` of an Ibis date column, for the engine's month grids."""
    return day.year() * 12 + day.month() - 1


def foerste_hele_maaned_nr_udtryk(forloeb_start):
    """The month number from which a forløb counts whole months (its own month when it starts on
    the 1st): month M has `M - this + 1` months' anciennitet, as `anciennitet_maaneder`."""
    return maaned_nr_udtryk(forloeb_start) + (forloeb_start.day() > 1).cast("int64")
