"""What the web shows, computed by the engine from the analytic store (one way: the web reads
results, never writes to the store). Results are cached per argument, since the store only
changes by a new import (restart the server, or call `glem()`)."""

from __future__ import annotations

import threading
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Protocol

import polars as pl

from tilsyn import tid
from tilsyn.rules.rulebook import rulebook

MAKS_CACHE = 256


class Resultater(Protocol):
    def sidste_maaned(self) -> date:
        """The newest month the data covers (first day)."""

    def fokusmaal(self, maaned: date) -> pl.DataFrame:
        """Spec 06 `fokusmaal` columns, one row per municipality with a population."""

    def udvaelgelse(self, aar: int) -> pl.DataFrame:
        """Spec 06 `udvaelgelse` columns."""

    def frister(self, kommune_kode: str, dato: date) -> pl.DataFrame:
        """Spec 06 `frister` columns for the municipality's citizens on `dato`."""

    def sagsbehandlere(self, kommune_kode: str) -> pl.DataFrame:
        """`sagsbehandler_id, navn, team` of the municipality."""


class EngineResultater:
    """The engine over an imported store (or a data directory). DuckDB connections are not
    shared between threads, so one lock serialises the engine calls."""

    def __init__(self, store: Path | str):
        self.store = Path(store)
        self._lock = threading.Lock()
        self._cache: dict[tuple, pl.DataFrame] = {}

    @cached_property
    def _data(self):
        from tilsyn.engine.backends import open_data

        return open_data(self.store)

    def glem(self) -> None:
        self._cache.clear()

    def _husket(self, key: tuple, beregn) -> pl.DataFrame:
        """A cached result is served without waiting for another request's engine run; the cache
        keeps the newest `MAKS_CACHE` results (a worklist per municipality and date adds up)."""
        if (fundet := self._cache.get(key)) is not None:
            return fundet
        with self._lock:
            if key not in self._cache:
                self._cache[key] = beregn()
                while len(self._cache) > MAKS_CACHE:
                    self._cache.pop(next(iter(self._cache)))
            return self._cache[key]

    def sidste_maaned(self) -> date:
        def beregn():
            ydelser = self._data.tables["ydelser"]
            sidste = ydelser.aggregate(d=ydelser.start.max()).to_polars()["d"][0]
            return pl.DataFrame({"maaned": [tid.first_day(sidste or date.today())]})

        return self._husket(("sidste_maaned",), beregn)["maaned"][0]

    def fokusmaal(self, maaned: date) -> pl.DataFrame:
        from tilsyn.engine.fokusmaal import rullende

        def beregn():
            t = rullende(self._data.tables, maaned, maaned, rulebook()).to_polars()
            return _fokusmaal_kolonner(t)

        return self._husket(("fokusmaal", maaned), beregn)

    def udvaelgelse(self, aar: int) -> pl.DataFrame:
        from tilsyn.udvaelgelse import udvaelgelse

        return self._husket(
            ("udvaelgelse", aar),
            lambda: pl.from_pandas(udvaelgelse(self._data.tables, aar, rulebook())).sort("kommune_kode"),
        )

    def frister(self, kommune_kode: str, dato: date) -> pl.DataFrame:
        from tilsyn.engine.frister import arbejdsliste

        return self._husket(
            ("frister", kommune_kode, dato),
            lambda: arbejdsliste(self._data.tables, rulebook(), kommune_kode, dato).to_polars(),
        )

    def sagsbehandlere(self, kommune_kode: str) -> pl.DataFrame:
        def beregn():
            s = self._data.tables["sagsbehandlere"]
            return s.filter(s.kommune_kode == kommune_kode).select("sagsbehandler_id", "navn", "team").to_polars()

        return self._husket(("sagsbehandlere", kommune_kode), beregn)


def _fokusmaal_kolonner(t: pl.DataFrame) -> pl.DataFrame:
    """Spec 06: rows with a population, shares in percent rounded to 2 decimals."""
    andele = ["andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud"]
    return (
        t.filter(pl.col("population") > 0)
        .with_columns([pl.col(c).round(2) for c in andele])
        .select(
            "kommune_kode", "maaned", "population", "passive_samtaler", "passive_tilbud", *andele
        )
        .sort("kommune_kode")
    )
