"""Twenty requests at the same moment through a running server (uvicorn, real HTTP), on SQLite and
PostgreSQL: drawing a case's audit sample, changing an absence, noting a worklist line. Exactly one
succeeds; the other nineteen get 409 and a clear Danish sentence, and the store holds the winner's
work only (the store layer's own test: tests/supervision/test_samtidighed.py)."""

from __future__ import annotations

import re
import threading
from datetime import date

import httpx
import pytest
from sqlalchemy import select
from test_browser import koerende
from webhjaelp import csrf_fra, log_ind

from tilsyn.supervision import sager
from tilsyn.supervision.models import Fravaer, FravaerLog, Linjenote, Revision, Revisionssag

N = 20


@pytest.fixture(params=["sqlite", "postgresql"])
def sager_url(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("pg_database")()
    return f"sqlite:///{tmp_path / 'sager.db'}"


@pytest.fixture
def server(app):
    with koerende(app) as basis:
        yield basis


def _indlogget(basis: str, navn: str) -> tuple[httpx.Client, str]:
    klient = httpx.Client(base_url=basis, timeout=60)
    assert log_ind(klient, navn).status_code == 303
    return klient, csrf_fra(klient.get("/log-ind").text)


def _samtidigt(basis: str, navn: str, sti: str, formularer: list[dict]) -> list[httpx.Response]:
    """POST each form to `sti` at once, each on a connection of its own under `navn`'s session."""
    klient, token = _indlogget(basis, navn)
    klienter = [httpx.Client(base_url=basis, cookies=klient.cookies, timeout=60) for _ in formularer]
    start, svar = threading.Barrier(len(formularer)), [None] * len(formularer)

    def send(nr: int) -> None:
        start.wait()
        svar[nr] = klienter[nr].post(sti, data={**formularer[nr], "csrf_token": token}, follow_redirects=False)

    traade = [threading.Thread(target=send, args=(nr,)) for nr in range(len(formularer))]
    for t in traade:
        t.start()
    for t in traade:
        t.join(120)
    for k in (klient, *klienter):
        k.close()
    return svar


def _en_vinder(svar: list[httpx.Response], tekst: str) -> int:
    """The winner's number; every other answer is 409 with `tekst` on a page."""
    koder = [s.status_code for s in svar]
    assert koder.count(303) == 1 and koder.count(409) == N - 1, koder
    for s in svar:
        if s.status_code == 409:
            assert tekst in s.text and "Traceback" not in s.text
    return koder.index(303)


def test_tyve_samtidige_udtraek_giver_en_stikproeve(server, verden):
    sag_id = verden["sager"]["0101"]
    with verden["sessions"]() as s:  # after the minister's letter the sample may be drawn
        sag = s.get(sager.Sag, sag_id)
        sager.registrer(s, sag.id, sag.version, "brev_sendt", date(2024, 4, 10), "star")
        s.commit()

    svar = _samtidigt(server, "star", f"/sager/{sag_id}/fokusrevision", [{"maaned": "2024-06"}] * N)
    _en_vinder(svar, "Stikprøven er allerede udtrukket")
    with verden["sessions"]() as s:
        (revision,) = s.scalars(select(Revision)).all()
        assert revision.sag_id == sag_id
        assert len(s.scalars(select(Revisionssag)).all()) == 3  # one sample's rows only


def test_tyve_samtidige_rettelser_af_et_fravaer(server, verden):
    klient, token = _indlogget(server, "tl")
    data = {"sagsbehandler_id": "s1", "fra": "2024-06-10", "til": "2024-06-20", "vikar_id": "s2", "csrf_token": token}
    assert klient.post("/kommuner/0101/fravaer", data=data, follow_redirects=False).status_code == 303
    with verden["sessions"]() as s:
        fravaer_id = s.scalars(select(Fravaer.id)).one()

    formularer = [{"fra": "2024-06-10", "til": f"2024-06-{11 + nr:02d}", "vikar_id": "s2", "version": 1}
                  for nr in range(N)]
    svar = _samtidigt(server, "tl", f"/kommuner/0101/fravaer/{fravaer_id}", formularer)
    vinder = _en_vinder(svar, "Fraværet er ændret af en anden, siden du hentede siden")
    with verden["sessions"]() as s:
        f = s.get(Fravaer, fravaer_id)
        assert (f.version, f.til) == (2, date(2024, 6, 11 + vinder))
        assert [r.handling for r in s.scalars(select(FravaerLog).order_by(FravaerLog.id))] == ["oprettet", "rettet"]


def test_tyve_samtidige_noter_paa_en_linje(server, verden):
    formularer = [{"person_id": "p1", "krav_id": "fire_samtaler_6mdr", "frist": "2024-06-01", "markering": "booket",
                   "dato": "2024-06-20", "version": 0, "note": f"note {nr}"} for nr in range(N)]
    svar = _samtidigt(server, "s1", "/kommuner/0101/frister/noter", formularer)
    vinder = _en_vinder(svar, "Linjen er noteret af en anden, siden du åbnede den")
    with verden["sessions"]() as s:
        assert [(n.version, n.note) for n in s.scalars(select(Linjenote))] == [(1, f"note {vinder}")]
    assert re.search(r"noteret=booket", svar[vinder].headers["location"])
