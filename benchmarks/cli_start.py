"""Benchmark: how soon the command line answers — `tilsyn --help`, a command's `--help`, an argument
error — and a command's fixed cost beside its computation.

Run from the repository root:  .venv/bin/python benchmarks/cli_start.py [--gentag 9] [--personer 5000]
Each case runs as a fresh process, repeated, and is reported as its median wall time beside the
anchor measured in the same run: `python -c pass` with the same interpreter (what any Python command
costs before it does anything). The fixed cost of a command is its wall time minus the same work done
inside an interpreter that has already imported what it needs (open the data, compute, write the
CSV). Writes its figures into docs/performance.md under "## The command line start" (replacing only
that section); the small data set stays in benchmarks/out/cli_start.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROD = Path(__file__).resolve().parents[1]
UD = ROD / "benchmarks" / "out" / "cli_start"
DOK = ROD / "docs" / "performance.md"
OVERSKRIFT = "## The command line start"
MAANED = "2023-06"
TILSYN = [sys.executable, "-c", "import sys; from tilsyn.cli import app; sys.exit(app())"]

# the same work as `tilsyn fokusmaal --data STORE --maaned M --out F`, timed after the imports
INDE = """
import sys, time
from datetime import date
from pathlib import Path
from tilsyn.engine import backends
from tilsyn.resultater import Resultater, skriv_csv
start = time.perf_counter()
r = Resultater(backends.open_data(Path(sys.argv[1]), "duckdb"))
m = date.fromisoformat(sys.argv[2] + "-01")
skriv_csv(r.fokusmaal(m, m), Path(sys.argv[3]))
print(time.perf_counter() - start)
"""


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def tid(args: list[str], gentag: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + system) of `args` run `gentag` times
    (output thrown away; exit code not checked: an argument error exits 2 on purpose). On a shared
    machine the CPU time is the steadier of the two."""
    vaeg, cpu = [], []
    for _ in range(gentag):
        start, c = time.perf_counter(), _cpu()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "100"})
        vaeg.append(time.perf_counter() - start)
        cpu.append(_cpu() - c)
    return statistics.median(vaeg), statistics.median(cpu)


def inde(store: Path, ud: Path, gentag: int) -> float:
    """Median seconds of the command's work inside Python, imports excluded."""
    return statistics.median(
        float(subprocess.run([sys.executable, "-c", INDE, str(store), MAANED, str(ud)], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1])
        for _ in range(gentag)
    )


def data(personer: int) -> Path:
    """A small store (made once): the fixed cost is what is measured, not the computation."""
    store = UD / f"store_{personer}.duckdb"
    if not store.exists():
        UD.mkdir(parents=True, exist_ok=True)
        d = UD / f"data_{personer}"
        subprocess.run([*TILSYN, "generate", str(d), "--persons", str(personer), "--seed", "1", "--fra", "2019-01",
                        "--til", "2023-12"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*TILSYN, "import", str(d), "--store", str(store)], check=True, stdout=subprocess.DEVNULL)
    return store


def skriv(tekst: str) -> None:
    """Replace this benchmark's section of docs/performance.md, keeping every other section."""
    linjer = DOK.read_text(encoding="utf-8").splitlines(keepends=True)
    if any(line.rstrip("\n") == OVERSKRIFT for line in linjer):
        i = next(i for i, line in enumerate(linjer) if line.rstrip("\n") == OVERSKRIFT)
        j = next((k for k in range(i + 1, len(linjer)) if linjer[k].startswith("## ")), len(linjer))
        ny = "".join(linjer[:i]) + tekst + ("\n" + "".join(linjer[j:]) if j < len(linjer) else "")
    else:
        ny = "".join(linjer).rstrip("\n") + "\n\n" + tekst
    DOK.write_text(ny, encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gentag", type=int, default=9, help="runs per case (the median is reported)")
    p.add_argument("--personer", type=int, default=5000, help="persons in the data set for the fixed cost")
    a = p.parse_args()
    store = data(a.personer)
    csv = UD / "fokusmaal.csv"
    last = os.getloadavg()[0]
    anker = tid([sys.executable, "-c", "pass"], a.gentag)
    svar = {
        "`tilsyn --help`": tid([*TILSYN, "--help"], a.gentag),
        "`tilsyn fokusmaal --help`": tid([*TILSYN, "fokusmaal", "--help"], a.gentag),
        "`tilsyn sag vis --help`": tid([*TILSYN, "sag", "vis", "--help"], a.gentag),
        "`tilsyn fokusmaal --zz` (unknown option)": tid([*TILSYN, "fokusmaal", "--zz"], a.gentag),
        "`tilsyn frister --kommune` (missing value)": tid([*TILSYN, "frister", "--kommune"], a.gentag),
        "`tilsyn regler --dato 2025-06-01 --sti tilsyn`": tid([*TILSYN, "regler", "--dato", "2025-06-01", "--sti", "tilsyn"], a.gentag),
    }
    kommando = tid([*TILSYN, "fokusmaal", "--data", str(store), "--maaned", MAANED, "--out", str(csv)], a.gentag)
    skript = tid([sys.executable, "-c", INDE, str(store), MAANED, str(csv)], a.gentag)
    beregning = inde(store, csv, a.gentag)
    fast = (kommando[0] - skript[0], kommando[1] - skript[1])
    raekker = "\n".join(f"| {navn} | {v:.3f} | {v / anker[0]:.1f}× | {c:.3f} | {c / max(anker[1], 1e-3):.1f}× |"
                         for navn, (v, c) in svar.items())
    tekst = f"""{OVERSKRIFT}

Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/cli_start.py --gentag {a.gentag} --personer {a.personer}`:
each case a fresh process, median of {a.gentag} runs; the anchor `python -c pass` ({platform.python_version()}, the same
interpreter) measured in the same run: **{anker[0]:.3f} s** wall, {anker[1]:.3f} s CPU. 2 cores shared with other
work, load average {last:.1f} at the start (under load the wall times stretch; the CPU time, user + system,
is what the command itself costs).

| what | median wall s | × anchor | median CPU s | × anchor |
|---|---:|---:|---:|---:|
{raekker}

A command's fixed cost: `tilsyn fokusmaal --data STORE --maaned {MAANED} --out F` ({a.personer:,} persons) took
{kommando[0]:.2f} s wall, {kommando[1]:.2f} s CPU (medians); the same work as a plain Python script in a fresh
process (import the engine and the results layer, open the store, compute, write the CSV) {skript[0]:.2f} s wall,
{skript[1]:.2f} s CPU, of which {beregning:.2f} s after the imports. What the command line adds to the script
(its start, Typer, the frame, the status line): **{fast[0]:.2f} s wall, {fast[1]:.2f} s CPU** (goal ≤ 0.5 s).
The rest of a small command's time is the imports of ibis, DuckDB, PyArrow and pandas that any use of
the engine pays.

Why it is quick: a command module imports at its top only Typer and `tilsyn.cli.app`; what a
command computes with (engine, stores, web) is imported inside the command when it runs
(`src/tilsyn/cli/__init__.py`). `tests/data/test_cli_start.py` checks in a fresh interpreter that
help and argument errors load none of ibis, DuckDB, Polars, pandas, PyArrow, SQLAlchemy, Alembic,
FastAPI or uvicorn. What remains of the help's time is Python, Typer and Rich (Typer's help panels
import `rich.markdown`).
"""
    skriv(tekst)
    print(tekst)


if __name__ == "__main__":
    main()
