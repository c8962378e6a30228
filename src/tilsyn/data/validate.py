"""Validate a data directory against the input format: every problem, with file and line.

The files are streamed as text into an in-memory DuckDB and checked there with set-based queries
(casts, regular expressions, anti-joins, window functions), so that tens of millions of rows are
checked in seconds to minutes rather than in Python loops. The result is the typed tables (kinds of
`schema.py`) or the list of problems, never half of each.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from tilsyn import koder
from tilsyn.data import cpr
from tilsyn.data.read import LINE, ReadError, read_table, table_files
from tilsyn.data.schema import OPEN_TABLES, TABLES, Column
from tilsyn.kommuner import kommuner

SQL_TYPES = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "code": "VARCHAR",
    "kommune": "VARCHAR",
    "date": "DATE",
    "month": "DATE",
    "int": "BIGINT",
    "number": "DOUBLE",
}
_NON_NEGATIVE = ("int", "number")
MEMORY_ENV, MEMORY_LIMIT = "TILSYN_IMPORT_MEMORY", "700MB"
# Problems are listed by rank: a file that cannot be read (the cause of much else) first, then the
# one-line summaries of what follows from it, then the rest.
_UNREADABLE, _FOLLOW_ON, _OTHER = 0, 1, 2
_SHOWN_CHARS = 40


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input; `line` is None when it concerns the whole file."""

    file: str
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}"


@dataclass
class Checked:
    """The typed tables (all tables of the schema; absent optional ones empty), or the problems.

    `tables` is empty when there are problems; `omitted` counts the problems beyond the cap.
    """

    tables: dict[str, pa.Table]
    problems: list[Problem]
    omitted: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> list[str]:
        return report(self.problems, self.omitted)


def report(problems: list[Problem], omitted: int) -> list[str]:
    """The problems as `file:line: column: message` lines, with a last line for the rest."""
    lines = [str(p) for p in problems]
    if omitted:
        lines.append(f"... og {omitted} problemer mere (ikke vist)")
    return lines


@dataclass
class Validated:
    """Validation left in a DuckDB connection: typed tables `t_<name>` with a `_line` column."""

    con: duckdb.DuckDBPyConnection
    files: dict[str, Path | None]
    columns: dict[str, tuple[str, ...]]
    problems: list[Problem] = field(default_factory=list)
    omitted: int = 0

    def select(self, name: str) -> str:
        """The query that gives table `name` as stored: schema columns, in file order (DuckDB keeps
        the order rows were read or inserted in, so no sort is needed)."""
        cols = ", ".join(_ident(c) for c in self.columns[name])
        return f"SELECT {cols} FROM t_{name}"

    def arrow(self, name: str) -> pa.Table:
        return self.con.sql(self.select(name)).to_arrow_table()


def check_dir(
    data_dir: Path,
    *,
    max_problems: int = 200,
    cpr_noegle: bytes | None = None,
    progress: Callable[[str], None] | None = None,
) -> Checked:
    """Validate `data_dir`; with `cpr_noegle`, person_id is a CPR number, checked and pseudonymised."""
    with validated(
        data_dir, max_problems=max_problems, cpr_noegle=cpr_noegle, progress=progress
    ) as v:
        if v.problems:
            return Checked({}, v.problems, v.omitted)
        return Checked({name: v.arrow(name) for name in TABLES}, [], 0)


@contextmanager
def validated(
    data_dir: Path,
    *,
    max_problems: int = 200,
    cpr_noegle: bytes | None = None,
    progress: Callable[[str], None] | None = None,
    database: Path | None = None,
) -> Iterator[Validated]:
    """Validate into a fresh DuckDB database file and yield it: `database` (an import builds the
    new store there, so the data are written once), else a file in a private temporary directory.

    The database is a file, not memory, and DuckDB's memory is capped (`MEMORY_LIMIT`, or
    $TILSYN_IMPORT_MEMORY): a CSV delivery of tens of millions of rows is held on disk, and sorts
    and joins spill there, so a national delivery validates in bounded memory."""
    with tempfile.TemporaryDirectory(prefix="tilsyn-") as spill:
        con = duckdb.connect(str(database or Path(spill) / "validering.duckdb"), config={
            "temp_directory": spill, "memory_limit": os.environ.get(MEMORY_ENV, MEMORY_LIMIT)})
        con.execute("SET enable_progress_bar = false")  # the CLI shows its own progress
        try:
            v = Validated(con, {}, {})
            _Checker(v, Path(data_dir), cpr_noegle, progress or (lambda _: None)).run(max_problems)
            yield v
        finally:
            con.close()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in_list(values) -> str:
    return "(" + ", ".join(_lit(v) for v in values) + ")"


def _shown(expr: str) -> str:
    """A value quoted for a message, cut to a readable length; control characters (NUL, ...) as ?,
    so that binary data cannot garble the terminal."""
    return f"'''' || regexp_replace(left({expr}, {_SHOWN_CHARS}), '[\\x00-\\x1f]', '?', 'g') || ''''"


def _native(col: Column, typ: pa.DataType, e: str) -> str | None:
    """The typed value of a Parquet column whose own type already fits the column's kind (a date
    as DATE, a number as a number), or None: then it is read as text like a CSV value."""
    if col.kind in ("date", "month") and (
            pa.types.is_date(typ) or (pa.types.is_timestamp(typ) and typ.tz is None)):
        dato = f"CAST({e} AS DATE)"  # a timestamp counts by its date
        return dato if col.kind == "date" else f"CASE WHEN day({dato}) = 1 THEN {dato} END"
    if col.kind == "int" and pa.types.is_integer(typ):
        return f"TRY_CAST({e} AS BIGINT)"
    if col.kind == "number" and (pa.types.is_integer(typ) or pa.types.is_floating(typ)
                                 or pa.types.is_decimal(typ)):
        return f"CASE WHEN isfinite(CAST({e} AS DOUBLE)) THEN CAST({e} AS DOUBLE) END"
    return None


_CODE_NAMES = {
    "ydelse": "ydelse",
    "visitation": "visitation",
    "form": "samtaleform",
    "art": "art",
    "grund": "fritagelsesgrund",
}


class _Checker:
    def __init__(self, v: Validated, data_dir: Path, cpr_noegle, progress):
        self.v = v
        self.con = v.con
        self.data_dir = data_dir
        self.cpr_noegle = cpr_noegle
        self.progress = progress
        self.extra: list[tuple[int, Problem]] = []  # (rank, problem) found in Python: file level, bad rows, CPR
        self.unreadable: set[str] = set()  # tables whose file could not be read (whole)
        self.con.execute(
            "CREATE TABLE problemer (rang INT, tabel_nr INT, fil VARCHAR, linje BIGINT, kolonne_nr INT, "
            "kolonne VARCHAR, besked VARCHAR)"
        )
        self.order: dict[str, int] = {}
        self.pending: list[str] = []  # problem queries not yet run

    # -- the steps ----------------------------------------------------------------------------
    def run(self, max_problems: int) -> None:
        if not self.data_dir.is_dir():
            self.extra.append((_OTHER, Problem(str(self.data_dir), None, "-", "mappen findes ikke")))
            self._collect(max_problems)
            return
        try:
            found = table_files(self.data_dir)
        except OSError as e:
            self.extra.append((_OTHER, Problem(str(self.data_dir), None, "-", f"mappen kan ikke læses: {e.strerror}")))
            self._collect(max_problems)
            return
        for nr, (name, table) in enumerate(TABLES.items()):
            self.order[name] = nr
            paths = found.get(name, [])
            self.v.files[name] = paths[0] if len(paths) == 1 else None
            if len(paths) > 1:
                self._add(name, None, "-", "både " + " og ".join(p.name for p in paths)
                          + " findes; aflever én af dem")
            elif not paths and table.required:
                self._add(name, None, "-",
                          f"tabellen mangler (forventede {name}.csv eller {name}.parquet)")
            if len(paths) == 1:
                self.progress(f"Læser og tjekker {paths[0].name}")
                self._load(name, paths[0])
            else:
                self._empty(name)
        self.progress("Tjekker sammenhængen mellem tabellerne")
        self._periods()
        self._keys()
        self._references()
        self._overlapping_ydelser()
        self._visitation()
        self._flush()
        if self.cpr_noegle is not None:
            self.progress("Tjekker CPR-numre")
            self._cpr()
        self._collect(max_problems)
        if not self.v.problems and self.cpr_noegle is not None:
            self.progress("Pseudonymiserer CPR-numre")
            self._pseudonymise()

    def _file(self, name: str) -> str:
        path = self.v.files.get(name)
        return path.name if path else f"{name}.csv"

    def _add(self, name: str, line: int | None, column: str, message: str, rank: int = _OTHER) -> None:
        self.extra.append((rank, Problem(self._file(name), line, column, message)))

    def _unreadable(self, name: str, line: int | None, message: str) -> None:
        self.unreadable.add(name)
        self._add(name, line, "-", message, _UNREADABLE)

    def _columns(self, name: str, header: tuple[str, ...]) -> tuple[Column, ...]:
        """The schema columns, plus for an open table (rammevilkaar) every further column."""
        table = TABLES[name]
        cols = table.columns
        if name in OPEN_TABLES:
            extra = [h for h in dict.fromkeys(header) if h not in table.column_names]
            cols += tuple(Column(h, "number") for h in extra)
        return cols

    def _load(self, name: str, path: Path) -> None:
        try:
            raw = read_table(path)
        except ReadError as e:
            self._unreadable(name, e.line, e.message)
            self._empty(name)
            return
        columns = self._columns(name, raw.columns)
        present = []
        for col in columns:
            count = raw.columns.count(col.name)
            if not re.fullmatch(r"[a-z][a-z0-9_]*", col.name):
                self._add(name, 1, col.name[:_SHOWN_CHARS] or "-",
                          "ugyldigt kolonnenavn (brug bogstaverne a-z, cifre og _)")
            elif count == 0:
                if not col.valgfri:
                    self._add(name, 1, col.name, "kolonnen mangler")
            elif count > 1:
                self._add(name, 1, col.name, f"kolonnen findes {count} gange")
            else:
                present.append(col)
        # The raw columns are _c0, _c1, ...: header names may hold any character (and names
        # starting with _ cannot clash with a column name, which must start with a-z).
        refs = {col.name: f"_c{i}" for i, col in enumerate(present)}
        native: dict[int, str] = {}  # column number -> its typed value, read from Parquet's own type
        if raw.types is not None:
            # Parquet: DuckDB reads the file itself, in parallel, and a column already of the
            # right type (a DATE, a number) is taken as it is instead of as text.
            names = [r[0] for r in self.con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({_lit(str(path))})").fetchall()]
            cols = [f"{_ident(names[raw.columns.index(c.name)])} AS {refs[c.name]}" for c in present]
            source = (f"(SELECT {', '.join([*cols, f'file_row_number + 2 AS {LINE}'])} "
                      f"FROM read_parquet({_lit(str(path))}, file_row_number = true))")
            for i, col in enumerate(present):
                typed = _native(col, raw.types[raw.columns.index(col.name)], f"_e{i}")
                if typed:
                    native[i] = typed
        else:
            self.con.register("src", raw.reader(tuple(refs), tuple(refs.values())))
            source = "src"
        # One pass over the values: trim each text once (_e0, _e1, ...), type it once, and keep the
        # text only where it is bad (_bad0, ...), for the messages.
        trimmed = [f"{r} AS _e{i}" if i in native else f"nullif(trim(CAST({r} AS VARCHAR)), '') AS _e{i}"
                   for i, r in enumerate(refs.values())]
        typed = [f"_e{i}, {native.get(i) or self._typed(col, f'_e{i}')} AS {_ident(col.name)}"
                 for i, col in enumerate(present)]
        bad = [f"CASE WHEN {self._bad(name, col, f'_e{i}')} THEN coalesce(CAST(_e{i} AS VARCHAR), '') END "
               f"AS _bad{i}" for i, col in enumerate(present)]
        kept = [c for c in columns if c in present or c.name in TABLES[name].column_names]
        out = [_ident(c.name) if c in present else f"NULL::{SQL_TYPES[c.kind]} AS {_ident(c.name)}"
               for c in kept]

        def query(*extra: str) -> str:
            return (f"SELECT {', '.join([LINE, *out, *extra])} FROM ("
                    f"SELECT {', '.join([LINE, *typed])} FROM ("
                    f"SELECT {', '.join([LINE, *trimmed])} FROM {source}))")

        parquet = raw.types is not None
        try:  # a damaged Parquet file fails here, as it is read
            # CSV: the bad values' text is kept in the same pass (the stream is read once).
            # Parquet: the typed values only; the file is read again for the suspect rows below.
            self.con.execute(f"CREATE TABLE t_{name} AS {query() if parquet else query(*bad)}")
        except duckdb.Error as e:
            self._unreadable(name, None, f"kan ikke læses: {str(e).splitlines()[0]}")
            self._empty(name)
            return
        finally:
            if not parquet:
                self.con.unregister("src")
        for line, message in raw.bad_rows:
            self._add(name, line, "-", message)
        if raw.stopped:
            self._unreadable(name, *raw.stopped)
        checked = f"t_{name}"
        if parquet:
            # The rows any value of which may be bad, found from the typed values alone (filters
            # DuckDB pushes into the scan); only those are typed again from the file's text.
            suspect = " OR ".join(self._suspect(name, col, i in native) for i, col in enumerate(present))
            lines = f"SELECT {LINE} FROM t_{name} WHERE {suspect or 'FALSE'}"
            if self.con.execute(f"SELECT count(*) FROM ({lines})").fetchone()[0]:
                checked = f"b_{name}"
                self.con.execute(f"CREATE TEMP TABLE {checked} AS {query(*bad)} "
                                 f"WHERE {LINE} IN ({lines})")
            else:
                checked = None
        if checked:
            for i, col in enumerate(present):
                self._check_column(name, col, f"_bad{i}", checked)
            self._flush()
            if parquet:
                self.con.execute(f"DROP TABLE {checked}")
            else:
                for i in range(len(present)):
                    self.con.execute(f"ALTER TABLE t_{name} DROP COLUMN _bad{i}")
        self.v.columns[name] = tuple(c.name for c in kept)

    def _suspect(self, name: str, col: Column, native: bool) -> str:
        """A condition on the typed value that holds for every bad value of `col`. A NULL is bad
        when the column is required, or when it may come from text that did not parse."""
        t = _ident(col.name)
        valid = " AND ".join(self._valid(name, col, t)[1:]) or "TRUE"
        null_is_clean = col.nullable and (col.kind in ("id", "text", "code", "kommune")
                                          or (native and col.kind == "date"))
        return f"({'FALSE' if null_is_clean else f'{t} IS NULL'} OR NOT ({valid}))"

    def _empty(self, name: str) -> None:
        cols = ", ".join(f"{_ident(c.name)} {SQL_TYPES[c.kind]}" for c in TABLES[name].columns)
        self.con.execute(f"CREATE TABLE t_{name} ({LINE} BIGINT, {cols})")
        self.v.columns[name] = TABLES[name].column_names

    # -- one column ---------------------------------------------------------------------------
    def _typed(self, col: Column, e: str) -> str:
        """The typed value of the trimmed, non-empty text `e` (NULL when it does not parse)."""
        if col.kind in ("id", "text"):
            if col.name == "person_id" and self.cpr_noegle is not None:
                return f"nullif(regexp_replace({e}, '[ -]', '', 'g'), '')"
            return e
        if col.kind == "code":
            return f"lower({e})"
        if col.kind == "kommune":  # checked against the list of codes, which are all digits
            return f"CASE WHEN length({e}) <= 4 THEN lpad({e}, 4, '0') ELSE {e} END"
        if col.kind == "date":
            return (f"CASE WHEN regexp_full_match({e}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                    f"THEN TRY_CAST({e} AS DATE) END")
        if col.kind == "month":
            return (f"CASE WHEN regexp_full_match({e}, '[0-9]{{4}}-[0-9]{{2}}') "
                    f"THEN TRY_CAST({e} || '-01' AS DATE) "
                    f"WHEN regexp_full_match({e}, '[0-9]{{4}}-[0-9]{{2}}-01') "
                    f"THEN TRY_CAST({e} AS DATE) END")
        if col.kind == "int":
            return (f"CASE WHEN regexp_full_match({e}, '[+-]?[0-9]+') "
                    f"THEN TRY_CAST({e} AS BIGINT) END")
        if col.kind == "number":
            return (f"CASE WHEN regexp_full_match({e}, '[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)') "
                    f"THEN TRY_CAST(replace({e}, ',', '.') AS DOUBLE) END")
        raise ValueError(f"unknown column kind {col.kind}")

    def _valid(self, name: str, col: Column, t: str) -> list[str]:
        """Conditions a present value's typed form `t` must meet."""
        conditions = [f"{t} IS NOT NULL"]
        if col.kind == "kommune":
            conditions.append(f"{t} IN {_in_list(kommuner())}")
        if col.kind == "code":
            conditions.append(f"{t} IN {_in_list(col.codes)}")
        if col.kind in _NON_NEGATIVE and col in TABLES[name].columns:
            conditions.append(f"{t} >= 0")
        return conditions

    def _bad(self, name: str, col: Column, e: str) -> str:
        valid = " AND ".join(self._valid(name, col, _ident(col.name)))
        empty_is_bad = "FALSE" if col.nullable else f"{e} IS NULL"
        return f"({empty_is_bad} OR ({e} IS NOT NULL AND NOT coalesce({valid}, FALSE)))"

    def _check_column(self, name: str, col: Column, bad: str, table: str) -> None:
        """Messages for the values flagged in column `bad` (their text; '' when empty)."""
        t = _ident(col.name)
        bad_format = {
            "date": "ugyldig dato {} (forventet ÅÅÅÅ-MM-DD)",
            "month": "ugyldig måned {} (forventet ÅÅÅÅ-MM)",
            "int": "ugyldigt heltal {}",
            "number": "ugyldigt tal {}",
            "kommune": "ukendt kommunekode {}",
        }.get(col.kind)
        cases = [f"WHEN {bad} = '' THEN 'mangler en værdi'"]
        if bad_format:
            cases.append(f"WHEN {t} IS NULL THEN {_lit(bad_format)}")
        if col.kind == "kommune":
            cases.append("WHEN TRUE THEN 'ukendt kommunekode {}'")
        if col.kind == "code":
            what = _CODE_NAMES.get(col.name, "kode")
            valid = ", ".join(col.codes)
            cases.append(f"WHEN TRUE THEN {_lit(f'ukendt {what} {{}} (gyldige: {valid})')}")
        if col.kind in _NON_NEGATIVE:
            cases.append("WHEN TRUE THEN 'må ikke være negativ: {}'")
        self.pending.append(
            f"SELECT {_OTHER}, {self.order[name]}, {_lit(self._file(name))}, {LINE}, "
            f"{self._col_nr(name, col.name)}, {_lit(col.name)}, "
            f"replace(CASE {' '.join(cases)} END, '{{}}', {_shown(bad)}) "
            f"FROM {table} WHERE {bad} IS NOT NULL"
        )

    def _col_nr(self, name: str, column: str) -> int:
        names = TABLES[name].column_names
        return names.index(column) if column in names else len(names)

    # -- rows and tables ----------------------------------------------------------------------
    def _insert(self, name: str, column: str, query: str) -> None:
        """Add the problems of `query`, which yields (line, message) rows."""
        self.pending.append(
            f"SELECT {_OTHER}, {self.order[name]}, {_lit(self._file(name))}, l, "
            f"{self._col_nr(name, column.split(',')[0])}, {_lit(column)}, m FROM ({query})"
        )

    def _flush(self) -> None:
        """Run the pending checks as one query (one scan plan instead of many round trips)."""
        if self.pending:
            self.con.execute("INSERT INTO problemer " + " UNION ALL ".join(self.pending))
            self.pending.clear()

    def _periods(self) -> None:
        for name, table in TABLES.items():
            if table.period:
                self._insert(name, "slut", f"""
                    SELECT {LINE} AS l, 'slut ' || CAST(slut AS VARCHAR) || ' er før start ' || CAST(start AS VARCHAR) AS m
                    FROM t_{name} WHERE slut < start""")

    def _keys(self) -> None:
        for name, table in TABLES.items():
            if not table.key:
                continue
            keys = ", ".join(_ident(k) for k in table.key)
            not_null = " AND ".join(f"{_ident(k)} IS NOT NULL" for k in table.key)
            on = " AND ".join(f"t.{_ident(k)} = d.{_ident(k)}" for k in table.key)
            # duplicate keys are found by grouping (one hash table), and only their rows revisited
            self._insert(name, ",".join(table.key), f"""
                SELECT t.{LINE} AS l, 'findes allerede i linje ' || d.first AS m
                FROM t_{name} t JOIN (
                  SELECT {keys}, min({LINE}) AS first FROM t_{name} WHERE {not_null}
                  GROUP BY ALL HAVING count(*) > 1) d ON {on}
                WHERE t.{LINE} > d.first""")

    def _references(self) -> None:
        refs = [
            (name, "person_id", "personer", "person_id", "personer")
            for name, t in TABLES.items() if name != "personer" and "person_id" in t.column_names
        ]
        if self.v.files.get("sagsbehandlere"):
            refs += [
                ("samtaler", "sagsbehandler_id", "sagsbehandlere", "sagsbehandler_id", "sagsbehandlere"),
                ("sagsstammer", "sagsbehandler_id", "sagsbehandlere", "sagsbehandler_id", "sagsbehandlere"),
                ("fravaer", "sagsbehandler_id", "sagsbehandlere", "sagsbehandler_id", "sagsbehandlere"),
                ("fravaer", "vikar_id", "sagsbehandlere", "sagsbehandler_id", "sagsbehandlere"),
            ]
        follow_on: dict[str, list[tuple[str, int]]] = {}
        for name, column, target, target_column, label in refs:
            if self.v.files.get(target) is None:
                continue
            c, tc = _ident(column), _ident(target_column)
            query = f"""
                SELECT {LINE} AS l, {_shown(c)} || ' findes ikke i {label}' AS m
                FROM t_{name} ANTI JOIN (SELECT {tc} AS _ref FROM t_{target} WHERE {tc} IS NOT NULL)
                  ON {c} = _ref
                WHERE {c} IS NOT NULL"""
            if target in self.unreadable:
                n = self.con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
                follow_on.setdefault(target, []).append((self._file(name), n))
            else:
                self._insert(name, column, query)
        for target, counts in follow_on.items():
            n = sum(k for _, k in counts)
            if n:
                files = ", ".join(dict.fromkeys(f for f, k in counts if k))
                self._add(target, None, "-",
                          f"{n} henvisninger fra {files} til {target} findes ikke, fordi "
                          f"{self._file(target)} ikke kunne læses; de vises ikke enkeltvis", _FOLLOW_ON)

    def _overlapping_ydelser(self) -> None:
        """A person has one benefit at a time: a period may not start before an earlier one ends."""
        self._insert("ydelser", "start", f"""
            SELECT {LINE} AS l, 'perioden overlapper perioden i linje ' || prev_line AS m FROM (
              SELECT {LINE}, start, max(e) OVER w AS prev_end, arg_max({LINE}, e) OVER w AS prev_line
              FROM (SELECT *, coalesce(slut, DATE '9999-12-31') AS e FROM t_ydelser
                    WHERE person_id IS NOT NULL AND start IS NOT NULL
                      AND (slut IS NULL OR slut >= start))
              WINDOW w AS (PARTITION BY person_id ORDER BY start, {LINE}
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
            WHERE prev_end >= start""")

    def _visitation(self) -> None:
        pairs = ", ".join(
            f"({_lit(y)}, {_lit(v)})" for y in koder.YDELSER for v in koder.gyldige_visitationer(y)
        )
        self._insert("ydelser", "visitation", f"""
            SELECT {LINE} AS l, 'visitation ' || {_shown('visitation')} || ' passer ikke til ydelse '
                   || {_shown('ydelse')} AS m
            FROM t_ydelser WHERE visitation IS NOT NULL AND ydelse IN {_in_list(koder.YDELSER)}
              AND visitation IN {_in_list(koder.VISITATIONER)}
              AND (ydelse, visitation) NOT IN (VALUES {pairs})""")

    # -- CPR ----------------------------------------------------------------------------------
    def _cpr(self) -> None:
        rows = self.con.execute(
            f"SELECT {LINE}, person_id, foedselsdato FROM t_personer WHERE person_id IS NOT NULL"
        ).fetchall()
        for line, number, born in rows:
            message = cpr.problem(number, born)
            if message:
                self._add("personer", line, "person_id", message)

    def _pseudonymise(self) -> None:
        ids = self.con.sql("SELECT person_id FROM t_personer").to_arrow_table().column(0)
        mapping = pa.table({"cpr": ids, "pseudo": cpr.pseudonyms(ids.to_pylist(), self.cpr_noegle)})
        self.con.register("kort", mapping)
        self.con.execute("CREATE TABLE kort_t AS SELECT * FROM kort")
        self.con.unregister("kort")
        for name, table in TABLES.items():
            if "person_id" in table.column_names:
                self.con.execute(
                    f"CREATE TABLE p_{name} AS SELECT t.* REPLACE (k.pseudo AS person_id) "
                    f"FROM t_{name} t JOIN kort_t k ON t.person_id = k.cpr ORDER BY t.{LINE}"
                )
                self.con.execute(f"DROP TABLE t_{name}")
                self.con.execute(f"ALTER TABLE p_{name} RENAME TO t_{name}")
        self.con.execute("DROP TABLE kort_t")

    # -- result -------------------------------------------------------------------------------
    def _collect(self, max_problems: int) -> None:
        if self.extra:
            rows = [
                (rank, self.order.get(_table_of(p.file), -1), p.file, p.line,
                 self._col_nr(_table_of(p.file), p.column) if _table_of(p.file) in TABLES else 0,
                 p.column, p.message)
                for rank, p in self.extra
            ]
            extra = pa.table(list(zip(*rows)), schema=pa.schema([
                ("rang", pa.int32()), ("tabel_nr", pa.int32()), ("fil", pa.string()), ("linje", pa.int64()),
                ("kolonne_nr", pa.int32()), ("kolonne", pa.string()), ("besked", pa.string()),
            ]))
            self.con.register("extra", extra)
            self.con.execute("INSERT INTO problemer SELECT * FROM extra")
            self.con.unregister("extra")
        total = self.con.execute("SELECT count(*) FROM problemer").fetchone()[0]
        shown = self.con.execute(
            "SELECT fil, linje, kolonne, besked FROM problemer "
            "ORDER BY rang, tabel_nr, fil, linje NULLS FIRST, kolonne_nr, besked LIMIT ?",
            [max_problems],
        ).fetchall()
        self.v.problems = [Problem(*row) for row in shown]
        self.v.omitted = total - len(shown)


def _table_of(file: str) -> str:
    return file.rsplit(".", 1)[0].lower()
