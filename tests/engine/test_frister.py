"""The worklist (docs/frister.md), one table test per legal rule with hand-counted due dates."""

from datetime import date

import ibis
import pyarrow as pa
import pytest

from tilsyn.data.schema import TABLES
from tilsyn.engine.backends import ibis_schema
from tilsyn.engine.frister import KOLONNER, arbejdsliste, krav_instanser
from tilsyn.rules import rulebook

D = date
K = "0101"


def tabeller(**rows):
    """Input tables from row tuples in schema column order; absent tables are empty."""
    out = {}
    for name, table in TABLES.items():
        data = rows.get(name, [])
        cols = {c: [r[i] if i < len(r) else None for r in data] for i, c in enumerate(table.column_names)}
        out[name] = ibis.memtable(pa.table(cols, schema=ibis_schema(name).to_pyarrow()))
    return out


def person(pid="p", foedt=D(1980, 1, 1)):
    return (pid, foedt)


def liste(t, dag, backend=None, **kw):
    backend = backend or ibis.duckdb.connect()
    got = backend.to_pyarrow(arbejdsliste(t, rulebook(), K, dag, **kw)).to_pylist()
    assert all(tuple(r) == KOLONNER for r in got)
    return got


def krav(t, til=None):
    got = ibis.duckdb.connect().to_pyarrow(krav_instanser(t, rulebook(), til=til)).to_pylist()
    return {(r["krav_id"], r["regel_fra"].year): r for r in got}


def kh(start, slut=None, pid="p", visitation="jobparat"):
    return (pid, K, "kontanthjaelp", visitation, start, slut)


def test_spec_04_example_lab_31_windows_from_2022_01_10():
    """LAB § 31: KH from 2022-01-10 → first samtale (1 week) due 2022-01-16, 4 samtaler (26 weeks)
    due 2022-07-10, tilbud (LAB § 102, 26 weeks) due 2022-07-10."""
    k = krav(tabeller(personer=[person()], ydelser=[kh(D(2022, 1, 10))]))
    assert k[("kh_foerste_samtale", 2020)]["frist"] == D(2022, 1, 16)
    assert k[("fire_samtaler_6mdr", 2020)]["frist"] == D(2022, 7, 10)
    assert k[("tilbud_6mdr", 2020)]["frist"] == D(2022, 7, 10)
    assert k[("fire_samtaler_6mdr", 2020)]["hjemmel"] == "LAB § 31"


def dp_krav(start, foedt=D(1980, 1, 1)):
    t = tabeller(personer=[person(foedt=foedt)], ydelser=[("p", K, "dagpenge", None, start, None)])
    return {(i, y): r["frist"] for (i, y), r in krav(t).items()}


def test_regime_by_due_date_across_2020_01_01():
    """DP from 2019-10-01 (born 1980: 39 at start). 2015 rules for what falls due in 2019:
    individuel 1 (4 1/3 w = day 31) 2019-10-31, 2 (day 61) 2019-11-30, 3 (day 91) 2019-12-30;
    fælles 3–6 w (day 42) 2019-11-11. From 2020 LAB 2019: 152 days to 2020-02-29, then the COVID
    pause to 2020-08-31, so 4 samtaler by 26 w (day 182) = 2020-09-30; fælles 0–13 w (day 91)
    2019-12-30 is before 2020 → dropped; fælles 13–26 w 2020-09-30; 2015 individuel 4 (day 122)
    2020-01-30 is after 2019 → dropped. Tilbud 30–49 (26 w) → LAB § 102 instead."""
    f = dp_krav(D(2019, 10, 1))
    assert f[("dp_individuel_1", 2016)] == D(2019, 10, 31)
    assert f[("dp_individuel_2", 2016)] == D(2019, 11, 30)
    assert f[("dp_individuel_3", 2016)] == D(2019, 12, 30)
    assert f[("dp_faelles_1", 2016)] == D(2019, 11, 11)
    assert ("dp_individuel_4", 2016) not in f and ("dp_faelles_1", 2020) not in f
    assert f[("fire_samtaler_6mdr", 2020)] == D(2020, 9, 30)
    assert f[("dp_faelles_2", 2020)] == D(2020, 9, 30)
    assert f[("tilbud_6mdr", 2020)] == D(2020, 9, 30) and ("dp_tilbud_30_49", 2016) not in f


def test_ret_og_pligt_2015_age_at_period_start():
    """Before 2020 (LBK 1342/2016): under 30 by 13 weeks (day 91), taken on the period's first day."""
    f = dp_krav(D(2018, 1, 1), foedt=D(1988, 1, 2))  # 29 on 2018-01-01
    assert f[("dp_tilbud_under_30", 2016)] == D(2018, 4, 1)
    assert ("dp_tilbud_30_49", 2016) not in f
    f = dp_krav(D(2018, 1, 1), foedt=D(1968, 1, 1))  # 50 on 2018-01-01
    assert f[("dp_tilbud_50_plus", 2016)] == D(2018, 4, 1)


def test_regime_across_2024_01_01_lov_727_2023_transition_rule():
    """Lov 727/2023's transition rule (`kontaktforloeb.krav.overgang`): DP from 2023-12-20 was on
    dagpenge before 2024-01-01, so it keeps the LAB 2019 course after that day: fælles 0–13 w
    (day 91) 2024-03-19, 4 samtaler and fælles 13–26 w (day 182) 2024-06-18, fælles by 16 months
    (day 486) 2025-04-18 — none of lov 727/2023's. DP from 2024-01-02 follows lov 727/2023: the
    first samtale by 2 weeks (day 14) 2024-01-15, 3 by 13 w 2024-04-01, 3 more by 26 w 2024-07-01."""
    f = dp_krav(D(2023, 12, 20))
    assert {k: v for k, v in f.items() if k[1] >= 2020} == {
        ("dp_faelles_1", 2020): D(2024, 3, 19), ("dp_faelles_2", 2020): D(2024, 6, 18),
        ("fire_samtaler_6mdr", 2020): D(2024, 6, 18), ("dp_faelles_16mdr", 2020): D(2025, 4, 18),
        ("tilbud_6mdr", 2020): D(2024, 6, 18),
    }
    f = dp_krav(D(2024, 1, 2))
    assert {k: v for k, v in f.items() if k[0].startswith("dp_")} == {
        ("dp_foerste_samtale", 2024): D(2024, 1, 15), ("dp_tre_samtaler_3mdr", 2024): D(2024, 4, 1),
        ("dp_tre_samtaler_6mdr", 2024): D(2024, 7, 1),
    }


def samtale(pid, dato, art="individuel"):
    return (pid, K, dato, "fysisk", art, None)


def test_worklist_on_2022_07_01(backend):
    """p: KH from 2022-01-10, 3 samtaler → LAB § 31's 4 by 2022-07-10 is forfalden_snart (9 days);
    its 10-day tilbud does not count (LAB § 102: ≥ 14 days from 2020); a samtale booked 2022-07-15
    (after the due date) leaves mangler_aftale; a tilbud booked 2022-07-05 does not. Caseworker sb1
    is absent with substitute sb2 → sb2 responsible, covered.
    r: DP from 2022-01-03, barsel 2022-06-01..08-31 covers the 26-week due date 2022-07-03 (LAB § 106):
    samtale requirements fritaget, the tilbud moves to 08-31 + 30 = 2022-09-30 (LAB § 102); its fælles
    samtale due at 13 weeks (2022-04-03) was never held: 89 days overdue, still on the list.
    q: KH since 2021, every requirement met (four samtaler, a tilbud) → uden_frist; sb3 absent
    without substitute → ansvarlig empty."""
    t = tabeller(
        personer=[person("p"), person("q"), person("r")],
        ydelser=[kh(D(2022, 1, 10), pid="p"), kh(D(2021, 1, 1), pid="q"),
                 ("r", K, "dagpenge", None, D(2022, 1, 3), None)],
        samtaler=[samtale("p", D(2022, 1, 12)), samtale("p", D(2022, 3, 1)), samtale("p", D(2022, 5, 1)),
                  samtale("p", D(2022, 7, 5)),  # after t: does not count yet
                  *(samtale("q", d) for d in (D(2021, 1, 5), D(2021, 2, 1), D(2021, 3, 1), D(2021, 4, 1)))],
        tilbud=[("p", K, "virksomhedspraktik", D(2022, 3, 1), D(2022, 3, 10)),
                ("q", K, "virksomhedspraktik", D(2021, 3, 1), D(2021, 4, 30))],
        fritagelser=[("r", "barsel", D(2022, 6, 1), D(2022, 8, 31))],
        aftaler=[("p", D(2022, 7, 15), "samtale"), ("p", D(2022, 7, 5), "tilbud")],
        sagsstammer=[("p", "sb1", D(2022, 1, 1), None), ("q", "sb3", D(2021, 1, 1), None)],
        fravaer=[("sb1", D(2022, 6, 20), D(2022, 7, 10), "sb2"), ("sb3", D(2022, 7, 1), D(2022, 7, 1), None)],
    )
    got = [
        (r["person_id"], r["krav_id"], r["frist"], r["dage_tilbage"], r["status"], r["mangler_aftale"],
         r["sagsbehandler_id"], r["ansvarlig_id"], r["daekket_af_vikar"])
        for r in liste(t, D(2022, 7, 1), backend)
    ]
    assert got == [
        ("r", "dp_faelles_1", D(2022, 4, 3), -89, "overskredet", True, None, None, False),
        ("p", "fire_samtaler_6mdr", D(2022, 7, 10), 9, "forfalden_snart", True, "sb1", "sb2", True),
        ("p", "tilbud_6mdr", D(2022, 7, 10), 9, "forfalden_snart", False, "sb1", "sb2", True),
        ("r", "tilbud_6mdr", D(2022, 9, 30), 91, "aaben", True, None, None, False),
        ("r", "dp_faelles_2", D(2022, 7, 3), 2, "fritaget", False, None, None, False),
        ("r", "fire_samtaler_6mdr", D(2022, 7, 3), 2, "fritaget", False, None, None, False),
        ("q", None, None, None, "uden_frist", False, "sb3", None, False),
    ]
    assert [r["person_id"] for r in liste(t, D(2022, 7, 1), sagsbehandler="sb2")] == ["p", "p"]


def test_overdue_after_due_date_and_met_requirement_leaves_the_list():
    """KH from 2022-01-10, no samtale: on 2022-01-20 the first samtale (due 01-16) is overskredet by 4
    days; after a samtale on 01-18 it is met late and leaves the list."""
    base = dict(personer=[person()], ydelser=[kh(D(2022, 1, 10))])
    got = {r["krav_id"]: (r["status"], r["dage_tilbage"]) for r in liste(tabeller(**base), D(2022, 1, 20))}
    assert got["kh_foerste_samtale"] == ("overskredet", -4)
    got = {r["krav_id"] for r in liste(tabeller(**base, samtaler=[samtale("p", D(2022, 1, 18))]), D(2022, 1, 20))}
    assert "kh_foerste_samtale" not in got and "fire_samtaler_6mdr" in got


@pytest.mark.parametrize(
    "start, slut, regel, taeller",
    [
        (D(2019, 2, 1), D(2019, 2, 5), 2016, 1),   # before 2020 any tilbud counts
        (D(2020, 2, 1), D(2020, 2, 10), 2020, 0),  # LAB § 102: 10 days < 14
        (D(2020, 2, 1), D(2020, 2, 14), 2020, 1),  # exactly 14 days
    ],
)
def test_lab_102_tilbud_must_last_14_days_from_2020(start, slut, regel, taeller):
    ydelse = ("p", K, "kontanthjaelp", "jobparat", D(2020, 1, 6), None) if regel == 2020 else \
        ("p", K, "dagpenge", None, D(2019, 1, 7), None)
    t = tabeller(personer=[person(foedt=D(1995, 5, 5))], ydelser=[ydelse],
                 tilbud=[("p", K, "nytteindsats", start, slut)])
    k = krav(t)
    krav_id = "dp_tilbud_under_30" if regel == 2016 else "tilbud_6mdr"
    assert k[(krav_id, regel)]["antal_rettidigt"] == taeller


def test_spec_04_event_on_a_paused_day_belongs_to_the_last_clock_value():
    """DP 2018-01-01..03-31 (90 days), back 2018-09-01. LBK 1342/2016 § 16 a's third monthly samtale
    has the window 8 2/3–13 weeks = clock days 62..91: day 62 = 2018-03-03, day 91 = 2018-09-01.
    A samtale on 2018-06-15 (no dagpenge: the clock stays at 90) lies in the window → on time."""
    t = tabeller(
        personer=[person()],
        ydelser=[("p", K, "dagpenge", None, D(2018, 1, 1), D(2018, 3, 31)), ("p", K, "dagpenge", None, D(2018, 9, 1), None)],
        samtaler=[samtale("p", D(2018, 6, 15))],
    )
    k = krav(t)
    r = k[("dp_individuel_3", 2016)]
    assert (r["vindue_start"], r["frist"], r["vindue_slut"]) == (D(2018, 3, 3), D(2018, 9, 1), D(2018, 9, 1))
    assert r["antal_rettidigt"] == 1
    assert k[("dp_individuel_4", 2016)]["antal_rettidigt"] == 0


@pytest.mark.parametrize(
    "grund, slut, forventet",
    [
        # LAB § 106: barsel is a ground for a less intensive effort → the samtaler due inside it are
        # fritaget; the tilbud (LAB § 102) moves to the exemption's end + 30 days
        ("barsel", D(2022, 8, 31), {"fire_samtaler_6mdr": ("fritaget", D(2022, 7, 10)),
                                    "tilbud_6mdr": ("aaben", D(2022, 9, 30))}),
        # an exemption without an end date: the tilbud has no date to move to → fritaget too
        ("barsel", None, {"fire_samtaler_6mdr": ("fritaget", D(2022, 7, 10)),
                          "tilbud_6mdr": ("fritaget", D(2022, 7, 10))}),
        # sygdom is not among LAB § 106's grounds (fritagelser.mindre_intensiv): nothing changes
        ("sygdom", D(2022, 8, 31), {"fire_samtaler_6mdr": ("forfalden_snart", D(2022, 7, 10)),
                                    "tilbud_6mdr": ("forfalden_snart", D(2022, 7, 10))}),
    ],
)
def test_lab_106_exemption_covering_the_due_date_samtale_vs_tilbud(grund, slut, forventet):
    """KH from 2022-01-10, due dates 2022-07-10 (LAB § 31 samtaler, LAB § 102 tilbud); the exemption
    2022-06-01..`slut` covers them. Worklist on 2022-07-01; the first samtale was held in time."""
    t = tabeller(personer=[person()], ydelser=[kh(D(2022, 1, 10))], samtaler=[samtale("p", D(2022, 1, 12))],
                 fritagelser=[("p", grund, D(2022, 6, 1), slut)])
    got = {r["krav_id"]: (r["status"], r["frist"]) for r in liste(t, D(2022, 7, 1))}
    assert got == forventet


@pytest.mark.parametrize(
    "fravaer, ansvarlig, vikar",
    [
        ([("sb1", D(2022, 6, 20), D(2022, 7, 10), "sb2")], "sb2", True),   # absent, substitute sb2
        ([("sb1", D(2022, 6, 20), D(2022, 7, 10), None)], None, False),   # absent, no substitute
        ([("sb1", D(2022, 6, 1), D(2022, 6, 30), "sb2")], "sb1", False),  # absence over before t
        ([], "sb1", False),                                                # present
    ],
)
def test_spec_04_absent_caseworker_with_and_without_substitute(fravaer, ansvarlig, vikar):
    """docs/frister.md (Ansvarlig sagsbehandler og vikar): the caseworker of sagsstammer on t; a fravaer row
    covering t makes its vikar_id responsible and marks the line covered; without a substitute no one
    is responsible (the team leader's "Uden ansvarlig" sheet)."""
    t = tabeller(personer=[person()], ydelser=[kh(D(2022, 1, 10))],
                 sagsstammer=[("p", "sb1", D(2022, 1, 1), None)], fravaer=fravaer)
    got = {(r["sagsbehandler_id"], r["ansvarlig_id"], r["daekket_af_vikar"]) for r in liste(t, D(2022, 7, 1))}
    assert got == {("sb1", ansvarlig, vikar)}


@pytest.mark.parametrize(
    "aftale, mangler",
    [
        (D(2022, 7, 5), False),   # booked before the due date 2022-07-10
        (D(2022, 7, 10), False),  # on the due date
        (D(2022, 7, 11), True),   # after the due date: does not save it
        (D(2022, 6, 30), True),   # before t: already past, not a future appointment
    ],
)
def test_spec_04_booked_appointment_after_the_due_date_is_still_mangler_aftale(aftale, mangler):
    """LAB § 31's four samtaler due 2022-07-10 (KH from 2022-01-10), worklist on 2022-07-01:
    `mangler_aftale` unless a samtale is booked from t up to and including the due date."""
    t = tabeller(personer=[person()], ydelser=[kh(D(2022, 1, 10))], aftaler=[("p", aftale, "samtale")])
    got = {r["krav_id"]: r["mangler_aftale"] for r in liste(t, D(2022, 7, 1))}
    assert got["fire_samtaler_6mdr"] is mangler
    assert got["tilbud_6mdr"] is True  # a samtale booking is not a tilbud booking


def test_worklist_per_team_by_the_owners_or_the_substitutes_team():
    """docs/frister.md: lists per caseworker, team and municipality. p (sb1, Team Nord) and q (sb2, Team
    Syd); sb1 is absent with sb2 as substitute: p is on Team Nord's list (the owner's team) and on
    Team Syd's (the substitute's), and on the lists of both its owner and sb2 who covers it."""
    t = tabeller(
        personer=[person("p"), person("q")],
        ydelser=[kh(D(2022, 1, 10), pid="p"), kh(D(2022, 1, 10), pid="q")],
        sagsbehandlere=[("sb1", "Ane", "Team Nord", K), ("sb2", "Bo", "Team Syd", K)],
        sagsstammer=[("p", "sb1", D(2022, 1, 1), None), ("q", "sb2", D(2022, 1, 1), None)],
        fravaer=[("sb1", D(2022, 6, 20), D(2022, 7, 10), "sb2")],
    )
    dag = D(2022, 7, 1)
    assert {r["person_id"] for r in liste(t, dag)} == {"p", "q"}
    assert {r["person_id"] for r in liste(t, dag, team="Team Nord")} == {"p"}
    assert {r["person_id"] for r in liste(t, dag, team="Team Syd")} == {"p", "q"}
    assert liste(t, dag, team="Team Vest") == []
    assert {r["person_id"] for r in liste(t, dag, sagsbehandler="sb2")} == {"p", "q"}
    assert {r["person_id"] for r in liste(t, dag, sagsbehandler="sb1")} == {"p"}  # owns it while away


def test_a_requirement_whose_window_began_before_the_data_is_left_out(backend):
    """p: KH from 2022-01-10: LAB § 31's four samtaler are due 2022-07-10, their window began
    2022-01-10. With data from 2022-03-01 the samtaler of January and February are not in the data,
    so neither the worklist nor rettidighed can judge the requirement: it is left out, and p has no
    other line than uden_frist; with data from 2022-01-01 it is on the list."""
    from tilsyn.engine.rettidighed import udfald

    t = tabeller(personer=[person("p")], ydelser=[kh(D(2022, 1, 10), pid="p")])
    med = {r["krav_id"] for r in liste(t, D(2022, 7, 1), backend, data_fra=D(2022, 1, 1))}
    assert "fire_samtaler_6mdr" in med
    uden = liste(t, D(2022, 7, 1), backend, data_fra=D(2022, 3, 1))
    assert [(r["krav_id"], r["status"]) for r in uden] == [(None, "uden_frist")]
    due = backend.to_pyarrow(udfald(t, rulebook(), D(2022, 7, 1), K, data_fra=D(2022, 3, 1))).to_pylist()
    assert [r for r in due if r["krav_id"] == "fire_samtaler_6mdr"] == []
    due = backend.to_pyarrow(udfald(t, rulebook(), D(2022, 7, 1), K, data_fra=D(2022, 1, 1))).to_pylist()
    assert [r["udfald"] for r in due if r["krav_id"] == "fire_samtaler_6mdr"] == ["ikke_opfyldt"]


def test_spec_04_overdue_stays_on_the_list_until_met_however_old():
    """KH from 2022-01-10, no samtale: the first samtale was due 2022-01-16 (LAB § 31, 1 week). On
    2022-08-04, 200 days later (counted by hand: 15 days to 01-31, then 28+31+30+31+30+31 to 07-31,
    plus 4), it is still on the list, 200 days overdue; so are the four samtaler and the tilbud due
    2022-07-10 (25 days). A samtale on 2022-08-05 meets the first requirement late: it leaves the
    list, and rettidighed for January 2022 counts it `for_sent`."""
    from tilsyn.engine.rettidighed import udfald

    base = dict(personer=[person()], ydelser=[kh(D(2022, 1, 10))])
    assert (D(2022, 8, 4) - D(2022, 1, 16)).days == 15 + 28 + 31 + 30 + 31 + 30 + 31 + 4 == 200
    got = {r["krav_id"]: (r["status"], r["dage_tilbage"]) for r in liste(tabeller(**base), D(2022, 8, 4))}
    assert got == {"kh_foerste_samtale": ("overskredet", -200), "fire_samtaler_6mdr": ("overskredet", -25),
                   "tilbud_6mdr": ("overskredet", -25)}
    sent = tabeller(**base, samtaler=[samtale("p", D(2022, 8, 5))])
    assert "kh_foerste_samtale" not in {r["krav_id"] for r in liste(sent, D(2022, 8, 6))}
    due = ibis.duckdb.connect().to_pyarrow(udfald(sent, rulebook(), D(2022, 1, 1), K)).to_pylist()
    assert [(r["krav_id"], r["udfald"]) for r in due] == [("kh_foerste_samtale", "for_sent")]


def test_dagpenge_without_any_samtale_in_eight_months_sees_every_missed_duty():
    """DP from 2022-01-03 (LAB 2019), nothing held. On 2022-09-01 the fælles samtale due at 13 weeks
    (day 91: 2022-04-03), the four samtaler, the fælles samtale and the tilbud due at 26 weeks (day
    182: 2022-07-03) are all overdue and on the list, with the 16-month fælles samtale (day 486:
    2023-05-03) still open."""
    t = tabeller(personer=[person()], ydelser=[("p", K, "dagpenge", None, D(2022, 1, 3), None)])
    got = {r["krav_id"]: (r["status"], r["frist"]) for r in liste(t, D(2022, 9, 1))}
    start = D(2022, 1, 3)
    assert got == {
        "dp_faelles_1": ("overskredet", start + (D(2022, 4, 3) - start)),
        "fire_samtaler_6mdr": ("overskredet", D(2022, 7, 3)),
        "dp_faelles_2": ("overskredet", D(2022, 7, 3)),
        "tilbud_6mdr": ("overskredet", D(2022, 7, 3)),
        "dp_faelles_16mdr": ("aaben", D(2023, 5, 3)),
    }
    from datetime import timedelta
    assert start + timedelta(days=90) == D(2022, 4, 3) and start + timedelta(days=181) == D(2022, 7, 3)
    assert start + timedelta(days=485) == D(2023, 5, 3)


def test_lov_1750_2025_quota_regime_from_2026_07_01():
    """DP from 2026-09-01 (lov 1750/2025, step 2): binding first samtale by 2 weeks (day 14)
    2026-09-14 and the municipality's samtale by 16 months (day 486) 2027-12-30; the quotas carry their
    share and who holds the samtaler: the a-kasse's 2 in weeks 0–13 (day 91) 2026-11-30, the
    municipality's 2 in weeks 13–26 (day 182) 2027-03-01, and the tilbud quota by 2027-03-01."""
    t = tabeller(personer=[person()], ydelser=[("p", K, "dagpenge", None, D(2026, 9, 1), None)])
    k = {i: (r["frist"], r["kvote_andel"], r["kvote_holdes_af"]) for (i, y), r in krav(t).items() if y == 2026}
    assert k == {
        "dp_foerste_samtale": (D(2026, 9, 14), None, None),
        "dp_kommune_16mdr": (D(2027, 12, 30), None, None),
        "kvote_akasse_2_samtaler_3mdr": (D(2026, 11, 30), 0.75, "a_kasse"),
        "kvote_kommune_2_samtaler_6mdr": (D(2027, 3, 1), 0.75, "kommune"),
        "kvote_tilbud_6mdr": (D(2027, 3, 1), 0.75, "kommune"),
    }


def test_lov_295_2023_oevrig_vejledning_no_longer_meets_ret_og_pligt_for_6_nr_1_3():
    """KH jobparat (målgruppe 2) from 2023-01-02, tilbud due 2023-07-02 (LAB § 102). Øvrig
    vejledning og opkvalificering started 2023-03-21 still meets it; started 2023-03-22 (lov
    295/2023 in force) it does not; a virksomhedspraktik started the same day does."""
    t = tabeller(
        personer=[person("a"), person("b"), person("c")],
        ydelser=[kh(D(2023, 1, 2), pid=p) for p in "abc"],
        tilbud=[("a", K, "vejledning_opkvalificering", D(2023, 3, 21), D(2023, 4, 30)),
                ("b", K, "vejledning_opkvalificering", D(2023, 3, 22), D(2023, 4, 30)),
                ("c", K, "virksomhedspraktik", D(2023, 3, 22), D(2023, 4, 30))],
    )
    got = ibis.duckdb.connect().to_pyarrow(krav_instanser(t, rulebook())).to_pylist()
    assert {(r["person_id"], r["frist"], r["antal_rettidigt"]) for r in got if r["krav_id"] == "tilbud_6mdr"} == {
        ("a", D(2023, 7, 2), 1), ("b", D(2023, 7, 2), 0), ("c", D(2023, 7, 2), 1)}


def test_oevrig_vejledning_counts_again_from_2026_07_01():
    """STAR on lov nr. 1750 af 29. december 2025: øvrig vejledning og opkvalificering can again be a
    ret-og-pligt tilbud from 2026-07-01, read on the tilbud's start. a, b: KH jobparat from
    2026-03-02, the tilbud quota's window ends 2026-08-30 (after 2026-07-01): ØVO started 2026-06-30 does not meet it, started
    2026-07-01 does. c: DP from 2026-09-01, the tilbud quota's window to 2027-03-01, ØVO from
    2026-10-05 counts in it."""
    t = tabeller(
        personer=[person("a"), person("b"), person("c")],
        ydelser=[kh(D(2026, 3, 2), pid="a"), kh(D(2026, 3, 2), pid="b"),
                 ("c", K, "dagpenge", None, D(2026, 9, 1), None)],
        tilbud=[("a", K, "vejledning_opkvalificering", D(2026, 6, 30), D(2026, 7, 31)),
                ("b", K, "vejledning_opkvalificering", D(2026, 7, 1), D(2026, 7, 31)),
                ("c", K, "vejledning_opkvalificering", D(2026, 10, 5), D(2026, 11, 5))],
    )
    got = ibis.duckdb.connect().to_pyarrow(krav_instanser(t, rulebook())).to_pylist()
    assert {(r["person_id"], r["krav_id"], r["frist"], r["antal_rettidigt"]) for r in got
            if r["krav_id"] in ("tilbud_6mdr", "kvote_tilbud_6mdr")} == {
        ("a", "kvote_tilbud_6mdr", D(2026, 8, 30), 0), ("b", "kvote_tilbud_6mdr", D(2026, 8, 30), 1),
        ("c", "kvote_tilbud_6mdr", D(2027, 3, 1), 1)}


def test_worklist_shows_a_quota_requirement_as_counting_in_the_quota_never_overdue(backend):
    """2026-12-15 under lov 1750/2025. p: DP from 2026-09-01, no samtale: the binding first samtale
    (2026-09-14) is 92 days overdue; the a-kasse's quota window (weeks 0–13) ended 2026-11-30 unmet
    and is gone (kvoteopfyldelse measures it), the municipality's (13–26) and the tilbud quota run to
    2027-03-01: 76 days, "kvote". q: KH jobparat from 2026-09-01, first samtale held 2026-09-03:
    the 4-samtaler quota and the tilbud quota, a samtale booked 2027-01-10."""
    t = tabeller(
        personer=[person("p"), person("q")],
        ydelser=[("p", K, "dagpenge", None, D(2026, 9, 1), None), kh(D(2026, 9, 1), pid="q")],
        samtaler=[samtale("q", D(2026, 9, 3))],
        aftaler=[("q", D(2027, 1, 10), "samtale")],
    )
    got = [(r["person_id"], r["krav_id"], r["frist"], r["dage_tilbage"], r["status"], r["mangler_aftale"])
           for r in liste(t, D(2026, 12, 15), backend)]
    assert got == [
        ("p", "dp_foerste_samtale", D(2026, 9, 14), -92, "overskredet", True),
        ("p", "kvote_kommune_2_samtaler_6mdr", D(2027, 3, 1), 76, "kvote", True),
        ("p", "kvote_tilbud_6mdr", D(2027, 3, 1), 76, "kvote", True),
        ("q", "kvote_4_samtaler_6mdr", D(2027, 3, 1), 76, "kvote", False),
        ("q", "kvote_tilbud_6mdr", D(2027, 3, 1), 76, "kvote", True),
    ]
