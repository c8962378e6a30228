"""The rule values after 2022 (docs/frister.md): each switches on its date, no earlier. The selection's
values are read on 31 December of the year, the case's on the event's own day."""

from datetime import date

import pytest

from tilsyn.rules.rulebook import rulebook

# (path, read as, before, value before, on/after, value then, marker then)
REGLER = [
    # lov nr. 1750 af 29. december 2025 abolishes the state's skærpet tilsyn; the date (2026-02-01,
    # with the law's organisation) is the project's default
    ("tilsyn.ordning.sager", "dag", date(2026, 1, 31), True, date(2026, 2, 1), False, "default"),
    # the selection for Y is made in the spring of Y+1: 2024 (spring 2025) is the last year selected
    ("tilsyn.ordning.udvaelgelse", "aar", 2024, True, 2025, False, "default"),
    # 2023-2025: no published selection found; the 2022 values are assumed to go on
    ("fokusmaal.samtaler.graense_pct", "aar", 2022, 20, 2023, 20, "default"),
    ("fokusmaal.tilbud.graense_pct", "aar", 2022, 20, 2023, 20, "default"),
    ("fokusmaal.samtaler.konsekvens", "aar", 2022, "skaerpet_tilsyn", 2023, "skaerpet_tilsyn", "default"),
    ("fokusmaal.tilbud.konsekvens", "aar", 2022, "skaerpet_tilsyn_light", 2023, "skaerpet_tilsyn", "default"),
    ("fokusmaal.tilbud.min_timer", "maaned", date(2022, 12, 1), 225, date(2023, 1, 1), 225, "default"),
    # lov 1750/2025 step 1: no jobcentre required; the law says "kommunen"
    ("organisering.myndighed.navn", "dag", date(2026, 1, 31), "jobcentret", date(2026, 2, 1), "kommunen", "source"),
    ("organisering.myndighed.chef", "dag", date(2026, 1, 31), "jobcenterchef", date(2026, 2, 1), "beskæftigelseschef", "default"),
    # lov 1655/2024 closes the merged ydelser to new periods, lov 1750/2025 ressourceforløb and revalidering
    ("organisering.ydelser.lukket_for_nye", "dag", date(2025, 6, 30), [], date(2025, 7, 1),
     ["uddannelseshjaelp", "overgangsydelse", "selvforsoergelsesydelse", "hjemrejseydelse"], "source"),
    ("organisering.ydelser.lukket_for_nye", "dag", date(2026, 1, 31),
     ["uddannelseshjaelp", "overgangsydelse", "selvforsoergelsesydelse", "hjemrejseydelse"], date(2026, 2, 1),
     ["uddannelseshjaelp", "overgangsydelse", "selvforsoergelsesydelse", "hjemrejseydelse", "ressourceforloeb",
      "revalidering"], "source"),
]


@pytest.mark.parametrize("sti, laeses, foer, vaerdi_foer, efter, vaerdi_efter, marker", REGLER)
def test_value_switches_on_its_date(sti, laeses, foer, vaerdi_foer, efter, vaerdi_efter, marker):
    book = rulebook()
    assert book.parameter(sti).laeses == laeses
    gammel, ny = book.gaeldende(sti, **{laeses: foer}), book.gaeldende(sti, **{laeses: efter})
    assert (gammel.value, ny.value) == (vaerdi_foer, vaerdi_efter)
    assert ny is not gammel, "a new dated value takes effect on the date"
    assert ny.marker == marker and ny.note, "an assumed value says what is unconfirmed"


def test_abolition_cites_lov_1750_2025_and_says_the_date_is_assumed():
    v = rulebook().gaeldende("tilsyn.ordning.sager", dag=date(2026, 2, 1))
    assert "Lov nr. 1750 af 29. december 2025" in v.reference.title and "L 66" in v.reference.title
    assert "skærpede tilsyn afskaffes" in v.reference.paragraph
    assert "datoen er ikke fundet" in v.note and "1. februar 2026" in v.note and "1. juli 2026" in v.note
    u = rulebook().gaeldende("tilsyn.ordning.udvaelgelse", aar=2025)
    assert u.reference == v.reference and "foråret" in u.note and "2024" in u.note


def _ids(value):
    return [(k["id"], k.get("kvote", {}).get("holdes_af")) for k in value] if isinstance(value, list) and value and isinstance(value[0], dict) else value


def _kh(value):
    return value["kontanthjaelp"] if isinstance(value, dict) and "kontanthjaelp" in value else value


# One row per change after 2022 in the requirements and the målgrupper: (path, the day before, the
# value then, the day it changes, the value from then, marker then, the law the new value cites).
# Requirement lists are compared by (id, who holds a quota); the målgruppe mapping by kontanthjælp.
AENDRINGER = [
    ("kontaktforloeb.krav.samtaleformer", date(2023, 3, 21),
     {"foerste": ["fysisk"], "foerste_6_mdr": ["fysisk"], "efter_6_mdr": ["fysisk", "telefon", "video", "digital"]},
     date(2023, 3, 22),
     {"foerste": ["fysisk"], "foerste_6_mdr": ["fysisk", "telefon", "video"], "efter_6_mdr": ["fysisk", "telefon", "video", "digital"]},
     "source", "Lov nr. 295 "),
    ("ret_og_pligt.krav.taeller_ikke", date(2023, 3, 21), {}, date(2023, 3, 22),
     {"vejledning_opkvalificering": [1, 2, 3]}, "source", "Lov nr. 295 "),
    # STAR on the reform: ØVO can again be a ret-og-pligt tilbud from 1 July 2026 (final § 102 not read)
    ("ret_og_pligt.krav.taeller_ikke", date(2026, 6, 30), {"vejledning_opkvalificering": [1, 2, 3]},
     date(2026, 7, 1), {}, "default", "STAR: Spørgsmål og svar om reformen"),
    ("kontaktforloeb.krav.samtaler", date(2023, 12, 31),
     [("fire_samtaler_6mdr", None), ("dp_faelles_1", None), ("dp_faelles_2", None), ("dp_faelles_16mdr", None),
      ("kh_foerste_samtale", None), ("sdp_fire_opfoelgninger", None), ("sdp_foerste_opfoelgning", None)],
     date(2024, 1, 1),
     [("dp_foerste_samtale", None), ("dp_tre_samtaler_3mdr", None), ("dp_tre_samtaler_6mdr", None),
      ("fire_samtaler_6mdr", None), ("kh_foerste_samtale", None), ("sdp_fire_opfoelgninger", None),
      ("sdp_foerste_opfoelgning", None)],
     "source", "Lov nr. 727 "),
    ("kontaktforloeb.krav.overgang", date(2023, 12, 31), [], date(2024, 1, 1), [1], "source", "Lov nr. 727 "),
    ("maalgrupper.ydelser", date(2025, 6, 30),
     {"ydelsesgruppe": "kontanthjaelp", "maalgruppe": 2, "visitation": {"jobparat": 2, "aktivitetsparat": 3}},
     date(2025, 7, 1),
     {"ydelsesgruppe": "kontanthjaelp", "maalgruppe": 2,
      "visitation": {"jobparat": 2, "aktivitetsparat": 3, "uddannelsesparat": 4}},
     "source", "Lov nr. 1655 "),
    ("kontaktforloeb.krav.overgang", date(2026, 6, 30), [1], date(2026, 7, 1), [], "default", "Lov nr. 1750 af 29. december 2025"),
    ("kontaktforloeb.krav.samtaler", date(2026, 6, 30),
     [("dp_foerste_samtale", None), ("dp_tre_samtaler_3mdr", None), ("dp_tre_samtaler_6mdr", None),
      ("fire_samtaler_6mdr", None), ("kh_foerste_samtale", None), ("sdp_fire_opfoelgninger", None),
      ("sdp_foerste_opfoelgning", None)],
     date(2026, 7, 1),
     [("dp_foerste_samtale", None), ("kh_foerste_samtale", None), ("ly_foerste_samtale", None),
      ("dp_kommune_16mdr", None), ("kvote_akasse_2_samtaler_3mdr", "a_kasse"),
      ("kvote_kommune_2_samtaler_6mdr", "kommune"), ("kvote_4_samtaler_6mdr", "kommune"),
      ("kh_foerste_samtale_aktivitetsparat", None), ("fire_samtaler_6mdr", None), ("sdp_en_samtale_6mdr", None)],
     "default", "Lov nr. 1750 af 29. december 2025"),
    ("ret_og_pligt.krav.tilbud", date(2026, 6, 30), [("tilbud_6mdr", None)], date(2026, 7, 1),
     [("kvote_tilbud_6mdr", "kommune"), ("tilbud_6mdr", None)], "default", "Lov nr. 1750 af 29. december 2025"),
    ("maalgrupper.ydelser", date(2026, 12, 31),
     {"ydelsesgruppe": "kontanthjaelp", "maalgruppe": 2,
      "visitation": {"jobparat": 2, "aktivitetsparat": 3, "uddannelsesparat": 4}},
     date(2027, 1, 1), {"ydelsesgruppe": "kontanthjaelp", "maalgruppe": 2}, "default", "2027"),
]


@pytest.mark.parametrize("sti, foer, vaerdi_foer, efter, vaerdi_efter, marker, lov", AENDRINGER)
def test_each_change_of_spec_08_switches_on_its_date_and_cites_its_law(sti, foer, vaerdi_foer, efter, vaerdi_efter, marker, lov):
    book = rulebook()
    gammel, ny = book.gaeldende(sti, dag=foer), book.gaeldende(sti, dag=efter)
    assert (_kh(_ids(gammel.value)), _kh(_ids(ny.value))) == (vaerdi_foer, vaerdi_efter)
    assert ny.start == efter and ny.marker == marker
    assert lov in ny.reference.title
    assert marker == "source" or "bekræftet" in ny.note, "an assumed value says what is unconfirmed"


def test_the_2027_main_law_is_future_dated_and_not_confirmed():
    v = rulebook().gaeldende("maalgrupper.ydelser", dag=date(2027, 1, 1))
    assert v.marker == "default" and "Ikke vedtaget/bekræftet" in v.note
    assert {m["maalgruppe"] for k, m in v.value.items() if m["ydelsesgruppe"] == "kontanthjaelp"
            and k not in ("ledighedsydelse", "ressourceforloeb", "revalidering", "forrevalidering")} == {2}
    assert all("visitation" not in v.value[k] for k in ("kontanthjaelp", "uddannelseshjaelp"))
