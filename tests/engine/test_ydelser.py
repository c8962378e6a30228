import ibis

from tilsyn import koder
from tilsyn.engine.ydelser import med_grupper


def test_groups_match_the_code_list_for_every_ydelse_and_visitation():
    rows = [(y, v) for y, (_, m) in koder.YDELSER.items() for v in [None, *koder.VISITATIONER]]
    t = ibis.memtable({"ydelse": [r[0] for r in rows], "visitation": [r[1] for r in rows]})
    got = ibis.duckdb.connect().execute(med_grupper(t))
    for ydelse, visitation, gruppe, maal in got[["ydelse", "visitation", "ydelsesgruppe", "maalgruppe"]].itertuples(index=False):
        visitation = None if visitation is None or visitation != visitation else visitation
        expected = koder.maalgruppe(ydelse, visitation)
        assert gruppe == koder.ydelsesgruppe(ydelse)
        # a visitation that does not fit the ydelse falls back to the default group
        assert maal == (expected if expected is not None else koder.maalgruppe(ydelse, None))


def test_kontanthjaelp_aktivitetsparat_is_maalgruppe_3():
    t = ibis.memtable({"ydelse": ["kontanthjaelp", "uddannelseshjaelp"], "visitation": ["aktivitetsparat", "aktivitetsparat"]})
    assert list(ibis.duckdb.connect().execute(med_grupper(t)).maalgruppe) == [3, 5]
