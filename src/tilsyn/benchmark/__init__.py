"""The benchmark behind the resultatmål: the expected-share model (pluggable), leave-one-out
predictions with intervals, and a diagnostics report."""

from tilsyn.benchmark.model import STANDARD, Model, WlsLoo
from tilsyn.benchmark.resultatmaal import (
    KOLONNER, ResultatForklaring, ResultatmaalFejl, diagnostik, forklar_resultat, grundlag, resultatmaal,
)

__all__ = ["KOLONNER", "ResultatForklaring", "forklar_resultat", "STANDARD", "Model", "ResultatmaalFejl", "WlsLoo", "diagnostik", "grundlag", "resultatmaal"]
