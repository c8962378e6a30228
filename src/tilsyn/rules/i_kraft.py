"""The rule values in force on a day, as people read them: what `tilsyn regler` prints and the
page "Regler i kraft" shows, so a caseworker or a legal adviser can see which law a deadline
follows. Shaped once here; the CLI and the web only lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tilsyn.rules.rulebook import Parameter, Reference, Rulebook, Value, rulebook

# The rulebook's units (ASCII-folded) as a number is read aloud; a count or a share needs none.
ENHED_TEKST = {"maaneder": "måneder", "antal": "", "andel": "", "procent": "%"}


class UkendtSti(ValueError):
    """No parameter has the asked prefix; the message names the prefixes there are."""


@dataclass(frozen=True)
class RegelIKraft:
    sti: str
    beskrivelse: str
    enhed: str | None
    vaerdi: Any
    vaerdi_tekst: str
    fra: date
    naeste_aendring: date | None
    marker: str
    reference: Reference
    note: str | None


def regler_i_kraft(dag: date, sti: str | None = None, book: Rulebook | None = None) -> list[RegelIKraft]:
    """Every parameter below `sti` (a dotted prefix: `kontaktforloeb` or `kontaktforloeb.krav`)
    with the value in force on `dag`, its source and the day it next changes. A parameter with no
    value yet on that day (the rulebook starts 2016) is left out."""
    book = book or rulebook()
    valgte = [p for p in book.parameters.values() if _under(p.path, sti)]
    if not valgte:
        toppe = sorted({p.split(".")[0] for p in book.parameters})
        raise UkendtSti(f"ingen regler under {sti!r}; vælg en af: {', '.join(toppe)}")
    rows = []
    for p in sorted(valgte, key=lambda p: p.path):
        try:
            v = p.on(dag)
        except LookupError:
            continue
        rows.append(_raekke(p, v, dag))
    return rows


def _under(path: str, sti: str | None) -> bool:
    return not sti or path == sti or path.startswith(sti.rstrip(".") + ".")


def _raekke(p: Parameter, v: Value, dag: date) -> RegelIKraft:
    senere = [x.start for x in p.values if x.start > dag]
    return RegelIKraft(
        sti=p.path, beskrivelse=p.description, enhed=p.unit, vaerdi=v.value,
        vaerdi_tekst=vaerdi_tekst(v.value, p.unit), fra=v.start,
        naeste_aendring=min(senere) if senere else None, marker=v.marker, reference=v.reference, note=v.note,
    )


def vaerdi_tekst(value: Any, enhed: str | None = None) -> str:
    """A rule value in Danish: ja/nej, decimal comma, lists joined, a requirement by its label (or
    id) with its window and count."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float)):
        tal = f"{value}".replace(".", ",")
        enhed = ENHED_TEKST.get(enhed, enhed)
        return f"{tal} {enhed}" if enhed else tal
    if isinstance(value, list):
        if not value:
            return "ingen"
        if all(isinstance(x, dict) for x in value):
            return "\n".join(_krav_tekst(x) for x in value)
        return ", ".join(vaerdi_tekst(x) for x in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {vaerdi_tekst(v)}" for k, v in value.items()) or "ingen"
    return "" if value is None else str(value)


def _krav_tekst(krav: dict) -> str:
    """One requirement of a list (kontaktforløb, ret og pligt) in words: its label (else its id),
    the count in its window of weeks, the målgrupper and the hjemmel; other fields as they are."""
    kendte = ("label", "id", "min_count", "from_week", "to_week", "maalgrupper", "kvote", "holdes_af", "hjemmel")
    dele = []
    if "min_count" in krav:
        dele.append(f"mindst {krav['min_count']}")
    if "from_week" in krav or "to_week" in krav:
        dele.append(f"uge {vaerdi_tekst(krav.get('from_week', 0))}–{vaerdi_tekst(krav.get('to_week'))}")
    if krav.get("maalgrupper"):
        dele.append(f"målgruppe {vaerdi_tekst(krav['maalgrupper'])}")
    dele.append(kvote_tekst(krav.get("kvote")))
    if krav.get("holdes_af"):
        dele.append(f"holdes af {HOLDES_AF_TEKST[krav['holdes_af']]}")
    dele += [f"{k}: {vaerdi_tekst(v)}" for k, v in krav.items() if k not in kendte]
    if krav.get("hjemmel"):
        dele.append(str(krav["hjemmel"]))
    navn = krav.get("label") or krav.get("id") or ""
    return f"{navn}: {', '.join(dele)}" if navn else ", ".join(dele)


HOLDES_AF_TEKST = {"kommune": "kommunen", "a_kasse": "a-kassen"}


def kvote_tekst(kvote: dict | None) -> str:
    """Binding or quota, as a legal adviser says it: "bindende" (a deadline for every citizen) or
    "kvote: 75 % af gruppen, holdes af a-kassen"."""
    if not kvote:
        return "bindende"
    andel = f"{kvote['andel'] * 100:g}".replace(".", ",")
    return f"kvote: {andel} % af gruppen, holdes af {HOLDES_AF_TEKST[kvote['holdes_af']]}"
