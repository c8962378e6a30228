"""The two CSV writers. `skriv_csv`: machine-readable result CSV: `,`-separated, UTF-8, a
header row, booleans `true`/`false`, dates ISO, a month (`maaned`) as ÅÅÅÅ-MM, decimals as 2 places
(every figure is rounded to at most 2), empty for no value. `skriv_csv_dansk`: for people, opening
right in Danish Excel: UTF-8 with BOM, `;`, decimal comma, dates DD-MM-ÅÅÅÅ, ja/nej, the
Danish headers given. Both pass their text through `tilsyn.celler.celle` (no formulas, no hidden
characters)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import IO

import polars as pl

from tilsyn.celler import celle, polars_ramme
from tilsyn.filer import privat


def skriv_csv(frame: pl.DataFrame, out: Path | IO) -> None:
    """Write `frame` (a results-layer table) to a file path or an open text/binary stream."""
    if frame.schema.get("maaned") == pl.Date:
        frame = frame.with_columns(pl.col("maaned").dt.strftime("%Y-%m"))
    if isinstance(out, (str, Path)):
        out = privat(out)
    polars_ramme(frame).write_csv(out, line_terminator="\n", null_value="", float_precision=2)


def _dansk(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if isinstance(v, date):
        return v.strftime("%d-%m-%Y")
    if isinstance(v, float):
        return f"{v:.2f}".replace(".", ",")
    return str(celle(v))


def skriv_csv_dansk(rows: Iterable[Mapping], overskrifter: Mapping[str, str], out: Path | IO) -> None:
    """Write `rows` (dicts) as CSV for Danish Excel: the columns of `overskrifter` (key -> Danish
    header), to a file path or an open binary stream."""
    tekst = io.StringIO()
    w = csv.writer(tekst, delimiter=";", lineterminator="\r\n")
    w.writerow(overskrifter.values())
    for r in rows:
        w.writerow([_dansk(r.get(k)) for k in overskrifter])
    data = "\ufeff".encode() + tekst.getvalue().encode("utf-8")
    if isinstance(out, (str, Path)):
        with privat(out).open("wb") as f:
            f.write(data)
    else:
        out.write(data)
