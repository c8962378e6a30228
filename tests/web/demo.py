"""A small real world for the browser tests and the load benchmark: `tilsyn generate` + `tilsyn
import` on a few hundred persons, a workflow store with one demo user per role (caseworker and
team taken from the generated data) and the supervision cases the real selection opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ibis
from typer.testing import CliRunner

from tilsyn.cli import app as cli
from tilsyn.supervision import db, sager
from tilsyn.web import brugere
from tilsyn.resultater.gemte import EngineResultater

AAR = 2023
ADGANGSKODE = "demo-adgangskode"


@dataclass
class Demo:
    store: Path
    db_url: str
    brugere: dict[str, str]  # rolle -> brugernavn
    kommune: str  # the demo users' municipality: the one with most running periods at the end
    resultater: EngineResultater


def byg(mappe: Path, personer: int = 700) -> Demo:
    runner = CliRunner()
    for args in (
        ["generate", str(mappe / "data"), "--persons", str(personer), "--seed", "7", "--from", "2022-01", "--to", "2024-06"],
        ["import", str(mappe / "data"), "--store", str(mappe / "tilsyn.duckdb")],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    resultater = EngineResultater(mappe / "tilsyn.duckdb")
    kommune = _stoerste_kommune(resultater)
    stab = resultater.sagsbehandlere(kommune).sort("sagsbehandler_id")
    sagsbehandler, team = stab["sagsbehandler_id"][0], stab["team"][0]
    url = f"sqlite:///{mappe / 'sager.db'}"
    sessions = db.sessions(url)
    navne = {
        "sagsbehandler": (sagsbehandler, "Sara Sagsbehandler", kommune, None),
        "teamleder": ("teamleder", "Tom Teamleder", kommune, team),
        "jobcenterchef": ("chef", "Jette Jobcenterchef", kommune, None),
        "star": ("star", "Søren STAR", None, None),
        "admin": ("admin", "Alma Admin", None, None),
    }
    for rolle, (brugernavn, navn, kode, t) in navne.items():
        brugere.opret(sessions, brugernavn, navn, rolle, ADGANGSKODE, kode, t)
    with sessions() as session:
        sager.aabn_sager(session, resultater.udvaelgelse(AAR).to_dicts(), AAR, date(AAR + 1, 4, 2))
        session.commit()
    return Demo(mappe / "tilsyn.duckdb", url, {r: v[0] for r, v in navne.items()}, kommune, resultater)


def _stoerste_kommune(resultater: EngineResultater) -> str:
    y = resultater._r.tables["ydelser"]
    slut = resultater.daekning().til
    loebende = y.filter(y.slut.isnull() | (y.slut >= slut))
    t = loebende.group_by("kommune_kode").aggregate(n=loebende.count()).order_by([ibis.desc("n"), "kommune_kode"])
    return t.limit(1).to_polars()["kommune_kode"][0]
