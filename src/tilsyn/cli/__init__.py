"""The `tilsyn` command. Each module registers its commands on the one Typer app; commands are
thin and call the rooms below them (data, engine, benchmark, supervision, reports, web)."""

from tilsyn.cli.app import app
from tilsyn.cli import generate  # noqa: F401  (generate)
from tilsyn.cli import data  # noqa: F401  (validate, import)
from tilsyn.cli import fokus  # noqa: F401  (fokusmaal, forklar)
from tilsyn.cli import frister  # noqa: F401  (frister, rettidighed)
from tilsyn.cli import kvoter  # noqa: F401  (kvoter)
from tilsyn.cli import kvoteplan  # noqa: F401  (kvoteplan)
from tilsyn.cli import web  # noqa: F401  (serve, bruger)
from tilsyn.cli import adgangslog  # noqa: F401  (adgangslog udtraek, slet-gamle)
from tilsyn.cli import rapport  # noqa: F401  (rapport, brev)
from tilsyn.cli import tilsyn_sager  # noqa: F401  (sag ...)
from tilsyn.cli import regler  # noqa: F401  (regler)
from tilsyn.cli import resultat  # noqa: F401  (resultatmaal, udvaelgelse, benchmark-diagnostik, tidlig-indsats)


__all__ = ["app"]
