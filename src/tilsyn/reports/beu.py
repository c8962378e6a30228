"""The annual report to Folketingets Beskæftigelsesudvalg: the selection, every open supervision
case's state, and the benchmark ranking (resultatmål and the benchmark measures of STAR's benchmark note)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from tilsyn import celler
from tilsyn.filer import privat
from tilsyn.ordliste import KONSEKVENS_TEKST, YDELSESGRUPPE_TEKST
from tilsyn.reports import figurer, render, tabeller
from tilsyn.supervision.maskine import TEKST as TILSTANDE

# The benchmark measures (engine.benchmark_maal) in report order, with Danish headers.
MAALINGER = {
    "varighed_uger": "Varighed (uger)",
    "afgang_3_mdr": "Afgang inden 3 mdr. (pct.)",
    "afgang_6_mdr": "Afgang inden 6 mdr. (pct.)",
    "afgang_job": "Afgang til job (pct.)",
    "virksomhedsrettet": "Virksomhedsrettet tilbud (pct.)",
    "samtaler_tidligt": "Mindst 4 samtaler første 6 mdr. (pct.)",
    "passiv_6_mdr": "Uden tilbud 6 mdr. (pct.)",
    "passiv_12_mdr": "Uden tilbud 12 mdr. (pct.)",
}
YDELSESGRUPPER = YDELSESGRUPPE_TEKST


@dataclass(frozen=True)
class Beretning:
    aar: int
    udvalgte: pd.DataFrame
    sager: pd.DataFrame
    rangering: pd.DataFrame
    benchmark: dict[str, pd.DataFrame]
    resultatmaal: pd.DataFrame
    model_version: str
    daekning: str = ""  # how far the data goes, as the report states it


def _felt(row: Any, navn: str) -> Any:
    return row.get(navn) if isinstance(row, dict) else getattr(row, navn, None)


def sag_tabel(sager: Iterable[Any]) -> pd.DataFrame:
    """Open cases (mappings or objects with kommune_kode, aar, konsekvens, tilstand, siden and
    frister = [(tekst, dato or None)]) as a table, by municipality."""
    rows = []
    for s in sager:
        frister = [(t, d) for t, d in (_felt(s, "frister") or []) if d is not None]
        naeste = min(frister, key=lambda f: f[1]) if frister else None
        siden = _felt(s, "siden")
        rows.append(
            {
                "Kommune": tabeller.kommune_navn(_felt(s, "kommune_kode")),
                "Udtaget for år": str(_felt(s, "aar")),
                "Konsekvens": KONSEKVENS_TEKST.get(_felt(s, "konsekvens"), _felt(s, "konsekvens")),
                "Tilstand": TILSTANDE.get(_felt(s, "tilstand"), _felt(s, "tilstand")),
                "Siden": siden.strftime("%d-%m-%Y") if siden else "",
                "Næste frist": f"{naeste[0]}: {naeste[1].strftime('%d-%m-%Y')}" if naeste else "",
            }
        )
    columns = ["Kommune", "Udtaget for år", "Konsekvens", "Tilstand", "Siden", "Næste frist"]
    if not rows:
        return pd.DataFrame(columns=columns)
    df = pd.DataFrame(rows)
    return df.iloc[df["Kommune"].map(tabeller.dansk_orden).argsort(kind="stable")][columns].reset_index(drop=True)


def rangering(resultatmaal: pd.DataFrame) -> pd.DataFrame:
    """The resultatmål ranking, best (largest negative difference) first."""
    df = resultatmaal.sort_values(["placering", "kommune_kode"])
    return pd.DataFrame(
        {
            "Placering": df["placering"].astype(int),
            "Kommune": df["kommune_kode"].map(tabeller.kommune_navn),
            "Faktisk andel (pct.)": df["faktisk_andel"],
            "Forventet andel (pct.)": df["forventet_andel"],
            "Forskel (pct.-point)": df["forskel_pct_point"],
            "Nedre grænse (pct.)": df["nedre"],
            "Øvre grænse (pct.)": df["oevre"],
        }
    ).reset_index(drop=True)


def benchmark_tabeller(maalinger: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per ydelsesgruppe, one row per municipality: each measure's value and rank ('12,3 (45)')."""
    out = {}
    for gruppe, navn in YDELSESGRUPPER.items():
        df = maalinger[maalinger["ydelsesgruppe"] == gruppe]
        if df.empty:
            continue
        koder = sorted(set(df["kommune_kode"]), key=lambda k: tabeller.dansk_orden(tabeller.kommune_navn(k)))
        tabel = pd.DataFrame({"Kommune": [tabeller.kommune_navn(k) for k in koder]})
        for maaling, overskrift in MAALINGER.items():
            m = df[df["maaling"] == maaling].set_index("kommune_kode")
            tabel[overskrift] = [
                f"{tabeller.tal(m.at[k, 'vaerdi'], 1)} ({int(m.at[k, 'placering'])})"
                if k in m.index and pd.notna(m.at[k, "vaerdi"]) else ""
                for k in koder
            ]
        out[navn] = tabel
    return out


def byg(
    udvaelgelse: pd.DataFrame,
    resultatmaal: pd.DataFrame,
    sager: Iterable[Any],
    aar: int,
    benchmark_maal: pd.DataFrame | None = None,
    daekning: str = "",
) -> Beretning:
    return Beretning(
        aar=aar,
        udvalgte=tabeller.udvalgte(udvaelgelse),
        sager=sag_tabel(sager),
        rangering=rangering(resultatmaal),
        benchmark=benchmark_tabeller(benchmark_maal) if benchmark_maal is not None else {},
        resultatmaal=resultatmaal,
        model_version=", ".join(sorted(set(resultatmaal["model_version"].astype(str)))),
        daekning=daekning,
    )


def skriv(b: Beretning, out_dir: Path, dato: date) -> list[Path]:
    """beu-YYYY.pdf, beu-YYYY.xlsx and figur-resultatmaal.png in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    navne = {k: tabeller.kommune_navn(k) for k in b.resultatmaal["kommune_kode"]}
    png = figurer.gem(figurer.figur_resultat(b.resultatmaal, navne), out_dir / "figur-resultatmaal.png")
    pdf = render.pdf(
        "beu.html.j2",
        {"aar": b.aar, "dato": tabeller.dato_tekst(dato), "b": b, "figur": png.resolve().as_uri(),
         "n_skaerpet": int((b.udvalgte["Konsekvens"] == KONSEKVENS_TEKST["skaerpet_tilsyn"]).sum()),
         "n_light": int((b.udvalgte["Konsekvens"] == KONSEKVENS_TEKST["skaerpet_tilsyn_light"]).sum())},
        out_dir / f"beu-{b.aar}.pdf",
    )
    xlsx = out_dir / f"beu-{b.aar}.xlsx"
    with celler.excel(privat(xlsx)) as writer:
        render.excel_ark(writer, "Udvælgelse", b.udvalgte, f"Udvælgelse på baggrund af indsatsen i {b.aar}")
        render.excel_ark(writer, "Tilsynssager", b.sager, "Åbne tilsynssager")
        render.excel_ark(writer, "Resultatmål", b.rangering, f"Resultatmål {b.aar}: rangering af kommunerne")
        for navn, tabel in b.benchmark.items():
            render.excel_ark(writer, navn[:31], tabel, f"Benchmarkmålinger {b.aar}, {navn}: værdi (placering)")
    return [png, pdf, xlsx]
