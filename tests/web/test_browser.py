"""The application in a real browser (Debian's Chromium via Playwright) against a uvicorn server
on loopback, over data made by `tilsyn generate` + `tilsyn import`. Saves screenshots of the main
pages: to docs/screenshots/ with `make skaermbilleder`, else to a temporary folder (a test run leaves
the tree as it was)."""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import uvicorn
from demo import ADGANGSKODE, byg
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from tilsyn import kommuner, tid
from tilsyn.ordliste import rolle_tekst
from tilsyn.supervision import db, sager
from tilsyn.supervision.models import Adgangslog, Revisionssag, Sag
from tilsyn.web.app import create_app

SKAERMBILLEDER = Path(os.environ.get("TILSYN_SKAERMBILLEDER") or tempfile.mkdtemp(prefix="tilsyn-skaermbilleder-"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--lang=da-DK",
]
# Chromium formats <input type=date> by the process's locale (LANG), not the page context's: with
# Debian's chromium-l10n and LANG=da_DK it shows 30.11.2026, as a Danish user's browser does.
CHROMIUM_MILJOE = {**os.environ, "LANG": "da_DK.UTF-8"}


def _fri_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return byg(tmp_path_factory.mktemp("webdemo"))


@pytest.fixture(scope="module")
def server(demo):
    with koerende(create_app(demo.store, demo.db_url, resultater=demo.resultater)) as url:
        yield url


@contextmanager
def koerende(app):
    """`app` served by uvicorn on a free loopback port while the block runs; yields its URL."""
    port = _fri_port()
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
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, env=CHROMIUM_MILJOE)
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


def foto(page, navn: str, full_page: bool = False):
    """Chromium now and then refuses one capture ("Unable to capture screenshot") and takes the same
    picture a moment later (seen once in CI, see robotframework-browser#5237); ask up to three times."""
    SKAERMBILLEDER.mkdir(parents=True, exist_ok=True)
    for forsoeg in range(3):
        try:
            billede = page.screenshot(path=str(SKAERMBILLEDER / f"{navn}.png"), full_page=full_page)
            break
        except PlaywrightError as fejl:
            if "Unable to capture screenshot" not in str(fejl) or forsoeg == 2:
                raise
            page.wait_for_timeout(500)
    assert billede.startswith(b"\x89PNG") and len(billede) > 5_000  # a rendered page, not a blank one


def test_log_ind_og_landsoversigt(side, demo):
    side.goto("/")
    expect(side.locator("h1")).to_have_text("Log ind")
    foto(side, "log-ind")
    csp_fejl = []
    side.on("console", lambda besked: "Content Security Policy" in besked.text and csp_fejl.append(besked.text))
    log_ind(side, demo.brugere["star"])
    expect(side.locator("h1")).to_contain_text("Landsoversigt")
    r = demo.resultater
    m = r.fokusmaal_maaneder()[1]
    kommuner_i_tabel = set(r.fokusmaal(m)["kommune_kode"]) | set(r.resultatmaal(m.year - 1)["kommune_kode"])
    expect(side.locator("#fokusmaal tbody tr")).to_have_count(len(kommuner_i_tabel))
    # The DKFDS stylesheet is served by the app itself and applied.
    assert side.evaluate("getComputedStyle(document.body).fontFamily").startswith('"IBM Plex Sans"')
    # The charts are drawn (inline SVG with lines and points) and labelled; their numbers are one click away.
    for id, maerker in (("national", "path"), ("resultat", "path"), ("tragt", "path")):
        billede = side.locator(f"#diagram-{id} [role=img]")
        expect(billede).to_have_attribute("aria-label", re.compile(r"\w"))
        assert billede.locator("svg").bounding_box()["height"] > 200
        assert billede.locator(f"svg {maerker}").count() > 10
    side.set_viewport_size({"width": 1280, "height": 1500})  # the heading, the national chart, the table's top
    foto(side, "landsoversigt")
    side.set_viewport_size({"width": 1280, "height": 900})
    side.click("#diagram-national summary")
    expect(side.locator("#diagram-national-tal tbody tr").first).to_be_visible()
    assert side.locator("#diagram-national-tal tbody tr").count() == r.fokusmaal_serie(m).filter(
        pl.col("population") > 0)["maaned"].n_unique()
    assert csp_fejl == []
    side.locator("#diagram-resultat").scroll_into_view_if_needed()
    side.locator("#diagram-resultat").screenshot(path=str(SKAERMBILLEDER / "landsoversigt-resultatmaal.png"))
    side.locator("#diagram-tragt").scroll_into_view_if_needed()
    side.locator("#diagram-tragt").screenshot(path=str(SKAERMBILLEDER / "landsoversigt-tragt.png"))
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
    # the role as today's law titles it (jobcenterchef: beskæftigelseschef from 2026-02-01)
    expect(side.locator(".portal-user .user")).to_contain_text(rolle_tekst(rolle, date.today()))
    for sti, forventet in ((f"/kommuner/{demo.kommune}/frister", arbejdsliste), ("/sager", sager)):
        svar = side.goto(sti)
        assert svar.status == forventet, sti
        if forventet == 403:
            expect(side.locator("h1")).to_have_text("Ingen adgang")
    menu = side.locator(".navigation-menu .mainmenu").inner_text()
    assert ("Arbejdsliste" in menu or "Mine frister" in menu) == (arbejdsliste == 200)
    assert ("Tilsynssager" in menu) == (sager == 200)


def _visninger(demo, brugernavn: str) -> list[tuple[str, set[str]]]:
    """The user's views in the access log, in order: (purpose, the persons shown)."""
    with db.sessions(demo.db_url)() as s:
        raekker = s.scalars(select(Adgangslog).where(Adgangslog.brugernavn == brugernavn).order_by(Adgangslog.id))
        visninger: dict[tuple, set[str]] = {}
        for r in raekker:
            visninger.setdefault((r.tidspunkt, r.formaal, r.route), set()).update({r.person_id} - {None})
    return [(formaal, personer) for (_, formaal, _), personer in visninger.items()]


def _borgere_paa_siden(side) -> set[str]:
    linjer = side.locator("#arbejdsliste li.tilsyn-linje")
    return {linjer.nth(i).get_attribute("data-person") for i in range(linjer.count())}


def test_arbejdsliste_og_csv_eksport(side, demo):
    chef = demo.brugere["jobcenterchef"]
    foer = len(_visninger(demo, chef))
    log_ind(side, chef, f"/kommuner/{demo.kommune}/frister")
    expect(side.locator("h1")).to_contain_text("Jobcentrets arbejdsliste")  # the data end 2024-06
    raekker = side.locator("#arbejdsliste li.tilsyn-linje").count()
    paa_siden = _borgere_paa_siden(side)
    foto(side, "arbejdsliste")
    with side.expect_download() as hentning:
        side.click("text=Hent som CSV")
    indhold = Path(hentning.value.path()).read_bytes()
    assert indhold.startswith(b"\xef\xbb\xbf")  # for Danish Excel: BOM and ';'
    linjer = list(csv.DictReader(io.StringIO(indhold.decode("utf-8-sig")), delimiter=";"))
    assert len(linjer) == raekker
    assert hentning.value.suggested_filename.startswith(f"frister-{demo.kommune}-")

    side.check("#status-overskredet")
    side.click("form.tilsyn-filter button[type=submit]")
    side.wait_for_url("**status=overskredet**")
    linjerne = side.locator("#arbejdsliste li.tilsyn-linje")
    assert {linjerne.nth(i).get_attribute("data-status") for i in range(linjerne.count())} <= {"overskredet"}
    # Three views of citizen data, three entries in the access log, each naming the persons shown.
    assert _visninger(demo, chef)[foer:] == [
        ("arbejdsliste (side)", paa_siden),
        ("arbejdsliste (CSV-eksport)", {r["Borger"] for r in linjer}),
        ("arbejdsliste (side)", _borgere_paa_siden(side)),
    ]


def test_kommuneside_og_passive_borgere(side, demo):
    chef = demo.brugere["jobcenterchef"]
    foer = len(_visninger(demo, chef))
    log_ind(side, chef, f"/kommuner/{demo.kommune}")
    expect(side.locator("h1")).to_have_text(f"{kommuner.navn(demo.kommune)} Kommune")
    expect(side.locator("#kommune-fokusmaal")).to_be_visible()
    expect(side.locator(f"#diagram-kommune-{demo.kommune} [role=img] svg")).to_be_visible()
    expect(side.locator("#kommune-resultatmaal")).to_contain_text("Placering")
    side.screenshot(path=str(SKAERMBILLEDER / "kommune.png"), full_page=True)
    m = _maaned_med_samtalepassive(demo)
    passive = demo.resultater.passive(demo.kommune, m).filter(pl.col("samtale_passiv"))
    side.goto(f"/kommuner/{demo.kommune}?maaned={m:%Y-%m}")
    side.click("#kommune-fokusmaal tbody tr:first-child >> text=Se de passive borgere")
    expect(side.locator("h1")).to_contain_text("Passive borgere, samtaler")
    raekker = side.locator("#passive tbody tr")
    expect(raekker).to_have_count(passive.height)
    assert passive["anciennitet_maaneder"].min() >= 12  # all in the population (docs/measures.md)
    assert set(side.locator("#passive tbody td:first-child").all_inner_texts()) == set(passive["person_id"])
    foto(side, "passive-borgere")
    person = raekker.first.locator("td").first.inner_text()
    raekker.first.locator("a").click()
    expect(side.locator("#forklaring")).to_contain_text(f"Person {person}")
    expect(side.locator("#forklaring")).to_contain_text("Samtale-passiv: ja")
    # The municipality page shows no citizen; the list and the explanation are one entry each.
    assert _visninger(demo, chef)[foer:] == [
        ("passive borgere (side)", set(passive["person_id"])),
        ("forklaring af passiv borger (side)", {person}),
    ]


def _maaned_med_samtalepassive(demo) -> date:
    """The latest month with samtale-passive citizens in the demo municipality (the demo's last
    month may have none), so the list, its screenshot and the explanation always have a citizen."""
    for m in reversed(tid.months(*demo.resultater.fokusmaal_maaneder())):
        if demo.resultater.passive(demo.kommune, m)["samtale_passiv"].any():
            return m
    raise AssertionError("demoen har ingen samtale-passive borgere")


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


def test_arbejdsliste_som_excel(side, demo):
    log_ind(side, demo.brugere["jobcenterchef"], f"/kommuner/{demo.kommune}/frister")
    overskrifter = side.locator("#arbejdsliste section.tilsyn-gruppe-blok").count()
    linjer = side.locator("#arbejdsliste li.tilsyn-linje").count()
    with side.expect_download() as hentning:
        side.click("text=Hent som Excel")
    assert hentning.value.suggested_filename.startswith(f"frister-{demo.kommune}-")
    bog = openpyxl.load_workbook(io.BytesIO(Path(hentning.value.path()).read_bytes()))
    # The overview and one sheet per responsible caseworker, as the page's headings.
    assert bog.sheetnames[0] == "Oversigt" and len(bog.sheetnames) == overskrifter + 1
    assert sum(bog[navn].max_row - 1 for navn in bog.sheetnames[1:]) == linjer


def test_fokusrevision_paa_siden(side, demo):
    """STAR draws the sample of a case after the minister's letter and records an assessment."""
    sessions = db.sessions(demo.db_url)
    maaned = date(2023, 12, 1)
    with sessions() as s:
        # The case whose municipality has the most passive citizens (a small demo has few each).
        sag = max(
            s.query(Sag).filter(Sag.konsekvens == "skaerpet_tilsyn"),
            key=lambda sag: demo.resultater.passive(sag.kommune_kode, maaned).height,
        )
        assert demo.resultater.passive(sag.kommune_kode, maaned).height > 0
        if sag.tilstand == "udpeget":
            sager.registrer(s, sag.id, sag.version, "brev_sendt", date(2024, 4, 10), "star")
            s.commit()
    log_ind(side, demo.brugere["star"], f"/sager/{sag.id}")
    side.click("text=Åbn fokusrevisionen")
    expect(side.locator("h1")).to_contain_text("Fokusrevision")
    side.click("#form-udtraek button[type=submit]")
    expect(side.locator(".alert-success")).to_contain_text("Stikprøven er udtrukket")
    raekker = side.locator("#revisionssager tbody tr")
    assert raekker.count() >= 1
    foerste = raekker.first
    person = foerste.locator("td").first.inner_text()
    foerste.locator("select").select_option("andet_gyldigt")
    foerste.locator("input[name=note]").fill("Borgeren er i behandling")
    foerste.locator("button[type=submit]").click()
    expect(side.locator(".alert-success")).to_contain_text("Vurderingen er gemt")
    expect(side.locator("#revisionssager tbody tr").first).to_contain_text("Anden gyldig grund")
    expect(side.locator("#revision-resume")).to_contain_text(f"{raekker.count()} / 1")
    foto(side, "fokusrevision", full_page=True)
    with sessions() as s:
        vurderet = s.query(Revisionssag).filter(Revisionssag.person_id == person).one()
        assert (vurderet.gyldig_grund, vurderet.note, vurderet.reviewer) == (
            "andet_gyldigt", "Borgeren er i behandling", demo.brugere["star"])
    side.goto(f"/sager/{sag.id}")
    expect(side.locator("#sagens-dokumenter")).to_contain_text("Ministerens brev om udtagelse")
    with side.expect_download() as hentning:
        side.click("text=Ministerens brev om udtagelse")
    assert hentning.value.suggested_filename == f"udvaelgelse-{sag.kommune_kode}-{sag.aar}.docx"
    foto(side, "tilsynssag-helhed", full_page=True)
