"""Fuldtidspersoner (docs/resultatmaal.md): days covered within the period / days in the period."""

from datetime import date

import ibis
import pytest

from tilsyn.engine.resultat import fuldtidspersoner
from tilsyn.rules import rulebook


def _ydelser(rows):
    cols = ["person_id", "kommune_kode", "ydelse", "visitation", "start", "slut"]
    t = ibis.memtable({c: [r[i] for r in rows] for i, c in enumerate(cols)})
    return {"ydelser": t.cast({"visitation": "string", "start": "date", "slut": "date"})}


def _run(rows, start, slut, backend=None):
    got = (backend or ibis.duckdb.connect()).execute(fuldtidspersoner(_ydelser(rows), start, slut, rulebook()))
    return {(r.kommune_kode, r.ydelsesgruppe): r.fuldtidspersoner for r in got.itertuples()}


ROWS = [
    # 2023-01-01..2023-07-02 = 183 of 365 days
    ("a", "0101", "dagpenge", None, date(2023, 1, 1), date(2023, 7, 2)),
    # ongoing since before the year: the whole year
    ("b", "0101", "kontanthjaelp", "jobparat", date(2022, 5, 1), None),
    # ongoing from 1 December: 31 days
    ("c", "0147", "sygedagpenge", None, date(2023, 12, 1), None),
    # outside the year on both sides
    ("d", "0147", "dagpenge", None, date(2021, 1, 1), date(2022, 12, 31)),
    ("e", "0147", "dagpenge", None, date(2024, 1, 1), None),
    # the same person in two groups in one municipality: 10 + 20 days
    ("f", "0147", "uddannelseshjaelp", None, date(2023, 3, 1), date(2023, 3, 10)),
    ("f", "0147", "jobafklaring", None, date(2023, 3, 11), date(2023, 3, 30)),
]


def test_days_within_the_year_per_group_and_in_total(backend):
    got = _run(ROWS, date(2023, 1, 1), date(2023, 12, 31), backend)
    assert got == pytest.approx(
        {
            ("0101", "a_dagpenge"): 183 / 365,
            ("0101", "kontanthjaelp"): 1.0,
            ("0101", "i_alt"): 1 + 183 / 365,
            ("0147", "sygedagpenge"): (31 + 20) / 365,
            ("0147", "kontanthjaelp"): 10 / 365,
            ("0147", "i_alt"): 61 / 365,
        }
    )


def test_half_a_year_is_one_half_and_a_leap_year_has_366_days():
    rows = [("a", "0101", "dagpenge", None, date(2024, 1, 1), date(2024, 6, 30))]
    assert _run(rows, date(2024, 1, 1), date(2024, 12, 31))[("0101", "i_alt")] == pytest.approx(182 / 366)
    rows = [("a", "0101", "dagpenge", None, date(2023, 7, 1), None)]
    assert _run(rows, date(2023, 1, 1), date(2023, 12, 31))[("0101", "i_alt")] == pytest.approx(184 / 365)
    # a half-year period: the same ongoing benefit covers all of H2 and none of H1
    assert _run(rows, date(2023, 7, 1), date(2023, 12, 31))[("0101", "i_alt")] == pytest.approx(1.0)
    assert _run(rows, date(2023, 1, 1), date(2023, 6, 30)) == {}


def test_period_of_one_day_on_the_boundaries():
    rows = [
        ("a", "0101", "dagpenge", None, date(2022, 6, 1), date(2023, 1, 1)),
        ("b", "0101", "dagpenge", None, date(2023, 12, 31), date(2024, 3, 1)),
    ]
    assert _run(rows, date(2023, 1, 1), date(2023, 12, 31))[("0101", "i_alt")] == pytest.approx(2 / 365)
