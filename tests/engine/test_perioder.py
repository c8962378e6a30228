"""Clocks (docs/frister.md, LAB § 9, BEK 2636/2021 § 7), each case hand-counted."""

from datetime import date

import ibis
import pytest

from tilsyn import tid
from tilsyn.engine.perioder import dato_for_urdag, maalgruppe_perioder, ur_perioder, ur_segmenter
from tilsyn.rules import rulebook

D = date


def ydelser(*rows):
    """rows: (person_id, ydelse, visitation, start, slut)."""
    return ibis.memtable(
        {
            "person_id": [r[0] for r in rows],
            "kommune_kode": ["0101"] * len(rows),
            "ydelse": [r[1] for r in rows],
            "visitation": [r[2] for r in rows],
            "start": [r[3] for r in rows],
            "slut": [r[4] for r in rows],
        }
    ).cast({"start": "date", "slut": "date", "visitation": "string"})


def run(expr):
    return sorted(
        ibis.duckdb.connect().to_pyarrow(expr).to_pylist(),
        key=lambda r: tuple(str(v) for v in r.values()),
    )


def perioder(*rows):
    return [
        (r["person_id"], r["maalgruppe"], r["periode_start"], r["periode_slut"])
        for r in run(maalgruppe_perioder(ydelser(*rows), rulebook()))
    ]


def test_lab_9_gap_shorter_than_a_calendar_month_continues_the_period():
    """Ends 2022-03-15, back 2022-04-20: April is not empty → the same period."""
    assert perioder(
        ("a", "kontanthjaelp", "jobparat", D(2022, 1, 10), D(2022, 3, 15)),
        ("a", "kontanthjaelp", "jobparat", D(2022, 4, 20), None),
    ) == [("a", 2, D(2022, 1, 10), None)]


def test_lab_9_a_complete_empty_calendar_month_ends_the_period():
    """Ends 2022-03-15, back 2022-05-01: April is empty → a new period."""
    assert perioder(
        ("a", "kontanthjaelp", "jobparat", D(2022, 1, 10), D(2022, 3, 15)),
        ("a", "kontanthjaelp", "jobparat", D(2022, 5, 1), None),
    ) == [("a", 2, D(2022, 1, 10), D(2022, 3, 15)), ("a", 2, D(2022, 5, 1), None)]


def test_lab_9_ydelsesskift_starts_a_new_period():
    """Jobparat (målgruppe 2) → aktivitetsparat (3) the next day: two periods."""
    assert perioder(
        ("a", "kontanthjaelp", "jobparat", D(2022, 1, 1), D(2022, 2, 28)),
        ("a", "kontanthjaelp", "aktivitetsparat", D(2022, 3, 1), None),
    ) == [("a", 2, D(2022, 1, 1), D(2022, 2, 28)), ("a", 3, D(2022, 3, 1), None)]


def test_lab_9_revalidering_to_forrevalidering_is_no_new_period():
    assert perioder(
        ("a", "forrevalidering", None, D(2021, 1, 1), D(2021, 6, 30)),
        ("a", "revalidering", None, D(2021, 7, 1), D(2021, 12, 31)),
    ) == [("a", 10, D(2021, 1, 1), D(2021, 12, 31))]


def urdage(rows, dage):
    """The date each person's current clock reaches each of `dage`."""
    y = ydelser(*rows)
    p = ur_perioder(y, rulebook())
    p = p.cross_join(ibis.memtable({"n": dage}))
    got = run(dato_for_urdag(ur_segmenter(y, rulebook()), p, "n", "dato"))
    return {(r["person_id"], r["periode_start"], r["n"]): r["dato"] for r in got}


def test_spec_04_example_uninterrupted_period():
    """Start 2022-01-10: clock day 7 (1 week) on 2022-01-16, day 182 (26 weeks) on 2022-07-10."""
    got = urdage([("a", "kontanthjaelp", "jobparat", D(2022, 1, 10), None)], [7, 182])
    assert got == {("a", D(2022, 1, 10), 7): D(2022, 1, 16), ("a", D(2022, 1, 10), 182): D(2022, 7, 10)}


def test_non_dagpenge_clock_counts_bridged_gap_days():
    """KH 2022-01-10..03-15, back 04-20: the same period, every calendar day counts → day 182 = 07-10."""
    got = urdage(
        [("a", "kontanthjaelp", "jobparat", D(2022, 1, 10), D(2022, 3, 15)),
         ("a", "kontanthjaelp", "jobparat", D(2022, 4, 20), None)],
        [182],
    )
    assert got == {("a", D(2022, 1, 10), 182): D(2022, 7, 10)}


def test_bek_2636_2021_par_7_dagpenge_clock_stands_still_in_covid_periods():
    """DP from 2020-01-01: 60 days to 2020-02-29, then paused to 2020-08-31.
    Day 61 = 2020-09-01, day 91 (13 weeks) = 2020-10-01; 122 days Sep–Dec → day 182 = 2020-12-31;
    the second exclusion 2021-01-01..06-30 → day 183 = 2021-07-01."""
    got = urdage([("a", "dagpenge", None, D(2020, 1, 1), None)], [60, 61, 91, 182, 183])
    assert [got[("a", D(2020, 1, 1), n)] for n in (60, 61, 91, 182, 183)] == [
        D(2020, 2, 29), D(2020, 9, 1), D(2020, 10, 1), D(2020, 12, 31), D(2021, 7, 1)
    ]


def test_dagpenge_gap_shorter_than_52_weeks_keeps_the_clock_running():
    """DP 2018-01-01..03-31 (90 days), back 2018-09-01 (153 days away): clock day 91 = 2018-09-01,
    day 182 = 2018-12-01. Only dagpenge days count."""
    got = urdage(
        [("a", "dagpenge", None, D(2018, 1, 1), D(2018, 3, 31)), ("a", "dagpenge", None, D(2018, 9, 1), None)],
        [90, 91, 182],
    )
    assert [got[("a", D(2018, 1, 1), n)] for n in (90, 91, 182)] == [D(2018, 3, 31), D(2018, 9, 1), D(2018, 12, 1)]


@pytest.mark.parametrize(
    "tilbage, ny_periode",
    [(D(2018, 3, 30), False), (D(2018, 3, 31), True)],  # 363 vs 364 days (52 weeks) without dagpenge
)
def test_dagpenge_52_weeks_without_dagpenge_start_a_new_dagpengeperiode(tilbage, ny_periode):
    got = urdage(
        [("a", "dagpenge", None, D(2017, 1, 1), D(2017, 3, 31)), ("a", "dagpenge", None, tilbage, None)],
        [1],
    )
    starts = {k[1] for k in got}
    assert starts == ({D(2017, 1, 1), tilbage} if ny_periode else {D(2017, 1, 1)})


def test_ended_dagpengeperiode_clock_runs_on_for_comparison_with_periode_slut():
    y = ydelser(("a", "dagpenge", None, D(2019, 1, 1), D(2019, 1, 31)))
    p = run(ur_perioder(y, rulebook()))
    assert [(r["periode_start"], r["periode_slut"]) for r in p] == [(D(2019, 1, 1), D(2019, 1, 31))]
    assert tid.AABEN in {r["seg_slut"] for r in run(ur_segmenter(y, rulebook()))}
