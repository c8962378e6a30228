"""`tilsyn fokusmaal` (the monthly fokusmål of every municipality, docs/data-format.md) and `tilsyn forklar`
(why one person counts as it does)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from tilsyn.cli.app import aabn, app, datakilde, beregn, check_out, console, data_option, engine_option, fail
from tilsyn.cli.app import DATA_HELP, ENGINE_HELP  # noqa: F401  (other command modules import them from here)


def _maaned(text: str, option: str) -> date:
    from tilsyn import tid

    try:
        return tid.parse_maaned(text)
    except ValueError as e:
        fail(f"{option}: {e}")


def _andel(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@app.command("fokusmaal")
def fokusmaal_command(
    data: Path | None = data_option(),
    month: str | None = typer.Option(None, "--maaned", help="Måneden (ÅÅÅÅ-MM)."),
    fra: str | None = typer.Option(None, "--fra", help="Første måned (ÅÅÅÅ-MM), i stedet for --maaned."),
    til: str | None = typer.Option(None, "--til", help="Sidste måned (ÅÅÅÅ-MM), sammen med --fra."),
    out: Path | None = typer.Option(None, "--out", help="Skriv CSV hertil i stedet for at vise en tabel."),
    engine: str = engine_option(),
) -> None:
    """Fokusmål pr. kommune: population, passive og passive andele (%) for måneden og det rullende
    gennemsnit over regelsættets vindue (`tilsyn regler --sti fokusmaal`)."""
    from rich.table import Table

    from tilsyn import tid
    from tilsyn.kommuner import navn
    from tilsyn.resultater import FOKUSMAAL_KOLONNER, skriv_csv

    andele = FOKUSMAAL_KOLONNER[5:]
    if month and (fra or til):
        fail("brug enten --maaned eller --fra/--til")
    if month:
        first = last = _maaned(month, "--maaned")
    elif fra and til:
        first, last = _maaned(fra, "--fra"), _maaned(til, "--til")
        if first > last:
            fail(f"--fra {fra} ligger efter --til {til}")
    else:
        fail("angiv --maaned ÅÅÅÅ-MM (eller --fra og --til)")
    check_out(out, "--out")
    r = aabn(data, engine)
    periode = tid.maaned_tekst(first) + ("" if first == last else f" – {tid.maaned_tekst(last)}")
    tabel = beregn(f"Beregner fokusmål for {periode} ...", r.fokusmaal, first, last)
    udeladt = _udeladt(tabel, first, last)
    if out is not None:
        skriv_csv(tabel, out)
        console.print(f"{tabel.height} rækker skrevet til {out}", highlight=False)
        if udeladt:
            console.print(udeladt, highlight=False)
        return
    rows = tabel.to_dicts()
    flere = first != last
    titel = tid.maaned_tekst(first) + (f" – {tid.maaned_tekst(last)}" if flere else "")
    table = Table(title=f"Fokusmål {titel} (andele i %; {r.daekning.tekst()})")
    table.add_column("kommune", no_wrap=True)
    if flere:
        table.add_column("måned", no_wrap=True)
    for head in ("pop.", "passive samt.", "passive tilb.", "samt.", "tilb.", "gns12 samt.", "gns12 tilb."):
        table.add_column(head, justify="right")
    for row in rows:
        table.add_row(
            f"{row['kommune_kode']} {navn(row['kommune_kode'])}",
            *([tid.maaned_tekst(row["maaned"])] if flere else []),
            *(_andel(row[k]) if k in andele else str(row[k]) for k in FOKUSMAAL_KOLONNER[2:]),
        )
    console.print(table)
    if not rows:
        console.print("Ingen kommune har personer i populationen i perioden.")
    elif udeladt:
        console.print(udeladt, highlight=False)


def _udeladt(tabel, first: date, last: date) -> str:
    """The result table gives a row only to a municipality with a population; say which were left out, so a
    missing municipality is not mistaken for a lost one."""
    from tilsyn import kommuner, tid
    from tilsyn.kommuner import navn

    maaneder = len(tid.months(first, last))
    med = tabel.group_by("kommune_kode").len()
    antal = {k: maaneder for k in kommuner.kommuner()} | {
        k: maaneder - n for k, n in zip(med["kommune_kode"], med["len"])}
    antal = {k: n for k, n in antal.items() if n}
    if not antal:
        return ""
    if len(antal) > 10:
        return f"{len(antal)} kommuner har ingen personer i populationen og er udeladt."
    navne = ", ".join(f"{k} {navn(k)}" + (f" ({n} af {maaneder} måneder)" if maaneder > 1 else "")
                      for k, n in sorted(antal.items()))
    return f"Udeladt, fordi ingen personer er i populationen: {navne}."


@app.command("forklar")
def forklar_command(
    data: Path | None = data_option(),
    person: str | None = typer.Option(None, "--person", help="person_id (med --maaned)."),
    month: str | None = typer.Option(None, "--maaned", help="Måneden (ÅÅÅÅ-MM)."),
    kommune: str | None = typer.Option(None, "--kommune", help="Kommunekode eller navn (med --aar): resultatmålet forklaret."),
    year: int | None = typer.Option(None, "--aar", help="Året (ÅÅÅÅ) for --kommune."),
    engine: str = engine_option(),
) -> None:
    """Forklar, hvorfor en person er (eller ikke er) i populationen og passiv i en måned
    (--person, --maaned), eller hvordan en kommunes forventede andel i resultatmålet er sammensat
    (--kommune, --aar)."""
    from tilsyn import kommuner

    if (person is None) == (kommune is None):
        fail("angiv enten --person og --maaned eller --kommune og --aar")
    if kommune is not None:
        if year is None:
            fail("--kommune kræver --aar ÅÅÅÅ")
        try:
            kode = kommuner.find_kode(kommune)
        except ValueError as e:
            fail(f"--kommune: {e}")
        r = aabn(data, engine)
        forklaring = beregn("Forklarer resultatmålet ...", r.resultat_forklaring, year, kode)
        console.print("\n".join(forklaring.linjer()), highlight=False, markup=False)
        console.print(f"({r.daekning.tekst()})", highlight=False)
        return
    if month is None:
        fail("--person kræver --maaned ÅÅÅÅ-MM")
    maaned = _maaned(month, "--maaned")
    r = aabn(data, engine)
    if not r.person_findes(person):
        fail(f"person {person!r} findes ikke i {datakilde(data)}")
    forklaring = beregn("Forklarer ...", r.forklaring, person, maaned)
    console.print(str(forklaring), highlight=False, markup=False)
    console.print(f"({r.daekning.tekst()})", highlight=False)
