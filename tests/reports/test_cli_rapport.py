"""`tilsyn rapport` and `tilsyn brev` end to end on a small synthetic data set, and their bad input."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from tilsyn.cli import app

from .test_reports import _ikke_blank, _sider

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data") / "data"
    result = _run("generate", out, "--persons", "3000", "--seed", "3", "--from", "2021-01", "--to", "2023-12")
    assert result.exit_code == 0, result.output
    return out


def test_rapport_writes_the_note_the_workbook_the_figure_and_the_beu_report(data_dir, tmp_path):
    out = tmp_path / "rapport"
    result = _run("rapport", "--data", data_dir, "--year", "2023", out, "--dato", "2024-04-12")
    assert result.exit_code == 0, result.output
    for name in ("opfoelgning-2023.pdf", "opfoelgning-2023.xlsx", "figur1.png", "beu-2023.pdf", "beu-2023.xlsx"):
        assert (out / name).stat().st_size > 1000, name
    for pdf in ("opfoelgning-2023.pdf", "beu-2023.pdf"):
        (tmp_path / pdf).mkdir()
        sider = _sider(out / pdf, tmp_path / pdf)
        assert len(sider) >= 3 and all(_ikke_blank(s) for s in sider), pdf
    book = openpyxl.load_workbook(out / "opfoelgning-2023.xlsx")
    assert book.sheetnames == ["Figur 1", "Tabel 1", "Tabel A1", "Kontakter", "Tabel A2"]
    assert book["Tabel A1"].max_row == 3 + 98
    # Table A2: the development in dagpenge recipients, December 2023, country + 5 regions + 98
    a2 = book["Tabel A2"]
    assert a2.max_row == 3 + 1 + 5 + 98 and a2.cell(4, 1).value == "Hele landet"
    assert "december 2023" in a2.cell(1, 1).value
    # the data covers 2020-01 to 2023-12: the first month with fokusmål (rolling value) is 2021-11
    assert book["Figur 1"].cell(4, 1).value == "2021-11" and book["Figur 1"].max_row == 3 + 26
    beu = openpyxl.load_workbook(out / "beu-2023.xlsx")
    assert beu.sheetnames == ["Udvælgelse", "Tilsynssager", "Resultatmål",
                              "A-dagpenge mv.", "Kontanthjælp mv.", "Sygedagpenge mv."]
    assert beu["Resultatmål"].max_row == 3 + 98


def test_selection_letter_from_data(data_dir, tmp_path):
    from tilsyn.resultater import aabn

    valgt = aabn(data_dir).udvaelgelse(2023).to_pandas()
    udtaget = valgt[valgt["konsekvens"] == "skaerpet_tilsyn"]
    ikke = valgt[valgt["konsekvens"] == "ingen"].iloc[0]["kommune_kode"]
    result = _run("brev", "udvaelgelse", tmp_path / "x.docx", "--kommune", ikke, "--year", "2023", "--data", data_dir)
    assert result.exit_code == 2 and "ikke udtaget" in result.output
    if udtaget.empty:
        pytest.skip("ingen kommune udtaget i de syntetiske data")
    kode = udtaget.iloc[0]["kommune_kode"]
    out = tmp_path / "brev.docx"
    result = _run("brev", "udvaelgelse", out, "--kommune", kode, "--year", "2023", "--data", data_dir,
                  "--dato", "2024-04-20")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "20. juli 2024" in text and "skærpet tilsyn" in text
    assert "og jobcenterchefen" in text and "beskæftigelseschef" not in text  # the title of 2024


def test_a_letter_of_a_day_from_2026_02_01_addresses_the_beskaeftigelseschef(tmp_path):
    """organisering.myndighed.chef: lov 1750/2025 removes the jobcentre, so a letter of 2026 is
    addressed to the manager of the municipality's employment effort."""
    tekster = {}
    for dato in ("2026-01-30", "2026-03-02"):
        out = tmp_path / f"kvittering-{dato}.docx"
        result = _run("brev", "kvittering", out, "--kommune", "727", "--year", "2025", "--modtaget", "2026-01-10",
                      "--maal", "tilbud", "--dato", dato)
        assert result.exit_code == 0, result.output
        tekster[dato] = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "formanden for beskæftigelsesudvalget og jobcenterchefen" in tekster["2026-01-30"]
    assert "formanden for beskæftigelsesudvalget og beskæftigelseschefen" in tekster["2026-03-02"]
    assert "beskæftigelsesudvalgsformand og beskæftigelseschef\n" in tekster["2026-03-02"] + "\n"


def test_acknowledgement_letter_needs_no_data(tmp_path):
    out = tmp_path / "kvittering.docx"
    result = _run("brev", "kvittering", out, "--kommune", "727", "--year", "2023", "--modtaget", "2024-07-10",
                  "--maal", "tilbud", "--dato", "2024-08-01")
    assert result.exit_code == 0, result.output
    assert "Odder Kommune" in "\n".join(p.text for p in docx.Document(out).paragraphs)


@pytest.mark.parametrize(
    "args, message",
    [
        (("rapport", "--data", "/findes/ikke", "--year", "2023", "ud"), "findes ikke"),
        (("rapport", "--data", ".", "--year", "23", "ud"), "ugyldigt år"),
        (("brev", "kvittering", "k.docx", "--kommune", "9999", "--year", "2023", "--modtaget", "2024-07-10"),
         "ukendt kommunekode"),
        (("brev", "kvittering", "k.docx", "--kommune", "727", "--year", "2023", "--modtaget", "10-07-2024"),
         "ugyldig dato"),
        (("brev", "kvittering", "k.docx", "--kommune", "727", "--year", "2023", "--modtaget", "2024-07-10",
          "--maal", "hygge"), "ukendt fokusmål"),
    ],
)
def test_bad_input_exits_2_with_a_danish_message(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run(*args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "k.docx").exists() and not (tmp_path / "ud").exists()
