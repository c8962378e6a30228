"""`tilsyn rapport` (the follow-up note and the BEU report) and `tilsyn brev` (the minister's letters)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from tilsyn.cli.app import aabn, app, beregn, console, data_option, engine_option, fail, sagsdatabase
from tilsyn.cli.dansk import DanskTyper

brev_app = DanskTyper(help="Ministerens breve som redigerbare .docx.", no_args_is_help=True)
app.add_typer(brev_app, name="brev")


def _dato(text: str | None) -> date:
    from tilsyn import tid

    if not text:
        return date.today()
    try:
        return tid.parse_dato(text)
    except ValueError as e:
        fail(str(e))


def _maal(r, aar: int) -> tuple[Any, Any]:
    """The year's resultatmål and selection from the results layer, as the reports' pandas frames."""
    resultat = beregn(None, r.resultatmaal, aar)
    return resultat.to_pandas(), beregn(None, r.udvaelgelse, aar).to_pandas()


def _tilsyn(db: str | None) -> tuple[list[Any], list[dict[str, Any]]]:
    """The AMK contacts and the open cases (state and deadlines) from the supervision store."""
    if db is None:
        return [], []
    from sqlalchemy.exc import SQLAlchemyError

    from tilsyn import supervision
    from tilsyn.supervision.maskine import OPHOERT, SagFejl
    from tilsyn.supervision.models import Sag

    maker = sagsdatabase(db)
    try:
        with maker() as session:
            kontakter = supervision.kontakter(session)
            sager = []
            for sag in session.query(Sag).order_by(Sag.id):
                forloeb = supervision.tilstand(session, sag)
                if forloeb.tilstand == OPHOERT:
                    continue
                sager.append({
                    "kommune_kode": sag.kommune_kode, "aar": sag.aar, "konsekvens": sag.konsekvens,
                    "tilstand": forloeb.tilstand, "siden": forloeb.siden,
                    "frister": [(f.tekst, f.frist) for f in supervision.sagens_frister(session, sag)],
                })
            session.expunge_all()
            return kontakter, sager
    except (SQLAlchemyError, SagFejl) as e:
        fail(f"kan ikke læse tilsynssagerne i {db}: {e}")


def _kvoter(r, aar: int) -> tuple[date | None, Any]:
    """The kvoteopfyldelse of the year's last month with quotas (Table A3); none in a year without."""
    mulige = r.kvote_maaneder()
    if mulige is None or mulige[0] > date(aar, 12, 1) or mulige[1] < date(aar, 1, 1):
        return None, None
    maaned = min(date(aar, 12, 1), mulige[1])
    return maaned, beregn(None, r.kvoteopfyldelse, maaned).to_pandas()


@app.command()
def rapport(
    out_dir: Path = typer.Argument(..., help="Mappe til rapporterne (oprettes)."),
    data: Path | None = data_option(),
    year: int = typer.Option(..., "--aar", help="Året der følges op på (ÅÅÅÅ)."),
    db: str = typer.Option(None, "--db", help="Tilsynssagernes database (AMK-kontakter og åbne sager)."),
    engine: str = engine_option(),
    dato: str = typer.Option(None, "--dato", help="Rapportens dato (ÅÅÅÅ-MM-DD); standard i dag."),
) -> None:
    """Opfølgningsnotatet (PDF + Excel + figur 1) og årsredegørelsen til Beskæftigelsesudvalget."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from tilsyn.data.daekning import UdenforDaekning
    from tilsyn.reports import beu, opfoelgning
    from tilsyn.rules.rulebook import rulebook

    if not 2000 <= year <= 2100:
        fail(f"ugyldigt år {year}: brug ÅÅÅÅ")
    dag = _dato(dato)
    rules = rulebook()
    r = aabn(data, engine)
    skridt = ("Data åbnet", "Fokusmål", "Resultatmål og udvælgelse", "Benchmarkmålinger", "Tilsynssager",
              "Opfølgningsnotat", "Redegørelse til BEU")
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task(skridt[0], total=len(skridt))

        def naeste(i: int) -> None:
            progress.update(task, completed=i, description=skridt[min(i, len(skridt) - 1)])

        naeste(1)
        beregn(None, r.daekning.tjek_aar, year, 0, "Opfølgningen")
        mulige = r.fokusmaal_maaneder()
        if mulige is None or mulige[0] > date(year, 12, 1):
            fail(f"Opfølgningen {year} kræver fokusmål for året: {r.daekning.tekst()}")
        fra = max(date(year - 2, 1, 1), mulige[0])
        fokus = beregn(None, r.fokusmaal, fra, date(year, 12, 1)).to_pandas()
        naeste(2)
        resultat, udvalg = _maal(r, year)
        naeste(3)
        maalinger = beregn(None, r.benchmark_maal, year).to_pandas()
        naeste(4)
        kontakter, sager = _tilsyn(db)
        naeste(5)
        udvikling_maaned = min(date(year, 12, 1), r.daekning.til)
        try:
            udvikling = r.udvikling(udvikling_maaned).to_pandas()
        except UdenforDaekning:  # the year before is not in the data: the note goes without Table A2
            udvikling = None
        kvote_maaned, kvoter = _kvoter(r, year)
        try:
            note = opfoelgning.byg(fokus, resultat, udvalg, kontakter, year, rules, r.daekning.tekst(),
                                   udvikling, udvikling_maaned, kvoter, kvote_maaned)
        except ValueError as e:
            fail(f"{data or '--data'}: {e}")
        filer = opfoelgning.skriv(note, out_dir, dag)
        naeste(6)
        filer += beu.skriv(beu.byg(udvalg, resultat, sager, year, maalinger, r.daekning.tekst()), out_dir, dag)
        naeste(7)
    for f in filer:
        console.print(f"Skrev {f}", highlight=False)


def _kode(kommune: str) -> str:
    from tilsyn import kommuner

    kode = kommuner.normaliser_kode(kommune)
    if kode is None:
        fail(f"ukendt kommunekode {kommune!r}")
    return kode


@brev_app.command("udvaelgelse")
def brev_udvaelgelse(
    out: Path = typer.Argument(..., help="Brevet (.docx)."),
    kommune: str = typer.Option(..., "--kommune", help="Kommunekode, fx 0727."),
    year: int = typer.Option(..., "--aar", help="Året kommunen er udtaget på baggrund af."),
    data: Path | None = data_option(),
    dato: str = typer.Option(None, "--dato", help="Brevets dato (ÅÅÅÅ-MM-DD); fristen regnes herfra."),
    underskriver: str = typer.Option("Beskæftigelsesministeren", "--underskriver"),
    journalnummer: str = typer.Option("", "--jnr", help="Journalnummer."),
    engine: str = engine_option(),
) -> None:
    """Ministerens brev til borgmesteren om udtagelse til skærpet tilsyn (light)."""
    from tilsyn import kommuner
    from tilsyn.reports import breve
    from tilsyn.rules.rulebook import rulebook

    kode, dag, rules = _kode(kommune), _dato(dato), rulebook()
    resultat, udvalg = _maal(aabn(data, engine), year)
    u = udvalg[udvalg["kommune_kode"] == kode]
    r = resultat[resultat["kommune_kode"] == kode]
    if u.empty or r.empty:
        fail(f"{kommuner.navn(kode)} har ingen opgørelse for {year} i data")
    try:
        kontekst = breve.udvaelgelse_kontekst(u.iloc[0], r.iloc[0], dag, rules, underskriver, journalnummer)
    except breve.IkkeUdtaget as e:
        fail(str(e))
    breve.skriv("udvaelgelse", kontekst, out)
    console.print(f"Skrev {out} (frist for svar: {kontekst['frist']})", highlight=False)


@brev_app.command("kvittering")
def brev_kvittering(
    out: Path = typer.Argument(..., help="Brevet (.docx)."),
    kommune: str = typer.Option(..., "--kommune", help="Kommunekode, fx 0727."),
    year: int = typer.Option(..., "--aar", help="Året kommunen blev udtaget på baggrund af."),
    modtaget: str = typer.Option(..., "--modtaget", help="Dagen redegørelsen blev modtaget (ÅÅÅÅ-MM-DD)."),
    maal: list[str] = typer.Option([], "--maal", help="Det ikke-opfyldte fokusmål: samtaler og/eller tilbud."),
    brevdato: str = typer.Option(None, "--brevdato", help="Datoen for ministerens brev om udtagelse."),
    underskrevet_af: str = typer.Option("", "--underskrevet-af", help="Hvem redegørelsen er underskrevet af."),
    resume: str = typer.Option("", "--resume", help="Kort resumé af redegørelsen (fortsætter 'at ...')."),
    dato: str = typer.Option(None, "--dato", help="Brevets dato (ÅÅÅÅ-MM-DD); standard i dag."),
    underskriver: str = typer.Option("Beskæftigelsesministeren", "--underskriver"),
    journalnummer: str = typer.Option("", "--jnr", help="Journalnummer."),
) -> None:
    """Ministerens kvittering for kommunens redegørelse."""
    from tilsyn.reports import breve
    from tilsyn.rules.rulebook import rulebook

    if ukendte := [m for m in maal if m not in breve.MAAL_TEKST]:
        fail(f"ukendt fokusmål {', '.join(ukendte)}: brug samtaler eller tilbud")
    kontekst = breve.kvittering_kontekst(
        _kode(kommune), year, maal, _dato(modtaget), _dato(dato), rulebook(),
        brev_dato=_dato(brevdato) if brevdato else None, underskrevet_af=underskrevet_af, resume=resume,
        underskriver=underskriver, journalnummer=journalnummer,
    )
    breve.skriv("kvittering", kontekst, out)
    console.print(f"Skrev {out}", highlight=False)
