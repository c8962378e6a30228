"""Issue 10's acceptance in a real browser (Debian's Chromium): a caseworker lands on her own list
and marks a line booked (still marked after a reload); a team leader registers an absence and sees
the lines move to the substitute, exports the team's list (a sheet per caseworker, counts as on the
page); at 390 px a menu button with "Log af", no sideways scroll, the skip link first."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect
from test_browser import browser, demo, foto, server, side  # noqa: F401  (the shared fixtures)

from demo import ADGANGSKODE
from tilsyn.supervision import db
from tilsyn.web import brugere


@pytest.fixture(scope="module")
def hold(demo):  # noqa: F811
    """The caseworker with the most lines on the data's last day (of those with a line to mark), her
    team leader, and a colleague of the municipality to cover for her; users made for them."""
    dag = demo.resultater.daekning().dag_i(date.today())  # the web's default day (visning.standard_dato)
    linjer = demo.resultater.frister(demo.kommune, dag)
    antal = Counter(a for a in linjer["ansvarlig_id"] if a)
    markerbare = {a for a, k in zip(linjer["ansvarlig_id"], linjer["krav_id"]) if a and k}  # lines with a requirement
    sb = next(a for a, _ in antal.most_common() if a in markerbare)
    stab = {r["sagsbehandler_id"]: r for r in demo.resultater.sagsbehandlere(demo.kommune).iter_rows(named=True)}
    vikar = sorted(s for s in stab if s != sb)[0]
    sessions = db.sessions(demo.db_url)
    # the demo may have made her already (its caseworker is the municipality's first): same user, replaced
    brugere.opret(sessions, sb, stab[sb]["navn"], "sagsbehandler", ADGANGSKODE, demo.kommune, None, erstat=True)
    brugere.opret(sessions, "tl10", "Tove Teamleder", "teamleder", ADGANGSKODE, demo.kommune, stab[sb]["team"])
    return {"dag": dag, "sb": sb, "navn": stab[sb]["navn"], "vikar": vikar, "vikarnavn": stab[vikar]["navn"],
            "antal": antal[sb]}


def _log_ind(page, brugernavn):
    page.goto("/log-ind")
    page.fill("#brugernavn", brugernavn)
    page.fill("#adgangskode", ADGANGSKODE)
    page.click("main button[type=submit]")


def test_sagsbehandlerens_dag_og_markering(side, demo, hold):  # noqa: F811
    _log_ind(side, hold["sb"])
    side.wait_for_url(f"**/kommuner/{demo.kommune}/frister")
    expect(side.locator("h1")).to_contain_text("Mine frister")
    linjer = side.locator("#arbejdsliste li.tilsyn-linje")
    expect(linjer).to_have_count(hold["antal"])
    tekst = side.locator("#arbejdsliste").inner_text()
    assert "_" not in tekst  # no internal code (krav ids, statuses) is shown
    foto(side, "mine-frister", full_page=True)
    med_krav = side.locator("#arbejdsliste li.tilsyn-linje:has(details)").first
    person = med_krav.get_attribute("data-person")
    med_krav.locator("summary").click()
    med_krav.locator("input[value=booket]").check()
    med_krav.locator("input[name=note]").fill("Indkaldt til samtale")
    med_krav.locator("button[type=submit]").click()
    side.reload()
    markeret = side.locator(f"#arbejdsliste li[data-person='{person}'] .tilsyn-note").first
    expect(markeret).to_contain_text("Booket")
    expect(markeret).to_contain_text("Indkaldt til samtale")


def test_teamleder_registrerer_fravaer_og_eksporterer(side, demo, hold):  # noqa: F811
    _log_ind(side, "tl10")
    side.wait_for_url(f"**/kommuner/{demo.kommune}/frister")
    side.click("text=Fravær og vikarer")
    expect(side.locator("h1")).to_have_text("Fravær og vikarer")
    side.select_option("#sagsbehandler_id", hold["sb"])
    side.fill("#fra", (hold["dag"] - timedelta(days=3)).isoformat())
    side.fill("#til", (hold["dag"] + timedelta(days=7)).isoformat())
    side.select_option("#vikar_id", hold["vikar"])
    side.click("#nyt-fravaer button[type=submit]")
    expect(side.locator(".alert-success")).to_contain_text("Fraværet er registreret")
    expect(side.locator("#fravaer tbody tr")).to_have_count(1)
    side.goto(f"/kommuner/{demo.kommune}/frister")
    daekket = side.locator("#arbejdsliste li.tilsyn-linje .tilsyn-vikar",
                           has_text=f"Dækkes af {hold['vikarnavn']} (vikar for {hold['navn']})")
    expect(daekket).to_have_count(hold["antal"])
    foto(side, "teamets-frister", full_page=True)

    grupper = side.locator("#arbejdsliste section.tilsyn-gruppe-blok")
    paa_siden = {grupper.nth(i).locator("h2").inner_text().split(" (")[0].split(" –")[0].strip():
                 grupper.nth(i).locator("li.tilsyn-linje").count() for i in range(grupper.count())}
    with side.expect_download() as hentning:
        side.click("text=Hent som Excel")
    bog = openpyxl.load_workbook(io.BytesIO(Path(hentning.value.path()).read_bytes()))
    assert bog.sheetnames[0] == "Oversigt"
    assert {navn: bog[navn].max_row - 1 for navn in bog.sheetnames[1:]} == paa_siden
    assert paa_siden[hold["vikarnavn"]] >= hold["antal"]


def test_mobil_menu_og_tastatur(browser, server, hold):  # noqa: F811
    context = browser.new_context(base_url=server, viewport={"width": 390, "height": 844}, locale="da-DK")
    page = context.new_page()
    _log_ind(page, hold["sb"])
    page.wait_for_url("**/frister")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    log_af = page.locator("#hovedmenu button", has_text="Log af")
    expect(log_af).to_be_hidden()
    page.click("#menuknap")
    expect(log_af).to_be_visible()
    foto(page, "mine-frister-390-menu")
    page.click("#menuknap")
    page.reload()
    page.keyboard.press("Tab")
    fokus = page.evaluate("[document.activeElement.className, document.activeElement.getBoundingClientRect().top]")
    assert fokus[0] == "skipnav" and fokus[1] >= 0  # the skip link, and it shows
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    foto(page, "mine-frister-390")
    page.click("#menuknap")
    log_af.click()
    expect(page.locator("h1")).to_have_text("Log ind")
    context.close()
