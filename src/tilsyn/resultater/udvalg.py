"""The selection on any mix of inputs - Tilsyn's own measures from micro data or STAR's published
figures - and its what-if: the same selection under changed rule values, beside the one
under the rules in force. Presenters (CLI, web) call these and never select themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from tilsyn.data.daekning import tjek_regelaar
from tilsyn.ordliste import KONSEKVENSER
from tilsyn.resultater import Resultater
from tilsyn.rules.rulebook import Rulebook, rulebook
from tilsyn.udvaelgelse import HVIS_MAAL, UdvaelgelseFejl, forskelle, hvis_aendringer, vaelg

if TYPE_CHECKING:  # the published figures are pandas; the pages load this module at start
    import pandas as pd


def alvor(konsekvens: str | None, forskel_pct_point: float | None) -> tuple[int, float]:
    """A selection row's place, most severe first: its consequence (strongest first), then how far
    over the limit the resultatmål is (its difference from the expected share, the largest first)."""
    orden = KONSEKVENSER.index(konsekvens) if konsekvens in KONSEKVENSER else len(KONSEKVENSER)
    over = forskel_pct_point if forskel_pct_point is not None and forskel_pct_point == forskel_pct_point else float("-inf")
    return orden, -over


@dataclass
class Grundlag:
    """The measures the selection of a year is made on: a published resultatmål and/or fokusmål
    year values (pandas, docs/data-format.md), the rest from micro data (`resultater`)."""

    aar: int
    resultater: Resultater | None = None
    resultat: pd.DataFrame | None = None
    vaerdier: pd.DataFrame | None = None

    def __post_init__(self):
        if self.resultater is None and (self.resultat is None or self.vaerdier is None):
            raise UdvaelgelseFejl("angiv data (--data) eller både et offentliggjort resultatmål og fokusmål")

    def kilde(self) -> str:
        dele = ["resultatmål: " + ("offentliggjort (Jobindsats y30r21)" if self.resultat is not None else "Tilsyns egen beregning"),
                "fokusmål: " + ("offentliggjort" if self.vaerdier is not None else "Tilsyns egen beregning")]
        return "; ".join(dele)

    def udvaelg(self, rules: Rulebook | None = None) -> pl.DataFrame:
        """The docs/data-format.md `udvaelgelse` table of the year under `rules` (default: the rulebook)."""
        tjek_regelaar(self.aar, "Udvælgelsen")
        rules = rules or (self.resultater.rules if self.resultater else rulebook())
        r = self.resultater
        if r is not None and r.rules is not rules:
            r = Resultater(r.data, rules)
        return pl.from_pandas(vaelg(*self._maalene(r), self.aar, rules)).sort("kommune_kode")

    def _maalene(self, r: Resultater | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(fokusmål year values, resultatmål): the published where given, else computed by `r`."""
        vaerdier = self.vaerdier if self.vaerdier is not None else r.aarsvaerdier(self.aar).to_pandas()
        resultat = self.resultat if self.resultat is not None else r.resultatmaal(self.aar).to_pandas()
        return vaerdier, resultat

    def hvis(self, antagelser: list[str] | dict, rules: Rulebook | None = None) -> tuple[pl.DataFrame, pl.DataFrame, dict]:
        """(official selection, what-if selection with `konsekvens_officiel` and `aendret`, the
        changes as values). Rules that only judge the measures reuse the official measures; those
        that change the measures recompute them from micro data."""
        tjek_regelaar(self.aar, "Udvælgelsen")
        rules = rules or (self.resultater.rules if self.resultater else rulebook())
        mikro = self.resultater is not None and self.resultat is None and self.vaerdier is None
        aendringer = (antagelser if isinstance(antagelser, dict)
                      else hvis_aendringer(rules, antagelser, self.aar, mikrodata=mikro))
        officiel = self.udvaelg(rules)
        hvis_rules = rules.hvis(aendringer)
        if any(p in HVIS_MAAL for p in aendringer):
            hvis = self.udvaelg(hvis_rules)
        else:  # same measures, judged under the changed values
            hvis = pl.from_pandas(vaelg(*self._maalene(self.resultater), self.aar, hvis_rules))
        ud = forskelle(officiel.to_pandas(), hvis.to_pandas())
        return officiel, pl.from_pandas(ud).sort("kommune_kode"), aendringer
