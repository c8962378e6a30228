"""Fuldtidspersoner on public support per municipality (docs/measures.md, Resultatmål): the numerator of
the actual share, as one Ibis expression that runs on any backend."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn.engine.ydelser import med_grupper
from tilsyn.koder import I_ALT
from tilsyn.rules.rulebook import Rulebook
from tilsyn.tid import days_inclusive


def fuldtidspersoner(tables: dict[str, ir.Table], start: date, slut: date, rules: Rulebook) -> ir.Table:
    """[kommune_kode, ydelsesgruppe, fuldtidspersoner]: days covered by in-scope ydelse periods
    within start..slut, divided by the days in the period; one row per ydelsesgruppe plus a
    total with ydelsesgruppe 'i_alt'. An empty `slut` is an ongoing period."""
    ydelser = med_grupper(tables["ydelser"], rules)
    p_start, p_slut = ibis.literal(start), ibis.literal(slut)
    inde = ydelser.filter(ydelser.start <= p_slut, ydelser.slut.isnull() | (ydelser.slut >= p_start))
    fra = ibis.greatest(inde.start, p_start)
    til = ibis.least(inde.slut.coalesce(p_slut), p_slut)
    dage = inde.mutate(dage=til.delta(fra, unit="day") + 1)
    per_gruppe = dage.group_by("kommune_kode", "ydelsesgruppe").aggregate(dage=dage.dage.sum())
    i_alt = dage.group_by("kommune_kode").aggregate(
        ydelsesgruppe=ibis.literal(I_ALT), dage=dage.dage.sum()
    )
    alle = per_gruppe.union(i_alt.select("kommune_kode", "ydelsesgruppe", "dage"))
    return alle.select(
        "kommune_kode",
        "ydelsesgruppe",
        fuldtidspersoner=alle.dage.cast("float64") / days_inclusive(start, slut),
    )
