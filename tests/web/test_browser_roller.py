"""Issue 22's walk per role in a real browser (Debian's Chromium), counting the clicks each task
takes from the role's landing page: the caseworker sees whom to contact today with none, marks a
line and sees the line and the counts change, and "Holdt" takes the line off; the team leader
reaches the team's 14-day list in one click and its Excel in two; the manager goes from a figure
on screen to the citizens behind it in one, and to its rule and law in one; STAR from a figure to
its rule and law in one, to the municipalities at risk and their cases in one (never to citizens
outside an audit); the admin manages a user from creation to a lifted lock, each step on record."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import select
import pytest
from demo import byg
from test_browser import browser, foto, koerende, log_ind, server, side  # noqa: F401  (the shared fixtures)

from tilsyn import kommuner
from tilsyn.supervision import db
from tilsyn.supervision.models import Adgangslog, Sag


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A busier demo than the shared one: 2,500 persons (seed 7) give the demo team (Team Dagpenge,
    København) overdue and due-soon lines at the data's end, so the team leader's 14-day list has
    lines to count (the shared 700 have none there)."""
    return byg(tmp_path_factory.mktemp("webdemo-roller"), 2500)


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
    assert statusser  # the demo's team has overdue and due-soon lines (tests/web/demo.py)
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
    # the workbook has the page's lines: one row per line on the caseworkers' sheets, under the header
    linjer = [r for ws in bog.worksheets[1:] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(linjer) == len(statusser)


def test_chefen_fra_et_tal_til_borgerne_bag_det_med_et_klik(side, demo):  # noqa: F811
    """From the municipality's fokusmål figure to the passive citizens behind it; from the landing
    page's figure of the own municipality to its citizens, and from its column to the rule and law,
    one click each."""
    log_ind(side, demo.brugere["jobcenterchef"], f"/kommuner/{demo.kommune}")
    klik = Klik(side)
    expect(side.locator("#kommune-fokusmaal")).to_be_visible()
    klik(side.locator("#kommune-fokusmaal tbody tr:first-child").get_by_text("Se de passive borgere"))
    expect(side.locator("h1")).to_contain_text("Passive borgere")
    assert klik.antal == 1

    side.goto("/")  # the landing page
    raekke = side.locator(f"#fokusmaal tbody tr[data-kommune='{demo.kommune}']")
    raekke.scroll_into_view_if_needed()
    foto(side, "landsoversigt-tal-til-borgere-og-regler")
    tal = raekke.locator("a.tilsyn-borgere").first
    andel = tal.inner_text().split()[0]
    klik = Klik(side)
    klik(tal)
    expect(side.locator("h1")).to_contain_text("Passive borgere")
    assert klik.antal == 1 and "maal=samtaler" in side.url
    with db.sessions(demo.db_url)() as s:  # the list that opened is on record
        assert s.scalars(select(Adgangslog).where(Adgangslog.brugernavn == demo.brugere["jobcenterchef"],
                                                  Adgangslog.route.like("%/passive"))).first() is not None
    side.go_back()
    assert side.locator(f"#fokusmaal tbody tr:not([data-kommune='{demo.kommune}']) a.tilsyn-borgere").count() == 0
    klik = Klik(side)
    klik(side.locator("#fokusmaal thead a.tilsyn-regel[href*='fokusmaal.samtaler']").first)
    expect(side.locator("h1")).to_contain_text("Regler i kraft")
    expect(side.locator("main table a[href^='http']").first).to_be_visible()  # the law, as a link
    assert klik.antal == 1 and andel


def test_star_fra_et_tal_til_regel_og_lov_og_til_de_truede_kommuners_sager(side, demo):  # noqa: F811
    """STAR's landing page: a figure's rule and law in one click; the municipalities at risk (the
    selection, most severe first) on the page, each consequence one click from its supervision case
    and the case one more from its audit. No figure leads to citizens (docs/web.md, "Roles")."""
    log_ind(side, demo.brugere["star"])
    expect(side.locator("#fokusmaal")).to_be_visible()
    assert side.locator("a.tilsyn-borgere, a[href*='/passive']").count() == 0
    klik = Klik(side)
    klik(side.locator("#fokusmaal thead a.tilsyn-regel[href*='sti=resultatmaal']").first)
    expect(side.locator("h1")).to_contain_text("Regler i kraft")
    expect(side.locator("main table a[href^='http']").first).to_be_visible()  # the law, as a link
    assert "resultatmaal." in side.locator("main table").inner_text()
    assert klik.antal == 1
    foto(side, "star-regel-og-lov")

    side.go_back()
    truede = side.locator("#udvaelgelse tbody tr[data-kommune]")
    assert truede.count() > 0  # the municipalities at risk, on the landing page (0 clicks)
    kode = truede.first.get_attribute("data-kommune")
    with db.sessions(demo.db_url)() as s:
        sag_id = s.scalars(select(Sag.id).where(Sag.kommune_kode == kode, Sag.aar == 2023)).one()
    klik = Klik(side)
    klik(truede.first.locator("a.tilsyn-sag"))
    side.wait_for_url(f"**/sager/{sag_id}")
    assert klik.antal == 1
    expect(side.locator("main")).to_contain_text("Fokusrevision")
    # the same case from the municipality's row of figures, one click
    side.goto("/")
    klik = Klik(side)
    klik(side.locator(f"#fokusmaal tbody tr[data-kommune='{kode}'] a.tilsyn-sag"))
    side.wait_for_url(f"**/sager/{sag_id}")
    assert klik.antal == 1


def test_admin_styrer_en_bruger_fra_oprettelse_til_ophaevet_spaerring(browser, demo, tmp_path):  # noqa: F811
    """Create a user, change role, municipality and team, reset the password, end the sessions,
    lift a login lock and deactivate: each one click on the user's page (after filling in), each
    confirmed on the page and on record in the access log."""
    from datetime import datetime, timedelta, timezone

    from fastapi.testclient import TestClient
    from webhjaelp import log_ind as log_ind_klient

    from tilsyn.web.app import create_app

    # the server's clock starts 25 minutes back, so the lock's 20 minutes end before the wall-clock
    # time at which the lift is written to the access log (the guard reads lifts since the lock)
    tid = [datetime.now(timezone.utc) - timedelta(minutes=25)]
    app = create_app(demo.store, demo.db_url, resultater=demo.resultater, ur=lambda: tid[0])
    with koerende(app) as url:
        context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900}, locale="da-DK")
        page = context.new_page()
        log_ind(page, demo.brugere["admin"])
        klik = Klik(page)
        klik(page.get_by_role("link", name="Brugere").first)
        expect(page.locator("h1")).to_have_text("Brugere")
        assert klik.antal == 1
        page.fill("#brugernavn", "S0101-0077")
        page.fill("#navn", "Mads Mortensen")
        page.select_option("#rolle", "sagsbehandler")
        page.select_option("#kommune", demo.kommune)
        page.fill("#adgangskode", "foerste-kode-77")
        klik(page.get_by_role("button", name="Opret bruger"))
        expect(page.get_by_role("status")).to_contain_text("Brugeren er oprettet.")

        ny_kode = "0147" if demo.kommune != "0147" else "0101"
        page.select_option("#rolle", "teamleder")
        page.select_option("#kommune", ny_kode)
        page.fill("#team", "Team Nord")
        klik(page.get_by_role("button", name="Gem ændringer"))
        expect(page.get_by_role("status")).to_be_visible()
        expect(page.locator("h1 + p")).to_contain_text(f"{kommuner.kommuner()[ny_kode].navn} · team Team Nord")

        page.fill("#ny", "anden-kode-7777")
        page.fill("#gentag", "anden-kode-7777")
        klik(page.get_by_role("button", name="Nulstil adgangskode"))
        expect(page.get_by_role("status")).to_contain_text("Adgangskoden er nulstillet")

        klik(page.get_by_role("button", name="Log brugeren ud overalt"))
        expect(page.get_by_role("status")).to_contain_text("Brugerens sessioner er afsluttet")

        # 20 wrong passwords (a minute apart: only the lock refuses) lock the name; the admin lifts it
        with TestClient(app) as fremmed:
            for _ in range(20):
                log_ind_klient(fremmed, "S0101-0077", "forkert-kode-123")
                tid[0] += timedelta(seconds=61)
            # 20 minutes on: the admin's session (30 minutes idle) lives on
            assert log_ind_klient(fremmed, "S0101-0077", "anden-kode-7777").status_code == 429
            page.reload()
            expect(page.locator("h1 + p")).to_contain_text("spærret efter for mange forkerte adgangskoder")
            klik(page.get_by_role("button", name="Ophæv login-spærring"))
            expect(page.get_by_role("status")).to_contain_text("Spærringen er ophævet")
            assert log_ind_klient(fremmed, "S0101-0077", "anden-kode-7777").status_code == 303

        klik(page.get_by_role("button", name="Deaktivér brugeren"))
        expect(page.get_by_role("status")).to_be_visible()
        expect(page.locator("h1 + p")).to_contain_text("deaktiveret")
        assert klik.antal == 7  # the menu's Brugere; then one click each: create, save, reset, sign out, lift, deactivate
        context.close()
    with db.sessions(demo.db_url)() as s:
        log = [r.formaal for r in s.scalars(select(Adgangslog).where(Adgangslog.filtre == "bruger=S0101-0077")
                                            .order_by(Adgangslog.id))]
        spaerring = s.scalars(select(Adgangslog).where(Adgangslog.formaal == "login-spærring ophævet",
                                                       Adgangslog.route == "/brugere/S0101-0077/spaerring")).all()
    assert log[0] == "bruger oprettet" and log[1].startswith(f"bruger ændret (rolle teamleder, kommune {ny_kode}, team Team Nord")
    assert log[2:4] == ["adgangskode nulstillet", "brugerens sessioner afsluttet"]
    assert log[-1] == "bruger deaktiveret" and len(spaerring) == 1
