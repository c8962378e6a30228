"""Server-side sessions on SQLite and PostgreSQL: a cookie copied before logout, a password
change, a role change or a deletion is refused afterwards; idle and absolute expiry on a clock the
test moves; the cookie carries only a random key; `tilsyn bruger sessioner`."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner
from webhjaelp import ADGANGSKODE, TabelResultater, csrf_fra, log_ind

from tilsyn.cli import app as cli
from tilsyn.supervision import db
from tilsyn.supervision.models import Websession
from tilsyn.web import brugere
from tilsyn.web.app import create_app

COOKIE = "tilsyn_session"


class Ur:
    def __init__(self):
        self.tid = datetime.now(timezone.utc)  # the CLI reads the real clock

    def __call__(self) -> datetime:
        return self.tid

    def frem(self, **kw) -> None:
        self.tid += timedelta(**kw)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("pg_database")()
    return f"sqlite:///{tmp_path / 'sager.db'}"


@pytest.fixture
def verden(url, tmp_path):
    sessions = db.sessions(url)
    brugere.opret(sessions, "s1", "Sara", "sagsbehandler", ADGANGSKODE, "0101")
    brugere.opret(sessions, "star", "Stine", "star", ADGANGSKODE)
    ur = Ur()
    app = create_app(tmp_path / "lager.duckdb", url, resultater=TabelResultater(), ur=ur)
    yield {"url": url, "sessions": sessions, "app": app, "ur": ur}
    sessions.kw["bind"].dispose()


def _logget_ind(verden, bruger="s1") -> tuple[TestClient, str]:
    klient = TestClient(verden["app"])
    assert log_ind(klient, bruger).status_code == 303
    return klient, klient.cookies[COOKIE]


def _med_cookie(verden, cookie: str) -> TestClient:
    return TestClient(verden["app"], cookies={COOKIE: cookie})


def _afvist(verden, cookie: str) -> None:
    kopi = _med_cookie(verden, cookie)
    side = kopi.get("/")
    assert side.status_code == 401 and 'action="/log-ind"' in side.text
    api = kopi.get("/api/v1/sager")
    assert api.status_code == 401 and api.json() == {"detail": "Log ind først"}


def test_kopieret_cookie_virker_ikke_efter_log_ud(verden):
    klient, cookie = _logget_ind(verden)
    assert _med_cookie(verden, cookie).get("/").status_code == 200
    token = csrf_fra(klient.get("/").text)
    assert klient.post("/log-ud", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    _afvist(verden, cookie)


def test_kopieret_cookie_virker_ikke_efter_ny_adgangskode(verden):
    _, cookie = _logget_ind(verden)
    _, anden = _logget_ind(verden, "star")
    brugere.skift_adgangskode(verden["sessions"], "s1", "helt-ny-adgangskode")
    _afvist(verden, cookie)
    assert _med_cookie(verden, anden).get("/").status_code == 200  # only that user's sessions


def test_kopieret_cookie_virker_ikke_efter_rolleskift(verden):
    _, cookie = _logget_ind(verden)
    brugere.opret(verden["sessions"], "s1", "Sara", "jobcenterchef", ADGANGSKODE, "0101", erstat=True)
    _afvist(verden, cookie)


def test_kopieret_cookie_virker_ikke_efter_sletning(verden):
    _, cookie = _logget_ind(verden)
    brugere.slet(verden["sessions"], "s1")
    _afvist(verden, cookie)
    with verden["sessions"]() as s:
        assert s.scalars(select(Websession)).all() == []


def test_inaktiv_i_30_minutter_er_logget_ud(verden):
    klient, cookie = _logget_ind(verden)
    for _ in range(4):  # active every 29 minutes: 116 minutes in all, still signed in
        verden["ur"].frem(minutes=29)
        assert klient.get("/").status_code == 200
    verden["ur"].frem(minutes=30)
    _afvist(verden, cookie)
    assert klient.get("/").status_code == 401


def test_efter_8_timer_er_logget_ud_trods_aktivitet(verden):
    klient, cookie = _logget_ind(verden)
    for _ in range(23):
        verden["ur"].frem(minutes=20)
        assert klient.get("/").status_code == 200
    verden["ur"].frem(minutes=20)  # 8 hours after login
    _afvist(verden, cookie)


def test_tider_fra_argumenter_og_miljoe(verden, tmp_path, monkeypatch):
    monkeypatch.setenv("TILSYN_SESSION_INAKTIV_MIN", "5")
    monkeypatch.setenv("TILSYN_SESSION_MAKS_TIMER", "1")
    app = create_app(tmp_path / "lager.duckdb", verden["url"], resultater=TabelResultater(), ur=verden["ur"])
    regler = app.state.tilsyn.sessionsregler
    assert (regler.inaktiv, regler.maks) == (timedelta(minutes=5), timedelta(hours=1))
    app = create_app(tmp_path / "lager.duckdb", verden["url"], resultater=TabelResultater(),
                     session_inaktiv_min=10, session_maks_timer=2)
    regler = app.state.tilsyn.sessionsregler
    assert (regler.inaktiv, regler.maks) == (timedelta(minutes=10), timedelta(hours=2))


def test_siden_kender_sine_sekunder_og_advarer(verden):
    klient, _ = _logget_ind(verden)
    verden["ur"].frem(minutes=10)
    side = klient.get("/").text
    assert 'data-sekunder-tilbage="1800"' in side  # the visit counted as activity
    assert '<script src="/static/sessionsur.js">' in side and 'id="session-advarsel"' in side
    verden["ur"].frem(seconds=30)
    assert klient.get("/session").json() == {"sekunder_tilbage": 1770}
    script = klient.get("/static/sessionsur.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "Forbliv logget ind" not in klient.get("/log-ind").text  # no warning without a session


def test_cookien_baerer_kun_en_tilfaeldig_noegle(verden):
    _, cookie = _logget_ind(verden)
    indhold = json.loads(base64.b64decode(cookie.split(".")[0] + "=="))
    assert list(indhold) == ["sid"] and len(indhold["sid"]) >= 43
    with verden["sessions"]() as s:
        row = s.scalars(select(Websession)).one()
    assert (row.brugernavn, row.adresse) == ("s1", "testclient")
    assert indhold["sid"] not in row.noegle_hash and len(row.noegle_hash) == 64


def test_login_giver_ny_noegle(verden):
    klient = TestClient(verden["app"])
    klient.get("/log-ind")
    foer = klient.cookies[COOKIE]
    log_ind(klient, "s1")
    assert klient.cookies[COOKIE] != foer
    _afvist(verden, foer)


def test_cli_sessioner(verden):
    _, cookie = _logget_ind(verden)
    _, anden = _logget_ind(verden, "star")
    runner = CliRunner()
    r = runner.invoke(cli, ["bruger", "sessioner", "--db", verden["url"]])
    assert r.exit_code == 0 and "s1" in r.output and "star" in r.output
    r = runner.invoke(cli, ["bruger", "sessioner", "--brugernavn", "star", "--db", verden["url"]])
    assert "star" in r.output and "s1" not in r.output
    with verden["sessions"]() as s:
        s1_id = s.scalar(select(Websession.id).where(Websession.brugernavn == "s1"))
    assert runner.invoke(cli, ["bruger", "sessioner", "--afslut", str(s1_id), "--db", verden["url"]]).exit_code == 0
    _afvist(verden, cookie)
    r = runner.invoke(cli, ["bruger", "sessioner", "--afslut", str(s1_id), "--db", verden["url"]])
    assert r.exit_code == 2 and "findes ikke" in r.output
    r = runner.invoke(cli, ["bruger", "sessioner", "--afslut-alle", "--db", verden["url"]])
    assert r.exit_code == 0 and "1 sessioner afsluttet" in r.output
    _afvist(verden, anden)
