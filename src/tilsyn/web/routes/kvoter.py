"""The page "Kvoteopfyldelse" (lov 1750/2025, docs/kvoter.md): each quota's share of the month and
the rolling 12 months against its 75 % — the whole country, the municipalities and the a-kasser for
STAR and admin, the own municipality for its staff — and the citizens behind the municipality's
figures for its job-centre roles (scoped like the worklist, every shown citizen access-logged)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tilsyn import kommuner
from tilsyn.ordliste import HOLDES_AF_TEKST
from tilsyn.resultater import uden_a_kasse
from tilsyn.resultater.arbejdsliste import kvote_tekster
from tilsyn.data.daekning import UdenforDaekning
from tilsyn.rules.rulebook import rulebook
from tilsyn.web import visning
from tilsyn.web.adgang import KOMMUNALE_ROLLER, egne_raekker, maa_se_borgere
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.deps import BorgerLaeser, Kommune
from tilsyn.web.kontekst import Bruger, Kontekst, Ktx, saetning, side

router = APIRouter()


def _maaned(k: Kontekst, tekst: str | None) -> date:
    """The month asked for, else the newest month with quotas (else the data's last month)."""
    mulige = k.resultater.kvote_maaneder()
    return visning.maaned(tekst, mulige[1] if mulige else k.resultater.daekning().til)


@router.get("/kvoter", response_class=HTMLResponse)
def kvote_side(request: Request, k: Ktx, bruger: Bruger, maaned: str | None = None):
    m = _maaned(k, maaned)
    kode = bruger.kommune_kode if bruger.rolle in KOMMUNALE_ROLLER else None
    fejl, kvoter = None, []
    try:
        tabel = k.resultater.kvoteopfyldelse(m, kode)
        rows, note = tabel.to_dicts(), uden_a_kasse(tabel)
    except UdenforDaekning as e:
        fejl, rows, note = saetning(str(e)), [], None
    tekster = kvote_tekster(rulebook(), m)
    for krav_id in dict.fromkeys(r["krav_id"] for r in rows):
        egne = [r for r in rows if r["krav_id"] == krav_id]
        kvoter.append({"krav_id": krav_id, "tekst": tekster.get(krav_id, krav_id), "raekker": egne,
                       "holdes_af": HOLDES_AF_TEKST[egne[0]["holdes_af"]], "kvote_pct": egne[0]["kvote_pct"]})
    return side(
        k, request, "kvoter.html", bruger=bruger, maaned=m, kode=kode, kvoter=kvoter, fejl=fejl,
        mulige=k.resultater.kvote_maaneder(), rullende_fra=rows[0]["rullende_fra"] if rows else None,
        maa_se_borgere=kode is not None and maa_se_borgere(bruger, kode), note=note,
    )


@router.get("/kommuner/{kode}/kvoter/borgere", response_class=HTMLResponse)
def kvote_borgere(request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, krav: str, maaned: str | None = None,
                  rullende: bool = False):
    m = _maaned(k, maaned)
    alle = k.resultater.kvote_personer(kode, m, rullende)  # a month without quotas: the app's notice
    raekker = [r for r in alle.iter_rows(named=True) if r["krav_id"] == krav]
    if not raekker and krav not in kvote_tekster(rulebook(), m):
        raise HTTPException(404, f"Ukendt kvote {krav!r}")
    raekker = egne_raekker(bruger, raekker, visning.teams(k, kode))
    log_visning(k.sessions, bruger, (r["person_id"] for r in raekker), request)
    return side(
        k, request, "kvote_borgere.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode], maaned=m,
        krav=krav, tekst=kvote_tekster(rulebook(), m).get(krav, krav), rullende=rullende, raekker=raekker,
        navne=visning.navne(k, kode), borgernavne=dict(k.resultater.personnavne(kode).iter_rows()),
    )
