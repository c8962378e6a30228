"""STAR's supervision desk (`/udvaelgelse`): the selection on an uploaded opgørelse of published
figures beside Tilsyn's own, opening the cases from the one chosen, and the what-if. The
selection is `tilsyn.resultater.udvalg`'s, the figures `tilsyn.supervision.opgoerelser`'s; these
routes call them and render (who may call: their `deps` type)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import polars as pl
from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from tilsyn.benchmark import ResultatmaalFejl
from tilsyn.data.daekning import UdenforDaekning
from tilsyn.data.publiceret import PubliceretFejl
from tilsyn.ordliste import KONSEKVENS_TEKST, KONSEKVENSER
from tilsyn.resultater.udvalg import Grundlag, alvor, tjek_regelaar
from tilsyn.rules.rulebook import rulebook
from tilsyn.supervision import db, opgoerelser
from tilsyn.supervision import sager as sagsservice
from tilsyn.supervision.maskine import SagFejl
from tilsyn.supervision.models import Opgoerelse
from tilsyn.rules.i_kraft import vaerdi_tekst
from tilsyn.udvaelgelse import HVIS_EFTER, HvisFejl, UdvaelgelseFejl, uden_ordning
from tilsyn.web import visning
from tilsyn.web.adgang import Indlogget, maa_registrere_haendelser
from tilsyn.web.deps import SkrivebordsBruger, StarBruger
from tilsyn.web.kontekst import Kontekst, Ktx, saetning, side

router = APIRouter()
MAKS_FIL = 20 << 20  # an y30r21 export of every period and group is a few MB

HVIS_TEKST = {
    "resultatmaal.tolerance_pct_point": ("Tolerance for resultatmålet", "procentpoint: ikke opfyldt, når forskellen er over"),
    "resultatmaal.kun_over_interval": ("Kun over intervallet", "ja: ikke opfyldt kun over prædiktionsintervallets øvre grænse"),
    "fokusmaal.samtaler.graense_pct": ("Grænse for samtaler", "%: opfyldt, når den passive andel er under"),
    "fokusmaal.tilbud.graense_pct": ("Grænse for tilbud", "%: opfyldt, når den passive andel er under"),
    "fokusmaal.samtaler.konsekvens": ("Konsekvens af samtalemålet", "sammen med ikke-opfyldt resultatmål"),
    "fokusmaal.tilbud.konsekvens": ("Konsekvens af tilbudsmålet", "sammen med ikke-opfyldt resultatmål"),
    "tilsyn.ordning.udvaelgelse": ("Skærpet tilsyn findes", "ja/nej: nej giver ingen konsekvens for nogen"),
}


def _egen(k: Kontekst, aar: int) -> tuple[pl.DataFrame | None, pl.DataFrame | None, str | None]:
    """(selection, resultatmål) of Tilsyn's own computation, or the reason there is none."""
    try:
        return k.resultater.udvaelgelse(aar), k.resultater.resultatmaal(aar), None
    except (UdenforDaekning, ResultatmaalFejl) as e:
        return None, None, saetning(str(e))


def _opgoerelse(session, aar: int, opg_id: int | None) -> Opgoerelse | None:
    if opg_id is not None:
        o = db.hent(session, Opgoerelse, opg_id)
        if o is None or o.aar != aar:
            raise HTTPException(404, "Opgørelsen findes ikke for det valgte år")
        return o
    alle = opgoerelser.opgoerelser(session, aar)
    return alle[0] if alle else None


def _grundlag(k: Kontekst, aar: int, valg: str) -> tuple[Grundlag, str]:
    """The measures a selection is made on: 'tilsyn' or 'opgoerelse:<id>'; (grundlag, label)."""
    if valg.startswith("opgoerelse:") and valg.removeprefix("opgoerelse:").isdigit():
        with k.sessions() as session:
            o = _opgoerelse(session, aar, int(valg.removeprefix("opgoerelse:")))
            resultat, vaerdier = opgoerelser.opgoerelsens_figurer(o)
            return Grundlag(aar, resultat=resultat, vaerdier=vaerdier), f"opgørelse version {o.version} ({o.resultatmaal_filnavn})"
    if valg != "tilsyn":
        raise HTTPException(422, f"Ukendt grundlag {valg!r}")
    udv, res, fejl = _egen(k, aar)
    if fejl:
        raise UdvaelgelseFejl(f"Tilsyns egen beregning findes ikke for {aar}: {fejl}")
    return (Grundlag(aar, resultat=res.to_pandas(), vaerdier=udv.select("kommune_kode", "vaerdi_samtaler", "vaerdi_tilbud").to_pandas()),
            "Tilsyns egen beregning")


def _aarene(k: Kontekst, session) -> list[int]:
    return sorted(set(visning.udvaelgelsesaar(k)) | {o.aar for o in opgoerelser.opgoerelser(session)})


def sammenlign(egen: pl.DataFrame | None, officiel: pl.DataFrame | None, fejlende: bool = False) -> list[dict]:
    """One row per municipality with a consequence in either selection (with `fejlende`, also one
    that fails a target: a year without the scheme has no consequences, but the measures still
    show), the two side by side; `forskellig` when they differ. Strongest consequence first."""
    kolonner = ("konsekvens", "forskel_pct_point", "vaerdi_samtaler", "vaerdi_tilbud", "fails_resultat", "fails_samtaler", "fails_tilbud")

    def del_(df, hale):
        if df is None:
            return pl.DataFrame(schema={"kommune_kode": pl.String})
        return df.select("kommune_kode", *[pl.col(c).fill_nan(None).alias(c + hale) if df.schema[c].is_float()
                                           else pl.col(c).alias(c + hale) for c in kolonner])
    t = del_(egen, "_egen").join(del_(officiel, "_off"), on="kommune_kode", how="full", coalesce=True)
    tomme = {c + hale: None for c in kolonner for hale in ("_egen", "_off")}
    rows = []
    for r in t.to_dicts():
        r = tomme | r
        e, o = r.get("konsekvens_egen"), r.get("konsekvens_off")
        fejler = fejlende and any(r.get(f"fails_{m}{hale}") for m in ("resultat", "samtaler", "tilbud")
                                  for hale in ("_egen", "_off"))
        if (e or "ingen") == "ingen" and (o or "ingen") == "ingen" and not fejler:
            continue
        r["forskellig"] = egen is not None and officiel is not None and e != o
        rows.append(r)
    return sorted(rows, key=lambda r: (*min(alvor(r.get(f"konsekvens{h}") or "ingen", r.get(f"forskel_pct_point{h}"))
                                            for h in ("_off", "_egen")), r["kommune_kode"]))


def _med_kryds(rows: list[dict]) -> bool:
    """Whether any row has a target not met (the ✗ the legend explains)."""
    return any(v for r in rows for k, v in r.items() if k.startswith("fails_"))


def _aaret(k: Kontekst, aar_tekst: str | None) -> int:
    """The year asked for, else the newest opgørelse's, else the selection year the other pages
    show; refused (a notice) when the rules do not cover it."""
    with k.sessions() as session:
        nyeste = opgoerelser.opgoerelser(session)
    standard = nyeste[0].aar if nyeste else None
    aar = visning.aar(aar_tekst, standard) or visning.valgt_aar(k, None)[0] or date.today().year - 1
    tjek_regelaar(aar, "Udvælgelsen")
    return aar


def _side(request: Request, k: Kontekst, bruger: Indlogget, aar_tekst: str | None, opg_id: int | None,
          status_code: int = 200, **extra):
    aar = _aaret(k, aar_tekst)
    with k.sessions() as session:
        aarene = _aarene(k, session)
        liste = opgoerelser.opgoerelser(session, aar)
        valgt = _opgoerelse(session, aar, opg_id)
    officiel = None
    if valgt is not None:
        resultat, vaerdier = opgoerelser.opgoerelsens_figurer(valgt)
        officiel = Grundlag(aar, resultat=resultat, vaerdier=vaerdier).udvaelg()
    egen, _, egen_fejl = _egen(k, aar)
    grund = uden_ordning(aar, rulebook())
    raekker = sammenlign(egen, officiel, fejlende=grund is not None)
    return side(
        k, request, "udvaelgelse.html", status_code, bruger=bruger, aar=aar, aarene=aarene, opgoerelser=liste,
        valgt=valgt, raekker=raekker, kryds=_med_kryds(raekker), egen_fejl=egen_fejl, uden_ordning=grund,
        har_egen=egen is not None, maa_rette=maa_registrere_haendelser(bruger), idag=date.today(),
        hvis_felter=_hvis_felter(aar, {}), konsekvenser=KONSEKVENS_TEKST, **extra,
    )


def _hvis_felter(aar: int, indtastet: dict[str, str]) -> list[dict]:
    """The what-if form's fields: each rule value the selection judges by, in force for `aar`,
    with its source, and what the user typed (kept on an error). `art`: a consequence is chosen
    from a list, ja/nej by two radio buttons, a number typed."""
    book = rulebook()
    felter = []
    for path in HVIS_EFTER:
        v = book.gaeldende(path, aar=aar)
        nu = v.value
        vist = ("ja" if nu else "nej") if isinstance(nu, bool) else str(nu).replace(".", ",")
        art = "valg" if path.endswith("konsekvens") else ("ja_nej" if isinstance(nu, bool) else "tal")
        felter.append({"path": path, "navn": HVIS_TEKST[path][0], "hjaelp": HVIS_TEKST[path][1], "gaeldende": vist,
                       "gaeldende_tekst": vaerdi_tekst(nu), "vaerdi": indtastet.get(path) or vist, "kilde": v.reference,
                       "marker": v.marker, "art": art, "valg": KONSEKVENSER if art == "valg" else None})
    return felter


@router.get("/udvaelgelse", response_class=HTMLResponse)
def udvaelgelse_side(request: Request, k: Ktx, bruger: SkrivebordsBruger, aar: str | None = None, opgoerelse: int | None = None):
    return _side(request, k, bruger, aar, opgoerelse)


@router.post("/udvaelgelse/opgoerelser", response_class=HTMLResponse)
async def upload(
    request: Request, k: Ktx, bruger: StarBruger,
    aar: Annotated[str, Form()] = "",
    resultatmaal: UploadFile | None = None,
    fokusmaal: UploadFile | None = None,
    note: Annotated[str, Form()] = "",
):
    """Store an opgørelse: both files are read and checked first; an error stores nothing and
    shows every problem with file and line, keeping what was typed. Every field is optional here
    so that a form sent without a file (the browser sends an empty part) is a Danish message."""
    fejl = []
    try:
        aar_tal = visning.aar(aar, None)
    except HTTPException as e:
        aar_tal, fejl = None, [str(e.detail)]
    if aar_tal is None and not fejl:
        fejl = ["Skriv året, opgørelsen gælder (ÅÅÅÅ)."]
    filer = []
    for navn, fil in (("resultatmål", resultatmaal), ("fokusmål", fokusmaal)):
        data = await fil.read(MAKS_FIL + 1) if fil is not None else b""
        if fil is None or not fil.filename or not data:
            fejl.append(f"Vælg en fil med {navn}.")
        elif len(data) > MAKS_FIL:
            fejl.append(f"{fil.filename} er større end {MAKS_FIL >> 20} MB.")
        filer.append((fil.filename if fil is not None else "", data))
    if not fejl:
        with k.sessions() as session:
            try:
                o = opgoerelser.gem(session, aar_tal, filer[0], filer[1], bruger.brugernavn, note)
                session.commit()
                return RedirectResponse(f"/udvaelgelse?aar={o.aar}&opgoerelse={o.id}&gemt={o.version}", status_code=303)
            except PubliceretFejl as e:
                session.rollback()
                fejl = [str(f) for f in e.fejl[:20]] + ([f"... og {len(e.fejl) - 20} fejl mere"] if len(e.fejl) > 20 else [])
    return _side(request, k, bruger, str(aar_tal) if aar_tal else None, None, 422,
                 upload_fejl=fejl, upload_aar=aar, upload_note=note)


@router.post("/udvaelgelse/amk-kontakter", response_class=HTMLResponse)
async def amk_import(request: Request, k: Ktx, bruger: StarBruger, aar: Annotated[str, Form()] = "",
                     fil: UploadFile | None = None):
    """Import AMK contacts from a Table-2-shaped CSV: all rows or none, every problem with its line."""
    from tilsyn.supervision.amk import importer_kontakter

    data = await fil.read(MAKS_FIL + 1) if fil is not None else b""
    fejl = None
    if fil is None or not fil.filename or not data:
        fejl = ["Vælg en fil med kontakterne."]
    elif len(data) > MAKS_FIL:
        fejl = [f"{fil.filename} er større end {MAKS_FIL >> 20} MB."]
    else:
        with k.sessions() as session:
            try:
                n = importer_kontakter(session, fil.filename, data)
                session.commit()
                return RedirectResponse(f"/udvaelgelse?aar={aar}&kontakter={n}#amk", status_code=303)
            except SagFejl as e:
                session.rollback()
                fejl = str(e).splitlines()
    return _side(request, k, bruger, aar, None, 422, amk_fejl=fejl)


@router.post("/udvaelgelse/sager", response_class=HTMLResponse)
def aabn_sager(
    request: Request, k: Ktx, bruger: StarBruger,
    aar: Annotated[str, Form()],
    grundlag: Annotated[str, Form()],
    dato: Annotated[str, Form()],
):
    """Open the cases of the chosen selection (an opgørelse or Tilsyn's own)."""
    aar_tal = _aaret(k, aar)
    opg = int(grundlag.removeprefix("opgoerelse:")) if grundlag.startswith("opgoerelse:") and grundlag[11:].isdigit() else None
    try:
        d = date.fromisoformat(dato.strip())
    except ValueError:
        return _side(request, k, bruger, aar, opg, 422, sag_fejl=f"Datoen skal skrives ÅÅÅÅ-MM-DD, fik {dato!r}.",
                     sag_dato=dato, sag_grundlag=grundlag)
    try:
        g, _ = _grundlag(k, aar_tal, grundlag)
    except UdvaelgelseFejl as e:
        return _side(request, k, bruger, aar, opg, 422, sag_fejl=saetning(str(e)), sag_dato=dato, sag_grundlag=grundlag)
    with k.sessions() as session:
        try:
            nye = sagsservice.aabn_sager(session, g.udvaelg().to_dicts(), aar_tal, d, bruger.brugernavn, opgoerelse_id=opg)
            session.commit()
        except SagFejl as e:
            session.rollback()
            return _side(request, k, bruger, aar, opg, 422, sag_fejl=saetning(str(e)), sag_dato=dato, sag_grundlag=grundlag)
    return RedirectResponse(f"/sager?aabnet={len(nye)}", status_code=303)


@router.get("/udvaelgelse/hvis", response_class=HTMLResponse)
def hvis_side(request: Request, k: Ktx, bruger: SkrivebordsBruger, aar: str = "", grundlag: str = "tilsyn"):
    """The what-if: the selection on the chosen measures under the rule values typed, beside the
    one under the rules in force; nothing is stored and the rulebook is not changed."""
    aar_tal = _aaret(k, aar)
    felter = {p: str(request.query_params.get(p, "")).strip() for p in HVIS_EFTER}
    gaeldende = {f["path"]: f["gaeldende"] for f in _hvis_felter(aar_tal, {})}
    antagelser = [f"{p}={v}" for p, v in felter.items() if v and v != gaeldende[p]]
    try:
        g, grundlag_tekst = _grundlag(k, aar_tal, grundlag)
        officiel, hvis, aendringer = g.hvis(antagelser)
    except HvisFejl as e:
        return _side(request, k, bruger, aar, None, 422, hvis_fejl=f"{HVIS_TEKST[e.path][0]}: {e.grund} (du skrev »{e.tekst}«).",
                     hvis_felter_indtastet=_hvis_felter(aar_tal, felter), hvis_grundlag=grundlag)
    except UdvaelgelseFejl as e:
        return _side(request, k, bruger, aar, None, 422, hvis_fejl=saetning(str(e)),
                     hvis_felter_indtastet=_hvis_felter(aar_tal, felter), hvis_grundlag=grundlag)
    rows = [r for r in hvis.to_dicts() if r["konsekvens"] != "ingen" or r["aendret"]]
    rows.sort(key=lambda r: (not r["aendret"], *alvor(r["konsekvens"], r["forskel_pct_point"]), r["kommune_kode"]))
    return side(
        k, request, "hvis.html", bruger=bruger, aar=aar_tal, raekker=rows, grundlag=grundlag,
        grundlag_tekst=grundlag_tekst, aendringer=aendringer, kryds=_med_kryds(rows), felter=_hvis_felter(aar_tal, felter),
        antal_aendret=int(hvis["aendret"].sum()), hvis_tekst=HVIS_TEKST,
        antal_officiel=officiel.filter(pl.col("konsekvens") != "ingen").height,
        antal_hvis=hvis.filter(pl.col("konsekvens") != "ingen").height,
    )
