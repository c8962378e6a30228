"""Dated rule values as Ibis expressions: the value in force on each row's day."""

from __future__ import annotations

from typing import Any, Callable

import ibis
import ibis.expr.types as ir

from tilsyn.rules.rulebook import Rulebook


def i_kraft(rules: Rulebook, path: str, day: ir.Value, build: Callable[[Any], ir.Value]) -> ir.Value:
    """`build(value)` for the value in force on the date expression `day`, as one CASE. Only for
    `laeses: dag` parameters: a month's or a year's values reach the engine as literals or through
    the monthly grid (`population.maanedsgitter`), read by month."""
    values = rules.dagvaerdier(path)
    cases = [(day < nxt.start, build(v.value)) for v, nxt in zip(values, values[1:])]
    return ibis.cases(*cases, else_=build(values[-1].value)) if cases else build(values[0].value)
