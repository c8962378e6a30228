"""Malformed deliveries never crash `tilsyn import` and never change the store."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leverance import VALID, write_dir
from typer.testing import CliRunner

from tilsyn.cli import app

runner = CliRunner()
BAD_DATES = ["2024-02-30", "2024-13-01", "24-01-01", "2024/01/01", "1.1.2024", "0000-00-00", " ", "ÆØÅ"]
CELL_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


def _cells(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.splitlines()]


def _join(rows: list[list[str]], sep: str = ",") -> bytes:
    return ("\n".join(sep.join(r) for r in rows) + "\n").encode("utf-8")


@st.composite
def malformed(draw) -> tuple[str, bytes]:
    """One table of the valid delivery, broken in one of four ways."""
    name = draw(st.sampled_from(sorted(VALID)))
    rows = _cells(VALID[name])
    kind = draw(st.sampled_from(["bytes", "cells", "columns", "dates"]))
    if kind == "bytes":
        return name, draw(st.binary(max_size=200))
    if kind == "columns":
        drop = draw(st.sets(st.integers(0, len(rows[0]) - 1), min_size=1))
        return name, _join([[c for i, c in enumerate(r) if i not in drop] for r in rows])
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(1, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(CELL_TEXT if kind == "cells" else st.sampled_from(BAD_DATES))
    return name, _join(rows, draw(st.sampled_from([",", ";"])) if kind == "dates" else ",")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(malformed())
def test_malformed_input_no_crash_no_partial_import(baseline_store: Path, case: tuple[str, bytes]):
    name, content = case
    with tempfile.TemporaryDirectory() as tmp:
        data = write_dir(Path(tmp) / "data", {**VALID, name: content})
        target = Path(tmp) / "lager.duckdb"
        shutil.copyfile(baseline_store, target)
        before = hashlib.sha256(target.read_bytes()).hexdigest()
        result = runner.invoke(app, ["import", str(data), "--store", str(target)])
        assert result.exit_code in (0, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert hashlib.sha256(target.read_bytes()).hexdigest() == before
            assert sorted(p.name for p in Path(tmp).iterdir()) == ["data", "lager.duckdb"]
