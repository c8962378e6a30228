"""The page "Rettidighed og kvoter" over real generated data: who may open it, its figures equal
`tilsyn rettidighed` and `tilsyn kvoter` of the same month, every linked figure leads to the
citizens it counts (each access-logged), the Excel and CSV, and months outside the data."""

from __future__ import annotations

import csv
import html
import io
import re

import openpyxl
import polars as pl
import pytest
from fastapi.testclient import TestClient
from ledelsesdata import ADGANGSKODE, byg
from sqlalchemy import select
from typer.testing import CliRunner

from tilsyn.cli import app as cli
from tilsyn.supervision.models import Adgangslog
from tilsyn.web.app import create_app
from webhjaelp import log_ind

TAL = ("antal_frister", "rettidige", "for_sent", "ikke_opfyldt", "fritaget")


@pytest.fixture(scope="module")
def verden(tmp_path_factory):
    return byg(tmp_path_factory.mktemp("ledelse"))


@pytest.fixture(scope="module")
def app(verden):
    return create_app(verden.store, verden.db_url, resultater=verden.resultater)


@pytest.fixture
def klient(app):
    with TestClient(app) as c:
        yield c


def _sti(verden, hale: str = "") -> str:
    return f"/kommuner/{verden.kommune}/rettidighed-og-kvoter{hale}"


def test_hvem_maa_se_siden(klient, verden):
    maaned = verden.resultater.ledelse(verden.kommune).til.strftime("%Y-%m")
    ruter = {_sti(verden): {"tl", "chef", "star", "admin"}, _sti(verden, ".xlsx"): {"tl", "chef", "star", "admin"},
             _sti(verden, ".csv?tabel=kvoter"): {"tl", "chef", "star", "admin"},
             _sti(verden, f"/borgere?maal=rettidighed&art=samtale&maaned={maaned}"): {"tl", "chef"}}
    for rute in ruter:
        assert klient.get(rute).status_code == 401
    for bruger in ("tl", "chef", "sb", "chef2", "star", "admin"):
        assert log_ind(klient, bruger, ADGANGSKODE).status_code == 303
        faktisk = {rute: klient.get(rute).status_code for rute in ruter}
        assert faktisk == {rute: 200 if bruger in ok else 403 for rute, ok in ruter.items()}, bruger


def test_menuens_vej_ind(klient, verden):
    """Team leaders and managers land on their own municipality's page, STAR and admin choose one."""
    log_ind(klient, "tl", ADGANGSKODE)
    assert klient.get("/rettidighed-og-kvoter", follow_redirects=False).headers["location"] == _sti(verden)
    maaned = klient.get("/rettidighed-og-kvoter?maaned=2010-01", follow_redirects=False)
    assert maaned.headers["location"] == _sti(verden, "?maaned=2010-01")  # the month goes along
    log_ind(klient, "star", ADGANGSKODE)
    valg = klient.get("/rettidighed-og-kvoter")
    assert valg.status_code == 200 and 'href="/rettidighed-og-kvoter"' in valg.text and "<select" in valg.text
    svar = klient.get(f"/rettidighed-og-kvoter?kommune={verden.kommune}", follow_redirects=False)
    assert svar.headers["location"] == _sti(verden)
    assert klient.get("/rettidighed-og-kvoter?kommune=9999").status_code == 404
    log_ind(klient, "sb", ADGANGSKODE)
    assert klient.get("/rettidighed-og-kvoter").status_code == 403
    assert 'href="/rettidighed-og-kvoter"' not in klient.get("/").text


def _cli(*args) -> list[dict]:
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(io.StringIO(open(args[args.index("--out") + 1], encoding="utf-8").read())))


def _celler(side: str, tabel: str) -> dict[str, list[tuple]]:
    """Row heading -> the cells (text, href, 'n af m') of a table on the page."""
    blok = side.split(f'id="tabel-{tabel}"', 1)[1].split("</table>", 1)[0]
    ud = {}
    for raekke in re.findall(r"<tr>(.*?)</tr>", blok, re.S)[1:]:
        navn = re.sub(r"<[^>]+>", "", re.search(r'<th scope="row">(.*?)</th>', raekke, re.S).group(1)).strip()
        ud[html.unescape(navn)] = [
            (re.search(r'href="([^"]+)"', c).group(1).replace("&amp;", "&") if "href" in c else None,
             tuple(int(x) for x in re.search(r"(\d+) af (\d+)", c).groups()) if " af " in c else None)
            for c in re.findall(r"<td[^>]*>(.*?)</td>", raekke, re.S)]
    return ud


def test_tallene_er_cli_ens_og_linkene_fører_til_de_borgere_tallet_tæller(klient, verden, tmp_path):
    log_ind(klient, "chef", ADGANGSKODE)
    side = klient.get(_sti(verden)).text
    o = verden.resultater.ledelse(verden.kommune)
    assert o.til == verden.resultater.daekning().til  # the default month: the data's newest
    # rettidighed: every month of the page as `tilsyn rettidighed --kommune --out`
    set_nogen = False
    for i, m in enumerate(o.maaneder):
        ud = tmp_path / f"r{i}.csv"
        cli_rows = _cli("rettidighed", "--data", str(verden.store), "--month", m.strftime("%Y-%m"),
                        "--kommune", verden.kommune, "--out", str(ud))
        forventet = {(r["niveau"], r["team"] or ("uden team" if r["niveau"] == "team" else None), r["art"]):
                     tuple(int(r[t]) for t in TAL) + (float(r["rettidighed_pct"]) if r["rettidighed_pct"] else None,)
                     for r in cli_rows if r["niveau"] in ("kommune", "team")}
        faktisk = {(r["niveau"], r["team"], r["art"]): tuple(r[t] for t in TAL) + (r["rettidighed_pct"],)
                   for r in o.rettidighed.filter(pl.col("maaned") == m).iter_rows(named=True)}
        assert faktisk == forventet, m
        for art in ("samtale", "tilbud"):
            celler = _celler(side, f"rettidighed-{art}")
            k = forventet[("kommune", None, art)]
            href, antal = celler["Kommunen i alt"][i]
            assert antal == (k[1], k[0] - k[4])
            if k[0]:
                set_nogen = True
                borgere = klient.get(href).text
                linjer = borgere.count('<td class="borger">')
                assert linjer == k[0] and borgere.count(">Til tiden<") == k[1] and borgere.count(">Fritaget<") == k[4]
    assert set_nogen, "data uden frister i de 12 måneder"
    # quotas: every month with quotas as `tilsyn kvoter --kommune --out`
    for i, m in enumerate(o.maaneder):
        maanedens = o.kvoter.filter(pl.col("maaned") == m)
        if not maanedens.height:
            continue
        ud = tmp_path / f"k{i}.csv"
        cli_rows = _cli("kvoter", "--data", str(verden.store), "--month", m.strftime("%Y-%m"),
                        "--kommune", verden.kommune, "--out", str(ud))
        forventet = {r["krav_id"]: (int(r["personer"]), int(r["naaet"])) for r in cli_rows if r["niveau"] == "kommune"}
        kommunen = maanedens.filter(niveau="kommune")
        assert dict(zip(kommunen["krav_id"], zip(kommunen["personer"], kommunen["naaet"]))) == forventet
        for krav, (personer, naaet) in forventet.items():
            teams = maanedens.filter(niveau="team", krav_id=krav)
            assert teams["personer"].sum() == personer and teams["naaet"].sum() == naaet  # the teams add up
            # a quota's table has the months with figures only (no dashes for the months before it)
            kolonner = [d for d in o.maaneder if d in set(o.kvoter.filter(krav_id=krav)["maaned"])]
            for navn, celler in _celler(side, f"kvote-{krav}").items():
                assert len(celler) == len(kolonner)
                href, antal = celler[kolonner.index(m)]
                if href:
                    borgere = klient.get(href).text
                    assert borgere.count('<td class="borger">') == antal[1]
                    assert borgere.count('<td class="kvote-naaet">Ja') == antal[0]


def test_hver_vist_borger_logges_og_teamlederen_ser_sit_team(klient, verden):
    o = verden.resultater.ledelse(verden.kommune)
    raekke = o.rettidighed.filter((pl.col("niveau") == "team") & (pl.col("team") == verden.team)
                                  & (pl.col("antal_frister") > 0)).row(0, named=True)
    log_ind(klient, "tl", ADGANGSKODE)
    side = klient.get(_sti(verden)).text
    hrefs = {h.replace("&amp;", "&") for h in re.findall(r'href="([^"]*/borgere\?[^"]*)"', side)}
    assert hrefs and all("team=" in h for h in hrefs)  # only the own team's figures link
    with klient.app.state.tilsyn.sessions() as s:
        foer = len(list(s.scalars(select(Adgangslog))))
    href = next(h for h in hrefs if f"art={raekke['art']}" in h and raekke["maaned"].strftime("%Y-%m") in h)
    borgere = klient.get(href).text
    personer = verden.resultater.ledelse_rettidighed_personer(verden.kommune, raekke["maaned"]).filter(
        art=raekke["art"], team=verden.team)
    assert borgere.count('<td class="borger">') == personer.height == raekke["antal_frister"]
    with klient.app.state.tilsyn.sessions() as s:
        nye = list(s.scalars(select(Adgangslog).order_by(Adgangslog.id)))[foer:]
    assert {r.person_id for r in nye} == set(personer["person_id"])
    assert {r.formaal for r in nye} == {"borgerne bag rettidighed og kvoter (side)"}
    # STAR sees the figures, never a link to citizens
    log_ind(klient, "star", ADGANGSKODE)
    assert "/borgere?" not in klient.get(_sti(verden)).text


def test_excel_og_csv(klient, verden):
    log_ind(klient, "chef", ADGANGSKODE)
    o = verden.resultater.ledelse(verden.kommune)
    svar = klient.get(_sti(verden, ".xlsx"))
    bog = openpyxl.load_workbook(io.BytesIO(svar.content))
    assert bog.sheetnames == ["Rettidighed", "Kvoter"]
    ark = bog["Rettidighed"]
    overskrifter = [c.value for c in ark[3]]
    assert overskrifter[:5] == ["Måned", "Frister for", "Niveau", "Team", "Antal frister"]
    raekker = list(ark.iter_rows(min_row=4, values_only=True))
    assert len(raekker) == o.rettidighed.height
    assert sum(r[4] for r in raekker) == o.rettidighed["antal_frister"].sum()  # numbers, not text
    pct = [r[overskrifter.index("Rettidighed (%)")] for r in raekker if r[overskrifter.index("Rettidighed (%)")] is not None]
    assert pct and all(isinstance(v, (int, float)) for v in pct)  # shares as numbers (100,0 reads back as 100)
    kv = list(bog["Kvoter"].iter_rows(min_row=4, values_only=True))
    assert len(kv) == o.kvoter.height and all(isinstance(r[6], int) for r in kv)
    data = klient.get(_sti(verden, ".csv?tabel=rettidighed")).content
    assert data.startswith("\ufeff".encode())
    linjer = data.decode("utf-8-sig").splitlines()
    assert linjer[0].startswith("Måned;Frister for;Niveau;Team;Antal frister")
    assert any(re.search(r";\d+,\d\d;", l) for l in linjer[1:])  # decimal comma
    assert klient.get(_sti(verden, ".csv?tabel=noget")).status_code == 422


def test_maaned_uden_for_data_giver_en_dansk_besked(klient, verden):
    log_ind(klient, "chef", ADGANGSKODE)
    for hale in ("?maaned=2030-01", "?maaned=0001-01", ".xlsx?maaned=9999-12", ".csv?maaned=1990-05"):
        svar = klient.get(_sti(verden, hale))
        assert svar.status_code == 200 and "Uden for data" in svar.text and "kan ikke opgøres" in svar.text, hale
    svar = klient.get(_sti(verden, "?maaned=juni"))
    assert svar.status_code == 422 and "ÅÅÅÅ-MM" in svar.text


@pytest.mark.parametrize("maaned, kvotemaaneder", [("2026-07", ["07-2026"]), ("2026-06", []),
                                                   ("2026-11", ["07-2026", "08-2026", "09-2026", "10-2026", "11-2026"])])
def test_ingen_tabel_af_streger_under_kvotebeskeden(klient, verden, maaned, kvotemaaneder):
    """Under the notice that the quotas began in July 2026 a quota's table has only the months with
    quotas, not a row of dashes for the months before; a year without any has no quota table."""
    log_ind(klient, "chef", ADGANGSKODE)
    side = klient.get(_sti(verden, f"?maaned={maaned}")).text
    assert 'id="kvote-note"' in side
    tabeller = re.findall(r'id="tabel-kvote-[^"]+".*?</table>', side, re.S)
    assert bool(tabeller) == bool(kvotemaaneder)
    for t in tabeller:
        hoved = t.split("</thead>")[0]
        assert re.findall(r"\d\d-\d{4}", hoved) == kvotemaaneder
