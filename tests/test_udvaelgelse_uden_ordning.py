"""The selection for a year without the state's skærpet tilsyn (lov nr. 1750 af 29. december 2025,
abolished 2026-02-01): the selection for year Y is made in the spring of Y+1, so 2024 is the last
year selected and 2025 gets no consequence; the measures are computed as before, and every presenter
says why."""

import csv

from publiceret_filer import fokusmaal_csv, y30r21_csv
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.rules.rulebook import rulebook
from tilsyn.udvaelgelse import KOLONNER, uden_ordning
from test_udvaelgelse import _select

ROWS = [
    ("0101", 0.5, 31.0, 10.0),  # result + samtaler: skærpet tilsyn while the scheme exists
    ("0147", 0.5, 10.0, 30.0),  # result + tilbud
    ("0151", -0.2, 35.0, 10.0),  # a target without the result: risikozone while the scheme exists
    ("0157", -1.0, 5.0, 5.0),
]


def test_2024_still_selects_and_2025_gives_no_consequence_with_the_measures_kept():
    assert set(_select(2024, ROWS).konsekvens) == {"skaerpet_tilsyn", "risikozone", "ingen"}
    assert uden_ordning(2024, rulebook()) is None
    assert set(_select(2026, ROWS).konsekvens) == {"ingen"}
    out = _select(2025, ROWS)
    assert set(out.konsekvens) == {"ingen"}
    assert out.loc["0101", "fails_resultat"] and out.loc["0101", "fails_samtaler"]
    assert out.loc["0147", "fails_tilbud"] and out.loc["0147", "vaerdi_tilbud"] == 30.0
    grund = uden_ordning(2025, rulebook())
    assert "ingen konsekvens" in grund and "1750 af 29. december 2025" in grund and "01-02-2026" in grund
    assert "foråret 2026" in grund and "[datoen er antaget]" in grund


def test_cli_says_why_and_the_csv_keeps_its_columns(tmp_path):
    r, f, out = tmp_path / "y30r21.csv", tmp_path / "fokus.csv", tmp_path / "udv.csv"
    r.write_bytes(y30r21_csv(2026, som=2022))  # the 2022 figures of STAR's follow-up on the 2022 fokusmål, published as 2026's
    f.write_bytes(fokusmaal_csv(2026, som=2022))
    res = CliRunner().invoke(app, ["udvaelgelse", "--year", "2026", "--resultatmaal", str(r), "--fokusmaal", str(f),
                                   "--out", str(out)])
    assert res.exit_code == 0, res.output
    tekst = " ".join(res.output.split())
    assert "Udvælgelsen for 2026 giver ingen konsekvens" in tekst and "1750 af 29. december 2025" in tekst
    with out.open(encoding="utf-8") as fil:
        rows = list(csv.DictReader(fil))
    assert list(rows[0]) == list(KOLONNER) and len(rows) == 98
    assert {r["konsekvens"] for r in rows} == {"ingen"}
    # Mariagerfjord and Odder (skærpet tilsyn light on these figures in 2022) still fail both targets
    assert sum(r["fails_resultat"] == "true" and r["fails_tilbud"] == "true" for r in rows) == 2


def test_what_if_the_scheme_still_existed(tmp_path):
    """A supervisor may ask what 2026 would have given had the scheme not been abolished: a
    what-if, the official result (no consequence) unchanged beside it."""
    r, f, out = tmp_path / "y30r21.csv", tmp_path / "fokus.csv", tmp_path / "udv.csv"
    r.write_bytes(y30r21_csv(2026, som=2022))
    f.write_bytes(fokusmaal_csv(2026, som=2022))
    res = CliRunner().invoke(app, ["udvaelgelse", "--year", "2026", "--resultatmaal", str(r), "--fokusmaal", str(f),
                                   "--hvis", "tilsyn.ordning.udvaelgelse=ja", "--out", str(out)])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8") as fil:
        rows = list(csv.DictReader(fil))
    assert {r["konsekvens_officiel"] for r in rows} == {"ingen"}
    aendret = sorted(r["konsekvens"] for r in rows if r["aendret"] == "true")
    # the 2022 selection of STAR's follow-up on the 2022 fokusmål (Mariagerfjord, Odder; eight in risikozone) under 2026's main rule
    assert aendret == ["risikozone"] * 8 + ["skaerpet_tilsyn"] * 2
    assert {r["konsekvens"] for r in rows if r["aendret"] == "false"} == {"ingen"}
