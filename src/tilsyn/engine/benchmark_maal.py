"""The benchmark report measures of STAR's benchmark note: varighed, afgang, indsats and passiv per
municipality and ydelsesgruppe for a period, each ranked across the municipalities.

Attribution [default, the seed is silent]: a forløb counts where its first period was (municipality
and ydelsesgruppe) for the measures of started forløb, and where its last period was for ended
forløb; a person counts in every municipality and group where a period of theirs overlaps the
period (indsats) or covers its last day (passiv). All are Ibis expressions, like the rest of the
engine; one long table `kommune_kode, aar, ydelsesgruppe, maaling, vaerdi, antal, placering`.
"""

from __future__ import annotations


import ibis
import ibis.expr.types as ir

from tilsyn import koder, tid
from tilsyn.engine.forloeb import perioder
from tilsyn.engine.ydelser import med_grupper
from tilsyn.rules.rulebook import Rulebook

# Rank 1 is the best: a short varighed and a low passive share; high afgang and indsats.
LAVEST_BEDST = ("varighed_uger", "passiv_6_mdr", "passiv_12_mdr")
KOLONNER = ("kommune_kode", "aar", "ydelsesgruppe", "maaling", "vaerdi", "antal", "placering")


def _forloeb_med_placering(tables: dict[str, ir.Table], rules: Rulebook) -> ir.Table:
    """One row per forløb with its start and end and the municipality and ydelsesgruppe of its
    first (`start_*`) and last (`slut_*`) period."""
    p = med_grupper(perioder(tables["ydelser"], rules), rules)
    w = ibis.window(group_by=["person_id", "forloeb_nr"], order_by=[p.start, p.slut_aaben])
    p = p.mutate(
        forloeb_slut=p.slut_aaben.max().over(ibis.window(group_by=["person_id", "forloeb_nr"])),
        nr=ibis.row_number().over(w),
        nr_fra_slut=ibis.row_number().over(
            ibis.window(group_by=["person_id", "forloeb_nr"], order_by=[p.start.desc(), p.slut_aaben.desc()])
        ),
    )
    foerste = p.filter(p.nr == 0).select(
        "person_id", "forloeb_nr", "forloeb_start", "forloeb_slut",
        start_kommune=p.kommune_kode, start_gruppe=p.ydelsesgruppe,
    )
    sidste = p.filter(p.nr_fra_slut == 0).select(
        "person_id", "forloeb_nr", slut_kommune=p.kommune_kode, slut_gruppe=p.ydelsesgruppe
    )
    return foerste.join(sidste, ["person_id", "forloeb_nr"])


def _maaling(t: ir.Table, kommune, gruppe, navn: str, vaerdi, antal) -> ir.Table:
    return t.group_by(kommune_kode=kommune, ydelsesgruppe=gruppe).aggregate(
        maaling=ibis.literal(navn), vaerdi=vaerdi.cast("float64"), antal=antal.cast("int64")
    )


def _andel(betingelse: ir.BooleanValue) -> ir.NumericValue:
    return betingelse.cast("int64").sum() * 100.0 / betingelse.count()


def benchmark_maal(tables: dict[str, ir.Table], aar: int, rules: Rulebook) -> ir.Table:
    """All measures for calendar year `aar` (rule values in force on 31 December)."""
    start, slut = tid.parse_periode(str(aar))
    halvaar_slut = tid.parse_periode(f"{aar}H1")[1]
    f = _forloeb_med_placering(tables, rules)
    dage = tid.dage_mellem(f.forloeb_start, f.forloeb_slut) + 1
    maalinger = []

    # varighed: forløb that ended in the period, attributed to their last period
    endte = f.filter((f.forloeb_slut >= start) & (f.forloeb_slut <= slut))
    endte_dage = tid.dage_mellem(endte.forloeb_start, endte.forloeb_slut) + 1
    maalinger.append(_maaling(endte, endte.slut_kommune, endte.slut_gruppe, "varighed_uger",
                              (endte_dage / 7.0).mean(), endte.count()))

    # afgang: forløb started in the first half, attributed to their first period
    f = f.mutate(dage=dage)
    startede = f.filter((f.forloeb_start >= start) & (f.forloeb_start <= halvaar_slut))
    for navn, uger in rules.vaerdi("benchmark.afgang_uger", aar=aar).items():
        inden = (startede.forloeb_slut <= slut) & (startede.dage <= tid.clock_days(uger))
        maalinger.append(_maaling(startede, startede.start_kommune, startede.start_gruppe, navn,
                                  _andel(inden), startede.count()))
    b = tables["beskaeftigelse"]
    job = b.filter(b.timer > 0).select(job_person=b.person_id, job_maaned=b.maaned).distinct()
    s = startede.mutate(maaned_efter=(startede.forloeb_slut.truncate("M") + ibis.interval(months=1)).cast("date"))
    s = s.left_join(job, [s.person_id == job.job_person, s.maaned_efter == job.job_maaned])
    maalinger.append(_maaling(s, s.start_kommune, s.start_gruppe, "afgang_job",
                              _andel((s.forloeb_slut <= slut) & s.job_person.notnull()), s.count()))

    # indsats: persons on a benefit in the period with a virksomhedsrettet tilbud in it
    p = med_grupper(perioder(tables["ydelser"], rules), rules)
    i_perioden = p.filter((p.start <= slut) & (p.slut_aaben >= start)).select(
        "person_id", "kommune_kode", "ydelsesgruppe").distinct()
    t = tables["tilbud"]
    vr = t.filter(t.art.isin(list(koder.VIRKSOMHEDSRETTEDE_TILBUD)) & (t.start <= slut)
                  & (t.slut.fill_null(tid.AABEN) >= start)).select(vr_person=t.person_id).distinct()
    j = i_perioden.left_join(vr, i_perioden.person_id == vr.vr_person)
    maalinger.append(_maaling(j, j.kommune_kode, j.ydelsesgruppe, "virksomhedsrettet",
                              _andel(j.vr_person.notnull()), j.count()))

    # indsats: new forløb (started in the first half) with >= tidlig_indsats.min_samtaler samtaler in
    # their first tidlig_indsats.uger weeks
    uger = rules.vaerdi("tidlig_indsats.uger", maaned=slut)
    min_samtaler = rules.vaerdi("tidlig_indsats.min_samtaler", maaned=slut)
    sa = tables["samtaler"]
    st = startede.mutate(tidlig_slut=tid.plus_dage(startede.forloeb_start, tid.clock_days(uger) - 1))
    st = st.left_join(sa, [st.person_id == sa.person_id, sa.dato >= st.forloeb_start, sa.dato <= st.tidlig_slut])
    antal = st.group_by(["person_id", "forloeb_start", "start_kommune", "start_gruppe"]).aggregate(
        samtaler=st.dato.count())
    maalinger.append(_maaling(antal, antal.start_kommune, antal.start_gruppe, "samtaler_tidligt",
                              _andel(antal.samtaler >= min_samtaler), antal.count()))

    # passiv: anciennitet >= n months on the last day and no tilbud in the last n months
    sidste_maaned = tid.first_day(slut)
    daekker = p.filter((p.start <= slut) & (p.slut_aaben >= slut))
    for navn, n in rules.vaerdi("benchmark.passiv_maaneder", aar=aar).items():
        vindue_start = tid.add_months(sidste_maaned, 1 - n)
        pop = daekker.filter(daekker.forloeb_start <= vindue_start).select(
            "person_id", "kommune_kode", "ydelsesgruppe").distinct()
        aktive = t.filter((t.start <= slut) & (t.slut.fill_null(tid.AABEN) >= vindue_start)).select(
            aktiv_person=t.person_id).distinct()
        pj = pop.left_join(aktive, pop.person_id == aktive.aktiv_person)
        maalinger.append(_maaling(pj, pj.kommune_kode, pj.ydelsesgruppe, navn,
                                  _andel(pj.aktiv_person.isnull()), pj.count()))

    alle = ibis.union(*maalinger)
    alle = alle.mutate(vaerdi=alle.vaerdi.round(2))
    noegle = ibis.cases((alle.maaling.isin(list(LAVEST_BEDST)), alle.vaerdi), else_=-alle.vaerdi)
    placering = noegle.rank().over(ibis.window(group_by=["ydelsesgruppe", "maaling"], order_by=noegle)) + 1
    return alle.mutate(aar=ibis.literal(aar, "int64"), placering=placering.cast("int64")).select(*KOLONNER)


