"""The kvoteplan in the JSON API (/api/v1/kvoteplan, /api/v1/kommuner/{kode}/kvoteplan/borgere) on
generated data through 2026-11: the same rows as the results layer, the municipality's staff kept to
their own municipality, the persons access-logged, a month before the quotas refused in Danish."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tilsyn.resultater import aabn
from tilsyn.supervision import db
from tilsyn.supervision.models import Adgangslog
from tilsyn.web import brugere
from tilsyn.web.app import create_app

ADGANGSKODE = "adgangskode-til-test"


@pytest.fixture(scope="module")
def verden(tmp_path_factory, kvoteplan_lager):
    mappe = tmp_path_factory.mktemp("kvoteplan_api")
    shutil.copy(kvoteplan_lager, mappe / "lager.duckdb")
    url = f"sqlite:///{mappe / 'sager.db'}"
    plan = aabn(mappe / "lager.duckdb").kvoteplan(date(2026, 11, 10))
    kode = plan.filter(plan["niveau"] == "kommune").sort("personer", descending=True)["kommune_kode"][0]
    brugere.opret(db.sessions(url), "star", "Søren STAR", "star", ADGANGSKODE, None, None)
    brugere.opret(db.sessions(url), "chef", "Jette Chef", "jobcenterchef", ADGANGSKODE, kode, None)
    return {"lager": mappe / "lager.duckdb", "url": url, "plan": plan, "kode": kode}


def _klient(verden, navn):
    k = TestClient(create_app(verden["lager"], verden["url"]), raise_server_exceptions=False)
    token = k.get("/log-ind").text.split('name="csrf_token" value="')[1].split('"')[0]
    k.post("/log-ind", data={"brugernavn": navn, "adgangskode": ADGANGSKODE, "csrf_token": token})
    return k


def test_star_gets_the_whole_plan_and_the_staff_their_municipality(verden):
    r = _klient(verden, "star").get("/api/v1/kvoteplan?dato=2026-11-10")
    assert r.status_code == 200
    assert r.json() == verden["plan"].to_dicts()
    r = _klient(verden, "chef").get("/api/v1/kvoteplan?dato=2026-11-10&kommune=0101")
    assert r.status_code == 200 and r.json()
    assert {x["kommune_kode"] for x in r.json()} == {verden["kode"]}
    assert {x["niveau"] for x in r.json()} <= {"kommune", "team", "a_kasse"}


def test_the_persons_are_logged_and_a_month_before_the_quotas_refused(verden):
    k, kode = _klient(verden, "chef"), verden["kode"]
    r = k.get(f"/api/v1/kommuner/{kode}/kvoteplan/borgere?dato=2026-11-10")
    assert r.status_code == 200 and r.json()
    with db.sessions(verden["url"])() as s:
        log = s.scalars(select(Adgangslog).where(Adgangslog.formaal == "borgerne bag kvoteplanen (API)")).all()
    assert {x.person_id for x in log} == {x["person_id"] for x in r.json()}
    assert _klient(verden, "star").get(f"/api/v1/kommuner/{kode}/kvoteplan/borgere").status_code == 403
    r = k.get("/api/v1/kvoteplan?dato=2026-06-15")
    assert r.status_code == 422 and "Der var ingen kvoter i 2026-06" in r.text
