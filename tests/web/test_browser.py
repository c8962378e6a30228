"""The application in a real browser (Debian's Chromium via Playwright) against a uvicorn server
on loopback, over data made by `tilsyn generate` + `tilsyn import`. Saves screenshots of the main
pages to docs/screenshots/."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from demo import ADGANGSKODE, byg
from playwright.sync_api import expect, sync_playwright

from tilsyn import kommuner
from tilsyn.supervision import db
from tilsyn.supervision.models import Sag
from tilsyn.web.app import create_app

SKAERMBILLEDER = Path(__file__).parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def _fri_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return byg(tmp_path_factory.mktemp("webdemo"))


@pytest.fixture(scope="module")
def server(demo):
    port = _fri_port()
    app = create_app(demo.store, demo.db_url, resultater=demo.resultater)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "serveren startede ikke"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def side(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


def log_ind(page, brugernavn: str, sti: str = "/"):
    page.goto(sti)
    page.fill("#brugernavn", brugernavn)
    page.fill("#adgangskode", ADGANGSKODE)
    page.click("button[type=submit]")


def foto(page, navn: str):
    SKAERMBILLEDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SKAERMBILLEDER / f"{navn}.png"), full_page=False)


def test_log_ind_og_landsoversigt(side, demo):
    side.goto("/")
    expect(side.locator("h1")).to_have_text("Log ind")
    foto(side, "log-ind")
    log_ind(side, demo.brugere["star"])
    expect(side.locator("h1")).to_contain_text("Landsoversigt")
    expect(side.locator("#fokusmaal tbody tr")).to_have_count(demo.resultater.fokusmaal(demo.resultater.sidste_maaned()).height)
    # The DKFDS stylesheet is served by the app itself and applied.
    assert side.evaluate("getComputedStyle(document.body).fontFamily").startswith('"IBM Plex Sans"')
    foto(side, "landsoversigt")
    side.click("#fokusmaal thead >> text=12 mdr., tilbud (%)")
    side.wait_for_url("**sorter=gns12_tilbud**")
    vaerdier = side.locator("#fokusmaal tbody td:nth-child(6)").all_inner_texts()
    tal = [float(v.replace(".", "").replace(",", ".")) for v in vaerdier if v != "–"]
    assert tal == sorted(tal)


@pytest.mark.parametrize(
    ("rolle", "arbejdsliste", "sager"),
    [
        ("sagsbehandler", 200, 403), ("teamleder", 200, 403), ("jobcenterchef", 200, 200),
        ("star", 403, 200), ("admin", 403, 200),
    ],
)
def test_hver_rolle_ser_sit(side, demo, rolle, arbejdsliste, sager):
    log_ind(side, demo.brugere[rolle])
    expect(side.locator(".portal-user .user")).to_contain_text(rolle)
    for sti, forventet in ((f"/kommuner/{demo.kommune}/frister", arbejdsliste), ("/sager", sager)):
        svar = side.goto(sti)
        assert svar.status == forventet, sti
        if forventet == 403:
            expect(side.locator("h1")).to_have_text("Ingen adgang")
    menu = side.locator(".navigation-menu .mainmenu").inner_text()
    assert ("Arbejdsliste" in menu) == (arbejdsliste == 200)
    assert ("Tilsynssager" in menu) == (sager == 200)


def test_arbejdsliste_og_csv_eksport(side, demo):
    log_ind(side, demo.brugere["jobcenterchef"], f"/kommuner/{demo.kommune}/frister")
    expect(side.locator("h1")).to_contain_text("Arbejdsliste")
    raekker = side.locator("#arbejdsliste tbody tr").count()
    foto(side, "arbejdsliste")
    with side.expect_download() as hentning:
        side.click("text=Hent som CSV")
    indhold = Path(hentning.value.path()).read_text(encoding="utf-8")
    linjer = list(csv.DictReader(io.StringIO(indhold)))
    assert len(linjer) == raekker
    assert hentning.value.suggested_filename.startswith(f"frister-{demo.kommune}-")

    side.select_option("#status", "overskredet")
    side.click("text=Filtrér")
    statusser = side.locator("#arbejdsliste tbody td:nth-child(6)").all_inner_texts()
    assert set(statusser) <= {"Overskredet"}


def test_kommuneside(side, demo):
    log_ind(side, demo.brugere["teamleder"], f"/kommuner/{demo.kommune}")
    expect(side.locator("h1")).to_have_text(f"{kommuner.navn(demo.kommune)} Kommune")
    expect(side.locator("#kommune-fokusmaal")).to_be_visible()
    foto(side, "kommune")


def test_star_registrerer_overgang_paa_siden(side, demo):
    sessions = db.sessions(demo.db_url)
    with sessions() as s:
        sag = s.query(Sag).filter(Sag.tilstand == "udpeget").order_by(Sag.id).first()
    assert sag is not None, "udvælgelsen åbnede ingen sag med skærpet tilsyn"
    log_ind(side, demo.brugere["star"], "/sager")
    foto(side, "tilsynssager")
    side.goto(f"/sager/{sag.id}")
    expect(side.locator("#tilstand")).to_have_text("udpeget")
    side.click("#form-brev_sendt button[type=submit]")
    expect(side.locator(".alert-success")).to_contain_text("Ministerens brev sendt")
    expect(side.locator("#tilstand")).to_have_text("trin 1: redegørelse")
    expect(side.locator("#tidslinje li")).to_have_count(2)
    foto(side, "tilsynssag")
    with sessions() as s:
        assert s.get(Sag, sag.id).tilstand == "trin1_redegoerelse"
