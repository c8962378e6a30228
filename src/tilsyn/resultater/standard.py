"""The day, month and year a figure is shown for when none is asked for, decided here once for the
pages, the JSON API and `forbered`: `/` and `/api/v1/udvaelgelse` show the same year."""

from __future__ import annotations

from datetime import date

from tilsyn.resultater.kilde import ResultatKilde


def dag(r: ResultatKilde, idag: date | None = None) -> date:
    """Today, or the last day of the data when the data ends earlier (a demo or an old delivery)."""
    return r.daekning().dag_i(idag or date.today())


def plandag(r: ResultatKilde) -> date:
    """The quota plan's day when none is asked for: the data's last day (docs/kvoter.md)."""
    from tilsyn import tid

    return tid.last_day(r.daekning().til)


def kvoteplan_ukendte(r: ResultatKilde, dag: date) -> str | None:
    """The results' `kvoteplan_ukendte` (what the plan says of the windows not in the data yet) for
    the pages, over any result source."""
    from tilsyn.resultater import ukendte_tekst

    return None if dag < plandag(r) else ukendte_tekst(dag)


def maaned(r: ResultatKilde) -> date:
    """The newest month with fokusmål (the data's last month when it is too short for any)."""
    mulige = r.fokusmaal_maaneder()
    return mulige[1] if mulige else r.daekning().til


def udvaelgelsesaar(r: ResultatKilde) -> list[int]:
    """The years the data gives a selection for (every month of the year with its 12-month window)."""
    from tilsyn.resultater import TILBAGE

    mulige = r.daekning().maaneder(TILBAGE["aarsvaerdi"])
    if not mulige:
        return []
    return [y for y in range(mulige[0].year, mulige[1].year + 1)
            if date(y, 1, 1) >= mulige[0] and date(y, 12, 1) <= mulige[1]]


def aar(r: ResultatKilde, sagsaar: int | None = None) -> int | None:
    """The selection year: the year the newest supervision cases were opened on (`sagsaar`, so a
    page shows the selection they come from) when the data gives it, else the data's last year with
    a selection; None when the data is too short for any."""
    aarene = udvaelgelsesaar(r)
    return sagsaar if sagsaar in aarene else (aarene[-1] if aarene else None)
