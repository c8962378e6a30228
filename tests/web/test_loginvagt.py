"""Login throttling: the 6th wrong password within a minute waits (429 + Retry-After, doubling),
per user name and per client address; 20 wrong passwords lock the name (even the right password
is refused) until the lock period is over; a successful login clears the name's count; a full
set of argon2 places answers 503 at once."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from webhjaelp import ADGANGSKODE, TabelResultater, log_ind

from tilsyn.web import auth
from tilsyn.web.app import create_app


class Ur:
    def __init__(self):
        self.tid = datetime(2024, 6, 17, 8, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.tid

    def frem(self, sekunder: float) -> None:
        self.tid += timedelta(seconds=sekunder)


@pytest.fixture
def ur():
    return Ur()


@pytest.fixture
def klient(verden, ur):
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TabelResultater(), ur=ur)
    with TestClient(app) as c:
        yield c


def test_sjette_forkerte_forsoeg_i_minuttet_venter(klient, ur):
    for _ in range(5):
        assert log_ind(klient, "s1", "forkert-kode-1").status_code == 401
    svar = log_ind(klient, "s1", ADGANGSKODE)  # the right password waits too
    assert svar.status_code == 429 and svar.headers["retry-after"] == "1"
    assert "For mange forkerte forsøg. Vent 1 sekunder" in svar.text
    ur.frem(1)
    assert log_ind(klient, "s1", "forkert-kode-1").status_code == 401
    svar = log_ind(klient, "s1", "forkert-kode-1")
    assert svar.status_code == 429 and svar.headers["retry-after"] == "2"
    ur.frem(2)
    assert log_ind(klient, "s1", "forkert-kode-1").status_code == 401
    assert log_ind(klient, "s1", "forkert-kode-1").headers["retry-after"] == "4"
    ur.frem(61)
    assert log_ind(klient, "s1", ADGANGSKODE).status_code == 303


def test_ogsaa_pr_adresse(klient):
    for navn in ("a1", "a2", "a3", "a4", "a5"):
        assert log_ind(klient, navn, "forkert-kode-1").status_code == 401
    assert log_ind(klient, "star", ADGANGSKODE).status_code == 429


def test_20_forkerte_spaerrer_navnet(klient, ur):
    for _ in range(20):
        assert log_ind(klient, "s1", "forkert-kode-1").status_code == 401
        ur.frem(61)  # never 5 within a minute: only the lock can refuse
    ur.frem(-61)
    svar = log_ind(klient, "s1", ADGANGSKODE)
    assert svar.status_code == 429 and int(svar.headers["retry-after"]) == 15 * 60
    assert "Brugernavnet er midlertidigt spærret" in svar.text and "15 minutter" in svar.text
    assert klient.get("/").status_code == 401
    assert log_ind(klient, "star", ADGANGSKODE).status_code == 303  # other names are not locked
    ur.frem(15 * 60)
    assert log_ind(klient, "s1", ADGANGSKODE).status_code == 303


def test_login_nulstiller_navnets_taelling(klient, ur):
    for _ in range(19):
        assert log_ind(klient, "s1", "forkert-kode-1").status_code == 401
        ur.frem(61)
    assert log_ind(klient, "s1", ADGANGSKODE).status_code == 303
    assert log_ind(klient, "s1", "forkert-kode-1").status_code == 401
    assert log_ind(klient, "s1", ADGANGSKODE).status_code == 303


def test_spaerretid_kan_saettes(verden, ur):
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TabelResultater(), ur=ur,
                     login_spaerring_min=2)
    assert app.state.tilsyn.loginvagt.spaerring == timedelta(minutes=2)


def test_fulde_argon2_pladser_svarer_503_straks(klient, monkeypatch):
    monkeypatch.setattr(auth, "VENT_S", 0.05)
    for _ in range(auth.SAMTIDIGE):
        auth._pladser.acquire()
    try:
        start = time.monotonic()
        svar = log_ind(klient, "s1")
        assert svar.status_code == 503 and svar.headers["retry-after"] == "1"
        assert "Der er travlt" in svar.text and time.monotonic() - start < 1
    finally:
        for _ in range(auth.SAMTIDIGE):
            auth._pladser.release()
    assert log_ind(klient, "s1").status_code == 303


def test_admin_ophaever_spaerringen_med_tilsyn_bruger_laas_op(klient, ur, verden):
    """Someone locked s1 out with 20 wrong passwords; the admin lifts it from the command line: the
    running server lets s1 in at once, the access log says who lifted whose lock, and a new series
    of wrong passwords locks the name again (the old lifting does not count for it)."""
    from sqlalchemy import select
    from typer.testing import CliRunner

    from tilsyn.cli.app import app as cli
    from tilsyn.supervision.models import Adgangslog
    from tilsyn.web import loginvagt

    def spaer():
        for _ in range(20):
            log_ind(klient, "s1", "forkert-kode-1")
            ur.frem(61)
        ur.frem(-61)
        assert log_ind(klient, "s1", ADGANGSKODE).status_code == 429

    spaer()
    r = CliRunner().invoke(cli, ["bruger", "laas-op", "s1", "--db", verden["url"]])
    assert r.exit_code == 0 and "Spærringen af s1 er ophævet" in r.output
    assert log_ind(klient, "s1", ADGANGSKODE).status_code == 303
    with verden["sessions"]() as s:
        (raekke,) = s.scalars(select(Adgangslog).where(Adgangslog.formaal == loginvagt.OPHAEVET)).all()
    assert (raekke.route, raekke.filtre, raekke.person_id) == ("tilsyn bruger laas-op", "bruger=s1", None)
    ur.tid = datetime.now(timezone.utc) + timedelta(hours=1)  # the server's clock after the lifting
    spaer()
    r = CliRunner().invoke(cli, ["bruger", "laas-op", "findes-ikke", "--db", verden["url"]])
    assert r.exit_code == 2 and "findes ikke" in r.output
