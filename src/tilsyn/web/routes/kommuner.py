"""A municipality's pages: its fokusmål, resultatmål and selection of the year, the passive
citizens behind its fokusmål (its own staff only, access-logged) and why its expected
resultatmål share is what it is."""

from __future__ import annotations

from datetime import date

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from tilsyn import afgoerelser, kommuner
from tilsyn.benchmark import kovariat_tekst
from tilsyn.data.daekning import UdenforDaekning, regler_fra
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision.maskine import TEKST
from tilsyn.supervision.models import Sag
from tilsyn.web import diagrammer, passive, visning
from tilsyn.web.adgang import maa_se_borgere, maa_se_ledelsestal, maa_se_sag
from tilsyn.web.deps import BorgerLaeser, Kommune
from tilsyn.web.kontekst import Bruger, Kontekst, Ktx, saetning, side
from tilsyn.web.tidslinje import forklaringens_felter

router = APIRouter()


@router.get("/kommuner/{kode}", response_class=HTMLResponse)
def kommune_side(request: Request, k: Ktx, bruger: Bruger, kode: Kommune, maaned: str | None = None,
                 aar: str | None = None):
    m = visning.maaned(maaned, visning.standard_maaned(k))
    valgt, aarene, _ = visning.valgt_aar(k, aar)
    fokus, fokus_fejl = visning.fokusmaal_eller_grund(k, m)
    raekke = afgoerelser.med_fokusmaal_domme(fokus.filter(fokus["kommune_kode"] == kode), m, rulebook(),
                                             regler_fra()).to_dicts()
    resultat, resultat_fejl = visning.resultatmaal_eller_grund(k, valgt)
    egen = resultat.filter(resultat["kommune_kode"] == kode).to_dicts()
    udv = k.resultater.udvaelgelse(valgt) if resultat_fejl is None else pl.DataFrame()
    fails_resultat = udv.height > 0 and udv.filter((udv["kommune_kode"] == kode) & udv["fails_resultat"]).height > 0
    with k.sessions() as session:
        sager = (
            list(session.scalars(select(Sag).where(Sag.kommune_kode == kode).order_by(Sag.aar.desc())))
            if maa_se_sag(bruger, kode) else []
        )
    return side(
        k, request, "kommune.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        maaned=m, fokus=raekke[0] if raekke else None, fokus_fejl=fokus_fejl, sager=sager, graenser=visning.graenser(m),
        maa_se_borgere=maa_se_borgere(bruger, kode), maa_se_ledelsestal=maa_se_ledelsestal(bruger, kode), tekst=TEKST, mulige=k.resultater.fokusmaal_maaneder(),
        diagram=diagrammer.kommune(k.resultater.fokusmaal_serie(m), kode) if fokus_fejl is None else None,
        aar=valgt, aarene=aarene, resultat=egen[0] if egen else None, antal_resultat=resultat.height,
        resultat_fejl=resultat_fejl, fails_resultat=fails_resultat, **_udvikling(k, m, kode),
    )

def _udvikling(k: Kontekst, m: date, kode: str) -> dict:
    """The development in dagpenge recipients (country, region, municipality) of the page's
    month, or why there is none."""
    try:
        return {"udvikling": k.resultater.udvikling(m, kode).to_dicts(), "udvikling_fejl": None}
    except UdenforDaekning as fejl:
        return {"udvikling": [], "udvikling_fejl": saetning(str(fejl))}

@router.get("/kommuner/{kode}/passive", response_class=HTMLResponse)
def passive_side(
    request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, maaned: str | None = None, maal: str = "samtaler",
):
    m = visning.maaned(maaned, visning.standard_maaned(k))
    raekker = passive.borgere(k, bruger, request, kode, m, maal)
    return side(
        k, request, "passive.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        maaned=m, maal=maal, raekker=raekker, navne=visning.navne(k, kode),
    )

@router.get("/kommuner/{kode}/passive/{person_id}", response_class=HTMLResponse)
def forklaring_side(request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, person_id: str, maaned: str | None = None):
    m = visning.maaned(maaned, visning.standard_maaned(k))
    forklaring = passive.forklaring(k, bruger, request, kode, m, person_id)
    return side(
        k, request, "forklaring.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        maaned=m, person_id=person_id, **forklaringens_felter(forklaring),
    )


@router.get("/kommuner/{kode}/resultatmaal", response_class=HTMLResponse)
def resultatmaal_forklaring(request: Request, k: Ktx, bruger: Bruger, kode: Kommune, aar: str | None = None):
    """Why the municipality's expected share is what it is: the model's mean plus each covariate's
    contribution, the interval, leave-one-out, rank and verdict (aggregate figures only)."""
    aar_tal = visning.valgt_aar(k, aar)[0] or k.resultater.daekning().til.year - 1  # too short: refused
    f = k.resultater.resultat_forklaring(aar_tal, kode)
    bidrag = [dict(r, tekst=kovariat_tekst(r["kovariat"])) for r in f.bidrag.to_dict("records")]
    return side(
        k, request, "resultatmaal_forklaring.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        aar=aar_tal, f=f, bidrag=bidrag, regel_tolerance=rulebook().gaeldende("resultatmaal.tolerance_pct_point", aar=aar_tal),
        regel_interval=rulebook().gaeldende("resultatmaal.interval_niveau", aar=aar_tal),
        regel_mode=rulebook().gaeldende("resultatmaal.kun_over_interval", aar=aar_tal),
    )
