"""import_dir: all or nothing, atomic, idempotent; summary."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest
from leverance import VALID, write_dir

from tilsyn.data import store
from tilsyn.data.schema import TABLES
from tilsyn.data.store import DataError, import_dir, summary


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_stores_every_table_by_schema_name(valid_dir: Path, tmp_path: Path):
    target = tmp_path / "lager.duckdb"
    result = import_dir(valid_dir, target)
    assert result.changed and set(result.status.values()) == {"ny"}
    with duckdb.connect(str(target), read_only=True) as con:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert names == set(TABLES) | {"_leverancer", "_daekning"}
        # derived: the first month with a samtale or beskæftigelse (2024-01) to the last month
        # in which something starts (p1's ydelse row of 2024-04-01)
        assert con.execute("SELECT fra, til, kilde FROM _daekning").fetchall() == [
            (date(2024, 1, 1), date(2024, 4, 1), "udledt")]
        assert con.execute("SELECT kommune_kode, start, slut FROM ydelser ORDER BY start LIMIT 1").fetchone() == (
            "0153", date(2024, 1, 1), date(2024, 3, 31))
        types = dict(con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'beskaeftigelse'"
        ).fetchall())
        assert types == {"person_id": "VARCHAR", "maaned": "DATE", "timer": "DOUBLE"}
    assert summary(target) == {
        "kommuner": 2, "personer": 3, "ydelser": 4, "samtaler": 2, "tilbud": 1, "beskaeftigelse": 2,
        "fritagelser": 1, "aftaler": 1, "sagsbehandlere": 2, "sagsstammer": 1, "fravaer": 1,
        "rammevilkaar": 2,
    }
    assert not list(tmp_path.glob(".lager.duckdb*"))  # no temporary file left behind


def test_absent_optional_tables_are_stored_empty(tmp_path: Path):
    required = {n: VALID[n] for n in ("personer", "ydelser", "samtaler", "tilbud", "beskaeftigelse")}
    required["samtaler"] = required["samtaler"].replace(",s1\n", ",\n")
    target = tmp_path / "lager.duckdb"
    import_dir(write_dir(tmp_path / "d", required), target)
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM fravaer").fetchone() == (0,)
        cols = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'rammevilkaar'").fetchall()
        assert [c[0] for c in cols] == ["kommune_kode", "aar", "befolkning_16_66"]


def test_same_delivery_twice_changes_nothing(valid_dir: Path, tmp_path: Path):
    target = tmp_path / "lager.duckdb"
    first = import_dir(valid_dir, target)
    before = digest(target)
    again = import_dir(valid_dir, target)
    assert not again.changed
    assert again.rows == first.rows and again.rows["ydelser"] == 4
    assert set(again.status.values()) == {"uændret"}
    assert digest(target) == before


def test_newer_delivery_of_a_table_replaces_it(valid_dir: Path, tmp_path: Path):
    target = tmp_path / "lager.duckdb"
    import_dir(valid_dir, target)
    write_dir(valid_dir, {"tilbud": VALID["tilbud"] + "p1,0153,nytteindsats,2024-05-01,2024-05-31\n"})
    result = import_dir(valid_dir, target)
    assert result.changed
    assert result.status["tilbud"] == "erstattet"
    assert result.status["personer"] == "uændret"
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT art FROM tilbud ORDER BY start").fetchall() == [
            ("virksomhedspraktik",), ("nytteindsats",)]
        ledger = dict(con.execute("SELECT tabel, raekker FROM _leverancer").fetchall())
    assert ledger["tilbud"] == 2 and ledger["personer"] == 3


def test_bad_delivery_writes_nothing(valid_dir: Path, tmp_path: Path):
    target = tmp_path / "lager.duckdb"
    import_dir(valid_dir, target)
    before = digest(target)
    write_dir(valid_dir, {"tilbud": VALID["tilbud"] + "p1,0153,nytteindsats,2024-05-01,2024-04-30\n"})
    with pytest.raises(DataError) as e:
        import_dir(valid_dir, target)
    assert [str(p) for p in e.value.problems] == ["tilbud.csv:3: slut: slut 2024-04-30 er før start 2024-05-01"]
    assert digest(target) == before
    fresh = tmp_path / "ny.duckdb"
    with pytest.raises(DataError):
        import_dir(valid_dir, fresh)
    assert not fresh.exists()


def test_failure_mid_write_leaves_the_previous_store_intact(valid_dir: Path, tmp_path: Path, monkeypatch):
    target = tmp_path / "lager.duckdb"
    import_dir(valid_dir, target)
    before = digest(target)
    write_dir(valid_dir, {"tilbud": VALID["tilbud"] + "p1,0153,nytteindsats,2024-05-01,2024-05-31\n"})
    real_write = store._write_table
    written = []

    def write_then_crash(v, name):
        if written:
            raise OSError("disken er fuld")
        real_write(v, name)
        written.append(name)

    monkeypatch.setattr(store, "_write_table", write_then_crash)
    with pytest.raises(OSError):
        import_dir(valid_dir, target)
    assert written == ["personer"]
    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "lager.duckdb"]
    monkeypatch.setattr(store, "_write_table", real_write)
    assert import_dir(valid_dir, target).status["tilbud"] == "erstattet"


def test_refuses_to_overwrite_a_file_that_is_not_a_store(valid_dir: Path, tmp_path: Path):
    target = tmp_path / "vigtig.duckdb"
    target.write_text("ikke en database")
    with pytest.raises(DataError) as e:
        import_dir(valid_dir, target)
    assert "er ikke et tilsyn-lager" in e.value.problems[0].message
    assert target.read_text() == "ikke en database"


@pytest.mark.parametrize("where, message", [
    ("mangler/lager.duckdb", "mappen {tmp}/mangler findes ikke; opret den først"),
    (".", "er en mappe; angiv en fil til lageret, fx tilsyn.duckdb"),
])
def test_a_store_path_that_cannot_be_written_is_refused_before_the_work(
        valid_dir: Path, tmp_path: Path, where: str, message: str):
    with pytest.raises(DataError) as e:
        import_dir(valid_dir, tmp_path / where)
    assert e.value.problems[0].message == message.format(tmp=tmp_path)


def test_a_data_directory_is_imported_once_per_content(valid_dir: Path, tmp_path: Path, monkeypatch):
    """Commands given a directory use a cached store: the same files are not validated again;
    changed files are, and a bad delivery still fails with its problems."""
    monkeypatch.setenv(store.CACHE_ENV, str(tmp_path / "cache"))
    imported = []
    real = store.import_dir
    monkeypatch.setattr(store, "import_dir", lambda *a, **k: imported.append(a[0]) or real(*a, **k))
    first = store.lager_for_mappe(valid_dir)
    assert store.lager_for_mappe(valid_dir) == first and len(imported) == 1
    assert summary(first)["personer"] == VALID["personer"].count("\n") - 1
    write_dir(valid_dir, {"aftaler": VALID["aftaler"] + "p1,2024-06-01,samtale\n"})
    assert store.lager_for_mappe(valid_dir) != first and len(imported) == 2
    write_dir(valid_dir, {"aftaler": VALID["aftaler"] + "p9,2024-06-01,samtale\n"})
    with pytest.raises(DataError) as e:
        store.lager_for_mappe(valid_dir)
    assert "'p9' findes ikke i personer" in str(e.value)
    assert (tmp_path / "cache" / "lagre").stat().st_mode & 0o777 == 0o700
