"""The citizen explanation's timeline: the 12-month window with the ydelse periods, tilbud,
samtaler and hours of work placed on one time axis, as shapes for an inline SVG (no script, and
no inline styles: the CSP forbids them)."""

from __future__ import annotations

from datetime import date, timedelta

from tilsyn import tid
from tilsyn.ordliste import kode_tekst
from tilsyn.web.kontekst import MAANEDER

BREDDE, VENSTRE, RAEKKE = 760, 130, 34
RAEKKER = ("Ydelse", "Tilbud", "Samtaler", "Timers arbejde")


def tidslinje(f) -> dict | None:
    """Shapes of `f`'s window (an engine `Forklaring`); None without a window."""
    if not f.vindue:
        return None
    start, slut = f.vindue
    dage = (slut - start).days + 1
    bredde = BREDDE - VENSTRE - 10

    def x(d: date) -> float:
        d = min(max(d, start), slut + timedelta(days=1))
        return round(VENSTRE + bredde * (d - start).days / dage, 1)

    def y(raekke: int) -> int:
        return 10 + RAEKKE * raekke

    rects, cirkler = [], []
    for p in f.perioder:
        s, e = p["start"], p["slut"] or slut
        if s <= slut and e >= start:
            rects.append({"x": x(s), "y": y(0) + 6, "w": max(2, x(e + timedelta(days=1)) - x(s)), "h": 16, "cls": "tl-ydelse",
                          "titel": f"{kode_tekst(p['ydelse'])} {s:%d-%m-%Y} – {p['slut'].strftime('%d-%m-%Y') if p['slut'] else 'løbende'}"})
    for t in f.tilbud:
        s, e = t["start"], t["slut"] or slut
        rects.append({"x": x(s), "y": y(1) + 6, "w": max(2, x(e + timedelta(days=1)) - x(s)), "h": 16, "cls": "tl-tilbud",
                      "titel": f"{kode_tekst(t['art'])} {s:%d-%m-%Y} – {t['slut'].strftime('%d-%m-%Y') if t['slut'] else 'løbende'}"})
    for s in f.samtaler:
        cirkler.append({"cx": x(s["dato"]), "cy": y(2) + 14, "r": 6, "cls": "tl-samtale",
                        "titel": f"{kode_tekst(s['art'])}, {kode_tekst(s['form'])}, {s['dato']:%d-%m-%Y}"})
    hoejst = max((float(t["timer"]) for t in f.timer), default=0) or 1
    for t in f.timer:
        m = t["maaned"]
        h = round(22 * float(t["timer"]) / hoejst, 1)
        if h > 0:
            rects.append({"x": x(m) + 2, "y": y(3) + 26 - h, "w": max(2, x(tid.add_months(m, 1)) - x(m) - 4), "h": h,
                          "cls": "tl-timer", "titel": f"{MAANEDER[m.month - 1]} {m.year}: {float(t['timer']):g} timer"})
    maaneder = []
    m = tid.first_day(start)
    while m <= slut:
        maaneder.append({"x": x(m), "tekst": MAANEDER[m.month - 1][:3]})
        m = tid.add_months(m, 1)
    return {"bredde": BREDDE, "hoejde": y(len(RAEKKER)) + 24, "venstre": VENSTRE, "raekker":
            [{"tekst": t, "y": y(i) + 18} for i, t in enumerate(RAEKKER)], "rects": rects, "cirkler": cirkler,
            "maaneder": maaneder, "akse_y": y(len(RAEKKER)) + 2, "hoejre": BREDDE - 10}


def forklaringens_felter(forklaring) -> dict:
    """What `_forklaring.html` shows of the results layer's explanation (an engine `Forklaring`, or
    the Danish reason it cannot be given): the same for every route that shows a citizen."""
    f = None if isinstance(forklaring, str) else forklaring
    return {"tekst": str(forklaring), "f": f, "tidslinje": tidslinje(f) if f else None}
