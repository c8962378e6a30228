"""Properties of the fokusmål that must hold for any data (hypothesis, DuckDB), and rule values
taken from the rulebook, not the code."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import ibis
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tilsyn.engine import fokusmaal
from tilsyn.engine.backends import ibis_schema
from tilsyn.rules.rulebook import PARAMETERS, Rulebook, rulebook

pytestmark = pytest.mark.kun_duckdb  # hundreds of hypothesis examples: 20 minutes on Spark

KOMMUNER = ("0101", "0147", "0151")
FIRST, LAST = date(2022, 1, 1), date(2022, 3, 1)
BASE = date(2020, 6, 1)
CON = ibis.duckdb.connect()
SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def tabeller(rows: dict[str, list[tuple]]) -> dict[str, ibis.Table]:
    out = {}
    for name in ("ydelser", "samtaler", "tilbud", "beskaeftigelse"):
        schema = ibis_schema(name).to_pyarrow()
        data = rows.get(name, [])
        out[name] = ibis.memtable(
            pa.table({c: [r[i] if i < len(r) else None for r in data] for i, c in enumerate(schema.names)}, schema=schema)
        )
    return out


def dag(offset: int) -> date:
    return BASE + timedelta(days=offset)


@st.composite
def data(draw):
    """2-6 persons, each with one or two non-overlapping ydelse periods, and random events."""
    rows = {"ydelser": [], "samtaler": [], "tilbud": [], "beskaeftigelse": []}
    n = draw(st.integers(2, 6))
    for i in range(n):
        p = f"p{i}"
        start = draw(st.integers(0, 500))
        length = draw(st.integers(0, 400))
        kommune = draw(st.sampled_from(KOMMUNER))
        if draw(st.booleans()):
            rows["ydelser"].append((p, kommune, "dagpenge", None, dag(start), None))
        else:
            rows["ydelser"].append((p, kommune, "dagpenge", None, dag(start), dag(start + length)))
            gap = draw(st.integers(1, 90))
            rows["ydelser"].append(
                (p, draw(st.sampled_from(KOMMUNER)), "sygedagpenge", None, dag(start + length + gap), None)
            )
        for offset in draw(st.lists(st.integers(0, 700), max_size=6)):
            rows["samtaler"].append((p, draw(st.sampled_from(KOMMUNER)), dag(offset), "fysisk", "individuel", None))
        for offset in draw(st.lists(st.integers(0, 700), max_size=1)):
            rows["tilbud"].append((p, kommune, "nytteindsats", dag(offset), dag(offset + draw(st.integers(0, 60)))))
        for m in draw(st.lists(st.integers(0, 20), max_size=3, unique=True)):
            rows["beskaeftigelse"].append((p, date(2021 + m // 12, m % 12 + 1, 1), float(draw(st.integers(0, 150)))))
    return rows


def figures(rows: dict[str, list[tuple]]) -> dict[tuple, dict]:
    expr = fokusmaal.maanedlige(tabeller(rows), FIRST, LAST, rulebook())
    return {(r["kommune_kode"], r["maaned"]): r for r in CON.to_pyarrow(expr).to_pylist()}


@SETTINGS
@given(rows=data(), event=st.data())
def test_adding_a_samtale_or_a_tilbud_never_increases_a_passive_share(rows, event):
    before = figures(rows)
    person = event.draw(st.sampled_from(sorted({r[0] for r in rows["ydelser"]})))
    day = dag(event.draw(st.integers(0, 700)))
    if event.draw(st.booleans()):
        rows["samtaler"].append((person, "0147", day, "telefon", "faelles", None))
    else:
        rows["tilbud"].append((person, "0101", "virksomhedspraktik", day, day + timedelta(days=5)))
    after = figures(rows)
    for key, b in before.items():
        a = after[key]
        assert a["population"] == b["population"]
        for share in ("andel_samtaler", "andel_tilbud"):
            assert (a[share] is None) == (b[share] is None)
            if b[share] is not None:
                assert a[share] <= b[share]


@SETTINGS
@given(rows=data(), which=st.integers(0, 5))
def test_removing_a_person_never_changes_other_municipalities(rows, which):
    persons = sorted({r[0] for r in rows["ydelser"]})
    person = persons[which % len(persons)]
    own = {r[1] for r in rows["ydelser"] if r[0] == person}
    before = figures(rows)
    after = figures({name: [r for r in table if r[0] != person] for name, table in rows.items()})
    for key, b in before.items():
        if key[0] not in own:
            assert after[key] == b


def test_a_changed_rulebook_changes_the_result_without_code_changes(tmp_path):
    """fokusmaal.samtaler.min_antal edited from 4 to 3 in a copied rulebook: a person with three
    samtaler in the window is passive under the shipped rules, active under the copy."""
    kopi = tmp_path / "parameters"
    shutil.copytree(PARAMETERS, kopi)
    path = kopi / "fokusmaal.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("value: 4\n") == 1  # samtaler.min_antal
    path.write_text(text.replace("value: 4\n", "value: 3\n"), encoding="utf-8")
    rettet = Rulebook.load(kopi)
    assert rettet.vaerdi("fokusmaal.samtaler.min_antal", maaned=date(2022, 3, 1)) == 3

    rows = {
        "ydelser": [("a", "0101", "dagpenge", None, date(2019, 1, 1), None)],
        "samtaler": [("a", "0101", date(2022, m, 1), "fysisk", "individuel", None) for m in (1, 2, 3)],
    }
    t = tabeller(rows)
    for rules, passive in ((rulebook(), 1), (rettet, 0)):
        got = CON.to_pyarrow(fokusmaal.maanedlige(t, LAST, LAST, rules)).to_pylist()
        row = next(r for r in got if r["kommune_kode"] == "0101")
        assert (row["population"], row["passive_samtaler"]) == (1, passive)
