"""Benchmark (not a timed test): every main page on the demo's 50,000 persons, one user at a time,
after the first request: median and max of --gange requests per page and role, against an anchor
measured in the same run (`/session`, the smallest answer a signed-in user gets: what the server,
the session check and the network cost before any page). The first request of each page is
reported apart (the cold time). Uses the store given by --store or builds the demo's as
`benchmarks/web_load.py` does. Figures go to docs/performance.md.

Run: .venv/bin/python benchmarks/sider_50k.py --store /tmp/demo/tilsyn.duckdb [--gange 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_load import ADGANGSKODE, KOMMUNE, OUT, TILSYN, demo, fri_port  # noqa: E402

from tilsyn.supervision import db  # noqa: E402
from tilsyn.web import brugere  # noqa: E402

# role -> (user made by `web_load.demo` or here, the pages the role lands on and uses)
SIDER = {
    "jobcenterchef": ("chef01", ["/", f"/kommuner/{KOMMUNE}", f"/kommuner/{KOMMUNE}/frister", "/kvoter", "/sager",
                                 "/tilsynsfrister", "/regler"]),
    "teamleder": ("leder02", [f"/kommuner/{KOMMUNE}/frister", f"/kommuner/{KOMMUNE}/frister?status=overskredet"
                              "&status=forfalden_snart", "/kvoter"]),
    "star": ("star01", ["/", f"/kommuner/{KOMMUNE}", "/udvaelgelse", "/sager", "/regler"]),
}
ANKER = "/session"


def log_ind(k: httpx.Client, brugernavn: str) -> None:
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', k.get("/log-ind").text).group(1)
    svar = k.post("/log-ind", data={"brugernavn": brugernavn, "adgangskode": ADGANGSKODE, "csrf_token": token})
    assert svar.status_code == 303, svar.text


def tid(k: httpx.Client, sti: str) -> float:
    t = time.perf_counter()
    svar = k.get(sti)
    assert svar.status_code == 200, (sti, svar.status_code)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path)
    parser.add_argument("--gange", type=int, default=5)
    parser.add_argument("--port", type=int, default=8150)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    store, url = demo(50000, args.store)
    brugere.opret(db.sessions(url), "star01", "star01", "star", ADGANGSKODE, None, None)
    port = fri_port(args.port)
    server = subprocess.Popen([str(TILSYN), "serve", "--store", str(store), "--db", url, "--port", str(port)],
                              stdout=subprocess.DEVNULL)
    raekker = []
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/log-ind", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serveren startede ikke"
                time.sleep(0.2)
        for rolle, (navn, sider) in SIDER.items():
            with httpx.Client(base_url=base, timeout=300) as k:
                log_ind(k, navn)
                for sti in [ANKER, *sider]:
                    kold = tid(k, sti)
                    xs = [tid(k, sti) for _ in range(args.gange)]
                    raekker.append((rolle, sti, kold, statistics.median(xs), max(xs)))
    finally:
        server.terminate()
        server.wait(10)
    print("| role | page | first request | median after | max after |")
    print("|---|---|---:|---:|---:|")
    for rolle, sti, kold, med, maks in raekker:
        print(f"| {rolle} | `{sti}` | {kold:.2f} s | {med * 1000:.0f} ms | {maks * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
