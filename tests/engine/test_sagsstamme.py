"""Whose caseload a citizen is on a day: one owner per day, also over a handover (docs/frister.md)."""

from datetime import date

import ibis
import pytest

from tilsyn.engine.rettidighed import rettidighed, udfald
from tilsyn.engine.sagsstamme import angaar, ansvarlige, holdet, paa_dagen
from tilsyn.rules import rulebook

from test_frister import K, kh, liste, person, tabeller  # same folder (pytest rootdir import)

D = date


def dage(backend, t, *datoer, pid="p"):
    rows = ibis.memtable({"person_id": [pid] * len(datoer), "dato": list(datoer)}).cast({"dato": "date"})
    got = backend.to_pyarrow(paa_dagen(t, rows, "dato")).to_pylist()
    return {r["dato"]: (r["sagsbehandler_id"], r["ansvarlig_id"], r["daekket_af_vikar"]) for r in got}


OVERDRAGELSE = [("p", "sb1", D(2022, 1, 1), None), ("p", "sb2", D(2022, 6, 1), D(2022, 8, 31))]


def overdragelse(stammer=OVERDRAGELSE):
    """p's caseload: sb1 from 2022-01-01 (open), handed over to sb2 from 2022-06-01 to 2022-08-31;
    sb2 is away 2022-07-01..07-03 with sb3 as substitute."""
    return tabeller(
        personer=[person()], ydelser=[kh(D(2022, 1, 10))],
        sagsbehandlere=[("sb1", "Ane", "Team Nord", K), ("sb2", "Bo", "Team Syd", K), ("sb3", "Cy", "Team Syd", K)],
        sagsstammer=stammer, fravaer=[("sb2", D(2022, 7, 1), D(2022, 7, 3), "sb3")],
    )


def test_the_latest_started_row_wins_on_the_days_it_covers(backend):
    """Before the handover sb1; while sb2's row runs sb2 (sb3 covering 07-01..07-03); after it ends
    sb1 again; before any row no one."""
    got = dage(backend, overdragelse(), D(2021, 12, 31), D(2022, 5, 31), D(2022, 6, 1), D(2022, 7, 2),
               D(2022, 8, 31), D(2022, 9, 1))
    assert got == {
        D(2021, 12, 31): (None, None, False),
        D(2022, 5, 31): ("sb1", "sb1", False),
        D(2022, 6, 1): ("sb2", "sb2", False),
        D(2022, 7, 2): ("sb2", "sb3", True),
        D(2022, 8, 31): ("sb2", "sb2", False),
        D(2022, 9, 1): ("sb1", "sb1", False),
    }


def test_two_rows_starting_the_same_day_the_lowest_id_wins(backend):
    t = tabeller(personer=[person()], sagsstammer=[("p", "sb9", D(2022, 1, 1), None), ("p", "sb4", D(2022, 1, 1), None)])
    assert dage(backend, t, D(2022, 3, 1)) == {D(2022, 3, 1): ("sb4", "sb4", False)}


def test_ansvarlige_on_a_day_is_one_row_per_person(backend):
    got = backend.to_pyarrow(ansvarlige(overdragelse(), D(2022, 7, 2))).to_pylist()
    assert got == [{"person_id": "p", "sagsbehandler_id": "sb2", "ansvarlig_id": "sb3", "daekket_af_vikar": True}]


@pytest.mark.parametrize("stammer", [OVERDRAGELSE, OVERDRAGELSE[::-1]])  # the rows' order does not matter
def test_a_requirement_due_in_a_handover_counts_once_under_the_worklists_caseworker(backend, stammer):
    """LAB § 31: KH from 2022-01-10, no samtaler → four samtaler due 2022-07-10 and tilbud due
    2022-07-10, both in the overlap of sb1's and sb2's rows: each is counted once in July, under sb2
    — the caseworker the worklist names on that day — and sb1 has none. The first samtale, due
    2022-01-16 and never held, is on sb2's list too (docs/frister.md: overdue stays until met)."""
    t = overdragelse(stammer)
    paa_listen = {r["krav_id"]: r["sagsbehandler_id"] for r in liste(t, D(2022, 7, 10), backend)}
    assert paa_listen == {"fire_samtaler_6mdr": "sb2", "tilbud_6mdr": "sb2", "kh_foerste_samtale": "sb2"}
    u = backend.to_pyarrow(udfald(t, rulebook(), D(2022, 7, 1))).to_pylist()
    assert sorted((r["krav_id"], r["sagsbehandler_id"], r["team"]) for r in u) == [
        ("fire_samtaler_6mdr", "sb2", "Team Syd"), ("tilbud_6mdr", "sb2", "Team Syd")]
    r = backend.to_pyarrow(rettidighed(t, rulebook(), D(2022, 7, 1), kommune=K)).to_pylist()
    tal = {(x["niveau"], x["sagsbehandler_id"], x["art"]): x["antal_frister"] for x in r}
    assert tal == {
        ("kommune", None, "samtale"): 1, ("kommune", None, "tilbud"): 1,
        ("team", None, "samtale"): 1, ("team", None, "tilbud"): 1,
        ("sagsbehandler", "sb2", "samtale"): 1, ("sagsbehandler", "sb2", "tilbud"): 1,
    }


def test_team_and_caseworker_lists_follow_the_owner_or_the_substitute(backend):
    """During sb2's absence (2022-07-02) p's lines are sb2's (owner) and sb3's (covering), so Team
    Syd's; not sb1's, whose row the handover overrides, nor Team Nord's. The web's row rule
    (`angaar`) gives the same lines as the engine's filter (`hos`)."""
    t = overdragelse()
    dag = D(2022, 7, 2)
    alle = liste(t, dag, backend)
    teams = {"sb1": "Team Nord", "sb2": "Team Syd", "sb3": "Team Syd"}
    for kw, ids in [({"sagsbehandler": "sb1"}, {"sb1"}), ({"sagsbehandler": "sb2"}, {"sb2"}),
                    ({"sagsbehandler": "sb3"}, {"sb3"}), ({"team": "Team Nord"}, holdet(teams, "Team Nord")),
                    ({"team": "Team Syd"}, holdet(teams, "Team Syd"))]:
        assert liste(t, dag, backend, **kw) == [r for r in alle if angaar(r, ids)], kw
    assert {r["person_id"] for r in liste(t, dag, backend, team="Team Syd")} == {"p"}
    assert liste(t, dag, backend, team="Team Nord") == []
    assert liste(t, dag, backend, sagsbehandler="sb1") == []


def test_angaar_owner_or_responsible_and_never_an_empty_responsible():
    linje = {"sagsbehandler_id": "sb1", "ansvarlig_id": None}
    assert angaar(linje, {"sb1"})
    assert not angaar(linje, {"sb2"})
    assert not angaar({"sagsbehandler_id": None, "ansvarlig_id": None}, {None})
    assert holdet({"sb1": "A", "sb2": None, "sb3": "A"}, "A") == {"sb1", "sb3"}
