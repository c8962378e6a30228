"""Properties of the kvoteplan that must hold for any delivery and plan day (hypothesis on DuckDB,
one example on Spark), on the quota rulebook of test_kvoter (`kh_kvote`: 2 samtaler in 4 weeks, 75 %):
- on the last day of the month nothing is open and persons and reached equal the kvoteopfyldelse;
- bund ≤ the month's final share ≤ loft on any day in or before the month;
- bund never falls and loft never rises as the day moves forward;
- behov is 0 exactly when bund reaches the quota."""

from __future__ import annotations

from datetime import date, timedelta

import ibis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tilsyn.engine.kvoteplan import kvoteplan
from tilsyn.engine.kvoter import kvoteopfyldelse

from test_frister import K, kh, person, tabeller  # same folder (pytest rootdir import)
from test_kvoter import REGLER, samtale

M = date(2026, 9, 1)
SIDSTE = date(2026, 9, 30)
BASE = date(2026, 7, 20)
SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _dag(n: int) -> date:
    return BASE + timedelta(days=n)


@st.composite
def leverancer(draw):
    """1-6 KH persons starting 2026-07-20 … 2026-09-27 (some ending early), 0-3 samtaler each up to
    2026-10-31, a booked samtale or not."""
    personer = []
    for i in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, 69))
        slut = draw(st.one_of(st.none(), st.integers(start, 100)))
        samtaler = draw(st.lists(st.integers(start, 103), max_size=3))
        aftale = draw(st.one_of(st.none(), st.integers(start, 103)))
        personer.append((f"p{i}", start, slut, samtaler, aftale))
    return personer


def _tabeller(leverance):
    return tabeller(
        personer=[person(p) for p, *_ in leverance],
        ydelser=[kh(_dag(s), None if e is None else _dag(e), pid=p) for p, s, e, _, _ in leverance],
        samtaler=[samtale(p, _dag(d)) for p, _, _, ds, _ in leverance for d in ds],
        aftaler=[(p, _dag(a), "samtale") for p, _, _, _, a in leverance if a is not None],
    )


def _kh(con, t, dag):
    rows = con.to_pyarrow(kvoteplan(t, REGLER, dag, maaneder=1, kommune=K)).to_pylist()
    return next(r for r in rows if r["niveau"] == "kommune" and r["krav_id"] == "kh_kvote")


def _tjek(con, leverance, dage):
    t = _tabeller(leverance)
    k = next(r for r in con.to_pyarrow(kvoteopfyldelse(t, REGLER, M, K)).to_pylist()
             if r["niveau"] == "kommune" and r["krav_id"] == "kh_kvote")
    slut = _kh(con, t, SIDSTE)
    assert slut["aaben"] == 0 and slut["booket"] == 0
    assert (slut["personer"], slut["naaet"]) == (k["personer"], k["naaet"])
    endelig = k["andel_pct"]
    forrige = None
    for d in sorted(set(dage)) + [SIDSTE]:
        r = _kh(con, t, d)
        assert r["personer"] == k["personer"]
        assert r["naaet"] + r["aaben"] + r["tabt"] == r["personer"] and r["booket"] <= r["aaben"]
        assert (r["behov"] == 0) == (100 * r["naaet"] >= r["kvote_pct"] * r["personer"])
        if endelig is None:
            assert r["bund_pct"] is None and r["status"] is None
            continue
        assert r["bund_pct"] <= endelig + 1e-9 <= r["loft_pct"] + 2e-9
        if forrige:
            assert forrige["bund_pct"] <= r["bund_pct"] + 1e-9 and forrige["loft_pct"] + 1e-9 >= r["loft_pct"]
        forrige = r


@SETTINGS
@given(leverancer(), st.lists(st.integers(43, 71), min_size=1, max_size=2))
def test_plan_properties_duckdb(leverance, dage):
    _tjek(ibis.duckdb.connect(), leverance, [_dag(d) for d in dage])


def test_plan_properties_on_both_engines(backend):
    """One delivery by hand (on Spark too): reached, open then lost, open then reached, ended early."""
    leverance = [("p0", 43, None, [45, 50], None), ("p1", 45, None, [50], 60), ("p2", 44, None, [47, 70], None),
                 ("p3", 20, 50, [30], None)]
    _tjek(backend, leverance, [_dag(46), _dag(55)])
