"""Data coverage end to end (issue 9, docs/measures.md "Data coverage"): a real store whose data ends
2022-06; the CLI refuses with exit 2, the API with 422 and the pages with a notice, never a 500 or
a traceback, for any date, month, year or id."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from tilsyn.cli import app as cli

runner = CliRunner()
# Values a user, a link or an attacker may type where a month, year, day or id is expected.
ULIGE = st.sampled_from([
    "1900-01", "9999-12", "2015-12", "2015-12-31", "2018-06", "2023-03", "2022-06", "2022-06-30", "2022-07-01",
    "0000-00", "0001-01", "0001-01-01", "²", "2022-13", "2022-02-30", str(2**63), str(2**31), "-1", "0", "", " ", "abc", "../..", "%00",
    "2022-06-30T00:00", "1e9", "٢٠٢٢-٠١",
]) | st.text(max_size=12)


def _cli(*args):
    return runner.invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("args", [
    ["fokusmaal", "--month", "2023-03"], ["udvaelgelse", "--year", "2023"], ["resultatmaal", "--year", "2023"],
    ["frister", "--kommune", "0101", "--date", "2023-03-01"], ["rettidighed", "--month", "2023-03"],
    ["tidlig-indsats", "--month", "2023-03"], ["kvoter", "--month", "2023-03"],
])
def test_cli_naegter_maaneder_efter_data_og_naevner_daekningen(verden, args):
    r = _cli(*args, "--data", verden["lager"])
    assert r.exit_code == 2, r.output
    assert "data dækker juli 2019 – juni 2022" in " ".join(r.output.split())


def test_cli_naegter_et_vindue_der_raekker_foer_data(verden):
    r = _cli("fokusmaal", "--month", "2020-06", "--data", verden["lager"])
    assert r.exit_code == 2
    assert "kræver" not in r.output and "månederne før" in r.output and "vælg en måned fra maj 2021 til juni 2022" in " ".join(r.output.split())
    assert _cli("fokusmaal", "--month", "2021-05", "--data", verden["lager"]).exit_code == 0


@pytest.mark.parametrize("sti", ["/?maaned=2023-03", "/?maaned=2018-06", "/?maaned=2015-12", "/?maaned=0001-01",
                                 "/kommuner/0101?maaned=0001-01", "/kommuner/0101/passive?maaned=1900-01", "/kommuner/0101?maaned=2023-03",
                                 "/kommuner/0101?maaned=2018-06", "/?aar=2023", "/kommuner/0101/frister?dato=2023-03-01",
                                 "/kommuner/0101/passive?maaned=2023-03", "/kvoter?maaned=2023-03", "/kvoter",
                                 "/kommuner/0101/kvoter/borgere?krav=kvote_4_samtaler_6mdr&maaned=2023-03"])
def test_siderne_siger_hvor_langt_data_gaar(klienter, sti):
    svar = klienter[1]["chef"].get(sti)
    assert svar.status_code == 200, svar.text[-500:]
    assert "Data dækker juli 2019 – juni 2022" in svar.text
    assert "data dækker juli 2019 – juni 2022" in svar.text


def test_maanedsvaelgeren_tilbyder_kun_daekkede_maaneder(klienter):
    side = klienter[1]["star"].get("/").text
    assert 'min="2021-05" max="2022-06"' in side and 'value="2022-06"' in side
    assert '<option value="2021" selected>2021</option>' in side and 'value="2022"' not in side.split('id="aar"')[1].split("</select>")[0]


def test_api_svarer_422_med_samme_besked(klienter):
    svar = klienter[1]["star"].get("/api/v1/fokusmaal?maaned=2023-03")
    assert svar.status_code == 422
    assert "data dækker juli 2019 – juni 2022" in svar.json()["detail"]
    assert klienter[1]["star"].get("/api/v1/udvaelgelse?aar=2023").status_code == 422


def _get_ruter(app):
    for rute in app.routes:
        if isinstance(rute, APIRoute) and "GET" in rute.methods:
            yield rute.path
    yield from ("/api/v1/fokusmaal", "/api/v1/udvaelgelse", "/api/v1/kommuner/{kode}/frister", "/api/v1/sager")


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_ingen_rute_giver_500_for_ulige_vaerdier(klienter, data):
    app, ud = klienter
    sti = data.draw(st.sampled_from(sorted(_get_ruter(app))))
    for param in ("kode", "sag_id", "dokument_id", "person_id", "navn"):
        sti = sti.replace("{" + param + "}", quote(data.draw(st.sampled_from(["0101", "1", "P1"]) | ULIGE), safe="") or "x")
    forespoergsel = {n: data.draw(ULIGE) for n in ("maaned", "aar", "dato", "side", "status", "sorter", "maal", "krav",
                                                   "rullende")
                     if data.draw(st.booleans())}
    for klient in ud.values():
        svar = klient.get(sti, params=forespoergsel)
        assert svar.status_code < 500, (sti, forespoergsel, svar.text[-300:])
        assert "Traceback" not in svar.text


KOMMANDOER = [
    ["fokusmaal", "--month", "{v}"], ["fokusmaal", "--from", "{v}", "--to", "2022-06"], ["udvaelgelse", "--year", "{v}"],
    ["resultatmaal", "--year", "{v}"], ["resultatmaal", "--periode", "{v}"], ["frister", "--kommune", "0101", "--date", "{v}"],
    ["frister", "--kommune", "{v}", "--date", "2022-06-01"], ["rettidighed", "--month", "{v}"],
    ["tidlig-indsats", "--month", "{v}"], ["forklar", "--person", "{v}", "--month", "{v}"],
    ["benchmark-diagnostik", "--year", "{v}"], ["kvoter", "--month", "{v}"],
    ["kvoter", "--month", "2022-06", "--kommune", "{v}"], ["rapport", "{tmp}", "--year", "{v}"],
    ["brev", "udvaelgelse", "{tmp}/b.docx", "--kommune", "0101", "--year", "{v}"],
]


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(kommando=st.sampled_from(KOMMANDOER), vaerdi=ULIGE)
def test_ingen_kommando_giver_en_traceback_for_ulige_vaerdier(verden, tmp_path_factory, kommando, vaerdi):
    tmp = tmp_path_factory.mktemp("ud")
    args = [a.replace("{v}", vaerdi).replace("{tmp}", str(tmp)) for a in kommando]
    r = _cli(*args, "--data", verden["lager"])
    assert r.exit_code in (0, 2), (args, r.output, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
    assert "Traceback" not in r.output


def test_sag_kommandoer_taaler_ulige_id(verden):
    for sag_id in (str(2**63), str(2**31), "0"):
        r = _cli("sag", "vis", sag_id, "--db", verden["url"])
        assert r.exit_code == 2 and "ingen sag" in r.output, (sag_id, r.output)


def test_udvaelgelsen_paa_det_daekkede_aar(verden):
    """2021: every month and its 12-month window lie inside 2019-07..2022-06."""
    r = _cli("udvaelgelse", "--year", "2021", "--data", verden["lager"])
    assert r.exit_code == 0, r.output
    assert "data dækker juli 2019 – juni 2022" in " ".join(r.output.split())


# Years, months and days from 0001 to 9999: the edges, the years before the rulebook and past the
# data, and hypothesis' choice in between; each as year, month and day of every parameter that
# takes one. The path parameters get a value that exists.
KANTAAR = ["0001", "1", "2010", "2015", "2016", "2021", "2022", "2023", "9998", "9999", ""]
AAR = st.sampled_from(KANTAAR) | st.integers(1, 9999).map(lambda a: f"{a:04d}")
DAGE = st.dates(date(1, 1, 1), date(9999, 12, 31))
STI_VAERDIER = {"kode": "0101", "sag_id": "1", "dokument_id": "1", "person_id": "P0000001", "navn": "x"}


def _periode(aar: str, maaned: str, dag: str) -> dict[str, str]:
    return {"aar": aar, "maaned": maaned, "dato": dag, "fra": maaned, "til": maaned}


def _tjek_side(svar, hvad) -> None:
    """< 500, and a page for people is a whole DKFDS page (JSON, files and redirects aside)."""
    assert svar.status_code < 500, (hvad, svar.status_code, svar.text[-300:])
    if svar.headers.get("content-type", "").startswith("text/html"):
        assert "/static/dkfds/css/dkfds.min.css" in svar.text and 'id="main-content"' in svar.text, (hvad, svar.text[:300])
        assert "Traceback" not in svar.text and "Not Found" not in svar.text, hvad


def _ruten(sti: str) -> str:
    for navn, vaerdi in STI_VAERDIER.items():
        sti = sti.replace("{" + navn + "}", vaerdi)
    return sti


def _post(klient, sti, data, filer=None):
    token = klient.get("/log-ind").text.split('name="csrf_token" value="')[1].split('"')[0]
    return klient.post(sti, data=data | {"csrf_token": token}, files=filer)


@pytest.mark.parametrize("kant", [("0001", "0001-01", "0001-01-01"), ("9999", "9999-12", "9999-12-31"),
                                  ("2010", "2010-12", "2010-12-31"), ("2015", "2015-12", "2015-12-31"),
                                  ("1", "0001-00", "0001-02-30"), ("", "", "")])
def test_hver_rute_taaler_aar_maaneder_og_dage_fra_0001_til_9999(klienter, kant):
    app, ud = klienter
    for navn, klient in ud.items():
        for sti in sorted(_get_ruter(app)):
            svar = klient.get(_ruten(sti), params=_periode(*kant))
            _tjek_side(svar, (navn, sti, kant))
        _tjek_side(_post(klient, "/udvaelgelse/sager", {"aar": kant[0], "grundlag": "tilsyn", "dato": kant[2]}),
                   (navn, "POST /udvaelgelse/sager", kant))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_hver_rute_taaler_vilkaarlige_aar_maaneder_og_dage(klienter, data):
    app, ud = klienter
    sti = _ruten(data.draw(st.sampled_from(sorted(_get_ruter(app)))))
    dag = data.draw(DAGE)
    params = _periode(data.draw(AAR), f"{dag.year:04d}-{dag.month:02d}", dag.isoformat())
    for navn, klient in ud.items():
        _tjek_side(klient.get(sti, params=params), (navn, sti, params))


@pytest.mark.parametrize("indhold", [b"[" * 100_000 + b"]" * 100_000, b'[{"Variables": [], "Data": [[' + b"9" * 5000 + b']]}]'])
def test_upload_af_ulaeselig_json_er_en_dansk_fejl(klienter, indhold):
    klient = klienter[1]["star"]
    svar = _post(klient, "/udvaelgelse/opgoerelser", {"aar": "2021"},
                 {"resultatmaal": ("r.json", indhold), "fokusmaal": ("f.json", indhold)})
    assert svar.status_code == 422
    _tjek_side(svar, "upload")
    assert "JSON-svaret" in svar.text


def test_aar_foer_regelsaettet_er_en_besked(klienter):
    for sti in ("/udvaelgelse?aar=2010", "/udvaelgelse/hvis?aar=2015", "/kommuner/0101/resultatmaal?aar=1"):
        svar = klienter[1]["star"].get(sti)
        assert svar.status_code == 200, sti
        assert "Tallene findes ikke for den valgte periode" in svar.text, sti
    assert "regelsættet gælder fra 2016; vælg 2016 eller et senere år" in klienter[1]["star"].get("/udvaelgelse?aar=2015").text


def test_fastapis_egne_fejl_er_danske_sider(klienter):
    klient = klienter[1]["chef"]
    for sti, status, tekst in (("/findes-ikke", 404, "Der findes ingen side på denne adresse"),
                               ("/sager/abc", 422, "sag_id skal være et helt tal")):
        svar = klient.get(sti)
        assert svar.status_code == status
        _tjek_side(svar, sti)
        assert tekst in svar.text
    assert klient.get("/api/v1/findes-ikke").headers["content-type"] == "application/json"
