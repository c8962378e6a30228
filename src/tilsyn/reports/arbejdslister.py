"""The worklist as an Excel workbook for the team leader: an overview sheet and one sheet per
responsible caseworker, Danish headers, dates as dates, overdue lines highlighted."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from tilsyn.filer import privat
from tilsyn.ordliste import OVERSKREDET, STATUS_TEKST

OVERSKRIFTER = {
    "person_id": "Borger",
    "sagsbehandler_id": "Sagsbehandler",
    "ansvarlig_id": "Ansvarlig",
    "daekket_af_vikar": "Vikar dækker",
    "krav_id": "Krav",
    "art": "Art",
    "frist": "Frist",
    "dage_tilbage": "Dage tilbage",
    "status": "Status",
    "mangler_aftale": "Mangler aftale",
    "hjemmel": "Hjemmel",
}
UDEN_ANSVARLIG = "Uden ansvarlig"


def _arknavn(navn: str, brugt: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", navn)[:31] or "Ark"
    kandidat, i = base, 2
    while kandidat.lower() in brugt:
        kandidat = f"{base[:27]} ({i})"
        i += 1
    brugt.add(kandidat.lower())
    return kandidat


def skriv_arbejdslister(
    rows: list[dict], sti: Path | BinaryIO, kommune: str, dag: date, navne: dict[str, str] | None = None
) -> None:
    """Write `rows` (spec 06's `frister` columns) to `sti` (a file, or a stream for the web).
    `navne` maps caseworker ids to names."""
    navne = navne or {}
    wb = xlsxwriter.Workbook(privat(sti) if isinstance(sti, Path) else sti)
    fed = wb.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1})
    titel = wb.add_format({"bold": True, "font_size": 14})
    dato = wb.add_format({"num_format": "dd-mm-yyyy"})
    roed = wb.add_format({"bg_color": "#F8D7DA"})
    roed_dato = wb.add_format({"bg_color": "#F8D7DA", "num_format": "dd-mm-yyyy"})

    def ansvarlig(r: dict) -> str:
        return r["ansvarlig_id"] or UDEN_ANSVARLIG

    grupper: dict[str, list[dict]] = {}
    for r in rows:
        grupper.setdefault(ansvarlig(r), []).append(r)
    # caseworkers by name, the lines nobody is responsible for last
    orden = sorted(grupper.items(), key=lambda g: (g[0] == UDEN_ANSVARLIG, navne.get(g[0], g[0])))

    oversigt = wb.add_worksheet("Oversigt")
    oversigt.write(0, 0, f"Arbejdsliste for kommune {kommune} pr. {dag.strftime('%d-%m-%Y')}", titel)
    kolonner = ["Ansvarlig", "Navn", *STATUS_TEKST.values(), "Mangler aftale", "I alt"]
    oversigt.write_row(2, 0, kolonner, fed)
    for i, (hvem, linjer) in enumerate(orden, start=3):
        status = Counter(r["status"] for r in linjer)
        oversigt.write_row(i, 0, [
            hvem, navne.get(hvem, ""), *(status.get(s, 0) for s in STATUS_TEKST),
            sum(1 for r in linjer if r["mangler_aftale"]), len(linjer),
        ])
    oversigt.set_column(0, 1, 18)
    oversigt.set_column(2, len(kolonner), 14)
    oversigt.freeze_panes(3, 0)

    brugt = {"oversigt"}
    for hvem, linjer in orden:
        ws = wb.add_worksheet(_arknavn(navne.get(hvem, hvem), brugt))
        ws.write_row(0, 0, list(OVERSKRIFTER.values()), fed)
        for i, r in enumerate(linjer, start=1):
            overskredet = r["status"] == OVERSKREDET
            for j, kolonne in enumerate(OVERSKRIFTER):
                v = r[kolonne]
                if kolonne == "frist" and v is not None:
                    ws.write_datetime(i, j, v, roed_dato if overskredet else dato)
                    continue
                if kolonne == "status":
                    v = STATUS_TEKST.get(v, v)
                elif isinstance(v, bool):
                    v = "ja" if v else "nej"
                ws.write(i, j, "" if v is None else v, roed if overskredet else None)
        ws.autofilter(0, 0, max(len(linjer), 1), len(OVERSKRIFTER) - 1)
        ws.freeze_panes(1, 0)
        ws.set_column(0, 3, 14)
        ws.set_column(4, 4, 24)
        ws.set_column(5, 9, 13)
        ws.set_column(10, 10, 48)
    wb.close()
