"""STAR's supervision desk in Chromium (issue 11): upload an opgørelse of published figures, run a
what-if that lowers the tilbud limit and see the extra municipalities marked, open the cases from
the official selection, and read a resultatmål explanation whose contributions add up to the
model's expected share."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from publiceret_filer import fokusmaal_csv, y30r21_csv
from sqlalchemy import select
from test_browser import browser, demo, foto, log_ind, server, side  # noqa: F401  (the fixtures)

from tilsyn.kommuner import find_kode
from tilsyn.supervision import db
from tilsyn.supervision.models import Opgoerelse, Sag

AAR = 2023  # the demo's selection year; the opgørelse carries the 2022 figures of STAR's follow-up on the 2022 fokusmål as 2023's


@pytest.fixture
def filer(tmp_path):
    r = tmp_path / "y30r21.csv"
    r.write_bytes(y30r21_csv(AAR, som=2022))
    f = tmp_path / "fokusmaal.csv"
    f.write_bytes(fokusmaal_csv(AAR, som=2022))
    daarlig = tmp_path / "daarlig.csv"
    daarlig.write_bytes(y30r21_csv(AAR, som=2022).replace(b"\nOdder;", b"\nOddder;", 1))
    return r, f, daarlig


def _passer_paa_telefonen(side):  # noqa: F811
    """At 390 px nothing widens the page: the menu wraps and wide tables scroll in their own box."""
    assert side.evaluate("document.documentElement.scrollWidth") <= 390


def test_star_uploads_opgoerelse_runs_what_if_opens_cases_and_reads_explanation(side, demo, filer):  # noqa: F811
    r, f, daarlig = filer
    sessions = db.sessions(demo.db_url)
    with sessions() as s:
        foer = {k for (k,) in s.execute(select(Sag.kommune_kode).where(Sag.aar == AAR))}
    log_ind(side, demo.brugere["star"], "/udvaelgelse")
    expect(side.locator("h1")).to_contain_text("Udvælgelse")

    # a malformed file: Danish error with file and line, nothing stored, the typed note kept
    side.locator("details:has(#upload) summary").click()
    side.fill("#upload-aar", str(AAR))
    side.set_input_files("#resultatmaal", str(daarlig))
    side.set_input_files("#fokusmaal", str(f))
    side.fill("#note", "STARs opfølgning 2022")
    side.click("#upload button[type=submit]")
    expect(side.locator("#upload-fejl")).to_contain_text("daarlig.csv, linje")
    expect(side.locator("#upload-fejl")).to_contain_text("ukendt kommune 'Oddder'")
    expect(side.locator("#note")).to_have_value("STARs opfølgning 2022")
    with sessions() as s:
        assert s.scalars(select(Opgoerelse)).all() == []

    side.set_input_files("#resultatmaal", str(r))
    side.set_input_files("#fokusmaal", str(f))
    side.click("#upload button[type=submit]")
    expect(side.locator("#gemt")).to_contain_text("version 1")
    expect(side.locator("#opgoerelser tbody tr")).to_have_count(1)
    # side by side: the opgørelse's selection is the ten of STAR's follow-up on the 2022 fokusmål (2023 rules: tilbud gives skærpet tilsyn)
    for navn, tekst in (("Mariagerfjord", "skærpet tilsyn"), ("Odder", "skærpet tilsyn"), ("Nyborg", "risikozone")):
        raekke = side.locator(f"#sammenligning tr[data-kommune='{find_kode(navn)}']")
        expect(raekke.locator("td").nth(1)).to_have_text(tekst)
    foto(side, "udvaelgelse", full_page=True)
    side.set_viewport_size({"width": 390, "height": 844})
    foto(side, "udvaelgelse-mobil")
    _passer_paa_telefonen(side)
    side.set_viewport_size({"width": 1280, "height": 900})

    # what-if: the tilbud limit from 20 to 13 % on the opgørelse
    side.fill("#hvis-form input[name='fokusmaal.tilbud.graense_pct']", "13")
    side.click("#hvis-form button[type=submit]")
    expect(side.locator("h1")).to_contain_text("Hvad nu hvis")
    aendrede = side.locator("#hvis tr.tilsyn-aendret")
    # invented tilbud values are 10 + (i % 5): the ones at 13 and 14 % now fail (risikozone)
    forventet = {k for k, (_, _, _, _, t) in __import__("publiceret_filer").aar_tal(2022).items() if 13 <= t < 20}
    expect(aendrede).to_have_count(len(forventet))
    assert {side.locator(f"#hvis tr[data-kommune='{find_kode(n)}']").get_attribute("class") for n in forventet} == {"tilsyn-aendret"}
    expect(aendrede.first.locator("td").nth(2)).to_have_text("ingen")
    expect(aendrede.first.locator("td").nth(1)).to_have_text("risikozone")
    foto(side, "hvad-hvis", full_page=True)
    with sessions() as s:  # nothing of the what-if is stored
        assert len(s.scalars(select(Opgoerelse)).all()) == 1

    # opening the cases from the official selection (the opgørelse) is refused today: skærpet
    # tilsyn ended on 2026-02-01 (lov nr. 1750 af 29. december 2025), so no new case opens after it
    side.goto(f"/udvaelgelse?aar={AAR}")
    expect(side.locator("#grundlag-opg")).to_be_checked()
    side.click("#aabn-sager button[type=submit]")
    expect(side.locator("#main-content")).to_contain_text("der kan ikke åbnes tilsynssager", ignore_case=True)
    with sessions() as s:
        assert {sag.kommune_kode for sag in s.scalars(select(Sag).where(Sag.aar == AAR))} == foer

    # the resultatmål explanation of a selected municipality: contributions add up to the model's share
    kode = find_kode("Odder")
    side.goto(f"/udvaelgelse?aar={AAR}")
    side.locator(f"#sammenligning tr[data-kommune='{kode}'] >> text=Resultatmålet forklaret").click()
    expect(side.locator("h1")).to_contain_text("Resultatmål 2023: Odder")
    basis = float(side.locator("#basis").get_attribute("data-vaerdi"))
    bidrag = [float(v) for v in side.locator("#bidrag tr.bidrag").evaluate_all("rs => rs.map(r => r.dataset.vaerdi)")]
    assert len(bidrag) >= 2
    model = demo.resultater.resultatmaal(AAR).filter(kommune_kode=kode)["forventet_andel"][0]
    assert basis + sum(bidrag) == pytest.approx(model, abs=0.005)
    expect(side.locator("#loo")).to_contain_text("leave-one-out")
    assert ".)." not in side.locator("#main-content").inner_text()  # a source's note ends the sentence once
    foto(side, "resultatmaal-forklaring", full_page=True)
    side.set_viewport_size({"width": 390, "height": 844})
    foto(side, "resultatmaal-forklaring-mobil")
    _passer_paa_telefonen(side)


def test_citizen_explanation_is_a_page_with_timeline_and_sources(side, demo):  # noqa: F811
    m = demo.resultater.fokusmaal_maaneder()[1]
    passive = demo.resultater.passive(demo.kommune, m)
    if passive.height == 0:
        pytest.skip("ingen passive borgere i demo-data")
    person = passive["person_id"][0]
    f = demo.resultater.forklaring(person, m)
    log_ind(side, demo.brugere["jobcenterchef"], f"/kommuner/{demo.kommune}/passive/{person}?maaned={m:%Y-%m}")
    expect(side.locator("#forklaring")).to_contain_text(f"Person {person}")
    # every samtale of the window is a point on the timeline, every tilbud a bar, with Danish words
    expect(side.locator("#tidslinje circle.tl-samtale")).to_have_count(len(f.samtaler))
    expect(side.locator("#tidslinje rect.tl-tilbud")).to_have_count(len(f.tilbud))
    expect(side.locator("#samtaler tbody tr")).to_have_count(max(1, len(f.samtaler)))
    assert "kontanthjaelp" not in side.locator("#perioder").inner_text()
    # each rule value with its source, as a link where the source has one
    regler = side.locator("#regler tbody tr")
    expect(regler).to_have_count(len(f.regler))
    assert side.locator("#regler a[href^='http']").count() == sum(1 for r in f.regler if r.reference.link)
    assert "fokusmaal.samtaler.min_antal" not in side.locator("#regler").inner_text()  # Danish names, no rule ids
