"""Issue 20's acceptance in a real browser (Debian's Chromium) over data generated through 2026-11:
a team leader opens the worklist on the 1st of a month, sees what the team lacks ("Teamet mangler N
inden DD-MM"), the lines needed for the quota marked and first among the quota lines, books one with
"Markér linjen" → "Booket", and the plan moves on reload; STAR opens Kvoteplan and sees the
municipalities at risk first. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from playwright.sync_api import expect
from test_browser import browser, foto, koerende  # noqa: F401  (the shared fixtures)

from tilsyn.engine.kvoteplan import STATUSSER
from tilsyn.resultater.gemte import EngineResultater
from tilsyn.supervision import db
from tilsyn.web import brugere
from tilsyn.web.app import create_app

ADGANGSKODE = "adgangskode-til-test"
FOERSTE = date(2026, 11, 1)


@pytest.fixture(scope="module")
def verden(tmp_path_factory, kvoteplan_lager):
    mappe = tmp_path_factory.mktemp("kvoteplan_browser")
    shutil.copy(kvoteplan_lager, mappe / "lager.duckdb")
    r = EngineResultater(mappe / "lager.duckdb")
    plan = r.kvoteplan(FOERSTE)
    teams = plan.filter((plan["niveau"] == "team") & (plan["behov"] > 0)).sort("behov", descending=True)
    kode, team = teams["kommune_kode"][0], teams["team"][0]
    url = f"sqlite:///{mappe / 'sager.db'}"
    brugere.opret(db.sessions(url), "tl", "Tove Teamleder", "teamleder", ADGANGSKODE, kode, team)
    brugere.opret(db.sessions(url), "star", "Søren STAR", "star", ADGANGSKODE, None, None)
    return {"store": mappe / "lager.duckdb", "url": url, "kode": kode, "team": team, "r": r}


@pytest.fixture(scope="module")
def server(verden):
    with koerende(create_app(verden["store"], verden["url"], resultater=verden["r"])) as url:
        yield url


def _side(browser, server, bredde):  # noqa: F811
    context = browser.new_context(base_url=server, viewport={"width": bredde, "height": 900}, locale="da-DK")
    return context, context.new_page()


def _log_ind(page, brugernavn):
    page.goto("/log-ind")
    page.fill("#brugernavn", brugernavn)
    page.fill("#adgangskode", ADGANGSKODE)
    page.click("main button[type=submit]")


def _markeret(page, krav, maaned) -> tuple[int, int]:
    li = page.locator(f"#kvotemangler li[data-krav='{krav}'][data-maaned='{maaned}']")
    return int(li.get_attribute("data-behov")), int(li.get_attribute("data-markeret"))


def test_teamlederen_den_1_ser_planen_booker_og_planen_flytter_sig(browser, server, verden):  # noqa: F811
    context, page = _side(browser, server, 1280)
    _log_ind(page, "tl")
    page.wait_for_url(f"**/kommuner/{verden['kode']}/frister")
    page.goto(f"/kommuner/{verden['kode']}/frister?dato={FOERSTE}")
    mangler = page.locator("#kvotemangler")
    expect(mangler).to_contain_text(re.compile(r"Teamet mangler \d+ inden \d\d-\d\d"))
    # the quota lines in the page's order: the needed for the quota first, marked
    kvote = page.locator("#arbejdsliste li[data-status='kvote'][data-hast]")
    haster = [kvote.nth(i).get_attribute("data-hast") for i in range(kvote.count())]
    foerste_ikke = next((i for i, h in enumerate(haster) if h not in ("akut", "noedvendig")), len(haster))
    assert foerste_ikke > 0 and all(h in ("akut", "noedvendig") for h in haster[:foerste_ikke])
    expect(kvote.first.locator(".tilsyn-status[data-hast]")).to_contain_text("Nødvendig for kvoten")
    foto(page, "kvoteplan-arbejdsliste-1280", full_page=True)

    # book a needed line whose window is still open on today's list (the data's last day)
    personer = verden["r"].kvoteplan_personer(verden["kode"], FOERSTE, verden["team"])
    p = next(p for p in personer.iter_rows(named=True) if p["noedvendig"] and p["vinduets_slut"] >= date(2026, 11, 30))
    foer = _markeret(page, p["krav_id"], p["maaned"])
    linje = page.locator(f"#arbejdsliste li[data-person='{p['person_id']}'][data-status='kvote']",
                         has_text=f"vindue til {p['vinduets_slut']:%d-%m-%Y}").first
    linje.locator("summary").click()
    linje.locator("input[value=booket]").check()
    linje.locator("input[name=note]").fill("Indkaldt til jobsamtale")
    linje.locator("button[type=submit]").click()
    page.goto(f"/kommuner/{verden['kode']}/frister?dato={FOERSTE}")
    efter = _markeret(page, p["krav_id"], p["maaned"])
    assert efter == (foer[0], foer[1] + 1)  # the plan moves: one more marked booked, the same behov
    context.close()

    context, page = _side(browser, server, 390)
    _log_ind(page, "tl")
    page.goto(f"/kommuner/{verden['kode']}/frister?dato={FOERSTE}")
    expect(page.locator("#kvotemangler")).to_be_visible()
    foto(page, "kvoteplan-arbejdsliste-390")
    page.goto("/kvoteplan")
    expect(page.locator("h1")).to_contain_text("Kvoteplan")
    foto(page, "kvoteplan-team-390", full_page=True)
    context.close()


def test_star_ser_de_truede_kommuner_foerst(browser, server, verden):  # noqa: F811
    context, page = _side(browser, server, 1280)
    _log_ind(page, "star")
    page.click("nav >> text=Kvoteplan")
    expect(page.locator("h1")).to_contain_text("Kvoteplan pr.")
    tabeller = page.locator("table.kvoteplan-tabel")
    pr_tabel = [tabeller.nth(i).locator("tr[data-niveau='kommune']").evaluate_all(
        "rs => rs.filter(r => r.dataset.status).map(r => r.dataset.status)") for i in range(tabeller.count())]
    assert all(s == sorted(s, key=STATUSSER.index) for s in pr_tabel)  # kan ikke nås, i fare, på vej, nået
    truede = [s for s in pr_tabel if set(s) & {"kan_ikke_naas", "i_fare"}]
    assert truede and all(s[0] in ("kan_ikke_naas", "i_fare") for s in truede)
    foto(page, "kvoteplan-star-1280")
    context.close()
