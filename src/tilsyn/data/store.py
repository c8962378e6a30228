"""The analytic store: one DuckDB file with the tables of `schema.py`, imported whole or not at all.

An import validates first; on any problem nothing is written. The new database is built in
a private temporary directory next to the store, made owner-only (`tilsyn.filer.privat`) and moved
into place with `os.replace`, so a failure or a kill mid-import leaves the previous store as it
was. Validation loads the delivery straight into the new database, so the data are read
and written once. The ledger `_leverancer` records each table's content hash (with the tilsyn version): a
delivery identical to the stored one is neither validated again nor written (the file is not
touched). A killed import leaves its temporary directory (partial personal data) behind; the
next import of the same store removes it (`_ryd_efterladte`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tilsyn import __version__
from tilsyn.data import cpr
from tilsyn.data.daekning import Daekning, udled
from tilsyn.data.read import LINE, table_files
from tilsyn.data.schema import TABLES
from tilsyn.data.validate import Problem, Validated, _ident, report, validated
from tilsyn.filer import privat

LEDGER = "_leverancer"
DAEKNING = "_daekning"
NEW, REPLACED, UNCHANGED = "ny", "erstattet", "uændret"
_ABSENT = "-"
_UNREADABLE = "ulæselig"
_CHUNK = 1 << 20


class DataError(Exception):
    """The delivery (or the store path) is not usable; `problems` says why, line by line."""

    def __init__(self, problems: list[Problem], omitted: int = 0):
        self.problems = problems
        self.omitted = omitted
        super().__init__("\n".join(self.report()))

    def report(self) -> list[str]:
        return report(self.problems, self.omitted)


@dataclass
class ImportResult:
    store: Path
    status: dict[str, str]  # table -> ny | erstattet | uændret
    rows: dict[str, int]
    changed: bool
    daekning: Daekning


def import_dir(
    data_dir: Path,
    store_path: Path,
    *,
    cpr_noegle: bytes | None = None,
    daekning: Daekning | None = None,
    max_problems: int = 200,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Validate `data_dir` and make the store hold exactly this delivery (see module doc), with
    the months it covers: `daekning` as given, or derived from the data (`data.daekning`)."""
    progress = progress or (lambda _: None)
    store_path = Path(store_path)
    _check_writable(store_path)
    _ryd_efterladte(store_path)
    previous = _ledger(store_path)
    progress("Beregner indholdets fingeraftryk")
    hashes = _hashes(Path(data_dir), cpr_noegle)
    if previous and hashes and all(previous.get(n, ("",))[0] == hashes[n] for n in TABLES):
        stored = laes_daekning(store_path)
        if daekning is None or daekning == stored:
            # The very files this version validated and stored last time: nothing to do.
            return ImportResult(store_path, {n: UNCHANGED for n in TABLES}, _rows(store_path), False, stored)
    # The new store is built in a private temporary directory beside the old one (no one else can
    # read it while it is written): validation loads the tables straight into it, and only a
    # delivery without problems is made owner-only and swapped in.
    mappe = Path(tempfile.mkdtemp(prefix=f".{store_path.name}.", dir=store_path.parent))
    tmp = mappe / store_path.name
    laas = os.open(mappe / LAAS, os.O_WRONLY | os.O_CREAT, 0o600)
    fcntl.flock(laas, fcntl.LOCK_EX)  # held while this import runs; released by the kernel on a kill
    try:
        with validated(data_dir, max_problems=max_problems, cpr_noegle=cpr_noegle, progress=progress,
                       database=tmp) as v:
            if v.problems:
                raise DataError(v.problems, v.omitted)
            if daekning is None:
                daekning = udled(lambda q: v.con.execute(q).fetchall()[0][0], lambda n: f"t_{n}")
            if daekning is None:
                raise DataError([Problem(str(data_dir), None, "-", "leveringen har ingen daterede rækker, så "
                                         "det kan ikke udledes, hvilke måneder den dækker; angiv --fra og --til")])
            rows = {
                name: v.con.execute(f"SELECT count(*) FROM t_{name}").fetchone()[0] for name in TABLES
            }
            status = {
                name: NEW if name not in previous
                else UNCHANGED if previous[name][0] == hashes[name] else REPLACED
                for name in TABLES
            }
            now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
            ledger = [
                (name, v.files[name].name if v.files[name] else None, hashes[name], rows[name],
                 previous[name][1] if status[name] == UNCHANGED else now)
                for name in TABLES
            ]
            _finish(v, ledger, daekning, progress)
        os.replace(privat(tmp), store_path)
    finally:
        shutil.rmtree(mappe, ignore_errors=True)
        os.close(laas)
    return ImportResult(store_path, status, rows, True, daekning)


LAAS = ".import"
_UDEN_LAAS_S = 60  # a directory this young without its lock may be an import just starting


def _ryd_efterladte(store_path: Path) -> None:
    """Remove the temporary directories of this store's imports that were killed: those whose
    lock no running import holds. Other stores' directories and running imports are left alone."""
    navn = re.compile(rf"\.{re.escape(store_path.name)}\.[a-z0-9_]{{8}}")
    for mappe in store_path.parent.iterdir():
        if not (navn.fullmatch(mappe.name) and mappe.is_dir() and not mappe.is_symlink()):
            continue
        try:
            fd = os.open(mappe / LAAS, os.O_RDONLY)
        except FileNotFoundError:
            if time.time() - mappe.stat().st_mtime > _UDEN_LAAS_S:
                shutil.rmtree(mappe, ignore_errors=True)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # an import of this store is running
        else:
            shutil.rmtree(mappe, ignore_errors=True)
        finally:
            os.close(fd)


CACHE_ENV = "TILSYN_CACHE"
_CACHED_STORES = 4


def lager_for_mappe(data_dir: Path) -> Path:
    """The store of a data directory that a command was given instead of a store: imported once
    per content into the cache ($TILSYN_CACHE, else ~/.cache/tilsyn; owner-only), then reused
    while the files are unchanged, so the directory is validated once, not on every command.
    Only the few most recently used stores are kept. Raises `DataError` as `import_dir` does."""
    hashes = _hashes(Path(data_dir), None)
    key = hashlib.sha256("\0".join(f"{n}={h}" for n, h in sorted(hashes.items())).encode()).hexdigest()
    mappe = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "tilsyn") / "lagre"
    mappe.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = mappe / f"{key[:32]}.duckdb"
    if path.is_file():
        os.utime(path)
    else:
        import_dir(data_dir, path)
    gamle = sorted(mappe.glob("*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
    for gammel in gamle[_CACHED_STORES:]:
        gammel.unlink(missing_ok=True)
    return path


def summary(store_path: Path) -> dict[str, int]:
    """Row counts of every table, and `kommuner`: municipalities with benefit periods."""
    with _open(store_path) as con:
        counts = {"kommuner": con.execute(
            "SELECT count(DISTINCT kommune_kode) FROM ydelser").fetchone()[0]}
        for name in TABLES:
            counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return counts


def laes_daekning(store_path: Path) -> Daekning | None:
    """The coverage recorded at import; derived from the tables for a store made before it was
    recorded (None when not even that is possible)."""
    with _open(store_path) as con:
        return daekning_i(con)


def daekning_i(con: duckdb.DuckDBPyConnection) -> Daekning | None:
    """The coverage of an open store connection (see `laes_daekning`)."""
    try:
        fra, til, kilde = con.execute(f"SELECT fra, til, kilde FROM {DAEKNING}").fetchall()[0]
        return Daekning(fra, til, kilde)
    except duckdb.CatalogException:
        return udled(lambda q: con.execute(q).fetchall()[0][0], lambda n: n)


def check_store(store_path: Path) -> None:
    """Raise `DataError` unless `store_path` is a store made by `tilsyn import`, so that a command
    given a wrong path says so before it starts."""
    if not _ledger(Path(store_path)):
        raise DataError([Problem(str(store_path), None, "-", "lageret findes ikke")])


def _open(store_path: Path) -> duckdb.DuckDBPyConnection:
    if Path(store_path).is_dir():
        raise DataError([Problem(str(store_path), None, "-", "er en mappe, ikke en lagerfil")])
    if not Path(store_path).is_file():
        raise DataError([Problem(str(store_path), None, "-", "lageret findes ikke")])
    return duckdb.connect(str(store_path), read_only=True)


def _check_writable(store_path: Path) -> None:
    """The store can be written where it is asked for: checked before the work, not after."""
    folder = store_path.parent
    if store_path.is_dir():
        message = "er en mappe; angiv en fil til lageret, fx tilsyn.duckdb"
    elif not folder.is_dir():
        message = f"mappen {folder} findes ikke; opret den først"
    elif not os.access(folder, os.W_OK | os.X_OK):
        message = f"der kan ikke skrives i mappen {folder}"
    else:
        return
    raise DataError([Problem(str(store_path), None, "-", message)])


def ledger(store_path: Path) -> dict[str, tuple[str, datetime]]:
    """Each table's content hash and import time: what identifies the delivery in a store
    ({} when there is none)."""
    try:
        return _ledger(Path(store_path))
    except DataError:
        return {}


def _ledger(store_path: Path) -> dict[str, tuple[str, datetime]]:
    """The stored hash and import time per table; {} when there is no store yet."""
    if not store_path.exists():
        return {}
    not_a_store = DataError([Problem(
        str(store_path), None, "-",
        "filen findes, men er ikke et tilsyn-lager; vælg en anden --store eller flyt filen")])
    try:
        with _open(store_path) as con:
            rows = con.execute(f"SELECT tabel, sha256, importeret FROM {LEDGER}").fetchall()
    except duckdb.Error:
        raise not_a_store from None
    return {name: (digest, when) for name, digest, when in rows}


def _hashes(data_dir: Path, cpr_noegle: bytes | None) -> dict[str, str]:
    """A content hash per table file (`-` when absent); it also covers the tilsyn version and the
    CPR treatment, since either changes what is stored. {} when the directory is missing or
    unreadable; a file that cannot be read gets no hash, and validation says why."""
    try:
        files = table_files(data_dir)
    except OSError:
        return {}
    treatment = "pseudonym" if cpr_noegle is None else "cpr:" + cpr.key_fingerprint(cpr_noegle)
    hashes = {}
    for name in TABLES:
        paths = files.get(name, [])
        if len(paths) != 1:
            hashes[name] = _ABSENT if not paths else "flere filer"
            continue
        if not paths[0].is_file():  # a folder or a pipe: never opened
            hashes[name] = _UNREADABLE
            continue
        digest = hashlib.sha256(f"tilsyn {__version__}; {treatment}\0".encode())
        try:
            with paths[0].open("rb") as f:
                while chunk := f.read(_CHUNK):
                    digest.update(chunk)
            hashes[name] = digest.hexdigest()
        except OSError:
            hashes[name] = _UNREADABLE
    return hashes


def _rows(store_path: Path) -> dict[str, int]:
    with _open(store_path) as con:
        return dict(con.execute(f"SELECT tabel, raekker FROM {LEDGER}").fetchall())


def _finish(v: Validated, ledger: list[tuple], daekning: Daekning, progress) -> None:
    """Make the validated database the store: the checked tables take their names (without the
    line numbers), the ledger and the coverage are added, and everything is on disk."""
    progress("Skriver lageret")
    for name in TABLES:
        _write_table(v, name)
    v.con.execute("DROP TABLE problemer")
    v.con.execute(
        f"CREATE TABLE {LEDGER} (tabel VARCHAR, fil VARCHAR, sha256 VARCHAR, "
        "raekker BIGINT, importeret TIMESTAMP)"
    )
    v.con.executemany(f"INSERT INTO {LEDGER} VALUES (?, ?, ?, ?, ?)", ledger)
    v.con.execute(f"CREATE TABLE {DAEKNING} (fra DATE, til DATE, kilde VARCHAR)")
    v.con.execute(f"INSERT INTO {DAEKNING} VALUES (?, ?, ?)", [daekning.fra, daekning.til, daekning.kilde])
    v.con.execute("CHECKPOINT")


def _write_table(v: Validated, name: str) -> None:
    v.con.execute(f"ALTER TABLE t_{name} DROP COLUMN {LINE}")
    v.con.execute(f"ALTER TABLE t_{name} RENAME TO {_ident(name)}")
