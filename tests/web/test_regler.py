"""`tilsyn regler` and the page "Regler i kraft": the values in force on a day with their law, the
day the next value takes over, and clear Danish errors for a bad day or area."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner
from webhjaelp import log_ind

from tilsyn.cli import app
from tilsyn.rules.i_kraft import UkendtSti, regler_i_kraft, vaerdi_tekst
from tilsyn.rules.rulebook import rulebook

runner = CliRunner()


def test_vaerdien_i_kraft_og_naeste_aendring_foelger_regelsamlingen():
    """Checked against the parameter's own dated values, not against a copy of them."""
    p = rulebook().parameter("kontaktforloeb.krav.samtaler")
    for dag in (date(2019, 6, 1), date(2023, 12, 31), date(2024, 1, 1), date.today()):
        (r,) = regler_i_kraft(dag, "kontaktforloeb.krav.samtaler")
        i_kraft = [v for v in p.values if v.start <= dag][-1]
        senere = [v.start for v in p.values if v.start > dag]
        assert (r.fra, r.reference, r.naeste_aendring) == (i_kraft.start, i_kraft.reference, senere[0] if senere else None)


def test_lov_727_2023_gaelder_for_dagpengeforloebet_i_2024():
    (r,) = regler_i_kraft(date(2024, 6, 1), "kontaktforloeb.krav.samtaler")
    assert "727" in r.reference.title and r.fra == date(2024, 1, 1)
    assert "dp_foerste_samtale: mindst 1, uge 0–2, målgruppe 1" in r.vaerdi_tekst


def test_omraadet_vaelger_et_helt_navneled():
    stier = {r.sti for r in regler_i_kraft(date(2024, 6, 1), "tilsyn")}
    assert stier and all(s.startswith("tilsyn.") for s in stier)
    with pytest.raises(UkendtSti, match="vælg en af: .*kontaktforloeb"):
        regler_i_kraft(date(2024, 6, 1), "tils")


@pytest.mark.parametrize("vaerdi, tekst", [(True, "ja"), (0.95, "0,95"), ([], "ingen"), ({}, "ingen"), (["a", "b"], "a, b"), (13, "13")])
def test_vaerdier_paa_dansk(vaerdi, tekst):
    assert vaerdi_tekst(vaerdi) == tekst


@pytest.mark.parametrize("vaerdi, enhed, tekst", [(3, "maaneder", "3 måneder"), (4, "antal", "4"), (20, "procent", "20 %"),
                                                  (13, "uger", "13 uger")])
def test_enheder_paa_dansk(vaerdi, enhed, tekst):
    assert vaerdi_tekst(vaerdi, enhed) == tekst


def test_kommandoen_viser_reglerne_med_hjemmel():
    res = runner.invoke(app, ["regler", "--dato", "2024-06-01", "--sti", "kontaktforloeb.krav"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "Regler i kraft 2024-06-01" in res.output and "Lov nr. 727" in res.output


@pytest.mark.parametrize("args, besked", [
    (["--dato", "2024-13-01"], "--dato"),
    (["--dato", "2010-01-01"], "regelsamlingen begynder 2016-01-01"),
    (["--sti", "findes.ikke"], "ingen regler under 'findes.ikke'"),
])
def test_kommandoen_afviser_ugyldigt_input_med_exit_2(args, besked):
    res = runner.invoke(app, ["regler", *args], env={"COLUMNS": "200"})
    assert res.exit_code == 2 and besked in res.output and "Traceback" not in res.output


def test_siden_viser_reglerne_for_alle_roller(klient):
    log_ind(klient, "s1")
    side = klient.get("/regler", params={"dato": "2024-06-01", "sti": "kontaktforloeb"})
    assert side.status_code == 200
    assert "<h1>Regler i kraft 01-06-2024</h1>" in side.text
    assert 'href="https://www.elov.dk/lov-om-en-aktiv-beskaeftigelsesindsats/paragraf/31/"' in side.text
    assert "Lov nr. 727" in side.text and "tilsyn.redegoerelse_uger" not in side.text
    assert '<option value="kontaktforloeb" selected>' in side.text  # the chosen area stays chosen


def test_siden_beholder_det_indtastede_ved_fejl(klient):
    log_ind(klient, "star")
    side = klient.get("/regler", params={"dato": "1.6.2024"})
    assert side.status_code == 422
    assert 'value="1.6.2024"' in side.text and "form-error-message" in side.text


def test_siden_kraever_login(klient):
    assert klient.get("/regler", follow_redirects=False).status_code == 401


@pytest.mark.parametrize("dato, lov, ikke", [
    ("2026-12-01", "Lov nr. 1750 af 29. december 2025", "Lov nr. 727"),  # the quota regime of lov 1750/2025, step 2
    ("2024-06-01", "Lov nr. 727", "Lov nr. 1750 af 29. december 2025"),  # lov 727/2023's dagpenge course
])
def test_kommandoen_citerer_loven_der_gaelder_paa_dagen(dato, lov, ikke):
    res = runner.invoke(app, ["regler", "--dato", dato, "--sti", "kontaktforloeb.krav.samtaler"], env={"COLUMNS": "300"})
    assert res.exit_code == 0, res.output
    tekst = " ".join(res.output.split())
    assert lov in tekst and ikke not in tekst


def test_et_kvotekrav_siges_som_kvote_og_et_bindende_som_bindende():
    (r,) = regler_i_kraft(date(2026, 12, 1), "kontaktforloeb.krav.samtaler")
    linjer = dict(linje.split(":", 1) for linje in r.vaerdi_tekst.splitlines())
    assert "kvote: 75 % af gruppen, holdes af a-kassen" in linjer["kvote_akasse_2_samtaler_3mdr"]
    assert "kvote: 75 % af gruppen, holdes af kommunen" in linjer["kvote_4_samtaler_6mdr"]
    assert "bindende" in linjer["dp_foerste_samtale"] and "kvote" not in linjer["dp_foerste_samtale"]
