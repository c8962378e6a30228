"""Bad input to `tilsyn validate` and `tilsyn import` (issue 14, item 5): whatever the files and paths,
exit 0 or 2 with Danish lines, never a traceback, and the store unchanged on exit 2."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from leverance import VALID, write_dir
from typer.testing import CliRunner

from tilsyn.cli import app

runner = CliRunner()
HUGE = "x" * (130 << 10)  # over the csv module's field limit of 128 KiB
KINDS = ["huge header", "huge value", "latin-1", "utf-16", "utf-16 without bom", "garbage", "nul",
         "empty", "folder", "broken link", "no permission"]
# The case of issue 14: a caseworker table from Excel's "CSV", which is Windows-1252, not UTF-8.
LATIN_1 = ("sagsbehandlere", "latin-1", VALID["sagsbehandlere"].replace("Anna", "Søren").encode("latin-1"))
STORES = ["new", "existing", "missing folder", "folder", "garbage", "empty file"]


def _rows(name: str) -> list[list[str]]:
    return [line.split(",") for line in VALID[name].splitlines()]


def _text(rows: list[list[str]]) -> str:
    return "".join(",".join(r) + "\n" for r in rows)


@st.composite
def deliveries(draw) -> tuple[str, str, object]:
    """(table, kind, content): one table of the valid delivery broken in one way; content is bytes,
    or None for a kind that is not a plain file."""
    name = draw(st.sampled_from(sorted(VALID)))
    kind = draw(st.sampled_from(KINDS))
    rows = _rows(name)
    r = draw(st.integers(1, len(rows) - 1))
    c = draw(st.integers(0, len(rows[0]) - 1))
    if kind == "huge header":
        rows[0][c] = HUGE
    elif kind in ("huge value", "latin-1"):
        rows[r][c] = HUGE if kind == "huge value" else "Søren Ærø"
    text = _text(rows)
    if kind == "latin-1":
        return name, kind, text.encode("latin-1")
    if kind in ("utf-16", "utf-16 without bom"):
        return name, kind, text.encode("utf-16" if kind == "utf-16" else "utf-16-le")
    if kind == "garbage":
        return name, kind, draw(st.binary(min_size=1, max_size=300))
    if kind == "nul":
        data = text.encode()
        at = draw(st.integers(0, len(data)))
        return name, kind, data[:at] + b"\0" * draw(st.integers(1, 3)) + data[at:]
    if kind == "empty":
        return name, kind, b""
    return name, kind, None if kind in ("folder", "broken link", "no permission") else text.encode()


def _place(data: Path, name: str, kind: str, content: bytes | None) -> None:
    path = data / f"{name}.csv"
    path.unlink()
    if kind == "folder":
        path.mkdir()
    elif kind == "broken link":
        path.symlink_to(data / "findes-ikke.csv")
    elif kind == "no permission":
        path.write_text(VALID[name])
        path.chmod(0)  # as root still readable: then the delivery is valid
    else:
        path.write_bytes(content)


def _store(tmp: Path, kind: str, baseline: Path) -> Path:
    if kind == "missing folder":
        return tmp / "mangler" / "lager.duckdb"
    if kind == "folder":
        return tmp
    store = tmp / "lager.duckdb"
    if kind == "existing":
        shutil.copyfile(baseline, store)
    elif kind == "garbage":
        store.write_bytes(b"\0\1ikke et lager")
    elif kind == "empty file":
        store.write_bytes(b"")
    return store


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _invoke(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 2), (args, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deliveries(), st.sampled_from(STORES), st.sampled_from(["folder", "a file", "missing"]))
@example(LATIN_1, "existing", "folder")
@example(("personer", "huge header", (HUGE + "\n").encode()), "missing folder", "folder")
def test_bad_files_and_paths_exit_0_or_2_without_a_traceback(baseline_store: Path, delivery, store_kind: str,
                                                             data_kind: str):
    name, kind, content = delivery
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = write_dir(tmp / "data", VALID)
        _place(data, name, kind, content)
        given_dir = {"folder": data, "a file": data / "personer.csv", "missing": tmp / "ingen"}[data_kind]
        store = _store(tmp, store_kind, baseline_store)
        before = _digest(store)
        checked = _invoke(["validate", str(given_dir)])
        imported = _invoke(["import", str(given_dir), "--store", str(store)])
        if imported.exit_code == 2:
            assert _digest(store) == before
            assert not list(tmp.glob(".lager.duckdb*"))
        if kind == "latin-1" and data_kind == "folder":
            first = "teksten er ikke gyldig UTF-8"
            assert checked.exit_code == 2 and first in checked.output.splitlines()[0], checked.output
            if store_kind in ("new", "existing"):
                assert first in imported.output.splitlines()[0], imported.output
