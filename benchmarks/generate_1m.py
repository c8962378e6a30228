"""Benchmark: `tilsyn generate --persons 1000000` — wall time, peak memory, rows and bytes on disk.

Run from the repository root:  .venv/bin/python benchmarks/generate_1m.py
Writes its figures into docs/performance.md under "## generate --persons 1000000" (replacing only
that section) and leaves the data set in benchmarks/out/data_1m for the other performance runs.
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

import pyarrow.parquet as pq

ROD = Path(__file__).resolve().parents[1]
UD = ROD / "benchmarks" / "out" / "data_1m"
DOK = ROD / "docs" / "performance.md"
OVERSKRIFT = "## generate --persons 1000000"
PERSONER, SEED = 1_000_000, 1
# A fixed period (the default ends with the last complete month, so it would grow every month):
# runs stay comparable, and the other performance runs read the months of 2023 from this data set.
FRA, TIL = "2019-01", "2023-12"


def koer() -> tuple[float, float, int]:
    """Run the command in a child process; wall seconds, CPU seconds (user + system) and the
    child's peak RSS in bytes."""
    tilsyn = Path(sys.executable).with_name("tilsyn")
    start = time.perf_counter()
    subprocess.run(
        [str(tilsyn), "generate", str(UD), "--persons", str(PERSONER), "--seed", str(SEED), "--from", FRA, "--to", TIL],
        check=True, stdout=subprocess.DEVNULL,
    )
    sekunder = time.perf_counter() - start
    brug = resource.getrusage(resource.RUSAGE_CHILDREN)
    return sekunder, brug.ru_utime + brug.ru_stime, brug.ru_maxrss * 1024


def afsnit(sekunder: float, cpu: float, rss: int, belastning: float) -> str:
    filer = sorted(UD.glob("*.parquet"))
    linjer = [
        OVERSKRIFT,
        "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/generate_1m.py` "
        f"(`tilsyn generate benchmarks/out/data_1m --persons {PERSONER} --seed {SEED} --from {FRA} --to {TIL}`, "
        f"Parquet/zstd), on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}.",
        "",
        f"- wall time: **{sekunder:.0f} s** ({sekunder / 60:.1f} min); CPU time (user + system): "
        f"{cpu:.0f} s; load average when started: {belastning:.1f} (other work on the machine "
        "stretches the wall time, not the CPU time)",
        f"- peak RSS: **{rss / 2**20:.0f} MiB** (persons are generated and written in chunks of 25,000)",
        f"- on disk: **{sum(f.stat().st_size for f in filer) / 2**20:.0f} MiB** in {len(filer)} files, "
        "left in `benchmarks/out/data_1m` (gitignored) as input for the other performance runs",
        "",
        "| table | rows | MiB |",
        "|---|---:|---:|",
    ]
    for f in filer:
        linjer.append(f"| {f.stem} | {pq.ParquetFile(f).metadata.num_rows:,} | {f.stat().st_size / 2**20:.1f} |")
    return "\n".join(linjer) + "\n"


def skriv(tekst: str) -> None:
    """Replace this benchmark's section of docs/performance.md, keeping every other section."""
    gammel = DOK.read_text(encoding="utf-8") if DOK.exists() else "# Performance\n"
    linjer = gammel.splitlines(keepends=True)
    if any(l.rstrip("\n") == OVERSKRIFT for l in linjer):
        i = next(i for i, l in enumerate(linjer) if l.rstrip("\n") == OVERSKRIFT)
        j = next((k for k in range(i + 1, len(linjer)) if linjer[k].startswith("## ")), len(linjer))
        ny = "".join(linjer[:i]) + tekst + ("\n" + "".join(linjer[j:]) if j < len(linjer) else "")
    else:
        ny = gammel.rstrip("\n") + "\n\n" + tekst
    DOK.parent.mkdir(parents=True, exist_ok=True)
    DOK.write_text(ny, encoding="utf-8")


if __name__ == "__main__":
    belastning = os.getloadavg()[0]
    tekst = afsnit(*koer(), belastning)
    skriv(tekst)
    print(tekst)
