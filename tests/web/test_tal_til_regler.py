"""From every figure page to the rule and its law in one click, to the citizens behind a figure for
the roles that may see them (STAR and admin: to the aggregate explanation instead), and from the
case page to the municipality's figures and explanation."""

from __future__ import annotations

import re

import pytest
from webhjaelp import log_ind


def _links(html: str, start: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html) if h.startswith(start)]


@pytest.mark.parametrize("side", ["/?maaned=2024-06&aar=2023", "/kommuner/0101?maaned=2024-06&aar=2023",
                                  "/udvaelgelse?aar=2023", "/sager/{sag}"])
def test_hver_side_linker_til_regel_og_lov(klient, verden, side):
    log_ind(klient, "star")
    html = klient.get(side.replace("{sag}", str(verden["sager"]["0101"]))).text
    regler = _links(html, "/regler?sti=")
    assert regler
    for link in regler:
        svar = klient.get(link)
        assert svar.status_code == 200, link
        assert "§" in svar.text or "lov" in svar.text.lower(), link  # the rule with its law


def test_kommunens_tal_til_borgerne_kun_for_dem_der_maa(klient):
    log_ind(klient, "jc")
    html = klient.get("/kommuner/0101?maaned=2024-06").text
    passive = _links(html, "/kommuner/0101/passive")
    assert len(passive) == 2 and all(klient.get(p).status_code == 200 for p in passive)
    log_ind(klient, "star")
    html = klient.get("/kommuner/0101?maaned=2024-06&aar=2023").text
    assert not _links(html, "/kommuner/0101/passive")
    assert "Kun for kommunens medarbejdere" in html
    assert "/kommuner/0101/resultatmaal?aar=2023" in _links(html, "/kommuner/0101/resultatmaal")


def test_sagen_linker_til_kommunens_tal_og_forklaring(klient, verden):
    log_ind(klient, "star")
    html = klient.get(f"/sager/{verden['sager']['0101']}").text
    assert "/kommuner/0101?aar=2023" in _links(html, "/kommuner/0101")
    forklaring = "/kommuner/0101/resultatmaal?aar=2023"
    assert forklaring in _links(html, forklaring)
    assert klient.get(forklaring).status_code == 200
