"""`tilsyn generate` looks like Denmark: on 100,000 persons, seed 1, 2019-01..2026-11, the figures the
commands show land in the ranges of the published figures (docs/data-format.md has the table with
what is measured). Read through the results layer, as `tilsyn resultatmaal`, `tilsyn udvaelgelse`
and `tilsyn kvoter` read them."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tilsyn.resultater import aabn
from tilsyn.rules import rulebook


@pytest.fixture(scope="module")
def resultater(kalibreret):
    return aabn(kalibreret)


def test_resultatmaal_2022_as_published(resultater):
    """Published for 2022 (Jobindsats y30r21): 7.62 % of the 16-66-year-olds on public support, 45
    municipalities worse than expected; forskel spreads a few tenths of a point, the small
    municipalities included."""
    r = resultater.resultatmaal(2022)
    assert r.height == 98
    andel = 100 * r["faktisk_antal"].sum() / r["population_16_66"].sum()
    assert 7.0 <= andel <= 8.5, andel
    forskel = r["forskel_pct_point"]
    assert 40 <= (forskel > 0).sum() <= 50, (forskel > 0).sum()
    assert 0.3 <= forskel.std() <= 0.5, forskel.std()
    assert forskel.abs().max() <= 1.5, r.sort("forskel_pct_point").select("kommune_kode", "forskel_pct_point")


def _hale(vaerdier: pl.Series) -> tuple[int, float, float]:
    """(municipalities at 20-35 %, the highest value, the largest gap between neighbours above 15 %)."""
    v = np.sort(vaerdier.drop_nulls().to_numpy())
    over = v[v > 15]
    return int(((v >= 20) & (v <= 35)).sum()), float(v.max()), float(np.diff(over).max()) if len(over) > 1 else 0.0


def test_fokusmaal_2022_with_a_continuous_tail(resultater):
    """STAR's follow-up on the 2022 fokusmål: a handful of municipalities failing tilbud (20 % and more), the worst in the low
    30s, none failing samtaler; no cluster planted far from the rest."""
    v = resultater.aarsvaerdier(2022)
    assert v.height == 98
    antal, hoejst, hul = _hale(v["vaerdi_tilbud"])
    assert 6 <= antal <= 14 and hoejst <= 35 and hul < 5, (antal, hoejst, hul)
    antal, hoejst, hul = _hale(v["vaerdi_samtaler"])
    assert antal <= 2 and hoejst <= 35 and hul < 5, (antal, hoejst, hul)


def test_tilbud_mix_follows_the_rule_on_oevrig_vejledning(kalibreret):
    """Lov 295/2023: øvrig vejledning og opkvalificering stopped meeting the tilbud requirement of
    LAB § 6 nr. 1-3 on 2023-03-22, and (the rulebook's reading of lov 1750/2025) meets it again from
    2026-07-01; job centres gave it accordingly."""
    regel = rulebook().dagvaerdier("ret_og_pligt.krav.taeller_ikke")
    assert [v.start for v in regel][-2:] == [date(2023, 3, 22), date(2026, 7, 1)]
    t = pq.read_table(kalibreret / "tilbud.parquet", columns=["person_id", "art", "start"])
    y = pq.read_table(kalibreret / "ydelser.parquet", columns=["person_id", "ydelse", "start"])
    dagpenge = set(y.filter(pc.equal(y["ydelse"], "dagpenge"))["person_id"].to_pylist())
    t = pl.from_arrow(t).filter(pl.col("person_id").is_in(list(dagpenge)))

    def oevo(fra: date, til: date) -> float:
        s = t.filter(pl.col("start").is_between(fra, til))
        return (s["art"] == "vejledning_opkvalificering").mean()

    foer, under, efter = (oevo(date(2021, 1, 1), date(2023, 3, 21)), oevo(date(2023, 6, 1), date(2026, 6, 30)),
                          oevo(date(2026, 7, 1), date(2026, 11, 30)))
    assert under < foer / 3 and efter > 2 * under, (foer, under, efter)


def test_quotas_of_november_2026(resultater):
    """With the rules as corrected on 2026-12-07: every national quota share (the month's and the
    rolling 12 months') at 80-95 %, and a handful of municipalities under the 75 % tilbud quota."""
    k = resultater.kvoteopfyldelse(date(2026, 11, 1))
    land = k.filter(pl.col("niveau") == "land")
    assert set(land["krav_id"]) >= {"kvote_tilbud_6mdr", "kvote_akasse_2_samtaler_3mdr",
                                    "kvote_kommune_2_samtaler_6mdr", "kvote_4_samtaler_6mdr"}
    for r in land.iter_rows(named=True):
        assert 80 <= r["andel_pct"] <= 95 and 80 <= r["andel_12_pct"] <= 95, r
    tilbud = k.filter((pl.col("niveau") == "kommune") & (pl.col("krav_id") == "kvote_tilbud_6mdr"))
    under = (tilbud["andel_12_pct"] < 75).sum()
    assert 2 <= under <= 15, under
