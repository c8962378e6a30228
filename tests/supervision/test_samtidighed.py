"""Twenty people at the same moment, on SQLite and PostgreSQL, each on a connection of their own:
drawing a case's audit sample, changing an absence, noting a worklist line. Exactly one wins;
the other nineteen get a clear Danish refusal, and the store holds the winner's work only."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import sessionmaker

from tilsyn.supervision import aabn_sager, registrer
from tilsyn.supervision import arbejdsliste as lager
from tilsyn.supervision.models import Fravaer, FravaerLog, Linjenote, Revision, Revisionssag, Sag
from tilsyn.supervision.revision import AlleredeUdtrukket, opret_revision

N = 20
PASSIVE = [(f"k{i:03d}", "kontanthjaelp") for i in range(40)]


def _samtidigt(url: str, arbejde) -> list[object]:
    """Run `arbejde(session, nr)` in N threads released at once, each with its own connection;
    what each returned or raised."""
    maker = sessionmaker(create_engine(url, pool_size=N, max_overflow=0), expire_on_commit=False)
    start, udfald = threading.Barrier(N), [None] * N

    def koer(nr: int) -> None:
        with maker() as session:
            start.wait()
            try:
                udfald[nr] = arbejde(session, nr)
                session.commit()
            except Exception as e:  # noqa: BLE001 (the test asserts on what came)
                session.rollback()
                udfald[nr] = e

    traade = [threading.Thread(target=koer, args=(i,)) for i in range(N)]
    for t in traade:
        t.start()
    for t in traade:
        t.join(60)
    maker.kw["bind"].dispose()
    return udfald


def _en_vinder(udfald: list[object], fejltype: type, tekst: str) -> None:
    afvist = [u for u in udfald if isinstance(u, Exception)]
    assert len(afvist) == N - 1, udfald
    assert all(type(u) is fejltype and tekst in str(u) for u in afvist), afvist


def test_tyve_samtidige_udtraek_giver_en_stikproeve(store):
    url, maker = store
    with maker() as s:
        sag = aabn_sager(s, [{"kommune_kode": "0787", "aar": 2023, "konsekvens": "skaerpet_tilsyn"}], 2023,
                         date(2023, 4, 20))[0]
        s.commit()
        registrer(s, sag.id, 1, "brev_sendt", date(2023, 4, 25), "star")
        s.commit()
        sag_id = sag.id

    udfald = _samtidigt(url, lambda s, nr: opret_revision(s, sag_id, date(2023, 6, 1), PASSIVE, seed=nr).seed)
    _en_vinder(udfald, AlleredeUdtrukket, "stikprøven er allerede udtrukket")
    with maker() as s:
        (revision,) = s.scalars(select(Revision)).all()
        assert revision.seed in udfald and revision.sag_id == sag_id
        assert s.scalar(select(func.count()).select_from(Revisionssag)) == 6  # one sample's rows only
        assert s.get(Sag, sag_id).version == 2


def test_tyve_samtidige_rettelser_af_et_fravaer(store):
    url, maker = store
    with maker() as s:
        f = lager.registrer_fravaer(s, "0101", "s1", date(2024, 6, 10), date(2024, 6, 20), None, "tl", {"s1"}, {"s1", "s2"})
        s.commit()
        fravaer_id = f.id

    def ret(s, nr):
        f = lager.hent_fravaer(s, "0101", fravaer_id, 1)
        lager.ret_fravaer(s, f, date(2024, 6, 10), date(2024, 6, 21 + nr % 5), "s2", f"tl{nr}", {"s1"}, {"s1", "s2"})
        return nr

    udfald = _samtidigt(url, ret)
    _en_vinder(udfald, lager.Konflikt, "ændret af en anden")
    (vinder,) = [u for u in udfald if isinstance(u, int)]
    with maker() as s:
        f = s.get(Fravaer, fravaer_id)
        assert (f.version, f.rettet_af, f.til) == (2, f"tl{vinder}", date(2024, 6, 21 + vinder % 5))
        assert [r.handling for r in s.scalars(select(FravaerLog).order_by(FravaerLog.id))] == ["oprettet", "rettet"]
        # a deletion from the page as it was before the change is refused too, and nothing is lost
        with pytest.raises(lager.Konflikt):
            lager.slet_fravaer(s, lager.hent_fravaer(s, "0101", fravaer_id, 1), "tl", {"s1"})
        s.rollback()
        lager.slet_fravaer(s, lager.hent_fravaer(s, "0101", fravaer_id, 2), "tl", {"s1"})
        s.commit()
        assert s.scalars(select(Fravaer)).all() == []


def test_tyve_samtidige_noter_paa_en_linje(store):
    url, maker = store
    frist = date(2024, 6, 1)
    with maker() as s:
        lager.noter_linje(s, "0101", "p1", "fire_samtaler_6mdr", frist, "booket", date(2024, 5, 1), "første", "s1", 0)
        s.commit()

    udfald = _samtidigt(url, lambda s, nr: lager.noter_linje(
        s, "0101", "p1", "fire_samtaler_6mdr", frist, "holdt", date(2024, 5, 2), f"note {nr}", f"s{nr}", 1).note)
    _en_vinder(udfald, lager.Konflikt, "noteret af en anden")
    (vinder,) = [u for u in udfald if isinstance(u, str)]
    with maker() as s:
        assert [(n.version, n.note) for n in s.scalars(select(Linjenote).order_by(Linjenote.version))] == [
            (1, "første"), (2, vinder)]
        assert lager.noter(s, "0101")[("p1", "fire_samtaler_6mdr", frist)].tekst == vinder
        assert lager.note_version(s, "0101", "p1", "fire_samtaler_6mdr", frist) == 2
