"""Scenarios a legal expert can read and write: `tests/scenarier/<rule>/*.yaml`, each a day, the
input rows by table (columns by name, as in docs/data-format.md) and the expected output. Every
scenario runs on DuckDB and on Spark (the `backend` fixture). The folder names the rule and how it
is computed (`REGLER`); the expected rows name only the columns they check.

    beskrivelse: what the case shows, with the law it follows
    dag: 2022-12-01            # the month (fokusmål, population) or the day (deadlines, responsible)
    kommune: "0101"            # deadlines only: the municipality's list
    input:
      ydelser:
        - {person_id: a, kommune_kode: "0101", ydelse: dagpenge, start: 2019-01-01}
    forventet:
      - {kommune_kode: "0101", population: 1}
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tilsyn.data.schema import TABLES
from tilsyn.engine import fokusmaal, frister, sagsstamme
from tilsyn.engine.population import maanedsgitter, population_med_gitter

MAPPE = Path(__file__).parent


def _population(t, s, rules):
    return population_med_gitter(t, maanedsgitter(s["dag"], s["dag"], rules), rules)


def _fokusmaal(t, s, rules):
    m = fokusmaal.maanedlige(t, s["dag"], s["dag"], rules)
    return m.filter(m.population > 0)


REGLER = {
    # who is in month M's population (bekendtgørelse om skærpet tilsyn, kapitel 3)
    "population": _population,
    # the month's passive shares (same chapter): samtaler, tilbud and hours in the 12-month window
    "fokusmaal": _fokusmaal,
    # the worklist: each requirement's deadline and status on the day (LAB kapitel 7 and 10)
    "frister": lambda t, s, rules: frister.arbejdsliste(t, rules, s["kommune"], s["dag"]),
    # who is responsible for the citizen on the day (caseload and absences, docs/frister.md)
    "ansvarlig": lambda t, s, rules: sagsstamme.ansvarlige(t, s["dag"]),
}
SCENARIER = sorted(MAPPE.glob("*/*.yaml"))


def _tabeller(tabeller, input: dict[str, list[dict]]):
    ukendte = {(navn, k) for navn, rows in input.items() for r in rows for k in r
               if k not in {c.name for c in TABLES[navn].columns}}
    assert not ukendte, f"ukendte kolonner {sorted(ukendte)}"
    return tabeller(**{navn: [tuple(r.get(c.name) for c in TABLES[navn].columns) for r in rows]
                       for navn, rows in input.items()})


def _vaerdi(v):
    """Dates as dates, shares to two decimals (as published)."""
    if isinstance(v, float):
        return round(v, 2)
    return v.date() if hasattr(v, "date") and not isinstance(v, date) else v


def test_hver_regel_har_scenarier():
    assert {s.parent.name for s in SCENARIER} == set(REGLER)
    assert len(SCENARIER) >= 12


@pytest.mark.parametrize("fil", SCENARIER, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_scenarie(fil, backend, tabeller, rules):
    s = yaml.safe_load(fil.read_text(encoding="utf-8"))
    assert s.get("beskrivelse"), f"{fil.name}: skriv en beskrivelse"
    t = _tabeller(tabeller, s.get("input") or {})
    raekker = backend.to_pyarrow(REGLER[fil.parent.name](t, s, rules)).to_pylist()
    forventet = s["forventet"] or []
    kolonner = sorted({k for r in forventet for k in r}) or ["person_id"]
    faktisk = [{k: _vaerdi(r.get(k)) for k in kolonner} for r in raekker]

    def orden(r):
        return [str(r.get(k)) for k in kolonner]

    assert sorted(faktisk, key=orden) == sorted(({k: _vaerdi(r.get(k)) for k in kolonner} for r in forventet), key=orden)
