"""Code lists of the input format (spec 02): ydelser, arts, grounds, visitation."""

from __future__ import annotations

YDELSESGRUPPER = ("a_dagpenge", "kontanthjaelp", "sygedagpenge")

# ydelse -> (ydelsesgruppe, målgruppe by visitation; key None = no or empty visitation).
# Where a målgruppe depends on visitation and the row has none, the job-ready group applies
# [default: the input format lets visitation be empty; the less intensive group is assumed].
YDELSER: dict[str, tuple[str, dict[str | None, int]]] = {
    "dagpenge": ("a_dagpenge", {None: 1}),
    "kontantydelse": ("a_dagpenge", {None: 1}),
    "arbejdsmarkedsydelse": ("a_dagpenge", {None: 1}),
    "kontanthjaelp": ("kontanthjaelp", {None: 2, "jobparat": 2, "aktivitetsparat": 3}),
    "uddannelseshjaelp": (
        "kontanthjaelp",
        {None: 4, "uddannelsesparat": 4, "aktivitetsparat": 5},
    ),
    "selvforsoergelsesydelse": ("kontanthjaelp", {None: 2, "jobparat": 2, "aktivitetsparat": 3}),
    "hjemrejseydelse": ("kontanthjaelp", {None: 2, "jobparat": 2, "aktivitetsparat": 3}),
    "overgangsydelse": ("kontanthjaelp", {None: 2, "jobparat": 2, "aktivitetsparat": 3}),
    "ledighedsydelse": ("kontanthjaelp", {None: 9}),
    "ressourceforloeb": ("kontanthjaelp", {None: 8}),
    "revalidering": ("kontanthjaelp", {None: 10}),
    "forrevalidering": ("kontanthjaelp", {None: 10}),
    "sygedagpenge": ("sygedagpenge", {None: 6}),
    "jobafklaring": ("sygedagpenge", {None: 7}),
}

VISITATIONER = ("jobparat", "aktivitetsparat", "uddannelsesparat")
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
    "vejrlig",
    "arbejdsfordeling",
    "uddannelse",
    "sygdom",
    "andet",
)
AFTALE_ARTER = ("samtale", "tilbud")


def ydelsesgruppe(ydelse: str) -> str:
    return YDELSER[ydelse][0]


def maalgruppe(ydelse: str, visitation: str | None) -> int | None:
    """LAB § 6 target group; None when the visitation does not fit the ydelse."""
    by_visitation = YDELSER[ydelse][1]
    key = visitation or None
    if key is None or len(by_visitation) == 1:
        return by_visitation[None]
    return by_visitation.get(key)


def gyldige_visitationer(ydelse: str) -> tuple[str, ...]:
    return tuple(k for k in YDELSER[ydelse][1] if k is not None)
