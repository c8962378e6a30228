"""The login throttle counts in the workflow store: two application instances, and two `tilsyn serve`
processes, on one PostgreSQL database throttle as one. Wrong logins split across both wait and lock
as they would on one; a changing X-Forwarded-For from a client that is no named proxy helps no more
than it does against one server; an admin's lifting of a lock holds in both."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_loginvagt import Ur
from test_serve import Browser, _seks_forkerte, _start, _stop
from webhjaelp import ADGANGSKODE, TabelResultater, log_ind

from tilsyn.data.generate import generate
from tilsyn.data.store import import_dir
from tilsyn.supervision import db
from tilsyn.supervision.models import Loginfejl
from tilsyn.web import brugere, loginvagt
from tilsyn.web.app import create_app


@pytest.fixture
def pg_url(pg_database):
    url = pg_database()
    sessions = db.sessions(url)
    for navn in ("s1", "s2"):
        brugere.opret(sessions, navn, navn, "sagsbehandler", ADGANGSKODE, "0101", None)
    sessions.kw["bind"].dispose()
    return url


def test_to_instanser_paa_en_database_taeller_sammen(pg_url, tmp_path):
    ur = Ur()
    apps = [create_app(tmp_path / "lager.duckdb", pg_url, resultater=TabelResultater(), ur=ur) for _ in range(2)]
    with TestClient(apps[0]) as a, TestClient(apps[1]) as b:
        # five wrong passwords for s1, split across both: the sixth attempt waits in either
        for i in range(5):
            assert log_ind((a, b)[i % 2], "s1", "forkert-kode-1").status_code == 401
        for k in (a, b):
            svar = log_ind(k, "s1", ADGANGSKODE)
            assert svar.status_code == 429 and svar.headers["retry-after"] == "1"

        # 20 wrong passwords split across both (never five within a minute) lock the name in both
        ur.frem(61)
        for i in range(15):
            assert log_ind((a, b)[i % 2], "s1", "forkert-kode-1").status_code == 401
            ur.frem(61)
        ur.frem(-61)
        for k in (a, b):
            svar = log_ind(k, "s1", ADGANGSKODE)
            assert svar.status_code == 429 and "Brugernavnet er midlertidigt spærret" in svar.text
        assert all(app.state.tilsyn.loginvagt.spaerret("s1") for app in apps)
        assert log_ind(b, "s2", ADGANGSKODE).status_code == 303  # another name is not locked

        # the admin lifts the lock (in the store): both let s1 in, and its failures are forgotten
        loginvagt.ophaev_spaerring(apps[0].state.tilsyn.sessions, "s1", "admin", "/brugere")
        assert log_ind(b, "s1", ADGANGSKODE).status_code == 303
        assert log_ind(a, "s1", ADGANGSKODE).status_code == 303
        assert not any(app.state.tilsyn.loginvagt.spaerret("s1") for app in apps)

    # what is stored: keyed hashes, never the name or address tried
    with apps[0].state.tilsyn.sessions() as s:
        noegler = set(s.scalars(select(Loginfejl.noegle)))
    assert noegler and all(len(n) == 64 and "s1" not in n and "testclient" not in n for n in noegler)


@pytest.fixture
def lager(tmp_path):
    generate(tmp_path / "data", 100, 5, date(2023, 1, 1), date(2023, 12, 31))
    import_dir(tmp_path / "data", tmp_path / "tilsyn.duckdb")
    return tmp_path


def test_to_serverprocesser_med_skiftende_x_forwarded_for(pg_url, lager, monkeypatch):
    """Six wrong logins, each under a new name and a new forwarded address, alternately to two
    `tilsyn serve` on one database (no proxy named): the sixth waits, as on one server."""
    monkeypatch.setenv("TILSYN_SECRET", "den-samme-noegle-paa-begge-servere")
    servere = [_start((lager, pg_url)) for _ in range(2)]
    try:
        browsere = [Browser(basis) for _, basis in servere]

        class Skiftevis:
            def __init__(self):
                self.nr = -1

            def log_ind(self, *args):
                self.nr += 1
                return browsere[self.nr % 2].log_ind(*args)

        assert _seks_forkerte(Skiftevis()) == [401] * 5 + [429]
    finally:
        for proces, _ in servere:
            _stop(proces)
