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
SERIE_MAANEDER = 24  # the months of the fokusmål series on the overview and municipality pages


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

    def ydelsesgrupper(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        """`person_id, ydelsesgruppe` of everyone on an in-scope ydelse in the municipality on the
        last day of the month (the fokusrevision's strata)."""

    def fokusmaal_serie(self, til: date) -> pl.DataFrame:
        """`fokusmaal` columns for the `SERIE_MAANEDER` months up to `til`, every municipality."""

    def resultatmaal(self, aar: int) -> pl.DataFrame:
        """Spec 06 `resultatmaal` columns; `ResultatmaalFejl` when the year cannot have one."""

    def passive(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        """The municipality's samtale- or tilbud-passive citizens of the month (`PASSIVE_KOLONNER`)."""

    def forklaring(self, person_id: str, maaned: date) -> str:
        """`tilsyn forklar`: why the person is (not) passive in the month, in Danish."""


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

    def ydelsesgrupper(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.engine.ydelser import i_kommune_paa_dag, med_grupper

        def beregn():
            y = med_grupper(i_kommune_paa_dag(self._data.tables["ydelser"], kommune_kode, tid.last_day(maaned)), rulebook())
            y = y.filter(y.ydelsesgruppe.notnull()).select("person_id", "ydelsesgruppe").distinct()
            return y.to_polars().sort("person_id")

        return self._husket(("ydelsesgrupper", kommune_kode, maaned), beregn)

    def fokusmaal_serie(self, til: date) -> pl.DataFrame:
        from tilsyn.engine.fokusmaal import rullende

        def beregn():
            fra = tid.add_months(til, 1 - SERIE_MAANEDER)
            return _fokusmaal_kolonner(rullende(self._data.tables, fra, til, rulebook()).to_polars()).sort(
                "kommune_kode", "maaned"
            )

        return self._husket(("fokusmaal_serie", til), beregn)

    def resultatmaal(self, aar: int) -> pl.DataFrame:
        from tilsyn.benchmark import resultatmaal

        return self._husket(
            ("resultatmaal", aar),
            lambda: pl.from_pandas(resultatmaal(self._data.tables, str(aar), rulebook())).sort("kommune_kode"),
        )

    def passive(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.engine.fokusmaal import personer
        from tilsyn.engine.sagsstamme import ansvarlige

        def beregn():
            p = personer(self._data.tables, maaned, maaned, rulebook())
            p = p.filter((p.kommune_kode == kommune_kode) & (p.samtale_passiv | p.tilbud_passiv))
            a = ansvarlige(self._data.tables, tid.last_day(maaned))
            t = p.left_join(a, "person_id").to_polars()
            return t.with_columns(
                anciennitet_maaneder=pl.col("forloeb_start").map_elements(
                    lambda start: tid.anciennitet_maaneder(start, maaned), return_dtype=pl.Int64
                )
            ).select(PASSIVE_KOLONNER).sort("person_id")

        return self._husket(("passive", kommune_kode, maaned), beregn)

    def forklaring(self, person_id: str, maaned: date) -> str:
        from tilsyn.engine.forklar import forklar

        return self._husket(
            ("forklaring", person_id, maaned), lambda: str(forklar(self._data.tables, person_id, maaned, rulebook()))
        )


PASSIVE_KOLONNER = (
    "person_id", "forloeb_start", "anciennitet_maaneder", "samtaler", "min_samtaler", "tilbud_i_vindue",
    "timer", "min_timer", "samtale_passiv", "tilbud_passiv", "sagsbehandler_id", "ansvarlig_id",
)


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
