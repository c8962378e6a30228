"""Kvoteplanen (lov 1750/2025, docs/kvoter.md "Kvoteplan"), hand-worked on the rulebook of
test_kvoter: `kh_kvote` (KH jobparat: 2 samtaler in the first 4 weeks, 75 %, held by the municipality).
A window from day s is s .. s+27."""

from datetime import date

import ibis

from tilsyn.engine.kvoteplan import KOLONNER, PERSON_KOLONNER, kvoteplan, plan_personer
from tilsyn.engine.kvoter import kvoteopfyldelse

from test_frister import K, kh, person, tabeller  # same folder (pytest rootdir import)
from test_kvoter import REGLER, run, samtale

D = date


def data():
    """September's cohort: a (from 09-01, two samtaler by 09-10: naaet), b (09-02, one samtale and a
    samtale booked for 09-20), c (09-03, nothing), e (08-20, window to 09-16, nothing), f (08-10,
    window to 09-06, one samtale: lost). October: h (09-10, two samtaler: naaet). November: g (from
    10-05: its window begins after 09-15). August: i (08-01, two samtaler, no caseload).
    Team T1 (s1) owns a and b; T2 (s2) the others."""
    return tabeller(
        personer=[person(p) for p in "abcefghi"],
        ydelser=[kh(D(2026, 9, 1), pid="a"), kh(D(2026, 9, 2), pid="b"), kh(D(2026, 9, 3), pid="c"),
                 kh(D(2026, 8, 20), pid="e"), kh(D(2026, 8, 10), pid="f"), kh(D(2026, 9, 10), pid="h"),
                 kh(D(2026, 10, 5), pid="g"), kh(D(2026, 8, 1), pid="i")],
        samtaler=[samtale("a", D(2026, 9, 5)), samtale("a", D(2026, 9, 10)), samtale("b", D(2026, 9, 10)),
                  samtale("f", D(2026, 8, 20)), samtale("h", D(2026, 9, 11)), samtale("h", D(2026, 9, 12)),
                  samtale("i", D(2026, 8, 5)), samtale("i", D(2026, 8, 6))],
        aftaler=[("b", D(2026, 9, 20), "samtale"), ("c", D(2026, 10, 5), "samtale")],
        sagsbehandlere=[("s1", "Ane", "T1", K), ("s2", "Bo", "T2", K)],
        sagsstammer=[("a", "s1", D(2026, 1, 1), None), ("b", "s1", D(2026, 1, 1), None)]
        + [(p, "s2", D(2026, 1, 1), None) for p in "cefgh"],
    )


def _plan(dag, **kw):
    rows = run(kvoteplan(data(), REGLER, dag, **kw))
    assert all(tuple(r) == KOLONNER for r in rows)
    return rows


def _raekke(rows, niveau, maaned, team=None, kommune=K):
    return next(r for r in rows if r["krav_id"] == "kh_kvote" and r["niveau"] == niveau
                and r["maaned"] == maaned and r["team"] == team
                and r["kommune_kode"] == (None if niveau == "land" else kommune))


def _tal(r):
    return tuple(r[c] for c in ("personer", "naaet", "aaben", "booket", "tabt", "behov", "status"))


def _pct(r):
    return tuple(None if r[c] is None else round(r[c], 2) for c in (
        "bund_pct", "med_aftaler_pct", "loft_pct", "rullende_bund_pct", "rullende_loft_pct"))


def test_mid_month_naaet_aaben_booket_tabt_behov_and_bounds():
    """On 09-15: a reached; b, c, e open (b booked); f lost: behov ⌈0.75·5⌉ − 1 = 3; bund 20 %,
    med aftaler 40 %, loft 80 %: i fare. The 12 months add i (August, reached): 2 of 6, loft 5 of 6."""
    rows = _plan(D(2026, 9, 15))
    sep = D(2026, 9, 1)
    for niveau in ("land", "kommune"):
        r = _raekke(rows, niveau, sep)
        assert _tal(r) == (5, 1, 3, 1, 1, 3, "i_fare")
        assert _pct(r) == (20.0, 40.0, 80.0, 33.33, 83.33)
        assert r["kvote_pct"] == 75.0
    # teams: T1 (a reached, b booked) is on its way; T2 (c, e open, f lost) cannot reach 75 %
    assert _tal(_raekke(rows, "team", sep, "T1")) == (2, 1, 1, 1, 0, 1, "paa_vej")
    assert _tal(_raekke(rows, "team", sep, "T2")) == (3, 0, 2, 0, 1, 3, "kan_ikke_naas")
    # October: h reached (naaet, behov 0); November: g, whose window begins after the day, open
    assert _tal(_raekke(rows, "kommune", D(2026, 10, 1))) == (1, 1, 0, 0, 0, 0, "naaet")
    assert _tal(_raekke(rows, "kommune", D(2026, 11, 1))) == (1, 0, 1, 0, 0, 1, "i_fare")
    # every municipality has its rows, empty ones without a status; no team row for i (no caseload)
    tom = _raekke(rows, "kommune", sep, kommune="0147")
    assert _tal(tom) == (0, 0, 0, 0, 0, 0, None) and _pct(tom)[0] is None
    assert {r["team"] for r in rows if r["niveau"] == "team"} == {"T1", "T2"}
    assert {r["maaned"] for r in rows} == {sep, D(2026, 10, 1), D(2026, 11, 1)}


def test_on_the_last_day_nothing_is_open_and_the_plan_is_the_kvoteopfyldelse():
    rows = _plan(D(2026, 9, 30), kommune=K)
    r = _raekke(rows, "kommune", D(2026, 9, 1))
    assert _tal(r) == (5, 1, 0, 0, 4, 3, "kan_ikke_naas")
    k = next(x for x in run(kvoteopfyldelse(data(), REGLER, D(2026, 9, 1), K))
             if x["niveau"] == "kommune" and x["krav_id"] == "kh_kvote")
    assert (r["personer"], r["naaet"]) == (k["personer"], k["naaet"])
    assert {x["niveau"] for x in rows} == {"kommune", "team"}


def test_a_team_alone():
    rows = _plan(D(2026, 9, 15), kommune=K, team="T1", maaneder=1)
    assert [(r["niveau"], r["team"], r["krav_id"], _tal(r)) for r in rows] == [
        ("team", "T1", "kh_kvote", (2, 1, 1, 1, 0, 1, "paa_vej"))]


def test_who_first_the_open_unbooked_earliest_window_end_first():
    """September's behov is 3 and only e (window to 09-16) and c (09-30) are open without a booking:
    both are needed, e first; b is booked; c's aftale of 10-05 is after its window."""
    rows = run(plan_personer(data(), REGLER, D(2026, 9, 15), K, maaneder=1))
    assert all(tuple(r) == PERSON_KOLONNER for r in rows)
    assert [(r["person_id"], r["vinduets_slut"], r["status"], r["booket"], r["noedvendig"], r["ansvarlig_id"])
            for r in rows] == [
        ("e", D(2026, 9, 16), "aaben", False, True, "s2"),
        ("c", D(2026, 9, 30), "aaben", False, True, "s2"),
        ("b", D(2026, 9, 29), "aaben", True, False, "s1"),
        ("f", D(2026, 9, 6), "tabt", False, False, "s2"),
        ("a", D(2026, 9, 28), "naaet", False, False, "s1"),
    ]


def test_only_the_first_behov_are_needed():
    """Team T1 on 09-03 (before any samtale): a and b open, neither booked (b's one aftale does not
    reach 2 samtaler); behov ⌈1.5⌉ = 2: both needed, earliest window end first."""
    rows = run(plan_personer(data(), REGLER, D(2026, 9, 3), K, maaneder=1, team="T1"))
    assert [(r["person_id"], r["noedvendig"]) for r in rows] == [("a", True), ("b", True)]
    rows = run(plan_personer(data(), REGLER, D(2026, 9, 12), K, maaneder=1, team="T2"))
    # T2 on 09-12: c, e open and unbooked, f lost; behov ⌈2.25⌉ = 3: e and c needed
    assert [(r["person_id"], r["noedvendig"]) for r in rows] == [("e", True), ("c", True), ("f", False)]


def test_behov_marks_only_the_first():
    """October's cohort with h (reached) and k, l, m open without bookings (windows to 10-08, 10-12,
    10-13): behov ⌈0.75·4⌉ − 1 = 2, so k and l are needed, m is not."""
    t = data()
    extra = tabeller(personer=[person(p) for p in "klm"],
                     ydelser=[kh(D(2026, 9, 11), pid="k"), kh(D(2026, 9, 15), pid="l"), kh(D(2026, 9, 16), pid="m")])
    t = {n: t[n].union(extra[n]) for n in t}
    rows = run(plan_personer(t, REGLER, D(2026, 9, 20), K, maaneder=2))
    okt = [(r["person_id"], r["noedvendig"]) for r in rows if r["maaned"] == D(2026, 10, 1)]
    assert okt == [("k", True), ("l", True), ("m", False), ("h", False)]
