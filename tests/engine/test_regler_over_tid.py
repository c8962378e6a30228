"""Hand-worked citizens whose periods start in 2023, 2024, 2025 and September 2026 get the
requirements of their day, each citing its law (spec 08): the regime's reference, and the
requirement's own hjemmel. Due dates counted by hand from spec 04 (day 1 = the first day)."""

from datetime import date

import ibis

from tilsyn.engine.frister import KRAV_PARAMETRE, krav_instanser
from tilsyn.rules import rulebook

from test_frister import K, person, tabeller  # same folder (pytest rootdir import)

D = date
LOV = {"Lov nr. 548": "LAB 2019", "Lov om en aktiv beskæftigelsesindsats (LAB 2019": "LAB 2019",
       "Lov nr. 727": "lov 727/2023", "Lov nr. 1750/2025": "lov 1750/2025"}


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
    """From 2026-09-01: DP — binding first samtale by 2 w 2026-09-14 and a-kasse samtale by 16
    months 2027-12-30; quotas: a-kasse 2 by 13 w 2026-11-30, kommune 2 in 13–26 w 2027-03-01,
    tilbud by 26 w 2027-03-01. KH jobparat — binding first samtale by 1 w 2026-09-07; quotas: 4 by
    26 w and tilbud by 26 w, 2027-03-01."""
    assert krav(("f", K, "dagpenge", None, D(2026, 9, 1), None),
                ("g", K, "kontanthjaelp", "jobparat", D(2026, 9, 1), None)) == {
        ("f", "dp_foerste_samtale", D(2026, 9, 14), "lov 1750/2025", False),
        ("f", "dp_akasse_16mdr", D(2027, 12, 30), "lov 1750/2025", False),
        ("f", "kvote_akasse_2_samtaler_3mdr", D(2026, 11, 30), "lov 1750/2025", True),
        ("f", "kvote_kommune_2_samtaler_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
        ("f", "kvote_tilbud_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
        ("g", "kh_foerste_samtale", D(2026, 9, 7), "lov 1750/2025", False),
        ("g", "kvote_4_samtaler_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
        ("g", "kvote_tilbud_6mdr", D(2027, 3, 1), "lov 1750/2025", True),
    }
