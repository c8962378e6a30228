"""Code lists of the input format: ydelser, arts, grounds, visitation.

The ydelser, ydelsesgrupper and visitations are read from the rulebook's målgruppe mappings, where
the law's mapping lives; the rest are the input format's own lists."""

from __future__ import annotations

from datetime import date

from tilsyn.rules.rulebook import KVOTE_HOLDES_AF, rulebook

MAALGRUPPER = "maalgrupper.ydelser"  # the rulebook's dated ydelse -> ydelsesgruppe, målgruppe (LAB § 6)
_MAPPINGER = tuple(v.value for v in rulebook().parameter(MAALGRUPPER).values)

# the codes any dated mapping knows, so a delivery spanning a change validates
YDELSER = tuple(dict.fromkeys(y for m in _MAPPINGER for y in m))
YDELSESGRUPPER = tuple(dict.fromkeys(g["ydelsesgruppe"] for m in _MAPPINGER for g in m.values()))
I_ALT = "i_alt"  # every ydelsesgruppe together (the resultatmål's default)
# The rettidighed table's figures (`engine.rettidighed`), here so the web can name them without the engine
RETTIDIGHED_TAL = ("antal_frister", "rettidige", "for_sent", "ikke_opfyldt", "fritaget", "rettidighed_pct")
VISITATIONER = tuple(dict.fromkeys(v for m in _MAPPINGER for g in m.values() for v in g.get("visitation", {})))

SAMTALE_FORMER = ("fysisk", "telefon", "video", "digital")
SAMTALE_ARTER = ("individuel", "faelles")
TILBUD_ARTER = (
    "virksomhedspraktik",
    "loentilskud_privat",
    "loentilskud_offentlig",
    "vejledning_opkvalificering",
    "nytteindsats",
)
VIRKSOMHEDSRETTEDE_TILBUD = ("virksomhedspraktik", "loentilskud_privat", "loentilskud_offentlig")
FRITAGELSE_GRUNDE = (
    "job_inden_6_uger",
    "fleksjob_inden_6_uger",
    "barsel",
    "efterloen",
    "fleksydelse",
    "folkepension",
    "seniorpension",
    "tidlig_pension",
    "vejrlig",
    "arbejdsfordeling",
    "uddannelse",
    "sygdom",
    "andet",
)
AFTALE_ARTER = ("samtale", "tilbud")
AFHOLDT_AF = KVOTE_HOLDES_AF  # who held a samtale (samtaler.afholdt_af): the quotas' holders


def ydelsesgruppe(ydelse: str, dag: date) -> str:
    return rulebook().vaerdi(MAALGRUPPER, dag=dag)[ydelse]["ydelsesgruppe"]


def maalgruppe(ydelse: str, visitation: str | None, dag: date) -> int | None:
    """LAB § 6 target group by the mapping in force on `dag`; None when the visitation does not
    fit the ydelse."""
    gruppe = rulebook().vaerdi(MAALGRUPPER, dag=dag)[ydelse]
    efter_visitation = gruppe.get("visitation", {})
    if not visitation or not efter_visitation:
        return gruppe["maalgruppe"]
    return efter_visitation.get(visitation)


def gyldige_visitationer(ydelse: str) -> tuple[str, ...]:
    """The visitations that fit `ydelse` in any dated mapping."""
    return tuple(dict.fromkeys(v for m in _MAPPINGER for v in m.get(ydelse, {}).get("visitation", {})))
