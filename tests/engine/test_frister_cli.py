"""`tilsyn frister` and `tilsyn rettidighed` end to end on a real data directory (docs/frister.md)."""

import csv

import openpyxl
import pytest
from typer.testing import CliRunner

from tilsyn.cli import app

pytestmark = pytest.mark.kun_duckdb  # the CLI works on DuckDB stores

runner = CliRunner()


@pytest.fixture
def data(tmp_path):
    files = {
        "personer": "person_id,foedselsdato\np,1980-01-01\nq,1990-01-01\n",
        "ydelser": "person_id,kommune_kode,ydelse,visitation,start,slut\n"
                   "p,153,kontanthjaelp,jobparat,2022-01-10,\nq,153,kontanthjaelp,jobparat,2021-01-01,\n",
        "samtaler": "person_id,kommune_kode,dato,form,art,sagsbehandler_id\np,153,2022-01-12,fysisk,individuel,\n"
                    + "".join(f"q,153,2021-0{m}-20,fysisk,individuel,\n" for m in (1, 2, 3, 4)),
        "tilbud": "person_id,kommune_kode,art,start,slut\nq,153,virksomhedspraktik,2021-03-01,2021-04-30\n",
        # q's months with 0 hours make the delivery cover 2021-01 to 2022-12 (data.daekning)
        "beskaeftigelse": "person_id,maaned,timer\nq,2021-01,0\nq,2022-12,0\n",
        "sagsbehandlere": "sagsbehandler_id,navn,team,kommune_kode\nsb1,Ane Berg,Team Nord,153\n",
        "sagsstammer": "person_id,sagsbehandler_id,start,slut\np,sb1,2022-01-01,\n",
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_frister_writes_the_contract_csv_and_excel(data, tmp_path):
    """KH from 2022-01-10 (LAB § 31): on 2022-07-01 four samtaler are due 2022-07-10 (9 days left);
    q (KH since 2021, four samtaler, the first late, and a tilbud in 2021) has no deadline left → uden_frist. Kommune 153 is 0153."""
    out, xlsx, dansk = tmp_path / "f.csv", tmp_path / "f.xlsx", tmp_path / "dansk.csv"
    r = runner.invoke(app, ["frister", "--data", str(data), "--kommune", "153", "--date", "2022-07-01",
                            "--out", str(out), "--xlsx", str(xlsx), "--csv-dansk", str(dansk)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    # exactly the file contract's columns (docs/frister.md)
    assert list(rows[0]) == ["person_id", "sagsbehandler_id", "ansvarlig_id", "daekket_af_vikar", "krav_id", "art",
                             "frist", "dage_tilbage", "status", "mangler_aftale", "hjemmel"]
    assert rows[0] == {"person_id": "p", "sagsbehandler_id": "sb1", "ansvarlig_id": "sb1", "daekket_af_vikar": "false",
                       "krav_id": "fire_samtaler_6mdr", "art": "samtale", "frist": "2022-07-10", "dage_tilbage": "9",
                       "status": "forfalden_snart", "mangler_aftale": "true", "hjemmel": "LAB § 31"}
    assert rows[-1]["person_id"] == "q" and rows[-1]["status"] == "uden_frist" and rows[-1]["frist"] == ""
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Oversigt", "Ane Berg", "Uden ansvarlig"]
    assert wb["Oversigt"]["A1"].value == "Jobcentrets arbejdsliste, Brøndby (0153) pr. 01-07-2022"
    ark = wb["Ane Berg"]
    kolonne = {c.value: c.column_letter for c in ark[1]}
    assert ark[f"{kolonne['Frist']}2"].number_format == "dd-mm-yyyy"
    assert ark[f"{kolonne['Hvad skal ske']}2"].value == "4 jobsamtaler inden 6 måneder (LAB § 31)"
    assert ark[f"{kolonne['Dage']}2"].value == 9  # a number, as Excel sorts and sums it
    # For people: BOM, ';', Danish headers and words, dates as in Danish Excel, no codes.
    tekst = dansk.read_bytes()
    assert tekst.startswith(b"\xef\xbb\xbf")
    linjer = tekst.decode("utf-8-sig").splitlines()
    assert linjer[0].split(";")[:4] == ["Borger", "Navn", "Hvad skal ske", "Frist"]
    assert linjer[1].split(";")[2:6] == ["4 jobsamtaler inden 6 måneder (LAB § 31)", "10-07-2022", "9",
                                         "Forfalder inden 14 dage"]
    assert "fire_samtaler_6mdr" not in tekst.decode("utf-8-sig")


@pytest.mark.parametrize("args, message", [
    (["--kommune", "9999", "--date", "2022-07-01"], "ukendt kommunekode"),
    (["--kommune", "0153", "--date", "1. juli"], "ugyldig dato"),
])
def test_bad_input_is_a_danish_message_and_exit_2(data, args, message):
    r = runner.invoke(app, ["frister", "--data", str(data), *args])
    assert r.exit_code == 2
    assert message in r.output


def test_rettidighed_per_caseworker(data, tmp_path):
    """January 2022: p's first samtale (due 01-16) was held 01-12 → 100 % for kommune, team and sb1."""
    out = tmp_path / "r.csv"
    r = runner.invoke(app, ["rettidighed", "--data", str(data), "--month", "2022-01", "--kommune", "153", "--out", str(out)])
    assert r.exit_code == 0, r.output
    rows = [x for x in csv.DictReader(out.open(encoding="utf-8")) if x["art"] == "samtale"]
    assert [(x["niveau"], x["sagsbehandler_id"], x["antal_frister"], x["rettidighed_pct"]) for x in rows] == [
        ("kommune", "", "1", "100.00"), ("team", "", "1", "100.00"), ("sagsbehandler", "sb1", "1", "100.00")]


def _skaerm(args: list[str]) -> list[str]:
    """The command's console output on an 80-column terminal; every line must fit uncut."""
    r = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert all(len(line) <= 80 for line in lines), r.output
    assert "…" not in r.output, r.output
    return [line.rstrip() for line in lines]


def test_rettidighed_on_screen_fits_80_columns_with_teams_and_named_caseworkers(data):
    lines = _skaerm(["rettidighed", "--data", str(data), "--month", "2022-01", "--kommune", "153"])
    assert lines[0].startswith("Rettidighed 2022-01, Brøndby (0153)")
    assert sum("Brøndby" in line for line in lines) == 1  # the municipality is named once
    tilbud = next(i for i, line in enumerate(lines) if line.startswith("Tilbud"))
    samtaler = lines[lines.index("Samtaler") + 3:tilbud]
    assert [line.split() for line in samtaler] == [
        ["Kommunen", "i", "alt", "1", "1", "0", "0", "0", "100,0"],
        ["Team", "Nord", "1", "1", "0", "0", "0", "100,0"],
        ["sb1", "Ane", "Berg", "1", "1", "0", "0", "0", "100,0"],
    ]
    assert samtaler[2].startswith("  sb1")  # caseworkers indented under their team
    # no tilbud deadline fell in the month: said in words, not as a table of zeros
    assert " ".join(lines[tilbud:]) == ("Tilbud: ingen frister for tilbud faldt i 2022-01, så der er ingen "
                                        "rettidighed at opgøre for tilbud i måneden.")


def test_rettidighed_national_on_screen_fits_80_columns(data):
    lines = _skaerm(["rettidighed", "--data", str(data), "--month", "2022-01"])
    assert any(line.split()[:4] == ["Hele", "landet", "1", "1"] for line in lines)
    assert any(line.startswith("0153 Brøndby") for line in lines)


def test_frister_on_screen_fits_80_columns_one_block_per_responsible(data):
    lines = _skaerm(["frister", "--data", str(data), "--kommune", "153", "--date", "2022-07-01"])
    assert lines[0] == "Jobcentrets arbejdsliste, Brøndby (0153) pr. 2022-07-01"
    assert lines[1].startswith("overskredet 0, forfalder inden 14 dage 2")
    blok = lines[lines.index("Ansvarlig: Ane Berg") + 1:]
    assert blok[:2] == ["  p: 4 jobsamtaler inden 6 måneder (LAB § 31)",
                        "    frist 10-07-2022 · 9 dage tilbage · Forfalder inden 14 dage · Mangler aftale"]
    assert "fire_samtaler_6mdr" not in "\n".join(lines)
    assert lines[-3:] == ["Ansvarlig: Ingen sagsbehandler", "  q: Ingen frist lige nu", "    Uden frist"]


def test_a_worklist_of_a_day_from_2026_02_01_names_the_authority_kommunen(tmp_path):
    """Lov 1750/2025 step 1 (organisering.myndighed.navn): on 2026-12-01 the law says "kommunen",
    in the heading on screen and in the Excel workbook; a day in 2025 still says "jobcentret"."""
    files = {
        "personer": "person_id,foedselsdato\np,1980-01-01\n",
        "ydelser": "person_id,kommune_kode,ydelse,visitation,start,slut\np,153,kontanthjaelp,jobparat,2025-03-03,\n",
        "samtaler": "person_id,kommune_kode,dato,form,art,sagsbehandler_id\np,153,2025-03-05,fysisk,individuel,\n",
        "tilbud": "person_id,kommune_kode,art,start,slut\n",
        "beskaeftigelse": "person_id,maaned,timer\np,2025-01,0\np,2026-12,0\n",
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    for dag, hvem in (("2025-06-30", "Jobcentrets"), ("2026-12-01", "Kommunens")):
        assert _skaerm(["frister", "--data", str(tmp_path), "--kommune", "153", "--date", dag])[0] == \
            f"{hvem} arbejdsliste, Brøndby (0153) pr. {dag}"
    xlsx = tmp_path / "ud" / "f.xlsx"
    xlsx.parent.mkdir()
    r = runner.invoke(app, ["frister", "--data", str(tmp_path), "--kommune", "153", "--date", "2026-12-01",
                            "--xlsx", str(xlsx)])
    assert r.exit_code == 0, r.output
    assert openpyxl.load_workbook(xlsx)["Oversigt"]["A1"].value == "Kommunens arbejdsliste, Brøndby (0153) pr. 01-12-2026"


def test_rettidighed_writes_the_milestones(data, tmp_path):
    """q: KH from 2021-01-01 without any samtale in its first 14 days → service call missing,
    flagged on 2021-01-14 (the minister's letter to Beskæftigelsesudvalget of 31 August 2018, Faaborg-Midtfyn)."""
    m = tmp_path / "m.csv"
    r = runner.invoke(app, ["rettidighed", "--data", str(data), "--month", "2021-01", "--kommune", "153",
                            "--milepaele", str(m), "--out", str(tmp_path / "r.csv")])
    assert r.exit_code == 0, r.output
    assert list(csv.DictReader(m.open(encoding="utf-8"))) == [
        {"kommune_kode": "0153", "person_id": "q", "milepael": "serviceopkald_mangler", "dato": "2021-01-14"}]


def test_frister_with_the_web_store_applies_its_absences_and_notes(data, tmp_path):
    """An absence registered in the web (sb1 away 2022-06-20..2022-07-05, sb2 covering) moves p's
    line to sb2 on 2022-07-01 only, in `--out` as on the web; `--sagsbehandler sb2` then finds it,
    though the delivery says nothing of sb2; a note on the line shows in the file for people."""
    from datetime import date

    from tilsyn.supervision import arbejdsliste as lager
    from tilsyn.supervision.db import sessions

    (data / "sagsbehandlere.csv").write_text("sagsbehandler_id,navn,team,kommune_kode\n"
                                             "sb1,Ane Berg,Team Nord,153\nsb2,Bo Holm,Team Nord,153\n", encoding="utf-8")
    db = str(tmp_path / "sager.db")
    with sessions(db).begin() as s:
        lager.registrer_fravaer(s, "0153", "sb1", date(2022, 6, 20), date(2022, 7, 5), "sb2", "tl",
                                {"sb1", "sb2"}, {"sb1", "sb2"})
        lager.noter_linje(s, "0153", "p", "fire_samtaler_6mdr", date(2022, 7, 10), "booket", date(2022, 7, 4),
                          "ringer i morgen", "sb2", 0)

    def frister(dag: str, *extra: str) -> list[dict]:
        out = tmp_path / f"{dag}.csv"
        r = runner.invoke(app, ["frister", "--data", str(data), "--kommune", "153", "--date", dag, "--db", db,
                                "--out", str(out), *extra])
        assert r.exit_code == 0, r.output
        return list(csv.DictReader(out.open(encoding="utf-8")))

    p = [x for x in frister("2022-07-01") if x["person_id"] == "p"]
    assert p and {(x["sagsbehandler_id"], x["ansvarlig_id"], x["daekket_af_vikar"]) for x in p} == {("sb1", "sb2", "true")}
    assert {x["person_id"] for x in frister("2022-07-01", "--sagsbehandler", "sb2")} == {"p"}
    assert {x["ansvarlig_id"] for x in frister("2022-07-06") if x["person_id"] == "p"} == {"sb1"}
    dansk = tmp_path / "dansk.csv"
    r = runner.invoke(app, ["frister", "--data", str(data), "--kommune", "153", "--date", "2022-07-01", "--db", db,
                            "--csv-dansk", str(dansk)])
    assert r.exit_code == 0, r.output
    tekst = dansk.read_text(encoding="utf-8-sig")
    assert "ringer i morgen" in tekst and "Bo Holm (vikar for Ane Berg)" in tekst


def test_frister_with_a_store_that_cannot_be_opened_is_a_danish_error(data, tmp_path):
    r = runner.invoke(app, ["frister", "--data", str(data), "--kommune", "153", "--date", "2022-07-01",
                            "--db", "postgresql+psycopg://ingen@127.0.0.1:1/findes_ikke"])
    assert r.exit_code == 2 and "sagsdatabasen" in r.output and "Traceback" not in r.output

def test_frister_shows_a_quota_line_as_counting_in_the_quota(tmp_path):
    """Lov 1750/2025: KH jobparat from 2026-09-01, first samtale held 2026-09-03. On 2026-12-15 the
    4-samtaler quota (window to 2027-03-01) reads as counting in the quota, on screen and in the CSV
    for people; the machine CSV says status kvote."""
    files = {
        "personer": "person_id,foedselsdato\np,1980-01-01\n",
        "ydelser": "person_id,kommune_kode,ydelse,visitation,start,slut\np,153,kontanthjaelp,jobparat,2026-09-01,\n",
        "samtaler": "person_id,kommune_kode,dato,form,art,sagsbehandler_id\np,153,2026-09-03,fysisk,individuel,\n",
        "tilbud": "person_id,kommune_kode,art,start,slut\n",
        "beskaeftigelse": "person_id,maaned,timer\np,2026-01,0\np,2026-12,0\n",
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    out, dansk = tmp_path / "f.csv", tmp_path / "dansk.csv"
    r = runner.invoke(app, ["frister", "--data", str(tmp_path), "--kommune", "153", "--date", "2026-12-15",
                            "--out", str(out), "--csv-dansk", str(dansk)])
    assert r.exit_code == 0, r.output
    assert [(x["krav_id"], x["status"], x["frist"]) for x in csv.DictReader(out.open(encoding="utf-8"))] == [
        ("kvote_4_samtaler_6mdr", "kvote", "2027-03-01"), ("kvote_tilbud_6mdr", "kvote", "2027-03-01")]
    linje = dansk.read_bytes().decode("utf-8-sig").splitlines()[1].split(";")
    assert linje[2:6] == ["Tæller med i kvoten: 4 jobsamtaler inden 6 måneder (LAB § 31, lov nr. 1750 af 29. december 2025), vindue til 01-03-2027",
                          "01-03-2027", "76", "Tæller med i kvoten"]  # days left of the window
    skaerm = runner.invoke(app, ["frister", "--data", str(tmp_path), "--kommune", "153", "--date", "2026-12-15"],
                           env={"COLUMNS": "80"})
    assert skaerm.exit_code == 0 and "tæller med i kvoten 2" in " ".join(skaerm.output.split())


def test_the_due_soon_word_says_the_rulebooks_days(data, tmp_path, monkeypatch):
    """With a local rulebook (TILSYN_REGLER) whose `kontaktforloeb.arbejdsliste.snart_dage` is 10, p's
    samtaler due in 9 days are due soon and `tilsyn frister` says "Forfalder inden 10 dage" on screen
    and in the files for people, as the pages do (`afgoerelser.status_tekster`): never the shipped 14."""
    from tilsyn.rules.rulebook import PARAMETERS

    mappe = tmp_path / "regler" / "kontaktforloeb"
    mappe.mkdir(parents=True)
    tekst = (PARAMETERS / "kontaktforloeb" / "arbejdsliste.yaml").read_text(encoding="utf-8")
    assert "value: 14," in tekst
    (mappe / "arbejdsliste.yaml").write_text(tekst.replace("value: 14,", "value: 10,"), encoding="utf-8")
    monkeypatch.setenv("TILSYN_REGLER", str(tmp_path / "regler"))
    lines = _skaerm(["frister", "--data", str(data), "--kommune", "153", "--date", "2022-07-01"])
    assert lines[1].startswith("overskredet 0, forfalder inden 10 dage 2")
    assert "    frist 10-07-2022 · 9 dage tilbage · Forfalder inden 10 dage · Mangler aftale" in lines
    dansk, xlsx = tmp_path / "dansk.csv", tmp_path / "f.xlsx"
    r = runner.invoke(app, ["frister", "--data", str(data), "--kommune", "153", "--date", "2022-07-01",
                            "--csv-dansk", str(dansk), "--xlsx", str(xlsx)])
    assert r.exit_code == 0, r.output
    assert dansk.read_bytes().decode("utf-8-sig").splitlines()[1].split(";")[5] == "Forfalder inden 10 dage"
    ark = openpyxl.load_workbook(xlsx)["Ane Berg"]
    assert [c.value for c in ark[2]][[c.value for c in ark[1]].index("Status")] == "Forfalder inden 10 dage"
    assert "14 dage" not in "\n".join(lines)
