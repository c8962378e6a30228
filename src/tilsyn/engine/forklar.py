"""Why a person is (not) in a month's population and (not) passive, in Danish: the same
expressions as the measures (`forloeb`, `population`, `fokusmaal.personer`), filtered to one person,
with the events in the window and the rule values with their legal references."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import ibis.expr.types as ir

from tilsyn import kommuner, tid
from tilsyn.engine.fokusmaal import personer
from tilsyn.engine.forloeb import perioder
from tilsyn.ordliste import dato_tekst, kode_tekst, maaned_navn as _m
from tilsyn.rules.i_kraft import vaerdi_tekst
from tilsyn.rules.rulebook import Rulebook


@dataclass
class Regel:
    """A rule value the explanation used, with the words for it and its source."""

    tekst: str
    path: str
    vaerdi: object
    marker: str
    reference: object  # rulebook.Reference


@dataclass
class Forklaring:
    person_id: str
    maaned: date
    kommune_kode: str | None  # the population it is in; None when outside every population
    samtale_passiv: bool | None
    tilbud_passiv: bool | None
    linjer: list[str] = field(default_factory=list)
    # the same, structured for a page: the window, the events in it and the rules used
    vindue: tuple[date, date] | None = None
    perioder: list[dict] = field(default_factory=list)
    samtaler: list[dict] = field(default_factory=list)
    tilbud: list[dict] = field(default_factory=list)
    timer: list[dict] = field(default_factory=list)
    antal_samtaler: int = 0
    timer_i_alt: float = 0.0
    forloeb_senest: date | None = None
    regler: list[Regel] = field(default_factory=list)

    @property
    def i_population(self) -> bool:
        return self.kommune_kode is not None

    def __str__(self) -> str:
        return "\n".join(self.linjer)


def _d(day: date | None) -> str:
    """A day as the pages write it (DD-MM-ÅÅÅÅ)."""
    return dato_tekst(day) if day else "løbende"


def _tal(x: float) -> str:
    """Hours the Danish way: decimal comma, no trailing zeros."""
    return f"{x:g}".replace(".", ",")


def _kommune(kode: str) -> str:
    return kommuner.navn(kode) or kode


REGEL_TEKST = {
    "forloeb.tomme_maaneder_afslutter": "Hele kalendermåneder uden ydelse, der afslutter et forløb",
    "fokusmaal.anciennitet_maaneder": "Mindste anciennitet (måneder) for at indgå i populationen",
    "fokusmaal.vindue_maaneder": "Vinduets længde (måneder)",
    "fokusmaal.samtaler.min_antal": "Mindste antal samtaler i vinduet",
    "fokusmaal.tilbud.min_timer": "Timers ordinær beskæftigelse, der fritager for et tilbud",
}


def _regel(rules: Rulebook, path: str, brugt: list[Regel] | None = None, **naar: date) -> str:
    v = rules.gaeldende(path, **naar)
    if brugt is not None and path not in {r.path for r in brugt}:
        brugt.append(Regel(REGEL_TEKST.get(path, path), path, v.value, v.marker, v.reference))
    kilde = v.reference.tekst() + (" – projektets standardvalg" if v.marker == "default" else "")
    return f"{REGEL_TEKST.get(path, path).lower()}: {vaerdi_tekst(v.value)} ({kilde})"


def _rows(expr: ir.Table) -> list[dict]:
    return expr.to_pyarrow().to_pylist()


def forklar(tables: dict[str, ir.Table], person_id: str, maaned: date, rules: Rulebook) -> Forklaring:
    """Explain person `person_id`'s standing in month `maaned` (first day of the month)."""
    maaned = tid.first_day(maaned)
    t = {
        name: table.filter(table.person_id == person_id)
        for name, table in tables.items()
        if "person_id" in table.columns
    }
    n = rules.vaerdi("fokusmaal.vindue_maaneder", maaned=maaned)
    vindue_start, sidste = tid.window(maaned, n)
    m = _m(maaned)
    linjer = [f"Person {person_id}, {m}: {n}-måneders vindue {_d(vindue_start)} – {_d(sidste)}."]
    regler: list[Regel] = []
    _regel(rules, "fokusmaal.vindue_maaneder", regler, maaned=maaned)
    _regel(rules, "fokusmaal.anciennitet_maaneder", regler, maaned=maaned)

    verdict = _rows(personer(t, maaned, maaned, rules))
    p = perioder(t["ydelser"], rules)
    periods = _rows(p.order_by("start").select("start", "slut", "ydelse", "kommune_kode", "forloeb_nr", "forloeb_start"))

    linjer.append("")
    linjer.append("Ydelsesperioder (forløb sammenlægges, medmindre en hel kalendermåned uden ydelse ligger imellem;")
    linjer.append(f"  {_regel(rules, 'forloeb.tomme_maaneder_afslutter', regler, dag=sidste)}):")
    if not periods:
        linjer.append("  ingen ydelsesperioder.")
    for r in periods:
        linjer.append(
            f"  {_d(r['start'])} – {_d(r['slut'])}: {kode_tekst(r['ydelse'])} i {_kommune(r['kommune_kode'])}, "
            f"forløb {r['forloeb_nr']} (start {_d(r['forloeb_start'])})"
        )

    anciennitet = rules.vaerdi("fokusmaal.anciennitet_maaneder", maaned=maaned)
    senest = tid.senest_forloeb_start(maaned, anciennitet)
    linjer.append("")
    linjer.append(f"Population (på {_d(sidste)}):")
    daekker = [r for r in periods if r["start"] <= sidste and (r["slut"] is None or r["slut"] >= sidste)]
    if not daekker:
        linjer.append(f"  Ingen ydelse dækker {_d(sidste)} → indgår ikke i nogen kommunes population.")
    for r in daekker:
        ok = tid.anciennitet_maaneder(r["forloeb_start"], maaned) >= anciennitet
        linjer.append(
            f"  Ydelsen på {_d(sidste)} er {kode_tekst(r['ydelse'])} i {_kommune(r['kommune_kode'])}; forløbet startede "
            f"{_d(r['forloeb_start'])}, og det skal senest være startet {_d(senest)} "
            f"({'opfyldt' if ok else 'ikke opfyldt'}; {_regel(rules, 'fokusmaal.anciennitet_maaneder', regler, maaned=maaned)})."
        )
    v = verdict[0] if verdict else None
    if v is None:
        if daekker:
            linjer.append("  → For kort anciennitet: indgår ikke i populationen.")
        result = Forklaring(person_id, maaned, None, None, None, linjer)
    else:
        k = v["kommune_kode"]
        linjer.append(f"  → Indgår i populationen for {_kommune(k)} i {m}.")
        result = Forklaring(person_id, maaned, v["kommune_kode"], v["samtale_passiv"], v["tilbud_passiv"], linjer)

    s = t["samtaler"]
    samtaler = _rows(s.filter(s.dato.between(vindue_start, sidste)).order_by("dato"))
    linjer.append("")
    linjer.append(
        f"Samtaler i vinduet (alle arter, former og kommuner): {v['samtaler'] if v else len(samtaler)}; "
        f"{_regel(rules, 'fokusmaal.samtaler.min_antal', regler, maaned=maaned)}."
    )
    for r in samtaler:
        linjer.append(f"  {_d(r['dato'])}: {kode_tekst(r['art'])}, {kode_tekst(r['form'])}, {_kommune(r['kommune_kode'])}")

    tb = t["tilbud"]
    tilbud = _rows(
        tb.filter((tb.start <= sidste) & (tb.slut.isnull() | (tb.slut >= vindue_start))).order_by("start")
    )
    linjer.append("")
    linjer.append(f"Tilbud der overlapper vinduet: {len(tilbud) or 'ingen'}.")
    for r in tilbud:
        linjer.append(f"  {_d(r['start'])} – {_d(r['slut'])}: {kode_tekst(r['art'])} i {_kommune(r['kommune_kode'])}")

    b = t["beskaeftigelse"]
    timer = _rows(b.filter(b.maaned.between(vindue_start, maaned)).order_by("maaned"))
    i_alt = v["timer"] if v else sum(r["timer"] for r in timer)
    linjer.append("")
    linjer.append(
        f"Timers beskæftigelse {_m(vindue_start)} – {m}: {_tal(i_alt)}; "
        f"{_regel(rules, 'fokusmaal.tilbud.min_timer', regler, maaned=maaned)}."
    )
    for r in timer:
        linjer.append(f"  {_m(r['maaned'])}: {_tal(r['timer'])}")

    result.vindue, result.perioder, result.samtaler, result.tilbud, result.timer = (
        (vindue_start, sidste), periods, samtaler, tilbud, timer)
    result.antal_samtaler = v["samtaler"] if v else len(samtaler)
    result.timer_i_alt, result.forloeb_senest, result.regler = i_alt, senest, regler
    if result.i_population:
        linjer.append("")
        linjer.append(
            "Samtale-passiv: " + ("ja (færre samtaler end kravet)" if result.samtale_passiv else "nej")
        )
        linjer.append(
            "Tilbuds-passiv: "
            + ("ja (intet tilbud i vinduet og for få timer)" if result.tilbud_passiv else "nej")
        )
    return result
