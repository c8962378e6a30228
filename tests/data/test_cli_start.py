"""The command line's frame: Danish help and framework errors, one naming of options (the old names
still work, unseen), `--data` from $TILSYN_DATA or the demo's store, and a start that loads nothing
heavy for help or an argument error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leverance import VALID, write_dir
from tilsyn.cli import app

runner = CliRunner()
TUNG = ("ibis", "duckdb", "polars", "sqlalchemy", "fastapi", "pandas", "pyarrow", "alembic", "uvicorn")


def koer(*args, **env):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200", **env})


def tekst(r) -> str:
    return " ".join(r.output.split())


def _moduler(*args: str) -> set[str]:
    """The modules loaded by `tilsyn ARGS` in a fresh interpreter (help and argument errors exit)."""
    kode = ("import sys, json\nfrom tilsyn.cli import app\nsys.argv = ['tilsyn', *json.loads(sys.argv[1])]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)), file=sys.__stderr__)")
    r = subprocess.run([sys.executable, "-c", kode, json.dumps(list(args))], capture_output=True, text=True,
                       env={**os.environ, "COLUMNS": "100"}, timeout=60)
    return set(json.loads(r.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["fokusmaal", "--help"], ["sag", "vis", "--help"],
                                  ["frister", "--kommune"], ["bruger", "liste", "--ukendt"]])
def test_help_and_argument_errors_load_nothing_heavy(args):
    loaded = _moduler(*args)
    assert "typer" in loaded  # the probe ran
    assert not loaded & set(TUNG), sorted(loaded & set(TUNG))


def test_help_frame_is_danish():
    r = koer("--help")
    assert r.exit_code == 0
    for ord_ in ("Brug: tilsyn [TILVALG] KOMMANDO", "Tilvalg", "Kommandoer", "Vis denne hjælp og afslut."):
        assert ord_ in r.output, r.output
    for engelsk in ("Usage", "Options", "Commands", "Show this message"):
        assert engelsk not in r.output, r.output
    r = koer("generate", "--help")
    assert "Argumenter" in r.output and "[standard: 50000]" in r.output and "Arguments" not in r.output


@pytest.mark.parametrize("args, besked", [
    (["fokusmaal", "--zz"], "Tilvalget --zz findes ikke."),
    (["fokusmaal", "--maaned"], "Tilvalget --maaned kræver en værdi."),
    (["frister", "--dato", "2024-01-01"], "Mangler tilvalget '--kommune'."),
    (["generate"], "Mangler argumentet 'out_dir'."),
    (["generate", "x", "--persons", "mange"], "Ugyldig værdi for '--persons': skal være et heltal"),
    (["serve", "--traade", "100"], "må højst være 64"),
    (["fokusmaa"], "Kommandoen 'fokusmaa' findes ikke. Mente du 'fokusmaal'?"),
    (["regler", "ekstra"], "Uventet ekstra argument: ekstra"),
])
def test_framework_errors_are_danish_with_exit_2(args, besked):
    r = koer(*args)
    assert r.exit_code == 2
    assert besked in tekst(r), r.output
    assert "Se 'tilsyn" in r.output and "for hjælp." in r.output and "Fejl" in r.output
    for engelsk in ("Usage", "Try '", "Error", "Missing", "No such", "Invalid value", "Got unexpected"):
        assert engelsk not in r.output, r.output


@pytest.fixture
def data(tmp_path):
    # two years of coverage (beskaeftigelse's first and last month), so a fokusmål month can be computed
    return write_dir(tmp_path / "data", VALID | {"beskaeftigelse": "person_id,maaned,timer\np1,2022-01,0\np1,2024-12,0\n"})


@pytest.mark.parametrize("ny, gammel", [("--maaned", "--month"), ("--maaned=2024-12", "--month=2024-12")])
def test_old_option_names_work_and_are_not_shown(data, ny, gammel):
    vaerdi = [] if "=" in ny else ["2024-12"]
    med_ny = koer("fokusmaal", "--data", data, ny, *vaerdi)
    med_gammel = koer("fokusmaal", "--data", data, gammel, *vaerdi)
    assert med_ny.exit_code == 0, med_ny.output
    assert med_gammel.output == med_ny.output and "Fokusmål 2024-12" in med_ny.output
    hjaelp = koer("fokusmaal", "--help").output
    assert "--maaned" in hjaelp and "--fra" in hjaelp and "--month" not in hjaelp and "--from" not in hjaelp


def test_every_command_uses_the_danish_names():
    """No command shows --date, --month, --year, --from or --to any more."""
    from tilsyn.cli.dansk import GAMLE_NAVNE
    import typer.main

    def kommandoer(cmd, sti=()):
        yield sti, cmd
        for navn, under in getattr(cmd, "commands", {}).items():
            yield from kommandoer(under, (*sti, navn))

    for sti, cmd in kommandoer(typer.main.get_command(app)):
        navne = {o for p in cmd.params for o in getattr(p, "opts", ())}
        assert not navne & set(GAMLE_NAVNE), (sti, navne & set(GAMLE_NAVNE))


def test_year_and_date_aliases(tmp_path):
    r = koer("regler", "--date", "2024-06-01", "--sti", "tilsyn")
    assert r.exit_code == 0 and "Regler i kraft 2024-06-01" in r.output
    r = koer("resultatmaal", "--data", tmp_path / "ingen", "--year", "2023")
    assert r.exit_code == 2 and "findes ikke" in r.output and "No such option" not in r.output


def test_data_defaults_to_env_then_demo_store(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = koer("fokusmaal", "--maaned", "2024-12", TILSYN_DATA=str(data))
    assert r.exit_code == 0 and "Fokusmål 2024-12" in r.output, r.output
    r = runner.invoke(app, ["fokusmaal", "--maaned", "2024-12"], env={"TILSYN_DATA": None})
    assert r.exit_code == 2
    assert "angiv --data" in tekst(r) and "TILSYN_DATA" in tekst(r) and "make demo" in tekst(r)
    # the demo's store is found where `make demo` puts it (a data directory stands in for it here)
    (tmp_path / "demo").mkdir()
    data.rename(tmp_path / "demo" / "tilsyn.duckdb")
    r = runner.invoke(app, ["fokusmaal", "--maaned", "2024-12"], env={"TILSYN_DATA": None, "COLUMNS": "200"})
    assert r.exit_code == 0 and "Fokusmål 2024-12" in r.output, r.output
    assert not Path(tmp_path / "tilsyn-sager.db").exists()


def test_regler_shows_labels_not_codes_and_stays_short():
    r = koer("regler", "--dato", "2025-06-01")
    assert r.exit_code == 0
    vaerdier = [line.split("│")[2] for line in r.output.splitlines() if line.count("│") == 5]
    assert vaerdier and not any("skaerpet_tilsyn" in v or "vejledning_opkvalificering" in v for v in vaerdier)
    assert any("skærpet tilsyn" in v for v in vaerdier)
    # a rule's name (for --sti) is never broken over two lines
    assert "benchmark.passiv_maaneder" in r.output
