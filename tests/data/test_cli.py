"""`tilsyn validate` and `tilsyn import` on the command line: exit codes, messages, nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from leverance import write_dir
from test_validate import TEN_ERRORS, TEN_EXPECTED
from typer.testing import CliRunner

from tilsyn.cli import app

runner = CliRunner()


def test_validate_clean(valid_dir: Path):
    result = runner.invoke(app, ["validate", str(valid_dir)])
    assert result.exit_code == 0, result.output
    assert "Ingen problemer" in result.output


def test_ten_errors_reported_exit_2_and_nothing_written(tmp_path: Path):
    data = write_dir(tmp_path / "d", TEN_ERRORS)
    result = runner.invoke(app, ["validate", str(data)])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:10] == TEN_EXPECTED
    assert "10 problem(er) fundet" in result.stdout
    target = tmp_path / "lager.duckdb"
    result = runner.invoke(app, ["import", str(data), "--store", str(target)])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:10] == TEN_EXPECTED
    assert "Intet er skrevet" in result.stdout
    assert not target.exists()


def test_missing_directory_is_exit_2_without_traceback(tmp_path: Path):
    for command in ("validate", "import"):
        result = runner.invoke(app, [command, str(tmp_path / "nope")])
        assert result.exit_code == 2
        assert "findes ikke" in result.output
        assert "Traceback" not in result.output


def test_import_twice_then_unchanged(valid_dir: Path, tmp_path: Path):
    target = tmp_path / "lager.duckdb"
    first = runner.invoke(app, ["import", str(valid_dir), "--store", str(target)])
    assert first.exit_code == 0, first.output
    assert "Indlæst" in first.output
    assert "ydelsesperioder" in first.output
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    second = runner.invoke(app, ["import", str(valid_dir), "--store", str(target)])
    assert second.exit_code == 0
    assert "uændret" in second.output
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_cpr_needs_a_key(valid_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("TILSYN_CPR_NOEGLE", raising=False)
    target = tmp_path / "lager.duckdb"
    result = runner.invoke(app, ["import", str(valid_dir), "--store", str(target), "--cpr"])
    assert result.exit_code == 2
    assert "TILSYN_CPR_NOEGLE" in result.output
    assert not target.exists()
    monkeypatch.setenv("TILSYN_CPR_NOEGLE", "noegle")
    result = runner.invoke(app, ["import", str(valid_dir), "--store", str(target), "--cpr"])
    assert result.exit_code == 2  # p1, p2, p3 are not CPR numbers
    assert "personer.csv:2: person_id: ugyldigt CPR-nummer" in result.stdout


def test_odd_paths_are_a_danish_sentence_and_exit_2(valid_dir: Path, tmp_path: Path):
    garbage = tmp_path / "skrald.duckdb"
    garbage.write_bytes(b"\0ikke en database")
    cases = [
        (["validate", str(valid_dir / "personer.csv")], "er ikke en mappe"),
        (["import", str(valid_dir), "--store", str(tmp_path / "mangler" / "x.duckdb")], "findes ikke; opret den"),
        (["import", str(valid_dir), "--store", str(tmp_path)], "er en mappe"),
        (["import", str(valid_dir), "--store", str(garbage)], "er ikke et tilsyn-lager"),
        (["fokusmaal", "--data", str(garbage), "--month", "2024-02"], "hverken en datamappe eller et tilsyn-lager"),
        (["fokusmaal", "--data", str(valid_dir), "--month", "2024-02", "--out", str(tmp_path)], "er en mappe"),
        (["serve", "--store", str(garbage)], "er ikke et lager fra `tilsyn import`"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in " ".join(result.output.split()), (args, result.output)
    assert garbage.read_bytes() == b"\0ikke en database"
