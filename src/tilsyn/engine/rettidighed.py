"""Timeliness (rettidighed, docs/frister.md) and the milestones worth flagging, vectorised in Ibis.

Every requirement whose due date falls in month M (and while the period still ran) is one of:
`rettidig` (met in its window), `fritaget` (not met in time, but exempt), `for_sent` (met after the
window, in the same period), `ikke_opfyldt`. Rettidighed = rettidig / (all − fritaget): a requirement
met on time counts as met even when an exemption also covered it, so the share never exceeds 100 %.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping

import ibis
import ibis.expr.types as ir

from tilsyn import kommuner, tid
from tilsyn.engine.frister import NOEGLE, krav_instanser
from tilsyn.engine.perioder import DAGPENGE, dato_for_urdag, union_alle, ure
from tilsyn.engine.sagsstamme import paa_dagen
from tilsyn.koder import RETTIDIGHED_TAL
from tilsyn.rules.rulebook import Rulebook

KOLONNER = ("niveau", "kommune_kode", "team", "sagsbehandler_id", "maaned", "art", *RETTIDIGHED_TAL)
MILEPAEL_KOLONNER = ("kommune_kode", "person_id", "milepael", "dato")


def personer_i(tables: Mapping[str, ir.Table], kommune: str | None) -> dict[str, ir.Table]:
    """`tables` with ydelser narrowed to persons who ever had a ydelse in `kommune`."""
    if kommune is None:
        return dict(tables)
    y = tables["ydelser"]
    egne = y.filter(y.kommune_kode == kommune).select(k_person=y.person_id).distinct()
    return {**tables, "ydelser": y.semi_join(egne, y.person_id == egne.k_person)}


def _i_maaneden(tables: Mapping[str, ir.Table], rules: Rulebook, maaned: date) -> tuple[ir.Table, ir.Table]:
    return perioder_i(tables, rules, tid.first_day(maaned), tid.last_day(maaned))


def perioder_i(tables: Mapping[str, ir.Table], rules: Rulebook, fra: date, til: date) -> tuple[ir.Table, ir.Table]:
    """The clock periods that run in fra..til, and their clocks' segments.

    A requirement due then lies within its period, so no other period can have one; and a
    period running then has a ydelse row starting by its end and one ending (or open) from
    its start. So the clocks are built for the persons with such rows only (a clock is a person's
    own: their whole history, nobody else's)."""
    y = tables["ydelser"]
    slut = y.slut.fill_null(ibis.date(tid.AABEN))
    aktive = y.group_by(a_person=y.person_id).aggregate(
        a_start=y.start.min(), a_slut=slut.max())
    aktive = aktive.filter((aktive.a_start <= til) & (aktive.a_slut >= fra))
    egne = y.semi_join(aktive, y.person_id == aktive.a_person)
    perioder, seg = ure(egne, rules)
    i_maaneden = (perioder.periode_start <= til) & (perioder.periode_slut.fill_null(ibis.date(tid.AABEN)) >= fra)
    return perioder.filter(i_maaneden), seg


def udfald(tables: Mapping[str, ir.Table], rules: Rulebook, maaned: date, kommune: str | None = None,
           data_fra: date | None = None) -> ir.Table:
    """One row per requirement due in `maaned`: NOEGLE, art, frist, kommune_kode, udfald,
    sagsbehandler_id and team. The requirement is the caseload owner's on the due date
    (`sagsstamme.paa_dagen`, the worklist's `sagsbehandler_id` on that day): once, also over a
    handover, and the owner's even while a substitute covers (the caseload is the owner's). Binding
    requirements only: a quota requirement (lov 1750/2025) is measured by the kvoteopfyldelse. With
    `data_fra` (the first day the data covers), a requirement whose window began earlier is left out:
    whether it was met cannot be told from the data."""
    tables = personer_i(tables, kommune)
    perioder, seg = _i_maaneden(tables, rules, maaned)
    x = krav_instanser(tables, rules, perioder, segmenter=seg,
                       forfalder_i=(tid.first_day(maaned), tid.last_day(maaned)))
    x = x.filter(x.frist.between(tid.first_day(maaned), tid.last_day(maaned)) & x.kvote_andel.isnull()
                 & (x.frist <= x.periode_slut.fill_null(ibis.date(tid.AABEN)))
                 & (x.vindue_start >= (data_fra or date.min)))
    if kommune is not None:
        x = x.filter(x.frist_kommune == kommune)
    x = x.select(
        *NOEGLE, "art", "frist", kommune_kode=x.frist_kommune,
        udfald=ibis.cases(
            (x.antal_rettidigt >= x.min_antal, "rettidig"), (x.fritaget, "fritaget"),
            (x.antal_i_alt >= x.min_antal, "for_sent"), else_="ikke_opfyldt",
        ),
    )
    x = paa_dagen(tables, x, "frist")
    sb = tables["sagsbehandlere"]
    sb = sb.select(b_id=sb.sagsbehandler_id, team=sb.team)
    x = x.left_join(sb, x.sagsbehandler_id == sb.b_id)
    return x.select(*NOEGLE, "art", "frist", "kommune_kode", "udfald", "sagsbehandler_id", "team")


NIVEAUER = ("land", "kommune", "team", "sagsbehandler")


def rettidighed(tables: Mapping[str, ir.Table], rules: Rulebook, maaned: date, kommune: str | None = None,
                data_fra: date | None = None, alle_niveauer: bool = False) -> ir.Table:
    """Rettidighed for `maaned`, samtaler and tilbud separately: the country and every municipality
    (all 98, zeros where nothing fell due); with `kommune`, that municipality and each team and
    caseworker in it. Columns KOLONNER; `niveau` is land, kommune, team or sagsbehandler. With
    `alle_niveauer` (and no `kommune`), every level of every municipality at once: a municipality's
    rows are those it has with `kommune` (what is kept per delivery).

    One pass: every outcome row is counted once per level (a cross join with the levels), and
    every municipality gets an empty row per art so it shows with zeros. `data_fra`: see `udfald`."""
    u = udfald(tables, rules, maaned, kommune, data_fra)
    u = u.select("kommune_kode", "team", "sagsbehandler_id", "art", "udfald")
    koder = [kommune] if kommune else list(kommuner.kommuner())
    tomme = ibis.memtable({"kommune_kode": koder}).cross_join(ibis.memtable({"art": ["samtale", "tilbud"]}))
    tomme = tomme.mutate(team=ibis.literal(None, "string"), sagsbehandler_id=ibis.literal(None, "string"),
                         udfald=ibis.literal(None, "string"))
    u = union_alle(u, tomme)
    niveauer = ["kommune", "team", "sagsbehandler"] if kommune else ["land", "kommune"]
    if alle_niveauer and not kommune:
        niveauer = list(NIVEAUER)
    x = u.cross_join(ibis.memtable({"niveau": niveauer}))
    x = x.mutate(
        kommune_kode=ibis.cases((x.niveau == "land", ibis.null("string")), else_=x.kommune_kode),
        team=ibis.cases((x.niveau.isin(["team", "sagsbehandler"]), x.team), else_=ibis.null("string")),
        sagsbehandler_id=ibis.cases((x.niveau == "sagsbehandler", x.sagsbehandler_id), else_=ibis.null("string")),
    )
    # the empty rows make the kommune level complete; at team level they would be a false empty team
    x = x.filter(x.udfald.notnull() | x.niveau.isin(["land", "kommune"]))

    def n(v: str) -> ir.IntegerValue:
        return (x.udfald == v).fill_null(False).cast("int64").sum()

    g = x.group_by(["niveau", "kommune_kode", "team", "sagsbehandler_id", "art"]).aggregate(
        antal_frister=x.udfald.count(), rettidige=n("rettidig"), for_sent=n("for_sent"),
        ikke_opfyldt=n("ikke_opfyldt"), fritaget=n("fritaget"),
    )
    grundlag = g.antal_frister - g.fritaget
    g = g.mutate(
        maaned=ibis.literal(tid.maaned_tekst(maaned)),
        rettidighed_pct=ibis.cases((grundlag > 0, (100.0 * g.rettidige / grundlag).round(2)),
                                   else_=ibis.null("float64")),
    )
    orden = ibis.cases(*((g.niveau == v, i) for i, v in enumerate(NIVEAUER)))
    return g.order_by([orden, g.kommune_kode, g.team, g.sagsbehandler_id, g.art]).select(*KOLONNER)


def milepaele(tables: Mapping[str, ir.Table], rules: Rulebook, maaned: date, kommune: str | None = None) -> ir.Table:
    """Milestones in `maaned`: `serviceopkald_mangler` — a new period whose first
    `dagpenge.servicesamtale_dage` days passed in the month without any samtale;
    `16_maaneder` — a dagpengeperiode whose sammenlagt ledighed reached `dagpenge.intensiveret_uger`
    in the month [LAB § 32]. Columns MILEPAEL_KOLONNER."""
    tables = personer_i(tables, kommune)
    dag = tid.last_day(maaned)
    ydelser = tables["ydelser"]
    p, seg = ure(ydelser, rules)
    dage = rules.vaerdi("dagpenge.servicesamtale_dage", dag=dag)
    p = p.mutate(urdag=ibis.literal(dage, "int64"), uger16=ibis.literal(tid.clock_days(
        rules.vaerdi("dagpenge.intensiveret_uger", dag=dag)), "int64"))
    p = dato_for_urdag(seg, p, "urdag", "service_frist")
    inden = (p.service_frist >= tid.first_day(maaned)) & (p.service_frist <= dag)
    s = tables["samtaler"]
    s = s.select(s_person=s.person_id, s_dato=s.dato)
    ps = p.filter(inden)
    kontakt = ps.join(s, [ps.person_id == s.s_person, s.s_dato >= ps.periode_start, s.s_dato <= ps.service_frist])
    kontakt = kontakt.select(c_person="person_id", c_start="periode_start", c_maal="maalgruppe").distinct()
    service = ps.anti_join(kontakt, [ps.person_id == kontakt.c_person, ps.periode_start == kontakt.c_start,
                                     ps.maalgruppe == kontakt.c_maal])
    service = service.select("kommune_kode", "person_id", milepael=ibis.literal("serviceopkald_mangler"),
                             dato=service.service_frist)
    dp = p.filter(p.maalgruppe == DAGPENGE)
    dp = dato_for_urdag(seg, dp, "uger16", "dato16")
    dp = dp.filter((dp.dato16 >= tid.first_day(maaned)) & (dp.dato16 <= dag)
                   & (dp.dato16 <= dp.periode_slut.fill_null(ibis.date(tid.AABEN))))
    dp = dp.select("kommune_kode", "person_id", milepael=ibis.literal("16_maaneder"), dato=dp.dato16)
    out = union_alle(service, dp)
    if kommune:
        out = out.filter(out.kommune_kode == kommune)
    return out.order_by(["kommune_kode", "dato", "person_id", "milepael"])
