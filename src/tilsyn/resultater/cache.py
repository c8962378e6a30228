"""The one cache of results and of what presenters make from them: bounded, locked, least recently
used first out, cleared on import.

Everything kept between requests lives here under a key that starts with what it is (`("frister",
kommune, dag)`, `("side", ...)`): result tables, the people's rows made from them, rendered page
parts. It is bounded by the bytes its values take (`polars.DataFrame.estimated_size`, else a
small fixed weight); what has not been asked for longest goes first. Each key is computed at most
once at a time: a second request for the same key waits for the first, while requests for kept
keys are answered at once, whatever is being computed."""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

import polars as pl

T = TypeVar("T")
# Default: 2 GB of result tables and pages per server (a national worklist of a large municipality is
# tens of MB); TILSYN_CACHE_MB sets another bound.
MAKS_BYTES = int(float(os.environ.get("TILSYN_CACHE_MB") or 2048) * (1 << 20))
LILLE = 1 << 10  # the least weight of a value (a chart, a small page part)
RAEKKE = 512  # about what one row as a Python dict takes


def vaegt(vaerdi: object) -> int:
    """What a value counts against the bound: a table's estimated bytes, a text's length, else `LILLE`."""
    if isinstance(vaerdi, pl.DataFrame):
        return max(int(vaerdi.estimated_size()), LILLE)
    if isinstance(vaerdi, str):
        return max(sys.getsizeof(vaerdi), LILLE)
    if isinstance(vaerdi, tuple):  # a value with the tables it was made from (counted on their own)
        return sum(vaegt(v) for v in vaerdi if not isinstance(v, pl.DataFrame)) or LILLE
    if isinstance(vaerdi, (list, dict)):
        return max(RAEKKE * len(vaerdi), LILLE)
    if isinstance(getattr(vaerdi, "linjer", None), list):  # people's rows made from a table
        return max(RAEKKE * len(vaerdi.linjer), LILLE)
    return LILLE


class Cache:
    """A bounded LRU map with one lock for its bookkeeping and one per key being computed."""

    def __init__(self, maks_bytes: int = MAKS_BYTES):
        self.maks_bytes = maks_bytes
        self._vaerdier: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._laas = threading.Lock()
        self._i_gang: dict[Hashable, tuple[threading.Lock, int]] = {}  # a key's lock, how many hold or wait for it

    def __len__(self) -> int:
        return len(self._vaerdier)

    def __contains__(self, noegle: Hashable) -> bool:
        return noegle in self._vaerdier

    @property
    def bytes(self) -> int:
        return self._bytes

    def hent(self, noegle: Hashable, standard=None):
        """The kept value (now the most recently used), else `standard`."""
        with self._laas:
            fundet = self._vaerdier.get(noegle)
            if fundet is None:
                return standard
            self._vaerdier.move_to_end(noegle)
            return fundet[0]

    def gem(self, noegle: Hashable, vaerdi: object) -> None:
        """Keep `vaerdi`; the least recently used values go until the bound holds (a value larger than
        the bound is not kept)."""
        v = vaegt(vaerdi)
        with self._laas:
            if (gammel := self._vaerdier.pop(noegle, None)) is not None:
                self._bytes -= gammel[1]
            if v > self.maks_bytes:
                return
            self._vaerdier[noegle] = (vaerdi, v)
            self._bytes += v
            while self._bytes > self.maks_bytes:
                _, (_, w) = self._vaerdier.popitem(last=False)
                self._bytes -= w

    def husk(self, noegle: Hashable, beregn: Callable[[], T]) -> T:
        """The kept value, else `beregn()` kept: computed once however many ask at the same time.
        An exception (a refusal) is not kept: it is raised again on the next request."""
        fundet = self.hent(noegle, _MANGLER)
        if fundet is not _MANGLER:
            return fundet
        with self._laas:
            laas, venter = self._i_gang.get(noegle, (None, 0))
            laas = laas or threading.Lock()
            self._i_gang[noegle] = (laas, venter + 1)
        try:
            with laas:
                fundet = self.hent(noegle, _MANGLER)
                if fundet is _MANGLER:
                    fundet = beregn()
                    self.gem(noegle, fundet)
                return fundet
        finally:
            # the key's lock stays while anyone waits for it: after a refusal, the next computes
            # alone, never beside one who came later
            with self._laas:
                laas, venter = self._i_gang[noegle]
                if venter == 1:
                    del self._i_gang[noegle]
                else:
                    self._i_gang[noegle] = (laas, venter - 1)

    def ryd(self) -> None:
        with self._laas:
            self._vaerdier.clear()
            self._bytes = 0


_MANGLER = object()
CACHE = Cache()
