"""check_dir: typed tables for a good delivery, every problem with file and line for a bad one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tilsyn.data.schema import TABLES
from tilsyn.data.validate import Problem, check_dir

from leverance import VALID, write_dir

# Ten different kinds of error, one each, on known lines.
TEN_ERRORS = {
    **VALID,
    "personer": """person_id,foedselsdato
p1,1980-01-01
p2,1990-05-05
p3,2000-02-30
p1,1981-01-01
""",
    "ydelser": """person_id,kommune_kode,ydelse,visitation,start,slut
p1,0153,kontanthjaelp,jobparat,2024-01-01,2024-03-31
p1,0153,kontanthjaelp,aktivitetsparat,2024-03-15,
p2,9999,dagpenge,,2024-02-01,
p3,0101,dagpenge,jobparat,2024-01-15,2024-06-30
""",
    "samtaler": """person_id,kommune_kode,dato,form,art,sagsbehandler_id
p1,0153,2024-01-10,brev,individuel,s1
""",
    "tilbud": """person_id,kommune_kode,start,slut
p2,0101,2024-03-01,2024-03-28
""",
    "beskaeftigelse": """person_id,maaned,timer
p1,2024-01,-3
""",
    "fritagelser": """person_id,grund,start,slut
p2,barsel,2024-05-01,2024-04-01
""",
    "aftaler": """person_id,dato,art
p7,2024-05-02,samtale
""",
}

TEN_EXPECTED = [
    "personer.csv:4: foedselsdato: ugyldig dato '2000-02-30' (forventet ÅÅÅÅ-MM-DD)",
    "personer.csv:5: person_id: findes allerede i linje 2",
    "ydelser.csv:3: start: perioden overlapper perioden i linje 2",
    "ydelser.csv:4: kommune_kode: ukendt kommunekode '9999'",
    "ydelser.csv:5: visitation: visitation 'jobparat' passer ikke til ydelse 'dagpenge'",
    "samtaler.csv:2: form: ukendt samtaleform 'brev' (gyldige: fysisk, telefon, video, digital)",
    "tilbud.csv:1: art: kolonnen mangler",
    "beskaeftigelse.csv:2: timer: må ikke være negativ: '-3'",
    "fritagelser.csv:2: slut: slut 2024-04-01 er før start 2024-05-01",
    "aftaler.csv:2: person_id: 'p7' findes ikke i personer",
]


def test_valid_delivery_is_typed_per_schema(valid_dir: Path):
    checked = check_dir(valid_dir)
    assert checked.problems == [] and checked.ok
    assert set(checked.tables) == set(TABLES)
    ydelser = checked.tables["ydelser"]
    assert ydelser.schema.field("start").type == pa.date32()
    assert ydelser.column("visitation").to_pylist() == ["jobparat", "aktivitetsparat", None, None]
    assert ydelser.column("slut").to_pylist() == [date(2024, 3, 31), None, None, date(2024, 6, 30)]
    besk = checked.tables["beskaeftigelse"]
    assert besk.column("maaned").to_pylist() == [date(2024, 1, 1), date(2024, 2, 1)]
    assert besk.schema.field("timer").type == pa.float64()
    ramme = checked.tables["rammevilkaar"]
    assert ramme.column_names == ["kommune_kode", "aar", "befolkning_16_66", "ledighed"]
    assert ramme.column("kommune_kode").to_pylist() == ["0153", "0101"]
    assert ramme.schema.field("aar").type == pa.int64()
    assert ramme.column("ledighed").to_pylist() == [4.5, 5.1]
    assert checked.tables["sagsbehandlere"].column("team").to_pylist() == ["Team Nord", None]


def test_ten_kinds_of_error_all_reported_with_file_and_line(tmp_path: Path):
    checked = check_dir(write_dir(tmp_path, TEN_ERRORS))
    assert [str(p) for p in checked.problems] == TEN_EXPECTED
    assert checked.tables == {}


def test_problem_format():
    assert str(Problem("ydelser.csv", 7, "start", "x")) == "ydelser.csv:7: start: x"
    assert str(Problem("personer.csv", None, "-", "tabellen mangler")) == "personer.csv: -: tabellen mangler"


def test_missing_tables_and_unknown_files(valid_dir: Path):
    (valid_dir / "personer.csv").unlink()
    (valid_dir / "fravaer.csv").unlink()  # optional: simply empty
    (valid_dir / "noter.csv").write_text("hvad,som,helst\n1,2\n")  # unknown table: ignored
    checked = check_dir(valid_dir)
    assert [str(p) for p in checked.problems] == [
        "personer.csv: -: tabellen mangler (forventede personer.csv eller personer.parquet)"
    ]


def test_optional_tables_absent_are_empty_with_schema(tmp_path: Path):
    required = {n: VALID[n] for n in ("personer", "ydelser", "samtaler", "tilbud", "beskaeftigelse")}
    samtaler = VALID["samtaler"].replace(",s1\n", ",\n")  # no sagsbehandlere to refer to
    checked = check_dir(write_dir(tmp_path, {**required, "samtaler": samtaler}))
    assert checked.ok
    fravaer = checked.tables["fravaer"]
    assert fravaer.num_rows == 0
    assert fravaer.column_names == ["sagsbehandler_id", "start", "slut", "vikar_id"]
    assert fravaer.schema.field("start").type == pa.date32()


def test_semicolon_and_decimal_comma_and_short_codes(tmp_path: Path):
    tables = {n: t.replace(",", ";") for n, t in VALID.items()}
    tables["beskaeftigelse"] = "person_id;maaned;timer\np1;2024-01;12,5\np1;2024-02;7\n"
    tables["rammevilkaar"] = "kommune_kode;aar;befolkning_16_66;ledighed\n0153;2024;23000;4,5\n101;2024;420000;5,1\n"
    tables["ydelser"] = tables["ydelser"].replace(";0153;", ";153;")
    checked = check_dir(write_dir(tmp_path, tables))
    assert checked.problems == []
    assert checked.tables["beskaeftigelse"].column("timer").to_pylist() == [12.5, 7.0]
    assert checked.tables["rammevilkaar"].column("ledighed").to_pylist() == [4.5, 5.1]
    assert checked.tables["ydelser"].column("kommune_kode").to_pylist()[:2] == ["0153", "0153"]


def test_153_and_0153_are_the_same_municipality(tmp_path: Path):
    ramme = "kommune_kode,aar,befolkning_16_66\n153,2024,23000\n0153,2024,23000\n"
    checked = check_dir(write_dir(tmp_path, {**VALID, "rammevilkaar": ramme}))
    assert [str(p) for p in checked.problems] == [
        "rammevilkaar.csv:3: kommune_kode,aar: findes allerede i linje 2"
    ]


def test_parquet_input_typed_or_text(tmp_path: Path, valid_dir: Path):
    csv_tables = check_dir(valid_dir).tables
    pq_dir = tmp_path / "pq"
    pq_dir.mkdir()
    for name, table in csv_tables.items():
        if name == "rammevilkaar":  # municipality codes as plain integers, as a database might export
            table = table.set_column(0, "kommune_kode", pa.array([153, 101]))
        if name == "beskaeftigelse":  # all text, as a spreadsheet might export
            table = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
        pq.write_table(table, pq_dir / f"{name}.parquet")
    checked = check_dir(pq_dir)
    assert checked.problems == []
    for name, table in csv_tables.items():
        assert checked.tables[name].equals(table), name


def test_parquet_line_is_row_number_plus_one(tmp_path: Path, valid_dir: Path):
    (valid_dir / "personer.csv").unlink()
    personer = pa.table({"person_id": ["p1", "p2", "p3"], "foedselsdato": ["1980-01-01", "x", "2000-12-31"]})
    pq.write_table(personer, valid_dir / "personer.parquet")
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "personer.parquet:3: foedselsdato: ugyldig dato 'x' (forventet ÅÅÅÅ-MM-DD)"
    ]


def test_both_csv_and_parquet_of_one_table_is_a_problem(valid_dir: Path):
    pq.write_table(pa.table({"person_id": ["p1"], "dato": ["2024-01-01"], "art": ["samtale"]}),
                   valid_dir / "aftaler.parquet")
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "aftaler.csv: -: både aftaler.csv og aftaler.parquet findes; aflever én af dem"
    ]


def test_line_numbers_survive_blank_lines_bad_rows_and_bom(valid_dir: Path):
    content = (
        "\ufeffperson_id,foedselsdato\n"  # line 1, with a byte order mark as Excel writes it
        "p1,1980-01-01\n"
        "\n"                              # line 3: blank, ignored
        "p2,1990-05-05,extra\n"           # line 4: too many fields
        ",,\n".replace(",,", ",")         # line 5: all empty, ignored
        + "p3,31-12-2000\n"               # line 6: bad date
    )
    (valid_dir / "personer.csv").write_text(content, encoding="utf-8")
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "personer.csv:4: -: forventede 2 felter, fandt 3",
        "personer.csv:6: foedselsdato: ugyldig dato '31-12-2000' (forventet ÅÅÅÅ-MM-DD)",
        # p2 was skipped, so its rows elsewhere point at nobody:
        "ydelser.csv:4: person_id: 'p2' findes ikke i personer",
        "samtaler.csv:3: person_id: 'p2' findes ikke i personer",
        "tilbud.csv:2: person_id: 'p2' findes ikke i personer",
        "fritagelser.csv:2: person_id: 'p2' findes ikke i personer",
    ]


def test_more_checks_empty_values_numbers_months_and_caseworkers(valid_dir: Path):
    write_dir(valid_dir, {
        "beskaeftigelse": "person_id,maaned,timer\np1,2024-13,1\n,2024-02,1e3\n",
        "samtaler": "person_id,kommune_kode,dato,form,art,sagsbehandler_id\np1,0153,2024-01-10,fysisk,individuel,s9\n",
        "fravaer": "sagsbehandler_id,start,slut,vikar_id\ns1,2024-02-01,,s8\n",
    })
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "samtaler.csv:2: sagsbehandler_id: 's9' findes ikke i sagsbehandlere",
        "beskaeftigelse.csv:2: maaned: ugyldig måned '2024-13' (forventet ÅÅÅÅ-MM)",
        "beskaeftigelse.csv:3: person_id: mangler en værdi",
        "beskaeftigelse.csv:3: timer: ugyldigt tal '1e3'",
        "fravaer.csv:2: slut: mangler en værdi",
        "fravaer.csv:2: vikar_id: 's8' findes ikke i sagsbehandlere",
    ]


def test_overlap_with_an_earlier_long_period_not_only_the_previous_one(valid_dir: Path):
    ydelser = """person_id,kommune_kode,ydelse,visitation,start,slut
p1,0153,sygedagpenge,,2024-01-01,2024-12-31
p1,0153,sygedagpenge,,2024-02-01,2024-02-28
p1,0153,sygedagpenge,,2024-06-01,
p2,0101,dagpenge,,2024-01-01,2024-01-31
p2,0101,dagpenge,,2024-02-01,
"""
    write_dir(valid_dir, {"ydelser": ydelser})
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "ydelser.csv:3: start: perioden overlapper perioden i linje 2",
        "ydelser.csv:4: start: perioden overlapper perioden i linje 2",
    ]


def test_problems_are_capped_with_a_count_of_the_rest(valid_dir: Path):
    rows = "".join(f"p1,2024-01,-{i}\n" for i in range(1, 11))
    write_dir(valid_dir, {"beskaeftigelse": "person_id,maaned,timer\n" + rows})
    checked = check_dir(valid_dir, max_problems=3)
    # 10 negative values + 9 duplicates of (p1, 2024-01) = 19 problems, 3 shown.
    assert len(checked.problems) == 3 and checked.omitted == 16
    assert checked.report()[-1] == "... og 16 problemer mere (ikke vist)"


def test_unreadable_files(valid_dir: Path):
    (valid_dir / "aftaler.csv").write_bytes(b"")
    (valid_dir / "tilbud.csv").write_bytes(b"person_id,kommune_kode,art,start,slut\np2,0101,\xff\xfe,2024-03-01,\n")
    (valid_dir / "fritagelser.csv").unlink()
    (valid_dir / "fritagelser.parquet").write_bytes(b"not parquet")
    problems = [str(p) for p in check_dir(valid_dir).problems]
    assert problems[0] == ("tilbud.csv:2: -: teksten er ikke gyldig UTF-8 (gem filen som UTF-8, i Excel: "
                           "'CSV UTF-8'); resten af filen er ikke læst")
    assert problems[1].startswith("fritagelser.parquet: -: kan ikke læses som Parquet")
    assert problems[2] == "aftaler.csv:1: -: filen er tom eller mangler overskriftslinjen"
    assert len(problems) == 3


def test_files_that_are_not_utf8_text_or_not_files(valid_dir: Path):
    (valid_dir / "personer.csv").write_bytes(VALID["personer"].encode("utf-16"))
    (valid_dir / "ydelser.csv").write_bytes(VALID["ydelser"].encode("utf-16-le"))
    (valid_dir / "samtaler.csv").write_text("person_id," + "x" * (200 << 10) + "\n")
    (valid_dir / "tilbud.csv").unlink()
    (valid_dir / "tilbud.csv").mkdir()
    (valid_dir / "aftaler.csv").unlink()
    (valid_dir / "aftaler.csv").symlink_to(valid_dir / "findes-ikke.csv")
    problems = [str(p) for p in check_dir(valid_dir).problems if "henvisninger" not in p.message]
    assert problems == [
        "personer.csv:1: -: filen er UTF-16; gem den som UTF-8 (i Excel: 'CSV UTF-8')",
        "ydelser.csv:1: -: overskriftslinjen indeholder NUL-tegn: filen er ikke tekst i UTF-8 "
        "(måske UTF-16 eller binære data)",
        "samtaler.csv:1: -: overskriftslinjen kan ikke læses: et kolonnenavn er over 128 KiB",
        "tilbud.csv: -: er en mappe, ikke en fil",
        "aftaler.csv: -: er ikke en almindelig fil, der kan læses",
    ]


def test_a_file_not_utf8_is_the_first_problem_and_its_follow_on_errors_one_line(valid_dir: Path):
    rows = "".join(f"p{i},1980-01-01\n" for i in range(4, 400))
    write_dir(valid_dir, {
        "personer": VALID["personer"] + rows + "p400,1980-01-01\n",
        "aftaler": "person_id,dato,art\n" + "".join(f"p{i},2024-05-02,brev\n" for i in range(1, 400)),
        "sagsbehandlere": "sagsbehandler_id,navn,team,kommune_kode\ns1,Søren,,0153\ns2,Bo,,0153\n".encode("latin-1"),
    })
    checked = check_dir(valid_dir)
    lines = checked.report()
    assert lines[:2] == [
        "sagsbehandlere.csv:2: -: teksten er ikke gyldig UTF-8 (gem filen som UTF-8, i Excel: 'CSV UTF-8'); "
        "resten af filen er ikke læst",
        "sagsbehandlere.csv: -: 4 henvisninger fra samtaler.csv, sagsstammer.csv, fravaer.csv til "
        "sagsbehandlere findes ikke, fordi sagsbehandlere.csv ikke kunne læses; de vises ikke enkeltvis",
    ]
    assert lines[2] == "aftaler.csv:2: art: ukendt art 'brev' (gyldige: samtale, tilbud)"
    assert not any("findes ikke i sagsbehandlere" in line for line in lines)
    assert checked.omitted == 399 + 2 - 200


def test_control_characters_are_shown_as_question_marks(valid_dir: Path):
    write_dir(valid_dir, {"aftaler": b"person_id,dato,art\np1\x00\x1b[2J,2024-05-02,samtale\n"})
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "aftaler.csv:2: person_id: 'p1??[2J' findes ikke i personer"]


def test_missing_directory(tmp_path: Path):
    checked = check_dir(tmp_path / "nope")
    assert [p.message for p in checked.problems] == ["mappen findes ikke"]


def test_rammevilkaar_covariates_any_simple_name_and_bad_names_reported(valid_dir: Path):
    write_dir(valid_dir, {"rammevilkaar": "kommune_kode,aar,befolkning_16_66,e0,_c0,ledighed\n"
                                          "153,2024,23000,-1,2,4\n"})
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "rammevilkaar.csv:1: _c0: ugyldigt kolonnenavn (brug bogstaverne a-z, cifre og _)"
    ]
    write_dir(valid_dir, {"rammevilkaar": "kommune_kode,aar,befolkning_16_66,e0,ledighed\n"
                                          "153,2024,23000,-1,\n"})
    checked = check_dir(valid_dir)
    assert [str(p) for p in checked.problems] == ["rammevilkaar.csv:2: ledighed: mangler en værdi"]
    write_dir(valid_dir, {"rammevilkaar": "kommune_kode,aar,befolkning_16_66,e0,ledighed\n"
                                          "153,2024,23000,-1,\"4,5\"\n"})
    table = check_dir(valid_dir).tables["rammevilkaar"]
    assert table.to_pylist() == [{"kommune_kode": "0153", "aar": 2024, "befolkning_16_66": 23000,
                                  "e0": -1.0, "ledighed": 4.5}]


def test_typed_parquet_values_are_checked_like_text(tmp_path: Path, valid_dir: Path):
    """Parquet columns of their own type (dates, numbers) are taken as they are, and their bad
    values get the same messages, with the file's value, as the same values in a CSV file."""
    (valid_dir / "beskaeftigelse.csv").unlink()
    pq.write_table(pa.table({
        "person_id": ["p1", "p1", "p1", "p2", None],
        "maaned": pa.array([date(2024, 1, 1), date(2024, 2, 15), date(2024, 3, 1), date(2024, 1, 1), date(2024, 4, 1)]),
        "timer": [10.0, 5.0, -2.5, float("nan"), 1.0],
    }), valid_dir / "beskaeftigelse.parquet")
    assert [str(p) for p in check_dir(valid_dir).problems] == [
        "beskaeftigelse.parquet:3: maaned: ugyldig måned '2024-02-15' (forventet ÅÅÅÅ-MM)",
        "beskaeftigelse.parquet:4: timer: må ikke være negativ: '-2.5'",
        "beskaeftigelse.parquet:5: timer: ugyldigt tal 'nan'",
        "beskaeftigelse.parquet:6: person_id: mangler en værdi",
    ]


def test_optional_quota_columns_who_held_the_samtale_and_the_a_kasse(valid_dir: Path):
    """`samtaler.afholdt_af` (kommune | a_kasse) and `ydelser.a_kasse` may be left out (the valid
    delivery has neither); present, a bad holder is reported as any bad code."""
    write_dir(valid_dir, {
        "samtaler": "person_id,kommune_kode,dato,form,art,sagsbehandler_id,afholdt_af\n"
                    "p1,0153,2024-01-10,fysisk,individuel,,a_kasse\np1,0153,2024-01-11,fysisk,individuel,,\n"
                    "p1,0153,2024-01-12,fysisk,individuel,,jobcentret\n",
    })
    problemer = [str(p) for p in check_dir(valid_dir).problems]
    assert len(problemer) == 1 and problemer[0].startswith("samtaler.csv:4: afholdt_af: ")
    assert "'jobcentret'" in problemer[0]


def test_et_felt_paa_50_mib_afvises_paa_dansk(valid_dir: Path):
    """A field of 50 MiB (a file cut wrongly, or an attempt to fill the server): a Danish problem
    at the file, the rest of the file unread, nothing stored, no English message from the reader."""
    (valid_dir / "sagsbehandlere.csv").write_text(
        "sagsbehandler_id,navn,team,kommune_kode\ns1,Anna,,0153\ns2," + "B" * (50 << 20) + ",,0153\n", encoding="utf-8")
    lines = check_dir(valid_dir).report()
    assert lines[0] == (
        "sagsbehandlere.csv: -: en række er længere end 16 MiB (efter 1 læste rækker): et felt på mange megabyte er "
        "ikke en gyldig værdi, eller et anførselstegn er ikke lukket; resten af filen er ikke læst")
    assert not any("block" in line or "straddl" in line for line in lines)
