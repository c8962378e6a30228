"""ydelse (+ visitation) -> ydelsesgruppe and målgruppe as Ibis expressions, from the rulebook's
dated mapping (`maalgrupper.ydelser`, LAB § 6): each row by the mapping in force on its start."""

from __future__ import annotations

from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir

from tilsyn.engine.regler import i_kraft
from tilsyn.koder import MAALGRUPPER
from tilsyn.rules.rulebook import Rulebook


def med_grupper(ydelser: ir.Table, rules: Rulebook) -> ir.Table:
    """`ydelser` with `ydelsesgruppe` (string) and `maalgruppe` (int8, LAB § 6) added; NULL for a
    ydelse the mapping in force on the row's start does not know."""
    y = ydelser

    def gruppe(mapping: dict[str, Any]) -> ir.Value:
        return ibis.cases(*((y.ydelse == k, g["ydelsesgruppe"]) for k, g in mapping.items()), else_=ibis.null("string"))

    def maal(mapping: dict[str, Any]) -> ir.Value:
        efter_visitation = [((y.ydelse == k) & (y.visitation == v), m)
                            for k, g in mapping.items() for v, m in g.get("visitation", {}).items()]
        uden = [(y.ydelse == k, g["maalgruppe"]) for k, g in mapping.items()]
        return ibis.cases(*efter_visitation, *uden, else_=ibis.null("int8")).cast("int8")

    return y.mutate(ydelsesgruppe=i_kraft(rules, MAALGRUPPER, y.start, gruppe),
                    maalgruppe=i_kraft(rules, MAALGRUPPER, y.start, maal))


def i_kommune_paa_dag(ydelser: ir.Table, kommune: str | None, dag: date) -> ir.Table:
    """The periods of `kommune` (of every municipality: None) that run on `dag` (an open period runs on)."""
    y = ydelser
    paa_dag = (y.start <= dag) & (y.slut.isnull() | (y.slut >= dag))
    return y.filter(paa_dag if kommune is None else paa_dag & (y.kommune_kode == kommune))
