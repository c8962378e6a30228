"""The documents render: PDF pages are not blank, workbooks have the sheets and rows, letters
carry the municipality, the values and the due date, charts are not empty."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pytest
import yaml
from PIL import Image

from tilsyn.reports import beu, breve, opfoelgning, tabeller
from tilsyn.rules.rulebook import PARAMETERS, Rulebook, rulebook
from tilsyn.supervision import maskine

from .conftest import AARHUS, NYBORG, ODDER


def _ikke_blank(png: Path) -> bool:
    pixels = np.asarray(Image.open(png).convert("L"), dtype=float)
    return pixels.size > 0 and pixels.std() > 5 and pixels.min() < 128


def _sider(pdf: Path, tmp_path: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "side")], check=True)
    return sorted(tmp_path.glob("side-*.png"))


@pytest.fixture(scope="module")
def note(fokusmaal, resultatmaal, udvaelgelse, kontakter):
    return opfoelgning.byg(fokusmaal, resultatmaal, udvaelgelse, kontakter, 2023, rulebook())


def test_national_series_is_passive_over_population_with_the_limit_by_month(fokusmaal):
    serie = tabeller.national_serie(fokusmaal, rulebook())
    assert len(serie) == 36
    population = sum(1000 + 10 * i for i in range(98))
    jan21 = fokusmaal[fokusmaal["maaned"] == date(2021, 1, 1)]
    assert serie.loc[0, "population"] == population
    assert serie.loc[0, "andel_tilbud"] == round(100 * jan21["passive_tilbud"].sum() / population, 2)
    # 30 % in 2021, 20 % from 2022 (fokusmaal.tilbud.graense_pct)
    assert serie.loc[11, "graense_tilbud"] == 30 and serie.loc[12, "graense_tilbud"] == 20


def test_table1_lists_the_municipalities_at_or_above_the_offer_limit_worst_first(note):
    assert list(note.tabel1["Kommune"]) == ["Nyborg", "Odder"]
    odder = note.tabel1.iloc[1]
    assert odder["Forskel mellem faktisk og forventet andel (pct.-point)"] == 0.16
    assert odder["Gns. passiv andel uden tilbud de seneste 12 mdr. (pct.)"] == 21.4
    assert odder["Forventet antal"] > 0 and odder["Faktisk antal"] > odder["Forventet antal"]


def test_table_a1_has_every_municipality_in_danish_order_with_three_months(note):
    a1 = note.tabel_a1
    assert len(a1) == 98
    assert a1["Kommune"].iloc[-1] == "Aarhus" and a1["Kommune"].iloc[0] == "Albertslund"
    assert [c for c in a1.columns if c.startswith("Tilbud")] == ["Tilbud okt. 2023", "Tilbud nov. 2023", "Tilbud dec. 2023"]
    odder = a1[a1["Kommune"] == "Odder"].iloc[0]
    assert odder["Tilbud dec. 2023"] == 21.4 and odder["Opfylder resultatmålet"] == "Nej"
    assert a1[a1["Kommune"] == "Nyborg"].iloc[0]["Opfylder resultatmålet"] == "Ja"


def test_contacts_show_dates_quarters_and_unknown_wishes(note):
    k = note.kontakter
    assert list(k["Kommune"]) == ["Odder", "Aarhus"]
    assert k.iloc[0]["Indledende møde/kontakt"] == "14-03-2023" and k.iloc[0]["Ønsker kommunen bistand"] == "Ja"
    assert k.iloc[1]["Indledende møde/kontakt"] == "1. kvt. 2023" and k.iloc[1]["Ønsker kommunen bistand"] == ""


def test_danish_numbers():
    assert tabeller.tal(1650.0, "Forventet antal") == "1.650"
    assert tabeller.tal(-0.27, "Forskel (pct.-point)") == "-0,27"
    assert tabeller.tal(np.int64(1650), 1) == "1.650" and tabeller.tal(33.0, 1) == "33,0"
    assert tabeller.tal(float("nan")) == "" and tabeller.tal("Ja") == "Ja"


def test_the_note_renders_as_pdf_excel_and_figure(note, tmp_path):
    out = tmp_path / "ud"
    png, pdf, xlsx = opfoelgning.skriv(note, out, date(2024, 4, 12))
    assert [p.name for p in (png, pdf, xlsx)] == ["figur1.png", "opfoelgning-2023.pdf", "opfoelgning-2023.xlsx"]
    assert _ikke_blank(png)
    sider = _sider(pdf, tmp_path)
    assert len(sider) >= 3 and all(_ikke_blank(s) for s in sider)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Tabel A1" in text and "Nyborg" in text and "33,3" in text
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Figur 1", "Tabel 1", "Tabel A1", "Kontakter"]
    a1 = book["Tabel A1"]
    assert a1.cell(3, 1).value == "Kommune" and a1.max_row == 3 + 98
    assert book["Figur 1"].max_row == 3 + 36 and book["Tabel 1"].cell(4, 1).value == "Nyborg"


def _benchmark_maal():
    import pandas as pd

    rows = []
    for i, kode in enumerate([NYBORG, ODDER, AARHUS]):
        for maaling in beu.MAALINGER:
            rows.append({"kommune_kode": kode, "aar": 2023, "ydelsesgruppe": "kontanthjaelp",
                         "maaling": maaling, "vaerdi": 10.0 + i, "antal": 100, "placering": i + 1})
    return pd.DataFrame(rows)


def test_the_beu_report_has_selection_cases_and_ranking(udvaelgelse, resultatmaal, tmp_path):
    sager = [{"kommune_kode": ODDER, "aar": 2023, "konsekvens": "skaerpet_tilsyn", "tilstand": "trin1_redegoerelse",
              "siden": date(2024, 4, 20),
              "frister": [("redegørelse og genopretningsplan", date(2024, 7, 20)), ("ministermøde", None)]}]
    b = beu.byg(udvaelgelse, resultatmaal, sager, 2023, _benchmark_maal())
    assert b.sager.iloc[0].to_dict() == {
        "Kommune": "Odder", "Udtaget for år": "2023", "Konsekvens": "Skærpet tilsyn",
        "Tilstand": "trin 1: redegørelse", "Siden": "20-04-2024",
        "Næste frist": "redegørelse og genopretningsplan: 20-07-2024",
    }
    assert b.rangering["Placering"].iloc[0] == 1 and len(b.rangering) == 98
    assert b.benchmark["Kontanthjælp mv."].set_index("Kommune").at["Odder", "Varighed (uger)"] == "11,0 (2)"
    png, pdf, xlsx = beu.skriv(b, tmp_path / "beu", date(2024, 4, 12))
    assert _ikke_blank(png) and all(_ikke_blank(s) for s in _sider(pdf, tmp_path))
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Udvælgelse", "Tilsynssager", "Resultatmål", "Kontanthjælp mv."]


def _tekst(path: Path) -> str:
    d = docx.Document(path)
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])


def test_selection_letter_carries_values_limits_and_the_due_date(tmp_path):
    u = {"kommune_kode": ODDER, "aar": 2023, "konsekvens": "skaerpet_tilsyn", "fails_resultat": True,
         "fails_samtaler": False, "fails_tilbud": True, "vaerdi_samtaler": 12.3, "vaerdi_tilbud": 21.4,
         "forskel_pct_point": 0.16}
    r = {"faktisk_andel": 5.21, "forventet_andel": 5.05, "forskel_pct_point": 0.16}
    k = breve.udvaelgelse_kontekst(u, r, date(2024, 4, 20), rulebook())
    # tilsyn.redegoerelse_uger = 13 weeks = 91 days after the letter
    assert k["frist_dato"] == date(2024, 7, 20)
    path = breve.skriv("udvaelgelse", k, tmp_path / "brev.docx")
    text = _tekst(path)
    for expected in ("Odder Kommune", "2023", "21,4", "20", "5,21", "5,05", "0,16", "20. juli 2024",
                     "skærpet tilsyn", "15 pct.", "Hjemmel:"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text


def test_light_letter_asks_for_a_handleplan_and_no_letter_without_selection():
    u = {"kommune_kode": ODDER, "aar": 2022, "konsekvens": "skaerpet_tilsyn_light", "fails_resultat": True,
         "fails_samtaler": False, "fails_tilbud": True, "vaerdi_samtaler": 12.3, "vaerdi_tilbud": 21.4,
         "forskel_pct_point": 0.16}
    r = {"faktisk_andel": 5.21, "forventet_andel": 5.05, "forskel_pct_point": 0.16}
    k = breve.udvaelgelse_kontekst(u, r, date(2023, 4, 20), rulebook())
    assert k["dokument_tekst"] == "en handleplan" and k["fokusrevision"] == ""
    assert "Bekendtgørelse nr. 301" in k["hjemmel"]
    with pytest.raises(breve.IkkeUdtaget, match="Odder er ikke udtaget"):
        breve.udvaelgelse_kontekst({**u, "konsekvens": "risikozone"}, r, date(2023, 4, 20), rulebook())


def test_acknowledgement_letter(tmp_path):
    k = breve.kvittering_kontekst(ODDER, 2023, ["tilbud"], date(2024, 7, 10), date(2024, 8, 1), rulebook(),
                                  brev_dato=date(2024, 4, 20), underskrevet_af="borgmester Jens Jensen",
                                  resume="kommunen har indført faste sagsstammer")
    text = _tekst(breve.skriv("kvittering", k, tmp_path / "kvittering.docx"))
    # tilsyn.genopretning_uger = 39 weeks = 273 days after receipt
    for expected in ("Odder Kommune", "10. juli 2024", "borgmester Jens Jensen", "faste sagsstammer.",
                     "20. april 2024", "9. april 2025", "1. august 2024"):
        assert expected in text, expected


def test_the_letters_deadlines_move_with_the_state_machines_parameters(tmp_path):
    """The letters take their dates from the state machine: a copied rulebook with a 26-week
    recovery period and redegørelse moves both letters' dates (and a 2024 value does not reach 2023)."""
    kopi = tmp_path / "parameters"
    shutil.copytree(PARAMETERS, kopi)
    fil = kopi / "tilsyn.yaml"
    tree = yaml.safe_load(fil.read_text(encoding="utf-8"))
    for navn in ("genopretning_uger", "redegoerelse_uger"):
        tree[navn]["values"].append({"from": date(2024, 1, 1), "value": 26, "marker": "default",
                                     "reference": {"title": "test"}, "note": "test"})
    fil.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    book = Rulebook.load(kopi)
    k = breve.kvittering_kontekst(ODDER, 2023, ["tilbud"], date(2024, 7, 10), date(2024, 8, 1), book)
    assert k["genopretning_slut"] == tabeller.dato_tekst(date(2025, 1, 8))  # 182 days after receipt
    assert k["genopretning_slut"] == tabeller.dato_tekst(maskine.frist("genopretning_slut", date(2024, 7, 10), book))
    u = {"kommune_kode": ODDER, "aar": 2023, "konsekvens": "skaerpet_tilsyn", "fails_resultat": True,
         "fails_samtaler": False, "fails_tilbud": True, "vaerdi_samtaler": 12.3, "vaerdi_tilbud": 21.4,
         "forskel_pct_point": 0.16}
    r = {"faktisk_andel": 5.21, "forventet_andel": 5.05, "forskel_pct_point": 0.16}
    assert breve.udvaelgelse_kontekst(u, r, date(2024, 4, 20), book)["frist_dato"] == date(2024, 10, 19)
    assert breve.udvaelgelse_kontekst(u, r, date(2023, 4, 20), book)["frist_dato"] == date(2023, 7, 20)


def test_the_funnel_chart_as_svg_has_a_point_per_municipality(resultatmaal, tmp_path):
    from tilsyn.reports import figurer

    navne = {k: tabeller.kommune_navn(k) for k in resultatmaal["kommune_kode"]}
    svg = figurer.gem(figurer.figur_resultat(resultatmaal, navne), tmp_path / "r.svg").read_text()
    assert svg.startswith("<svg") and svg.count("<path") >= 98 and "Forventet andel (pct.)" in svg


def test_table_a3_one_row_per_quota_with_the_country_and_municipalities_under_it(note, tmp_path):
    """The country's figures per quota, and the municipalities under the quota over 12 months
    (a municipality without persons, `opfyldt_12` empty, is not counted as under)."""
    import pandas as pd

    rows = [("land", None, "kvote_a", "kommune", 40, 30, 75.0, 300, 210, 70.0, False),
            ("kommune", "0101", "kvote_a", "kommune", 30, 20, 66.67, 200, 140, 70.0, False),
            ("kommune", "0147", "kvote_a", "kommune", 10, 10, 100.0, 100, 70, 70.0, False),
            ("kommune", "0153", "kvote_a", "kommune", 0, 0, None, 0, 0, None, None),
            ("land", None, "kvote_b", "a_kasse", 5, 5, 100.0, 9, 9, 100.0, True)]
    t = pd.DataFrame(rows, columns=["niveau", "kommune_kode", "krav_id", "holdes_af", "personer", "naaet",
                                    "andel_pct", "personer_12", "naaet_12", "andel_12_pct", "opfyldt_12"])
    t["kvote_pct"] = 75.0
    a3 = tabeller.kvoter(t, {"kvote_a": "4 jobsamtaler inden 6 måneder"})
    assert a3.to_dict("records") == [
        {"Kvote": "4 jobsamtaler inden 6 måneder", "Holdes af": "kommunen", "Kvote (pct.)": 75.0,
         "Vinduet sluttede i måneden": 40, "Andel der nåede kravet (pct.)": 75.0, "Vinduet sluttede, 12 mdr.": 300,
         "Andel, 12 mdr. (pct.)": 70.0, "Kommuner under kvoten, 12 mdr.": 2},
        {"Kvote": "kvote_b", "Holdes af": "a-kassen", "Kvote (pct.)": 75.0, "Vinduet sluttede i måneden": 5,
         "Andel der nåede kravet (pct.)": 100.0, "Vinduet sluttede, 12 mdr.": 9, "Andel, 12 mdr. (pct.)": 100.0,
         "Kommuner under kvoten, 12 mdr.": 0},
    ]
    from dataclasses import replace

    med = replace(note, kvoter=a3, kvote_maaned=date(2026, 11, 1))
    _, pdf, xlsx = opfoelgning.skriv(med, tmp_path / "ud", date(2026, 12, 2))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Tabel A3" in text and "Kvoteopfyldelse, hele landet, november 2026" in " ".join(text.split())
    assert openpyxl.load_workbook(xlsx)["Tabel A3"].cell(4, 1).value == "4 jobsamtaler inden 6 måneder"


def test_diagrammernes_forklaring_er_hel():
    """The legend of the resultatmål charts names both colours in full (Vega cuts labels over 160 px
    with "…" unless told not to)."""
    import pandas as pd

    from tilsyn.reports import figurer

    df = pd.DataFrame({"kommune_kode": ["0101", "0147"], "faktisk_andel": [10.0, 11.0], "forventet_andel": [10.5, 10.0],
                       "nedre": [9.5, 9.0], "oevre": [11.5, 10.5], "forskel_pct_point": [-0.5, 1.0],
                       "population_16_66": [500000, 80000]})
    navne = {"0101": "København", "0147": "Frederiksberg"}
    for figur, tekster in ((figurer.figur_resultat, ("Faktisk som eller under forventet", "Faktisk over forventet")),
                           (figurer.figur_tragt, ("Inden for eller under sit interval", "Over sit interval"))):
        tegning = figurer.svg(figur(df, navne))
        assert "…" not in tegning
        for tekst in tekster:
            assert tekst in tegning
