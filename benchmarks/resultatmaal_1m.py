"""Benchmark: resultatmål, udvælgelse and tidlig indsats for all 98 municipalities on the
1,000,000-person synthetic data (Parquet of `benchmarks/out/data_1m`, made by
`benchmarks/generate_1m.py`, bound as DuckDB views); writes its figures into docs/performance.md.

Run: .venv/bin/python benchmarks/resultatmaal_1m.py [DATA_DIR]
"""

from __future__ import annotations

import os
import platform
import re
import sys
import time
from datetime import date
from pathlib import Path

import ibis

from tilsyn.benchmark.resultatmaal import resultatmaal
from tilsyn.data.schema import TABLES
from tilsyn.engine.backends import ibis_schema
from tilsyn.engine.tidlig_indsats import tidlig_indsats
from tilsyn.rules import rulebook
from tilsyn.udvaelgelse import udvaelgelse

ROOT = Path(__file__).resolve().parent.parent
AAR, MAANED = 2023, date(2023, 6, 1)
TITLE = "## resultatmål, udvælgelse and tidlig indsats, 1,000,000 persons"


def bind(data: Path) -> dict[str, ibis.Table]:
    """Every input table as a typed view on its Parquet file (rammevilkaar keeps its covariates)."""
    con = ibis.duckdb.connect()
    tables = {}
    for name in TABLES:
        path = data / f"{name}.parquet"
        schema = ibis_schema(name)
        if not path.exists():
            tables[name] = ibis.memtable(schema.to_pyarrow().empty_table())
            continue
        t = con.read_parquet(path, table_name=name)
        tables[name] = t.cast({c: schema[c] for c in schema.names}) if name == "rammevilkaar" else t.select(*schema.names).cast(schema)
    return tables


def timed(work):
    t0, c0 = time.perf_counter(), time.process_time()
    out = work()
    return out, time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks/out/data_1m"
    if not (data / "ydelser.parquet").exists():
        sys.exit(f"{data} mangler; kør først benchmarks/generate_1m.py")
    tables, rules = bind(data), rulebook()
    load = os.getloadavg()[0]
    res, t_res, c_res = timed(lambda: resultatmaal(tables, str(AAR), rules))
    udv, t_udv, c_udv = timed(lambda: udvaelgelse(tables, AAR, rules))
    tidlig, t_ti, c_ti = timed(lambda: tidlig_indsats(tables, MAANED, rules).execute())
    konsekvenser = udv.konsekvens.value_counts().to_dict()
    text = (
        f"{TITLE}\n\n"
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/resultatmaal_1m.py` (Parquet of "
        f"`{data.relative_to(ROOT) if data.is_relative_to(ROOT) else data}` bound as DuckDB views, one run each), "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average at start {load:.1f}.\n\n"
        f"| step | wall | CPU (all threads) |\n|---|---:|---:|\n"
        f"| `resultatmaal` {AAR} (fuldtidspersoner + 98 leave-one-out WLS fits) | {t_res:.2f} s | {c_res:.2f} s |\n"
        f"| `udvaelgelse` {AAR} (fokusmål year values of 12 months + resultatmål) | {t_udv:.2f} s | {c_udv:.2f} s |\n"
        f"| `tidlig_indsats` {MAANED.isoformat()[:7]} (6-month window) | {t_ti:.2f} s | {c_ti:.2f} s |\n\n"
        f"Output: {len(res)} municipalities, {int((res.forskel_pct_point > 0).sum())} above expected; selection "
        + ", ".join(f"{k} {v}" for k, v in sorted(konsekvenser.items()))
        + f"; tidlig indsats: {int(tidlig.personer.sum()):,} persons reaching 26 weeks, "
        f"{int((tidlig.markeret_samtaler | tidlig.markeret_tilbud).sum())} municipalities flagged.\n"
    )
    doc = ROOT / "docs/performance.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(TITLE)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    doc.write_text(new, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
