"""Owner-only files (`tilsyn.filer.privat`): the store written by `tilsyn import`, the workflow
SQLite database with its -wal and -shm, the session key and the exports are mode 0600; a stricter
umask is kept; an existing file is narrowed."""

from __future__ import annotations

import os
import stat
from datetime import date

import polars as pl
import pytest

from tilsyn.data.store import import_dir
from tilsyn.filer import privat
from tilsyn.reports.arbejdslister import skriv_arbejdslister
from tilsyn.resultater import skriv_csv
from tilsyn.web.app import create_app


def mode(sti) -> int:
    return stat.S_IMODE(os.stat(sti).st_mode)


@pytest.fixture
def umask():
    """Run with a given umask (restored afterwards); a lax one by default, as on many systems."""
    gammel = os.umask(0o022)
    yield os.umask
    os.umask(gammel)


def test_privat_ny_fil_eksisterende_fil_og_strengere_umask(tmp_path, umask):
    assert mode(privat(tmp_path / "ny.csv")) == 0o600
    aaben = tmp_path / "aaben.csv"
    aaben.write_text("x")
    aaben.chmod(0o664)
    assert mode(privat(aaben)) == 0o600 and aaben.read_text() == "x"
    umask(0o277)
    assert mode(privat(tmp_path / "streng.csv")) == 0o400


def test_lageret_efter_import(valid_dir, tmp_path, umask):
    target = tmp_path / "ud" / "tilsyn.duckdb"
    target.parent.mkdir()
    import_dir(valid_dir, target)
    assert mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["tilsyn.duckdb"]  # no temp left


def test_sagsdatabase_og_hemmelighed_efter_create_app(tmp_path, umask, monkeypatch):
    from tilsyn.supervision.models import Websession
    from tilsyn.web import sessioner

    monkeypatch.delenv("TILSYN_SECRET", raising=False)
    app = create_app(tmp_path / "lager.duckdb", f"sqlite:///{tmp_path / 'sager.db'}")
    sessioner.opret(app.state.tilsyn.sessions, "s1", None, sessioner.Regler())  # a write: -wal, -shm
    filer = {p.name: mode(p) for p in tmp_path.iterdir()}
    assert filer == {"sager.db": 0o600, "sager.db-wal": 0o600, "sager.db-shm": 0o600, "tilsyn-hemmelighed": 0o600}
    with app.state.tilsyn.sessions() as s:
        assert s.query(Websession).count() == 1


def test_eksporter(tmp_path, umask):
    csv = tmp_path / "frister.csv"
    skriv_csv(pl.DataFrame({"person_id": ["p1"]}), csv)
    xlsx = tmp_path / "frister.xlsx"
    skriv_arbejdslister([], xlsx, "0101", date(2024, 6, 15))
    assert (mode(csv), mode(xlsx)) == (0o600, 0o600)
