"""Fokusmål (spec 03): the monthly samtale- and tilbud-passive shares of each municipality's
population, their rolling 12-month mean and the year value.

The 12-month window of M is the whole months M-11..M, so every count is a rolling sum over a
month-numbered grid: the population's person-months, the samtaler per person-month, the hours per
person-month and the tilbud (start month, end month) are stacked in one table, and window functions
over each person's rows ordered by month number give all months' counts in one query.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import kommuner, tid
from tilsyn.engine.population import maanedsgitter, population_med_gitter
from tilsyn.rules.rulebook import Rulebook

# The month number given to a tilbud that is still running (later than any month).
_AABEN_NR = 10**7

_STAK = {
    "person_id": "string",
    "kommune_kode": "string",
    "forloeb_start": "date",
    "maaned_nr": "int64",
    "i_population": "boolean",
    "samtaler": "int64",
    "timer": "float64",
    "tilbud_slut_nr": "int64",
}


def personer(
    tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook
) -> ir.Table:
    """Every population person-month with the counts behind the verdict: `kommune_kode, maaned,
    person_id, forloeb_start, vindue_start, sidste, samtaler, timer, tilbud_i_vindue,
    min_samtaler, min_timer, samtale_passiv, tilbud_passiv`."""
    gitter = maanedsgitter(first_month, last_month, rules)
    pop = population_med_gitter(tables, gitter, rules)
    fra_nr = tid.maaned_nr(first_month) - 11
    til_nr = tid.maaned_nr(last_month)
    # Only the events of persons in a population, in the months their windows cover, matter.
    graenser = pop.group_by("person_id").aggregate(
        fra=pop.maaned_nr.min() - 11, til=pop.maaned_nr.max()
    )

    s = tables["samtaler"]
    s = s.mutate(maaned_nr=tid.maaned_nr_udtryk(s.dato))
    s = s.filter(s.maaned_nr.between(fra_nr, til_nr))
    s = s.group_by(["person_id", "maaned_nr"]).aggregate(samtaler=s.count())
    s = s.join(graenser, "person_id").filter(lambda r: r.maaned_nr.between(r.fra, r.til))

    b = tables["beskaeftigelse"]
    b = b.mutate(maaned_nr=tid.maaned_nr_udtryk(b.maaned))
    b = b.filter(b.maaned_nr.between(fra_nr, til_nr))
    b = b.group_by(["person_id", "maaned_nr"]).aggregate(timer=b.timer.sum())
    b = b.join(graenser, "person_id").filter(lambda r: r.maaned_nr.between(r.fra, r.til))

    t = tables["tilbud"]
    t = t.mutate(
        maaned_nr=tid.maaned_nr_udtryk(t.start),
        tilbud_slut_nr=tid.maaned_nr_udtryk(t.slut).fill_null(_AABEN_NR),
    )
    t = t.join(graenser, "person_id").filter(lambda r: (r.maaned_nr <= r.til) & (r.tilbud_slut_nr >= r.fra))

    def stak(table: ir.Table, **values) -> ir.Table:
        cols = {c: values.get(c, table[c] if c in table.columns else ibis.null(k)) for c, k in _STAK.items()}
        return table.select(**{c: v.cast(_STAK[c]) for c, v in cols.items()})

    rows = ibis.union(
        stak(pop, i_population=ibis.literal(True)),
        stak(s, i_population=ibis.literal(False)),
        stak(b, i_population=ibis.literal(False)),
        stak(t, i_population=ibis.literal(False)),
    )
    vindue = ibis.range_window(preceding=11, following=0, group_by="person_id", order_by="maaned_nr")
    hidtil = ibis.range_window(preceding=None, following=0, group_by="person_id", order_by="maaned_nr")
    rows = rows.mutate(
        samtaler=rows.samtaler.sum().over(vindue),
        timer=rows.timer.sum().over(vindue),
        tilbud_slut_nr=rows.tilbud_slut_nr.max().over(hidtil),
    ).filter(lambda r: r.i_population)

    out = rows.join(gitter, "maaned_nr")
    samtaler = out.samtaler.fill_null(0)
    timer = out.timer.fill_null(0.0)
    tilbud_i_vindue = (out.tilbud_slut_nr >= out.maaned_nr - 11).fill_null(False)
    return out.select(
        "kommune_kode",
        "maaned",
        "person_id",
        "forloeb_start",
        "vindue_start",
        "sidste",
        samtaler=samtaler,
        timer=timer,
        tilbud_i_vindue=tilbud_i_vindue,
        min_samtaler=out.min_samtaler,
        min_timer=out.min_timer,
        samtale_passiv=samtaler < out.min_samtaler,
        tilbud_passiv=~tilbud_i_vindue & (timer < out.min_timer),
    )


def _kommune_gitter(first_month: date, last_month: date) -> ir.Table:
    koder = list(kommuner.kommuner())
    maaneder = tid.months(first_month, last_month)
    return ibis.memtable(
        {
            "kommune_kode": [k for k in koder for _ in maaneder],
            "maaned": [m for _ in koder for m in maaneder],
        },
        schema={"kommune_kode": "string", "maaned": "date"},
    )


def maanedlige(
    tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook
) -> ir.Table:
    """`kommune_kode, maaned, population, passive_samtaler, passive_tilbud, andel_samtaler,
    andel_tilbud` for all 98 municipalities and every month; shares in %, NULL when population 0."""
    p = personer(tables, first_month, last_month, rules)
    agg = p.group_by(["kommune_kode", "maaned"]).aggregate(
        population=p.count(),
        passive_samtaler=p.samtale_passiv.cast("int64").sum(),
        passive_tilbud=p.tilbud_passiv.cast("int64").sum(),
    )
    g = _kommune_gitter(first_month, last_month)
    j = g.left_join(agg, ["kommune_kode", "maaned"])
    population = j.population.fill_null(0)

    def andel(passive):
        return ibis.cases((population > 0, passive.fill_null(0) * 100.0 / population), else_=ibis.null("float64"))

    return j.select(
        "kommune_kode",
        "maaned",
        population=population,
        passive_samtaler=j.passive_samtaler.fill_null(0),
        passive_tilbud=j.passive_tilbud.fill_null(0),
        andel_samtaler=andel(j.passive_samtaler),
        andel_tilbud=andel(j.passive_tilbud),
    )


def rullende(
    tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook
) -> ir.Table:
    """`maanedlige` plus `gns12_samtaler, gns12_tilbud`: the mean of the monthly shares of
    M-11..M, months with an empty share skipped (computed from 11 months before first_month)."""
    m = maanedlige(tables, tid.add_months(first_month, -11), last_month, rules)
    w = ibis.window(group_by="kommune_kode", order_by="maaned", preceding=11, following=0)
    m = m.mutate(gns12_samtaler=m.andel_samtaler.mean().over(w), gns12_tilbud=m.andel_tilbud.mean().over(w))
    return m.filter(m.maaned >= first_month)


def aarsvaerdier(tables: dict[str, ir.Table], aar: int, rules: Rulebook) -> ir.Table:
    """`kommune_kode, aar, vaerdi_samtaler, vaerdi_tilbud`: the mean of the monthly shares of
    January-December, skipping `fokusmaal.udeladte_maaneder` in force on 31 December (and empty
    shares); NULL when no month has a share."""
    udeladte = [tid.parse_maaned(t) for t in rules.value_on("fokusmaal.udeladte_maaneder", date(aar, 12, 31))]
    m = maanedlige(tables, date(aar, 1, 1), date(aar, 12, 1), rules)
    if udeladte:
        m = m.filter(~m.maaned.isin(udeladte))
    return m.group_by("kommune_kode").aggregate(
        aar=ibis.literal(aar, "int64"),
        vaerdi_samtaler=m.andel_samtaler.mean(),
        vaerdi_tilbud=m.andel_tilbud.mean(),
    ).select("kommune_kode", "aar", "vaerdi_samtaler", "vaerdi_tilbud")
