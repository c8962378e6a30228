"""The rulebook: one value in force every day, every value sourced, loader errors are clear."""

from datetime import date, timedelta

import pytest

from tilsyn.rules import Rulebook, RulebookError, rulebook
from tilsyn.rules.rulebook import MARKERS

FIRST = date(2016, 1, 1)


def test_coverage_exactly_one_value_every_day_from_2016_to_today():
    """Walk every day: exactly one value is in force (none before its start, no two the same day)."""
    book = rulebook()
    assert book.parameters, "the rulebook is empty"
    today = date.today()
    for path, parameter in book.parameters.items():
        starts = [v.start for v in parameter.values]
        assert starts == sorted(set(starts)), f"{path}: two values take effect the same day"
        day = FIRST
        while day <= today:
            in_force = [
                v
                for i, v in enumerate(parameter.values)
                if v.start <= day
                and (i + 1 == len(parameter.values) or day < parameter.values[i + 1].start)
            ]
            assert len(in_force) == 1, f"{path}: {len(in_force)} values in force on {day}"
            assert parameter.on(day) is in_force[0]
            day += timedelta(days=1)


def test_lint_every_value_has_reference_and_marker():
    for path, parameter in rulebook().parameters.items():
        assert parameter.description, path
        for value in parameter.values:
            assert value.marker in MARKERS, f"{path} {value.start}: marker"
            assert value.reference.title.strip(), f"{path} {value.start}: reference title"
            if value.marker == "default":
                assert value.note, f"{path} {value.start}: a default must say why in a note"


def test_value_on_picks_the_rule_in_force():
    book = rulebook()
    assert book.value_on("fokusmaal.tilbud.min_timer", date(2021, 12, 31)) == 100
    assert book.value_on("fokusmaal.tilbud.min_timer", date(2022, 1, 1)) == 225
    assert book.value_on("fokusmaal.tilbud.konsekvens", date(2021, 12, 31)) == "ingen"
    assert book.value_on("fokusmaal.tilbud.konsekvens", date(2022, 12, 31)) == "skaerpet_tilsyn_light"
    with pytest.raises(LookupError):
        book.value_on("fokusmaal.tilbud.min_timer", date(2015, 12, 31))
    with pytest.raises(KeyError, match="ukendt parameter"):
        book.value_on("fokusmaal.findes_ikke", FIRST)


@pytest.mark.parametrize(
    "text, message",
    [
        ("x:\n  description: d\n  values:\n    - {from: 2016-01-01, value: 1, marker: gæt, reference: {title: t}}\n", "marker"),
        ("x:\n  description: d\n  values:\n    - {from: 2016-01-01, value: 1, marker: source}\n", "reference"),
        ("x:\n  description: d\n  values:\n    - {from: 2016-01-01, value: 1, marker: source, reference: {title: t}}\n"
         "    - {from: 2016-01-01, value: 2, marker: source, reference: {title: t}}\n", "samme dag"),
        ("x:\n  description: d\n  values:\n    - {from: januar, value: 1, marker: source, reference: {title: t}}\n", "from"),
        ("x: [1, 2\n", "YAML"),
    ],
)
def test_malformed_parameters_are_refused_with_a_clear_message(tmp_path, text, message):
    (tmp_path / "emne.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match=message):
        Rulebook.load(tmp_path)


def test_folder_path_is_lookup_path(tmp_path):
    (tmp_path / "kontakt").mkdir()
    (tmp_path / "kontakt" / "krav.yaml").write_text(
        "_r: &r {title: LAB, paragraph: '§ 31'}\n"
        "dp:\n  antal:\n    description: d\n    values:\n"
        "      - {from: 2016-01-01, value: 6, marker: source, reference: *r}\n"
        "      - {from: 2020-01-01, value: 4, marker: source, reference: *r}\n",
        encoding="utf-8",
    )
    book = Rulebook.load(tmp_path)
    assert book.value_on("kontakt.krav.dp.antal", date(2019, 12, 31)) == 6
    value = book.on("kontakt.krav.dp.antal", date(2020, 1, 1))
    assert (value.value, value.reference.tekst()) == (4, "LAB, § 31")


# Every parameter spec 03, 04 and 05 names (left) and where the rulebook keeps it (right: the same
# path, or the supervision parameters under `tilsyn.`, exemptions under the table's name).
SPEC_PARAMETRE = {
    "fokusmaal.samtaler.min_antal": "fokusmaal.samtaler.min_antal",
    "fokusmaal.tilbud.min_timer": "fokusmaal.tilbud.min_timer",
    "fokusmaal.udeladte_maaneder": "fokusmaal.udeladte_maaneder",
    "fokusmaal.samtaler.graense_pct": "fokusmaal.samtaler.graense_pct",
    "fokusmaal.tilbud.graense_pct": "fokusmaal.tilbud.graense_pct",
    "fokusmaal.samtaler.konsekvens": "fokusmaal.samtaler.konsekvens",
    "fokusmaal.tilbud.konsekvens": "fokusmaal.tilbud.konsekvens",
    "resultatmaal.tolerance_pct_point": "resultatmaal.tolerance_pct_point",
    "dagpenge.ny_periode_efter_uger": "dagpenge.ny_periode_efter_uger",
    "fritagelse.mindre_intensiv": "fritagelser.mindre_intensiv",
    "taskforce.uden_fremgang_maaneder": "tilsyn.taskforce.uden_fremgang_maaneder",
    "forlaengelse.min_forbedring_pct_point": "tilsyn.forlaengelse.min_forbedring_pct_point",
}


@pytest.mark.parametrize("spec, sti", sorted(SPEC_PARAMETRE.items()))
def test_every_parameter_named_in_the_spec_is_in_the_rulebook(spec, sti):
    assert sti in rulebook().parameters, f"spec's {spec} is missing (looked for {sti})"


@pytest.mark.parametrize(
    "sti, dag, vaerdi",
    [
        ("dagpenge.ny_periode_efter_uger", date(2023, 1, 1), 52),          # spec 04 [default]
        ("tilsyn.taskforce.uden_fremgang_maaneder", date(2023, 1, 1), 3),  # spec 05 [default]
        ("tilsyn.forlaengelse.min_forbedring_pct_point", date(2023, 1, 1), 5),
        ("fokusmaal.samtaler.min_antal", date(2022, 6, 30), 4),             # BM 2021
        ("fokusmaal.tilbud.graense_pct", date(2019, 6, 30), 30),            # 2019 order
        ("fokusmaal.tilbud.graense_pct", date(2022, 6, 30), 20),            # seed 002
        ("resultatmaal.tolerance_pct_point", date(2022, 6, 30), 0),
    ],
)
def test_spec_values_in_force(sti, dag, vaerdi):
    assert rulebook().value_on(sti, dag) == vaerdi
