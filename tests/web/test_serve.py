"""`tilsyn serve` as an operator runs it (uvicorn in its own process, real HTTP): the client's
address is the connection's unless it comes from a proxy the operator named, so wrong logins with
a changing X-Forwarded-For from elsewhere are throttled and the session keeps the real address;
no server banner; a session cookie that ends with the browser; HSTS only when told it is behind TLS."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from tilsyn.data.generate import generate
from tilsyn.data.store import import_dir
from tilsyn.supervision import db
from tilsyn.supervision.models import Websession
from tilsyn.web import brugere

ADGANGSKODE = "korrekt-hest-batteri"


@pytest.fixture(scope="module")
def opsaetning(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    generate(tmp / "data", 300, 5, date(2021, 1, 1), date(2023, 12, 31))
    import_dir(tmp / "data", tmp / "tilsyn.duckdb")
    url = f"sqlite:///{tmp / 'sager.db'}"
    brugere.opret(db.sessions(url), "s1", "Sara", "sagsbehandler", ADGANGSKODE, "0101", None)
    return tmp, url


def _start(opsaetning, **env):
    tmp, url = opsaetning
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    miljoe = {k: v for k, v in os.environ.items() if k not in ("TILSYN_PROXY", "TILSYN_HTTPS", "FORWARDED_ALLOW_IPS")}
    proces = subprocess.Popen(
        [sys.executable, "-c", "from tilsyn.cli import app; app()", "serve", "--store", str(tmp / "tilsyn.duckdb"), "--db", url,
         "--port", str(port)], env={**miljoe, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    basis = f"http://127.0.0.1:{port}"
    slut = time.monotonic() + 60
    while True:
        try:
            httpx.get(basis + "/log-ind", timeout=2)
            return proces, basis
        except httpx.TransportError:
            assert proces.poll() is None and time.monotonic() < slut, "tilsyn serve did not start"
            time.sleep(0.2)


class Browser:
    """A client that keeps the session cookie by hand (a Secure cookie over plain HTTP in the test)."""

    def __init__(self, basis: str):
        self.basis, self.cookie = basis, ""

    def hent(self, metode: str, sti: str, **kw) -> httpx.Response:
        headers = {**kw.pop("headers", {}), **({"cookie": self.cookie} if self.cookie else {})}
        svar = httpx.request(metode, self.basis + sti, headers=headers, follow_redirects=False, **kw)
        if m := re.match(r"(tilsyn_session=[^;]+)", svar.headers.get("set-cookie", "")):
            self.cookie = m.group(1)
        return svar

    def log_ind(self, navn: str, kode: str, adresse: str) -> httpx.Response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.hent("GET", "/log-ind").text).group(1)
        return self.hent("POST", "/log-ind", data={"brugernavn": navn, "adgangskode": kode, "csrf_token": token},
                         headers={"x-forwarded-for": adresse})


def _seks_forkerte(b: Browser) -> list[int]:
    """Six wrong logins, each under a new user name and a new forwarded address."""
    return [b.log_ind(f"gaet{i}", "forkert", f"203.0.113.{i}").status_code for i in range(6)]


def _stop(proces):
    proces.terminate()
    proces.wait(20)


def test_uden_proxy_troes_x_forwarded_for_ikke(opsaetning):
    proces, basis = _start(opsaetning)
    try:
        b = Browser(basis)
        svar = b.hent("GET", "/log-ind")
        assert "server" not in svar.headers and "strict-transport-security" not in svar.headers
        cookie = svar.headers["set-cookie"].lower()
        assert "tilsyn_session=" in cookie and "max-age" not in cookie and "expires" not in cookie
        assert _seks_forkerte(b) == [401] * 5 + [429]  # the connection's address is throttled

        time.sleep(1.1)  # the wait after the 6th is 1 s; then s1 logs in with a faked address
        assert b.log_ind("s1", ADGANGSKODE, "198.51.100.7").status_code == 303
        with db.sessions(opsaetning[1])() as s:
            assert s.scalars(select(Websession.adresse)).all() == ["127.0.0.1"]
    finally:
        _stop(proces)


def test_bag_en_navngiven_proxy_og_tls(opsaetning):
    proces, basis = _start(opsaetning, TILSYN_PROXY="127.0.0.1", TILSYN_HTTPS="1")
    try:
        b = Browser(basis)
        svar = b.hent("GET", "/log-ind")
        assert svar.headers["strict-transport-security"] == "max-age=31536000" and "server" not in svar.headers
        assert "secure" in svar.headers["set-cookie"].lower() and "max-age" not in svar.headers["set-cookie"].lower()
        assert _seks_forkerte(b) == [401] * 6  # the proxy's word: six different clients
    finally:
        _stop(proces)


# `tilsyn serve` with its warm-up held until the test lets it go: it writes a file when it begins and
# when it ends, and waits for a file the test never writes while it asks the server.
_HOLDT_OPVARMNING = """
import sys, time
from pathlib import Path
from tilsyn.resultater import gemte
mappe = Path(sys.argv.pop(1))
def holdt(resultater):
    (mappe / "begyndt").touch()
    while not (mappe / "slip").exists():
        time.sleep(0.05)
    (mappe / "faerdig").touch()
gemte.forbered = holdt
from tilsyn.cli import app
app()
"""


def test_serveren_svarer_mens_den_varmer_op(opsaetning, tmp_path):
    """The server answers the login page, a login and /session while its warm-up (the overview's
    results and every municipality's worklist) is still running in the background."""
    tmp, url = opsaetning
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proces = subprocess.Popen(
        [sys.executable, "-c", _HOLDT_OPVARMNING, str(tmp_path), "serve", "--store", str(tmp / "tilsyn.duckdb"),
         "--db", url, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        b, slut = Browser(f"http://127.0.0.1:{port}"), time.monotonic() + 60
        while True:
            try:
                svar = b.hent("GET", "/log-ind")
                break
            except httpx.TransportError:
                assert proces.poll() is None and time.monotonic() < slut, "tilsyn serve did not start"
                time.sleep(0.1)
        assert svar.status_code == 200
        assert b.log_ind("s1", ADGANGSKODE, "127.0.0.1").status_code == 303
        assert b.hent("GET", "/session").json()["sekunder_tilbage"] > 0
        slut = time.monotonic() + 30
        while not (tmp_path / "begyndt").exists():
            assert time.monotonic() < slut, "the warm-up did not begin"
            time.sleep(0.05)
        assert not (tmp_path / "faerdig").exists()  # answered while still warming up
        (tmp_path / "slip").touch()
        slut = time.monotonic() + 30
        while not (tmp_path / "faerdig").exists():
            assert time.monotonic() < slut, "the warm-up did not end"
            time.sleep(0.05)
        assert b.hent("GET", "/session").status_code == 200
    finally:
        _stop(proces)


def test_webben_indlaeser_ikke_motorens_tunge_biblioteker():
    """The server answers before it has loaded Ibis, pandas, NumPy, PyArrow, DuckDB or the report
    writers: a route imports them when it computes or writes (the warm-up does in the background)."""
    kode = ("import sys, json\nimport tilsyn.web.app, tilsyn.cli.web\n"
            "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))")
    r = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, timeout=120, check=True)
    indlaest = set(json.loads(r.stdout.strip().splitlines()[-1]))
    assert {"fastapi", "tilsyn"} <= indlaest  # the probe ran
    tunge = {"ibis", "pandas", "numpy", "pyarrow", "duckdb", "xlsxwriter", "altair", "weasyprint", "docxtpl"}
    assert not indlaest & tunge, sorted(indlaest & tunge)
