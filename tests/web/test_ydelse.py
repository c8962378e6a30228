"""What the page-time work (benchmarks/web_load.py) changed must keep its meaning: the access log
under concurrent views on a real SQLite file, and dict rows in the templates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from starlette.requests import Request

from tilsyn.supervision import db
from tilsyn.supervision.models import Adgangslog
from tilsyn.web.adgang import Indlogget
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.kontekst import templates

PERSONER = [f"P{nr:07d}" for nr in range(300)]
# A request for the worklist page, as the router hands it to the route.
SIDE = Request({
    "type": "http", "method": "GET", "path": "/kommuner/0101/frister", "root_path": "", "query_string": b"",
    "headers": [], "route": SimpleNamespace(path="/kommuner/{kode}/frister"),
})


def test_samtidige_visninger_giver_en_raekke_pr_borger_pr_visning(tmp_path):
    sessions = db.sessions(f"sqlite:///{tmp_path / 'sager.db'}")
    with sessions() as session:
        session.execute(text("PRAGMA journal_mode=WAL"))
    # A citizen with two deadlines is on the worklist twice, but shown (and logged) once.
    vist = PERSONER + PERSONER[:50]

    def vis(nr: int) -> int:
        bruger = Indlogget(f"chef{nr:02d}", "Chef", "jobcenterchef", "0101")
        return log_visning(sessions, bruger, vist, SIDE)

    with ThreadPoolExecutor(20) as pool:
        assert list(pool.map(vis, range(20))) == [len(PERSONER)] * 20

    with sessions() as session:
        log = session.execute(select(Adgangslog.brugernavn, Adgangslog.person_id, Adgangslog.tidspunkt)).all()
    assert len(log) == 20 * len(PERSONER)
    for nr in range(20):
        egne = [r for r in log if r.brugernavn == f"chef{nr:02d}"]
        assert sorted(r.person_id for r in egne) == PERSONER
        assert len({r.tidspunkt for r in egne}) == 1  # one view, one moment


def test_skabeloner_slaar_noegler_op_i_dict_raekker():
    env = templates().env
    skabelon = env.from_string("{{ r.person_id }}|{{ r.frist or '–' }}|{{ navne.items() | list | length }}|{{ b.navn }}")
    bruger = Indlogget("chef", "Jette", "jobcenterchef", "0101")
    assert skabelon.render(r={"person_id": "P1", "frist": None}, navne={"s1": "A", "s2": "B"}, b=bruger) == "P1|–|2|Jette"
    # A missing key is still undefined (and renders empty), not an error.
    assert env.from_string("[{{ r.mangler }}]").render(r={"person_id": "P1"}) == "[]"


def test_visningen_fejler_naar_loggen_ikke_kan_skrives(tmp_path):
    """Views written together fail together: none of them may show data that is not on record."""
    uden_tabeller = sessionmaker(create_engine(f"sqlite:///{tmp_path / 'tom.db'}"))
    bruger = Indlogget("chef", "Chef", "jobcenterchef", "0101")

    def vis(nr: int) -> str:
        try:
            log_visning(uden_tabeller, bruger, PERSONER[:nr + 1], SIDE)
        except OperationalError:
            return "fejl"
        return "skrevet"

    with ThreadPoolExecutor(10) as pool:
        assert list(pool.map(vis, range(10))) == ["fejl"] * 10
