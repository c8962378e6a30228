"""The development table's engine expression on DuckDB and Spark alike: fuldtidspersoner on
a-dagpenge mv. in the month, the month before and the year before, per municipality."""

from __future__ import annotations

from datetime import date

from tilsyn.engine.udvikling import udvikling


def test_three_months_per_municipality(backend, tabeller, rules):
    ydelser = [
        ("a", "0219", "dagpenge", None, date(2017, 5, 1), date(2018, 5, 31)),  # all three months
        ("b", "0219", "kontantydelse", None, date(2018, 5, 16), None),  # half of May 2018 (16 of 31 days)
        ("c", "0219", "kontanthjaelp", "jobparat", date(2017, 1, 1), None),  # another ydelsesgruppe
        ("d", "0101", "arbejdsmarkedsydelse", None, date(2018, 4, 1), date(2018, 4, 30)),
    ]
    t = tabeller(ydelser=ydelser)
    ud = backend.execute(udvikling(t, date(2018, 5, 1), rules))
    got = {(r.kommune_kode, r.hvilken): round(r.fuldtidspersoner, 4) for r in ud.itertuples()}
    assert got == {
        ("0219", "maaned"): round(1 + 16 / 31, 4), ("0219", "forrige_maaned"): 1.0, ("0219", "aaret_foer"): 1.0,
        ("0101", "forrige_maaned"): 1.0,
    }
