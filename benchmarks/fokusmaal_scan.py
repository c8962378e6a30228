"""Benchmark: fokusmål of one national month and of 60 months on the 1 M-person store, against the
scan limit: one DuckDB pass over the same four event tables, reading every value of the columns
fokusmål needs once (ydelser person_id, kommune_kode, ydelse, start, slut; samtaler person_id,
dato; tilbud person_id, start, slut; beskaeftigelse person_id, maaned, timer). No computation of
fokusmål can read less, so the ratio says how much it spends beyond reading its input
(targets: <= 3x for one month, <= 5x for 60 months).

Run from the repository root:  .venv/bin/python benchmarks/fokusmaal_scan.py [--runde 2] [--store S]
Needs benchmarks/out/store_1m.duckdb (`tilsyn generate benchmarks/out/data_1m --persons 1000000
--seed 1`, then `tilsyn import benchmarks/out/data_1m --store benchmarks/out/store_1m.duckdb`).
Each step runs in its own process, the store opened first and not timed, the three alternately;
best wall time of the rounds, highest peak RSS. The fokusmål steps are what `tilsyn fokusmaal
--maaned 2023-06` and `--fra 2020-01 --til 2024-12` compute once the store is open
(`Resultater.fokusmaal`: build, compile and run the expression, the result table). The scan's
aggregate is a hash of each row's values (min/max DuckDB could answer from its statistics
without reading). Writes its section of docs/performance.md.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data_import import alternately, results_call, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "benchmarks" / "out" / "store_1m.duckdb"
HEADING = "## fokusmål against the scan limit, 1 M persons"
MAANED, FRA, TIL = "2023-06", "2020-01", "2024-12"

SCAN_SQL = """SELECT * FROM
 (SELECT count(*), bit_xor(hash(person_id, kommune_kode, ydelse, start, slut)) FROM ydelser),
 (SELECT count(*), bit_xor(hash(person_id, dato)) FROM samtaler),
 (SELECT count(*), bit_xor(hash(person_id, start, slut)) FROM tilbud),
 (SELECT count(*), bit_xor(hash(person_id, maaned, timer)) FROM beskaeftigelse)"""

_SCAN = r"""
import json, resource, sys, time
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
start, cpu = time.perf_counter(), time.process_time()
rows = con.execute(sys.argv[2]).fetchall()
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "rows": len(rows),
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""

CALLS = {
    "fokusmaal_maaned": "r.fokusmaal(date.fromisoformat(sys.argv[2] + '-01'))",
    "fokusmaal_60": "r.fokusmaal(date.fromisoformat(sys.argv[3] + '-01'), date.fromisoformat(sys.argv[4] + '-01'))",
}


def step(name: str, store: Path) -> dict:
    if name == "scan":
        out = subprocess.run([sys.executable, "-c", _SCAN, str(store), SCAN_SQL],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])
    return results_call(CALLS[name], store, MAANED, FRA, TIL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runde", type=int, default=2)
    parser.add_argument("--store", type=Path, default=STORE)
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"{args.store} mangler: se benchmarkens docstring")
    load_before = os.getloadavg()[0]
    runs, best, rss, walls = alternately(["scan", "fokusmaal_maaned", "fokusmaal_60"], args.runde,
                                         lambda n: step(n, args.store))
    par = [(r1["seconds"], r2["seconds"], r3["seconds"]) for r1, r2, r3 in
           zip(runs["scan"], runs["fokusmaal_maaned"], runs["fokusmaal_60"])]
    en, tres = best["fokusmaal_maaned"] / best["scan"], best["fokusmaal_60"] / best["scan"]
    cpu = {n: min(f["cpu"] for f in r) for n, r in runs.items()}
    lines = [
        HEADING, "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/fokusmaal_scan.py --runde {args.runde}` "
        f"on `{args.store.name}` (1,000,000 persons, seed 1, 2019-01..2026-11), {os.cpu_count()} cores shared with "
        f"other work, Python {platform.python_version()}; load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after; alternately, each in its own process (the store opened first, not "
        f"timed); best wall time of the rounds, highest peak RSS. All wall times: {walls}.",
        "",
        "| | wall time | CPU (all threads) | peak RSS | × scan (best wall) | × scan (round by round) | × scan (CPU) "
        "| target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        f"| anchor: one DuckDB pass over the four event tables (the columns fokusmål reads) | "
        f"{best['scan']:.2f} s | {cpu['scan']:.2f} s | {rss['scan'] / 2**20:,.0f} MiB | 1 | | 1 | |",
        f"| `tilsyn fokusmaal --maaned {MAANED}` (national, with the rolling mean) | "
        f"{best['fokusmaal_maaned']:.2f} s | {cpu['fokusmaal_maaned']:.2f} s | "
        f"{rss['fokusmaal_maaned'] / 2**20:,.0f} MiB | **{en:.1f}x** | "
        + ", ".join(f"{m / s:.1f}x" for s, m, _ in par) + f" | {cpu['fokusmaal_maaned'] / cpu['scan']:.1f}x "
        f"| <= 3x: {'met' if en <= 3 else 'not met'} |",
        f"| `tilsyn fokusmaal --fra {FRA} --til {TIL}` (60 months) | {best['fokusmaal_60']:.2f} s | "
        f"{cpu['fokusmaal_60']:.2f} s | {rss['fokusmaal_60'] / 2**20:,.0f} MiB | **{tres:.1f}x** | "
        + ", ".join(f"{t / s:.1f}x" for s, _, t in par) + f" | {cpu['fokusmaal_60'] / cpu['scan']:.1f}x "
        f"| <= 5x: {'met' if tres <= 5 else 'not met'} |",
        "",
    ]
    write_section("\n".join(lines), HEADING)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
