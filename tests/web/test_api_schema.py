"""Schemathesis over /api/v1/openapi.json: generated requests (modest numbers) signed in as a
jobcenterchef of 0101; every answer must be a documented status with a body that fits the schema,
and no request may give a server error."""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings
from fastapi.testclient import TestClient
from webhjaelp import ADGANGSKODE, BRUGERE, TabelResultater, log_ind

from tilsyn.supervision import db, sager
from tilsyn.web import brugere
from tilsyn.web.app import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{tmp / 'sager.db'}"
    sessions = db.sessions(url)
    rolle, kommune, team = BRUGERE["jc"]
    brugere.opret(sessions, "jc", "Jette", rolle, ADGANGSKODE, kommune, team)
    with sessions() as session:
        sager.aabn_sager(session, [{"kommune_kode": "0101", "aar": 2023, "konsekvens": "skaerpet_tilsyn"}], 2023,
                         date(2024, 4, 2))
        session.commit()
    return create_app(tmp / "lager.duckdb", url, resultater=TabelResultater())


@pytest.fixture(scope="module")
def cookie(app):
    with TestClient(app) as klient:
        assert log_ind(klient, "jc").status_code == 303
        return f"tilsyn_session={klient.cookies['tilsyn_session']}"


def test_api_foelger_sit_skema(app, cookie):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operationer = [o.ok() for o in schema.get_all_operations()]
    assert {o.path for o in operationer} == {
        "/fokusmaal", "/udvaelgelse", "/kommuner/{kode}/frister", "/sager", "/kvoteplan",
        "/kommuner/{kode}/kvoteplan/borgere",
    }
    for operation in operationer:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def kald(case):
            # A month outside the data's coverage is schema-valid and answered with the documented
            # 422 (docs/measures.md, Data coverage): every other check (no 500, documented statuses and
            # response schemas) stays on.
            case.call_and_validate(headers={"Cookie": cookie}, excluded_checks=[positive_data_acceptance])

        kald()


def test_uden_login_er_401_for_hele_api(app):
    with TestClient(app) as klient:
        skema = klient.get("/api/v1/openapi.json").json()
        assert skema["servers"] == [{"url": "/api/v1"}]
        for sti in skema["paths"]:
            assert klient.get("/api/v1" + sti.replace("{kode}", "0101")).status_code == 401, sti
