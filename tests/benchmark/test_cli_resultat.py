"""The commands resultatmaal, udvaelgelse, benchmark-diagnostik and tidlig-indsats on a small data
directory: the CLI's result columns, Danish errors with exit code 2."""

import csv

import pytest
from typer.testing import CliRunner

from tilsyn.benchmark.resultatmaal import KOLONNER as RESULTAT_KOLONNER
from tilsyn.cli import app
from tilsyn.udvaelgelse import KOLONNER as UDVAELGELSE_KOLONNER

runner = CliRunner()
KODER = ("0101", "0147", "0151", "0153", "0155")


def _write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Five municipalities of 1000 inhabitants 16-66 with 10, 40, 10, 12, 14 persons on kontanthjælp
    all of 2023 (0147 far above its covariate's line) and a samtale a month for all but 0147."""
    d = tmp_path_factory.mktemp("data")
    personer, ydelser, samtaler = [], [], []
    for kode, antal in zip(KODER, (10, 40, 10, 12, 14)):
        for i in range(antal):
            p = f"{kode}-{i}"
            personer.append((p, "1980-01-01"))
            ydelser.append((p, kode, "kontanthjaelp", "jobparat", "2021-01-01", ""))
            if kode != "0147":
                samtaler += [(p, kode, f"{y}-{m:02d}-10", "fysisk", "individuel", "") for y in (2022, 2023) for m in range(1, 13)]
    _write(d / "personer.csv", ["person_id", "foedselsdato"], personer)
    _write(d / "ydelser.csv", ["person_id", "kommune_kode", "ydelse", "visitation", "start", "slut"], ydelser)
    _write(d / "samtaler.csv", ["person_id", "kommune_kode", "dato", "form", "art", "sagsbehandler_id"], samtaler)
    _write(d / "tilbud.csv", ["person_id", "kommune_kode", "art", "start", "slut"], [])
    # 0 hours in 2020-01: the delivery covers 2020-01 to 2023-12 (data.daekning)
    _write(d / "beskaeftigelse.csv", ["person_id", "maaned", "timer"], [("0101-0", "2020-01", "0")])
    _write(
        d / "rammevilkaar.csv",
        ["kommune_kode", "aar", "befolkning_16_66", "ledighed"],
        [(k, 2023, 1000, x) for k, x in zip(KODER, ("1,0", "2,0", "1,0", "1,2", "1,4"))],  # decimal comma
    )
    return d


def _csv(path):
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_resultatmaal_csv_has_the_spec_06_columns(data, tmp_path):
    out = tmp_path / "r.csv"
    result = runner.invoke(app, ["resultatmaal", "--data", str(data), "--year", "2023", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _csv(out)
    assert list(rows[0]) == list(RESULTAT_KOLONNER)
    by = {r["kommune_kode"]: r for r in rows}
    # without 0147 the others lie on share = ledighed (%) exactly
    assert by["0147"]["forventet_andel"] == "2.00" and by["0147"]["forskel_pct_point"] == "2.00"
    assert by["0147"]["placering"] == "5" and by["0147"]["model_version"] == "wls-loo-1"


def test_udvaelgelse_csv_and_table(data, tmp_path):
    out = tmp_path / "u.csv"
    result = runner.invoke(app, ["udvaelgelse", "--data", str(data), "--year", "2023", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["kommune_kode"]: r for r in _csv(out)}
    assert list(next(iter(rows.values()))) == list(UDVAELGELSE_KOLONNER)
    assert rows["0147"]["konsekvens"] == "skaerpet_tilsyn"
    assert (rows["0147"]["fails_resultat"], rows["0147"]["fails_samtaler"]) == ("true", "true")
    assert rows["0101"]["fails_samtaler"] == "false"
    assert "0147 Frederiksberg" in result.output and "skærpet tilsyn" in result.output
    linje = next(x for x in result.output.splitlines() if "0147 Frederiksberg" in x)
    forskel = float(rows["0147"]["forskel_pct_point"])
    assert f"{forskel:+.2f}".replace(".", ",") in linje  # the screen speaks Danish: decimal comma


def test_diagnostik_names_the_covariate(data):
    result = runner.invoke(app, ["benchmark-diagnostik", "--data", str(data), "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "ledighed" in result.output and "Frederiksberg" in result.output


def test_tidlig_indsats_runs_for_a_month(data, tmp_path):
    out = tmp_path / "t.csv"
    result = runner.invoke(app, ["tidlig-indsats", "--data", str(data), "--month", "2021-07", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["kommune_kode"]: r for r in _csv(out)}
    # everyone started 2021-01-01 and reaches 26 weeks on 2021-07-01, with no samtaler in 2021
    assert rows["0147"]["personer"] == "40" and rows["0147"]["andel_samtaler"] == "0.00"
    assert rows["0147"]["markeret_samtaler"] == "false"  # one month, not six


@pytest.mark.parametrize(
    "args, message",
    [
        (["resultatmaal", "--year", "2022"], "rammevilkaar mangler for 2022"),
        (["resultatmaal", "--periode", "2023H3"], "ugyldig periode"),
        (["resultatmaal", "--year", "2023", "--periode", "2023H1"], "enten --aar"),
        (["resultatmaal", "--year", "2023", "--ydelsesgruppe", "foo"], "ukendt ydelsesgruppe"),
        (["udvaelgelse", "--year", "2021"], "rammevilkaar mangler for 2021"),
        (["udvaelgelse", "--year", "2024"], "data dækker januar 2020 – december 2023"),
        (["fokusmaal", "--month", "2020-06"], "vælg en måned fra november 2021 til december 2023"),
        (["tidlig-indsats", "--month", "1900-01"], "data dækker januar 2020 – december 2023"),
        (["tidlig-indsats", "--month", "2023-13"], "ugyldig måned"),
        (["resultatmaal", "--year", "2023", "--out", "/ingen/sådan/mappe/r.csv"], "findes ikke"),
    ],
)
def test_user_errors_are_danish_with_exit_2(data, args, message):
    result = runner.invoke(app, [*args, "--data", str(data)])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())  # the console wraps long messages
    assert "Traceback" not in result.output


def test_forklar_kommune_explains_the_expected_share(data):
    res = runner.invoke(app, ["forklar", "--data", str(data), "--kommune", "Frederiksberg", "--year", "2023"])
    assert res.exit_code == 0, res.output
    tekst = " ".join(res.output.split())
    assert "Resultatmål 2023 for Frederiksberg (0147)" in tekst
    assert "Ledighed: koefficient" in tekst and "leave-one-out" in tekst and "Placering: 5 af 5" in tekst
    assert "Resultatmålet er ikke opfyldt" in tekst


def test_what_if_on_micro_data_changes_the_measures(data, tmp_path):
    out = tmp_path / "hvis.csv"
    res = runner.invoke(app, ["udvaelgelse", "--data", str(data), "--year", "2023", "--out", str(out),
                              "--hvis", "fokusmaal.samtaler.min_antal=13"])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8") as f:
        rows = {r["kommune_kode"]: r for r in csv.DictReader(f)}
    # 12 samtaler a year: passive for everyone at 13 (officially 0101 has no samtale-passive)
    assert {r["fails_samtaler"] for r in rows.values()} == {"true"}
    assert float(rows["0101"]["vaerdi_samtaler"]) == 100.0
    # no tilbud at all: everyone already fails tilbud, so no consequence changes
    assert {r["aendret"] for r in rows.values()} == {"false"}
    assert [r["konsekvens"] for r in rows.values()] == [r["konsekvens_officiel"] for r in rows.values()]


@pytest.mark.parametrize("args", [["--kommune", "Ingensted", "--year", "2023"], ["--kommune", "0101"],
                                  ["--person", "x", "--kommune", "0101", "--year", "2023"]])
def test_forklar_kommune_errors(data, args):
    res = runner.invoke(app, ["forklar", "--data", str(data), *args])
    assert res.exit_code == 2 and "Fejl" in res.output and "Traceback" not in res.output
