"""Alembic on an empty database, on SQLite and PostgreSQL: upgrade head makes every table of the
models (and nothing differs from them), downgrade base removes them again."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from tilsyn.supervision import db
from tilsyn.supervision.models import Base

TABELLER = {"sag", "haendelse", "dokument", "revision", "revisionssag", "amk_kontakt", "bruger", "adgangslog", "session",
            "opgoerelse", "fravaer_registrering", "fravaer_log", "linjenote", "loginfejl"}


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


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_adgangslog_rows_from_before_0003_keep_empty_filters(fresh_url):
    db.migrate(fresh_url, "0001")
    engine = db.engine(fresh_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO adgangslog (brugernavn, tidspunkt, person_id, formaal, route) "
            "VALUES ('s1', '2024-06-15 10:00:00+00', 'p1', 'arbejdsliste (side)', '/kommuner/0101/frister')"
        ))
    db.migrate(fresh_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT person_id, formaal, filtre FROM adgangslog")).all() == [
            ("p1", "arbejdsliste (side)", None)
        ]
    engine.dispose()


def test_db_url_from_option_env_or_default(monkeypatch):
    monkeypatch.delenv("TILSYN_DB", raising=False)
    assert db.db_url() == "sqlite:///tilsyn-sager.db"
    assert db.db_url("demo/sager.db") == "sqlite:///demo/sager.db"
    monkeypatch.setenv("TILSYN_DB", "postgresql+psycopg://postgres@db/tilsyn")
    assert db.db_url() == "postgresql+psycopg://postgres@db/tilsyn"
    assert db.db_url("sqlite:///x.db") == "sqlite:///x.db"
