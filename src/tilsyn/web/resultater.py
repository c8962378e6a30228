"""What the web shows: the results layer (`tilsyn.resultater`) over the analytic store, cached per
argument, since the store only changes by a new import (restart the server, or call `glem()`).
The web reads results, never shapes or recomputes them."""

from __future__ import annotations

import threading
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Protocol

import polars as pl

from tilsyn.data.daekning import Daekning

MAKS_CACHE = 256
SERIE_MAANEDER = 24  # the months of the fokusmål series on the overview and municipality pages


class Resultater(Protocol):
    """The results-layer calls the web makes (tests give a hand-built implementation)."""

    def daekning(self) -> Daekning: ...
    def fokusmaal(self, maaned: date) -> pl.DataFrame: ...
    def fokusmaal_maaneder(self) -> tuple[date, date] | None: ...
    def fokusmaal_serie(self, til: date) -> pl.DataFrame: ...
    def resultatmaal(self, aar: int) -> pl.DataFrame: ...
    def udvaelgelse(self, aar: int) -> pl.DataFrame: ...
    def frister(self, kommune_kode: str, dato: date) -> pl.DataFrame: ...
    def sagsbehandlere(self, kommune_kode: str) -> pl.DataFrame: ...
    def personnavne(self, kommune_kode: str) -> pl.DataFrame: ...
    def rettidighed(self, kommune_kode: str, maaned: date) -> pl.DataFrame: ...
    def ydelsesgrupper(self, kommune_kode: str, maaned: date) -> pl.DataFrame: ...
    def passive(self, kommune_kode: str, maaned: date) -> pl.DataFrame: ...
    def forklaring(self, person_id: str, maaned: date) -> str: ...
    def resultat_forklaring(self, aar: int, kommune_kode: str): ...
    def udvikling(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame: ...


class EngineResultater:
    """The results layer over an imported store (or a data directory). DuckDB connections are not
    shared between threads, so one lock serialises the engine calls."""

    def __init__(self, store: Path | str):
        self.store = Path(store)
        self._lock = threading.Lock()
        self._cache: dict[tuple, object] = {}

    @cached_property
    def _r(self):
        from tilsyn.resultater import aabn

        return aabn(self.store)

    def glem(self) -> None:
        self._cache.clear()

    def _husket(self, key: tuple, beregn):
        """A cached result is served without waiting for another request's engine run; the cache
        keeps the newest `MAKS_CACHE` results (a worklist per municipality and date adds up). A
        refusal (`UdenforDaekning`) is raised again each time: it costs nothing to decide."""
        if (fundet := self._cache.get(key)) is not None:
            return fundet
        with self._lock:
            if key not in self._cache:
                self._cache[key] = beregn()
                while len(self._cache) > MAKS_CACHE:
                    self._cache.pop(next(iter(self._cache)))
            return self._cache[key]

    def daekning(self) -> Daekning:
        return self._husket(("daekning",), lambda: self._r.daekning)

    def fokusmaal(self, maaned: date) -> pl.DataFrame:
        return self._husket(("fokusmaal", maaned), lambda: self._r.fokusmaal(maaned))

    def fokusmaal_maaneder(self) -> tuple[date, date] | None:
        return self._husket(("fokusmaal_maaneder",), lambda: self._r.fokusmaal_maaneder())

    def fokusmaal_serie(self, til: date) -> pl.DataFrame:
        return self._husket(("fokusmaal_serie", til), lambda: self._r.fokusmaal_serie(til, SERIE_MAANEDER))

    def resultatmaal(self, aar: int) -> pl.DataFrame:
        return self._husket(("resultatmaal", aar), lambda: self._r.resultatmaal(aar))

    def udvaelgelse(self, aar: int) -> pl.DataFrame:
        return self._husket(("udvaelgelse", aar), lambda: self._r.udvaelgelse(aar))

    def frister(self, kommune_kode: str, dato: date) -> pl.DataFrame:
        return self._husket(("frister", kommune_kode, dato), lambda: self._r.frister(kommune_kode, dato))

    def sagsbehandlere(self, kommune_kode: str) -> pl.DataFrame:
        return self._husket(("sagsbehandlere", kommune_kode), lambda: self._r.sagsbehandlere(kommune_kode))

    def personnavne(self, kommune_kode: str) -> pl.DataFrame:
        return self._husket(("personnavne", kommune_kode), lambda: self._r.personnavne(kommune_kode))

    def rettidighed(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        return self._husket(("rettidighed", kommune_kode, maaned), lambda: self._r.rettidighed(maaned, kommune_kode))

    def ydelsesgrupper(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        return self._husket(("ydelsesgrupper", kommune_kode, maaned),
                            lambda: self._r.ydelsesgrupper(kommune_kode, maaned))

    def passive(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        return self._husket(("passive", kommune_kode, maaned), lambda: self._r.passive(kommune_kode, maaned))

    def forklaring(self, person_id: str, maaned: date):
        """The engine's `Forklaring` (its `str` is the text of `tilsyn forklar`)."""
        return self._husket(("forklaring", person_id, maaned), lambda: self._r.forklaring(person_id, maaned))


    def resultat_forklaring(self, aar: int, kommune_kode: str):
        return self._husket(("resultat_forklaring", aar, kommune_kode),
                            lambda: self._r.resultat_forklaring(aar, kommune_kode))

    def udvikling(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame:
        return self._husket(("udvikling", maaned, kommune_kode), lambda: self._r.udvikling(maaned, kommune_kode))
