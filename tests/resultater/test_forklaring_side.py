"""The citizen explanation is one page for every role (issue 22): the caseworker's citizen page
(worklist → borger) and the manager's passive list show the same structured view, in Danish words."""

from __future__ import annotations

import re

import pytest


def _forklaringen(html: str) -> str:
    return html.split('id="forklaring"', 1)[1].split('class="back-link"', 1)[0]


def _tjek_dansk(del_: str) -> None:
    assert 'id="konklusion"' in del_ and 'id="regler"' in del_ and "<pre" not in del_
    tekst = re.sub(r"<[^>]+>", " ", del_)
    tekst = re.sub(r'href="[^"]*"', "", tekst)
    assert "fokusmaal." not in tekst and "forloeb." not in tekst, tekst
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", tekst), re.search(r".{40}\d{4}-\d{2}-\d{2}.{10}", tekst)
    for kode in ("vejledning_opkvalificering", "faelles", "individuel"):
        assert kode not in tekst
    assert not re.search(r"spec\s?0", tekst)  # no citation of the specification folder
    assert "<a href=" in del_  # the rules' law as links


@pytest.fixture(scope="module")
def borger(klienter):
    side = klienter[1]["S0101-0001"].get("/kommuner/0101/frister?dato=2022-06-30").text
    personer = re.findall(r'/kommuner/0101/frister/borger/(P\d+)', side)
    assert personer, side[-500:]
    return personer[0]


def test_sagsbehandlerens_borgerside_viser_forklaringen_som_siden(klienter, borger):
    svar = klienter[1]["S0101-0001"].get(f"/kommuner/0101/frister/borger/{borger}?dato=2022-06-30")
    assert svar.status_code == 200
    _tjek_dansk(_forklaringen(svar.text))
    assert 'id="tidslinje"' in svar.text


def test_chefens_forklaring_er_den_samme_visning(klienter):
    klient = klienter[1]["chef"]
    passive = klient.get("/kommuner/0101/passive?maaned=2022-06").text
    person = re.findall(r'/kommuner/0101/passive/(P\d+)', passive)[0]
    svar = klient.get(f"/kommuner/0101/passive/{person}?maaned=2022-06")
    assert svar.status_code == 200
    _tjek_dansk(_forklaringen(svar.text))
