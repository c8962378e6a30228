"""The follow-up note on the fokusmål: Figure 1, Table 1, Table A1 and the AMK contacts,
as PDF and as an Excel workbook with the same content."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from tilsyn import celler, tid
from tilsyn.filer import privat
from tilsyn.ordliste import KONSEKVENS_TEKST
from tilsyn.reports import figurer, render, tabeller
from tilsyn.resultater.arbejdsliste import kvote_tekster
from tilsyn.rules.rulebook import Rulebook


@dataclass(frozen=True)
class Opfoelgning:
    aar: int
    seneste: date
    serie: pd.DataFrame
    tabel1: pd.DataFrame
    tabel_a1: pd.DataFrame
    kontakter: pd.DataFrame
    udvalgte: pd.DataFrame
    udvaelgelse: pd.DataFrame
    model_version: str
    daekning: str  # how far the data goes, as the note states it
    rules: Rulebook
    udvikling: pd.DataFrame | None = None  # Table A2: the development in dagpenge recipients
    udvikling_maaned: date | None = None
    kvoter: pd.DataFrame | None = None  # Table A3: the kvoteopfyldelse (lov 1750/2025)
    kvote_maaned: date | None = None


def byg(
    fokusmaal: pd.DataFrame,
    resultatmaal: pd.DataFrame,
    udvaelgelse: pd.DataFrame,
    kontakter: Iterable[Any],
    aar: int,
    rules: Rulebook,
    daekning: str = "",
    udvikling: pd.DataFrame | None = None,
    udvikling_maaned: date | None = None,
    kvoter: pd.DataFrame | None = None,
    kvote_maaned: date | None = None,
) -> Opfoelgning:
    """The note's content for year `aar` from the monthly fokusmål (docs/data-format.md columns, any months up to
    the year's end), the year's resultatmål and selection, and the AMK contacts."""
    seneste = tabeller.seneste_maaned(fokusmaal, aar)
    versions = sorted(set(resultatmaal["model_version"].astype(str)))
    return Opfoelgning(
        aar=aar,
        seneste=seneste,
        serie=tabeller.national_serie(fokusmaal[pd.to_datetime(fokusmaal["maaned"]).dt.date <= seneste], rules),
        tabel1=tabeller.tabel1(fokusmaal, resultatmaal, seneste, rules),
        tabel_a1=tabeller.tabel_a1(fokusmaal, udvaelgelse, seneste),
        kontakter=tabeller.kontakt_tabel(kontakter),
        udvalgte=tabeller.udvalgte(udvaelgelse),
        udvaelgelse=udvaelgelse,
        model_version=", ".join(versions),
        daekning=daekning,
        rules=rules,
        udvikling=None if udvikling is None else tabeller.udvikling(udvikling),
        udvikling_maaned=udvikling_maaned,
        kvoter=None if kvoter is None else tabeller.kvoter(kvoter, kvote_tekster(rules, kvote_maaned)),
        kvote_maaned=kvote_maaned,
    )


def figur1(note: Opfoelgning, path: Path) -> Path:
    return figurer.gem(figurer.figur_national(note.serie), path)


def skriv_pdf(note: Opfoelgning, figur1_png: Path, path: Path, dato: date) -> Path:
    slut = date(note.aar, 12, 31)  # the year's consequences are those in force on 31 December
    seneste = note.serie.iloc[-1]
    return render.pdf(
        "opfoelgning.html.j2",
        {
            "aar": note.aar,
            "dato": tabeller.dato_tekst(dato),
            "fra": tabeller.maaned_navn(note.serie["maaned"].iloc[0]),
            "til": tabeller.maaned_navn(note.serie["maaned"].iloc[-1]),
            "seneste": tabeller.maaned_navn(note.seneste),
            "figur1": figur1_png.resolve().as_uri(),
            "national_samtaler": seneste["andel_samtaler"],
            "national_tilbud": seneste["andel_tilbud"],
            "graense_samtaler": tabeller.graense(note.rules, "samtaler", note.seneste),
            "graense_tilbud": tabeller.graense(note.rules, "tilbud", note.seneste),
            "konsekvens_samtaler": _konsekvens(note.rules, "samtaler", slut),
            "konsekvens_tilbud": _konsekvens(note.rules, "tilbud", slut),
            "n_kommuner": len(note.tabel_a1),
            "n_samtaler": int(note.udvaelgelse["fails_samtaler"].sum()),
            "n_resultat": int(note.udvaelgelse["fails_resultat"].sum()),
            "n_bistand": int((note.kontakter["Ønsker kommunen bistand"] == "Ja").sum()),
            "tabel1": note.tabel1,
            "tabel_a1": note.tabel_a1,
            "kontakter": note.kontakter,
            "udvalgte": note.udvalgte,
            "model_version": note.model_version,
            "daekning": note.daekning,
            "udvikling": note.udvikling,
            "udvikling_maaned": tabeller.maaned_navn(note.udvikling_maaned) if note.udvikling_maaned else "",
            "kvoter": note.kvoter,
            "kvote_maaned": tabeller.maaned_navn(note.kvote_maaned) if note.kvote_maaned else "",
        },
        path,
    )


def _konsekvens(rules: Rulebook, maal: str, day: date) -> str:
    kode = rules.vaerdi(f"fokusmaal.{maal}.konsekvens", aar=day.year)
    return KONSEKVENS_TEKST[kode] if kode != "ingen" else "ingen konsekvens"


def serie_ark(serie: pd.DataFrame) -> pd.DataFrame:
    """Figure 1's data with Danish headers."""
    return pd.DataFrame(
        {
            "Måned": [tid.maaned_tekst(m) for m in serie["maaned"]],
            "Population (antal)": serie["population"],
            "Passiv andel, samtaler (pct.)": serie["andel_samtaler"],
            "Grænseværdi, samtaler (pct.)": serie["graense_samtaler"],
            "Passiv andel, tilbud (pct.)": serie["andel_tilbud"],
            "Grænseværdi, tilbud (pct.)": serie["graense_tilbud"],
        }
    )


def skriv_excel(note: Opfoelgning, path: Path, figur1_png: Path | None = None) -> Path:
    seneste = tabeller.maaned_navn(note.seneste)
    with celler.excel(privat(path)) as writer:
        sheet = render.excel_ark(writer, "Figur 1", serie_ark(note.serie),
                                 "Figur 1. Landsgennemsnit for andel af borgere, som ikke opfylder fokusmålene")
        if figur1_png is not None:
            sheet.insert_image(2, 8, str(figur1_png), {"x_scale": 0.5, "y_scale": 0.5})
        render.excel_ark(writer, "Tabel 1", note.tabel1,
                         f"Tabel 1. Kommuner som ikke opfylder fokusmålet om tilbud, {seneste}")
        render.excel_ark(writer, "Tabel A1", note.tabel_a1,
                         "Tabel A1. Fokusmålene de seneste tre måneder for alle kommuner (gns. passiv andel de seneste 12 mdr., pct.)")
        render.excel_ark(writer, "Kontakter", note.kontakter, "Tabel 2. Kontakt og indsats i kommunerne")
        if note.udvikling is not None:
            render.excel_ark(writer, "Tabel A2", note.udvikling, "Tabel A2. Udvikling i antal dagpengemodtagere "
                             f"(fuldtidspersoner på a-dagpenge mv.), {tabeller.maaned_navn(note.udvikling_maaned)}")
        if note.kvoter is not None:
            render.excel_ark(writer, "Tabel A3", note.kvoter,
                             f"Tabel A3. Kvoteopfyldelse, hele landet, {tabeller.maaned_navn(note.kvote_maaned)}")
    return path


def skriv(note: Opfoelgning, out_dir: Path, dato: date) -> list[Path]:
    """figur1.png, opfoelgning-YYYY.pdf and opfoelgning-YYYY.xlsx in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    png = figur1(note, out_dir / "figur1.png")
    return [
        png,
        skriv_pdf(note, png, out_dir / f"opfoelgning-{note.aar}.pdf", dato),
        skriv_excel(note, out_dir / f"opfoelgning-{note.aar}.xlsx", png),
    ]
