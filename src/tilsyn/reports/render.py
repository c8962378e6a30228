"""Shared output plumbing: the Jinja environment, HTML → PDF, and frames → Excel sheets."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from tilsyn import celler
from tilsyn.filer import privat
from tilsyn.reports.tabeller import decimaler, tal

if TYPE_CHECKING:
    import pandas as pd

TEMPLATES = Path(str(resources.files("tilsyn.reports").joinpath("templates")))


@cache
def miljoe() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        finalize=celler.vis,
    )
    env.filters["tal"] = tal
    env.globals["zip"] = zip
    return env


def pdf(template: str, context: dict[str, Any], path: Path) -> Path:
    """Render an HTML template with the note stylesheet and print it to PDF with WeasyPrint
    (imported here: a second of a server's start otherwise)."""
    import weasyprint

    css = (TEMPLATES / "notat.css").read_text(encoding="utf-8")
    html = miljoe().get_template(template).render(css=css, **context)
    weasyprint.HTML(string=html, base_url=str(path.parent)).write_pdf(privat(path))
    return path


def excel_ark(writer: pd.ExcelWriter, navn: str, df: pd.DataFrame, titel: str) -> Any:
    """One sheet: a bold title, the frame with Danish headers (its text through `celler.celle`),
    number formats by column, widths. `writer` is a `celler.excel`."""
    df = celler.pandas_ramme(df)
    df.to_excel(writer, sheet_name=navn, startrow=2, index=False)
    book, sheet = writer.book, writer.sheets[navn]
    sheet.write(0, 0, titel, book.add_format({"bold": True, "font_size": 12}))
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "bottom", "bottom": 1})
    formats = {0: book.add_format({"num_format": "#,##0"}), 1: book.add_format({"num_format": "0.0"}),
               2: book.add_format({"num_format": "0.00"})}
    for i, column in enumerate(df.columns):
        sheet.write(2, i, column, header)
        numeric = df[column].dtype.kind in "fi"
        width = 14 if numeric else min(60, max([len(str(column)) // 2, 12, *(len(str(v)) for v in df[column].head(200))]))
        sheet.set_column(i, i, width, formats[decimaler(column)] if numeric else None)
    sheet.set_row(2, 45)
    sheet.freeze_panes(3, 1)
    return sheet
