"""Who may see what (the roles of docs/web.md). One place, plain functions, so every route and API call asks
the same questions and the role x route matrix can be tested directly.

- `sagsbehandler`: aggregates; the citizens of their own caseload (as caseworker or as substitute).
- `teamleder`: aggregates; the citizens of their team's caseloads (as caseworker or as substitute).
- `jobcenterchef`: aggregates; every citizen of their own municipality; the municipality's
  supervision cases (read only).
- `star`: aggregates of all municipalities; every supervision case, and registers their events
  and AMK contacts; no citizen detail except the fokusrevision's sample (access-logged).
- `admin`: aggregates, supervision cases (read only) and user administration; no citizen detail.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLLER = ("sagsbehandler", "teamleder", "jobcenterchef", "star", "admin")
KOMMUNALE_ROLLER = ("sagsbehandler", "teamleder", "jobcenterchef")


@dataclass(frozen=True)
class Indlogget:
    """The signed-in user as the routes see it (whatever authenticated them)."""

    brugernavn: str
    navn: str
    rolle: str
    kommune_kode: str | None = None
    team: str | None = None


class Forbudt(Exception):
    """The user is signed in but the role may not see or do this (HTTP 403)."""


def maa_se_borgere(bruger: Indlogget, kommune_kode: str) -> bool:
    """Citizen-level data of a municipality: only its own staff, never STAR or admin."""
    return bruger.rolle in KOMMUNALE_ROLLER and bruger.kommune_kode == kommune_kode


def maa_se_ledelsestal(bruger: Indlogget, kommune_kode: str) -> bool:
    """A municipality's rettidighed and quotas by team: its team leaders and manager, STAR and admin
    (the figures; the citizens behind them only as `maa_se_borgere`)."""
    return bruger.rolle in ("star", "admin") or (
        bruger.rolle in ("teamleder", "jobcenterchef") and bruger.kommune_kode == kommune_kode)


def maa_se_sag(bruger: Indlogget, kommune_kode: str) -> bool:
    if bruger.rolle in ("star", "admin"):
        return True
    return bruger.rolle == "jobcenterchef" and bruger.kommune_kode == kommune_kode


def maa_se_sager(bruger: Indlogget) -> bool:
    return bruger.rolle in ("star", "admin", "jobcenterchef")


def maa_administrere_brugere(bruger: Indlogget) -> bool:
    return bruger.rolle == "admin"


def maa_se_skrivebord(bruger: Indlogget) -> bool:
    """STAR's desk shows every municipality's selection: STAR's supervisors and the administrator."""
    return bruger.rolle in ("star", "admin")


def maa_se_kvoteplan(bruger: Indlogget) -> bool:
    """The Kvoteplan page: a municipality's team leaders and manager (their municipality), STAR and
    admin (every unit); citizens behind it only as `maa_se_borgere`."""
    return bruger.rolle in ("teamleder", "jobcenterchef", "star", "admin")


def maa_registrere_fravaer(bruger: Indlogget, kommune_kode: str) -> bool:
    """Absences and substitutes: the team leader for the team, the job-centre manager for all."""
    return bruger.rolle in ("teamleder", "jobcenterchef") and bruger.kommune_kode == kommune_kode


def fravaerende_for(bruger: Indlogget, teams: dict[str, str | None]) -> set[str]:
    """The caseworkers `bruger` may register absent (`teams`: sagsbehandler_id -> team)."""
    from tilsyn.engine.sagsstamme import holdet  # the engine's module, loaded when first asked (not at start)

    if bruger.rolle == "jobcenterchef":
        return set(teams)
    if bruger.rolle == "teamleder" and bruger.team:
        return holdet(teams, bruger.team)
    return set()


def maa_registrere_haendelser(bruger: Indlogget) -> bool:
    return bruger.rolle == "star"


def maa_revidere(bruger: Indlogget) -> bool:
    """The fokusrevision shows the sampled citizens by id: only STAR's supervisors, who do the
    audit (docs/web.md, Roles: no citizen detail outside an audit). Everyone who may see the case sees its
    summary, which names no one."""
    return bruger.rolle == "star"


def maa_registrere_kontakter(bruger: Indlogget) -> bool:
    """AMK contacts are STAR's own log (the AMK are STAR's regional offices)."""
    return bruger.rolle == "star"


def egne_raekker(bruger: Indlogget, raekker: list[dict], teams: dict[str, str | None]) -> list[dict]:
    """The worklist lines the user may see. `teams` maps sagsbehandler_id to team.

    A caseworker sees their own lines and a team leader the team's (`sagsstamme.angaar`: owner or
    responsible caseworker, the rule of the engine's worklist filters); the jobcentre manager all.
    """
    from tilsyn.engine.sagsstamme import angaar, holdet

    if bruger.rolle == "jobcenterchef":
        return raekker
    if bruger.rolle == "sagsbehandler":
        return [r for r in raekker if angaar(r, {bruger.brugernavn})]
    if bruger.rolle == "teamleder" and bruger.team:
        holdets = holdet(teams, bruger.team)
        return [r for r in raekker if angaar(r, holdets)]
    return []


def omfang(bruger: Indlogget) -> tuple:
    """What `egne_raekker` keeps depends on: the role, and the caseworker's id or the team leader's
    team (two team leaders of one team see the same lines)."""
    if bruger.rolle == "sagsbehandler":
        return bruger.rolle, bruger.brugernavn
    if bruger.rolle == "teamleder":
        return bruger.rolle, bruger.team
    return (bruger.rolle,)


def kraev(tilladt: bool) -> None:
    if not tilladt:
        raise Forbudt()
