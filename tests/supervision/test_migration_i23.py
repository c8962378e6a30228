"""Migration 0006_i23 on a store in use, on SQLite and PostgreSQL: the notes already made are
numbered per line in the order they were made; a case whose sample was drawn twice before stops
the upgrade with a Danish message naming it, and nothing is changed."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tilsyn.supervision import db

NOTE = ("INSERT INTO linjenote (kommune_kode, person_id, krav_id, frist, markering, dato, note, brugernavn, tidspunkt) "
        "VALUES ('0101', :p, 'k', '2024-06-01', 'booket', '2024-05-01', :n, 's1', '2024-05-01 10:00:00+00')")


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_eksisterende_noter_nummereres_pr_linje(fresh_url):
    db.migrate(fresh_url, "0005_i11")
    engine = db.engine(fresh_url)
    with engine.begin() as conn:
        for p, n in (("p1", "a"), ("p2", "b"), ("p1", "c"), ("p1", "d")):
            conn.execute(text(NOTE), {"p": p, "n": n})
    db.migrate(fresh_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT person_id, note, version FROM linjenote ORDER BY id")).all() == [
            ("p1", "a", 1), ("p2", "b", 1), ("p1", "c", 2), ("p1", "d", 3)]
    engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_en_stikproeve_trukket_to_gange_standser_opdateringen(fresh_url):
    db.migrate(fresh_url, "0005_i11")
    engine = db.engine(fresh_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sag (id, kommune_kode, aar, konsekvens, opened, tilstand, version) "
                          "VALUES (7, '0101', 2023, 'skaerpet_tilsyn', '2023-04-20', 'trin1_redegoerelse', 2)"))
        for seed in (1, 2):
            conn.execute(text("INSERT INTO revision (sag_id, maaned, seed, andel_pct, alle, population, created) "
                              "VALUES (7, '2023-06-01', :s, 15, false, 40, '2023-06-02 10:00:00+00')"), {"s": seed})
    with pytest.raises(RuntimeError, match="fokusrevisionen er udtrukket mere end én gang i sag 7"):
        db.migrate(fresh_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005_i11"
    engine.dispose()
