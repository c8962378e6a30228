"""Requirements (krav) on the clocks and the job centre's worklist (spec 04), vectorised in Ibis.

Each step reads the step before it once (joins followed by group-bys, windows instead of self-joins):
Ibis inlines a table into every reader, so a table read twice would be computed twice.

Regime rule: every regime (each dated value of `kontaktforloeb.krav.samtaler` and
`ret_og_pligt.krav.tilbud`) proposes its requirements for every period; a requirement is kept when its
due date lies in its own regime's validity. So a period that straddles 2020-01-01 gets the 2015
requirements due before and the LAB 2019 requirements due from that day. A transition rule
(`kontaktforloeb.krav.overgang`) narrows this by the period's start: a dagpengeperiode begun before
2024-01-01 keeps LAB 2019 until 2026-06-30 (lov 727/2023).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Mapping, Sequence

import ibis
import ibis.expr.types as ir

from tilsyn import tid
from tilsyn.ordliste import AT_GOERE, STATUSSER
from tilsyn.engine.perioder import DAGPENGE, dato_for_urdag, union_alle, ure
from tilsyn.engine.regler import i_kraft
from tilsyn.engine.sagsstamme import hos, paa_dagen
from tilsyn.engine.ydelser import i_kommune_paa_dag, med_grupper
from tilsyn.rules.rulebook import Rulebook, Value

KOLONNER = (
    "person_id", "sagsbehandler_id", "ansvarlig_id", "daekket_af_vikar", "krav_id", "art",
    "frist", "dage_tilbage", "status", "mangler_aftale", "hjemmel",
)
KRAV_PARAMETRE = {"samtale": "kontaktforloeb.krav.samtaler", "tilbud": "ret_og_pligt.krav.tilbud"}
NOEGLE = ("person_id", "maalgruppe", "periode_start", "krav_id", "regel_fra")
OVERGANG = "kontaktforloeb.krav.overgang"
TAELLER_IKKE = "ret_og_pligt.krav.taeller_ikke"
OVERGANG_GAELDER = KRAV_PARAMETRE["samtale"]  # the transition rules are the kontaktforløb's


def _overgange(rules: Rulebook) -> list[tuple[date, date, set[int]]]:
    """(from, to, målgrupper) of each transition rule in force: periods of these målgrupper that
    started before `from` keep the course in force the day before, for due dates up to `to`."""
    values = rules.dagvaerdier(OVERGANG)
    return [(v.start, values[i + 1].start - timedelta(days=1) if i + 1 < len(values) else tid.AABEN,
             set(v.value)) for i, v in enumerate(values) if v.value]


def krav_tabel(rules: Rulebook, normer: Mapping[str, Sequence[Value]] | None = None) -> ir.Table:
    """Every requirement of every regime, one row per målgruppe, with its window in clock days
    (`fra_dag` = ⌈7F⌉+1 … `til_dag` = ⌈7W⌉), the regime's validity by due date `regel_fra`..`regel_til`
    and the period starts it applies to, `start_fra`..`start_til`: a transition rule
    (`kontaktforloeb.krav.overgang`, lov 727/2023) keeps the old course for periods started before a new
    one took effect, until the transition ends.
    A quota requirement (lov 1750/2025: a share of a group must reach it) has `kvote_andel` and
    `kvote_holdes_af`; both are NULL for a binding one (a deadline per person). `holdes_af`: whose
    samtaler count (the quota's holder, or a binding requirement's own `holdes_af`; NULL: anyone's).
    `normer` adds a municipality's local norms (art -> dated values, `tilsyn.rules.normer`): on its
    worklist only, never in rettidighed."""
    kilder = [(path, art, rules.dagvaerdier(path)) for art, path in KRAV_PARAMETRE.items()]
    kilder += [(None, art, values) for art, values in (normer or {}).items()]
    overgange = _overgange(rules)
    rows = []
    for path, art, values in kilder:
        for i, v in enumerate(values):
            til = values[i + 1].start - timedelta(days=1) if i + 1 < len(values) else tid.AABEN
            for k in v.value:
                for m in k["maalgrupper"]:
                    regel_til, start_fra, start_til = til, tid.FOERSTE_DAG, tid.AABEN
                    for fra, slut, grupper in (overgange if path == OVERGANG_GAELDER else ()):
                        if m not in grupper:
                            continue
                        if v.start < fra and fra - timedelta(days=1) <= til:  # the course in force before
                            regel_til, start_til = max(regel_til, slut), fra - timedelta(days=1)
                        elif fra <= v.start <= slut:  # a newer course: only for periods from `fra`
                            start_fra = fra
                    rows.append({
                        "krav_id": k["id"], "art": art, "samtale_art": k["art"], "maalgruppe": m,
                        "fra_dag": tid.clock_days(k["from_week"]) + 1, "til_dag": tid.clock_days(k["to_week"]),
                        "min_antal": k["min_count"], "alder_fra": k.get("alder_fra", 0),
                        "alder_til": k.get("alder_til", 200), "hjemmel": k["hjemmel"],
                        "regel_fra": v.start, "regel_til": regel_til,
                        "start_fra": start_fra, "start_til": start_til,
                        "kvote_andel": k.get("kvote", {}).get("andel"),
                        "kvote_holdes_af": k.get("kvote", {}).get("holdes_af"),
                        "holdes_af": k.get("kvote", {}).get("holdes_af", k.get("holdes_af")),
                    })
    t = ibis.memtable(rows)
    return t.cast({"maalgruppe": "int8", "regel_fra": "date", "regel_til": "date",
                   "start_fra": "date", "start_til": "date",
                   "kvote_andel": "float64", "kvote_holdes_af": "string", "holdes_af": "string"})


def _haendelser(tables: Mapping[str, ir.Table], til: date | None) -> ir.Table:
    """Samtaler and tilbud as one table of events: e_person, e_art, e_samtale_art, e_tilbud_art,
    e_dato, e_dage, e_afholdt_af (who held a samtale, where the data says: `samtaler.afholdt_af`)."""
    s, t = tables["samtaler"], tables["tilbud"]
    samtaler = s.select(
        e_person=s.person_id, e_art=ibis.literal("samtale"), e_samtale_art=s.art,
        e_tilbud_art=ibis.literal(None, "string"), e_dato=s.dato, e_dage=ibis.literal(None, "int64"),
        e_afholdt_af=s.afholdt_af,
    )
    tilbud = t.select(
        e_person=t.person_id, e_art=ibis.literal("tilbud"), e_samtale_art=ibis.literal(None, "string"),
        e_tilbud_art=t.art, e_dato=t.start,
        e_dage=(tid.dage_mellem(t.start, t.slut.fill_null(ibis.date(tid.AABEN))) + 1).cast("int64"),
        e_afholdt_af=ibis.literal(None, "string"),
    )
    e = union_alle(samtaler, tilbud)
    return e if til is None else e.filter(e.e_dato <= til)


def _taeller_ikke(rules: Rulebook, e: ir.Table, maalgruppe: ir.IntegerValue) -> ir.BooleanValue:
    """A tilbud whose art does not meet a requirement for the målgruppe, by the rule in force on its
    start (`ret_og_pligt.krav.taeller_ikke`; lov 295/2023: øvrig vejledning og opkvalificering)."""
    def hvilke(arter: dict[str, list[int]]) -> ir.BooleanValue:
        return ibis.or_(ibis.literal(False), *((e.e_tilbud_art == a) & maalgruppe.isin(g) for a, g in arter.items()))

    return i_kraft(rules, TAELLER_IKKE, e.e_dato, hvilke)


def _datoer(seg: ir.Table, x: ir.Table) -> ir.Table:
    """`x` plus the dates its clock reaches `fra_dag` (vindue_start), `til_dag` (frist0, with the
    municipality counting that day) and `til_dag + 1` (the window ends the day before): one join of
    the segments, each requirement row fanned out to its three clock days and gathered again."""
    hvilke = ibis.memtable({"h": ["start", "frist", "efter"]})
    lang = x.cross_join(hvilke)
    lang = lang.mutate(urdag=ibis.cases((lang.h == "start", lang.fra_dag), (lang.h == "frist", lang.til_dag),
                                        else_=lang.til_dag + 1))
    lang = dato_for_urdag(seg, lang, "urdag", "dato", kommune="kommune")
    cols = [c for c in x.columns]

    def hent(h: str, c: str) -> ir.Value:
        return lang[c].max(where=lang.h == h)

    return lang.group_by(cols).aggregate(
        vindue_start=hent("start", "dato"), frist0=hent("frist", "dato"),
        frist_kommune=hent("frist", "kommune"), efter_vindue=hent("efter", "dato"),
    )


def _kan_forfalde(x: ir.Table, fra: date, til: date) -> ir.BooleanValue:
    """Whether a requirement row can fall due in fra..til, from its period's start alone. A clock
    counts at most one day per calendar day, so its day N is no earlier than start + N - 1: the
    original due date no earlier than that, and an exemption only moves it later. Outside
    dagpenge every calendar day counts, so a samtale (never moved) is due on exactly that day.
    The same bounds drop the rows of a regime not in force on the original due date."""
    tidligst = tid.plus_dage(x.periode_start, x.til_dag - 1)
    praecis = (x.maalgruppe != DAGPENGE) & (x.art == "samtale")
    return ((tidligst <= til) & (tidligst <= x.regel_til)
            & (~praecis | ((tidligst >= fra) & (tidligst >= x.regel_fra))))


def krav_instanser(
    tables: Mapping[str, ir.Table], rules: Rulebook, perioder: ir.Table | None = None,
    til: date | None = None, med_tomme: bool = False, segmenter: ir.Table | None = None,
    normer: Mapping[str, Sequence[Value]] | None = None,
    forfalder_i: tuple[date, date] | None = None, kun_kvoter: bool = False,
) -> ir.Table:
    """Every requirement instance of every clock period (or of `perioder`), with its window,
    due date after exemptions, and how many qualifying events fall in it.

    Columns: NOEGLE, periode_slut, art, samtale_art, min_antal, hjemmel, vindue_start, vindue_slut,
    frist, frist_kommune (municipality of the ydelse row on the due date), fritaget (samtale under an
    exemption, or tilbud under an open-ended one), antal_rettidigt (events in the window),
    antal_i_alt (from the window's start on), kvote_andel and kvote_holdes_af (NULL: binding).
    Only events up to `til` count. With `med_tomme`, a period without any requirement in force keeps
    one row with `krav_id` NULL. Pass `segmenter` when `perioder` came from the same `ure` call (one
    numbering instead of two). `normer`: see `krav_tabel`. With `forfalder_i` (first, last day),
    requirements that cannot fall due then are dropped before their dates are looked up
    (`_kan_forfalde`); the caller still filters on `frist`. `kun_kvoter`: the quota requirements
    only (the kvoteopfyldelse). A quota counts only the samtaler its holder (`kvote_holdes_af`) held
    where `samtaler.afholdt_af` says who held them.

    The chain is linear (each step reads the one before once), so the engine computes it once."""
    if perioder is None or segmenter is None:
        alle, segmenter = ure(tables["ydelser"], rules)
        perioder = alle if perioder is None else perioder
    seg = segmenter
    p = perioder.select("person_id", "maalgruppe", "periode_start", "periode_slut")
    personer = tables["personer"]
    born = personer.select(p_id=personer.person_id, foedselsdato=personer.foedselsdato)
    p = p.join(born, p.person_id == born.p_id).drop("p_id")
    p = p.mutate(alder=tid.alder_expr(p.foedselsdato, p.periode_start)).drop("foedselsdato")
    k = krav_tabel(rules, normer).rename(k_maal="maalgruppe")
    if kun_kvoter:  # the kvoteopfyldelse: the quota requirements only
        k = k.filter(k.kvote_andel.notnull())
    on = [p.maalgruppe == k.k_maal, p.alder >= k.alder_fra, p.alder <= k.alder_til]
    on.append(p.periode_start.between(k.start_fra, k.start_til))
    # what only chose the requirement is dropped at once: every later step carries (and groups by) fewer columns
    x = (p.left_join(k, on) if med_tomme else p.join(k, on)).drop(
        "k_maal", "start_fra", "start_til", "alder", "alder_fra", "alder_til")
    if forfalder_i:
        x = x.filter(_kan_forfalde(x, *forfalder_i))
    x = _datoer(seg, x)
    gaelder = x.frist0.between(x.regel_fra, x.regel_til)
    if med_tomme:
        # keep one row per period even when no requirement is in force (uden_frist on worklists)
        w = ibis.window(group_by=[x.person_id, x.maalgruppe, x.periode_start])
        x = x.mutate(n_gaelder=gaelder.cast("int64").sum().over(w).fill_null(0),
                     nr=ibis.row_number().over(group_by=[x.person_id, x.maalgruppe, x.periode_start],
                                               order_by=x.krav_id))
        x = x.filter(gaelder | ((x.n_gaelder == 0) & (x.nr == 0)))
        tom = ~x.frist0.between(x.regel_fra, x.regel_til)
        x = x.mutate(**{c: ibis.cases((tom, ibis.null(x[c].type())), else_=x[c])
                        for c in ("krav_id", "art", "frist0", "vindue_start", "efter_vindue", "hjemmel",
                                  "kvote_andel", "kvote_holdes_af", "holdes_af")})
        x = x.drop("n_gaelder", "nr")
    else:
        x = x.filter(gaelder)
    x = x.mutate(vindue_slut0=tid.plus_dage(x.efter_vindue, -1)).drop("efter_vindue", "fra_dag", "til_dag", "regel_til")

    # exemptions (LAB § 106) covering the original due date
    f = tables["fritagelser"]
    f = f.select(f_person=f.person_id, f_grund=f.grund, f_start=f.start,
                 f_slut=f.slut.fill_null(ibis.date(tid.AABEN)))
    mindre = i_kraft(rules, "fritagelser.mindre_intensiv", x.frist0, lambda g: f.f_grund.isin(g))
    xf = x.left_join(f, [x.person_id == f.f_person, f.f_start <= x.frist0, x.frist0 <= f.f_slut, mindre])
    x = xf.group_by(list(x.columns)).aggregate(fritagelse_slut=xf.f_slut.max())
    efter = i_kraft(rules, "fritagelser.tilbud_efter_fritagelse_dage", x.frist0, lambda d: ibis.literal(int(d)))
    aaben_fritagelse = x.fritagelse_slut == ibis.date(tid.AABEN)
    flyttet = (x.art == "tilbud") & x.fritagelse_slut.notnull() & ~aaben_fritagelse
    frist = ibis.cases((flyttet, tid.plus_dage(x.fritagelse_slut, efter)), else_=x.frist0)
    x = x.select(  # one projection: a smaller expression to compile
        *(c for c in x.columns if c not in ("vindue_slut0", "fritagelse_slut")),
        frist=frist,
        fritaget=x.fritagelse_slut.notnull() & ((x.art == "samtale") | aaben_fritagelse),
        min_varighed=i_kraft(rules, "ret_og_pligt.krav.min_varighed_dage", x.frist0, lambda d: ibis.literal(int(d))),
        vindue_slut=ibis.greatest(x.vindue_slut0, frist),
    )

    # qualifying events: the right kind and art, from the window's start on, while the period runs
    e = _haendelser(tables, til)
    xe = x.left_join(e, [
        x.person_id == e.e_person, x.art == e.e_art, e.e_dato >= x.vindue_start,
        e.e_dato <= x.periode_slut.fill_null(ibis.date(tid.AABEN)),
        (x.samtale_art == "alle") | (x.samtale_art == e.e_samtale_art),
        (e.e_art == "samtale") | ((e.e_dage >= x.min_varighed) & ~_taeller_ikke(rules, e, x.maalgruppe)),
        # a requirement held by the a-kasse (the municipality) counts the samtaler it held, where
        # the data says who held them (docs/kvoter.md)
        e.e_afholdt_af.isnull() | x.holdes_af.isnull() | (e.e_afholdt_af == x.holdes_af),
    ])
    x = xe.group_by(list(x.columns)).aggregate(
        antal_rettidigt=(xe.e_dato <= xe.vindue_slut).cast("int64").sum().fill_null(0),
        antal_i_alt=xe.e_dato.count(),
    )
    return x.select(
        *NOEGLE, "periode_slut", "art", "samtale_art", "min_antal", "hjemmel", "vindue_start",
        "vindue_slut", "frist", "frist_kommune", "fritaget", "antal_rettidigt", "antal_i_alt",
        "kvote_andel", "kvote_holdes_af",
    )


def loebende_perioder(
    tables: Mapping[str, ir.Table], rules: Rulebook, kommune: str | None, dag: date
) -> tuple[ir.Table, ir.Table, dict[str, ir.Table]]:
    """The clock periods running on `dag` for persons whose ydelse on `dag` is in `kommune` (in any
    municipality: None; then with `n_kommune`, that ydelse's municipality), their clocks' segments,
    and `tables` with `ydelser` narrowed to those persons (clocks for them only)."""
    y = tables["ydelser"]
    nu = i_kommune_paa_dag(y, kommune, dag)
    personer = nu.select(n_person=nu.person_id).distinct()
    egne = y.join(personer, y.person_id == personer.n_person).drop("n_person")
    nu = med_grupper(nu, rules).select(n_person="person_id", n_maal="maalgruppe", n_kommune="kommune_kode")
    p, seg = ure(egne, rules)
    p = p.join(nu, [p.person_id == nu.n_person, p.maalgruppe == nu.n_maal, p.periode_start <= dag,
                    p.periode_slut.fill_null(ibis.date(tid.AABEN)) >= dag])
    return p.drop("n_person", "n_maal", *(["n_kommune"] if kommune else [])), seg, {**tables, "ydelser": egne}


def arbejdsliste(
    tables: Mapping[str, ir.Table], rules: Rulebook, kommune: str | None, dag: date,
    sagsbehandler: str | None = None, team: str | None = None, data_fra: date | None = None,
    normer: Mapping[str, Sequence[Value]] | None = None,
) -> ir.Table:
    """The worklist of `kommune` on `dag`: spec 06's `frister` columns, most urgent first; for one
    caseworker or one team if asked (`sagsstamme.hos`: the lines whose caseload owner or responsible
    caseworker is theirs).

    Shown per running period: requirements whose window has begun by `dag` and that are not met by
    `dag` — an overdue one however old (spec 04: it stays until met or the period ends); a quota
    requirement (lov 1750/2025) only while its window is open, with status `kvote` ("tæller med i
    kvoten"), never overdue: after its window the kvoteopfyldelse measures it. A period with
    none of these gets one `uden_frist` row. With `data_fra` (the first day the data covers), a
    requirement whose window began earlier is left out: the events that may have met it are not in
    the data. `normer`: the municipality's local norms as extra lines (`krav_tabel`). With `kommune`
    None, every municipality's list at once (what is kept per delivery), with a `kommune_kode` column
    last: the municipality of the citizen's ydelse on `dag`."""
    perioder, seg, egne = loebende_perioder(tables, rules, kommune, dag)
    hvor = perioder.select(h_person="person_id", h_kommune="n_kommune").distinct() if kommune is None else None
    perioder = perioder.drop("n_kommune") if kommune is None else perioder
    x = krav_instanser(egne, rules, perioder, til=dag, med_tomme=True, segmenter=seg, normer=normer)
    snart = rules.vaerdi("kontaktforloeb.arbejdsliste.snart_dage", dag=dag)
    kvote = x.kvote_andel.notnull()
    relevant = (x.krav_id.notnull() & (x.vindue_start <= dag) & (x.antal_i_alt < x.min_antal)
                & (x.vindue_start >= (data_fra or date.min)) & (~kvote | (x.frist >= dag))).fill_null(False)
    w = ibis.window(group_by=x.person_id)
    x = x.mutate(relevant=relevant, n_relevant=relevant.cast("int64").sum().over(w),
                 nr=ibis.row_number().over(group_by=x.person_id, order_by=[x.krav_id, x.periode_start]))
    x = x.filter(x.relevant | ((x.n_relevant == 0) & (x.nr == 0)))
    dage = tid.dage_mellem(ibis.date(dag), x.frist)
    x = x.mutate(
        dage_tilbage=ibis.cases((x.relevant, dage.cast("int64")), else_=ibis.null("int64")),
        status=ibis.cases(
            (~x.relevant, "uden_frist"), (x.fritaget, "fritaget"), (kvote, "kvote"), (dage < 0, "overskredet"),
            (dage <= snart, "forfalden_snart"), else_="aaben",
        ),
        **{c: ibis.cases((x.relevant, x[c]), else_=ibis.null(x[c].type()))
           for c in ("krav_id", "art", "frist", "hjemmel")},
    )
    a = tables["aftaler"]
    a = a.select(a_person=a.person_id, a_dato=a.dato, a_art=a.art)
    xa = x.left_join(a, [x.person_id == a.a_person, x.art == a.a_art, a.a_dato >= dag, a.a_dato <= x.frist])
    cols = ["person_id", "krav_id", "art", "frist", "dage_tilbage", "status", "hjemmel"]
    rows = xa.group_by(cols).aggregate(booket=xa.a_dato.count())
    rows = rows.mutate(mangler_aftale=rows.status.isin(list(AT_GOERE)) & (rows.booket == 0))
    rows = paa_dagen(tables, rows.mutate(dag=ibis.literal(dag, "date")), "dag")
    if sagsbehandler:
        rows = hos(rows, [sagsbehandler])
    if team:
        sb = tables["sagsbehandlere"]
        rows = hos(rows, sb.filter(sb.team == team).sagsbehandler_id)
    kolonner = KOLONNER
    if hvor is not None:
        rows = rows.join(hvor, rows.person_id == hvor.h_person).rename(kommune_kode="h_kommune")
        kolonner = (*KOLONNER, "kommune_kode")
    orden = ibis.cases(*((rows.status == s, i) for i, s in enumerate(STATUSSER)))
    return rows.order_by([orden, rows.frist, rows.person_id, rows.krav_id]).select(*kolonner)

