"""`tilsyn frister` (the job centre's worklist, docs/frister.md) and `tilsyn rettidighed` (timeliness)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from tilsyn.cli.app import (
    aabn, app, beregn, check_out, console, data_option, engine_option, fail, sagsdatabase,
)


def _kommune(kode: str) -> str:
    from tilsyn.kommuner import normaliser_kode

    normal = normaliser_kode(kode)
    if normal is None:
        fail(f"ukendt kommunekode {kode!r}: brug en af de 98 kommunekoder, fx 0101 (København)")
    return normal


def _navne(r) -> dict[str, str]:
    """Caseworker id -> name, from the optional `sagsbehandlere` table."""
    sb = r.sagsbehandlere()
    return dict(zip(sb["sagsbehandler_id"], sb["navn"]))


def _person(sb_id: str | None, navne: dict[str, str]) -> str:
    if sb_id is None:
        return "uden sagsbehandler"
    return f"{sb_id} {navne[sb_id]}" if navne.get(sb_id) else sb_id


def _konsoltabel(titel: str, *kolonner: str, hoejre: tuple[str, ...]):
    """A plain table that fits 80 columns: no lines, two spaces between columns, bold headers;
    the columns named in `hoejre` hold numbers and are right-aligned. The title is printed as a
    line of its own (a table title would wrap to the table's width)."""
    from rich.table import Table

    console.print(f"[bold]{titel}[/]", highlight=False)
    t = Table(box=None, pad_edge=False, header_style="bold underline")
    for k in kolonner:
        t.add_column(k, no_wrap=True, overflow="ellipsis", justify="right" if k in hoejre else "left")
    return t


@app.command("frister")
def frister_command(
    data: Path | None = data_option(),
    kommune: str = typer.Option(..., "--kommune", help="Kommunekode, fx 0101 (153 = 0153)."),
    dato: str = typer.Option(..., "--dato", help="Opgørelsesdagen (ÅÅÅÅ-MM-DD)."),
    out: Path | None = typer.Option(None, "--out", help="Skriv arbejdslisten som CSV hertil."),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="Skriv arbejdslisten som Excel (et ark pr. sagsbehandler)."),
    csv_dansk: Path | None = typer.Option(None, "--csv-dansk", help="Skriv arbejdslisten som CSV til dansk Excel (;, BOM, danske overskrifter)."),
    sagsbehandler: str | None = typer.Option(None, "--sagsbehandler", help="Kun denne sagsbehandlers sager (egne og dem hun dækker)."),
    team: str | None = typer.Option(None, "--team", help="Kun sager, hvor ejeren eller vikaren er på dette team."),
    db: str | None = typer.Option(None, "--db", help="Sagsdatabasen (SQLAlchemy-URL eller SQLite-fil), som web'en bruger: "
                                  "fravær og noter registreret dér lægges på listen som i web'en."),
    engine: str = engine_option(),
) -> None:
    """Arbejdslisten: frister for samtaler og tilbud, der ikke er opfyldt, de mest presserende først;
    fra juli 2026 med kvoteplanen på kvotelinjerne (teamets med --team eller --sagsbehandler, ellers kommunens)."""
    import polars as pl

    from tilsyn import afgoerelser, tid
    from tilsyn.engine.sagsstamme import angaar, holdet, med_fravaer
    from tilsyn.kommuner import navn
    from tilsyn.reports.arbejdslister import filter_tekst, skriv_arbejdslister
    from tilsyn.resultater import skriv_csv, skriv_csv_dansk
    from tilsyn.resultater.arbejdsliste import KOLONNER_MENNESKER, krav_tekster, med_plan, til_mennesker

    kode = _kommune(kommune)
    try:
        dag = tid.parse_dato(dato)
    except ValueError as e:
        fail(f"--dato: {e}")
    check_out(out, "--out")
    check_out(xlsx, "--xlsx")
    check_out(csv_dansk, "--csv-dansk")
    r = aabn(data, engine)
    fravaer, noter = _registreret(db, kode) if db else ([], {})
    # absences registered in the web may move lines to or from the caseworker asked for: then the
    # whole list is made, the absences applied and the filter used on the rows, as the web does
    filtrer_her = bool(fravaer) and bool(sagsbehandler or team)
    liste = beregn(f"Beregner frister for {navn(kode)} pr. {dag.isoformat()} ...",
                   r.frister, kode, dag, *((None, None) if filtrer_her else (sagsbehandler, team)))
    rows = [med_fravaer(x, fravaer, dag) for x in liste.to_dicts()]
    if filtrer_her:
        sb = r.sagsbehandlere(kode)
        teams = dict(zip(sb["sagsbehandler_id"], sb["team"]))
        hvem = {sagsbehandler} if sagsbehandler else holdet(teams, team)
        rows = [x for x in rows if angaar(x, hvem)]
    plan = beregn("Beregner kvoteplanen ...", _planen, r, kode, dag, team, sagsbehandler)
    snart = afgoerelser.snart_dage(r.rules, dag)
    if out:
        # exactly the file contract's columns (docs/frister.md), with the absences applied as on the
        # web; the plan goes to the files for people (--xlsx, --csv-dansk)
        skriv_csv(pl.DataFrame(rows, schema=liste.schema), out)
        console.print(f"Skrev {len(rows)} linjer til {out}")
    if out and not xlsx and not csv_dansk:
        return
    navne = _navne(r)
    pn = r.personnavne(kode)
    linjer = med_plan(til_mennesker(rows, krav_tekster(r.rules, kode), navne, dict(zip(pn["person_id"], pn["navn"])),
                                    noter, afgoerelser.status_tekster(r.rules, dag)), plan, snart)
    if xlsx:
        skriv_arbejdslister(linjer, xlsx, kode, dag, navne, team=team,
                            filtre=filter_tekst(navne, sagsbehandler=sagsbehandler))
        console.print(f"Skrev arbejdslister til {xlsx}")
    if csv_dansk:
        skriv_csv_dansk(linjer, KOLONNER_MENNESKER, csv_dansk)
        console.print(f"Skrev {len(linjer)} linjer til {csv_dansk}")
    if not out and not xlsx and not csv_dansk:
        _vis(linjer, kode, dag, r.daekning.tekst(), afgoerelser.status_tekster(r.rules, dag))


def _planen(r, kode: str, dag: date, team: str | None, sagsbehandler: str | None):
    """The quota plan the lines are joined to (`resultater.arbejdsliste.Planen`): the team's with
    `--team`, the caseworker's team's with `--sagsbehandler`, else the municipality's, as on the
    web's list; empty on a day without quotas."""
    from tilsyn.data.daekning import UdenforDaekning
    from tilsyn.resultater.arbejdsliste import Planen, planen

    if team is None and sagsbehandler:
        sb = r.sagsbehandlere(kode)
        team = dict(zip(sb["sagsbehandler_id"], sb["team"])).get(sagsbehandler)
    try:
        personer = r.kvoteplan_personer(kode, dag, team)
        enhed = r.kvoteplan(dag, kode, team)
    except UdenforDaekning:
        return Planen()
    enhed = enhed.filter(enhed["niveau"] == ("team" if team else "kommune"))
    return planen(personer.iter_rows(named=True), enhed.iter_rows(named=True))


def _registreret(db: str, kode: str) -> tuple[list, dict]:
    """The municipality's absences and line notes registered in the web's workflow store."""
    from tilsyn.supervision import arbejdsliste as lager

    with sagsdatabase(db).begin() as session:
        return lager.fravaer_paa_listen(session, kode), lager.noter(session, kode)


VIS_HOEJST = 50


def _vis(linjer: list[dict], kode: str, dag: date, daekning: str, statusser: dict[str, str]) -> None:
    """The most urgent lines on screen in the words of the worklist page (`til_mennesker`), one block
    per responsible caseworker as the Excel sheets, two lines a duty (what and when) so that the
    text wraps instead of being cut; every line is in `--xlsx` and `--csv-dansk`."""
    from tilsyn.kommuner import navn
    from tilsyn.ordliste import myndighed

    optalt = {s: sum(1 for r in linjer if r["status"] == s) for s in statusser}
    console.print(f"[bold]{myndighed(dag, ejefald=True, stort=True)} arbejdsliste, {navn(kode)} ({kode}) "
                  f"pr. {dag.isoformat()}[/]", highlight=False)
    console.print(", ".join(f"{statusser[s].lower()} {n}" for s, n in optalt.items()), highlight=False)
    console.print(f"({daekning})", highlight=False)
    blokke: dict[str, list[dict]] = {}
    for r in linjer[:VIS_HOEJST]:
        blokke.setdefault(r["ansvar_tekst"], []).append(r)
    for ansvar, blok in blokke.items():
        console.print(f"\n[bold]Ansvarlig: {ansvar}[/]", highlight=False)
        for r in blok:
            hvem = " ".join(x for x in (r["borger"], r["navn"]) if x)
            naar = [f"frist {r['frist']:%d-%m-%Y}" if r["frist"] else "", r["dage_tekst"], r["status_tekst"],
                    r.get("hast_tekst", ""), r["aftale_tekst"], r["note_tekst"], r["forbehold"]]
            console.print(f"  {hvem}: {r['krav_tekst']}", highlight=False, markup=False)
            console.print("    " + " · ".join(x for x in naar if x), highlight=False, markup=False)
    if len(linjer) > VIS_HOEJST:
        console.print(f"... og {len(linjer) - VIS_HOEJST} linjer mere; brug --xlsx eller --csv-dansk for hele listen.")


@app.command("rettidighed")
def rettidighed_command(
    data: Path | None = data_option(),
    month: str = typer.Option(..., "--maaned", help="Måneden fristerne faldt i (ÅÅÅÅ-MM)."),
    kommune: str | None = typer.Option(None, "--kommune", help="Én kommune, opdelt på team og sagsbehandler."),
    out: Path | None = typer.Option(None, "--out", help="Skriv CSV hertil i stedet for at vise en tabel."),
    milepaele_ud: Path | None = typer.Option(None, "--milepaele", help="Skriv månedens milepæle (serviceopkald, 16 måneder) som CSV hertil."),
    engine: str = engine_option(),
) -> None:
    """Rettidighed: andelen af månedens frister, der blev opfyldt til tiden (samtaler og tilbud hver for sig)."""
    from tilsyn import tid
    from tilsyn.resultater import skriv_csv

    kode = _kommune(kommune) if kommune is not None else None
    try:
        maaned = tid.parse_maaned(month)
    except ValueError as e:
        fail(f"--maaned: {e}")
    check_out(out, "--out")
    check_out(milepaele_ud, "--milepaele")
    r = aabn(data, engine)
    tabel = beregn(f"Beregner rettidighed for {tid.maaned_tekst(maaned)} ...", r.rettidighed, maaned, kode)
    if milepaele_ud:
        flag = beregn("Finder månedens milepæle ...", r.milepaele, maaned, kode)
        skriv_csv(flag, milepaele_ud)
        console.print(f"Skrev {flag.height} milepæle til {milepaele_ud}")
    if out:
        skriv_csv(tabel, out)
        console.print(f"Skrev {tabel.height} linjer til {out}")
        return
    _vis_rettidighed(tabel.to_dicts(), maaned, kode, _navne(r), r.daekning.tekst())


RETTIDIGHED_TAL = ("Frister", "Til\ntiden", "For\nsent", "Ikke\nopfyldt", "Fri-\ntaget", "Retti-\ndighed %")


def _vis_rettidighed(rows: list[dict], maaned: date, kode: str | None, navne: dict[str, str], daekning: str) -> None:
    """One table per art; with a municipality its teams, each followed by its caseworkers (the
    municipality is named once, in the heading); an art without deadlines in the month is said in
    a sentence, not shown as an empty table."""
    from tilsyn import tid
    from tilsyn.kommuner import navn
    from tilsyn.reports.tabeller import tal

    hvor = f"{navn(kode)} ({kode})" if kode else "hele landet og kommunerne"
    console.print(f"[bold]Rettidighed {tid.maaned_tekst(maaned)}, {hvor}[/]: frister i måneden, "
                  f"rettidighed = til tiden / (frister - fritaget); {daekning}", highlight=False)

    def hvem(r: dict) -> str:
        if r["niveau"] == "land":
            return "Hele landet"
        if r["niveau"] == "kommune":
            return "Kommunen i alt" if kode else f"{r['kommune_kode']} {navn(r['kommune_kode'])}"
        if r["niveau"] == "team":
            return r["team"] or "uden team"
        return "  " + _person(r["sagsbehandler_id"], navne)

    def orden(r: dict) -> tuple:
        return (r["niveau"] not in ("land", "kommune"), r["kommune_kode"] or "", r["team"] or "\uffff",
                r["niveau"] == "sagsbehandler", r["sagsbehandler_id"] or "\uffff")

    for art, overskrift, flertal in (("samtale", "Samtaler", "samtaler"), ("tilbud", "Tilbud", "tilbud")):
        egne = [r for r in rows if r["art"] == art]
        if not any(r["antal_frister"] for r in egne):
            console.print(f"[bold]{overskrift}[/]: ingen frister for {flertal} faldt i {tid.maaned_tekst(maaned)}, "
                          f"så der er ingen rettidighed at opgøre for {flertal} i måneden.", highlight=False)
            continue
        t = _konsoltabel(overskrift, "Hvem", *RETTIDIGHED_TAL, hoejre=RETTIDIGHED_TAL)
        for r in sorted(egne, key=orden):
            t.add_row(hvem(r), *(str(r[k]) for k in ("antal_frister", "rettidige", "for_sent", "ikke_opfyldt",
                                                     "fritaget")), tal(r["rettidighed_pct"], 1))
        console.print(t, highlight=False)
