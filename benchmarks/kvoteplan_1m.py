"""Benchmark: `kvoteplan` of the data's last day (its month and the two after, the country, all 98
municipalities, their teams and the a-kasser) on 1 M persons, against its anchor, `kvoteopfyldelse`
of the same month on the same store (the quotas' cohort and windows are the same; target <= 1.5x).

Run from the repository root:  .venv/bin/python benchmarks/kvoteplan_1m.py [--runde 2]
The quotas apply from 2026-07-01, so the 1 M data of the other benchmarks (2019-2023) have none:
this one generates its own on first use (`tilsyn generate --persons 1000000 --seed 1 --from 2025-12
--to 2026-11`, events from 2024-12) into benchmarks/out/data_1m_kvoter and imports it into
benchmarks/out/store_1m_kvoter.duckdb (both gitignored, reused when present). Each computation runs
in its own process, alternately; the best wall time and the highest peak RSS of the rounds count.
Writes into docs/performance.md under HEADING.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data_import import alternately, results_call, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "out" / "data_1m_kvoter"
STORE = ROOT / "benchmarks" / "out" / "store_1m_kvoter.duckdb"
HEADING = "## kvoteplan against kvoteopfyldelse, 1 M persons"
FRA, TIL = "2025-12", "2026-11"
DAG = date(2026, 11, 30)

CALLS = {"kvoteplan": "r.kvoteplan(date.fromisoformat(sys.argv[2]))",
         "kvoteopfyldelse": "r.kvoteopfyldelse(date.fromisoformat(sys.argv[2]))"}


def forbered() -> str:
    """Generate and import the data once; what was done, for the section."""
    tilsyn = Path(sys.executable).with_name("tilsyn")
    gjort = []
    if not DATA.exists():
        start = time.perf_counter()
        subprocess.run([str(tilsyn), "generate", str(DATA), "--persons", "1000000", "--seed", "1", "--from", FRA,
                        "--to", TIL], check=True, stdout=subprocess.DEVNULL)
        gjort.append(f"generated in {time.perf_counter() - start:.0f} s")
    if not STORE.exists():
        start = time.perf_counter()
        subprocess.run([str(tilsyn), "import", str(DATA), "--store", str(STORE)], check=True, stdout=subprocess.DEVNULL)
        gjort.append(f"imported in {time.perf_counter() - start:.0f} s")
    return "; ".join(gjort) or "data and store reused"


def step(name: str) -> dict:
    return results_call(CALLS[name], STORE, DAG.isoformat())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runde", type=int, default=2)
    args = parser.parse_args()
    gjort = forbered()
    print(gjort, flush=True)
    load_before = os.getloadavg()[0]
    runs, best, rss, walls = alternately(["kvoteopfyldelse", "kvoteplan"], args.runde, step)
    lines = [
        HEADING, "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/kvoteplan_1m.py --runde {args.runde}` "
        f"on `benchmarks/out/store_1m_kvoter.duckdb` (1,000,000 persons, seed 1, `--from {FRA} --to {TIL}`; "
        f"{gjort}), plan day {DAG.isoformat()} (months 2026-11 to 2027-01, rolling 12 months each), national: "
        f"the country, 98 municipalities, their teams and the a-kasser; anchor `kvoteopfyldelse` of 2026-11 "
        f"(country, 98 municipalities, a-kasser, rolling 12 months). {os.cpu_count()} cores shared with other "
        f"work, Python {platform.python_version()}; load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after; alternately, each in its own process (the store opened first, not "
        f"timed); best wall time of the rounds, highest peak RSS. All wall times: {walls}.",
        "",
        "| | wall time | peak RSS | rows |", "|---|---:|---:|---:|",
        f"| anchor: `kvoteopfyldelse` 2026-11 | {best['kvoteopfyldelse']:.1f} s | "
        f"{rss['kvoteopfyldelse'] / 2**20:,.0f} MiB | {runs['kvoteopfyldelse'][0]['rows']:,} |",
        f"| `kvoteplan` {DAG.isoformat()}, 3 months | {best['kvoteplan']:.1f} s | {rss['kvoteplan'] / 2**20:,.0f} MiB "
        f"| {runs['kvoteplan'][0]['rows']:,} |",
        f"| **ratio** (target <= 1.5x) | **{best['kvoteplan'] / best['kvoteopfyldelse']:.2f}x** | "
        f"**{rss['kvoteplan'] / rss['kvoteopfyldelse']:.2f}x** | |",
        "",
        "How: one cohort (`kvoter.kohorte`) over the 14 months the plan reads (11 before the first plan month "
        "to the last), its events counted up to the plan day; the windows are gathered once at the finest "
        "unit (municipality, team, a-kasse, quota, month) and only those small counts are fanned out to the "
        "levels and plan months (the rolling 12 months of each plan month are sums of monthly counts).",
    ]
    write_section("\n".join(lines) + "\n", HEADING)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
