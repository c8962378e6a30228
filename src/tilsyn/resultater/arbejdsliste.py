"""The worklist for people (caseworkers, team leaders): the `frister` rows of docs/data-format.md with what a
person reads instead of codes — the requirement's Danish text from the rulebook, the citizen's
name (never a full CPR number), "28 dage over fristen", who covers for whom, the line's note — and
the per-caseworker summary. Web pages and the people's exports (CSV for Danish Excel, .xlsx) use
these; the machine-readable CSV keeps the codes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from tilsyn import tid
from tilsyn.ordliste import (AABEN, AT_GOERE, BINDENDE_AT_GOERE, FORFALDEN_SNART, KVOTE, KVOTEPLAN_STATUS_TEKST,
                             OVERSKREDET, STATUS_TEKST, STATUSSER)
from tilsyn.rules.normer import er_lokal, lokale_normer
from tilsyn.rules.rulebook import Rulebook

MARKERINGER = {"booket": "Booket", "holdt": "Holdt – afventer registrering", "ikke_relevant": "Ikke relevant"}
# Marks that take a line off the list: the duty is done (or does not apply) but the data does not
# show it yet. The note is kept against the line's due date: once a delivery shows the event, the
# line moves on to its next deadline and the note is left behind.
AFSLUTTENDE = ("holdt", "ikke_relevant")
# The columns of the people's exports, in order, with their Danish headers.
KOLONNER_MENNESKER = {
    "borger": "Borger",
    "navn": "Navn",
    "krav_tekst": "Hvad skal ske",
    "frist": "Frist",
    "dage_tilbage": "Dage",
    "status_tekst": "Status",
    "aftale_tekst": "Aftale",
    # the quota plan of a quota line (`med_plan`): the web's "Nødvendig for kvoten", its urgency and
    # the unit's (team's or municipality's) "mangler N inden DD-MM", and how many of those needed
    # the line's responsible caseworker holds; empty on other lines
    "noedvendig": "Nødvendig for kvoten",
    "hast_tekst": "Kvotens hast",
    "kvote_behov": "Mangler til kvoten",
    "kvote_inden": "Mangler inden",
    "ansvarliges_noedvendige": "Heraf den ansvarliges",
    "ansvar_tekst": "Ansvarlig",
    "note_tekst": "Note",
    "lokal_norm": "Lokal norm",
    "forbehold": "Forbehold",
}
_CPR = re.compile(r"^(\d{6})-?(\d{4})$")


@dataclass(frozen=True)
class Note:
    """A caseworker's mark on a line before the next delivery (workflow store, never the data)."""

    markering: str
    dato: date
    tekst: str
    brugernavn: str


def linje_noegle(r: Mapping) -> tuple:
    """What a note is kept against: the citizen, the requirement and its due date."""
    return r["person_id"], r["krav_id"], r["frist"]


def borger(person_id: str) -> str:
    """The id as shown: a CPR number only as its birth date part (DDMMÅÅ-xxxx)."""
    m = _CPR.match(person_id or "")
    return f"{m.group(1)}-xxxx" if m else person_id


def dage_tekst(dage: int | None, kvote: bool = False) -> str:
    """Days left to the deadline; for a quota requirement, to the end of its window."""
    if dage is None:
        return ""
    if kvote:
        return "Vinduet slutter i dag" if dage == 0 else f"{dage} {'dag' if dage == 1 else 'dage'} tilbage af vinduet"
    if dage < 0:
        return f"{-dage} {'dag' if dage == -1 else 'dage'} over fristen"
    if dage == 0:
        return "Fristen er i dag"
    return f"{dage} {'dag' if dage == 1 else 'dage'} tilbage"


Tekster = Mapping[str, list[tuple[date, str, str]]]


def krav_tekster(rules: Rulebook, kommune: str | None = None) -> dict[str, list[tuple[date, str, str]]]:
    """krav_id -> [(the regime's first day, its text, its `forbehold`)], ascending, for the law and
    the local norms. `forbehold` is what the rulebook says is unconfirmed about a requirement carried
    forward without a source (e.g. "ikke bekræftet efter lov nr. 1750 af 29. december 2025"), else ""."""
    from tilsyn.engine.frister import KRAV_PARAMETRE  # the engine's module: the web starts without Ibis

    kilder = [rules.dagvaerdier(path) for path in KRAV_PARAMETRE.values()]
    if kommune:
        kilder += list(lokale_normer(kommune).values())
    ud: dict[str, list[tuple[date, str]]] = {}
    for values in kilder:
        for v in values:
            for k in v.value:
                ud.setdefault(k["id"], []).append((v.start, k.get("tekst") or k["hjemmel"], k.get("forbehold", "")))
    return {kid: sorted(t) for kid, t in ud.items()}


def kvote_tekster(rules: Rulebook, maaned: date) -> dict[str, str]:
    """krav_id -> the requirement's Danish text in the regime in force on the month's last day
    (the kvoteopfyldelse's headings)."""
    tekster, dag = krav_tekster(rules), tid.last_day(maaned)
    return {kid: krav_tekst(tekster, {"krav_id": kid, "frist": dag, "art": None, "hjemmel": None, "status": None})
            for kid in tekster}


def _regime(tekster: Tekster, r: Mapping) -> tuple[date, str, str] | None:
    """The entry of the regime the line's due date fell in (docs/frister.md's regime rule); the latest
    earlier one for a tilbud moved past its regime by an exemption; None when there is no text."""
    mulige = tekster.get(r["krav_id"]) if r["krav_id"] else None
    if not mulige:
        return None
    foer = [m for m in mulige if r["frist"] is None or m[0] <= r["frist"]]
    return foer[-1] if foer else mulige[0]


def krav_tekst(tekster: Tekster, r: Mapping) -> str:
    """The requirement's text in the regime its due date fell in (docs/frister.md's regime rule); the
    latest earlier one for a tilbud moved past its regime by an exemption. A requirement the
    rulebook has no text for reads as its kind and legal reference, never its internal id. A quota
    requirement reads "Tæller med i kvoten: <text>, vindue til DD-MM-ÅÅÅÅ"."""
    if not r["krav_id"]:
        return "Ingen frist lige nu"
    regime = _regime(tekster, r)
    if regime is None:
        return f"{(r['art'] or 'krav').capitalize()} ({r['hjemmel']})" if r["hjemmel"] else (r["art"] or "Krav").capitalize()
    tekst = regime[1]
    if r["status"] == KVOTE:  # the group's share, not the citizen's deadline: say so, with the window
        return f"{STATUS_TEKST[KVOTE]}: {tekst}, vindue til {r['frist']:%d-%m-%Y}"
    return tekst


def ansvar_tekst(r: Mapping, navne: Mapping[str, str]) -> str:
    """Who works the line, read the right way round: "Dækkes af X (vikar for Y)"."""
    def navn(s: str | None) -> str:
        return navne.get(s) or s or ""

    if r["daekket_af_vikar"]:
        return f"Dækkes af {navn(r['ansvarlig_id'])} (vikar for {navn(r['sagsbehandler_id'])})"
    if r["ansvarlig_id"] is None:
        if r["sagsbehandler_id"]:
            return f"Ingen: {navn(r['sagsbehandler_id'])} er fraværende uden vikar"
        return "Ingen sagsbehandler"
    return navn(r["ansvarlig_id"])


def _aftale_tekst(r: Mapping) -> str:
    if r["status"] not in AT_GOERE:
        return ""
    return "Mangler aftale" if r["mangler_aftale"] else "Aftale booket"


def til_mennesker(
    rows: Iterable[Mapping], tekster: Tekster, sagsbehandlere: Mapping[str, str],
    personnavne: Mapping[str, str] | None = None, noter: Mapping[tuple, Note] | None = None,
    statusser: Mapping[str, str] = STATUS_TEKST,
) -> list[dict]:
    """The rows with the people's columns added (`KOLONNER_MENNESKER` but the plan's, and `note`);
    `statusser` the day's status words (`afgoerelser.status_tekster`)."""
    personnavne, noter = personnavne or {}, noter or {}
    return med_noter((menneske(r, tekster, sagsbehandlere, personnavne, statusser) for r in rows), noter)


def menneske(
    r: Mapping, tekster: Tekster, sagsbehandlere: Mapping[str, str], personnavne: Mapping[str, str],
    statusser: Mapping[str, str] = STATUS_TEKST,
) -> dict:
    """One row with the people's columns, without a note (the web keeps these per result table and
    adds the notes, which change between requests, with `med_note`)."""
    return {
        **r,
        "borger": borger(r["person_id"]),
        "navn": personnavne.get(r["person_id"], ""),
        "krav_tekst": krav_tekst(tekster, r),
        "dage_tekst": dage_tekst(r["dage_tilbage"], r["status"] == KVOTE),
        "status_tekst": statusser[r["status"]],
        "aftale_tekst": _aftale_tekst(r),
        "ansvar_tekst": ansvar_tekst(r, sagsbehandlere),
        "lokal_norm": er_lokal(r["krav_id"]),
        "forbehold": (_regime(tekster, r) or (None, "", ""))[2],
        "note": None,
        "note_tekst": "",
    }


def med_note(linje: dict, noter: Mapping[tuple, Note]) -> dict:
    """The line with its note (a new dict; the line itself when it has none). A note is shown
    while its line is on the list; a "booket" note no longer once the data shows the booking, and
    until then the line reads as booked."""
    note = noter.get(linje_noegle(linje)) if linje["krav_id"] and noter else None
    if note and note.markering == "booket" and not linje["mangler_aftale"]:
        note = None
    if note is None:
        return linje
    ud = {**linje, "note": note, "note_tekst": f"{MARKERINGER[note.markering]} {note.dato:%d-%m-%Y}"
          + (f": {note.tekst}" if note.tekst else "")}
    if note.markering == "booket":
        ud |= {"mangler_aftale": False, "aftale_tekst": "Aftale booket"}
    return ud


def med_noter(linjer: Iterable[dict], noter: Mapping[tuple, Note]) -> list[dict]:
    """The lines with their notes, without those marked done (`AFSLUTTENDE`): what the list, its
    counts and its summary are made of."""
    if not noter:
        return list(linjer)
    ud = (med_note(r, noter) for r in linjer)
    return [r for r in ud if r["note"] is None or r["note"].markering not in AFSLUTTENDE]


SUMMER = ("aabne", "overskredne", "forfalder_snart", "uden_aftale")


def pr_sagsbehandler(linjer: Iterable[Mapping], rettidighed: Mapping[str, float | None] | None = None) -> list[dict]:
    """The team leader's summary: per responsible caseworker (nobody last) the open duties (the
    lines to work on: overdue, due soon, open), overdue, due within 14 days, without a booked
    meeting, and last month's rettidighed of their own caseload (samtaler and tilbud together)."""
    grupper: dict[str | None, dict] = {}
    for r in linjer:  # tens of thousands of lines for a whole municipality: no dict made per line
        if (g := grupper.get(r["ansvarlig_id"])) is None:
            g = grupper[r["ansvarlig_id"]] = {"ansvarlig_id": r["ansvarlig_id"], **dict.fromkeys(SUMMER, 0)}
        if r["status"] in BINDENDE_AT_GOERE:
            g["aabne"] += 1
            g["uden_aftale"] += bool(r["mangler_aftale"])
        g["overskredne"] += r["status"] == OVERSKREDET
        g["forfalder_snart"] += r["status"] == FORFALDEN_SNART
    for g in grupper.values():
        g["rettidighed_pct"] = (rettidighed or {}).get(g["ansvarlig_id"])
    return list(grupper.values())


# A quota line sorts among the deadlines by its window's end: overdue first, then what is due or
# closes soonest, then exempted and lines without a deadline.
_RANG = {OVERSKREDET: 0, FORFALDEN_SNART: 1, AABEN: 1, KVOTE: 1}


def orden(r: Mapping) -> tuple:
    """Most urgent first: overdue, then by due date (a quota line by its window's end; the lines
    needed for the quota before the others of the same day), the rest last."""
    return (_RANG.get(r["status"], 2 + STATUSSER.index(r["status"])), r["frist"] or date.max,
            not r.get("noedvendig"), r["person_id"], r["krav_id"] or "")


# The quota plan on the worklist (docs/kvoter.md "Kvoteplan"): the plan's persons joined to the
# quota lines, the unit's "mangler N inden DD-MM" and the urgency of each quota line.
HAST_TEKST = {"akut": "Nødvendig for kvoten – vinduet lukker snart", "noedvendig": "Nødvendig for kvoten",
              "booket": "Aftale i data når kravet", "senere": "Ikke nødvendig for kvoten endnu"}


def kvote_hast(noedvendig: bool, booket: bool, dage: int | None, snart: int) -> str:
    """A quota line's urgency (its colour): needed for the quota and closing within `snart` days
    `akut`; needed `noedvendig`; a booking in the data that reaches it `booket`; else `senere`."""
    if noedvendig:
        return "akut" if dage is not None and dage <= snart else "noedvendig"
    return "booket" if booket else "senere"


@dataclass(frozen=True)
class Planen:
    """The quota plan of a worklist's unit (a team or the municipality), as its lines are joined to it:
    per open window (`linje_noegle`; a quota line's `frist` is its window end) its month, the month's
    last day and whether it is needed and booked; the unit's `behov` per quota and month; and per
    quota, month and caseworker how many of the needed they hold (as owner or covering). Empty
    before the quotas."""

    vinduer: dict[tuple, tuple[str, date, bool, bool]] = field(default_factory=dict)
    behov: dict[tuple[str, str], int] = field(default_factory=dict)
    hos: Counter = field(default_factory=Counter)


def noedvendige_hos(personer: Iterable[Mapping]) -> Counter:
    """(krav_id, maaned, caseworker) -> how many of the persons needed for the quota are theirs: the
    caseload's owner's and, when another covers, the covering caseworker's."""
    hos: Counter = Counter()
    for p in personer:
        if p["status"] == "aaben" and p["noedvendig"]:
            for s in {p["ansvarlig_id"], p["sagsbehandler_id"]} - {None}:
                hos[p["krav_id"], p["maaned"], s] += 1
    return hos


def planen(personer: Iterable[Mapping], enhed: Iterable[Mapping]) -> Planen:
    """`Planen` of the unit from its `kvoteplan_personer` rows and its own `kvoteplan` rows."""
    personer = list(personer)
    slut = {m: _maanedens_slut(m) for m in {p["maaned"] for p in personer}}
    return Planen({(p["person_id"], p["krav_id"], p["vinduets_slut"]): (p["maaned"], slut[p["maaned"]], p["noedvendig"],
                                                                        p["booket"])
                   for p in personer if p["status"] == "aaben"},
                  {(r["krav_id"], r["maaned"]): r["behov"] for r in enhed}, noedvendige_hos(personer))


def _maanedens_slut(maaned: str) -> date:
    aar, md = map(int, maaned.split("-"))
    return tid.last_day(date(aar, md, 1))


def med_plan(linjer: Iterable[dict], plan: Planen, snart: int) -> list[dict]:
    """The lines with the plan on their quota lines (`noedvendig`, `hast`, `kvote_behov`, `kvote_inden`,
    `ansvarliges_noedvendige`, `plan_booket` and `hast_tekst`; new dicts), sorted by `orden` (the
    needed first on a day). Made for the whole list before it is filtered or cut, so a line beyond
    what a page shows keeps its plan."""
    if not plan.vinduer:
        return list(linjer)
    ud = []
    for r in linjer:
        if r["status"] == KVOTE and (fundet := plan.vinduer.get(linje_noegle(r))) is not None:
            maaned, inden, noedvendig, booket = fundet
            hast = kvote_hast(noedvendig, booket, r["dage_tilbage"], snart)
            r = {**r, "noedvendig": noedvendig, "plan_booket": booket, "hast": hast, "hast_tekst": HAST_TEKST[hast],
                 "kvote_behov": plan.behov.get((r["krav_id"], maaned)), "kvote_inden": inden,
                 "ansvarliges_noedvendige": plan.hos[r["krav_id"], maaned, r["ansvarlig_id"]]}
        ud.append(r)
    return sorted(ud, key=orden)


def mangler(plan: Iterable[Mapping], personer: Iterable[Mapping], noter: Mapping[tuple, Note],
            tekster: Mapping[str, str], egen: str | None = None) -> list[dict]:
    """The unit's "mangler N inden DD-MM" per quota and month with persons (`kvoteplan` rows of one
    unit): `behov`, the window's month end, the bookings in the data (`booket`), the open windows
    marked "booket" on the worklist since the delivery (`markeret`), what still has no booking
    (`uden_aftale`), and with `egen` (a caseworker) how many of the needed are theirs (`egne`)."""
    personer = list(personer)
    aabne = [p for p in personer if p["status"] == "aaben" and not p["booket"]]
    hos = noedvendige_hos(personer) if egen is not None else Counter()
    ud = []
    for r in plan:
        if not r["personer"]:
            continue
        mine = [p for p in aabne if p["krav_id"] == r["krav_id"] and p["maaned"] == r["maaned"]]
        markeret = sum(1 for p in mine if (n := noter.get((p["person_id"], p["krav_id"], p["vinduets_slut"])))
                       and n.markering == "booket")
        ud.append({**r, "tekst": tekster.get(r["krav_id"], r["krav_id"]), "inden": _maanedens_slut(r["maaned"]),
                   "markeret": markeret, "uden_aftale": max(0, r["behov"] - r["booket"] - markeret),
                   "status_tekst": KVOTEPLAN_STATUS_TEKST.get(r["status"], ""),
                   "egne": None if egen is None else hos[r["krav_id"], r["maaned"], egen]})
    return sorted(ud, key=lambda m: (m["inden"], m["krav_id"]))



def rettidighed_pr_sagsbehandler(rettidighed: Iterable[Mapping]) -> dict[str, float | None]:
    """sagsbehandler_id -> the month's rettidighed in %, samtaler and tilbud together (the
    `rettidighed` rows at niveau sagsbehandler; None when nothing fell due)."""
    tal: dict[str, list[int]] = {}
    for r in rettidighed:
        if r["niveau"] == "sagsbehandler" and r["sagsbehandler_id"]:
            t = tal.setdefault(r["sagsbehandler_id"], [0, 0])
            t[0] += r["rettidige"]
            t[1] += r["antal_frister"] - r["fritaget"]
    return {s: round(100 * a / n, 2) if n else None for s, (a, n) in tal.items()}
