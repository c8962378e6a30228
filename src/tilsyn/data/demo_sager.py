"""The demo's supervision cases as they would have run: the cases of a year's selection (opened in
April of the next year) move through their events with the municipalities' own fokusmål values,
month by month, and those still open end by law on the day the scheme was abolished. Each event is
registered by the same service as `tilsyn sag haendelse` / `tilsyn sag afslut` (one process, not
hundreds of command starts) and printed as the command that records it, so a reader can repeat it.

    python -m tilsyn.data.demo_sager UDVAELGELSE.csv FOKUSMAAL.csv --aar 2024 --afskaffet 2026-02-01 --db SAGER.db"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import typer
from sqlalchemy import select

from tilsyn import tid
from tilsyn.supervision import maskine as tm
from tilsyn.supervision import registrer
from tilsyn.supervision.db import sessions
from tilsyn.supervision.models import Sag

MAAL = ("samtaler", "tilbud")


def _fokusmaal(sti: Path) -> dict[tuple[str, str], dict[str, float]]:
    """(kommune_kode, ÅÅÅÅ-MM) -> the rolling 12-month passive shares (%) of `tilsyn fokusmaal --out`
    (a municipality without persons in the population has no row)."""
    with sti.open(encoding="utf-8") as fil:
        return {(r["kommune_kode"], r["maaned"][:7]): {m: float(r[f"gns12_{m}"]) for m in MAAL}
                for r in csv.DictReader(fil)}


def _trin(sag: Sag, maal: list[str], fokus: dict, aar: int, afskaffet: date) -> list[tuple[str, date, dict]]:
    """The case's events after `udpeget`: (type, day, options), each allowed by the state machine."""
    naeste = aar + 1
    f = tm.anvend(None, "udpeget", sag.opened, {"konsekvens": sag.konsekvens})
    trin: list[tuple[str, date, dict]] = []

    def anvend(type_: str, dag: date, payload: dict) -> None:
        nonlocal f
        f = tm.anvend(f, type_, dag, payload)
        trin.append((type_, dag, payload))

    if sag.konsekvens == "skaerpet_tilsyn_light":  # AMK's dialogue and the municipality's plan
        anvend("dialog_afholdt", date(naeste, 5, 20), {})
        anvend("handleplan_modtaget", date(naeste, 8, 12), {})
        return trin
    def vaerdier(md: int) -> dict[str, float]:
        tal = fokus.get((sag.kommune_kode, f"{naeste}-{md:02d}"), {})
        return {m: tal[m] for m in maal if m in tal}

    anvend("brev_sendt", date(naeste, 4, 22), {})
    if not vaerdier(6):  # no population to measure: the case waits for its plan until the law ends it
        return trin
    anvend("plan_modtaget", date(naeste, 7, 10), {"vaerdier": vaerdier(6)})
    for md in range(7, 13):  # the monthly follow-ups, each on the 5th of the next month
        dag = tid.add_months(date(naeste, md, 1), 1).replace(day=5)
        if dag >= afskaffet or not vaerdier(md):
            break
        if f.tilstand == tm.TASKFORCE:
            anvend("taskforce_besoeg", dag, {"fund": "Task forcen har gennemgået indsatsen med kommunen"})
        anvend("maanedlig_opfoelgning", dag, {"maaned": f"{naeste}-{md:02d}", "vaerdier": vaerdier(md)})
    return trin


def _kommando(sag_id: int, type_: str, dag: date, payload: dict) -> str:
    """The event as the `tilsyn sag` command that records it."""
    if type_ == tm.OPHOERT_VED_LOV:
        return f"tilsyn sag afslut {sag_id} --dato {dag.isoformat()}"
    dele = [f"tilsyn sag haendelse {sag_id} {type_} --dato {dag.isoformat()}"]
    dele += [f"--{m} {v:.2f}" for m, v in payload.get("vaerdier", {}).items()]
    if "maaned" in payload:
        dele.append(f"--maaned {payload['maaned']}")
    if "fund" in payload:
        dele.append(f"--fund '{payload['fund']}'")
    return " ".join(dele)


def main(
    udvaelgelse: Path = typer.Argument(..., help="Udvælgelsen (`tilsyn udvaelgelse --out`)."),
    fokusmaal: Path = typer.Argument(..., help="Fokusmål for månederne efter udvælgelsen (`tilsyn fokusmaal --from --to --out`)."),
    aar: int = typer.Option(..., "--aar", help="Udvælgelsens år."),
    afskaffet: str = typer.Option(..., "--afskaffet", help="Dagen ordningen er afskaffet (tilsyn.ordning.sager)."),
    db: str = typer.Option(..., "--db", help="Sagsdatabasen med årets sager (`tilsyn sag aabn`)."),
    actor: str = typer.Option("demo", "--actor", help="Hvem hændelserne registreres af."),
) -> None:
    """Register the demo's case events, printing each as the `tilsyn sag` command that records it."""
    slut = tid.parse_dato(afskaffet)
    fokus = _fokusmaal(fokusmaal)
    with udvaelgelse.open(encoding="utf-8") as fil:
        fejl = {r["kommune_kode"]: [m for m in MAAL if r[f"fails_{m}"] == "true"] for r in csv.DictReader(fil)}
    with sessions(db).begin() as session:
        sager = session.scalars(select(Sag).where(Sag.aar == aar).order_by(Sag.id)).all()
        print(f"Tilsynssagerne for {aar}: hændelserne i {aar + 1}, ophør ved lov {slut.isoformat()}")
        for sag in sager:
            trin = _trin(sag, fejl[sag.kommune_kode] or list(MAAL), fokus, aar, slut)
            if not trin or trin[-1][0] != "handleplan_modtaget":
                trin.append((tm.OPHOERT_VED_LOV, slut, {}))
            for type_, dag, payload in trin:
                print(_kommando(sag.id, type_, dag, payload))
                registrer(session, sag.id, sag.version, type_, dag, actor, payload=payload)
            print(f"  sag {sag.id} ({sag.kommune_kode}, {sag.konsekvens}): {tm.TEKST[sag.tilstand]}")


if __name__ == "__main__":
    typer.run(main)
