"""ydelse (+ visitation) -> ydelsesgruppe and målgruppe as Ibis expressions, from `tilsyn.koder`."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import koder


def med_grupper(ydelser: ir.Table) -> ir.Table:
    """`ydelser` with `ydelsesgruppe` (string) and `maalgruppe` (int8, LAB § 6) added."""
    gruppe = ibis.cases(*((ydelser.ydelse == y, g) for y, (g, _) in koder.YDELSER.items()))
    maal_cases = []
    for ydelse, (_, by_visitation) in koder.YDELSER.items():
        for visitation, maalgruppe in by_visitation.items():
            if visitation is None:
                continue
            maal_cases.append(((ydelser.ydelse == ydelse) & (ydelser.visitation == visitation), maalgruppe))
    maal_cases += [(ydelser.ydelse == y, m[None]) for y, (_, m) in koder.YDELSER.items()]
    return ydelser.mutate(
        ydelsesgruppe=gruppe, maalgruppe=ibis.cases(*maal_cases).cast("int8")
    )


def i_kommune_paa_dag(ydelser: ir.Table, kommune: str, dag: date) -> ir.Table:
    """The periods of `kommune` that run on `dag` (an open period runs on)."""
    y = ydelser
    return y.filter((y.kommune_kode == kommune) & (y.start <= dag) & (y.slut.isnull() | (y.slut >= dag)))
