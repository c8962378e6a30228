"""Benchmark report measures (docs/rapporter.md) on tiny hand-worked data, on DuckDB and Spark."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.engine.benchmark_maal import benchmark_maal

A, B = "0101", "0147"  # København, Frederiksberg


def _tables():
    ydelser = [
        # p1: dagpenge in A from 2 Jan 2023, 70 days (ends 12 Mar) -> within 13 weeks; 40 hours in April
        ("p1", A, "dagpenge", None, date(2023, 1, 2), date(2023, 3, 12)),
        # p2: dagpenge in A from 1 Feb 2023 for 150 days (ends 30 Jun): within 26, not 13 weeks; no work after
        ("p2", A, "dagpenge", None, date(2023, 2, 1), date(2023, 6, 30)),
        # p3: dagpenge in A since 2021, running: 4 samtaler is irrelevant (not new); no tilbud -> passive 6 and 12
        ("p3", A, "dagpenge", None, date(2021, 5, 1), None),
        # p4: dagpenge in B since 1 Mar 2023, running; 4 samtaler in its first 26 weeks; praktik in 2023
        ("p4", B, "dagpenge", None, date(2023, 3, 1), None),
        # p5: kontanthjælp in B since 2022-01-01, running; løntilskud in Sep 2023 -> not passive; virksomhedsrettet
        ("p5", B, "kontanthjaelp", "jobparat", date(2022, 1, 1), None),
        # p6: dagpenge in B from 2022-06-01, ended 2023-08-31 (varighed 457 days); started before the year
        ("p6", B, "dagpenge", None, date(2022, 6, 1), date(2023, 8, 31)),
    ]
    tilbud = [
        ("p4", B, "virksomhedspraktik", date(2023, 5, 1), date(2023, 5, 28)),
        ("p5", B, "loentilskud_privat", date(2023, 9, 1), date(2023, 11, 30)),
        ("p3", A, "vejledning_opkvalificering", date(2022, 3, 1), date(2022, 4, 30)),
    ]
    samtaler = [("p4", B, d, "fysisk", "individuel", None)
                for d in (date(2023, 3, 5), date(2023, 4, 5), date(2023, 6, 5), date(2023, 8, 29))]
    # 29 Aug is day 182 of p4's forløb (1 Mar + 181 days): the last day of its first 26 weeks
    samtaler.append(("p4", B, date(2023, 8, 30), "fysisk", "individuel", None))  # day 183: outside
    samtaler.append(("p2", A, date(2023, 2, 10), "fysisk", "individuel", None))
    besk = [("p1", date(2023, 4, 1), 40.0), ("p2", date(2023, 7, 1), 0.0)]
    return {"ydelser": ydelser, "tilbud": tilbud, "samtaler": samtaler, "beskaeftigelse": besk}


@pytest.fixture
def maal(backend, tabeller, rules):
    """The measures of 2023, on DuckDB and (marked spark) on Spark."""
    df = backend.execute(benchmark_maal(tabeller(**_tables()), 2023, rules))
    return {(r.kommune_kode, r.ydelsesgruppe, r.maaling): r for r in df.itertuples()}


def test_varighed_is_mean_weeks_of_forloeb_ended_in_the_year(maal):
    # A: p1 70 days, p2 150 days -> mean 110 days = 15.71 weeks; B: p6 457 days = 65.29 weeks
    assert maal[(A, "a_dagpenge", "varighed_uger")].vaerdi == round(110 / 7, 2)
    assert maal[(A, "a_dagpenge", "varighed_uger")].antal == 2
    assert maal[(B, "a_dagpenge", "varighed_uger")].vaerdi == round(457 / 7, 2)
    assert maal[(A, "a_dagpenge", "varighed_uger")].placering == 1
    assert maal[(B, "a_dagpenge", "varighed_uger")].placering == 2


def test_afgang_of_forloeb_started_in_the_first_half(maal):
    # A: p1 and p2 started in H1; p1 ended within 13 weeks (91 days), both within 26 (182 days)
    assert maal[(A, "a_dagpenge", "afgang_3_mdr")].vaerdi == 50.0
    assert maal[(A, "a_dagpenge", "afgang_6_mdr")].vaerdi == 100.0
    # only p1 had hours (40 in April, the month after the end)
    assert maal[(A, "a_dagpenge", "afgang_job")].vaerdi == 50.0
    # B: p4 started in H1 and is running
    assert maal[(B, "a_dagpenge", "afgang_6_mdr")].vaerdi == 0.0 and maal[(B, "a_dagpenge", "afgang_6_mdr")].antal == 1
    assert maal[(A, "a_dagpenge", "afgang_6_mdr")].placering == 1


def test_indsats(maal):
    # virksomhedsrettet: A dagpenge p1 p2 p3 none -> 0 %; B dagpenge p4 (praktik), p6 (none) -> 50 %; B kontanthjælp p5 100 %
    assert maal[(A, "a_dagpenge", "virksomhedsrettet")].vaerdi == 0.0
    assert maal[(A, "a_dagpenge", "virksomhedsrettet")].antal == 3
    assert maal[(B, "a_dagpenge", "virksomhedsrettet")].vaerdi == 50.0
    assert maal[(B, "kontanthjaelp", "virksomhedsrettet")].vaerdi == 100.0
    assert maal[(B, "a_dagpenge", "virksomhedsrettet")].placering == 1
    # samtaler in the first 26 weeks: p4 has exactly 4 (the 5th is on day 183); p1 0, p2 1
    assert maal[(B, "a_dagpenge", "samtaler_tidligt")].vaerdi == 100.0
    assert maal[(A, "a_dagpenge", "samtaler_tidligt")].vaerdi == 0.0
    assert maal[(A, "a_dagpenge", "samtaler_tidligt")].antal == 2


def test_passiv_on_the_last_day(maal):
    # 31 Dec 2023: p3 (A, since 2021, last tilbud 2022) passive on both; p4 (B, since Mar 2023) has 10 months'
    # anciennitet: in the 6-month measure, with a tilbud in May (outside Jul-Dec) -> passive; not in the 12-month one;
    # p5 (B kontanthjælp) had løntilskud Sep-Nov -> not passive
    assert maal[(A, "a_dagpenge", "passiv_6_mdr")].vaerdi == 100.0
    assert maal[(A, "a_dagpenge", "passiv_12_mdr")].vaerdi == 100.0
    assert maal[(B, "a_dagpenge", "passiv_6_mdr")].vaerdi == 100.0
    assert (B, "a_dagpenge", "passiv_12_mdr") not in maal
    assert maal[(B, "kontanthjaelp", "passiv_12_mdr")].vaerdi == 0.0
    assert maal[(B, "kontanthjaelp", "passiv_12_mdr")].placering == 1
