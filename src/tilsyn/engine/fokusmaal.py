"""Fokusmål: the monthly samtale- and tilbud-passive shares of each municipality's
population, their rolling mean over the window and the year value.

The window of M is the `fokusmaal.vindue_maaneder` (n = 12) whole months M-(n-1)..M, so everything
is counted on month numbers. An Ibis window has one length, so a length that changes inside the
months asked for is refused (`_vindue`).
`personer` gives the verdict of every population person-month (for explanations); the municipal
figures are counted without making person-months at all: each person's population months, months
with enough samtaler and months with a tilbud or enough hours are runs of months (intervals), and
a municipality's count in month M is the number of intervals covering M, a running sum over +1 at
each interval's first month and -1 after its last. That touches each event once instead of each
person-month, which is what makes 1,000,000 persons x 71 months fast.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import kommuner, tid
from tilsyn.engine.forloeb import perioder_mellem
from tilsyn.engine.population import maanedsgitter, population_med_gitter
from tilsyn.rules.rulebook import Rulebook

# The month number given to a period or tilbud that is still running (later than any month).
_AABEN_NR = 10**7

_STAK = {
    "person_id": "string",
    "kommune_kode": "string",
    "forloeb_start": "date",
    "maaned_nr": "int64",
    "i_population": "boolean",
    "samtaler": "int64",
    "timer": "float64",
    "tilbud_slut_nr": "int64",
}


def personer(
    tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook
) -> ir.Table:
    """Every population person-month with the counts behind the verdict: `kommune_kode, maaned,
    person_id, forloeb_start, vindue_start, sidste, samtaler, timer, tilbud_i_vindue,
    min_samtaler, min_timer, samtale_passiv, tilbud_passiv`."""
    gitter = maanedsgitter(first_month, last_month, rules)
    pop = population_med_gitter(tables, gitter, rules)
    n = _vindue(rules, first_month, last_month)
    fra_nr = tid.maaned_nr(first_month) - (n - 1)
    til_nr = tid.maaned_nr(last_month)
    # Only the events of persons in a population, in the months their windows cover, matter.
    graenser = pop.group_by("person_id").aggregate(
        fra=pop.maaned_nr.min() - (n - 1), til=pop.maaned_nr.max()
    )

    s = tables["samtaler"]
    s = s.mutate(maaned_nr=tid.maaned_nr_udtryk(s.dato))
    s = s.filter(s.maaned_nr.between(fra_nr, til_nr))
    s = s.group_by(["person_id", "maaned_nr"]).aggregate(samtaler=s.count())
    s = s.join(graenser, "person_id").filter(lambda r: r.maaned_nr.between(r.fra, r.til))

    b = tables["beskaeftigelse"]
    b = b.mutate(maaned_nr=tid.maaned_nr_udtryk(b.maaned))
    b = b.filter(b.maaned_nr.between(fra_nr, til_nr))
    b = b.group_by(["person_id", "maaned_nr"]).aggregate(timer=b.timer.sum())
    b = b.join(graenser, "person_id").filter(lambda r: r.maaned_nr.between(r.fra, r.til))

    t = tables["tilbud"]
    t = t.mutate(
        maaned_nr=tid.maaned_nr_udtryk(t.start),
        tilbud_slut_nr=tid.maaned_nr_udtryk(t.slut).fill_null(_AABEN_NR),
    )
    t = t.join(graenser, "person_id").filter(lambda r: (r.maaned_nr <= r.til) & (r.tilbud_slut_nr >= r.fra))

    def stak(table: ir.Table, **values) -> ir.Table:
        cols = {c: values.get(c, table[c] if c in table.columns else ibis.null(k)) for c, k in _STAK.items()}
        return table.select(**{c: v.cast(_STAK[c]) for c, v in cols.items()})

    rows = ibis.union(
        stak(pop, i_population=ibis.literal(True)),
        stak(s, i_population=ibis.literal(False)),
        stak(b, i_population=ibis.literal(False)),
        stak(t, i_population=ibis.literal(False)),
    )
    vindue = ibis.range_window(preceding=n - 1, following=0, group_by="person_id", order_by="maaned_nr")
    hidtil = ibis.range_window(preceding=None, following=0, group_by="person_id", order_by="maaned_nr")
    rows = rows.mutate(
        samtaler=rows.samtaler.sum().over(vindue),
        timer=rows.timer.sum().over(vindue),
        tilbud_slut_nr=rows.tilbud_slut_nr.max().over(hidtil),
    ).filter(lambda r: r.i_population)

    out = rows.join(gitter, "maaned_nr")
    samtaler = out.samtaler.fill_null(0)
    timer = out.timer.fill_null(0.0)
    tilbud_i_vindue = (out.tilbud_slut_nr >= out.maaned_nr - (n - 1)).fill_null(False)
    return out.select(
        "kommune_kode",
        "maaned",
        "person_id",
        "forloeb_start",
        "vindue_start",
        "sidste",
        samtaler=samtaler,
        timer=timer,
        tilbud_i_vindue=tilbud_i_vindue,
        min_samtaler=out.min_samtaler,
        min_timer=out.min_timer,
        samtale_passiv=samtaler < out.min_samtaler,
        tilbud_passiv=~tilbud_i_vindue & (timer < out.min_timer),
    )


def _vindue(rules: Rulebook, first_month: date, last_month: date) -> int:
    """`fokusmaal.vindue_maaneder` of the months first_month..last_month: one length, since an Ibis
    window has one (it has been 12 since 2016; a change inside the months asked for is refused)."""
    laengder = {rules.vaerdi("fokusmaal.vindue_maaneder", maaned=m) for m in tid.months(first_month, last_month)}
    if len(laengder) != 1:
        raise NotImplementedError(
            f"fokusmaal.vindue_maaneder skifter mellem {tid.maaned_tekst(first_month)} og "
            f"{tid.maaned_tekst(last_month)} ({sorted(laengder)}); beregn månederne hver for sig"
        )
    return laengder.pop()


def _afsnit(rules: Rulebook, key: str, first_month: date, last_month: date) -> list[tuple[int, int, float]]:
    """The runs of consecutive months whose value of `key` (in force on last(M)) is the same:
    `(fra, til, vaerdi)` with month numbers, so an interval can be clipped to where a value holds."""
    out: list[tuple[int, int, float]] = []
    for m in tid.months(first_month, last_month):
        nr, vaerdi = tid.maaned_nr(m), rules.vaerdi(key, maaned=m)
        if out and out[-1][2] == vaerdi:
            out[-1] = (out[-1][0], nr, vaerdi)
        else:
            out.append((nr, nr, vaerdi))
    return out


def _afsnit_tabel(afsnit: list[tuple[int, int, float]], kind: str) -> ir.Table:
    schema = {"afsnit_fra": "int64", "afsnit_til": "int64", "vaerdi": kind}
    return ibis.memtable([dict(zip(schema, a)) for a in afsnit], schema=schema)


def _klip(iv: ir.Table, afsnit: ir.Table, *betingelser) -> ir.Table:
    """Intervals `person_id, fra, til` cut to the months of the rule runs they meet."""
    j = iv.join(afsnit, [iv.fra <= afsnit.afsnit_til, iv.til >= afsnit.afsnit_fra, *betingelser])
    return j.select(
        "person_id", fra=ibis.greatest(j.fra, j.afsnit_fra), til=ibis.least(j.til, j.afsnit_til)
    )


def _uden_overlap(iv: ir.Table) -> ir.Table:
    """The union of each person's intervals as disjoint intervals: each keeps only the months after
    every earlier-starting one has ended."""
    hidtil = ibis.window(group_by="person_id", order_by=["fra", "til"], rows=(None, -1))
    slut = iv.til.max().over(hidtil)
    iv = iv.select("person_id", fra=ibis.greatest(iv.fra, (slut + 1).fill_null(iv.fra)), til=iv.til)
    return iv.filter(iv.fra <= iv.til)


def _populationsmaaneder(
    tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook
) -> ir.Table:
    """`person_id, kommune_kode, fra, til`: the months in which each in-scope period puts its person
    in the population (it covers last(M), its forløb started on or before first(M+1-anciennitet))."""
    p = perioder_mellem(tables["ydelser"], rules, tid.last_day(first_month), tid.last_day(last_month))
    efter_start = tid.foerste_hele_maaned_nr_udtryk(p.forloeb_start)
    p = p.select(
        "person_id",
        "kommune_kode",
        fra=tid.maaned_nr_udtryk(p.start),
        til=(tid.maaned_nr_udtryk(tid.plus_dage(p.slut, 1)) - 1).fill_null(_AABEN_NR),
        efter_start=efter_start,
    )
    a = _afsnit_tabel(_afsnit(rules, "fokusmaal.anciennitet_maaneder", first_month, last_month), "int64")
    j = p.join(a, [p.fra <= a.afsnit_til, p.til >= a.afsnit_fra])
    j = j.select(
        "person_id",
        "kommune_kode",
        fra=ibis.greatest(j.fra, j.efter_start + j.vaerdi - 1, j.afsnit_fra),
        til=ibis.least(j.til, j.afsnit_til),
    )
    return j.filter(j.fra <= j.til)


def _samtale_aktive(samtaler: ir.Table, afsnit: list[tuple[int, int, float]], n: int) -> ir.Table:
    """Disjoint intervals of months with at least `min_antal` samtaler in the n-month window.

    With a person's samtale months s_1 <= s_2 <= ..., the k samtaler i..i+k-1 are all in the window
    of M exactly for M in [s_(i+k-1), s_i + n-1]; of that interval, the months after s_(i-1) + n-1
    are new (the earlier intervals end there at the latest)."""
    dele = []
    for k in sorted({int(v) for _, _, v in afsnit if v >= 1}):
        w = ibis.window(group_by="person_id", order_by="maaned_nr")
        k_te = samtaler.maaned_nr if k == 1 else samtaler.maaned_nr.lead(k - 1).over(w)
        forrige = samtaler.maaned_nr.lag().over(w)
        iv = samtaler.select("person_id", k_te=k_te, forrige=forrige, til=samtaler.maaned_nr + n - 1)
        iv = iv.filter(iv.k_te.notnull())  # GREATEST skips NULLs on both engines
        fra = ibis.greatest(iv.k_te, (iv.forrige + n).fill_null(iv.k_te))
        iv = iv.select("person_id", fra=fra, til=iv.til)
        iv = iv.filter(iv.fra <= iv.til)
        dele.append(_klip(iv, _afsnit_tabel([a for a in afsnit if a[2] == k], "int64")))
    if not dele:  # no month asks for samtaler: nobody is active, and nobody passive (maanedlige)
        ingen = samtaler.select("person_id", fra=samtaler.maaned_nr, til=samtaler.maaned_nr)
        return ingen.filter(ibis.literal(False))
    return ibis.union(*dele)


def _tilbud_aktive(
    tilbud: ir.Table, timer: ir.Table, afsnit: list[tuple[int, int, float]], fra_nr: int, til_nr: int, n: int
) -> ir.Table:
    """Disjoint intervals of months with a tilbud in the n-month window or at least `min_timer`
    hours in M-(n-1)..M. The hour sum only changes in a month with hours and n months after it, so
    it is summed at those months and holds until the next."""
    t = tilbud.select(
        "person_id",
        fra=tid.maaned_nr_udtryk(tilbud.start),
        til=(tid.maaned_nr_udtryk(tilbud.slut) + n - 1).fill_null(_AABEN_NR),
    )
    t = t.filter((t.fra <= til_nr) & (t.til >= fra_nr))
    efter = timer.select("person_id", maaned_nr=timer.maaned_nr + n, timer=ibis.literal(0.0))
    punkter = ibis.union(timer, efter)
    vindue = ibis.range_window(preceding=n - 1, following=0, group_by="person_id", order_by="maaned_nr")
    naeste = ibis.window(group_by="person_id", order_by="maaned_nr")
    h = punkter.select(
        "person_id",
        fra=punkter.maaned_nr,
        til=punkter.maaned_nr.lead().over(naeste) - 1,
        timer=punkter.timer.sum().over(vindue),
    )
    h = h.filter(h.fra <= h.til)
    a = _afsnit_tabel([x for x in afsnit if x[2] > 0], "float64")
    return _uden_overlap(ibis.union(t, _klip(h, a, h.timer >= a.vaerdi)))


def _daekker(iv: ir.Table, navn: str, til_nr: int) -> ir.Table:
    """`kommune_kode, maaned_nr, <navn>`: +1 in each interval's first month, -1 in the month after
    its last; the running sum over the months is the number of intervals covering each month."""
    ind = iv.select("kommune_kode", maaned_nr=iv.fra, d=ibis.literal(1, "int64"))
    ud = iv.filter(iv.til < til_nr).select("kommune_kode", maaned_nr=iv.til + 1, d=ibis.literal(-1, "int64"))
    u = ibis.union(ind, ud)
    return u.group_by(["kommune_kode", "maaned_nr"]).aggregate(**{navn: u.d.sum()})


def _i_population(pop: ir.Table, aktive: ir.Table) -> ir.Table:
    """The population months (`kommune_kode, fra, til`) that fall in a person's active intervals."""
    a = aktive.rename(a_person="person_id", a_fra="fra", a_til="til")
    j = pop.join(a, [pop.person_id == a.a_person, a.a_fra <= pop.til, a.a_til >= pop.fra])
    return j.select("kommune_kode", fra=ibis.greatest(j.fra, j.a_fra), til=ibis.least(j.til, j.a_til))


def maanedlige(
    tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook
) -> ir.Table:
    """`kommune_kode, maaned, population, passive_samtaler, passive_tilbud, andel_samtaler,
    andel_tilbud` for all 98 municipalities and every month; shares in %, NULL when population 0."""
    gitter = maanedsgitter(first_month, last_month, rules)
    n = _vindue(rules, first_month, last_month)
    fra_nr, til_nr = tid.maaned_nr(first_month), tid.maaned_nr(last_month)
    pop = _populationsmaaneder(tables, first_month, last_month, rules)
    pop = pop.filter((pop.fra <= til_nr) & (pop.til >= fra_nr)).mutate(
        fra=ibis.greatest(pop.fra, fra_nr), til=ibis.least(pop.til, til_nr)
    )
    # Only the events of persons in a population, in the months their windows cover, matter.
    graenser = pop.group_by("person_id").aggregate(g_fra=pop.fra.min() - (n - 1), g_til=pop.til.max())

    def haendelser(table: ir.Table, dato: str, *cols) -> ir.Table:
        # the dates compared as they are stored (the scan filters them), the month numbered after
        t = table.filter(table[dato].between(tid.add_months(first_month, -(n - 1)), tid.last_day(last_month)))
        t = t.select("person_id", *cols, maaned_nr=tid.maaned_nr_udtryk(t[dato])).join(graenser, "person_id")
        return t.filter(t.maaned_nr.between(t.g_fra, t.g_til)).select("person_id", "maaned_nr", *cols)

    samtaler = haendelser(tables["samtaler"], "dato")
    timer = haendelser(tables["beskaeftigelse"], "maaned", "timer")
    tilbud = tables["tilbud"].semi_join(graenser, "person_id")

    samtale_afsnit = _afsnit(rules, "fokusmaal.samtaler.min_antal", first_month, last_month)
    timer_afsnit = _afsnit(rules, "fokusmaal.tilbud.min_timer", first_month, last_month)
    s_aktive = _i_population(pop, _samtale_aktive(samtaler, samtale_afsnit, n))
    t_aktive = _i_population(pop, _tilbud_aktive(tilbud, timer, timer_afsnit, fra_nr, til_nr, n))

    koder = ibis.memtable({"kommune_kode": list(kommuner.kommuner())}, schema={"kommune_kode": "string"})
    j = koder.cross_join(gitter)
    for navn, iv in (("population", pop), ("aktive_samtaler", s_aktive), ("aktive_tilbud", t_aktive)):
        j = j.left_join(_daekker(iv, navn, til_nr), ["kommune_kode", "maaned_nr"]).drop(
            "kommune_kode_right", "maaned_nr_right"
        )
    hidtil = ibis.cumulative_window(group_by="kommune_kode", order_by="maaned_nr")
    antal = ("population", "aktive_samtaler", "aktive_tilbud")
    j = j.select(
        "kommune_kode", "maaned", "min_samtaler", "min_timer",
        **{n: j[n].fill_null(0).sum().over(hidtil) for n in antal},
    )
    population = j.population
    passive_samtaler = ibis.cases((j.min_samtaler <= 0, 0), else_=population - j.aktive_samtaler)
    passive_tilbud = ibis.cases((j.min_timer <= 0, 0), else_=population - j.aktive_tilbud)

    def andel(passive):
        return ibis.cases((population > 0, passive * 100.0 / population), else_=ibis.null("float64"))

    return j.select(
        "kommune_kode",
        "maaned",
        population=population,
        passive_samtaler=passive_samtaler,
        passive_tilbud=passive_tilbud,
        andel_samtaler=andel(passive_samtaler),
        andel_tilbud=andel(passive_tilbud),
    )


def rullende(
    tables: dict[str, ir.Table], first_month: date, last_month: date, rules: Rulebook
) -> ir.Table:
    """`maanedlige` plus `gns12_samtaler, gns12_tilbud`: the mean of the monthly shares of the
    window M-(n-1)..M, months with an empty share skipped (computed from n-1 months before first_month)."""
    n = _vindue(rules, first_month, last_month)
    m = maanedlige(tables, tid.add_months(first_month, -(n - 1)), last_month, rules)
    w = ibis.window(group_by="kommune_kode", order_by="maaned", preceding=n - 1, following=0)
    m = m.mutate(gns12_samtaler=m.andel_samtaler.mean().over(w), gns12_tilbud=m.andel_tilbud.mean().over(w))
    return m.filter(m.maaned >= first_month)


def aarsvaerdier(tables: dict[str, ir.Table], aar: int, rules: Rulebook) -> ir.Table:
    """`kommune_kode, aar, vaerdi_samtaler, vaerdi_tilbud`: the mean of the monthly shares of
    January-December, skipping `fokusmaal.udeladte_maaneder` in force on 31 December (and empty
    shares); NULL when no month has a share."""
    udeladte = [tid.parse_maaned(t) for t in rules.vaerdi("fokusmaal.udeladte_maaneder", aar=aar)]
    m = maanedlige(tables, date(aar, 1, 1), date(aar, 12, 1), rules)
    if udeladte:
        m = m.filter(~m.maaned.isin(udeladte))
    return m.group_by("kommune_kode").aggregate(
        aar=ibis.literal(aar, "int64"),
        vaerdi_samtaler=m.andel_samtaler.mean(),
        vaerdi_tilbud=m.andel_tilbud.mean(),
    ).select("kommune_kode", "aar", "vaerdi_samtaler", "vaerdi_tilbud")
