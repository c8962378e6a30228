"""The national overview, the municipality page and the passive citizens behind a fokusmål: charts
as inline SVG with their numbers in tables, resultatmål beside fokusmål, and the access log of
every view of the passive citizens (hand-built results in webhjaelp.py)."""

from __future__ import annotations

import re

import polars as pl
import pytest
from sqlalchemy import select

from webhjaelp import MAANED, TabelResultater, log_ind
from tilsyn.supervision.models import Adgangslog
from tilsyn.web import diagrammer
from tilsyn.web.kontekst import tal


def _log(verden) -> list[Adgangslog]:
    with verden["sessions"]() as s:
        return list(s.scalars(select(Adgangslog).order_by(Adgangslog.id)))


def _tabel(side: str, tabel_id: str) -> list[list[str]]:
    """The body rows of a table as cell texts (tags and screen-reader-only words stripped)."""
    krop = side.split(f'id="{tabel_id}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    krop = re.sub(r'<span class="sr-only">.*?</span>', "", krop)
    return [
        [re.sub(r"<[^>]+>", "", celle).strip() for celle in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", raekke, re.S)]
        for raekke in re.findall(r"<tr\b[^>]*>(.*?)</tr>", krop, re.S)
    ]


def test_oversigt_har_diagrammer_med_tal_og_dansk_titel(klient):
    log_ind(klient, "star")
    side = klient.get("/").text
    for id, titel in (
        ("national", "Andel passive borgere i hele landet"), ("resultat", "Resultatmål 2023"),
        ("tragt", "Tragtdiagram, resultatmål 2023"),
    ):
        figur = side.split(f'id="diagram-{id}"')[1].split("</figure>")[0]
        assert re.search(rf'<div role="img" aria-label="{titel}[^"]*" aria-describedby="diagram-{id}-tal"><svg', figur)
        assert "<details" in figur and f'id="diagram-{id}-tal"' in figur
    # The national series: passive / population of the two municipalities added up, April-June 2024.
    national = _tabel(side, "diagram-national-tal")
    assert [r[:3] for r in national] == [
        ["april 2024", "1.500", "25,20"], ["maj 2024", "1.500", "23,60"], ["juni 2024", "1.500", "22,00"]
    ]
    assert {r[3] for r in national} == {"20"}  # the rulebook's limit for samtaler
    assert _tabel(side, "diagram-resultat-tal")[0][:2] == ["København", "10,00"]
    # The funnel: smallest first; Frederiksberg's +1.25 lies above its interval (+1.00), København's -0.50 not.
    assert _tabel(side, "diagram-tragt-tal") == [
        ["Frederiksberg", "80.000", "1,25", "-1,00", "1,00", "Ja"],
        ["København", "500.000", "-0,50", "-1,00", "1,00", "Nej"],
    ]
    # No inline styles or scripts in the charts: the CSP (default-src 'self') would block them.
    assert 'style="' not in side and "<script>" not in side


def test_oversigt_har_resultatmaal_i_tabellen_og_sorterer_paa_det(klient):
    log_ind(klient, "jc")
    raekker = _tabel(klient.get("/?sorter=placering&retning=ned").text, "fokusmaal")
    assert [r[0].split()[0] for r in raekker] == ["Frederiksberg", "København"]
    assert raekker[0][6:10] == ["11,25", "10,00", "1,25", "2 af 2"]
    raekker = _tabel(klient.get("/?sorter=forskel_pct_point&retning=op").text, "fokusmaal")
    assert [r[0].split()[0] for r in raekker] == ["København", "Frederiksberg"]


def test_markeringer_foelger_udvaelgelsens_regler(klient, monkeypatch):
    """A resultatmål is marked failed as the selection decides it (here København, -0.50, inside its
    interval), not by the interval."""
    udv = TabelResultater.udvaelgelse

    def udvaelgelse(self, aar):
        return udv(self, aar).with_columns(fails_resultat=pl.Series([True, False]))

    monkeypatch.setattr(TabelResultater, "udvaelgelse", udvaelgelse)
    log_ind(klient, "star")
    side = klient.get("/").text
    tabel = side.split('id="fokusmaal"')[1].split("</table>")[0]
    assert 'class="align-text-right over-graense"><a href="/kommuner/0101/resultatmaal?aar=2023">-0,50<' in tabel
    assert 'class="align-text-right"><a href="/kommuner/0147/resultatmaal?aar=2023">1,25<' in tabel  # not failed here
    assert 'over-graense' in klient.get("/kommuner/0101").text.split('id="kommune-resultatmaal"')[1]


def test_oversigt_uden_resultatmaal_forklarer_hvorfor(klient):
    log_ind(klient, "star")
    svar = klient.get("/?aar=2019")
    assert svar.status_code == 200
    assert "Intet resultatmål for 2019: rammevilkaar mangler for 2019." in svar.text
    assert 'id="diagram-resultat"' not in svar.text and 'id="diagram-national"' in svar.text
    # no columns of dashes under the notice: the table keeps the fokusmål and the case
    tabel = svar.text.split('id="fokusmaal"')[1].split("</table>")[0]
    assert "Resultatmål 2019" not in tabel and "Faktisk (%)" not in tabel
    assert _tabel(svar.text, "fokusmaal")[0][6:] == ["Sag 2023"]


def test_en_maaned_uden_fokusmaal_giver_ingen_kolonner_af_streger(klient):
    """Under "Ingen fokusmål for …" the table shows the resultatmål alone; with neither there is
    no table at all."""
    log_ind(klient, "star")
    svar = klient.get("/?maaned=2010-01&aar=2023").text
    assert 'id="fokus-fejl"' in svar
    tabel = svar.split('id="fokusmaal"')[1].split("</table>")[0]
    assert "Fokusmål januar 2010" not in tabel and "Population" not in tabel
    assert all("–" not in celle for r in _tabel(svar, "fokusmaal") for celle in r)
    ingen = klient.get("/?maaned=2010-01&aar=2019").text
    assert 'id="fokus-fejl"' in ingen and 'id="fokusmaal"' not in ingen


def test_diagram_tegnes_en_gang_pr_data():
    r = TabelResultater()
    serie = r.fokusmaal_serie(MAANED)
    forste = diagrammer.national(serie)
    assert diagrammer.national(r.fokusmaal_serie(MAANED)) is forste
    aendret = serie.with_columns(passive_samtaler=pl.col("passive_samtaler") + 1)
    assert diagrammer.national(aendret) is not forste
    assert diagrammer.national(serie.clear()) is None


def test_kommunesiden(klient):
    log_ind(klient, "jc")
    side = klient.get("/kommuner/0101?maaned=2024-06").text
    assert re.search(r'role="img" aria-label="Andel passive borgere i København, april 2024 – juni 2024', side)
    assert [r[:3] for r in _tabel(side, "diagram-kommune-0101-tal")] == [
        ["april 2024", "1.200", "27,00"], ["maj 2024", "1.200", "26,00"], ["juni 2024", "1.200", "25,00"]
    ]
    resultat = dict(_tabel(side, "kommune-resultatmaal"))
    assert resultat["Placering"] == "1 af 2 (1 er bedst)" and resultat["Forskel (pct.-point)"] == "-0,50"
    assert 'href="/kommuner/0101/passive?maaned=2024-06&maal=tilbud"' in side


@pytest.mark.parametrize("bruger", ["jc2", "star", "admin"])
def test_kommunesiden_uden_borgeradgang_linker_ikke_til_borgere(klient, bruger):
    log_ind(klient, bruger)
    side = klient.get("/kommuner/0101").text
    assert "/passive" not in side and "Resultatmål 2023" in side


@pytest.mark.parametrize(
    ("bruger", "maal", "personer"),
    [
        ("s1", "samtaler", ["p2", "p1"]),  # own caseload (p2 as substitute), longest anciennitet first
        ("tl", "tilbud", ["p2"]),
        ("jc", "samtaler", ["p5", "p2", "p1", "p3"]),
        ("jc", "tilbud", ["p5", "p2"]),
    ],
)
def test_passive_borgere_en_lograekke_pr_vist_borger(klient, verden, bruger, maal, personer):
    log_ind(klient, bruger)
    side = klient.get(f"/kommuner/0101/passive?maaned=2024-06&maal={maal}").text
    vist = [r[0] for r in _tabel(side, "passive")]
    assert vist == personer
    log = _log(verden)
    assert sorted(r.person_id for r in log) == sorted(vist)
    assert {(r.brugernavn, r.formaal, r.route) for r in log} == {
        (bruger, "passive borgere (side)", "/kommuner/0101/passive")
    }
    assert len({r.tidspunkt for r in log}) == 1


def test_passive_uden_borgere_logges_ogsaa(klient, verden):
    log_ind(klient, "jc2")
    side = klient.get("/kommuner/0147/passive").text
    assert "Ingen passive borgere" in side
    assert [(r.brugernavn, r.person_id) for r in _log(verden)] == [("jc2", None)]


def test_passive_afvist_eller_ugyldig_logger_intet(klient, verden):
    log_ind(klient, "star")
    assert klient.get("/kommuner/0101/passive").status_code == 403
    assert klient.get("/kommuner/0101/passive/p1").status_code == 403
    log_ind(klient, "s1")
    assert klient.get("/kommuner/0101/passive?maal=begge").status_code == 422
    assert klient.get("/kommuner/0101/passive?maaned=2024-13").status_code == 422
    assert klient.get("/kommuner/0101/passive/p3").status_code == 404  # p3 is s3's, not s1's
    assert klient.get("/kommuner/0101/passive/p4").status_code == 404  # not passive
    assert _log(verden) == []


def test_forklaring_af_passiv_borger(klient, verden):
    log_ind(klient, "s1")
    side = klient.get("/kommuner/0101/passive?maaned=2024-06&maal=samtaler").text
    assert 'href="/kommuner/0101/passive/p1?maaned=2024-06"' in side
    svar = klient.get("/kommuner/0101/passive/p1?maaned=2024-06")
    assert "Person p1, måned 2024-06: forklaring." in svar.text
    ny = _log(verden)[2:]
    assert [(r.person_id, r.formaal, r.route) for r in ny] == [
        ("p1", "forklaring af passiv borger (side)", "/kommuner/0101/passive/p1")
    ]


@pytest.mark.parametrize(("tilbud", "markeret"), [(20.0, True), (19.99, False), (20.01, True), (19.996, True)])
def test_fokusmaal_markeres_efter_afgoerelsen(klient, monkeypatch, tilbud, markeret):
    """The overview and the municipality page mark a rolling value as `afgoerelser` judges it (at or
    over its year's limit after rounding, 20 % in 2024), the same verdict as the selection's."""
    fokus = TabelResultater.fokusmaal
    monkeypatch.setattr(TabelResultater, "fokusmaal",
                        lambda self, m: fokus(self, m).with_columns(gns12_tilbud=pl.Series([tilbud, 5.0])))
    log_ind(klient, "star")
    tekst = f"{tilbud:.2f}".replace(".", ",")
    tabel = klient.get("/").text.split('id="fokusmaal"')[1].split("</table>")[0]
    assert (f'over-graense">{tekst}<' in tabel) is markeret and 'over-graense">5,00<' not in tabel
    kommune = klient.get("/kommuner/0101").text
    assert (f'over-graense">{tekst}<' in kommune) is markeret


@pytest.mark.parametrize(("vaerdi", "decimaler", "tekst"), [
    (-0.001, 2, "0,00"), (-0.4, 0, "0"), (-0.0, 1, "0,0"), (-0.006, 2, "-0,01"), (-1234.5, 1, "-1.234,5"),
    (1234567.891, 2, "1.234.567,89"), (None, 0, "–")])
def test_tal_skriver_aldrig_minus_nul(vaerdi, decimaler, tekst):
    """A difference that rounds to zero is 0 on the overview, never "-0,00"."""
    assert tal(vaerdi, decimaler) == tekst
