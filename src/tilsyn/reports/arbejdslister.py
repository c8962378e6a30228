"""The worklist as an Excel workbook for the team leader: an overview sheet (the per-caseworker
summary of `resultater.arbejdsliste.pr_sagsbehandler`) and one sheet per responsible caseworker with
the same lines and words as the web page (`til_mennesker`), dates as dates, days as numbers, overdue
lines red. Every sheet names the team (or municipality) and the filter, and prints on landscape
pages fitted to the width with the header row on each page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import BinaryIO

from tilsyn import afgoerelser
from tilsyn.celler import XLSX_VALG, celle, synlig
from tilsyn.filer import privat
from tilsyn.kommuner import navn as kommunenavn
from tilsyn.ordliste import OVERSKREDET, STATUS_TEKST, myndighed
from tilsyn.resultater.arbejdsliste import KOLONNER_MENNESKER, pr_sagsbehandler
from tilsyn.rules.rulebook import rulebook

UDEN_ANSVARLIG = "Uden ansvarlig"
OVERSIGT = {
    "navn": "Ansvarlig sagsbehandler", "aabne": "Åbne frister", "overskredne": "Overskredne",
    "forfalder_snart": "Forfalder snart", "uden_aftale": "Mangler aftale", "linjer": "Linjer i alt",
    "rettidighed_pct": "Rettidighed sidste måned (%)",
}
BREDDER = {"borger": 14, "navn": 22, "krav_tekst": 52, "frist": 12, "dage_tilbage": 8, "status_tekst": 16,
           "aftale_tekst": 15, "noedvendig": 11, "hast_tekst": 30, "kvote_behov": 10, "kvote_inden": 12,
           "ansvarliges_noedvendige": 11, "ansvar_tekst": 40, "note_tekst": 36, "lokal_norm": 11,
           "forbehold": 30}


def _arknavn(navn: str, brugt: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", synlig(navn))[:31] or "Ark"
    kandidat, i = base, 2
    while kandidat.lower() in brugt:
        kandidat = f"{base[:27]} ({i})"
        i += 1
    brugt.add(kandidat.lower())
    return kandidat


def grupper(linjer: list[dict], navne: dict[str, str]) -> list[tuple[str | None, list[dict]]]:
    """The lines per responsible caseworker, by name, the lines nobody is responsible for last:
    the web page's groups and the workbook's sheets are these."""
    g: dict[str | None, list[dict]] = {}
    for r in linjer:
        g.setdefault(r["ansvarlig_id"], []).append(r)
    return sorted(g.items(), key=lambda kv: (kv[0] is None, navne.get(kv[0], kv[0] or "")))


def filter_tekst(navne: dict[str, str], status: tuple[str, ...] = (), sagsbehandler: str | None = None,
                 team: str | None = None, soeg: str | None = None, kilde: str | None = None,
                 statusser: Mapping[str, str] = STATUS_TEKST) -> str:
    """The filter a list was made with, as its file states it ("Alle linjer" when none); `statusser`
    the day's status words (`afgoerelser.status_tekster`)."""
    dele = [f"status {' eller '.join(statusser[s].lower() for s in status)}" if status else "",
            f"sagsbehandler {navne.get(sagsbehandler, sagsbehandler)}" if sagsbehandler else "",
            f"team {team}" if team else "", f"søgning »{soeg}«" if soeg else "", f"kun {kilde.lower()}" if kilde else ""]
    return "Filter: " + ", ".join(d for d in dele if d) if any(dele) else "Alle linjer (intet filter)"


def _udskrift(ws, titel: str, gentag: int) -> None:
    """Landscape A4, fitted to the page width, the rows up to `gentag` repeated on every page."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, gentag)
    ws.set_header(f"&L{titel.replace('&', '&&')}&RSide &P af &N")


def skriv_arbejdslister(
    linjer: list[dict], sti: Path | BinaryIO, kommune: str, dag: date, navne: dict[str, str] | None = None,
    rettidighed: dict[str, float | None] | None = None, team: str | None = None, filtre: str = "",
) -> None:
    """Write `linjer` (rows of `til_mennesker`) to `sti` (a file, or a stream for the web). `navne`
    maps caseworker ids to names; `rettidighed` caseworker ids to last month's rettidighed; `team`
    titles a team's file with the team; `filtre` is what `filter_tekst` says of the list."""
    import xlsxwriter  # here: the web loads this module at start, a workbook is written on request

    navne = navne or {}
    hvis = (team if team.lower().startswith("team") else f"Team {team}") + "s" if team else myndighed(
        dag, ejefald=True, stort=True)
    overskrift = f"{hvis} arbejdsliste, {kommunenavn(kommune)} ({kommune}) pr. {dag.strftime('%d-%m-%Y')}"
    filtre = filtre or filter_tekst(navne)
    wb = xlsxwriter.Workbook(privat(sti) if isinstance(sti, Path) else sti, XLSX_VALG)
    fed = wb.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True})
    titel = wb.add_format({"bold": True, "font_size": 14})
    dato = wb.add_format({"num_format": "dd-mm-yyyy"})
    roed = wb.add_format({"bg_color": "#F8D7DA"})
    roed_dato = wb.add_format({"bg_color": "#F8D7DA", "num_format": "dd-mm-yyyy"})
    procent = wb.add_format({"num_format": "0.0"})

    orden = grupper(linjer, navne)
    oversigt = wb.add_worksheet("Oversigt")
    oversigt.write(0, 0, overskrift, titel)
    oversigt.write(1, 0, filtre)
    snart = afgoerelser.snart_tekst(rulebook(), dag)
    oversigt.write(2, 0, f"{snart}: fristen falder inden næste liste (listerne trækkes hver 14. dag).")
    oversigt.write_row(3, 0, [snart if k == "forfalder_snart" else v for k, v in OVERSIGT.items()], fed)
    summer = {s["ansvarlig_id"]: s for s in pr_sagsbehandler(linjer, rettidighed)}
    for i, (hvem, gruppe) in enumerate(orden, start=4):
        s = summer[hvem]
        raekke = {**s, "navn": navne.get(hvem, hvem) if hvem else UDEN_ANSVARLIG, "linjer": len(gruppe)}
        for j, k in enumerate(OVERSIGT):
            v = raekke[k]
            oversigt.write(i, j, "" if v is None else celle(v), procent if k == "rettidighed_pct" else None)
    oversigt.set_column(0, 0, 30)
    oversigt.set_column(1, len(OVERSIGT), 16)
    oversigt.freeze_panes(4, 0)
    _udskrift(oversigt, overskrift, 3)

    brugt = {"oversigt"}
    for hvem, gruppe in orden:
        ws = wb.add_worksheet(_arknavn(navne.get(hvem, hvem) if hvem else UDEN_ANSVARLIG, brugt))
        ws.write_row(0, 0, list(KOLONNER_MENNESKER.values()), fed)
        for i, r in enumerate(gruppe, start=1):
            overskredet = r["status"] == OVERSKREDET
            for j, kolonne in enumerate(KOLONNER_MENNESKER):
                v = r.get(kolonne)  # the plan's columns are on quota lines only
                if isinstance(v, date):
                    ws.write_datetime(i, j, v, roed_dato if overskredet else dato)
                    continue
                if isinstance(v, bool):
                    v = "ja" if v else ""
                ws.write(i, j, "" if v is None else celle(v), roed if overskredet else None)
        ws.autofilter(0, 0, max(len(gruppe), 1), len(KOLONNER_MENNESKER) - 1)
        ws.freeze_panes(1, 0)
        _udskrift(ws, f"{overskrift}. {filtre}", 0)
        for j, k in enumerate(KOLONNER_MENNESKER):
            ws.set_column(j, j, BREDDER[k])
    wb.close()
