"""Read one input table (CSV or Parquet) as a stream of all-string Arrow batches with line numbers.

Everything is read as text, so that validation can report a bad value instead of failing on it.
Each row carries `_line`: its line in the CSV file (the header is line 1; one record per line is
assumed), or in a Parquet file its row number + 1, as if it were a CSV file with a header (the
first row is line 2), so the same data gets the same line numbers in both formats. Files are
streamed batch by batch, so a file of tens of millions of rows never has to fit in memory as text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

LINE = "_line"
SUFFIXES = (".csv", ".parquet")
_HEADER_MAX_BYTES = 1 << 20
_BLOCK_SIZE = 16 << 20


NOT_UTF8 = "teksten er ikke gyldig UTF-8 (gem filen som UTF-8, i Excel: 'CSV UTF-8')"


class ReadError(Exception):
    """The file cannot be read at all (empty, not UTF-8, not Parquet, not a file); the message is
    Danish."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class RawTable:
    """A table as text. `bad_rows` (line, message) and `stopped` are set while `batches` is
    consumed."""

    path: Path
    columns: tuple[str, ...]
    batches: Iterator[pa.RecordBatch]
    bad_rows: list[tuple[int | None, str]] = field(default_factory=list)
    # The error (line, message) that stopped the reading early: the rest of the file is not read.
    stopped: tuple[int | None, str] | None = None
    # A Parquet file's column types (validation reads its typed columns in DuckDB, not as text).
    types: tuple[pa.DataType, ...] | None = None

    def reader(self, columns: tuple[str, ...], names: tuple[str, ...]) -> pa.RecordBatchReader:
        """The chosen columns (each present once), renamed to `names`, plus `_line`, as one stream."""
        positions = [self.columns.index(c) for c in columns] + [len(self.columns)]
        schema = pa.schema([(n, pa.string()) for n in names] + [(LINE, pa.int64())])
        return pa.RecordBatchReader.from_batches(
            schema,
            (pa.RecordBatch.from_arrays([b.column(i) for i in positions], schema=schema)
             for b in self.batches),
        )


def table_files(data_dir: Path) -> dict[str, list[Path]]:
    """The table files of a data directory by table name (`NAME.csv` / `NAME.parquet`). A folder
    or other non-file by such a name is listed too, so that it is reported rather than missed."""
    files: dict[str, list[Path]] = {}
    for path in sorted(data_dir.iterdir()):
        if path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            files.setdefault(path.stem.lower(), []).append(path)
    return files


def read_table(path: Path) -> RawTable:
    if path.is_dir():
        raise ReadError("er en mappe, ikke en fil")
    if not path.is_file():  # a dangling link, a pipe, a device: never opened (it could block)
        raise ReadError("er ikke en almindelig fil, der kan læses")
    if path.suffix.lower() == ".parquet":
        return _read_parquet(path)
    return _read_csv(path)


def _header(path: Path) -> tuple[tuple[str, ...], str]:
    """Column names (stripped, lower case) and the sniffed delimiter (`;` if it outnumbers `,`)."""
    try:
        with path.open("rb") as f:
            first = f.readline(_HEADER_MAX_BYTES)
    except OSError as e:
        raise ReadError(f"kan ikke åbnes: {e.strerror}") from None
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("filen er UTF-16; gem den som UTF-8 (i Excel: 'CSV UTF-8')", 1)
    if b"\0" in first:  # UTF-16 without a byte order mark, or not text at all
        raise ReadError("overskriftslinjen indeholder NUL-tegn: filen er ikke tekst i UTF-8 "
                        "(måske UTF-16 eller binære data)", 1)
    if len(first) == _HEADER_MAX_BYTES:
        raise ReadError(f"overskriftslinjen er længere end {_HEADER_MAX_BYTES >> 20} MiB", 1)
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise ReadError(NOT_UTF8, 1) from None
    if not text.strip():
        raise ReadError("filen er tom eller mangler overskriftslinjen", 1)
    delimiter = ";" if text.count(";") > text.count(",") else ","
    try:
        names = next(csv.reader([text], delimiter=delimiter))
    except csv.Error:  # a field over the csv module's limit (128 KiB), never a column name
        raise ReadError("overskriftslinjen kan ikke læses: et kolonnenavn er over 128 KiB", 1) from None
    return tuple(n.strip().lower() for n in names), delimiter


def _read_csv(path: Path) -> RawTable:
    columns, delimiter = _header(path)
    raw = RawTable(path, columns, iter(()))

    def invalid(row: pacsv.InvalidRow) -> str:
        raw.bad_rows.append(
            (row.number, f"forventede {row.expected_columns} felter, fandt {row.actual_columns}")
        )
        return "skip"

    raw.batches = _csv_batches(raw, lambda: _open_csv(path, len(columns), delimiter, invalid))
    return raw


def _open_csv(path: Path, n_columns: int, delimiter: str, invalid) -> pacsv.CSVStreamingReader:
    names = [f"f{i}" for i in range(n_columns)]
    return pacsv.open_csv(
        path,
        # Single-threaded parsing keeps the skipped rows' line numbers known, in order.
        read_options=pacsv.ReadOptions(
            column_names=names, skip_rows=1, use_threads=False, block_size=_BLOCK_SIZE
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter, invalid_row_handler=invalid, ignore_empty_lines=False
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _csv_batches(raw: RawTable, open_reader) -> Iterator[pa.RecordBatch]:
    """Name the columns, number the lines (skipping the lines of invalid rows) and drop blank lines."""
    rows_before = 0
    try:
        for batch in open_reader():
            skipped = np.array(sorted(n for n, _ in raw.bad_rows if n is not None), dtype=np.int64)
            # Lines are the integers from 2 up, minus the skipped ones: valid row j sits at
            # line j + 2 + (number of skipped lines whose count of valid rows before them <= j).
            valid_before_skip = skipped - 2 - np.arange(len(skipped))
            index = np.arange(rows_before, rows_before + batch.num_rows, dtype=np.int64)
            lines = index + 2 + np.searchsorted(valid_before_skip, index, side="right")
            rows_before += batch.num_rows
            arrays = list(batch.columns)
            blank = None
            for a in arrays:
                empty = pc.equal(pc.utf8_length(a), 0)
                blank = empty if blank is None else pc.and_(blank, empty)
            out = pa.RecordBatch.from_arrays([*arrays, pa.array(lines)], [*raw.columns, LINE])
            yield out.filter(pc.invert(blank)) if blank is not None else out
    except (pa.ArrowInvalid, OSError) as e:
        raw.stopped = _unreadable(e, rows_before)


def _unreadable(error: Exception, rows_before: int) -> tuple[int | None, str]:
    """A reading error as (line, Danish message); Arrow counts the header as row 1, like us."""
    text = str(error)
    row = re.search(r"Row #(\d+)", text)
    if "invalid UTF8" in text:
        return int(row.group(1)) if row else None, f"{NOT_UTF8}; resten af filen er ikke læst"
    if "straddling object" in text:  # Arrow: one row does not fit in a read block
        return None, (f"en række er længere end {_BLOCK_SIZE >> 20} MiB (efter {rows_before} læste rækker): et felt "
                      "på mange megabyte er ikke en gyldig værdi, eller et anførselstegn er ikke lukket; "
                      "resten af filen er ikke læst")
    return None, f"kan ikke læses (efter {rows_before} læste rækker): {text}"


def _read_parquet(path: Path) -> RawTable:
    try:
        file = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise ReadError(f"kan ikke læses som Parquet: {e}") from None
    columns = tuple(n.strip().lower() for n in file.schema_arrow.names)
    raw = RawTable(path, columns, iter(()), types=tuple(file.schema_arrow.types))
    raw.batches = _parquet_batches(raw, file)
    return raw


def _as_text(array: pa.Array) -> pa.Array:
    """Typed Parquet values as the text a CSV would hold (a timestamp counts by its date)."""
    if pa.types.is_timestamp(array.type):
        array = pc.cast(array, pa.date32())
    return pc.cast(array, pa.string())


def _parquet_batches(raw: RawTable, file: pq.ParquetFile) -> Iterator[pa.RecordBatch]:
    rows_before = 0
    try:
        for batch in file.iter_batches(batch_size=1 << 20):
            lines = pa.array(np.arange(rows_before + 2, rows_before + 2 + batch.num_rows))
            rows_before += batch.num_rows
            arrays = [_as_text(a) for a in batch.columns]
            yield pa.RecordBatch.from_arrays([*arrays, lines], [*raw.columns, LINE])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as e:
        raw.stopped = None, f"kan ikke læses (efter {rows_before} læste rækker): {e}"
