"""Kvoteopfyldelse (issue 12, spec 08): from lov 1750/2025's step 2 most per-citizen minimums are
quotas — a share (`kvote_andel`, 75 %) of the persons who reach the end of a window must have had
enough qualifying events in it. Per municipality (and per a-kasse where the data names it) and
month, for each quota requirement (one `krav_id`, all its målgrupper together).

The windows, due dates and event counts are `frister.krav_instanser`'s, as on the worklist and in
rettidighed [default: spec 08 leaves the measurement window open (U)]:
- a window **ends** on the requirement's `frist` (the day the clock reaches its last week; a tilbud's
  frist moved by an exemption); it counts in the month of that day, for the municipality whose ydelse
  counted that day (`frist_kommune`) and the a-kasse on the ydelse row of that day (`ydelser.a_kasse`);
  only windows that ended while the period ran, and (with `data_fra`) began inside the data;
- the person **reached** it when the window held at least `min_antal` qualifying events
  (`antal_rettidigt`); an exemption does not take the person out of the group (the quota's 25 % is
  the room for exceptions, spec 08: "Kommunen kan undtage op til 25 pct.");
- the **rolling 12 months** of month M are the windows that ended in M-11 … M;
- a person counts once per period whose window ended (two periods, two windows).
"""

from __future__ import annotations

from datetime import date
from typing import Mapping

import ibis
import ibis.expr.types as ir

from tilsyn import kommuner, tid
from tilsyn.engine.frister import krav_instanser, krav_tabel
from tilsyn.engine.perioder import union_alle
from tilsyn.engine.rettidighed import personer_i, perioder_i
from tilsyn.rules.rulebook import Rulebook

KOLONNER = (
    "niveau", "kommune_kode", "a_kasse", "maaned", "krav_id", "holdes_af", "kvote_pct",
    "personer", "naaet", "andel_pct", "opfyldt", "personer_12", "naaet_12", "andel_12_pct", "opfyldt_12",
)
PERSON_KOLONNER = (
    "kommune_kode", "a_kasse", "krav_id", "maaned", "person_id", "maalgruppe", "periode_start",
    "vindue_start", "frist", "antal", "min_antal", "naaet", "fritaget",
)
NIVEAUER = ("land", "kommune", "a_kasse")


def kvoter(rules: Rulebook) -> ir.Table:
    """The quota requirements of every regime: krav_id, art, kvote_andel, holdes_af, regel_fra,
    regel_til (one row per requirement and regime; `krav_tabel` has one per målgruppe)."""
    k = krav_tabel(rules)
    k = k.filter(k.kvote_andel.notnull())
    return k.select("krav_id", "art", "kvote_andel", holdes_af=k.kvote_holdes_af,
                    regel_fra=k.regel_fra, regel_til=k.regel_til).distinct()


def kvotesatser(rules: Rulebook) -> ir.Table:
    """`kvoter` as the opgørelser join them: k_id, holdes_af, kvote_pct (in %), regel_fra, regel_til;
    a month counts with the quotas in force on its last day."""
    kv = kvoter(rules)
    return kv.select(k_id=kv.krav_id, holdes_af=kv.holdes_af, kvote_pct=(100.0 * kv.kvote_andel).round(6),
                     regel_fra=kv.regel_fra, regel_til=kv.regel_til)


def kohorte(tables: Mapping[str, ir.Table], rules: Rulebook, fra: date, til: date, data_fra: date | None = None,
            kommune: str | None = None, haendelser_til: date | None = None) -> ir.Table:
    """The quota cohort of fra..til, one row per window: `krav_instanser`'s columns for the quota
    requirements whose window ended (`frist`) in fra..til while the period ran and (with `data_fra`)
    began inside the data, counted in `frist_kommune` (`kommune` only, if given), with the `a_kasse`
    on the ydelse row of the due date. The one definition of who is in a quota's group: the
    kvoteopfyldelse and the kvoteplan read it. `haendelser_til`: count only events up to that day
    (the plan's day; `antal_rettidigt` is then the events held by then)."""
    tables = personer_i(tables, kommune)
    perioder, seg = perioder_i(tables, rules, fra, til)
    x = krav_instanser(tables, rules, perioder, til=haendelser_til, segmenter=seg, forfalder_i=(fra, til),
                       kun_kvoter=True)
    x = x.filter(x.frist.between(fra, til) & (x.frist <= x.periode_slut.fill_null(ibis.date(tid.AABEN)))
                 & (x.vindue_start >= (data_fra or date.min)))
    if kommune is not None:
        x = x.filter(x.frist_kommune == kommune)
    y = tables["ydelser"]
    y = y.filter(y.a_kasse.notnull()).select(y_person=y.person_id, y_start=y.start, y_slut=y.slut,
                                             a_kasse=y.a_kasse)
    # validated ydelser never overlap for a person, so at most one row covers the due date
    x = x.left_join(y, [x.person_id == y.y_person, y.y_start <= x.frist,
                        y.y_slut.fill_null(ibis.date(tid.AABEN)) >= x.frist])
    x = x.drop("y_person", "y_start", "y_slut")
    return x.mutate(maaned=x.frist.truncate("M").cast("date"))


def personer(tables: Mapping[str, ir.Table], rules: Rulebook, fra: date, til: date,
             data_fra: date | None = None, kommune: str | None = None) -> ir.Table:
    """One row per quota requirement whose window ended in fra..til (PERSON_KOLONNER), of
    `kommune` if given: who, which window, how many qualifying events (`antal`) against
    `min_antal`, whether reached."""
    x = kohorte(tables, rules, fra, til, data_fra, kommune)
    return x.select(
        kommune_kode=x.frist_kommune, a_kasse=x.a_kasse, krav_id=x.krav_id,
        maaned=x.maaned, person_id=x.person_id, maalgruppe=x.maalgruppe,
        periode_start=x.periode_start, vindue_start=x.vindue_start, frist=x.frist,
        antal=x.antal_rettidigt, min_antal=x.min_antal, naaet=naaet(x),
        fritaget=x.fritaget,
    )


def naaet(x: ir.Table) -> ir.BooleanValue:
    """Whether a cohort row (`kohorte`) reached its requirement: enough qualifying events in the window."""
    return x.antal_rettidigt >= x.min_antal


def kvoteopfyldelse(tables: Mapping[str, ir.Table], rules: Rulebook, maaned: date, kommune: str | None = None,
                    data_fra: date | None = None) -> ir.Table:
    """The quotas of `maaned` (KOLONNER): the country, every municipality (all 98, zeros where no
    window ended) and every a-kasse (its own quotas, `holdes_af` = a_kasse, where `ydelser.a_kasse`
    names it); with `kommune`, that municipality and the a-kasser of its persons. For each quota in
    force on the month's last day: persons whose window ended in the month, how many reached it,
    the share in % (NULL without persons) and whether it meets `kvote_pct`; the same over the
    rolling 12 months (`_12`). `data_fra`: see `personer`."""
    maaned, sidste = tid.first_day(maaned), tid.last_day(maaned)
    kv = kvotesatser(rules)
    kv = kv.filter((kv.regel_fra <= sidste) & (kv.regel_til >= sidste)).drop("regel_fra", "regel_til")
    p = personer(tables, rules, tid.add_months(maaned, -11), sidste, data_fra, kommune)
    p = p.select("kommune_kode", "a_kasse", "krav_id", denne=p.maaned == maaned, naaet=p.naaet)
    koder = [kommune] if kommune else list(kommuner.kommuner())
    tomme = ibis.memtable({"kommune_kode": koder}).cross_join(kv.select(krav_id=kv.k_id))
    tomme = tomme.mutate(a_kasse=ibis.literal(None, "string"), denne=ibis.literal(False),
                         naaet=ibis.literal(None, "boolean"))
    u = union_alle(p, tomme.select(*p.columns))
    x = u.cross_join(ibis.memtable({"niveau": ["kommune", "a_kasse"] if kommune else list(NIVEAUER)}))
    x = x.mutate(
        kommune_kode=ibis.cases((x.niveau == "land", ibis.null("string")),
                                (x.niveau == "a_kasse", ibis.null("string") if kommune is None else x.kommune_kode),
                                else_=x.kommune_kode),
        a_kasse=ibis.cases((x.niveau == "a_kasse", x.a_kasse), else_=ibis.null("string")),
    )
    x = x.filter((x.niveau != "a_kasse") | x.a_kasse.notnull())
    x = x.join(kv, x.krav_id == kv.k_id).drop("k_id")
    x = x.filter((x.niveau != "a_kasse") | (x.holdes_af == "a_kasse"))

    def antal(betingelse: ir.BooleanValue) -> ir.IntegerValue:
        return betingelse.fill_null(False).cast("int64").sum()

    g = x.group_by(["niveau", "kommune_kode", "a_kasse", "krav_id", "holdes_af", "kvote_pct"]).aggregate(
        personer=antal(x.denne & x.naaet.notnull()), naaet=antal(x.denne & x.naaet),
        personer_12=x.naaet.count(), naaet_12=antal(x.naaet),
    )

    def andel(n: ir.IntegerValue, i_alt: ir.IntegerValue) -> ir.FloatingValue:
        return ibis.cases((i_alt > 0, 100.0 * n / i_alt), else_=ibis.null("float64"))

    def opfyldt(n: ir.IntegerValue, i_alt: ir.IntegerValue) -> ir.BooleanValue:
        return ibis.cases((i_alt > 0, 100.0 * n >= g.kvote_pct * i_alt), else_=ibis.null("boolean"))

    g = g.mutate(
        maaned=ibis.literal(maaned, "date"),
        andel_pct=andel(g.naaet, g.personer), opfyldt=opfyldt(g.naaet, g.personer),
        andel_12_pct=andel(g.naaet_12, g.personer_12), opfyldt_12=opfyldt(g.naaet_12, g.personer_12),
    )
    orden = ibis.cases(*((g.niveau == v, i) for i, v in enumerate(NIVEAUER)))
    return g.order_by([orden, g.kommune_kode, g.a_kasse, g.krav_id]).select(*KOLONNER)
