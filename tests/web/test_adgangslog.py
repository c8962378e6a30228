"""`tilsyn adgangslog` on SQLite and PostgreSQL: the extract for a citizen holds every view of them
made through the app's routes and nothing else; the retention command deletes only what is older
than the period and logs itself."""

from __future__ import annotations

import csv
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select
from typer.testing import CliRunner
from webhjaelp import log_ind

from tilsyn.cli import app
from tilsyn.supervision.models import Adgangslog, nu
from tilsyn.web.adgangslog import SLETNING, dansk_tid

runner = CliRunner()
IDAG = dansk_tid(nu()).date()
PERIODE = ("--fra", (IDAG - timedelta(days=1)).isoformat(), "--til", (IDAG + timedelta(days=1)).isoformat())
KOLONNER = ["Tidspunkt (dansk tid)", "Bruger", "Borger", "Formål", "Adresse", "Filtre"]


@pytest.fixture(params=["sqlite", "postgresql"])
def sager_url(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("pg_database")()
    return f"sqlite:///{tmp_path / 'sager.db'}"


def koer(*args):
    return runner.invoke(app, [str(a) for a in args])


def _csv(sti) -> list[dict]:
    with open(sti, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _log(verden) -> list[Adgangslog]:
    with verden["sessions"]() as s:
        return list(s.scalars(select(Adgangslog).order_by(Adgangslog.id)))


def _indsaet(verden, dage_siden: float, **felter) -> None:
    """A row logged `dage_siden` days ago."""
    raekke = {"brugernavn": "gammel", "person_id": "p1", "formaal": "arbejdsliste (side)",
              "route": "/kommuner/0101/frister", **felter}
    with verden["sessions"].begin() as s:
        s.execute(insert(Adgangslog), [{**raekke, "tidspunkt": nu() - timedelta(days=dage_siden)}])


def _vis_alt(klient) -> None:
    """Views through the app's routes by three users; p1 is shown in some of them."""
    log_ind(klient, "s1")
    for sti in ("/kommuner/0101/frister?status=overskredet", "/kommuner/0101/frister?status=forfalden_snart",
                "/kommuner/0101/passive?maal=tilbud", "/kommuner/0101/passive?maaned=2024-06&maal=samtaler",
                "/kommuner/0101/passive/p1?maaned=2024-06"):
        assert klient.get(sti).status_code == 200
    log_ind(klient, "jc")
    for sti in ("/kommuner/0101/frister.csv?sagsbehandler=s1", "/kommuner/0101/frister.xlsx?team=B",
                "/api/v1/kommuner/0101/frister?dato=2024-06-15"):
        assert klient.get(sti).status_code == 200
    log_ind(klient, "jc2")
    assert klient.get("/kommuner/0147/frister").status_code == 200


def test_udtraek_for_borgeren_giver_hver_visning_og_intet_andet(klient, verden, tmp_path):
    _vis_alt(klient)
    _indsaet(verden, 400)  # p1 seen, but before the period
    ud = tmp_path / "indsigt.csv"
    r = koer("adgangslog", "udtraek", "--person", "p1", *PERIODE, "--out", ud, "--db", verden["url"])
    assert r.exit_code == 0, r.output
    raekker = _csv(ud)
    assert list(raekker[0]) == KOLONNER
    assert [(x["Bruger"], x["Borger"], x["Formål"], x["Adresse"], x["Filtre"]) for x in raekker] == [
        ("s1", "p1", "arbejdsliste (side)", "/kommuner/0101/frister", "status=overskredet"),
        ("s1", "p1", "passive borgere (side)", "/kommuner/0101/passive", "maaned=2024-06&maal=samtaler"),
        ("s1", "p1", "forklaring af passiv borger (side)", "/kommuner/0101/passive/p1", "maaned=2024-06"),
        ("jc", "p1", "arbejdsliste (CSV-eksport)", "/kommuner/0101/frister.csv", "sagsbehandler=s1"),
        ("jc", "p1", "arbejdsliste (API)", "/api/v1/kommuner/0101/frister", "dato=2024-06-15"),
    ]
    # The same as the log holds for p1 in the period: every row, in the order they were written.
    i_perioden = [x for x in _log(verden) if x.person_id == "p1" and x.brugernavn != "gammel"]
    assert [x["Tidspunkt (dansk tid)"] for x in raekker] == [
        f"{dansk_tid(x.tidspunkt):%Y-%m-%d %H:%M:%S}" for x in i_perioden
    ]
    assert "5 rækker for borger p1" in " ".join(r.output.split())
    assert all(k.split()[0] in r.output for k in KOLONNER)  # the Rich table on screen


def test_udtraek_for_en_bruger_og_perioden(klient, verden, tmp_path):
    _vis_alt(klient)
    _indsaet(verden, 400, brugernavn="jc2")
    ud = tmp_path / "jc2.csv"
    assert koer("adgangslog", "udtraek", "--bruger", "jc2", *PERIODE, "--out", ud, "--db", verden["url"]).exit_code == 0
    assert [(x["Bruger"], x["Borger"], x["Formål"]) for x in _csv(ud)] == [("jc2", "", "arbejdsliste (side)")]
    # The old row is found when the period reaches it, and both options must hold.
    gammel = (IDAG - timedelta(days=400)).isoformat()
    r = koer("adgangslog", "udtraek", "--bruger", "jc2", "--person", "p1", "--fra", gammel, "--til", gammel,
             "--out", ud, "--db", verden["url"])
    assert r.exit_code == 0, r.output
    assert [(x["Bruger"], x["Borger"]) for x in _csv(ud)] == [("jc2", "p1")]


def test_udtraek_csv_koerer_ingen_formler(verden, tmp_path):
    _indsaet(verden, 0, filtre="=HYPERLINK(\"x\")")
    ud = tmp_path / "u.csv"
    assert koer("adgangslog", "udtraek", "--person", "p1", *PERIODE, "--out", ud, "--db", verden["url"]).exit_code == 0
    assert ud.read_bytes().startswith("\ufeffTidspunkt".encode())
    assert [x["Filtre"] for x in _csv(ud)] == ["'=HYPERLINK(\"x\")"]


@pytest.mark.parametrize(("args", "fejl"), [
    (("--fra", "2024-01-01", "--til", "2024-12-31"), "angiv --person, --bruger eller begge"),
    (("--person", "p1", "--fra", "2024-13-01", "--til", "2024-12-31"), "--fra skal skrives ÅÅÅÅ-MM-DD"),
    (("--person", "p1", "--fra", "2024-12-31", "--til", "2024-01-01"), "ligger før --fra"),
])
def test_udtraek_fejl(verden, args, fejl):
    r = koer("adgangslog", "udtraek", *args, "--db", verden["url"])
    assert r.exit_code == 2 and fejl in " ".join(r.output.split())


def _tilbage(verden) -> list[tuple[str, str | None]]:
    return [(x.brugernavn, x.formaal) for x in _log(verden) if x.formaal != SLETNING]


def _sletninger(verden) -> list[Adgangslog]:
    return [x for x in _log(verden) if x.formaal == SLETNING]


def test_slet_gamle_sletter_kun_det_aeldre_end_fristen_og_logger_sig_selv(klient, verden, monkeypatch):
    monkeypatch.delenv("TILSYN_ADGANGSLOG_OPBEVARING_DAGE", raising=False)
    _indsaet(verden, 1826, brugernavn="aeldre")
    _indsaet(verden, 1824, brugernavn="yngre")
    _indsaet(verden, 3000, brugernavn="admin", person_id=None, formaal=SLETNING)  # an earlier deletion
    log_ind(klient, "s1")
    klient.get("/kommuner/0101/frister")  # today's view

    r = koer("adgangslog", "slet-gamle", "--db", verden["url"])
    assert r.exit_code == 0, r.output
    assert "1 række" in r.output and "1825 dage" in r.output
    assert sorted(_tilbage(verden)) == [("s1", "arbejdsliste (side)")] * 2 + [("yngre", "arbejdsliste (side)")]
    tidligere, ny = _sletninger(verden)
    assert tidligere.brugernavn == "admin"  # kept: it names no one and shows the period was applied
    assert (ny.person_id, ny.route) == (None, "tilsyn adgangslog slet-gamle")
    graense = re.fullmatch(r"dage=1825&graense=(\S+)&slettet=1", ny.filtre).group(1)
    assert abs(datetime.fromisoformat(graense) - (dansk_tid(ny.tidspunkt) - timedelta(days=1825))) < timedelta(seconds=1)

    # The setting from the environment; the deletion's own row (from a moment ago) stays.
    monkeypatch.setenv("TILSYN_ADGANGSLOG_OPBEVARING_DAGE", "1000")
    assert koer("adgangslog", "slet-gamle", "--db", verden["url"]).exit_code == 0
    assert sorted(_tilbage(verden)) == [("s1", "arbejdsliste (side)")] * 2
    assert [x.filtre.split("&")[-1] for x in _sletninger(verden)[1:]] == ["slettet=1", "slettet=1"]

    # --dage overrides the setting for the run.
    _indsaet(verden, 3, brugernavn="for-tre-dage")
    assert koer("adgangslog", "slet-gamle", "--dage", "2", "--db", verden["url"]).exit_code == 0
    assert sorted(_tilbage(verden)) == [("s1", "arbejdsliste (side)")] * 2
    assert len(_sletninger(verden)) == 4


def test_slet_gamle_afviser_en_ugyldig_frist(verden, monkeypatch):
    _indsaet(verden, 4000)
    monkeypatch.setenv("TILSYN_ADGANGSLOG_OPBEVARING_DAGE", "fem år")
    r = koer("adgangslog", "slet-gamle", "--db", verden["url"])
    assert r.exit_code == 2 and "TILSYN_ADGANGSLOG_OPBEVARING_DAGE skal være et helt antal dage" in " ".join(r.output.split())
    assert koer("adgangslog", "slet-gamle", "--dage", "0", "--db", verden["url"]).exit_code == 2
    assert len(_log(verden)) == 1  # nothing deleted, nothing logged
