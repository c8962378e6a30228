"""The 98 municipalities (one source of truth for codes and names)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Kommune:
    kode: str
    navn: str
    region: str
    befolkning_2020: int


@cache
def kommuner() -> dict[str, Kommune]:
    """All municipalities by 4-digit code, in the order of the official list."""
    with resources.files("tilsyn").joinpath("kommuner.csv").open(encoding="utf-8") as f:
        return {
            r["kommune_kode"]: Kommune(
                r["kommune_kode"], r["kommune"], r["region"], int(r["befolkning_2020"])
            )
            for r in csv.DictReader(f)
        }


def normaliser_kode(kode: str | int) -> str | None:
    """'153', 153 and '0153' are the same municipality; None when the code is unknown."""
    text = str(kode).strip()
    if not text.isdigit():
        return None
    text = text.zfill(4)
    return text if text in kommuner() else None


def navn(kode: str) -> str:
    return kommuner()[kode].navn
