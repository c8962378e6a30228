"""The results layer: between the engine and everything that presents (CLI, web, JSON API, reports).

It turns engine tables into the result tables of docs/data-format.md once — rows, rounding, column names, in one
frame type (polars) — and refuses any month, year or day that the data's coverage (or the rulebook)
does not cover, with `UdenforDaekning`. Presenters call it and never shape or recompute results.
The engine (Ibis, PyArrow, DuckDB) is imported when a table is computed: the web starts with this
package and answers before it has loaded them.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from tilsyn import tid
from tilsyn.data.daekning import Daekning, UdenforDaekning
from tilsyn.koder import I_ALT
from tilsyn.ordliste import maaned_navn
from tilsyn.resultater.csv import skriv_csv, skriv_csv_dansk
from tilsyn.rules.rulebook import Rulebook, rulebook

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from tilsyn.engine.backends import Data

__all__ = ["FOKUSMAAL_KOLONNER", "Resultater", "UdenforDaekning", "aabn", "skriv_csv", "skriv_csv_dansk"]

FOKUSMAAL_KOLONNER = (
    "kommune_kode", "maaned", "population", "passive_samtaler", "passive_tilbud",
    "andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud",
)
_ANDELE = ("andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud")
KVOTE_KOLONNER = (
    "niveau", "kommune_kode", "a_kasse", "maaned", "krav_id", "holdes_af", "kvote_pct", "personer", "naaet",
    "andel_pct", "opfyldt", "rullende_fra", "personer_12", "naaet_12", "andel_12_pct", "opfyldt_12",
)
PASSIVE_KOLONNER = (
    "person_id", "forloeb_start", "anciennitet_maaneder", "samtaler", "min_samtaler", "tilbud_i_vindue",
    "timer", "min_timer", "samtale_passiv", "tilbud_passiv", "sagsbehandler_id", "ansvarlig_id",
)


def _tilbage(rules: Rulebook) -> dict[str, int]:
    """How many months before the month computed each figure reaches: the 12-month window
    and the population's anciennitet reach `n - 1` months back (the longest any dated value asks
    for); the rolling value averages that many monthly shares, each with its own window."""
    def laengst(path: str) -> int:
        return max(int(v.value) for v in rules.parameter(path).values) - 1

    vindue = max(laengst("fokusmaal.vindue_maaneder"), laengst("fokusmaal.anciennitet_maaneder"))
    return {"fokusmaal": vindue + laengst("fokusmaal.vindue_maaneder"), "maanedlig": vindue,
            "aarsvaerdi": vindue, "tidlig_indsats": vindue}


TILBAGE = _tilbage(rulebook())  # the shipped rulebook's, for presenters that ask what can be chosen


def uden_a_kasse(kvoter: pl.DataFrame) -> str | None:
    """What the kvoteopfyldelse says when the data names no a-kasse (the optional `ydelser.a_kasse`):
    the a-kasse's quotas are then given per municipality only."""
    akassens = kvoter.filter((pl.col("holdes_af") == "a_kasse") & (pl.col("personer_12") > 0))
    if akassens.height and not akassens.filter(pl.col("niveau") == "a_kasse").height:
        return ("Data nævner ingen a-kasse (den valgfri kolonne ydelser.a_kasse), så a-kassens kvoter er kun "
                "opgjort pr. kommune.")
    return None


def aabn(source: Path | str, engine: str = "duckdb", rules: Rulebook | None = None) -> Resultater:
    """The results of a data directory or an imported store (`open_data`'s errors pass through)."""
    from tilsyn.engine.backends import open_data

    return Resultater(open_data(source, engine), rules)


def ukendte_tekst(dag: date) -> str:
    """The plan's notice on a plan day at the data's end (`Resultater.kvoteplan_ukendte`)."""
    return (f"Borgere, hvis vindue begynder efter {dag:%d-%m-%Y}, kendes ikke endnu: de er ikke med i "
            "tallene, så de kommende måneder kan få flere borgere.")


class Resultater:
    """The docs/data-format.md result tables of one bound data set. The year's resultatmål is computed once and
    shared by the selection and the reports."""

    def __init__(self, data: Data, rules: Rulebook | None = None):
        self.data = data
        self.rules = rules or rulebook()
        self.tilbage = _tilbage(self.rules)
        self._resultatmaal: dict[tuple[str, str], pl.DataFrame] = {}

    @property
    def tables(self) -> dict[str, ir.Table]:
        return self.data.tables

    @property
    def daekning(self) -> Daekning:
        if self.data.daekning is None:
            raise UdenforDaekning("data har ingen daterede rækker, så ingen måned kan opgøres")
        return self.data.daekning

    def _frame(self, expr: ir.Table) -> pl.DataFrame:
        return pl.from_arrow(self.data.con.to_pyarrow(expr))

    # fokusmål ---------------------------------------------------------------------------------

    def fokusmaal(self, fra: date, til: date | None = None) -> pl.DataFrame:
        """The `fokusmaal` result table: one row per municipality with a population and month, shares in %
        rounded to 2 decimals, ordered by month and municipality."""
        from tilsyn.engine.fokusmaal import rullende

        til = til or fra
        self.daekning.tjek_maaneder(fra, til, self.tilbage["fokusmaal"], "Fokusmål")
        t = self._frame(rullende(self.tables, tid.first_day(fra), tid.first_day(til), self.rules))
        return (
            t.filter(pl.col("population") > 0)
            .with_columns([pl.col(c).round(2) for c in _ANDELE])
            .select(FOKUSMAAL_KOLONNER)
            .sort("maaned", "kommune_kode")
        )

    def fokusmaal_maaneder(self) -> tuple[date, date] | None:
        """The first and last month with fokusmål (None when the data is too short)."""
        return self.daekning.maaneder(self.tilbage["fokusmaal"])

    def fokusmaal_serie(self, til: date, maaneder: int) -> pl.DataFrame:
        """`fokusmaal` for up to `maaneder` months ending with `til`, from the first covered month."""
        foerste = self.fokusmaal_maaneder()
        fra = max(tid.add_months(til, 1 - maaneder), foerste[0] if foerste else til)
        return self.fokusmaal(fra, til).sort("kommune_kode", "maaned")

    def aarsvaerdier(self, aar: int) -> pl.DataFrame:
        """`kommune_kode, aar, vaerdi_samtaler, vaerdi_tilbud`: the fokusmål year values."""
        from tilsyn.engine.fokusmaal import aarsvaerdier

        self.daekning.tjek_aar(aar, self.tilbage["aarsvaerdi"], "Fokusmålenes årsværdi")
        return self._frame(aarsvaerdier(self.tables, aar, self.rules)).sort("kommune_kode")

    # resultatmål and the selection ------------------------------------------------------------

    def resultatmaal(self, periode: str | int, ydelsesgruppe: str = I_ALT) -> pl.DataFrame:
        """The `resultatmaal` result table for a year or half-year; `ResultatmaalFejl` when the input cannot
        give one (rammevilkaar)."""
        from tilsyn.benchmark import ResultatmaalFejl
        from tilsyn.benchmark.resultatmaal import resultatmaal

        periode = str(periode).strip().upper()
        try:
            start, slut = tid.parse_periode(periode)
        except ValueError as e:
            raise ResultatmaalFejl(str(e)) from None
        self.daekning.tjek_maaneder(start, slut, 0, "Resultatmål", periode)
        noegle = (periode, ydelsesgruppe)
        if noegle not in self._resultatmaal:
            res = resultatmaal(self.tables, periode, self.rules, ydelsesgruppe=ydelsesgruppe, con=self.data.con)
            self._resultatmaal[noegle] = pl.from_pandas(res).sort("kommune_kode")
        return self._resultatmaal[noegle]

    def diagnostik(self, periode: str, ydelsesgruppe: str = I_ALT) -> str:
        """The benchmark model's diagnostics report (Markdown) for the period."""
        from tilsyn.benchmark.resultatmaal import diagnostik

        start, slut = tid.parse_periode(periode)
        self.daekning.tjek_maaneder(start, slut, 0, "Resultatmål", periode)
        return diagnostik(self.tables, periode, self.rules, ydelsesgruppe=ydelsesgruppe, con=self.data.con)

    def udvaelgelse(self, aar: int) -> pl.DataFrame:
        """The `udvaelgelse` table of year `aar` (docs/measures.md's selection)."""
        from tilsyn.udvaelgelse import vaelg

        resultat = self.resultatmaal(aar)  # first: it fails fast on bad rammevilkaar
        vaerdier = self.aarsvaerdier(aar)
        return pl.from_pandas(vaelg(vaerdier.to_pandas(), resultat.to_pandas(), aar, self.rules)).sort("kommune_kode")

    def resultat_forklaring(self, aar: int, kommune: str):
        """Why the municipality's expected share is what it is (`tilsyn forklar --kommune`)."""
        from tilsyn.benchmark.resultatmaal import forklar_resultat

        self.daekning.tjek_aar(aar, 0, "Resultatmål")
        return forklar_resultat(self.tables, str(aar), kommune, self.rules, con=self.data.con)

    def udvikling(self, maaned: date, kommune: str | None = None) -> pl.DataFrame:
        """The change in fuldtidspersoner on a-dagpenge mv. from the month before and from the same
        month a year before, for the whole country, each region and each municipality (or only the
        country, the municipality's region and the municipality): `niveau, kode, navn,
        fuldtidspersoner, forrige_maaned, aaret_foer, pct_maaned, pct_aar` (percent, 1 decimal)."""
        from tilsyn.engine.udvikling import udvikling
        from tilsyn.kommuner import kommuner

        maaned = tid.first_day(maaned)
        self.daekning.tjek_maaneder(maaned, maaned, 12, "Udviklingen i antal dagpengemodtagere")  # and the year before
        t = self._frame(udvikling(self.tables, maaned, self.rules))
        bred = t.pivot(on="hvilken", index="kommune_kode", values="fuldtidspersoner")
        alle = pl.DataFrame({"kommune_kode": list(kommuner()), "region": [k.region for k in kommuner().values()],
                             "navn": [k.navn for k in kommuner().values()]})
        bred = alle.join(bred, on="kommune_kode", how="left").with_columns(
            [pl.col(c).fill_null(0.0) if c in bred.columns else pl.lit(0.0).alias(c)
             for c in ("maaned", "forrige_maaned", "aaret_foer")])
        summer = [pl.col(c).sum() for c in ("maaned", "forrige_maaned", "aaret_foer")]
        land = bred.select(pl.lit("land").alias("niveau"), pl.lit("").alias("kode"), pl.lit("Hele landet").alias("navn"), *summer)
        regioner = bred.group_by("region").agg(*summer).sort("region").select(
            pl.lit("region").alias("niveau"), pl.col("region").alias("kode"), pl.col("region").alias("navn"),
            "maaned", "forrige_maaned", "aaret_foer")
        kommunerne = bred.select(pl.lit("kommune").alias("niveau"), pl.col("kommune_kode").alias("kode"), "navn",
                                 "maaned", "forrige_maaned", "aaret_foer")
        if kommune is not None:
            regioner = regioner.filter(pl.col("kode") == kommuner()[kommune].region)
            kommunerne = kommunerne.filter(pl.col("kode") == kommune)
        ud = pl.concat([land, regioner, kommunerne])

        def pct(fra: str) -> pl.Expr:
            return pl.when(pl.col(fra) > 0).then((100 * (pl.col("maaned") / pl.col(fra) - 1)).round(1)).otherwise(None)

        return ud.with_columns(pct_maaned=pct("forrige_maaned"), pct_aar=pct("aaret_foer")).rename(
            {"maaned": "fuldtidspersoner"}).with_columns(
            [pl.col(c).round(1) for c in ("fuldtidspersoner", "forrige_maaned", "aaret_foer")])

    def benchmark_maal(self, aar: int) -> pl.DataFrame:
        """The benchmark measures (the ministry's concept for the benchmark reports) of the year (the BEU report)."""
        from tilsyn.engine.benchmark_maal import benchmark_maal

        self.daekning.tjek_aar(aar, 0, "Benchmarkmålinger")
        return self._frame(benchmark_maal(self.tables, aar, self.rules))

    def tidlig_indsats(self, maaned: date) -> pl.DataFrame:
        """The early-effort shares of the month per municipality, shares rounded to 2 decimals."""
        from tilsyn.engine.tidlig_indsats import KOLONNER, tidlig_indsats

        self.daekning.tjek_maaneder(maaned, maaned, self.tilbage["tidlig_indsats"], "Tidlig indsats")
        t = self._frame(tidlig_indsats(self.tables, tid.first_day(maaned), self.rules))
        t = t.with_columns(maaned=pl.lit(tid.maaned_tekst(maaned)))
        return t.select(KOLONNER).with_columns(
            [pl.col(c).cast(pl.Float64).round(2) for c in ("andel_samtaler", "andel_tilbud")]
        ).sort("kommune_kode")

    # quotas (lov 1750/2025) -------------------------------------------------------------------

    @cached_property
    def _kvoter(self) -> pl.DataFrame:
        """The rulebook's quota requirements per regime (`engine.kvoter.kvoter`)."""
        from tilsyn.engine.kvoter import kvoter

        return self._frame(kvoter(self.rules))

    def _kvotemaaneder(self) -> list[date]:
        """The covered months on whose last day a quota is in force."""
        k, mulige = self._kvoter, self.daekning.maaneder()
        if mulige is None:
            return []
        return [m for m in tid.months(*mulige)
                if k.filter((pl.col("regel_fra") <= tid.last_day(m)) & (pl.col("regel_til") >= tid.last_day(m))).height]

    def kvote_maaneder(self) -> tuple[date, date] | None:
        """The first and last month with kvoteopfyldelse (None when the data has no month with quotas)."""
        m = self._kvotemaaneder()
        return (m[0], m[-1]) if m else None

    def _tjek_kvoter(self, maaned: date, hvad: str) -> date:
        """`maaned`'s first day, or `UdenforDaekning` for a month outside the data or without
        quotas, naming the months that can be chosen."""
        maaned, mulige = tid.first_day(maaned), self._kvotemaaneder()
        if maaned in mulige:
            return maaned
        valg = (f"{self.daekning.tekst()}; vælg en måned fra {maaned_navn(mulige[0])} til {maaned_navn(mulige[-1])}"
                if mulige else f"{self.daekning.tekst()}, og ingen af månederne har kvoter")
        daekket = self.daekning.maaneder()
        if daekket is None or not daekket[0] <= maaned <= daekket[1]:
            raise UdenforDaekning(f"{hvad} for {tid.maaned_tekst(maaned)} kan ikke opgøres: {valg}")
        k = self._kvoter.sort("regel_fra")
        if not k.height:
            raise UdenforDaekning(f"{hvad} for {tid.maaned_tekst(maaned)} kan ikke opgøres: regelsættet har ingen kvoter")
        fra = k["regel_fra"][0]
        from tilsyn.engine.frister import KRAV_PARAMETRE

        lov = next(v.reference.title for sti in KRAV_PARAMETRE.values() for v in self.rules.dagvaerdier(sti)
                   if v.start == fra)
        raise UdenforDaekning(
            f"Der var ingen kvoter i {tid.maaned_tekst(maaned)}: kravene var bindende frister for hver "
            f"borger. Kvoterne gælder fra {fra.isoformat()} ({lov}); {valg}")

    def kvoteopfyldelse(self, maaned: date, kommune: str | None = None) -> pl.DataFrame:
        """`KVOTE_KOLONNER`: each quota of the month for the country, every municipality and every
        a-kasse (or one municipality and its persons' a-kasser), shares in % rounded to 2 decimals;
        `rullende_fra` is the first month the rolling 12 months hold (the data's or the quotas'
        first month when later than 11 months before)."""
        from tilsyn.engine.kvoter import kvoteopfyldelse

        maaned = self._tjek_kvoter(maaned, "Kvoteopfyldelsen")
        fra = max(tid.add_months(maaned, -11), self._kvotemaaneder()[0])
        t = self._frame(kvoteopfyldelse(self.tables, self.rules, maaned, kommune, self.daekning.fra))
        return t.with_columns(
            maaned=pl.lit(tid.maaned_tekst(maaned)), rullende_fra=pl.lit(tid.maaned_tekst(fra)),
            **{c: pl.col(c).cast(pl.Float64).round(2) for c in ("kvote_pct", "andel_pct", "andel_12_pct")},
        ).select(KVOTE_KOLONNER)

    def kvote_personer(self, kommune: str, maaned: date, rullende: bool = False) -> pl.DataFrame:
        """The persons behind the municipality's quota figures of the month (or the rolling 12
        months): `engine.kvoter.PERSON_KOLONNER` with `sagsbehandler_id`, `ansvarlig_id` on the
        month's last day; not reached first."""
        from tilsyn.engine.kvoter import PERSON_KOLONNER, personer
        from tilsyn.engine.sagsstamme import ansvarlige

        maaned = self._tjek_kvoter(maaned, "Borgerne bag kvoterne")
        fra = tid.add_months(maaned, -11) if rullende else maaned
        p = personer(self.tables, self.rules, fra, tid.last_day(maaned), self.daekning.fra, kommune)
        p = p.left_join(ansvarlige(self.tables, tid.last_day(maaned)), "person_id")
        t = self._frame(p.select(*PERSON_KOLONNER, "sagsbehandler_id", "ansvarlig_id"))
        return t.sort("krav_id", "naaet", "frist", "person_id")

    def _tjek_plandag(self, dag: date) -> None:
        """Refuse a plan day outside the data, or in a month without quotas (as the kvoteopfyldelse)."""
        self.daekning.tjek_dag(dag, "Kvoteplanen")
        self._tjek_kvoter(dag, "Kvoteplanen")

    def plandag(self) -> date:
        """The plan's default day: the data's last day."""
        return tid.last_day(self.daekning.til)

    def kvoteplan(self, dag: date, kommune: str | None = None, team: str | None = None,
                  maaneder: int = 3) -> pl.DataFrame:
        """`engine.kvoteplan.KOLONNER`: the quota plan of `dag` for its month and the next ones,
        `maaned` as ÅÅÅÅ-MM, shares in % rounded to 2 decimals; the most pressing status first
        within a level (units without persons last)."""
        from tilsyn.engine.kvoteplan import KOLONNER, NIVEAUER, STATUSSER, kvoteplan

        self._tjek_plandag(dag)
        t = self._frame(kvoteplan(self.tables, self.rules, dag, maaneder, kommune, team, self.daekning.fra))
        orden = {s: i for i, s in enumerate(STATUSSER)}
        return t.with_columns(
            maaned=pl.col("maaned").dt.strftime("%Y-%m"),
            **{c: pl.col(c).cast(pl.Float64).round(2) for c in KOLONNER if c.endswith("_pct")},
        ).sort(pl.col("niveau").replace_strict({n: i for i, n in enumerate(NIVEAUER)}), "krav_id", "maaned",
               pl.col("status").replace_strict(orden, default=len(orden)), "kommune_kode", "team", "a_kasse",
               nulls_last=True).select(KOLONNER)

    def kvoteplan_personer(self, kommune: str, dag: date, team: str | None = None,
                           maaneder: int = 3) -> pl.DataFrame:
        """`engine.kvoteplan.PERSON_KOLONNER` and `sagsbehandler_id`: the persons behind the
        municipality's (or team's) plan, those needed for the quota first; `maaned` as ÅÅÅÅ-MM."""
        from tilsyn.engine.kvoteplan import plan_personer

        self._tjek_plandag(dag)
        t = self._frame(plan_personer(self.tables, self.rules, dag, kommune, maaneder, team, self.daekning.fra))
        return t.with_columns(maaned=pl.col("maaned").dt.strftime("%Y-%m"))

    def kvoteplan_ukendte(self, dag: date) -> str | None:
        """What the plan says about the windows that begin after `dag` when the data end on `dag`:
        they are not in the data yet, so the later months may get more persons."""
        return None if dag < self.plandag() else ukendte_tekst(dag)

    # deadlines --------------------------------------------------------------------------------

    def frister(self, kommune: str, dag: date, sagsbehandler: str | None = None,
                team: str | None = None) -> pl.DataFrame:
        """The `frister` result table: the worklist of `kommune` on `dag`, most urgent first; requirements
        whose window began before the data are left out (the worklist and rettidighed alike). The
        municipality's local norms (`tilsyn.rules.normer`) are lines of its list too, their
        `krav_id` starting `lokal_`."""
        from tilsyn.engine.frister import arbejdsliste
        from tilsyn.rules.normer import lokale_normer

        self.daekning.tjek_dag(dag, "Arbejdslisten")
        return self._frame(arbejdsliste(self.tables, self.rules, kommune, dag, sagsbehandler=sagsbehandler,
                                        team=team, data_fra=self.daekning.fra, normer=lokale_normer(kommune)))

    def frister_alle(self, dag: date) -> pl.DataFrame:
        """`frister` of every municipality on `dag` in one run, with `kommune_kode` last; without
        local norms (a municipality with its own has them only in `frister`)."""
        from tilsyn.engine.frister import arbejdsliste

        self.daekning.tjek_dag(dag, "Arbejdslisten")
        return self._frame(arbejdsliste(self.tables, self.rules, None, dag, data_fra=self.daekning.fra))

    def rettidighed(self, maaned: date, kommune: str | None = None, alle_niveauer: bool = False) -> pl.DataFrame:
        """The `rettidighed` result table; `alle_niveauer`: every municipality's team and caseworker rows too
        (`engine.rettidighed.rettidighed`)."""
        from tilsyn.engine.rettidighed import rettidighed

        self.daekning.tjek_maaneder(maaned, maaned, 0, "Rettidighed")
        return self._frame(rettidighed(self.tables, self.rules, tid.first_day(maaned), kommune,
                                       self.daekning.fra, alle_niveauer))

    def rettidighed_udfald(self, maaned: date, kommune: str) -> pl.DataFrame:
        """The requirements behind the municipality's `rettidighed` of the month, one row each:
        `engine.rettidighed.udfald`'s columns (the figures count these rows)."""
        from tilsyn.engine.rettidighed import udfald

        self.daekning.tjek_maaneder(maaned, maaned, 0, "Rettidighed")
        return self._frame(udfald(self.tables, self.rules, tid.first_day(maaned), kommune, self.daekning.fra))

    def milepaele(self, maaned: date, kommune: str | None = None) -> pl.DataFrame:
        from tilsyn.engine.rettidighed import milepaele

        self.daekning.tjek_maaneder(maaned, maaned, 0, "Milepæle")
        return self._frame(milepaele(self.tables, self.rules, tid.first_day(maaned), kommune))

    # citizens behind the figures --------------------------------------------------------------

    def passive(self, kommune: str, maaned: date) -> pl.DataFrame:
        """The municipality's samtale- or tilbud-passive citizens of the month (`PASSIVE_KOLONNER`)."""
        from tilsyn.engine.fokusmaal import personer
        from tilsyn.engine.sagsstamme import ansvarlige

        self.daekning.tjek_maaneder(maaned, maaned, self.tilbage["maanedlig"], "Passive borgere")
        maaned = tid.first_day(maaned)
        p = personer(self.tables, maaned, maaned, self.rules)
        p = p.filter((p.kommune_kode == kommune) & (p.samtale_passiv | p.tilbud_passiv))
        t = self._frame(p.left_join(ansvarlige(self.tables, tid.last_day(maaned)), "person_id"))
        return t.with_columns(
            anciennitet_maaneder=pl.col("forloeb_start").map_elements(
                lambda start: tid.anciennitet_maaneder(start, maaned), return_dtype=pl.Int64
            )
        ).select(PASSIVE_KOLONNER).sort("person_id")

    def forklaring(self, person_id: str, maaned: date):
        """`tilsyn forklar`: why the person is (not) in the population and passive in the month."""
        from tilsyn.engine.forklar import forklar

        self.daekning.tjek_maaneder(maaned, maaned, self.tilbage["maanedlig"], "Forklaringen")
        return forklar(self.tables, person_id, tid.first_day(maaned), self.rules)

    def personnavne(self, kommune: str) -> pl.DataFrame:
        """`person_id, navn` of the persons who ever had a ydelse in `kommune` and whose delivery
        gave a name (the optional `personer.navn`): what the worklist shows beside the id."""
        p, y = self.tables["personer"], self.tables["ydelser"]
        egne = y.filter(y.kommune_kode == kommune).select(e_person=y.person_id).distinct()
        p = p.filter(p.navn.notnull()).semi_join(egne, p.person_id == egne.e_person)
        return self._frame(p.select("person_id", "navn"))

    def person_findes(self, person_id: str) -> bool:
        p = self.tables["personer"]
        return bool(self.data.con.execute(p.filter(p.person_id == person_id).count()))

    def sagsbehandlere(self, kommune: str | None = None) -> pl.DataFrame:
        """`sagsbehandler_id, navn, team` (of one municipality, if given)."""
        s = self.tables["sagsbehandlere"]
        if kommune is not None:
            s = s.filter(s.kommune_kode == kommune)
        return self._frame(s.select("sagsbehandler_id", "navn", "team"))

    def ydelsesgrupper(self, kommune: str, maaned: date) -> pl.DataFrame:
        """`person_id, ydelsesgruppe` of everyone on an in-scope ydelse in the municipality on the
        month's last day (the fokusrevision's strata)."""
        from tilsyn.engine.ydelser import i_kommune_paa_dag, med_grupper

        self.daekning.tjek_maaneder(maaned, maaned, 0, "Ydelsesgrupperne")
        y = med_grupper(i_kommune_paa_dag(self.tables["ydelser"], kommune, tid.last_day(maaned)), self.rules)
        y = y.filter(y.ydelsesgruppe.notnull()).select("person_id", "ydelsesgruppe").distinct()
        return self._frame(y).sort("person_id")
