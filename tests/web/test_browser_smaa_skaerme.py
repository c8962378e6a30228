"""Every main page at 390 px (a phone) for every role, in Chromium: the page itself never scrolls
sideways (`document.documentElement.scrollWidth <= 390`); wide tables scroll inside their own box
with a visible hint. Screenshots at 390 and 1280 px go to the screenshot folder."""

from __future__ import annotations

import re

import pytest
from test_browser import browser, demo, foto, log_ind, server  # noqa: F401 - the shared fixtures

BREDDE = 390


def _sider(demo) -> list[str]:
    """The main pages of the demo municipality, with a citizen of the caseworker's list and of the
    manager's passive list when the role sees them."""
    k = demo.kommune
    return ["/", f"/kommuner/{k}", f"/kommuner/{k}/frister", f"/kommuner/{k}/passive", "/kvoter",
            f"/kommuner/{k}/resultatmaal", "/udvaelgelse", "/udvaelgelse/hvis?aar=2023", "/sager", "/tilsynsfrister",
            "/regler", "/findes-ikke"]


def _borgerlinks(page, monster: str) -> list[str]:
    return sorted({h for h in page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
                   if re.fullmatch(monster, h.split("?")[0])})[:1]


@pytest.mark.parametrize("rolle", ["sagsbehandler", "teamleder", "jobcenterchef", "star", "admin"])
def test_ingen_side_skal_panoreres_paa_en_telefon(browser, server, demo, rolle):  # noqa: F811
    context = browser.new_context(base_url=server, viewport={"width": BREDDE, "height": 844}, locale="da-DK")
    page = context.new_page()
    log_ind(page, demo.brugere[rolle])
    sider = _sider(demo)
    for sti, monster in ((f"/kommuner/{demo.kommune}/frister", rf"/kommuner/{demo.kommune}/frister/borger/[^/]+"),
                         (f"/kommuner/{demo.kommune}/passive", rf"/kommuner/{demo.kommune}/passive/[^/]+")):
        page.goto(sti)
        sider += _borgerlinks(page, monster)
    for sti in sider:
        page.goto(sti)
        bredde = page.evaluate("document.documentElement.scrollWidth")
        navn = re.sub(r"[^a-z0-9]+", "-", sti.lower()).strip("-") or "forside"
        foto(page, f"smal-{rolle}-{navn}", full_page=True)
        assert bredde <= BREDDE, (rolle, sti, bredde)
        # a table wider than the screen sits in a scroll box that says so
        brede = page.evaluate("""() => [...document.querySelectorAll('table')].filter(t =>
            t.scrollWidth > t.parentElement.clientWidth + 1 && t.offsetParent !== null).map(t =>
            (t.closest('.table--responsive-scroll.kan-rulle') && getComputedStyle(t.closest('.table--responsive-scroll'), '::before').content.includes('skub') ? 'ok' : (t.id || t.className)))""")
        assert all(b == "ok" for b in brede), (rolle, sti, brede)
        if sti.endswith("/frister") and rolle not in ("star", "admin"):  # theirs is a refusal, no list
            # the worklist heading's date ("30-06-2024") is never split over two lines
            assert page.eval_on_selector("h1 .tilsyn-udelt", "s => s.getClientRects().length") == 1, (rolle, sti)
    context.close()
