"""A synthetic national data set in the input format of docs/data-format.md, for demos, tests and performance runs.

Persons are generated in chunks and streamed to one file per table, so memory stays bounded at any
size. Everything is drawn from numpy Generators seeded by `seed` (and the chunk number), so the same
arguments always give byte-identical files.

How the data behave (the engine must *find* this, nothing of it is written into the data), calibrated
to the published figures of 2022 (docs/data-format.md has the targets and what is measured):
- Each municipality's covariates in `rammevilkaar` determine its expected benefit intensity, and it
  deviates from them by a little noise of its own; persons are allocated in proportion to the
  population sampled (`_udsnit`: small municipalities wholly, so their denominators are real-sized)
  x intensity, so the covariates really explain most of each municipality's share on public support.
- `befolkning_16_66` is 65 % of the population sampled, calibrated to the sample each year
  (`_rammevilkaar`), so shares on support land at Danish levels whatever the size of the data set
  and a municipality's share is its intensity's, not the noise of sampling a few hundred persons.
- A handful of municipalities (`svage_kommuner`) are deliberately weak: more persons on support than
  their covariates predict and fewer tilbud; all but one of them (`svage_kun_tilbud`) hold their
  samtaler like the rest, as Mariagerfjord and Odder in 2022 (STAR's follow-up on the 2022 fokusmål; docs/resultatmaal.md): under the 2022 rules they
  get skærpet tilsyn light. How far every municipality lets tilbud and samtaler slide is drawn from a
  skewed spread, so the weak ones sit in a continuous tail of fokusmål values, not apart from it.
- The tilbud mix follows the rule of each tilbud's start day (`ret_og_pligt.krav.taeller_ikke`): while
  an art does not meet the tilbud requirement for the person's målgruppe (øvrig vejledning og
  opkvalificering for LAB § 6 nr. 1-3 after lov 295/2023), job centres give it rarely.
- Benefit histories start before the data period (long-term recipients already on support, so that
  12 months' anciennitet exists from the first month); samtaler, tilbud and hours are generated from
  12 months before the data period, so the first 12-month windows are complete.
- New periods follow the ydelser of their start day (`organisering.ydelser.lukket_for_nye`): from
  2025-07-01 kontanthjælp instead of uddannelseshjælp, overgangsydelse and selvforsørgelses- og
  hjemrejseydelse (the visitation kept, so young people stay uddannelsesparat or aktivitetsparat),
  from 2026-02-01 no new ressourceforløb or revalidering. Periods that began earlier keep their
  code, as in real historical data.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tilsyn import koder, tid
from tilsyn.data.schema import TABLES
from tilsyn.kommuner import kommuner
from tilsyn.rules.rulebook import rulebook

# A data set of this many persons has Denmark's scale: the population denominators are scaled by
# persons / PERSONER_LANDSPLAN (calibrated so that the national share on support in 2022 is about
# 7.6 %, as published, for data from 2019-01 to 2026-11).
PERSONER_LANDSPLAN = 1_690_000
# A municipality is sampled as if it had at least this many inhabitants (at the data set's scale),
# and wholly when it has fewer: small municipalities keep real-sized populations, so their shares
# are not sampling noise.
MINDSTE_UDSNIT = 90_000
PERSONER_PR_BUNDT = 25_000
KOVARIATER = ("andel_ufaglaerte", "andel_indvandrere", "ledighed_pendlingsomraade", "andel_over_50")
TEAMS = ("Team Dagpenge", "Team Kontanthjælp", "Team Unge", "Team Sygedagpenge og afklaring")
# Citizens on support per caseworker (assumed: about 60-100); weak municipalities run larger caseloads.
SAGSSTAMME = 80
SAGSSTAMME_SVAG = 115
# Share of a person's data period spent on support, to size the caseworker staff before generating.
ANDEL_PAA_YDELSE = 0.23
ONGOING = np.iinfo(np.int32).max // 2


@dataclass(frozen=True)
class Typ:
    """One ydelse (+ visitation) and how its periods behave."""

    ydelse: str
    visitation: str | None
    team: int
    median_dage: float
    spredning: float  # sigma of the log-normal duration
    max_dage: int
    tilgang: float  # weight among new spells
    bestand: float  # weight among spells already running before the data period
    naeste: tuple[float, float, float, float]  # ydelsesskift, short gap, long gap, exit
    alder: tuple[int, int]
    tilbud: float  # share of periods that get tilbud at all
    arbejde: float  # chance of hours in ordinary work after the spell ends


TYPER: dict[str, Typ] = {
    "dp": Typ("dagpenge", None, 0, 110, 0.9, 730, 0.33, 0.10, (0.08, 0.10, 0.27, 0.55), (20, 66), 1.0, 0.65),
    "kyd": Typ("kontantydelse", None, 0, 120, 0.6, 365, 0.005, 0.005, (0.5, 0.05, 0.15, 0.3), (25, 64), 1.0, 0.4),
    "kh_j": Typ("kontanthjaelp", "jobparat", 1, 130, 1.0, 2500, 0.08, 0.06, (0.2, 0.1, 0.25, 0.45), (30, 64), 1.0, 0.45),
    "kh_a": Typ("kontanthjaelp", "aktivitetsparat", 1, 520, 1.0, 4000, 0.06, 0.25, (0.3, 0.1, 0.2, 0.4), (30, 64), 1.0, 0.15),
    "uh_u": Typ("uddannelseshjaelp", "uddannelsesparat", 2, 150, 0.9, 1500, 0.06, 0.04, (0.25, 0.1, 0.25, 0.4), (18, 29), 1.0, 0.4),
    "uh_a": Typ("uddannelseshjaelp", "aktivitetsparat", 2, 420, 0.9, 3000, 0.03, 0.08, (0.3, 0.1, 0.2, 0.4), (18, 29), 1.0, 0.15),
    "sf_j": Typ("selvforsoergelsesydelse", "jobparat", 1, 200, 0.9, 2000, 0.01, 0.02, (0.3, 0.1, 0.2, 0.4), (18, 64), 1.0, 0.35),
    "sf_a": Typ("selvforsoergelsesydelse", "aktivitetsparat", 1, 400, 0.9, 3000, 0.01, 0.02, (0.3, 0.1, 0.2, 0.4), (18, 64), 1.0, 0.15),
    "hj_a": Typ("hjemrejseydelse", "aktivitetsparat", 1, 400, 0.9, 3000, 0.005, 0.01, (0.3, 0.1, 0.2, 0.4), (18, 64), 1.0, 0.15),
    "og_j": Typ("overgangsydelse", "jobparat", 1, 300, 0.9, 2000, 0.005, 0.01, (0.3, 0.1, 0.2, 0.4), (18, 64), 1.0, 0.3),
    "ly": Typ("ledighedsydelse", None, 1, 200, 0.9, 2000, 0.04, 0.06, (0.15, 0.1, 0.3, 0.45), (30, 64), 1.0, 0.6),
    "rf": Typ("ressourceforloeb", None, 3, 700, 0.5, 1900, 0.01, 0.14, (0.5, 0.05, 0.1, 0.35), (25, 60), 1.0, 0.1),
    "rev": Typ("revalidering", None, 3, 450, 0.5, 1800, 0.01, 0.03, (0.3, 0.05, 0.15, 0.5), (20, 55), 1.0, 0.5),
    "frev": Typ("forrevalidering", None, 3, 120, 0.5, 600, 0.005, 0.01, (0.6, 0.05, 0.1, 0.25), (20, 55), 1.0, 0.2),
    "sdp": Typ("sygedagpenge", None, 3, 50, 1.0, 365, 0.33, 0.08, (0.15, 0.05, 0.25, 0.55), (20, 66), 0.35, 0.75),
    "ja": Typ("jobafklaring", None, 3, 300, 0.7, 1500, 0.01, 0.10, (0.5, 0.05, 0.15, 0.3), (25, 64), 0.7, 0.2),
    # young people on kontanthjælp after uddannelseshjælp closed (lov 1655/2024): reached only through
    # AFLOESER, so they have no weight of their own and behave as the uddannelseshjælp they replace
    "khu_u": Typ("kontanthjaelp", "uddannelsesparat", 2, 150, 0.9, 1500, 0.0, 0.0, (0.25, 0.1, 0.25, 0.4), (18, 29), 1.0, 0.4),
    "khu_a": Typ("kontanthjaelp", "aktivitetsparat", 2, 420, 0.9, 3000, 0.0, 0.0, (0.3, 0.1, 0.2, 0.4), (18, 29), 1.0, 0.15),
}
# What a new period is instead when its ydelse is closed to new periods on its start day
# (`organisering.ydelser.lukket_for_nye`): the merged ydelser become kontanthjælp with the same
# visitation (lov 1655/2024); ressourceforløb and revalidering (lov 1750/2025) become aktivitetsparat
# kontanthjælp [generator's choice: the law closes them and names no successor].
AFLOESER = {"uh_u": "khu_u", "uh_a": "khu_a", "sf_j": "kh_j", "sf_a": "kh_a", "hj_a": "kh_a", "og_j": "kh_j",
            "rf": "kh_a", "rev": "kh_a"}
# Where a ydelsesskift leads (e.g. sygedagpenge -> jobafklaring, dagpenge exhausted -> kontanthjælp).
SKIFT: dict[str, dict[str, float]] = {
    "dp": {"kh_j": 0.45, "sdp": 0.35, "kyd": 0.05, "kh_a": 0.15},
    "kyd": {"kh_j": 1.0},
    "kh_j": {"kh_a": 0.55, "sdp": 0.3, "dp": 0.15},
    "kh_a": {"rf": 0.3, "kh_j": 0.2, "ly": 0.1, "sdp": 0.2, "frev": 0.1, "ja": 0.1},
    "uh_u": {"uh_a": 0.3, "kh_j": 0.4, "sdp": 0.3},
    "uh_a": {"uh_u": 0.3, "kh_a": 0.3, "rf": 0.4},
    "sf_j": {"sf_a": 0.5, "kh_j": 0.5},
    "sf_a": {"sf_j": 0.3, "kh_a": 0.7},
    "hj_a": {"kh_a": 1.0},
    "og_j": {"kh_j": 1.0},
    "ly": {"sdp": 0.5, "kh_a": 0.3, "rf": 0.2},
    "rf": {"rf": 0.5, "ja": 0.2, "ly": 0.3},
    "rev": {"ly": 0.3, "dp": 0.3, "kh_j": 0.4},
    "frev": {"rev": 0.7, "kh_a": 0.3},
    "sdp": {"ja": 0.6, "dp": 0.2, "kh_a": 0.2},
    "ja": {"rf": 0.4, "sdp": 0.3, "ly": 0.3},
    "khu_u": {"uh_a": 0.3, "kh_j": 0.4, "sdp": 0.3},
    "khu_a": {"uh_u": 0.3, "kh_a": 0.3, "rf": 0.4},
}
_NOEGLER = list(TYPER)
_T = {navn: np.array([getattr(TYPER[k], navn) for k in _NOEGLER]) for navn in (
    "team", "median_dage", "spredning", "max_dage", "tilgang", "bestand", "tilbud", "arbejde")}
_NAESTE = np.cumsum([TYPER[k].naeste for k in _NOEGLER], axis=1)
_SKIFT = np.cumsum([[SKIFT[k].get(m, 0.0) for m in _NOEGLER] for k in _NOEGLER], axis=1)
_ALDER = np.array([TYPER[k].alder for k in _NOEGLER])
_DP, _SDP = _NOEGLER.index("dp"), _NOEGLER.index("sdp")
_SIDEJOB = np.isin(_NOEGLER, ["dp", "kh_j", "uh_u", "ly", "sf_j", "og_j", "khu_u"])
_AFLOESER = np.array([_NOEGLER.index(AFLOESER.get(k, k)) for k in _NOEGLER])

SAMTALE_FORM = dict(zip(koder.SAMTALE_FORMER, (0.55, 0.25, 0.12, 0.08)))
TILBUD_DAGPENGE = (0.25, 0.2, 0.15, 0.4, 0.0)  # in the order of koder.TILBUD_ARTER
TILBUD_OEVRIGE = (0.45, 0.05, 0.1, 0.28, 0.12)
# While a tilbud art does not meet the tilbud requirement for a person's målgruppe
# (`ret_og_pligt.krav.taeller_ikke`; lov 295/2023: øvrig vejledning og opkvalificering for LAB § 6
# nr. 1-3 from 2023-03-22), job centres give it this much as often and other arts instead.
IKKE_TAELLENDE_ANDEL = 0.1
# Share of planned samtaler not held (the citizen cancels, the caseworker is ill); the a-kasser,
# new to holding them from 2024, miss more (generator's choice, so their quota is not a formality).
AFLYST = 0.04
AFLYST_A_KASSE = 0.12
FRITAGELSE = {  # grund -> (share of periods, min days, max days)
    "sygdom": (0.05, 14, 60),
    "barsel": (0.02, 120, 330),
    "job_inden_6_uger": (0.03, 7, 42),
    "fleksjob_inden_6_uger": (0.005, 7, 42),
    "uddannelse": (0.015, 30, 180),
    "vejrlig": (0.005, 7, 40),
    "arbejdsfordeling": (0.005, 14, 60),
    "efterloen": (0.004, 60, 400),
    "folkepension": (0.003, 60, 400),
    "fleksydelse": (0.002, 60, 400),
    "andet": (0.01, 7, 90),
}
A_KASSER = ("3F", "HK", "FOA", "Krifa", "Akademikernes", "Ase", "Det Faglige Hus", "Metal", "Lederne", "DANA")
FORNAVNE = ("Anne", "Mette", "Hanne", "Lone", "Susanne", "Camilla", "Louise", "Maria", "Sofie", "Ida",
            "Lars", "Søren", "Jens", "Peter", "Morten", "Anders", "Henrik", "Thomas", "Mads", "Rasmus")
EFTERNAVNE = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
              "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
              "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Holm")


@dataclass(frozen=True)
class _Kommuner:
    koder: list[str]
    region: np.ndarray
    befolkning: np.ndarray
    kovariater: dict[str, np.ndarray]
    intensitet: np.ndarray  # relative number of persons on support per inhabitant
    svag: np.ndarray
    kun_tilbud: np.ndarray  # weak on tilbud only (a subset of svag)
    samtale_interval: np.ndarray  # multiplier on the time between samtaler
    tilbud_interval: np.ndarray
    svigt: np.ndarray  # share of periods whose samtaler a caseworker lets slide
    tilbud_svigt: np.ndarray  # share of periods that get (almost) no tilbud


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream,)))


def _profiler(seed: int) -> _Kommuner:
    """Covariates first, intensity from them plus noise, then the weak handful on top."""
    rng = _rng(seed, 0)
    alle = list(kommuner().values())
    regioner = sorted({k.region for k in alle})
    region = np.array([regioner.index(k.region) for k in alle])
    pop = np.array([k.befolkning_2020 for k in alle], dtype=float)
    n = len(alle)
    stoerrelse = np.log10(pop / 50_000)
    hovedstad = np.array([k.region == "Region Hovedstaden" for k in alle])
    ledighed_region = rng.normal(4.4, 0.5, len(regioner))
    kov = {
        "andel_ufaglaerte": np.clip(0.25 - 0.03 * stoerrelse - 0.02 * hovedstad + rng.normal(0, 0.025, n), 0.12, 0.40),
        "andel_indvandrere": np.clip(np.where(hovedstad, 0.14, 0.075) * rng.lognormal(0, 0.45, n), 0.02, 0.45),
        "ledighed_pendlingsomraade": np.clip(ledighed_region[region] + rng.normal(0, 0.45, n), 2.5, 8.0),
        "andel_over_50": np.clip(0.42 - 0.025 * stoerrelse + rng.normal(0, 0.025, n), 0.30, 0.55),
    }
    forventet = (
        1.0 + 12 * kov["andel_ufaglaerte"] + 9 * kov["andel_indvandrere"]
        + 0.8 * kov["ledighed_pendlingsomraade"] + 5 * kov["andel_over_50"]
    )
    # each municipality's own deviation from its covariates: about +-0.35 pp of a 7.6 % share, at most 2 sigma
    intensitet = forventet * np.exp(np.clip(rng.normal(0, 0.045, n), -0.09, 0.09))
    kandidater = np.flatnonzero(pop >= 40_000)
    valgt = rng.choice(kandidater, size=int(rng.integers(5, 9)), replace=False)
    svag = np.zeros(n, dtype=bool)
    svag[valgt] = True
    kun_tilbud = svag.copy()
    kun_tilbud[valgt[0]] = False  # one weak on samtaler too, as reality had at most a few
    samtale_svag = svag & ~kun_tilbud
    intensitet = np.where(svag, forventet * 1.1, intensitet)
    # how far each municipality lets tilbud and samtaler slide (0 best): a skewed spread with a
    # continuous tail, the weak ones in that tail rather than apart from it
    tilbud_svaghed = np.where(svag, rng.uniform(0.5, 0.6, n), 0.7 * rng.beta(1.3, 4, n))
    samtale_svaghed = np.where(samtale_svag, rng.uniform(0.44, 0.5, n), 0.4 * rng.beta(1.5, 4, n))
    return _Kommuner(
        koder=[k.kode for k in alle],
        region=region,
        befolkning=pop,
        kovariater=kov,
        intensitet=intensitet,
        svag=svag,
        kun_tilbud=kun_tilbud,
        samtale_interval=0.92 + 0.3 * samtale_svaghed,
        tilbud_interval=0.85 + 2.4 * tilbud_svaghed,
        svigt=0.04 + 0.28 * samtale_svaghed,
        tilbud_svigt=0.10 + 0.1 * tilbud_svaghed,
    )


def svage_kommuner(seed: int) -> list[str]:
    """The codes of the deliberately weak municipalities for `seed` (for the demo, never in the data)."""
    p = _profiler(seed)
    return [k for k, s in zip(p.koder, p.svag) if s]


def svage_kun_tilbud(seed: int) -> list[str]:
    """The weak municipalities for `seed` that hold their samtaler and are weak on tilbud only."""
    p = _profiler(seed)
    return [k for k, s in zip(p.koder, p.kun_tilbud) if s]


def _udsnit(befolkning: np.ndarray, vaegt: np.ndarray, persons: int) -> np.ndarray:
    """The population each municipality's persons are drawn from: `f` x its population, at least
    `f` x MINDSTE_UDSNIT and at most all of it, with `f` chosen so that the data set holds as many
    persons on support as persons / PERSONER_LANDSPLAN of Denmark would (`vaegt`: persons per inhabitant)."""
    def udsnit(f: float) -> np.ndarray:
        return np.maximum(f * befolkning, np.minimum(befolkning, f * MINDSTE_UDSNIT))

    maal = persons / PERSONER_LANDSPLAN * (befolkning * vaegt).sum()
    lav, hoej = 0.0, persons / PERSONER_LANDSPLAN
    for _ in range(60):
        midt = (lav + hoej) / 2
        lav, hoej = (midt, hoej) if (udsnit(midt) * vaegt).sum() < maal else (lav, midt)
    return udsnit(hoej)


def _fordel(persons: int, vaegt: np.ndarray) -> np.ndarray:
    """Whole numbers of persons per municipality summing to `persons`: up to 3 each, so that every
    municipality has citizens in a small data set, the rest by weight (largest remainder)."""
    mindst = min(3, persons // len(vaegt))
    andel = (persons - mindst * len(vaegt)) * vaegt / vaegt.sum()
    antal = np.floor(andel).astype(np.int64)
    rest = persons - mindst * len(vaegt) - antal.sum()
    antal[np.argsort(-(andel - antal), kind="stable")[:rest]] += 1
    return antal + mindst


def _dag(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _maaned(dage: np.ndarray) -> np.ndarray:
    """Day numbers -> month numbers (months since 1970-01)."""
    return dage.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _udvid(antal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row i repeated antal[i] times, with the running number 0..antal[i]-1 of each repetition."""
    antal = np.maximum(antal, 0)
    raekke = np.repeat(np.arange(len(antal)), antal)
    nr = np.arange(len(raekke)) - np.repeat(np.cumsum(antal) - antal, antal)
    return raekke, nr


def _vaelg(rng: np.random.Generator, kumuleret: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a matrix of cumulative probabilities."""
    u = rng.random(len(kumuleret)) * kumuleret[:, -1]
    return (u[:, None] >= kumuleret).sum(axis=1)


def _varighed(rng: np.random.Generator, typ: np.ndarray) -> np.ndarray:
    dage = _T["median_dage"][typ] * np.exp(_T["spredning"][typ] * rng.standard_normal(len(typ)))
    return np.clip(np.round(dage), 7, _T["max_dage"][typ]).astype(np.int64)


@dataclass
class _Perioder:
    person: np.ndarray
    kommune: np.ndarray
    forrige_kommune: np.ndarray  # -1 unless the person moved into this municipality
    typ: np.ndarray
    start: np.ndarray
    slut: np.ndarray  # ONGOING when still running at the end of the data
    efter: np.ndarray  # what came next: 0 skift, 1 short gap, 2 long gap, 3 exit
    naeste_start: np.ndarray


def _lukket_fra() -> np.ndarray:
    """Per type, the first day (day number) its ydelse is closed to new periods, ONGOING if never."""
    fra = np.full(len(_NOEGLER), ONGOING, dtype=np.int64)
    for v in reversed(rulebook().dagvaerdier("organisering.ydelser.lukket_for_nye")):
        fra[np.isin([TYPER[k].ydelse for k in _NOEGLER], v.value)] = _dag(v.start)
    return fra


@cache
def _visitationer() -> np.ndarray:
    """Each type's visitation ("" for none). One the rulebook's målgruppe mappings do not know for
    its ydelse becomes jobparat: young people on kontanthjælp stay uddannelsesparat once
    `maalgrupper.ydelser` maps that visitation for kontanthjælp (lov 1655/2024), jobparat until then."""
    def kendt(t: Typ) -> str:
        if not t.visitation or t.visitation in koder.gyldige_visitationer(t.ydelse):
            return t.visitation or ""
        return "jobparat"
    return np.array([kendt(t) for t in TYPER.values()])


@cache
def _maalgrupper() -> np.ndarray:
    """Each type's målgruppe (LAB § 6) by the newest mapping that knows its ydelse and visitation."""
    mappinger = [v.value for v in reversed(rulebook().dagvaerdier(koder.MAALGRUPPER))]

    def gruppe(t: Typ, visitation: str) -> int:
        m = next(m[t.ydelse] for m in mappinger if t.ydelse in m)
        return int(m.get("visitation", {}).get(visitation, m["maalgruppe"]))
    return np.array([gruppe(t, v) for t, v in zip(TYPER.values(), _visitationer())])


def _taeller_ikke(typ: np.ndarray, start: np.ndarray) -> np.ndarray:
    """[row, art]: whether a tilbud of each art starting on `start` for a period of type `typ` does
    not meet the tilbud requirement, by the rule in force on its start (`ret_og_pligt.krav.taeller_ikke`)."""
    ud = np.zeros((len(typ), len(koder.TILBUD_ARTER)), dtype=bool)
    vaerdier = rulebook().dagvaerdier("ret_og_pligt.krav.taeller_ikke")
    gruppe = _maalgrupper()[typ]
    for v, naeste in zip(vaerdier, [*vaerdier[1:], None]):
        i_kraft = (start >= _dag(v.start)) & (start < (_dag(naeste.start) if naeste else ONGOING))
        for art, grupper in v.value.items():
            ud[:, koder.TILBUD_ARTER.index(art)] |= i_kraft & np.isin(gruppe, grupper)
    return ud


def _nye_perioder(typ: np.ndarray, start: np.ndarray, lukket: np.ndarray) -> np.ndarray:
    """The type of periods starting on `start`: a ydelse closed by then is its AFLOESER."""
    return np.where(start >= lukket[typ], _AFLOESER[typ], typ)


def _perioder(rng, kommune, prof: _Kommuner, first: int, last: int, lukket: np.ndarray) -> tuple[_Perioder, np.ndarray]:
    """Benefit histories: one spell per person reaching into the data period, then a chain of
    ydelsesskift, short gaps (bridged), long gaps (new forløb) and moves; a new period follows the
    ydelser of its start day (`lukket`, from `_lukket_fra`). Returns periods and the first
    period's start (for the birth dates)."""
    n = len(kommune)
    bestand = rng.random(n) < 0.3
    typ = np.where(bestand, _vaelg(rng, np.tile(np.cumsum(_T["bestand"]), (n, 1))),
                   _vaelg(rng, np.tile(np.cumsum(_T["tilgang"]), (n, 1))))
    for_start = np.clip(rng.exponential(2 * _T["median_dage"][typ]), 1, _T["max_dage"][typ] - 30).astype(np.int64)
    start = np.where(bestand, first - for_start, rng.integers(first, last - 13, n))
    typ = _nye_perioder(typ, start, lukket)
    dage = _varighed(rng, typ)
    dage = np.where(bestand, np.minimum(for_start + dage, _T["max_dage"][typ]), dage)
    person, kom, forrige = np.arange(n), kommune.copy(), np.full(n, -1)
    anker_start = start.copy()
    ud: list[tuple] = []
    for _ in range(10):
        slut = start + dage - 1
        probs = _NAESTE[typ].copy()
        opbrugt = ((typ == _DP) & (dage >= 730)) | ((typ == _SDP) & (dage >= 154))
        probs[opbrugt] = np.cumsum([0.5, 0.05, 0.2, 0.25])
        efter = _vaelg(rng, probs)
        pause = np.select(
            [efter == 0, efter == 1, efter == 2],
            [0, rng.integers(2, 26, len(typ)), 35 + rng.exponential(300, len(typ)).astype(np.int64)],
            0,
        )
        naeste_start = slut + 1 + pause
        koerer = slut > last
        slut = np.where(koerer, ONGOING, slut)
        efter = np.where(koerer, 3, efter)
        ud.append((person, kom, forrige, typ, start, slut, efter, naeste_start))
        videre = (efter < 3) & (naeste_start <= last)
        if not videre.any():
            break
        person, kom, typ, efter, start = (a[videre] for a in (person, kom, typ, efter, naeste_start))
        ny = np.where(efter == 0, _vaelg(rng, _SKIFT[typ]),
                      np.where(efter == 2, _vaelg(rng, np.tile(np.cumsum(_T["tilgang"]), (len(typ), 1))), typ))
        andet = (efter == 1) & (rng.random(len(typ)) < 0.3)
        typ = _nye_perioder(np.where(andet, _vaelg(rng, _SKIFT[typ]), ny), start, lukket)
        flytter = (efter == 2) & (rng.random(len(typ)) < 0.06)
        forrige = np.where(flytter, kom, -1)
        kom = np.where(flytter, _flyt(rng, kom, prof), kom)
        dage = _varighed(rng, typ)
    felter = [np.concatenate(x) for x in zip(*ud)]
    orden = np.lexsort((felter[4], felter[0]))
    return _Perioder(*(f[orden] for f in felter)), anker_start


def _flyt(rng, kom: np.ndarray, prof: _Kommuner) -> np.ndarray:
    """A new municipality in the same region, weighted by population, never the old one."""
    ny = kom.copy()
    for r in np.unique(prof.region[kom]):
        i = np.flatnonzero(prof.region[kom] == r)
        kandidater = np.flatnonzero(prof.region == r)
        vaegt = prof.befolkning[kandidater]
        valg = kandidater[_vaelg(rng, np.tile(np.cumsum(vaegt), (len(i), 1)))]
        samme = valg == kom[i]
        valg[samme] = kandidater[(np.searchsorted(kandidater, valg[samme]) + 1) % len(kandidater)]
        ny[i] = valg
    return ny


@dataclass(frozen=True)
class _Stab:
    """The caseworkers: table rows, and per (municipality, team) the range of their indices."""

    ids: pa.Array
    kommune: np.ndarray
    team: np.ndarray
    offset: np.ndarray  # [kommune, team]
    antal: np.ndarray  # [kommune, team]


def _stab(rng, prof: _Kommuner, personer_pr_kommune: np.ndarray) -> tuple[_Stab, pa.Table]:
    andel_team = np.array([0.2, 0.4, 0.1, 0.3])
    sagsstamme = np.where(prof.svag, SAGSSTAMME_SVAG, SAGSSTAMME)
    borgere = personer_pr_kommune * ANDEL_PAA_YDELSE
    antal = np.maximum(1, np.round(borgere[:, None] * andel_team[None, :] / sagsstamme[:, None])).astype(np.int64)
    offset = (np.cumsum(antal.ravel()) - antal.ravel()).reshape(antal.shape)
    kommune = np.repeat(np.arange(len(prof.koder)), antal.sum(axis=1))
    team = np.concatenate([np.repeat(np.arange(len(TEAMS)), a) for a in antal])
    nr = _udvid(antal.sum(axis=1))[1] + 1
    koder_ = np.array(prof.koder)
    ids = pa.array([f"S{k}-{i:04d}" for k, i in zip(koder_[kommune], nr)])
    navne = [f"{FORNAVNE[a]} {EFTERNAVNE[b]}" for a, b in zip(
        rng.integers(0, len(FORNAVNE), len(ids)), rng.integers(0, len(EFTERNAVNE), len(ids)))]
    tabel = pa.table({
        "sagsbehandler_id": ids,
        "navn": pa.array(navne),
        "team": pa.array(np.array(TEAMS)[team]),
        "kommune_kode": pa.array(koder_[kommune]),
    })
    return _Stab(ids, kommune, team, offset, antal), tabel


def _fravaer(rng, stab: _Stab, first: int, last: int) -> pa.Table:
    """Holidays, short sickness and a few long absences; most covered by a colleague in the team."""
    n = len(stab.ids)
    aar = (last - first + 1) / 365.25
    antal = rng.poisson(5 * aar, n)
    sb, _ = _udvid(antal)
    m = len(sb)
    slags = _vaelg(rng, np.tile(np.cumsum([0.55, 0.42, 0.03]), (m, 1)))
    laengde = np.select([slags == 0, slags == 1], [rng.integers(5, 16, m), rng.integers(1, 6, m)],
                        rng.integers(90, 301, m))
    start = rng.integers(first, last + 1, m)
    slut = np.minimum(start + laengde - 1, last)
    k, t = stab.kommune[sb], stab.team[sb]
    stoerrelse, off = stab.antal[k, t], stab.offset[k, t]
    vikar = off + (sb - off + 1 + rng.integers(0, np.maximum(stoerrelse - 1, 1))) % stoerrelse
    uden = (vikar == sb) | (rng.random(m) < 0.15)
    orden = np.lexsort((start, sb))
    return pa.table({
        "sagsbehandler_id": stab.ids.take(pa.array(sb[orden])),
        "start": _datoer(start[orden]),
        "slut": _datoer(slut[orden]),
        "vikar_id": pc.if_else(pa.array(uden[orden]), pa.nulls(m, pa.string()),
                               stab.ids.take(pa.array(vikar[orden]))),
    })


def _datoer(dage: np.ndarray, mangler: np.ndarray | None = None) -> pa.Array:
    return pa.array(dage.astype(np.int32), type=pa.date32(), mask=mangler)


def _aar(first: date, last: date) -> list[tuple[int, int, int]]:
    """(year, first day, last day) of each calendar year of the data period, the last one cut at `last`."""
    return [(a, _dag(date(a, 1, 1)), _dag(min(date(a, 12, 31), last))) for a in range(first.year, last.year + 1)]


def _rammevilkaar(seed: int, prof: _Kommuner, udsnit: np.ndarray, aar: list[tuple[int, int, int]],
                  dage: np.ndarray) -> pa.Table:
    """Per year and municipality the population aged 16-66 and the covariates. The population is
    65 % of `udsnit` (`_udsnit`), calibrated to the sample as survey weights are: divided by how many
    more (or fewer) days on support (`dage`, [municipality, year]) the sample drew than the
    municipality's intensity leads one to expect, so its share on support is its intensity's (the
    covariates' prediction and its own deviation), not the noise of sampling a few hundred persons."""
    rng = _rng(seed, 1)
    n, rows = len(prof.koder), []
    vaegt = udsnit * prof.intensitet
    for j, (a, _, _) in enumerate(aar):
        forventet = dage[:, j].sum() * vaegt / vaegt.sum()
        faktor = np.divide(dage[:, j], forventet, out=np.ones(n), where=forventet > 0)
        befolkning = 0.65 * udsnit * (1 + 0.004 * (a - 2020)) * faktor
        kolonner = {
            "kommune_kode": pa.array(prof.koder),
            "aar": pa.array(np.full(n, a, dtype=np.int64)),
            "befolkning_16_66": pa.array(np.maximum(1, np.round(befolkning)).astype(np.int64)),
        }
        for navn in KOVARIATER:
            x = prof.kovariater[navn]
            kolonner[navn] = pa.array(np.round(x * (1 + rng.normal(0, 0.01, n)), 4))
        rows.append(pa.table(kolonner))
    return pa.concat_tables(rows)


class _Bundt:
    """One chunk of persons: their histories and every event table derived from them."""

    def __init__(self, rng, prof: _Kommuner, stab: _Stab, kommune: np.ndarray, foerste_nr: int,
                 first: int, last: int, ev_start: int, lukket: np.ndarray):
        """Day numbers: `first`..`last` the data period, `ev_start` where events begin."""
        self.rng, self.prof, self.stab = rng, prof, stab
        self.first, self.last, self.ev_start = first, last, ev_start
        self.ids = pa.array([f"P{i:07d}" for i in range(foerste_nr, foerste_nr + len(kommune))])
        self.p, anker_start = _perioder(rng, kommune, prof, first, last, lukket)
        self.koder = pa.array(prof.koder)
        self.personer = self._personer(anker_start)

    def _id(self, raekke: np.ndarray) -> pa.Array:
        return self.ids.take(pa.array(self.p.person[raekke]))

    def _personer(self, anker_start: np.ndarray) -> pa.Table:
        p, rng = self.p, self.rng
        foerste = np.unique(p.person, return_index=True)[1]
        typ = p.typ[foerste]
        alder = rng.integers(_ALDER[typ, 0], _ALDER[typ, 1] + 1) + rng.random(len(typ))
        foedt = anker_start - np.round(alder * 365.25).astype(np.int64)
        self.foedt = foedt
        # names from a stream of their own (a child of this chunk's seed), so no other value changed
        navne = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0])
        navn = [f"{FORNAVNE[a]} {EFTERNAVNE[b]}" for a, b in zip(
            navne.integers(0, len(FORNAVNE), len(foedt)), navne.integers(0, len(EFTERNAVNE), len(foedt)))]
        return pa.table({"person_id": self.ids, "foedselsdato": _datoer(foedt), "navn": pa.array(navn)})

    def ydelser(self) -> pa.Table:
        p = self.p
        visitation = _visitationer()[p.typ]
        return pa.table({
            "person_id": self._id(np.arange(len(p.typ))),
            "kommune_kode": self.koder.take(pa.array(p.kommune)),
            "ydelse": pa.array(np.array([TYPER[k].ydelse for k in _NOEGLER])[p.typ]),
            "visitation": pa.array(visitation, mask=visitation == ""),
            "start": _datoer(p.start),
            "slut": _datoer(np.minimum(p.slut, self.last), p.slut == ONGOING),
            "a_kasse": self._a_kasser(),
        })

    # The optional columns of the 2026 quotas (docs/kvoter.md), generated apart from the rest.
    def _a_kasser(self) -> pa.Array:
        """Each dagpenge period's a-kasse (`ydelser.a_kasse`), drawn from a stream of its own, so no
        other value changed."""
        p = self.p
        valg = np.random.default_rng(self.rng.bit_generator.seed_seq.spawn(1)[0])
        kasse = np.array(A_KASSER)[valg.integers(0, len(A_KASSER), len(p.typ))]
        return pa.array(kasse, mask=np.array([TYPER[k].ydelse != "dagpenge" for k in _NOEGLER])[p.typ])

    def _a_kassens(self, raekke: np.ndarray, dag: np.ndarray) -> np.ndarray:
        """Whether the samtaler of periods `raekke` on days `dag` are the a-kasse's, from 2024 (lov
        727/2023): those in a dagpenge period's first 3 months."""
        p = self.p
        dp = np.array([TYPER[k].ydelse == "dagpenge" for k in _NOEGLER])[p.typ]
        # the months count from the dagpenge forløb's start: a period after a short (bridged) gap continues it
        fortsat = np.zeros(len(dp), dtype=bool)
        fortsat[1:] = (p.person[1:] == p.person[:-1]) & dp[1:] & dp[:-1] & (p.efter[:-1] <= 1)
        forloeb_start = p.start[np.flatnonzero(~fortsat)][np.cumsum(~fortsat) - 1]
        return dp[raekke] & (dag - forloeb_start[raekke] < 91) & (dag >= _dag(date(2024, 1, 1)))

    def _afholdt_af(self, raekke: np.ndarray, dag: np.ndarray) -> pa.Array:
        """Who held the samtaler of periods `raekke` on days `dag` (`samtaler.afholdt_af`): from 2024
        the a-kasse (`_a_kassens`) or the municipality; before 2024 not said."""
        hvem = np.where(self._a_kassens(raekke, dag), "a_kasse", "kommune")
        return pa.array(hvem, mask=dag < _dag(date(2024, 1, 1)))

    def sagsstammer(self) -> pa.Table:
        """One caseworker from the period's team for each period; a quarter change caseworker midway."""
        p, rng, s = self.p, self.rng, self.stab
        n = len(p.typ)
        team = _T["team"][p.typ]
        stoerrelse, off = s.antal[p.kommune, team], s.offset[p.kommune, team]
        sb1 = off + rng.integers(0, stoerrelse)
        sb2 = off + (sb1 - off + 1 + rng.integers(0, np.maximum(stoerrelse - 1, 1))) % stoerrelse
        laengde = np.minimum(p.slut, self.last) - p.start + 1
        skift = (rng.random(n) < 0.25) & (laengde > 60) & (sb2 != sb1)
        dag = p.start + 30 + (rng.random(n) * np.maximum(laengde - 60, 1)).astype(np.int64)
        self.sb1, self.sb2 = sb1, sb2
        self.skiftdag = np.where(skift, dag, ONGOING)
        raekke = np.concatenate([np.arange(n), np.flatnonzero(skift)])
        foer = np.arange(len(raekke)) < n
        start = np.where(foer, p.start[raekke], self.skiftdag[raekke])
        slut = np.where(foer & skift[raekke], self.skiftdag[raekke] - 1, p.slut[raekke])
        sb = np.where(foer, sb1[raekke], sb2[raekke])
        orden = np.lexsort((start, p.person[raekke]))
        raekke, start, slut, sb = raekke[orden], start[orden], slut[orden], sb[orden]
        return pa.table({
            "person_id": self._id(raekke),
            "sagsbehandler_id": s.ids.take(pa.array(sb)),
            "start": _datoer(start),
            "slut": _datoer(np.minimum(slut, self.last), slut == ONGOING),
        })

    def fritagelser(self) -> pa.Table:
        p, rng = self.p, self.rng
        n = len(p.typ)
        grunde = list(FRITAGELSE)
        andele = np.array([FRITAGELSE[g][0] for g in grunde])
        kum = np.tile(np.cumsum(np.append(andele, 1 - andele.sum())), (n, 1))
        grund = _vaelg(rng, kum)
        har = grund < len(grunde)
        grund = np.minimum(grund, len(grunde) - 1)
        alder = (p.start - self.foedt[p.person]) / 365.25
        aeldre = np.isin(grund, [grunde.index(g) for g in ("efterloen", "folkepension", "fleksydelse")])
        grund = np.where(aeldre & (alder < 60), grunde.index("andet"), grund)
        grund = np.where((grund == grunde.index("barsel")) & (alder > 45), grunde.index("sygdom"), grund)
        lo = np.array([FRITAGELSE[g][1] for g in grunde])[grund]
        hi = np.array([FRITAGELSE[g][2] for g in grunde])[grund]
        laengde = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
        slut_kendt = np.minimum(p.slut, self.last)
        start = p.start + (rng.random(n) * (slut_kendt - p.start + 1)).astype(np.int64)
        foer_job = np.isin(grund, [grunde.index("job_inden_6_uger"), grunde.index("fleksjob_inden_6_uger")])
        start = np.where(foer_job, np.maximum(p.slut - laengde + 1, p.start), start)
        har &= ~foer_job | (p.efter == 3) & (p.slut != ONGOING)
        slut = np.where(p.slut == ONGOING, start + laengde - 1, np.minimum(start + laengde - 1, p.slut))
        har &= slut >= self.ev_start
        self.fri_start = np.where(har, start, ONGOING)
        self.fri_slut = np.where(har, slut, -1)
        i = np.flatnonzero(har)
        return pa.table({
            "person_id": self._id(i),
            "grund": pa.array(np.array(grunde)[grund[i]]),
            "start": _datoer(start[i]),
            "slut": _datoer(np.minimum(slut[i], self.last), slut[i] > self.last),
        })

    def _gitter(self, interval1, interval2, horisont) -> tuple[np.ndarray, np.ndarray]:
        """Appointment days of each period: about every `interval1` days in its first 26 weeks, then
        every `interval2` days, with a few days' jitter. Returns (period row, day)."""
        p, rng = self.p, self.rng
        n = len(p.typ)
        laengde = np.minimum(p.slut, horisont) - p.start + 1
        off1 = rng.uniform(3, 14, n)
        r1, j1 = _udvid(np.ceil((np.minimum(laengde, 183) - off1) / interval1).astype(np.int64))
        off2 = 183 + rng.uniform(0, 30, n)
        r2, j2 = _udvid(np.ceil((laengde - off2) / interval2).astype(np.int64))
        raekke = np.concatenate([r1, r2])
        dag = np.concatenate([off1[r1] + j1 * interval1[r1], off2[r2] + j2 * interval2[r2]])
        dag = np.round(dag + rng.uniform(-5, 5, len(dag))).astype(np.int64)
        dag = p.start[raekke] + np.clip(dag, 0, laengde[raekke] - 1)
        return raekke, dag

    def samtaler(self) -> tuple[pa.Table, tuple[np.ndarray, np.ndarray]]:
        """Held samtaler, and the bookings (aftaler) behind them and beyond the end of the data."""
        p, rng, prof = self.p, self.rng, self.prof
        n = len(p.typ)
        svigt = rng.random(n) < prof.svigt[p.kommune]
        m = prof.samtale_interval[p.kommune] * np.where(svigt, 2.2, 1.0)
        interval1 = np.where(p.typ == _SDP, 40.0, 30.0) * m
        interval2 = 82.0 * m * np.where(svigt, 1.6, 1.0)
        raekke, dag = self._gitter(interval1, interval2, self.last + 120)
        keep = dag >= self.ev_start
        raekke, dag = raekke[keep], dag[keep]
        fritaget = (dag >= self.fri_start[raekke]) & (dag <= self.fri_slut[raekke])
        raekke, dag = raekke[~fritaget], dag[~fritaget]
        u = rng.random(len(dag))
        afholdt = (dag <= self.last) & (u >= np.where(self._a_kassens(raekke, dag), AFLYST_A_KASSE, AFLYST))
        booket = (dag >= self.first) & ((dag > self.last) & (u < 0.8) | (dag <= self.last) & (u < 0.89))
        aftaler = (raekke[booket], dag[booket])
        raekke, dag = raekke[afholdt], dag[afholdt]
        m = len(dag)
        typ = p.typ[raekke]
        faelles = (_T["team"][typ] == 0) & (rng.random(m) < 0.25)
        kommune = p.kommune[raekke]
        gammel = (p.forrige_kommune[raekke] >= 0) & (dag - p.start[raekke] < 45) & (rng.random(m) < 0.5)
        kommune = np.where(gammel, p.forrige_kommune[raekke], kommune)
        sb = np.where(dag >= self.skiftdag[raekke], self.sb2[raekke], self.sb1[raekke])
        uden_sb = rng.random(m) < 0.05
        form = _vaelg(rng, np.tile(np.cumsum(list(SAMTALE_FORM.values())), (m, 1)))
        orden = np.lexsort((dag, p.person[raekke]))
        sbid = self.stab.ids.take(pa.array(sb[orden]))
        tabel = pa.table({
            "person_id": self._id(raekke[orden]),
            "kommune_kode": self.koder.take(pa.array(kommune[orden])),
            "dato": _datoer(dag[orden]),
            "form": pa.array(np.array(koder.SAMTALE_FORMER)[form[orden]]),
            "art": pa.array(np.where(faelles[orden], "faelles", "individuel")),
            "sagsbehandler_id": pc.if_else(pa.array(uden_sb[orden]), pa.nulls(m, pa.string()), sbid),
            "afholdt_af": self._afholdt_af(raekke[orden], dag[orden]),
        })
        return tabel, aftaler

    def tilbud(self) -> tuple[pa.Table, tuple[np.ndarray, np.ndarray]]:
        """Offers of weeks to months at a pace set by the municipality; bookings as for samtaler."""
        p, rng, prof = self.p, self.rng, self.prof
        n = len(p.typ)
        svigt = rng.random(n) < prof.tilbud_svigt[p.kommune]
        faar = rng.random(n) < _T["tilbud"][p.typ]
        afstand = rng.uniform(190, 330, n) * prof.tilbud_interval[p.kommune] * np.where(svigt, 5.0, 1.0)
        off = rng.uniform(20, 105, n) * prof.tilbud_interval[p.kommune]
        laengde = np.minimum(p.slut, self.last + 120) - p.start + 1
        raekke, j = _udvid(np.where(faar, np.ceil((laengde - off) / afstand), 0).astype(np.int64))
        start = p.start[raekke] + np.round(off[raekke] + j * afstand[raekke] + rng.uniform(0, 14, len(j))).astype(np.int64)
        keep = (start >= self.ev_start) & (start <= np.minimum(p.slut[raekke], self.last + 120))
        raekke, start = raekke[keep], start[keep]
        u = rng.random(len(start))
        booket = (start >= self.first) & (u < 0.8)
        aftaler = (raekke[booket], start[booket])
        i = start <= self.last
        raekke, start = raekke[i], start[i]
        m = len(start)
        dage = np.round(60 * np.exp(0.6 * rng.standard_normal(m)))
        dage = np.clip(dage, 14, np.minimum(afstand[raekke] - 14, 365))
        dage = np.where(rng.random(m) < 0.05, rng.integers(5, 14, m), dage).astype(np.int64)
        slut = np.minimum(start + dage - 1, p.slut[raekke])
        dp = _T["team"][p.typ[raekke]] == 0
        mix = np.where(dp[:, None], np.array(TILBUD_DAGPENGE), np.array(TILBUD_OEVRIGE))
        mix = np.where(_taeller_ikke(p.typ[raekke], start), mix * IKKE_TAELLENDE_ANDEL, mix)
        art = _vaelg(rng, np.cumsum(mix, axis=1))
        orden = np.lexsort((start, p.person[raekke]))
        raekke, start, slut, art = raekke[orden], start[orden], slut[orden], art[orden]
        tabel = pa.table({
            "person_id": self._id(raekke),
            "kommune_kode": self.koder.take(pa.array(p.kommune[raekke])),
            "art": pa.array(np.array(koder.TILBUD_ARTER)[art]),
            "start": _datoer(start),
            "slut": _datoer(np.minimum(slut, self.last), slut > self.last),
        })
        return tabel, aftaler

    def aftaler(self, samtaler, tilbud) -> pa.Table:
        raekke = np.concatenate([samtaler[0], tilbud[0]])
        dag = np.concatenate([samtaler[1], tilbud[1]])
        art = np.repeat(np.array(koder.AFTALE_ARTER), [len(samtaler[0]), len(tilbud[0])])
        orden = np.lexsort((dag, self.p.person[raekke]))
        return pa.table({
            "person_id": self._id(raekke[orden]),
            "dato": _datoer(dag[orden]),
            "art": pa.array(art[orden]),
        })

    def beskaeftigelse(self) -> pa.Table:
        """Hours beside the benefit for some, and ordinary work after many spells end."""
        p, rng = self.p, self.rng
        n = len(p.typ)
        sidst, foerst = _maaned(np.array([self.last]))[0], _maaned(np.array([self.ev_start]))[0]
        slut_kendt = np.minimum(p.slut, self.last)
        m_start = np.maximum(_maaned(p.start), foerst)
        m_slut = _maaned(slut_kendt)
        side = _SIDEJOB[p.typ] & (rng.random(n) < 0.2)
        r1, j1 = _udvid(np.where(side, m_slut - m_start + 1, 0))
        maaned1 = m_start[r1] + j1
        behold = rng.random(len(r1)) < 0.5
        r1, maaned1 = r1[behold], maaned1[behold]
        timer1 = rng.uniform(8, 90, len(r1))
        afslutter = (p.efter >= 2) & (p.slut != ONGOING) & (rng.random(n) < _T["arbejde"][p.typ])
        til = np.minimum(np.where(p.efter == 2, _maaned(p.naeste_start) - 1, sidst), sidst)
        varighed = rng.integers(1, 25, n)
        fra = np.maximum(m_slut + 1, foerst)
        r2, j2 = _udvid(np.where(afslutter, np.minimum(til, m_slut + varighed) - fra + 1, 0))
        maaned2 = fra[r2] + j2
        timer2 = np.clip(rng.normal(140, 25, len(r2)), 20, 190)
        person = np.concatenate([p.person[r1], p.person[r2]])
        maaned = np.concatenate([maaned1, maaned2])
        noegle, inv = np.unique(person * 100_000 + maaned, return_inverse=True)
        timer = np.round(np.bincount(inv, weights=np.concatenate([timer1, timer2])), 1)
        person, maaned = noegle // 100_000, noegle % 100_000
        dag = maaned.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        return pa.table({
            "person_id": self.ids.take(pa.array(person)),
            "maaned": _datoer(dag),
            "timer": pa.array(timer),
        })

    def dage_pr_aar(self, aar: list[tuple[int, int, int]], antal_kommuner: int) -> np.ndarray:
        """[municipality, year]: the days on support in each year of `aar` (as `fuldtidspersoner` counts them)."""
        p = self.p
        ud = np.zeros((antal_kommuner, len(aar)))
        for j, (_, fra, til) in enumerate(aar):
            dage = np.minimum(p.slut, til) - np.maximum(p.start, fra) + 1
            ud[:, j] = np.bincount(p.kommune, weights=np.maximum(dage, 0), minlength=antal_kommuner)
        return ud

    def tabeller(self) -> dict[str, pa.Table]:
        sagsstammer = self.sagsstammer()
        fritagelser = self.fritagelser()
        samtaler, a1 = self.samtaler()
        tilbud, a2 = self.tilbud()
        return {
            "personer": self.personer,
            "ydelser": self.ydelser(),
            "samtaler": samtaler,
            "tilbud": tilbud,
            "beskaeftigelse": self.beskaeftigelse(),
            "fritagelser": fritagelser,
            "aftaler": self.aftaler(a1, a2),
            "sagsstammer": sagsstammer,
        }


_ARROW = {"id": pa.string(), "text": pa.string(), "kommune": pa.string(), "code": pa.string(),
          "date": pa.date32(), "month": pa.date32(), "int": pa.int64(), "number": pa.float64()}


def arrow_schema(navn: str) -> pa.Schema:
    """The Arrow schema written for a table: the columns and kinds of `schema.TABLES`."""
    felter = [pa.field(c.name, _ARROW[c.kind], nullable=c.nullable) for c in TABLES[navn].columns]
    if navn == "rammevilkaar":
        felter += [pa.field(k, pa.float64(), nullable=False) for k in KOVARIATER]
    return pa.schema(felter)


class _Skrivere:
    """One streaming writer per table into a temporary file, moved into place only when all is done."""

    def __init__(self, out_dir: Path, fmt: str):
        self.out_dir, self.fmt = out_dir, fmt
        self.filer: dict[str, tuple[Path, Path]] = {}
        self.skrivere = {}
        self.antal = dict.fromkeys(TABLES, 0)
        for navn in TABLES:
            endelig = out_dir / f"{navn}.{fmt}"
            tmp = out_dir / f".{navn}.{fmt}.tmp"
            schema = self._form(arrow_schema(navn).empty_table()).schema
            if fmt == "parquet":
                w = pq.ParquetWriter(tmp, schema, compression="zstd")
            else:
                w = pacsv.CSVWriter(tmp, schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
            self.filer[navn], self.skrivere[navn] = (tmp, endelig), w

    def _form(self, tabel: pa.Table) -> pa.Table:
        """CSV writes months as 'YYYY-MM'; Parquet keeps the first day of the month."""
        if self.fmt == "csv" and "maaned" in tabel.column_names:
            i = tabel.column_names.index("maaned")
            tekst = pc.utf8_slice_codeunits(pc.cast(tabel["maaned"], pa.string()), 0, 7)
            tabel = tabel.set_column(i, pa.field("maaned", pa.string(), nullable=False), tekst)
        return tabel

    def skriv(self, navn: str, tabel: pa.Table) -> None:
        tabel = tabel.cast(arrow_schema(navn))
        self.skrivere[navn].write_table(self._form(tabel))
        self.antal[navn] += tabel.num_rows

    def luk(self, ok: bool) -> None:
        for w in self.skrivere.values():
            w.close()
        for navn, (tmp, endelig) in self.filer.items():
            if ok:
                os.replace(tmp, endelig)
                anden = endelig.with_suffix(".csv" if self.fmt == "parquet" else ".parquet")
                anden.unlink(missing_ok=True)
            else:
                tmp.unlink(missing_ok=True)


def generate(
    out_dir: Path,
    persons: int,
    seed: int,
    first: date,
    last: date,
    fmt: str = "parquet",
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write every table of docs/data-format.md for `persons` persons over `first`..`last` into `out_dir`
    (replacing earlier tables there). `progress` is called with the number of persons done after
    each chunk. Returns the row count of each table."""
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"ukendt format {fmt!r}: brug parquet eller csv")
    if persons < 1 or first > last:
        raise ValueError("mindst én person og en periode, hvor start ligger før slut")
    out_dir.mkdir(parents=True, exist_ok=True)
    dag0, dag1, ev_start = _dag(first), _dag(last), _dag(tid.add_months(first, -12))
    prof, lukket = _profiler(seed), _lukket_fra()
    udsnit = _udsnit(prof.befolkning, prof.intensitet, persons)
    antal = _fordel(persons, udsnit * prof.intensitet)
    rng0 = _rng(seed, 2)
    kommune = rng0.permutation(np.repeat(np.arange(len(antal)), antal))
    stab, sagsbehandlere = _stab(rng0, prof, antal)
    skrivere = _Skrivere(out_dir, fmt)
    aar = _aar(first, last)
    dage = np.zeros((len(antal), len(aar)))
    ok = False
    try:
        skrivere.skriv("sagsbehandlere", sagsbehandlere)
        skrivere.skriv("fravaer", _fravaer(rng0, stab, ev_start, dag1))
        for nr, fra in enumerate(range(0, persons, PERSONER_PR_BUNDT)):
            del_ = kommune[fra:fra + PERSONER_PR_BUNDT]
            bundt = _Bundt(_rng(seed, 3 + nr), prof, stab, del_, fra + 1, dag0, dag1, ev_start, lukket)
            for navn, tabel in bundt.tabeller().items():
                skrivere.skriv(navn, tabel)
            dage += bundt.dage_pr_aar(aar, len(antal))
            if progress:
                progress(len(del_))
        skrivere.skriv("rammevilkaar", _rammevilkaar(seed, prof, udsnit, aar, dage))
        ok = True
    finally:
        skrivere.luk(ok)
    return skrivere.antal
