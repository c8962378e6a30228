"""What the web shows: the results layer (`tilsyn.resultater`) over the analytic store, cached per
argument, since the store only changes by a new import (restart the server, or call `glem()`).
The web reads results, never shapes or recomputes them.

Result tables are also kept on disk per delivery (`Gemte`): `tilsyn import` computes what the
overview shows and every municipality's worklist of the default day with last month's rettidighed
(`forbered`), and a server that starts finds them there instead of running the engine on the first
request; a worklist computed later (another day) is kept too. They are keyed by the
delivery (the store's ledger) and the next import's results replace them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
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
    def kvote_maaneder(self) -> tuple[date, date] | None: ...
    def kvoteopfyldelse(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame: ...
    def kvote_personer(self, kommune_kode: str, maaned: date, rullende: bool = False) -> pl.DataFrame: ...
    def ledelse(self, kommune_kode: str, til: date | None = None): ...
    def ledelse_rettidighed_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame: ...
    def ledelse_kvote_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame: ...


class EngineResultater:
    """The results layer over an imported store (or a data directory). DuckDB connections are not
    shared between threads, so one lock serialises the engine calls."""

    def __init__(self, store: Path | str):
        self.store = Path(store)
        self._lock = threading.Lock()
        self._cache: dict[tuple, object] = {}
        self._gemte = Gemte(self.store)

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
                fundet = self._gemte.hent(key)
                if fundet is None:
                    fundet = beregn()
                    self._gemte.gem(key, fundet)
                self._cache[key] = fundet
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

    def kvote_maaneder(self) -> tuple[date, date] | None:
        return self._husket(("kvote_maaneder",), lambda: self._r.kvote_maaneder())

    def kvoteopfyldelse(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame:
        return self._husket(("kvoteopfyldelse", maaned, kommune_kode),
                            lambda: self._r.kvoteopfyldelse(maaned, kommune_kode))

    def kvote_personer(self, kommune_kode: str, maaned: date, rullende: bool = False) -> pl.DataFrame:
        return self._husket(("kvote_personer", kommune_kode, maaned, rullende),
                            lambda: self._r.kvote_personer(kommune_kode, maaned, rullende))

    def ledelse(self, kommune_kode: str, til: date | None = None):
        """`resultater.ledelse.Oversigt`: rettidighed and quotas month by month (`til` None: the
        results layer's default month)."""
        from tilsyn.resultater import ledelse

        return self._husket(("ledelse", kommune_kode, til), lambda: ledelse.oversigt(self._r, kommune_kode, til))

    def ledelse_rettidighed_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.resultater import ledelse

        return self._husket(("ledelse_rettidighed_personer", kommune_kode, maaned),
                            lambda: ledelse.rettidighed_personer(self._r, kommune_kode, maaned))

    def ledelse_kvote_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.resultater import ledelse

        return self._husket(("ledelse_kvote_personer", kommune_kode, maaned),
                            lambda: ledelse.kvote_personer(self._r, kommune_kode, maaned))


# What is kept on disk: tables of the whole country or a municipality (last month's rettidighed too: the
# worklist's summary shows it, and the engine takes seconds for it); not explanations of one
# person (shown rarely, and a text).
_GEMMES = ("fokusmaal", "fokusmaal_serie", "resultatmaal", "udvaelgelse", "frister", "sagsbehandlere", "rettidighed",
           "ydelsesgrupper", "passive", "kvoteopfyldelse", "kvote_personer")


class Gemte:
    """Result tables of one delivery as owner-only Parquet files in `<store>.resultater/<key>/`,
    the key made from the store's ledger (each table's content hash and import time). A folder
    of another delivery is removed when this one is first written. Where nothing can be written
    (a read-only folder), results are simply not kept."""

    def __init__(self, store: Path):
        self.rod = store.with_name(store.name + ".resultater")
        self.store = store
        self._mappe: Path | None = None

    def mappe(self) -> Path | None:
        if self._mappe is None:
            from tilsyn.data.store import ledger

            raekker = ledger(self.store)
            if not raekker:
                return None
            self._mappe = self.rod / hashlib.sha256(repr(sorted(raekker.items())).encode()).hexdigest()[:32]
        return self._mappe

    def _fil(self, key: tuple) -> Path | None:
        if key[0] not in _GEMMES or (mappe := self.mappe()) is None:
            return None
        navn = "_".join(re.sub(r"[^0-9A-Za-z_-]", "", str(k)) for k in key)
        return mappe / f"{navn}.parquet"

    def findes(self, key: tuple) -> bool:
        fil = self._fil(key)
        return fil is not None and fil.is_file()

    def hent(self, key: tuple) -> pl.DataFrame | None:
        fil = self._fil(key)
        if fil is None or not fil.is_file():
            return None
        try:
            return pl.read_parquet(fil)
        except (OSError, pl.exceptions.PolarsError):
            return None

    def gem(self, key: tuple, vaerdi) -> None:
        from tilsyn.filer import privat

        fil = self._fil(key)
        if fil is None or not isinstance(vaerdi, pl.DataFrame):
            return
        try:
            if not fil.parent.is_dir():
                self.rod.mkdir(mode=0o700, exist_ok=True)
                for gammel in self.rod.iterdir():
                    if gammel != fil.parent:
                        shutil.rmtree(gammel, ignore_errors=True)
                fil.parent.mkdir(mode=0o700, exist_ok=True)
            tmp = fil.with_name(f".{fil.name}.{os.getpid()}.{threading.get_ident()}")
            vaerdi.write_parquet(privat(tmp))
            os.replace(tmp, fil)
        except OSError:
            pass


def forbered(resultater: EngineResultater) -> None:
    """Compute (and so keep) what the national overview shows by default: the newest month's
    fokusmål and its series, and the newest selection year's resultatmål and selection; and every
    municipality's worklist of the default day (`pr_kommune`)."""
    from types import SimpleNamespace

    from tilsyn.benchmark import ResultatmaalFejl
    from tilsyn.web import visning

    k = SimpleNamespace(resultater=resultater)
    if resultater.fokusmaal_maaneder():
        maaned = visning.standard_maaned(k)
        resultater.fokusmaal(maaned)
        resultater.fokusmaal_serie(maaned)
    aarene = visning.udvaelgelsesaar(k)
    if aarene:
        try:
            resultater.resultatmaal(aarene[-1])
            resultater.udvaelgelse(aarene[-1])
        except ResultatmaalFejl:  # the overview says why when it is asked for
            pass
    pr_kommune(resultater, visning.standard_dato(k))


def pr_kommune(resultater: EngineResultater, dag: date) -> None:
    """Keep every municipality's worklist on `dag` and its rettidighed of the month before (the
    worklist's summary), each from one engine run for the whole country split per municipality:
    the first worklist of a municipality otherwise ran the engine for seconds. A municipality with
    local norms gets its own run (they are its lines only). Nothing is computed when all are kept."""
    from tilsyn import kommuner, tid
    from tilsyn.data.daekning import UdenforDaekning
    from tilsyn.rules.normer import lokale_normer

    gemte, koder = resultater._gemte, list(kommuner.kommuner())
    maaned = tid.add_months(tid.first_day(dag), -1)
    for navn, noegle, beregn, egen in (
        ("frister", dag, lambda r: r.frister_alle(dag), lambda f, kode: f.filter(pl.col("kommune_kode") == kode).drop("kommune_kode")),
        ("rettidighed", maaned, lambda r: r.rettidighed(maaned, alle_niveauer=True),
         lambda f, kode: f.filter((pl.col("kommune_kode") == kode) & (pl.col("niveau") != "land"))),
    ):
        if all(gemte.findes((navn, kode, noegle)) for kode in koder):
            continue
        try:
            with resultater._lock:
                alle = beregn(resultater._r)
        except UdenforDaekning:
            continue
        for kode in koder:
            if navn == "frister" and lokale_normer(kode):
                resultater.frister(kode, dag)
            else:
                gemte.gem((navn, kode, noegle), egen(alle, kode))
