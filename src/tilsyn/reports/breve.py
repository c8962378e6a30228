"""The minister's letters as editable .docx (docxtpl): the selection letter to the mayor and the
acknowledgement after a redegørelse. Contexts are pure functions of the selection rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from tilsyn import afgoerelser
from tilsyn.filer import privat
from tilsyn.ordliste import rolle_tekst
from tilsyn.reports import tabeller
from tilsyn.reports.render import TEMPLATES
from tilsyn.rules.rulebook import Rulebook
from tilsyn.supervision import maskine

AFSENDER = "Beskæftigelsesministeren"
AFSENDER_ADRESSE = "Beskæftigelsesministeriet · Ved Stranden 8 · 1061 København K"


def _maal_navn(rules, maal: str, aar: int) -> str:
    """What the focus target asks of each citizen, with the year's rule values."""
    maaneder = rules.vaerdi("fokusmaal.vindue_maaneder", maaned=date(aar, 12, 1))
    if maal == "samtaler":
        return f"Mindst {rules.vaerdi('fokusmaal.samtaler.min_antal', maaned=date(aar, 12, 1))} samtaler inden for {maaneder} måneder"
    timer = tabeller.tal(float(rules.vaerdi("fokusmaal.tilbud.min_timer", maaned=date(aar, 12, 1))), 0)
    return f"Mindst ét aktivt tilbud eller {timer} timers ordinær beskæftigelse inden for {maaneder} måneder"
MAAL_TEKST = {"samtaler": "fokusmålet om samtaler", "tilbud": "fokusmålet om aktive tilbud"}
UDTAGET = ("skaerpet_tilsyn", "skaerpet_tilsyn_light")


class IkkeUdtaget(ValueError):
    """The municipality has no consequence that calls for a letter."""


def _maal_tekst(maal: list[str]) -> str:
    return " og ".join(MAAL_TEKST[m] for m in maal)


def udvaelgelse_kontekst(
    udvaelgelse: Mapping[str, Any],
    resultatmaal: Mapping[str, Any],
    dato: date,
    rules: Rulebook,
    underskriver: str = AFSENDER,
    journalnummer: str = "",
) -> dict[str, Any]:
    """The selection letter's fields from one `udvaelgelse` row and the same municipality's
    `resultatmaal` row (docs/data-format.md columns): values, limits, the consequence, the due date and the
    legal basis, with limits and consequences in force for the year; the due date is the state
    machine's redegørelse (or, light, handleplan) deadline counted from the letter date."""
    konsekvens = udvaelgelse["konsekvens"]
    if konsekvens not in UDTAGET:
        raise IkkeUdtaget(
            f"{tabeller.kommune_navn(udvaelgelse['kommune_kode'])} er ikke udtaget til skærpet tilsyn for "
            f"{udvaelgelse['aar']} (konsekvens: {konsekvens})"
        )
    aar = int(udvaelgelse["aar"])
    maal = [m for m in ("samtaler", "tilbud") if udvaelgelse[f"fails_{m}"]
            and rules.vaerdi(f"fokusmaal.{m}.konsekvens", aar=aar) != "ingen"]
    light = konsekvens == "skaerpet_tilsyn_light"
    pligt = "handleplan" if light else "redegoerelse"
    frist = maskine.frist(pligt, dato, rules)
    referencer = [rules.gaeldende(f"fokusmaal.{m}.konsekvens", aar=aar).reference.tekst() for m in maal]
    referencer.append(rules.gaeldende(maskine.FRIST_PARAMETRE[pligt], dag=dato).reference.tekst())
    kommune = tabeller.kommune_navn(udvaelgelse["kommune_kode"])
    if light:
        konsekvens_tekst = (
            f"{kommune} Kommune er derfor omfattet af skærpet tilsyn light. Arbejdsmarkedskontoret vil "
            "kontakte kommunen for en dialog om indsatsen, og herefter skal kommunen udarbejde en handleplan "
            "for, hvordan den vil genoprette indsatsen."
        )
        fokusrevision = ""
    else:
        andel = tabeller.tal(rules.vaerdi("tilsyn.fokusrevision_andel_pct", dag=dato), 0)
        konsekvens_tekst = (
            f"{kommune} Kommune er derfor udtaget til skærpet tilsyn. Det første trin er en redegørelse og en "
            "genopretningsplan fra kommunen og et møde mellem kommunen og mig. Når planen er modtaget, følger "
            "en genopretningsperiode, hvor Styrelsen for Arbejdsmarked og Rekruttering hver måned følger "
            "kommunens udvikling."
        )
        fokusrevision = (
            f"Styrelsen for Arbejdsmarked og Rekruttering vil samtidig gennemgå {andel} pct. "
            "af kommunens sager med passive borgere (fokusrevision) for at belyse, om der er gyldige grunde til, "
            "at borgerne ikke har fået samtaler eller tilbud."
        )
    return {
        "afsender": AFSENDER,
        "afsender_adresse": AFSENDER_ADRESSE,
        "underskriver": underskriver,
        "journalnummer": journalnummer,
        "dato": tabeller.dato_tekst(dato),
        "chef": rolle_tekst("jobcenterchef", dato),
        "kommune": kommune,
        "aar": aar,
        "overskrift": f"Skærpet tilsyn{' light' if light else ''} med {kommune} Kommunes beskæftigelsesindsats i {aar}",
        "maal_tekst": _maal_tekst(maal),
        "faktisk_andel": tabeller.tal(float(resultatmaal["faktisk_andel"]), 2),
        "forventet_andel": tabeller.tal(float(resultatmaal["forventet_andel"]), 2),
        "forskel": tabeller.tal(float(resultatmaal["forskel_pct_point"]), 2),
        "maal": [
            {
                "navn": _maal_navn(rules, m, aar),
                "vaerdi": tabeller.tal(float(udvaelgelse[f"vaerdi_{m}"]), 1),
                "graense": tabeller.tal(afgoerelser.fokusmaal_graense(rules, m, aar), 0),
            }
            for m in maal
        ],
        "konsekvens_tekst": konsekvens_tekst,
        "dokument_tekst": "en handleplan" if light else "en redegørelse og en genopretningsplan",
        "frist": tabeller.dato_tekst(frist),
        "frist_dato": frist,
        "fokusrevision": fokusrevision,
        "hjemmel": "; ".join(dict.fromkeys(referencer)),
    }


def kvittering_kontekst(
    kommune_kode: str,
    aar: int,
    maal: list[str],
    modtaget: date,
    dato: date,
    rules: Rulebook,
    brev_dato: date | None = None,
    underskrevet_af: str = "",
    resume: str = "",
    underskriver: str = AFSENDER,
    journalnummer: str = "",
) -> dict[str, Any]:
    """The acknowledgement's fields: when the redegørelse came, who signed it, a summary, and the end
    of the recovery period that runs from receipt (the state machine's `genopretning_slut`)."""
    slut = maskine.frist("genopretning_slut", modtaget, rules)
    maal_tekst = _maal_tekst(maal) if maal else "fokusmålene"
    return {
        "afsender": AFSENDER,
        "afsender_adresse": AFSENDER_ADRESSE,
        "underskriver": underskriver,
        "journalnummer": journalnummer,
        "dato": tabeller.dato_tekst(dato),
        "chef": rolle_tekst("jobcenterchef", dato),
        "kommune": tabeller.kommune_navn(kommune_kode),
        "aar": aar,
        "emne": f"den manglende indsats efter {maal_tekst}",
        "maal_tekst": maal_tekst,
        "brev_dato": tabeller.dato_tekst(brev_dato) if brev_dato else "",
        "modtaget": tabeller.dato_tekst(modtaget),
        "underskrevet_af": underskrevet_af,
        "resume": resume.strip().rstrip(".") + "." if resume.strip() else "",
        "genopretning_slut": tabeller.dato_tekst(slut),
        "hjemmel": rules.gaeldende(maskine.FRIST_PARAMETRE["genopretning_slut"], dag=modtaget).reference.tekst(),
    }


def skriv(skabelon: str, kontekst: dict[str, Any], path: Path | BinaryIO) -> Path | BinaryIO:
    """Fill `skabelon` (udvaelgelse or kvittering) and save an editable .docx (to a file, or a
    stream for the web)."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(TEMPLATES / f"{skabelon}.docx")
    doc.render(kontekst, autoescape=True)
    doc.save(privat(path) if isinstance(path, Path) else path)
    return path
