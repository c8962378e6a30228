"""The supervision case's state machine, pure: the state is a replay of the events.

`afspil(events)` folds `anvend` over the history; `anvend` refuses an event the state does not
allow with a Danish `UlovligHaendelse`. Deadlines come from the dated parameters in
`tilsyn.yaml`, taken as of the date of the event that started them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from tilsyn import afgoerelser, tid
from tilsyn.rules import Rulebook, rulebook

UDPEGET = "udpeget"
TRIN1 = "trin1_redegoerelse"
TRIN2 = "trin2_genopretning"
TASKFORCE = "taskforce"
FORLAENGET = "forlaenget"
ADMINISTRATION = "administration"
OPHOERT = "ophoert"
LIGHT_DIALOG = "light_dialog"
LIGHT_HANDLEPLAN = "light_handleplan"
TILSTANDE = (
    UDPEGET, TRIN1, TRIN2, TASKFORCE, FORLAENGET, ADMINISTRATION, OPHOERT, LIGHT_DIALOG,
    LIGHT_HANDLEPLAN,
)
KONSEKVENSER = {"skaerpet_tilsyn": UDPEGET, "skaerpet_tilsyn_light": LIGHT_DIALOG}
MAAL = ("samtaler", "tilbud")

# event type -> the states it may happen in (the first event, `udpeget`, opens the case)
TILLADT: dict[str, tuple[str, ...]] = {
    "brev_sendt": (UDPEGET,),
    "moede_afholdt": (TRIN1, TRIN2),
    "plan_modtaget": (TRIN1,),
    "maanedlig_opfoelgning": (TRIN2, FORLAENGET),
    "taskforce_besoeg": (TASKFORCE,),
    "evaluering": (TRIN2, FORLAENGET, ADMINISTRATION),
    "dialog_afholdt": (LIGHT_DIALOG,),
    "handleplan_modtaget": (LIGHT_HANDLEPLAN,),
    "ophoert_ved_lov": tuple(t for t in TILSTANDE if t != OPHOERT),  # every open state
}
HAENDELSER = ("udpeget", *TILLADT)
OPHOERT_VED_LOV = "ophoert_ved_lov"

TEKST = {
    UDPEGET: "udpeget",
    TRIN1: "trin 1: redegørelse",
    TRIN2: "trin 2: genopretning",
    TASKFORCE: "task force",
    FORLAENGET: "forlænget genopretning",
    ADMINISTRATION: "administration",
    OPHOERT: "ophørt",
    LIGHT_DIALOG: "light: AMK-dialog",
    LIGHT_HANDLEPLAN: "light: handleplan",
}


class SagFejl(ValueError):
    """A user error in the supervision workflow; the message is Danish and says what to do."""


class UlovligHaendelse(SagFejl):
    pass


@dataclass(frozen=True)
class Pligt:
    """A duty of the current state; `frist` None when no date is set for it."""

    pligt: str
    tekst: str
    frist: date | None


@dataclass(frozen=True)
class Forloeb:
    """What the history of one case amounts to. Only `anvend` makes these."""

    tilstand: str
    konsekvens: str
    siden: date  # the date of the event that entered the state
    brev: date | None = None
    plan: date | None = None
    udgangsvaerdier: Mapping[str, float] = field(default_factory=dict)
    sidste_maaned: date | None = None
    uden_fremgang: int = 0
    foer_taskforce: str | None = None
    forlaenget: bool = False
    sidste_evaluering: date | None = None
    moede: bool = False
    dialog: date | None = None


RETTELSE = "rettelse"


@dataclass(frozen=True)
class Rettet:
    """An event as the history reads after its corrections: the date in force and, when a
    correction changed it, the date first recorded and the corrections themselves."""

    haendelse: Any
    dato: date
    rettelser: tuple[Any, ...] = ()

    @property
    def type(self) -> str:
        return self.haendelse.type

    @property
    def payload(self) -> Mapping[str, Any]:
        return self.haendelse.payload or {}


def med_rettelser(haendelser: Iterable[Any]) -> list[Rettet]:
    """The events other than corrections, each with the date its latest correction gives it. A
    correction is an event of its own (`rettelse`, payload `retter` = the event's id and `dato`):
    the history is never overwritten."""
    haendelser = list(haendelser)
    rettelser: dict[Any, list[Any]] = {}
    for h in haendelser:
        if h.type == RETTELSE:
            rettelser.setdefault((h.payload or {}).get("retter"), []).append(h)
    ud = []
    for h in haendelser:
        if h.type == RETTELSE:
            continue
        egne = tuple(rettelser.get(getattr(h, "id", None), ()))
        dato = date.fromisoformat(egne[-1].payload["dato"]) if egne else h.dato
        ud.append(Rettet(h, dato, egne))
    return ud


def afspil(haendelser: Iterable[Any], book: Rulebook | None = None) -> Forloeb:
    """Replay events (objects with type, dato, payload) in order, each on the date its corrections
    give it; the first must be `udpeget`."""
    forloeb = None
    for h in med_rettelser(haendelser):
        forloeb = anvend(forloeb, h.type, h.dato, h.payload, book)
    if forloeb is None:
        raise SagFejl("sagen har ingen hændelser")
    return forloeb


def tilladte_haendelser(forloeb: Forloeb) -> list[str]:
    """The event types the current state allows (the buttons a user may press)."""
    return [t for t, fra in TILLADT.items() if forloeb.tilstand in fra]


def anvend(
    forloeb: Forloeb | None, type: str, dato: date, payload: Mapping[str, Any],
    book: Rulebook | None = None,
) -> Forloeb:
    """The case after one more event; UlovligHaendelse when the state does not allow it."""
    book = book or rulebook()
    if forloeb is None:
        if type != "udpeget":
            raise UlovligHaendelse(f"en sag skal begynde med hændelsen 'udpeget', ikke {type!r}")
        konsekvens = payload.get("konsekvens")
        if konsekvens not in KONSEKVENSER:
            raise SagFejl(f"konsekvens skal være en af {', '.join(KONSEKVENSER)}, ikke {konsekvens!r}")
        return Forloeb(KONSEKVENSER[konsekvens], konsekvens, dato)
    if type == "udpeget":
        raise UlovligHaendelse("sagen er allerede udpeget; en sag åbnes kun én gang")
    if type not in TILLADT:
        raise UlovligHaendelse(
            f"ukendt hændelse {type!r}; kendte hændelser: {', '.join(TILLADT)}"
        )
    if forloeb.tilstand not in TILLADT[type]:
        mulige = ", ".join(tilladte_haendelser(forloeb)) or "ingen (sagen er afsluttet)"
        raise UlovligHaendelse(
            f"hændelsen {type!r} er ikke tilladt, når sagen er i tilstanden "
            f"{TEKST[forloeb.tilstand]!r}; tilladt nu: {mulige}"
        )
    if dato < forloeb.siden:
        raise SagFejl(
            f"hændelsens dato {dato.isoformat()} ligger før sagens seneste overgang "
            f"({forloeb.siden.isoformat()})"
        )
    f = forloeb
    match type:
        case "brev_sendt":
            return replace(f, tilstand=TRIN1, siden=dato, brev=dato)
        case "moede_afholdt":
            return replace(f, moede=True)
        case "plan_modtaget":
            vaerdier = _vaerdier(payload, MAAL)
            return replace(f, tilstand=TRIN2, siden=dato, plan=dato, udgangsvaerdier=vaerdier)
        case "maanedlig_opfoelgning":
            return _opfoelgning(f, dato, payload, book)
        case "taskforce_besoeg":
            if not str(payload.get("fund") or "").strip():
                raise SagFejl("task force-besøget skal registreres med fund (tekst)")
            return replace(f, tilstand=f.foer_taskforce, siden=dato, uden_fremgang=0,
                           foer_taskforce=None)
        case "evaluering":
            return _evaluering(f, dato, payload, book)
        case "dialog_afholdt":
            return replace(f, tilstand=LIGHT_HANDLEPLAN, siden=dato, dialog=dato)
        case "handleplan_modtaget":
            return replace(f, tilstand=OPHOERT, siden=dato)
        case "ophoert_ved_lov":
            lovgrundlag(dato, book)  # refuses a day the scheme still exists
            return replace(f, tilstand=OPHOERT, siden=dato)
    raise AssertionError(type)  # every key of TILLADT has a case above


def lovgrundlag(dag: date, book: Rulebook | None = None) -> dict[str, str]:
    """The reason and legal reference an open case ends with on `dag`, from the rulebook; SagFejl
    while the scheme still exists that day."""
    v = (book or rulebook()).gaeldende("tilsyn.ordning.sager", dag=dag)
    if v.value:
        raise SagFejl(f"det statslige skærpede tilsyn findes stadig {dag.isoformat()}; en sag kan kun "
                      "ophøre ved lov fra den dag, ordningen er afskaffet")
    return {
        "begrundelse": f"Det statslige skærpede tilsyn er afskaffet fra {v.start.strftime('%d-%m-%Y')}"
                       f"{' (datoen er antaget)' if v.marker == 'default' else ''}",
        "reference": v.reference.tekst(),
    }


def _vaerdier(payload: Mapping[str, Any], tilladte: Iterable[str]) -> dict[str, float]:
    """The fokusmål values (percent) of the payload, keyed by target."""
    raw = payload.get("vaerdier") or {}
    tilladte = tuple(tilladte)
    if not raw or not isinstance(raw, Mapping) or set(raw) - set(tilladte):
        raise SagFejl(
            f"angiv fokusmålets rullende værdi i procent for {' og/eller '.join(tilladte)} "
            "(fx --tilbud 27.5)"
        )
    try:
        return {k: float(v) for k, v in raw.items()}
    except (TypeError, ValueError):
        raise SagFejl(f"fokusmålets værdier skal være tal, fik {dict(raw)}") from None


def _opfoelgning(f: Forloeb, dato: date, payload: Mapping[str, Any], book: Rulebook) -> Forloeb:
    """A month's follow-up; the N-th month in a row without progress calls the task force."""
    try:
        maaned = tid.parse_maaned(str(payload.get("maaned", "")))
    except ValueError as e:
        raise SagFejl(f"den månedlige opfølgning skal have en måned: {e}") from None
    if f.sidste_maaned and maaned <= f.sidste_maaned:
        raise SagFejl(
            f"måneden {tid.maaned_tekst(maaned)} er allerede fulgt op (seneste: "
            f"{tid.maaned_tekst(f.sidste_maaned)})"
        )
    vaerdier = _vaerdier(payload, f.udgangsvaerdier)
    if set(vaerdier) != set(f.udgangsvaerdier):
        raise SagFejl(f"opfølgningen skal have værdier for {', '.join(f.udgangsvaerdier)}")
    fremgang = any(v < f.udgangsvaerdier[k] for k, v in vaerdier.items())
    uden = 0 if fremgang else f.uden_fremgang + 1
    f = replace(f, sidste_maaned=maaned, uden_fremgang=uden)
    if uden >= book.vaerdi("tilsyn.taskforce.uden_fremgang_maaneder", dag=dato):
        return replace(f, tilstand=TASKFORCE, siden=dato, foer_taskforce=f.tilstand)
    return f


def _maaleaar(payload: Mapping[str, Any], dato: date) -> int:
    """The year the evaluated values are for: `aar` of the payload, else the last whole year before
    the evaluation (a year's values exist once it has ended). They are judged against that year's
    limits, not those of the year the evaluation happens in."""
    try:
        return int(payload.get("aar") or dato.year - 1)
    except (TypeError, ValueError):
        raise SagFejl(f"evalueringens år skal være et årstal, fik {payload.get('aar')!r}") from None


def _evaluering(f: Forloeb, dato: date, payload: Mapping[str, Any], book: Rulebook) -> Forloeb:
    """Restored -> ophoert (the resultatmål met, or every fokusmål met by `afgoerelser`); else a
    first extension when every failed target improved enough; else administration."""
    vaerdier = _vaerdier(payload, f.udgangsvaerdier)
    if set(vaerdier) != set(f.udgangsvaerdier):
        raise SagFejl(f"evalueringen skal have årets værdier for {', '.join(f.udgangsvaerdier)}")
    aar = _maaleaar(payload, dato)
    opfyldt = bool(payload.get("resultatmaal_opfyldt")) or all(
        afgoerelser.fokusmaal_opfyldt(v, k, aar, book) for k, v in vaerdier.items()
    )
    f = replace(f, siden=dato, sidste_evaluering=dato)
    if opfyldt:
        return replace(f, tilstand=OPHOERT)
    mindst = book.vaerdi("tilsyn.forlaengelse.min_forbedring_pct_point", dag=dato)
    forbedret = all(f.udgangsvaerdier[k] - v >= mindst for k, v in vaerdier.items())
    if f.tilstand == TRIN2 and forbedret and not f.forlaenget:
        return replace(f, tilstand=FORLAENGET, forlaenget=True, uden_fremgang=0)
    return replace(f, tilstand=ADMINISTRATION)


# duty -> the parameter (weeks) its deadline runs from the event that starts it
FRIST_PARAMETRE = {
    "redegoerelse": "tilsyn.redegoerelse_uger",
    "fokusrevision": "tilsyn.redegoerelse_uger",
    "genopretning_slut": "tilsyn.genopretning_uger",
    "evaluering": "tilsyn.evaluering_uger",
    "forlaengelse": "tilsyn.forlaengelse.uger",
    "handleplan": "tilsyn.light.handleplan_uger",
}


def frist(pligt: str, start: date, book: Rulebook | None = None) -> date:
    """The due date of `pligt` (a key of FRIST_PARAMETRE) when the event starting it happened on
    `start`, by the value in force that day. The letters ask here, so they say what the case says."""
    book = book or rulebook()
    return tid.weeks_after(start, book.vaerdi(FRIST_PARAMETRE[pligt], dag=start))


def frister(f: Forloeb, book: Rulebook | None = None) -> list[Pligt]:
    """The duties of the current state and their due dates, from the parameters in force on
    the day each clock started."""
    book = book or rulebook()

    match f.tilstand:
        case "udpeget":
            return [Pligt("ministerbrev", "ministerens brev til borgmesteren", None)]
        case "trin1_redegoerelse":
            out = [
                Pligt("redegoerelse", "redegørelse og genopretningsplan", frist("redegoerelse", f.brev, book)),
                Pligt("fokusrevision", "fokusrevision af de passive sager", frist("fokusrevision", f.brev, book)),
            ]
            if not f.moede:
                out.append(Pligt("ministermoede", "møde med beskæftigelsesministeren", None))
            return out
        case "trin2_genopretning":
            naeste = tid.add_months(f.sidste_maaned or tid.first_day(f.plan), 1)
            out = [
                Pligt("maanedlig_opfoelgning", f"opfølgning for {tid.maaned_tekst(naeste)}", None),
                Pligt("genopretning_slut", "genopretningsperioden slutter", frist("genopretning_slut", f.plan, book)),
                Pligt("evaluering", "evaluering på årets tal", frist("evaluering", f.brev, book)),
            ]
            if not f.moede:
                out.append(Pligt("ministermoede", "møde med beskæftigelsesministeren", None))
            return out
        case "taskforce":
            return [Pligt("taskforce_besoeg", "obligatorisk besøg af STAR's task force", None)]
        case "forlaenget":
            naeste = tid.add_months(f.sidste_maaned or tid.first_day(f.siden), 1)
            return [
                Pligt("maanedlig_opfoelgning", f"opfølgning for {tid.maaned_tekst(naeste)}", None),
                Pligt("evaluering", "evaluering efter forlængelsen",
                      frist("forlaengelse", f.sidste_evaluering, book)),
            ]
        case "administration":
            return [
                Pligt("fokusrevision", "fokusrevision af alle passive sager", None),
                Pligt("evaluering", "evaluering på årets tal", frist("evaluering", f.sidste_evaluering, book)),
            ]
        case "light_dialog":
            return [Pligt("amk_dialog", "dialog med AMK", None)]
        case "light_handleplan":
            return [Pligt("handleplan", "handleplan for genopretning af indsatsen",
                          frist("handleplan", f.dialog, book))]
    return []
