"""`tilsyn fokusmaal` (the monthly fokusmål of every municipality, docs/data-format.md) and `tilsyn forklar`
(why one person counts as it does)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from tilsyn import kommuner, tid
from tilsyn.cli.app import app, beregn, check_out, console, fail
from tilsyn.data.store import DataError
from tilsyn.engine import backends
from tilsyn.kommuner import navn
from tilsyn.resultater import FOKUSMAAL_KOLONNER, Resultater, skriv_csv
from tilsyn.rules.rulebook import rulebook

_ANDELE = FOKUSMAAL_KOLONNER[5:]
DATA_HELP = "Datamappe (NAVN.csv/NAVN.parquet) eller et lager lavet med `tilsyn import`."
ENGINE_HELP = "Beregningsmotor: duckdb (standard) eller spark."


def aabn(data: Path, engine: str) -> Resultater:
    """Open `--data` for a command, turning every user error into a Danish message and exit 2."""
    if engine not in backends.ENGINES:
        fail(f"ukendt motor {engine!r}: vælg duckdb eller spark")
    try:
        with console.status(f"Åbner {data} ..."):
            r = Resultater(backends.open_data(data, engine))
        if r.data.daekning is None:
            fail(f"{data} har ingen daterede rækker, så ingen måned kan opgøres")
        return r
    except FileNotFoundError as e:
        fail(str(e))
    except DataError as e:
        for line in e.report():
            typer.echo(line, err=True)
        fail(f"{len(e.problems) + e.omitted} problem(er) i {data}; ret dem med `tilsyn validate`.")


def _maaned(text: str, option: str) -> date:
    try:
        return tid.parse_maaned(text)
    except ValueError as e:
        fail(f"{option}: {e}")


def _andel(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@app.command("fokusmaal", help=(
    "Fokusmål pr. kommune: population, passive og passive andele (%) for måneden og gennemsnittet af de "
    f"seneste {rulebook().vaerdi('fokusmaal.vindue_maaneder', maaned=date.today())} måneder."
))
def fokusmaal_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    month: str | None = typer.Option(None, "--month", help="Måneden (ÅÅÅÅ-MM)."),
    fra: str | None = typer.Option(None, "--from", help="Første måned (ÅÅÅÅ-MM), i stedet for --month."),
    til: str | None = typer.Option(None, "--to", help="Sidste måned (ÅÅÅÅ-MM), sammen med --from."),
    out: Path | None = typer.Option(None, "--out", help="Skriv CSV hertil i stedet for at vise en tabel."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    if month and (fra or til):
        fail("brug enten --month eller --from/--to")
    if month:
        first = last = _maaned(month, "--month")
    elif fra and til:
        first, last = _maaned(fra, "--from"), _maaned(til, "--to")
        if first > last:
            fail(f"--from {fra} ligger efter --to {til}")
    else:
        fail("angiv --month ÅÅÅÅ-MM (eller --from og --to)")
    check_out(out, "--out")
    r = aabn(data, engine)
    periode = tid.maaned_tekst(first) + ("" if first == last else f" – {tid.maaned_tekst(last)}")
    tabel = beregn(f"Beregner fokusmål for {periode} ...", r.fokusmaal, first, last)
    udeladt = _udeladt(tabel, first, last)
    if out is not None:
        skriv_csv(tabel, out)
        console.print(f"{tabel.height} rækker skrevet til {out}", highlight=False)
        if udeladt:
            console.print(udeladt, highlight=False)
        return
    rows = tabel.to_dicts()
    flere = first != last
    titel = tid.maaned_tekst(first) + (f" – {tid.maaned_tekst(last)}" if flere else "")
    table = Table(title=f"Fokusmål {titel} (andele i %; {r.daekning.tekst()})")
    table.add_column("kommune", no_wrap=True)
    if flere:
        table.add_column("måned", no_wrap=True)
    for head in ("pop.", "passive samt.", "passive tilb.", "samt.", "tilb.", "gns12 samt.", "gns12 tilb."):
        table.add_column(head, justify="right")
    for row in rows:
        table.add_row(
            f"{row['kommune_kode']} {navn(row['kommune_kode'])}",
            *([tid.maaned_tekst(row["maaned"])] if flere else []),
            *(_andel(row[k]) if k in _ANDELE else str(row[k]) for k in FOKUSMAAL_KOLONNER[2:]),
        )
    console.print(table)
    if not rows:
        console.print("Ingen kommune har personer i populationen i perioden.")
    elif udeladt:
        console.print(udeladt, highlight=False)


def _udeladt(tabel, first: date, last: date) -> str:
    """The result table gives a row only to a municipality with a population; say which were left out, so a
    missing municipality is not mistaken for a lost one."""
    maaneder = len(tid.months(first, last))
    med = tabel.group_by("kommune_kode").len()
    antal = {k: maaneder for k in kommuner.kommuner()} | {
        k: maaneder - n for k, n in zip(med["kommune_kode"], med["len"])}
    antal = {k: n for k, n in antal.items() if n}
    if not antal:
        return ""
    if len(antal) > 10:
        return f"{len(antal)} kommuner har ingen personer i populationen og er udeladt."
    navne = ", ".join(f"{k} {navn(k)}" + (f" ({n} af {maaneder} måneder)" if maaneder > 1 else "")
                      for k, n in sorted(antal.items()))
    return f"Udeladt, fordi ingen personer er i populationen: {navne}."


@app.command("forklar")
def forklar_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    person: str | None = typer.Option(None, "--person", help="person_id (med --month)."),
    month: str | None = typer.Option(None, "--month", help="Måneden (ÅÅÅÅ-MM)."),
    kommune: str | None = typer.Option(None, "--kommune", help="Kommunekode eller navn (med --year): resultatmålet forklaret."),
    year: int | None = typer.Option(None, "--year", help="Året (ÅÅÅÅ) for --kommune."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Forklar, hvorfor en person er (eller ikke er) i populationen og passiv i en måned
    (--person, --month), eller hvordan en kommunes forventede andel i resultatmålet er sammensat
    (--kommune, --year)."""
    if (person is None) == (kommune is None):
        fail("angiv enten --person og --month eller --kommune og --year")
    if kommune is not None:
        if year is None:
            fail("--kommune kræver --year ÅÅÅÅ")
        try:
            kode = kommuner.find_kode(kommune)
        except ValueError as e:
            fail(f"--kommune: {e}")
        r = aabn(data, engine)
        forklaring = beregn("Forklarer resultatmålet ...", r.resultat_forklaring, year, kode)
        console.print("\n".join(forklaring.linjer()), highlight=False, markup=False)
        console.print(f"({r.daekning.tekst()})", highlight=False)
        return
    if month is None:
        fail("--person kræver --month ÅÅÅÅ-MM")
    maaned = _maaned(month, "--month")
    r = aabn(data, engine)
    if not r.person_findes(person):
        fail(f"person {person!r} findes ikke i {data}")
    forklaring = beregn("Forklarer ...", r.forklaring, person, maaned)
    console.print(str(forklaring), highlight=False, markup=False)
    console.print(f"({r.daekning.tekst()})", highlight=False)
