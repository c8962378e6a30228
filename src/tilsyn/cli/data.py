"""`tilsyn validate` and `tilsyn import`: the input contract of docs/data-format.md on the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.app import BAD_INPUT, app, console, fail

LABELS = {
    "kommuner": "kommuner med ydelser",
    "personer": "personer",
    "ydelser": "ydelsesperioder",
    "samtaler": "samtaler",
    "tilbud": "tilbud",
    "beskaeftigelse": "måneder med beskæftigelse",
    "fritagelser": "fritagelser",
    "aftaler": "aftaler",
    "sagsbehandlere": "sagsbehandlere",
    "sagsstammer": "sagsstammeperioder",
    "fravaer": "fraværsperioder",
    "rammevilkaar": "rammevilkår (kommune-år)",
}


def _antal(n: int) -> str:
    """A count the Danish way: 1.234.567."""
    return f"{n:,}".replace(",", ".")


def _check_dir(data_dir: Path) -> None:
    if not data_dir.exists():
        fail(f"mappen {data_dir} findes ikke")
    if not data_dir.is_dir():
        fail(f"{data_dir} er ikke en mappe; angiv mappen med tabelfilerne")


def _show_problems(lines: list[str], count: int, what: str) -> None:
    for line in lines:
        typer.echo(line)
    console.print(f"[bold red]{count} problem(er)[/] fundet. {what}", highlight=False)
    raise typer.Exit(BAD_INPUT)


@app.command()
def validate(
    data_dir: Path = typer.Argument(..., help="Mappe med én fil pr. tabel (NAVN.csv eller NAVN.parquet)."),
) -> None:
    """Tjek en datamappe mod inputformatet; hvert problem vises som fil:linje: kolonne: besked."""
    from tilsyn.data.daekning import udled
    from tilsyn.data.schema import TABLES
    from tilsyn.data.validate import report, validated

    _check_dir(data_dir)
    # counted and dated where the checks left the tables (in DuckDB, on disk): nothing is loaded
    with console.status("Tjekker data ...") as status, validated(data_dir, progress=status.update) as v:
        problemer, udeladt = v.problems, v.omitted
        if not problemer:
            antal = {n: v.con.execute(f"SELECT count(*) FROM t_{n}").fetchone()[0] for n in TABLES}
            daekning = udled(lambda q: v.con.execute(q).fetchall()[0][0], lambda n: f"t_{n}")
    if problemer:
        _show_problems(report(problemer, udeladt), len(problemer) + udeladt, "Ret filerne og kør igen.")
    rows = ", ".join(f"{_antal(n)} {LABELS[t]}" for t, n in antal.items() if n)
    console.print(f"[green]Ingen problemer[/] i {data_dir}: {rows}.", highlight=False)
    if daekning:
        console.print(_daekning_tekst(daekning), highlight=False)


@app.command("import")
def import_(
    data_dir: Path = typer.Argument(..., help="Mappe med én fil pr. tabel (NAVN.csv eller NAVN.parquet)."),
    store: Path = typer.Option(Path("tilsyn.duckdb"), "--store", help="Lagerets DuckDB-fil."),
    cpr_numre: bool = typer.Option(
        False, "--cpr",
        help="person_id er CPR-numre: de tjekkes og pseudonymiseres med nøglen i $TILSYN_CPR_NOEGLE.",
    ),
    fra: str | None = typer.Option(None, "--fra", help="Leveringens første hele måned (ÅÅÅÅ-MM); standard: udledt af data."),
    til: str | None = typer.Option(None, "--til", help="Leveringens sidste hele måned (ÅÅÅÅ-MM); standard: udledt af data."),
) -> None:
    """Tjek og indlæs en datamappe i lageret - helt eller slet ikke; samme levering to gange ændrer intet.
    Lageret husker, hvilke måneder leveringen dækker; intet tal opgøres uden for dem."""
    from rich.table import Table

    from tilsyn.data import cpr
    from tilsyn.data.store import DataError, import_dir, summary

    _check_dir(data_dir)
    daekning = _daekning(fra, til)
    key = None
    if cpr_numre:
        key = cpr.key_from_env()
        if key is None:
            fail(f"--cpr kræver en hemmelig nøgle i miljøvariablen {cpr.KEY_ENV}; intet er indlæst")
    try:
        with console.status("Indlæser ...") as status:
            result = import_dir(data_dir, store, cpr_noegle=key, daekning=daekning, progress=status.update)
    except DataError as e:
        _show_problems(e.report(), len(e.problems) + e.omitted, f"Intet er skrevet til {store}.")
    counts = summary(store)
    table = Table(title=f"Lager: {store}")
    table.add_column("indhold")
    table.add_column("antal", justify="right")
    table.add_column("levering")
    for name, count in counts.items():
        table.add_row(LABELS[name], _antal(count), result.status.get(name, ""))
    console.print(table)
    console.print(_daekning_tekst(result.daekning), highlight=False)
    if result.changed:
        from tilsyn.resultater.gemte import Gemte

        Gemte.ryd(store)  # what was kept of the delivery before is no longer true
        console.print("[green]Indlæst.[/] Webapplikationen beregner oversigten og arbejdslisterne, når den starter "
                      f"(eller kør `tilsyn forbered --store {store}` først).", highlight=False)
    else:
        console.print("Leveringen er uændret; lageret er ikke rørt.")


def _daekning(fra: str | None, til: str | None):
    """The coverage given with --fra/--til (both or neither)."""
    from tilsyn import tid
    from tilsyn.data.daekning import ANGIVET, Daekning

    if fra is None and til is None:
        return None
    if fra is None or til is None:
        fail("angiv både --fra og --til (eller ingen af dem, så udledes dækningen af data)")
    try:
        foerste, sidste = tid.parse_maaned(fra), tid.parse_maaned(til)
    except ValueError as e:
        fail(str(e))
    if foerste > sidste:
        fail(f"--fra {fra} ligger efter --til {til}")
    return Daekning(foerste, sidste, ANGIVET)


def _daekning_tekst(d) -> str:
    from tilsyn.data.daekning import ANGIVET

    hvordan = ("angivet ved indlæsningen" if d.kilde == ANGIVET else
               "udledt af data: første måned med samtaler eller beskæftigelse til sidste måned med hændelser; "
               "angiv --fra og --til, hvis leveringen dækker andet")
    return f"Dækning: {d.tekst()} ({hvordan})."
