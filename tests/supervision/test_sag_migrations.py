"""Alembic on an empty database, on SQLite and PostgreSQL: upgrade head makes every table of the
models (and nothing differs from them), downgrade base removes them again."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tilsyn.supervision import db
from tilsyn.supervision.models import Base

TABELLER = {"sag", "haendelse", "dokument", "revision", "revisionssag", "amk_kontakt", "bruger", "adgangslog", "session"}


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_upgrade_head_then_downgrade_base(fresh_url):
    engine = db.engine(fresh_url)
    assert inspect(engine).get_table_names() == []
    db.migrate(fresh_url)
    assert set(inspect(engine).get_table_names()) == TABELLER | {"alembic_version"}
    assert set(Base.metadata.tables) == TABELLER
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    db.migrate(fresh_url)  # a second upgrade is a no-op
    db.downgrade(fresh_url)
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()


def test_db_url_from_option_env_or_default(monkeypatch):
    monkeypatch.delenv("TILSYN_DB", raising=False)
    assert db.db_url() == "sqlite:///tilsyn-sager.db"
    assert db.db_url("demo/sager.db") == "sqlite:///demo/sager.db"
    monkeypatch.setenv("TILSYN_DB", "postgresql+psycopg://postgres@db/tilsyn")
    assert db.db_url() == "postgresql+psycopg://postgres@db/tilsyn"
    assert db.db_url("sqlite:///x.db") == "sqlite:///x.db"
