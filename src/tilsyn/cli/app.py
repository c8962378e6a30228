"""The Typer app, the options every command shares, and the one way commands report user errors
(exit 2, no traceback). Light on purpose: `tilsyn --help` imports this and the command modules
only; what a command needs (engine, store, web) is imported inside it when it runs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from tilsyn.cli.dansk import DanskTyper

app = DanskTyper(
    name="tilsyn",
    help="Tilsyn: beskæftigelsesindsatsen målt og styret - fokusmål, resultatmål, frister og tilsyn.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

BAD_INPUT = 2

DATA_ENV = "TILSYN_DATA"
DEMO_DATA = Path("demo") / "tilsyn.duckdb"
DATA_HELP = (f"Datamappe (NAVN.csv/NAVN.parquet) eller et lager lavet med `tilsyn import`; "
             f"standard: ${DATA_ENV}, ellers {DEMO_DATA} (fra `make demo`).")
ENGINE_HELP = "Beregningsmotor: duckdb (standard) eller spark."
DB_HJAELP = "Sagsdatabasen (SQLAlchemy-URL eller SQLite-fil); standard: env TILSYN_DB eller ./tilsyn-sager.db."


def data_option() -> Path | None:
    return typer.Option(None, "--data", envvar=DATA_ENV, show_envvar=False, help=DATA_HELP)


def engine_option() -> str:
    return typer.Option("duckdb", "--engine", help=ENGINE_HELP)


def db_option() -> str | None:
    return typer.Option(None, "--db", envvar="TILSYN_DB", show_envvar=False, help=DB_HJAELP)


def beregn(status: str | None, fn, *args, **kwargs):
    """Run a results-layer call under a status line (none inside a progress bar); a month outside
    the data's coverage or an input that cannot give the figure (ValueErrors with a Danish message)
    is exit 2."""
    from contextlib import nullcontext

    from tilsyn.benchmark import ResultatmaalFejl
    from tilsyn.data.daekning import UdenforDaekning

    try:
        with console.status(status) if status else nullcontext():
            return fn(*args, **kwargs)
    except (UdenforDaekning, ResultatmaalFejl) as e:  # the benchmark package loads no model for its error
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


def datakilde(data: Path | None) -> Path:
    """`--data`, else $TILSYN_DATA (Typer reads it into `data`), else the demo's store."""
    if data is not None:
        return data
    if DEMO_DATA.exists():
        return DEMO_DATA
    fail(f"angiv --data (en datamappe eller et lager fra `tilsyn import`) eller sæt ${DATA_ENV}; "
         f"uden dem bruges demoens lager {DEMO_DATA}, men det findes ikke her (lav det med `make demo`)")


def aabn(data: Path | None, engine: str):
    """Open `--data` for a command as a `Resultater`, turning every user error into a Danish message
    and exit 2."""
    from tilsyn.data.store import DataError
    from tilsyn.engine import backends
    from tilsyn.resultater import Resultater

    data = datakilde(data)
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


def sagsdatabase(db: str | None, opret: bool = False):
    """The workflow store at `--db` (else $TILSYN_DB, else ./tilsyn-sager.db) as a migrated session
    factory: the one place the command line opens it. A store that does not exist is created only by
    a command that creates things on purpose (`opret`); a URL that cannot be opened, a driver that is
    not installed or a server that does not answer is a Danish message and exit 2."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from tilsyn.supervision.db import db_url, sessions

    url = db_url(db)
    try:
        u = make_url(url)
    except ArgumentError:
        fail(f"--db: {url!r} er hverken en SQLAlchemy-URL eller en fil")
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        fil = Path(u.database)
        if not fil.parent.is_dir():
            fail(f"--db: mappen {fil.parent} findes ikke")
        if not fil.exists() and not opret:
            fail(f"sagsdatabasen {fil} findes ikke; angiv den med --db eller $TILSYN_DB "
                 "(en ny oprettes af `tilsyn bruger opret` og `tilsyn sag aabn`)")
    vist = u.render_as_string(hide_password=True)
    try:
        return sessions(url)
    except (NoSuchModuleError, ImportError):
        fail(f"--db: databasetypen {u.get_backend_name()!r} ({vist}) understøttes ikke; brug PostgreSQL "
             "(postgresql+psycopg://...) eller en SQLite-fil")
    except SQLAlchemyError as e:
        fail(f"kan ikke åbne sagsdatabasen {vist}: {_grund(getattr(e, 'orig', None) or e)}")
    except OSError as e:
        fail(f"kan ikke åbne sagsdatabasen {vist}: {e.strerror or e}")


def _grund(e: BaseException) -> str:
    """The first line of a driver's message (a connection error can run over many lines)."""
    tekst = str(e).strip().splitlines()
    return tekst[0] if tekst else type(e).__name__
