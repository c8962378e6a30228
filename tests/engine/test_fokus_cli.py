"""`tilsyn fokusmaal` and `tilsyn forklar` end to end: real CSV files, a real store, hand-worked
numbers."""

from __future__ import annotations

import re

import csv
from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from tilsyn import kommuner
from tilsyn.cli import app, fokus
from tilsyn.data.store import import_dir

pytestmark = pytest.mark.kun_duckdb  # the CLI works on DuckDB stores

FILES = {
    "personer": ["person_id,foedselsdato", "p1,1980-01-01", "p2,1990-05-05", "p3,1985-03-03", "p4,1970-07-07"],
    "ydelser": [
        "person_id,kommune_kode,ydelse,visitation,start,slut",
        "p1,101,dagpenge,,2020-01-01,",
        "p2,0101,kontanthjaelp,jobparat,2021-01-01,",
        "p3,0101,dagpenge,,2022-03-01,",
        "p4,0147,sygedagpenge,,2020-06-01,",
    ],
    "samtaler": [
        "person_id,kommune_kode,dato,form,art,sagsbehandler_id",
        *(f"p1,0101,2022-12-0{d},fysisk,individuel," for d in range(1, 5)),
    ],
    "tilbud": ["person_id,kommune_kode,art,start,slut", "p2,0101,nytteindsats,2022-05-01,2022-05-31"],
    # p4's 0 hours in 2020-01 make the delivery cover 2020-01 to 2022-12 (data.daekning)
    "beskaeftigelse": ["person_id,maaned,timer", "p4,2020-01,0", "p4,2022-01,300"],
}

# 0101: p1 and p2 (p3's forløb is too new). p1 samtale-active only in Dec (4 samtaler in Dec),
# always tilbud-passive; p2 always samtale-passive, tilbud-passive Jan-Apr 2022 (tilbud in May).
# Samtale shares 2022: Jan-Nov 100, Dec 50 → gns12 (11·100 + 50)/12 = 95.83.
# Tilbud shares 2022: Jan-Apr 100, May-Dec 50 → gns12 (4·100 + 8·50)/12 = 66.67.
# 0147: p4, samtale-passive, 300 hours in 2022-01 → not tilbud-passive all of 2022.
EXPECTED = [
    "kommune_kode,maaned,population,passive_samtaler,passive_tilbud,andel_samtaler,andel_tilbud,gns12_samtaler,gns12_tilbud",
    "0101,2022-12,2,1,1,50.00,50.00,95.83,66.67",
    "0147,2022-12,1,1,0,100.00,0.00,100.00,0.00",
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("data")
    for name, lines in FILES.items():
        (d / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_fokusmaal_csv_from_a_data_directory(data_dir, tmp_path):
    out = tmp_path / "f.csv"
    result = run("fokusmaal", "--data", data_dir, "--month", "2022-12", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == EXPECTED


def test_fokusmaal_from_an_imported_store_gives_the_same_rows(data_dir, tmp_path):
    store = tmp_path / "tilsyn.duckdb"
    import_dir(data_dir, store)
    out = tmp_path / "f.csv"
    result = run("fokusmaal", "--data", store, "--month", "2022-12", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == EXPECTED


def test_fokusmaal_range_of_months(data_dir, tmp_path):
    out = tmp_path / "f.csv"
    result = run("fokusmaal", "--data", data_dir, "--from", "2022-04", "--to", "2022-05", "--out", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    tilbud = {(r["kommune_kode"], r["maaned"]): r["andel_tilbud"] for r in rows}
    assert tilbud == {("0101", "2022-04"): "100.00", ("0101", "2022-05"): "50.00",
                      ("0147", "2022-04"): "0.00", ("0147", "2022-05"): "0.00"}


def test_fokusmaal_prints_a_table_without_out(data_dir):
    result = run("fokusmaal", "--data", data_dir, "--month", "2022-12")
    assert result.exit_code == 0, result.output
    assert "København" in result.output and "95.83" in result.output


def test_fokusmaal_says_which_municipalities_have_no_population():
    """docs/measures.md (Shares and values): a row only for a municipality with a population; the
    console says who was left out (the 20,000-person demo's Ærø in 2023-12 had no one with 12 months' anciennitet)."""
    jan, feb = date(2023, 1, 1), date(2023, 2, 1)
    alle = [k for k in kommuner.kommuner() if k != "0492"]
    med = pl.DataFrame({"kommune_kode": alle + alle[1:], "maaned": [jan] * len(alle) + [feb] * len(alle[1:])})
    assert alle[0] == "0101"
    assert fokus._udeladt(med, jan, feb) == (
        "Udeladt, fordi ingen personer er i populationen: 0101 København (1 af 2 måneder), 0492 Ærø (2 af 2 måneder)."
    )
    assert fokus._udeladt(med.filter(pl.col("maaned") == jan), jan, jan) == (
        "Udeladt, fordi ingen personer er i populationen: 0492 Ærø.")
    assert fokus._udeladt(pl.DataFrame({"kommune_kode": list(kommuner.kommuner())}), jan, jan) == ""


def test_fokusmaal_csv_has_rows_only_with_a_population_and_counts_the_rest(data_dir, tmp_path):
    out = tmp_path / "f.csv"
    result = run("fokusmaal", "--data", data_dir, "--month", "2022-12", "--out", out)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 2
    assert "96 kommuner har ingen personer i populationen og er udeladt." in " ".join(result.output.split())


@pytest.mark.parametrize(
    "args, message",
    [
        (["--month", "2022-13"], "ugyldig måned"),
        (["--month", "2022-12", "--from", "2022-01"], "enten --maaned"),
        ([], "angiv --maaned"),
        (["--from", "2022-05", "--to", "2022-01"], "ligger efter"),
        (["--month", "2022-12", "--engine", "oracle"], "ukendt motor"),
    ],
)
def test_fokusmaal_bad_options_exit_2_with_a_danish_message(data_dir, args, message):
    result = run("fokusmaal", "--data", data_dir, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_fokusmaal_missing_or_invalid_data_exit_2(tmp_path, data_dir):
    result = run("fokusmaal", "--data", tmp_path / "findes_ikke", "--month", "2022-12")
    assert result.exit_code == 2 and "findes ikke" in result.output
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, lines in FILES.items():
        (bad / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (bad / "ydelser.csv").write_text(FILES["ydelser"][0] + "\np1,0101,dagpenge,,2020-13-01,\n", encoding="utf-8")
    result = run("fokusmaal", "--data", bad, "--month", "2022-12")
    assert result.exit_code == 2
    assert "ydelser.csv:2" in result.output
    not_a_store = tmp_path / "x.duckdb"
    not_a_store.write_text("ikke en database")
    result = run("fokusmaal", "--data", not_a_store, "--month", "2022-12")
    assert result.exit_code == 2 and "tilsyn-lager" in result.output


def test_forklar_tells_why_in_danish(data_dir):
    result = run("forklar", "--data", data_dir, "--person", "p2", "--month", "2022-12")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Indgår i populationen for København i december 2022" in text
    assert "Samtaler i vinduet (alle arter, former og kommuner): 0" in text
    assert "01-05-2022 – 31-05-2022: nytteindsats i København" in text
    assert "Samtale-passiv: ja" in text and "Tilbuds-passiv: nej" in text
    # the words of the pages: no rule ids, codes or ISO dates
    forklaring = text.split("(data dækker")[0]
    assert "fokusmaal." not in forklaring and "forloeb." not in forklaring
    assert not re.search(r"\d{4}-\d{2}-\d{2}", forklaring), forklaring
    result = run("forklar", "--data", data_dir, "--person", "p3", "--month", "2022-12")
    assert "For kort anciennitet" in " ".join(result.output.split())
    result = run("forklar", "--data", data_dir, "--person", "ukendt", "--month", "2022-12")
    assert result.exit_code == 2 and "findes ikke" in result.output


@pytest.mark.spark
def test_fokusmaal_on_spark_gives_the_same_rows(data_dir, tmp_path, spark_backend):
    out = tmp_path / "f.csv"
    result = run("fokusmaal", "--data", data_dir, "--month", "2022-12", "--out", out, "--engine", "spark")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == EXPECTED


@pytest.fixture
def spark_connect_server(tmp_path):
    """A Spark Connect server started by the test from the installed pyspark (its jars hold the
    server), on a free loopback port; skipped where the connect client is not installed."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    pytest.importorskip("grpc", reason="Spark Connect-klienten (pyspark[connect]) er ikke installeret")
    import pyspark

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    log = open(tmp_path / "connect.log", "w")
    server = subprocess.Popen(
        [str(submit), "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
         "--master", "local[1]", "--driver-memory", "1g", "--conf", "spark.ui.enabled=false",
         "--conf", f"spark.connect.grpc.binding.port={port}",
         "--conf", "spark.connect.grpc.binding.address=127.0.0.1", "spark-internal"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"},
    )
    try:
        deadline = time.monotonic() + 120
        while "Spark Connect server started" not in (tmp_path / "connect.log").read_text():
            assert server.poll() is None and time.monotonic() < deadline, "serveren startede ikke"
            time.sleep(0.5)
        yield f"sc://127.0.0.1:{port}", sys.executable, tmp_path / "connect.log"
    finally:
        server.terminate()
        server.wait(30)
        log.close()


@pytest.mark.spark
def test_fokusmaal_on_a_spark_connect_server(data_dir, tmp_path, spark_connect_server):
    """The same command against a Spark Connect server (as on a cluster): the same rows."""
    import os
    import subprocess
    from pathlib import Path

    url, python, log = spark_connect_server
    out = tmp_path / "f.csv"
    tilsyn = Path(python).with_name("tilsyn")
    result = subprocess.run(
        [str(tilsyn), "fokusmaal", "--data", str(data_dir), "--month", "2022-12", "--out", str(out),
         "--engine", "spark"],
        env={**os.environ, "TILSYN_SPARK_REMOTE": url}, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_text(encoding="utf-8").splitlines() == EXPECTED
    assert "SessionHolder: Session with" in log.read_text()  # the server ran it
