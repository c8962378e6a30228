"""`tilsyn frister` (the job centre's worklist, spec 04/06) and `tilsyn rettidighed` (timeliness)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from tilsyn import tid
from tilsyn.cli.app import app, console, fail
from tilsyn.cli.fokus import DATA_HELP, ENGINE_HELP, aabn
from tilsyn.engine.frister import KOLONNER, arbejdsliste
from tilsyn.engine.rettidighed import KOLONNER as RETTIDIGHED_KOLONNER
from tilsyn.engine.rettidighed import MILEPAEL_KOLONNER, milepaele, rettidighed
from tilsyn.kommuner import navn, normaliser_kode
from tilsyn.reports.arbejdslister import STATUS_TEKST, skriv_arbejdslister
from tilsyn.rules.rulebook import rulebook


def _kommune(kode: str) -> str:
    normal = normaliser_kode(kode)
    if normal is None:
        fail(f"ukendt kommunekode {kode!r}: brug en af de 98 kommunekoder, fx 0101 (København)")
    return normal


def _mappe(sti: Path | None, option: str) -> None:
    if sti is not None and not sti.parent.is_dir():
        fail(f"{option}: mappen {sti.parent} findes ikke")


def _tekst(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _skriv_csv(rows: list[dict], kolonner: tuple[str, ...], sti: Path) -> None:
    with sti.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(kolonner)
        w.writerows([_tekst(r[k]) for k in kolonner] for r in rows)


@app.command("frister")
def frister_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    kommune: str = typer.Option(..., "--kommune", help="Kommunekode, fx 0101 (153 = 0153)."),
    dato: str = typer.Option(..., "--date", help="Opgørelsesdagen (ÅÅÅÅ-MM-DD)."),
    out: Path | None = typer.Option(None, "--out", help="Skriv arbejdslisten som CSV hertil."),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="Skriv arbejdslisten som Excel (et ark pr. sagsbehandler)."),
    sagsbehandler: str | None = typer.Option(None, "--sagsbehandler", help="Kun denne sagsbehandlers sager (egne og dem hun dækker)."),
    team: str | None = typer.Option(None, "--team", help="Kun sager i dette teams sagsstammer."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Arbejdslisten: frister for samtaler og tilbud, der ikke er opfyldt, de mest presserende først."""
    kode = _kommune(kommune)
    try:
        dag = tid.parse_dato(dato)
    except ValueError as e:
        fail(f"--date: {e}")
    _mappe(out, "--out")
    _mappe(xlsx, "--xlsx")
    d = aabn(data, engine)
    expr = arbejdsliste(d.tables, rulebook(), kode, dag, sagsbehandler=sagsbehandler, team=team)
    with console.status(f"Beregner frister for {navn(kode)} pr. {dag.isoformat()} ..."):
        rows = expr.to_pyarrow().to_pylist()
    if out:
        _skriv_csv(rows, KOLONNER, out)
        console.print(f"Skrev {len(rows)} linjer til {out}")
    if xlsx:
        sb = d.tables["sagsbehandlere"]
        navne = {r["sagsbehandler_id"]: r["navn"] for r in sb.select("sagsbehandler_id", "navn").to_pyarrow().to_pylist()}
        skriv_arbejdslister(rows, xlsx, kode, dag, navne)
        console.print(f"Skrev arbejdslister til {xlsx}")
    if not out and not xlsx:
        _vis(rows, kode, dag)


def _vis(rows: list[dict], kode: str, dag: date) -> None:
    optalt = {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_TEKST}
    console.print(f"[bold]{navn(kode)} ({kode}) pr. {dag.isoformat()}[/]: "
                  + ", ".join(f"{STATUS_TEKST[s].lower()} {n}" for s, n in optalt.items()))
    t = Table(*KOLONNER)
    for r in rows[:50]:
        t.add_row(*(_tekst(r[k]) for k in KOLONNER))
    console.print(t)
    if len(rows) > 50:
        console.print(f"... og {len(rows) - 50} linjer mere; brug --out eller --xlsx for hele listen.")


@app.command("rettidighed")
def rettidighed_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    month: str = typer.Option(..., "--month", help="Måneden fristerne faldt i (ÅÅÅÅ-MM)."),
    kommune: str | None = typer.Option(None, "--kommune", help="Én kommune, opdelt på team og sagsbehandler."),
    out: Path | None = typer.Option(None, "--out", help="Skriv CSV hertil i stedet for at vise en tabel."),
    milepaele_ud: Path | None = typer.Option(None, "--milepaele", help="Skriv månedens milepæle (serviceopkald, 16 måneder) som CSV hertil."),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Rettidighed: andelen af månedens frister, der blev opfyldt til tiden (samtaler og tilbud hver for sig)."""
    kode = _kommune(kommune) if kommune is not None else None
    try:
        maaned = tid.parse_maaned(month)
    except ValueError as e:
        fail(f"--month: {e}")
    _mappe(out, "--out")
    _mappe(milepaele_ud, "--milepaele")
    d = aabn(data, engine)
    with console.status(f"Beregner rettidighed for {tid.maaned_tekst(maaned)} ..."):
        rows = rettidighed(d.tables, rulebook(), maaned, kode).to_pyarrow().to_pylist()
        flag = milepaele(d.tables, rulebook(), maaned, kode).to_pyarrow().to_pylist() if milepaele_ud else []
    if milepaele_ud:
        _skriv_csv(flag, MILEPAEL_KOLONNER, milepaele_ud)
        console.print(f"Skrev {len(flag)} milepæle til {milepaele_ud}")
    if out:
        _skriv_csv(rows, RETTIDIGHED_KOLONNER, out)
        console.print(f"Skrev {len(rows)} linjer til {out}")
        return
    t = Table("Niveau", "Hvem", "Art", "Frister", "Rettidige", "For sent", "Ikke opfyldt", "Fritaget",
              "Rettidighed %", title=f"Rettidighed {tid.maaned_tekst(maaned)}")
    for r in rows:
        kommune_tekst = f"{r['kommune_kode']} {navn(r['kommune_kode'])}" if r["kommune_kode"] else "Hele landet"
        hvem = r["sagsbehandler_id"] or r["team"] or kommune_tekst
        t.add_row(r["niveau"], hvem, r["art"], *(_tekst(r[k]) for k in
                  ("antal_frister", "rettidige", "for_sent", "ikke_opfyldt", "fritaget", "rettidighed_pct")))
    console.print(t)
