"""ydelse (+ visitation) -> ydelsesgruppe and målgruppe (LAB § 6) from the rulebook's dated mapping."""

from datetime import date

import ibis

from tilsyn import koder
from tilsyn.engine.ydelser import med_grupper
from tilsyn.rules import rulebook

D = date


def grupper(backend, rows, rules):
    t = ibis.memtable({"ydelse": [r[0] for r in rows], "visitation": [r[1] for r in rows],
                       "start": [r[2] for r in rows]}).cast({"visitation": "string", "start": "date"})
    got = backend.to_pyarrow(med_grupper(t, rules)).to_pylist()
    return [(r["ydelsesgruppe"], r["maalgruppe"]) for r in got]


def test_groups_match_the_code_list_for_every_ydelse_and_visitation(backend):
    dag = D(2022, 6, 1)
    rows = [(y, v, dag) for y in koder.YDELSER for v in [None, *koder.VISITATIONER]]
    for (ydelse, visitation, _), (gruppe, maal) in zip(rows, grupper(backend, rows, rulebook())):
        expected = koder.maalgruppe(ydelse, visitation, dag)
        assert gruppe == koder.ydelsesgruppe(ydelse, dag)
        # a visitation that does not fit the ydelse falls back to the default group
        assert maal == (expected if expected is not None else koder.maalgruppe(ydelse, None, dag))


def test_spec_02_table_kontanthjaelp_and_uddannelseshjaelp_by_visitation(backend):
    rows = [("kontanthjaelp", "aktivitetsparat", D(2022, 1, 1)), ("kontanthjaelp", None, D(2022, 1, 1)),
            ("uddannelseshjaelp", "aktivitetsparat", D(2022, 1, 1)), ("uddannelseshjaelp", "", D(2022, 1, 1)),
            ("jobafklaring", None, D(2016, 1, 1)), ("findes_ikke", None, D(2022, 1, 1))]
    assert grupper(backend, rows, rulebook()) == [
        ("kontanthjaelp", 3), ("kontanthjaelp", 2), ("kontanthjaelp", 5), ("kontanthjaelp", 4),
        ("sygedagpenge", 7), (None, None)]


def test_a_dated_change_of_the_mapping_switches_on_the_rows_start(backend):
    """Lov 1655/2024 from 2025-07-01: a kontanthjælp row visiteret uddannelsesparat is målgruppe 4
    (before: 2, the mapping had no uddannelsesparat kontanthjælp); uddannelseshjælp, the old code,
    stays valid. The planned 2027 law (default): every kontanthjælp row from 2027-01-01 is jobparat, 2."""
    rows = [("kontanthjaelp", "uddannelsesparat", D(2025, 6, 30)), ("kontanthjaelp", "uddannelsesparat", D(2025, 7, 1)),
            ("uddannelseshjaelp", "aktivitetsparat", D(2025, 7, 1)), ("kontanthjaelp", "aktivitetsparat", D(2026, 12, 31)),
            ("kontanthjaelp", "aktivitetsparat", D(2027, 1, 1)), ("uddannelseshjaelp", "uddannelsesparat", D(2027, 1, 1))]
    assert grupper(backend, rows, rulebook()) == [
        ("kontanthjaelp", 2), ("kontanthjaelp", 4), ("kontanthjaelp", 5), ("kontanthjaelp", 3),
        ("kontanthjaelp", 2), ("kontanthjaelp", 2)]


def test_the_code_lists_are_the_rulebooks():
    assert koder.YDELSER == tuple(rulebook().vaerdi(koder.MAALGRUPPER, dag=D(2016, 1, 1)))
    assert koder.VISITATIONER == ("jobparat", "aktivitetsparat", "uddannelsesparat")
    assert koder.YDELSESGRUPPER == ("a_dagpenge", "kontanthjaelp", "sygedagpenge")
    assert koder.gyldige_visitationer("uddannelseshjaelp") == ("uddannelsesparat", "aktivitetsparat")
    assert koder.gyldige_visitationer("dagpenge") == ()
