"""The selection on STAR's published figures (docs/resultatmaal.md): Table 1 of STAR's follow-up on the 2022 fokusmål gives the 2022
selection STAR made; the 2021 rule gives the eight municipalities the adjusted follow-up; malformed
files are exit 2 with file and line, never a traceback, and nothing is written."""

from __future__ import annotations

import csv

import pytest
from publiceret_filer import LABELS, OTTE_2021, TABEL_1, fokusmaal_csv, y30r21_csv, y30r21_json
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.data.publiceret import PubliceretFejl, fokusmaal, resultatmaal
from tilsyn.kommuner import find_kode
from tilsyn.resultater.udvalg import Grundlag

runner = CliRunner()


def _filer(tmp_path, aar, resultat=None, fokus=None, navn="y30r21.csv"):
    r = tmp_path / navn
    r.write_bytes(y30r21_csv(aar) if resultat is None else resultat)
    f = tmp_path / "fokusmaal.csv"
    f.write_bytes(fokusmaal_csv(aar) if fokus is None else fokus)
    return r, f


def _udvaelg(tmp_path, aar, *ekstra, **filer):
    r, f = _filer(tmp_path, aar, **filer)
    out = tmp_path / "udv.csv"
    res = runner.invoke(app, ["udvaelgelse", "--year", str(aar), "--resultatmaal", str(r), "--fokusmaal", str(f),
                              "--out", str(out), *ekstra])
    return res, out


def _konsekvenser(out) -> dict[str, str]:
    with out.open(encoding="utf-8") as fil:
        return {r["kommune_kode"]: r["konsekvens"] for r in csv.DictReader(fil)}


def test_2022_on_seed_002_table_1_is_starss_selection(tmp_path):
    res, out = _udvaelg(tmp_path, 2022)
    assert res.exit_code == 0, res.output
    got = _konsekvenser(out)
    assert len(got) == 98
    light = {k for k, v in got.items() if v == "skaerpet_tilsyn_light"}
    risiko = {k for k, v in got.items() if v == "risikozone"}
    assert light == {find_kode("Mariagerfjord"), find_kode("Odder")}
    assert risiko == {find_kode(n) for n in TABEL_1} - light
    assert {v for k, v in got.items() if k not in light | risiko} == {"ingen"}
    with out.open(encoding="utf-8") as fil:
        assert next(csv.reader(fil)) == ["kommune_kode", "aar", "fails_resultat", "fails_samtaler", "fails_tilbud",
                                         "konsekvens", "vaerdi_samtaler", "vaerdi_tilbud", "forskel_pct_point"]
    assert "Mariagerfjord" in res.output and "skærpet tilsyn light" in res.output


def test_2021_the_eight_get_the_adjusted_follow_up_from_the_json_export(tmp_path):
    res, out = _udvaelg(tmp_path, 2021, resultat=y30r21_json(2021), navn="y30r21.json")
    assert res.exit_code == 0, res.output
    got = _konsekvenser(out)
    assert {k for k, v in got.items() if v != "ingen"} == {find_kode(n) for n in OTTE_2021}
    assert {got[find_kode(n)] for n in OTTE_2021} == {"skaerpet_tilsyn_light"}


def test_what_if_lower_tilbud_limit_marks_the_extra_municipalities(tmp_path):
    res, out = _udvaelg(tmp_path, 2022, "--hvis", "fokusmaal.tilbud.graense_pct=13,5")
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8") as fil:
        rows = {r["kommune_kode"]: r for r in csv.DictReader(fil)}
    # invented values are 10 + (i % 5): 14 % fails at 13.5 and not at 20
    aendret = {k for k, r in rows.items() if r["aendret"] == "true"}
    assert aendret and all(rows[k]["konsekvens_officiel"] == "ingen" and rows[k]["konsekvens"] == "risikozone"
                           for k in aendret)
    assert all(float(rows[k]["vaerdi_tilbud"]) >= 13.5 for k in aendret)
    assert "◆" in res.output
    # the official selection is unchanged by the what-if
    res2, out2 = _udvaelg(tmp_path, 2022)
    assert len([v for v in _konsekvenser(out2).values() if v != "ingen"]) == 10


@pytest.mark.parametrize("hvis", ["fokusmaal.tilbud.graense_pct=mange", "fokusmaal.tilbud.min_timer=100",
                                  "resultatmaal.kun_over_interval=ja", "fokusmaal.tilbud.konsekvens=fængsel",
                                  "fokusmaal.tilbud.graense_pct=inf", "resultatmaal.tolerance_pct_point=nan",
                                  "fokusmaal.samtaler.graense_pct=1e9", "fokusmaal.samtaler.graense_pct=-5"])
def test_bad_what_if_is_exit_2(tmp_path, hvis):
    res, out = _udvaelg(tmp_path, 2022, "--hvis", hvis)
    assert res.exit_code == 2, res.output
    assert "Fejl" in res.output and "Traceback" not in res.output
    assert not out.exists()


def _csv_med(aar, erstat):
    text = y30r21_csv(aar).decode()
    for gammel, ny in erstat:
        text = text.replace(gammel, ny, 1)
    return text.encode()


@pytest.mark.parametrize(("fil", "indhold", "forventet"), [
    ("resultat", _csv_med(2022, [("Odder;2022QMAT04;Ydelsesgrupper i alt", "Oddder;2022QMAT04;Ydelsesgrupper i alt")]),
     ["y30r21.csv, linje", "ukendt kommune 'Oddder'"]),
    ("resultat", _csv_med(2022, [("Placering på benchmarkranglisten", "x"),
                                 ("Forskel mellem forventet og faktisk andel (pct. point)", "Forskellen")]),
     ["linje 1", "mangler kolonnen"]),
    ("resultat", y30r21_csv(2021), ["ingen rækker for 2022QMAT04", "2021QMAT04"]),
    ("resultat", _csv_med(2022, [(";0,16;", ";0,1x;")]), ["y30r21.csv, linje", "er ikke et tal: '0,1x'"]),
    ("resultat", _csv_med(2022, [("Nyborg;", "Odder;")]), ["står to gange", "Nyborg (0450) mangler"]),
    ("fokus", fokusmaal_csv(2022).replace(b"Odder;2022;12,0", b"Odder;2022;tolv"), ["fokusmaal.csv, linje", "'tolv'"]),
    ("fokus", fokusmaal_csv(2022).replace(b"Lejre;", b"Lejer;"), ["ukendt kommune 'Lejer'", "Lejre (0350) mangler"]),
])
def test_malformed_published_files_are_exit_2_with_file_and_line(tmp_path, fil, indhold, forventet):
    res, out = _udvaelg(tmp_path, 2022, **({"resultat": indhold} if fil == "resultat" else {"fokus": indhold}))
    assert res.exit_code == 2, res.output
    tekst = " ".join(res.output.split())
    for del_ in forventet:
        assert del_ in tekst, res.output
    assert "Traceback" not in res.output and not out.exists()


def test_names_are_matched_as_spec_09_says():
    text = y30r21_csv(2022).decode()
    text = (text.replace("\nBornholm;", "\nBornholms Regionskommune;").replace("\nKøbenhavn;", "\nKøbenhavns Kommune;")
            .replace("\nHøje-Taastrup;", "\nHøje Taastrup;").replace("\nVesthimmerlands;", "\nVesthimmerland;"))
    out = resultatmaal("x.csv", text.encode(), 2022)
    assert len(out) == 98 and out.set_index("kommune_kode").loc["0400", "forskel_pct_point"] == -0.04


def test_json_and_csv_give_the_same_figures():
    a = resultatmaal("a.json", y30r21_json(2022), 2022)
    b = resultatmaal("b.csv", y30r21_csv(2022), 2022)
    assert a.drop(columns=["nedre", "oevre"]).equals(b.drop(columns=["nedre", "oevre"]))
    odder = a.set_index("kommune_kode").loc["0727"]
    assert (odder.forventet_antal, odder.faktisk_antal, odder.forskel_pct_point) == (1010, 1030, 0.16)


def test_json_error_names_the_data_row():
    text = y30r21_json(2022).decode().replace('"Odder"', '"Ingensteds"', 1)
    with pytest.raises(PubliceretFejl) as e:
        resultatmaal("svar.json", text.encode(), 2022)
    assert "svar.json, Data-række" in str(e.value) and "Ingensteds" in str(e.value)


def test_empty_fokusmaal_value_is_not_published_and_does_not_fail():
    data = fokusmaal_csv(2022).replace(b"Odder;2022;12,0;21,4", b"Odder;2022;;21,4")
    v = fokusmaal("f.csv", data, 2022).set_index("kommune_kode")
    assert v.loc["0727", "vaerdi_tilbud"] == 21.4 and v.loc["0727", "vaerdi_samtaler"] != v.loc["0727", "vaerdi_samtaler"]
    g = Grundlag(2022, resultat=resultatmaal("r.csv", y30r21_csv(2022), 2022), vaerdier=v.reset_index())
    assert g.udvaelg().filter(kommune_kode="0727")["konsekvens"][0] == "skaerpet_tilsyn_light"


def test_labels_are_found_by_label_not_position():
    orden = [9, 3, 0, 8, 1, 2, 4, 5, 6, 7]
    rows = [[r[i] for i in orden] for r in [l.split(";") for l in y30r21_csv(2022).decode().splitlines()[1:]]]
    text = "\n".join([";".join(LABELS[i] for i in orden)] + [";".join(r) for r in rows]).encode()
    assert resultatmaal("x.csv", text, 2022).equals(resultatmaal("y.csv", y30r21_csv(2022), 2022))


def test_a_file_saved_by_danish_excel_reads_as_the_original():
    """cp1252 or a BOM, CR line endings (Excel for Mac), and antal with the thousands point."""
    original = resultatmaal("y30r21.csv", y30r21_csv(2022), 2022)
    tekst = y30r21_csv(2022).decode().replace("1710,0;1650,0", "1.710;1.650")
    for data in (tekst.encode("cp1252"), b"\xef\xbb\xbf" + tekst.replace("\n", "\r").encode()):
        excel = resultatmaal("y30r21.csv", data, 2022)
        assert excel.equals(original)
        assert excel.set_index("kommune_kode").loc[find_kode("Nyborg"), "forventet_antal"] == 1710
    fokus = fokusmaal_csv(2022).decode().replace("\n", "\r\n").encode("cp1252")
    assert fokusmaal("f.csv", fokus, 2022).equals(fokusmaal("f.csv", fokusmaal_csv(2022), 2022))


@pytest.mark.parametrize("data", [b"", b"  \r\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_says_so(data):
    for laeser in (resultatmaal, fokusmaal):
        with pytest.raises(PubliceretFejl, match=r"^tom.csv: filen er tom$"):
            laeser("tom.csv", data, 2022)


def test_the_what_if_offers_exactly_the_rule_values_the_selection_reads(monkeypatch):
    """HVIS_EFTER is the list the form and --hvis offer; it must stay the set `vaelg` reads."""
    from tilsyn.rules.rulebook import Rulebook, rulebook
    from tilsyn.udvaelgelse import HVIS_EFTER

    laest = set()
    gaeldende = Rulebook.gaeldende

    def husk(self, path, **kw):
        laest.add(path)
        return gaeldende(self, path, **kw)

    monkeypatch.setattr(Rulebook, "gaeldende", husk)
    Grundlag(2022, resultat=resultatmaal("r.csv", y30r21_csv(2022), 2022),
             vaerdier=fokusmaal("f.csv", fokusmaal_csv(2022), 2022)).udvaelg(rulebook())
    assert laest == set(HVIS_EFTER)
