"""`tilsyn serve --workers 2` over one PostgreSQL workflow store, as an operator runs it: a login
made on one process is valid on the other (sessions and CSRF live in the store and the shared key),
and every result kept on disk is computed once across the processes (the warm-up and the pages
wait for each other's file lock). SQLite is refused with more than one process."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx
import pytest

from tilsyn.data.generate import generate
from tilsyn.data.store import import_dir
from tilsyn.supervision import db
from tilsyn.web import brugere

ADGANGSKODE = "korrekt-hest-batteri"

DAG = "2023-06-30"  # a worklist day the warm-up does not compute: the pages compute it
# Loaded by every Python process of the server (the test puts its folder first on PYTHONPATH): each
# result file written is noted with the writing process's id, so the test sees how often a table
# was computed and by whom; the worklist of DAG takes a second longer, so that the two processes
# ask for it while it is being computed. Nothing of it is in the product.
_NOTER_SKRIVNINGER = f"""
import os, time
from tilsyn.resultater import gemte
_gem = gemte.Gemte.gem
def gem(self, key, vaerdi):
    if key[0] == "frister" and str(key[-1]) == "{DAG}":
        time.sleep(1)
    _gem(self, key, vaerdi)
    if self._fil(key) is not None:
        with open(os.environ["TILSYN_TEST_SKRIVNINGER"], "a") as f:
            f.write(f"{{os.getpid()}} {{'_'.join(map(str, key))}}\\n")
gemte.Gemte.gem = gem
"""


@pytest.fixture(scope="module")
def lager(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workers")
    generate(tmp / "data", 300, 5, date(2021, 1, 1), date(2023, 12, 31))
    import_dir(tmp / "data", tmp / "tilsyn.duckdb")
    return tmp / "tilsyn.duckdb"


def _fri_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from tilsyn.cli import app; app()", "serve", *args],
                            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def _svarende_proces(server: int, port: int, klient_port: int) -> int | None:
    """The child process of `server` holding the accepted end of the connection from `klient_port`
    (read from /proc: which process has the socket whose peer is the client's port)."""
    def hexport(p: int) -> str:
        return f"0100007F:{p:04X}"

    inode = None
    for linje in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        felter = linje.split()
        if felter[1] == hexport(port) and felter[2] == hexport(klient_port):
            inode = felter[9]
    if inode is None:
        return None
    boern = Path(f"/proc/{server}/task/{server}/children").read_text().split()
    for pid in boern:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return int(pid)
            except OSError:
                continue
    return None


class Forbindelse:
    """One kept-alive HTTP connection with the session cookie: it stays with the process that accepted it."""

    def __init__(self, port: int, cookie: str):
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.http.connect()
        self.port, self.cookie = port, cookie

    def hent(self, metode: str, sti: str, data: str | None = None) -> tuple[int, str]:
        headere = {"cookie": self.cookie}
        if data is not None:
            headere["content-type"] = "application/x-www-form-urlencoded"
        self.http.request(metode, sti, body=data, headers=headere)
        svar = self.http.getresponse()
        return svar.status, svar.read().decode()

    def proces(self, server: int) -> int | None:
        return _svarende_proces(server, self.port, self.http.sock.getsockname()[1])


def test_to_processer_deler_login_og_beregner_hvert_resultat_en_gang(lager, pg_database, tmp_path):
    url = pg_database()
    brugere.opret(db.sessions(url), "chef", "Chef", "jobcenterchef", ADGANGSKODE, "0101", None)
    (tmp_path / "sitecustomize.py").write_text(_NOTER_SKRIVNINGER)
    skrivninger = tmp_path / "skrivninger.txt"
    port = _fri_port()
    proces = _serve("--store", str(lager), "--db", url, "--port", str(port), "--workers", "2",
                    env={"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
                         "TILSYN_TEST_SKRIVNINGER": str(skrivninger)})
    try:
        basis, slut = f"http://127.0.0.1:{port}", time.monotonic() + 120
        while True:
            try:
                side = httpx.get(basis + "/log-ind", timeout=5)
                break
            except httpx.TransportError:
                assert proces.poll() is None and time.monotonic() < slut, "tilsyn serve --workers 2 startede ikke"
                time.sleep(0.2)
        cookie = re.match(r"(tilsyn_session=[^;]+)", side.headers["set-cookie"]).group(1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', side.text).group(1)
        svar = httpx.post(basis + "/log-ind", headers={"cookie": cookie}, follow_redirects=False,
                          data={"brugernavn": "chef", "adgangskode": ADGANGSKODE, "csrf_token": token})
        assert svar.status_code == 303
        cookie = re.match(r"(tilsyn_session=[^;]+)", svar.headers["set-cookie"]).group(1)

        # The signed-in user asks for a worklist not computed yet, six times at once on new
        # connections, until both processes have answered it; every answer is the page.
        def side(_) -> int:
            while True:  # as a browser does: a page still being computed (202) is asked for again
                f = Forbindelse(port, cookie)
                status, tekst = f.hent("GET", f"/kommuner/0101/frister?dato={DAG}")
                pid = f.proces(proces.pid)
                f.http.close()
                if status != 202:
                    break
                time.sleep(0.5)
            assert status == 200 and 'name="adgangskode"' not in tekst, (status, tekst[:300])
            assert pid is not None and pid != proces.pid
            return pid

        svarede: Counter[int] = Counter()
        slut = time.monotonic() + 180
        with ThreadPoolExecutor(6) as udfoer:
            while len(svarede) < 2:
                assert time.monotonic() < slut, f"kun én proces svarede: {svarede}"
                svarede.update(udfoer.map(side, range(6)))

        # One kept-alive connection to each process: a page's CSRF token from one is good for a form
        # posted to the other, and logging out there ends the session on the first.
        forbindelser: dict[int, tuple[Forbindelse, float]] = {}
        while len(forbindelser) < 2:  # fresh ones: the server closes a connection idle for 5 s
            assert time.monotonic() < slut, f"kun én proces svarede: {list(forbindelser)}"
            f = Forbindelse(port, cookie)
            assert f.hent("GET", "/session")[0] == 200
            pid = f.proces(proces.pid)
            if pid in forbindelser and time.monotonic() - forbindelser[pid][1] > 2:
                forbindelser.pop(pid)[0].http.close()
            if pid in forbindelser or pid is None:
                f.http.close()
            else:
                forbindelser[pid] = (f, time.monotonic())
        a, b = (f for f, _ in forbindelser.values())
        status, tekst = a.hent("GET", "/regler")
        token = re.search(r'name="csrf_token" value="([^"]+)"', tekst).group(1)
        assert b.hent("POST", "/log-ud", f"csrf_token={token}")[0] == 303
        assert a.hent("GET", "/session")[0] == 401
    finally:
        proces.terminate()
        ud, _ = proces.communicate(timeout=30)
    gange = Counter(linje.split()[1] for linje in skrivninger.read_text().splitlines())
    assert gange[f"frister_0101_{DAG}"] == 1, gange
    assert max(gange.values()) == 1, [noegle for noegle, n in gange.items() if n > 1]
    assert "Traceback" not in ud, ud


def test_sqlite_afvises_med_flere_processer(lager, tmp_path):
    proces = _serve("--store", str(lager), "--db", f"sqlite:///{tmp_path / 'sager.db'}", "--workers", "2",
                    "--port", str(_fri_port()))
    ud, _ = proces.communicate(timeout=120)
    assert proces.returncode == 2
    assert "--workers over 1 kræver PostgreSQL" in " ".join(ud.split())
