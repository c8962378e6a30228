"""One rule for text that leaves the system or is shown: every CSV and Excel writer passes its
cells through `celle`, every page its output through `synlig`.

- Formula injection (OWASP "CSV injection"): text starting with `=`, `+`, `-`, `@`, TAB or CR is
  run as a formula by a spreadsheet (`=HYPERLINK("http://…"&A1)`, `-1+cmd|…`). Such text gets a
  leading `'`, so the cell is inert text. Numbers stay numbers: only text is touched, and text that
  is just a number ("-12", "-3,5") or one character ("-") is left as it is.
- Bidirectional overrides and invisible characters (right-to-left override, zero-width space,
  byte order mark, control characters) in names and ids from the data would show "Hansen" for
  "nesnaH" or hide a difference between two ids. They are made visible as `[U+202E]`.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

FORMEL_START = ("=", "+", "-", "@", "\t", "\r")
_TAL = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
# control characters (C0, C1 but TAB and newline, which pages show as space) and the invisible
# format characters: soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width and
# directional marks, embeddings and overrides, word joiner and invisible operators, isolates,
# byte order mark, interlinear annotation and the tag characters
USYNLIGE = (r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
            r"\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")
_USYNLIGE = re.compile(USYNLIGE)
_BEHANDLES = f"^[=+\\-@\\t\\r]|{USYNLIGE}"


def synlig(tekst: str) -> str:
    """`tekst` with its invisible and direction-changing characters written as `[U+XXXX]`."""
    return _USYNLIGE.sub(lambda m: f"[U+{ord(m.group()):04X}]", tekst)


def celle(v: Any) -> Any:
    """A value as a cell of an export: text made visible and inert, anything else unchanged."""
    if not isinstance(v, str):
        return v
    v = synlig(v)
    if v.startswith(FORMEL_START) and len(v) > 1 and not _TAL.fullmatch(v):
        return "'" + v
    return v


def polars_ramme(frame: pl.DataFrame) -> pl.DataFrame:
    """`celle` on every text column of a polars frame (only columns that need it are mapped)."""
    kolonner = [c for c, t in frame.schema.items()
                if t == pl.String and frame[c].str.contains(_BEHANDLES).any()]
    return frame.with_columns(pl.col(c).map_elements(celle, return_dtype=pl.String) for c in kolonner)


def pandas_ramme(df):
    """`celle` on every text column of a pandas frame (numbers and dates are left alone)."""
    import pandas as pd  # the reports' library: not loaded by the pages that never use it

    ud = df.copy()
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype):
            ud[c] = df[c].map(celle)
    return ud


# xlsxwriter turns a string that starts with "=" into a formula unless told not to; with this no
# text written can become one even if a writer forgot `celle`
XLSX_VALG = {"strings_to_formulas": False, "strings_to_urls": False}


def excel(target):
    """A pandas Excel writer (xlsxwriter) to a path or stream that never writes text as a formula."""
    import pandas as pd

    return pd.ExcelWriter(target, engine="xlsxwriter", engine_kwargs={"options": XLSX_VALG})


def vis(v: Any) -> Any:
    """Jinja's `finalize`: every value a page prints goes through `synlig` (markup the templates
    made themselves is left as it is)."""
    return synlig(v) if type(v) is str else v
