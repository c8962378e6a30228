"""Hand-worked cases, one per rule edge of docs/measures.md (forløb, population, fokusmål), each run on
DuckDB and on Spark. The expected numbers are worked out by hand in each test."""

from __future__ import annotations

from datetime import date as d

import pytest

from tilsyn.engine import fokusmaal
from tilsyn.engine.forloeb import forloeb
from tilsyn.engine.population import maanedsgitter, population_med_gitter

LANG = d(2019, 1, 1)  # a forløb start far before every window in these cases


def ydelse(person, start=LANG, slut=None, kommune="0101", art="dagpenge"):
    return (person, kommune, art, None, start, slut)


def samtale(person, dato, kommune="0101", form="fysisk", art="individuel"):
    return (person, kommune, dato, form, art, None)


def tilbud(person, start, slut, kommune="0101", art="virksomhedspraktik"):
    return (person, kommune, art, start, slut)


def timer(person, maaned, antal):
    return (person, maaned, float(antal))


def raekker(backend, expr) -> list[dict]:
    return backend.to_pyarrow(expr).to_pylist()


def maanedlige(backend, tables, maaned, rules):
    """{kommune_kode: row} for the municipalities of month `maaned` with a population."""
    rows = raekker(backend, fokusmaal.maanedlige(tables, maaned, maaned, rules))
    return {r["kommune_kode"]: r for r in rows if r["population"] > 0}


# --- forløb -------------------------------------------------------------------------------------


def test_forloeb_gap_without_a_complete_empty_month_continues(backend, tabeller, rules):
    """Forløb: ends 2022-03-15, next starts 2022-04-20 → the same forløb (no whole month empty)."""
    t = tabeller(ydelser=[ydelse("a", d(2021, 6, 1), d(2022, 3, 15)), ydelse("a", d(2022, 4, 20))])
    got = raekker(backend, forloeb(t["ydelser"], rules))
    assert got == [{"person_id": "a", "forloeb_start": d(2021, 6, 1), "forloeb_slut": None}]


def test_forloeb_one_complete_empty_calendar_month_starts_a_new_forloeb(backend, tabeller, rules):
    """Forløb: ends 2022-03-15, next starts 2022-05-01 → April is empty → new forløb; a period
    ending on 2022-03-31 and one starting 2022-04-30 stay together (April is not complete)."""
    t = tabeller(
        ydelser=[
            ydelse("a", d(2021, 6, 1), d(2022, 3, 15)),
            ydelse("a", d(2022, 5, 1), d(2022, 8, 31)),
            ydelse("b", d(2021, 6, 1), d(2022, 3, 31), art="kontanthjaelp"),
            ydelse("b", d(2022, 4, 30), None, art="sygedagpenge", kommune="0147"),
        ]
    )
    got = raekker(backend, forloeb(t["ydelser"], rules).order_by(["person_id", "forloeb_start"]))
    assert [tuple(r.values()) for r in got] == [
        ("a", d(2021, 6, 1), d(2022, 3, 15)),
        ("a", d(2022, 5, 1), d(2022, 8, 31)),
        ("b", d(2021, 6, 1), None),
    ]


# --- population ---------------------------------------------------------------------------------


def population(t, fra, til, rules):
    """`kommune_kode, maaned, person_id, forloeb_start` of every month fra..til."""
    gitter = maanedsgitter(fra, til, rules)
    return population_med_gitter(t, gitter, rules).select("kommune_kode", "maaned", "person_id", "forloeb_start")


def test_anciennitet_forloeb_start_on_first_day_of_m_minus_11_counts(backend, tabeller, rules):
    """M = 2022-12: first(M-11) = 2022-01-01. A forløb started that day is in the population; one
    started 2022-01-02 is not; a forløb whose earlier period began in 2021 carries its anciennitet
    across a gap of less than a whole month, even into another municipality."""
    t = tabeller(
        ydelser=[
            ydelse("paa_dagen", d(2022, 1, 1)),
            ydelse("dagen_efter", d(2022, 1, 2)),
            ydelse("flytter", d(2021, 12, 1), d(2022, 6, 10)),
            ydelse("flytter", d(2022, 7, 20), kommune="0147", art="kontanthjaelp"),
            ydelse("ny_forloeb", d(2021, 1, 1), d(2022, 2, 28)),
            ydelse("ny_forloeb", d(2022, 4, 1)),
        ]
    )
    got = raekker(backend, population(t, d(2022, 12, 1), d(2022, 12, 1), rules))
    assert sorted((r["kommune_kode"], r["person_id"]) for r in got) == [("0101", "paa_dagen"), ("0147", "flytter")]


def test_population_needs_a_period_covering_the_last_day_of_the_month(backend, tabeller, rules):
    """A period ending on 30 November is not in December's population; ending 31 December is."""
    t = tabeller(
        ydelser=[ydelse("slutter_nov", LANG, d(2022, 11, 30)), ydelse("slutter_dec", LANG, d(2022, 12, 31))]
    )
    got = raekker(backend, population(t, d(2022, 11, 1), d(2022, 12, 1), rules))
    assert sorted((r["maaned"], r["person_id"]) for r in got) == [
        (d(2022, 11, 1), "slutter_dec"),
        (d(2022, 11, 1), "slutter_nov"),
        (d(2022, 12, 1), "slutter_dec"),
    ]


# --- samtaler -----------------------------------------------------------------------------------


def test_samtaler_of_any_art_form_and_municipality_count(backend, tabeller, rules):
    """Four samtaler in the window — one in another municipality, one fælles, one by phone, one
    digital — make the person active; three (the fourth dated the day before the window) do not.
    M = 2022-06, window 2021-07-01..2022-06-30. Population 2, 1 passive → 50 %."""
    fire = [
        samtale("a", d(2021, 7, 1)),
        samtale("a", d(2021, 12, 24), kommune="0147"),
        samtale("a", d(2022, 3, 3), art="faelles", form="telefon"),
        samtale("a", d(2022, 6, 30), form="digital"),
    ]
    tre = [samtale("b", s[2]) for s in fire[1:]] + [samtale("b", d(2021, 6, 30))]
    t = tabeller(ydelser=[ydelse("a"), ydelse("b")], samtaler=fire + tre)
    row = maanedlige(backend, t, d(2022, 6, 1), rules)["0101"]
    assert (row["population"], row["passive_samtaler"], row["andel_samtaler"]) == (2, 1, 50.0)


# --- tilbud and hours ---------------------------------------------------------------------------


def test_tilbud_overlapping_only_the_first_day_of_the_window_counts(backend, tabeller, rules):
    """M = 2022-12, window from 2022-01-01: a tilbud ending 2022-01-01 makes the person not
    tilbud-passive; one ending 2021-12-31 does not; a running tilbud started 2020 does."""
    t = tabeller(
        ydelser=[ydelse("rammer"), ydelse("lige_foer"), ydelse("loebende")],
        tilbud=[
            tilbud("rammer", d(2021, 11, 1), d(2022, 1, 1)),
            tilbud("lige_foer", d(2021, 11, 1), d(2021, 12, 31)),
            tilbud("loebende", d(2020, 5, 1), None),
        ],
    )
    row = maanedlige(backend, t, d(2022, 12, 1), rules)["0101"]
    assert (row["population"], row["passive_tilbud"]) == (3, 1)
    assert row["andel_tilbud"] == pytest.approx(100 / 3)


def test_hours_exactly_at_the_limit_are_enough(backend, tabeller, rules):
    """2022 limit 225 hours over M-11..M: 225 → not passive; 224.5 → passive (no tilbud); hours in
    the month before the window do not count. 2 of 3 passive."""
    t = tabeller(
        ydelser=[ydelse("paa_graensen"), ydelse("under"), ydelse("foer_vinduet")],
        beskaeftigelse=[
            timer("paa_graensen", d(2022, 1, 1), 100),
            timer("paa_graensen", d(2022, 12, 1), 125),
            timer("under", d(2022, 6, 1), 224.5),
            timer("foer_vinduet", d(2021, 12, 1), 300),
        ],
    )
    row = maanedlige(backend, t, d(2022, 12, 1), rules)["0101"]
    assert (row["population"], row["passive_tilbud"]) == (3, 2)


def test_hours_limit_changes_from_100_to_225_in_2022(backend, tabeller, rules):
    """150 hours in 2021-06: enough in December 2021 (limit 100), not in January 2022 (225)."""
    t = tabeller(ydelser=[ydelse("a")], beskaeftigelse=[timer("a", d(2021, 6, 1), 150)])
    df = backend.execute(fokusmaal.maanedlige(t, d(2021, 12, 1), d(2022, 1, 1), rules))
    df = df[df.kommune_kode == "0101"].sort_values("maaned")
    assert df.passive_tilbud.tolist() == [0, 1]


# --- leap year ----------------------------------------------------------------------------------


def test_leap_year_february_2024_window_ends_on_the_29th(backend, tabeller, rules):
    """M = 2024-02: window 2023-03-01..2024-02-29. A samtale on 2024-02-29 counts, one on
    2023-02-28 does not; a period ending 2024-02-28 is not in the population."""
    inde = [d(2023, 3, 1), d(2023, 9, 1), d(2024, 1, 31), d(2024, 2, 29)]
    t = tabeller(
        ydelser=[ydelse("inde"), ydelse("ude"), ydelse("slutter", LANG, d(2024, 2, 28))],
        samtaler=[samtale("inde", x) for x in inde]
        + [samtale("ude", x) for x in [d(2023, 2, 28), *inde[1:]]],
    )
    row = maanedlige(backend, t, d(2024, 2, 1), rules)["0101"]
    assert (row["population"], row["passive_samtaler"]) == (2, 1)


# --- shares, rolling and year values -------------------------------------------------------------


def test_municipality_without_population_has_empty_shares(backend, tabeller, rules):
    """0147 has nobody in its population (its only person is too new): population 0, shares NULL."""
    t = tabeller(ydelser=[ydelse("a"), ydelse("ny", d(2022, 6, 1), kommune="0147")])
    df = backend.execute(fokusmaal.maanedlige(t, d(2022, 12, 1), d(2022, 12, 1), rules))
    by_kommune = df.set_index("kommune_kode")
    assert len(df) == 98
    assert by_kommune.loc["0147", "population"] == 0
    assert by_kommune.loc["0147", ["andel_samtaler", "andel_tilbud"]].isna().all()
    assert by_kommune.loc["0101", "andel_samtaler"] == 100.0


def test_rolling_value_skips_months_with_an_empty_share(backend, tabeller, rules):
    """0101: "a" (forløb from 2021-01-01, ends 2022-02-28) is in the population Dec 2021-Feb 2022;
    "b" (forløb from 2021-05-01) from Apr 2022, with 4 samtaler in May 2022. Samtale shares: Dec-Feb
    100, Mar empty (population 0), Apr 100, May 0. Rolling in May: (4 × 100 + 0) / 5 = 80 — the
    empty March is skipped, not counted as 0 (that would give 66.67)."""
    t = tabeller(
        ydelser=[ydelse("a", d(2021, 1, 1), d(2022, 2, 28)), ydelse("b", d(2021, 5, 1))],
        samtaler=[samtale("b", d(2022, 5, x)) for x in (2, 3, 4, 5)],
    )
    df = backend.execute(fokusmaal.rullende(t, d(2022, 3, 1), d(2022, 5, 1), rules))
    df = df[df.kommune_kode == "0101"].sort_values("maaned")
    assert df.population.tolist() == [0, 1, 1]
    assert df.andel_samtaler.isna().tolist() == [True, False, False]
    assert df.andel_samtaler.tolist()[1:] == [100.0, 0.0]
    assert df.gns12_samtaler.tolist() == [100.0, 100.0, 80.0]
    assert df.gns12_tilbud.tolist() == [100.0, 100.0, 100.0]


def test_year_value_2020_leaves_out_march_to_june(backend, tabeller, rules):
    """2020 averages 8 months (fokusmaal.udeladte_maaneder = 2020-03..2020-06). "a" has samtaler on
    the 1st of Mar-Jul 2019 and four in Jul 2020: 5 in the windows of Jan and Feb 2020, 4 in Mar,
    3/2/1 in Apr/May/Jun (passive), 4 from Jul. "b" is always passive. Samtale shares: 50 in Jan-Mar
    and Jul-Dec, 100 in Apr-Jun → year value 50 (all 12 months would give 62.5)."""
    foer = [d(2019, m, 1) for m in (3, 4, 5, 6, 7)]
    igen = [d(2020, 7, x) for x in (1, 2, 3, 4)]
    t = tabeller(
        ydelser=[ydelse("a", d(2018, 1, 1)), ydelse("b", d(2018, 1, 1))],
        samtaler=[samtale("a", x) for x in foer + igen],
    )
    df = backend.execute(fokusmaal.aarsvaerdier(t, 2020, rules)).set_index("kommune_kode")
    assert len(df) == 98
    assert df.loc["0101", "aar"] == 2020
    assert df.loc["0101", "vaerdi_samtaler"] == 50.0
    assert df.loc["0101", "vaerdi_tilbud"] == 100.0
    assert df.loc[["0147"], "vaerdi_samtaler"].isna().all()
