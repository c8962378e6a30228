"""User administration for the local users, one implementation for the `tilsyn bruger` commands
and the admin's page `/brugere`: create, list, change role/municipality/team, deactivate, delete,
set password, end sessions. Checks role, municipality and team so a user can never be given a
scope that the access rules cannot interpret. Every change ends the user's sessions (whoever was
signed in must sign in again under the new terms) and, made by someone (`af`: the CLI's
operating-system user, the web's admin), is written to the access log in the same transaction:
who, when, from where (`route`: the command or the page), whose user. Set-up code (tests, the
demo) that names no one leaves no row."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from tilsyn.kommuner import normaliser_kode
from tilsyn.supervision.models import Adgangslog, Bruger, nu
from tilsyn.web.adgang import KOMMUNALE_ROLLER, ROLLER
from tilsyn.web.auth import hash_adgangskode
from tilsyn.web.sessioner import afslut_brugerens

MIN_LAENGDE = 10


class BrugerFejl(ValueError):
    """A user error in user administration; the message is Danish."""


class BrugerAendret(BrugerFejl):
    """The user was changed by someone else since the form was read (HTTP 409)."""


def _log(session: Session, af: str | None, route: str, hvad: str, brugernavn: str) -> None:
    """The change on record in the caller's transaction."""
    if af is not None:
        session.add(Adgangslog(brugernavn=af, tidspunkt=nu(), person_id=None, formaal=hvad, route=route,
                               filtre=f"bruger={brugernavn}"))


def omfang(rolle: str, kommune_kode: str | None, team: str | None) -> tuple[str | None, str | None]:
    """The municipality (4 digits) and team a role is given, checked: municipal roles need a
    municipality, `teamleder` also a team; STAR and admin users belong to no municipality."""
    if rolle not in ROLLER:
        raise BrugerFejl(f"ukendt rolle {rolle!r}; vælg en af {', '.join(ROLLER)}")
    kode = None
    if rolle in KOMMUNALE_ROLLER:
        if not kommune_kode:
            raise BrugerFejl(f"rollen {rolle} kræver en kommune")
        kode = normaliser_kode(kommune_kode)
        if kode is None:
            raise BrugerFejl(f"ukendt kommunekode {kommune_kode!r}")
    elif kommune_kode:
        raise BrugerFejl(f"rollen {rolle} hører ikke til en kommune; lad kommunen være tom")
    team = (team or "").strip() or None
    if rolle == "teamleder" and not team:
        raise BrugerFejl("rollen teamleder kræver et team")
    return kode, team


def _tjek_adgangskode(adgangskode: str) -> None:
    if len(adgangskode) < MIN_LAENGDE:
        raise BrugerFejl(f"adgangskoden skal være mindst {MIN_LAENGDE} tegn")


def opret(
    sessions: sessionmaker[Session], brugernavn: str, navn: str, rolle: str, adgangskode: str,
    kommune_kode: str | None = None, team: str | None = None, erstat: bool = False,
    af: str | None = None, route: str = "tilsyn bruger opret",
) -> Bruger:
    """A new user (its scope checked by `omfang`). `erstat` replaces a user of that name (for
    repeatable demo set-ups) instead of refusing."""
    brugernavn = brugernavn.strip()
    if not brugernavn:
        raise BrugerFejl("brugernavnet må ikke være tomt")
    kode, team = omfang(rolle, kommune_kode, team)
    _tjek_adgangskode(adgangskode)
    with sessions() as session:
        if (gammel := session.scalar(select(Bruger).where(Bruger.brugernavn == brugernavn))) is not None:
            if not erstat:
                raise BrugerFejl(f"brugeren {brugernavn!r} findes allerede (brug --erstat for at erstatte)")
            session.delete(gammel)
            afslut_brugerens(session, brugernavn)
            session.flush()
        bruger = Bruger(
            brugernavn=brugernavn, navn=navn.strip() or brugernavn, rolle=rolle, kommune_kode=kode,
            team=team, password_hash=hash_adgangskode(adgangskode),
        )
        session.add(bruger)
        _log(session, af, route, "bruger oprettet", brugernavn)
        session.commit()
        return bruger


def liste(sessions: sessionmaker[Session]) -> list[Bruger]:
    with sessions() as session:
        return list(session.scalars(select(Bruger).order_by(Bruger.brugernavn)))


def _hent(session: Session, brugernavn: str) -> Bruger:
    bruger = session.scalar(select(Bruger).where(Bruger.brugernavn == brugernavn))
    if bruger is None:
        raise BrugerFejl(f"brugeren {brugernavn!r} findes ikke")
    return bruger


def hent(sessions: sessionmaker[Session], brugernavn: str) -> Bruger:
    with sessions() as session:
        return _hent(session, brugernavn)


def aendr(
    sessions: sessionmaker[Session], brugernavn: str, navn: str, rolle: str, kommune_kode: str | None,
    team: str | None, laest: tuple, af: str | None = None, route: str = "tilsyn bruger ret",
) -> None:
    """New name, role, municipality and team. `laest` is (navn, rolle, kommune_kode, team) as the
    caller read them: if someone changed the user since, nothing is written (`BrugerAendret`)."""
    kode, team = omfang(rolle, kommune_kode, team)
    with sessions() as session:
        _hent(session, brugernavn)
        gammel_navn, gammel_rolle, gammel_kode, gammelt_team = laest
        aendret = session.execute(update(Bruger).where(
            Bruger.brugernavn == brugernavn, Bruger.navn == gammel_navn, Bruger.rolle == gammel_rolle,
            Bruger.kommune_kode.is_(None) if gammel_kode is None else Bruger.kommune_kode == gammel_kode,
            Bruger.team.is_(None) if gammelt_team is None else Bruger.team == gammelt_team,
        ).values(navn=navn.strip() or brugernavn, rolle=rolle, kommune_kode=kode, team=team)).rowcount
        if not aendret:
            raise BrugerAendret(f"brugeren {brugernavn!r} er blevet ændret af en anden, siden du åbnede siden; "
                                "se de nye oplysninger, og ret igen")
        afslut_brugerens(session, brugernavn)
        _log(session, af, route, f"bruger ændret (rolle {rolle}, kommune {kode or '-'}, team {team or '-'})",
             brugernavn)
        session.commit()


def deaktiver(sessions: sessionmaker[Session], brugernavn: str, af: str | None = None,
              route: str = "tilsyn bruger deaktiver") -> None:
    """The user can no longer sign in with a password (it is removed) and is signed out; a new
    password (`skift_adgangskode`) activates the user again. The user and the log keep the name."""
    with sessions() as session:
        _hent(session, brugernavn).password_hash = None
        afslut_brugerens(session, brugernavn)
        _log(session, af, route, "bruger deaktiveret", brugernavn)
        session.commit()


def afslut_sessioner(sessions: sessionmaker[Session], brugernavn: str, af: str | None = None,
                     route: str = "tilsyn bruger sessioner") -> int:
    """Sign the user out everywhere; how many sessions there were."""
    with sessions() as session:
        _hent(session, brugernavn)
        antal = afslut_brugerens(session, brugernavn)
        _log(session, af, route, "brugerens sessioner afsluttet", brugernavn)
        session.commit()
    return antal


def slet(sessions: sessionmaker[Session], brugernavn: str, af: str | None = None,
         route: str = "tilsyn bruger slet") -> None:
    """Remove the user and end their sessions (the access log keeps their user name)."""
    with sessions() as session:
        session.delete(_hent(session, brugernavn))
        afslut_brugerens(session, brugernavn)
        _log(session, af, route, "bruger slettet", brugernavn)
        session.commit()


def skift_adgangskode(sessions: sessionmaker[Session], brugernavn: str, adgangskode: str, af: str | None = None,
                      route: str = "tilsyn bruger adgangskode") -> None:
    _tjek_adgangskode(adgangskode)
    with sessions() as session:
        _hent(session, brugernavn).password_hash = hash_adgangskode(adgangskode)
        afslut_brugerens(session, brugernavn)
        _log(session, af, route, "adgangskode nulstillet", brugernavn)
        session.commit()
