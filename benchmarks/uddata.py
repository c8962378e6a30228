"""The outputs of the fokusmål, rettidighed, worklist and quota benchmarks, written as CSV so that an
engine change can be checked byte for byte: run it before the change into one directory and after
it into another, then `--sammenlign` the two.

Run from the repository root:
  .venv/bin/python benchmarks/uddata.py DIR [--store benchmarks/out/store_1m.duckdb] [--kun fokusmaal]
  .venv/bin/python benchmarks/uddata.py --sammenlign DIR_FOER DIR_EFTER
The store is the 1 M persons' (`tilsyn generate --persons 1000000 --seed 1`, 2019-01..2026-11,
imported); the months are those of the benchmarks (fokusmål and rettidighed 2023-06, fokusmål's 60
months 2019-01..2023-12 as `benchmarks/fokusmaal_1m.py` computes them, the worklists of
`benchmarks/frister_koebenhavn.py` and the web, the quotas of the data's last month).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def skriv(mappe: Path, store: Path, kun: str = "") -> None:
    from tilsyn.engine.fokusmaal import rullende
    from tilsyn.resultater import aabn

    mappe.mkdir(parents=True, exist_ok=True)
    r = aabn(store)
    opgaver = {
        "fokusmaal_2023-06": lambda: r.fokusmaal(date(2023, 6, 1)),
        "fokusmaal_60_maaneder": lambda: r._frame(
            rullende(r.tables, date(2019, 1, 1), date(2023, 12, 1), r.rules)).sort("maaned", "kommune_kode"),
        "rettidighed_2023-06": lambda: r.rettidighed(date(2023, 6, 1)),
        "rettidighed_2023-06_alle_niveauer": lambda: r.rettidighed(date(2023, 6, 1), alle_niveauer=True),
        "rettidighed_2023-06_0101": lambda: r.rettidighed(date(2023, 6, 1), "0101"),
        "frister_0101_2023-12-31": lambda: r.frister("0101", date(2023, 12, 31)),
        "frister_alle_2026-11-30": lambda: r.frister_alle(date(2026, 11, 30)),
        "kvoteopfyldelse_2026-11": lambda: r.kvoteopfyldelse(date(2026, 11, 1)),
        "kvoteplan_2026-11-30": lambda: r.kvoteplan(date(2026, 11, 30)),
    }
    for navn, opgave in opgaver.items():
        if not navn.startswith(kun):
            continue
        start = time.perf_counter()
        df = opgave()
        df.write_csv(mappe / f"{navn}.csv")
        print(f"{navn}: {df.height} rows, {time.perf_counter() - start:.1f} s", flush=True)


def sammenlign(foer: Path, efter: Path) -> bool:
    ens = True
    for g in sorted(efter.glob("*.csv")):
        f = foer / g.name
        a = hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else "mangler"
        b = hashlib.sha256(g.read_bytes()).hexdigest()
        print(f"{g.name}: {'identical' if a == b else 'DIFFERENT'}")
        ens &= a == b
    return ens


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("mappe", nargs="*", type=Path)
    p.add_argument("--store", type=Path, default=ROOT / "benchmarks" / "out" / "store_1m.duckdb")
    p.add_argument("--sammenlign", action="store_true")
    p.add_argument("--kun", default="", help="only the outputs whose name starts with this")
    a = p.parse_args()
    if a.sammenlign:
        sys.exit(0 if sammenlign(*a.mappe) else 1)
    skriv(a.mappe[0], a.store, a.kun)
