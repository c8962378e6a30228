"""`tilsyn regler`: the rule values in force on a day, with their source (a legal adviser's
answer to "which law does this deadline follow?")."""

from __future__ import annotations

import typer

from tilsyn.cli.app import app, console, fail


@app.command("regler")
def regler_command(
    dato: str | None = typer.Option(None, "--dato", help="Dagen (ÅÅÅÅ-MM-DD); standard er i dag."),
    sti: str | None = typer.Option(None, "--sti", help="Kun regler under dette navn, fx kontaktforloeb eller tilsyn."),
) -> None:
    """Reglerne i kraft på en dag: værdi, gælder fra, næste ændring, lovhjemmel og om værdien er fra kilden
    eller et dokumenteret standardvalg."""
    from datetime import date

    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from tilsyn import tid
    from tilsyn.rules.i_kraft import UkendtSti, regler_i_kraft

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

    # the rule and its value get the room; the day is one short column; the source a third of the
    # width; the rule's name (for --sti) stays on one line, cut rather than broken mid-word
    t = Table(title=f"Regler i kraft {dag.isoformat()}" + (f" under {sti}" if sti else "") + f" (regelsæt {rulebook().navn})",
              show_lines=True, title_justify="left", expand=True)
    t.add_column("Regel", ratio=3)
    t.add_column("Værdi", ratio=3)
    t.add_column("Gælder fra", width=10, no_wrap=True)
    t.add_column("Kilde", ratio=3)
    for r in rows:
        kilde = [Text(r.reference.tekst())]
        if r.reference.link:
            kilde.append(Text(r.reference.link, style="dim", overflow="fold"))
        if r.marker == "default":
            kilde.append(Text(f"Standardvalg: {r.note}", style="italic"))
        fra = r.fra.isoformat() + (f"\nændres {r.naeste_aendring.isoformat()}" if r.naeste_aendring else "")
        regel = Group(Text(r.beskrivelse), Text(r.sti, style="dim", no_wrap=True, overflow="ellipsis"))
        t.add_row(regel, Text(r.vaerdi_tekst), fra, Group(*kilde))
    console.print(t, highlight=False)
