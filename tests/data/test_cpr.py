"""CPR numbers as person_id: date always checked, modulus 11 only before 2007-10-01, pseudonymised."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from leverance import VALID, write_dir

from tilsyn.data import cpr
from tilsyn.data.store import DataError, import_dir
from tilsyn.data.validate import check_dir

KEY = b"hemmelig-testnoegle"
OLD = "010180-0008"        # 1980-01-01; 0*4+1*3+0*2+1*7+8*6+0+0+0+0+8*1 = 66 = 6*11
NEW = "0110084000"         # 2008-10-01; sum 61, not a multiple of 11: allowed after 2007-10-01
OLD_BAD_MOD11 = "0101800000"
BAD_DATE = "3102801234"    # 31 February


def test_problem():
    assert cpr.problem(OLD) is None
    assert cpr.problem(NEW) is None
    assert cpr.problem(OLD_BAD_MOD11) == "ugyldigt CPR-nummer (modulus 11-kontrollen fejler)"
    assert cpr.problem(BAD_DATE).startswith("ugyldigt CPR-nummer (forventet 10 cifre")
    assert cpr.problem("p1").startswith("ugyldigt CPR-nummer")
    assert cpr.problem(OLD, date(1980, 1, 2)) == (
        "CPR-nummerets fødselsdato 1980-01-01 passer ikke med foedselsdato")


def test_pseudonym_is_keyed_and_ignores_the_dash():
    assert cpr.pseudonym(OLD, KEY) == cpr.pseudonym("0101800008", KEY)
    assert cpr.pseudonym(OLD, KEY) != cpr.pseudonym(OLD, b"en anden noegle")
    assert len(cpr.pseudonym(OLD, KEY)) == 32


def cpr_delivery(tmp_path: Path, p3: str = NEW, p3_born: str = "2008-10-01") -> Path:
    tables = dict(VALID)
    for name, text in tables.items():
        tables[name] = text.replace("p1,", f"{OLD},").replace("p2,", "1505901009,").replace("p3,", f"{p3},")
    tables["personer"] = f"person_id,foedselsdato\n{OLD},1980-01-01\n1505901009,1990-05-15\n{p3},{p3_born}\n"
    return write_dir(tmp_path / "cpr", tables)


def test_valid_numbers_are_pseudonymised_before_the_store(tmp_path: Path):
    assert cpr.problem("1505901009") is None  # 1*4+5*3+0*2+5*7+9*6+0*5+1*4+0*3+0*2+9*1 = 121 = 11*11
    target = tmp_path / "lager.duckdb"
    import_dir(cpr_delivery(tmp_path), target, cpr_noegle=KEY)
    raw = target.read_bytes()
    for number in (b"0101800008", b"010180-0008", b"1505901009", b"0110084000"):
        assert number not in raw
    with duckdb.connect(str(target), read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT person_id FROM personer").fetchall()}
        refs = {r[0] for r in con.execute("SELECT person_id FROM ydelser").fetchall()}
    assert ids == {cpr.pseudonym(n, KEY) for n in (OLD, "1505901009", NEW)}
    assert refs == ids


def test_invalid_numbers_are_refused(tmp_path: Path):
    target = tmp_path / "lager.duckdb"
    with pytest.raises(DataError) as e:
        import_dir(cpr_delivery(tmp_path, p3=BAD_DATE, p3_born="1980-02-28"), target, cpr_noegle=KEY)
    assert [str(p) for p in e.value.problems] == [
        "personer.csv:4: person_id: ugyldigt CPR-nummer (forventet 10 cifre DDMMÅÅ-LLLL med en gyldig dato)"
    ]
    assert not target.exists()


def test_without_cpr_mode_person_id_is_an_opaque_pseudonym(tmp_path: Path):
    assert check_dir(cpr_delivery(tmp_path, p3="x-not-a-cpr")).ok
