"""`tilsyn kvoter`: the kvoteopfyldelse of a month (lov 1750/2025, docs/kvoter.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.app import aabn, app, beregn, check_out, console, data_option, engine_option, fail
from tilsyn.cli.frister import _kommune, _konsoltabel

KVOTE_TAL = ("Personer", "Nået", "Andel %", "Kvote %", "12 mdr.", "Nået\n12 mdr.", "Andel %\n12 mdr.")


@app.command("kvoter")
def kvoter_command(
    data: Path | None = data_option(),
    month: str = typer.Option(..., "--maaned", help="Måneden vinduerne sluttede i (ÅÅÅÅ-MM)."),
    kommune: str | None = typer.Option(None, "--kommune", help="Én kommune (og a-kasserne for dens borgere)."),
    out: Path | None = typer.Option(None, "--out", help="Skriv CSV hertil i stedet for at vise en tabel."),
    engine: str = engine_option(),
) -> None:
    """Kvoteopfyldelse (fra 1/7 2026): for hver kvote, de borgere hvis vindue sluttede i måneden, hvor
    mange der nåede kravet, andelen mod kvoten (75 %), og det samme for de seneste 12 måneder."""
    from tilsyn import tid
    from tilsyn.kommuner import navn
    from tilsyn.ordliste import HOLDES_AF_TEKST
    from tilsyn.reports.tabeller import tal
    from tilsyn.resultater import skriv_csv, uden_a_kasse
    from tilsyn.resultater.arbejdsliste import kvote_tekster

    kode = _kommune(kommune) if kommune is not None else None
    try:
        maaned = tid.parse_maaned(month)
    except ValueError as e:
        fail(f"--maaned: {e}")
    check_out(out, "--out")
    r = aabn(data, engine)
    tabel = beregn(f"Beregner kvoteopfyldelse for {tid.maaned_tekst(maaned)} ...", r.kvoteopfyldelse, maaned, kode)
    if out:
        skriv_csv(tabel, out)
        console.print(f"Skrev {tabel.height} linjer til {out}")
        return
    rows = tabel.to_dicts()
    hvor = f"{navn(kode)} ({kode})" if kode else "hele landet, kommunerne og a-kasserne"
    fra = rows[0]["rullende_fra"] if rows else tid.maaned_tekst(maaned)
    console.print(f"[bold]Kvoteopfyldelse {tid.maaned_tekst(maaned)}, {hvor}[/]: borgere hvis vindue sluttede i "
                  f"måneden, og i 12 mdr. fra {fra}; {r.daekning.tekst()}", highlight=False)
    tekster = kvote_tekster(r.rules, maaned)
    for krav_id in dict.fromkeys(x["krav_id"] for x in rows):
        egne = [x for x in rows if x["krav_id"] == krav_id]
        console.print()
        t = _konsoltabel(f"{tekster.get(krav_id, krav_id)} — holdes af {HOLDES_AF_TEKST[egne[0]['holdes_af']]}", "Hvem", *KVOTE_TAL, hoejre=KVOTE_TAL)
        for x in egne:
            t.add_row(_hvem(x, kode), str(x["personer"]), str(x["naaet"]), _andel(x["andel_pct"], x["opfyldt"]),
                      tal(x["kvote_pct"], 0), str(x["personer_12"]), str(x["naaet_12"]),
                      _andel(x["andel_12_pct"], x["opfyldt_12"]))
        console.print(t, highlight=False)
    console.print("\nRød: under kvoten; grøn: kvoten er nået; tom: ingen borgere.", highlight=False)
    if note := uden_a_kasse(tabel):
        console.print(note, highlight=False)


def _hvem(x: dict, kode: str | None) -> str:
    from tilsyn.kommuner import navn

    if x["niveau"] == "land":
        return "Hele landet"
    if x["niveau"] == "a_kasse":
        return f"  a-kasse {x['a_kasse']}"
    return "Kommunen i alt" if kode else f"{x['kommune_kode']} {navn(x['kommune_kode'])}"


def _andel(andel: float | None, opfyldt: bool | None) -> str:
    from tilsyn.reports.tabeller import tal

    if andel is None:
        return ""
    return f"[{'green' if opfyldt else 'red'}]{tal(andel, 1)}[/]"
