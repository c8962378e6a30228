"""`tilsyn resultatmaal`, `tilsyn udvaelgelse`, `tilsyn benchmark-diagnostik` and
`tilsyn tidlig-indsats` (spec 06)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import typer
from rich import box
from rich.markdown import Markdown
from rich.table import Table

from tilsyn.benchmark import ResultatmaalFejl, diagnostik, resultatmaal
from tilsyn.benchmark.resultatmaal import YDELSESGRUPPER
from tilsyn.cli.app import app, console, fail
from tilsyn.cli.fokus import DATA_HELP, ENGINE_HELP, aabn
from tilsyn.engine.resultat import I_ALT
from tilsyn.engine.tidlig_indsats import KOLONNER as TIDLIG_KOLONNER, beskrivelse, tidlig_indsats
from tilsyn.kommuner import kommuner
from tilsyn.rules.rulebook import rulebook
from tilsyn.tid import maaned_tekst, parse_maaned, parse_periode
from tilsyn.udvaelgelse import INGEN, LIGHT, RISIKOZONE, SKAERPET, udvaelgelse

OUT_HELP = "Skriv CSV hertil i stedet for at vise en tabel."
PERIODE_HELP = "Et halvår (ÅÅÅÅH1 eller ÅÅÅÅH2) i stedet for hele --year."
_ORDEN = {SKAERPET: 0, LIGHT: 1, RISIKOZONE: 2}
_TEKST = {SKAERPET: "skærpet tilsyn", LIGHT: "skærpet tilsyn light", RISIKOZONE: "risikozone"}
GRUPPE_HELP = f"Ydelsesgruppe: {', '.join(YDELSESGRUPPER)} (standard {I_ALT})."


def _periode(year: int | None, periode: str | None) -> str:
    if (year is None) == (periode is None):
        fail("angiv enten --year ÅÅÅÅ eller --periode ÅÅÅÅH1/ÅÅÅÅH2")
    text = str(year) if periode is None else periode.strip().upper()
    try:
        parse_periode(text)
    except ValueError as e:
        fail(f"--periode: {e}")
    return text


def _tjek_out(out: Path | None) -> None:
    if out is not None and not out.parent.is_dir():
        fail(f"mappen {out.parent} findes ikke")


def _skriv_csv(frame: pd.DataFrame, out: Path) -> None:
    """Spec 06 CSV: `,`, UTF-8, header; booleans as true/false, empty for no value."""
    frame = frame.copy()
    for kolonne in frame.columns[frame.dtypes == bool]:
        frame[kolonne] = frame[kolonne].map({True: "true", False: "false"})
    frame.to_csv(out, index=False, na_rep="", lineterminator="\n")
    console.print(f"{len(frame)} rækker skrevet til {out}", highlight=False)


def _navn(kode: str) -> str:
    kommune = kommuner().get(kode)
    return f"{kode} {kommune.navn}" if kommune else kode


def _tal(value: float, fmt: str = ".2f") -> str:
    return "" if pd.isna(value) else format(value, fmt)


@app.command("resultatmaal")
def resultatmaal_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    year: int | None = typer.Option(None, "--year", help="Året (ÅÅÅÅ)."),
    periode: str | None = typer.Option(None, "--periode", help=PERIODE_HELP),
    ydelsesgruppe: str = typer.Option(I_ALT, "--ydelsesgruppe", help=GRUPPE_HELP),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Resultatmål pr. kommune: faktisk og forventet andel på offentlig forsørgelse (%), forskel
    i procentpoint og placering (1 = bedst), forventet beregnet uden kommunen selv."""
    tekst = _periode(year, periode)
    _tjek_out(out)
    d = aabn(data, engine)
    try:
        with console.status(f"Beregner resultatmål for {tekst} (98 modeller, én pr. kommune) ..."):
            res = resultatmaal(d.tables, tekst, rulebook(), ydelsesgruppe=ydelsesgruppe)
    except ResultatmaalFejl as e:
        fail(str(e))
    if out is not None:
        _skriv_csv(res, out)
        return
    table = Table(title=f"Resultatmål {tekst} ({ydelsesgruppe}; andele i % af befolkningen 16-66 år)", box=box.SIMPLE_HEAD)
    table.add_column("nr", justify="right", no_wrap=True)
    table.add_column("kommune", no_wrap=True, max_width=20)
    for head in ("bef.", "faktisk", "forv.", "forskel", "interval"):
        table.add_column(head, justify="right", no_wrap=True, min_width=5 if head == "bef." else 6)
    for r in res.sort_values("placering").itertuples():
        table.add_row(
            str(r.placering),
            _navn(r.kommune_kode),
            str(r.population_16_66),
            _tal(r.faktisk_andel),
            _tal(r.forventet_andel),
            _tal(r.forskel_pct_point, "+.2f"),
            f"[{_tal(r.nedre)}; {_tal(r.oevre)}]",
        )
    console.print(table)
    console.print(f"Model: {res.model_version.iloc[0]}", highlight=False)


@app.command("udvaelgelse")
def udvaelgelse_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    year: int = typer.Option(..., "--year", help="Året (ÅÅÅÅ)."),
    out: Path | None = typer.Option(None, "--out", help="Skriv hele udvælgelsen som CSV hertil."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Årets udvælgelse: resultatmål og fokusmål pr. kommune og konsekvensen efter årets regler
    (skærpet tilsyn, skærpet tilsyn light, risikozone eller ingen)."""
    _tjek_out(out)
    d = aabn(data, engine)
    try:
        with console.status(f"Beregner fokusmål og resultatmål for {year} ..."):
            res = udvaelgelse(d.tables, year, rulebook())
    except ResultatmaalFejl as e:
        fail(str(e))
    if out is not None:
        _skriv_csv(res, out)
    valgt = res[res.konsekvens != INGEN].assign(orden=lambda f: f.konsekvens.map(_ORDEN))
    valgt = valgt.sort_values(["orden", "forskel_pct_point"], ascending=[True, False])
    table = Table(title=f"Udvælgelse {year}: kommuner med en konsekvens ({len(valgt)} af {len(res)})")
    table.add_column("kommune", no_wrap=True)
    table.add_column("konsekvens", no_wrap=True)
    for head in ("resultat pp", "samtaler %", "tilbud %"):
        table.add_column(head, justify="right")
    for r in valgt.itertuples():
        table.add_row(
            _navn(r.kommune_kode),
            _TEKST[r.konsekvens],
            _tal(r.forskel_pct_point, "+.2f") + (" ✗" if r.fails_resultat else ""),
            _tal(r.vaerdi_samtaler) + (" ✗" if r.fails_samtaler else ""),
            _tal(r.vaerdi_tilbud) + (" ✗" if r.fails_tilbud else ""),
        )
    console.print(table)
    console.print(
        "resultat pp = faktisk minus forventet andel (procentpoint); samtaler/tilbud % = årets passive "
        "andel; ✗ = målet er ikke opfyldt."
    )


@app.command("benchmark-diagnostik")
def diagnostik_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    year: int | None = typer.Option(None, "--year", help="Året (ÅÅÅÅ)."),
    periode: str | None = typer.Option(None, "--periode", help=PERIODE_HELP),
    ydelsesgruppe: str = typer.Option(I_ALT, "--ydelsesgruppe", help=GRUPPE_HELP),
    out: Path | None = typer.Option(None, "--out", help="Skriv rapporten som Markdown hertil."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Benchmarkmodellen bag resultatmålet: koefficienter, R², residualer og de kommuner, der
    ligger længst over og under det forventede."""
    tekst = _periode(year, periode)
    _tjek_out(out)
    d = aabn(data, engine)
    try:
        with console.status(f"Estimerer benchmarkmodellen for {tekst} ..."):
            rapport = diagnostik(d.tables, tekst, rulebook(), ydelsesgruppe=ydelsesgruppe)
    except ResultatmaalFejl as e:
        fail(str(e))
    if out is not None:
        out.write_text(rapport, encoding="utf-8")
        console.print(f"Rapport skrevet til {out}", highlight=False)
        return
    console.print(Markdown(rapport))


@app.command("tidlig-indsats", help=beskrivelse(rulebook(), date.today()))
def tidlig_indsats_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    month: str = typer.Option(..., "--month", help="Måneden (ÅÅÅÅ-MM)."),
    out: Path | None = typer.Option(None, "--out", help="Skriv alle kommuner som CSV hertil."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    try:
        maaned = parse_maaned(month)
    except ValueError as e:
        fail(f"--month: {e}")
    _tjek_out(out)
    d = aabn(data, engine)
    with console.status(f"Beregner tidlig indsats for {month} ..."):
        res = tidlig_indsats(d.tables, maaned, rulebook()).execute()
    res = res[list(TIDLIG_KOLONNER)].sort_values("kommune_kode", ignore_index=True)
    res["maaned"] = maaned_tekst(maaned)
    for kolonne in ("andel_samtaler", "andel_tilbud"):
        res[kolonne] = res[kolonne].astype(float).round(2)
    if out is not None:
        _skriv_csv(res, out)
    valgt = res[res.markeret_samtaler | res.markeret_tilbud]
    table = Table(title=f"Tidlig indsats {maaned_tekst(maaned)}: markerede kommuner ({len(valgt)} af {len(res)})")
    table.add_column("kommune", no_wrap=True)
    for head in ("personer", "samtaler %", "mdr. under", "personer mg. 1-5", "tilbud %", "mdr. under"):
        table.add_column(head, justify="right")
    for r in valgt.itertuples():
        table.add_row(
            _navn(r.kommune_kode),
            str(r.personer),
            _tal(r.andel_samtaler) + (" ✗" if r.markeret_samtaler else ""),
            str(r.maaneder_under_samtaler),
            str(r.personer_tilbud),
            _tal(r.andel_tilbud) + (" ✗" if r.markeret_tilbud else ""),
            str(r.maaneder_under_tilbud),
        )
    console.print(table)
    console.print("mdr. under = måneder i træk-vinduet under grænsen med nok personer; ✗ = markeret.")
