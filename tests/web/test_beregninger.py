"""Engine runs under load, through a running server (uvicorn, real HTTP, real DuckDB): a result kept
is answered while others are computed, also with every engine place taken; different days are
computed side by side; one person has one run at a time (their next is a Danish "beregnes" page at
once); the same day asked by two is computed once. An engine run is held in the middle (the real `Resultater.frister`, waiting for an
event) so that "while" is certain, not a matter of timing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import httpx
import pytest
from test_browser import koerende
from webhjaelp import ADGANGSKODE, log_ind

from tilsyn.data.generate import generate
from tilsyn.data.store import import_dir
from tilsyn.resultater import Resultater
from tilsyn.resultater.cache import Cache
from tilsyn.resultater.gemte import EngineResultater, forbered
from tilsyn.supervision import db
from tilsyn.web import brugere
from tilsyn.web.app import create_app

STANDARD = date(2023, 12, 31)  # the data's last day: its worklists are kept by `forbered`
HOLDT = date(2023, 12, 1)  # A's first new day: its engine run waits for the test
A_ANDRE = [date(2023, 12, d) for d in (2, 3, 4, 5)]  # A's other new days
C_DAG = date(2023, 12, 11)  # C's new day, computed while A's is held
C_HOLDT = date(2023, 12, 12)  # C's next new day, held as A's
FAELLES = date(2023, 12, 20)  # a new day A and C ask for at the same moment


@pytest.fixture(scope="module")
def verden(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("beregninger")
    generate(tmp / "data", 300, 5, date(2021, 1, 1), STANDARD)
    store = tmp / "tilsyn.duckdb"
    import_dir(tmp / "data", store)
    url = f"sqlite:///{tmp / 'sager.db'}"
    sessions = db.sessions(url)
    for navn, kode in (("a", "0101"), ("b", "0147"), ("c", "0101")):
        brugere.opret(sessions, navn, navn.upper(), "jobcenterchef", ADGANGSKODE, kode, None)
    resultater = EngineResultater(store, cache=Cache(), motorer=2)
    forbered(resultater)
    yield store, url, resultater
    resultater.luk()


@pytest.fixture
def holdt_motor(monkeypatch):
    """`Resultater.frister` as it is, but a run for a held day waits (at most 60 s) until `slip` is
    set; every run is counted per (municipality, day)."""
    echte, kald, begyndt, slip = Resultater.frister, [], {}, threading.Event()
    holdte = {HOLDT, C_HOLDT, FAELLES}

    def frister(self, kode, dag):
        kald.append((kode, dag))
        begyndt.setdefault(dag, threading.Event()).set()
        if dag in holdte:
            slip.wait(60)
        return echte(self, kode, dag)

    monkeypatch.setattr(Resultater, "frister", frister)
    return kald, begyndt, slip


def _klient(url: str, navn: str) -> httpx.Client:
    klient = httpx.Client(base_url=url, timeout=60)
    assert log_ind(klient, navn).status_code == 303
    return klient


def _liste(klient: httpx.Client, kode: str, dag: date | None = None) -> httpx.Response:
    return klient.get(f"/kommuner/{kode}/frister" + (f"?dato={dag}" if dag else ""))


def _vent(begyndt: dict, dag: date) -> None:
    for _ in range(600):
        if dag in begyndt:
            return
        threading.Event().wait(0.05)
    pytest.fail(f"motoren begyndte ikke på {dag}")


def test_en_gemt_liste_svares_mens_en_anden_brugers_dage_beregnes(verden, holdt_motor):
    store, url, resultater = verden
    kald, begyndt, slip = holdt_motor
    app = create_app(store, url, resultater=resultater)
    with koerende(app) as basis, ThreadPoolExecutor(8) as pool:
        a, b, c = (_klient(basis, navn) for navn in ("a", "b", "c"))
        for sti in ("/kommuner/0147/frister", "/"):  # B has seen them once: kept from here on
            assert b.get(sti).status_code == 200
        a_holdt = pool.submit(_liste, a, "0101", HOLDT)
        _vent(begyndt, HOLDT)

        # C's new day is computed beside A's and answered while A's still waits
        svar = _liste(c, "0101", C_DAG)
        assert svar.status_code == 200 and "arbejdsliste" in svar.text
        assert not a_holdt.done()

        # C's next new day is held too: both engine places are taken
        c_holdt = pool.submit(_liste, c, "0101", C_HOLDT)
        _vent(begyndt, C_HOLDT)

        # B's kept worklist and the kept national overview are answered all the same
        for sti in ("/kommuner/0147/frister", "/"):
            assert b.get(sti, timeout=20).status_code == 200, sti  # not after a held run (60 s)

        # A's other new days at the same moment: each at once a Danish "beregnes" page, never computed
        andre = list(pool.map(lambda dag: a.get(f"/kommuner/0101/frister?dato={dag}", timeout=20), A_ANDRE))
        for svar in andre:
            assert svar.status_code == 503 and svar.headers["retry-after"] == "3"
            assert "Resultatet beregnes – prøv igen om lidt" in svar.text and "Prøv igen" in svar.text
        assert not any(dag in begyndt for dag in A_ANDRE) and not a_holdt.done() and not c_holdt.done()

        slip.set()
        assert a_holdt.result(60).status_code == 200 and c_holdt.result(60).status_code == 200
        for dag in A_ANDRE:  # one after the other: each computed
            assert _liste(a, "0101", dag).status_code == 200

        # the same new day asked by A and C at once: computed once, both get it
        slip.clear()
        faelles = [pool.submit(_liste, k, "0101", FAELLES) for k in (a, c)]
        _vent(begyndt, FAELLES)
        for _ in range(600):  # the other waits for the same key, not for a run of its own
            if any(venter == 2 for _, venter in resultater._cache._i_gang.values()):
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail("den anden forespørgsel ventede ikke på samme beregning")
        slip.set()
        assert [f.result(60).status_code for f in faelles] == [200, 200]
        for k in (a, b, c):
            k.close()
    for dag in (HOLDT, *A_ANDRE, C_DAG, C_HOLDT, FAELLES):
        assert kald.count(("0101", dag)) == 1, (dag, kald)
