"""The national overview: every municipality's fokusmål of a month and resultatmål and selection of
a year, with their charts (aggregates only, for every signed-in user)."""

from __future__ import annotations

from datetime import date

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from tilsyn import afgoerelser
from tilsyn.data.daekning import regler_fra
from tilsyn.resultater.cache import CACHE
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision.models import Sag
from tilsyn.resultater.udvalg import alvor
from tilsyn.udvaelgelse import uden_ordning
from tilsyn.web import diagrammer, visning
from tilsyn.web.adgang import Indlogget, maa_se_borgere, maa_se_sag, maa_se_sager
from tilsyn.web.kontekst import Bruger, Kontekst, Ktx, fragment, side

router = APIRouter()

OVERSIGT_SORTERING = (
    "kommune_kode", "population", "andel_samtaler", "andel_tilbud", "gns12_samtaler", "gns12_tilbud",
    "faktisk_andel", "forventet_andel", "forskel_pct_point", "placering",
)


@router.get("/", response_class=HTMLResponse)
def oversigt(
    request: Request, k: Ktx, bruger: Bruger,
    maaned: str | None = None, aar: str | None = None, sorter: str | None = None, retning: str = "op",
):
    m = visning.maaned(maaned, visning.standard_maaned(k))
    valgt, aarene, sagsaar = visning.valgt_aar(k, aar)
    fokus, fokus_fejl = visning.fokusmaal_eller_grund(k, m)
    resultat, resultat_fejl = visning.resultatmaal_eller_grund(k, valgt)
    udv = k.resultater.udvaelgelse(valgt) if resultat_fejl is None else pl.DataFrame()
    # What the page shows of the result tables is made once per tables and order (20 people asking
    # at once wait on each other's joins and charts); refusals are cheap and made each time.
    kilder = (fokus, k.resultater.resultatmaal(valgt), udv, k.resultater.fokusmaal_serie(m)) \
        if fokus_fejl is None and resultat_fejl is None else None
    noegle = ("oversigt", m, valgt, sorter, retning)
    fundet = CACHE.hent(noegle)
    if kilder is None or fundet is None or any(a is not b for a, b in zip(fundet[0], kilder)):
        fundet = kilder, _oversigt(k, m, valgt, sorter, retning, fokus, fokus_fejl, resultat, resultat_fejl, udv)
        if kilder is not None:
            CACHE.gem(noegle, fundet)
    borgere, sagerne = _borger_links(bruger, m), _sager(k, bruger)
    nyeste = {kode: (sag_id, a) for kode, sag_id, a in sagerne}  # ordered by year: the newest wins
    indhold = fragment(k, "_oversigt_indhold.html", fundet if kilder is not None else None,
                       (tuple(aarene), sagsaar, tuple(borgere), tuple(sagerne)),
                       lambda: dict(fundet[1], aarene=aarene, sagsaar=sagsaar, daekning=k.resultater.daekning(),
                                    borger_links=borgere, sag_links=nyeste, maa_se_sager=maa_se_sager(bruger),
                                    aarets_sager={kode: sag_id for kode, sag_id, a in sagerne if a == valgt}))
    return side(k, request, "oversigt.html", bruger=bruger, indhold=indhold)


def _borger_links(bruger: Indlogget, m: date) -> dict[str, dict[str, str]]:
    """The month's fokusmål figures of the municipality whose citizens the user may see (its own
    staff, docs/web.md "Roles") -> the passive citizens behind each, one click away (the list is
    access-logged when it opens). STAR and admin see no citizens outside an audit: no link."""
    kode = bruger.kommune_kode
    if not kode or not maa_se_borgere(bruger, kode):
        return {}
    return {kode: {maal: f"/kommuner/{kode}/passive?maaned={m.strftime('%Y-%m')}&maal={maal}"
                   for maal in ("samtaler", "tilbud")}}


def _sager(k: Kontekst, bruger: Indlogget) -> list[tuple[str, int, int]]:
    """(municipality, id, year) of the supervision cases the role may see, oldest year first:
    STAR's way from a figure to the case (and its audit) in one click."""
    if not maa_se_sager(bruger):
        return []
    with k.sessions() as session:
        sager = session.execute(select(Sag.kommune_kode, Sag.id, Sag.aar).order_by(Sag.aar, Sag.id)).all()
    return [(kode, sag_id, aar) for kode, sag_id, aar in sager if maa_se_sag(bruger, kode)]


def _oversigt(k: Kontekst, m: date, valgt: int | None, sorter: str | None, retning: str, fokus: pl.DataFrame,
              fokus_fejl: str | None, resultat: pl.DataFrame, resultat_fejl: str | None, udv: pl.DataFrame) -> dict:
    """The overview's content from the result tables (not to be changed: pages share it)."""
    fokus = afgoerelser.med_fokusmaal_domme(fokus, m, rulebook(), regler_fra())  # the limits' verdicts
    tabel = fokus.join(resultat, on="kommune_kode", how="full", coalesce=True)
    if udv.height:  # whether the resultatmål fails is the selection's rule of the year, not the page's
        tabel = tabel.join(udv.select("kommune_kode", "fails_resultat"), on="kommune_kode", how="left")
    tabel = visning.sorteret(tabel.sort("kommune_kode"), sorter, retning == "ned", OVERSIGT_SORTERING)
    return dict(
        maaned=m, raekker=tabel.to_dicts(), sorter=sorter, retning=retning, aar=valgt,
        udvaelgelse=sorted(udv.to_dicts(), key=lambda r: alvor(r["konsekvens"], r["forskel_pct_point"])),
        uden_ordning=uden_ordning(valgt, rulebook()) if valgt is not None else None,
        graenser=visning.graenser(m), mulige=k.resultater.fokusmaal_maaneder(), fokus_fejl=fokus_fejl,
        valgte=udv.filter(udv["konsekvens"] != "ingen").height if udv.height else 0,
        resultat_fejl=resultat_fejl, antal_resultat=resultat.height,
        national=diagrammer.national(k.resultater.fokusmaal_serie(m)) if fokus_fejl is None else None,
        resultat=diagrammer.resultat(resultat, valgt) if resultat.height else None,
        tragt=diagrammer.tragt(resultat, valgt) if resultat.height else None,
    )
