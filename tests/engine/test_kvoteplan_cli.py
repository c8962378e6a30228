"""`tilsyn kvoteplan` end to end on generated data ending 2026-11 (docs/kvoter.md "Kvoteplan"):
the contract CSV, the plan of the last day against `tilsyn kvoter`, the persons logged in the access
log, Excel for people, and refusals."""

import csv
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.engine.kvoteplan import KOLONNER, PERSON_KOLONNER
from tilsyn.supervision import db
from tilsyn.supervision.models import Adgangslog

runner = CliRunner()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    mappe = tmp_path_factory.mktemp("kvoteplan") / "data"
    r = runner.invoke(app, ["generate", str(mappe), "--persons", "400", "--seed", "3", "--from", "2026-01",
                            "--to", "2026-11"])
    assert r.exit_code == 0, r.output
    return mappe


def _csv(path):
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_plan_of_the_last_day_is_the_kvoteopfyldelse(data, tmp_path):
    """Default day: the data's last day (2026-11-30); November's windows are all closed then, so the
    plan's persons and reached equal `tilsyn kvoter` for every quota of every municipality."""
    plan, kvoter = tmp_path / "plan.csv", tmp_path / "kvoter.csv"
    r = runner.invoke(app, ["kvoteplan", "--data", str(data), "--out", str(plan)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["kvoter", "--data", str(data), "--month", "2026-11", "--out", str(kvoter)])
    assert r.exit_code == 0, r.output
    rows = _csv(plan)
    assert tuple(rows[0]) == KOLONNER
    assert {r["maaned"] for r in rows} == {"2026-11", "2026-12", "2027-01"}
    assert {r["niveau"] for r in rows} == {"land", "kommune", "team", "a_kasse"}
    nov = {(r["niveau"], r["kommune_kode"], r["a_kasse"], r["krav_id"]): (r["personer"], r["naaet"])
           for r in rows if r["maaned"] == "2026-11" and r["niveau"] != "team"}
    k = {(r["niveau"], r["kommune_kode"], r["a_kasse"], r["krav_id"]): (r["personer"], r["naaet"]) for r in _csv(kvoter)}
    assert nov == k
    assert all(r["aaben"] == "0" for r in rows if r["maaned"] == "2026-11")
    assert sum(int(r["personer"]) for r in rows if r["niveau"] == "land") > 0


def test_persons_are_logged_and_written_for_people(data, tmp_path):
    """In the municipality with the most persons in the plan of 2026-11-10 (a code given without its
    leading zero is read as the four digits)."""
    url = f"sqlite:///{tmp_path / 'sager.db'}"
    ud, xlsx, plan = tmp_path / "p.csv", tmp_path / "plan.xlsx", tmp_path / "plan.csv"
    r = runner.invoke(app, ["kvoteplan", "--data", str(data), "--dato", "2026-11-10", "--out", str(plan)])
    assert r.exit_code == 0, r.output
    kode = max((r for r in _csv(plan) if r["niveau"] == "kommune"), key=lambda r: int(r["personer"]))["kommune_kode"]
    r = runner.invoke(app, ["kvoteplan", "--data", str(data), "--kommune", kode.lstrip("0"), "--dato", "2026-11-10",
                            "--personer", "--db", url, "--out", str(ud)])
    assert r.exit_code == 0, r.output
    rows = _csv(ud)
    assert rows and tuple(rows[0]) == PERSON_KOLONNER
    with db.sessions(url)() as s:
        log = s.scalars(select(Adgangslog)).all()
    assert {x.person_id for x in log} == {r["person_id"] for r in rows}
    assert {x.route for x in log} == {"tilsyn kvoteplan --personer"} and f"kommune={kode}" in log[0].filtre
    r = runner.invoke(app, ["kvoteplan", "--data", str(data), "--kommune", kode, "--dato", "2026-11-10",
                            "--personer", "--db", url, "--out", str(xlsx)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(xlsx)
    plan, borgere = wb["Kvoteplan"], wb["Borgere"]
    hoved = [c.value for c in plan[3]]
    assert "Antal der mangler" in hoved and "Nået nu (%)" in hoved
    assert isinstance(plan.cell(4, hoved.index("Antal borgere") + 1).value, int)
    hoved = [c.value for c in borgere[3]]
    assert hoved[:4] == ["Borger", "Kvote", "Måned (vinduet slutter)", "Vinduets sidste dag"]
    assert isinstance(borgere.cell(4, 4).value, datetime)
    assert borgere.cell(4, hoved.index("Nødvendig for kvoten") + 1).value in ("Ja", "Nej")


@pytest.mark.parametrize("args, besked", [
    (["--dato", "2026-06-15"], "Der var ingen kvoter i 2026-06"),
    (["--dato", "2027-02-01"], "kan ikke opgøres"),
    (["--personer"], "--personer kræver --kommune"),
    (["--kommune", "9999"], "ukendt kommunekode"),
])
def test_refusals(data, args, besked):
    r = runner.invoke(app, ["kvoteplan", "--data", str(data), *args])
    assert r.exit_code == 2
    assert besked in " ".join(r.output.split())


def test_on_screen_in_danish(data):
    r = runner.invoke(app, ["kvoteplan", "--data", str(data), "--kommune", "0101", "--dato", "2026-11-10",
                            "--maaneder", "1"])
    assert r.exit_code == 0, r.output
    tekst = " ".join(r.output.split())
    assert "Kvoteplan pr. 10-11-2026, København (0101)" in tekst and "vinduer, der slutter i 2026-11" in tekst
    assert date(2026, 11, 10).strftime("%d-%m-%Y") in tekst
