"""Kvoteopfyldelse (lov 1750/2025, docs/kvoter.md), hand-worked on a test rulebook with two quotas in
force on every day: `kh_kvote` (KH jobparat, målgruppe 2: 2 samtaler in the first 4 weeks, held by
the municipality) and `dp_kvote` (dagpenge: 2 samtaler in the first 4 weeks, held by the a-kasse)."""

from datetime import date

import ibis

from tilsyn.engine.kvoter import KOLONNER, kvoteopfyldelse, personer
from tilsyn.rules import rulebook

from test_frister import K, kh, person, tabeller  # same folder (pytest rootdir import)

D = date


def _krav(kid, maalgrupper, holdes_af):
    return {"id": kid, "maalgrupper": maalgrupper, "from_week": 0, "to_week": 4, "min_count": 2, "art": "alle",
            "hjemmel": "test", "tekst": kid, "kvote": {"andel": 0.75, "holdes_af": holdes_af}}


REGLER = rulebook().hvis({
    "kontaktforloeb.krav.samtaler": [_krav("kh_kvote", [2], "kommune"), _krav("dp_kvote", [1], "a_kasse")],
    "ret_og_pligt.krav.tilbud": [],
    "kontaktforloeb.krav.overgang": [],  # one course on every day: no transition
})


def run(expr):
    return ibis.duckdb.connect().to_pyarrow(expr).to_pylist()


def samtale(pid, dato, afholdt_af=None):
    return (pid, K, dato, "fysisk", "individuel", None, afholdt_af)


def dp(pid, start, a_kasse):
    return (pid, K, "dagpenge", None, start, None, a_kasse)


def data():
    """KH from 2026-08-01 (d), 09-01 (a), 09-02 (b), 09-10 (c); the 4-week window ends on day 28:
    d 08-28 with 2 samtaler (reached, August); a 09-28 with 2 (reached); b 09-29 with one in the
    window and one after it (not reached); c 10-07 with 2 (next month: not in September).
    Dagpenge from 2026-09-01 (window ends 09-28): e (a-kasse 3F) had one samtale held by the a-kasse
    and one by the municipality (not reached: the a-kasse's quota counts its own); f (HK) two without
    a holder (the data does not say, so both count: reached)."""
    return tabeller(
        personer=[person(p) for p in "abcdef"],
        ydelser=[kh(D(2026, 8, 1), pid="d"), kh(D(2026, 9, 1), pid="a"), kh(D(2026, 9, 2), pid="b"),
                 kh(D(2026, 9, 10), pid="c"), dp("e", D(2026, 9, 1), "3F"), dp("f", D(2026, 9, 1), "HK")],
        samtaler=[samtale("d", D(2026, 8, 5)), samtale("d", D(2026, 8, 20)),
                  samtale("a", D(2026, 9, 5)), samtale("a", D(2026, 9, 28)),
                  samtale("b", D(2026, 9, 10)), samtale("b", D(2026, 10, 5)),
                  samtale("c", D(2026, 9, 15)), samtale("c", D(2026, 10, 1)),
                  samtale("e", D(2026, 9, 5), "a_kasse"), samtale("e", D(2026, 9, 12), "kommune"),
                  samtale("f", D(2026, 9, 5)), samtale("f", D(2026, 9, 12))],
    )


def _tal(rows, niveau, krav_id, a_kasse=None):
    r = next(r for r in rows if (r["niveau"], r["krav_id"], r["a_kasse"]) == (niveau, krav_id, a_kasse)
             and (niveau != "kommune" or r["kommune_kode"] == K))
    return (r["personer"], r["naaet"], r["andel_pct"], r["opfyldt"], r["personer_12"], r["naaet_12"],
            r["andel_12_pct"], r["opfyldt_12"])


def test_persons_whose_window_ended_in_the_month_reached_or_not():
    rows = run(personer(data(), REGLER, D(2026, 9, 1), D(2026, 9, 30)))
    got = {(r["person_id"], r["krav_id"]): (r["frist"], r["antal"], r["naaet"], r["a_kasse"]) for r in rows}
    assert got == {
        ("a", "kh_kvote"): (D(2026, 9, 28), 2, True, None),
        ("b", "kh_kvote"): (D(2026, 9, 29), 1, False, None),
        ("e", "dp_kvote"): (D(2026, 9, 28), 1, False, "3F"),
        ("f", "dp_kvote"): (D(2026, 9, 28), 2, True, "HK"),
    }


def test_share_against_75_pct_in_the_month_and_the_rolling_12_months():
    """September: KH 1 of 2 = 50 % (under the quota); 12 months (d, a, b): 2 of 3 = 66.67 %.
    October: c alone, 100 %; 12 months 3 of 4 = exactly 75 %: the quota is met (≥ 75 %)."""
    sep = run(kvoteopfyldelse(data(), REGLER, D(2026, 9, 1)))
    assert all(tuple(r) == KOLONNER for r in sep)
    assert _tal(sep, "kommune", "kh_kvote") == (2, 1, 50.0, False, 3, 2, 200 / 3, False)
    assert _tal(sep, "land", "kh_kvote") == (2, 1, 50.0, False, 3, 2, 200 / 3, False)
    okt = run(kvoteopfyldelse(data(), REGLER, D(2026, 10, 1), kommune=K))
    assert _tal(okt, "kommune", "kh_kvote") == (1, 1, 100.0, True, 4, 3, 75.0, True)


def test_every_municipality_has_a_row_and_a_kasse_rows_only_for_the_a_kasse_quota():
    sep = run(kvoteopfyldelse(data(), REGLER, D(2026, 9, 1)))
    kommuner = [r for r in sep if r["niveau"] == "kommune"]
    assert len(kommuner) == 98 * 2
    tom = next(r for r in kommuner if r["kommune_kode"] == "0153" and r["krav_id"] == "kh_kvote")
    assert (tom["personer"], tom["andel_pct"], tom["opfyldt"]) == (0, None, None)
    assert _tal(sep, "kommune", "dp_kvote") == (2, 1, 50.0, False, 2, 1, 50.0, False)
    assert _tal(sep, "a_kasse", "dp_kvote", "3F") == (1, 0, 0.0, False, 1, 0, 0.0, False)
    assert _tal(sep, "a_kasse", "dp_kvote", "HK") == (1, 1, 100.0, True, 1, 1, 100.0, True)
    assert not [r for r in sep if r["niveau"] == "a_kasse" and r["krav_id"] == "kh_kvote"]


def test_a_window_that_began_before_the_data_is_left_out():
    rows = run(personer(data(), REGLER, D(2026, 8, 1), D(2026, 9, 30), data_fra=D(2026, 8, 2)))
    assert {r["person_id"] for r in rows} == {"a", "b", "e", "f"}
