from __future__ import annotations

from pathlib import Path

import pytest
from leverance import VALID, write_dir

from tilsyn.data.store import import_dir


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    return write_dir(tmp_path / "data", VALID)


@pytest.fixture(scope="module")
def baseline_store(tmp_path_factory) -> Path:
    """A store holding the valid delivery, which tests copy before they break an import."""
    base = tmp_path_factory.mktemp("base")
    target = base / "lager.duckdb"
    import_dir(write_dir(base / "data", VALID), target)
    return target


@pytest.fixture(scope="session")
def kalibreret(tmp_path_factory) -> Path:
    """`tilsyn generate` at the calibration's size: 100,000 persons, seed 1, 2019-01..2026-11 (the
    demo's period), generated once for the calibration test and the selection test."""
    from datetime import date

    from tilsyn.data.generate import generate

    out = tmp_path_factory.mktemp("kalibreret")
    generate(out, 100_000, 1, date(2019, 1, 1), date(2026, 11, 30))
    return out
