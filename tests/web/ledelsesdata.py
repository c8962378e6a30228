"""A small real world for the page "Rettidighed og kvoter": `tilsyn generate` + `tilsyn import` up to
November 2026 (binding deadlines before 1 July 2026, quotas after), the municipality with the most
persons in the quotas, and a workflow store with its team leader and manager, a caseworker,
another municipality's manager, STAR and admin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from tilsyn.cli import app as cli
from tilsyn.resultater import aabn
from tilsyn.supervision import db
from tilsyn.web import brugere
from tilsyn.resultater.gemte import EngineResultater

ADGANGSKODE = "demo-adgangskode"


@dataclass
class Verden:
    store: Path
    db_url: str
    kommune: str
    team: str  # the team leader's: a team with rettidighed in the data
    resultater: EngineResultater


def byg(mappe: Path) -> Verden:
    runner = CliRunner()
    for args in (
        ["generate", str(mappe / "data"), "--persons", "600", "--seed", "7", "--from", "2025-06", "--to", "2026-11"],
        ["import", str(mappe / "data"), "--store", str(mappe / "tilsyn.duckdb")],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    r = aabn(mappe / "tilsyn.duckdb")
    k = r.kvoteopfyldelse(r.daekning.til).filter(pl.col("niveau") == "kommune")
    kommune = k.sort("personer_12", "kommune_kode", descending=[True, False])["kommune_kode"][0]
    resultater = EngineResultater(mappe / "tilsyn.duckdb")
    o = resultater.ledelse(kommune)
    teams = o.rettidighed.filter((pl.col("niveau") == "team") & (pl.col("antal_frister") > 0)).sort("team")
    team = teams["team"][0]
    url = f"sqlite:///{mappe / 'sager.db'}"
    sessions = db.sessions(url)
    andre = "0101" if kommune != "0101" else "0147"
    for navn, rolle, kode, t in (("tl", "teamleder", kommune, team), ("chef", "jobcenterchef", kommune, None),
                                 ("sb", "sagsbehandler", kommune, None), ("chef2", "jobcenterchef", andre, None),
                                 ("star", "star", None, None), ("admin", "admin", None, None)):
        brugere.opret(sessions, navn, f"Bruger {navn}", rolle, ADGANGSKODE, kode, t)
    return Verden(mappe / "tilsyn.duckdb", url, kommune, team, resultater)
