"""Benchmark: `tilsyn validate` and `tilsyn import` on the 1 M-person data set (Parquet and CSV).

Run from the repository root:  .venv/bin/python benchmarks/data_import.py
Needs benchmarks/out/data_1m (made by benchmarks/generate_1m.py). Makes a CSV copy of it
(`;`-separated, decimal comma) in benchmarks/out/data_1m_csv, then times each step in a child
process and writes the figures into docs/performance.md under "## validate and import (1 M persons)"
(replacing only that section).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PARQUET, CSV = OUT / "data_1m", OUT / "data_1m_csv"
STORE = OUT / "store_1m.duckdb"
DOC = ROOT / "docs" / "performance.md"
HEADING = "## validate and import (1 M persons)"

STEP = """
import json, resource, sys, time
from pathlib import Path
from tilsyn.data.store import import_dir
from tilsyn.data.validate import validated
step, data, store = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
if step == "validate":
    with validated(data) as v:
        problems = [str(p) for p in v.problems]
        rows = sum(v.con.execute(f"SELECT count(*) FROM t_{n}").fetchone()[0] for n in v.columns)
else:
    result = import_dir(data, store)
    problems, rows = [], sum(result.rows.values())
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows, "problems": problems[:5],
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def step(name: str, data: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", STEP, name, str(data), str(STORE)],
                         check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    assert not figures["problems"], figures["problems"]
    return figures


def make_csv() -> None:
    """The Parquet data set as Danish-Excel-style CSV: `;` and decimal comma."""
    CSV.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        for f in sorted(PARQUET.glob("*.parquet")):
            columns = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{f}')").fetchall()
            select = ", ".join(
                f"replace(CAST(\"{c}\" AS VARCHAR), '.', ',') AS \"{c}\"" if t == "DOUBLE" else f'"{c}"'
                for c, t, *_ in columns
            )
            con.execute(f"COPY (SELECT {select} FROM read_parquet('{f}')) "
                        f"TO '{CSV / (f.stem + '.csv')}' (HEADER, DELIMITER ';')")


def main() -> None:
    if not PARQUET.is_dir():
        sys.exit("benchmarks/out/data_1m mangler: kør først .venv/bin/python benchmarks/generate_1m.py")
    make_csv()
    STORE.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    runs = [
        ("validate, Parquet", step("validate", PARQUET)),
        ("validate, CSV (`;`, decimal comma)", step("validate", CSV)),
        ("import into a new store, Parquet", step("import", PARQUET)),
        ("import again, unchanged", step("import", PARQUET)),
    ]
    lines = [
        HEADING, "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/data_import.py` on the "
        f"data set of `benchmarks/generate_1m.py`, on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}. Each step runs in its own process. Load average (1 min) "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after: other work on the machine "
        "slows the figures down.", "",
        "| step | rows | wall time | peak RSS |", "|---|---:|---:|---:|",
    ]
    for label, f in runs:
        lines.append(f"| {label} | {f['rows']:,} | {f['seconds']:.0f} s | {f['rss'] / 2**20:,.0f} MiB |")
    lines.append("")
    lines.append(f"Store file: {STORE.stat().st_size / 2**20:,.0f} MiB.")
    write_section("\n".join(lines) + "\n")
    print("\n".join(lines))


def write_section(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if HEADING in text:
        before, rest = text.split(HEADING, 1)
        following = rest.find("\n## ")
        text = before + section + ("\n" + rest[following + 1:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
