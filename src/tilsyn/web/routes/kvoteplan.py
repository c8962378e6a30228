"""The page "Kvoteplan" (lov 1750/2025, docs/kvoter.md "Kvoteplan"): before the windows close, each
quota's month for the municipality and its teams side by side (team leaders and the job-centre
manager), or for every municipality and a-kasse with those at risk first (STAR and admin); the
citizens behind a unit's figures for the municipality's staff (scoped like the worklist, each shown
citizen access-logged); the same figures as an Excel workbook."""

from __future__ import annotations

import io
from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from tilsyn import kommuner
from tilsyn.data.daekning import UdenforDaekning
from tilsyn.ordliste import KVOTEPLAN_STATUS_TEKST, VINDUE_STATUS_TEKST, maaned_navn
from tilsyn.reports.kvoteplan import NIVEAU_TEKST, skriv_kvoteplan
from tilsyn.resultater import standard
from tilsyn.resultater.arbejdsliste import kvote_tekster
from tilsyn.rules.rulebook import rulebook
from tilsyn.web import visning
from tilsyn.web.adgang import KOMMUNALE_ROLLER, egne_raekker
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.deps import BorgerLaeser, Kommune, KvoteplanLaeser
from tilsyn.web.kontekst import Indlogget, Kontekst, Ktx, saetning, side

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dag(k: Kontekst, tekst: str | None) -> date:
    return visning.dag(tekst, standard.plandag(k.resultater))


def _plan(k: Kontekst, bruger: Indlogget, d: date):
    """The plan the user may see: their municipality (and its teams and a-kasser), or every unit."""
    kode = bruger.kommune_kode if bruger.rolle in KOMMUNALE_ROLLER else None
    return kode, k.resultater.kvoteplan(d, kode)


@router.get("/kvoteplan", response_class=HTMLResponse)
def kvoteplan_side(request: Request, k: Ktx, bruger: KvoteplanLaeser, dato: str | None = None):
    d = _dag(k, dato)
    tekster = kvote_tekster(rulebook(), d)
    fejl, afsnit, kode, ukendte = None, [], None, None
    try:
        kode, plan = _plan(k, bruger, d)
        ukendte = standard.kvoteplan_ukendte(k.resultater, d)
    except UdenforDaekning as e:
        fejl, plan = saetning(str(e)), None
    if plan is not None:
        # one table per quota and month (the rows keep the results layer's order: the most pressing
        # units first within a level)
        for r in plan.iter_rows(named=True):
            if not afsnit or (afsnit[-1]["krav_id"], afsnit[-1]["maaned"]) != (r["krav_id"], r["maaned"]):
                afsnit.append({"krav_id": r["krav_id"], "maaned": r["maaned"], "kvote_pct": r["kvote_pct"],
                               "maaned_tekst": maaned_navn(visning.maaned(r["maaned"], None)),
                               "tekst": tekster.get(r["krav_id"], r["krav_id"]), "raekker": []})
            afsnit[-1]["raekker"].append(r)
        afsnit.sort(key=lambda a: (a["maaned"], a["krav_id"]))
    return side(k, request, "kvoteplan.html", bruger=bruger, dato=d, kode=kode, afsnit=afsnit, fejl=fejl,
                ukendte=ukendte, niveauer=NIVEAU_TEKST, statusser=KVOTEPLAN_STATUS_TEKST,
                kommunenavne={kk: v.navn for kk, v in kommuner.kommuner().items()})


@router.get("/kvoteplan.xlsx")
def kvoteplan_excel(k: Ktx, bruger: KvoteplanLaeser, dato: str | None = None):
    d = _dag(k, dato)
    try:
        kode, plan = _plan(k, bruger, d)
    except UdenforDaekning as e:
        raise HTTPException(422, saetning(str(e))) from None
    hvor = kommuner.kommuner()[kode].navn if kode else "hele landet"
    ud = io.BytesIO()
    skriv_kvoteplan(ud, f"Kvoteplan pr. {d:%d-%m-%Y}, {hvor}", plan, kvote_tekster(rulebook(), d))
    return Response(ud.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="kvoteplan-{d.isoformat()}.xlsx"'})


@router.get("/kommuner/{kode}/kvoteplan/borgere", response_class=HTMLResponse)
def kvoteplan_borgere(request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, krav: str, maaned: str,
                      team: str | None = None, dato: str | None = None):
    """The citizens behind one unit's quota month, scoped as the worklist and access-logged."""
    d = _dag(k, dato)
    try:
        alle = k.resultater.kvoteplan_personer(kode, d, team or None)
    except UdenforDaekning as e:
        raise HTTPException(422, saetning(str(e))) from None
    raekker = [r for r in alle.iter_rows(named=True) if r["krav_id"] == krav and r["maaned"] == maaned]
    tekster = kvote_tekster(rulebook(), d)
    if not raekker and krav not in tekster:
        raise HTTPException(404, f"Ukendt kvote {krav!r}")
    raekker = egne_raekker(bruger, raekker, visning.teams(k, kode))
    log_visning(k.sessions, bruger, (r["person_id"] for r in raekker), request)
    return side(k, request, "kvoteplan_borgere.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
                dato=d, krav=krav, maaned_tekst=maaned_navn(visning.maaned(maaned, None)), team=team,
                tekst=tekster.get(krav, krav), raekker=raekker,
                statusser=VINDUE_STATUS_TEKST, navne=visning.navne(k, kode),
                borgernavne=dict(k.resultater.personnavne(kode).iter_rows()))
