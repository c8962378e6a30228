"""Rettidighed (binding deadlines) and kvoteopfyldelse month by month for one municipality and its
teams: the manager's page `/kommuner/{kode}/rettidighed-og-kvoter`, its Excel and CSV, and
`tilsyn rettidighed --maaneder`. Shaped once here from `Resultater.rettidighed`,
`Resultater.kvoteopfyldelse` and the persons behind them; presenters show these frames.

The team of a figure is the caseload owner's (the worklist's rule, `sagsstamme.paa_dagen`): for
rettidighed the owner's on the due date (the engine's team level), for a quota the owner's on the
month's last day (`Resultater.kvote_personer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from tilsyn import tid
from tilsyn.data.daekning import UdenforDaekning
from tilsyn.koder import RETTIDIGHED_TAL

MAANEDER = 12
# Rettidighed has no legal share: every binding deadline is to be met. The page marks a share under
# this as "under" (red), as the quotas of lov 1750/2025 mark a share under their 75 %: the project's
# default, one decision here until the verdicts have a module of their own.
RETTIDIGHED_GRAENSE_PCT = 75.0
UDEN_TEAM = "uden team"
RETTIDIGHED_KOLONNER = ("maaned", "art", "niveau", "team", *RETTIDIGHED_TAL, "vurdering")
KVOTE_KOLONNER = ("maaned", "krav_id", "holdes_af", "kvote_pct", "niveau", "team", "personer", "naaet",
                  "andel_pct", "vurdering")


def vurder(frame: pl.DataFrame, andel: str, graense: pl.Expr) -> pl.DataFrame:
    """`frame` with `vurdering`, a share's verdict: `ingen` (nothing to count), `under` the limit,
    or `naaet`: the one place the page's colours are decided."""
    return frame.with_columns(vurdering=pl.when(pl.col(andel).is_null()).then(pl.lit("ingen"))
                              .when(pl.col(andel) < graense).then(pl.lit("under")).otherwise(pl.lit("naaet")))


@dataclass(frozen=True)
class Oversigt:
    """The municipality's 12 months up to `til`: `rettidighed` (RETTIDIGHED_KOLONNER) and `kvoter`
    (KVOTE_KOLONNER), the municipality (`niveau` kommune) and each team; `maaned` is a month's
    first day. `kvote_note`: why no month has quotas; `kvoter_fra`: the first month with quotas
    when the months before have none."""

    kommune: str
    til: date
    maaneder: tuple[date, ...]
    rettidighed: pl.DataFrame
    kvoter: pl.DataFrame
    kvote_note: str | None
    kvoter_fra: date | None


def standard_maaned(r) -> date:
    """The page's default month: the data's newest complete month."""
    return r.daekning.til


def oversigt(r, kommune: str, til: date | None = None) -> Oversigt:
    """`Oversigt` of `kommune` for the 12 months up to `til` (default `standard_maaned`), from the
    data's first month when it starts later; `UdenforDaekning` for a month outside the data."""
    til = tid.first_day(til or standard_maaned(r))
    r.daekning.tjek_maaneder(til, til, 0, "Rettidigheden og kvoterne")
    foerste = max(tid.add_months(til, 1 - MAANEDER), r.daekning.fra)
    maaneder = tuple(tid.months(foerste, til))
    rett = pl.concat([_rettidighed(r, kommune, m) for m in maaneder])
    kvoter, mangler = [], []
    for m in maaneder:
        try:
            kvoter.append(_kvoter(r, kommune, m))
        except UdenforDaekning as e:
            mangler.append(str(e))
    kvoter_fra = kvoter[0]["maaned"][0] if kvoter and mangler else None
    note = mangler[-1] if mangler and not kvoter else None
    tomme = pl.DataFrame(schema={"maaned": pl.Date, "krav_id": pl.String, "holdes_af": pl.String,
                                 "kvote_pct": pl.Float64, "niveau": pl.String, "team": pl.String,
                                 "personer": pl.Int64, "naaet": pl.Int64, "andel_pct": pl.Float64,
                                 "vurdering": pl.String})
    return Oversigt(kommune, til, maaneder, rett, pl.concat(kvoter) if kvoter else tomme, note, kvoter_fra)


def _rettidighed(r, kommune: str, maaned: date) -> pl.DataFrame:
    """The month's rettidighed rows of the municipality and its teams (`Resultater.rettidighed`)."""
    t = r.rettidighed(maaned, kommune).filter(pl.col("niveau").is_in(["kommune", "team"]))
    t = t.with_columns(maaned=pl.lit(maaned), team=pl.col("team").fill_null(
        pl.when(pl.col("niveau") == "team").then(pl.lit(UDEN_TEAM))))
    return vurder(t, "rettidighed_pct", pl.lit(RETTIDIGHED_GRAENSE_PCT)).select(RETTIDIGHED_KOLONNER)


def _teams(r, kommune: str) -> pl.DataFrame:
    sb = r.sagsbehandlere(kommune)
    return sb.select(pl.col("sagsbehandler_id").cast(pl.String), pl.col("team").cast(pl.String))


def _kvoter(r, kommune: str, maaned: date) -> pl.DataFrame:
    """The month's quotas of the municipality (`Resultater.kvoteopfyldelse`) and its teams (the
    persons behind it, `Resultater.kvote_personer`, counted by the owner's team)."""
    k = r.kvoteopfyldelse(maaned, kommune).filter(pl.col("niveau") == "kommune")
    k = k.select("krav_id", "holdes_af", "kvote_pct", "niveau", team=pl.lit(None, pl.String),
                 personer=pl.col("personer").cast(pl.Int64), naaet=pl.col("naaet").cast(pl.Int64), andel_pct="andel_pct")
    p = kvote_personer(r, kommune, maaned)
    krav = k.select("krav_id", "holdes_af", "kvote_pct")
    teams = p.group_by("krav_id", "team").agg(personer=pl.len().cast(pl.Int64),
                                              naaet=pl.col("naaet").sum().cast(pl.Int64))
    teams = teams.join(krav, on="krav_id").with_columns(
        niveau=pl.lit("team"), andel_pct=(100.0 * pl.col("naaet") / pl.col("personer")).round(2))
    t = pl.concat([k, teams.select(k.columns)]).with_columns(maaned=pl.lit(maaned))
    return vurder(t, "andel_pct", pl.col("kvote_pct")).select(KVOTE_KOLONNER).sort(
        "krav_id", pl.col("niveau") != "kommune", "team")


def kvote_personer(r, kommune: str, maaned: date) -> pl.DataFrame:
    """`Resultater.kvote_personer` of the month with `team` (the owner's, else `UDEN_TEAM`)."""
    p = r.kvote_personer(kommune, maaned)
    return p.join(_teams(r, kommune), on="sagsbehandler_id", how="left").with_columns(
        team=pl.col("team").fill_null(UDEN_TEAM),
        vurdering=pl.when(pl.col("naaet")).then(pl.lit("naaet")).otherwise(pl.lit("under")))


def rettidighed_personer(r, kommune: str, maaned: date) -> pl.DataFrame:
    """The requirements behind the month's rettidighed (`Resultater.rettidighed_udfald`), `team`
    as in the figures (else `UDEN_TEAM`); not met on time first. A requirement is its caseload
    owner's, also while a substitute covered, so `ansvarlig_id` is the owner (a team's citizens are
    then exactly those its figure counts). `vurdering`: on time, exempt (`ingen`) or not."""
    u = r.rettidighed_udfald(maaned, kommune)
    orden = {"ikke_opfyldt": 0, "for_sent": 1, "fritaget": 2, "rettidig": 3}
    vurdering = pl.col("udfald").replace_strict({"rettidig": "naaet", "fritaget": "ingen"}, default="under",
                                                 return_dtype=pl.String)
    return u.with_columns(team=pl.col("team").fill_null(UDEN_TEAM), ansvarlig_id=pl.col("sagsbehandler_id"),
                          vurdering=vurdering).sort(
        pl.col("udfald").replace_strict(orden, default=4, return_dtype=pl.Int64), "frist", "person_id")
