"""Benchmark: page times of the web application under 20 concurrent users on the demo data.

Builds the demo (`tilsyn generate --persons N` + `tilsyn import`) in benchmarks/out/web_demo unless
it is there, creates a star user and a jobcenterchef for the municipality with most running
periods, starts `tilsyn serve` on a free loopback port, warms the result cache (the first request
of a month or worklist runs the engine; that cold time is reported separately), then lets 20
signed-in users each fetch the national overview and their worklist alternately, ROUNDS times.
Bounded: at most 20 x 2 x ROUNDS requests and TIMEOUT seconds. Figures go to docs/performance.md.

Run: .venv/bin/python benchmarks/web_load.py [--persons 20000] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import ibis

from tilsyn.supervision import db
from tilsyn.web import brugere
from tilsyn.web.resultater import EngineResultater

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks/out/web_demo"
TILSYN = Path(sys.executable).parent / "tilsyn"
BRUGERE, TIMEOUT = 20, 300
ADGANGSKODE = "benchmark-adgangskode"
TITLE = "## web: 20 concurrent users, overview and worklist"


def demo(persons: int) -> tuple[Path, str, str]:
    store, data = OUT / f"tilsyn-{persons}.duckdb", OUT / f"data-{persons}"
    if not store.exists():
        for args in (
            ["generate", str(data), "--persons", str(persons), "--seed", "1", "--from", "2021-01", "--to", "2023-12"],
            ["import", str(data), "--store", str(store)],
        ):
            subprocess.run([str(TILSYN), *args], check=True, stdout=subprocess.DEVNULL)
    r = EngineResultater(store)
    y = r._data.tables["ydelser"]
    loebende = y.filter(y.slut.isnull())
    kommune = (
        loebende.group_by("kommune_kode").aggregate(n=loebende.count())
        .order_by([ibis.desc("n"), "kommune_kode"]).limit(1).to_polars()["kommune_kode"][0]
    )
    url = f"sqlite:///{OUT / f'sager-{persons}.db'}"
    sessions = db.sessions(url)
    if not any(b.brugernavn == "chef" for b in brugere.liste(sessions)):
        brugere.opret(sessions, "star", "STAR", "star", ADGANGSKODE)
        brugere.opret(sessions, "chef", "Chef", "jobcenterchef", ADGANGSKODE, kommune)
    return store, url, kommune


def fri_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def log_ind(klient: httpx.AsyncClient, brugernavn: str) -> None:
    side = await klient.get("/log-ind")
    token = re.search(r'name="csrf_token" value="([^"]+)"', side.text).group(1)
    svar = await klient.post("/log-ind", data={"brugernavn": brugernavn, "adgangskode": ADGANGSKODE, "csrf_token": token})
    assert svar.status_code == 303, svar.text


async def tid(klient: httpx.AsyncClient, sti: str) -> float:
    t = time.perf_counter()
    svar = await klient.get(sti)
    assert svar.status_code == 200, (sti, svar.status_code)
    return time.perf_counter() - t


async def belastning(base: str, kommune: str, rounds: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    worklist = f"/kommuner/{kommune}/frister"
    kold = {}
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as k:
        await log_ind(k, "chef")
        kold["/"] = await tid(k, "/")
        kold[worklist] = await tid(k, worklist)
    tider: dict[str, list[float]] = {"/": [], worklist: []}

    klienter = [httpx.AsyncClient(base_url=base, timeout=TIMEOUT) for _ in range(BRUGERE)]
    # Sign everyone in first (argon2 is deliberately slow), then measure the pages only.
    await asyncio.gather(*(log_ind(k, "chef" if nr % 2 else "star") for nr, k in enumerate(klienter)))

    async def bruger(nr: int, k: httpx.AsyncClient):
        for _ in range(rounds):
            tider["/"].append(await tid(k, "/"))
            if nr % 2:
                tider[worklist].append(await tid(k, worklist))

    try:
        await asyncio.wait_for(asyncio.gather(*(bruger(nr, k) for nr, k in enumerate(klienter))), TIMEOUT)
    finally:
        for k in klienter:
            await k.aclose()
    return kold, tider


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[18] if len(xs) > 1 else xs[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    store, url, kommune = demo(args.persons)
    port = fri_port()
    server = subprocess.Popen(
        [str(TILSYN), "serve", "--store", str(store), "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
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
        start = time.perf_counter()
        kold, tider = asyncio.run(belastning(base, kommune, args.rounds))
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(10)
    worklist = f"/kommuner/{kommune}/frister"
    linjer = [
        TITLE,
        "",
        f"Measured {date.today().isoformat()} by `.venv/bin/python benchmarks/web_load.py --persons {args.persons} "
        f"--rounds {args.rounds}`: `tilsyn serve` (one uvicorn worker) on loopback over the demo store "
        f"({args.persons:,} persons, 2021-01..2023-12); {BRUGERE} signed-in users at once (half jobcenterchef "
        f"of {kommune}, half STAR), each fetching the national overview {args.rounds} times and the "
        f"jobcenterchefs also their municipality's worklist (an access-log write per view); "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f}.",
        "",
        "| page | requests | median | p95 | max | first request (engine, cold) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for sti, navn in (("/", "national overview `/`"), (worklist, f"worklist `/kommuner/{kommune}/frister`")):
        xs = tider[sti]
        linjer.append(
            f"| {navn} | {len(xs)} | {statistics.median(xs) * 1000:.0f} ms | {p95(xs) * 1000:.0f} ms | "
            f"{max(xs) * 1000:.0f} ms | {kold[sti]:.1f} s |"
        )
    linjer += ["", f"All {sum(len(x) for x in tider.values())} requests answered 200 in {wall:.1f} s wall time "
               "(results are cached per month/municipality/date after the first request)."]
    text = "\n".join(linjer) + "\n"
    doc = ROOT / "docs/performance.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(TITLE)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    doc.write_text(new, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
