"""The development the municipalities quote in their replies (the minister's letter of 31 August 2018, Hillerød: "-10,8 % against
-3,4 % for the whole country"): fuldtidspersoner on a-dagpenge mv. in a month, the month before and
the same month a year before, per municipality. The counts are `resultat.fuldtidspersoner` of each
month; regions and the country are sums of municipalities (the results layer adds them up)."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from tilsyn import tid
from tilsyn.engine.resultat import fuldtidspersoner
from tilsyn.rules.rulebook import Rulebook

YDELSESGRUPPE = "a_dagpenge"


def maaneder(maaned: date) -> dict[str, date]:
    """The three months compared: the month, the month before, the same month a year before."""
    m = tid.first_day(maaned)
    return {"maaned": m, "forrige_maaned": tid.add_months(m, -1), "aaret_foer": tid.add_months(m, -12)}


def udvikling(tables: dict[str, ir.Table], maaned: date, rules: Rulebook, ydelsesgruppe: str = YDELSESGRUPPE) -> ir.Table:
    """[kommune_kode, hvilken, fuldtidspersoner]: one row per municipality with the ydelsesgruppe
    in each of the three months (`hvilken` as in `maaneder`)."""
    dele = []
    for hvilken, m in maaneder(maaned).items():
        f = fuldtidspersoner(tables, m, tid.last_day(m), rules)
        f = f.filter(f.ydelsesgruppe == ydelsesgruppe)
        dele.append(f.select("kommune_kode", hvilken=ibis.literal(hvilken), fuldtidspersoner=f.fuldtidspersoner))
    return ibis.union(*dele)
