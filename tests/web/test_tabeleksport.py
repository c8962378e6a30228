"""Every figure table as a download: the CSV opens in Danish Excel (`;`, BOM, decimal comma,
Danish headers), the xlsx has numbers as numbers and no formula; both carry exactly the rows of
the results layer's table; each page links its downloads."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from webhjaelp import log_ind

from tilsyn.resultater import skriv_csv_dansk  # noqa: F401  (the writer under test, via the routes)

TABELLER = {
    "/fokusmaal": ("maaned=2024-06", "fokusmaal", "Passive, samtaler (%)", "andel_samtaler"),
    "/resultatmaal": ("aar=2023", "resultatmaal", "Faktisk (%)", "faktisk_andel"),
    "/udvaelgelse": ("aar=2023", "udvaelgelse", "Samtaler (%)", "vaerdi_samtaler"),
    "/kvoter": ("maaned=2024-05", "kvoter", "Andel (%)", "andel_pct"),
}


def _kilde(app, sti: str):
    r = app.state.tilsyn.resultater
    return {"/fokusmaal": lambda: r.fokusmaal(__import__("datetime").date(2024, 6, 1)),
            "/resultatmaal": lambda: r.resultatmaal(2023), "/udvaelgelse": lambda: r.udvaelgelse(2023),
            "/kvoter": lambda: r.kvoteopfyldelse(__import__("datetime").date(2024, 5, 1))}[sti]()


@pytest.mark.parametrize("sti", TABELLER)
def test_csv_til_dansk_excel(klient, app, sti):
    query, navn, overskrift, kolonne = TABELLER[sti]
    log_ind(klient, "star")
    svar = klient.get(f"{sti}.csv?{query}")
    assert svar.status_code == 200 and svar.headers["content-type"].startswith("text/csv")
    assert f'filename="{navn}' in svar.headers["content-disposition"]
    assert svar.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(svar.content.decode("utf-8-sig")), delimiter=";"))
    tabel = _kilde(app, sti)
    assert len(rows) == tabel.height
    forventet = [v for v in tabel[kolonne].to_list()]
    faktisk = [float(r[overskrift].replace(",", ".")) if r[overskrift] else None for r in rows]
    assert faktisk == [None if v is None else round(v, 2) for v in forventet]
    assert any("," in r[overskrift] for r in rows)  # decimal comma, not point


@pytest.mark.parametrize("sti", TABELLER)
def test_xlsx_tal_er_tal(klient, app, sti):
    query, navn, overskrift, kolonne = TABELLER[sti]
    log_ind(klient, "star")
    svar = klient.get(f"{sti}.xlsx?{query}")
    assert svar.status_code == 200 and "spreadsheetml" in svar.headers["content-type"]
    ark = openpyxl.load_workbook(io.BytesIO(svar.content)).active
    rows = list(ark.iter_rows(values_only=True))
    headers = list(rows[2])
    assert overskrift in headers
    data = rows[3:]
    assert [r[headers.index(overskrift)] for r in data] == _kilde(app, sti)[kolonne].to_list()
    celler = [c for row in ark.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in celler)
    assert all(isinstance(r[headers.index(overskrift)], (int, float)) for r in data
               if r[headers.index(overskrift)] is not None)


def test_kommunens_personale_faar_egen_kommunes_kvoter(klient):
    log_ind(klient, "jc")
    rows = list(csv.DictReader(io.StringIO(klient.get("/kvoter.csv?maaned=2024-05").content.decode("utf-8-sig")),
                               delimiter=";"))
    assert rows and {r["Hvem"] for r in rows} <= {"Hele landet", "Høje-Taastrup", "København"}


def test_kun_star_og_admin_faar_udvaelgelsen(klient):
    log_ind(klient, "jc")
    assert klient.get("/udvaelgelse.csv?aar=2023").status_code == 403


def test_ukendt_format_404(klient):
    log_ind(klient, "star")
    svar = klient.get("/fokusmaal.pdf")
    assert svar.status_code == 404 and ".csv og .xlsx" in svar.text


@pytest.mark.parametrize(("side", "links"), [
    ("/?maaned=2024-06&aar=2023", ("/fokusmaal.csv?maaned=2024-06", "/fokusmaal.xlsx?maaned=2024-06",
                                   "/resultatmaal.csv?aar=2023", "/resultatmaal.xlsx?aar=2023")),
    ("/kvoter?maaned=2024-05", ("/kvoter.csv?maaned=2024-05", "/kvoter.xlsx?maaned=2024-05")),
    ("/udvaelgelse?aar=2023", ("/udvaelgelse.csv?aar=2023", "/udvaelgelse.xlsx?aar=2023")),
])
def test_siderne_linker_til_filerne(klient, side, links):
    log_ind(klient, "star")
    html = klient.get(side).text.replace("&amp;", "&")
    for link in links:
        assert link in html
