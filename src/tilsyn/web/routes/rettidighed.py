"""The page "Rettidighed og kvoter" of a municipality: rettidighed (binding deadlines) and
kvoteopfyldelse month by month for 12 months, the municipality and its teams side by side, each
figure a link to the citizens behind it for the roles that may see them (every shown citizen
access-logged), and the figures as Excel and CSV. For its team leaders and manager, STAR and admin
(`adgang.maa_se_ledelsestal`). The figures are the results layer's (`resultater.ledelse`)."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tilsyn import kommuner
from tilsyn.ordliste import HOLDES_AF_TEKST
from tilsyn.reports.ledelse import (
    ART_TEKST, KVOTE_OVERSKRIFTER, RETTIDIGHED_OVERSKRIFTER, VURDERING_TEKST,
    kvoter_til_mennesker, rettidighed_til_mennesker, skriv_oversigt,
)
from tilsyn.resultater import skriv_csv_dansk
from tilsyn.resultater.arbejdsliste import kvote_tekster
from tilsyn.resultater.ledelse import RETTIDIGHED_GRAENSE_PCT, Oversigt
from tilsyn.rules.rulebook import rulebook
from tilsyn.web import visning
from tilsyn.web.adgang import KOMMUNALE_ROLLER, Indlogget, egne_raekker, kraev, maa_se_borgere, maa_se_ledelsestal
from tilsyn.web.adgangslog import log_visning
from tilsyn.web.deps import Kommune, LedelsesLaeser
from tilsyn.web.kontekst import Bruger, Kontekst, Ktx, side

router = APIRouter()
STI = "/kommuner/{kode}/rettidighed-og-kvoter"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KLASSE = {"naaet": "kvote-naaet", "under": "over-graense", "ingen": ""}  # the verdict's colour
UDFALD_TEKST = {"rettidig": "Til tiden", "for_sent": "For sent", "ikke_opfyldt": "Ikke opfyldt", "fritaget": "Fritaget"}


def _oversigt(k: Kontekst, kode: str, maaned: str | None) -> Oversigt:
    """The month asked for (None: the results layer's default); outside the data: the app's notice."""
    return k.resultater.ledelse(kode, visning.maaned(maaned, None) if maaned else None)


def _linker(bruger: Indlogget, kode: str, team: str | None) -> bool:
    """Whether a figure links to its citizens: the manager's every figure, a team leader's own team's
    (the citizens a team leader may see are the team's, so the link shows all the figure counts)."""
    if not maa_se_borgere(bruger, kode):
        return False
    return bruger.rolle == "jobcenterchef" or (bruger.rolle == "teamleder" and team is not None and team == bruger.team)


def _celle(andel, vurdering: str, taeller: int, naevner: int, href: str | None) -> dict:
    return {"andel": andel, "klasse": KLASSE[vurdering], "taeller": taeller, "naevner": naevner,
            "vurdering": VURDERING_TEKST[vurdering] if vurdering != "ingen" else "", "href": href}


def _tabeller(o: Oversigt, bruger: Indlogget, tekster: dict[str, str]) -> list[dict]:
    """One table per rettidighed art and per quota: a row per unit (the municipality, then its
    teams), a cell per month."""
    sti = STI.format(kode=o.kommune) + "/borgere?"
    tabeller = []

    def raekker(frame, celle, maaneder) -> list[dict]:
        enheder = dict.fromkeys((r["niveau"], r["team"]) for r in frame.sort(
            frame["niveau"] != "kommune", "team").iter_rows(named=True))
        ud = []
        for niveau, team in enheder:
            celler = {r["maaned"]: celle(r) for r in frame.iter_rows(named=True)
                      if r["niveau"] == niveau and r["team"] == team}
            ud.append({"navn": "Kommunen i alt" if niveau == "kommune" else team, "kommune": niveau == "kommune",
                       "celler": [celler.get(m) for m in maaneder]})
        return ud

    for art, titel in ART_TEKST.items():
        t = o.rettidighed.filter(art=art)

        def celle(r, art=art):
            href = None
            if r["antal_frister"] and _linker(bruger, o.kommune, None if r["niveau"] == "kommune" else r["team"]):
                href = sti + urlencode({"maal": "rettidighed", "art": art, "maaned": r["maaned"].strftime("%Y-%m"),
                                        **({"team": r["team"]} if r["niveau"] == "team" else {})})
            return _celle(r["rettidighed_pct"], r["vurdering"], r["rettidige"], r["antal_frister"] - r["fritaget"], href)

        tabeller.append({"id": f"rettidighed-{art}", "titel": f"Rettidighed, {titel.lower()}",
                         "note": f"Til tiden af frister, der faldt i måneden (fritagne trukket fra); "
                                 f"under {RETTIDIGHED_GRAENSE_PCT:.0f} % er rødt.", "maaneder": o.maaneder,
                         "raekker": raekker(t, celle, o.maaneder)})
    for krav in dict.fromkeys(o.kvoter["krav_id"]):
        t = o.kvoter.filter(krav_id=krav)
        foerste = t.row(0, named=True)
        # only the months the quota has figures for: the months before it (the notice above says
        # when the quotas began) are not a row of dashes
        maaneder = [m for m in o.maaneder if m in set(t["maaned"])]

        def celle(r, krav=krav):
            href = None
            if r["personer"] and _linker(bruger, o.kommune, None if r["niveau"] == "kommune" else r["team"]):
                href = sti + urlencode({"maal": "kvote", "krav": krav, "maaned": r["maaned"].strftime("%Y-%m"),
                                        **({"team": r["team"]} if r["niveau"] == "team" else {})})
            return _celle(r["andel_pct"], r["vurdering"], r["naaet"], r["personer"], href)

        tabeller.append({"id": f"kvote-{krav}", "titel": f"Kvote: {tekster.get(krav, krav)}",
                         "note": f"Holdes af {HOLDES_AF_TEKST.get(foerste['holdes_af'], foerste['holdes_af'])}; "
                                 f"kvote {foerste['kvote_pct']:.0f} %. Nået af borgere, hvis vindue sluttede i måneden.",
                         "maaneder": maaneder, "raekker": raekker(t, celle, maaneder)})
    return tabeller


@router.get("/rettidighed-og-kvoter", response_class=HTMLResponse)
def vaelg_kommune(request: Request, k: Ktx, bruger: Bruger, kommune: str | None = None, maaned: str | None = None):
    """The menu's way in: the own municipality's page for its staff, a choice of municipality for
    STAR and admin; a month asked for goes along."""
    if bruger.rolle in KOMMUNALE_ROLLER:
        kommune = bruger.kommune_kode
    if kommune:
        kode = visning.kommune(kommune)
        kraev(maa_se_ledelsestal(bruger, kode))
        hale = "?" + urlencode({"maaned": maaned}) if maaned else ""
        return RedirectResponse(STI.format(kode=kode) + hale, status_code=303)
    kraev(bruger.rolle in ("star", "admin"))
    return side(k, request, "rettidighed_vaelg.html", bruger=bruger, kommuner=kommuner.kommuner())


@router.get(STI, response_class=HTMLResponse)
def rettidighed_og_kvoter(request: Request, k: Ktx, bruger: LedelsesLaeser, kode: Kommune, maaned: str | None = None):
    o = _oversigt(k, kode, maaned)
    tekster = kvote_tekster(rulebook(), o.til)
    d = k.resultater.daekning()
    return side(
        k, request, "rettidighed.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode], o=o,
        tabeller=_tabeller(o, bruger, tekster), mulige=(d.fra, d.til),
        borgere=maa_se_borgere(bruger, kode),
    )


@router.get(STI + ".xlsx")
def rettidighed_xlsx(k: Ktx, bruger: LedelsesLaeser, kode: Kommune, maaned: str | None = None):
    o = _oversigt(k, kode, maaned)
    ud = io.BytesIO()
    titel = f"Rettidighed og kvoter, {kommuner.navn(kode)} ({kode}), 12 måneder til og med {o.til:%Y-%m}"
    skriv_oversigt(ud, titel, o, kvote_tekster(rulebook(), o.til))
    return Response(ud.getvalue(), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="rettidighed-og-kvoter-{kode}-{o.til:%Y-%m}.xlsx"'})


@router.get(STI + ".csv")
def rettidighed_csv(k: Ktx, bruger: LedelsesLaeser, kode: Kommune, tabel: str = "rettidighed",
                    maaned: str | None = None):
    """One table for Danish Excel (`;`, BOM, decimal comma): `tabel` rettidighed or kvoter."""
    if tabel not in ("rettidighed", "kvoter"):
        raise HTTPException(422, "Tabellen skal være rettidighed eller kvoter")
    o = _oversigt(k, kode, maaned)
    if tabel == "rettidighed":
        frame, overskrifter = rettidighed_til_mennesker(o), RETTIDIGHED_OVERSKRIFTER
    else:
        frame, overskrifter = kvoter_til_mennesker(o, kvote_tekster(rulebook(), o.til)), KVOTE_OVERSKRIFTER
    ud = io.BytesIO()
    skriv_csv_dansk(frame.to_dicts(), overskrifter, ud)
    return Response(ud.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{tabel}-{kode}-{o.til:%Y-%m}.csv"'})


@router.get(STI + "/borgere", response_class=HTMLResponse)
def borgere(request: Request, k: Ktx, bruger: LedelsesLaeser, kode: Kommune, maal: str, maaned: str,
            art: str | None = None, krav: str | None = None, team: str | None = None):
    """The citizens behind one figure: the month's requirements (rettidighed) or windows (a quota) of
    the municipality or one team, as the figure counts them; a team leader sees the team's."""
    kraev(maa_se_borgere(bruger, kode))
    m = visning.maaned(maaned, None)
    if maal == "rettidighed" and art in ART_TEKST:
        alle = k.resultater.ledelse_rettidighed_personer(kode, m).filter(art=art)
        titel = f"Rettidighed, {ART_TEKST[art].lower()}"
    elif maal == "kvote" and krav:
        alle = k.resultater.ledelse_kvote_personer(kode, m).filter(krav_id=krav)
        tekster = kvote_tekster(rulebook(), m)
        if krav not in tekster:
            raise HTTPException(404, f"Ukendt kvote {krav!r}")
        titel = f"Kvote: {tekster[krav]}"
    else:
        raise HTTPException(422, "Vælg rettidighed med art=samtale eller tilbud, eller en kvote med krav=")
    if team is not None:
        alle = alle.filter(team=team)
    raekker = egne_raekker(bruger, alle.to_dicts(), visning.teams(k, kode))
    log_visning(k.sessions, bruger, (r["person_id"] for r in raekker), request)
    for r in raekker:
        r["udfald_tekst"] = UDFALD_TEKST.get(r.get("udfald"), "")
        r["klasse"] = KLASSE[r["vurdering"]]
    return side(
        k, request, "rettidighed_borgere.html", bruger=bruger, kode=kode, kommune=kommuner.kommuner()[kode],
        maaned=m, maal=maal, titel=titel, team=team, raekker=raekker, navne=visning.navne(k, kode),
        borgernavne=dict(k.resultater.personnavne(kode).iter_rows()), tilbage=STI.format(kode=kode),
    )
