"""`tilsyn sag ...`: STAR's supervision cases from the command line (open, record events, show,
deadlines, fokusrevision, AMK contacts). Thin: every rule lives in `tilsyn.supervision`."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from tilsyn.cli.app import app, check_out, console, fail, sagsdatabase
from tilsyn.cli.dansk import DanskTyper

sag_app = DanskTyper(help="Tilsynssager (skærpet tilsyn): åbn, registrér hændelser, frister, fokusrevision, AMK-kontakter.",
                     no_args_is_help=True)
kontakt_app = DanskTyper(help="AMK's kontakter med kommunerne (notatets tabel 2).", no_args_is_help=True)
app.add_typer(sag_app, name="sag")
sag_app.add_typer(kontakt_app, name="kontakt")

DB = typer.Option(None, "--db", envvar="TILSYN_DB", show_envvar=False,
                  help="Sagsdatabasen (SQLAlchemy-URL eller SQLite-fil); standard ./tilsyn-sager.db.")
AKTOER = typer.Option(getpass.getuser(), "--actor", help="Hvem registrerer (standard: brugernavnet).")


@contextmanager
def _transaktion(db: str | None, opret: bool = False) -> Iterator:
    """One transaction on the store; a user error rolls it back and exits 2. Only a command that
    creates cases or contacts (`opret`) may create a store that does not exist."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from tilsyn.supervision import SagFejl
    from tilsyn.supervision.db import db_url

    maker = sagsdatabase(db, opret)
    try:
        with maker.begin() as session:
            yield session
    except SagFejl as e:
        fail(str(e))
    except IntegrityError:
        fail("en anden har ændret de samme sager samtidig; intet er gemt - kør kommandoen igen")
    except OperationalError as e:
        fail(f"sagsdatabasen {db_url(db)} svarer ikke (intet er gemt): {e.orig}")


def _konsekvens(kode: str) -> str:
    from tilsyn.ordliste import KONSEKVENS_TEKST

    return KONSEKVENS_TEKST.get(kode, kode).lower()


def _dato(text: str | None):
    from datetime import date

    from tilsyn import tid

    try:
        return tid.parse_dato(text) if text else date.today()
    except ValueError as e:
        fail(str(e))


def _csv(path: Path, kolonner: tuple[str, ...]):
    import polars as pl

    if not path.is_file():
        fail(f"filen {path} findes ikke")
    try:
        df = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.PolarsError as e:
        fail(f"{path}: kan ikke læses som CSV: {e}")
    if mangler := [k for k in kolonner if k not in df.columns]:
        fail(f"{path}: mangler kolonne(r): {', '.join(mangler)}")
    return df


def _ja_nej(text: str | None, hvad: str) -> bool | None:
    svar = {"ja": True, "nej": False, "": None, "ukendt": None}
    key = (text or "").strip().lower()
    if key not in svar:
        fail(f"{hvad} skal være ja, nej eller ukendt, ikke {text!r}")
    return svar[key]


@sag_app.command("aabn")
def aabn(
    udvaelgelse: Path = typer.Argument(..., help="CSV fra `tilsyn udvaelgelse` (kommune_kode, aar, konsekvens, ...)."),
    aar: int = typer.Option(None, "--aar", help="Udvælgelsesåret (standard: filens eneste år)."),
    dato: str = typer.Option(None, "--dato", help="Udpegningsdato ÅÅÅÅ-MM-DD (standard: i dag)."),
    actor: str = AKTOER,
    db: str = DB,
) -> None:
    """Åbn en sag for hver kommune med konsekvensen skærpet tilsyn eller skærpet tilsyn light. Kan køres igen."""
    from rich.table import Table

    from tilsyn.kommuner import navn
    from tilsyn.supervision import aabn_sager
    from tilsyn.supervision.maskine import TEKST

    df = _csv(udvaelgelse, ("kommune_kode", "aar", "konsekvens"))
    aarene = sorted(set(df["aar"].drop_nulls().to_list()))
    if aar is None:
        if len(aarene) != 1 or not aarene[0].strip().isdigit():
            fail(f"filen har årene {', '.join(aarene) or 'ingen'}; vælg ét med --aar")
        aar = int(aarene[0])
    with _transaktion(db, opret=True) as s:
        nye = aabn_sager(s, df.to_dicts(), aar, _dato(dato), actor)
        table = Table("sag", "kommune", "konsekvens", "tilstand", title=f"Nye tilsynssager {aar}")
        for sag in nye:
            table.add_row(str(sag.id), f"{sag.kommune_kode} {navn(sag.kommune_kode)}", _konsekvens(sag.konsekvens),
                          TEKST[sag.tilstand])
    console.print(table if nye else f"Ingen nye sager for {aar} (de findes allerede, eller ingen er udpeget).")


@sag_app.command("haendelse")
def haendelse(
    sag_id: int = typer.Argument(..., help="Sagens nummer."),
    type: str = typer.Argument(..., help="Hændelsen, fx brev_sendt, moede_afholdt, plan_modtaget (`tilsyn sag vis SAG` viser de tilladte nu)."),
    dato: str = typer.Option(None, "--dato", help="Hændelsens dato ÅÅÅÅ-MM-DD (standard: i dag)."),
    version: int = typer.Option(None, "--version", help="Sagens version, som du så den (`tilsyn sag vis`)."),
    samtaler: float = typer.Option(None, "--samtaler", help="Fokusmålets rullende værdi for samtaler (%)."),
    tilbud: float = typer.Option(None, "--tilbud", help="Fokusmålets rullende værdi for tilbud (%)."),
    maaned: str = typer.Option(None, "--maaned", help="Opfølgningens måned ÅÅÅÅ-MM."),
    fund: str = typer.Option(None, "--fund", help="Task forcens fund."),
    resultatmaal_opfyldt: bool = typer.Option(False, "--resultatmaal-opfyldt", help="Evaluering: resultatmålet er opfyldt."),
    note: str = typer.Option(None, "--note", help="Bemærkning."),
    actor: str = AKTOER,
    db: str = DB,
) -> None:
    """Registrér en hændelse på en sag (en ulovlig overgang afvises)."""
    from tilsyn.supervision import SagFejl, registrer
    from tilsyn.supervision.db import hent
    from tilsyn.supervision.maskine import TEKST
    from tilsyn.supervision.models import Sag

    vaerdier = {k: v for k, v in (("samtaler", samtaler), ("tilbud", tilbud)) if v is not None}
    payload = {k: v for k, v in (("vaerdier", vaerdier), ("maaned", maaned), ("fund", fund)) if v}
    if resultatmaal_opfyldt:
        payload["resultatmaal_opfyldt"] = True
    with _transaktion(db) as s:
        sag = hent(s, Sag, sag_id)
        if sag is None:
            raise SagFejl(f"der findes ingen sag med id {sag_id}")
        registrer(s, sag_id, sag.version if version is None else version, type, _dato(dato), actor, note, payload)
        console.print(f"Sag {sag_id}: {type} registreret; tilstand nu [bold]{TEKST[sag.tilstand]}[/] (version {sag.version}).")


@sag_app.command("afslut")
def afslut(
    sag_id: int = typer.Argument(..., help="Sagens nummer."),
    dato: str = typer.Option(None, "--dato", help="Dagen sagen ophører ÅÅÅÅ-MM-DD (standard: i dag)."),
    version: int = typer.Option(None, "--version", help="Sagens version, som du så den (`tilsyn sag vis`)."),
    note: str = typer.Option(None, "--note", help="Bemærkning."),
    actor: str = AKTOER,
    db: str = DB,
) -> None:
    """Afslut en åben sag, fordi det statslige skærpede tilsyn er afskaffet ved lov: begrundelsen og
    hjemlen tages fra regelsættet og gemmes på hændelsen; historikken bevares."""
    from tilsyn.supervision import SagFejl, registrer
    from tilsyn.supervision.db import hent
    from tilsyn.supervision.maskine import OPHOERT_VED_LOV
    from tilsyn.supervision.models import Sag

    with _transaktion(db) as s:
        sag = hent(s, Sag, sag_id)
        if sag is None:
            raise SagFejl(f"der findes ingen sag med id {sag_id}")
        h = registrer(s, sag_id, sag.version if version is None else version, OPHOERT_VED_LOV, _dato(dato), actor, note)
        console.print(f"Sag {sag_id} er ophørt ved lov {h.dato.isoformat()}: {h.payload['begrundelse']}. "
                      f"Hjemmel: {h.payload['reference']}. (version {sag.version})", highlight=False)


@sag_app.command("liste")
def liste(db: str = DB) -> None:
    """Vis alle sager med deres tilstand."""
    from rich.table import Table
    from sqlalchemy import select

    from tilsyn.kommuner import navn
    from tilsyn.supervision.maskine import TEKST
    from tilsyn.supervision.models import Sag

    with _transaktion(db) as s:
        table = Table("sag", "kommune", "år", "konsekvens", "tilstand", "version")
        for sag in s.scalars(select(Sag).order_by(Sag.aar, Sag.kommune_kode)):
            table.add_row(str(sag.id), f"{sag.kommune_kode} {navn(sag.kommune_kode)}", str(sag.aar),
                          _konsekvens(sag.konsekvens), TEKST[sag.tilstand], str(sag.version))
    console.print(table)


@sag_app.command("vis")
def vis(sag_id: int = typer.Argument(..., help="Sagens nummer."), db: str = DB) -> None:
    """Vis en sag: tilstand, version, hændelser, tilladte hændelser og frister."""
    from rich.table import Table

    from tilsyn.kommuner import navn
    from tilsyn.supervision import SagFejl, historik, sagens_frister, tilladte_overgange, tilstand
    from tilsyn.supervision.db import hent
    from tilsyn.supervision.maskine import TEKST
    from tilsyn.supervision.models import Sag

    with _transaktion(db) as s:
        sag = hent(s, Sag, sag_id)
        if sag is None:
            raise SagFejl(f"der findes ingen sag med id {sag_id}")
        forloeb = tilstand(s, sag)
        console.print(f"[bold]Sag {sag.id}[/]: {sag.kommune_kode} {navn(sag.kommune_kode)}, {sag.aar}, "
                      f"{_konsekvens(sag.konsekvens)} - tilstand [bold]{TEKST[forloeb.tilstand]}[/], version {sag.version}")
        table = Table("dato", "hændelse", "af", "data", "note", title="Hændelser")
        for h in historik(s, sag.id):
            table.add_row(h.dato.isoformat(), h.type, h.actor, str(h.payload or ""), h.note or "")
        console.print(table)
        console.print("Tilladt nu: " + (", ".join(tilladte_overgange(s, sag)) or "ingen (sagen er afsluttet)"))
        for f in sagens_frister(s, sag):
            console.print(f"  {f.tekst}: {f.frist.isoformat() if f.frist else 'uden fast frist'}")


@sag_app.command("frister")
def frister_cmd(
    dato: str = typer.Option(None, "--dato", help="Dagen ÅÅÅÅ-MM-DD (standard: i dag)."),
    out: Path = typer.Option(None, "--out", help="Skriv listen som CSV."),
    db: str = DB,
) -> None:
    """Åbne frister og overskredne pligter på tværs af alle åbne sager."""
    from dataclasses import asdict

    import polars as pl
    from rich.table import Table

    from tilsyn.kommuner import navn
    from tilsyn.resultater.csv import skriv_csv
    from tilsyn.supervision import frister
    from tilsyn.supervision.maskine import TEKST

    dag = _dato(dato)
    check_out(out, "--out")
    with _transaktion(db) as s:
        rows = frister(s, dag)
    if out:
        skriv_csv(pl.DataFrame([asdict(r) for r in rows], schema={
            "sag_id": pl.Int64, "kommune_kode": pl.String, "aar": pl.Int64, "tilstand": pl.String,
            "pligt": pl.String, "tekst": pl.String, "frist": pl.Date, "dage_tilbage": pl.Int64,
            "status": pl.String,
        }), out)
        console.print(f"{len(rows)} frister skrevet til {out}")
        return
    table = Table("sag", "kommune", "tilstand", "pligt", "frist", "dage", "status", title=f"Frister {dag}")
    for r in rows:
        stil = "red" if r.status == "overskredet" else None
        table.add_row(str(r.sag_id), f"{r.kommune_kode} {navn(r.kommune_kode)}", TEKST[r.tilstand], r.tekst,
                      r.frist.isoformat() if r.frist else "", "" if r.dage_tilbage is None else str(r.dage_tilbage),
                      r.status, style=stil)
    console.print(table)


@sag_app.command("revision-udtraek")
def revision_udtraek(
    sag_id: int = typer.Argument(..., help="Sagens nummer."),
    passive: Path = typer.Argument(..., help="CSV med de passive: person_id, ydelsesgruppe (evt. kommune_kode)."),
    maaned: str = typer.Option(..., "--maaned", help="Opgørelsesmåneden ÅÅÅÅ-MM."),
    seed: int = typer.Option(None, "--seed", help="Frø til udtrækket (standard: et nyt tilfældigt, som gemmes)."),
    out: Path = typer.Option(None, "--out", help="Skriv stikprøven som CSV."),
    db: str = DB,
) -> None:
    """Udtræk fokusrevisionens stikprøve: regelsættets andel pr. ydelsesgruppe, rundet op
    (`tilsyn regler --sti tilsyn`); alle under administration."""
    import polars as pl

    from tilsyn import tid
    from tilsyn.resultater.csv import skriv_csv
    from tilsyn.supervision import SagFejl, opret_revision
    from tilsyn.supervision.db import hent
    from tilsyn.supervision.models import Sag

    try:
        m = tid.parse_maaned(maaned)
    except ValueError as e:
        fail(str(e))
    check_out(out, "--out")
    df = _csv(passive, ("person_id", "ydelsesgruppe"))
    with _transaktion(db) as s:
        sag = hent(s, Sag, sag_id)
        if sag is None:
            raise SagFejl(f"der findes ingen sag med id {sag_id}")
        if "kommune_kode" in df.columns:
            df = df.filter(pl.col("kommune_kode").str.zfill(4) == sag.kommune_kode)
        revision = opret_revision(s, sag_id, m, df.select("person_id", "ydelsesgruppe").iter_rows(), seed)
        udvalg = pl.DataFrame([(r.person_id, r.ydelsesgruppe) for r in revision.sager],
                              schema=["person_id", "ydelsesgruppe"], orient="row")
        console.print(f"Revision {revision.id}: {udvalg.height} af {revision.population} passive udtrukket "
                      f"({revision.andel_pct:g} %, frø {revision.seed}).")
    if out:
        skriv_csv(udvalg, out)
        console.print(f"Stikprøven er skrevet til {out}")
    else:
        console.print(udvalg.group_by("ydelsesgruppe").len().sort("ydelsesgruppe"))


@sag_app.command("revision-vurder")
def revision_vurder(
    revision_id: int = typer.Argument(..., help="Revisionens nummer."),
    person_id: str = typer.Argument(..., help="Den udtrukne person."),
    grund: str = typer.Argument(..., help="barsel, langvarig_sygdom, helbred_forvaerres, andet_gyldigt eller ingen."),
    note: str = typer.Option(None, "--note", help="Forklaring (krævet ved andet_gyldigt)."),
    reviewer: str = typer.Option(getpass.getuser(), "--reviewer", help="Revisor (standard: brugernavnet)."),
    db: str = DB,
) -> None:
    """Registrér revisorens vurdering af én udtrukket sag."""
    from tilsyn.supervision import vurder

    with _transaktion(db) as s:
        vurder(s, revision_id, person_id, grund, reviewer, note)
    console.print(f"Revision {revision_id}: {person_id} vurderet ({grund}).")


@sag_app.command("revision-resume")
def revision_resume_cmd(
    revision_id: int = typer.Argument(..., help="Revisionens nummer."),
    db: str = DB,
) -> None:
    """Andel uden gyldig grund (Wilson-interval) og skønnet antal i hele populationen."""
    from tilsyn.supervision import SagFejl, revision_resume
    from tilsyn.supervision.db import hent
    from tilsyn.supervision.models import Revision

    with _transaktion(db) as s:
        if hent(s, Revision, revision_id) is None:
            raise SagFejl(f"der findes ingen revision med id {revision_id}")
        r = revision_resume(s, revision_id)
    console.print(f"Revision {revision_id}: {r.vurderet} af {r.udtrukket} udtrukne vurderet; population {r.population}.")
    if r.andel is None:
        console.print("Ingen sager er vurderet endnu.")
        return
    console.print(f"Uden gyldig grund: {r.uden_grund} = {100 * r.andel:.1f} % "
                  f"({100 * r.niveau:g} %: {100 * r.nedre:.1f}-{100 * r.oevre:.1f} %)")
    console.print(f"Skønnet antal passive uden gyldig grund i populationen: {r.estimat:.0f} "
                  f"({100 * r.niveau:g} %: {r.estimat_nedre:.0f}-{r.estimat_oevre:.0f})")


@kontakt_app.command("tilfoej")
def kontakt_tilfoej(
    kommune: str = typer.Argument(..., help="Kommunekode eller navn."),
    tidspunkt: str = typer.Argument(..., help="Dato (24-02-2022), kvartal (3. kvt. 2023) eller måned (mar-23)."),
    bistand: str = typer.Option("ukendt", "--bistand", help="Ønsker kommunen bistand: ja, nej eller ukendt."),
    afdaekning: str = typer.Option(..., "--afdaekning", help="Er der foretaget afdækning: ja eller nej."),
    indsats: str = typer.Option("", "--indsats", help="Indsatsen i kommunen (fri tekst)."),
    maal: list[str] = typer.Option([], "--maal", help="Berørte mål: samtaler, tilbud, resultat (kan gentages)."),
    db: str = DB,
) -> None:
    """Registrér en AMK-kontakt med en kommune."""
    from tilsyn.kommuner import navn
    from tilsyn.supervision import tilfoej_kontakt

    afdaek = _ja_nej(afdaekning, "--afdaekning")
    if afdaek is None:
        fail("--afdaekning skal være ja eller nej")
    with _transaktion(db, opret=True) as s:
        k = tilfoej_kontakt(s, kommune, tidspunkt, afdaek, _ja_nej(bistand, "--bistand"), indsats, maal)
        console.print(f"Kontakt {k.id} med {navn(k.kommune_kode)} registreret ({k.dato or k.periode}).")


@kontakt_app.command("importer")
def kontakt_importer(
    fil: Path = typer.Argument(..., help="CSV som notatets tabel 2: kommune;dato;oensker_bistand;afdaekning;indsats."),
    db: str = DB,
) -> None:
    """Indlæs AMK-kontakter fra en fil formet som notatets tabel 2 (alle eller ingen)."""
    from tilsyn.supervision.amk import importer_kontakter

    if not fil.is_file():
        fail(f"filen {fil} findes ikke")
    with _transaktion(db, opret=True) as s:
        n = importer_kontakter(s, str(fil), fil.read_bytes())
    console.print(f"{n} kontakter indlæst fra {fil}.")


@kontakt_app.command("liste")
def kontakt_liste(
    kommune: str = typer.Option(None, "--kommune", help="Kun denne kommune (kode eller navn)."),
    db: str = DB,
) -> None:
    """Vis kontaktloggen pr. kommune i tidsorden."""
    from rich.table import Table

    from tilsyn.kommuner import navn
    from tilsyn.supervision import kontakter

    ja_nej = {True: "Ja", False: "Nej", None: ""}
    with _transaktion(db) as s:
        table = Table("kommune", "kontakt", "ønsker bistand", "afdækning", "mål", "indsats", title="AMK-kontakter")
        for k in kontakter(s, kommune):
            table.add_row(navn(k.kommune_kode), k.dato.strftime("%d-%m-%Y") if k.dato else k.periode,
                          ja_nej[k.oensker_bistand], ja_nej[k.afdaekning], ", ".join(k.maal), k.indsats)
    console.print(table)
