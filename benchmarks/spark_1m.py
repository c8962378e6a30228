"""Benchmark: `tilsyn fokusmaal --engine spark` on the 1 M-person store with Tilsyn's default
Spark settings (nothing set by hand), against its anchor, the same command on DuckDB; the two
CSV files must be identical.

Run from the repository root:  .venv/bin/python benchmarks/spark_1m.py
Needs benchmarks/out/store_1m.duckdb. Writes into docs/performance.md under HEADING.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data_import import write_section  # noqa: E402

from tilsyn.engine.backends import SPARK_ENV, spark_indstillinger  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
STORE = OUT / "store_1m.duckdb"
HEADING = "## fokusmaal --engine spark, 1 M persons, default settings"
MAANED = "2023-06"


def koer(engine: str) -> tuple[float, Path]:
    out = OUT / f"fokusmaal_{engine}.csv"
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("tilsyn")), "fokusmaal", "--data", str(STORE),
                    "--month", MAANED, "--out", str(out), "--engine", engine],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, out


def main() -> None:
    assert not any(os.environ.get(k) for k in SPARK_ENV), "benchmarken måler standardindstillingerne"
    load_before = os.getloadavg()[0]
    duck, duck_csv = koer("duckdb")
    spark, spark_csv = koer("spark")
    ens = duck_csv.read_bytes() == spark_csv.read_bytes()
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    s = spark_indstillinger()
    lines = [
        HEADING, "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/spark_1m.py`: `tilsyn fokusmaal "
        f"--data benchmarks/out/store_1m.duckdb --month {MAANED}` with `--engine duckdb` (anchor) and `--engine "
        f"spark`, whole command (Spark's start, the store's Parquet export once per delivery, reading, computing), "
        f"no Spark setting given by hand: `{s['spark.master']}`, driver memory {s['spark.driver.memory']}, "
        f"{s['spark.sql.shuffle.partitions']} shuffle partitions (from the machine, `backends.spark_indstillinger`); "
        f"{os.cpu_count()} cores shared with other work, Python {platform.python_version()}, load average "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after.", "",
        "| engine | wall time |", "|---|---:|",
        f"| anchor: DuckDB | {duck:.1f} s |",
        f"| Spark (local, defaults) | {spark:.1f} s |",
        f"| **ratio** | **{spark / duck:.0f}x** |", "",
        f"Output identical (byte for byte): **{'yes' if ens else 'NO'}**. Largest Python process: {rss:,.0f} MiB "
        "(the JVM's heap is not in it). Before issue 13 this failed with `Java heap space` already at 50,000 "
        "persons: every table was copied into the driver through Arrow; Spark now reads Parquet.",
    ]
    write_section("\n".join(lines) + "\n", HEADING)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
