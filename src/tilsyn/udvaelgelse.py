"""The yearly selection (udvælgelse; bekendtgørelse om skærpet tilsyn, docs/rapporter.md): who
fails the resultatmål, who fails a fokusmål, and the consequence under the rules in force on
31 December of the year. The results layer (`resultater.Resultater.udvaelgelse`) feeds it."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from tilsyn import afgoerelser, tid
from tilsyn.ordliste import INGEN, LIGHT, RISIKOZONE, SKAERPET
from tilsyn.rules.rulebook import Rulebook

if TYPE_CHECKING:  # the pages and the supervision cases ask for its words without loading pandas
    import pandas as pd

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

# what a what-if may change: the values the selection reads after the measures (any input) ...
HVIS_EFTER = (
    "resultatmaal.tolerance_pct_point", "resultatmaal.kun_over_interval",
    "fokusmaal.samtaler.graense_pct", "fokusmaal.tilbud.graense_pct",
    "fokusmaal.samtaler.konsekvens", "fokusmaal.tilbud.konsekvens", "tilsyn.ordning.udvaelgelse",
)
# ... and those that change the measures themselves (only when Tilsyn computes them from micro data)
HVIS_MAAL = (
    "fokusmaal.samtaler.min_antal", "fokusmaal.tilbud.min_timer", "fokusmaal.udeladte_maaneder",
    "resultatmaal.interval_niveau",
)


class UdvaelgelseFejl(ValueError):
    """The selection cannot be made on this input or what-if (Danish message)."""


def vaelg(vaerdier: pd.DataFrame, resultat: pd.DataFrame, aar: int, rules: Rulebook) -> pd.DataFrame:
    """The selection as a pure function of the fokusmål year values
    [kommune_kode, vaerdi_samtaler, vaerdi_tilbud] and the resultatmål table (docs/data-format.md).

    The verdicts are `afgoerelser`'s (fokusmål values as published, 2 decimals). A municipality
    missing from one input is not failing on it; one with no value at all is left out."""
    import pandas as pd

    regel = afgoerelser.resultatmaal_regel(rules, aar)
    if regel["kun_over_interval"] and resultat["oevre"].isna().all():
        raise UdvaelgelseFejl("resultatmaal.kun_over_interval kræver et prædiktionsinterval, og resultatmålet "
                              "her har intet (Jobindsats' tabel y30r21 offentliggør ikke et interval)")
    v = vaerdier[["kommune_kode", "vaerdi_samtaler", "vaerdi_tilbud"]]
    r = resultat[["kommune_kode", "forskel_pct_point", "faktisk_andel", "oevre"]]
    out = v.merge(r, on="kommune_kode", how="outer").sort_values("kommune_kode", ignore_index=True)
    out = out.dropna(how="all", subset=["vaerdi_samtaler", "vaerdi_tilbud", "forskel_pct_point"])
    out["aar"] = aar
    out["fails_resultat"] = [afgoerelser.resultatmaal_fails(*r, **regel) for r in zip(
        out.forskel_pct_point, out.faktisk_andel, out.oevre)]
    for maal in MAAL:
        out[f"vaerdi_{maal}"] = out[f"vaerdi_{maal}"].round(afgoerelser.DECIMALER)
        out[f"fails_{maal}"] = afgoerelser.fokusmaal_overskredne(out[f"vaerdi_{maal}"], maal, aar, rules)
    handler = pd.Series(False, index=out.index)  # fails a target that carries a consequence
    konsekvens = pd.Series(INGEN, index=out.index, dtype="object")
    for niveau in reversed(_HANDLER):  # the stronger consequence is assigned last and wins
        for maal in MAAL:
            if _konsekvens(rules, maal, aar) == niveau:
                konsekvens[out.fails_resultat & out[f"fails_{maal}"]] = niveau
                handler |= out[f"fails_{maal}"]
    konsekvens[~out.fails_resultat & handler] = RISIKOZONE
    if uden_ordning(aar, rules):  # the measures stand; the scheme that acted on them is gone
        konsekvens[:] = INGEN
    out["konsekvens"] = konsekvens
    return out[list(KOLONNER)]


def uden_ordning(aar: int, rules: Rulebook) -> str | None:
    """Why the selection for `aar` gives no consequence to anyone (Danish, citing the law), or None
    while the selection for the year is still made (it is made in the spring of the next year: the
    rulebook dates `tilsyn.ordning.udvaelgelse` by the year selected)."""
    if tid.year_end(aar) < rules.parameter("tilsyn.ordning.udvaelgelse").values[0].start:
        return None  # before the rulebook: the selection itself says it has no rules
    if rules.vaerdi("tilsyn.ordning.udvaelgelse", aar=aar):
        return None
    # the day the scheme ended is the case parameter's: the selection's values are dated by year
    v = next((x for x in rules.dagvaerdier("tilsyn.ordning.sager") if not x.value), None)
    if v is None:  # a what-if that ends the selection but not the scheme
        return f"Udvælgelsen for {aar} giver ingen konsekvens (tilsyn.ordning.udvaelgelse er nej)."
    return (f"Udvælgelsen for {aar} giver ingen konsekvens: den foretages i foråret {aar + 1}, og det statslige "
            f"skærpede tilsyn er afskaffet fra {v.start.strftime('%d-%m-%Y')} ({v.reference.tekst()})"
            f"{' [datoen er antaget]' if v.marker == 'default' else ''}. "
            "Målene er beregnet og vises; STAR's opfølgning på den tidlige indsats fortsætter.")


def _konsekvens(rules: Rulebook, maal: str, aar: int) -> str:
    vaerdi = rules.vaerdi(f"fokusmaal.{maal}.konsekvens", aar=aar)
    if vaerdi not in (*_HANDLER, INGEN):
        raise ValueError(f"fokusmaal.{maal}.konsekvens: ukendt konsekvens {vaerdi!r}")
    return vaerdi


def hvis_aendringer(rules: Rulebook, antagelser: list[str], aar: int, mikrodata: bool = True) -> dict[str, Any]:
    """`PATH=VALUE` texts as values of the parameters' own type (a number with decimal comma or
    point, ja/nej, a consequence code, months as 'ÅÅÅÅ-MM,ÅÅÅÅ-MM'); UdvaelgelseFejl naming the
    text when a path may not be changed or a value does not fit."""
    tilladte = HVIS_EFTER + (HVIS_MAAL if mikrodata else ())
    ud: dict[str, Any] = {}
    for antagelse in antagelser:
        path, lig, tekst = antagelse.partition("=")
        path, tekst = path.strip(), tekst.strip()
        if not lig or path not in tilladte:
            raise UdvaelgelseFejl(
                f"--hvis {antagelse!r}: skriv STI=VÆRDI med en af " + ", ".join(tilladte)
                + ("" if mikrodata else " (de øvrige regler ændrer selve målene og kræver --data)"))
        ud[path] = _hvis_vaerdi(path, tekst, rules.vaerdi(path, aar=aar) if rules.parameter(path).laeses == "aar"
                                else rules.parameter(path).values[-1].value)
    return ud


class HvisFejl(UdvaelgelseFejl):
    """A what-if value that does not fit its rule: `grund` says why, in Danish, for the field."""

    def __init__(self, path: str, tekst: str, grund: str):
        self.path, self.tekst, self.grund = path, tekst, grund
        super().__init__(f"--hvis {path}={tekst!r}: {grund}")


def _hvis_vaerdi(path: str, tekst: str, nu: Any) -> Any:
    def fejl(grund: str) -> HvisFejl:
        return HvisFejl(path, tekst, grund)

    if isinstance(nu, bool):
        if tekst.lower() not in ("ja", "nej", "true", "false", "sand", "falsk"):
            raise fejl("skriv ja eller nej")
        return tekst.lower() in ("ja", "true", "sand")
    if path.endswith(".konsekvens"):
        if tekst not in (*_HANDLER, INGEN):
            raise fejl(f"konsekvensen skal være en af {', '.join((*_HANDLER, INGEN))}")
        return tekst
    if isinstance(nu, list):
        try:
            return [tid.maaned_tekst(tid.parse_maaned(m.strip())) for m in tekst.split(",") if m.strip()]
        except ValueError:
            raise fejl("skriv måneder som ÅÅÅÅ-MM adskilt af komma") from None
    try:
        tal = float(tekst.replace(",", "."))
    except ValueError:
        raise fejl("skal være et tal") from None
    # 'inf', 'nan' and '1e9' parse as floats; a share in percent or percentage points is at most 100
    if (not math.isfinite(tal) or tal < 0 or (path.endswith(("_pct", "_pct_point")) and tal > 100)
            or (path.endswith("interval_niveau") and not 0 < tal < 1)):
        raise fejl("tallet er uden for det mulige")
    return int(tal) if isinstance(nu, int) and tal == int(tal) else tal


def forskelle(officiel: pd.DataFrame, hvis: pd.DataFrame) -> pd.DataFrame:
    """The what-if selection with `konsekvens_officiel` and `aendret` (the consequence differs)."""
    o = officiel[["kommune_kode", "konsekvens"]].rename(columns={"konsekvens": "konsekvens_officiel"})
    out = hvis.merge(o, on="kommune_kode", how="left")
    out["aendret"] = out.konsekvens != out.konsekvens_officiel
    return out
