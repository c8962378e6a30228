"""The development table the municipalities quote (the minister's letter to Beskæftigelsesudvalget of 31 August 2018, Hillerød): fuldtidspersoner on
a-dagpenge mv. against the month before and the same month a year before, for the country, the
region and the municipality - checked on hand-worked counts."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from tilsyn.data.daekning import UdenforDaekning
from tilsyn.resultater import aabn

# persons on dagpenge the whole month: May 2017, April 2018, May 2018
TAL = {"0219": (10, 8, 9), "0101": (20, 20, 20), "0751": (10, 10, 5)}
MAANEDER = (("2017-05-01", "2017-05-31"), ("2018-04-01", "2018-04-30"), ("2018-05-01", "2018-05-31"))


def _skriv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture(scope="module")
def r(tmp_path_factory):
    d = tmp_path_factory.mktemp("udvikling")
    personer, ydelser = [], []
    for kode, antal in TAL.items():
        for (start, slut), n in zip(MAANEDER, antal):
            for i in range(n):
                p = f"{kode}-{start}-{i}"
                personer.append((p, "1980-01-01"))
                ydelser.append((p, kode, "dagpenge", "", start, slut))
    personer.append(("kh", "1980-01-01"))
    ydelser.append(("kh", "0751", "kontanthjaelp", "jobparat", "2017-01-01", ""))  # not a-dagpenge: not counted
    _skriv(d / "personer.csv", ["person_id", "foedselsdato"], personer)
    _skriv(d / "ydelser.csv", ["person_id", "kommune_kode", "ydelse", "visitation", "start", "slut"], ydelser)
    _skriv(d / "samtaler.csv", ["person_id", "kommune_kode", "dato", "form", "art", "sagsbehandler_id"], [])
    _skriv(d / "tilbud.csv", ["person_id", "kommune_kode", "art", "start", "slut"], [])
    _skriv(d / "beskaeftigelse.csv", ["person_id", "maaned", "timer"], [("kh", "2017-01", "0"), ("kh", "2018-06", "0")])
    return aabn(d)


def test_country_region_and_municipality_as_hilleroed_quoted_them(r):
    t = {row["navn"]: row for row in r.udvikling(date(2018, 5, 1), "0219").iter_rows(named=True)}
    assert list(t) == ["Hele landet", "Region Hovedstaden", "Hillerød"]
    assert (t["Hillerød"]["aaret_foer"], t["Hillerød"]["forrige_maaned"], t["Hillerød"]["fuldtidspersoner"]) == (10, 8, 9)
    assert (t["Hillerød"]["pct_aar"], t["Hillerød"]["pct_maaned"]) == (-10.0, 12.5)
    assert (t["Region Hovedstaden"]["pct_aar"], t["Region Hovedstaden"]["pct_maaned"]) == (-3.3, 3.6)  # 29/30, 29/28
    assert (t["Hele landet"]["pct_aar"], t["Hele landet"]["pct_maaned"]) == (-15.0, -10.5)  # 34/40, 34/38


def test_every_region_and_municipality_and_no_change_from_zero(r):
    t = r.udvikling(date(2018, 5, 1))
    assert t.filter(niveau="region").height == 5 and t.filter(niveau="kommune").height == 98
    tom = t.filter(kode="0147").row(0, named=True)
    assert tom["fuldtidspersoner"] == 0 and tom["pct_aar"] is None


def test_a_month_whose_year_before_is_outside_the_data_is_refused(r):
    with pytest.raises(UdenforDaekning):
        r.udvikling(date(2017, 12, 1))
