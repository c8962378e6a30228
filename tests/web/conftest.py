"""Fixtures of the web tests: the workflow store with one user per role and two cases, and the
app over hand-built results (webhjaelp.TabelResultater)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from webhjaelp import ADGANGSKODE, BRUGERE, TabelResultater

from tilsyn.supervision import db, sager
from tilsyn.web import brugere
from tilsyn.web.app import create_app


@pytest.fixture
def sager_url(tmp_path):
    """The workflow store's URL: an SQLite file (a test module may override it with PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'sager.db'}"


@pytest.fixture
def verden(tmp_path, sager_url):
    """The workflow store with the users and two cases (0147 trin 1 pending, 0101 udpeget)."""
    url = sager_url
    sessions = db.sessions(url)
    for navn, (rolle, kommune, team) in BRUGERE.items():
        brugere.opret(sessions, navn, f"Bruger {navn}", rolle, ADGANGSKODE, kommune, team)
    with sessions() as session:
        aabnede = sager.aabn_sager(
            session,
            [{"kommune_kode": "0147", "aar": 2023, "konsekvens": "skaerpet_tilsyn"},
             {"kommune_kode": "0101", "aar": 2023, "konsekvens": "skaerpet_tilsyn"}],
            2023, date(2024, 4, 2),
        )
        session.commit()
        sag_ids = {s.kommune_kode: s.id for s in aabnede}
    return {"url": url, "sessions": sessions, "sager": sag_ids, "tmp": tmp_path}


@pytest.fixture
def app(verden):
    return create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TabelResultater())


@pytest.fixture
def klient(app):
    with TestClient(app) as c:
        yield c
