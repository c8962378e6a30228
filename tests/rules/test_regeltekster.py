"""What users read of the rulebook (`tilsyn regler`, the page "Regler i kraft", the worklist's
texts) cites laws, notices and official pages, or says plainly that a value is the project's
default: never the project's own specification. And the rulebook as the law stands today, read
the way a caseworker reads it: `tilsyn regler --dato`."""

from __future__ import annotations

import re
from datetime import date

import pytest
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.rules.i_kraft import regler_i_kraft
from tilsyn.rules.normer import NORMER
from tilsyn.rules.rulebook import Rulebook, rulebook

# the specification folder's section and seed numbers, "sources.md", and the specification's English headings
FORBUDT = re.compile(r"spec|seed\b|seedet|sources\.md|monitoring after|corrections of|\[(default|u|c)\]", re.I)


def _tekster(x):
    """Every string in a value, reference or note, however nested."""
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _tekster(v)
    elif isinstance(x, (list, tuple)):
        for v in x:
            yield from _tekster(v)


def _regelsamlinger() -> list[Rulebook]:
    """The law's rulebook and the municipalities' local norms (one file per municipality)."""
    return [rulebook(), Rulebook.load(NORMER)]


def test_no_rule_text_cites_the_specification():
    fund = []
    for book in _regelsamlinger():
        for sti, p in book.parameters.items():
            for v in p.values:
                tekster = [p.description, v.note, v.reference.title, v.reference.paragraph, *_tekster(v.value)]
                fund += [(sti, v.start, t) for t in tekster if t and FORBUDT.search(t)]
    assert fund == []


def test_the_check_finds_a_citation_of_the_specification():
    """The pattern catches what it is for (so the test above can fail)."""
    for tekst in ("(spec 08, kilde S6)", "Monitoring after 2022", "seed 002's note", "ført tilbage [default]"):
        assert FORBUDT.search(tekst), tekst
    assert not FORBUDT.search("Lov nr. 1750 af 29. december 2025 (projektets standardvalg)")


runner = CliRunner()


def _regler(dato: str, sti: str | None = None) -> list[str]:
    """The command's output lines (a wide terminal: one table row per line where it fits)."""
    res = runner.invoke(app, ["regler", "--dato", dato, *(["--sti", sti] if sti else [])], env={"COLUMNS": "2000"})
    assert res.exit_code == 0, res.output
    return res.output.splitlines()


def _raekke(r) -> str:
    """A row of `regler_i_kraft` as the command and the page show it, in one string."""
    return " ".join(str(x) for x in (r.sti, r.vaerdi_tekst, r.reference.title, r.reference.paragraph, r.note) if x)


def test_regler_1_august_2026_shows_oevo_counting_the_municipalitys_16_month_samtale_and_lov_1750_with_its_date():
    rows = {r.sti: _raekke(r) for r in regler_i_kraft(date(2026, 8, 1))}
    assert "øvrig vejledning og opkvalificering vil kunne udgøre et ret og pligt tilbud pr. 1 juli 2026" in rows[
        "ret_og_pligt.krav.taeller_ikke"]
    samtaler = rows["kontaktforloeb.krav.samtaler"]
    assert "dp_kommune_16mdr: mindst 1, uge 26–69 1/3, målgruppe 1, bindende, holdes af kommunen" in samtaler
    assert "dp_akasse_16mdr" not in samtaler
    assert "ikke bekræftet efter lov nr. 1750 af 29. december 2025" in samtaler
    assert "VEJ nr. 9117 af 16. januar 2026 (startvejledningen)" in samtaler
    assert "1750/2025 om" not in " ".join(rows.values())
    ud = _regler("2026-08-01")
    assert any("ret_og_pligt.krav.taeller_ikke" in x for x in ud)
    assert sum("Lov nr. 1750 af 29. december 2025 om ændring" in x for x in ud) >= 3
    assert any("holdes af kommunen" in x and "dp_kommune_16mdr" in x for x in ud)
    (lov295,) = [r for r in regler_i_kraft(date(2024, 1, 1), "ret_og_pligt.krav.taeller_ikke")]
    assert lov295.reference.title.startswith("Lov nr. 295 af 20/3/2023")


@pytest.mark.parametrize("dato, findes", [("2026-01-31", "ja"), ("2026-03-01", "nej")])
def test_regler_shows_no_skaerpet_tilsyn_from_1_february_2026(dato, findes):
    (linje,) = [x for x in _regler(dato, "tilsyn.ordning.sager") if "Findes det statslige skærpede tilsyn" in x]
    assert linje.split("│")[2].strip() == findes
