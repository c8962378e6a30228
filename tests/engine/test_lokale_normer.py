"""Local service norms beside the law (seeds 000 and 001): on the municipality's worklist, marked
"lokal norm", never in rettidighed."""

from datetime import date, timedelta

import ibis
import pytest
from test_frister import person, samtale, tabeller

from tilsyn.engine.frister import arbejdsliste
from tilsyn.engine.rettidighed import udfald
from tilsyn.resultater.arbejdsliste import krav_tekster, til_mennesker
from tilsyn.rules import rulebook
from tilsyn.rules.normer import lokale_normer
from tilsyn.rules.rulebook import RulebookError

D = date
BROENDBY = "0153"


def _liste(t, dag, kommune=BROENDBY):
    x = arbejdsliste(t, rulebook(), kommune, dag, normer=lokale_normer(kommune))
    return ibis.duckdb.connect().to_pyarrow(x).to_pylist()


def test_broendby_uge_5_uden_samtale_er_lokal_norm_mens_lovens_frist_er_aaben():
    """DP in Brøndby from 2022-01-03, no samtale. Week 4 on the clock ends on day 28 = 2022-01-30
    (start + 27 days). On 2022-02-05 (day 34, week 5) Brøndby's first jobsamtale is 6 days overdue,
    marked lokal norm, while LAB § 31's fælles samtale (week 13, 2022-04-03) and four samtaler (week
    26, 2022-07-03) are still open; rettidighed for January counts no local norm."""
    start = D(2022, 1, 3)
    assert start + timedelta(days=27) == D(2022, 1, 30) and (D(2022, 2, 5) - start).days + 1 == 34
    t = tabeller(personer=[person()], ydelser=[("p", BROENDBY, "dagpenge", None, start, None)])
    linjer = {r["krav_id"]: r for r in _liste(t, D(2022, 2, 5))}
    lokal = linjer["lokal_broendby_uge_4"]
    assert (lokal["status"], lokal["frist"], lokal["dage_tilbage"]) == ("overskredet", D(2022, 1, 30), -6)
    assert linjer["dp_faelles_1"]["status"] == "aaben" and linjer["fire_samtaler_6mdr"]["status"] == "aaben"
    assert "lokal_broendby_uge_8" in linjer  # its window (weeks 5-8) has begun
    folk = {r["krav_id"]: r for r in til_mennesker(linjer.values(), krav_tekster(rulebook(), BROENDBY), {})}
    assert folk["lokal_broendby_uge_4"]["lokal_norm"] and not folk["dp_faelles_1"]["lokal_norm"]
    assert folk["lokal_broendby_uge_4"]["krav_tekst"] == "1. jobsamtale inden uge 4 (Brøndbys norm)"
    due = ibis.duckdb.connect().to_pyarrow(udfald(t, rulebook(), D(2022, 1, 1), BROENDBY)).to_pylist()
    assert [r for r in due if r["krav_id"].startswith("lokal_")] == []
    # a samtale in week 3 meets the first norm; another municipality has no norms
    holdt = tabeller(personer=[person()], ydelser=[("p", BROENDBY, "dagpenge", None, start, None)],
                     samtaler=[("p", BROENDBY, D(2022, 1, 20), "fysisk", "individuel", None)])
    assert "lokal_broendby_uge_4" not in {r["krav_id"] for r in _liste(holdt, D(2022, 2, 5))}
    andre = tabeller(personer=[person()], ydelser=[("p", "0101", "dagpenge", None, start, None)])
    assert not any(r["krav_id"].startswith("lokal_") for r in _liste(andre, D(2022, 2, 5), "0101") if r["krav_id"])


def test_faaborg_midtfyn_serviceopkald_inden_14_dage():
    t = tabeller(personer=[person()], ydelser=[("p", "0430", "dagpenge", None, D(2022, 1, 3), None)])
    linjer = {r["krav_id"]: r for r in _liste(t, D(2022, 1, 20), "0430")}
    assert (linjer["lokal_fmk_serviceopkald"]["status"], linjer["lokal_fmk_serviceopkald"]["frist"]) == (
        "overskredet", D(2022, 1, 16))


def test_en_norm_skal_have_et_lokal_id(tmp_path):
    (tmp_path / "0101.yaml").write_text(
        "samtaler:\n  description: x\n  laeses: dag\n  unit: krav\n  values:\n"
        "    - from: 2020-01-01\n      marker: source\n      reference: {title: Beslutning, paragraph: null, link: null}\n"
        "      value:\n        - {id: fire_samtaler_6mdr, maalgrupper: [1], from_week: 0, to_week: 4, min_count: 1,"
        " art: alle, hjemmel: x, tekst: x}\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="skal begynde med 'lokal_'"):
        lokale_normer("0101", tmp_path)
