"""Every figure table as a download, for Danish Excel (`.csv`: `;`, BOM, decimal comma) and as
`.xlsx` (numbers as numbers): `/fokusmaal`, `/resultatmaal`, `/kvoter` and `/udvaelgelse` with the
page's own query (`maaned`, `aar`). The rows are the results layer's tables the pages show, as they
are; only the headers are made Danish here. Aggregates only, so no access log."""

from __future__ import annotations

import io

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from tilsyn import celler, kommuner
from tilsyn.ordliste import HOLDES_AF_TEKST, KONSEKVENS_TEKST
from tilsyn.reports import render
from tilsyn.resultater import skriv_csv_dansk
from tilsyn.resultater.arbejdsliste import kvote_tekster
from tilsyn.rules.rulebook import rulebook
from tilsyn.web import visning
from tilsyn.web.adgang import KOMMUNALE_ROLLER
from tilsyn.web.deps import SkrivebordsBruger
from tilsyn.web.kontekst import Bruger, Ktx
from tilsyn.web.routes.kvoter import _maaned as kvote_maaned

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KOMMUNE = {"kommune_kode": "Kommunekode", "kommune": "Kommune"}
FOKUSMAAL = KOMMUNE | {
    "population": "Population", "passive_samtaler": "Passive, samtaler (antal)", "passive_tilbud": "Passive, tilbud (antal)",
    "andel_samtaler": "Passive, samtaler (%)", "andel_tilbud": "Passive, tilbud (%)",
    "gns12_samtaler": "12 mdr., samtaler (%)", "gns12_tilbud": "12 mdr., tilbud (%)",
}
RESULTATMAAL = KOMMUNE | {
    "population_16_66": "Befolkning 16-66 år", "faktisk_andel": "Faktisk (%)", "forventet_andel": "Forventet (%)",
    "forskel_pct_point": "Forskel (pct.-point)", "nedre": "Interval, nedre (%)", "oevre": "Interval, øvre (%)",
    "placering": "Placering",
}
UDVAELGELSE = KOMMUNE | {
    "konsekvens": "Konsekvens", "fails_resultat": "Resultatmål ikke nået", "fails_samtaler": "Samtaler over grænsen",
    "fails_tilbud": "Tilbud over grænsen", "vaerdi_samtaler": "Samtaler (%)", "vaerdi_tilbud": "Tilbud (%)",
    "forskel_pct_point": "Forskel (pct.-point)",
}
KVOTER = {
    "hvem": "Hvem", "kvote": "Kvote", "holdes_af": "Holdes af", "kvote_pct": "Kvote (%)",
    "personer": "Vinduet sluttede", "naaet": "Nåede kravet", "andel_pct": "Andel (%)", "opfyldt": "Opfyldt",
    "personer_12": "12 mdr.: vinduet sluttede", "naaet_12": "12 mdr.: nåede", "andel_12_pct": "12 mdr.: andel (%)",
    "opfyldt_12": "12 mdr.: opfyldt",
}


def _med_navn(rows: list[dict]) -> list[dict]:
    navne = kommuner.kommuner()
    return [r | {"kommune": navne[r["kommune_kode"]].navn if r.get("kommune_kode") in navne else r.get("kommune_kode")}
            for r in rows]


def _svar(rows: list[dict], overskrifter: dict[str, str], titel: str, filnavn: str, fmt: str) -> Response:
    """The rows as a file: CSV for Danish Excel, or an xlsx sheet (titled, numbers as numbers)."""
    out = io.BytesIO()
    if fmt == "csv":
        skriv_csv_dansk(rows, overskrifter, out)
        type_ = "text/csv; charset=utf-8"
    else:
        import pandas as pd  # the server starts without it; a workbook is asked for rarely

        ramme = pd.DataFrame([{k: ("ja" if r.get(k) else "nej") if isinstance(r.get(k), bool) else r.get(k)
                               for k in overskrifter} for r in rows], columns=list(overskrifter))
        with celler.excel(out) as writer:
            render.excel_ark(writer, "Tabel", ramme.rename(columns=overskrifter), titel)
        type_ = XLSX
    return Response(out.getvalue(), media_type=type_,
                    headers={"Content-Disposition": f'attachment; filename="{filnavn}.{fmt}"'})


def _format(fmt: str) -> str:
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404, "Filen findes kun som .csv og .xlsx")
    return fmt


@router.get("/fokusmaal.{fmt}")
def fokusmaal(k: Ktx, bruger: Bruger, fmt: str, maaned: str | None = None):
    m = visning.maaned(maaned, visning.standard_maaned(k))
    tabel = k.resultater.fokusmaal(m)  # a month outside the data: the app's Danish notice
    return _svar(_med_navn(tabel.to_dicts()), FOKUSMAAL, f"Fokusmål {m:%m-%Y}, alle kommuner",
                 f"fokusmaal-{m:%Y-%m}", _format(fmt))


def _aar(k, aar: str | None) -> int:
    """The year as the pages choose it; 404 when the data hold no whole year."""
    valgt = visning.valgt_aar(k, aar)[0]
    if valgt is None:
        raise HTTPException(404, "Data dækker ikke et helt år")
    return valgt


@router.get("/resultatmaal.{fmt}")
def resultatmaal(k: Ktx, bruger: Bruger, fmt: str, aar: str | None = None):
    valgt = _aar(k, aar)
    tabel = k.resultater.resultatmaal(valgt)
    return _svar(_med_navn(tabel.to_dicts()), RESULTATMAAL, f"Resultatmål {valgt}, alle kommuner",
                 f"resultatmaal-{valgt}", _format(fmt))


@router.get("/udvaelgelse.{fmt}")
def udvaelgelse(k: Ktx, bruger: SkrivebordsBruger, fmt: str, aar: str | None = None):
    valgt = _aar(k, aar)
    rows = [r | {"konsekvens": KONSEKVENS_TEKST.get(r["konsekvens"], r["konsekvens"])}
            for r in k.resultater.udvaelgelse(valgt).to_dicts()]
    return _svar(_med_navn(rows), UDVAELGELSE, f"Udvælgelse {valgt} (Tilsyns egen beregning)",
                 f"udvaelgelse-{valgt}", _format(fmt))


@router.get("/kvoter.{fmt}")
def kvoter(k: Ktx, bruger: Bruger, fmt: str, maaned: str | None = None):
    """The quota table as `/kvoter` shows it to this user (the own municipality for its staff)."""
    m = kvote_maaned(k, maaned)
    kode = bruger.kommune_kode if bruger.rolle in KOMMUNALE_ROLLER else None
    tekster = kvote_tekster(rulebook(), m)
    navne = kommuner.kommuner()
    rows = [r | {"hvem": _hvem(r, navne), "kvote": tekster.get(r["krav_id"], r["krav_id"]),
                 "holdes_af": HOLDES_AF_TEKST[r["holdes_af"]]}
            for r in k.resultater.kvoteopfyldelse(m, kode).to_dicts()]
    return _svar(rows, KVOTER, f"Kvoteopfyldelse {m:%m-%Y}" + (f", {navne[kode].navn}" if kode in navne else ""),
                 f"kvoter-{m:%Y-%m}" + (f"-{kode}" if kode else ""), _format(fmt))


def _hvem(r: dict, navne) -> str:
    if r["niveau"] == "land":
        return "Hele landet"
    if r["niveau"] == "a_kasse":
        return f"a-kasse {r['a_kasse']}"
    return navne[r["kommune_kode"]].navn if r["kommune_kode"] in navne else r["kommune_kode"]
