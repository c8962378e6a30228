"""The page "Rettidighed og kvoter" in Chromium as the job-centre manager: reached from the menu,
a figure clicked leads to the citizens it counts; at 390 px nothing but the tables scrolls sideways
(with a hint), and a table scrolls by keyboard. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import re

import pytest
from ledelsesdata import ADGANGSKODE, byg
from playwright.sync_api import expect
from test_browser import SKAERMBILLEDER, browser, foto, server  # noqa: F401  (the fixtures, over `demo` below)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """test_browser's server runs over this world instead of its own."""
    return byg(tmp_path_factory.mktemp("ledelse-browser"))


def test_chefen_klikker_et_tal_og_ser_borgerne_bag_det(browser, server):  # noqa: F811
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="da-DK")
    side = context.new_page()
    side.set_default_timeout(180_000)  # the first request computes 12 months
    side.goto("/")
    side.fill("#brugernavn", "chef")
    side.fill("#adgangskode", ADGANGSKODE)
    side.click("button[type=submit]")
    side.get_by_role("link", name="Rettidighed og kvoter").first.click()
    expect(side.locator("h1")).to_contain_text("Rettidighed og kvoter")
    foto(side, "rettidighed-og-kvoter", full_page=True)
    celle = side.locator("#tabel-rettidighed-samtale tbody tr").first.locator("td a").first
    tekst = celle.locator("xpath=..").inner_text()
    taeller, naevner = map(int, re.search(r"(\d+) af (\d+)", tekst).groups())
    celle.click()
    expect(side.locator("h1")).to_contain_text("Rettidighed, samtaler")
    linjer = side.locator("#borgere tbody tr")
    fritaget = side.locator("#borgere tbody td", has_text=re.compile("^Fritaget$")).count()
    assert linjer.count() - fritaget == naevner
    assert side.locator("#borgere tbody td", has_text=re.compile("^Til tiden$")).count() == taeller
    foto(side, "rettidighed-borgere")
    # 390 px: the page itself does not scroll sideways; the tables do, with a hint, and by keyboard
    side.set_viewport_size({"width": 390, "height": 844})
    side.go_back()
    expect(side.locator("h1")).to_contain_text("Rettidighed og kvoter")
    assert side.evaluate("document.documentElement.scrollWidth") <= 390
    rul = side.locator(".table--responsive-scroll.kan-rulle").first  # the common hint (rul.js)
    assert "skub den sidelæns" in rul.evaluate("e => getComputedStyle(e, '::before').content")
    foto(side, "rettidighed-og-kvoter-390")
    rul.focus()
    side.keyboard.press("ArrowRight")
    side.keyboard.press("End")
    side.wait_for_timeout(300)
    assert rul.evaluate("e => e.scrollLeft") > 0
    foto(side, "rettidighed-og-kvoter-390-rullet")
    context.close()
    assert (SKAERMBILLEDER / "rettidighed-og-kvoter.png").exists()
