"""`tilsyn serve` (the web application) and `tilsyn bruger` (its local users)."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

from tilsyn.cli.app import DB_HJAELP, app, console, fail, sagsdatabase
from tilsyn.cli.dansk import DanskTyper

bruger_app = DanskTyper(help="Brugere af webapplikationen: opret, vis, ret, deaktivér, slet, skift adgangskode, sessioner.", no_args_is_help=True)
app.add_typer(bruger_app, name="bruger")


@app.command()
def serve(
    store: Path = typer.Option(Path("tilsyn.duckdb"), "--store", help="Lageret fra `tilsyn import`."),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Adressen serveren lytter på."),
    port: int = typer.Option(8000, "--port", help="Porten serveren lytter på."),
    https: bool = typer.Option(False, "--https", envvar="TILSYN_HTTPS",
                               help="Serveren står bag TLS: Secure på sessionscookien og HSTS (se docs/drift.md)."),
    proxy: str = typer.Option("", "--proxy", envvar="TILSYN_PROXY",
                              help="Adresser (kommasepareret) på den proxy, hvis X-Forwarded-For troes; standard: ingen."),
    oidc: Path = typer.Option(None, "--oidc", envvar="TILSYN_OIDC",
                              help="TOML-fil med single sign-on (OIDC); se docs/web.md."),
    traade: int = typer.Option(4, "--traade", envvar="TILSYN_WEB_TRAADE", min=1, max=64,
                               help="Hvor mange forespørgsler der behandles ad gangen (pr. proces); resten venter i kø."),
    workers: int = typer.Option(1, "--workers", envvar="TILSYN_WEB_WORKERS", min=1, max=64,
                                help="Hvor mange serverprocesser der svarer; over 1 kræver PostgreSQL som "
                                     "sagsdatabase (se docs/drift.md)."),
) -> None:
    """Start webapplikationen (fokusmål, udvælgelse, arbejdslister, tilsynssager og API). Den svarer
    med det samme og beregner imens oversigten og arbejdslisterne i baggrunden (se `tilsyn forbered`)."""
    import uvicorn

    from tilsyn.resultater import gemte
    from tilsyn.supervision.db import db_url as sagsdatabasens_url
    from tilsyn.web.app import VENT, create_app, til_drift
    from tilsyn.web.oidc import OidcFejl, indlaes

    _lager(store)
    try:
        indstillinger = indlaes(oidc) if oidc else None
    except OidcFejl as e:
        fail(str(e))
    url = sagsdatabasens_url(db_url)
    if workers > 1 and url.startswith("sqlite"):
        fail("--workers over 1 kræver PostgreSQL som sagsdatabase (--db postgresql+psycopg://…): processerne deler "
             "sessionerne, adgangsloggen og sagerne, og SQLite er én fil, som de skulle skiftes til at skrive i. "
             "Brug --workers 1 med SQLite (se docs/drift.md).")
    sagsdatabase(db_url, opret=True)  # a bad --db is a message here, not a traceback from the app
    console.print(f"Tilsyn kører på http://{host}:{port} (stop med Ctrl+C)")
    # The client's address (login throttle, the session's address) is the connection's, unless it
    # comes from a proxy the operator named: then the proxy's X-Forwarded-For. No server banner.
    proxier = ",".join(a.strip() for a in proxy.split(",") if a.strip())
    uvicorn_valg = dict(host=host, port=port, log_level="warning", server_header=False,
                        proxy_headers=bool(proxier), forwarded_allow_ips=proxier)
    # The overview's results and every municipality's worklist: read from what an earlier server or
    # `tilsyn forbered` kept, else computed, in the background while the server already answers.
    if workers == 1:
        import time

        resultater = gemte.EngineResultater(store)

        def opvarmning():
            while not server.started:  # the login page first: the warm-up begins once the server listens
                time.sleep(0.05)
            gemte.forbered(resultater)

        app = create_app(store, db_url, resultater=resultater, https=https, oidc=indstillinger, traade=traade,
                         opvarmning=opvarmning, vent=VENT)
        til_drift()
        server = uvicorn.Server(uvicorn.Config(app, **uvicorn_valg))
        server.run()
        return
    _flere_processer(store, url, https, oidc, traade, workers, uvicorn_valg)


def _flere_processer(store: Path, url: str, https: bool, oidc: Path | None, traade: int, workers: int,
                     uvicorn_valg: dict) -> None:
    """`workers` uvicorn processes on one socket, each the application of `web.app.arbejder`; this
    process watches them (uvicorn starts a new one if one dies) and warms the results once for them
    all, in a background thread at low priority, writing them to disk where the processes read them."""
    import json
    import os
    import threading

    import uvicorn

    from tilsyn.resultater import gemte
    from tilsyn.resultater.cache import Cache
    from tilsyn.web.app import ARBEJDER, hemmelighed

    hemmelighed(url, store)  # the session key's file made once, before the processes read it
    os.environ[ARBEJDER] = json.dumps({"store": str(store), "db": url, "https": https,
                                       "oidc": str(oidc) if oidc else None, "traade": traade})
    # This process shows nothing: it keeps only small values in memory (the coverage, the months).
    resultater = gemte.EngineResultater(store, cache=Cache(64 << 20))

    def opvarmning():
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # this thread (Linux): pages first
        gemte.forbered(resultater)

    threading.Thread(target=opvarmning, name="tilsyn-opvarmning", daemon=True).start()
    # uvicorn kills a process that does not answer its health check within the timeout (5 s by
    # default) and starts a cold one: a process busy with pages on a loaded machine can be that slow
    # to answer without being hung, and killing it cost the pages tens of seconds. A minute.
    uvicorn.run("tilsyn.web.app:arbejder", factory=True, workers=workers, timeout_worker_healthcheck=60,
                **uvicorn_valg)


@app.command()
def forbered(
    store: Path = typer.Option(Path("tilsyn.duckdb"), "--store", help="Lageret fra `tilsyn import`."),
) -> None:
    """Beregn det, webapplikationen viser først, og gem det ved lageret: oversigten, hver kommunes
    arbejdsliste for i dag og rettidigheden for sidste måned. Valgfrit: `tilsyn serve` gør det selv i
    baggrunden; kør det efter `tilsyn import` (fx om natten), så de første sider er hurtige fra start."""
    from tilsyn.resultater import gemte

    _lager(store)
    with console.status("Beregner oversigten, arbejdslisterne og rettidigheden til webapplikationen ..."):
        gemte.forbered(gemte.EngineResultater(store))
    console.print("[green]Beregnet og gemt.[/]")


def _lager(store: Path) -> None:
    """Stop with a message when `store` is not a store made by `tilsyn import`."""
    from tilsyn.data.store import DataError, check_store

    if not store.exists():
        fail(f"lageret {store} findes ikke; kør først `tilsyn import DATA --store {store}`")
    try:
        check_store(store)
    except DataError:
        fail(f"{store} er ikke et lager fra `tilsyn import`")


def _adgangskode(adgangskode: str | None) -> str:
    if adgangskode:
        return adgangskode
    return typer.prompt("Adgangskode", hide_input=True, confirmation_prompt="Gentag adgangskode")


@bruger_app.command("opret")
def opret(
    brugernavn: str = typer.Argument(..., help="Brugernavnet; for en sagsbehandler dennes sagsbehandler_id."),
    rolle: str = typer.Option(..., "--rolle", help="sagsbehandler, teamleder, jobcenterchef, star eller admin."),
    navn: str = typer.Option("", "--navn", help="Fulde navn (standard: brugernavnet)."),
    kommune: str = typer.Option(None, "--kommune", help="Kommunekode (kommunale roller)."),
    team: str = typer.Option(None, "--team", help="Team (teamleder; som i sagsbehandlere.team)."),
    adgangskode: str = typer.Option(None, "--adgangskode", help="Adgangskode (ellers spørges der)."),
    erstat: bool = typer.Option(False, "--erstat", help="Erstat en eksisterende bruger med samme navn."),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Opret en bruger."""
    from tilsyn.web import brugere

    try:
        b = brugere.opret(
            sagsdatabase(db_url, opret=True), brugernavn, navn, rolle, _adgangskode(adgangskode), kommune, team, erstat,
            af=getpass.getuser(),
        )
    except brugere.BrugerFejl as e:
        fail(str(e))
    console.print(f"Bruger [bold]{b.brugernavn}[/] oprettet med rollen {b.rolle}.")


@bruger_app.command("liste")
def liste(db_url: str = typer.Option(None, "--db", help=DB_HJAELP)) -> None:
    """Vis alle brugere."""
    from rich.table import Table

    from tilsyn.web import brugere

    table = Table("brugernavn", "navn", "rolle", "kommune", "team")
    for b in brugere.liste(sagsdatabase(db_url)):
        table.add_row(b.brugernavn, b.navn, b.rolle, b.kommune_kode or "", b.team or "")
    console.print(table)


@bruger_app.command("ret")
def ret(
    brugernavn: str = typer.Argument(...),
    rolle: str = typer.Option(None, "--rolle", help="Ny rolle (standard: som nu)."),
    navn: str = typer.Option(None, "--navn", help="Nyt fulde navn (standard: som nu)."),
    kommune: str = typer.Option(None, "--kommune", help="Ny kommunekode; tom for ingen (standard: som nu)."),
    team: str = typer.Option(None, "--team", help="Nyt team; tomt for intet (standard: som nu)."),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Ret en brugers rolle, kommune, team eller navn (brugeren logges ud; logges i adgangsloggen)."""
    from tilsyn.web import brugere

    maker = sagsdatabase(db_url)
    try:
        b = brugere.hent(maker, brugernavn)
        laest = (b.navn, b.rolle, b.kommune_kode, b.team)
        brugere.aendr(maker, brugernavn, b.navn if navn is None else navn, rolle or b.rolle,
                      b.kommune_kode if kommune is None else kommune or None, b.team if team is None else team or None,
                      laest, af=getpass.getuser())
    except brugere.BrugerFejl as e:
        fail(str(e))
    console.print(f"Bruger [bold]{brugernavn}[/] rettet.")


@bruger_app.command("deaktiver")
def deaktiver(
    brugernavn: str = typer.Argument(...),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Deaktivér en bruger: adgangskoden fjernes, og brugeren logges ud (en ny adgangskode aktiverer igen)."""
    from tilsyn.web import brugere

    try:
        brugere.deaktiver(sagsdatabase(db_url), brugernavn, af=getpass.getuser())
    except brugere.BrugerFejl as e:
        fail(str(e))
    console.print(f"Bruger [bold]{brugernavn}[/] deaktiveret.")


@bruger_app.command("slet")
def slet(
    brugernavn: str = typer.Argument(...),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Slet en bruger (adgangsloggen bevarer brugernavnet, og sletningen logges)."""
    from tilsyn.web import brugere

    try:
        brugere.slet(sagsdatabase(db_url), brugernavn, af=getpass.getuser())
    except brugere.BrugerFejl as e:
        fail(str(e))
    console.print(f"Bruger [bold]{brugernavn}[/] slettet.")


@bruger_app.command("adgangskode")
def adgangskode(
    brugernavn: str = typer.Argument(...),
    ny: str = typer.Option(None, "--adgangskode", help="Den nye adgangskode (ellers spørges der)."),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Skift en brugers adgangskode."""
    from tilsyn.web import brugere

    try:
        brugere.skift_adgangskode(sagsdatabase(db_url), brugernavn, _adgangskode(ny), af=getpass.getuser())
    except brugere.BrugerFejl as e:
        fail(str(e))
    console.print(f"Adgangskoden for [bold]{brugernavn}[/] er skiftet.")


@bruger_app.command("laas-op")
def laas_op(
    brugernavn: str = typer.Argument(...),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Ophæv spærringen af et brugernavn efter for mange forkerte adgangskoder (logges i adgangsloggen)."""
    from tilsyn.web import brugere, loginvagt

    try:
        loginvagt.ophaev_spaerring(sagsdatabase(db_url), brugernavn, getpass.getuser(), "tilsyn bruger laas-op")
    except brugere.BrugerFejl as e:
        fail(str(e))
    console.print(f"Spærringen af [bold]{brugernavn}[/] er ophævet; brugeren kan logge ind igen med det samme.")


@bruger_app.command("sessioner")
def sessioner(
    brugernavn: str = typer.Option(None, "--brugernavn", help="Kun denne brugers sessioner."),
    afslut: int = typer.Option(None, "--afslut", help="Afslut sessionen med dette id."),
    afslut_alle: bool = typer.Option(False, "--afslut-alle", help="Afslut alle (brugerens) sessioner."),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Vis de aktive sessioner i webapplikationen, eller afslut dem."""
    from tilsyn.web import sessioner as s

    if afslut is not None and afslut_alle:
        fail("vælg enten --afslut eller --afslut-alle")
    maker = sagsdatabase(db_url)
    if afslut is not None:
        if not s.afslut_id(maker, afslut):
            fail(f"sessionen {afslut} findes ikke")
        console.print(f"Session {afslut} afsluttet.")
    elif afslut_alle:
        from tilsyn.web import brugere

        try:
            antal = brugere.afslut_sessioner(maker, brugernavn, af=getpass.getuser()) if brugernavn else s.afslut_alle(maker)
        except brugere.BrugerFejl as e:
            fail(str(e))
        console.print(f"{antal} sessioner afsluttet.")
    else:
        from rich.table import Table

        table = Table("id", "brugernavn", "oprettet (UTC)", "sidst set (UTC)", "adresse")
        for r in s.liste(maker, s.Regler.fra(), brugernavn):
            table.add_row(str(r.id), r.brugernavn, f"{r.oprettet:%Y-%m-%d %H:%M}", f"{r.sidst_set:%Y-%m-%d %H:%M}",
                          r.adresse or "")
        console.print(table)
