"""`tilsyn generate`: write a synthetic national data set for demos and performance runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from tilsyn.cli.app import app, console, fail


@app.command("generate")
def generate_command(
    out_dir: Path = typer.Argument(..., help="Mappen, som tabellerne skrives til (oprettes om nødvendigt)."),
    persons: int = typer.Option(50_000, "--persons", help="Antal personer i datasættet."),
    seed: int = typer.Option(1, "--seed", help="Samme seed giver præcis de samme filer."),
    fra: str = typer.Option("2019-01", "--fra", help="Første måned i dataperioden (ÅÅÅÅ-MM)."),
    til: str | None = typer.Option(None, "--til", help="Sidste måned i dataperioden (ÅÅÅÅ-MM); standard: sidste hele måned."),
    fmt: str = typer.Option("parquet", "--format", help="parquet eller csv."),
) -> None:
    """Skriv et syntetisk, landsdækkende datasæt med alle 98 kommuner i inputformatet, fra 2019-01 til
    sidste hele måned; en ny periode får en ydelse, der findes på dens startdag (organisering.ydelser)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.table import Table

    from tilsyn import tid
    from tilsyn.data.generate import generate, svage_kommuner, svage_kun_tilbud
    from tilsyn.kommuner import navn

    try:
        first = tid.parse_maaned(fra)
        last = tid.last_day(tid.parse_maaned(til) if til else tid.sidste_hele_maaned(date.today()))
    except ValueError as e:
        fail(str(e))
    if first > last:
        fail(f"--fra {fra} ligger efter --til {tid.maaned_tekst(last)}")
    if persons < 1:
        fail("--persons skal være mindst 1")
    if fmt not in ("parquet", "csv"):
        fail(f"ukendt format {fmt!r}: brug parquet eller csv")
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir} findes og er ikke en mappe")
    with Progress(
        TextColumn("Genererer personer"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TimeRemainingColumn(), console=console,
    ) as bar:
        opgave = bar.add_task("personer", total=persons)
        antal = generate(out_dir, persons, seed, first, last, fmt, progress=lambda n: bar.advance(opgave, n))
    tabel = Table("tabel", "rækker", title=f"Skrevet til {out_dir}")
    for navn_, n in antal.items():
        tabel.add_row(f"{navn_}.{fmt}", f"{n:,}".replace(",", "."))
    console.print(tabel)
    kun_tilbud = svage_kun_tilbud(seed)
    svage = ", ".join(f"{k} {navn(k)}" + (" (kun tilbud)" if k in kun_tilbud else "") for k in svage_kommuner(seed))
    console.print(f"Svage kommuner i de syntetiske data (seed {seed}): {svage}")
