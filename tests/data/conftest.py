from __future__ import annotations

from pathlib import Path

import pytest
from leverance import VALID, write_dir


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    return write_dir(tmp_path / "data", VALID)
