"""Benchmark: page times of the web application under concurrent users (20 unless --brugere says
otherwise), with its anchor in the same run.

Uses the store given by --store (e.g. the 1 M one made by `tilsyn import`), or builds the demo data
exactly as `make demo` does (`tilsyn generate --persons N --seed 1` + `tilsyn import`) in
benchmarks/out/web_demo unless it is there. Creates the users, half jobcenterchefs of 0101 København (the
largest; their worklist is the whole municipality, the heaviest one) and half teamledere of its
"Team Dagpenge", starts `tilsyn serve` on a free loopback port (the time until it answers the login
page is reported) and signs everyone in. Warm-up: the first request of each page after the start is
timed alone and reported (the cold time); the unmeasured warm-up round retries a request the server
dropped (a kept-alive connection it closed while the others signed in), a bounded number of times. Then the
20 users fetch the national overview and their worklist alternately, ROUNDS times each, without
pause (every user always has a request in flight, harder than people clicking). The anchor (--anker,
a smaller store) is measured the same way in the same run, right after. Bounded: users x 2 x ROUNDS
requests per store and TIMEOUT seconds. Figures go to docs/performance.md.

With --skridt N (one user stepping through days, issue 23): after those rounds, on the same server,
one more jobcenterchef of 0101 steps through N different days of the worklist (`?dato=`, the N days
before the default day, their kept results removed before the server starts, so each is computed)
while the users go on with their rounds until the stepper is done, then ROUNDS rounds more; the
users' p95 with the stepper against their p95 without it (the rounds before and after) is the ratio
reported. The anchor is then the run
without the stepper, same server, same run.

Run: .venv/bin/python benchmarks/web_load.py --store benchmarks/out/store_1m.duckdb \
     --anker benchmarks/out/store_50k.duckdb [--rounds 10] [--brugere 20]
     .venv/bin/python benchmarks/web_load.py --store benchmarks/out/store_50k.duckdb --skridt 30

With --workers N (N > 1) the store is measured twice in the same run, `tilsyn serve --workers 1`
(the anchor) and `--workers N`, each over a new PostgreSQL database (--pg, the server's address;
dropped afterwards), and the requests per second of the two are compared (section "web: worker
processes" of docs/performance.md):

     .venv/bin/python benchmarks/web_load.py --store benchmarks/out/store_1m.duckdb --workers 2 --brugere 50
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
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx

from tilsyn.resultater import aabn
from tilsyn.resultater.gemte import Gemte
from tilsyn.supervision import db
from tilsyn.web import brugere

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks/out/web_demo"
TILSYN = Path(sys.executable).parent / "tilsyn"
TIMEOUT = 300
FORSOEG = 5  # tries of a warm-up request the server dropped
KOMMUNE = "0101"  # as KOMMUNE in the Makefile
WORKLIST = f"/kommuner/{KOMMUNE}/frister"
MAAL = 0.300  # seconds, p95 per page
ADGANGSKODE = "benchmark-adgangskode"
TEAM = "Team Dagpenge"
SIDER = {"overview": "/", "jobcenterchef": WORKLIST, "teamleder": WORKLIST}
TITLE = "## web: concurrent users, overview and worklist"
TITLE_WORKERS = "## web: worker processes (`tilsyn serve --workers`)"
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SKRIDT_TITLE = "## web: one user stepping through days while 20 others work (issue 23)"
SKRIDT_MAAL = 1.5  # the users' p95 with the stepper at most this times their p95 without
SKRIDTER = "skridt"  # the stepping user, a jobcenterchef of KOMMUNE
SKRIDT_TIMEOUT = 60  # seconds per day the stepper may wait for
BRUGERNAVNE: dict[str, tuple[str, str | None]] = {}


def brugernavne(antal: int) -> dict[str, tuple[str, str | None]]:
    """The users, alternately a jobcenterchef and a teamleder: name -> (role, team)."""
    return {(f"chef{nr:03d}" if nr % 2 else f"leder{nr:03d}"): ("jobcenterchef", None) if nr % 2 else ("teamleder", TEAM)
            for nr in range(1, antal + 1)}


def demo(persons: int, store: Path | None, pg: str | None = None) -> tuple[Path, str]:
    """The store (made once unless given) and a new workflow database with the benchmark users: an
    SQLite file, or with `pg` a new PostgreSQL database on that server."""
    data = OUT / f"data-{persons}"
    if store is None:
        store = OUT / f"tilsyn-{persons}.duckdb"
        if not store.exists():
            for args in (
                ["generate", str(data), "--persons", str(persons), "--seed", "1", "--from", "2019-01", "--to", "2023-12"],
                ["import", str(data), "--store", str(store)],
            ):
                subprocess.run([str(TILSYN), *args], check=True, stdout=subprocess.DEVNULL)
    # A new workflow database each run, as `make demo` starts: runs are comparable, and the access
    # log does not carry the rows of earlier runs.
    if pg:
        url = _ny_pg(pg)
    else:
        navn = f"sager-{store.stem}.db"
        for fil in OUT.glob(navn + "*"):
            fil.unlink()
        url = f"sqlite:///{OUT / navn}"
    sessions = db.sessions(url)
    for brugernavn, (rolle, team) in {**BRUGERNAVNE, SKRIDTER: ("jobcenterchef", None)}.items():
        brugere.opret(sessions, brugernavn, brugernavn, rolle, ADGANGSKODE, KOMMUNE, team)
    return store, url


def _ny_pg(pg: str) -> str:
    """A new, empty PostgreSQL database on the server of `pg` (its URL)."""
    from sqlalchemy import create_engine, make_url, text

    navn = f"tilsyn_bench_{uuid.uuid4().hex[:10]}"
    with create_engine(pg, isolation_level="AUTOCOMMIT").connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}"'))
    return make_url(pg).set(database=navn).render_as_string(hide_password=False)


def _slet_pg(pg: str, url: str) -> None:
    from sqlalchemy import create_engine, make_url, text

    with create_engine(pg, isolation_level="AUTOCOMMIT").connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def skridt_dage(store: Path, antal: int) -> list[date]:
    """The `antal` days before the worklist's default day, newest first; what was kept of them on
    disk (an earlier run) is removed, so the server computes each."""
    r = aabn(store)
    try:
        standard = r.daekning.dag_i(date.today())
    finally:
        r.data.con.disconnect()
    dage = [standard - timedelta(days=i) for i in range(1, antal + 1)]
    for dag in dage:
        for fil in Gemte(store).rod.glob(f"*/*_{dag.isoformat()}*.parquet"):
            fil.unlink()
    return dage


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
    """Until the page is there: a page still being computed answers 202 "Tallene beregnes" and asks
    again by itself (`web.beregnes`); the time counts until the page itself."""
    t = time.perf_counter()
    while (svar := await klient.get(sti)).status_code == 202:
        await asyncio.sleep(0.5)
    assert svar.status_code == 200, (sti, svar.status_code)
    return time.perf_counter() - t


async def belastning(base: str, rounds: int, dage: list[date]) -> dict:
    """Cold first requests, then the measured rounds; also the number of worklist lines each
    role sees and the measured rounds' wall time. Times are kept per page and role. With `dage`:
    then the stepper's days while the users go on (`med`: their times; `skridt`: the stepper's)."""
    kold, linjer = {}, {}
    for rolle in ("jobcenterchef", "teamleder"):
        async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as k:
            await log_ind(k, next(n for n, (r, _) in BRUGERNAVNE.items() if r == rolle))
            if rolle == "jobcenterchef":
                kold["overview"] = await tid(k, "/")
            kold[rolle] = await tid(k, WORKLIST)
            linjer[rolle] = (await k.get(WORKLIST)).text.count('class="tilsyn-linje ')
    tider: dict[str, list[float]] = {side: [] for side in SIDER}
    med: dict[str, list[float]] = {side: [] for side in SIDER}
    skridt: list[tuple[float, int]] = []  # per day: seconds until the page came, "beregnes" answers on the way

    klienter = {navn: httpx.AsyncClient(base_url=base, timeout=TIMEOUT) for navn in BRUGERNAVNE}
    skridter = httpx.AsyncClient(base_url=base, timeout=SKRIDT_TIMEOUT)
    # Sign everyone in first (argon2 is deliberately slow, and bounded), then one unmeasured warm-up round each
    # (connections open, every server process's cache warm), then measure the pages only. Signing in
    # many users one at a time takes longer than the server keeps an idle connection open: the
    # first users' next request may meet a closed connection, and is asked again.
    for navn, k in klienter.items():  # one at a time: the server bounds argon2 work
        await log_ind(k, navn)
    if dage:
        await log_ind(skridter, SKRIDTER)
    await asyncio.gather(*(igen(k, sti) for k in klienter.values() for sti in ("/", WORKLIST)))

    async def bruger(nr: int, navn: str, k: httpx.AsyncClient, maalt: dict[str, list[float]], faerdig):
        # Half the users start with the worklist, so both pages are asked for at every moment.
        sider = [("overview", "/"), (BRUGERNAVNE[navn][0], WORKLIST)]
        sider = sider[nr % 2:] + sider[:nr % 2]
        runde = 0
        while not faerdig(runde):
            for side, sti in sider:
                maalt[side].append(await tid(k, sti))
            runde += 1

    async def skridt_gennem() -> None:
        for dag in dage:
            start, beregnes = time.perf_counter(), 0
            while (svar := await skridter.get(f"{WORKLIST}?dato={dag}")).status_code in (202, 503):
                if svar.status_code == 503:
                    beregnes += 1  # another of this user's is still computed (not when one at a time)
                # 202: the page is still computed (`web.beregnes`), asked again as `tid` does
                await asyncio.sleep(int(svar.headers.get("retry-after", "1")) if svar.status_code == 503 else 0.5)
            assert svar.status_code == 200, (dag, svar.status_code)
            skridt.append((time.perf_counter() - start, beregnes))

    async def runder() -> float:
        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(bruger(nr, navn, k, tider, lambda runde: runde >= rounds)
                                                for nr, (navn, k) in enumerate(klienter.items()))), TIMEOUT)
        return time.perf_counter() - start

    try:
        wall = await runder()
        if dage:
            # the users go on (at least one round) until the stepper has been through every day,
            # then once more without it (the machine's other load drifts: before and after count)
            start = time.perf_counter()
            stepper = asyncio.ensure_future(skridt_gennem())
            await asyncio.wait_for(asyncio.gather(stepper, *(
                bruger(nr, navn, k, med, lambda runde: runde >= 1 and stepper.done())
                for nr, (navn, k) in enumerate(klienter.items()))), TIMEOUT + SKRIDT_TIMEOUT * len(dage))
            wall_med = time.perf_counter() - start
            wall += await runder()
    finally:
        for k in [*klienter.values(), skridter]:
            await k.aclose()
    return {"kold": kold, "tider": tider, "linjer": linjer, "wall": wall, "med": med, "skridt": skridt,
            "wall_med": wall_med if dage else 0.0}


async def igen(klient: httpx.AsyncClient, sti: str) -> None:
    """A warm-up request, asked again (at most FORSOEG times) when the server dropped the connection."""
    for forsoeg in range(1, FORSOEG + 1):
        try:
            await tid(klient, sti)
            return
        except httpx.TransportError:
            if forsoeg == FORSOEG:
                raise
            await asyncio.sleep(0.2 * forsoeg)


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[18] if len(xs) > 1 else xs[0]


def maal(store: Path | None, persons: int, rounds: int, port: int, workers: int = 1, pg: str | None = None,
         skridt: int = 0) -> dict:
    """One store's figures: `tilsyn serve` (`workers` processes) started on it, the load run, the
    server stopped (and a PostgreSQL database of the run dropped)."""
    store, url = demo(persons, store, pg)
    dage = skridt_dage(store, skridt) if skridt else []
    port = fri_port(port)
    startet = time.perf_counter()
    server = subprocess.Popen(
        [str(TILSYN), "serve", "--store", str(store), "--db", url, "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:  # ready: the login page answered 200
            try:
                if httpx.get(base + "/log-ind", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serveren startede ikke"
            time.sleep(0.05)
        svarer = time.perf_counter() - startet
        load_foer = os.getloadavg()[0]
        maalt = asyncio.run(belastning(base, rounds, dage))
        load_efter = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(30)
        if pg:
            _slet_pg(pg, url)
    return {**maalt, "store": store, "load": (load_foer, load_efter), "svarer": svarer, "dage": dage,
            "workers": workers}


NAVNE = {"overview": "national overview `/`", "jobcenterchef": f"worklist `{WORKLIST}`, jobcenterchef",
         "teamleder": f"worklist `{WORKLIST}`, teamleder ({TEAM})"}


def tabel(m: dict) -> list[str]:
    ud = ["| page | lines shown | requests | median | p95 | max | first request after start |",
          "|---|---:|---:|---:|---:|---:|---:|"]
    for side in SIDER:
        xs = m["tider"][side]
        ud.append(f"| {NAVNE[side]} | {m['linjer'].get(side, '')} | {len(xs)} | {statistics.median(xs) * 1000:.0f} ms | "
                  f"{p95(xs) * 1000:.0f} ms | {max(xs) * 1000:.0f} ms | {m['kold'][side]:.2f} s |")
    antal = sum(len(x) for x in m["tider"].values())
    ud += ["", f"`tilsyn serve` answered the login page {m['svarer']:.2f} s after it was started. "
           f"All {antal} measured requests answered 200 in {m['wall']:.1f} s, {antal / m['wall']:.0f} requests/s; "
           f"1-minute load average {m['load'][0]:.1f} at start, {m['load'][1]:.1f} at the end."]
    return ud


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, help="an imported store (default: the demo store of --persons)")
    parser.add_argument("--anker", type=Path, help="the anchor's store, measured right after in the same run")
    parser.add_argument("--persons", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--brugere", type=int, default=20, help="concurrent users (half chefs, half teamledere)")
    parser.add_argument("--workers", type=int, default=1, help="server processes; over 1: compared with 1, on PostgreSQL")
    parser.add_argument("--pg", default=PG, help="a PostgreSQL server's URL (--workers: a database is made there per run)")
    parser.add_argument("--skridt", type=int, default=0,
                        help="one more user steps through this many days while the users work (its own section)")
    args = parser.parse_args()
    BRUGERNAVNE.update(brugernavne(args.brugere))
    BRUGERE = args.brugere
    OUT.mkdir(parents=True, exist_ok=True)
    if args.workers > 1:
        workers(args)
        return
    if args.skridt:
        skriv(SKRIDT_TITLE, skridt_tekst(args, maal(args.store, args.persons, args.rounds, args.port, skridt=args.skridt)))
        return
    maalt = maal(args.store, args.persons, args.rounds, args.port)
    anker = maal(args.anker, args.persons, args.rounds, args.port) if args.anker else None
    over = [NAVNE[side] for side, xs in maalt["tider"].items() if p95(xs) > MAAL]
    tekst = [
        f"Measured {date.today().isoformat()} at commit {commit()} by `.venv/bin/python benchmarks/web_load.py "
        + (f"--store {maalt['store'].relative_to(ROOT) if maalt['store'].is_relative_to(ROOT) else maalt['store']} "
           if args.store else f"--persons {args.persons} ")
        + (f"--anker {args.anker} " if args.anker else "") + f"--rounds {args.rounds} --brugere {BRUGERE}`: `tilsyn serve` (one process, "
        f"4 requests worked on at a time: `--traade`'s default) on loopback over the store; {BRUGERE} signed-in users of {KOMMUNE} at once ({BRUGERE // 2} "
        f"jobcenterchefs, {BRUGERE // 2} teamledere of {TEAM}), each fetching the national overview and their "
        f"worklist alternately, {args.rounds} times, without pause (an access-log row per person shown); "
        f"Python {platform.python_version()}, {os.cpu_count()} cores shared with other work.",
        "",
        f"`{maalt['store'].name}`:",
        "",
        *tabel(maalt),
    ]
    if anker:
        tekst += ["", f"Anchor, `{anker['store'].name}`, same run, same code, measured right after:", "", *tabel(anker),
                  "", "| page | p95 / anchor's p95 |", "|---|---:|"]
        tekst += [f"| {NAVNE[side]} | {p95(maalt['tider'][side]) / p95(anker['tider'][side]):.1f}x |" for side in SIDER]
    tekst += [
        "",
        f"Target: p95 at most {MAAL * 1000:.0f} ms, the first request after start at most 3 s — p95 "
        + (f"**not met** for {', '.join(over)}." if over else "**met**.")
        + (" First request: **met**." if max(maalt["kold"].values()) <= 3 else " First request: **not met**."),
    ]
    skriv(TITLE, tekst)


def commit() -> str:
    git = ["git", "-C", str(ROOT)]
    hvilken = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    if subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip():
        hvilken += " (with uncommitted changes in src/)"
    return hvilken


def skriv(titel: str, tekst: list[str]) -> None:
    """The section `titel` of docs/performance.md replaced by `tekst` (added at the end the first time)."""
    text = "\n".join([titel, "", *tekst]) + "\n"
    doc = ROOT / "docs/performance.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(titel)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    doc.write_text(new, encoding="utf-8")
    print(text)


def workers(args) -> None:
    """`--workers N`: the store with one process, then N, on PostgreSQL, in the same run."""
    en = maal(args.store, args.persons, args.rounds, args.port, 1, args.pg)
    flere = maal(args.store, args.persons, args.rounds, args.port, args.workers, args.pg)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    rate = {m["workers"]: sum(len(x) for x in m["tider"].values()) / m["wall"] for m in (en, flere)}
    p95_flere = {side: p95(xs) for side, xs in flere["tider"].items()}
    tekst = [
        TITLE_WORKERS, "",
        f"Measured {date.today().isoformat()} at commit {commit} by `.venv/bin/python benchmarks/web_load.py --store "
        f"{args.store} --workers {args.workers} --brugere {args.brugere} --rounds {args.rounds}`: `tilsyn serve "
        f"--workers 1` (the anchor) and then `--workers {args.workers}` over the same store, each over a new "
        f"PostgreSQL workflow database, {args.brugere} users as in the section above; Python "
        f"{platform.python_version()}, {os.cpu_count()} cores shared with other work.", "",
        "`--workers 1`:", "", *tabel(en), "", f"`--workers {args.workers}`:", "", *tabel(flere), "",
        f"Requests per second: {rate[args.workers]:.0f} with {args.workers} processes against {rate[1]:.0f} with one: "
        f"**{rate[args.workers] / rate[1]:.2f}x** (target >= 1.6x with 2). p95 with {args.workers} processes: "
        + ", ".join(f"{NAVNE[s]} {v * 1000:.0f} ms" for s, v in p95_flere.items())
        + f" (target <= {MAAL * 1000:.0f} ms: " + ("**met**" if max(p95_flere.values()) <= MAAL else "**not met**") + ").",
    ]
    text = "\n".join(tekst) + "\n"
    doc = ROOT / "docs/performance.md"
    old = doc.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(TITLE_WORKERS)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    doc.write_text(new, encoding="utf-8")
    print(text)


def skridt_tekst(args, m: dict) -> list[str]:
    """The users' p95 with the stepper against without, per page and over all their requests."""
    store = m["store"].relative_to(ROOT) if m["store"].is_relative_to(ROOT) else m["store"]
    dage, skridt = m["dage"], m["skridt"]
    alle_uden = [x for xs in m["tider"].values() for x in xs]
    alle_med = [x for xs in m["med"].values() for x in xs]
    raekker = [(NAVNE[side], m["tider"][side], m["med"][side]) for side in SIDER] + [("all their requests", alle_uden, alle_med)]
    forhold = p95(alle_med) / p95(alle_uden)
    sek = sorted(s for s, _ in skridt)
    return [
        f"Measured {date.today().isoformat()} at commit {commit()} by `.venv/bin/python benchmarks/web_load.py --store {store} "
        f"--skridt {args.skridt} --rounds {args.rounds} --brugere {args.brugere}`: `tilsyn serve` (one process, 4 requests "
        f"worked on at a time, at most 2 engine runs side by side: the defaults) on loopback over the store. "
        f"{args.brugere} signed-in users of {KOMMUNE} ({args.brugere // 2} jobcenterchefs, {args.brugere // 2} teamledere "
        f"of {TEAM}) fetch the national overview and their worklist alternately without pause, {args.rounds} rounds "
        f"each (the anchor: without the stepper); then, on the same server, one more jobcenterchef of {KOMMUNE} steps "
        f"through the worklists of {len(dage)} different days ({dage[-1]:%d-%m-%Y} – {dage[0]:%d-%m-%Y}, each computed: "
        f"what was kept of them was removed before the start), one after the other, while the {args.brugere} users go "
        f"on until the stepper is done; then {args.rounds} rounds more without it (the anchor is both: the machine's "
        f"other load drifts). Python {platform.python_version()}, {os.cpu_count()} cores shared with other work.",
        "",
        "| the users' page | requests without | p95 without | requests with | p95 with | with / without |",
        "|---|---:|---:|---:|---:|---:|",
        *[f"| {navn} | {len(uden)} | {p95(uden) * 1000:.0f} ms | {len(med)} | {p95(med) * 1000:.0f} ms | "
          f"{p95(med) / p95(uden):.2f}x |" for navn, uden, med in raekker],
        "",
        f"The stepper's {len(skridt)} days each answered 200 after {statistics.median(sek):.1f} s median, {sek[-1]:.1f} s "
        f"at most (its engine runs and the page); {sum(b for _, b in skridt)} \"beregnes\" answers on the way. The users' "
        f"rounds took {m['wall']:.1f} s without the stepper, {m['wall_med']:.1f} s with it; 1-minute load average "
        f"{m['load'][0]:.1f} at start, {m['load'][1]:.1f} at the end.",
        "",
        "What keeps the users' pages (`tilsyn.resultater.gemte`, docs/web.md): what they ask for is kept, and a kept "
        "result never waits for an engine run; the stepper has one run at a time (a second would be answered "
        "\"beregnes\" at once), at most 2 run side by side, and the engine's threads (DuckDB's too) have nice "
        "value 10, so the pages' threads get the cores first. What is left is the machine itself: the engine's "
        "Python part (Ibis compiling, polars) shares the interpreter lock with the pages, and the cores are shared "
        "with other work.",
        "",
        f"Target: the users' p95 with the stepper at most {SKRIDT_MAAL}x their p95 without — "
        + ("**met**" if forhold <= SKRIDT_MAAL else "**not met**") + f" ({forhold:.2f}x over all their requests).",
    ]


if __name__ == "__main__":
    main()
