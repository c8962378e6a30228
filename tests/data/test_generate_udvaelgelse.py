"""The generated data set seen through the selection (spec 03): the deliberately weak municipalities
are found, the one weak on tilbud only gets skærpet tilsyn light under the 2022 rules and under
2021's (the adjusted follow-up, seed 002), and the selection stays a handful."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.data.generate import generate, svage_kommuner, svage_kun_tilbud
from tilsyn.resultater import aabn

SEED = 1


@pytest.fixture(scope="module")
def valg(tmp_path_factory) -> dict[int, dict[str, dict]]:
    out = tmp_path_factory.mktemp("gen")
    generate(out, 20_000, SEED, date(2020, 1, 1), date(2022, 12, 31))  # the demo's size and seed
    r = aabn(out)
    return {aar: {x["kommune_kode"]: x for x in r.udvaelgelse(aar).to_dicts()}
            for aar in (2021, 2022)}


def test_2022_weak_municipalities_are_selected_and_the_tilbud_only_one_gets_light(valg):
    kun_tilbud = set(svage_kun_tilbud(SEED))
    rows = valg[2022]
    for kode in svage_kommuner(SEED):
        r = rows[kode]
        assert r["fails_resultat"] and r["fails_tilbud"], r
        if kode in kun_tilbud:
            assert not r["fails_samtaler"] and r["konsekvens"] == "skaerpet_tilsyn_light", r
        else:
            assert r["konsekvens"] == "skaerpet_tilsyn", r
    udtaget = [k for k, r in rows.items() if r["konsekvens"] in ("skaerpet_tilsyn", "skaerpet_tilsyn_light")]
    assert len(udtaget) <= 2 * len(svage_kommuner(SEED)), udtaget


def test_2021_tilbud_only_weakness_gets_the_adjusted_follow_up(valg):
    for kode in svage_kun_tilbud(SEED):
        r = valg[2021][kode]
        assert r["fails_resultat"] and r["fails_tilbud"] and r["konsekvens"] == "skaerpet_tilsyn_light", r
