"""Forløb: a person's in-scope benefit periods merged until a complete calendar month
without benefit lies between two of them. Vectorised with window functions over each person's
periods ordered by start; no per-person Python."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import koder, tid
from tilsyn.engine.regler import i_kraft
from tilsyn.rules.rulebook import Rulebook

AABEN = tid.AABEN  # the end given to a running period (slut NULL), so max() works


def perioder(ydelser: ir.Table, rules: Rulebook) -> ir.Table:
    """The in-scope periods with the `forloeb_start` (and running end) of the forløb they belong to.

    Columns of `ydelser` plus `slut_aaben` (slut, or AABEN when ongoing), `forloeb_nr` (1, 2, … per
    person) and `forloeb_start`.
    """
    p = ydelser.filter(ydelser.ydelse.isin(list(koder.YDELSER)))
    p = p.mutate(slut_aaben=p.slut.fill_null(AABEN))
    order = ["start", "slut_aaben"]
    foer = ibis.window(group_by="person_id", order_by=order, rows=(None, -1))
    p = p.mutate(forrige_slut=p.slut_aaben.max().over(foer))  # latest end of the earlier periods
    tomme = i_kraft(rules, "forloeb.tomme_maaneder_afslutter", p.start, ibis.literal)
    # complete empty months between the month of the previous end and the month of this start
    mellem = tid.maaned_nr_udtryk(p.start) - tid.maaned_nr_udtryk(p.forrige_slut) - 1
    p = p.mutate(nyt=p.forrige_slut.isnull() | (mellem >= tomme))
    hidtil = ibis.cumulative_window(group_by="person_id", order_by=order)
    p = p.mutate(
        forloeb_nr=p.nyt.cast("int64").sum().over(hidtil),
        forloeb_start=ibis.cases((p.nyt, p.start)).max().over(hidtil),
    )
    return p.drop("forrige_slut", "nyt")


def perioder_mellem(ydelser: ir.Table, rules: Rulebook, foerste: date, sidste: date) -> ir.Table:
    """`perioder`, only for the persons with a period running some day of foerste..sidste, from
    their periods starting on or before sidste. A forløb start is made from a person's earlier
    periods only, so the later ones and the other persons cannot change it; the windows then sort a
    part of the history instead of all of it (the largest cost of a month's fokusmål)."""
    y = ydelser.filter(ydelser.start <= sidste)
    loebende = y.filter(y.slut.isnull() | (y.slut >= foerste)).select("person_id").distinct()
    return perioder(y.semi_join(loebende, "person_id"), rules)


def forloeb(ydelser: ir.Table, rules: Rulebook) -> ir.Table:
    """One row per forløb: `person_id, forloeb_start, forloeb_slut` (NULL while it is running)."""
    p = perioder(ydelser, rules)
    f = p.group_by(["person_id", "forloeb_nr"]).aggregate(
        forloeb_start=p.start.min(), slut_aaben=p.slut_aaben.max()
    )
    slut = ibis.cases((f.slut_aaben == AABEN, ibis.null("date")), else_=f.slut_aaben)
    return f.select("person_id", "forloeb_start", forloeb_slut=slut)
