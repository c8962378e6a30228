"""Benchmark: `tilsyn import` as a user runs it (the command, in a process of its own) against its
anchor, DuckDB loading the same Parquet files into a new database file and checking, in SQL,
duplicate person ids, unknown person ids, inverted periods and overlapping ydelser (the core of the
input format's checks).

Run from the repository root:  .venv/bin/python benchmarks/data_import.py [--runde 2] [--data DIR]
Needs benchmarks/out/data_1m (benchmarks/generate_1m.py) or another data folder (--data, e.g.
`tilsyn generate benchmarks/out/data_200k --persons 200000 --seed 1 --fra 2019-01 --til 2023-12`).
Each step runs in its own process, the anchor and the import alternately, so both see the same
machine; the best of the rounds counts (the machine is shared, so the best run is the least
disturbed one). Writes the figures and the ratios into docs/performance.md under HEADING,
replacing only that section.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PARQUET = OUT / "data_1m"
DOC = ROOT / "docs" / "performance.md"
TILSYN = Path(sys.executable).parent / "tilsyn"
HEADING = "## `tilsyn import` against DuckDB's own load-and-check"

STEP = r"""
import json, resource, shutil, subprocess, sys, time
from pathlib import Path
step, data, store = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
store.unlink(missing_ok=True)
shutil.rmtree(store.with_name(store.name + ".resultater"), ignore_errors=True)
start = time.perf_counter()
if step == "anker":
    import duckdb
    con = duckdb.connect(str(store))
    for f in sorted(data.glob("*.parquet")):
        con.execute(f"CREATE TABLE {f.stem} AS SELECT * FROM read_parquet('{f}')")
    checks = ["SELECT count(*) FROM (SELECT person_id FROM personer GROUP BY 1 HAVING count(*) > 1)"]
    checks += [f"SELECT count(*) FROM {t} WHERE person_id NOT IN (SELECT person_id FROM personer)"
               for t in ("ydelser", "samtaler", "tilbud", "beskaeftigelse", "fritagelser", "aftaler", "sagsstammer")]
    checks += [f"SELECT count(*) FROM {t} WHERE slut < start"
               for t in ("ydelser", "tilbud", "fritagelser", "sagsstammer", "fravaer")]
    checks.append("SELECT count(*) FROM (SELECT start, max(coalesce(slut, DATE '9999-12-31')) OVER "
                  "(PARTITION BY person_id ORDER BY start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) pe "
                  "FROM ydelser) WHERE pe >= start")
    problems = sum(con.execute(q).fetchone()[0] for q in checks)
    con.execute("CHECKPOINT")
    con.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
else:  # the command as a user runs it; its peak RSS is that of this process's only child
    problems = subprocess.run([sys.argv[4], "import", str(data), "--store", str(store)],
                              stdout=subprocess.DEVNULL).returncode
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": time.perf_counter() - start, "problems": problems, "rss": rss * 1024}))
"""


def step(name: str, data: Path) -> dict:
    store = OUT / f"{name}_{data.name}.duckdb"
    out = subprocess.run([sys.executable, "-c", STEP, name, str(data), str(store), str(TILSYN)],
                         check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["problems"] == 0, figures
    figures["MiB"] = store.stat().st_size / 2**20
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runde", type=int, default=2)
    parser.add_argument("--data", type=Path, default=PARQUET, help="the Parquet folder (default: the 1 M one)")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"{args.data} mangler: kør først .venv/bin/python benchmarks/generate_1m.py")
    personer = _personer(args.data)
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict]] = {"anker": [], "import": []}
    for _ in range(args.runde):
        for name in runs:
            runs[name].append(step(name, args.data))
            print(name, runs[name][-1], flush=True)
    best = {n: min(r, key=lambda f: f["seconds"]) for n, r in runs.items()}
    rss = {n: max(f["rss"] for f in r) for n, r in runs.items()}
    a, i = best["anker"], best["import"]
    lines = [
        HEADING, "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/data_import.py --runde {args.runde}"
        + ("" if args.data == PARQUET else f" --data {_vist(args.data)}") + "` "
        f"on `{_vist(args.data)}` ({personer:,} persons, seed 1, Parquet), {os.cpu_count()} cores shared with other work, Python "
        f"{platform.python_version()}; load average (1 min) {load_before:.1f} before and {os.getloadavg()[0]:.1f} "
        "after. Anchor and import ran alternately, each in its own process; best wall time of the rounds, "
        "highest peak RSS. All wall times of the rounds: "
        + "; ".join(f"{n} " + ", ".join(f"{f['seconds']:.1f} s" for f in r) for n, r in runs.items()) + ".", "",
        "| step | wall time | peak RSS | file |", "|---|---:|---:|---:|",
        f"| anchor: DuckDB `CREATE TABLE AS read_parquet` + duplicate/unknown ids, inverted and overlapping "
        f"periods in SQL | {a['seconds']:.1f} s | {rss['anker'] / 2**20:,.0f} MiB | {a['MiB']:,.0f} MiB |",
        f"| `tilsyn import DATA --store STORE`, the whole command (every check of the input format, atomic, "
        f"ledger) | {i['seconds']:.1f} s | {rss['import'] / 2**20:,.0f} MiB | {i['MiB']:,.0f} MiB |",
        f"| **ratio** (target <= 1.5x each) | **{i['seconds'] / a['seconds']:.2f}x** | "
        f"**{rss['import'] / rss['anker']:.2f}x** | |",
    ]
    write_section("\n".join(lines) + "\n", HEADING)
    print("\n".join(lines))


def _vist(sti: Path) -> str:
    return str(sti.resolve().relative_to(ROOT)) if sti.resolve().is_relative_to(ROOT) else str(sti)


def _personer(data: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(data / "personer.parquet").metadata.num_rows


def write_section(section: str, heading: str) -> None:
    """Replace the section under `heading` in docs/performance.md (or append it)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if heading in text:
        before, rest = text.split(heading, 1)
        following = rest.find("\n## ")
        text = before + section + ("\n" + rest[following + 1:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


_RESULTAT = r"""
import json, resource, sys, time
from datetime import date
from tilsyn.resultater import aabn
r = aabn(sys.argv[1])
start, cpu = time.perf_counter(), time.process_time()
df = CALL
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "rows": df.height,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def results_call(call: str, store: Path, *args: str) -> dict:
    """Time `call` (an expression on `r`, the store's `Resultater`, and `sys.argv[2:]` = `args`) in a
    process of its own, the store opened first and not timed: seconds, CPU seconds (all threads:
    what the machine's other work does not stretch as much), rows, peak RSS."""
    out = subprocess.run([sys.executable, "-c", _RESULTAT.replace("CALL", call), str(store), *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def alternately(names: list[str], runde: int, step) -> tuple[dict, dict, dict, str]:
    """Run `step(name)` for each name in turn, `runde` rounds (each its own process, so the machine's
    other work hits them alike): the runs, the best wall time and highest peak RSS per name, and
    every wall time as text."""
    runs: dict[str, list[dict]] = {n: [] for n in names}
    for _ in range(runde):
        for name in runs:
            runs[name].append(step(name))
            print(name, runs[name][-1], flush=True)
    best = {n: min(f["seconds"] for f in r) for n, r in runs.items()}
    rss = {n: max(f["rss"] for f in r) for n, r in runs.items()}
    walls = "; ".join(f"{n} " + ", ".join(f"{f['seconds']:.1f} s" for f in r) for n, r in runs.items())
    return runs, best, rss, walls


if __name__ == "__main__":
    main()
