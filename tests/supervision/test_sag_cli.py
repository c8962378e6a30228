"""`tilsyn sag ...` end to end on an SQLite file: exit 0 on success, 2 with a Danish message on
bad input, never a traceback."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from tilsyn.cli import app

UDVAELGELSE = (
    "kommune_kode,aar,fails_resultat,fails_samtaler,fails_tilbud,konsekvens,vaerdi_samtaler,vaerdi_tilbud,forskel_pct_point\n"
    "0787,2023,true,false,true,skaerpet_tilsyn,15.2,27.1,0.4\n"
    "840,2023,true,false,true,skaerpet_tilsyn_light,12.0,22.0,0.1\n"
    "0101,2023,false,true,false,risikozone,25.0,10.0,-1.0\n"
)


@pytest.fixture
def tilsyn(tmp_path, monkeypatch):
    monkeypatch.setenv("TILSYN_DB", str(tmp_path / "sager.db"))
    monkeypatch.setenv("COLUMNS", "200")
    (tmp_path / "udvaelgelse.csv").write_text(UDVAELGELSE, encoding="utf-8")
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["sag", *args])
        assert result.exit_code == code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result.output

    return run


def test_open_record_show_and_deadlines(tilsyn, tmp_path):
    out = tilsyn("aabn", str(tmp_path / "udvaelgelse.csv"), "--dato", "2023-04-20")
    assert "0787 Thisted" in out and "0840 Rebild" in out and "0101" not in out
    # the consequence and the state in words, not as codes
    assert "skærpet tilsyn light" in out and "skaerpet_tilsyn" not in out and "light_dialog" not in out
    assert "Ingen nye sager" in tilsyn("aabn", str(tmp_path / "udvaelgelse.csv"))
    tilsyn("haendelse", "1", "brev_sendt", "--dato", "2023-04-25", "--actor", "anna")
    out = tilsyn("haendelse", "1", "evaluering", "--tilbud", "20", "--dato", "2023-05-01", code=2)
    assert "'evaluering' er ikke tilladt" in out and "Traceback" not in out
    out = tilsyn("haendelse", "1", "moede_afholdt", "--version", "1", "--dato", "2023-05-01", code=2)
    assert "hent sagen igen" in out
    tilsyn("haendelse", "1", "plan_modtaget", "--tilbud", "27.1", "--version", "2", "--dato", "2023-07-20")
    out = tilsyn("vis", "1")
    assert "trin 2: genopretning" in out and "version 3" in out and "2024-04-23" in out
    tilsyn("frister", "--dato", "2023-08-01", "--out", str(tmp_path / "frister.csv"))
    with open(tmp_path / "frister.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["sag_id"], r["pligt"], r["frist"], r["dage_tilbage"], r["status"]) for r in rows] == [
        ("1", "genopretning_slut", "2024-04-18", "261", "aaben"),
        ("1", "evaluering", "2024-04-23", "266", "aaben"),
        ("1", "maanedlig_opfoelgning", "", "", "uden_frist"),
        ("1", "ministermoede", "", "", "uden_frist"),
        ("2", "amk_dialog", "", "", "uden_frist"),
    ]
    assert "ukendt sag" not in tilsyn("liste")
    assert "ingen sag med id 9" in tilsyn("vis", "9", code=2)


def test_audit_from_a_csv_of_passive_persons(tilsyn, tmp_path):
    tilsyn("aabn", str(tmp_path / "udvaelgelse.csv"), "--dato", "2023-04-20")
    tilsyn("haendelse", "1", "brev_sendt", "--dato", "2023-04-25")
    passive = tmp_path / "passive.csv"
    passive.write_text(
        "kommune_kode,person_id,ydelsesgruppe\n"
        + "".join(f"787,p{i:02d},kontanthjaelp\n" for i in range(20))
        + "0101,x1,kontanthjaelp\n",
        encoding="utf-8",
    )
    out = tilsyn("revision-udtraek", "1", str(passive), "--maaned", "2023-03", "--seed", "42",
                 "--out", str(tmp_path / "udvalg.csv"))
    assert "3 af 20 passive" in out and "frø 42" in out
    with open(tmp_path / "udvalg.csv", encoding="utf-8") as f:
        udvalg = [r["person_id"] for r in csv.DictReader(f)]
    assert len(udvalg) == 3
    for person, grund in zip(udvalg, ["ingen", "barsel", "langvarig_sygdom"]):
        tilsyn("revision-vurder", "1", person, grund, "--reviewer", "revisor")
    assert "kræver en note" in tilsyn("revision-vurder", "1", udvalg[0], "andet_gyldigt", code=2)
    out = tilsyn("revision-resume", "1")
    # 1 of 3 without a valid reason: 33.3 %, Wilson 95 % 6.1-79.2 %; 20 × 1/3 ≈ 7 (1-16)
    assert "1 = 33.3 % (95 %: 6.1-79.2 %)" in out
    assert "populationen: 7 (95 %: 1-16)" in out
    assert "mangler kolonne(r): person_id, ydelsesgruppe" in tilsyn(
        "revision-udtraek", "1", str(tmp_path / "udvaelgelse.csv"), "--maaned", "2023-03", code=2)


def test_amk_contacts(tilsyn):
    tilsyn("kontakt", "tilfoej", "Fredericia", "3.kvt.2023", "--bistand", "ja", "--afdaekning", "ja",
           "--indsats", "Dataafdækning", "--maal", "tilbud")
    tilsyn("kontakt", "tilfoej", "607", "10-03-2021", "--afdaekning", "ja", "--maal", "resultat")
    out = tilsyn("kontakt", "liste", "--kommune", "Fredericia")
    assert out.index("10-03-2021") < out.index("3. kvt. 2023")
    assert "ukendt tidspunkt 'i går'" in tilsyn("kontakt", "tilfoej", "607", "i går", "--afdaekning", "ja", code=2)
    assert "ja, nej eller ukendt" in tilsyn("kontakt", "tilfoej", "607", "2023-01-01", "--afdaekning", "måske", code=2)


TABEL_2 = """kommune;dato;oensker_bistand;afdaekning;indsats
Bornholm;23-03-2021;Nej;Ja;<p>Kommunen opfylder aktuelt resultatmålet.</p>
Fredericia;3.kvt.2023;Ja;Ja;Dataafdækning og drøftelse med ledelse
Frederikshavn;1. kv. 2023;Ja;Ja;Datamæssigt samarbejde
Høje Taastrup;09-03-2021;Ja;Ja;Task Force forløb
Mariagerfjord;mar-23;Ja;Ja;Task Force Forløb
Middelfart;3.kvt 2023;Ja;Ja;To taskforceforløb
Aarhus;09-11-2022;;Ja;Møde om tilbudsafgivelse
"""


def test_amk_contacts_import_table_2(tilsyn, tmp_path):
    fil = tmp_path / "tabel2.csv"
    fil.write_text(TABEL_2, encoding="utf-8")
    assert "7 kontakter indlæst" in tilsyn("kontakt", "importer", str(fil))
    out = tilsyn("kontakt", "liste")
    for tekst in ("23-03-2021", "3. kvt. 2023", "1. kvt. 2023", "2023-03", "Høje-Taastrup", "Kommunen opfylder"):
        assert tekst in out, tekst
    assert "<p>" not in out
    fil.write_text(TABEL_2.replace("Middelfart;3.kvt 2023", "Midelfart;3.kvt 2023").replace("Nej;Ja;<p>", "Måske;Ja;<p>"),
                   encoding="utf-8")
    fejl = tilsyn("kontakt", "importer", str(fil), code=2)
    assert "tabel2.csv, linje 2" in fejl and "'Måske'" in fejl
    assert "tabel2.csv, linje 7" in fejl and "ukendt kommune 'Midelfart'" in fejl
    assert tilsyn("kontakt", "liste").count("Fredericia") == 1  # nothing of the bad file was stored


def test_bad_files_and_databases(tilsyn, tmp_path):
    assert "findes ikke" in tilsyn("aabn", str(tmp_path / "mangler.csv"), code=2)
    (tmp_path / "to.csv").write_text(UDVAELGELSE + "0787,2024,true,false,true,skaerpet_tilsyn,1,2,3\n")
    assert "vælg ét med --aar" in tilsyn("aabn", str(tmp_path / "to.csv"), code=2)
    out = tilsyn("liste", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/ingen", code=2)
    assert "kan ikke åbne sagsdatabasen" in out
