"""Single sign-on with OpenID Connect, Authlib as the relying party: discovery, the authorization
code flow with PKCE (S256), state and nonce; the ID token's signature is checked against the
provider's JWKS, and its issuer, audience and expiry. The token's claims give the role, the
municipality and the team by the mapping in the settings; claims that map to no role are refused.

The signed-in user is kept as a row of the `bruger` table without a password (so the local form
cannot sign them in, and `LokaleBrugere.hent` finds them on every request), renewed at each login.
"""

from __future__ import annotations

import logging
import os
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.exceptions import HTTPException

from tilsyn.kommuner import normaliser_kode
from tilsyn.supervision.models import Bruger
from tilsyn.web import sessioner
from tilsyn.web.adgang import KOMMUNALE_ROLLER, ROLLER, Indlogget
from tilsyn.web.kontekst import kontekst

log = logging.getLogger(__name__)
HEMMELIGHED_ENV = "TILSYN_OIDC_CLIENT_SECRET"
NAESTE = "oidc_naeste"


class OidcFejl(ValueError):
    """The settings cannot be used; the message is Danish."""


class Afvist(Exception):
    """The provider vouched for the user, but their claims give no (unambiguous) scope in Tilsyn."""


@dataclass(frozen=True)
class Claims:
    """Which claim of the ID token carries what."""

    brugernavn: str = "sub"
    navn: str = "name"
    roller: str = "groups"
    kommune_kode: str = "kommune_kode"
    team: str = "team"


@dataclass(frozen=True)
class OidcIndstillinger:
    navn: str
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    roller: dict[str, str]  # a value of the roles claim -> a Tilsyn role
    scope: str = "openid profile"
    claims: Claims = field(default_factory=Claims)


def indlaes(sti: Path) -> OidcIndstillinger:
    """The settings from the `[oidc]` table of a TOML file; env TILSYN_OIDC_CLIENT_SECRET, when
    set, gives the client secret (so the file need not hold it)."""
    try:
        data = tomllib.loads(sti.read_text())["oidc"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as e:
        raise OidcFejl(f"kan ikke læse OIDC-indstillingerne i {sti}: {e}") from e
    data = dict(data)
    if os.environ.get(HEMMELIGHED_ENV):
        data["client_secret"] = os.environ[HEMMELIGHED_ENV]
    mangler = [n for n in ("navn", "issuer", "client_id", "client_secret", "redirect_uri", "roller") if not data.get(n)]
    if mangler:
        raise OidcFejl(f"OIDC-indstillingerne mangler {', '.join(mangler)}")
    ukendte = sorted({r for r in data["roller"].values() if r not in ROLLER})
    if ukendte:
        raise OidcFejl(f"ukendt rolle {', '.join(ukendte)} i [oidc.roller]; vælg blandt {', '.join(ROLLER)}")
    if "openid" not in data.get("scope", "openid").split():
        raise OidcFejl("scope skal indeholde openid")
    try:
        return OidcIndstillinger(**{**data, "claims": Claims(**data.get("claims", {}))})
    except TypeError as e:
        raise OidcFejl(f"ukendt nøgle i OIDC-indstillingerne: {e}") from e


def bruger_fra_claims(indst: OidcIndstillinger, claims: dict) -> Indlogget:
    """The user the ID token's claims describe, or `Afvist` with the reason in Danish."""
    c = indst.claims
    brugernavn = str(claims.get(c.brugernavn) or "").strip()
    if not brugernavn:
        raise Afvist(f"Login-udbyderen sendte ikke dit brugernavn (claim {c.brugernavn}).")
    vaerdier = claims.get(c.roller) or []
    vaerdier = [vaerdier] if isinstance(vaerdier, str) else vaerdier
    roller = sorted({indst.roller[v] for v in vaerdier if isinstance(v, str) and v in indst.roller})
    if not roller:
        raise Afvist("Din bruger har ingen rolle i Tilsyn. Kontakt din administrator for at få adgang.")
    if len(roller) > 1:
        raise Afvist(f"Din bruger har flere roller i Tilsyn ({', '.join(roller)}); "
                     "kontakt din administrator, så du kun har én.")
    rolle, kode, team = roller[0], None, None
    if rolle in KOMMUNALE_ROLLER:
        kode = normaliser_kode(str(claims.get(c.kommune_kode) or ""))
        if kode is None:
            raise Afvist(f"Rollen {rolle} kræver en gyldig kommunekode (claim {c.kommune_kode}).")
        team = str(claims.get(c.team) or "").strip() or None
        if rolle == "teamleder" and team is None:
            raise Afvist(f"Rollen teamleder kræver et team (claim {c.team}).")
    navn = str(claims.get(c.navn) or "").strip() or brugernavn
    return Indlogget(brugernavn, navn, rolle, kode, team)


def gem(sessions, bruger: Indlogget) -> None:
    """The user's row, made or renewed from the claims; a local user (with a password) of the
    same name is never taken over."""
    with sessions() as session:
        row = session.scalar(select(Bruger).where(Bruger.brugernavn == bruger.brugernavn))
        if row is not None and row.password_hash:
            raise Afvist(f"Brugernavnet {bruger.brugernavn} tilhører en lokal bruger og kan ikke bruges via "
                         "single sign-on. Kontakt din administrator.")
        if row is None:
            row = Bruger(brugernavn=bruger.brugernavn)
            session.add(row)
        row.navn, row.rolle, row.kommune_kode, row.team = bruger.navn, bruger.rolle, bruger.kommune_kode, bruger.team
        session.commit()


def lav_router(indst: OidcIndstillinger) -> APIRouter:
    """`/oidc/log-ind` (to the provider) and `/oidc/callback` (back, signed in or refused). Authlib
    is imported here, for a server with single sign-on only (a second of every server's start)."""
    import authlib.deprecate  # noqa: F401  (Authlib's own warning filter goes in first, ours after it)
    import httpx
    from joserfc.errors import JoseError

    with warnings.catch_warnings():
        # Authlib warns on import that it prefers httpx2; the project pins httpx (see pyproject.toml).
        warnings.filterwarnings("ignore", "The httpx module is deprecated")
        from authlib.integrations.starlette_client import OAuth, OAuthError
    oauth = OAuth()
    udbyder = oauth.register(
        "tilsyn",
        client_id=indst.client_id,
        client_secret=indst.client_secret,
        server_metadata_url=indst.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": indst.scope, "code_challenge_method": "S256"},
    )
    router = APIRouter()

    @router.get("/oidc/log-ind")
    async def log_ind(request: Request, naeste: str = "/"):
        request.session[NAESTE] = naeste if naeste.startswith("/") and not naeste.startswith("//") else "/"
        try:
            return await udbyder.authorize_redirect(request, indst.redirect_uri)
        except httpx.HTTPError as e:
            log.warning("OIDC-udbyderen svarer ikke: %s", e)
            raise HTTPException(502, f"{indst.navn} svarer ikke. Prøv igen om lidt.") from e

    @router.get("/oidc/callback")
    async def callback(request: Request):
        # The issuer configured (not only the one the discovery document names), and an audience
        # naming this client: Authlib itself checks only `azp` when `aud` names someone else.
        krav = {"iss": {"essential": True, "value": indst.issuer}, "aud": {"essential": True, "value": indst.client_id}}
        try:
            token = await udbyder.authorize_access_token(request, claims_options=krav)
        except (OAuthError, JoseError, httpx.HTTPError) as e:
            log.warning("OIDC-login afvist: %r", e)
            raise HTTPException(403, f"Log ind med {indst.navn} mislykkedes. Prøv igen.") from e
        if not token.get("userinfo"):
            raise HTTPException(403, f"{indst.navn} sendte ikke et ID-token. Log ind mislykkedes.")
        try:
            bruger = bruger_fra_claims(indst, dict(token["userinfo"]))
            gem(kontekst(request).sessions, bruger)
        except Afvist as e:
            log.warning("OIDC-bruger uden adgang: %s", e)
            raise HTTPException(403, str(e)) from e
        naeste = request.session.get(NAESTE, "/")
        k = kontekst(request)
        # As the password login: a new session key (no fixation), so a new CSRF token.
        request.session.clear()
        request.session[sessioner.NOEGLE] = sessioner.opret(
            k.sessions, bruger.brugernavn, request.client.host if request.client else None, k.sessionsregler)
        return RedirectResponse(naeste, status_code=303)

    return router
