"""Results kept between requests and on disk: the results layer (`tilsyn.resultater`) over an
imported store, each table computed once and kept in the one cache (`cache.CACHE`) and as a file
per delivery and rulebook (`Gemte`), since they change only by a new import or another rulebook.

A server computes what the overview shows and every municipality's worklist of the default day with
last month's rettidighed (`forbered`) in the background when it starts, while it already answers
(or `tilsyn forbered` does before it), and keeps them on disk: the next server of the same delivery
reads them instead of running the engine. `tilsyn import` only loads and checks, and removes what
was kept of the delivery before (`ryd`). A table computed later (another day) is kept too, within a
bound on disk, the least recently used first out.

Several server processes (`tilsyn serve --workers N`, or several machines sharing the results
folder) share the files: a table is written to a temporary file and renamed into place, so a reader
sees a whole file or none, and a file lock per table (`Gemte.laas`) lets one process compute it while
the others wait and then read it, so each table is computed once whatever the number of processes."""

from __future__ import annotations

import copy
import fcntl
import hashlib
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import polars as pl

from tilsyn.benchmark import ResultatmaalFejl
from tilsyn.data.daekning import Daekning, UdenforDaekning
from tilsyn.resultater.cache import CACHE, Cache

SERIE_MAANEDER = 24  # the months of the fokusmål series on the overview and municipality pages
# Result files kept per store: 4 GB unless TILSYN_GEMTE_MB says otherwise (a national worklist of
# one municipality and day is up to tens of MB; the default day's for every municipality are kept).
MAKS_DISK = int(float(os.environ.get("TILSYN_GEMTE_MB") or 4096) * (1 << 20))
# Engine runs side by side per server: 2 unless TILSYN_MOTORER says otherwise. Each runs on all the
# cores DuckDB is given; two let a short run pass a long one (the warm-up, another person's day).
MOTORER = int(os.environ.get("TILSYN_MOTORER") or 2)
# An engine run's thread gives way to the pages' (Linux: the thread's nice value; 0 turns it off).
MOTOR_NICE = int(os.environ.get("TILSYN_MOTOR_NICE") or 10)
T = TypeVar("T")


@dataclass
class Spoerger:
    """Who asks for results in one request: the web sets one per request (`SPOERGER`) and names
    the signed-in user in it once it knows them."""

    navn: str | None = None


# The request's asker; None outside a request (the CLI, the warm-up): no bound per person there.
SPOERGER: ContextVar[Spoerger | None] = ContextVar("tilsyn_spoerger", default=None)


class AlleredeIGang(Exception):
    """The person already has a result being computed for them: their next new one is refused
    until that is done, at once rather than waiting, so a person stepping through days holds one
    engine run and one of the server's threads, never more."""

    def __init__(self):
        super().__init__("Resultatet beregnes – prøv igen om lidt. Du har allerede en beregning i gang (en anden "
                         "dag, måned eller kommune), og den bliver færdig først.")


def _giv_plads() -> None:
    """An engine thread runs when no page's thread needs the core (a higher nice value for this
    thread alone, where the system allows it): a person computing a new day does not slow the pages
    of everyone else."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), MOTOR_NICE)
    except (AttributeError, OSError):
        pass


@dataclass(frozen=True)
class _Afvist:
    """A refusal kept in place of a result."""

    fejl: Exception


class EngineResultater:
    """The results layer over an imported store, its tables kept per delivery and rulebook. A
    kept table is read without waiting for anything; a table not kept is computed by the engine
    (`_motor`): different tables side by side up to a bound, each at most once at a time."""

    def __init__(self, store: Path | str, cache: Cache = CACHE, maks_disk: int = MAKS_DISK, motorer: int = MOTORER):
        from tilsyn.rules.rulebook import rulebook

        self.store = Path(store)
        self.rules = rulebook()
        self._cache = cache
        self._gemte = Gemte(self.store, self.rules.fingeraftryk, maks_disk)
        self._pladser = threading.BoundedSemaphore(motorer)
        # Threads inherit their maker's nice value: polars' threads (the pages' too) are made here
        # first, not by an engine thread.
        pl.thread_pool_size()
        self._traade = ThreadPoolExecutor(motorer, "tilsyn-motor", initializer=_giv_plads)
        self._laas = threading.Lock()
        self._ledige: list = []  # the results layer on connections of their own, each used by one run at a time
        self._beregner: set[str] = set()  # who has a run going now

    @cached_property
    def _r(self):
        """The results layer on the first connection: the coverage (read when the store is opened),
        and tests that call the engine directly. Opened in an engine thread: DuckDB's own worker
        threads, started with the first connection to a store, give way to the pages too."""
        from tilsyn.resultater import aabn

        return self._traade.submit(aabn, self.store, rules=self.rules).result()

    def glem(self) -> None:
        self._cache.ryd()

    def luk(self) -> None:
        """Close every connection to the store (DuckDB keeps a store open in the process while one is)."""
        with self._laas:
            alle, self._ledige = [*self._ledige, self.__dict__.pop("_r", None)], []
        for r in alle:
            if r is not None:
                r.data.con.disconnect()

    @contextmanager
    def _motor(self) -> Iterator[Callable]:
        """`koer(beregn)`: `beregn(results layer)` on a DuckDB connection used by this engine run
        alone (DuckDB runs the queries of several connections to one store side by side; one
        connection is not shared between threads), in an engine thread that gives way to the pages'
        (`MOTOR_NICE`): at most `motorer` runs at a time, the rest wait. One run per person asking
        (`SPOERGER`): their next is refused with `AlleredeIGang` at once rather than waiting, so one
        person stepping through days never takes more than one place."""
        from tilsyn.resultater import aabn

        spoerger = SPOERGER.get()
        hvem = spoerger.navn if spoerger else None
        with self._laas:
            if hvem in self._beregner:
                raise AlleredeIGang()
            if hvem is not None:
                self._beregner.add(hvem)
        try:
            with self._pladser:
                with self._laas:
                    r = self._ledige.pop() if self._ledige else None
                r = r or aabn(self.store, rules=self.rules)  # a second connection to an open store: milliseconds
                try:
                    yield lambda beregn: self._traade.submit(beregn, r).result()
                finally:
                    with self._laas:
                        self._ledige.append(r)
        finally:
            with self._laas:
                self._beregner.discard(hvem)

    def _husket(self, key: tuple, beregn: Callable[..., T]) -> T:
        """Kept in memory, else on disk, else `beregn(results layer)` on an engine of its own
        (`_motor`) and kept in both; each key at most once at a time, different keys side by side. A
        refusal (a day or year outside the data, `UdenforDaekning`; no rammevilkaar,
        `ResultatmaalFejl`) is kept in memory too: deciding it may take the engine (a month without
        quotas), and the next page asking must not wait for an engine run to be told the same."""
        def hent():
            fundet = self._gemte.hent(key)
            if fundet is None:
                # the file lock before the engine's: another process (or the warm-up) computing the
                # same table is waited for, and its file read
                with self._gemte.laas(key), self._motor() as koer:
                    fundet = self._gemte.hent(key)
                    if fundet is None:
                        try:
                            fundet = koer(beregn)
                        except (UdenforDaekning, ResultatmaalFejl) as fejl:
                            return _Afvist(fejl)
                        self._gemte.gem(key, fundet)
            return fundet
        fundet = self._cache.husk((self.store, self._gemte.noegle, *key), hent)
        if isinstance(fundet, _Afvist):
            raise copy.copy(fundet.fejl)  # a copy: each request's traceback its own
        return fundet

    def daekning(self) -> Daekning:
        """Read when the store was opened: never waits for the engine (every page shows it)."""
        return self._r.daekning

    def fokusmaal(self, maaned: date) -> pl.DataFrame:
        return self._husket(("fokusmaal", maaned), lambda r: r.fokusmaal(maaned))

    def fokusmaal_maaneder(self) -> tuple[date, date] | None:
        return self._r.fokusmaal_maaneder()  # from the coverage

    def fokusmaal_serie(self, til: date) -> pl.DataFrame:
        return self._husket(("fokusmaal_serie", til), lambda r: r.fokusmaal_serie(til, SERIE_MAANEDER))

    def resultatmaal(self, aar: int) -> pl.DataFrame:
        return self._husket(("resultatmaal", aar), lambda r: r.resultatmaal(aar))

    def udvaelgelse(self, aar: int) -> pl.DataFrame:
        return self._husket(("udvaelgelse", aar), lambda r: r.udvaelgelse(aar))

    def frister(self, kommune_kode: str, dato: date) -> pl.DataFrame:
        return self._husket(("frister", kommune_kode, dato), lambda r: r.frister(kommune_kode, dato))

    def sagsbehandlere(self, kommune_kode: str) -> pl.DataFrame:
        return self._husket(("sagsbehandlere", kommune_kode), lambda r: r.sagsbehandlere(kommune_kode))

    def personnavne(self, kommune_kode: str) -> pl.DataFrame:
        return self._husket(("personnavne", kommune_kode), lambda r: r.personnavne(kommune_kode))

    def rettidighed(self, maaned: date, kommune_kode: str) -> pl.DataFrame:
        return self._husket(("rettidighed", kommune_kode, maaned), lambda r: r.rettidighed(maaned, kommune_kode))

    def ydelsesgrupper(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        return self._husket(("ydelsesgrupper", kommune_kode, maaned),
                            lambda r: r.ydelsesgrupper(kommune_kode, maaned))

    def passive(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        return self._husket(("passive", kommune_kode, maaned), lambda r: r.passive(kommune_kode, maaned))

    def forklaring(self, person_id: str, maaned: date):
        """The engine's `Forklaring` (its `str` is the text of `tilsyn forklar`)."""
        return self._husket(("forklaring", person_id, maaned), lambda r: r.forklaring(person_id, maaned))

    def resultat_forklaring(self, aar: int, kommune_kode: str):
        return self._husket(("resultat_forklaring", aar, kommune_kode),
                            lambda r: r.resultat_forklaring(aar, kommune_kode))

    def udvikling(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame:
        return self._husket(("udvikling", maaned, kommune_kode), lambda r: r.udvikling(maaned, kommune_kode))

    def kvote_maaneder(self) -> tuple[date, date] | None:
        return self._husket(("kvote_maaneder",), lambda r: r.kvote_maaneder())

    def kvoteopfyldelse(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame:
        return self._husket(("kvoteopfyldelse", maaned, kommune_kode),
                            lambda r: r.kvoteopfyldelse(maaned, kommune_kode))

    def kvote_personer(self, kommune_kode: str, maaned: date, rullende: bool = False) -> pl.DataFrame:
        return self._husket(("kvote_personer", kommune_kode, maaned, rullende),
                            lambda r: r.kvote_personer(kommune_kode, maaned, rullende))

    def kvoteplan(self, dag: date, kommune_kode: str | None = None, team: str | None = None,
                  maaneder: int = 3) -> pl.DataFrame:
        return self._husket(("kvoteplan", dag, kommune_kode, team, maaneder),
                            lambda r: r.kvoteplan(dag, kommune_kode, team, maaneder))

    def kvoteplan_personer(self, kommune_kode: str, dag: date, team: str | None = None,
                           maaneder: int = 3) -> pl.DataFrame:
        return self._husket(("kvoteplan_personer", kommune_kode, dag, team, maaneder),
                            lambda r: r.kvoteplan_personer(kommune_kode, dag, team, maaneder))

    def ledelse(self, kommune_kode: str, til: date | None = None):
        """`resultater.ledelse.Oversigt`: rettidighed and quotas month by month (`til` None: the
        results layer's default month)."""
        from tilsyn.resultater import ledelse

        return self._husket(("ledelse", kommune_kode, til), lambda r: ledelse.oversigt(r, kommune_kode, til))

    def ledelse_rettidighed_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.resultater import ledelse

        return self._husket(("ledelse_rettidighed_personer", kommune_kode, maaned),
                            lambda r: ledelse.rettidighed_personer(r, kommune_kode, maaned))

    def ledelse_kvote_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.resultater import ledelse

        return self._husket(("ledelse_kvote_personer", kommune_kode, maaned),
                            lambda r: ledelse.kvote_personer(r, kommune_kode, maaned))


# What is kept on disk: tables of the whole country or a municipality (last month's rettidighed too: the
# worklist's summary shows it, and the engine takes seconds for it; the citizens' names the worklist
# shows, so a second server process reads them instead of starting the engine); not explanations of
# one person (shown rarely, and a text).
_GEMMES = ("fokusmaal", "fokusmaal_serie", "resultatmaal", "udvaelgelse", "frister", "sagsbehandlere", "personnavne",
           "rettidighed", "ydelsesgrupper", "passive", "kvoteopfyldelse", "kvote_personer")


class Gemte:
    """Result tables of one delivery and rulebook as owner-only Parquet files in
    `<store>.resultater/<key>/`, the key made from the store's ledger (each table's content hash
    and import time) and the rulebook's fingerprint: after a new delivery or a changed rulebook
    nothing old is read. A folder of another key is removed when this one is first written. The
    files take at most `maks_bytes`: the least recently read go first. Where nothing can be written
    (a read-only folder), results are simply not kept."""

    def __init__(self, store: Path, fingeraftryk: str = "", maks_bytes: int = MAKS_DISK):
        self.rod = store.with_name(store.name + ".resultater")
        self.store = store
        self.fingeraftryk = fingeraftryk
        self.maks_bytes = maks_bytes
        self._mappe: Path | None = None
        self._laas = threading.Lock()

    @staticmethod
    def ryd(store: Path) -> None:
        """Remove every result kept for `store` (a new delivery was imported: none of them holds)."""
        shutil.rmtree(store.with_name(store.name + ".resultater"), ignore_errors=True)

    @property
    def noegle(self) -> str:
        mappe = self.mappe()
        return mappe.name if mappe is not None else ""

    def mappe(self) -> Path | None:
        if self._mappe is None:
            from tilsyn.data.store import ledger

            raekker = ledger(self.store)
            if not raekker:
                return None
            indhold = repr((sorted(raekker.items()), self.fingeraftryk)).encode()
            self._mappe = self.rod / hashlib.sha256(indhold).hexdigest()[:32]
        return self._mappe

    def _fil(self, key: tuple) -> Path | None:
        if key[0] not in _GEMMES or (mappe := self.mappe()) is None:
            return None
        navn = "_".join(re.sub(r"[^0-9A-Za-z_-]", "", str(k)) for k in key)
        return mappe / f"{navn}.parquet"

    @contextmanager
    def laas(self, key: tuple):
        """Hold the table's lock file (`fcntl.flock`, exclusive) across processes: the one that
        computes it holds it until the file is in place. Where no lock file can be made (nothing is
        kept, or a read-only folder) it holds nothing."""
        fil = self._fil(key)
        try:
            if fil is None:
                raise OSError
            self._sikr_mappe(fil.parent)
            fd = os.open(fil.with_suffix(".laas"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _sikr_mappe(self, mappe: Path) -> None:
        """This delivery's folder, made when first needed; the folders of other deliveries go then."""
        if not mappe.is_dir():
            self.rod.mkdir(mode=0o700, exist_ok=True)
            for gammel in self.rod.iterdir():
                if gammel != mappe:
                    shutil.rmtree(gammel, ignore_errors=True)
            mappe.mkdir(mode=0o700, exist_ok=True)

    def findes(self, key: tuple) -> bool:
        fil = self._fil(key)
        return fil is not None and fil.is_file()

    def hent(self, key: tuple) -> pl.DataFrame | None:
        fil = self._fil(key)
        if fil is None or not fil.is_file():
            return None
        try:
            frame = pl.read_parquet(fil)
            os.utime(fil)  # read now: the last to go
            return frame
        except (OSError, pl.exceptions.PolarsError):
            return None

    def gem(self, key: tuple, vaerdi) -> None:
        from tilsyn.filer import privat

        fil = self._fil(key)
        if fil is None or not isinstance(vaerdi, pl.DataFrame):
            return
        try:
            self._sikr_mappe(fil.parent)
            tmp = fil.with_name(f".{fil.name}.{os.getpid()}.{threading.get_ident()}")
            vaerdi.write_parquet(privat(tmp))
            os.replace(tmp, fil)
            self._hold_graensen(fil.parent)
        except OSError:
            pass

    def _hold_graensen(self, mappe: Path) -> None:
        """Remove the least recently read files until the folder is within `maks_bytes`."""
        with self._laas:
            filer = []
            for f in mappe.glob("*.parquet"):
                try:
                    st = f.stat()
                except OSError:
                    continue
                filer.append((st.st_mtime_ns, st.st_size, f))
            i_alt = sum(st for _, st, _ in filer)
            for _, stoerrelse, f in sorted(filer, key=lambda t: t[0]):
                if i_alt <= self.maks_bytes:
                    break
                f.unlink(missing_ok=True)
                i_alt -= stoerrelse


def forbered(resultater: EngineResultater) -> None:
    """Compute (and so keep) what the national overview shows by default: the newest month's
    fokusmål and its series, and the newest selection year's resultatmål and selection; and every
    municipality's worklist of the default day (`pr_kommune`). A server runs it in the background
    when it starts, `tilsyn forbered` in the foreground; the cache is cleared first."""
    from tilsyn.benchmark import ResultatmaalFejl
    from tilsyn.resultater import standard

    resultater.glem()  # a new import: nothing kept in memory from before is shown again
    if resultater.fokusmaal_maaneder():
        maaned = standard.maaned(resultater)
        resultater.fokusmaal(maaned)
        resultater.fokusmaal_serie(maaned)
    aar = standard.aar(resultater)
    if aar is not None:
        try:
            resultater.resultatmaal(aar)
            resultater.udvaelgelse(aar)
        except ResultatmaalFejl:  # the overview says why when it is asked for
            pass
    pr_kommune(resultater, standard.dag(resultater))


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
        egne = [kode for kode in koder if navn == "frister" and lokale_normer(kode)]
        try:
            # every municipality's file lock (in one order), then the engine: kept before a request
            # waiting for the engine, in this or another process, looks again
            with ExitStack() as laase:
                for kode in sorted(set(koder) - set(egne)):
                    laase.enter_context(gemte.laas((navn, kode, noegle)))
                with resultater._motor() as koer:
                    if not all(gemte.findes((navn, kode, noegle)) for kode in koder if kode not in egne):
                        alle = koer(beregn)
                        for kode in koder:
                            if kode not in egne:
                                gemte.gem((navn, kode, noegle), egen(alle, kode))
        except UdenforDaekning:
            continue
        for kode in egne:
            resultater.frister(kode, dag)
