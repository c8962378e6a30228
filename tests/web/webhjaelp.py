"""Helpers of the web tests: a small, hand-built world: results in the CLI's result columns for two
municipalities, a workflow store with one user per role and two supervision cases."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
from fastapi.testclient import TestClient

from tilsyn import tid
from tilsyn.data.daekning import Daekning
from tilsyn.engine.kvoteplan import KOLONNER as KVOTEPLAN_KOLONNER, PERSON_KOLONNER as KVOTEPLAN_PERSON_KOLONNER
from tilsyn.resultater import TILBAGE
from tilsyn.benchmark import ResultatmaalFejl

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
        "krav_id": None if status == "uden_frist" else ("fire_samtaler_6mdr" if art == "samtale" else "tilbud_6mdr"),
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
    """Results as the results layer would give them, for two municipalities, refusing months
    outside the coverage as it does."""

    def __init__(self):
        self.kald: list[tuple] = []

    def daekning(self) -> Daekning:
        return Daekning(date(2020, 1, 1), MAANED)

    def fokusmaal_maaneder(self) -> tuple[date, date]:
        return date(2021, 11, 1), MAANED

    def fokusmaal(self, maaned: date) -> pl.DataFrame:
        self.daekning().tjek_maaneder(maaned, maaned, TILBAGE["fokusmaal"], "Fokusmål")
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
        self.daekning().tjek_dag(dato, "Arbejdslisten")
        rows = FRISTER_0101 if kommune_kode == "0101" else []
        return pl.DataFrame(rows, schema={
            "person_id": pl.String, "sagsbehandler_id": pl.String, "ansvarlig_id": pl.String,
            "daekket_af_vikar": pl.Boolean, "krav_id": pl.String, "art": pl.String, "frist": pl.Date,
            "dage_tilbage": pl.Int64, "status": pl.String, "mangler_aftale": pl.Boolean, "hjemmel": pl.String,
        })

    def ydelsesgrupper(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        rows = [("p1", "kontanthjaelp"), ("p2", "kontanthjaelp"), ("p3", "a_dagpenge"), ("p4", "sygedagpenge"),
                ("p5", "sygedagpenge")]
        return pl.DataFrame(rows if kommune_kode == "0101" else [], schema={"person_id": pl.String, "ydelsesgruppe": pl.String},
                            orient="row")

    def sagsbehandlere(self, kommune_kode: str) -> pl.DataFrame:
        rows = [("s1", "Sara Sørensen", "A"), ("s2", "Søren Berg", "A"), ("s3", "Tina Holm", "B")]
        if kommune_kode != "0101":
            rows = []
        return pl.DataFrame(rows, schema=["sagsbehandler_id", "navn", "team"], orient="row")


    def personnavne(self, kommune_kode: str) -> pl.DataFrame:
        rows = [("p1", "Karen Jensen"), ("p2", "Ole Hansen")] if kommune_kode == "0101" else []
        return pl.DataFrame(rows, schema=["person_id", "navn"], orient="row")

    def rettidighed(self, maaned: date, kommune_kode: str) -> pl.DataFrame:
        """s1: 3 of 4 samtaler and 1 of 2 tilbud (1 fritaget) on time → 4 / (6 − 1) = 80 %."""
        self.daekning().tjek_maaneder(maaned, maaned, 0, "Rettidighed")
        rows = [("sagsbehandler", "s1", "samtale", 4, 3, 0), ("sagsbehandler", "s1", "tilbud", 2, 1, 1),
                ("team", None, "samtale", 4, 3, 0)] if kommune_kode == "0101" else []
        return pl.DataFrame(rows, schema=["niveau", "sagsbehandler_id", "art", "antal_frister", "rettidige", "fritaget"],
                            orient="row")

    def fokusmaal_serie(self, til: date) -> pl.DataFrame:
        """Three months up to `til`: 0101's samtale share falls by one point a month."""
        maaneder = [tid.add_months(til, -i) for i in (2, 1, 0)]
        return pl.concat([
            self.fokusmaal(m).with_columns(
                andel_samtaler=pl.col("andel_samtaler") + 2 - i, passive_samtaler=pl.col("passive_samtaler") + 12 * (2 - i)
            )
            for i, m in enumerate(maaneder)
        ]).sort("kommune_kode", "maaned")

    def resultatmaal(self, aar: int) -> pl.DataFrame:
        if aar < 2020:
            raise ResultatmaalFejl(f"rammevilkaar mangler for {aar}")
        return pl.DataFrame({
            "kommune_kode": ["0101", "0147"], "aar": [aar, aar], "population_16_66": [500000, 80000],
            "faktisk_antal": [50000.0, 9000.0], "forventet_antal": [52500.0, 8000.0],
            "faktisk_andel": [10.0, 11.25], "forventet_andel": [10.5, 10.0], "forskel_pct_point": [-0.5, 1.25],
            "nedre": [9.5, 9.0], "oevre": [11.5, 11.0], "placering": [1, 2], "model_version": ["test", "test"],
        })

    def passive(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        self.daekning().tjek_maaneder(maaned, maaned, TILBAGE["maanedlig"], "Passive borgere")
        rows = PASSIVE_0101 if kommune_kode == "0101" else []
        return pl.DataFrame(rows, schema={
            "person_id": pl.String, "forloeb_start": pl.Date, "anciennitet_maaneder": pl.Int64,
            "samtaler": pl.Int64, "min_samtaler": pl.Int64, "tilbud_i_vindue": pl.Boolean, "timer": pl.Float64,
            "min_timer": pl.Float64, "samtale_passiv": pl.Boolean, "tilbud_passiv": pl.Boolean,
            "sagsbehandler_id": pl.String, "ansvarlig_id": pl.String,
        })

    def forklaring(self, person_id: str, maaned: date) -> str:
        return f"Person {person_id}, måned {maaned:%Y-%m}: forklaring."

    def resultat_forklaring(self, aar: int, kommune_kode: str):
        """0101 of `resultatmaal`: 9,0 % + 1,2 + 0,3 = 10,5 % expected."""
        import pandas as pd

        from tilsyn.benchmark.resultatmaal import ResultatForklaring

        raekke = self.resultatmaal(aar).filter(kommune_kode=kommune_kode).row(0, named=True)
        bidrag = pd.DataFrame({"kovariat": ["andel_ufaglaerte", "ledighed_pendlingsomraade"], "koefficient": [12.0, 0.5],
                               "vaerdi": [0.3, 5.0], "gennemsnit": [0.2, 4.4], "bidrag": [1.2, 0.3]})
        return ResultatForklaring(kommune_kode, str(aar), raekke, 9.0, bidrag, 2, 0.0, False, "test", 0.95)

    def kvote_maaneder(self) -> tuple[date, date]:
        return date(2024, 1, 1), MAANED

    def kvoteopfyldelse(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame:
        """One quota: 0101 3 of 4 (75 %, met), 0147 1 of 2 (50 %, under); 12 months 6/10 and 3/4."""
        self.daekning().tjek_maaneder(maaned, maaned, 0, "Kvoteopfyldelsen")
        rows = [("land", None, 6, 4, 66.67, False, 14, 9, 64.29, False),
                ("kommune", "0101", 4, 3, 75.0, True, 10, 6, 60.0, False),
                ("kommune", "0147", 2, 1, 50.0, False, 4, 3, 75.0, True)]
        rows = [r for r in rows if kommune_kode is None or r[1] == kommune_kode]
        t = pl.DataFrame(rows, orient="row", schema=["niveau", "kommune_kode", "personer", "naaet", "andel_pct",
                                                     "opfyldt", "personer_12", "naaet_12", "andel_12_pct", "opfyldt_12"])
        return t.with_columns(a_kasse=pl.lit(None, pl.String), maaned=pl.lit(f"{maaned:%Y-%m}"),
                              krav_id=pl.lit("kvote_4_samtaler_6mdr"), holdes_af=pl.lit("kommune"),
                              kvote_pct=pl.lit(75.0), rullende_fra=pl.lit("2024-01"))

    def kvote_personer(self, kommune_kode: str, maaned: date, rullende: bool = False) -> pl.DataFrame:
        """0101: p3 (s3) did not reach it, p1 (s1) did (not reached first, as the results layer)."""
        self.daekning().tjek_maaneder(maaned, maaned, 0, "Borgerne bag kvoterne")
        rows = [("p3", False, "s3"), ("p1", True, "s1")] if kommune_kode == "0101" else []
        t = pl.DataFrame(rows, orient="row", schema={"person_id": pl.String, "naaet": pl.Boolean,
                                                      "sagsbehandler_id": pl.String})
        return t.with_columns(
            kommune_kode=pl.lit(kommune_kode), a_kasse=pl.lit(None, pl.String), krav_id=pl.lit("kvote_4_samtaler_6mdr"),
            maaned=pl.lit(maaned), maalgruppe=pl.lit(2), periode_start=pl.lit(date(2023, 12, 1)),
            vindue_start=pl.lit(date(2023, 12, 1)), frist=pl.lit(date(2024, 5, 30)), antal=pl.lit(3),
            min_antal=pl.lit(4), fritaget=pl.lit(False), ansvarlig_id=pl.col("sagsbehandler_id"))

    def kvoteplan(self, dag: date, kommune_kode: str | None = None, team: str | None = None,
                  maaneder: int = 3) -> pl.DataFrame:
        """0101 on the plan day: 4 persons, 1 reached, 2 open (1 booked), 1 lost: behov 2, i fare."""
        self.daekning().tjek_dag(dag, "Kvoteplanen")
        return pl.DataFrame([("kommune", "0101", None, None, "kvote_4_samtaler_6mdr", f"{dag:%Y-%m}", 75.0, 4, 1, 2, 1,
                              1, 2, 25.0, 50.0, 75.0, "i_fare", 40.0, 70.0)], orient="row",
                            schema=list(KVOTEPLAN_KOLONNER))

    def kvoteplan_personer(self, kommune_kode: str, dag: date, team: str | None = None,
                           maaneder: int = 3) -> pl.DataFrame:
        self.daekning().tjek_dag(dag, "Kvoteplanen")
        return pl.DataFrame([("p3", "kvote_4_samtaler_6mdr", f"{dag:%Y-%m}", dag, "aaben", False, True, "s3", "s3")],
                            orient="row", schema=[*KVOTEPLAN_PERSON_KOLONNER, "sagsbehandler_id"])

    def ledelse(self, kommune_kode: str, til: date | None = None):
        """The results layer's shaping (`resultater.ledelse`) over these tables."""
        from tilsyn.resultater import ledelse

        return ledelse.oversigt(_Kerne(self), kommune_kode, til)

    def ledelse_rettidighed_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.resultater import ledelse

        return ledelse.rettidighed_personer(_Kerne(self), kommune_kode, maaned)

    def ledelse_kvote_personer(self, kommune_kode: str, maaned: date) -> pl.DataFrame:
        from tilsyn.resultater import ledelse

        return ledelse.kvote_personer(_Kerne(self), kommune_kode, maaned)

    def udvikling(self, maaned: date, kommune_kode: str | None = None) -> pl.DataFrame:
        """The table of the minister's letter to Beskæftigelsesudvalget of 31 August 2018 (Hillerød, May 2018) for any month and municipality."""
        self.daekning().tjek_maaneder(maaned, maaned, 12, "Udviklingen i antal dagpengemodtagere")
        return pl.DataFrame({
            "niveau": ["land", "region", "kommune"], "kode": ["", "Region Hovedstaden", kommune_kode or "0219"],
            "navn": ["Hele landet", "Region Hovedstaden", "Hillerød"], "fuldtidspersoner": [1000.0, 300.0, 50.0],
            "forrige_maaned": [995.0, 292.7, 50.7], "aaret_foer": [1035.2, 308.6, 56.1],
            "pct_maaned": [0.5, 2.5, -1.4], "pct_aar": [-3.4, -2.8, -10.8],
        })


def _passiv(person, start, sb, ansvarlig, samtale, tilbud):
    return {
        "person_id": person, "forloeb_start": start, "anciennitet_maaneder": 18, "samtaler": 2 if samtale else 5,
        "min_samtaler": 4, "tilbud_i_vindue": not tilbud, "timer": 10.0, "min_timer": 225.0,
        "samtale_passiv": samtale, "tilbud_passiv": tilbud, "sagsbehandler_id": sb, "ansvarlig_id": ansvarlig,
    }


# The passive citizens of 0101 (the caseloads of FRISTER_0101): p4 is not passive.
PASSIVE_0101 = [
    _passiv("p1", date(2022, 5, 2), "s1", "s1", True, False),
    _passiv("p2", date(2021, 1, 4), "s2", "s1", True, True),
    _passiv("p3", date(2022, 11, 1), "s3", "s3", True, False),
    _passiv("p5", date(2020, 3, 1), None, None, True, True),
]


def csrf_fra(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def log_ind(klient: TestClient, brugernavn: str, adgangskode: str = ADGANGSKODE):
    token = csrf_fra(klient.get("/log-ind").text)
    return klient.post(
        "/log-ind", data={"brugernavn": brugernavn, "adgangskode": adgangskode, "csrf_token": token},
        follow_redirects=False,
    )


class _Kerne:
    """`TabelResultater` with the results layer's own signatures (what `resultater.ledelse` calls):
    `rettidighed` of `TabelResultater` completed to the engine's columns (s1 on team A), and the
    requirements behind it."""

    def __init__(self, t: TabelResultater):
        self.t = t

    @property
    def daekning(self) -> Daekning:
        return self.t.daekning()

    def rettidighed(self, maaned: date, kommune: str | None = None) -> pl.DataFrame:
        r = self.t.rettidighed(maaned, kommune).filter(pl.col("niveau") == "sagsbehandler")
        hver = [r.with_columns(niveau=pl.lit(n), team=pl.lit(t, pl.String)) for n, t in (("kommune", None), ("team", "A"))]
        return pl.concat(hver).with_columns(
            kommune_kode=pl.lit(kommune), for_sent=pl.lit(0), fritaget=pl.col("fritaget"),
            ikke_opfyldt=pl.col("antal_frister") - pl.col("rettidige") - pl.col("fritaget"),
            rettidighed_pct=(100.0 * pl.col("rettidige") / (pl.col("antal_frister") - pl.col("fritaget"))).round(2))

    def rettidighed_udfald(self, maaned: date, kommune: str) -> pl.DataFrame:
        """s1's samtaler of `rettidighed`: p1 on time (3), p2 not met (1)."""
        self.daekning.tjek_maaneder(maaned, maaned, 0, "Rettidighed")
        rows = [(f"p{1 if i < 3 else 2}", "samtale", "rettidig" if i < 3 else "ikke_opfyldt") for i in range(4)]
        rows = rows if kommune == "0101" else []
        return pl.DataFrame(rows, orient="row", schema={"person_id": pl.String, "art": pl.String, "udfald": pl.String}).with_columns(
            frist=pl.lit(tid.last_day(maaned)), krav_id=pl.lit("fire_samtaler_6mdr"), kommune_kode=pl.lit(kommune),
            sagsbehandler_id=pl.lit("s1"), team=pl.lit("A"))

    def kvoteopfyldelse(self, maaned: date, kommune: str | None = None) -> pl.DataFrame:
        return self.t.kvoteopfyldelse(maaned, kommune)

    def kvote_personer(self, kommune: str, maaned: date, rullende: bool = False) -> pl.DataFrame:
        return self.t.kvote_personer(kommune, maaned, rullende)

    def sagsbehandlere(self, kommune: str | None = None) -> pl.DataFrame:
        return self.t.sagsbehandlere(kommune)
