"""The rulebook and the code name the same rules: every rule path written in the code (Python and
templates; `{...}` of an f-string stands for one path segment) exists in the rulebook, and every
parameter is read somewhere or marked `beregnes: false` (shown, not computed; see
rules/parameters/_README.md)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tilsyn.rules.rulebook import rulebook

SRC = Path(__file__).resolve().parents[2] / "src" / "tilsyn"
STIER = rulebook().parameters
TOPPE = sorted({p.split(".")[0] for p in STIER})
_STRENG = re.compile(r"""["'](?:(?:%s)\.[\w.{}\[\]'"]+?)["']""" % "|".join(TOPPE))


def _ikke_regel(tekst: str) -> bool:
    """A module (`tilsyn.reports`) or a file name (`tilsyn.duckdb`), not a rule path."""
    return "{" not in tekst and (tekst.endswith((".duckdb", ".yaml", ".py", ".csv"))
                                 or importlib.util.find_spec(tekst.split(".")[0]) is not None
                                 and _modul(tekst))


def _modul(tekst: str) -> bool:
    try:
        return importlib.util.find_spec(tekst) is not None
    except ModuleNotFoundError:
        return False


def _skrevne() -> dict[str, set[str]]:
    """Rule path as written -> the files it is written in."""
    ud: dict[str, set[str]] = {}
    for fil in sorted([*SRC.rglob("*.py"), *SRC.rglob("*.html")]):
        for m in _STRENG.finditer(fil.read_text(encoding="utf-8")):
            tekst = m.group(0)[1:-1]
            if not _ikke_regel(tekst):
                ud.setdefault(tekst, set()).add(str(fil.relative_to(SRC)))
    return ud


def _moenster(tekst: str, under: bool = True) -> re.Pattern:
    """The parameters `tekst` names; with `under`, also those below it (a subtree the code reads)."""
    return re.compile("^" + re.sub(r"\\\{[^}]*\\\}", r"[^.]+", re.escape(tekst)) + (r"(\..+)?$" if under else "$"))


SKREVNE = _skrevne()


def test_koden_skriver_mange_regelstier():
    """The scan finds the paths (a broken pattern would make the tests below pass on nothing)."""
    assert len(SKREVNE) > 50
    assert "fokusmaal.{maal}.graense_pct" in SKREVNE and "kontaktforloeb.arbejdsliste.snart_dage" in SKREVNE


@pytest.mark.parametrize("tekst", sorted(SKREVNE))
def test_hver_regelsti_i_koden_findes(tekst):
    assert any(_moenster(tekst).match(p) for p in STIER), f"{tekst} (i {', '.join(sorted(SKREVNE[tekst]))}) findes ikke i regelsættet"


def test_hver_parameter_laeses_eller_er_kun_vist():
    moenstre = [_moenster(t, under=False) for t in SKREVNE]
    ulaeste = sorted(p for p, parameter in STIER.items()
                     if parameter.beregnes and not any(m.match(p) for m in moenstre))
    assert ulaeste == [], f"læses ikke og er ikke markeret beregnes: false: {ulaeste}"
    kun_vist = sorted(p for p, parameter in STIER.items() if not parameter.beregnes)
    laest = [p for p in kun_vist if any(m.match(p) for m in moenstre)]
    assert laest == [], f"markeret beregnes: false, men læses i koden: {laest}"
