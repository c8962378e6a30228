"""The pure state machine: every (state, event) pair not in the hand-written table is refused;
deadlines follow the dated parameters (a copied rulebook with another value moves them)."""

from __future__ import annotations

import shutil
from datetime import date
from types import SimpleNamespace

import pytest
import yaml

from tilsyn.rules import Rulebook
from tilsyn.rules.rulebook import PARAMETERS
from tilsyn.supervision import maskine as tm

# How to reach each state from the start (type, date, payload).
START = [("udpeget", date(2023, 4, 20), {"konsekvens": "skaerpet_tilsyn"})]
TRIN1 = START + [("brev_sendt", date(2023, 4, 25), {})]
TRIN2 = TRIN1 + [("plan_modtaget", date(2023, 7, 20), {"vaerdier": {"samtaler": 35.0, "tilbud": 27.0}})]
NUL = {"samtaler": 35.0, "tilbud": 27.0}
TASKFORCE = TRIN2 + [
    ("maanedlig_opfoelgning", date(2023, 9 + i, 5), {"maaned": f"2023-{8 + i:02d}", "vaerdier": NUL})
    for i in range(3)
]
FORLAENGET = TRIN2 + [("evaluering", date(2024, 4, 23), {"vaerdier": {"samtaler": 29.0, "tilbud": 21.0}})]
ADMINISTRATION = TRIN2 + [("evaluering", date(2024, 4, 23), {"vaerdier": {"samtaler": 33.0, "tilbud": 21.0}})]
OPHOERT = TRIN2 + [("evaluering", date(2024, 4, 23), {"vaerdier": {"samtaler": 19.0, "tilbud": 19.0}})]
LIGHT = [("udpeget", date(2023, 4, 20), {"konsekvens": "skaerpet_tilsyn_light"})]
LIGHT_HANDLEPLAN = LIGHT + [("dialog_afholdt", date(2023, 5, 10), {})]
VEJ = {
    "udpeget": START,
    "trin1_redegoerelse": TRIN1,
    "trin2_genopretning": TRIN2,
    "taskforce": TASKFORCE,
    "forlaenget": FORLAENGET,
    "administration": ADMINISTRATION,
    "ophoert": OPHOERT,
    "light_dialog": LIGHT,
    "light_handleplan": LIGHT_HANDLEPLAN,
}
# The allowed events, written out by hand from docs/tilsyn.md (States and events).
TILLADT = {
    "udpeget": {"brev_sendt"},
    "trin1_redegoerelse": {"moede_afholdt", "plan_modtaget"},
    "trin2_genopretning": {"moede_afholdt", "maanedlig_opfoelgning", "evaluering"},
    "taskforce": {"taskforce_besoeg"},
    "forlaenget": {"maanedlig_opfoelgning", "evaluering"},
    "administration": {"evaluering"},
    "ophoert": set(),
    "light_dialog": {"dialog_afholdt"},
    "light_handleplan": {"handleplan_modtaget"},
}
# lov 1750/2025 abolishes the scheme: every open state may end by law
for _tilstand, _tilladt in TILLADT.items():
    if _tilstand != "ophoert":
        _tilladt.add("ophoert_ved_lov")


def afspil(vej, book=None) -> tm.Forloeb:
    return tm.afspil([SimpleNamespace(type=t, dato=d, payload=p) for t, d, p in vej], book)


@pytest.mark.parametrize("state", tm.TILSTANDE)
def test_each_path_reaches_its_state_and_allows_exactly_the_table(state):
    forloeb = afspil(VEJ[state])
    assert forloeb.tilstand == state
    assert set(tm.tilladte_haendelser(forloeb)) == TILLADT[state]


ULOVLIGE = [(s, h) for s in tm.TILSTANDE for h in tm.HAENDELSER if h not in TILLADT[s]]


@pytest.mark.parametrize("state, haendelse", ULOVLIGE)
def test_every_event_the_state_does_not_allow_is_refused(state, haendelse):
    forloeb = afspil(VEJ[state])
    with pytest.raises(tm.UlovligHaendelse, match="ikke tilladt|allerede udpeget"):
        tm.anvend(forloeb, haendelse, date(2026, 1, 1), {"vaerdier": NUL, "maaned": "2025-12", "fund": "x"})


def test_illegal_pairs_cover_the_whole_grid():
    assert len(ULOVLIGE) == len(tm.TILSTANDE) * len(tm.HAENDELSER) - sum(map(len, TILLADT.values()))
    assert len(ULOVLIGE) == 9 * 10 - 12 - 8


def test_unknown_event_and_wrong_first_event_are_refused():
    with pytest.raises(tm.UlovligHaendelse, match="ukendt hændelse 'telefon'"):
        tm.anvend(afspil(TRIN1), "telefon", date(2023, 5, 1), {})
    with pytest.raises(tm.UlovligHaendelse, match="begynde med hændelsen 'udpeget'"):
        tm.anvend(None, "brev_sendt", date(2023, 5, 1), {})


def test_extension_needs_every_failed_target_improved_by_the_threshold():
    # samtaler 35 -> 29 (6 points) but tilbud 27 -> 22.5 (4.5 points): administration
    vej = TRIN2 + [("evaluering", date(2024, 4, 23), {"vaerdier": {"samtaler": 29.0, "tilbud": 22.5}})]
    assert afspil(vej).tilstand == "administration"


def test_progress_when_any_target_falls_below_its_start():
    vej = TRIN2 + [
        ("maanedlig_opfoelgning", date(2023, 9 + i, 5),
         {"maaned": f"2023-{8 + i:02d}", "vaerdier": {"samtaler": 34.9 if i == 2 else 35.0, "tilbud": 27.0}})
        for i in range(3)
    ]
    assert afspil(vej).tilstand == "trin2_genopretning"
    assert afspil(vej).uden_fremgang == 0


def test_follow_up_needs_a_new_month_and_the_same_targets():
    f = afspil(TASKFORCE[:-1])
    with pytest.raises(tm.SagFejl, match="allerede fulgt op"):
        tm.anvend(f, "maanedlig_opfoelgning", date(2023, 12, 1), {"maaned": "2023-09", "vaerdier": NUL})
    with pytest.raises(tm.SagFejl, match="værdier for samtaler, tilbud"):
        tm.anvend(f, "maanedlig_opfoelgning", date(2023, 12, 1), {"maaned": "2023-11", "vaerdier": {"tilbud": 1}})
    with pytest.raises(tm.SagFejl, match="ÅÅÅÅ-MM"):
        tm.anvend(f, "maanedlig_opfoelgning", date(2023, 12, 1), {"maaned": "nov", "vaerdier": NUL})


def frist(forloeb, pligt, book=None):
    return {f.pligt: f.frist for f in tm.frister(forloeb, book)}[pligt]


def test_deadlines_from_the_parameters():
    # letter 2023-04-25: redegørelse + 13 weeks = 2023-07-25; evaluation + 52 weeks = 2024-04-23
    assert frist(afspil(TRIN1), "redegoerelse") == date(2023, 7, 25)
    # plan 2023-07-20 + 39 weeks (273 days) = 2024-04-18
    assert frist(afspil(TRIN2), "genopretning_slut") == date(2024, 4, 18)
    assert frist(afspil(TRIN2), "evaluering") == date(2024, 4, 23)
    # extension from the evaluation 2024-04-23 + 52 weeks = 2025-04-22
    assert frist(afspil(FORLAENGET), "evaluering") == date(2025, 4, 22)
    # light: dialogue 2023-05-10 + 13 weeks = 2023-08-09
    assert frist(afspil(LIGHT_HANDLEPLAN), "handleplan") == date(2023, 8, 9)
    assert tm.frister(afspil(OPHOERT)) == []


def test_a_named_deadline_from_its_start_date_is_the_one_the_case_shows():
    """`frist(pligt, start)` is what `frister` shows for the case whose clock started on `start`."""
    assert tm.frist("redegoerelse", date(2023, 4, 25)) == frist(afspil(TRIN1), "redegoerelse")
    assert tm.frist("genopretning_slut", date(2023, 7, 20)) == date(2024, 4, 18)
    assert tm.frist("handleplan", date(2023, 5, 10)) == frist(afspil(LIGHT_HANDLEPLAN), "handleplan")
    assert set(tm.FRIST_PARAMETRE) >= {f.pligt for v in (TRIN1, TRIN2, LIGHT_HANDLEPLAN)
                                       for f in tm.frister(afspil(v)) if f.frist}


def test_changing_the_yaml_value_in_a_copied_rulebook_moves_the_deadline(tmp_path):
    kopi = tmp_path / "parameters"
    shutil.copytree(PARAMETERS, kopi)
    fil = kopi / "tilsyn.yaml"
    tree = yaml.safe_load(fil.read_text(encoding="utf-8"))
    tree["redegoerelse_uger"]["values"].append(
        {"from": date(2023, 1, 1), "value": 26, "marker": "default",
         "reference": {"title": "test"}, "note": "test"}
    )
    fil.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    book = Rulebook.load(kopi)
    # letter 2023-04-25 + 26 weeks (182 days) = 2023-10-24; a letter in 2022 keeps 13 weeks
    assert frist(afspil(TRIN1, book), "redegoerelse", book) == date(2023, 10, 24)
    tidligt = [("udpeget", date(2022, 12, 1), {"konsekvens": "skaerpet_tilsyn"}),
               ("brev_sendt", date(2022, 12, 30), {})]
    assert frist(afspil(tidligt, book), "redegoerelse", book) == date(2023, 3, 31)
