"""The one writer of machine-readable result CSV (spec 06): `,`-separated, UTF-8, a header row,
booleans `true`/`false`, dates ISO, a month (`maaned`) as ÅÅÅÅ-MM, decimals as 2 places (every figure is rounded to at most 2),
empty for no value."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import polars as pl

from tilsyn.filer import privat


def skriv_csv(frame: pl.DataFrame, out: Path | IO) -> None:
    """Write `frame` (a results-layer table) to a file path or an open text/binary stream."""
    if frame.schema.get("maaned") == pl.Date:
        frame = frame.with_columns(pl.col("maaned").dt.strftime("%Y-%m"))
    if isinstance(out, (str, Path)):
        out = privat(out)
    frame.write_csv(out, line_terminator="\n", null_value="", float_precision=2)
