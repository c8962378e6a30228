"""The selection (docs/resultatmaal.md) table-wise, one case per consequence and per year's rules."""

import math

import pandas as pd

from tilsyn.rules.rulebook import rulebook
from tilsyn.udvaelgelse import KOLONNER, vaelg

NAN = math.nan


def _select(aar, rows, rules=None):
    """rows: (kommune_kode, forskel_pct_point, vaerdi_samtaler, vaerdi_tilbud)."""
    vaerdier = pd.DataFrame(
        [(k, s, t) for k, _, s, t in rows if not (math.isnan(s) and math.isnan(t))],
        columns=["kommune_kode", "vaerdi_samtaler", "vaerdi_tilbud"],
    )
    resultat = pd.DataFrame(
        [(k, f, 10.0 + f, 10.5) for k, f, _, _ in rows if not math.isnan(f)],
        columns=["kommune_kode", "forskel_pct_point", "faktisk_andel", "oevre"],
    )
    out = vaelg(vaerdier, resultat, aar, rules or rulebook())
    assert list(out.columns) == list(KOLONNER)
    assert (out.aar == aar).all()
    return out.set_index("kommune_kode")


def _konsekvens(out):
    return out.konsekvens.to_dict()


def test_2020_both_targets_lead_to_skaerpet_tilsyn_at_30_pct():
    out = _select(
        2020,
        [
            ("0101", 0.5, 31.0, 10.0),  # result + samtaler
            ("0147", 0.01, 10.0, 30.0),  # result + tilbud exactly at the limit: not below = fails
            ("0151", -0.2, 35.0, 10.0),  # a target without the result
            ("0153", 0.5, 29.99, 29.99),  # result only
            ("0155", 0.0, 10.0, 40.0),  # a difference of exactly 0 is not above the tolerance
            ("0157", -1.0, 5.0, 5.0),
        ],
    )
    assert _konsekvens(out) == {
        "0101": "skaerpet_tilsyn",
        "0147": "skaerpet_tilsyn",
        "0151": "risikozone",
        "0153": "ingen",
        "0155": "risikozone",
        "0157": "ingen",
    }
    assert out.loc["0147"].tolist()[1:4] == [True, False, True]
    assert out.loc["0153"].tolist()[1:4] == [True, False, False]


def test_2021_tilbud_leads_to_the_adjusted_follow_up():
    # STAR's follow-up on the 2022 fokusmål: eight municipalities came under the adjusted follow-up on their 2021 effort
    out = _select(
        2021,
        [
            ("0101", 0.5, 10.0, 35.0),  # result + tilbud only: light
            ("0147", 0.5, 31.0, 35.0),  # result + both: samtaler's skærpet tilsyn wins
            ("0151", -0.5, 10.0, 35.0),  # tilbud without the result: risikozone
            ("0153", -0.5, 31.0, 10.0),  # samtaler without result
            ("0155", 0.5, 25.0, 10.0),  # 25 % passes the 2021 limit (30)
        ],
    )
    assert _konsekvens(out) == {
        "0101": "skaerpet_tilsyn_light",
        "0147": "skaerpet_tilsyn",
        "0151": "risikozone",
        "0153": "risikozone",
        "0155": "ingen",
    }


def test_a_target_without_consequence_is_reported_not_acted_on():
    ingen = rulebook().hvis({"fokusmaal.tilbud.konsekvens": "ingen"})
    out = _select(2021, [("0101", 0.5, 10.0, 35.0), ("0151", -0.5, 10.0, 35.0)], ingen)
    assert _konsekvens(out) == {"0101": "ingen", "0151": "ingen"}
    assert out.loc["0101", "fails_tilbud"] and out.loc["0151", "fails_tilbud"]


def test_2022_seed_002_table_1_mariagerfjord_and_odder_get_light():
    # STAR's follow-up on the 2022 fokusmål, Tabel 1 (difference, tilbud value); every municipality met the samtale target
    out = _select(
        2022,
        [
            ("0450", -0.27, 12.0, 33.3),  # Nyborg
            ("0190", -0.44, 12.0, 29.9),  # Furesø
            ("0157", -0.17, 12.0, 27.7),  # Gentofte
            ("0846", 0.08, 12.0, 25.9),  # Mariagerfjord
            ("0630", -0.04, 12.0, 22.0),  # Vejle
            ("0727", 0.16, 12.0, 21.4),  # Odder
            ("0400", -0.04, 12.0, 20.2),  # Bornholm
            ("0101", 0.30, 25.0, 10.0),  # 25 % fails the 2022 samtale limit (20): skærpet
            ("0147", 0.30, 20.5, 25.0),  # samtaler and tilbud: the stronger wins
            ("0151", 0.30, 19.99, 19.99),
        ],
    )
    got = _konsekvens(out)
    assert {k for k, v in got.items() if v == "skaerpet_tilsyn_light"} == {"0846", "0727"}
    assert got["0101"] == got["0147"] == "skaerpet_tilsyn"
    assert got["0151"] == "ingen"
    assert {k for k, v in got.items() if v == "risikozone"} == {"0450", "0190", "0157", "0630", "0400"}


def test_2023_tilbud_leads_to_skaerpet_tilsyn_again():
    out = _select(2023, [("0101", 0.2, 10.0, 20.0), ("0147", 0.2, 19.996, 10.0)])
    # 19.996 is published as 20.00 and compared as published
    assert _konsekvens(out) == {"0101": "skaerpet_tilsyn", "0147": "skaerpet_tilsyn"}
    assert out.loc["0147", "vaerdi_samtaler"] == 20.0


def test_missing_from_one_input_does_not_fail_on_it():
    out = _select(2023, [("0101", 0.4, NAN, NAN), ("0147", NAN, 50.0, 50.0)])
    assert out.loc["0101"].tolist()[1:5] == [True, False, False, "ingen"]
    assert out.loc["0147"].tolist()[1:5] == [False, True, True, "risikozone"]


def test_optional_mode_fails_only_above_the_interval():
    # faktisk = 10 + forskel against an upper bound of 10.5
    rows = [("0101", 0.4, 30.0, 10.0), ("0147", 0.6, 30.0, 10.0)]
    assert _konsekvens(_select(2023, rows)) == {"0101": "skaerpet_tilsyn", "0147": "skaerpet_tilsyn"}
    assert _konsekvens(_select(2023, rows, rulebook().hvis({"resultatmaal.kun_over_interval": True}))) == {"0101": "risikozone", "0147": "skaerpet_tilsyn"}


def _data_2023(tabeller):
    """Four municipalities of 1000 inhabitants 16-66, every person on kontanthjælp since 2021:
    0101 has 10 persons with a samtale every month and a running tilbud; 0147 has 40 passive
    persons; 0151 has 10 with a tilbud but no samtaler; 0153 is like 0101."""
    from datetime import date

    from tilsyn import tid

    personer, ydelser, samtaler, tilbud = [], [], [], []
    for kode, antal, med_samtaler, med_tilbud in (
        ("0101", 10, True, True),
        ("0147", 40, False, False),
        ("0151", 10, False, True),
        ("0153", 10, True, True),
    ):
        for i in range(antal):
            p = f"{kode}-{i}"
            personer.append((p, date(1980, 1, 1)))
            ydelser.append((p, kode, "kontanthjaelp", "jobparat", date(2021, 1, 1), None))
            if med_samtaler:
                samtaler += [(p, kode, m.replace(day=10), "fysisk", "individuel", None) for m in tid.months(date(2022, 1, 1), date(2023, 12, 1))]
            if med_tilbud:
                tilbud.append((p, kode, "virksomhedspraktik", date(2022, 6, 1), date(2023, 12, 31)))
    rammevilkaar = [(k, 2023, 1000) for k in ("0101", "0147", "0151", "0153")]
    return tabeller(personer=personer, ydelser=ydelser, samtaler=samtaler, tilbud=tilbud, rammevilkaar=rammevilkaar)


def test_udvaelgelse_from_input_tables_on_duckdb_and_spark(backend, tabeller):
    from tilsyn.benchmark.resultatmaal import resultatmaal
    from tilsyn.engine.fokusmaal import aarsvaerdier

    t, rules = _data_2023(tabeller), rulebook()
    out = vaelg(backend.execute(aarsvaerdier(t, 2023, rules)), resultatmaal(t, "2023", rules, con=backend), 2023,
                rules).set_index("kommune_kode")
    # shares 1, 4, 1, 1 %; without covariates each is benchmarked on the mean of the other three
    assert out.forskel_pct_point.to_dict() == {"0101": -1.0, "0147": 3.0, "0151": -1.0, "0153": -1.0}
    assert out.vaerdi_samtaler.to_dict() == {"0101": 0.0, "0147": 100.0, "0151": 100.0, "0153": 0.0}
    assert out.vaerdi_tilbud.to_dict() == {"0101": 0.0, "0147": 100.0, "0151": 0.0, "0153": 0.0}
    assert _konsekvens(out) == {"0101": "ingen", "0147": "skaerpet_tilsyn", "0151": "risikozone", "0153": "ingen"}
