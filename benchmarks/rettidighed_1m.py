"""Benchmark: `rettidighed` of one month, national, on the 1 M-person store, against its anchor,
`fokusmaal` of the same month on the same store (the measure computed on intervals since issue 4).

Run from the repository root:  .venv/bin/python benchmarks/rettidighed_1m.py [--runde 2]
                               [--skala STORE_250K STORE_500K ...]
Needs benchmarks/out/store_1m.duckdb (`tilsyn generate benchmarks/out/data_1m --persons 1000000
--seed 1`, `tilsyn import benchmarks/out/data_1m --store benchmarks/out/store_1m.duckdb`). Each
computation runs in its own process, alternately; the best wall time and the highest peak RSS of
the rounds count. With `--skala`, the same pairs on smaller stores made the same way (`--persons
250000`, `500000`): the time exponent of each in persons (least squares over log time against
log persons; 1.0 is linear). Writes into docs/performance.md under HEADING.
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
from data_import import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "benchmarks" / "out" / "store_1m.duckdb"
HEADING = "## rettidighed against fokusmål, one month, 1 M persons"
MAANED = date(2023, 6, 1)

STEP = r"""
import json, resource, sys, time
from datetime import date
from tilsyn.resultater import aabn
r = aabn(sys.argv[2])
maaned = date.fromisoformat(sys.argv[3])
start, cpu = time.perf_counter(), time.process_time()
df = r.rettidighed(maaned) if sys.argv[1] == "rettidighed" else r.fokusmaal(maaned)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "rows": df.height,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def step(name: str, store: Path = STORE) -> dict:
    out = subprocess.run([sys.executable, "-c", STEP, name, str(store), MAANED.isoformat()],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runde", type=int, default=2)
    parser.add_argument("--skala", type=Path, nargs="*", default=[], help="smaller stores, for the exponent")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict]] = {"fokusmaal": [], "rettidighed": []}
    for _ in range(args.runde):
        for name in runs:
            runs[name].append(step(name))
            print(name, runs[name][-1], flush=True)
    best = {n: min(f["seconds"] for f in r) for n, r in runs.items()}
    rss = {n: max(f["rss"] for f in r) for n, r in runs.items()}
    lines = [
        HEADING, "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/rettidighed_1m.py --runde {args.runde}"
        + "".join(f" {a}" for a in (["--skala", *(_vist(s) for s in args.skala)] if args.skala else [])) + "` "
        f"on `benchmarks/out/store_1m.duckdb` (seed 1), month {MAANED:%Y-%m}, national (country + 98 "
        f"municipalities), {os.cpu_count()} cores shared with other work, Python {platform.python_version()}; "
        f"load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after; alternately, each in its own "
        "process (the store opened first, not timed); best wall time of the rounds, highest peak RSS. All wall "
        "times: " + "; ".join(f"{n} " + ", ".join(f"{f['seconds']:.1f} s" for f in r) for n, r in runs.items()) + ".",
        "",
        "| | wall time | peak RSS |", "|---|---:|---:|",
        f"| anchor: `fokusmaal` {MAANED:%Y-%m} | {best['fokusmaal']:.1f} s | {rss['fokusmaal'] / 2**20:,.0f} MiB |",
        f"| `rettidighed` {MAANED:%Y-%m} | {best['rettidighed']:.1f} s | {rss['rettidighed'] / 2**20:,.0f} MiB |",
        f"| **ratio** (target <= 1.3x in time) | **{best['rettidighed'] / best['fokusmaal']:.2f}x** | "
        f"**{rss['rettidighed'] / rss['fokusmaal']:.2f}x** |",
        "",
        "Each ratio pair by pair (the rounds in order): "
        + ", ".join(f"{r['seconds'] / f['seconds']:.2f}x" for f, r in zip(runs["fokusmaal"], runs["rettidighed"]))
        + "; in CPU time (all threads) "
        + ", ".join(f"{r['cpu'] / f['cpu']:.2f}x" for f, r in zip(runs["fokusmaal"], runs["rettidighed"]))
        + ".",
        "",
        *skala(args.skala, best, args.runde),
    ]
    write_section("\n".join(lines) + "\n", HEADING)
    print("\n".join(lines))


def _vist(sti: Path) -> str:
    return str(sti.resolve().relative_to(ROOT)) if sti.resolve().is_relative_to(ROOT) else str(sti)


def _personer(store: Path) -> int:
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT count(*) FROM personer").fetchone()[0]


def skala(stores: list[Path], best_1m: dict, runde: int) -> list[str]:
    """The pairs on the smaller stores, and each computation's time exponent in persons."""
    if not stores:
        return []
    import math

    punkter = []
    for store in stores:
        runs = {"fokusmaal": [], "rettidighed": []}
        for _ in range(runde):
            for name in runs:
                runs[name].append(step(name, store))
                print(store.name, name, runs[name][-1], flush=True)
        punkter.append((_personer(store), {n: min(f["seconds"] for f in r) for n, r in runs.items()}))
    punkter.append((_personer(STORE), best_1m))
    punkter.sort(key=lambda p: p[0])

    def eksponent(name: str) -> float:
        xs = [math.log(n) for n, _ in punkter]
        ys = [math.log(b[name]) for _, b in punkter]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)

    return [
        "| persons | `fokusmaal` | `rettidighed` | ratio |", "|---:|---:|---:|---:|",
        *(f"| {n:,} | {b['fokusmaal']:.2f} s | {b['rettidighed']:.2f} s | {b['rettidighed'] / b['fokusmaal']:.2f}x |"
          for n, b in punkter),
        "",
        f"Time exponent in persons (best of {runde} rounds each, in one run): `rettidighed` "
        f"**{eksponent('rettidighed'):.2f}**, `fokusmaal` {eksponent('fokusmaal'):.2f} (1.0 is linear).",
        "",
    ]


if __name__ == "__main__":
    main()
