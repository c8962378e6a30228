"""Two people edit the same case at the same moment on PostgreSQL, each on an own connection:
the second writer's update waits for the first's row lock, then finds the version moved on and
gets Konflikt; the history holds exactly the winner's event; a retry after reloading succeeds."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from tilsyn.supervision import Konflikt, aabn_sager, historik, registrer, sessions, tilstand
from tilsyn.supervision.db import migrate
from tilsyn.supervision.models import Sag


@pytest.fixture
def pg_url(pg_database):
    url = pg_database()
    migrate(url)
    return url


def test_concurrent_writers_one_wins_the_other_gets_konflikt(pg_url):
    maker_a, maker_b = sessions(pg_url), sessions(pg_url)  # two engines: independent connections
    with maker_a() as s:
        sag_id = aabn_sager(
            s, [{"kommune_kode": "0787", "aar": 2023, "konsekvens": "skaerpet_tilsyn"}], 2023,
            date(2023, 4, 20),
        )[0].id
        s.commit()

    a, b = maker_a(), maker_b()
    version_a, version_b = a.get(Sag, sag_id).version, b.get(Sag, sag_id).version
    assert version_a == version_b == 1

    # A writes but has not committed: A holds the row lock on the case
    registrer(a, sag_id, version_a, "brev_sendt", date(2023, 4, 25), "anna")
    udfald: dict[str, object] = {}

    def skriv_b():
        try:
            registrer(b, sag_id, version_b, "brev_sendt", date(2023, 4, 26), "bo")
            udfald["b"] = "skrevet"
        except Konflikt as e:
            udfald["b"] = e
            b.rollback()

    t = threading.Thread(target=skriv_b)
    t.start()
    t.join(0.5)
    assert t.is_alive(), "B must wait for A's row lock"
    a.commit()
    t.join(10)
    assert isinstance(udfald["b"], Konflikt)

    with maker_a() as c:
        assert [(h.type, h.actor) for h in historik(c, sag_id)] == [
            ("udpeget", "system"), ("brev_sendt", "anna")
        ]
        assert c.get(Sag, sag_id).version == 2

    # B reloads and redoes the change as the next step of the case
    b.expire_all()
    registrer(b, sag_id, b.get(Sag, sag_id).version, "moede_afholdt", date(2023, 5, 2), "bo")
    b.commit()
    with maker_a() as c:
        sag = c.get(Sag, sag_id)
        assert [h.actor for h in historik(c, sag_id)] == ["system", "anna", "bo"]
        assert (sag.version, sag.tilstand, tilstand(c, sag).moede) == (3, "trin1_redegoerelse", True)
    a.close()
    b.close()
