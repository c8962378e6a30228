"""STAR's published figures: the resultatmål of Jobindsats table y30r21 (the API's JSON or
the site's CSV) and the fokusmål year values of STAR's notes, read into the frames the selection
(`tilsyn.udvaelgelse.vaelg`) takes from Tilsyn's own computation.

Everything is checked before anything is used: an unknown or ambiguous name, a missing
municipality, a duplicate row, a missing column label or a bad number is a `PubliceretFejl` listing
every problem with file, line and value."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.kommuner import find_kode, kommuner

if TYPE_CHECKING:  # pandas when a published file is read, not when the web starts
    import pandas as pd

MODEL_VERSION = "jobindsats-y30r21"
I_ALT = "ydelsesgrupper i alt"
_MAX_FEJL = 20

# column -> the labels it may have (full label, or the part after the colon), folded
_Y30R21 = {
    "area": ("area", "område"),
    "periode": ("periode",),
    "ydelsesgruppe": ("ydelsesgrupper", "ydelsesgruppe"),
    "forventet_antal": ("forventet antal",),
    "faktisk_antal": ("faktisk antal",),
    "forskel_antal": ("forskel mellem forventet og faktisk antal",),
    "forventet_andel": ("forventet andel (pct.)",),
    "faktisk_andel": ("faktisk andel (pct.)",),
    "forskel_pct_point": ("forskel mellem forventet og faktisk andel (pct. point)",),
    "placering": ("placering på benchmarkranglisten",),
}
_Y30R21_KRAEVET = ("area", "periode", "ydelsesgruppe", "forskel_pct_point")
_FOKUS_KRAEVET = ("kommune", "aar", "fokusmaal_samtaler", "fokusmaal_tilbud")


@dataclass(frozen=True)
class Linjefejl:
    fil: str
    linje: int | None  # None: the whole file
    tekst: str
    enhed: str = "linje"  # 'Data-række' in a JSON answer

    def __str__(self) -> str:
        return f"{self.fil}, {self.enhed} {self.linje}: {self.tekst}" if self.linje else f"{self.fil}: {self.tekst}"


class PubliceretFejl(ValueError):
    """A published file cannot be used; `fejl` holds every problem found (Danish)."""

    def __init__(self, fejl: list[Linjefejl]):
        self.fejl = fejl
        vist = [str(f) for f in fejl[:_MAX_FEJL]]
        if len(fejl) > _MAX_FEJL:
            vist.append(f"... og {len(fejl) - _MAX_FEJL} fejl mere")
        super().__init__("\n".join(vist))


def _fold(label: str) -> str:
    return " ".join(str(label).lower().split())


def _tekst(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _separator(text: str, separatorer: tuple[str, ...] = (";", ",")) -> str:
    """The separator the first line uses most (the first of a tie)."""
    header = text.splitlines()[0] if text.strip() else ""
    return max(separatorer, key=header.count)


def csv_raekker(navn: str, data: bytes, separatorer: tuple[str, ...] = (";", ",")) -> tuple[list[tuple[int, list[str]]], str]:
    """(every non-empty row as (line, cells), the separator) of a CSV as users save it: UTF-8 with
    or without BOM or cp1252 (Danish Excel), any line ending (also the old Mac's CR), the separator
    the header uses most. PubliceretFejl when the file is empty or is not a CSV text file."""
    text = _tekst(data)
    if not text.strip():
        raise PubliceretFejl([Linjefejl(navn, None, "filen er tom")])
    sep = _separator(text, separatorer)
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=sep)
    try:
        rows = [(i, r) for i, r in enumerate(reader, start=1) if any(c.strip() for c in r)]
    except csv.Error:
        raise PubliceretFejl([Linjefejl(navn, reader.line_num or None, "kan ikke læses som CSV (er det en tekstfil?)")]) from None
    return rows, sep


def tal(vaerdi, decimalkomma: bool = False) -> float | None:
    """A published number: a JSON number or a string with decimal point or comma ('-0,27',
    '1.710,5'); None when empty. ValueError when it is not a number. With `decimalkomma` (a `;`
    file, as Danish Excel saves it) a point between groups of three digits is the thousands
    separator: '1.710' is 1710, not 1,71."""
    if vaerdi is None:
        return None
    if isinstance(vaerdi, bool):
        raise ValueError(vaerdi)
    if isinstance(vaerdi, (int, float)):
        if math.isnan(vaerdi) or math.isinf(vaerdi):
            raise ValueError(vaerdi)
        return float(vaerdi)
    t = str(vaerdi).strip().replace("\u2212", "-").replace(" ", "")
    if t == "":
        return None
    if "," in t or (decimalkomma and re.fullmatch(r"[-+]?[1-9]\d{0,2}(\.\d{3})+", t)):
        t = t.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", t):
        raise ValueError(vaerdi)
    return float(t)


def _rows(navn: str, data: bytes) -> tuple[list[str], list[tuple[int, list]], str, bool]:
    """(labels, [(line, values)], what a line is called, decimal comma?) of a y30r21 file: the
    API's JSON or the site's CSV."""
    text = _tekst(data)
    if text.strip()[:1] in ("[", "{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise PubliceretFejl([Linjefejl(navn, e.lineno, f"ikke gyldig JSON: {e.msg}")]) from None
        except RecursionError:
            raise PubliceretFejl([Linjefejl(navn, None, "JSON-svaret er for dybt indlejret")]) from None
        except ValueError:  # a number longer than Python reads (4300 digits)
            raise PubliceretFejl([Linjefejl(navn, None, "JSON-svaret har et tal med for mange cifre")]) from None
        obj = doc[0] if isinstance(doc, list) and doc else doc
        if not isinstance(obj, dict) or not isinstance(obj.get("Variables"), list) or not isinstance(obj.get("Data"), list):
            raise PubliceretFejl([Linjefejl(navn, None, "JSON-svaret skal have 'Variables' og 'Data' (Jobindsats' API)")])
        labels = [str(v.get("Label", "")) if isinstance(v, dict) else "" for v in obj["Variables"]]
        # a JSON answer has no lines to speak of: a row is named by its number in Data
        return labels, [(i, r if isinstance(r, list) else []) for i, r in enumerate(obj["Data"], start=1)], "Data-række", False
    rows, sep = csv_raekker(navn, data)
    return rows[0][1], rows[1:], "linje", sep == ";"


def _kolonner(navn: str, labels: list[str], kendte: dict[str, tuple[str, ...]], kraevet) -> dict[str, int]:
    fundet: dict[str, int] = {}
    for i, label in enumerate(labels):
        hel = _fold(label)
        for kolonne, navne in kendte.items():
            if hel in navne or hel.rsplit(":", 1)[-1].strip() in navne:
                fundet.setdefault(kolonne, i)
    mangler = [kendte[k][0] for k in kraevet if k not in fundet]
    if mangler:
        raise PubliceretFejl([Linjefejl(navn, 1, f"mangler kolonnen {m!r}") for m in mangler])
    return fundet


def _er_omraade_uden_kommune(area: str) -> bool:
    a = _fold(area)
    return a in ("hele landet", "landet", "i alt") or a.startswith(("region ", "rar ", "amk ", "landsdel "))


def _kommuner_fundet(navn: str, set_: dict[str, int], fejl: list[Linjefejl]) -> None:
    for kode, k in kommuner().items():
        if kode not in set_:
            fejl.append(Linjefejl(navn, None, f"kommunen {k.navn} ({kode}) mangler"))


def resultatmaal(navn: str, data: bytes, aar: int) -> pd.DataFrame:
    """The year's resultatmål from a y30r21 export: the `{aar}QMAT04` rows of 'Ydelsesgrupper i
    alt', one per municipality, in the columns of the computed table (no interval: `nedre`/`oevre`
    empty). Regions, 'Hele landet', other periods and ydelsesgrupper are ignored."""
    import pandas as pd

    labels, rows, enhed, decimalkomma = _rows(navn, data)
    kol = _kolonner(navn, labels, _Y30R21, _Y30R21_KRAEVET)
    periode = f"{aar}QMAT04"
    fejl: list[Linjefejl] = []
    perioder: set[str] = set()
    ud: dict[str, dict] = {}
    linje_for: dict[str, int] = {}
    for linje, r in rows:
        def felt(k):
            return r[kol[k]] if k in kol and kol[k] < len(r) else None

        per = str(felt("periode") or "").strip().upper()
        perioder.add(per)
        if per != periode or _fold(felt("ydelsesgruppe") or "") != I_ALT:
            continue
        area = str(felt("area") or "").strip()
        if _er_omraade_uden_kommune(area):
            continue
        try:
            kode = find_kode(area)
        except ValueError as e:
            fejl.append(Linjefejl(navn, linje, enhed=enhed, tekst=str(e)))
            continue
        if kode in ud:
            fejl.append(Linjefejl(navn, linje, enhed=enhed, tekst=f"{area} ({kode}) står to gange for {periode} (også {enhed} {linje_for[kode]})"))
            continue
        vaerdier = {}
        for k in ("forventet_antal", "faktisk_antal", "forventet_andel", "faktisk_andel", "forskel_pct_point", "placering"):
            try:
                vaerdier[k] = tal(felt(k), decimalkomma)
            except ValueError:
                fejl.append(Linjefejl(navn, linje, enhed=enhed, tekst=f"{area}: {labels[kol[k]]!r} er ikke et tal: {felt(k)!r}"))
        if "forskel_pct_point" in vaerdier and vaerdier["forskel_pct_point"] is None:
            fejl.append(Linjefejl(navn, linje, enhed=enhed, tekst=f"{area}: forskellen i procentpoint er tom"))
        ud[kode] = vaerdier
        linje_for[kode] = linje
    if not ud and not fejl:
        andre = ", ".join(sorted(p for p in perioder if p)) or "ingen"
        raise PubliceretFejl([Linjefejl(navn, None, f"ingen rækker for {periode} ('Ydelsesgrupper i alt'); filen har perioderne {andre}")])
    _kommuner_fundet(navn, ud, fejl)
    if fejl:
        raise PubliceretFejl(fejl)
    out = pd.DataFrame.from_dict(ud, orient="index").rename_axis("kommune_kode").reset_index()
    out["aar"] = aar
    out["forskel_pct_point"] = out.forskel_pct_point.round(2)
    out["nedre"] = out["oevre"] = math.nan
    out["model_version"] = MODEL_VERSION
    return out.sort_values("kommune_kode", ignore_index=True)


def fokusmaal(navn: str, data: bytes, aar: int) -> pd.DataFrame:
    """`kommune_kode, aar, vaerdi_samtaler, vaerdi_tilbud` of the year from the notes' CSV
    (`kommune;aar;fokusmaal_samtaler;fokusmaal_tilbud`, `;` or `,`, decimal comma); an empty value
    is 'not published' (NaN). Rows of other years are ignored."""
    import pandas as pd

    rows, sep = csv_raekker(navn, data)
    header = [_fold(h) for h in rows[0][1]]
    mangler = [k for k in _FOKUS_KRAEVET if k not in header]
    if mangler:
        raise PubliceretFejl([Linjefejl(navn, 1, f"mangler kolonnen {m!r}") for m in mangler])
    kol = {k: header.index(k) for k in _FOKUS_KRAEVET}
    fejl: list[Linjefejl] = []
    ud: dict[str, tuple] = {}
    linje_for: dict[str, int] = {}
    aarene: set[str] = set()
    for linje, r in rows[1:]:
        r = r + [""] * (len(header) - len(r))
        aar_tekst = r[kol["aar"]].strip()
        aarene.add(aar_tekst)
        if not aar_tekst.isdigit():
            fejl.append(Linjefejl(navn, linje, f"aar er ikke et år: {aar_tekst!r}"))
            continue
        if int(aar_tekst) != aar:
            continue
        try:
            kode = find_kode(r[kol["kommune"]])
        except ValueError as e:
            fejl.append(Linjefejl(navn, linje, str(e)))
            continue
        if kode in ud:
            fejl.append(Linjefejl(navn, linje, f"{r[kol['kommune']].strip()} ({kode}) står to gange for {aar} (også linje {linje_for[kode]})"))
            continue
        vaerdier = []
        for k in ("fokusmaal_samtaler", "fokusmaal_tilbud"):
            try:
                v = tal(r[kol[k]], sep == ";")
            except ValueError:
                fejl.append(Linjefejl(navn, linje, f"{k} er ikke et tal: {r[kol[k]]!r}"))
                v = None
            if v is not None and not 0 <= v <= 100:
                fejl.append(Linjefejl(navn, linje, f"{k} skal være en andel i procent (0-100): {r[kol[k]]!r}"))
            vaerdier.append(math.nan if v is None else v)
        ud[kode] = tuple(vaerdier)
        linje_for[kode] = linje
    if not ud and not fejl:
        andre = ", ".join(sorted(a for a in aarene if a)) or "ingen"
        raise PubliceretFejl([Linjefejl(navn, None, f"ingen rækker for {aar}; filen har årene {andre}")])
    _kommuner_fundet(navn, ud, fejl)
    if fejl:
        raise PubliceretFejl(fejl)
    out = pd.DataFrame([(k, aar, s, t) for k, (s, t) in sorted(ud.items())],
                       columns=["kommune_kode", "aar", "vaerdi_samtaler", "vaerdi_tilbud"])
    return out


def laes(sti: Path | str, hvad: str, aar: int) -> pd.DataFrame:
    """Read a published file from disk (`hvad`: 'resultatmaal' or 'fokusmaal')."""
    sti = Path(sti)
    try:
        data = sti.read_bytes()
    except FileNotFoundError:
        raise PubliceretFejl([Linjefejl(str(sti), None, "filen findes ikke")]) from None
    except IsADirectoryError:
        raise PubliceretFejl([Linjefejl(str(sti), None, "er en mappe; angiv en fil")]) from None
    except OSError:
        raise PubliceretFejl([Linjefejl(str(sti), None, "filen kan ikke læses (adgang nægtet?)")]) from None
    return (resultatmaal if hvad == "resultatmaal" else fokusmaal)(str(sti), data, aar)
