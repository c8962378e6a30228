"""CSRF protection for every state-changing request: a per-session token that each form carries
in a hidden field `csrf_token` (or a script in the header `X-CSRF-Token`).

The token is derived from the cookie's session key, so the cookie carries nothing else and a new
key at login is a new token (one seen before login is worthless after it).

A pure ASGI middleware, so no route can forget it: it reads the (url-encoded) body, compares the
token in constant time and replays the body to the app. Runs inside the session middleware.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import parse_qs

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tilsyn.web.sessioner import NOEGLE, ny_noegle

FELT = "csrf_token"
HEADER = b"x-csrf-token"
SIKRE_METODER = {"GET", "HEAD", "OPTIONS"}
MAKS_KROP = 1_000_000
MAKS_UPLOAD = 45 << 20  # a multipart form with files (STAR's opgørelse: two published files)
AFVIST = "Formularen er udløbet eller mangler sikkerhedsnøgle (CSRF). Genindlæs siden, og prøv igen."
FOR_STOR = "Forespørgslen er for stor. En fil må højst fylde 45 MB, en formular 1 MB."
_MULTIPART_FELT = re.compile(rb'name="csrf_token"\r\n(?:[^\r\n]+\r\n)*\r\n([0-9a-f]{1,128})\r\n')


def _afled(noegle: str) -> str:
    return hashlib.sha256(b"csrf:" + noegle.encode()).hexdigest()


def token(session: dict) -> str:
    """The session's token; a visitor without a session key (the login form) gets one."""
    if NOEGLE not in session:
        session[NOEGLE] = ny_noegle()
    return _afled(session[NOEGLE])


def _tekst(request: Request, status: int, tekst: str) -> Response:
    return PlainTextResponse(tekst, status_code=status)


class CsrfMiddleware:
    """`fejl(request, status, tekst)` makes the refusal: the application's Danish error page (JSON
    for the API); plain text without one."""

    def __init__(self, app: ASGIApp, fejl: Callable[[Request, int, str], Response] = _tekst):
        self.app = app
        self.fejl = fejl

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SIKRE_METODER:
            await self.app(scope, receive, send)
            return
        body, messages = b"", []
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        maks = MAKS_UPLOAD if content_type.startswith(b"multipart/form-data") else MAKS_KROP
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if len(body) > maks:
                await self.fejl(Request(scope), 413, FOR_STOR)(scope, receive, send)
                return
            if not message.get("more_body"):
                break
        noegle = scope.get("session", {}).get(NOEGLE)
        expected = _afled(noegle) if noegle else None
        sent = dict(scope["headers"]).get(HEADER, b"").decode("latin-1")
        if not sent:
            if content_type.startswith(b"application/x-www-form-urlencoded"):
                sent = parse_qs(body.decode("utf-8", "replace")).get(FELT, [""])[0]
            elif content_type.startswith(b"multipart/form-data") and (m := _MULTIPART_FELT.search(body)):
                sent = m.group(1).decode("ascii")
        if not expected or not sent or not secrets.compare_digest(expected, sent):
            await self.fejl(Request(scope), 403, AFVIST)(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        await self.app(scope, replay, send)
