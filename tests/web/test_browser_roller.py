"""Issue 22's walk per role in a real browser (Debian's Chromium), counting the clicks each task
takes from the role's landing page: the caseworker sees whom to contact today with none, marks a
line and sees the line and the counts change, and "Holdt" takes the line off; the team leader
reaches the team's 14-day list in one click and its Excel in two; the manager goes from a figure
on screen to the citizens behind it in one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import expect
from test_browser import browser, demo, foto, log_ind, server, side  # noqa: F401  (the shared fixtures)


class Klik:
    """Clicks made on the way to a task's answer (navigation by typing a URL is not one)."""

    def __init__(self, page):
        self.page, self.antal = page, 0

    def __call__(self, locator):
        self.antal += 1
        (self.page.locator(locator) if isinstance(locator, str) else locator).click()


def _antal(page, status: str) -> int:
    return int(page.locator(f"#antal .status-{status} strong").inner_text())


def test_sagsbehandler_ser_dagens_borgere_markerer_og_afslutter(side, demo):  # noqa: F811
    log_ind(side, demo.brugere["sagsbehandler"])
    klik = Klik(side)
    side.wait_for_url(f"**/kommuner/{demo.kommune}/frister")
    linjer = side.locator("#arbejdsliste li.tilsyn-linje")
    expect(linjer.first).to_be_visible()
    assert klik.antal == 0  # whom to contact today: on the landing page, the most urgent first
    assert linjer.first.get_attribute("data-status") in ("overskredet", "forfalden_snart", "aaben")

    # "Booket": the line no longer says "Mangler aftale", a confirmation says what was saved
    mangler = side.locator("#arbejdsliste li.tilsyn-linje:has(details)", has_text="Mangler aftale").first
    person, status = mangler.get_attribute("data-person"), mangler.get_attribute("data-status")
    krav = mangler.locator(".tilsyn-krav").inner_text()
    klik(mangler.locator("summary"))
    mangler.locator("input[value=booket]").check()
    klik(mangler.locator("button[type=submit]"))
    expect(side.locator("#bekraeftelse")).to_contain_text("Linjen er markeret »Booket«")
    linje = side.locator(f"#arbejdsliste li.tilsyn-linje[data-person='{person}']", has_text=krav).first
    expect(linje.locator(".tilsyn-note")).to_contain_text("Booket")
    expect(linje.locator(".tilsyn-note")).to_contain_text("noten forsvinder, når aftalen ses i næste dataleverance")
    assert "Mangler aftale" not in linje.inner_text() and "Aftale booket" in linje.inner_text()
    foto(side, "markering-booket")

    # "Holdt – afventer registrering": the line leaves the list and its status count drops by one
    foer, linjer_foer = _antal(side, status), linjer.count()
    klik(linje.locator("summary"))
    linje.locator("input[value=holdt]").check()
    klik(linje.locator("button[type=submit]"))
    expect(side.locator("#bekraeftelse")).to_contain_text("er taget af listen")
    expect(side.locator(f"#arbejdsliste li.tilsyn-linje[data-person='{person}']", has_text=krav)).to_have_count(0)
    assert _antal(side, status) == foer - 1 and linjer.count() == linjer_foer - 1
    assert klik.antal == 4  # open, save; open, save


def test_teamleder_naar_teamets_14_dages_liste_med_et_klik_og_excel_med_to(side, demo):  # noqa: F811
    log_ind(side, demo.brugere["teamleder"])
    klik = Klik(side)
    side.wait_for_url(f"**/kommuner/{demo.kommune}/frister")
    klik("#fjorten-dage")
    side.wait_for_url(re.compile(r"status=overskredet&status=forfalden_snart"))
    assert klik.antal == 1
    statusser = side.locator("#arbejdsliste li.tilsyn-linje").evaluate_all("ls => ls.map(l => l.dataset.status)")
    assert set(statusser) <= {"overskredet", "forfalden_snart"}
    assert len(statusser) == min(_antal(side, "overskredet") + _antal(side, "forfalden_snart"), 200)
    foto(side, "teamets-14-dages-liste")
    with side.expect_download() as hentning:
        klik("text=Hent som Excel")
    assert klik.antal == 2
    bog = openpyxl.load_workbook(io.BytesIO(Path(hentning.value.path()).read_bytes()))
    oversigt = bog["Oversigt"]
    assert oversigt["A1"].value.startswith("Team Dagpenges arbejdsliste, København (0101)")
    assert oversigt["A2"].value == "Filter: status overskredet eller forfalder inden 14 dage"
    assert all(ws.page_setup.orientation == "landscape" for ws in bog.worksheets)


def test_chefen_fra_et_tal_til_borgerne_bag_det_med_et_klik(side, demo):  # noqa: F811
    """From the municipality's fokusmål figure to the passive citizens behind it. (The figure's link
    to its rule and law is another change's: not asserted here.)"""
    log_ind(side, demo.brugere["jobcenterchef"], f"/kommuner/{demo.kommune}")
    klik = Klik(side)
    expect(side.locator("#kommune-fokusmaal")).to_be_visible()
    klik(side.locator("#kommune-fokusmaal tbody tr:first-child").get_by_text("Se de passive borgere"))
    expect(side.locator("h1")).to_contain_text("Passive borgere")
    assert klik.antal == 1
