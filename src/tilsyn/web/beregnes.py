"""A page not ready within a few seconds answers with a notice that its figures are being computed
(202), which asks for the page again every few seconds (HTMX; without JavaScript a link does) until
it is there.

A server started on a delivery nothing is kept of computes the overview and the worklists for
seconds to minutes (`resultater.gemte`); nobody should look at a blank browser meanwhile. The
request that was too slow goes on in the background and its answer is dropped: what it computes
is kept, so a later try finds it ready (or waits for the same computation, never a second one).
Only pages: not the API, files (a name with a suffix: exports, reports) or static files."""

from __future__ import annotations

import asyncio

from starlette.requests import Request

SIDER_IKKE = ("/static/", "/api/", "/log-ind", "/log-ud", "/session")


def _side(sti: str) -> bool:
    return not sti.startswith(SIDER_IKKE) and "." not in sti.rsplit("/", 1)[-1]


class Beregnes:
    """ASGI middleware: a GET of a page that has not answered within `vent` seconds gets the notice."""

    def __init__(self, app, vent: float | None = None):
        self.app = app
        self.vent = vent
        self._i_gang: set[asyncio.Task] = set()  # the too slow requests, still computing

    async def __call__(self, scope, receive, send):
        if self.vent is None or scope["type"] != "http" or scope["method"] != "GET" or not _side(scope["path"]):
            await self.app(scope, receive, send)
            return
        # the address to ask again, read before the app sees (and may change) the scope
        sti = scope["path"] + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
        beskeder = []

        async def gem(besked):
            beskeder.append(besked)

        opgave = asyncio.ensure_future(self.app(scope, receive, gem))
        faerdige, _ = await asyncio.wait({opgave}, timeout=self.vent)
        if opgave in faerdige:
            opgave.result()
            for besked in beskeder:
                await send(besked)
            return
        self._i_gang.add(opgave)
        opgave.add_done_callback(_glem(self._i_gang))
        await _notits(scope, sti)(scope, receive, send)


def _glem(i_gang: set):
    def glem(opgave: asyncio.Task) -> None:
        i_gang.discard(opgave)
        if not opgave.cancelled():
            opgave.exception()  # logged by the app where it arose; nothing waits for the answer
    return glem


def _notits(scope, sti: str):
    from tilsyn.web.kontekst import side, valgfri_bruger

    request = Request(scope)
    return side(request.app.state.tilsyn, request, "beregnes.html", 202, igen=sti,
                bruger=valgfri_bruger(request), daekning=None)
