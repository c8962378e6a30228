"""The Typer app and the one way commands report user errors (exit 2, no traceback)."""

from __future__ import annotations

import os
from pathlib import Path
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


def beregn(status: str | None, fn, *args, **kwargs):
    """Run a results-layer call under a status line (none inside a progress bar); a month outside
    the data's coverage or an input that cannot give the figure (ValueErrors with a Danish message)
    is exit 2."""
    from contextlib import nullcontext

    from tilsyn.benchmark.resultatmaal import ResultatmaalFejl
    from tilsyn.data.daekning import UdenforDaekning

    try:
        with console.status(status) if status else nullcontext():
            return fn(*args, **kwargs)
    except (UdenforDaekning, ResultatmaalFejl) as e:
        fail(str(e))


def fail(message: str) -> NoReturn:
    """Stop with a clear Danish message and exit code 2 (bad input)."""
    err_console.print(f"[bold red]Fejl:[/] {message}", highlight=False)
    raise typer.Exit(BAD_INPUT)


def check_out(path: Path | None, option: str) -> None:
    """An output file is checked before the work, so that a long computation does not end in a
    path that cannot be written."""
    if path is None:
        return
    if path.is_dir():
        fail(f"{option}: {path} er en mappe; angiv en fil")
    if not path.parent.is_dir():
        fail(f"{option}: mappen {path.parent} findes ikke")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        fail(f"{option}: der kan ikke skrives i mappen {path.parent}")
