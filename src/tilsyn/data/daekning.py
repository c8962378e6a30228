"""What a delivery covers: its first and last complete month (docs/measures.md, "Data coverage").

Recorded by `tilsyn import` (given with `--fra/--til`, or derived from the data and printed so the
operator can check it) and read with the store. A figure whose months reach outside the coverage,
or back before the rulebook's first day, is refused with `UdenforDaekning` and a Danish message
that names the coverage, never computed as if nothing had happened in the missing months.

Derived coverage [default: the delivery format carries no period]: from the earliest month with a
samtale or a month of beskæftigelse (events the delivery lists as they happen; a benefit period or
a tilbud may have started long before the delivery's first month) to the latest month in which a
samtale, a tilbud, a benefit period or a month of beskæftigelse starts. Future bookings (`aftaler`)
and planned end dates do not count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tilsyn import tid
from tilsyn.ordliste import dato_tekst, maaned_navn

UDLEDT, ANGIVET = "udledt", "angivet"

# (table, date column, counts for the first month)
_KILDER = (
    ("samtaler", "dato", True),
    ("beskaeftigelse", "maaned", True),
    ("tilbud", "start", False),
    ("ydelser", "start", False),
)


class UdenforDaekning(ValueError):
    """A month, year or day the data (or the rulebook) does not cover; the message is for users."""


@dataclass(frozen=True)
class Daekning:
    fra: date  # first complete month (its first day)
    til: date  # last complete month (its first day)
    kilde: str = UDLEDT

    def tekst(self) -> str:
        """The same words as every page's banner ("data dækker juli 2019 – juni 2022")."""
        return f"data dækker {maaned_navn(self.fra)} – {maaned_navn(self.til)}"

    def maaneder(self, tilbage: int = 0) -> tuple[date, date] | None:
        """The months a figure that reaches `tilbage` months back can be computed for."""
        foerste = max(tid.add_months(self.fra, tilbage), tid.add_months(regler_fra(), tilbage))
        return (foerste, self.til) if foerste <= self.til else None

    def tjek_maaneder(self, foerste: date, sidste: date, tilbage: int, hvad: str, periode: str | None = None) -> None:
        """Refuse `hvad` for the months foerste..sidste (named `periode`) when a month it needs,
        from `tilbage` months before `foerste` to `sidste`, lies outside the data or the rulebook."""
        foerste, sidste = tid.first_day(foerste), tid.first_day(sidste)
        mulige = self.maaneder(tilbage)
        if mulige and mulige[0] <= foerste and sidste <= mulige[1]:
            return
        behov = tid.add_months(foerste, -tilbage) if foerste.year > 10 else date.min
        grund = self.tekst() + (", og tallet bygger også på månederne før" if tilbage else "")
        if behov < tid.first_day(regler_fra()) and behov >= self.fra:
            grund = f"regelsættet gælder fra {maaned_navn(regler_fra())}"
        periode = periode or maaned_navn(foerste) + ("" if foerste == sidste else f" til {maaned_navn(sidste)}")
        valg = (f"vælg en måned fra {maaned_navn(mulige[0])} til {maaned_navn(mulige[1])}" if mulige
                else "data dækker ikke nok måneder til nogen opgørelse")
        raise UdenforDaekning(f"{hvad} for {periode} kan ikke opgøres: {grund}; {valg}")

    def tjek_aar(self, aar: int, tilbage: int, hvad: str) -> None:
        if not 1 <= aar <= 9998:
            raise UdenforDaekning(f"ugyldigt år {aar}: {self.tekst()}")
        self.tjek_maaneder(date(aar, 1, 1), date(aar, 12, 1), tilbage, hvad, str(aar))

    def tjek_dag(self, dag: date, hvad: str) -> None:
        mulige = self.maaneder()
        if mulige and mulige[0] <= dag <= tid.last_day(mulige[1]):
            return
        valg = f"vælg en dag fra {dato_tekst(mulige[0])} til {dato_tekst(tid.last_day(mulige[1]))}" if mulige else ""
        raise UdenforDaekning(f"{hvad} pr. {dato_tekst(dag)} kan ikke opgøres: {self.tekst()}; {valg}".rstrip("; "))

    def dag_i(self, dag: date) -> date:
        """`dag`, or the coverage's last day when the data ends earlier (the default view day)."""
        return min(dag, tid.last_day(self.til))


def tjek_regelaar(aar: int, hvad: str) -> None:
    """Refuse `hvad` for a year the rulebook has no values for (before its first day, or past
    9998): published figures need no micro data, but every selection is judged by the rules."""
    fra = regler_fra()
    foerste = fra.year + (fra != date(fra.year, 1, 1))
    if not foerste <= aar <= 9998:
        raise UdenforDaekning(f"{hvad} for {aar} kan ikke opgøres: regelsættet gælder fra {foerste}; "
                              f"vælg {foerste} eller et senere år")


def regler_fra() -> date:
    """The first day the rulebook has a value for every parameter."""
    from tilsyn.rules.rulebook import rulebook

    return max(p.values[0].start for p in rulebook().parameters.values())


def udled(sql: Callable[[str], date | None], tabel: Callable[[str], str]) -> Daekning | None:
    """The derived coverage (module doc): `sql(query)` runs a DuckDB query giving one date,
    `tabel(name)` names an input table in it. None when the data has no dated rows."""
    def maaned(funktion: str, kilder) -> date | None:
        dele = [f"SELECT {funktion}(date_trunc('month', {k})) AS m FROM {tabel(t)}" for t, k, _ in kilder]
        return sql(f"SELECT {funktion}(m) FROM ({' UNION ALL '.join(dele)})")

    fra = maaned("min", [k for k in _KILDER if k[2]]) or maaned("min", _KILDER)
    til = maaned("max", _KILDER)
    if fra is None or til is None or fra > til:
        return None
    return Daekning(_dato(fra), _dato(til))


def _dato(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value
