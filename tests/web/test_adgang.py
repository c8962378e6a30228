"""Every route x every role -> the expected status; CSRF; cookie flags; the access log."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select
from starlette.routing import Mount

from webhjaelp import BRUGERE, TabelResultater, csrf_fra, log_ind
from tilsyn.supervision.models import Adgangslog, Haendelse
from tilsyn.web.adgangslog import FORMAAL, MAKS_FILTRE

ROLLER = list(BRUGERE)

# route -> the users (by name) who get 200; everyone else signed in gets 403, anonymous 401.
ALLE = set(ROLLER)
BORGERE_0101 = {"s1", "tl", "jc"}
SAGER = {"star", "admin", "jc", "jc2"}
MATRIX = {
    "/": ALLE,
    "/?maaned=2024-05&sorter=andel_tilbud&retning=ned": ALLE,
    "/kommuner/0101": ALLE,
    "/kommuner/0101?maaned=2020-03": ALLE,
    "/?maaned=2020-03": ALLE,
    "/kommuner/0101/passive": BORGERE_0101,
    "/kommuner/0101/passive?maaned=2024-05&maal=tilbud": BORGERE_0101,
    "/kommuner/0147/passive": {"jc2"},
    "/kommuner/0101/passive/p1": BORGERE_0101,
    "/kommuner/0101/frister": BORGERE_0101,
    "/kommuner/0101/frister?status=overskredet": BORGERE_0101,
    "/kommuner/0101/frister.csv": BORGERE_0101,
    "/kommuner/0101/frister?team=A&sagsbehandler=s1": BORGERE_0101,
    "/kommuner/0101/frister.xlsx": BORGERE_0101,
    "/kommuner/0147/frister.xlsx": {"jc2"},
    "/kommuner/0147/frister": {"jc2"},
    "/kommuner/0101/frister?status=overskredet&status=forfalden_snart&kilde=lokal&soeg=p1": BORGERE_0101,
    "/kommuner/0101/fravaer": {"tl", "jc"},
    "/kvoteplan": {"tl", "jc", "jc2", "star", "admin"},
    "/kvoteplan?dato=2024-06-15": {"tl", "jc", "jc2", "star", "admin"},
    "/kvoteplan.xlsx": {"tl", "jc", "jc2", "star", "admin"},
    "/kommuner/0101/kvoteplan/borgere?krav=kvote_4_samtaler_6mdr&maaned=2024-06": BORGERE_0101,
    "/kommuner/0147/kvoteplan/borgere?krav=kvote_4_samtaler_6mdr&maaned=2024-06": {"jc2"},
    "/api/v1/kvoteplan": ALLE,
    "/api/v1/kommuner/0101/kvoteplan/borgere": BORGERE_0101,
    "/kommuner/0101/frister/borger/p1": BORGERE_0101,
    "/kommuner/0101/frister/markering?person_id=p1&krav_id=fire_samtaler_6mdr&frist=2024-06-01": BORGERE_0101,
    "/kommuner/0147/fravaer": {"jc2"},
    "/sager": SAGER,
    "/sager/{0101}": {"star", "admin", "jc"},
    "/sager/{0147}": {"star", "admin", "jc2"},
    "/sager/{0101}/fokusrevision": {"star"},
    "/sager/{0147}/fokusrevision": {"star"},
    "/sager/{0147}/amk-kontakter": {"star", "admin", "jc2"},
    "/sager/{0147}/breve/udvaelgelse.docx": {"star", "admin", "jc2"},
    "/tilsynsfrister": SAGER,
    "/udvaelgelse": {"star", "admin"},
    "/udvaelgelse?aar=2023": {"star", "admin"},
    "/udvaelgelse/hvis?aar=2023&grundlag=tilsyn&fokusmaal.tilbud.graense_pct=25": {"star", "admin"},
    "/kommuner/0101/resultatmaal?aar=2023": ALLE,
    "/api/v1/fokusmaal?maaned=2024-06": ALLE,
    "/api/v1/udvaelgelse?aar=2023": ALLE,
    "/api/v1/kommuner/0101/frister?dato=2024-06-15": BORGERE_0101,
    "/api/v1/kommuner/101/frister": BORGERE_0101,
    "/api/v1/sager": SAGER,
    "/session": ALLE,
    "/regler?dato=2024-06-01&sti=tilsyn": ALLE,
    "/kvoter": ALLE,
    "/kvoter?maaned=2024-05": ALLE,
    "/kommuner/0101/kvoter/borgere?krav=kvote_4_samtaler_6mdr": BORGERE_0101,
    "/kommuner/0101/kvoter/borgere?krav=kvote_4_samtaler_6mdr&maaned=2024-05&rullende=true": BORGERE_0101,
    "/kommuner/0147/kvoter/borgere?krav=kvote_4_samtaler_6mdr": {"jc2"},
    "/rettidighed-og-kvoter": {"tl", "jc", "jc2", "star", "admin"},  # the own municipality's, or a choice
    "/kommuner/0101/rettidighed-og-kvoter": {"tl", "jc", "star", "admin"},
    "/kommuner/0101/rettidighed-og-kvoter?maaned=2024-03": {"tl", "jc", "star", "admin"},
    "/kommuner/0147/rettidighed-og-kvoter": {"jc2", "star", "admin"},
    "/kommuner/0101/rettidighed-og-kvoter.xlsx": {"tl", "jc", "star", "admin"},
    "/kommuner/0101/rettidighed-og-kvoter.csv?tabel=kvoter": {"tl", "jc", "star", "admin"},
    "/kommuner/0101/rettidighed-og-kvoter/borgere?maal=rettidighed&art=samtale&maaned=2024-06": {"tl", "jc"},
    "/kommuner/0101/rettidighed-og-kvoter/borgere?maal=kvote&krav=kvote_4_samtaler_6mdr&maaned=2024-06&team=B": {"tl", "jc"},
    "/kommuner/0147/rettidighed-og-kvoter/borgere?maal=rettidighed&art=tilbud&maaned=2024-06": {"jc2"},
    "/brugere": {"admin"},
    "/brugere/s1": {"admin"},
    "/fokusmaal.csv?maaned=2024-06": ALLE,
    "/resultatmaal.xlsx?aar=2023": ALLE,
    "/kvoter.xlsx?maaned=2024-05": ALLE,
    "/udvaelgelse.csv?aar=2023": {"star", "admin"},
}


def _sti(route: str, verden) -> str:
    return route.replace("{0101}", str(verden["sager"]["0101"])).replace("{0147}", str(verden["sager"]["0147"]))


@pytest.mark.parametrize("route", MATRIX)
def test_uden_login_401(klient, verden, route):
    svar = klient.get(_sti(route, verden), follow_redirects=False)
    assert svar.status_code == 401
    if not route.startswith("/api/"):
        assert "Log ind" in svar.text  # the page answers with the login form


# A case of another municipality is 404 to a job-centre manager, as a case that does not exist:
# the answer must not tell which case ids exist.
ANDEN_KOMMUNES_SAG = {"/sager/{0101}": "jc2", "/sager/{0147}": "jc", "/sager/{0147}/amk-kontakter": "jc",
                      "/sager/{0147}/breve/udvaelgelse.docx": "jc"}


@pytest.mark.parametrize("bruger", ROLLER)
def test_rolle_matrix(klient, verden, bruger):
    assert log_ind(klient, bruger).status_code == 303
    forventet = {route: 200 if bruger in ok else 404 if ANDEN_KOMMUNES_SAG.get(route) == bruger else 403
                 for route, ok in MATRIX.items()}
    faktisk = {route: klient.get(_sti(route, verden)).status_code for route in MATRIX}
    assert faktisk == forventet


@pytest.mark.parametrize(
    ("bruger", "personer"),
    [("s1", {"p1", "p2"}), ("tl", {"p1", "p2"}), ("jc", {"p1", "p2", "p3", "p4", "p5"})],
)
def test_arbejdslisten_viser_kun_egne_borgere(klient, bruger, personer):
    log_ind(klient, bruger)
    svar = klient.get("/api/v1/kommuner/0101/frister?dato=2024-06-15")
    assert {r["person_id"] for r in svar.json()} == personer
    # Most urgent first: overskredet before forfalden_snart.
    assert [r["status"] for r in svar.json()][:2] == ["overskredet", "forfalden_snart"]


def test_teamleder_ser_team_b_ikke(klient, verden):
    """tl leads team A: p3/p4 belong to s3 on team B."""
    log_ind(klient, "tl")
    side = klient.get("/kommuner/0101/frister").text
    assert "p1" in side and "p3" not in side and "Tina Holm" not in side.split('id="arbejdsliste"')[1]


def test_arbejdslisten_paa_en_side_logger_alle_viste_borgere(klient, verden):
    """jc sees p1..p5 on one page (no pages of 100), each shown citizen logged once; a filter shows
    and logs fewer, and the counts per status still cover the whole list."""
    log_ind(klient, "jc")
    foer = len(_log(verden))
    tekst = klient.get("/kommuner/0101/frister?dato=2024-06-15").text
    assert {r.person_id for r in _log(verden)[foer:]} == {"p1", "p2", "p3", "p4", "p5"}
    foer = len(_log(verden))
    tekst = klient.get("/kommuner/0101/frister?dato=2024-06-15&status=overskredet").text
    assert {r.person_id for r in _log(verden)[foer:]} == {"p1"}
    assert "Åben: <strong>2</strong>" in tekst and "Vist: <strong>1</strong>" in tekst


def test_forkert_adgangskode(klient):
    svar = log_ind(klient, "s1", "forkert-adgangskode")
    assert svar.status_code == 401
    assert "Forkert brugernavn eller adgangskode" in svar.text
    assert klient.get("/").status_code == 401


def test_ukendt_bruger_afvises_som_forkert_kode(klient):
    assert log_ind(klient, "findes-ikke").status_code == 401


def test_log_ud(klient):
    log_ind(klient, "star")
    token = csrf_fra(klient.get("/").text)
    assert klient.post("/log-ud", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert klient.get("/").status_code == 401


def test_slettet_bruger_er_ude_straks(klient, verden):
    from tilsyn.web import brugere

    log_ind(klient, "s1")
    assert klient.get("/").status_code == 200
    brugere.slet(verden["sessions"], "s1")
    assert klient.get("/").status_code == 401


def test_naeste_er_kun_lokal(klient):
    token = csrf_fra(klient.get("/log-ind").text)
    svar = klient.post(
        "/log-ind",
        data={"brugernavn": "star", "adgangskode": "korrekt-hest-batteri", "csrf_token": token,
              "naeste": "//ond.example/"},
        follow_redirects=False,
    )
    assert svar.headers["location"] == "/"


def test_cookie_flag(klient):
    svar = log_ind(klient, "s1")
    cookie = svar.headers["set-cookie"].lower()
    assert cookie.startswith("tilsyn_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_cookie_secure_bag_https(verden):
    from fastapi.testclient import TestClient

    from tilsyn.web.app import create_app

    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=TabelResultater(), https=True)
    with TestClient(app, base_url="https://testserver") as k:
        assert "secure" in log_ind(k, "s1").headers["set-cookie"].lower()


def test_sikkerhedsheadere(klient):
    svar = klient.get("/log-ind")
    assert svar.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in svar.headers["content-security-policy"]


BORGERE_BAG_TAL = {
    "/kommuner/0101/kvoter/borgere?krav=kvote_4_samtaler_6mdr&maaned=2024-06": "Borgerne bag kvoten",
    "/kommuner/0101/kvoteplan/borgere?krav=kvote_4_samtaler_6mdr&maaned=2024-06": "Borgerne bag kvoteplanen",
    "/kommuner/0101/rettidighed-og-kvoter/borgere?maal=rettidighed&art=samtale&maaned=2024-06": "Rettidighed",
}


@pytest.mark.parametrize("sti", BORGERE_BAG_TAL)
def test_borgerne_bag_et_tal_staar_i_samme_tabel(klient, sti):
    """The three pages of the citizens behind a figure share one table (`_borgertabel.html`): a
    scroll box that takes the keyboard focus, named for screen readers, with the common scroll
    hint of rul.js and no scroll class of its own."""
    log_ind(klient, "jc")
    side = klient.get(sti).text
    assert re.search(r'<div class="table--responsive-scroll" tabindex="0" role="region" aria-label="'
                     + BORGERE_BAG_TAL[sti], side)
    assert '<th scope="col">Borger</th>' in side and ('data-person="p' in side or 'Ingen borgere, du har adgang til.' in side)
    assert "tilsyn-rul" not in side


# --- CSRF -------------------------------------------------------------------------------------

def test_login_uden_csrf_afvises(klient):
    svar = klient.post("/log-ind", data={"brugernavn": "s1", "adgangskode": "korrekt-hest-batteri"})
    assert svar.status_code == 403
    assert "CSRF" in svar.text
    assert klient.get("/").status_code == 401


def test_csrf_afvisning_er_en_dansk_side_og_json_for_api(klient, verden):
    """The refusal is the site's error page in Danish (frame, DKFDS alert, a way back), not a
    bare line; the API answers JSON; a body too large gets the same page."""
    log_ind(klient, "star")
    svar = klient.post(f"/sager/{verden['sager']['0101']}/haendelser", data=_haendelse(verden, "forkert"))
    assert svar.status_code == 403 and svar.headers["content-type"].startswith("text/html")
    assert '<html lang="da"' in svar.text and "<h1>Formularen blev ikke modtaget</h1>" in svar.text
    assert 'class="alert alert-warning"' in svar.text and "Genindlæs siden" in svar.text
    assert 'href="/">Tilbage til landsoversigten' in svar.text
    api = klient.post("/api/v1/sager", json={})
    assert api.status_code == 403 and api.json()["detail"].startswith("Formularen er udløbet")
    stor = klient.post("/log-ud", content=b"x" * 1_000_001, headers={"content-type": "text/plain"})
    assert stor.status_code == 413 and "<h1>Formularen blev ikke modtaget</h1>" in stor.text
    assert "højst fylde 45 MB" in stor.text


def _haendelse(verden, token, **extra):
    return {"type": "brev_sendt", "version": "1", "dato": "2024-04-10", "csrf_token": token, **extra}


def _antal_haendelser(verden) -> int:
    with verden["sessions"]() as s:
        return len(s.scalars(select(Haendelse)).all())


def test_post_uden_eller_med_forkert_csrf_afvises(klient, verden):
    log_ind(klient, "star")
    sag = verden["sager"]["0101"]
    foer = _antal_haendelser(verden)
    for token in ("", "forkert"):
        svar = klient.post(f"/sager/{sag}/haendelser", data=_haendelse(verden, token))
        assert svar.status_code == 403
    assert _antal_haendelser(verden) == foer


def test_token_fra_foer_login_virker_ikke_efter(klient, verden):
    gammel = csrf_fra(klient.get("/log-ind").text)
    log_ind(klient, "star")
    svar = klient.post(f"/sager/{verden['sager']['0101']}/haendelser", data=_haendelse(verden, gammel))
    assert svar.status_code == 403


def test_star_registrerer_overgang(klient, verden):
    log_ind(klient, "star")
    sag = verden["sager"]["0101"]
    side = klient.get(f"/sager/{sag}").text
    assert "Registrér: ministerens brev sendt" in side
    svar = klient.post(f"/sager/{sag}/haendelser", data=_haendelse(verden, csrf_fra(side)), follow_redirects=False)
    assert svar.status_code == 303
    side = klient.get(svar.headers["location"]).text
    assert "trin 1: redegørelse" in side and "er registreret" in side
    # The same form again (stale version) is a conflict, not a silent overwrite.
    igen = klient.post(f"/sager/{sag}/haendelser", data=_haendelse(verden, csrf_fra(side)))
    assert igen.status_code == 409 and "ændret af en anden" in igen.text


def test_ulovlig_overgang_afvises_med_besked(klient, verden):
    log_ind(klient, "star")
    sag = verden["sager"]["0101"]
    token = csrf_fra(klient.get(f"/sager/{sag}").text)
    svar = klient.post(f"/sager/{sag}/haendelser", data=_haendelse(verden, token, type="evaluering"))
    assert svar.status_code == 422
    assert "ikke tilladt" in svar.text


def test_jobcenterchef_maa_ikke_registrere(klient, verden):
    log_ind(klient, "jc")
    sag = verden["sager"]["0101"]
    side = klient.get(f"/sager/{sag}").text
    assert "Registrér" not in side
    svar = klient.post(f"/sager/{sag}/haendelser", data=_haendelse(verden, csrf_fra(side)))
    assert svar.status_code == 403
    assert _antal_haendelser(verden) == 2  # the two 'udpeget' events only


# --- access log ------------------------------------------------------------------------------

def _log(verden) -> list[Adgangslog]:
    with verden["sessions"]() as s:
        return list(s.scalars(select(Adgangslog).order_by(Adgangslog.id)))


def test_adgangslog_en_raekke_pr_vist_borger_pr_visning(klient, verden):
    log_ind(klient, "s1")
    assert _log(verden) == []
    klient.get("/kommuner/0101/frister")
    log = _log(verden)
    assert sorted(r.person_id for r in log) == ["p1", "p2"]
    assert {(r.brugernavn, r.route, r.formaal, r.filtre) for r in log} == {
        ("s1", "/kommuner/0101/frister", "arbejdsliste (side)", None)
    }
    assert len({r.tidspunkt for r in log}) == 1

    klient.get("/kommuner/0101/frister.csv?status=overskredet&sagsbehandler=")
    klient.get("/api/v1/kommuner/0101/frister?dato=2024-06-15")
    ny = _log(verden)[2:]
    assert [(r.person_id, r.formaal, r.route, r.filtre) for r in ny] == [
        ("p1", "arbejdsliste (CSV-eksport)", "/kommuner/0101/frister.csv", "status=overskredet"),
        ("p1", "arbejdsliste (API)", "/api/v1/kommuner/0101/frister", "dato=2024-06-15"),
        ("p2", "arbejdsliste (API)", "/api/v1/kommuner/0101/frister", "dato=2024-06-15"),
    ]


def test_filtrene_logges_rensede_og_afkortede(klient, verden):
    log_ind(klient, "jc")
    klient.get("/kommuner/0101/frister", params={"sagsbehandler": "s3\n\x1b[31mX", "team": "B" * 2000})
    (filtre,) = {r.filtre for r in _log(verden)}
    assert filtre.startswith("sagsbehandler=s3[31mX&team=BBB") and filtre.endswith("…")
    assert len(filtre) == MAKS_FILTRE and filtre.isprintable()


def test_hvert_formaal_hoerer_til_en_rute(app):
    """A renamed route cannot leave its purpose behind (a view of it would fail, not go unlogged)."""
    assert set(FORMAAL) <= set(_ruter(app.routes, metoder={"GET", "POST"}))


def test_tom_visning_logges_ogsaa(klient, verden):
    log_ind(klient, "jc2")
    klient.get("/kommuner/0147/frister")
    assert [(r.brugernavn, r.person_id) for r in _log(verden)] == [("jc2", None)]


def test_ingen_log_uden_borgerdata(klient, verden):
    log_ind(klient, "jc")
    for route in ("/", "/kommuner/0101", "/sager", "/api/v1/fokusmaal", "/api/v1/sager"):
        klient.get(route)
    log_ind(klient, "star")
    assert klient.get("/kommuner/0101/frister").status_code == 403
    assert _log(verden) == []


# --- content ---------------------------------------------------------------------------------

def test_csv_eksport_til_dansk_excel(klient):
    """The web's CSV is for people (docs/frister.md): BOM, ';', Danish headers and words, DD-MM-ÅÅÅÅ, no codes."""
    log_ind(klient, "jc")
    svar = klient.get("/kommuner/0101/frister.csv?dato=2024-06-15&sagsbehandler=s3")
    assert svar.headers["content-disposition"] == 'attachment; filename="frister-0101-2024-06-15.csv"'
    assert svar.content.startswith(b"\xef\xbb\xbf")
    raekker = list(csv.DictReader(io.StringIO(svar.content.decode("utf-8-sig")), delimiter=";"))
    assert list(raekker[0])[:6] == ["Borger", "Navn", "Hvad skal ske", "Frist", "Dage", "Status"]
    assert [(r["Borger"], r["Status"], r["Frist"], r["Hvad skal ske"], r["Dage"]) for r in raekker] == [
        ("p3", "Åben", "01-08-2024", "4 jobsamtaler inden 6 måneder (LAB § 31)", "47"),
        ("p4", "Uden frist", "", "Ingen frist lige nu", ""),
    ]
    assert "fire_samtaler_6mdr" not in svar.content.decode("utf-8-sig")


def test_oversigt_sorteres(klient):
    log_ind(klient, "star")
    side = klient.get("/?sorter=andel_tilbud&retning=ned").text
    tabel = side.split('id="fokusmaal"')[1]
    assert tabel.index("Frederiksberg") < tabel.index("København")
    side = klient.get("/?sorter=andel_tilbud&retning=op").text
    tabel = side.split('id="fokusmaal"')[1]
    assert tabel.index("København") < tabel.index("Frederiksberg")
    assert "31,50" in tabel  # gns12_tilbud of 0147, the Danish way


def test_ugyldige_parametre(klient):
    log_ind(klient, "jc")
    assert klient.get("/?maaned=2024-13").status_code == 422
    assert klient.get("/kommuner/9999").status_code == 404
    assert klient.get("/kommuner/0101/frister?status=noget").status_code == 422
    assert klient.get("/api/v1/fokusmaal?maaned=juni").status_code == 422
    assert klient.get("/api/v1/kommuner/0101/frister?dato=2024-02-30").status_code == 422


@pytest.mark.parametrize("bruger", [None, *ROLLER])
def test_registrer_haendelse_for_hver_rolle(klient, verden, bruger):
    """Only STAR may register an event; the others get 403, no session 401; nothing else is written."""
    if bruger:
        log_ind(klient, bruger)
    token = csrf_fra(klient.get("/log-ind").text)
    sag = verden["sager"]["0147"]
    svar = klient.post(f"/sager/{sag}/haendelser", data=_haendelse(verden, token), follow_redirects=False)
    forventet = {None: 401, "star": 303}.get(bruger, 403)
    assert svar.status_code == forventet
    assert _antal_haendelser(verden) == (3 if bruger == "star" else 2)


# Routes outside the matrix, each tested on its own: the login page answers everyone; the OpenAPI
# document holds no data; a stored document needs a stored file (test_sagssider).
# The audit's citizen explanation and export need a drawn sample (test_sagssider).
UDEN_FOR_MATRIX = {"/log-ind", "/api/v1/openapi.json", "/sager/{sag_id}/dokumenter/{dokument_id}",
                   "/sager/{sag_id}/fokusrevision/borgere/{person_id}", "/sager/{sag_id}/fokusrevision.xlsx"}


def _ruter(ruter, prefix="", metoder=frozenset({"GET"})):
    """The paths of the app answering `metoder`, through included routers and the mounted API (not
    static files)."""
    for r in ruter:
        if hasattr(r, "original_router"):  # FastAPI's include_router
            yield from _ruter(r.original_router.routes, prefix, metoder)
        elif isinstance(r, Mount):
            if r.path != "/static":
                yield from _ruter(r.routes, prefix + r.path, metoder)
        elif metoder & set(getattr(r, "methods", None) or ()):
            yield prefix + r.path


def test_matrixen_daekker_hver_side(app, verden):
    """Every GET route of the app is in the role x route matrix (a new page cannot slip past it)."""
    stier = [_sti(route, verden).split("?")[0] for route in MATRIX]
    ruter = set(_ruter(app.routes))
    assert len(ruter) > 15
    mangler = sorted(
        rute for rute in ruter - UDEN_FOR_MATRIX
        if not any(re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", rute), sti) for sti in stier)
    )
    assert mangler == []


def test_ingen_cache_undtagen_statiske_filer(klient):
    log_ind(klient, "jc")
    for sti in ("/", "/kommuner/0101/frister.csv", "/api/v1/sager", "/log-ind", "/findes-ikke"):
        svar = klient.get(sti)
        assert (svar.headers["cache-control"], svar.headers["pragma"]) == ("no-store", "no-cache"), sti
    assert "no-store" not in klient.get("/static/tilsyn.css").headers.get("cache-control", "")


def test_sikkerhedsheadere_ogsaa_paa_500(verden, monkeypatch):
    from fastapi.testclient import TestClient

    from tilsyn.web.app import create_app

    resultater = TabelResultater()
    monkeypatch.setattr(resultater, "fokusmaal", lambda maaned: 1 / 0)
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=resultater)
    with TestClient(app, raise_server_exceptions=False) as k:
        log_ind(k, "star")
        for sti in ("/", "/api/v1/fokusmaal?maaned=2024-06"):
            svar = k.get(sti)
            assert svar.status_code == 500 and "fejl på serveren" in svar.text, sti
            assert svar.headers["x-frame-options"] == "DENY"
            assert "default-src 'self'" in svar.headers["content-security-policy"]
            assert svar.headers["cache-control"] == "no-store" and "Traceback" not in svar.text


@pytest.mark.parametrize("bruger", ["jc", "s1"])
def test_en_sag_man_ikke_maa_se_svarer_som_en_der_ikke_findes(klient, verden, bruger):
    """Another municipality's case and a case id that does not exist get the same status and the
    same page; a role that sees no cases gets 403 for both."""
    log_ind(klient, bruger)
    anden, ingen = verden["sager"]["0147"], 999_999
    for sti in ("/sager/{}", "/sager/{}/amk-kontakter", "/sager/{}/breve/udvaelgelse.docx",
                "/sager/{}/dokumenter/1"):
        a, b = klient.get(sti.format(anden)), klient.get(sti.format(ingen))
        assert a.status_code == b.status_code == (404 if bruger == "jc" else 403), sti
        assert re.sub(r'tilbage="\d+"', "", a.text) == re.sub(r'tilbage="\d+"', "", b.text)  # the session clock aside
