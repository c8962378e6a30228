"""An import killed with kill -9 leaves its temporary directory (partial personal data) beside
the store; the next import of that store removes it, and leaves a running import's directory and
other stores' alone."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from leverance import VALID, write_dir

from tilsyn.data.generate import generate
from tilsyn.data.store import LAAS, import_dir


def _efterladte(mappe: Path, store: str) -> list[str]:
    return sorted(p.name for p in mappe.iterdir() if p.name.startswith(f".{store}.") and p.is_dir())


def test_naeste_import_fjerner_et_draebt_imports_mappe(tmp_path):
    data = tmp_path / "data"
    generate(data, 3000, 5, date(2021, 1, 1), date(2023, 12, 31))
    store = tmp_path / "tilsyn.duckdb"
    # The import is held inside its validation (its progress callback waits once the temporary store
    # exists), so the kill always lands mid-import, however fast the machine.
    kode = (f"import glob, time\n"
            f"from tilsyn.data.store import import_dir\n"
            f"def vent(*a, **k):\n"
            f"    if glob.glob({str(tmp_path)!r} + '/.tilsyn.duckdb.*/tilsyn.duckdb'):\n"
            f"        time.sleep(600)\n"
            f"import_dir({str(data)!r}, {str(store)!r}, progress=vent)\n")
    proces = subprocess.Popen([sys.executable, "-c", kode], env=os.environ.copy())
    try:
        slut = time.monotonic() + 120
        while not any((tmp_path / n / "tilsyn.duckdb").exists() for n in _efterladte(tmp_path, "tilsyn.duckdb")):
            assert proces.poll() is None and time.monotonic() < slut, "the import did not start writing"
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        proces.send_signal(signal.SIGKILL)
        proces.wait()
    (efterladt,) = _efterladte(tmp_path, "tilsyn.duckdb")
    assert not store.exists()

    anden = tmp_path / "anden.duckdb"  # another store's leftover is not this import's to remove
    (tmp_path / ".anden.duckdb.abcdefgh").mkdir()
    koerende = tmp_path / ".tilsyn.duckdb.koerer12"  # an import of this store still running
    koerende.mkdir()
    fd = os.open(koerende / LAAS, os.O_WRONLY | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        import_dir(write_dir(tmp_path / "lille", VALID), store)
    finally:
        os.close(fd)
    assert store.exists() and efterladt not in _efterladte(tmp_path, "tilsyn.duckdb")
    assert _efterladte(tmp_path, "tilsyn.duckdb") == [koerende.name]
    assert _efterladte(tmp_path, "anden.duckdb") == [".anden.duckdb.abcdefgh"] and not anden.exists()
