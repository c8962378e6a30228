"""The words users read for the codes results carry: the worklist's statuses and the selection's
consequences, each in its order (most urgent, strongest first) with its Danish label. Defined once;
the engine, the CLI, the web, the API and the reports use these."""

from __future__ import annotations

from datetime import date

from tilsyn.rules.rulebook import Rulebook, rulebook

OVERSKREDET, FORFALDEN_SNART, AABEN, FRITAGET, KVOTE, UDEN_FRIST = (
    "overskredet", "forfalden_snart", "aaben", "fritaget", "kvote", "uden_frist")
STATUS_TEKST = {
    OVERSKREDET: "Overskredet",
    # before the next list; how many days is the rulebook's (`afgoerelser.status_tekster` says them)
    FORFALDEN_SNART: "Forfalder snart",
    AABEN: "Åben",
    FRITAGET: "Fritaget",
    # a quota requirement (lov 1750/2025) in its window: it counts towards the group's share, it
    # is never overdue for the citizen (after the binding statuses)
    KVOTE: "Tæller med i kvoten",
    UDEN_FRIST: "Uden frist",
}
STATUSSER = tuple(STATUS_TEKST)  # most urgent first
BINDENDE_AT_GOERE = (OVERSKREDET, FORFALDEN_SNART, AABEN)  # a binding duty still to be done
AT_GOERE = (*BINDENDE_AT_GOERE, KVOTE)  # a meeting still to book (a quota's within its window)

SKAERPET, LIGHT, RISIKOZONE, INGEN = "skaerpet_tilsyn", "skaerpet_tilsyn_light", "risikozone", "ingen"
KONSEKVENS_TEKST = {
    SKAERPET: "Skærpet tilsyn",
    LIGHT: "Skærpet tilsyn light",
    RISIKOZONE: "Risikozone",
    INGEN: "Ingen",
}
KONSEKVENSER = tuple(KONSEKVENS_TEKST)  # strongest first; `ingen` = reported only

# who holds a quota's samtaler (the rulebook's `kvote.holdes_af`, lov 1750/2025)
HOLDES_AF_TEKST = {"kommune": "kommunen", "a_kasse": "a-kassen"}
# the kvoteplan's verdicts on a unit's month (engine.kvoteplan) and on a person's window
KVOTEPLAN_STATUS_TEKST = {"kan_ikke_naas": "Kan ikke nås", "i_fare": "I fare", "paa_vej": "På vej", "naaet": "Nået"}
VINDUE_STATUS_TEKST = {"naaet": "Nået", "aaben": "Åben", "tabt": "Tabt"}

# the input format's codes as a citizen's explanation names them
KODE_TEKST = {
    "dagpenge": "a-dagpenge", "kontantydelse": "kontantydelse", "arbejdsmarkedsydelse": "arbejdsmarkedsydelse",
    "kontanthjaelp": "kontanthjælp", "uddannelseshjaelp": "uddannelseshjælp",
    "selvforsoergelsesydelse": "selvforsørgelsesydelse", "hjemrejseydelse": "hjemrejseydelse",
    "overgangsydelse": "overgangsydelse", "ledighedsydelse": "ledighedsydelse", "ressourceforloeb": "ressourceforløb",
    "revalidering": "revalidering", "forrevalidering": "forrevalidering", "sygedagpenge": "sygedagpenge",
    "jobafklaring": "jobafklaringsforløb",
    "virksomhedspraktik": "virksomhedspraktik", "loentilskud_privat": "løntilskud, privat",
    "loentilskud_offentlig": "løntilskud, offentlig", "vejledning_opkvalificering": "vejledning og opkvalificering",
    "nytteindsats": "nytteindsats",
    "fysisk": "fysisk fremmøde", "telefon": "telefon", "video": "video", "digital": "digital",
    "individuel": "individuel samtale", "faelles": "fællessamtale",
}

# the ydelsesgrupper the measures are split by, as STAR's tables name them
YDELSESGRUPPE_TEKST = {"a_dagpenge": "A-dagpenge mv.", "kontanthjaelp": "Kontanthjælp mv.", "sygedagpenge": "Sygedagpenge mv."}


def ydelsesgruppe_tekst(gruppe: str) -> str:
    return YDELSESGRUPPE_TEKST.get(gruppe, gruppe)


MAANEDER = (
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
    "november", "december",
)


def maaned_navn(value) -> str:
    """'juni 2024' (pages and the CLI's explanations; the API and CSV keep ISO)."""
    return f"{MAANEDER[value.month - 1]} {value.year}"


def dato_tekst(value) -> str:
    """DD-MM-ÅÅÅÅ; not `strftime`, which asks the C library for the time zone on every call (a
    tenth of a worklist's time at 200 lines)."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}" if value else "–"


def kode_tekst(kode: str | None) -> str:
    return KODE_TEKST.get(kode, kode or "")


def vaerdi_kode_tekst(kode: str) -> str:
    """A code inside a rule value as a reader says it: a consequence, a ydelsesgruppe or an input
    code by its Danish label; another id (`afgang_3_mdr`) with spaces for its underscores."""
    if kode in KONSEKVENS_TEKST:
        return KONSEKVENS_TEKST[kode].lower()
    if kode in YDELSESGRUPPE_TEKST:
        return YDELSESGRUPPE_TEKST[kode]
    if kode in KODE_TEKST:
        return KODE_TEKST[kode]
    return kode.replace("_", " ") if kode.isascii() and kode.replace("_", "").isalnum() and kode.islower() else kode


def myndighed(dag: date, *, ejefald: bool = False, stort: bool = False, book: Rulebook | None = None) -> str:
    """The authority as the law names it on `dag` (`organisering.myndighed.navn`): "jobcentret"
    before 2026-02-01, "kommunen" from then; `ejefald` gives "jobcentrets"/"kommunens", `stort` a
    capital first letter. Every screen, list and letter that names the authority for a day asks here."""
    navn = (book or rulebook()).vaerdi("organisering.myndighed.navn", dag=dag) + ("s" if ejefald else "")
    return navn[:1].upper() + navn[1:] if stort else navn


def rolle_tekst(rolle: str, dag: date) -> str:
    """A user role as people read it on `dag`: the role id `jobcenterchef` is titled by
    `organisering.myndighed.chef` (jobcenterchef, from 2026-02-01 beskæftigelseschef)."""
    if rolle == "jobcenterchef":
        return rulebook().vaerdi("organisering.myndighed.chef", dag=dag)
    return rolle
