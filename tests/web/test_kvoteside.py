"""The page "Kvoteopfyldelse" over hand-built results (webhjaelp.TabelResultater.kvoteopfyldelse):
STAR sees the country and every municipality, a municipality's staff their own with the citizens
behind the figures (scoped like the worklist, each shown citizen access-logged)."""

from __future__ import annotations

from sqlalchemy import select

from webhjaelp import log_ind
from tilsyn.supervision.models import Adgangslog

KRAV = "kvote_4_samtaler_6mdr"


def _raekke(side: str, hvem: str) -> str:
    return side.split(hvem, 1)[1].split("</tr>", 1)[0]


def test_star_ser_landet_og_kommunerne_med_roedt_under_kvoten(klient):
    log_ind(klient, "star")
    side = klient.get("/kvoter?maaned=2024-06").text
    assert "Kvoteopfyldelse juni 2024" in side and "4 jobsamtaler inden 6 måneder" in side
    assert "Holdes af kommunen; kvote 75 %." in side
    koebenhavn = _raekke(side, "0101 København")
    assert 'kvote-naaet">75,0' in koebenhavn and 'over-graense">60,0' in koebenhavn
    assert 'over-graense">50,0' in _raekke(side, "0147 Frederiksberg")
    assert "/kvoter/borgere" not in side  # no citizens for STAR


def test_kommunens_chef_ser_egen_kommune_og_linket_til_borgerne(klient):
    log_ind(klient, "jc")
    side = klient.get("/kvoter?maaned=2024-06").text
    assert "Kommunen i alt" in side and "Frederiksberg" not in side.split("<h1>")[1]
    assert f'href="/kommuner/0101/kvoter/borgere?krav={KRAV}&maaned=2024-06">4</a>' in side


def test_maaned_uden_for_data_giver_en_dansk_besked(klient):
    log_ind(klient, "star")
    svar = klient.get("/kvoter?maaned=2025-01")
    assert svar.status_code == 200
    assert "Ingen kvoteopfyldelse for januar 2025" in svar.text and "data dækker januar 2020 – juni 2024" in svar.text


def _log(klient):
    with klient.app.state.tilsyn.sessions() as s:
        return list(s.scalars(select(Adgangslog).order_by(Adgangslog.id)))


def test_borgerne_bag_tallet_efter_rolle_og_hver_vist_borger_logges(klient):
    log_ind(klient, "jc")
    foer = len(_log(klient))
    side = klient.get(f"/kommuner/0101/kvoter/borgere?krav={KRAV}&maaned=2024-06").text
    assert "2 borgere; 1 nåede kravet." in side and "p1 Karen Jensen" in side
    assert side.index("p3") < side.index("p1")  # not reached first (the results layer's order)
    nye = _log(klient)[foer:]
    assert {r.person_id for r in nye} == {"p1", "p3"}
    assert {r.formaal for r in nye} == {"borgerne bag kvoteopfyldelsen (side)"}
    log_ind(klient, "s1")
    foer = len(_log(klient))
    side = klient.get(f"/kommuner/0101/kvoter/borgere?krav={KRAV}&maaned=2024-06").text
    assert "p1" in side and "p3" not in side
    assert {r.person_id for r in _log(klient)[foer:]} == {"p1"}


def test_ukendt_kvote_giver_404(klient):
    log_ind(klient, "jc")
    assert klient.get("/kommuner/0101/kvoter/borgere?krav=findes_ikke&maaned=2024-06").status_code == 404
