"""Where the workflow store lives and how it is brought up to date.

SQLite is the embedded default (a file next to the user); PostgreSQL in production. Any
SQLAlchemy URL works; a plain path is taken as an SQLite file. `migrate(url)` runs the Alembic
migrations shipped inside this package, so `tilsyn` can set up any database itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.filer import privat

STANDARD_DB = "sqlite:///tilsyn-sager.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def db_url(value: str | None = None) -> str:
    """The store's URL: the given value, else env TILSYN_DB, else ./tilsyn-sager.db."""
    url = value or os.environ.get("TILSYN_DB") or STANDARD_DB
    return url if "://" in url else f"sqlite:///{url}"


def engine(url: str) -> Engine:
    eng = create_engine(db_url(url))
    if eng.dialect.name == "sqlite":
        event.listen(eng, "connect", _sqlite_foreign_keys)
        fil = eng.url.database
        if fil and fil != ":memory:" and not fil.startswith("file:") and Path(fil).parent.is_dir():
            privat(fil)  # SQLite gives its -wal and -shm files the database file's mode
    return eng


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Bring the store at `url` to `revision` (default: the newest schema)."""
    with engine(url).begin() as connection:
        command.upgrade(_config(connection), revision)


def downgrade(url: str, revision: str = "base") -> None:
    with engine(url).begin() as connection:
        command.downgrade(_config(connection), revision)


def sessions(url: str | None = None) -> sessionmaker[Session]:
    """A session factory for the (migrated) store at `url`."""
    url = db_url(url)
    migrate(url)
    return sessionmaker(engine(url), expire_on_commit=False)


MAKS_ID = 2**31 - 1  # the ids are INTEGER columns (32 bits on PostgreSQL)


def hent(session: Session, model, id_: int, **kwargs):
    """`session.get`, or None for an id no row can have (SQLite and PostgreSQL would raise on an
    integer outside their column type instead of finding nothing)."""
    if not 1 <= id_ <= MAKS_ID:
        return None
    return session.get(model, id_, **kwargs)
