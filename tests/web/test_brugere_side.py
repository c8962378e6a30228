"""The admin's page "Brugere": every change works, is refused with a Danish message when wrong,
is on record in the access log, needs the CSRF token, and is the admin's alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from webhjaelp import ADGANGSKODE, BRUGERE, csrf_fra, log_ind

from tilsyn.supervision.models import Adgangslog, Bruger
from tilsyn.web.auth import LokaleBrugere


def _log(verden, brugernavn: str) -> list[Adgangslog]:
    with verden["sessions"]() as s:
        return list(s.scalars(select(Adgangslog).where(Adgangslog.filtre == f"bruger={brugernavn}")
                              .order_by(Adgangslog.id)))


def _bruger(verden, brugernavn: str) -> Bruger | None:
    with verden["sessions"]() as s:
        return s.scalar(select(Bruger).where(Bruger.brugernavn == brugernavn))


def _post(klient, sti: str, **data):
    token = csrf_fra(klient.get("/brugere").text)
    return klient.post(sti, data={"csrf_token": token, **data}, follow_redirects=False)


@pytest.fixture
def admin(klient):
    assert log_ind(klient, "admin").status_code == 303
    return klient


def test_opret_aendr_nulstil_afslut_deaktiver_med_log(admin, verden, app):
    svar = _post(admin, "/brugere", brugernavn="S0101-0009", navn="Nina Ny", rolle="sagsbehandler",
                 kommune="0101", adgangskode="ny-bruger-kode-1")
    assert svar.status_code == 303 and svar.headers["location"] == "/brugere/S0101-0009?udfoert=oprettet"
    assert "Brugeren er oprettet." in admin.get(svar.headers["location"]).text
    auth = LokaleBrugere(verden["sessions"])
    assert auth.log_ind("S0101-0009", "ny-bruger-kode-1").rolle == "sagsbehandler"

    # The user signs in; each change below signs them out.
    from fastapi.testclient import TestClient
    with TestClient(app) as nina:
        assert log_ind(nina, "S0101-0009", "ny-bruger-kode-1").status_code == 303
        assert nina.get("/").status_code == 200
        svar = _post(admin, "/brugere/S0101-0009", navn="Nina Ny", rolle="teamleder", kommune="0101", team="A",
                     laest_navn="Nina Ny", laest_rolle="sagsbehandler", laest_kommune="0101", laest_team="")
        assert svar.status_code == 303
        assert nina.get("/").status_code == 401
    b = _bruger(verden, "S0101-0009")
    assert (b.rolle, b.kommune_kode, b.team) == ("teamleder", "0101", "A")

    assert _post(admin, "/brugere/S0101-0009/adgangskode", adgangskode="anden-kode-22",
                 gentag="anden-kode-22").status_code == 303
    assert auth.log_ind("S0101-0009", "ny-bruger-kode-1") is None
    assert auth.log_ind("S0101-0009", "anden-kode-22") is not None
    assert _post(admin, "/brugere/S0101-0009/sessioner").status_code == 303
    assert _post(admin, "/brugere/S0101-0009/deaktiver").status_code == 303
    assert auth.log_ind("S0101-0009", "anden-kode-22") is None
    assert "Deaktiveret" in admin.get("/brugere").text

    log = _log(verden, "S0101-0009")
    assert [r.formaal.split(" (")[0] for r in log] == [
        "bruger oprettet", "bruger ændret", "adgangskode nulstillet", "brugerens sessioner afsluttet",
        "bruger deaktiveret"]
    assert {r.brugernavn for r in log} == {"admin"}
    assert [r.route for r in log][1:] == ["/brugere/S0101-0009", "/brugere/S0101-0009/adgangskode",
                                          "/brugere/S0101-0009/sessioner", "/brugere/S0101-0009/deaktiver"]


def test_ophaev_spaerring(verden):
    """20 wrong passwords lock s1 out; the admin's page shows it and lifts it, on record."""
    from datetime import datetime, timedelta, timezone

    from fastapi.testclient import TestClient
    from webhjaelp import TabelResultater

    from tilsyn.web.app import create_app

    tid = [datetime(2024, 6, 17, 8, 0, tzinfo=timezone.utc)]
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TabelResultater(),
                     ur=lambda: tid[0])
    with TestClient(app) as s1, TestClient(app) as admin:
        for _ in range(20):
            log_ind(s1, "s1", "forkert-kode-123")
            tid[0] += timedelta(seconds=61)  # never 5 within a minute: only the lock refuses
        assert log_ind(s1, "s1").status_code == 429
        log_ind(admin, "admin")
        assert "spærret efter for mange" in admin.get("/brugere/s1").text
        svar = _post(admin, "/brugere/s1/spaerring")
        assert svar.status_code == 303
        assert "Spærringen er ophævet" in admin.get(svar.headers["location"]).text
        assert log_ind(s1, "s1").status_code == 303
    (raekke,) = [r for r in _log(verden, "s1") if r.formaal == "login-spærring ophævet"]
    assert (raekke.brugernavn, raekke.route) == ("admin", "/brugere/s1/spaerring")


@pytest.mark.parametrize(("data", "besked"), [
    ({"brugernavn": "x", "rolle": "sagsbehandler", "adgangskode": "lang-nok-kode"}, "Rollen sagsbehandler kræver en kommune"),
    ({"brugernavn": "x", "rolle": "teamleder", "kommune": "0101", "adgangskode": "lang-nok-kode"}, "kræver et team"),
    ({"brugernavn": "x", "rolle": "star", "kommune": "0101", "adgangskode": "lang-nok-kode"}, "hører ikke til en kommune"),
    ({"brugernavn": "x", "rolle": "star", "adgangskode": "kort"}, "mindst 10 tegn"),
    ({"brugernavn": "s1", "rolle": "star", "adgangskode": "lang-nok-kode"}, "findes allerede"),
])
def test_fejl_paa_dansk_og_intet_tabt(admin, verden, data, besked):
    svar = _post(admin, "/brugere", navn="Xenia", **data)
    assert svar.status_code == 422
    assert besked in svar.text and 'value="Xenia"' in svar.text  # what was typed is kept
    assert _bruger(verden, "x") is None


def test_samtidig_aendring_giver_409(admin, verden):
    laest = {"laest_navn": "Bruger tl", "laest_rolle": "teamleder", "laest_kommune": "0101", "laest_team": "A"}
    assert _post(admin, "/brugere/tl", navn="Bruger tl", rolle="teamleder", kommune="0101", team="B",
                 **laest).status_code == 303
    svar = _post(admin, "/brugere/tl", navn="Bruger tl", rolle="jobcenterchef", kommune="0101", **laest)
    assert svar.status_code == 409 and "ændret af en anden" in svar.text
    assert (_bruger(verden, "tl").rolle, _bruger(verden, "tl").team) == ("teamleder", "B")


def test_admin_kan_ikke_deaktivere_sig_selv(admin, verden):
    svar = _post(admin, "/brugere/admin/deaktiver")
    assert svar.status_code == 422 and "ikke deaktivere dig selv" in svar.text
    assert _bruger(verden, "admin").password_hash


def test_ukendt_bruger_404_paa_dansk(admin):
    svar = admin.get("/brugere/findes-ikke")
    assert svar.status_code == 404 and "findes ikke" in svar.text


def test_uden_csrf_403(admin, verden):
    svar = admin.post("/brugere/s1/deaktiver", follow_redirects=False)
    assert svar.status_code == 403
    assert _bruger(verden, "s1").password_hash


@pytest.mark.parametrize("bruger", [b for b in BRUGERE if b != "admin"])
def test_andre_roller_403_paa_hver_handling(klient, verden, bruger):
    log_ind(klient, bruger)
    token = csrf_fra(klient.get("/").text)
    for sti in ("/brugere", "/brugere/s1", "/brugere/s1/adgangskode", "/brugere/s1/deaktiver",
                "/brugere/s1/sessioner", "/brugere/s1/spaerring"):
        data = {"csrf_token": token, "brugernavn": "y", "rolle": "star", "adgangskode": "lang-nok-kode",
                "gentag": "lang-nok-kode", "laest_navn": "Bruger s1", "laest_rolle": "sagsbehandler"}
        assert klient.post(sti, data=data, follow_redirects=False).status_code == 403, sti
    assert _bruger(verden, "y") is None and _bruger(verden, "s1").password_hash
    assert "/brugere" not in klient.get("/").text  # no link for them


def test_linket_i_menuen_for_admin(admin):
    assert 'href="/brugere"' in admin.get("/").text
