"""`tilsyn fokusmaal` (the monthly fokusmål of every municipality, spec 06) and `tilsyn forklar`
(why one person counts as it does)."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from tilsyn import tid
from tilsyn.cli.app import app, console, fail
from tilsyn.data.store import DataError
from tilsyn.engine import backends, fokusmaal as maal
from tilsyn.engine.forklar import forklar as forklaring
from tilsyn.kommuner import navn
from tilsyn.rules.rulebook import rulebook

KOLONNER = (
    "kommune_kode",
    "maaned",
    "population",
    "passive_samtaler",
    "passive_tilbud",
    "andel_samtaler",
    "andel_tilbud",
    "gns12_samtaler",
    "gns12_tilbud",
)
_ANDELE = ("andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud")

DATA_HELP = "Datamappe (NAVN.csv/NAVN.parquet) eller et lager lavet med `tilsyn import`."
ENGINE_HELP = "Beregningsmotor: duckdb (standard) eller spark."


def aabn(data: Path, engine: str) -> backends.Data:
    """Open `--data` for a command, turning every user error into a Danish message and exit 2."""
    if engine not in backends.ENGINES:
        fail(f"ukendt motor {engine!r}: vælg duckdb eller spark")
    try:
        with console.status(f"Åbner {data} ..."):
            return backends.open_data(data, engine)
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
    return "" if value is None else f"{round(value, 2):.2f}"


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
    if out is not None and not out.parent.is_dir():
        fail(f"mappen {out.parent} findes ikke")
    d = aabn(data, engine)
    expr = maal.rullende(d.tables, first, last, rulebook()).order_by(["maaned", "kommune_kode"])
    with console.status(f"Beregner fokusmål for {tid.maaned_tekst(first)} – {tid.maaned_tekst(last)} ..."):
        alle = expr.select(*KOLONNER).to_pyarrow().to_pylist()
    rows = [r for r in alle if r["population"] > 0]
    udeladt = _udeladt([r for r in alle if r["population"] == 0], len(tid.months(first, last)))
    for r in rows:
        r["maaned"] = tid.maaned_tekst(r["maaned"])
        for k in _ANDELE:
            r[k] = _andel(r[k])
    if out is not None:
        with out.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=KOLONNER, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        console.print(f"{len(rows)} rækker skrevet til {out}", highlight=False)
        if udeladt:
            console.print(udeladt, highlight=False)
        return
    flere = first != last
    titel = tid.maaned_tekst(first) + (f" – {tid.maaned_tekst(last)}" if flere else "")
    table = Table(title=f"Fokusmål {titel} (andele i %)")
    table.add_column("kommune", no_wrap=True)
    if flere:
        table.add_column("måned", no_wrap=True)
    for head in ("pop.", "passive samt.", "passive tilb.", "samt.", "tilb.", "gns12 samt.", "gns12 tilb."):
        table.add_column(head, justify="right")
    for r in rows:
        table.add_row(
            f"{r['kommune_kode']} {navn(r['kommune_kode'])}",
            *([r["maaned"]] if flere else []),
            *(str(r[k]) for k in KOLONNER[2:]),
        )
    console.print(table)
    if not rows:
        console.print("Ingen kommune har personer i populationen i perioden.")
    elif udeladt:
        console.print(udeladt, highlight=False)


def _udeladt(tomme: list[dict], maaneder: int) -> str:
    """Spec 06 gives a row only to a municipality with a population; say which were left out, so a
    missing municipality is not mistaken for a lost one."""
    if not tomme:
        return ""
    antal = Counter(r["kommune_kode"] for r in tomme)
    if len(antal) > 10:
        return f"{len(antal)} kommuner har ingen personer i populationen og er udeladt."
    navne = ", ".join(f"{k} {navn(k)}" + (f" ({n} af {maaneder} måneder)" if maaneder > 1 else "")
                      for k, n in sorted(antal.items()))
    return f"Udeladt, fordi ingen personer er i populationen: {navne}."


@app.command("forklar")
def forklar_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    person: str = typer.Option(..., "--person", help="person_id."),
    month: str = typer.Option(..., "--month", help="Måneden (ÅÅÅÅ-MM)."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Forklar, hvorfor en person er (eller ikke er) i populationen og passiv i en måned."""
    maaned = _maaned(month, "--month")
    d = aabn(data, engine)
    personer = d.tables["personer"]
    if personer.filter(personer.person_id == person).count().execute() == 0:
        fail(f"person {person!r} findes ikke i {data}")
    console.print(str(forklaring(d.tables, person, maaned, rulebook())), highlight=False, markup=False)
