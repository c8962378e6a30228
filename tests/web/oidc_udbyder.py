"""A small OpenID provider for the tests, built on Authlib's authorization server (Flask) and
served over real HTTP on loopback: discovery, JWKS, the authorization code grant with OpenID
Connect and PKCE, S256 only and required.

The user is taken as already signed in at the provider (`logget_ind`), as with an existing SSO
session, so the authorization endpoint answers at once with a redirect. `aendr` overrides claims
of the next ID tokens before signing (audience, issuer, expiry, nonce); `manipuler` changes claims
of a token after signing (the signature no longer fits). Plain HTTP needs
AUTHLIB_INSECURE_TRANSPORT set (Authlib's server refuses it otherwise).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass

import flask
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfo
from authlib.oidc.core.models import AuthorizationCodeMixin as OidcCodeMixin
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

KLIENT_ID = "tilsyn"
KLIENT_HEMMELIGHED = "klient-hemmelighed"


@dataclass
class Klient(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uri: str

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        return scope

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret):
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method, endpoint):
        return method == "client_secret_basic"

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Kode(OidcCodeMixin, AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    sub: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return int(time.time())


class Udbyder:
    """The provider: its users (sub -> claims), the signed-in user and the test's knobs."""

    def __init__(self, redirect_uri: str):
        self.brugere: dict[str, dict] = {}
        self.logget_ind: str | None = None
        self.aendr: dict = {}
        self.manipuler: dict | None = None
        self.noegle = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self.klient = Klient(KLIENT_ID, KLIENT_HEMMELIGHED, redirect_uri)
        self.koder: dict[str, Kode] = {}
        self.app = self._app()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.traad = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.traad.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.traad.join(5)

    def _app(self) -> flask.Flask:
        udbyder = self
        app = flask.Flask(__name__)
        server = AuthorizationServer(app, query_client=lambda cid: self.klient if cid == KLIENT_ID else None,
                                     save_token=lambda token, request: None)

        class KunS256(CodeChallenge):
            def validate_code_challenge(self, grant, redirect_uri):
                if grant.request.payload.data.get("code_challenge_method") != "S256":
                    raise InvalidRequestError("PKCE with S256 is required")
                super().validate_code_challenge(grant, redirect_uri)

            def get_authorization_code_challenge(self, kode):
                return kode.code_challenge

            def get_authorization_code_challenge_method(self, kode):
                return kode.code_challenge_method

        class Oidc(OpenIDCode):
            def exists_nonce(self, nonce, request):
                return any(k.nonce == nonce for k in udbyder.koder.values())

            def resolve_client_private_key(self, client):
                return udbyder.noegle

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": "k1"}

            def get_client_claims(self, client):
                return {"iss": udbyder.issuer, "aud": [client.get_client_id()], "exp": int(time.time()) + 300}

            def get_authorization_code_claims(self, kode):
                return {**super().get_authorization_code_claims(kode), **udbyder.aendr}

            def generate_user_info(self, sub, scope):
                return UserInfo(sub=sub, **udbyder.brugere[sub])

            def process_token(self, grant, response):
                token = super().process_token(grant, response)
                if udbyder.manipuler is not None and "id_token" in token:
                    hoved, krop, signatur = token["id_token"].split(".")
                    claims = json.loads(base64.urlsafe_b64decode(krop + "=" * (-len(krop) % 4)))
                    krop = base64.urlsafe_b64encode(json.dumps({**claims, **udbyder.manipuler}).encode())
                    krop = krop.rstrip(b"=").decode()
                    token["id_token"] = f"{hoved}.{krop}.{signatur}"
                return token

        class Kodegrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

            def save_authorization_code(self, code, request):
                data = request.payload.data
                udbyder.koder[code] = Kode(
                    code, request.client.get_client_id(), request.payload.redirect_uri, request.payload.scope,
                    request.user, data.get("nonce"), data.get("code_challenge"), data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                kode = udbyder.koder.get(code)
                return kode if kode and kode.client_id == client.get_client_id() else None

            def delete_authorization_code(self, kode):
                udbyder.koder.pop(kode.code, None)

            def authenticate_user(self, kode):
                return kode.sub

        server.register_grant(Kodegrant, [Oidc(require_nonce=True), KunS256(required=True)])

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            }

        @app.get("/jwks")
        def jwks():
            return KeySet([self.noegle]).as_dict(private=False)

        @app.get("/authorize")
        def authorize():
            try:
                grant = server.get_consent_grant(end_user=self.logget_ind)
            except OAuth2Error as error:
                return server.handle_error_response(None, error)
            return server.create_authorization_response(grant=grant, grant_user=self.logget_ind)

        @app.post("/token")
        def token():
            return server.create_token_response()

        return app
