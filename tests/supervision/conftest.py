"""The workflow store on both backends: an SQLite file and a fresh PostgreSQL database per test
run (`pg_database` in tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker

from tilsyn.supervision import db
from tilsyn.supervision.models import Base


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
