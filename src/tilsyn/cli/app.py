"""The Typer app and the one way commands report user errors (exit 2, no traceback)."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="tilsyn",
    help="Tilsyn: beskæftigelsesindsatsen målt og styret - fokusmål, resultatmål, frister og tilsyn.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    """Stop with a clear Danish message and exit code 2 (bad input)."""
    err_console.print(f"[bold red]Fejl:[/] {message}", highlight=False)
    raise typer.Exit(BAD_INPUT)
