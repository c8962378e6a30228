"""The `tilsyn` command. Each module registers its commands on the one Typer app; commands are
thin and call the rooms below them (data, engine, benchmark, supervision, reports, web).

A command module imports at its top only what its options need (typer, pathlib, `tilsyn.cli.app`);
everything a command computes with is imported inside the command, when it runs. So `tilsyn --help`
and an argument error answer without loading the engine, the stores or the web
(tests/data/test_cli_start.py holds this). A new command: a module here with `@app.command(...)`
(or a sub-app made with `DanskTyper`), imported below."""

import sys

from tilsyn.cli.app import app
from tilsyn.rules.rulebook import RulebookError, rulebook

try:  # the commands read rules when they are loaded: a bad local rulebook (TILSYN_REGLER) stops here
    rulebook()
except RulebookError as e:
    sys.stderr.write(f"Fejl: reglerne kan ikke læses, intet er beregnet:\n{e}\n")
    raise SystemExit(2) from None
from tilsyn.cli import generate  # noqa: F401  (generate)
from tilsyn.cli import data  # noqa: F401  (validate, import)
from tilsyn.cli import fokus  # noqa: F401  (fokusmaal, forklar)
from tilsyn.cli import frister  # noqa: F401  (frister, rettidighed)
from tilsyn.cli import kvoter  # noqa: F401  (kvoter)
from tilsyn.cli import kvoteplan  # noqa: F401  (kvoteplan)
from tilsyn.cli import web  # noqa: F401  (serve, forbered, bruger)
from tilsyn.cli import adgangslog  # noqa: F401  (adgangslog udtraek, slet-gamle)
from tilsyn.cli import rapport  # noqa: F401  (rapport, brev)
from tilsyn.cli import tilsyn_sager  # noqa: F401  (sag ...)
from tilsyn.cli import regler  # noqa: F401  (regler)
from tilsyn.cli import resultat  # noqa: F401  (resultatmaal, udvaelgelse, benchmark-diagnostik, tidlig-indsats)


__all__ = ["app"]
