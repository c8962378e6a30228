"""Shared fixtures: one local Spark session for the whole test run, a `backend` fixture that runs a
test on DuckDB and on Spark, `tabeller` to build the input tables of spec 02 from rows, and fresh
PostgreSQL databases for the workflow store."""

from __future__ import annotations

import os
import uuid

import ibis
import psycopg
import pyarrow as pa
import pytest
from sqlalchemy.engine import make_url

from tilsyn.data.schema import TABLES
from tilsyn.engine import backends
from tilsyn.rules.rulebook import rulebook

PG = os.environ.get("TILSYN_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


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
            pa.table({c: [r[i] if i < len(r) else None for r in data] for i, c in enumerate(schema.names)}, schema=schema)
        )
    unknown = set(rows) - set(TABLES)
    assert not unknown, f"unknown tables {unknown}"
    return out


@pytest.fixture
def tabeller():
    return _tabeller


PG = os.environ.get("TILSYN_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_database():
    """A factory of fresh PostgreSQL databases; every one is dropped at the end of the run. Tests
    using it are skipped, with the reason shown, only when the server at TILSYN_TEST_PG (default
    postgresql://postgres@127.0.0.1:5432/test) is unreachable."""
    try:
        admin = psycopg.connect(PG, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as e:
        pytest.skip(f"PostgreSQL er ikke tilgængelig på {PG}: {e}".strip())
    made = []

    def fresh() -> str:
        name = f"tilsyn_test_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return make_url(PG).set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )

    yield fresh
    for name in made:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()
