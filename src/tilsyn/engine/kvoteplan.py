"""Kvoteplanen (lov 1750/2025, docs/kvoter.md "Kvoteplan"): the quotas before their windows close.

For a plan day d and the months M, M+1, … from d's month: the cohort of each quota and month is the
kvoteopfyldelse's (`kvoter.kohorte`: same windows, period rule and holder rule), its events counted
up to the end of d. Each window is then exactly one of
- `naaet`: enough qualifying events in the window by d (`kvoter.naaet`);
- `aaben`: not reached, and the window's last day (`vinduets_slut`: its last day while the period
  runs) is after d;
- `tabt`: not reached, and the window has closed.
`booket`: an `aaben` window whose booked `aftaler` of the requirement's art, from d+1 to the window's
last day, would reach the requirement if held [default: an aftale counts as one event of its art;
the data do not say how long a booked tilbud will last].

The cohort is the delivery's: a window that ends in M but begins after d is in it when the data
reach that far, and `aaben` until it closes (so bund never falls and loft never rises as d moves
forward). With d on the data's last day such persons are not in the data yet; the presenters say so.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping

import ibis
import ibis.expr.types as ir

from tilsyn import kommuner, tid
from tilsyn.engine.kvoter import kohorte, kvotesatser, naaet
from tilsyn.engine.perioder import union_alle
from tilsyn.engine.sagsstamme import ansvarlige
from tilsyn.rules.rulebook import Rulebook

KOLONNER = (
    "niveau", "kommune_kode", "team", "a_kasse", "krav_id", "maaned", "kvote_pct", "personer", "naaet",
    "aaben", "booket", "tabt", "behov", "bund_pct", "med_aftaler_pct", "loft_pct", "status",
    "rullende_bund_pct", "rullende_loft_pct",
)
PERSON_KOLONNER = ("person_id", "krav_id", "maaned", "vinduets_slut", "status", "booket", "noedvendig",
                   "ansvarlig_id")
NIVEAUER = ("land", "kommune", "team", "a_kasse")
STATUSSER = ("kan_ikke_naas", "i_fare", "paa_vej", "naaet")  # the most pressing first
_TAL = ("personer", "naaet", "aaben", "booket", "tabt")


def plan_maaneder(dag: date, maaneder: int) -> list[date]:
    """The plan's months: `maaneder` months from `dag`'s month."""
    return [tid.add_months(tid.first_day(dag), i) for i in range(maaneder)]


def _maaneder(dag: date, maaneder: int) -> ir.Table:
    """The plan's months as a table: p_maaned, p_fra (11 months before: the rolling 12), p_slut."""
    m = plan_maaneder(dag, maaneder)
    return ibis.memtable({"p_maaned": m, "p_fra": [tid.add_months(x, -11) for x in m],
                          "p_slut": [tid.last_day(x) for x in m]})


def personer_paa_dagen(tables: Mapping[str, ir.Table], rules: Rulebook, dag: date, maaneder: int = 3,
                       kommune: str | None = None, data_fra: date | None = None,
                       rullende: bool = True) -> ir.Table:
    """One row per window of the plan months' cohorts (with `rullende`, from 11 months before the
    first) as of the end of `dag`: kommune_kode, team, a_kasse, krav_id, maaned, person_id,
    vinduets_slut, status (naaet | aaben | tabt), booket, sagsbehandler_id, ansvarlig_id. The team
    is the caseload owner's on `dag` (`sagsstamme.ansvarlige`, the worklist's rule)."""
    foerste = tid.first_day(dag)
    fra = tid.add_months(foerste, -11) if rullende else foerste
    til = tid.last_day(tid.add_months(foerste, maaneder - 1))
    x = kohorte(tables, rules, fra, til, data_fra, kommune, haendelser_til=dag)
    x = x.select("person_id", "periode_start", "maalgruppe", "krav_id", "art", "frist_kommune", "a_kasse",
                 "maaned", "vindue_start", "antal_rettidigt", "min_antal",
                 vinduets_slut=ibis.least(x.vindue_slut, x.periode_slut.fill_null(ibis.date(tid.AABEN))))
    a = tables["aftaler"]
    a = a.select(a_person=a.person_id, a_dato=a.dato, a_art=a.art)
    xa = x.left_join(a, [x.person_id == a.a_person, x.art == a.a_art, a.a_dato > dag,
                         a.a_dato >= x.vindue_start, a.a_dato <= x.vinduets_slut])
    x = xa.group_by(list(x.columns)).aggregate(aftaler=xa.a_dato.count())
    aaben = ~naaet(x) & (x.vinduets_slut > dag)
    x = x.mutate(status=ibis.cases((naaet(x), "naaet"), (aaben, "aaben"), else_="tabt"),
                 booket=aaben & (x.antal_rettidigt + x.aftaler >= x.min_antal))
    ans = ansvarlige(tables, dag)
    sb = tables["sagsbehandlere"]
    sb = sb.select(t_sb=sb.sagsbehandler_id, team=sb.team)
    ans = ans.left_join(sb, ans.sagsbehandler_id == sb.t_sb)
    ans = ans.select(s_person=ans.person_id, sagsbehandler_id=ans.sagsbehandler_id,
                     ansvarlig_id=ans.ansvarlig_id, team=ans.team)
    x = x.left_join(ans, x.person_id == ans.s_person)
    return x.select(kommune_kode=x.frist_kommune, team=x.team, a_kasse=x.a_kasse, krav_id=x.krav_id,
                    maaned=x.maaned, person_id=x.person_id, vinduets_slut=x.vinduets_slut, status=x.status,
                    booket=x.booket, sagsbehandler_id=x.sagsbehandler_id, ansvarlig_id=x.ansvarlig_id)


def behov(kvote_pct: ir.FloatingValue, personer: ir.IntegerValue, naaet_: ir.IntegerValue) -> ir.IntegerValue:
    """How many more must reach it: max(0, ⌈kvote × personer⌉ − naaet)."""
    return ibis.greatest((kvote_pct * personer / 100.0).ceil().cast("int64") - naaet_, 0)


def _naar(kvote_pct: ir.FloatingValue, n: ir.IntegerValue, personer: ir.IntegerValue) -> ir.BooleanValue:
    """Whether n of personer reach the quota (exact counts, not rounded shares)."""
    return 100.0 * n >= kvote_pct * personer


def kvoteplan(tables: Mapping[str, ir.Table], rules: Rulebook, dag: date, maaneder: int = 3,
              kommune: str | None = None, team: str | None = None, data_fra: date | None = None) -> ir.Table:
    """The plan (KOLONNER) of every quota in force on a plan month's last day, per unit and month:
    the country, every municipality (all 98, zeros where no window ends), each team and each
    a-kasse (its own quotas, where `ydelser.a_kasse` names it); with `kommune`, that municipality,
    its teams and the a-kasser of its persons; with `team`, that team's rows only. Shares are
    fractions in % (unrounded), NULL without persons; the rolling ones over the 12 months to M."""
    p = personer_paa_dagen(tables, rules, dag, maaneder, kommune, data_fra)
    st = p.status
    g = p.group_by(["kommune_kode", "team", "a_kasse", "krav_id", "maaned"]).aggregate(
        personer=p.count(), naaet=(st == "naaet").cast("int64").sum(), aaben=(st == "aaben").cast("int64").sum(),
        booket=p.booket.cast("int64").sum(), tabt=(st == "tabt").cast("int64").sum())
    kv = kvotesatser(rules)
    if team is None:
        koder = [kommune] if kommune else list(kommuner.kommuner())
        tomme = ibis.memtable({"kommune_kode": koder}).cross_join(kv.select(krav_id=kv.k_id).distinct())
        tomme = tomme.mutate(team=ibis.null("string"), a_kasse=ibis.null("string"),
                             maaned=ibis.literal(tid.first_day(dag), "date"),
                             **{c: ibis.literal(0, "int64") for c in _TAL})
        g = union_alle(g, tomme.select(*g.columns))
    niveauer = ["team"] if team else ["kommune", "team", "a_kasse"] if kommune else list(NIVEAUER)
    x = g.cross_join(ibis.memtable({"niveau": niveauer})).cross_join(_maaneder(dag, maaneder))
    x = x.filter(x.maaned.between(x.p_fra, x.p_maaned))
    x = x.join(kv, [x.krav_id == kv.k_id, kv.regel_fra <= x.p_slut, kv.regel_til >= x.p_slut])
    x = x.filter(((x.niveau != "team") | x.team.notnull()) & ((x.niveau != "a_kasse") | (
        x.a_kasse.notnull() & (x.holdes_af == "a_kasse"))))
    if team:
        x = x.filter(x.team == team)
    x = x.mutate(
        kommune_kode=ibis.cases((x.niveau == "land", ibis.null("string")),
                                (x.niveau == "a_kasse", ibis.null("string") if kommune is None else x.kommune_kode),
                                else_=x.kommune_kode),
        team=ibis.cases((x.niveau == "team", x.team), else_=ibis.null("string")),
        a_kasse=ibis.cases((x.niveau == "a_kasse", x.a_kasse), else_=ibis.null("string")),
        denne=x.maaned == x.p_maaned,
    )
    x = x.drop("maaned").rename(maaned="p_maaned")
    r = x.group_by(["niveau", "kommune_kode", "team", "a_kasse", "krav_id", "maaned", "kvote_pct"]).aggregate(
        **{c: x[c].sum(where=x.denne).fill_null(0) for c in _TAL},
        r_personer=x.personer.sum(), r_naaet=x.naaet.sum(), r_aaben=x.aaben.sum(),
    )

    def pct(n: ir.IntegerValue, i_alt: ir.IntegerValue) -> ir.FloatingValue:
        return ibis.cases((i_alt > 0, 100.0 * n / i_alt), else_=ibis.null("float64"))

    k, n = r.kvote_pct, r.personer
    r = r.mutate(
        behov=behov(k, n, r.naaet),
        bund_pct=pct(r.naaet, n), med_aftaler_pct=pct(r.naaet + r.booket, n), loft_pct=pct(r.naaet + r.aaben, n),
        status=ibis.cases((n == 0, ibis.null("string")), (_naar(k, r.naaet, n), "naaet"),
                          (~_naar(k, r.naaet + r.aaben, n), "kan_ikke_naas"),
                          (~_naar(k, r.naaet + r.booket, n), "i_fare"), else_="paa_vej"),
        rullende_bund_pct=pct(r.r_naaet, r.r_personer), rullende_loft_pct=pct(r.r_naaet + r.r_aaben, r.r_personer),
    )
    orden = ibis.cases(*((r.niveau == v, i) for i, v in enumerate(NIVEAUER)))
    return r.order_by([orden, r.kommune_kode, r.team, r.a_kasse, r.krav_id, r.maaned]).select(*KOLONNER)


def plan_personer(tables: Mapping[str, ir.Table], rules: Rulebook, dag: date, kommune: str, maaneder: int = 3,
                  team: str | None = None, data_fra: date | None = None) -> ir.Table:
    """The persons behind the municipality's (or its team's) plan (PERSON_KOLONNER): every window of
    the plan months' cohorts; among the `aaben` windows not `booket`, earliest window end first, the
    first `behov` of the unit, quota and month are `noedvendig` (needed for the quota: every person
    counts the same, so the earliest deadlines reach the most). Those first, then the booked, the
    lost and the reached."""
    p = personer_paa_dagen(tables, rules, dag, maaneder, kommune, data_fra, rullende=False)
    if team:
        p = p.filter(p.team == team)
    kv = kvotesatser(rules)
    m = _maaneder(dag, maaneder)
    p = p.join(m, p.maaned == m.p_maaned)
    p = p.join(kv, [p.krav_id == kv.k_id, kv.regel_fra <= p.p_slut, kv.regel_til >= p.p_slut])
    enhed = ibis.window(group_by=[p.krav_id, p.maaned])
    kandidat = (p.status == "aaben") & ~p.booket
    p = p.mutate(
        b=behov(p.kvote_pct, p.person_id.count().over(enhed), (p.status == "naaet").cast("int64").sum().over(enhed)),
        kandidat=kandidat,
        rang=ibis.row_number().over(group_by=[p.krav_id, p.maaned, kandidat],
                                    order_by=[p.vinduets_slut, p.person_id]),
    )
    p = p.mutate(noedvendig=p.kandidat & (p.rang < p.b),
                 orden=ibis.cases((p.kandidat, 0), (p.status == "aaben", 1), (p.status == "tabt", 2), else_=3))
    return p.order_by([p.krav_id, p.maaned, p.orden, p.vinduets_slut, p.person_id]).select(*PERSON_KOLONNER)
