"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json). Same session login, same role
checks and the same access log as the pages; the columns are those of `tilsyn.resultater` (docs/web.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import FastAPI, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from tilsyn import tid
from tilsyn.ordliste import STATUSSER
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision.models import Sag
from tilsyn.udvaelgelse import uden_ordning
from tilsyn.web import visning
from tilsyn.web.adgang import KOMMUNALE_ROLLER, egne_raekker, maa_se_sag
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.deps import BorgerLaeser, Kommune, SagLaeser
from tilsyn.web.kontekst import Bruger, Ktx

Status = Literal[STATUSSER]
KODE = Path(description="Kommunekode (fx 0101 eller 101)", pattern=r"^\d{1,4}$")
PLANDAG = Query(description="ÅÅÅÅ-MM-DD; standard: datas sidste dag")
MAANEDER = Query(ge=1, le=12, description="Antal måneder fra plandagens måned")

FEJL = {
    401: {"description": "Ikke logget ind"},
    403: {"description": "Rollen må ikke se dette"},
    404: {"description": "Findes ikke"},
    422: {"description": "Ugyldig parameter"},
}


class Fokusmaal(BaseModel):
    kommune_kode: str
    maaned: date
    population: int
    passive_samtaler: int
    passive_tilbud: int
    andel_samtaler: float | None
    andel_tilbud: float | None
    gns12_samtaler: float | None
    gns12_tilbud: float | None


class Udvaelgelse(BaseModel):
    kommune_kode: str
    aar: int
    fails_resultat: bool | None
    fails_samtaler: bool | None
    fails_tilbud: bool | None
    konsekvens: str
    vaerdi_samtaler: float | None
    vaerdi_tilbud: float | None
    forskel_pct_point: float | None
    begrundelse: str | None = Field(None, description="Hvorfor ingen kommune får en konsekvens (ordningen er afskaffet ved lov); ellers null")


class Frist(BaseModel):
    person_id: str
    sagsbehandler_id: str | None
    ansvarlig_id: str | None
    daekket_af_vikar: bool
    krav_id: str | None
    art: str | None
    frist: date | None
    dage_tilbage: int | None
    status: str
    mangler_aftale: bool
    hjemmel: str | None


class Kvoteplan(BaseModel):
    niveau: Literal["land", "kommune", "team", "a_kasse"]
    kommune_kode: str | None
    team: str | None
    a_kasse: str | None
    krav_id: str
    maaned: str = Field(description="ÅÅÅÅ-MM: vinduerne slutter i måneden")
    kvote_pct: float
    personer: int
    naaet: int
    aaben: int
    booket: int
    tabt: int
    behov: int = Field(description="Hvor mange flere der skal nå kravet")
    bund_pct: float | None
    med_aftaler_pct: float | None
    loft_pct: float | None
    status: Literal["naaet", "paa_vej", "i_fare", "kan_ikke_naas"] | None
    rullende_bund_pct: float | None
    rullende_loft_pct: float | None


class KvoteplanBorger(BaseModel):
    person_id: str
    krav_id: str
    maaned: str
    vinduets_slut: date
    status: Literal["naaet", "aaben", "tabt"]
    booket: bool
    noedvendig: bool = Field(description="Nødvendig for kvoten: blandt de første `behov` åbne uden aftaler nok")
    ansvarlig_id: str | None
    sagsbehandler_id: str | None = Field(description="Sagsstammens ejer på plandagen")


class SagUd(BaseModel):
    id: int
    kommune_kode: str
    aar: int
    konsekvens: str
    opened: date
    tilstand: str
    version: int


def lav_api() -> FastAPI:
    api = FastAPI(
        title="Tilsyn API",
        version="1",
        description="Fokusmål, udvælgelse, frister og tilsynssager. Log ind på /log-ind; sessionen gælder også her.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        responses={401: FEJL[401]},
    )

    @api.get("/fokusmaal", response_model=list[Fokusmaal], responses={422: FEJL[422]})
    def fokusmaal(
        k: Ktx, bruger: Bruger,
        maaned: Annotated[str | None, Query(pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$", description="ÅÅÅÅ-MM; standard: seneste måned")] = None,
    ):
        m = visning.maaned(maaned, visning.standard_maaned(k))
        return k.resultater.fokusmaal(m).to_dicts()

    @api.get("/udvaelgelse", response_model=list[Udvaelgelse], responses={422: FEJL[422]})
    def udvaelgelse(
        k: Ktx, bruger: Bruger,
        aar: Annotated[int | None, Query(ge=2000, le=2100, description="Året; standard: det seneste år, data har en udvælgelse for")] = None,
    ):
        aar = aar or visning.valgt_aar(k, None)[0] or k.resultater.daekning().til.year  # too short: refused
        grund = uden_ordning(aar, rulebook())
        return [r | {"begrundelse": grund} for r in k.resultater.udvaelgelse(aar).to_dicts()]

    @api.get(
        "/kommuner/{kode}/frister", response_model=list[Frist],
        responses={403: FEJL[403], 404: FEJL[404], 422: FEJL[422]},
    )
    def frister(
        request: Request, k: Ktx, bruger: Bruger, kode: Annotated[str, KODE],
        dato: Annotated[date | None, Query(description="ÅÅÅÅ-MM-DD; standard: i dag")] = None,
        status: Status | None = None,
    ):
        kode = visning.kommune(kode)
        return visning.arbejdsliste(
            k, bruger, request, kode, dato or visning.standard_dato(k), status
        )

    @api.get("/kvoteplan", response_model=list[Kvoteplan], responses={404: FEJL[404], 422: FEJL[422]})
    def kvoteplan(
        k: Ktx, bruger: Bruger, dato: Annotated[date | None, PLANDAG] = None,
        kommune: Annotated[str | None, Query(pattern=r"^\d{1,4}$", description="Kommunekode")] = None,
        team: str | None = None, maaneder: Annotated[int, MAANEDER] = 3,
    ):
        """The quota plan (docs/kvoter.md "Kvoteplan"): STAR and admin any unit, a municipality's
        staff their own municipality (its teams and a-kasser)."""
        kode = bruger.kommune_kode if bruger.rolle in KOMMUNALE_ROLLER else kommune and visning.kommune(kommune)
        return k.resultater.kvoteplan(dato or _plandag(k), kode, team, maaneder).to_dicts()

    @api.get("/kommuner/{kode}/kvoteplan/borgere", response_model=list[KvoteplanBorger],
             responses={403: FEJL[403], 404: FEJL[404], 422: FEJL[422]})
    def kvoteplan_borgere(
        request: Request, k: Ktx, bruger: BorgerLaeser, kode: Kommune, dato: Annotated[date | None, PLANDAG] = None,
        team: str | None = None, maaneder: Annotated[int, MAANEDER] = 3,
    ):
        """Who first: the persons behind the municipality's (or team's) plan, scoped to the user as
        the worklist (a caseworker their own, a team leader the team's) and access-logged."""
        rows = k.resultater.kvoteplan_personer(kode, dato or _plandag(k), team, maaneder).to_dicts()
        rows = egne_raekker(bruger, rows, visning.teams(k, kode))
        log_visning(k.sessions, bruger, [r["person_id"] for r in rows], request)
        return rows

    @api.get("/sager", response_model=list[SagUd], responses={403: FEJL[403]})
    def sager(k: Ktx, bruger: SagLaeser):
        with k.sessions() as session:
            alle = session.scalars(select(Sag).order_by(Sag.aar.desc(), Sag.kommune_kode)).all()
            return [SagUd.model_validate(s, from_attributes=True) for s in alle if maa_se_sag(bruger, s.kommune_kode)]

    return api


def _plandag(k) -> date:
    """The plan's default day: the data's last day."""
    return tid.last_day(k.resultater.daekning().til)



