"""The kvoteplan as an Excel workbook for people: the plan and (for a municipality) the persons
behind it, Danish headers and words, days as dates and counts and shares as numbers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import polars as pl

from tilsyn.filer import privat
from tilsyn.kommuner import navn
from tilsyn.ordliste import KVOTEPLAN_STATUS_TEKST, VINDUE_STATUS_TEKST
from tilsyn.reports.render import excel_ark

if TYPE_CHECKING:  # pandas only to write the workbook
    import pandas as pd

NIVEAU_TEKST = {"land": "Hele landet", "kommune": "Kommune", "team": "Team", "a_kasse": "A-kasse"}
PLAN_OVERSKRIFTER = {
    "niveau": "Niveau", "kommune_kode": "Kommunekode", "kommune": "Kommune", "team": "Team", "a_kasse": "A-kasse",
    "kvote": "Kvote", "maaned": "Måned (vinduet slutter)", "kvote_pct": "Kvote (%)", "personer": "Antal borgere",
    "naaet": "Antal nået", "aaben": "Antal åbne", "booket": "Antal åbne med aftaler nok", "tabt": "Antal tabt",
    "behov": "Antal der mangler", "bund_pct": "Nået nu (%)", "med_aftaler_pct": "Med aftalerne (%)",
    "loft_pct": "Højst (%)", "status": "Status", "rullende_bund_pct": "12 mdr.: nået nu (%)",
    "rullende_loft_pct": "12 mdr.: højst (%)",
}
PERSON_OVERSKRIFTER = {
    "person_id": "Borger", "kvote": "Kvote", "maaned": "Måned (vinduet slutter)",
    "vinduets_slut": "Vinduets sidste dag", "status": "Status", "booket": "Aftaler nok",
    "noedvendig": "Nødvendig for kvoten", "ansvarlig_id": "Ansvarlig sagsbehandler",
}


def _ja(kolonne: pl.Expr) -> pl.Expr:
    return pl.when(kolonne).then(pl.lit("Ja")).otherwise(pl.lit("Nej"))


def plan_til_mennesker(plan: pl.DataFrame, tekster: dict[str, str]) -> pd.DataFrame:
    """The plan in Danish words (niveau, kvote's text, status), headers `PLAN_OVERSKRIFTER`."""
    df = plan.with_columns(
        niveau=pl.col("niveau").replace_strict(NIVEAU_TEKST),
        kommune=pl.col("kommune_kode").map_elements(navn, return_dtype=pl.String),
        kvote=pl.col("krav_id").replace_strict(tekster, default=pl.col("krav_id")),
        status=pl.col("status").replace_strict(KVOTEPLAN_STATUS_TEKST, default=None),
    ).select(list(PLAN_OVERSKRIFTER))
    return df.to_pandas().rename(columns=PLAN_OVERSKRIFTER)


def personer_til_mennesker(personer: pl.DataFrame, tekster: dict[str, str]) -> pd.DataFrame:
    df = personer.with_columns(
        kvote=pl.col("krav_id").replace_strict(tekster, default=pl.col("krav_id")),
        status=pl.col("status").replace_strict(VINDUE_STATUS_TEKST),
        booket=_ja(pl.col("booket")), noedvendig=_ja(pl.col("noedvendig")),
    ).select(list(PERSON_OVERSKRIFTER))
    return df.to_pandas().rename(columns=PERSON_OVERSKRIFTER)


def skriv_kvoteplan(sti: Path | BinaryIO, titel: str, plan: pl.DataFrame, tekster: dict[str, str],
                    personer: pl.DataFrame | None = None) -> None:
    """Write the plan (and the persons) to `sti`, a file or a stream for the web."""
    import pandas as pd

    with pd.ExcelWriter(privat(sti) if isinstance(sti, Path) else sti, engine="xlsxwriter",
                        date_format="dd-mm-yyyy", datetime_format="dd-mm-yyyy") as writer:
        excel_ark(writer, "Kvoteplan", plan_til_mennesker(plan, tekster), titel)
        if personer is not None:
            excel_ark(writer, "Borgere", personer_til_mennesker(personer, tekster),
                      f"{titel}: borgerne bag planen, de nødvendige for kvoten først")
