"""The command line and the workflow store: it is opened in one place, never created by a command
that only reads or changes what is there, a bad `--db` is exit 2 with a Danish message, and every
file the CLI writes with personal data is the owner's alone (0600)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leverance import VALID, write_dir
from tilsyn.cli import app

runner = CliRunner()


def koer(*args, **env):
    r = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "TILSYN_DB": None, **env})
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def tekst(r) -> str:
    return " ".join(r.output.split())


LAESER = [
    ["bruger", "liste"], ["bruger", "slet", "x"], ["bruger", "adgangskode", "x", "--adgangskode", "en-god-kode-1"],
    ["bruger", "sessioner"],
    ["adgangslog", "udtraek", "--person", "p", "--fra", "2024-01-01", "--til", "2024-01-31"],
    ["adgangslog", "slet-gamle"],
    ["sag", "liste"], ["sag", "vis", "1"], ["sag", "frister"], ["sag", "haendelse", "1", "brev_sendt"],
    ["sag", "afslut", "1"], ["sag", "revision-resume", "1"], ["sag", "revision-vurder", "1", "p", "ingen"],
    ["sag", "kontakt", "liste"],
]


@pytest.mark.parametrize("args", LAESER, ids=lambda a: " ".join(a[:2]))
def test_no_database_is_created_by_accident(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = koer(*args)
    assert r.exit_code == 2, r.output
    assert "sagsdatabasen tilsyn-sager.db findes ikke" in tekst(r) and "--db" in tekst(r)
    assert list(tmp_path.iterdir()) == []


def test_commands_that_create_on_purpose_still_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = koer("bruger", "opret", "admin", "--rolle", "admin", "--adgangskode", "en-god-kode-1")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "tilsyn-sager.db").is_file()
    assert "admin" in koer("bruger", "liste").output


DAARLIGE = [
    ("mysql://bruger@localhost/tilsyn", "databasetypen 'mysql'"),
    ("/proc/tilsyn/sager.db", "mappen /proc/tilsyn findes ikke"),
    ("postgresql+psycopg://postgres@127.0.0.1:1/ingen", "kan ikke åbne sagsdatabasen"),
    ("ikke en url://", "hverken en SQLAlchemy-URL eller en fil"),
]


@pytest.mark.parametrize("db, besked", DAARLIGE)
@pytest.mark.parametrize("args", [["bruger", "liste"], ["bruger", "opret", "a", "--rolle", "admin", "--adgangskode", "k-1234567890"],
                                  ["adgangslog", "slet-gamle"], ["sag", "liste"]], ids=lambda a: " ".join(a[:2]))
def test_bad_db_is_exit_2_with_a_danish_message(args, db, besked, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = koer(*args, "--db", db)
    assert r.exit_code == 2, r.output
    assert besked in tekst(r), r.output
    assert "Traceback" not in r.output


def test_bad_db_in_serve(store):
    for db, besked in DAARLIGE:
        r = koer("serve", "--store", store, "--db", db)
        assert r.exit_code == 2 and besked in tekst(r), r.output


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_dir(tmp_path_factory.mktemp("data"), VALID)


@pytest.fixture(scope="module")
def store(data, tmp_path_factory):
    s = tmp_path_factory.mktemp("lager") / "tilsyn.duckdb"
    r = runner.invoke(app, ["import", str(data), "--store", str(s)])
    assert r.exit_code == 0, r.output
    return s


@pytest.fixture
def umask_022():
    gammel = os.umask(0o022)
    yield
    os.umask(gammel)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_files_with_personal_data_are_0600(data, tmp_path, monkeypatch, umask_022):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "sager.db"
    assert koer("bruger", "opret", "admin", "--rolle", "admin", "--adgangskode", "en-god-kode-1", "--db", db).exit_code == 0
    ud = {
        "adgangslog.csv": ["adgangslog", "udtraek", "--bruger", "admin", "--fra", "2024-01-01", "--til", "2030-01-01",
                           "--db", db, "--out"],
        "frister.csv": ["frister", "--data", data, "--kommune", "153", "--dato", "2024-04-30", "--out"],
        "frister.xlsx": ["frister", "--data", data, "--kommune", "153", "--dato", "2024-04-30", "--xlsx"],
        "frister-dansk.csv": ["frister", "--data", data, "--kommune", "153", "--dato", "2024-04-30", "--csv-dansk"],
        "rettidighed.csv": ["rettidighed", "--data", data, "--maaned", "2024-03", "--out"],
        "sagsfrister.csv": ["sag", "frister", "--db", db, "--out"],
    }
    for fil, args in ud.items():
        r = koer(*args, tmp_path / fil)
        assert r.exit_code == 0, (fil, r.output)
        assert _mode(tmp_path / fil) == 0o600, fil
    # an existing, wider file is narrowed before it is written
    (tmp_path / "gammel.csv").write_text("x")
    os.chmod(tmp_path / "gammel.csv", 0o644)
    assert koer(*ud["adgangslog.csv"], tmp_path / "gammel.csv").exit_code == 0
    assert _mode(tmp_path / "gammel.csv") == 0o600
