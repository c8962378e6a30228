"""Clocks: the periods the law counts deadlines from, and their counting days.

Two kinds of period:
- **målgruppe period**: a continuous period on the same målgruppe; a change of målgruppe starts a new
  one (revalidering and forrevalidering are both målgruppe 10, so moving between them does not),
  and a gap containing `forloeb.tomme_maaneder_afslutter` complete calendar months ends it [LAB § 9].
  Its clock counts every calendar day from the start (short gaps are bridged, not paused).
- **dagpengeperiode** (målgruppe 1): dagpenge rows less than `dagpenge.ny_periode_efter_uger` weeks
  apart. Its clock is *sammenlagt ledighed*: only days on dagpenge count, and only on the days
  `dagpenge.taeller_i_sammenlagt_ledighed` is true (not in the COVID periods) [BEK 2636/2021 § 7].

A clock is a table of counting **segments** per period: `seg_start`..`seg_slut` (inclusive, every day
counts) and `cum_start`, the clock value before the segment. Clock day N falls on
`seg_start + (N - cum_start - 1)` in the segment where `cum_start < N <= cum_start + days`. The last
segment of every period runs to `tid.AABEN`: for a running period the clock assumes the person stays
on the benefit; for an ended period the caller compares dates with `periode_slut`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Callable

import ibis
import ibis.expr.types as ir

from tilsyn import tid
from tilsyn.engine.regler import i_kraft
from tilsyn.engine.ydelser import med_grupper
from tilsyn.rules.rulebook import Rulebook

PERIODE_KOLONNER = ("person_id", "kommune_kode", "maalgruppe", "periode_start", "periode_slut")
DAGPENGE = 1


def union_alle(a: ir.Table, b: ir.Table) -> ir.Table:
    """UNION ALL of two tables with the same columns, whatever their nullability."""
    schema = {c: t.copy(nullable=True) for c, t in a.schema().items()}
    return a.cast(schema).union(b.select(*a.columns).cast(schema))


def _nummerer(rows: ir.Table, ny: Callable[[ir.Table], ir.BooleanValue]) -> tuple[ir.Table, ir.Table]:
    """Number each person's rows into periods: a row starts a new one when `ny(rows)` holds. The
    numbered rows with their period's values, and the periods (`PERIODE_KOLONNER`)."""
    w = ibis.window(group_by=rows.person_id, order_by=rows.start)
    rows = rows.mutate(forrige_maal=rows.maalgruppe.lag().over(w), forrige_slut=rows.slut.lag().over(w))
    first = rows.forrige_maal.isnull()
    rows = rows.mutate(ny=(first | ny(rows).fill_null(False)).cast("int64"))
    rows = rows.mutate(periode_nr=rows.ny.cumsum(group_by=rows.person_id, order_by=rows.start),
                       naeste_start=rows.start.lead().over(w))
    # a period's own values by a group-by joined back: windows over (person, period) were the
    # largest cost of the clocks (DuckDB keeps every row of every partition for them); the same
    # group-by is the periods themselves (one group-by of the rows, not two)
    g = rows.group_by(g_person=rows.person_id, g_nr=rows.periode_nr).aggregate(
        periode_start=rows.start.min(),
        periode_slut=ibis.cases((rows.slut.isnull().any(), ibis.null("date")), else_=rows.slut.max()),
        sidste_kommune=rows.kommune_kode.argmax(rows.start),
        g_maal=rows.maalgruppe.max(),  # one målgruppe per period: a change starts a new one
    )
    perioder = g.select(person_id=g.g_person, kommune_kode=g.sidste_kommune, maalgruppe=g.g_maal,
                        periode_start=g.periode_start, periode_slut=g.periode_slut)
    rows = rows.join(g, [rows.person_id == g.g_person, rows.periode_nr == g.g_nr]).drop("g_person", "g_nr", "g_maal")
    return rows, perioder


def _maalgruppe_raekker(ydelser: ir.Table, rules: Rulebook) -> tuple[ir.Table, ir.Table]:
    rows = med_grupper(ydelser, rules)

    def ny(r: ir.Table) -> ir.BooleanValue:
        brud = i_kraft(
            rules, "forloeb.tomme_maaneder_afslutter", r.start,
            lambda k: r.start >= tid.periode_brud_expr(r.forrige_slut, int(k)),
        )
        return (r.maalgruppe != r.forrige_maal) | brud

    return _nummerer(rows, ny)


def _dagpenge_raekker(ydelser: ir.Table, rules: Rulebook) -> tuple[ir.Table, ir.Table]:
    rows = med_grupper(ydelser, rules)
    rows = rows.filter(rows.maalgruppe == DAGPENGE)

    def ny(r: ir.Table) -> ir.BooleanValue:
        uden = tid.dage_mellem(r.forrige_slut, r.start) - 1  # days without dagpenge in between
        return i_kraft(
            rules, "dagpenge.ny_periode_efter_uger", r.start,
            lambda uger: uden >= tid.clock_days(uger),
        )

    return _nummerer(rows, ny)


def maalgruppe_perioder(ydelser: ir.Table, rules: Rulebook) -> ir.Table:
    """Continuous periods on the same målgruppe [LAB § 9]: one row per person and period.

    `kommune_kode` is the municipality of the period's latest ydelse row; `periode_slut` is NULL
    while the period's last row is ongoing."""
    return _maalgruppe_raekker(ydelser, rules)[1]


def ure(ydelser: ir.Table, rules: Rulebook) -> tuple[ir.Table, ir.Table]:
    """`ur_perioder` and `ur_segmenter` built on the same numbered rows, so an expression using
    both computes (and compiles) the numbering once."""
    (andre, andre_perioder), (dp, dp_perioder) = _maalgruppe_raekker(ydelser, rules), _dagpenge_raekker(ydelser, rules)
    perioder = union_alle(andre_perioder.filter(andre_perioder.maalgruppe != DAGPENGE), dp_perioder)
    return perioder, _segmenter(andre, dp, rules)


def ur_perioder(ydelser: ir.Table, rules: Rulebook) -> ir.Table:
    """The periods deadlines count from: dagpengeperioder for målgruppe 1, målgruppe periods for
    the rest. For one person, periods of the same målgruppe never overlap."""
    return ure(ydelser, rules)[0]


def _taellevinduer(rules: Rulebook) -> ir.Table:
    """The stretches of calendar in which dagpenge days count: the runs of days on which
    `dagpenge.taeller_i_sammenlagt_ledighed` is true (a first run reaches back before 2016)."""
    values = rules.dagvaerdier("dagpenge.taeller_i_sammenlagt_ledighed")
    slut = [nxt.start - timedelta(days=1) for nxt in values[1:]] + [tid.AABEN]
    starts = [tid.FOERSTE_DAG] + [v.start for v in values[1:]]
    vinduer = [(s, e) for s, e, v in zip(starts, slut, values) if v.value]
    return ibis.memtable(
        {"v_start": [s for s, _ in vinduer], "v_slut": [e for _, e in vinduer]}
    ).cast({"v_start": "date", "v_slut": "date"})


def ur_segmenter(ydelser: ir.Table, rules: Rulebook) -> ir.Table:
    """Counting segments of every clock: person_id, maalgruppe, periode_start, periode_slut,
    kommune_kode (of the ydelse row), seg_start, seg_slut, cum_start."""
    return ure(ydelser, rules)[1]


def _segmenter(andre: ir.Table, dp: ir.Table, rules: Rulebook) -> ir.Table:
    andre = andre.filter(andre.maalgruppe != DAGPENGE)
    # every calendar day counts: a segment runs to the day before the period's next row
    w = ibis.window(group_by=andre.person_id, order_by=andre.start)
    samme = andre.ny.lead().over(w).fill_null(1) == 0
    andre = andre.mutate(
        seg_start=andre.start,
        seg_slut=ibis.cases((samme, tid.plus_dage(andre.naeste_start, -1)), else_=ibis.date(tid.AABEN)),
    )
    dp_w = ibis.window(group_by=dp.person_id, order_by=dp.start)
    sidste = dp.ny.lead().over(dp_w).fill_null(1) == 1
    dp = dp.mutate(seg_slut=ibis.cases((sidste, ibis.date(tid.AABEN)), else_=dp.slut))
    v = _taellevinduer(rules)
    dp = dp.join(v, [dp.start <= v.v_slut, dp.seg_slut >= v.v_start])
    dp = dp.mutate(
        seg_start=ibis.greatest(dp.start, dp.v_start), seg_slut=ibis.least(dp.seg_slut, dp.v_slut)
    )
    cols = ["person_id", "maalgruppe", "periode_start", "periode_slut", "kommune_kode", "seg_start", "seg_slut"]
    seg = union_alle(andre.select(*cols), dp.select(*cols))
    dage = tid.dage_mellem(seg.seg_start, seg.seg_slut) + 1
    seg = seg.mutate(dage=dage)
    cum = seg.dage.cumsum(group_by=[seg.person_id, seg.maalgruppe, seg.periode_start], order_by=seg.seg_start)
    return seg.mutate(cum_start=cum - seg.dage).drop("dage")


def dato_for_urdag(
    segmenter: ir.Table, tabel: ir.Table, urdag: str, navn: str, kommune: str | None = None
) -> ir.Table:
    """`tabel` (with person_id, maalgruppe, periode_start and an integer column `urdag`) plus the
    date `navn` on which its clock reaches that day (NULL when it never does) and, if `kommune`
    names a column, the municipality of the ydelse row counting that day."""
    s = segmenter.select(
        s_person=segmenter.person_id, s_maal=segmenter.maalgruppe, s_pstart=segmenter.periode_start,
        s_start=segmenter.seg_start, s_cum=segmenter.cum_start, s_kommune=segmenter.kommune_kode,
        # the segment's last clock day, once per segment rather than once per pair the join weighs
        s_til=segmenter.cum_start + tid.dage_mellem(segmenter.seg_start, segmenter.seg_slut) + 1,
    )
    n = tabel[urdag]
    joined = tabel.left_join(
        s,
        [
            tabel.person_id == s.s_person, tabel.maalgruppe == s.s_maal,
            tabel.periode_start == s.s_pstart, s.s_cum < n,
            n <= s.s_til,
        ],
    )
    dato = tid.plus_dage(joined.s_start, joined[urdag] - joined.s_cum - 1)
    # one projection (a smaller expression for Ibis to compile than a mutate, rename and drop)
    return joined.select(*tabel.columns, **({kommune: joined.s_kommune} if kommune else {}), **{navn: dato})
