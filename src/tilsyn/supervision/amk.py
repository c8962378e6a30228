"""The AMK contact log (STAR's notat of 12 April 2023, Table 2): any number of contacts per municipality, dated by
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
    ('Fredericia', 'Høje Taastrup'; docs/data-format.md's name matching)."""
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


KOLONNER = ("kommune", "dato", "oensker_bistand", "afdaekning", "indsats")
_JA_NEJ = {"ja": True, "nej": False, "": None}


def importer_kontakter(session: Session, navn: str, data: bytes, maal: Iterable[str] = ("tilbud",)) -> int:
    """Log every row of a Table-2-shaped CSV (`kommune;dato;oensker_bistand;afdaekning;indsats`,
    `;`, `,` or tab; dates, months and quarters as STAR's notat of 12 April 2023 writes them). Every row is checked
    first; one bad row is a SagFejl listing each problem with file and line, and nothing is
    logged. The rows' target is `maal` (Table 2 is the tilbud target's)."""
    from tilsyn.data.publiceret import PubliceretFejl, csv_raekker

    try:
        rows, _ = csv_raekker(navn, data, (";", ",", "\t"))
    except PubliceretFejl as e:
        raise SagFejl(str(e)) from None
    header = [h.strip().lower() for h in rows[0][1]]
    if mangler := [k for k in KOLONNER if k not in header]:
        raise SagFejl(f"{navn}, linje 1: mangler kolonne(r): {', '.join(mangler)} (forventet {';'.join(KOLONNER)})")
    fejl, nye = [], []
    for linje, r in rows[1:]:
        felt = {k: (r[header.index(k)] if header.index(k) < len(r) else "").strip() for k in KOLONNER}
        try:
            kode = kommune(felt["kommune"])
            dato, periode = tidspunkt(felt["dato"])
            svar = {}
            for k in ("oensker_bistand", "afdaekning"):
                if felt[k].lower() not in _JA_NEJ:
                    raise SagFejl(f"{k} skal være Ja, Nej eller tom, ikke {felt[k]!r}")
                svar[k] = _JA_NEJ[felt[k].lower()]
        except SagFejl as e:
            fejl.append(f"{navn}, linje {linje}: {e}")
            continue
        indsats = " ".join(re.sub(r"</?p>", " ", felt["indsats"]).split())
        nye.append(AmkKontakt(kommune_kode=kode, dato=dato, periode=periode, oensker_bistand=svar["oensker_bistand"],
                              afdaekning=bool(svar["afdaekning"]), indsats=indsats, maal=list(maal)))
    if fejl:
        raise SagFejl(f"{len(fejl)} fejl, intet er gemt:\n" + "\n".join(fejl[:20]))
    session.add_all(nye)
    session.flush()
    return len(nye)
