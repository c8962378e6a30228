"""Benchmark: page times of the web application under 20 concurrent users on the demo data.

Builds the demo data exactly as `make demo` does (`tilsyn generate --persons N --seed 1`, the full
default period, + `tilsyn import`) in benchmarks/out/web_demo unless it is there, creates 20
jobcenterchefs of the demo municipality 0101 København (the largest; a jobcenterchef's worklist is
the whole municipality, the heaviest one), starts `tilsyn serve` on a free loopback port and signs
everyone in. Warm-up: the first request of each page runs the engine (results are then cached);
that cold time is reported separately. Then the 20 users fetch the national overview and the
worklist alternately, ROUNDS times each, without pause (every user always has a request in
flight, harder than people clicking). Bounded: 20 x 2 x ROUNDS requests and TIMEOUT seconds.
Figures go to docs/performance.md.

Run: .venv/bin/python benchmarks/web_load.py [--persons 50000] [--rounds 10]
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

from tilsyn.supervision import db
from tilsyn.web import brugere

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks/out/web_demo"
TILSYN = Path(sys.executable).parent / "tilsyn"
BRUGERE, TIMEOUT = 20, 300
KOMMUNE = "0101"  # as KOMMUNE in the Makefile
WORKLIST = f"/kommuner/{KOMMUNE}/frister"
SIDER = ["/", WORKLIST]
MAAL = 0.300  # seconds, p95 per page
ADGANGSKODE = "benchmark-adgangskode"
BRUGERNAVNE = [f"chef{nr:02d}" for nr in range(1, BRUGERE + 1)]
TITLE = "## web: 20 concurrent users, overview and worklist"


def demo(persons: int) -> tuple[Path, str]:
    """The store (made once) and a workflow database with the benchmark users."""
    store, data = OUT / f"tilsyn-{persons}.duckdb", OUT / f"data-{persons}"
    if not store.exists():
        for args in (
            ["generate", str(data), "--persons", str(persons), "--seed", "1"],
            ["import", str(data), "--store", str(store)],
        ):
            subprocess.run([str(TILSYN), *args], check=True, stdout=subprocess.DEVNULL)
    # A new workflow database each run, as `make demo` starts: runs are comparable, and the access
    # log does not carry the rows of earlier runs.
    for fil in OUT.glob(f"sager-{persons}.db*"):
        fil.unlink()
    url = f"sqlite:///{OUT / f'sager-{persons}.db'}"
    sessions = db.sessions(url)
    for navn in BRUGERNAVNE:
        brugere.opret(sessions, navn, navn, "jobcenterchef", ADGANGSKODE, KOMMUNE)
    return store, url


def fri_port(foerste: int) -> int:
    """The first free port from `foerste` on (a shared machine gives each user a range)."""
    for port in range(foerste, foerste + 10):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise SystemExit(f"ingen ledig port fra {foerste}")


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


async def belastning(base: str, rounds: int) -> tuple[dict[str, float], dict[str, list[float]], int, float]:
    """Cold first requests, then the measured rounds; also the number of worklist lines and the
    measured rounds' wall time."""
    kold = {}
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as k:
        await log_ind(k, BRUGERNAVNE[0])
        for sti in SIDER:
            kold[sti] = await tid(k, sti)
        linjer = (await k.get(WORKLIST)).text.count('class="tilsyn-status ')
    tider: dict[str, list[float]] = {sti: [] for sti in SIDER}

    klienter = [httpx.AsyncClient(base_url=base, timeout=TIMEOUT) for _ in range(BRUGERE)]
    # Sign everyone in first (argon2 is deliberately slow, and bounded), then one unmeasured warm-up round each
    # (connections open, every server process's cache warm), then measure the pages only.
    for k, navn in zip(klienter, BRUGERNAVNE):  # one at a time: the server bounds argon2 work
        await log_ind(k, navn)
    await asyncio.gather(*(tid(k, sti) for k in klienter for sti in SIDER))

    async def bruger(nr: int, k: httpx.AsyncClient):
        # Half the users start with the worklist, so both pages are asked for at every moment.
        sider = SIDER[nr % 2:] + SIDER[:nr % 2]
        for _ in range(rounds):
            for sti in sider:
                tider[sti].append(await tid(k, sti))

    start = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.gather(*(bruger(nr, k) for nr, k in enumerate(klienter))), TIMEOUT)
    finally:
        for k in klienter:
            await k.aclose()
    return kold, tider, linjer, time.perf_counter() - start


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[18] if len(xs) > 1 else xs[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8130)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    store, url = demo(args.persons)
    port = fri_port(args.port)
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
        load_foer = os.getloadavg()[0]
        kold, tider, linjer, wall = asyncio.run(belastning(base, args.rounds))
        load_efter = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(10)
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    if subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip():
        commit += " (with uncommitted changes in src/)"
    antal = sum(len(x) for x in tider.values())
    over = [sti for sti, xs in tider.items() if p95(xs) > MAAL]
    tekst = [
        TITLE,
        "",
        f"Measured {date.today().isoformat()} at commit {commit} by "
        f"`.venv/bin/python benchmarks/web_load.py --persons {args.persons} "
        f"--rounds {args.rounds}`: `tilsyn serve` (one uvicorn worker) on loopback over the `make demo` store "
        f"({args.persons:,} persons, seed 1, 2019-01..2023-12); {BRUGERE} signed-in jobcenterchefs of "
        f"{KOMMUNE} at once, each fetching the national overview and the whole municipality's worklist "
        f"({linjer} lines, an access-log row per person shown) alternately, {args.rounds} times, without "
        f"pause; Python {platform.python_version()}, {os.cpu_count()} cores shared with other work, 1-minute "
        f"load average {load_foer:.1f} at start and {load_efter:.1f} at the end.",
        "",
        "| page | requests | median | p95 | max | first request (engine, cold) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for sti, navn in zip(SIDER, ("national overview `/`", f"worklist `{WORKLIST}`")):
        xs = tider[sti]
        tekst.append(
            f"| {navn} | {len(xs)} | {statistics.median(xs) * 1000:.0f} ms | {p95(xs) * 1000:.0f} ms | "
            f"{max(xs) * 1000:.0f} ms | {kold[sti]:.1f} s |"
        )
    tekst += [
        "",
        f"All {antal} measured requests answered 200 in {wall:.1f} s, {antal / wall:.0f} requests/s "
        "(results are cached per month/municipality/date after the first request). "
        f"Target (GitHub issue 6): p95 at most {MAAL * 1000:.0f} ms for both pages — "
        + (f"**not met** ({', '.join(f'`{sti}`' for sti in over)})." if over else "**met**."),
    ]
    text = "\n".join(tekst) + "\n"
    doc = ROOT / "docs/performance.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(TITLE)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    doc.write_text(new, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
