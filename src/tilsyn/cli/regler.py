"""`tilsyn regler`: the rule values in force on a day, with their source (a legal adviser's
answer to "which law does this deadline follow?")."""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from tilsyn import tid
from tilsyn.cli.app import app, console, fail
from tilsyn.rules.i_kraft import UkendtSti, regler_i_kraft


@app.command("regler")
def regler_command(
    dato: str | None = typer.Option(None, "--dato", help="Dagen (ÅÅÅÅ-MM-DD); standard er i dag."),
    sti: str | None = typer.Option(None, "--sti", help="Kun regler under dette navn, fx kontaktforloeb eller tilsyn."),
) -> None:
    """Reglerne i kraft på en dag: værdi, gælder fra, næste ændring, lovhjemmel og om værdien er fra kilden
    eller et dokumenteret standardvalg."""
    try:
        dag = tid.parse_dato(dato) if dato else date.today()
    except ValueError as e:
        fail(f"--dato: {e}")
    try:
        rows = regler_i_kraft(dag, sti)
    except UkendtSti as e:
        fail(f"--sti: {e}")
    if not rows:
        fail(f"--dato: ingen regler gælder {dag.isoformat()}; regelsamlingen begynder 2016-01-01")
    from tilsyn.rules.rulebook import rulebook

    t = Table(title=f"Regler i kraft {dag.isoformat()}" + (f" under {sti}" if sti else "") + f" (regelsæt {rulebook().navn})",
              show_lines=True, title_justify="left")
    for kolonne in ("Regel", "Værdi", "Gælder fra", "Kilde"):
        t.add_column(kolonne, overflow="fold")
    for r in rows:
        kilde = r.reference.tekst() + (f"\n{r.reference.link}" if r.reference.link else "")
        if r.marker == "default":
            kilde += f"\nStandardvalg: {r.note}"
        fra = r.fra.isoformat() + (f"\n(ændres {r.naeste_aendring.isoformat()})" if r.naeste_aendring else "")
        t.add_row(f"{r.beskrivelse}\n[dim]{r.sti}[/]", r.vaerdi_tekst, fra, kilde)
    console.print(t, highlight=False)
