"""Rettidighed and kvoteopfyldelse month by month (`resultater.ledelse.Oversigt`) for people: an
Excel workbook and CSV for Danish Excel, Danish headers and words, counts and shares as numbers."""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from tilsyn.ordliste import HOLDES_AF_TEKST
from tilsyn.reports.render import excel_ark
from tilsyn.resultater.ledelse import Oversigt

ART_TEKST = {"samtale": "Samtaler", "tilbud": "Tilbud"}
NIVEAU_TEKST = {"kommune": "Kommunen i alt", "team": "Team"}
VURDERING_TEKST = {"naaet": "Nået", "under": "Under grænsen", "ingen": "Ingen frister"}
KVOTE_VURDERING_TEKST = {**VURDERING_TEKST, "under": "Under kvoten", "ingen": "Ingen borgere"}
RETTIDIGHED_OVERSKRIFTER = {
    "maaned": "Måned", "art": "Frister for", "niveau": "Niveau", "team": "Team", "antal_frister": "Antal frister",
    "rettidige": "Antal til tiden", "for_sent": "Antal for sent", "ikke_opfyldt": "Antal ikke opfyldt",
    "fritaget": "Antal fritaget", "rettidighed_pct": "Rettidighed (%)", "vurdering": "Vurdering",
}
KVOTE_OVERSKRIFTER = {
    "maaned": "Måned (vinduet slutter)", "kvote": "Kvote", "holdes_af": "Holdes af", "kvote_pct": "Kvote (%)",
    "niveau": "Niveau", "team": "Team", "personer": "Antal borgere", "naaet": "Antal nået",
    "andel_pct": "Andel nået (%)", "vurdering": "Vurdering",
}


def rettidighed_til_mennesker(o: Oversigt) -> pl.DataFrame:
    return o.rettidighed.with_columns(
        maaned=pl.col("maaned").dt.strftime("%Y-%m"), art=pl.col("art").replace_strict(ART_TEKST),
        niveau=pl.col("niveau").replace_strict(NIVEAU_TEKST),
        vurdering=pl.col("vurdering").replace_strict(VURDERING_TEKST),
    ).select(list(RETTIDIGHED_OVERSKRIFTER))


def kvoter_til_mennesker(o: Oversigt, tekster: dict[str, str]) -> pl.DataFrame:
    return o.kvoter.with_columns(
        maaned=pl.col("maaned").dt.strftime("%Y-%m"),
        kvote=pl.col("krav_id").replace_strict(tekster, default=pl.col("krav_id")),
        holdes_af=pl.col("holdes_af").replace_strict(HOLDES_AF_TEKST, default=pl.col("holdes_af")),
        niveau=pl.col("niveau").replace_strict(NIVEAU_TEKST),
        vurdering=pl.col("vurdering").replace_strict(KVOTE_VURDERING_TEKST),
    ).select(list(KVOTE_OVERSKRIFTER))


def skriv_oversigt(ud: BinaryIO, titel: str, o: Oversigt, tekster: dict[str, str]) -> None:
    """Two sheets, "Rettidighed" and "Kvoter", one row per month, unit and art or quota."""
    import pandas as pd  # only to write the workbook: the pages start without it

    with pd.ExcelWriter(ud, engine="xlsxwriter") as writer:
        for navn, df, overskrifter in (
            ("Rettidighed", rettidighed_til_mennesker(o), RETTIDIGHED_OVERSKRIFTER),
            ("Kvoter", kvoter_til_mennesker(o, tekster), KVOTE_OVERSKRIFTER),
        ):
            ark = excel_ark(writer, navn, df.to_pandas().rename(columns=overskrifter), f"{titel}: {navn.lower()}")
            ark.set_landscape()
            ark.fit_to_pages(1, 0)
