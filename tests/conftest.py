"""Shared fixtures: one local Spark session for the whole test run, a `backend` fixture that runs a
test on DuckDB and on Spark, and `tabeller` to build the input tables of spec 02 from rows."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from tilsyn.data.schema import TABLES
from tilsyn.engine import backends
from tilsyn.rules.rulebook import rulebook


@pytest.fixture(scope="session")
def spark_backend():
    """The process's local Spark session (started once: it takes seconds)."""
    return backends.connect("spark")


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def backend(request):
    """An Ibis backend: a fresh in-memory DuckDB, or the shared local Spark session."""
    if request.param == "spark":
        return request.getfixturevalue("spark_backend")
    return backends.connect("duckdb")


@pytest.fixture
def rules():
    return rulebook()


def _tabeller(**rows: list[tuple]) -> dict[str, ibis.Table]:
    """Every input table as an Ibis memtable; `rows` maps a table name to tuples in column order."""
    out = {}
    for name in TABLES:
        schema = backends.ibis_schema(name).to_pyarrow()
        data = rows.get(name, [])
        out[name] = ibis.memtable(
            pa.table({c: [r[i] for r in data] for i, c in enumerate(schema.names)}, schema=schema)
        )
    unknown = set(rows) - set(TABLES)
    assert not unknown, f"unknown tables {unknown}"
    return out


@pytest.fixture
def tabeller():
    return _tabeller
