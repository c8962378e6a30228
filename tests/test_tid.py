"""Date arithmetic (fokusmål windows, docs/measures.md; day counting, docs/frister.md)."""

from datetime import date, timedelta
from fractions import Fraction

import pytest

from tilsyn import tid


def test_window_of_a_month():
    assert tid.window(date(2022, 12, 1), 12) == (date(2022, 1, 1), date(2022, 12, 31))
    assert tid.window(date(2024, 2, 1), 12) == (date(2023, 3, 1), date(2024, 2, 29))
    assert tid.window(date(2024, 2, 1), 6) == (date(2023, 9, 1), date(2024, 2, 29))


def test_add_months_crosses_years():
    assert tid.add_months(date(2022, 1, 1), -11) == date(2021, 2, 1)
    assert tid.add_months(date(2022, 12, 1), 1) == date(2023, 1, 1)


def test_last_complete_month_is_the_month_before_today():
    assert tid.sidste_hele_maaned(date(2026, 12, 2)) == date(2026, 11, 1)
    assert tid.sidste_hele_maaned(date(2026, 11, 30)) == date(2026, 10, 1)
    assert tid.sidste_hele_maaned(date(2027, 1, 1)) == date(2026, 12, 1)


def test_weeks_from_parameter_forms():
    assert tid.weeks("13/3") == Fraction(13, 3)
    assert tid.weeks("69 1/3") == Fraction(208, 3)
    assert tid.weeks(26) == 26


def test_due_dates_from_spec_04_examples():
    # "a period starting 2022-01-10 has its 26-week deadline on 2022-07-10 and its 1-week on 2022-01-16"
    assert tid.due_date(date(2022, 1, 10), 26) == date(2022, 7, 10)
    assert tid.due_date(date(2022, 1, 10), 1) == date(2022, 1, 16)
    # 4 1/3 weeks = 30 1/3 days -> clock day 31
    assert tid.clock_days("13/3") == 31


def test_parse_errors_are_danish():
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM"):
        tid.parse_maaned("2022-13")
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM-DD"):
        tid.parse_dato("15-03-2022")


def test_age_on_birthday():
    assert tid.age_on(date(1990, 3, 15), date(2020, 3, 14)) == 29
    assert tid.age_on(date(1990, 3, 15), date(2020, 3, 15)) == 30


def test_parse_periode_years_and_half_years():
    assert tid.parse_periode("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert tid.parse_periode("2023h1") == (date(2023, 1, 1), date(2023, 6, 30))
    assert tid.parse_periode("2023H2") == (date(2023, 7, 1), date(2023, 12, 31))
    with pytest.raises(ValueError, match="ÅÅÅÅH1"):
        tid.parse_periode("2023H3")


def test_periode_brud_needs_a_complete_empty_calendar_month():
    """docs/measures.md, Forløb: ends 2022-03-15 → a start on 2022-04-20 continues, 2022-05-01 is new."""
    assert tid.periode_brud(date(2022, 3, 15), 1) == date(2022, 5, 1)
    assert tid.periode_brud(date(2022, 3, 31), 1) == date(2022, 5, 1)
    assert tid.periode_brud(date(2022, 12, 1), 1) == date(2023, 2, 1)


def test_ibis_forms_agree_with_the_python_forms():
    import ibis

    days = [date(2022, 3, 15), date(2022, 12, 31), date(2024, 2, 29)]
    born = [date(1990, 3, 16), date(1990, 12, 31), date(2000, 2, 29)]
    t = ibis.memtable({"d": days, "f": born, "n": [3, 1, 365]})
    e = t.select(
        plus=tid.plus_dage(t.d, t.n),
        mellem=tid.dage_mellem(t.f, t.d),
        brud=tid.periode_brud_expr(t.d, 1),
        alder=tid.alder_expr(t.f, t.d),
    )
    got = ibis.duckdb.connect().to_pyarrow(e).to_pylist()
    assert [r["plus"] for r in got] == [date(2022, 3, 18), date(2023, 1, 1), date(2025, 2, 28)]
    assert [r["brud"] for r in got] == [tid.periode_brud(d, 1) for d in days]
    assert [r["alder"] for r in got] == [tid.age_on(f, d) for f, d in zip(born, days)] == [31, 32, 24]
    assert [r["mellem"] for r in got] == [(d - f).days for f, d in zip(born, days)]


def test_maaned_nr_makes_month_differences_subtraction():
    assert tid.maaned_nr(date(2022, 5, 31)) - tid.maaned_nr(date(2022, 3, 1)) == 2
    assert tid.maaned_nr(date(2023, 1, 1)) - tid.maaned_nr(date(2022, 12, 31)) == 1
    assert tid.maaned_nr(date(2022, 1, 15)) == 2022 * 12


def test_maaned_nr_udtryk_agrees_with_maaned_nr():
    import ibis

    days = [date(2020, 2, 29), date(2022, 12, 31), date(2023, 1, 1)]
    t = ibis.memtable({"d": days})
    got = ibis.duckdb.connect().execute(t.select(n=tid.maaned_nr_udtryk(t.d))).n.tolist()
    assert got == [tid.maaned_nr(d) for d in days]


def test_weeks_after_counts_from_the_day_after():
    # a letter sent 2023-04-20: 13 weeks later is 2023-07-20 (91 days), 39 weeks 2024-01-18
    assert tid.weeks_after(date(2023, 4, 20), 13) == date(2023, 7, 20)
    assert tid.weeks_after(date(2023, 4, 20), 39) == date(2024, 1, 18)
    assert tid.weeks_after(date(2023, 4, 20), "13/3") == date(2023, 5, 21)  # ceil(30.33) days
    assert tid.weeks_after(date(2023, 4, 20), 13) == tid.due_date(date(2023, 4, 21), 13)


@pytest.mark.parametrize(
    ("start", "forventet"),
    [(date(2023, 7, 1), 12), (date(2023, 7, 2), 11), (date(2023, 6, 30), 12), (date(2024, 6, 1), 1),
     (date(2020, 3, 15), 51)],
)
def test_anciennitet_er_hele_maaneder_til_maanedens_slutning(start, forventet):
    """12 months or more exactly when the forløb started on or before first(M-11) (docs/measures.md)."""
    assert tid.anciennitet_maaneder(start, date(2024, 6, 1)) == forventet


def test_foerste_hele_maaned_agrees_with_anciennitet_maaneder():
    """The engine's month-number form and the pages' count are the same rule."""
    import ibis

    starts = [date(2023, 7, 1), date(2023, 7, 2), date(2023, 6, 30), date(2024, 6, 1), date(2020, 2, 29)]
    t = ibis.memtable({"d": starts})
    foerste = ibis.duckdb.connect().execute(t.select(n=tid.foerste_hele_maaned_nr_udtryk(t.d))).n.tolist()
    juni_2024 = tid.maaned_nr(date(2024, 6, 1))
    assert [juni_2024 - f + 1 for f in foerste] == [tid.anciennitet_maaneder(d, date(2024, 6, 1)) for d in starts]


@pytest.mark.parametrize("n", [1, 6, 12])
def test_senest_forloeb_start_agrees_with_anciennitet_maaneder(n):
    """The date form (the engine's grid, the explanation) and the count are the same rule, on every
    start day of three years."""
    m = date(2024, 6, 1)
    for i in range(3 * 366):
        start = date(2021, 6, 1) + timedelta(i)
        assert (start <= tid.senest_forloeb_start(m, n)) == (tid.anciennitet_maaneder(start, m) >= n), start


def test_engine_and_rules_write_no_calendar_dates():
    """A date in force is a rule parameter and a calendar constant lives here in tid.py; a
    `date(1900, 1, 1)` written in the engine or the rulebook is neither."""
    import re
    from pathlib import Path

    src = Path(tid.__file__).parent
    for mappe in ("engine", "rules"):
        for fil in (src / mappe).rglob("*.py"):
            assert not re.search(r"(?<![\w.])date\(\d", fil.read_text(encoding="utf-8")), fil
