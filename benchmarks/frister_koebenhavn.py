"""Benchmark: the worklist (`tilsyn frister`) for København (0101) on the 1,000,000-person synthetic
data, target ≤ 5 s. Binds the Parquet files of `benchmarks/out/data_1m` (made by
`benchmarks/generate_1m.py`) as DuckDB views and writes its figures into docs/performance.md.

Run: .venv/bin/python benchmarks/frister_koebenhavn.py [DATA_DIR]
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import ibis

from tilsyn.data.schema import TABLES
from tilsyn.engine.backends import ibis_schema
from tilsyn.engine.frister import arbejdsliste
from tilsyn.rules import rulebook

ROOT = Path(__file__).resolve().parent.parent
KOMMUNE, DAG, RUNS = "0101", date(2023, 12, 31), 3
TITLE = "## frister, København, 1,000,000 persons"


def bind(data: Path) -> dict[str, ibis.Table]:
    con = ibis.duckdb.connect()
    tables = {}
    for name in TABLES:
        path = data / f"{name}.parquet"
        schema = ibis_schema(name)
        if path.exists():
            t = con.read_parquet(path, table_name=name)
            tables[name] = t.select(*schema.names).cast(schema)
        else:
            tables[name] = ibis.memtable(schema.to_pyarrow().empty_table())
    return tables


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks/out/data_1m"
    if not (data / "ydelser.parquet").exists():
        sys.exit(f"{data} mangler; kør først benchmarks/generate_1m.py")
    tables = bind(data)
    times, cpu, rows = [], [], None
    load = os.getloadavg()[0]
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        rows = arbejdsliste(tables, rulebook(), KOMMUNE, DAG).to_pyarrow()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)  # all threads of this process, DuckDB's included
    status = {}
    for s in rows.column("status").to_pylist():
        status[s] = status.get(s, 0) + 1
    persons = len(set(rows.column("person_id").to_pylist()))
    best, median = min(times), statistics.median(times)
    text = (
        f"{TITLE}\n\n"
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/frister_koebenhavn.py` "
        f"(`arbejdsliste` for {KOMMUNE} on {DAG.isoformat()}, Parquet of `{data.relative_to(ROOT) if data.is_relative_to(ROOT) else data}` "
        f"bound as DuckDB views, whole expression built, compiled and run each time), {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.\n\n"
        f"- wall time: best **{best:.2f} s**, median {median:.2f} s of {RUNS} runs (target ≤ 5 s: "
        f"{'met' if best <= 5 else 'NOT met'})\n"
        f"- CPU time of the process (all threads): best {min(cpu):.2f} s; load average at start {load:.1f} "
        f"on {os.cpu_count()} cores (other jobs running inflate the wall time, not the CPU time)\n"
        f"- output: {rows.num_rows:,} rows for {persons:,} persons with a running period; "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(status.items()))
        + "\n"
    )
    doc = ROOT / "docs/performance.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(TITLE)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    doc.write_text(new, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
