"""The AMK contact log (seed 002, Table 2): any number of contacts per municipality, dated by
the day or, as in STAR's table, only by a quarter ('3. kvt. 2023') or a month ('mar-23')."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tilsyn import tid
from tilsyn.kommuner import find_kode
from tilsyn.supervision.models import AmkKontakt
from tilsyn.supervision.maskine import SagFejl

MAAL = ("samtaler", "tilbud", "resultat")
_DATO_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_KVARTAL = re.compile(r"^([1-4])\s*\.?\s*kv(?:t|artal)?\s*\.?\s*(\d{4})$", re.IGNORECASE)
_MAANED_KORT = re.compile(r"^([a-zæøå]{3})-(\d{2})$", re.IGNORECASE)
_MAANEDER = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def tidspunkt(text: str) -> tuple[date | None, str | None]:
    """(dato, periode) from the forms of Table 2: '24-02-2022' or '2022-02-24' -> a date;
    '3.kvt.2023', '1. kv. 2023' -> periode '3. kvt. 2023'; 'mar-23' or '2023-03' -> '2023-03'."""
    t = " ".join(text.split())
    if m := _DATO_DMY.match(t):
        try:
            return date(int(m[3]), int(m[2]), int(m[1])), None
        except ValueError:
            pass
    else:
        try:
            return tid.parse_dato(t), None
        except ValueError:
            pass
    if m := _KVARTAL.match(t):
        return None, f"{m[1]}. kvt. {m[2]}"
    if (m := _MAANED_KORT.match(t)) and m[1].lower() in _MAANEDER:
        return None, f"20{m[2]}-{_MAANEDER.index(m[1].lower()) + 1:02d}"
    try:
        return None, tid.maaned_tekst(tid.parse_maaned(t))
    except ValueError:
        raise SagFejl(
            f"ukendt tidspunkt {text!r}: brug en dato (24-02-2022 eller 2022-02-24), et kvartal "
            "(3. kvt. 2023) eller en måned (mar-23 eller 2023-03)"
        ) from None


def kommune(text: str) -> str:
    """A municipality's code from its code or its name as written in STAR's tables
    ('Fredericia', 'Høje Taastrup'; spec 09's name matching)."""
    try:
        return find_kode(text)
    except ValueError as e:
        raise SagFejl(f"{e}: brug kommunekoden eller navnet") from None


def sorteringsdag(k: AmkKontakt) -> date:
    """The first day the contact may have happened, for ordering the log."""
    if k.dato:
        return k.dato
    if "kvt" in k.periode:
        kvartal, aar = int(k.periode[0]), int(k.periode[-4:])
        return date(aar, 3 * kvartal - 2, 1)
    return tid.parse_maaned(k.periode)


def tilfoej_kontakt(
    session: Session, kommune_kode: str, tid_tekst: str, afdaekning: bool,
    oensker_bistand: bool | None, indsats: str = "", maal: Iterable[str] = (),
) -> AmkKontakt:
    """Log one contact (`kommune_kode` a code or a name). `oensker_bistand` None when the municipality's wish was not recorded."""
    kode = kommune(kommune_kode)
    maal = list(dict.fromkeys(maal))
    if ukendte := [m for m in maal if m not in MAAL]:
        raise SagFejl(f"ukendt mål {', '.join(ukendte)}: brug {', '.join(MAAL)}")
    dato, periode = tidspunkt(tid_tekst)
    kontakt = AmkKontakt(kommune_kode=kode, dato=dato, periode=periode, oensker_bistand=oensker_bistand,
                         afdaekning=afdaekning, indsats=indsats.strip(), maal=maal)
    session.add(kontakt)
    session.flush()
    return kontakt


def kontakter(session: Session, kommune_kode: str | None = None) -> list[AmkKontakt]:
    """The log, by municipality and then in time order (all municipalities when no code)."""
    query = select(AmkKontakt)
    if kommune_kode is not None:
        query = query.where(AmkKontakt.kommune_kode == kommune(kommune_kode))
    return sorted(session.scalars(query), key=lambda k: (k.kommune_kode, sorteringsdag(k), k.id))
