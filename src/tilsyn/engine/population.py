"""The population of month M (bekendtgørelse om skærpet tilsyn, kapitel 3, fokusmål): persons on an in-scope ydelse on last(M) in municipality K
whose forløb started on or before first(M-11). Many months are computed in one query by joining the
periods with a small monthly grid that carries each month's dates and rule values."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import tid
from tilsyn.engine.forloeb import perioder
from tilsyn.rules.rulebook import Rulebook


def maanedsgitter(first_month: date, last_month: date, rules: Rulebook) -> ir.Table:
    """One row per month M: `maaned`, `maaned_nr`, `sidste` = last(M), `vindue_start` (the window's first day),
    `senest_forloeb_start` (anciennitet), and the fokusmål rule values in force on last(M)."""
    rows = []
    for m in tid.months(first_month, last_month):
        sidste = tid.last_day(m)
        anciennitet = rules.vaerdi("fokusmaal.anciennitet_maaneder", maaned=m)
        rows.append(
            {
                "maaned": m,
                "maaned_nr": tid.maaned_nr(m),
                "sidste": sidste,
                "vindue_start": tid.window(m, rules.vaerdi("fokusmaal.vindue_maaneder", maaned=m))[0],
                "senest_forloeb_start": tid.senest_forloeb_start(m, anciennitet),
                "min_samtaler": rules.vaerdi("fokusmaal.samtaler.min_antal", maaned=m),
                "min_timer": float(rules.vaerdi("fokusmaal.tilbud.min_timer", maaned=m)),
            }
        )
    if not rows:
        raise ValueError("første måned ligger efter sidste måned")
    schema = {
        "maaned": "date",
        "maaned_nr": "int64",
        "sidste": "date",
        "vindue_start": "date",
        "senest_forloeb_start": "date",
        "min_samtaler": "int64",
        "min_timer": "float64",
    }
    return ibis.memtable({k: [r[k] for r in rows] for k in schema}, schema=schema)


def population_med_gitter(
    tables: dict[str, ir.Table], gitter: ir.Table, rules: Rulebook
) -> ir.Table:
    """Population rows `kommune_kode, person_id, forloeb_start` joined to their grid month."""
    p = perioder(tables["ydelser"], rules)
    j = p.join(
        gitter,
        [
            p.start <= gitter.sidste,
            p.slut_aaben >= gitter.sidste,
            p.forloeb_start <= gitter.senest_forloeb_start,
        ],
    )
    return j.select(
        "kommune_kode", "person_id", "forloeb_start", *gitter.columns
    )

