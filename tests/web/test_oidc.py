"""Single sign-on end to end against a real OpenID provider on loopback (`oidc_udbyder`): the app
discovers it, sends the browser there with state, nonce and a PKCE challenge, exchanges the code
over HTTP and checks the ID token (signature by the JWKS, issuer, audience, expiry, nonce) before
it maps the claims to a role. The test is the browser: it carries the redirects between the two."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from oidc_udbyder import KLIENT_HEMMELIGHED, KLIENT_ID, Udbyder
from webhjaelp import TabelResultater

from tilsyn.web.app import create_app
from tilsyn.web.auth import LokaleBrugere
from tilsyn.web.oidc import OidcFejl, indlaes

CALLBACK = "http://testserver/oidc/callback"
BRUGERE = {
    "anne": {"preferred_username": "anne", "name": "Anne Tilsyn", "groups": ["alle-ansatte", "tilsyn-star"]},
    "s7": {"preferred_username": "s7", "name": "Søren Sag", "groups": ["tilsyn-sb"], "kommune_kode": "101"},
    "tl": {"preferred_username": "tl2", "name": "Tina Team", "groups": "tilsyn-tl", "kommune_kode": "0101", "team": "A"},
    "uden": {"preferred_username": "uden", "name": "Uden Rolle", "groups": ["alle-ansatte"]},
    "to": {"preferred_username": "to", "groups": ["tilsyn-star", "tilsyn-admin"]},
    "chef": {"preferred_username": "chef", "groups": ["tilsyn-chef"]},
    "lokal": {"preferred_username": "admin", "groups": ["tilsyn-admin"]},
}


def _toml(udbyder: Udbyder) -> str:
    return f"""
[oidc]
navn = "Testlogin"
issuer = "{udbyder.issuer}"
client_id = "{KLIENT_ID}"
client_secret = "{KLIENT_HEMMELIGHED}"
redirect_uri = "{CALLBACK}"

[oidc.claims]
brugernavn = "preferred_username"

[oidc.roller]
"tilsyn-star" = "star"
"tilsyn-admin" = "admin"
"tilsyn-sb" = "sagsbehandler"
"tilsyn-tl" = "teamleder"
"tilsyn-chef" = "jobcenterchef"
"""


@pytest.fixture
def udbyder(monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with Udbyder(CALLBACK) as u:
        u.brugere.update(BRUGERE)
        yield u


@pytest.fixture
def sso(verden, udbyder):
    fil = verden["tmp"] / "oidc.toml"
    fil.write_text(_toml(udbyder))
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TabelResultater(), oidc=indlaes(fil))
    with TestClient(app) as c:
        yield c


def _log_ind(klient: TestClient, udbyder: Udbyder, sub: str, naeste: str = "/"):
    """The browser's round trip: app -> provider (real HTTP) -> app's callback."""
    udbyder.logget_ind = sub
    svar = klient.get("/oidc/log-ind", params={"naeste": naeste}, follow_redirects=False)
    assert svar.status_code == 302
    til_udbyder = svar.headers["location"]
    assert til_udbyder.startswith(f"{udbyder.issuer}/authorize?")
    tilbage = httpx.get(til_udbyder).headers["location"]
    assert tilbage.startswith(f"{CALLBACK}?")
    return klient.get(tilbage, follow_redirects=False)


def _bruger(verden, brugernavn):
    return LokaleBrugere(verden["sessions"]).hent(brugernavn)


def test_login_side_tilbyder_sso(sso):
    side = sso.get("/log-ind").text
    assert "Log ind med Testlogin" in side and 'href="/oidc/log-ind?naeste=/"' in side
    assert 'name="adgangskode"' in side  # local users stay


def test_star_gruppe_giver_rollen_star(sso, udbyder, verden):
    svar = _log_ind(sso, udbyder, "anne", naeste="/sager")
    assert svar.status_code == 303 and svar.headers["location"] == "/sager"
    bruger = _bruger(verden, "anne")
    assert (bruger.rolle, bruger.navn, bruger.kommune_kode) == ("star", "Anne Tilsyn", None)
    assert sso.get("/sager").status_code == 200
    assert sso.get("/").status_code == 200
    # CSRF token renewed at login: the logout form works with the new one only.
    assert sso.post("/log-ud", data={"csrf_token": "gammel"}, follow_redirects=False).status_code == 403


def test_anmodningen_har_pkce_state_og_nonce(sso, udbyder):
    svar = sso.get("/oidc/log-ind", follow_redirects=False)
    q = parse_qs(urlsplit(svar.headers["location"]).query)
    assert q["code_challenge_method"] == ["S256"] and q["code_challenge"][0]
    assert q["state"][0] and q["nonce"][0] and q["scope"] == ["openid profile"]
    # The provider really demands PKCE: the same request without it is refused.
    udbyder.logget_ind = "anne"
    uden = {k: v[0] for k, v in q.items() if not k.startswith("code_challenge")}
    fejl = httpx.get(f"{udbyder.issuer}/authorize", params=uden).headers["location"]
    assert "error=invalid_request" in fejl


def test_kommune_og_team_fra_claims(sso, udbyder, verden):
    assert _log_ind(sso, udbyder, "s7").status_code == 303
    assert (_bruger(verden, "s7").rolle, _bruger(verden, "s7").kommune_kode) == ("sagsbehandler", "0101")
    assert _log_ind(sso, udbyder, "tl").status_code == 303
    tl = _bruger(verden, "tl2")
    assert (tl.rolle, tl.kommune_kode, tl.team) == ("teamleder", "0101", "A")
    assert sso.get("/kommuner/0101/frister").status_code == 200


@pytest.mark.parametrize(("sub", "tekst"), [
    ("uden", "ingen rolle i Tilsyn"),
    ("to", "flere roller"),
    ("chef", "kræver en gyldig kommunekode"),
    ("lokal", "tilhører en lokal bruger"),
])
def test_afvist_bruger_kommer_ikke_ind(sso, udbyder, verden, sub, tekst):
    svar = _log_ind(sso, udbyder, sub)
    assert svar.status_code == 403 and tekst in svar.text
    assert sso.get("/").status_code == 401
    if sub != "lokal":
        assert _bruger(verden, BRUGERE[sub]["preferred_username"]) is None
    else:
        assert _bruger(verden, "admin").navn == "Bruger admin"


@pytest.mark.parametrize("aendr", [
    {"aud": ["et-andet-system"]},
    {"aud": "et-andet-system", "azp": KLIENT_ID},
    {"iss": "http://127.0.0.1:1"},
    {"exp": int(time.time()) - 3600},
    {"nonce": "en-anden-nonce"},
])
def test_forkert_id_token_afvises(sso, udbyder, aendr):
    udbyder.aendr = aendr
    svar = _log_ind(sso, udbyder, "anne")
    assert svar.status_code == 403 and "Log ind med Testlogin mislykkedes" in svar.text
    assert sso.get("/").status_code == 401


def test_manipuleret_id_token_afvises(sso, udbyder, verden):
    udbyder.manipuler = {"groups": ["tilsyn-admin"]}
    svar = _log_ind(sso, udbyder, "uden")
    assert svar.status_code == 403 and "mislykkedes" in svar.text
    assert _bruger(verden, "uden") is None


def test_state_skal_passe_og_koden_bruges_kun_en_gang(sso, udbyder):
    udbyder.logget_ind = "anne"
    til_udbyder = sso.get("/oidc/log-ind", follow_redirects=False).headers["location"]
    tilbage = httpx.get(til_udbyder).headers["location"]
    forfalsket = tilbage.replace("state=", "state=x")
    assert sso.get(forfalsket, follow_redirects=False).status_code == 403
    # Another browser (no session of the flow) cannot use the code either.
    with TestClient(sso.app) as fremmed:
        assert fremmed.get(tilbage, follow_redirects=False).status_code == 403


def test_indstillinger_tjekkes(tmp_path, udbyder):
    fil = tmp_path / "oidc.toml"
    fil.write_text(_toml(udbyder).replace('= "star"', '= "superbruger"'))
    with pytest.raises(OidcFejl, match="ukendt rolle superbruger"):
        indlaes(fil)
    fil.write_text(_toml(udbyder).replace(f'client_secret = "{KLIENT_HEMMELIGHED}"\n', ""))
    with pytest.raises(OidcFejl, match="mangler client_secret"):
        indlaes(fil)
