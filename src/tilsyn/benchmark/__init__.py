"""The benchmark behind the resultatmål: the expected-share model (pluggable), leave-one-out
predictions with intervals, and a diagnostics report."""

from tilsyn.benchmark.model import STANDARD, Model, WlsLoo
from tilsyn.benchmark.resultatmaal import KOLONNER, ResultatmaalFejl, diagnostik, grundlag, resultatmaal

__all__ = ["KOLONNER", "STANDARD", "Model", "ResultatmaalFejl", "WlsLoo", "diagnostik", "grundlag", "resultatmaal"]
