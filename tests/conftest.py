"""Shared fixtures: one local Spark session for the whole test run, a `backend` fixture that runs a
test on DuckDB and on Spark, `tabeller` to build the input tables of docs/data-format.md from rows, and fresh
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
# The tests' tables are tiny: two shuffle partitions and a modest driver, unless set otherwise.
os.environ.setdefault("TILSYN_SPARK_PARTITIONS", "2")
os.environ.setdefault("TILSYN_SPARK_DRIVER_MEMORY", "2g")


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


# Engine tests that are not already written against `backend` run on both engines too: their
# `ibis.duckdb.connect()` gives the Spark backend under the spark parameter (as Ibis runs its
# test suite on every backend). A test (or a module, by `pytestmark`) marked `kun_duckdb` is left
# out: the CLI tests (DuckDB stores), the hypothesis property tests (hundreds of examples: 20
# minutes on Spark) and the naive-baseline comparison; the measures they check run on both engines
# in the hand-worked, golden and scenario tests.
_MOTORTEST = ("tests/engine/", "tests/golden/")


def pytest_generate_tests(metafunc):
    sti = metafunc.definition.path.as_posix()
    if ("motor" in metafunc.fixturenames and "backend" not in metafunc.fixturenames
            and any(d in sti for d in _MOTORTEST) and metafunc.definition.get_closest_marker("kun_duckdb") is None
            and not hasattr(metafunc.function, "hypothesis")):
        metafunc.parametrize("motor", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)],
                             indirect=True)


@pytest.fixture(autouse=True)
def motor(request, monkeypatch) -> str:
    """The engine an engine test runs on (see pytest_generate_tests); DuckDB elsewhere."""
    navn = getattr(request, "param", "duckdb")
    if navn == "spark":
        spark = request.getfixturevalue("spark_backend")
        duckdb_connect = ibis.duckdb.connect
        monkeypatch.setattr(ibis.duckdb, "connect",
                            lambda *a, **k: duckdb_connect(*a, **k) if a or k else spark)
    return navn


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


@pytest.fixture(autouse=True, scope="session")
def _cache(tmp_path_factory):
    """Stores of data directories (`store.lager_for_mappe`) go to this run's temporary folder."""
    os.environ["TILSYN_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def kvoteplan_lager(tmp_path_factory):
    """The quota plan's small delivery (400 persons, seed 3, 2026-01..2026-11), generated and imported
    once for the test session; a module copies the store into its own folder (the web keeps its
    results beside the store)."""
    from typer.testing import CliRunner

    from tilsyn.cli import app as cli

    mappe = tmp_path_factory.mktemp("kvoteplan_levering")
    for args in (["generate", mappe / "data", "--persons", "400", "--seed", "3", "--from", "2026-01", "--to", "2026-11"],
                 ["import", mappe / "data", "--store", mappe / "lager.duckdb"]):
        r = CliRunner().invoke(cli, [str(a) for a in args])
        assert r.exit_code == 0, r.output
    return mappe / "lager.duckdb"
