"""Helpers of the web tests: a small, hand-built world: results in the spec 06 columns for two
municipalities, a workflow store with one user per role and two supervision cases."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
from fastapi.testclient import TestClient

DATO = date(2024, 6, 15)
MAANED = date(2024, 6, 1)
ADGANGSKODE = "korrekt-hest-batteri"

# brugernavn -> (rolle, kommune, team)
BRUGERE = {
    "s1": ("sagsbehandler", "0101", None),
    "tl": ("teamleder", "0101", "A"),
    "jc": ("jobcenterchef", "0101", None),
    "jc2": ("jobcenterchef", "0147", None),
    "star": ("star", None, None),
    "admin": ("admin", None, None),
}


def _frist(person, sb, ansvarlig, status, frist, dage, art="samtale", vikar=False, aftale=True):
    return {
        "person_id": person, "sagsbehandler_id": sb, "ansvarlig_id": ansvarlig, "daekket_af_vikar": vikar,
        "krav_id": None if status == "uden_frist" else f"lab2019.{art}.4",
        "art": None if status == "uden_frist" else art,
        "frist": frist, "dage_tilbage": dage, "status": status, "mangler_aftale": not aftale,
        "hjemmel": None if status == "uden_frist" else "LAB § 31",
    }


FRISTER_0101 = [
    _frist("p3", "s3", "s3", "aaben", date(2024, 8, 1), 47),
    _frist("p1", "s1", "s1", "overskredet", date(2024, 6, 1), -14, aftale=False),
    _frist("p2", "s2", "s1", "forfalden_snart", date(2024, 6, 20), 5, art="tilbud", vikar=True),
    _frist("p4", "s3", "s3", "uden_frist", None, None),
    _frist("p5", None, None, "aaben", date(2024, 9, 1), 78),
]


class TabelResultater:
    """Results as the engine would give them, for two municipalities."""

    def __init__(self):
        self.kald: list[tuple] = []

    def sidste_maaned(self) -> date:
        return MAANED

    def fokusmaal(self, maaned: date) -> pl.DataFrame:
        self.kald.append(("fokusmaal", maaned))
        return pl.DataFrame({
            "kommune_kode": ["0101", "0147"], "maaned": [maaned, maaned], "population": [1200, 300],
            "passive_samtaler": [300, 30], "passive_tilbud": [240, 90],
            "andel_samtaler": [25.0, 10.0], "andel_tilbud": [20.0, 30.0],
            "gns12_samtaler": [24.5, 11.25], "gns12_tilbud": [19.75, 31.5],
        })

    def udvaelgelse(self, aar: int) -> pl.DataFrame:
        return pl.DataFrame({
            "kommune_kode": ["0101", "0147"], "aar": [aar, aar], "fails_resultat": [False, True],
            "fails_samtaler": [False, False], "fails_tilbud": [False, True],
            "konsekvens": ["ingen", "skaerpet_tilsyn"], "vaerdi_samtaler": [24.0, 11.0],
            "vaerdi_tilbud": [19.0, 31.0], "forskel_pct_point": [-0.5, 1.25],
        })

    def frister(self, kommune_kode: str, dato: date) -> pl.DataFrame:
        rows = FRISTER_0101 if kommune_kode == "0101" else []
        return pl.DataFrame(rows, schema={
            "person_id": pl.String, "sagsbehandler_id": pl.String, "ansvarlig_id": pl.String,
            "daekket_af_vikar": pl.Boolean, "krav_id": pl.String, "art": pl.String, "frist": pl.Date,
            "dage_tilbage": pl.Int64, "status": pl.String, "mangler_aftale": pl.Boolean, "hjemmel": pl.String,
        })

    def sagsbehandlere(self, kommune_kode: str) -> pl.DataFrame:
        rows = [("s1", "Sara Sørensen", "A"), ("s2", "Søren Berg", "A"), ("s3", "Tina Holm", "B")]
        if kommune_kode != "0101":
            rows = []
        return pl.DataFrame(rows, schema=["sagsbehandler_id", "navn", "team"], orient="row")


def csrf_fra(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def log_ind(klient: TestClient, brugernavn: str, adgangskode: str = ADGANGSKODE):
    token = csrf_fra(klient.get("/log-ind").text)
    return klient.post(
        "/log-ind", data={"brugernavn": brugernavn, "adgangskode": adgangskode, "csrf_token": token},
        follow_redirects=False,
    )
