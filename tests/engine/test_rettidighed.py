"""Timeliness (docs/frister.md): rettidig / for sent / ikke opfyldt / fritaget, and the milestones."""

from datetime import date

import ibis

from tilsyn.engine.rettidighed import KOLONNER, milepaele, rettidighed, udfald
from tilsyn.rules import rulebook

from test_frister import K, kh, person, samtale, tabeller  # same folder (pytest rootdir import)

D = date


def run(expr):
    return ibis.duckdb.connect().to_pyarrow(expr).to_pylist()


def fire_kh_personer():
    """Four KH persons from 2022-01-10: LAB § 31's first samtale is due 2022-01-16 (January).
    a: samtale 01-12 (on time); b: 01-20 (late); c: none (not met); d: none, but a job within 6 weeks
    (LAB § 106) covers the due date (fritaget)."""
    return tabeller(
        personer=[person(p) for p in "abcd"],
        ydelser=[kh(D(2022, 1, 10), pid=p) for p in "abcd"],
        samtaler=[samtale("a", D(2022, 1, 12)), samtale("b", D(2022, 1, 20))],
        fritagelser=[("d", "job_inden_6_uger", D(2022, 1, 14), D(2022, 2, 20))],
        sagsbehandlere=[("sb1", "Ane", "Team Nord", K), ("sb2", "Bo", "Team Syd", K)],
        sagsstammer=[("a", "sb1", D(2022, 1, 1), None), ("b", "sb1", D(2022, 1, 1), None),
                     ("c", "sb2", D(2022, 1, 1), None), ("d", "sb2", D(2022, 1, 1), None)],
    )


def test_on_time_late_not_met_and_exempt():
    u = {r["person_id"]: r["udfald"] for r in run(udfald(fire_kh_personer(), rulebook(), D(2022, 1, 1)))
         if r["krav_id"] == "kh_foerste_samtale"}
    assert u == {"a": "rettidig", "b": "for_sent", "c": "ikke_opfyldt", "d": "fritaget"}


def test_rettidighed_is_on_time_over_due_minus_exempt_per_kommune_team_and_caseworker():
    """January 2022, samtaler: 1 on time of 4 due − 1 fritaget = 33.33 %. Team Nord (a, b): 50 %;
    Team Syd (c, d): 0 of 1 = 0 %. No tilbud falls due in January → 0 rows, empty share."""
    rows = run(rettidighed(fire_kh_personer(), rulebook(), D(2022, 1, 1), kommune=K))
    assert all(tuple(r) == KOLONNER for r in rows)
    got = {(r["niveau"], r["team"], r["sagsbehandler_id"], r["art"]): (r["antal_frister"], r["rettidighed_pct"]) for r in rows}
    assert got[("kommune", None, None, "samtale")] == (4, 33.33)
    assert got[("kommune", None, None, "tilbud")] == (0, None)
    assert got[("team", "Team Nord", None, "samtale")] == (2, 50.0)
    assert got[("sagsbehandler", "Team Syd", "sb2", "samtale")] == (2, 0.0)


def test_national_view_has_the_country_and_all_98_municipalities_for_both_arts():
    rows = run(rettidighed(fire_kh_personer(), rulebook(), D(2022, 1, 1)))
    assert len(rows) == 2 + 98 * 2
    assert [(r["niveau"], r["art"], r["antal_frister"], r["rettidighed_pct"]) for r in rows[:2]] == [
        ("land", "samtale", 4, 33.33), ("land", "tilbud", 0, None)]
    assert [r["rettidige"] for r in rows if r["kommune_kode"] == K] == [1, 0]
    assert [r["antal_frister"] for r in rows if r["kommune_kode"] == "0153"] == [0, 0]


def test_milestones_service_call_and_16_months():
    """a: KH from 2022-03-01, no samtale in 14 days → flagged on 2022-03-14; b: samtale on day 14
    → not flagged. c: DP from 2021-07-01 (after the COVID pauses): 16 months = ⌈7 × 69 1/3⌉ = 486
    days → 2022-10-29; the service call for c fell in July 2021, outside the month."""
    t = tabeller(
        personer=[person(p) for p in "abc"],
        ydelser=[kh(D(2022, 3, 1), pid="a"), kh(D(2022, 3, 1), pid="b"), ("c", K, "dagpenge", None, D(2021, 7, 1), None)],
        samtaler=[samtale("b", D(2022, 3, 14))],
    )
    got = [(r["person_id"], r["milepael"], r["dato"]) for r in run(milepaele(t, rulebook(), D(2022, 3, 1)))]
    assert got == [("a", "serviceopkald_mangler", D(2022, 3, 14))]
    got = [(r["person_id"], r["milepael"], r["dato"]) for r in run(milepaele(t, rulebook(), D(2022, 10, 1), kommune=K))]
    assert got == [("c", "16_maaneder", D(2022, 10, 29))]


def test_only_the_months_periods_and_requirements_give_the_same_outcomes(tmp_path):
    """`udfald` looks only at the periods running in the month and the requirements that can fall
    due in it; on generated data every requirement due in the month comes out as when every
    requirement of every period is computed and then filtered on its due date."""
    import pyarrow.parquet as pq

    from tilsyn import tid
    from tilsyn.data.generate import generate
    from tilsyn.data.schema import TABLES
    from tilsyn.engine.frister import krav_instanser

    generate(tmp_path, 1500, 3, date(2019, 1, 1), date(2021, 12, 31))
    t = {n: ibis.memtable(pq.read_table(tmp_path / f"{n}.parquet")) for n in TABLES}
    con, rules = ibis.duckdb.connect(), rulebook()
    alle = krav_instanser(t, rules)
    for maaned in (D(2019, 11, 1), D(2020, 3, 1), D(2021, 6, 1)):
        x = alle.filter(alle.frist.between(maaned, tid.last_day(maaned))
                        & (alle.frist <= alle.periode_slut.fill_null(ibis.date(tid.AABEN))))
        ventet = sorted((r["person_id"], r["krav_id"], r["regel_fra"], r["periode_start"])
                        for r in con.to_pyarrow(x).to_pylist())
        fik = sorted((r["person_id"], r["krav_id"], r["regel_fra"], r["periode_start"])
                     for r in con.to_pyarrow(udfald(t, rules, maaned)).to_pylist())
        assert fik == ventet and len(ventet) > 10, maaned


def test_rettidighed_counts_binding_requirements_only():
    """DP from 2026-09-01 without samtaler: the binding first samtale due 2026-09-14 is not met; the
    a-kasse's quota due 2026-11-30 is not counted (the kvoteopfyldelse measures quotas)."""
    t = tabeller(personer=[person()], ydelser=[("p", K, "dagpenge", None, D(2026, 9, 1), None)])
    assert [(r["krav_id"], r["udfald"]) for r in run(udfald(t, rulebook(), D(2026, 9, 1)))] == [
        ("dp_foerste_samtale", "ikke_opfyldt")]
    assert run(udfald(t, rulebook(), D(2026, 11, 1))) == []
