"""Where the engine's expressions run: DuckDB in memory (default) or a local PySpark session,
and the input tables bound to it from a data directory or an imported store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pyarrow as pa

from tilsyn.data.daekning import Daekning
from tilsyn.data.schema import TABLES

ENGINES = ("duckdb", "spark")

_KIND_TYPES = {
    "id": dt.string,
    "text": dt.string,
    "kommune": dt.string,
    "code": dt.string,
    "date": dt.date,
    "month": dt.date,
    "int": dt.int64,
    "number": dt.float64,
}


@cache
def spark_session():
    """One local Spark session per process: two cores, few shuffle partitions, no UI, quiet."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local only; no hostname warning
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tilsyn")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def connect(engine: str = "duckdb"):
    """An Ibis backend: a fresh in-memory DuckDB, or the process's local Spark session."""
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "spark":
        return ibis.pyspark.connect(spark_session())
    raise ValueError(f"ukendt motor {engine!r}: vælg {' eller '.join(ENGINES)}")


def ibis_schema(table_name: str) -> ibis.Schema:
    """The typed columns of an input table (spec 02), as the store holds them."""
    table = TABLES[table_name]
    return ibis.schema(
        {c.name: _KIND_TYPES[c.kind].copy(nullable=c.nullable) for c in table.columns}
    )


@dataclass
class Data:
    """Every input table of the schema bound to one backend; absent optional tables are empty.
    `daekning`: the months the data covers (None when it has no dated rows)."""

    con: object
    tables: dict[str, ir.Table]
    daekning: Daekning | None = None


def open_data(source: Path | str, engine: str = "duckdb") -> Data:
    """Bind a DuckDB store made by `tilsyn import`, or a data directory (imported once per
    content into a cached store, `store.lager_for_mappe`).

    Raises `DataError` with the problems when the directory does not validate, and
    FileNotFoundError when `source` does not exist.
    """
    from tilsyn.data.store import lager_for_mappe

    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"{source} findes ikke")
    if source.is_dir():
        source = lager_for_mappe(source)
    arrow = _read_store(source, engine)
    if isinstance(arrow, Data):
        return arrow
    arrow, daekning = arrow
    con = connect(engine)
    tables = {}
    for name in TABLES:
        data = arrow.get(name)
        if data is None:
            data = ibis_schema(name).to_pyarrow().empty_table()
        tables[name] = _bind(con, engine, name, data)
    return Data(con, tables, daekning)


def _read_store(source: Path, engine: str) -> Data | tuple[dict[str, pa.Table], Daekning | None]:
    """DuckDB binds the store file read-only; Spark gets its tables copied in via Arrow."""
    import duckdb

    from tilsyn.data.store import daekning_i

    try:
        con = ibis.duckdb.connect(source, read_only=True)
    except duckdb.Error:
        raise FileNotFoundError(f"{source} er hverken en datamappe eller et tilsyn-lager") from None
    present = {r[0] for r in con.raw_sql("SELECT table_name FROM information_schema.tables").fetchall()}
    daekning = daekning_i(con.con) if "ydelser" in present else None
    if engine == "duckdb":
        tables = {
            name: con.table(name) if name in present else ibis.memtable(ibis_schema(name).to_pyarrow().empty_table())
            for name in TABLES
        }
        return Data(con, tables, daekning)
    arrow = {name: con.table(name).to_pyarrow() for name in TABLES if name in present}
    con.disconnect()
    return arrow, daekning


def _bind(con, engine: str, name: str, data: pa.Table) -> ir.Table:
    if engine == "spark":
        spark = spark_session()
        frame = spark.createDataFrame(data) if data.num_rows else spark.createDataFrame(
            [], schema=_spark_schema(data.schema)
        )
        frame.createOrReplaceTempView(name)
        return con.table(name)
    con.con.register(name, data)  # zero-copy view of the Arrow table
    return con.table(name)


def _spark_schema(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)
