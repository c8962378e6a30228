"""`tilsyn kvoteplan`: the quota plan of a day (lov 1750/2025, docs/kvoter.md "Kvoteplan")."""

from __future__ import annotations

import getpass
from pathlib import Path

import polars as pl
import typer

from tilsyn import tid
from tilsyn.cli.app import app, beregn, check_out, console, fail
from tilsyn.cli.fokus import DATA_HELP, ENGINE_HELP, aabn
from tilsyn.cli.frister import _kommune, _konsoltabel
from tilsyn.cli.web import DB_HJAELP
from tilsyn.kommuner import navn
from tilsyn.ordliste import KVOTEPLAN_STATUS_TEKST, VINDUE_STATUS_TEKST
from tilsyn.reports.kvoteplan import skriv_kvoteplan
from tilsyn.reports.tabeller import tal
from tilsyn.resultater import skriv_csv
from tilsyn.resultater.arbejdsliste import kvote_tekster

PLAN_TAL = ("Pers.", "Nået", "Åbne", "Bkt.", "Mgl.", "Nu–højst %")
PERSON_TAL = ("Vinduets slut",)
FARVE = {"naaet": "green", "paa_vej": "cyan", "i_fare": "yellow", "kan_ikke_naas": "red"}
VIS_HOEJST = 25
FORMAAL = "kvoteplan: borgerne bag planen (CLI)"


@app.command("kvoteplan")
def kvoteplan_command(
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    dato: str | None = typer.Option(None, "--dato", help="Plandagen (ÅÅÅÅ-MM-DD); standard: datas sidste dag."),
    kommune: str | None = typer.Option(None, "--kommune", help="Én kommune, dens team og a-kasserne for dens borgere."),
    team: str | None = typer.Option(None, "--team", help="Kun dette team (sagsstammens ejer på plandagen)."),
    maaneder: int = typer.Option(3, "--maaneder", min=1, max=12, help="Antal måneder fra plandagens måned."),
    out: Path | None = typer.Option(None, "--out", help="Skriv hertil: .xlsx som Excel til mennesker, ellers CSV."),
    personer: bool = typer.Option(False, "--personer", help="Borgerne bag planen (kræver --kommune); "
                                  "skrives i adgangsloggen."),
    db_url: str | None = typer.Option(None, "--db", help="Adgangsloggens database for --personer. " + DB_HJAELP),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Kvoteplanen: for hver kvote og måned, hvor mange der har nået kravet, hvor mange der stadig kan,
    hvor mange flere der skal, og hvem først."""
    kode = _kommune(kommune) if kommune is not None else None
    if personer and kode is None:
        fail("--personer kræver --kommune (borgerne bag planen vises for én kommune ad gangen)")
    try:
        dag = tid.parse_dato(dato) if dato else None
    except ValueError as e:
        fail(f"--dato: {e}")
    check_out(out, "--out")
    r = aabn(data, engine)
    dag = dag or beregn(None, r.plandag)
    hvor = f"{navn(kode)} ({kode})" if kode else "hele landet, kommunerne, teamene og a-kasserne"
    hvor += f", team {team}" if team else ""
    titel = f"Kvoteplan pr. {dag:%d-%m-%Y}, {hvor}"
    tekster = kvote_tekster(r.rules, tid.first_day(dag))
    if personer:
        tabel = beregn(f"Finder borgerne bag kvoteplanen for {navn(kode)} pr. {dag.isoformat()} ...",
                       r.kvoteplan_personer, kode, dag, team, maaneder)
        _log(db_url, tabel, kode, dag, team, maaneder)
        if out and out.suffix.lower() == ".xlsx":
            plan = beregn("Beregner kvoteplanen ...", r.kvoteplan, dag, kode, team, maaneder)
            skriv_kvoteplan(out, titel, plan, tekster, tabel)
        elif out:
            skriv_csv(tabel, out)
        if out:
            console.print(f"Skrev {tabel.height} borgere til {out}")
            return
        _vis_personer(tabel, titel, tekster)
        return
    tabel = beregn(f"Beregner kvoteplanen pr. {dag.isoformat()} ...", r.kvoteplan, dag, kode, team, maaneder)
    if out:
        if out.suffix.lower() == ".xlsx":
            skriv_kvoteplan(out, titel, tabel, tekster)
        else:
            skriv_csv(tabel, out)
        console.print(f"Skrev {tabel.height} linjer til {out}")
        return
    _vis_plan(tabel, titel, tekster, r.daekning.tekst(), r.kvoteplan_ukendte(dag))


def _log(db_url: str | None, tabel: pl.DataFrame, kode: str, dag, team: str | None, maaneder: int) -> None:
    """The persons shown are on record before they are shown (every citizen view is)."""
    from tilsyn.supervision import db
    from tilsyn.web import adgangslog

    filtre = f"kommune={kode}&dato={dag.isoformat()}&maaneder={maaneder}" + (f"&team={team}" if team else "")
    try:
        adgangslog.log_paa(db.sessions(db_url), getpass.getuser(), tabel["person_id"].to_list(), FORMAAL,
                           "tilsyn kvoteplan --personer", filtre)
    except Exception as e:  # noqa: BLE001 — without a record the persons are not shown
        fail(f"adgangsloggen kunne ikke skrives ({type(e).__name__}), så borgerne vises ikke; angiv --db")


def _hvem(x: dict) -> str:
    if x["niveau"] == "land":
        return "Hele landet"
    if x["niveau"] == "a_kasse":
        return f"a-kasse {x['a_kasse']}"
    if x["niveau"] == "team":
        return f"team {x['team']}"
    return f"{x['kommune_kode']} {navn(x['kommune_kode'])}"


def _fra_til(bund: float | None, loft: float | None) -> str:
    return "" if bund is None else f"{tal(bund, 0)}–{tal(loft, 0)}"


def _vis_plan(tabel: pl.DataFrame, titel: str, tekster: dict[str, str], daekning: str, ukendte: str | None) -> None:
    console.print(f"[bold]{titel}[/] ({daekning})", highlight=False)
    for (krav_id, maaned), egne in tabel.group_by(["krav_id", "maaned"], maintain_order=True):
        rows = egne.to_dicts()
        console.print()
        t = _konsoltabel(f"{tekster.get(krav_id, krav_id)} — vinduer, der slutter i {maaned} "
                         f"(kvote {tal(rows[0]['kvote_pct'], 0)} %)", "Hvem", *PLAN_TAL, "Status", hoejre=PLAN_TAL)
        vist = [x for x in rows if x["personer"]][:VIS_HOEJST]
        for x in vist:
            farve = FARVE[x["status"]]
            t.add_row(_hvem(x)[:20], *(str(x[c]) for c in ("personer", "naaet", "aaben", "booket", "behov")),
                      _fra_til(x["bund_pct"], x["loft_pct"]), f"[{farve}]{KVOTEPLAN_STATUS_TEKST[x['status']]}[/]")
        console.print(t, highlight=False)
        if skjult := sum(1 for x in rows if x["personer"]) - len(vist):
            console.print(f"... og {skjult} linjer mere; brug --kommune eller --out", highlight=False)
    console.print("\nPers.: borgere, hvis vindue slutter i måneden. Bkt.: åbne, hvis bookede aftaler vil nå "
                  "kravet. Mgl.: hvor mange flere der skal nå det. Nu–højst: andelen, der har nået kravet, og "
                  "den, måneden ender på, hvis alle åbne når det. Enheder uden borgere er udeladt; --out har dem "
                  "alle med de tabte og de seneste 12 måneder.", highlight=False)
    if ukendte:
        console.print(ukendte, highlight=False)


def _vis_personer(tabel: pl.DataFrame, titel: str, tekster: dict[str, str]) -> None:
    console.print(f"[bold]{titel}: borgerne bag planen[/]", highlight=False)
    t = _konsoltabel("De nødvendige for kvoten først, tidligste frist først", "Borger", "Kvote", "Måned",
                     "Vinduets slut", "Status", "Booket", "Nødvendig", "Ansvarlig", hoejre=PERSON_TAL)
    for x in tabel.head(VIS_HOEJST * 2).to_dicts():
        t.add_row(x["person_id"], tekster.get(x["krav_id"], x["krav_id"])[:40], x["maaned"],
                  f"{x['vinduets_slut']:%d-%m-%Y}", VINDUE_STATUS_TEKST[x["status"]], "ja" if x["booket"] else "",
                  "[bold]ja[/]" if x["noedvendig"] else "", x["ansvarlig_id"] or "")
    console.print(t, highlight=False)
    if tabel.height > VIS_HOEJST * 2:
        console.print(f"... og {tabel.height - VIS_HOEJST * 2} borgere mere; brug --out", highlight=False)
