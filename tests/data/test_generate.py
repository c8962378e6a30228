"""tilsyn generate: complete tables in the input format, deterministic, valid, with weak municipalities
that really behave worse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tilsyn import koder, tid
from tilsyn.cli import app
from tilsyn.data import validate
from tilsyn.data.generate import KOVARIATER, generate, svage_kommuner, svage_kun_tilbud
from tilsyn.data.schema import TABLES
from tilsyn.kommuner import kommuner

FIRST, LAST = date(2019, 1, 1), date(2023, 12, 31)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("gen")
    return out, generate(out, 4000, 7, FIRST, LAST)


def _read(out: Path, name: str) -> pa.Table:
    return pq.read_table(out / f"{name}.parquet")


def test_every_table_has_exactly_the_schema_columns(data):
    out, antal = data
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.parquet" for n in TABLES)
    for name, table in TABLES.items():
        schema = pq.read_schema(out / f"{name}.parquet")
        extra = KOVARIATER if name == "rammevilkaar" else ()
        assert tuple(schema.names) == table.column_names + extra
        for col in table.columns:
            if col.kind in ("date", "month"):
                assert schema.field(col.name).type == pa.date32(), (name, col.name)
        assert pq.ParquetFile(out / f"{name}.parquet").metadata.num_rows == antal[name]
    assert antal["personer"] == 4000
    assert all(antal[n] > 0 for n in TABLES)


def test_every_municipality_has_framework_conditions_and_citizens(data):
    out, _ = data
    alle = set(kommuner())
    ramme = _read(out, "rammevilkaar")
    assert ramme.num_rows == 98 * 5
    for aar in range(2019, 2024):
        aaret = ramme.filter(pc.equal(ramme["aar"], aar))
        assert set(aaret["kommune_kode"].to_pylist()) == alle
    assert set(_read(out, "ydelser")["kommune_kode"].to_pylist()) == alle
    assert pc.min(ramme["befolkning_16_66"]).as_py() >= 1


def test_person_ids_unique_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr("tilsyn.data.generate.PERSONER_PR_BUNDT", 1000)
    antal = generate(tmp_path, 2_510, 3, date(2022, 1, 1), date(2022, 3, 31))
    ids = _read(tmp_path, "personer")["person_id"].to_pylist()
    assert antal["personer"] == len(set(ids)) == 2_510
    assert ids[0] == "P0000001" and ids[-1] == "P0002510"
    assert len(set(_read(tmp_path, "ydelser")["person_id"].to_pylist())) == 2_510


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path):
    a, b, c = (tmp_path / x for x in "abc")
    generate(a, 300, 11, FIRST, LAST)
    generate(b, 300, 11, FIRST, LAST)
    generate(c, 300, 12, FIRST, LAST)
    for name in TABLES:
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name
    assert (a / "ydelser.parquet").read_bytes() != (c / "ydelser.parquet").read_bytes()


def test_ydelse_periods_never_overlap_and_histories_are_realistic(data):
    out, _ = data
    y = _read(out, "ydelser").sort_by([("person_id", "ascending"), ("start", "ascending")])
    person = y["person_id"].to_numpy(zero_copy_only=False)
    start = y["start"].to_numpy().astype("datetime64[D]")
    slut = y["slut"].to_numpy(zero_copy_only=False).astype("datetime64[D]")
    samme = person[1:] == person[:-1]
    # an ongoing period (no slut) is always a person's last
    assert not np.isnat(slut[:-1][samme]).any()
    assert (start[1:][samme] > slut[:-1][samme]).all()
    assert (slut[~np.isnat(slut)] >= start[~np.isnat(slut)]).all()
    pause = (start[1:][samme] - slut[:-1][samme]).astype(int) - 1
    assert (pause == 0).any()  # ydelsesskift
    assert ((pause > 0) & (pause < 28)).any()  # bridged gaps
    assert (pause > 62).any()  # new forløb
    assert np.isnat(slut).sum() > 0
    assert (start < np.datetime64("2018-01-01")).sum() > 0  # anciennitet from the first month
    assert len(set(y["ydelse"].to_pylist())) >= 12


def test_passes_the_validator(data, tmp_path):
    validate = pytest.importorskip("tilsyn.data.validate")
    out, _ = data
    assert validate.check_dir(out).problems == []
    generate(tmp_path, 300, 5, FIRST, LAST, fmt="csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in TABLES)
    assert (tmp_path / "beskaeftigelse.csv").read_text().splitlines()[1].split(",")[1].count("-") == 1
    assert validate.check_dir(tmp_path).problems == []


def _pr_ydelsesdag(out: Path, tabel: pa.Table, svage: set[str]) -> tuple[float, float]:
    """Events per 365 days on support for persons of weak vs other municipalities (2019-2023)."""
    y = _read(out, "ydelser")
    start = np.maximum(y["start"].to_numpy().astype("datetime64[D]"), np.datetime64("2019-01-01"))
    slut = y["slut"].fill_null(LAST).to_numpy().astype("datetime64[D]")
    dage = np.maximum((slut - start).astype(int) + 1, 0)
    svag_y = np.isin(y["kommune_kode"].to_numpy(zero_copy_only=False), list(svage))
    svag_p = set(np.asarray(y["person_id"].to_numpy(zero_copy_only=False))[svag_y])
    i_perioden = pc.greater_equal(tabel["dato" if "dato" in tabel.column_names else "start"],
                                  pa.scalar(FIRST, pa.date32()))
    personer = tabel.filter(i_perioden)["person_id"].to_pylist()
    svag_n = sum(p in svag_p for p in personer)
    return (365 * svag_n / dage[svag_y].sum(), 365 * (len(personer) - svag_n) / dage[~svag_y].sum())


def test_weak_municipalities_hold_fewer_samtaler_and_tilbud(data):
    out, _ = data
    svage, kun_tilbud = set(svage_kommuner(7)), set(svage_kun_tilbud(7))
    assert 5 <= len(svage) <= 8 and len(svage - kun_tilbud) == 1 and kun_tilbud < svage
    svag, oevrige = _pr_ydelsesdag(out, _read(out, "samtaler"), svage - kun_tilbud)
    assert svag < 0.85 * oevrige
    svag, oevrige = _pr_ydelsesdag(out, _read(out, "tilbud"), svage)
    assert svag < 0.7 * oevrige


def test_all_weak_municipalities_but_one_are_weak_on_tilbud_only(data):
    """As Mariagerfjord and Odder in 2022 (STAR's follow-up on the 2022 fokusmål): samtaler as the others, far fewer tilbud."""
    out, _ = data
    kun_tilbud = set(svage_kun_tilbud(7))
    svag, oevrige = _pr_ydelsesdag(out, _read(out, "samtaler"), kun_tilbud)
    assert svag > 0.85 * oevrige
    svag, oevrige = _pr_ydelsesdag(out, _read(out, "tilbud"), kun_tilbud)
    assert svag < 0.7 * oevrige


def test_weak_municipalities_not_written_into_the_data(data):
    out, _ = data
    ramme = _read(out, "rammevilkaar")
    assert not any("svag" in c for c in ramme.column_names)


def test_cli_writes_data_and_names_the_weak_municipalities(tmp_path):
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "d"), "--persons", "200", "--seed", "4",
                                      "--from", "2021-01", "--to", "2021-12", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d" / "ydelser.csv").exists()
    assert svage_kommuner(4)[0] in result.output


def test_new_periods_follow_the_ydelser_of_their_start_day(tmp_path):
    """lov 1655/2024: from 2025-07-01 a new period is kontanthjælp, not uddannelseshjælp, overgangsydelse,
    selvforsørgelses- or hjemrejseydelse (young people keep their visitation); lov 1750/2025: no new
    ressourceforløb or revalidering from 2026-02-01. Periods that began earlier keep their code."""
    generate(tmp_path, 3000, 7, date(2024, 1, 1), date(2026, 11, 30))
    y = _read(tmp_path, "ydelser")
    start = y["start"].to_numpy().astype("datetime64[D]")
    ydelse = np.asarray(y["ydelse"].to_numpy(zero_copy_only=False))
    visitation = np.asarray(y["visitation"].to_numpy(zero_copy_only=False))
    fusioneret = ["uddannelseshjaelp", "overgangsydelse", "selvforsoergelsesydelse", "hjemrejseydelse"]
    lukket = ["ressourceforloeb", "revalidering"]
    assert not np.isin(ydelse[start >= np.datetime64("2025-07-01")], fusioneret).any()
    assert not np.isin(ydelse[start >= np.datetime64("2026-02-01")], lukket).any()
    assert np.isin(ydelse[start < np.datetime64("2025-07-01")], fusioneret).any()  # old codes stay valid
    assert np.isin(ydelse[(start >= np.datetime64("2025-07-01")) & (start < np.datetime64("2026-02-01"))], lukket).any()
    # young people keep their visitation where the målgruppe mapping knows it for kontanthjælp
    kh = visitation[(start >= np.datetime64("2025-07-01")) & (ydelse == "kontanthjaelp")]
    assert set(kh) <= set(koder.gyldige_visitationer("kontanthjaelp"))
    if "uddannelsesparat" in koder.gyldige_visitationer("kontanthjaelp"):
        assert (kh == "uddannelsesparat").sum() > 10
    assert validate.check_dir(tmp_path).problems == []


def test_the_default_period_ends_with_the_last_complete_month(tmp_path):
    """Without --to the data reach today: the last complete month (tid.sidste_hele_maaned)."""
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "d"), "--persons", "200", "--from", "2025-01"])
    assert result.exit_code == 0, result.output
    sidste = tid.sidste_hele_maaned(date.today())
    ramme = _read(tmp_path / "d", "rammevilkaar")
    assert pc.max(ramme["aar"]).as_py() == sidste.year
    samtaler = _read(tmp_path / "d", "samtaler")["dato"]
    assert tid.first_day(pc.max(samtaler).as_py()) == sidste


@pytest.mark.parametrize("args", [["--from", "2021-13"], ["--from", "2022-01", "--to", "2021-12"],
                                  ["--persons", "0"], ["--format", "xlsx"]])
def test_cli_rejects_bad_arguments_with_exit_2(tmp_path, args):
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "d"), *args])
    assert result.exit_code == 2
    assert not (tmp_path / "d").exists()


def test_who_held_the_samtale_from_2024_and_the_a_kasse_of_dagpenge_rows(tmp_path):
    """The quota columns (docs/kvoter.md): samtaler before 2024 say nothing; from 2024 a dagpenge
    period's first 3 months are the a-kasse's, the rest the municipality's; only dagpenge rows
    name an a-kasse."""
    generate(tmp_path, 600, 3, date(2024, 1, 1), date(2024, 12, 31))
    s = _read(tmp_path, "samtaler").to_pandas()
    foer = s["dato"] < date(2024, 1, 1)
    assert foer.any() and s.loc[foer, "afholdt_af"].isna().all()
    assert set(s.loc[~foer, "afholdt_af"]) == {"kommune", "a_kasse"}
    y = _read(tmp_path, "ydelser").to_pandas()
    assert y.loc[y["ydelse"] == "dagpenge", "a_kasse"].notna().all()
    assert y.loc[y["ydelse"] != "dagpenge", "a_kasse"].isna().all()
    ids = set(y.loc[y["ydelse"] == "dagpenge", "person_id"])
    assert set(s.loc[s["afholdt_af"] == "a_kasse", "person_id"]) <= ids
