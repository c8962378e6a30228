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


def navnenoegle(navn: str) -> str:
    """A name folded as docs/data-format.md says: case, hyphens and spaces, a trailing ' Kommune' /
    's Kommune' / ' Regionskommune', and a trailing 's' ('Vesthimmerland' = 'Vesthimmerlands',
    'Københavns Kommune' = 'København')."""
    t = "".join(navn.lower().replace("-", " ").split())
    for hale in ("regionskommune", "kommune"):
        t = t.removesuffix(hale) if t != hale else t
    return t.removesuffix("s")


@cache
def _efter_navn() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k in kommuner().values():
        out.setdefault(navnenoegle(k.navn), []).append(k.kode)
    return out


def find_kode(tekst: str) -> str:
    """The code of a municipality written as a code ('727', '0727') or a name as STAR writes it;
    ValueError (Danish) when it matches none or more than one."""
    kode = normaliser_kode(tekst)
    if kode is not None:
        return kode
    fundet = _efter_navn().get(navnenoegle(tekst), [])
    if len(fundet) == 1:
        return fundet[0]
    if fundet:
        raise ValueError(f"kommunenavnet {tekst!r} passer på flere kommuner ({', '.join(navn(k) for k in fundet)})")
    raise ValueError(f"ukendt kommune {tekst!r}")
