"""Hand-worked citizens whose periods start in 2023, 2024, 2025 and September 2026 get the
requirements of their day, each citing its law (docs/frister.md): the regime's reference, and the
requirement's own hjemmel. Due dates counted by hand as docs/frister.md counts them (day 1 = the first day)."""

from datetime import date

import ibis

from tilsyn.engine.frister import KRAV_PARAMETRE, arbejdsliste, krav_instanser
from tilsyn.resultater.arbejdsliste import KOLONNER_MENNESKER, krav_tekster, til_mennesker
from tilsyn.rules import rulebook

from test_frister import K, person, tabeller  # same folder (pytest rootdir import)

D = date
LOV = {"Lov nr. 548": "LAB 2019", "Lov om en aktiv beskæftigelsesindsats (LAB 2019": "LAB 2019",
       "Lov nr. 727": "lov 727/2023", "Lov nr. 1750 af 29. december 2025": "lov 1750/2025"}


def lov(art, regel_fra):
    """The law a requirement's regime cites, by the start of its dated value."""
    titel = next(v.reference.title for v in rulebook().dagvaerdier(KRAV_PARAMETRE[art]) if v.start == regel_fra)
    return next(navn for praefiks, navn in LOV.items() if titel.startswith(praefiks))


def krav(*ydelser):
    personer = sorted({y[0] for y in ydelser})
    t = tabeller(personer=[person(p) for p in personer], ydelser=list(ydelser))
    rows = ibis.duckdb.connect().to_pyarrow(krav_instanser(t, rulebook())).to_pylist()
    return {(r["person_id"], r["krav_id"], r["frist"], lov(r["art"], r["regel_fra"]), r["kvote_andel"] is not None)
            for r in rows}


def test_2023_dagpenge_keeps_the_lab_2019_course_after_2024_01_01():
    """DP from 2023-03-01: LAB 2019 — fælles by 13 w 2023-05-30, 4 samtaler, fælles 13–26 w and the
    tilbud by 26 w 2023-08-29, and the fælles samtale by 16 months (day 486) 2024-06-28: after
    2024-01-01, still LAB 2019 (lov 727/2023's transition rule), none of lov 727/2023's."""
    assert krav(("a", K, "dagpenge", None, D(2023, 3, 1), None)) == {
        ("a", "dp_faelles_1", D(2023, 5, 30), "LAB 2019", False),
        ("a", "fire_samtaler_6mdr", D(2023, 8, 29), "LAB 2019", False),
        ("a", "dp_faelles_2", D(2023, 8, 29), "LAB 2019", False),
        ("a", "tilbud_6mdr", D(2023, 8, 29), "LAB 2019", False),
        ("a", "dp_faelles_16mdr", D(2024, 6, 28), "LAB 2019", False),
    }


def test_2024_dagpenge_and_kontanthjaelp_follow_lov_727_2023():
    """From 2024-03-04: DP — first samtale by 2 w 2024-03-17, 3 by 13 w 2024-06-02, 3 more by 26 w
    2024-09-01; KH jobparat — first samtale by 1 w 2024-03-10, 4 by 26 w 2024-09-01. Tilbud by 26 w
    (LAB § 102, unchanged since LAB 2019)."""
    assert krav(("b", K, "dagpenge", None, D(2024, 3, 4), None),
                ("c", K, "kontanthjaelp", "jobparat", D(2024, 3, 4), None)) == {
        ("b", "dp_foerste_samtale", D(2024, 3, 17), "lov 727/2023", False),
        ("b", "dp_tre_samtaler_3mdr", D(2024, 6, 2), "lov 727/2023", False),
        ("b", "dp_tre_samtaler_6mdr", D(2024, 9, 1), "lov 727/2023", False),
        ("b", "tilbud_6mdr", D(2024, 9, 1), "LAB 2019", False),
        ("c", "kh_foerste_samtale", D(2024, 3, 10), "lov 727/2023", False),
        ("c", "fire_samtaler_6mdr", D(2024, 9, 1), "lov 727/2023", False),
        ("c", "tilbud_6mdr", D(2024, 9, 1), "LAB 2019", False),
    }


def test_2025_uddannelseshjaelp_becomes_kontanthjaelp_without_a_new_clock():
    """d: uddannelseshjælp, uddannelsesparat, from 2025-03-03, kontanthjælp (uddannelsesparat) from
    2025-07-01 (lov 1655/2024): målgruppe 4 both, so one period — 4 samtaler by 26 w 2025-08-31, not
    a new clock from July. e: a new kontanthjælp period from 2025-09-01, uddannelsesparat:
    målgruppe 4, first samtale by 1 w 2025-09-07, 4 by 26 w 2026-03-01 (lov 727/2023); no tilbud
    requirement for målgruppe 4 before lov 1750/2025."""
    assert krav(("d", K, "uddannelseshjaelp", "uddannelsesparat", D(2025, 3, 3), D(2025, 6, 30)),
                ("d", K, "kontanthjaelp", "uddannelsesparat", D(2025, 7, 1), None),
                ("e", K, "kontanthjaelp", "uddannelsesparat", D(2025, 9, 1), None)) == {
        ("d", "kh_foerste_samtale", D(2025, 3, 9), "lov 727/2023", False),
        ("d", "fire_samtaler_6mdr", D(2025, 8, 31), "lov 727/2023", False),
        ("e", "kh_foerste_samtale", D(2025, 9, 7), "lov 727/2023", False),
        ("e", "fire_samtaler_6mdr", D(2026, 3, 1), "lov 727/2023", False),
    }


def test_september_2026_the_quota_regime_of_lov_1750_2025():
    """From 2026-09-01: DP — binding first samtale by 2 w 2026-09-14 and the samtale by 16
    months held by the municipality 2027-12-30; quotas: a-kasse 2 by 13 w 2026-11-30, kommune 2 in 13–26 w 2027-03-01,
    tilbud by 26 w 2027-03-01. KH jobparat — binding first samtale by 1 w 2026-09-07; quotas: 4 by
    26 w and tilbud by 26 w, 2027-03-01."""
    assert krav(("f", K, "dagpenge", None, D(2026, 9, 1), None),
                ("g", K, "kontanthjaelp", "jobparat", D(2026, 9, 1), None)) == {
        ("f", "dp_foerste_samtale", D(2026, 9, 14), "lov 1750/2025", False),
        ("f", "dp_kommune_16mdr", D(2027, 12, 30), "lov 1750/2025", False),
        ("f", "kvote_akasse_2_samtaler_3mdr", D(2026, 11, 30), "lov 1750/2025", True),
        ("f", "kvote_kommune_2_samtaler_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
        ("f", "kvote_tilbud_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
        ("g", "kh_foerste_samtale", D(2026, 9, 7), "lov 1750/2025", False),
        ("g", "kvote_4_samtaler_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
        ("g", "kvote_tilbud_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
    }


def test_2026_ledighedsydelse_carried_forward_groups_and_sygedagpenge_after_lov_1750_2025():
    """From 2026-09-01 (day 7 = 2026-09-07, day 182 = 2027-03-01). h, ledighedsydelse (målgruppe
    9): binding first jobsamtale by 1 week and the 4-samtaler quota. i, aktivitetsparat kontanthjælp
    (3): the last known rules carried forward — first samtale by 1 week, 4 samtaler and a tilbud by 26
    weeks — under lov 1750/2025's regime, binding. j, sygedagpenge: at least one samtale in the first
    half year, not the 2019 rule. k, sygedagpenge from 2026-01-05: the first follow-up by week 8
    (day 56, 2026-03-01) under lov 727/2023, but the 26-week rule falls due 2026-07-05, after
    2026-07-01: one samtale, not four. l, a ressourceforløb begun 2026-01-15 (before it closed to
    new citizens on 2026-02-01), due 2026-07-15: 4 samtaler carried forward."""
    assert krav(("h", K, "ledighedsydelse", None, D(2026, 9, 1), None),
                ("i", K, "kontanthjaelp", "aktivitetsparat", D(2026, 9, 1), None),
                ("j", K, "sygedagpenge", None, D(2026, 9, 1), None),
                ("k", K, "sygedagpenge", None, D(2026, 1, 5), None),
                ("l", K, "ressourceforloeb", None, D(2026, 1, 15), None)) == {
        ("h", "ly_foerste_samtale", D(2026, 9, 7), "lov 1750/2025", False),
        ("h", "kvote_4_samtaler_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
        ("i", "kh_foerste_samtale_aktivitetsparat", D(2026, 9, 7), "lov 1750/2025", False),
        ("i", "fire_samtaler_6mdr", D(2027, 3, 1), "lov 1750/2025", False),
        ("i", "tilbud_6mdr", D(2027, 3, 1), "lov 1750/2025", False),
        ("j", "sdp_en_samtale_6mdr", D(2027, 3, 1), "lov 1750/2025", False),
        ("k", "sdp_foerste_opfoelgning", D(2026, 3, 1), "lov 727/2023", False),
        ("k", "sdp_en_samtale_6mdr", D(2026, 7, 5), "lov 1750/2025", False),
        ("l", "fire_samtaler_6mdr", D(2026, 7, 15), "lov 1750/2025", False),
    }


def test_the_16_month_jobsamtale_is_held_by_the_municipality_not_the_a_kasse():
    """DP from 2026-09-01: the samtale by 16 months (window from day 183, 2027-03-02, to day 486,
    2027-12-30) is the municipality's: m's samtale held by the a-kasse on 2027-06-01 does not meet
    it, n's held by the municipality the same day does, o's without a holder in the data counts."""
    ydelser = [(p, K, "dagpenge", None, D(2026, 9, 1), None) for p in "mno"]
    t = tabeller(personer=[person(p) for p in "mno"], ydelser=ydelser,
                 samtaler=[("m", K, D(2027, 6, 1), "fysisk", "individuel", None, "a_kasse"),
                           ("n", K, D(2027, 6, 1), "fysisk", "individuel", None, "kommune"),
                           ("o", K, D(2027, 6, 1), "fysisk", "individuel", None, None)])
    rows = ibis.duckdb.connect().to_pyarrow(krav_instanser(t, rulebook())).to_pylist()
    assert {(r["person_id"], r["vindue_start"], r["frist"], r["antal_rettidigt"]) for r in rows
            if r["krav_id"] == "dp_kommune_16mdr"} == {
        ("m", D(2027, 3, 2), D(2027, 12, 30), 0), ("n", D(2027, 3, 2), D(2027, 12, 30), 1),
        ("o", D(2027, 3, 2), D(2027, 12, 30), 1)}


def test_a_rule_carried_forward_without_a_source_says_so_on_the_worklist_line():
    """2026-09-20: i (aktivitetsparat, målgruppe 3) has the carried-forward lines, each marked "ikke
    bekræftet efter lov nr. 1750 af 29. december 2025" (web, Excel, CSV and `tilsyn frister` read
    this column); h's ledighedsydelse line and quota rest on the law's own words: no mark."""
    t = tabeller(personer=[person("h"), person("i")],
                 ydelser=[("h", K, "ledighedsydelse", None, D(2026, 9, 1), None),
                          ("i", K, "kontanthjaelp", "aktivitetsparat", D(2026, 9, 1), None)])
    rows = ibis.duckdb.connect().to_pyarrow(arbejdsliste(t, rulebook(), K, D(2026, 9, 20))).to_pylist()
    linjer = til_mennesker(rows, krav_tekster(rulebook()), {})
    forbehold = "ikke bekræftet efter lov nr. 1750 af 29. december 2025"
    assert {(r["person_id"], r["krav_id"], r["forbehold"]) for r in linjer} == {
        ("h", "ly_foerste_samtale", ""), ("h", "kvote_4_samtaler_6mdr", ""),
        ("i", "kh_foerste_samtale_aktivitetsparat", forbehold), ("i", "fire_samtaler_6mdr", forbehold),
        ("i", "tilbud_6mdr", forbehold)}
    assert KOLONNER_MENNESKER["forbehold"] == "Forbehold"


def test_lab_106_seniorpension_and_tidlig_pension_are_exemption_grounds():
    """KH jobparat from 2024-03-04, 4 samtaler due 2024-09-01 (lov 727/2023). p goes on seniorpension
    within 6 weeks, q on tidlig pension (both documented from 2024-08-01): exempt; r's "andet" is no
    § 106 ground. Before the schemes began (2020, 2022) they are no grounds."""
    t = tabeller(personer=[person(p) for p in "pqr"],
                 ydelser=[(p, K, "kontanthjaelp", "jobparat", D(2024, 3, 4), None) for p in "pqr"],
                 fritagelser=[("p", "seniorpension", D(2024, 8, 1), None),
                              ("q", "tidlig_pension", D(2024, 8, 1), None),
                              ("r", "andet", D(2024, 8, 1), None)])
    rows = ibis.duckdb.connect().to_pyarrow(krav_instanser(t, rulebook())).to_pylist()
    assert {(r["person_id"], r["frist"], r["fritaget"]) for r in rows if r["krav_id"] == "fire_samtaler_6mdr"} == {
        ("p", D(2024, 9, 1), True), ("q", D(2024, 9, 1), True), ("r", D(2024, 9, 1), False)}
    grunde = rulebook().vaerdi
    assert "seniorpension" not in grunde("fritagelser.mindre_intensiv", dag=D(2019, 12, 31))
    assert "tidlig_pension" not in grunde("fritagelser.mindre_intensiv", dag=D(2021, 12, 31))
