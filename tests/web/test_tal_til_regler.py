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


def _rad(html: str, tabel: str, kode: str) -> str:
    krop = html.split(f'id="{tabel}"')[1].split("</table>")[0]
    return krop.split(f'data-kommune="{kode}"')[1].split("</tr>")[0]


def test_landsoversigtens_tal_til_borgerne_med_et_klik_for_kommunens_egne(klient, verden):
    """The manager's landing: the own municipality's fokusmål figures link straight to the passive
    citizens behind them (the list is access-logged when it opens); another municipality's do not;
    each figure's column links to its rule and law."""
    from sqlalchemy import select
    from tilsyn.supervision.models import Adgangslog

    log_ind(klient, "jc")
    html = klient.get("/?maaned=2024-06&aar=2023").text
    egne = _links(_rad(html, "fokusmaal", "0101"), "/kommuner/0101/passive")
    assert egne == ["/kommuner/0101/passive?maaned=2024-06&maal=samtaler",
                    "/kommuner/0101/passive?maaned=2024-06&maal=tilbud"]
    assert not _links(_rad(html, "fokusmaal", "0147"), "/kommuner/0147/passive")
    with verden["sessions"]() as s:
        foer = len(s.scalars(select(Adgangslog)).all())
    assert klient.get(egne[0]).status_code == 200
    with verden["sessions"]() as s:
        assert len(s.scalars(select(Adgangslog)).all()) > foer
    hoved = html.split('id="fokusmaal"')[1].split("</thead>")[0]
    regler = _links(hoved, "/regler?sti=")
    assert {r.split("&")[0] for r in regler} >= {"/regler?sti=fokusmaal.samtaler", "/regler?sti=fokusmaal.tilbud",
                                                   "/regler?sti=resultatmaal"}
    assert all(klient.get(r).status_code == 200 for r in regler)


def test_star_ser_ingen_borgere_men_regel_og_sag_med_et_klik(klient, verden):
    """STAR sees every municipality's aggregates and the supervision cases, no citizens outside an
    audit (docs/web.md, "Roles"): no figure links to citizens; a municipality with a case links to
    it from its row and from its consequence in the selection; every column to its rule and law."""
    log_ind(klient, "star")
    html = klient.get("/?maaned=2024-06&aar=2023").text
    assert "/passive" not in html
    for kode in ("0101", "0147"):
        sag = f"/sager/{verden['sager'][kode]}"
        assert _links(_rad(html, "fokusmaal", kode), "/sager/") == [sag]
        assert klient.get(sag).status_code == 200
    assert _links(_rad(html, "udvaelgelse", "0147"), "/sager/") == [f"/sager/{verden['sager']['0147']}"]
    hoved = html.split('id="udvaelgelse"')[1].split("</thead>")[0]
    assert "/regler?sti=tilsyn&dato=2024-01-01" in _links(hoved, "/regler?sti=")
