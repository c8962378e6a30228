"""The admin in a real browser (Debian's Chromium via Playwright) against a uvicorn server: creates
a user, resets its password and signs it out, and every step is on the page and in the access log.
Saves screenshots of the users pages at 1280 and 390 px (to TILSYN_SKAERMBILLEDER, else a temporary
folder)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select
from webhjaelp import ADGANGSKODE, TabelResultater

from test_browser import CHROMIUM_ARGS, CHROMIUM_MILJOE, SKAERMBILLEDER, koerende
from tilsyn.supervision.models import Adgangslog
from tilsyn.web.app import create_app
from tilsyn.web.auth import LokaleBrugere


@pytest.fixture
def server(verden):
    with koerende(create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TabelResultater())) as url:
        yield url


def _log_ind(page, brugernavn: str, adgangskode: str = ADGANGSKODE) -> None:
    page.goto("/log-ind")
    page.fill("#brugernavn", brugernavn)
    page.fill("#adgangskode", adgangskode)
    page.click("button[type=submit]")


def test_admin_opretter_nulstiller_og_logger_ud(server, verden):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, env=CHROMIUM_MILJOE)
        admin = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="da-DK").new_page()
        _log_ind(admin, "admin")
        admin.get_by_role("link", name="Brugere").first.click()  # 1 click from the menu
        expect(admin.locator("h1")).to_have_text("Brugere")
        admin.screenshot(path=SKAERMBILLEDER / "brugere-1280.png", full_page=True)

        admin.fill("#brugernavn", "S0101-0042")
        admin.fill("#navn", "Nora Nielsen")
        admin.select_option("#rolle", "sagsbehandler")
        admin.select_option("#kommune", "0101")
        admin.fill("#adgangskode", "foerste-kode-42")
        admin.get_by_role("button", name="Opret bruger").click()
        expect(admin.get_by_role("status")).to_contain_text("Brugeren er oprettet.")
        expect(admin.locator("h1")).to_contain_text("Nora Nielsen")

        # Nora signs in in her own browser.
        nora = browser.new_context(base_url=server, locale="da-DK").new_page()
        _log_ind(nora, "S0101-0042", "foerste-kode-42")
        expect(nora.locator("p.user").first).to_contain_text("Nora Nielsen")

        admin.reload()
        expect(admin.locator("h1 + p")).to_contain_text("1 aktive sessioner")
        admin.fill("#ny", "anden-kode-4242")
        admin.fill("#gentag", "anden-kode-4242")
        admin.get_by_role("button", name="Nulstil adgangskode").click()
        expect(admin.get_by_role("status")).to_contain_text("Adgangskoden er nulstillet")
        nora.goto("/")
        expect(nora.locator("#brugernavn")).to_be_visible()  # signed out: the login form
        _log_ind(nora, "S0101-0042", "anden-kode-4242")
        expect(nora.locator("p.user").first).to_contain_text("Nora Nielsen")

        admin.reload()
        admin.get_by_role("button", name="Log brugeren ud overalt").click()
        expect(admin.get_by_role("status")).to_contain_text("Brugerens sessioner er afsluttet")
        expect(admin.locator("h1 + p")).to_contain_text("0 aktive sessioner")
        nora.goto("/")
        expect(nora.locator("#brugernavn")).to_be_visible()
        admin.screenshot(path=SKAERMBILLEDER / "bruger-1280.png", full_page=True)

        lille = browser.new_context(base_url=server, viewport={"width": 390, "height": 844}, locale="da-DK").new_page()
        _log_ind(lille, "admin")
        for sti, navn in (("/brugere", "brugere-390"), ("/brugere/S0101-0042", "bruger-390")):
            lille.goto(sti)
            assert lille.evaluate("document.documentElement.scrollWidth") <= 390
            lille.screenshot(path=SKAERMBILLEDER / f"{navn}.png", full_page=True)
        browser.close()
    assert LokaleBrugere(verden["sessions"]).log_ind("S0101-0042", "anden-kode-4242") is not None
    with verden["sessions"]() as s:
        log = [(r.brugernavn, r.formaal) for r in s.scalars(
            select(Adgangslog).where(Adgangslog.filtre == "bruger=S0101-0042").order_by(Adgangslog.id))]
    assert log == [("admin", "bruger oprettet"), ("admin", "adgangskode nulstillet"),
                   ("admin", "brugerens sessioner afsluttet")]
