"""Resultatmål: actual vs. expected share on public support per municipality, and a
diagnostics report of the benchmark model behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import ibis.expr.types as ir
import numpy as np
import pandas as pd

from tilsyn import afgoerelser, kommuner, koder
from tilsyn.benchmark import ResultatmaalFejl, kovariat_tekst
from tilsyn.benchmark.model import STANDARD, Model
from tilsyn.engine.resultat import I_ALT, fuldtidspersoner
from tilsyn.rules.rulebook import Rulebook, rulebook
from tilsyn.tid import parse_periode

KOLONNER = (
    "kommune_kode",
    "aar",
    "population_16_66",
    "faktisk_antal",
    "forventet_antal",
    "faktisk_andel",
    "forventet_andel",
    "forskel_pct_point",
    "nedre",
    "oevre",
    "placering",
    "model_version",
)
YDELSESGRUPPER = (I_ALT, *koder.YDELSESGRUPPER)
_IKKE_KOVARIATER = ("kommune_kode", "aar", "befolkning_16_66")


@dataclass
class Modelgrundlag:
    """What the model sees: one row per municipality with actual share, weight and covariates."""

    aar: int
    slut: date
    frame: pd.DataFrame
    kovariater: list[str]


def grundlag(
    tables: dict[str, ir.Table], periode: str, ydelsesgruppe: str = I_ALT, con=None, rules: Rulebook | None = None
) -> Modelgrundlag:
    """Fuldtidspersoner of the period joined to the year's rammevilkaar; ResultatmaalFejl when
    the rammevilkaar are missing or do not cover every municipality with ydelser. `con` is the
    backend to run on (default: the one the tables are bound to)."""
    run = con.execute if con is not None else (lambda expr: expr.execute())
    if ydelsesgruppe not in YDELSESGRUPPER:
        raise ResultatmaalFejl(f"ukendt ydelsesgruppe {ydelsesgruppe!r}: vælg {', '.join(YDELSESGRUPPER)}")
    start, slut = parse_periode(periode)
    aar = start.year
    ramme = tables["rammevilkaar"]
    ramme = run(ramme.filter(ramme.aar == aar))
    if ramme.empty:
        raise ResultatmaalFejl(
            f"rammevilkaar mangler for {aar}: resultatmålet kræver én række pr. kommune med "
            "befolkning_16_66 og rammevilkår for året (tabellen rammevilkaar)"
        )
    kovariater = [
        c for c in ramme.columns if c not in _IKKE_KOVARIATER and pd.api.types.is_numeric_dtype(ramme[c])
    ]
    fuld = fuldtidspersoner(tables, start, slut, rules or rulebook())
    fuld = run(fuld.filter(fuld.ydelsesgruppe == ydelsesgruppe))
    uden = sorted(set(fuld.kommune_kode) - set(ramme.kommune_kode))
    if uden:
        raise ResultatmaalFejl(f"rammevilkaar for {aar} mangler for kommune(r) med ydelser: {_navne(uden)}")
    huller = ramme[ramme[[*kovariater, "befolkning_16_66"]].isna().any(axis=1)]
    if not huller.empty:
        raise ResultatmaalFejl(f"rammevilkaar for {aar} har tomme værdier for: {_navne(huller.kommune_kode)}")
    if (ramme.befolkning_16_66 <= 0).any():
        nul = ramme.kommune_kode[ramme.befolkning_16_66 <= 0]
        raise ResultatmaalFejl(f"rammevilkaar for {aar}: befolkning_16_66 skal være over 0 for {_navne(nul)}")
    if len(ramme) - 1 <= len(kovariater) + 1:
        raise ResultatmaalFejl(
            f"for få kommuner ({len(ramme)}) i rammevilkaar for {aar} til {len(kovariater)} forklarende variable"
        )
    frame = ramme.merge(fuld[["kommune_kode", "fuldtidspersoner"]], on="kommune_kode", how="left")
    frame["fuldtidspersoner"] = frame.fuldtidspersoner.fillna(0.0)
    frame["vaegt"] = frame.befolkning_16_66.astype(float)
    frame["faktisk_andel"] = 100 * frame.fuldtidspersoner / frame.vaegt
    frame = frame.sort_values("kommune_kode", ignore_index=True)
    return Modelgrundlag(aar, slut, frame, kovariater)


def resultatmaal(
    tables: dict[str, ir.Table],
    periode: str,
    rules: Rulebook | None = None,
    model: Model = STANDARD,
    ydelsesgruppe: str = I_ALT,
    con=None,
) -> pd.DataFrame:
    """The docs/data-format.md `resultatmaal` table for a year ('2023') or half-year ('2023H1'): shares and
    differences in percent (points) rounded to 2 decimals, counts to 1; rank 1 = best."""
    rules = rules or rulebook()
    return _resultat(grundlag(tables, periode, ydelsesgruppe, con, rules), rules, model)


def _resultat(g: Modelgrundlag, rules: Rulebook, model: Model) -> pd.DataFrame:
    niveau = rules.vaerdi("resultatmaal.interval_niveau", aar=g.slut.year)
    pred = model.fit_predict(g.frame, g.kovariater, niveau)
    f = g.frame
    forskel = f.faktisk_andel - pred.forventet_andel
    out = pd.DataFrame(
        {
            "kommune_kode": f.kommune_kode,
            "aar": g.aar,
            "population_16_66": f.befolkning_16_66.astype("int64"),
            "faktisk_antal": f.fuldtidspersoner.round(1),
            "forventet_antal": (pred.forventet_andel / 100 * f.vaegt).round(1),
            "faktisk_andel": f.faktisk_andel.round(2),
            "forventet_andel": pred.forventet_andel.round(2),
            "forskel_pct_point": forskel.round(2),
            "nedre": pred.nedre.round(2),
            "oevre": pred.oevre.round(2),
            "placering": forskel.rank(method="min").astype("int64"),
            "model_version": model.version,
        }
    )
    return out[list(KOLONNER)]


@dataclass
class ResultatForklaring:
    """Why a municipality's expected share is what it is: the model's mean plus each
    covariate's contribution, the interval, the leave-one-out note, the rank and the verdict."""

    kommune_kode: str
    periode: str
    raekke: dict  # the municipality's row of the resultatmål table
    basis: float
    bidrag: pd.DataFrame  # kovariat, koefficient, vaerdi, gennemsnit, bidrag
    antal: int  # municipalities ranked
    tolerance: float
    kun_over_interval: bool
    model_version: str
    niveau: float

    @property
    def forventet(self) -> float:
        """mean + sum of contributions (unrounded): the model's expected share."""
        return self.basis + float(self.bidrag.bidrag.sum())

    @property
    def fails(self) -> bool:
        r = self.raekke
        return afgoerelser.resultatmaal_fails(r["forskel_pct_point"], r["faktisk_andel"], r["oevre"],
                                              tolerance=self.tolerance, kun_over_interval=self.kun_over_interval)

    @property
    def i_intervallet(self) -> str:
        """Where the actual share lies against the interval: 'over', 'under' or 'inden for'."""
        r = self.raekke
        return afgoerelser.interval_placering(r["faktisk_andel"], r["nedre"], r["oevre"])

    def linjer(self) -> list[str]:
        r, navn = self.raekke, _navn(self.kommune_kode)
        ud = [
            f"Resultatmål {self.periode} for {navn} ({self.kommune_kode}), model {self.model_version}",
            "",
            f"Faktisk andel på offentlig forsørgelse: {_pct(r['faktisk_andel'])} "
            f"({_tal(r['faktisk_antal'], 1)} fuldtidspersoner af {_heltal(r['population_16_66'])} borgere 16-66 år)",
            "",
            f"Forventet andel: {_pct(self.forventet)} - sådan er den sammensat:",
            f"  Landsgennemsnit (befolkningsvægtet, de øvrige {self.antal - 1} kommuner): {_pct(self.basis)}",
        ]
        for b in self.bidrag.itertuples():
            ud.append(f"  {kovariat_tekst(b.kovariat)}: koefficient {_tal(b.koefficient, 4)} × (kommunens "
                      f"{_tal(b.vaerdi, 3)} − gennemsnittets {_tal(b.gennemsnit, 3)}) = {b.bidrag:+.2f} procentpoint".replace(".", ","))
        ud += [
            f"  I alt: {_pct(self.forventet)}",
            "",
            f"Forventet er beregnet uden {navn} selv (leave-one-out): modellen er estimeret på de øvrige "
            f"{self.antal - 1} kommuner, så kommunen sammenlignes aldrig med sig selv.",
            f"{_tal(100 * self.niveau, 0)} %-prædiktionsinterval: {_tal(r['nedre'], 2)} % til {_tal(r['oevre'], 2)} %"
            f" (faktisk {self.i_intervallet}).",
            f"Forskel (faktisk − forventet): {r['forskel_pct_point']:+.2f} procentpoint".replace(".", ","),
            f"Placering: {r['placering']} af {self.antal} (1 = størst forskel under forventet, bedst).",
            "",
            ("Resultatmålet er ikke opfyldt" if self.fails else "Resultatmålet er opfyldt") + ": "
            + (f"den faktiske andel {'er' if self.fails else 'er ikke'} over intervallets øvre grænse (resultatmaal.kun_over_interval)."
               if self.kun_over_interval else
               f"forskellen {'er' if self.fails else 'er ikke'} over tolerancen på {_tal(self.tolerance, 2)} procentpoint "
               "(resultatmaal.tolerance_pct_point)."),
        ]
        return ud


def _heltal(v) -> str:
    return f"{int(v):,}".replace(",", ".")


def _pct(v: float) -> str:
    return f"{v:.2f} %".replace(".", ",")


def _tal(v: float, d: int) -> str:
    return f"{v:.{d}f}".replace(".", ",")


def forklar_resultat(
    tables: dict[str, ir.Table], periode: str, kommune_kode: str, rules: Rulebook | None = None,
    model: Model = STANDARD, con=None,
) -> ResultatForklaring:
    """The resultatmål explanation of one municipality; ResultatmaalFejl when it has no row."""
    rules = rules or rulebook()
    g = grundlag(tables, periode, I_ALT, con, rules)
    res = _resultat(g, rules, model)
    hvor = g.frame.index[g.frame.kommune_kode == kommune_kode]
    if len(hvor) == 0:
        raise ResultatmaalFejl(f"{kommune_kode} {_navn(kommune_kode)} har intet resultatmål for {periode} (ingen rammevilkår)")
    i = int(hvor[0])
    basis, bidrag = model.bidrag(g.frame, g.kovariater, i)
    return ResultatForklaring(
        kommune_kode, periode, res.iloc[i].to_dict(), basis, bidrag, len(res),
        **afgoerelser.resultatmaal_regel(rules, g.slut.year), model_version=model.version,
        niveau=rules.vaerdi("resultatmaal.interval_niveau", aar=g.slut.year),
    )


def diagnostik(
    tables: dict[str, ir.Table],
    periode: str,
    rules: Rulebook | None = None,
    model: Model = STANDARD,
    ydelsesgruppe: str = I_ALT,
    antal: int = 5,
    con=None,
) -> str:
    """A Markdown report a user can read: the model fitted on all municipalities, how far the
    leave-one-out predictions miss, and the municipalities furthest above and below expected."""
    rules = rules or rulebook()
    g = grundlag(tables, periode, ydelsesgruppe, con, rules)
    res = _resultat(g, rules, model)
    res["navn"] = res.kommune_kode.map(_navn)
    forskel = res.forskel_pct_point
    uden_for = ((res.faktisk_andel > res.oevre) | (res.faktisk_andel < res.nedre)).sum()
    linjer = [
        f"# Benchmarkmodel for resultatmålet, {periode} ({ydelsesgruppe})",
        "",
        f"Model: `{model.version}`. Forventet andel er forudsagt uden kommunen selv (leave-one-out).",
        "",
        "## Modellen estimeret på alle kommuner",
        "",
        model.beskriv(g.frame, g.kovariater),
        "",
        "## Forskel mellem faktisk og forventet andel (procentpoint)",
        "",
        f"gennemsnit {forskel.mean():.2f}, vægtet gennemsnit "
        f"{np.average(forskel, weights=res.population_16_66):.2f}, spredning {forskel.std():.2f}, "
        f"mindste {forskel.min():.2f}, største {forskel.max():.2f}; "
        f"{int((forskel > 0).sum())} kommuner over forventet, "
        f"{int(uden_for)} uden for prædiktionsintervallet.",
    ]
    for titel, udsnit in (
        ("Størst over forventet (dårligst)", res.nlargest(antal, "forskel_pct_point")),
        ("Størst under forventet (bedst)", res.nsmallest(antal, "forskel_pct_point")),
    ):
        linjer += [
            "",
            f"## {titel}",
            "",
            "| placering | kommune | faktisk andel | forventet andel | forskel | interval |",
            "|---:|---|---:|---:|---:|---|",
        ]
        linjer += [
            f"| {r.placering} | {r.navn} ({r.kommune_kode}) | {r.faktisk_andel:.2f} | {r.forventet_andel:.2f} | "
            f"{r.forskel_pct_point:+.2f} | [{r.nedre:.2f}; {r.oevre:.2f}] |"
            for r in udsnit.itertuples()
        ]
    return "\n".join(linjer) + "\n"


def _navn(kode: str) -> str:
    kommune = kommuner.kommuner().get(kode)
    return kommune.navn if kommune else kode


def _navne(koder_: pd.Series | list[str]) -> str:
    return ", ".join(f"{k} {_navn(k)}" for k in koder_)
