"""The rulebook: one value in force every day, every value sourced, loader errors are clear."""

import re
from datetime import date, timedelta

import pytest

from tilsyn.rules import Rulebook, RulebookError, rulebook
from tilsyn.rules.rulebook import LAESES, MARKERS

FIRST = date(2016, 1, 1)


def test_coverage_exactly_one_value_every_day_from_2016_to_2027():
    """Walk every day from 2016 to the end of 2027 (the planned 2027 law, lov 1750/2025), today or the last
    dated change, whichever is latest: exactly one value is in force (none before its start, no two
    the same day)."""
    book = rulebook()
    assert book.parameters, "the rulebook is empty"
    today = max([date(2027, 12, 31), date.today()] + [v.start for p in book.parameters.values() for v in p.values])
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


def test_every_parameter_declares_which_day_it_is_read_on():
    for path, parameter in rulebook().parameters.items():
        assert parameter.laeses in LAESES, path


def test_vaerdi_picks_the_rule_in_force_for_what_the_caller_has():
    book = rulebook()
    assert book.vaerdi("fokusmaal.tilbud.min_timer", maaned=date(2021, 12, 1)) == 100  # last(M)
    assert book.vaerdi("fokusmaal.tilbud.min_timer", maaned=date(2022, 1, 15)) == 225
    assert book.vaerdi("fokusmaal.tilbud.konsekvens", aar=2020) == "skaerpet_tilsyn"  # 31 December
    assert book.vaerdi("fokusmaal.tilbud.konsekvens", aar=2022) == "skaerpet_tilsyn_light"
    assert book.vaerdi("ret_og_pligt.krav.min_varighed_dage", dag=date(2019, 12, 31)) == 1
    assert book.vaerdi("ret_og_pligt.krav.min_varighed_dage", dag=date(2020, 1, 1)) == 14
    value = book.gaeldende("tilsyn.genopretning_uger", dag=date(2023, 5, 1))
    assert (value.value, value.marker) == (39, "source")
    with pytest.raises(LookupError):
        book.vaerdi("fokusmaal.tilbud.min_timer", maaned=date(2015, 12, 1))


def test_hvis_changes_a_copy_not_the_rulebook():
    book = rulebook()
    hvis = book.hvis({"fokusmaal.tilbud.graense_pct": 15})
    assert hvis.vaerdi("fokusmaal.tilbud.graense_pct", aar=2022) == 15
    assert hvis.gaeldende("fokusmaal.tilbud.graense_pct", aar=2017).marker == "hvis"
    assert book.vaerdi("fokusmaal.tilbud.graense_pct", aar=2022) == 20
    assert rulebook().vaerdi("fokusmaal.tilbud.graense_pct", aar=2022) == 20
    with pytest.raises(KeyError, match="ukendt parameter"):
        book.vaerdi("fokusmaal.findes_ikke", maaned=FIRST)


@pytest.mark.parametrize(
    "path, naar",
    [
        ("fokusmaal.tilbud.min_timer", {"aar": 2022}),             # laeses: maaned
        ("fokusmaal.tilbud.min_timer", {"dag": date(2022, 1, 31)}),
        ("fokusmaal.tilbud.konsekvens", {"maaned": date(2022, 12, 1)}),  # laeses: aar
        ("fokusmaal.tilbud.konsekvens", {"dag": date(2022, 12, 31)}),
        ("tilsyn.genopretning_uger", {"maaned": date(2023, 5, 1)}),     # laeses: dag
        ("tilsyn.genopretning_uger", {"aar": 2023}),
        ("tilsyn.genopretning_uger", {}),
        ("tilsyn.genopretning_uger", {"dag": date(2023, 5, 1), "aar": 2023}),
    ],
)
def test_each_accessor_refuses_another_kind_than_declared(path, naar):
    book = rulebook()
    for accessor in (book.vaerdi, book.gaeldende):
        with pytest.raises(TypeError, match="læses pr."):
            accessor(path, **naar)


def test_only_day_parameters_give_all_their_dated_values():
    book = rulebook()
    assert book.dagvaerdier("ret_og_pligt.krav.min_varighed_dage")[1].value == 14
    with pytest.raises(TypeError, match="læses pr. maaned"):
        book.dagvaerdier("fokusmaal.tilbud.min_timer")


_GYLDIG = "{from: 2016-01-01, value: 1, marker: source, reference: {title: t}}"


@pytest.mark.parametrize(
    "text, message",
    [
        ("x:\n  description: d\n  laeses: dag\n  values:\n    - {from: 2016-01-01, value: 1, marker: gæt, reference: {title: t}}\n", "marker"),
        ("x:\n  description: d\n  laeses: dag\n  values:\n    - {from: 2016-01-01, value: 1, marker: source}\n", "reference"),
        (f"x:\n  description: d\n  laeses: dag\n  values:\n    - {_GYLDIG}\n"
         "    - {from: 2016-01-01, value: 2, marker: source, reference: {title: t}}\n", "samme dag"),
        ("x:\n  description: d\n  laeses: dag\n  values:\n    - {from: januar, value: 1, marker: source, reference: {title: t}}\n", "from"),
        (f"x:\n  description: d\n  values:\n    - {_GYLDIG}\n", "x: mangler laeses"),
        (f"x:\n  description: d\n  laeses: uge\n  values:\n    - {_GYLDIG}\n", "laeses skal være maaned, aar eller dag, ikke 'uge'"),
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
        "dp:\n  antal:\n    description: d\n    laeses: dag\n    values:\n"
        "      - {from: 2016-01-01, value: 6, marker: source, reference: *r}\n"
        "      - {from: 2020-01-01, value: 4, marker: source, reference: *r}\n",
        encoding="utf-8",
    )
    book = Rulebook.load(tmp_path)
    assert book.vaerdi("kontakt.krav.dp.antal", dag=date(2019, 12, 31)) == 6
    value = book.gaeldende("kontakt.krav.dp.antal", dag=date(2020, 1, 1))
    assert (value.value, value.reference.tekst()) == (4, "LAB, § 31")


# Every parameter docs/measures, frister and tilsyn name (left) and where the rulebook keeps it (right: the same
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


@pytest.mark.parametrize("navn, sti", sorted(SPEC_PARAMETRE.items()))
def test_every_parameter_named_in_the_docs_is_in_the_rulebook(navn, sti):
    assert sti in rulebook().parameters, f"{navn} is missing (looked for {sti})"


@pytest.mark.parametrize(
    "sti, naar, vaerdi",
    [
        ("dagpenge.ny_periode_efter_uger", {"dag": date(2023, 1, 1)}, 52),          # docs/frister.md [default]
        ("tilsyn.taskforce.uden_fremgang_maaneder", {"dag": date(2023, 1, 1)}, 3),  # docs/tilsyn.md [default]
        ("tilsyn.forlaengelse.min_forbedring_pct_point", {"dag": date(2023, 1, 1)}, 5),
        ("fokusmaal.samtaler.min_antal", {"maaned": date(2022, 6, 1)}, 4),           # BM 2021
        ("fokusmaal.vindue_maaneder", {"maaned": date(2022, 6, 1)}, 12),            # docs/measures.md
        ("fokusmaal.tilbud.graense_pct", {"aar": 2019}, 30),                         # 2019 order
        ("fokusmaal.tilbud.graense_pct", {"aar": 2022}, 20),                         # STAR's follow-up on the 2022 fokusmål
        ("resultatmaal.tolerance_pct_point", {"aar": 2022}, 0),
    ],
)
def test_spec_values_in_force(sti, naar, vaerdi):
    assert rulebook().vaerdi(sti, **naar) == vaerdi


def _krav(kvote: str) -> str:
    return ("x:\n  description: d\n  laeses: dag\n  values:\n"
            "    - from: 2016-01-01\n      marker: source\n      reference: {title: t}\n"
            f"      value:\n        - {{id: k, maalgrupper: [1], kvote: {kvote}}}\n")


@pytest.mark.parametrize("kvote, message", [
    ("0.75", " skal være {andel: 0.75, holdes_af: kommune|a_kasse}"),
    ("{andel: 0.75}", " skal være"),
    ("{andel: 0.75, holdes_af: kommune, ekstra: 1}", " skal være"),
    ("{andel: 75, holdes_af: kommune}", ": andel skal være et tal over 0 og højst 1, ikke 75"),
    ("{andel: 0, holdes_af: kommune}", ": andel skal være et tal over 0"),
    ("{andel: halvdelen, holdes_af: kommune}", ": andel skal være et tal"),
    ("{andel: 0.75, holdes_af: staten}", ": holdes_af skal være kommune eller a_kasse, ikke 'staten'"),
])
def test_a_malformed_quota_is_refused(tmp_path, kvote, message):
    (tmp_path / "krav.yaml").write_text(_krav(kvote), encoding="utf-8")
    with pytest.raises(RulebookError, match=re.escape(f"krav 'k': kvote{message}")):
        Rulebook.load(tmp_path)


def test_a_wellformed_quota_loads(tmp_path):
    (tmp_path / "krav.yaml").write_text(_krav("{andel: 0.75, holdes_af: a_kasse}"), encoding="utf-8")
    (k,) = Rulebook.load(tmp_path).vaerdi("krav.x", dag=FIRST)
    assert k["kvote"] == {"andel": 0.75, "holdes_af": "a_kasse"}
