"""The rule values after 2022 (spec 08): each switches on its date, no earlier. The selection's
values are read on 31 December of the year, the case's on the event's own day."""

from datetime import date

import pytest

from tilsyn.rules.rulebook import rulebook

# (path, read as, before, value before, on/after, value then, marker then)
REGLER = [
    # lov 1750/2025 abolishes the state's skærpet tilsyn; the date (2026-07-01) is the project's default
    ("tilsyn.ordning.sager", "dag", date(2026, 6, 30), True, date(2026, 7, 1), False, "default"),
    # the selection is read on 31 December: 2025 still has the scheme, 2026 is the first year without it
    ("tilsyn.ordning.udvaelgelse", "aar", 2025, True, 2026, False, "default"),
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
    v = rulebook().gaeldende("tilsyn.ordning.sager", dag=date(2026, 7, 1))
    assert "1750/2025" in v.reference.title and "L 66" in v.reference.title
    assert "skærpede tilsyn afskaffes" in v.reference.paragraph
    assert "datoen er ikke fundet" in v.note
    # one concept, one place: the selection's and the case's parameters share the dated values
    assert rulebook().parameter("tilsyn.ordning.udvaelgelse").values == rulebook().parameter("tilsyn.ordning.sager").values
