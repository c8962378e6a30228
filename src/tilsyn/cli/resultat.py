"""`tilsyn resultatmaal`, `tilsyn udvaelgelse`, `tilsyn benchmark-diagnostik` and
`tilsyn tidlig-indsats`."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.app import DATA_HELP, aabn, app, beregn, check_out, console, data_option, engine_option, fail

OUT_HELP = "Skriv CSV hertil i stedet for at vise en tabel."
PERIODE_HELP = "Et halvår (ÅÅÅÅH1 eller ÅÅÅÅH2) i stedet for hele --aar."
I_ALT = "i_alt"  # the engine's name for all groups together (tilsyn.engine.resultat.I_ALT)
GRUPPE_HELP = f"Ydelsesgruppe: {I_ALT} (standard) eller en af ydelsesgrupperne, fx a_dagpenge, kontanthjaelp, sygedagpenge."


def _periode(year: int | None, periode: str | None) -> str:
    from tilsyn.tid import parse_periode

    if (year is None) == (periode is None):
        fail("angiv enten --aar ÅÅÅÅ eller --periode ÅÅÅÅH1/ÅÅÅÅH2")
    text = str(year) if periode is None else periode.strip().upper()
    try:
        parse_periode(text)
    except ValueError as e:
        fail(f"--periode: {e}")
    return text


def _skriv_csv(frame, out: Path) -> None:
    from tilsyn.resultater import skriv_csv

    skriv_csv(frame, out)
    console.print(f"{frame.height} rækker skrevet til {out}", highlight=False)


def _navn(kode: str) -> str:
    from tilsyn.kommuner import kommuner

    kommune = kommuner().get(kode)
    return f"{kode} {kommune.navn}" if kommune else kode


def _tal(value: float | None, fmt: str = ".2f") -> str:
    return "" if value is None else format(value, fmt).replace(".", ",")  # Danish decimal comma, as every table


@app.command("resultatmaal")
def resultatmaal_command(
    data: Path = data_option(),
    year: int | None = typer.Option(None, "--aar", help="Året (ÅÅÅÅ)."),
    periode: str | None = typer.Option(None, "--periode", help=PERIODE_HELP),
    ydelsesgruppe: str = typer.Option(I_ALT, "--ydelsesgruppe", help=GRUPPE_HELP),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
    engine: str = engine_option(),
) -> None:
    """Resultatmål pr. kommune: faktisk og forventet andel på offentlig forsørgelse (%), forskel
    i procentpoint og placering (1 = bedst), forventet beregnet uden kommunen selv."""
    from rich import box
    from rich.table import Table

    tekst = _periode(year, periode)
    check_out(out, "--out")
    r = aabn(data, engine)
    res = beregn(f"Beregner resultatmål for {tekst} (98 modeller, én pr. kommune) ...",
                 r.resultatmaal, tekst, ydelsesgruppe)
    if out is not None:
        _skriv_csv(res, out)
        return
    table = Table(title=f"Resultatmål {tekst} ({ydelsesgruppe}; andele i % af befolkningen 16-66 år)", box=box.SIMPLE_HEAD)
    table.add_column("nr", justify="right", no_wrap=True)
    table.add_column("kommune", no_wrap=True, max_width=20)
    for head in ("bef.", "faktisk", "forv.", "forskel", "interval"):
        table.add_column(head, justify="right", no_wrap=True, min_width=5 if head == "bef." else 6)
    for row in res.sort("placering").iter_rows(named=True):
        table.add_row(
            str(row["placering"]),
            _navn(row["kommune_kode"]),
            str(row["population_16_66"]),
            _tal(row["faktisk_andel"]),
            _tal(row["forventet_andel"]),
            _tal(row["forskel_pct_point"], "+.2f"),
            f"[{_tal(row['nedre'])}; {_tal(row['oevre'])}]",
        )
    console.print(table)
    console.print(f"Model: {res['model_version'][0]}; {r.daekning.tekst()}", highlight=False)


@app.command("udvaelgelse")
def udvaelgelse_command(
    data: Path | None = typer.Option(None, "--data", envvar="TILSYN_DATA", show_envvar=False,
                                     help=DATA_HELP + " Kan udelades, når begge offentliggjorte filer er givet."),
    year: int = typer.Option(..., "--aar", help="Året (ÅÅÅÅ)."),
    resultatmaal_fil: Path | None = typer.Option(
        None, "--resultatmaal", help="Offentliggjort resultatmål: eksport af Jobindsats' tabel y30r21 (API'ets JSON eller sidens CSV)."),
    fokusmaal_fil: Path | None = typer.Option(
        None, "--fokusmaal", help="Offentliggjorte fokusmål (CSV: kommune;aar;fokusmaal_samtaler;fokusmaal_tilbud)."),
    hvis: list[str] = typer.Option(
        [], "--hvis", help="Hvad-hvis: STI=VÆRDI, fx fokusmaal.tilbud.graense_pct=18 (kan gentages). Regelsættet ændres ikke."),
    out: Path | None = typer.Option(None, "--out", help="Skriv hele udvælgelsen som CSV hertil."),
    engine: str = engine_option(),
) -> None:
    """Årets udvælgelse: resultatmål og fokusmål pr. kommune og konsekvensen efter årets regler
    (skærpet tilsyn, skærpet tilsyn light, risikozone eller ingen) - på Tilsyns egne tal eller på
    STAR's offentliggjorte tal, og med --hvis under ændrede regler ved siden af den officielle."""
    import polars as pl
    from rich.table import Table

    from tilsyn.ordliste import INGEN, KONSEKVENS_TEKST, KONSEKVENSER
    from tilsyn.rules.rulebook import rulebook
    from tilsyn.data.publiceret import PubliceretFejl, laes
    from tilsyn.resultater.udvalg import Grundlag
    from tilsyn.udvaelgelse import UdvaelgelseFejl, uden_ordning

    check_out(out, "--out")
    try:
        resultat = laes(resultatmaal_fil, "resultatmaal", year) if resultatmaal_fil else None
        vaerdier = laes(fokusmaal_fil, "fokusmaal", year) if fokusmaal_fil else None
    except PubliceretFejl as e:
        fail(f"{len(e.fejl)} problem(er) i de offentliggjorte tal; intet er beregnet:\n{e}")
    kun_offentliggjort = data is None and resultatmaal_fil is not None and fokusmaal_fil is not None
    r = None if kun_offentliggjort else aabn(data, engine)
    g = Grundlag(year, r, resultat, vaerdier)
    try:
        if hvis:
            officiel, res, aendringer = beregn(f"Beregner udvælgelsen for {year} og hvad-hvis ...", g.hvis, hvis)
        else:
            res = beregn(f"Beregner fokusmål og resultatmål for {year} ...", g.udvaelg)
    except UdvaelgelseFejl as e:
        fail(str(e))
    if out is not None:
        _skriv_csv(res, out)
    valgt = res.filter((pl.col("konsekvens") != INGEN) | (pl.col("aendret") if hvis else pl.lit(False))).with_columns(
        orden=pl.col("konsekvens").replace_strict({k: i for i, k in enumerate(KONSEKVENSER)}, return_dtype=pl.Int64))
    valgt = valgt.sort(["orden", "forskel_pct_point"], descending=[False, True], nulls_last=True)
    daekning = f"; {r.daekning.tekst()}" if r is not None else ""
    titel = "Hvad-hvis-udvælgelse" if hvis else "Udvælgelse"
    table = Table(title=f"{titel} {year}: kommuner med en konsekvens ({valgt.filter(pl.col('konsekvens') != INGEN).height} "
                        f"af {res.height}; {g.kilde()}{daekning})")
    table.add_column("kommune", no_wrap=True)
    table.add_column("konsekvens", no_wrap=True)
    if hvis:
        table.add_column("officiel", no_wrap=True)
    for head in ("resultat pp", "samtaler %", "tilbud %"):
        table.add_column(head, justify="right")
    for row in valgt.iter_rows(named=True):
        celler = [_navn(row["kommune_kode"]), KONSEKVENS_TEKST[row["konsekvens"]].lower()]
        if hvis:
            celler[1] += " ◆" if row["aendret"] else ""
            celler.append(KONSEKVENS_TEKST[row["konsekvens_officiel"]].lower())
        table.add_row(
            *celler,
            _tal(row["forskel_pct_point"], "+.2f") + (" ✗" if row["fails_resultat"] else ""),
            _tal(row["vaerdi_samtaler"]) + (" ✗" if row["fails_samtaler"] else ""),
            _tal(row["vaerdi_tilbud"]) + (" ✗" if row["fails_tilbud"] else ""),
        )
    console.print(table)
    console.print(
        "resultat pp = faktisk minus forventet andel (procentpoint); samtaler/tilbud % = årets passive "
        "andel; ✗ = målet er ikke opfyldt.", highlight=False
    )
    if grund := uden_ordning(year, rulebook()):
        console.print(grund, highlight=False)
    if hvis:
        console.print("Hvad-hvis: " + ", ".join(f"{k} = {v}" for k, v in aendringer.items())
                      + f"; ◆ = anden konsekvens end den officielle ({int(res['aendret'].sum())} kommuner). "
                      "Regelsættet og de officielle tal er uændrede.", highlight=False)


@app.command("benchmark-diagnostik")
def diagnostik_command(
    data: Path = data_option(),
    year: int | None = typer.Option(None, "--aar", help="Året (ÅÅÅÅ)."),
    periode: str | None = typer.Option(None, "--periode", help=PERIODE_HELP),
    ydelsesgruppe: str = typer.Option(I_ALT, "--ydelsesgruppe", help=GRUPPE_HELP),
    out: Path | None = typer.Option(None, "--out", help="Skriv rapporten som Markdown hertil."),
    engine: str = engine_option(),
) -> None:
    """Benchmarkmodellen bag resultatmålet: koefficienter, R², residualer og de kommuner, der
    ligger længst over og under det forventede."""
    from rich.markdown import Markdown

    from tilsyn.filer import privat

    tekst = _periode(year, periode)
    check_out(out, "--out")
    r = aabn(data, engine)
    rapport = beregn(f"Estimerer benchmarkmodellen for {tekst} ...", r.diagnostik, tekst, ydelsesgruppe)
    if out is not None:
        privat(out).write_text(rapport, encoding="utf-8")
        console.print(f"Rapport skrevet til {out}", highlight=False)
        return
    console.print(Markdown(rapport))
    console.print(f"({r.daekning.tekst()})", highlight=False)


@app.command("tidlig-indsats")
def tidlig_indsats_command(
    data: Path = data_option(),
    month: str = typer.Option(..., "--maaned", help="Måneden (ÅÅÅÅ-MM)."),
    out: Path | None = typer.Option(None, "--out", help="Skriv alle kommuner som CSV hertil."),
    engine: str = engine_option(),
) -> None:
    """Tidlig indsats: andelen med samtaler og (for målgrupperne) tilbud i de første uger for personer,
    der når ugegrænsen i måneden; kommuner under grænsen flere måneder i træk markeres. Værdierne
    står i `tilsyn regler --sti tidlig_indsats`."""
    import polars as pl
    from rich.table import Table

    from tilsyn.tid import maaned_tekst, parse_maaned

    try:
        maaned = parse_maaned(month)
    except ValueError as e:
        fail(f"--maaned: {e}")
    check_out(out, "--out")
    r = aabn(data, engine)
    res = beregn(f"Beregner tidlig indsats for {month} ...", r.tidlig_indsats, maaned)
    if out is not None:
        _skriv_csv(res, out)
    valgt = res.filter(pl.col("markeret_samtaler") | pl.col("markeret_tilbud"))
    table = Table(title=f"Tidlig indsats {maaned_tekst(maaned)}: markerede kommuner ({valgt.height} af {res.height})")
    table.add_column("kommune", no_wrap=True)
    for head in ("personer", "samtaler %", "mdr. under", "personer mg. 1-5", "tilbud %", "mdr. under"):
        table.add_column(head, justify="right")
    for row in valgt.iter_rows(named=True):
        table.add_row(
            _navn(row["kommune_kode"]),
            str(row["personer"]),
            _tal(row["andel_samtaler"]) + (" ✗" if row["markeret_samtaler"] else ""),
            str(row["maaneder_under_samtaler"]),
            str(row["personer_tilbud"]),
            _tal(row["andel_tilbud"]) + (" ✗" if row["markeret_tilbud"] else ""),
            str(row["maaneder_under_tilbud"]),
        )
    console.print(table)
    console.print("mdr. under = måneder i træk-vinduet under grænsen med nok personer; ✗ = markeret; "
                  f"{r.daekning.tekst()}.", highlight=False)
