"""The municipal fokusmål are counted on intervals of months (`fokusmaal.maanedlige`); the person-month
verdicts (`fokusmaal.personer`) evaluate every month directly. Both must give the same counts for any
data, also when rule values change inside the months counted."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, timedelta

import ibis
import pytest
import pyarrow as pa
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tilsyn.engine import fokusmaal
from tilsyn.engine.backends import ibis_schema
from tilsyn.rules.rulebook import PARAMETERS, Rulebook, rulebook

KOMMUNER = ("0101", "0147")
FIRST, LAST = date(2021, 9, 1), date(2022, 4, 1)  # min_timer changes from 100 to 225 in 2022
BASE = date(2020, 1, 1)


def dag(offset: int) -> date:
    return BASE + timedelta(days=offset)


def tabeller(rows: dict[str, list[tuple]]) -> dict[str, ibis.Table]:
    out = {}
    for name in ("ydelser", "samtaler", "tilbud", "beskaeftigelse"):
        schema = ibis_schema(name).to_pyarrow()
        data = rows.get(name, [])
        columns = {c: [r[i] if i < len(r) else None for r in data] for i, c in enumerate(schema.names)}
        out[name] = ibis.memtable(pa.table(columns, schema=schema))
    return out


@st.composite
def data(draw):
    """1-5 persons with 1-3 periods that may overlap or leave gaps, samtaler that may share a month,
    tilbud that may still run, and hours around the limits."""
    rows = {"ydelser": [], "samtaler": [], "tilbud": [], "beskaeftigelse": []}
    for i in range(draw(st.integers(1, 5))):
        p = f"p{i}"
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, 800))
            slut = draw(st.one_of(st.none(), st.integers(0, 500).map(lambda n, s=start: dag(s + n))))
            rows["ydelser"].append((p, draw(st.sampled_from(KOMMUNER)), "dagpenge", None, dag(start), slut))
        for offset in draw(st.lists(st.integers(300, 850), max_size=9)):
            rows["samtaler"].append((p, "0101", dag(offset), "fysisk", "individuel", None))
        for offset in draw(st.lists(st.integers(300, 850), max_size=2)):
            slut = draw(st.one_of(st.none(), st.integers(0, 40).map(lambda n, s=offset: dag(s + n))))
            rows["tilbud"].append((p, "0101", "nytteindsats", dag(offset), slut))
        for m in draw(st.lists(st.integers(0, 27), max_size=4, unique=True)):
            maaned = date(2020 + m // 12, m % 12 + 1, 1)
            rows["beskaeftigelse"].append((p, maaned, float(draw(st.sampled_from([0, 50, 100, 125, 225])))))
    return rows


def fra_personer(t, rules) -> Counter:
    rows = ibis.duckdb.connect().to_pyarrow(fokusmaal.personer(t, FIRST, LAST, rules)).to_pylist()
    out = Counter()
    for r in rows:
        key = (r["kommune_kode"], r["maaned"])
        out[key + ("population",)] += 1
        out[key + ("passive_samtaler",)] += r["samtale_passiv"]
        out[key + ("passive_tilbud",)] += r["tilbud_passiv"]
    return out


def fra_intervaller(t, rules) -> Counter:
    out = Counter()
    for r in ibis.duckdb.connect().to_pyarrow(fokusmaal.maanedlige(t, FIRST, LAST, rules)).to_pylist():
        for k in ("population", "passive_samtaler", "passive_tilbud"):
            out[(r["kommune_kode"], r["maaned"], k)] += r[k]
    return +out  # zero counts dropped, as in the person-months


@pytest.fixture(scope="module")
def skiftende_regler(tmp_path_factory) -> Rulebook:
    """The shipped rulebook with anciennitet 6 and min_antal 2 from February 2022."""
    kopi = tmp_path_factory.mktemp("regler") / "parameters"
    shutil.copytree(PARAMETERS, kopi)
    path = kopi / "fokusmaal.yaml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    for param, value in ((tree["anciennitet_maaneder"], 6), (tree["samtaler"]["min_antal"], 2)):
        values = param["values"]
        values.append({**values[-1], "from": date(2022, 2, 1), "value": value, "marker": "default"})
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    return Rulebook.load(kopi)


def test_changed_rules_take_effect_in_their_month(skiftende_regler):
    regler = skiftende_regler
    assert regler.vaerdi("fokusmaal.samtaler.min_antal", maaned=date(2022, 1, 1)) == 4
    assert regler.vaerdi("fokusmaal.samtaler.min_antal", maaned=date(2022, 2, 1)) == 2
    assert regler.vaerdi("fokusmaal.anciennitet_maaneder", maaned=date(2022, 2, 1)) == 6
    # forløb from 2021-08-01: 6 months' anciennitet in February 2022, not 12 in January
    rows = {
        "ydelser": [("a", "0101", "dagpenge", None, date(2021, 8, 1), None)],
        "samtaler": [("a", "0101", date(2021, 12, 1), "fysisk", "individuel", None)] * 2,
    }
    got = fra_intervaller(tabeller(rows), regler)
    assert got[("0101", date(2022, 1, 1), "population")] == 0
    assert got[("0101", date(2022, 2, 1), "population")] == 1
    assert got[("0101", date(2022, 2, 1), "passive_samtaler")] == 0  # 2 samtaler >= 2
    assert got[("0101", date(2022, 2, 1), "passive_tilbud")] == 1
    assert got == fra_personer(tabeller(rows), regler)


def _med_vindue(tmp_path_factory, *values) -> Rulebook:
    """The shipped rulebook with `fokusmaal.vindue_maaneder` given as (from, value) pairs."""
    kopi = tmp_path_factory.mktemp("regler") / "parameters"
    shutil.copytree(PARAMETERS, kopi)
    path = kopi / "fokusmaal.yaml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    forrige = tree["vindue_maaneder"]["values"][0]
    tree["vindue_maaneder"]["values"] = [{**forrige, "from": d, "value": v, "marker": "default"} for d, v in values]
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    return Rulebook.load(kopi)


@pytest.fixture(scope="module")
def kort_vindue(tmp_path_factory) -> Rulebook:
    """The shipped rulebook with a 6-month window."""
    return _med_vindue(tmp_path_factory, (date(2016, 1, 1), 6))


def test_the_window_length_comes_from_the_rulebook(kort_vindue):
    # four samtaler 7-10 months before February 2022: inside a 12-month window, outside a 6-month one
    rows = {
        "ydelser": [("a", "0101", "dagpenge", None, date(2019, 1, 1), None)],
        "samtaler": [("a", "0101", date(2021, m, 1), "fysisk", "individuel", None) for m in (4, 5, 6, 7)],
    }
    februar = ("0101", date(2022, 2, 1), "passive_samtaler")
    assert fra_intervaller(tabeller(rows), rulebook())[februar] == 0
    assert fra_intervaller(tabeller(rows), kort_vindue)[februar] == 1
    assert fra_intervaller(tabeller(rows), kort_vindue) == fra_personer(tabeller(rows), kort_vindue)


def test_a_window_length_changing_inside_the_months_is_refused(tmp_path_factory):
    regler = _med_vindue(tmp_path_factory, (date(2016, 1, 1), 12), (date(2022, 2, 1), 6))
    with pytest.raises(NotImplementedError, match="vindue_maaneder skifter"):
        fokusmaal.maanedlige(tabeller({}), FIRST, LAST, regler)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=data())
def test_interval_counts_equal_person_month_verdicts(rows, skiftende_regler, kort_vindue):
    t = tabeller(rows)
    for regler in (rulebook(), skiftende_regler, kort_vindue):
        assert fra_intervaller(t, regler) == fra_personer(t, regler)
