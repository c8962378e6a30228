"""Fokusrevision: a reproducible stratified sample, reviewers' findings, the Wilson summary."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.supervision import (
    SagFejl, aabn_sager, opret_revision, registrer, resume, revision_resume, sagens_frister, udtraek, vurder,
)
from tilsyn.supervision.revision import stoerrelse

PASSIVE = (
    [(f"a{i:03d}", "a_dagpenge") for i in range(20)]
    + [(f"k{i:03d}", "kontanthjaelp") for i in range(41)]
    + [(f"s{i:03d}", "sygedagpenge") for i in range(7)]
)


def test_stratum_sizes_are_rounded_up():
    # 15 % of 20 = 3; of 41 = 6.15 -> 7; of 7 = 1.05 -> 2; of 1 -> 1; of 0 -> 0
    assert [stoerrelse(n, 15) for n in (20, 41, 7, 1, 0)] == [3, 7, 2, 1, 0]
    sample = udtraek(PASSIVE, 15, seed=7)
    per_gruppe = {g: sum(1 for _, x in sample if x == g) for g in ("a_dagpenge", "kontanthjaelp", "sygedagpenge")}
    assert per_gruppe == {"a_dagpenge": 3, "kontanthjaelp": 7, "sygedagpenge": 2}
    assert len(set(sample)) == 12 and set(sample) <= set(PASSIVE)


def test_same_inputs_and_seed_give_the_same_sample_whatever_the_row_order():
    a = udtraek(PASSIVE, 15, seed=2023)
    b = udtraek(list(reversed(PASSIVE)) + PASSIVE[:5], 15, seed=2023)  # reordered, duplicated rows
    assert a == b
    assert udtraek(PASSIVE, 15, seed=2024) != a


def test_all_under_administration():
    assert udtraek(PASSIVE, 15, seed=1, alle=True) == sorted(PASSIVE)
    with pytest.raises(SagFejl, match="ukendt ydelsesgruppe: pension"):
        udtraek([("x", "pension")], 15, seed=1)
    with pytest.raises(SagFejl, match="mangler person_id"):
        udtraek([(None, "a_dagpenge")], 15, seed=1)


def test_wilson_interval_3_of_20_by_hand():
    # p = 0.15, n = 20, z = 1.959964: centre (p + z²/2n)/(1 + z²/n) = 0.246036/1.192073 = 0.206393,
    # half-width z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n) = 1.959964·0.093680/1.192073 = 0.154026
    grunde = ["ingen"] * 3 + ["barsel"] * 10 + ["langvarig_sygdom"] * 7 + [None] * 2
    r = resume(grunde, population=200, niveau=0.95)
    assert (r.udtrukket, r.vurderet, r.uden_grund) == (22, 20, 3)
    assert r.andel == pytest.approx(0.15)
    assert r.nedre == pytest.approx(0.05237, abs=5e-5)
    assert r.oevre == pytest.approx(0.36042, abs=5e-5)
    assert r.estimat == pytest.approx(30.0)
    assert (r.estimat_nedre, r.estimat_oevre) == pytest.approx((10.47, 72.08), abs=0.01)
    assert resume([None], 10, 0.95).andel is None


def test_audit_in_the_store_and_findings(session):
    sag = aabn_sager(session, [{"kommune_kode": "0787", "aar": 2023, "konsekvens": "skaerpet_tilsyn"}],
                     2023, date(2023, 4, 20))[0]
    with pytest.raises(SagFejl, match="efter ministerens brev"):
        opret_revision(session, sag.id, date(2023, 3, 1), PASSIVE, seed=5)
    registrer(session, sag.id, 1, "brev_sendt", date(2023, 4, 25), "star")
    with pytest.raises(SagFejl, match="frøet skal være"):
        opret_revision(session, sag.id, date(2023, 3, 1), PASSIVE, seed=-1)
    revision = opret_revision(session, sag.id, date(2023, 3, 1), PASSIVE, seed=5)
    session.commit()
    assert (revision.seed, revision.andel_pct, revision.alle, revision.population) == (5, 15.0, False, 68)
    udtrukne = [(s.person_id, s.ydelsesgruppe) for s in revision.sager]
    assert udtrukne == udtraek(PASSIVE, 15, seed=5)

    with pytest.raises(SagFejl, match="kræver en note"):
        vurder(session, revision.id, udtrukne[0][0], "andet_gyldigt", "revisor")
    with pytest.raises(SagFejl, match="gyldig_grund skal være en af"):
        vurder(session, revision.id, udtrukne[0][0], "ferie", "revisor")
    with pytest.raises(SagFejl, match="ikke udtrukket"):
        vurder(session, revision.id, "zzz", "ingen", "revisor")
    grunde = ["ingen", "ingen", "barsel", "andet_gyldigt"] + ["helbred_forvaerres"] * 7
    for (person, _), grund in zip(udtrukne, grunde):
        vurder(session, revision.id, person, grund, "revisor", note="i udredning" if grund == "andet_gyldigt" else None)
    session.commit()
    r = revision_resume(session, revision.id)
    assert (r.udtrukket, r.vurderet, r.uden_grund, r.population) == (12, 11, 2, 68)
    assert r.estimat == pytest.approx(2 / 11 * 68)
    # the trin 1 duty stays open until every sampled case is reviewed
    assert "fokusrevision" in [f.pligt for f in sagens_frister(session, sag)]
    vurder(session, revision.id, udtrukne[-1][0], "barsel", "revisor")
    assert "fokusrevision" not in [f.pligt for f in sagens_frister(session, sag)]
