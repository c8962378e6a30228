"""Docs, code and tests cite laws, official pages and the repository's own docs, never the private
specification folder: a reader of the repository cannot open it."""

import re
from pathlib import Path

ROD = Path(__file__).resolve().parents[1]
DENNE = Path(__file__).resolve()

# "spec 06", "spec-06", "spec 4", "the spec", "spec's", "../shared/spec/", and its source documents
# ("seed 002": name the publication instead)
HENVISNING = re.compile(r"\bspec[ -]?\d|\bthe spec\b|\bspec's\b|shared/spec|\bseed 0\d\d\b", re.I)

# The one place a citation is written on purpose: the rule-text check shows that it catches one.
TILLADT = {("tests/rules/test_regeltekster.py", '    for tekst in ("(spec 08, kilde S6)", ')}


def _filer():
    yield ROD / "README.md"
    for mappe in ("docs", "src", "tests", "benchmarks"):
        for sti in sorted((ROD / mappe).rglob("*")):
            if sti.suffix in {".py", ".md", ".yaml", ".yml", ".html", ".txt", ".toml"} and sti.resolve() != DENNE:
                yield sti


def _henvisninger(tekst: str, rel: str) -> list[str]:
    return [
        f"{rel}:{nr}: {linje.strip()}"
        for nr, linje in enumerate(tekst.splitlines(), 1)
        if HENVISNING.search(linje) and not any(rel == f and linje.startswith(s) for f, s in TILLADT)
    ]


def test_no_file_cites_the_specification_folder():
    fund = []
    for sti in _filer():
        fund += _henvisninger(sti.read_text(encoding="utf-8"), str(sti.relative_to(ROD)))
    assert fund == []


def test_the_check_finds_a_citation():
    """The pattern catches what it is for (so the test above can fail), and not ordinary words."""
    for linje in ("kontraktens kolonner (spec 06)", "Decisions where the spec is silent", "the spec-06 tables",
                  "lives in `../shared/spec/`", "spec's fokusmaal.x is missing", "seed 002's Table 1"):
        assert _henvisninger(linje, "docs/x.md"), linje
    assert not _henvisninger("skema = klient.get('/api/v1/openapi.json') (LAB § 31, docs/frister.md)", "x.py")
    assert not _henvisninger("tilsyn generate data --seed 1", "README.md")
