"""The yearly selection (udvælgelse, spec 03): who fails the resultatmål, who fails a fokusmål,
and the consequence under the rules in force on 31 December of the year."""

from __future__ import annotations


import ibis.expr.types as ir
import pandas as pd

from tilsyn.benchmark import STANDARD, Model, resultatmaal
from tilsyn.engine.fokusmaal import aarsvaerdier
from tilsyn.ordliste import INGEN, LIGHT, RISIKOZONE, SKAERPET
from tilsyn.rules.rulebook import Rulebook, rulebook

KOLONNER = (
    "kommune_kode",
    "aar",
    "fails_resultat",
    "fails_samtaler",
    "fails_tilbud",
    "konsekvens",
    "vaerdi_samtaler",
    "vaerdi_tilbud",
    "forskel_pct_point",
)
MAAL = ("samtaler", "tilbud")
_HANDLER = (SKAERPET, LIGHT)


def udvaelgelse(
    tables: dict[str, ir.Table], aar: int, rules: Rulebook | None = None, model: Model = STANDARD, con=None
) -> pd.DataFrame:
    """The spec 06 `udvaelgelse` table for year `aar`, computed from the input tables on `con`
    (default: the backend the tables are bound to)."""
    rules = rules or rulebook()
    resultat = resultatmaal(tables, str(aar), rules, model, con=con)  # first: it fails fast on bad rammevilkaar
    expr = aarsvaerdier(tables, aar, rules)
    return vaelg(con.execute(expr) if con is not None else expr.execute(), resultat, aar, rules)


def vaelg(vaerdier: pd.DataFrame, resultat: pd.DataFrame, aar: int, rules: Rulebook) -> pd.DataFrame:
    """The selection as a pure function of the fokusmål year values
    [kommune_kode, vaerdi_samtaler, vaerdi_tilbud] and the resultatmål table (spec 06 columns).

    Values are compared as published (2 decimals). A municipality missing from one input is
    not failing on it; one with no value at all is left out."""
    tolerance = rules.vaerdi("resultatmaal.tolerance_pct_point", aar=aar)
    kun_over_interval = rules.vaerdi("resultatmaal.kun_over_interval", aar=aar)
    v = vaerdier[["kommune_kode", "vaerdi_samtaler", "vaerdi_tilbud"]]
    r = resultat[["kommune_kode", "forskel_pct_point", "faktisk_andel", "oevre"]]
    out = v.merge(r, on="kommune_kode", how="outer").sort_values("kommune_kode", ignore_index=True)
    out = out.dropna(how="all", subset=["vaerdi_samtaler", "vaerdi_tilbud", "forskel_pct_point"])
    out["aar"] = aar
    if kun_over_interval:
        out["fails_resultat"] = out.faktisk_andel > out.oevre
    else:
        out["fails_resultat"] = out.forskel_pct_point > tolerance
    for maal in MAAL:
        out[f"vaerdi_{maal}"] = out[f"vaerdi_{maal}"].round(2)
        out[f"fails_{maal}"] = out[f"vaerdi_{maal}"] >= rules.vaerdi(f"fokusmaal.{maal}.graense_pct", aar=aar)
    handler = pd.Series(False, index=out.index)  # fails a target that carries a consequence
    konsekvens = pd.Series(INGEN, index=out.index, dtype="object")
    for niveau in reversed(_HANDLER):  # the stronger consequence is assigned last and wins
        for maal in MAAL:
            if _konsekvens(rules, maal, aar) == niveau:
                konsekvens[out.fails_resultat & out[f"fails_{maal}"]] = niveau
                handler |= out[f"fails_{maal}"]
    konsekvens[~out.fails_resultat & handler] = RISIKOZONE
    out["konsekvens"] = konsekvens
    return out[list(KOLONNER)]


def _konsekvens(rules: Rulebook, maal: str, aar: int) -> str:
    vaerdi = rules.vaerdi(f"fokusmaal.{maal}.konsekvens", aar=aar)
    if vaerdi not in (*_HANDLER, INGEN):
        raise ValueError(f"fokusmaal.{maal}.konsekvens: ukendt konsekvens {vaerdi!r}")
    return vaerdi
