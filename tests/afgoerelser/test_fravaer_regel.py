"""One rule for overlapping absences: the engine (`sagsstamme.paa_dagen`, on DuckDB and Spark) and
the rows of the web and the CLI (`sagsstamme.med_fravaer`) name the same person responsible."""

from collections import namedtuple
from datetime import date, timedelta

import ibis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tilsyn.engine.sagsstamme import med_fravaer, paa_dagen

D0 = date(2024, 3, 1)
SB = ("sb1", "sb2", "sb3")
Fravaer = namedtuple("Fravaer", "sagsbehandler_id fra til vikar_id")


@st.composite
def fravaer(draw):
    sb = draw(st.sampled_from(SB))
    fra = D0 + timedelta(draw(st.integers(0, 6)))
    return Fravaer(sb, fra, fra + timedelta(draw(st.integers(0, 4))),
                   draw(st.sampled_from([None, *(v for v in ("v1", "v2", "v3"))])))


def _paa_motoren(backend, tabeller, alle: list[Fravaer], dage: list[date]) -> dict:
    """(sagsbehandler, dag) -> (ansvarlig_id, daekket_af_vikar) by the engine."""
    t = tabeller(sagsstammer=[(f"p{sb}", sb, D0, None) for sb in SB],
                 fravaer=[(f.sagsbehandler_id, f.fra, f.til, f.vikar_id) for f in alle])
    rows = ibis.memtable({"person_id": [f"p{sb}" for sb in SB for _ in dage],
                          "dag": [d for _ in SB for d in dage]}).cast({"dag": "date"})
    got = backend.to_pyarrow(paa_dagen(t, rows, "dag")).to_pylist()
    return {(r["sagsbehandler_id"], r["dag"]): (r["ansvarlig_id"], r["daekket_af_vikar"]) for r in got}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(alle=st.lists(fravaer(), max_size=6))
def test_motoren_og_raekkerne_naevner_samme_vikar(backend, tabeller, alle):
    dage = [D0 + timedelta(i) for i in range(0, 11, 2)]
    motor = _paa_motoren(backend, tabeller, alle, dage)
    for sb in SB:
        for dag in dage:
            linje = {"person_id": f"p{sb}", "sagsbehandler_id": sb, "ansvarlig_id": sb, "daekket_af_vikar": False}
            r = med_fravaer(linje, alle, dag)
            assert motor[sb, dag] == (r["ansvarlig_id"], r["daekket_af_vikar"]), (sb, dag, alle)


def test_det_senest_begyndte_fravaer_afgoer(backend, tabeller):
    """The case the engine and the web used to disagree on: sb1 away 1-10 March with v2, and from
    5 March (registered later, no substitute). From 5 March no one covers; before, v2."""
    alle = [Fravaer("sb1", date(2024, 3, 1), date(2024, 3, 10), "v2"),
            Fravaer("sb1", date(2024, 3, 5), date(2024, 3, 8), None)]
    motor = _paa_motoren(backend, tabeller, alle, [date(2024, 3, 4), date(2024, 3, 6), date(2024, 3, 9)])
    assert motor["sb1", date(2024, 3, 4)] == ("v2", True)
    assert motor["sb1", date(2024, 3, 6)] == (None, False)
    assert motor["sb1", date(2024, 3, 9)] == ("v2", True)
    # the same start day: one with a substitute goes before one without, then the lowest vikar_id
    alle = [Fravaer("sb1", D0, D0, None), Fravaer("sb1", D0, D0, "v3"), Fravaer("sb1", D0, D0, "v2")]
    assert _paa_motoren(backend, tabeller, alle, [D0])["sb1", D0] == ("v2", True)
    assert med_fravaer({"sagsbehandler_id": "sb1"}, alle, D0)["ansvarlig_id"] == "v2"
