"""The engine and the benchmark's naive pandas baseline (a second, month-by-month reading of docs/measures.md)
give the same fokusmål on a generated data set."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import ibis
import pandas as pd
import pyarrow.parquet as pq
import pytest

from tilsyn.data.generate import generate
from tilsyn.engine import fokusmaal

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from naive_fokusmaal import naive_fokusmaal  # noqa: E402

pytestmark = pytest.mark.kun_duckdb  # the naive baseline is compared on DuckDB; the measures run on both engines elsewhere

TABLES = ("ydelser", "samtaler", "tilbud", "beskaeftigelse")


def test_naive_baseline_equals_engine(tmp_path, rules):
    generate(tmp_path, 1500, 7, date(2019, 1, 1), date(2022, 12, 31))
    arrow = {n: pq.read_table(tmp_path / f"{n}.parquet") for n in TABLES}
    first, last = date(2021, 11, 1), date(2022, 2, 1)

    con = ibis.duckdb.connect()
    engine = con.execute(fokusmaal.rullende({n: ibis.memtable(a) for n, a in arrow.items()}, first, last, rules))
    engine = engine[engine.population > 0]
    naive = naive_fokusmaal({n: a.to_pandas() for n, a in arrow.items()}, first, last, rules)

    cols = ["kommune_kode", "maaned", "population", "passive_samtaler", "passive_tilbud",
            "andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud"]
    key = ["kommune_kode", "maaned"]
    engine = engine.assign(maaned=pd.to_datetime(engine.maaned))[cols].sort_values(key).reset_index(drop=True)
    naive = naive.assign(maaned=pd.to_datetime(naive.maaned))[cols].sort_values(key).reset_index(drop=True)
    assert len(engine) > 150  # most municipalities, four months
    assert engine.population.sum() > 500
    assert 0 < engine.passive_samtaler.sum() < engine.population.sum()
    assert 0 < engine.passive_tilbud.sum() < engine.population.sum()
    pd.testing.assert_frame_equal(engine, naive, check_dtype=False)
