"""The workflow store on both backends: an SQLite file and a fresh PostgreSQL database per test
run (dropped afterwards). PostgreSQL tests are skipped, with the reason shown, only when the
server at TILSYN_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test) is unreachable."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from sqlalchemy import delete
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from tilsyn.supervision import db
from tilsyn.supervision.models import Base

PG = os.environ.get("TILSYN_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_database():
    """A factory of fresh PostgreSQL databases; every one is dropped at the end of the run."""
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


@pytest.fixture
def fresh_url(request, tmp_path):
    """An empty database URL on the backend named by the test's `backend` parameter."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_database")()
    return f"sqlite:///{tmp_path / 'sager.db'}"


@pytest.fixture(scope="session")
def migrated(tmp_path_factory):
    """One migrated store per backend for the whole run (tests empty it before use):
    backend -> (url, sessionmaker)."""
    stores: dict[str, tuple[str, sessionmaker]] = {}

    def get(backend: str, request) -> tuple[str, sessionmaker]:
        if backend not in stores:
            if backend == "postgresql":
                url = request.getfixturevalue("pg_database")()
            else:
                url = f"sqlite:///{tmp_path_factory.mktemp('sager') / 'sager.db'}"
            stores[backend] = url, db.sessions(url)
        return stores[backend]

    yield get
    for _, maker in stores.values():
        maker.kw["bind"].dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, migrated):
    """(url, sessionmaker) of an empty, migrated store on each backend."""
    url, maker = migrated(request.param, request)
    with maker.begin() as s:
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(delete(table))
    return url, maker


@pytest.fixture
def session(store):
    with store[1]() as s:
        yield s
