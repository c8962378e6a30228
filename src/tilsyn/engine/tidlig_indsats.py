"""Early effort (tidlig indsats, spec 03): of the persons whose målgruppe period reaches 26 weeks in a
month, the share with at least 4 samtaler (the målgrupper `samtale_maalgrupper`) and the share who
started a tilbud in those first 26 weeks (`tilbud_maalgrupper`); a municipality is flagged after 6
months in a row below 80 % with at least 10 persons (from 2026-07-01 the quotas' groups and 75 %). Every number comes from the `tidlig_indsats.*` parameters in force on the last day of
the month asked for.

The 26 weeks run on the målgruppe clock of spec 04 (every calendar day from the period's start,
short gaps bridged) for every målgruppe, dagpenge included: the early effort follows the person's
first six months, not the sammenlagt-ledighed clock of the dagpenge deadlines."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import tid
from tilsyn.engine.perioder import maalgruppe_perioder
from tilsyn.rules.rulebook import Rulebook

KOLONNER = (
    "kommune_kode",
    "maaned",
    "personer",
    "med_samtaler",
    "andel_samtaler",
    "personer_tilbud",
    "med_tilbud",
    "andel_tilbud",
    "maaneder_under_samtaler",
    "maaneder_under_tilbud",
    "markeret_samtaler",
    "markeret_tilbud",
)


def personer(tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook) -> ir.Table:
    """One row per målgruppe period that reaches `tidlig_indsats.uger` weeks in a month of
    first_month..last_month: person_id, kommune_kode (of the ydelse on the day it is reached, else
    the period's), maalgruppe, periode_start, dato_26, maaned, antal_samtaler, har_tilbud, i_tilbudsgruppe,
    i_samtalegruppe."""
    dag = tid.last_day(last_month)
    dage = tid.clock_days(rules.vaerdi("tidlig_indsats.uger", maaned=last_month))
    maalgrupper = rules.vaerdi("tidlig_indsats.tilbud_maalgrupper", maaned=last_month)
    samtalegrupper = rules.vaerdi("tidlig_indsats.samtale_maalgrupper", maaned=last_month)
    p = maalgruppe_perioder(tables["ydelser"], rules)
    p = p.mutate(dato_26=tid.plus_dage(p.periode_start, dage - 1))
    p = p.filter(
        p.periode_slut.isnull() | (p.periode_slut >= p.dato_26),
        p.dato_26 >= first_month,
        p.dato_26 <= dag,
    )
    noegle = ["person_id", "periode_start"]

    y = tables["ydelser"]
    paa_dagen = p.join(
        y, [p.person_id == y.person_id, y.start <= p.dato_26, y.slut.isnull() | (y.slut >= p.dato_26)]
    ).select(*noegle, kommune_paa_dagen=y.kommune_kode)

    s = tables["samtaler"]
    samtaler = p.join(s, [p.person_id == s.person_id, s.dato >= p.periode_start, s.dato <= p.dato_26])
    samtaler = samtaler.group_by(noegle).aggregate(antal_samtaler=samtaler.dato.count())

    t = tables["tilbud"]
    tilbud = p.join(t, [p.person_id == t.person_id, t.start >= p.periode_start, t.start <= p.dato_26])
    tilbud = tilbud.group_by(noegle).aggregate(antal_tilbud=tilbud.start.count())

    ud = p.left_join(paa_dagen, noegle).left_join(samtaler, noegle).left_join(tilbud, noegle)
    return ud.select(
        "person_id",
        kommune_kode=ud.kommune_paa_dagen.coalesce(ud.kommune_kode),
        maalgruppe=ud.maalgruppe,
        periode_start=ud.periode_start,
        dato_26=ud.dato_26,
        maaned=ud.dato_26.truncate("M").cast("date"),
        antal_samtaler=ud.antal_samtaler.fill_null(0),
        har_tilbud=ud.antal_tilbud.fill_null(0) > 0,
        i_tilbudsgruppe=ud.maalgruppe.isin(maalgrupper),
        i_samtalegruppe=ud.maalgruppe.isin(samtalegrupper),
    )


def maanedlige(tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook) -> ir.Table:
    """kommune_kode, maaned, personer, med_samtaler, andel_samtaler, personer_tilbud, med_tilbud,
    andel_tilbud (percent; NULL when there are no persons) for each month with persons."""
    min_samtaler = rules.vaerdi("tidlig_indsats.min_samtaler", maaned=last_month)
    p = personer(tables, first_month, last_month, rules)
    m = p.group_by("kommune_kode", "maaned").aggregate(
        personer=p.i_samtalegruppe.cast("int64").sum(),
        med_samtaler=(p.i_samtalegruppe & (p.antal_samtaler >= min_samtaler)).cast("int64").sum(),
        personer_tilbud=p.i_tilbudsgruppe.cast("int64").sum(),
        med_tilbud=(p.i_tilbudsgruppe & p.har_tilbud).cast("int64").sum(),
    )
    return m.mutate(
        andel_samtaler=_andel(m.med_samtaler, m.personer),
        andel_tilbud=_andel(m.med_tilbud, m.personer_tilbud),
    )


def tidlig_indsats(tables: dict[str, ir.Table], maaned: date, rules: Rulebook) -> ir.Table:
    """The month's shares per municipality (columns `KOLONNER`) and whether each share has been
    below the limit, with enough persons, in every one of the last `maaneder_i_traek` months."""
    i_traek = rules.vaerdi("tidlig_indsats.maaneder_i_traek", maaned=maaned)
    graense = rules.vaerdi("tidlig_indsats.graense_pct", maaned=maaned)
    min_personer = rules.vaerdi("tidlig_indsats.min_personer", maaned=maaned)
    maaned = tid.first_day(maaned)
    m = maanedlige(tables, tid.add_months(maaned, -(i_traek - 1)), maaned, rules)

    def under(andel: ir.NumericValue, antal: ir.IntegerValue) -> ir.IntegerValue:
        return ((antal >= min_personer) & (andel < graense)).fill_null(False).cast("int64")

    vindue = m.group_by("kommune_kode").aggregate(
        maaneder_under_samtaler=under(m.andel_samtaler, m.personer).sum(),
        maaneder_under_tilbud=under(m.andel_tilbud, m.personer_tilbud).sum(),
    )
    denne = m.filter(m.maaned == maaned)
    ud = vindue.left_join(denne, "kommune_kode")
    return ud.select(
        "kommune_kode",
        maaned=ibis.literal(maaned, "date"),
        personer=ud.personer.fill_null(0),
        med_samtaler=ud.med_samtaler.fill_null(0),
        andel_samtaler=ud.andel_samtaler,
        personer_tilbud=ud.personer_tilbud.fill_null(0),
        med_tilbud=ud.med_tilbud.fill_null(0),
        andel_tilbud=ud.andel_tilbud,
        maaneder_under_samtaler=ud.maaneder_under_samtaler,
        maaneder_under_tilbud=ud.maaneder_under_tilbud,
        markeret_samtaler=ud.maaneder_under_samtaler >= i_traek,
        markeret_tilbud=ud.maaneder_under_tilbud >= i_traek,
    )


def beskrivelse(rules: Rulebook, maaned: date) -> str:
    """The measure in Danish with the `tidlig_indsats.*` values of `maaned`, for help texts."""

    def v(navn: str):
        return rules.vaerdi(f"tidlig_indsats.{navn}", maaned=maaned)

    def grupper(navn: str) -> str:
        g = v(navn)
        return f"{g[0]}-{g[-1]}" if g == list(range(g[0], g[-1] + 1)) else ", ".join(map(str, g))

    return (
        f"Tidlig indsats: andelen med mindst {v('min_samtaler')} samtaler (målgruppe "
        f"{grupper('samtale_maalgrupper')}) og andelen med et tilbud (målgruppe {grupper('tilbud_maalgrupper')}) "
        f"i de første {v('uger')} uger, for personer der når {v('uger')} uger i måneden; kommuner under "
        f"{v('graense_pct')} % {v('maaneder_i_traek')} måneder i træk (med mindst {v('min_personer')} personer) "
        f"markeres, og STAR skriver højst {v('breve_pr_aar')} gange om året."
    )


def _andel(taeller: ir.IntegerValue, naevner: ir.IntegerValue) -> ir.FloatingValue:
    return ibis.cases((naevner > 0, 100.0 * taeller.cast("float64") / naevner), else_=ibis.null("float64"))
