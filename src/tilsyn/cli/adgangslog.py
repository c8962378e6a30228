"""`tilsyn adgangslog`: the access log read out for a citizen's request of access (or a user's
views), and emptied of what is older than the retention period."""

from __future__ import annotations

import csv
import getpass
from datetime import date
from pathlib import Path

import typer

from tilsyn.cli.app import DB_HJAELP, app, check_out, console, fail, sagsdatabase
from tilsyn.cli.dansk import DanskTyper

adgangslog_app = DanskTyper(
    help="Adgangsloggen: udtræk til indsigt og sletning efter opbevaringsfristen.", no_args_is_help=True
)
app.add_typer(adgangslog_app, name="adgangslog")

KOLONNER = ("Tidspunkt (dansk tid)", "Bruger", "Borger", "Formål", "Adresse", "Filtre")


def _dag(tekst: str, navn: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        fail(f"{navn} skal skrives ÅÅÅÅ-MM-DD, fik {tekst!r}")


@adgangslog_app.command("udtraek")
def udtraek(
    person: str = typer.Option(None, "--person", help="Borgerens person_id: alle visninger af borgeren."),
    bruger: str = typer.Option(None, "--bruger", help="Brugernavnet: alle brugerens visninger."),
    fra: str = typer.Option(..., "--fra", help="Første dag, ÅÅÅÅ-MM-DD (dansk tid)."),
    til: str = typer.Option(..., "--til", help="Sidste dag, ÅÅÅÅ-MM-DD (med)."),
    out: Path = typer.Option(None, "--out", help="Skriv også udtrækket som CSV (UTF-8 med BOM, semikolon)."),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Hvem har set borgeren, hvornår, hvorfor og hvordan (indsigtsret, GDPR art. 15)."""
    from rich.table import Table
    from rich.text import Text

    from tilsyn.celler import celle
    from tilsyn.filer import privat
    from tilsyn.web import adgangslog

    if person is None and bruger is None:
        fail("angiv --person, --bruger eller begge")
    start, slut = _dag(fra, "--fra"), _dag(til, "--til")
    if slut < start:
        fail(f"--til ({slut}) ligger før --fra ({start})")
    check_out(out, "--out")
    raekker = [
        (f"{adgangslog.dansk_tid(r.tidspunkt):%Y-%m-%d %H:%M:%S}", r.brugernavn, r.person_id or "", r.formaal,
         r.route, r.filtre or "")
        for r in adgangslog.udtraek(sagsdatabase(db_url), start, slut, person, bruger)
    ]
    table = Table()
    for kolonne in KOLONNER:
        table.add_column(kolonne, overflow="fold")  # the whole record, never cut with an ellipsis
    for raekke in raekker:
        table.add_row(*(Text(v) for v in raekke))
    console.print(table)
    hvem = " og ".join(([f"borger {person}"] if person else []) + ([f"bruger {bruger}"] if bruger else []))
    antal = f"{len(raekker)} {'række' if len(raekker) == 1 else 'rækker'}"
    console.print(f"{antal} for {hvem} fra {start} til {slut}.", highlight=False)
    if out:
        with privat(out).open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(KOLONNER)
            writer.writerows([celle(v) for v in raekke] for raekke in raekker)  # filters come from requests
        console.print(f"Skrevet til {out}.", highlight=False)


@adgangslog_app.command("slet-gamle")
def slet_gamle(
    dage: int = typer.Option(
        None, "--dage", min=1,
        help="Opbevaringsfristen i dage; standard: env TILSYN_ADGANGSLOG_OPBEVARING_DAGE eller 1825 (5 år).",
    ),
    db_url: str = typer.Option(None, "--db", help=DB_HJAELP),
) -> None:
    """Slet rækker ældre end opbevaringsfristen; sletningen logges selv som en række."""
    from tilsyn.web import adgangslog

    if dage is None:
        try:
            dage = adgangslog.opbevaring_dage()
        except ValueError as e:
            fail(str(e))
    antal, graense = adgangslog.slet_gamle(
        sagsdatabase(db_url), dage, getpass.getuser(), "tilsyn adgangslog slet-gamle"
    )
    console.print(
        f"{antal} {'række' if antal == 1 else 'rækker'} fra før {adgangslog.dansk_tid(graense):%Y-%m-%d %H:%M} "
        f"(dansk tid, {dage} dage) slettet; sletningen er logget.", highlight=False,
    )
