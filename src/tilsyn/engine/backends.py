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


# Settings a user or a platform may give (they win over the machine's defaults):
# TILSYN_SPARK_<NAME> -> Spark setting.
SPARK_ENV = {
    "TILSYN_SPARK_MASTER": "spark.master",
    "TILSYN_SPARK_DRIVER_MEMORY": "spark.driver.memory",
    "TILSYN_SPARK_EXECUTOR_MEMORY": "spark.executor.memory",
    "TILSYN_SPARK_PARTITIONS": "spark.sql.shuffle.partitions",
    "TILSYN_SPARK_LOCAL_DIR": "spark.local.dir",
}
# sc://host:15002: run on a Spark Connect server (a cluster) instead of a local session.
SPARK_REMOTE_ENV = "TILSYN_SPARK_REMOTE"
# Tilsyn needs these whatever else is set: dates are days, not instants in a local zone.
_SPARK_FASTE = {"spark.sql.session.timeZone": "UTC"}


def _maskinens_spark() -> dict[str, str]:
    """Defaults sized from this machine: every core, half the memory for the driver (which is
    also the executor in local mode), and a few shuffle partitions per core (adaptive query
    execution merges small ones)."""
    kerner = os.cpu_count() or 1
    ram_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return {
        "spark.master": f"local[{kerner}]",
        "spark.driver.memory": f"{max(1024, ram_mib // 2)}m",
        "spark.sql.shuffle.partitions": str(4 * kerner),
        "spark.default.parallelism": str(kerner),
        "spark.sql.adaptive.enabled": "true",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }


def _spark_defaults() -> dict[str, str]:
    """The settings of spark-defaults.conf in $SPARK_CONF_DIR (or $SPARK_HOME/conf), as Spark
    itself reads them: `key value` per line, # for comments."""
    mappe = os.environ.get("SPARK_CONF_DIR") or (
        os.path.join(os.environ["SPARK_HOME"], "conf") if os.environ.get("SPARK_HOME") else None)
    fil = Path(mappe) / "spark-defaults.conf" if mappe else None
    if not fil or not fil.is_file():
        return {}
    out = {}
    for linje in fil.read_text(encoding="utf-8").splitlines():
        dele = linje.strip().split(None, 1)
        if dele and not dele[0].startswith("#"):
            out[dele[0]] = dele[1].strip() if len(dele) > 1 else ""
    return out


def spark_indstillinger() -> dict[str, str]:
    """The Spark settings Tilsyn starts a session with: the machine's defaults, overridden by
    spark-defaults.conf, overridden by TILSYN_SPARK_* (see SPARK_ENV)."""
    miljoe = {key: os.environ[env] for env, key in SPARK_ENV.items() if os.environ.get(env)}
    return {**_maskinens_spark(), **_spark_defaults(), **miljoe, **_SPARK_FASTE}


@cache
def spark_session():
    """One Spark session per process: on the Spark Connect server of $TILSYN_SPARK_REMOTE, or
    the session `spark-submit` already started, or a local one (`spark_indstillinger`)."""
    from pyspark.sql import SparkSession

    remote = os.environ.get(SPARK_REMOTE_ENV)
    if remote:
        spark = SparkSession.builder.remote(remote).getOrCreate()
        for key, value in _SPARK_FASTE.items():
            spark.conf.set(key, value)
        return spark
    aktiv = SparkSession.getActiveSession()
    if aktiv is not None:  # under spark-submit: the cluster's settings stand
        for key, value in _SPARK_FASTE.items():
            aktiv.conf.set(key, value)
        return aktiv
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local only; no hostname warning
    builder = SparkSession.builder.appName("tilsyn")
    for key, value in spark_indstillinger().items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
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
    """The typed columns of an input table, as the store holds them."""
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
    content into a cached store, `store.lager_for_mappe`); on Spark also a folder or an object
    store URL (s3a://, abfss://, gs://, hdfs://) of NAME.parquet files, read as they are.

    Spark reads a store's tables as Parquet files exported once per store content next to the
    cached stores, in parallel and on its executors, not through the driver.

    Raises `DataError` with the problems when the directory does not validate, and
    FileNotFoundError when `source` does not exist.
    """
    from tilsyn.data.store import lager_for_mappe

    if isinstance(source, str) and "://" in source:
        if engine != "spark":
            raise FileNotFoundError(f"{source}: en URL kan kun læses med motoren spark")
        return _spark_parquet(source.rstrip("/"), None)
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"{source} findes ikke")
    if source.is_dir():
        source = lager_for_mappe(source)
    return _read_store(source, engine)


def _read_store(source: Path, engine: str) -> Data:
    """DuckDB binds the store file read-only; Spark reads the store's Parquet export."""
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
            name: _med_valgfri(con.table(name), name) if name in present
            else ibis.memtable(ibis_schema(name).to_pyarrow().empty_table())
            for name in TABLES
        }
        return Data(con, tables, daekning)
    if engine != "spark":
        raise ValueError(f"ukendt motor {engine!r}: vælg {' eller '.join(ENGINES)}")
    try:
        mappe = _parquet_eksport(con, source, present)
    finally:
        con.disconnect()
    return _spark_parquet(str(mappe), daekning)


def _med_valgfri(t: ir.Table, name: str) -> ir.Table:
    """A table of a store imported before an optional column came into the schema: the column, empty."""
    schema = ibis_schema(name)
    mangler = {c: ibis.null(schema[c]) for c in schema if c not in t.columns}
    return t.mutate(**mangler) if mangler else t


def _parquet_eksport(con, store: Path, present: set[str]) -> Path:
    """The store's tables as NAME.parquet in the cache, exported once per store content (the
    ledger's hashes name the folder), written aside and renamed into place whole."""
    import hashlib
    import shutil
    import tempfile

    from tilsyn.data.store import CACHE_ENV, LEDGER

    raekker = con.raw_sql(f"SELECT tabel, sha256 FROM {LEDGER} ORDER BY tabel").fetchall() \
        if LEDGER in present else [(str(store.resolve()), str(store.stat().st_mtime_ns))]
    noegle = hashlib.sha256(repr(raekker).encode()).hexdigest()[:32]
    rod = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "tilsyn") / "parquet"
    mappe = rod / noegle
    if mappe.is_dir():
        return mappe
    rod.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = Path(tempfile.mkdtemp(prefix=f".{noegle}.", dir=rod))
    try:
        for name in TABLES:
            if name in present:
                fil = str(tmp / f"{name}.parquet").replace("'", "''")
                con.raw_sql(f"COPY {name} TO '{fil}' (FORMAT parquet, COMPRESSION zstd)")
        os.replace(tmp, mappe)
    except OSError:
        if not mappe.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return mappe


def _spark_parquet(mappe: str, daekning: Daekning | None) -> Data:
    """Every input table from NAME.parquet in `mappe` (a path or a URL), typed as the schema
    says; an optional table without a file is empty. Each source gets its own view names."""
    import hashlib

    from pyspark.errors import AnalysisException

    spark = spark_session()
    con = ibis.pyspark.connect(spark)
    stamme = "t" + hashlib.sha256(mappe.encode()).hexdigest()[:10]
    tables = {}
    for name in TABLES:
        schema = ibis_schema(name)
        try:
            frame = spark.read.parquet(f"{mappe}/{name}.parquet")
        except AnalysisException:
            if TABLES[name].required:
                raise FileNotFoundError(f"{mappe}/{name}.parquet findes ikke") from None
            frame = spark.createDataFrame([], schema=_spark_schema(schema.to_pyarrow()))
        from pyspark.sql import functions as F

        def kolonne(c: str):  # an optional column left out of the file is empty
            return frame[c] if c in frame.columns or not TABLES[name].column(c).valgfri else F.lit(None)

        frame = frame.select(*[kolonne(c).cast(_spark_type(t)).alias(c) for c, t in schema.items()],
                             *[c for c in frame.columns if c not in schema])
        view = f"{stamme}_{name}"
        frame.createOrReplaceTempView(view)
        tables[name] = con.table(view)
    if daekning is None:
        from tilsyn.data.daekning import udled

        daekning = udled(lambda q: spark.sql(q).collect()[0][0], lambda n: f"{stamme}_{n}")
    return Data(con, tables, daekning)


def _spark_type(t: dt.DataType) -> str:
    return {"string": "string", "date": "date", "int64": "bigint", "float64": "double"}[str(t).lstrip("!")]


def _spark_schema(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)
