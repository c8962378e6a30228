"""A real world for the results-layer tests: `tilsyn generate` + `tilsyn import` of 300 persons
whose data ends 2022-06, a workflow store with one user per role, and signed-in clients."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tilsyn.cli import app as cli
from tilsyn.supervision import db
from tilsyn.web import brugere
from tilsyn.web.app import create_app

ADGANGSKODE = "adgangskode-til-test"
runner = CliRunner()
# one user per role (brugernavn -> rolle, kommune, team); the generator's caseworker ids and teams
ROLLER = {"star": ("star", None, None), "chef": ("jobcenterchef", "0101", None), "admin": ("admin", None, None),
          "leder": ("teamleder", "0101", "Team Dagpenge"), "S0101-0001": ("sagsbehandler", "0101", None)}


@pytest.fixture(scope="session")
def verden(tmp_path_factory):
    """300 persons, data from 2019-07 (the generator's events start 12 months before --from) to
    2022-06, imported into a store; a workflow store with one user per role."""
    mappe = tmp_path_factory.mktemp("daekning")
    for args in (["generate", mappe / "data", "--persons", "300", "--seed", "5", "--from", "2020-07", "--to", "2022-06"],
                 ["import", mappe / "data", "--store", mappe / "lager.duckdb"]):
        r = runner.invoke(cli, [str(a) for a in args])
        assert r.exit_code == 0, r.output
    assert "Dækning: data dækker juli 2019 – juni 2022" in " ".join(r.output.split())
    url = f"sqlite:///{mappe / 'sager.db'}"
    sessions = db.sessions(url)
    for navn, (rolle, kommune, team) in ROLLER.items():
        brugere.opret(sessions, navn, f"Bruger {navn}", rolle, ADGANGSKODE, kommune, team)
    return {"mappe": mappe, "lager": mappe / "lager.duckdb", "url": url}


@pytest.fixture(scope="session")
def klienter(verden):
    app = create_app(verden["lager"], verden["url"])
    ud = {}
    for navn in ROLLER:
        k = TestClient(app, raise_server_exceptions=False)
        token = k.get("/log-ind").text.split('name="csrf_token" value="')[1].split('"')[0]
        assert k.post("/log-ind", data={"brugernavn": navn, "adgangskode": ADGANGSKODE, "csrf_token": token},
                      follow_redirects=False).status_code == 303
        ud[navn] = k
    return app, ud


