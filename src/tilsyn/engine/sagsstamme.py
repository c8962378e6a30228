"""Whose caseload a citizen is on a day, and which worklist lines are a caseworker's or a team's.

One caseload per person and day: when `sagsstammer` rows of one person overlap, the row that started
latest wins on the days it covers (a handover; the earlier row takes over again when the later one
ends), ties broken by the lowest `sagsbehandler_id`. A `fravaer` row of that caseworker covering the
day makes its `vikar_id` responsible; absent without a substitute, no one is. Which of overlapping
absences decides is `afgoerelser`'s rule, the same here and for rows (`med_fravaer`).

A worklist line is a caseworker's when they own the caseload or are responsible for it (cover it),
and a team's when the owner or the responsible caseworker is on the team: a team leader sees the
cases the team owns and those it covers for others. One rule for the engine's filters and the web's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import afgoerelser, tid


def paa_dagen(tables: Mapping[str, ir.Table], rows: ir.Table, dag: str) -> ir.Table:
    """`rows` (distinct rows with person_id and the date column `dag`) plus `sagsbehandler_id` (the
    caseload owner that day), `ansvarlig_id` and `daekket_af_vikar`; NULL, NULL, false without one."""
    s = tables["sagsstammer"]
    s = s.select(s_person=s.person_id, s_sb=s.sagsbehandler_id, s_start=s.start,
                 s_slut=s.slut.fill_null(ibis.date(tid.AABEN)))
    x = rows.left_join(s, [rows.person_id == s.s_person, s.s_start <= rows[dag], s.s_slut >= rows[dag]])
    w = ibis.window(group_by=[x[c] for c in rows.columns], order_by=[ibis.desc(x.s_start), x.s_sb])
    x = x.mutate(nr=ibis.row_number().over(w))
    x = x.filter(x.nr == 0).drop("s_person", "s_start", "s_slut", "nr")
    f = tables["fravaer"]
    f = f.select(f_sb=f.sagsbehandler_id, f_start=f.start, f_slut=f.slut, f_vikar=f.vikar_id)
    xf = x.left_join(f, [x.s_sb == f.f_sb, f.f_start <= x[dag], f.f_slut >= x[dag]])
    w = ibis.window(group_by=[xf[c] for c in x.columns], order_by=afgoerelser.fravaer_orden(xf.f_start, xf.f_vikar))
    x = xf.mutate(nr=ibis.row_number().over(w))
    x = x.filter(x.nr == 0)
    fravaer = x.f_start.notnull()
    return x.select(
        *rows.columns, sagsbehandler_id=x.s_sb,
        ansvarlig_id=ibis.cases((fravaer, x.f_vikar), else_=x.s_sb),
        daekket_af_vikar=fravaer & x.f_vikar.notnull(),
    )


def ansvarlige(tables: Mapping[str, ir.Table], dag: date) -> ir.Table:
    """person_id, sagsbehandler_id, ansvarlig_id, daekket_af_vikar of everyone with a caseload on `dag`."""
    s = tables["sagsstammer"]
    s = s.filter((s.start <= dag) & (s.slut.isnull() | (s.slut >= dag)))
    personer = s.select("person_id").distinct().mutate(dag=ibis.literal(dag, "date"))
    return paa_dagen(tables, personer, "dag").drop("dag")


def linjens_sagsbehandlere(linje) -> tuple:
    """The caseworkers a worklist line belongs to: the caseload owner and the responsible one (the
    substitute while the owner is away). A caseworker's and a team's lists are made of these lines.
    `linje` is a result row or an Ibis table (then the columns)."""
    return linje["sagsbehandler_id"], linje["ansvarlig_id"]


def hos(rows: ir.Table, sagsbehandlere: ir.Column | Collection[str]) -> ir.Table:
    """The lines of `rows` that belong to one of `sagsbehandlere` (ids, or a column of them)."""
    ids = sagsbehandlere if isinstance(sagsbehandlere, ir.Column) else list(sagsbehandlere)
    ejer, ansvarlig = linjens_sagsbehandlere(rows)
    return rows.filter(ejer.isin(ids).fill_null(False) | ansvarlig.isin(ids).fill_null(False))


def angaar(linje: Mapping, sagsbehandlere: Collection[str]) -> bool:
    """Whether a result row belongs to one of `sagsbehandlere` (the rule of `hos`, for rows)."""
    return any(s is not None and s in sagsbehandlere for s in linjens_sagsbehandlere(linje))


def med_fravaer(linje: dict, fravaer: Collection, dag: date) -> dict:
    """A result row with the absences registered in the web applied on top of the delivery's (the
    rule of `paa_dagen`, for rows): when its caseload owner has one covering `dag`, the substitute is
    responsible (no one without a substitute). `fravaer`: objects with sagsbehandler_id, fra, til,
    vikar_id; where two cover the day, `afgoerelser.daekkende_fravaer` says which decides."""
    f = afgoerelser.daekkende_fravaer(fravaer, linje["sagsbehandler_id"], dag)
    if f is None:
        return linje
    return {**linje, "ansvarlig_id": f.vikar_id, "daekket_af_vikar": f.vikar_id is not None}


def holdet(teams: Mapping[str, str | None], team: str) -> set[str]:
    """The caseworkers of `team`, from a map sagsbehandler_id → team."""
    return {s for s, t in teams.items() if t == team}
