"""Benchmark: how soon `tilsyn serve` answers after it is started (target 2 s): the wall time until
`/log-ind` answers 200, and the server process's CPU time then (from /proc; under load the wall
time stretches, the CPU time is what the start itself costs). The warm-up of the web's results runs
in the background after that and is not waited for.

Run: .venv/bin/python benchmarks/serve_start.py --store STORE [--gentag 2] [--port 8743]
(a new workflow database is made in benchmarks/out/serve_start.db).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TILSYN = Path(sys.executable).parent / "tilsyn"


def start(store: Path, db: str, port: int) -> tuple[float, float]:
    t = time.perf_counter()
    server = subprocess.Popen([str(TILSYN), "serve", "--store", str(store), "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL)
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/log-ind", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.perf_counter() - t < 120, "serveren startede ikke"
            time.sleep(0.02)
        wall = time.perf_counter() - t
        felter = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return wall, (int(felter[11]) + int(felter[12])) / os.sysconf("SC_CLK_TCK")
    finally:
        server.terminate()
        server.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--gentag", type=int, default=2)
    parser.add_argument("--port", type=int, default=8743)
    args = parser.parse_args()
    db = f"sqlite:///{ROOT / 'benchmarks/out/serve_start.db'}"
    for _ in range(args.gentag):
        wall, cpu = start(args.store, db, args.port)
        print(f"svarer efter {wall:.2f} s (CPU {cpu:.2f} s); load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
