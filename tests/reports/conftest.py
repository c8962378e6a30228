"""Hand-built engine outputs (the CLI's result columns) for all 98 municipalities, 2021-2023."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tilsyn import kommuner, tid

KODER = list(kommuner.kommuner())
NYBORG, ODDER, AARHUS = "0450", "0727", "0751"


def _fokusmaal() -> pd.DataFrame:
    rows = []
    for i, kode in enumerate(KODER):
        for m in tid.months(date(2021, 1, 1), date(2023, 12, 1)):
            population = 1000 + 10 * i
            tilbud = 33.3 if kode == NYBORG else 21.4 if kode == ODDER else 10.0 + (i % 7)
            samtaler = 8.0 + (i % 5)
            rows.append(
                {
                    "kommune_kode": kode, "maaned": m, "population": population,
                    "passive_samtaler": round(population * samtaler / 100),
                    "passive_tilbud": round(population * tilbud / 100),
                    "andel_samtaler": samtaler, "andel_tilbud": tilbud,
                    "gns12_samtaler": samtaler, "gns12_tilbud": tilbud,
                }
            )
    return pd.DataFrame(rows)


def _resultatmaal(aar: int) -> pd.DataFrame:
    rows = []
    for i, kode in enumerate(KODER):
        forskel = 0.16 if kode == ODDER else -0.27 if kode == NYBORG else round(-0.5 + (i % 10) / 10, 2)
        forventet = 5.0 + (i % 9) / 3
        rows.append(
            {
                "kommune_kode": kode, "aar": aar, "population_16_66": 20000 + 100 * i,
                "faktisk_antal": round((forventet + forskel) * (200 + i)),
                "forventet_antal": round(forventet * (200 + i)),
                "faktisk_andel": forventet + forskel, "forventet_andel": forventet,
                "forskel_pct_point": forskel, "nedre": forventet - 0.6, "oevre": forventet + 0.6,
                "placering": 0, "model_version": "test-1",
            }
        )
    df = pd.DataFrame(rows)
    df["placering"] = df["forskel_pct_point"].rank(method="first").astype(int)
    return df


def _udvaelgelse(resultat: pd.DataFrame, fokus: pd.DataFrame, aar: int) -> pd.DataFrame:
    year = fokus[pd.to_datetime(fokus["maaned"]).dt.year == aar].groupby("kommune_kode")
    vaerdi = year[["andel_samtaler", "andel_tilbud"]].mean()
    df = resultat[["kommune_kode", "aar", "forskel_pct_point"]].copy()
    df["fails_resultat"] = df["forskel_pct_point"] > 0
    df["vaerdi_samtaler"] = df["kommune_kode"].map(vaerdi["andel_samtaler"])
    df["vaerdi_tilbud"] = df["kommune_kode"].map(vaerdi["andel_tilbud"])
    df["fails_samtaler"] = df["vaerdi_samtaler"] >= 20
    df["fails_tilbud"] = df["vaerdi_tilbud"] >= 20
    df["konsekvens"] = [
        "skaerpet_tilsyn" if r and t else "risikozone" if t else "ingen"
        for r, t in zip(df["fails_resultat"], df["fails_tilbud"])
    ]
    return df[["kommune_kode", "aar", "fails_resultat", "fails_samtaler", "fails_tilbud", "konsekvens",
               "vaerdi_samtaler", "vaerdi_tilbud", "forskel_pct_point"]]


@pytest.fixture(scope="session")
def fokusmaal() -> pd.DataFrame:
    return _fokusmaal()


@pytest.fixture(scope="session")
def resultatmaal() -> pd.DataFrame:
    return _resultatmaal(2023)


@pytest.fixture(scope="session")
def udvaelgelse(resultatmaal, fokusmaal) -> pd.DataFrame:
    return _udvaelgelse(resultatmaal, fokusmaal, 2023)


@pytest.fixture(scope="session")
def kontakter() -> list[dict]:
    return [
        {"kommune_kode": ODDER, "dato": date(2023, 3, 14), "oensker_bistand": True, "afdaekning": True,
         "indsats": "Task force-forløb med sagsgennemgang på sygedagpengeområdet."},
        {"kommune_kode": AARHUS, "periode": "1. kvt. 2023", "dato": None, "oensker_bistand": None,
         "afdaekning": True, "indsats": "Datamæssigt samarbejde om tilbudsafgivningen."},
    ]


@pytest.fixture(scope="session")
def sager() -> list[dict]:
    return [
        {"kommune_kode": ODDER, "aar": 2023, "tilstand": "trin1_redegoerelse", "aabnet": date(2024, 4, 15),
         "naeste_frist": date(2024, 7, 14), "frist_tekst": "Redegørelse og genopretningsplan"},
    ]
