"""STAR ends an open case by law on the case page (lov nr. 1750 af 29. december 2025): Danish refusal keeping what was
typed, the reason and law on the page afterwards with the whole history; the selection for a year
without the scheme says why on the desk and in the API and opens no cases."""

from __future__ import annotations

from publiceret_filer import fokusmaal_csv, y30r21_csv
from sqlalchemy import func, select
from webhjaelp import csrf_fra, log_ind

from tilsyn.supervision.models import Opgoerelse, Sag


def test_star_ends_a_case_by_law_and_the_history_stays(klient, verden):
    sag = verden["sager"]["0147"]
    log_ind(klient, "star")
    side = klient.get(f"/sager/{sag}").text
    assert 'id="form-ophoert_ved_lov"' in side and "1750 af 29. december 2025" in side
    data = {"type": "ophoert_ved_lov", "version": 1, "dato": "2026-01-31", "note": "reformen",
            "csrf_token": csrf_fra(side)}
    svar = klient.post(f"/sager/{sag}/haendelser", data=data)
    assert svar.status_code == 422 and "findes stadig 2026-01-31" in svar.text
    assert 'value="2026-01-31"' in svar.text and 'value="reformen"' in svar.text  # what was typed is kept
    svar = klient.post(f"/sager/{sag}/haendelser", data=data | {"dato": "2026-02-01"}, follow_redirects=False)
    assert svar.status_code == 303
    side = klient.get(svar.headers["location"]).text
    assert 'id="ophoert-ved-lov"' in side and "Sagen er ophørt ved lov" in side and "1750 af 29. december 2025" in side
    tidslinje = side[side.index('id="tidslinje"'):side.index("</ol>", side.index('id="tidslinje"'))]
    assert "Udpeget" in tidslinje and "Ophørt ved lov" in tidslinje and "(star)" in tidslinje and "reformen" in tidslinje
    assert 'id="form-ophoert_ved_lov"' not in side and "Ministerens brev om udtagelse" in side  # letters still listed
    # a municipality's job-centre manager may not end it
    log_ind(klient, "jc")
    svar = klient.post(f"/sager/{verden['sager']['0101']}/haendelser", data=data | {"dato": "2026-02-01", "csrf_token": csrf_fra(klient.get("/").text)})
    assert svar.status_code == 403


def test_selection_without_the_scheme_says_why_and_opens_no_cases(klient, verden):
    log_ind(klient, "star")
    token = csrf_fra(klient.get("/udvaelgelse").text)
    svar = klient.post("/udvaelgelse/opgoerelser", data={"aar": "2026", "note": "", "csrf_token": token},
                       files={"resultatmaal": ("y30r21.csv", y30r21_csv(2026, som=2022)),
                              "fokusmaal": ("fokus.csv", fokusmaal_csv(2026, som=2022))}, follow_redirects=False)
    assert svar.status_code == 303, svar.text
    side = klient.get(svar.headers["location"]).text
    assert 'id="uden-ordning"' in side and "Udvælgelsen for 2026 giver ingen konsekvens" in side
    assert "Mariagerfjord" in side and 'id="aabn-sager"' not in side  # failing municipalities shown, no form
    with verden["sessions"]() as s:
        opg = s.scalar(select(Opgoerelse.id).where(Opgoerelse.aar == 2026))
    svar = klient.post("/udvaelgelse/sager", data={"aar": "2026", "grundlag": f"opgoerelse:{opg}", "dato": "2027-04-20",
                                                   "csrf_token": csrf_fra(side)})
    assert svar.status_code == 422 and "Der kan ikke åbnes tilsynssager for 2026" in svar.text
    with verden["sessions"]() as s:
        assert s.scalar(select(func.count()).select_from(Sag).where(Sag.aar == 2026)) == 0
    # the API carries the reason on every row of a year without the scheme, null otherwise
    assert {r["begrundelse"] for r in klient.get("/api/v1/udvaelgelse?aar=2023").json()} == {None}
    rows = klient.get("/api/v1/udvaelgelse?aar=2026").json()
    assert rows and all("1750 af 29. december 2025" in r["begrundelse"] for r in rows)


def test_overview_says_why_for_a_year_without_the_scheme(klient):
    log_ind(klient, "star")
    assert 'id="uden-ordning"' not in klient.get("/?aar=2023").text
    side = klient.get("/?aar=2026").text
    assert 'id="uden-ordning"' in side and "Udvælgelsen for 2026 giver ingen konsekvens" in side
