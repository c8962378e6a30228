"""The web's charts: the reports' Altair builders (`reports.figurer`) rendered on the server to
inline SVG — the CSP allows no inline or foreign scripts, so no vega-embed — each with a Danish
title for screen readers and its numbers as a table.

Rendering takes 0.1-1 s, so a chart is kept per its data (a digest of the rows it is drawn from):
the same month's page is drawn once, and new results (another import) give a new chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from markupsafe import Markup

from tilsyn import afgoerelser, kommuner
from tilsyn.reports import figurer, tabeller
from tilsyn.resultater.cache import CACHE
from tilsyn.rules.rulebook import rulebook
from tilsyn.web.kontekst import maaned_navn, tal

@dataclass(frozen=True)
class Diagram:
    """A chart as the template shows it: `titel` is the heading and the SVG's aria-label, the
    table (`kolonner`, `raekker`, as display text) holds the same numbers."""

    id: str
    titel: str
    svg: Markup
    kolonner: tuple[str, ...]
    raekker: tuple[tuple[str, ...], ...]


def _husket(noegle: tuple, data: pl.DataFrame, tegn) -> Diagram:
    """The chart of this content under this rulebook (its limits are drawn), drawn once."""
    noegle = (*noegle, data.shape, tuple(data.columns), int(data.hash_rows().sum()) if data.height else 0)
    return CACHE.husk(("diagram", rulebook().fingeraftryk, *noegle), tegn)


def _fokusmaal_diagram(id: str, titel: str, serie: pl.DataFrame) -> Diagram:
    """Monthly passive shares with the limits of the rulebook (the report's Figure 1)."""
    s = tabeller.national_serie(serie.to_pandas(), rulebook())
    raekker = tuple(
        (maaned_navn(r.maaned), tal(r.population), tal(r.andel_samtaler, 2), tal(r.graense_samtaler, 0),
         tal(r.andel_tilbud, 2), tal(r.graense_tilbud, 0))
        for r in s.itertuples()
    )
    kolonner = ("Måned", "Population", "Passive, samtaler (%)", "Grænse, samtaler (%)",
                "Passive, tilbud (%)", "Grænse, tilbud (%)")
    return Diagram(id, titel, Markup(figurer.svg(figurer.figur_national(s))), kolonner, raekker)


def national(serie: pl.DataFrame) -> Diagram | None:
    """The national monthly shares of the series (every municipality's population added up);
    None when no month has a population."""
    serie = serie.filter(pl.col("population") > 0)
    if serie.is_empty():
        return None
    titel = f"Andel passive borgere i hele landet, {_periode(serie)}, med grænserne (stiplet)"
    return _husket(("national",), serie, lambda: _fokusmaal_diagram("national", titel, serie))


def kommune(serie: pl.DataFrame, kode: str) -> Diagram | None:
    egen = serie.filter((pl.col("kommune_kode") == kode) & (pl.col("population") > 0))
    if egen.is_empty():
        return None
    titel = f"Andel passive borgere i {kommuner.navn(kode)}, {_periode(egen)}, med grænserne (stiplet)"
    return _husket(("kommune", kode), egen, lambda: _fokusmaal_diagram(f"kommune-{kode}", titel, egen))


def resultat(resultatmaal: pl.DataFrame, aar: int) -> Diagram:
    """Actual against expected share on public support with the model's interval: above the
    diagonal is worse than the framework conditions predict."""
    return _resultatmaal_diagram(
        "resultat", f"Resultatmål {aar}: faktisk mod forventet andel på offentlig forsørgelse for hver kommune",
        resultatmaal, aar, figurer.figur_resultat, "placering",
        ("Kommune", "Faktisk andel (%)", "Forventet andel (%)", "Interval, nedre (%)", "Interval, øvre (%)",
         "Forskel (pct.-point)", "Placering"),
        lambda r: (tal(r["faktisk_andel"], 2), tal(r["forventet_andel"], 2), tal(r["nedre"], 2),
                   tal(r["oevre"], 2), tal(r["forskel_pct_point"], 2), tal(r["placering"])),
    )


def tragt(resultatmaal: pl.DataFrame, aar: int) -> Diagram:
    """The funnel plot of the resultatmål: who lies above their interval, by size."""
    return _resultatmaal_diagram(
        "tragt", f"Tragtdiagram, resultatmål {aar}: faktisk minus forventet andel efter kommunens størrelse",
        resultatmaal, aar, figurer.figur_tragt, "population_16_66",
        ("Kommune", "Befolkning 16-66 år", "Forskel (pct.-point)", "Interval, nedre (pct.-point)",
         "Interval, øvre (pct.-point)", "Over intervallet"),
        lambda r: (tal(r["population_16_66"]), tal(r["forskel_pct_point"], 2),
                   tal(r["nedre"] - r["forventet_andel"], 2), tal(r["oevre"] - r["forventet_andel"], 2),
                   "Ja" if afgoerelser.interval_placering(r["faktisk_andel"], r["nedre"], r["oevre"]) == "over"
                   else "Nej"),
    )


def _resultatmaal_diagram(id, titel, resultatmaal, aar, figur, orden, kolonner, tal_i_raekke) -> Diagram:
    """A resultatmål chart by `figur` (a reports builder) with the interval level of the year in
    its title, its table one row per municipality in `orden`."""
    niveau = rulebook().vaerdi("resultatmaal.interval_niveau", aar=aar)
    titel = f"{titel}, med {tal(100 * niveau)} %-interval"

    def tegn() -> Diagram:
        navne = {k: kommuner.navn(k) for k in resultatmaal["kommune_kode"]}
        chart = figur(resultatmaal.to_pandas(), navne)
        raekker = tuple(
            (navne[r["kommune_kode"]], *tal_i_raekke(r)) for r in resultatmaal.sort(orden).iter_rows(named=True)
        )
        return Diagram(id, titel, Markup(figurer.svg(chart)), kolonner, raekker)

    return _husket((id, aar), resultatmaal, tegn)


def _periode(serie: pl.DataFrame) -> str:
    return f"{maaned_navn(serie['maaned'].min())} – {maaned_navn(serie['maaned'].max())}"
