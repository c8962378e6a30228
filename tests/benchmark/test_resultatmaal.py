"""The benchmark model and the resultatmål table on hand-built data with known answers."""

from datetime import date

import ibis
import pandas as pd
import pytest

from tilsyn import kommuner
from tilsyn.benchmark import ResultatmaalFejl
from tilsyn.benchmark.resultatmaal import KOLONNER, diagnostik, resultatmaal
from tilsyn.benchmark.model import WlsLoo

KODER = list(kommuner.kommuner())[:12]
OUTLIER = KODER[4]


def _tables(personer: dict[str, int], ramme: pd.DataFrame) -> dict:
    """Each person is on dagpenge all of 2023 and counts as one fuldtidsperson."""
    ids = [(k, f"{k}-{i}") for k, n in personer.items() for i in range(n)]
    ydelser = ibis.memtable(
        {
            "person_id": [p for _, p in ids],
            "kommune_kode": [k for k, _ in ids],
            "ydelse": ["dagpenge"] * len(ids),
            "visitation": [None] * len(ids),
            "start": [date(2022, 1, 1)] * len(ids),
            "slut": [None] * len(ids),
        }
    ).cast({"visitation": "string", "start": "date", "slut": "date"})
    return {"ydelser": ydelser, "rammevilkaar": ibis.memtable(ramme)}


def _linear(outlier_personer: int = 60, **extra) -> dict:
    """Share = 2 + 0.5 x (%) exactly with population 1000, except one outlier at x = 4."""
    x = list(range(len(KODER)))
    ramme = pd.DataFrame({"kommune_kode": KODER, "aar": 2023, "befolkning_16_66": 1000, "x": x, **extra})
    personer = {k: 20 + 5 * xi for k, xi in zip(KODER, x)}
    personer[OUTLIER] = outlier_personer
    return _tables(personer, ramme)


def test_outlier_is_benchmarked_on_the_line_of_the_others_and_ranked_last():
    res = resultatmaal(_linear(), "2023").set_index("kommune_kode")
    assert list(res.reset_index().columns) == list(KOLONNER)
    row = res.loc[OUTLIER]
    # without the outlier the other eleven lie exactly on 2 + 0.5 x: x = 4 gives 4 %
    assert row.faktisk_andel == 6.0
    assert row.forventet_andel == pytest.approx(4.0)
    assert row.forskel_pct_point == pytest.approx(2.0)
    assert row.forventet_antal == pytest.approx(40.0)
    assert row.faktisk_antal == 60.0
    assert row.population_16_66 == 1000
    assert row.placering == len(KODER)
    assert row.model_version == "wls-loo-1"
    assert row.aar == 2023
    assert sorted(res.placering) == list(range(1, len(KODER) + 1))


def test_own_actual_value_does_not_move_own_expected_value():
    noise = [0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.0, -0.1, 0.3, -0.4, 0.2, 0.1]
    base = resultatmaal(_linear(outlier_personer=44, z=noise), "2023").set_index("kommune_kode")
    moved = resultatmaal(_linear(outlier_personer=90, z=noise), "2023").set_index("kommune_kode")
    assert moved.loc[OUTLIER, "forventet_andel"] == base.loc[OUTLIER, "forventet_andel"]
    assert moved.loc[OUTLIER, "nedre"] == base.loc[OUTLIER, "nedre"]
    assert moved.loc[OUTLIER, "faktisk_andel"] == 9.0
    # ...while every other municipality's benchmark does include it
    others = [k for k in KODER if k != OUTLIER]
    assert (moved.loc[others, "forventet_andel"] != base.loc[others, "forventet_andel"]).all()


def test_without_covariates_the_expected_share_is_the_weighted_mean_of_the_others():
    ramme = pd.DataFrame({"kommune_kode": KODER[:4], "aar": 2023, "befolkning_16_66": [1000, 2000, 1000, 4000]})
    tables = _tables(dict(zip(KODER[:4], [50, 80, 30, 200])), ramme)  # shares 5, 4, 3, 5 %
    res = resultatmaal(tables, "2023").set_index("kommune_kode")
    # first: (2000*4 + 1000*3 + 4000*5) / 7000 = 31000/7000
    assert res.loc[KODER[0], "forventet_andel"] == round(31000 / 7000, 2)
    assert res.loc[KODER[3], "forventet_andel"] == round((5000 + 8000 + 3000) / 4000, 2)
    assert (res.nedre < res.forventet_andel).all() and (res.forventet_andel < res.oevre).all()
    # best = largest negative difference: the third, 3 % against about 4.71 %
    assert res.placering.idxmin() == KODER[2]


def test_interval_widens_with_the_level():
    noise = [0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.0, -0.1, 0.3, -0.4, 0.2, 0.1]
    tables = _linear(z=noise)
    frame_95 = resultatmaal(tables, "2023")
    from tilsyn.benchmark.resultatmaal import grundlag

    g = grundlag(tables, "2023")
    p80 = WlsLoo().fit_predict(g.frame, g.kovariater, 0.80)
    p95 = WlsLoo().fit_predict(g.frame, g.kovariater, 0.95)
    assert ((p95.oevre - p95.nedre) > (p80.oevre - p80.nedre)).all()
    assert frame_95.oevre.tolist() == p95.oevre.round(2).tolist()


def test_a_municipality_without_ydelser_has_zero_actual():
    ramme = pd.DataFrame({"kommune_kode": KODER[:5], "aar": 2023, "befolkning_16_66": 1000})
    res = resultatmaal(_tables(dict(zip(KODER[:4], [10, 20, 30, 40])), ramme), "2023")
    assert res.set_index("kommune_kode").loc[KODER[4], "faktisk_antal"] == 0.0


def test_per_ydelsesgruppe():
    tables = _linear()
    a_dagpenge = resultatmaal(tables, "2023", ydelsesgruppe="a_dagpenge")
    assert a_dagpenge.equals(resultatmaal(tables, "2023"))  # everyone is on dagpenge
    syge = resultatmaal(tables, "2023", ydelsesgruppe="sygedagpenge")
    assert (syge.faktisk_antal == 0).all() and (syge.forskel_pct_point == 0).all()


def test_a_half_year_counts_the_half_year_days():
    ramme = pd.DataFrame({"kommune_kode": KODER[:4], "aar": 2023, "befolkning_16_66": 1000})
    res = resultatmaal(_tables(dict(zip(KODER[:4], [10, 20, 30, 40])), ramme), "2023H2")
    assert res.faktisk_antal.tolist() == [10.0, 20.0, 30.0, 40.0]


def test_missing_rammevilkaar_is_a_clear_danish_error():
    tables = _linear()
    with pytest.raises(ResultatmaalFejl, match="rammevilkaar mangler for 2024"):
        resultatmaal(tables, "2024")
    ramme = pd.DataFrame({"kommune_kode": KODER[1:], "aar": 2023, "befolkning_16_66": 1000, "x": 1.0})
    with pytest.raises(ResultatmaalFejl, match=f"mangler for kommune\\(r\\) med ydelser: {KODER[0]} "):
        resultatmaal(_tables({KODER[0]: 3, KODER[1]: 4}, ramme), "2023")
    ramme.loc[2, "x"] = None
    with pytest.raises(ResultatmaalFejl, match="tomme værdier"):
        resultatmaal(_tables({KODER[1]: 4}, ramme), "2023")


def test_diagnostics_names_coefficients_and_the_worst_municipality():
    text = diagnostik(_linear(z=[0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.0, -0.1, 0.3, -0.4, 0.2, 0.1]), "2023")
    assert "| x |" in text and "R² =" in text and "wls-loo-1" in text
    worst = text.split("## Størst over forventet")[1].splitlines()[4]
    assert kommuner.navn(OUTLIER) in worst and "+2." in worst


def test_explanation_contributions_add_up_to_the_expected_share():
    import numpy as np

    from tilsyn.benchmark.resultatmaal import forklar_resultat

    noise = [0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.0, -0.1, 0.3, -0.4, 0.2, 0.1]
    z = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]
    ramme = pd.DataFrame({"kommune_kode": KODER, "aar": 2023, "befolkning_16_66": [1000 + 100 * i for i in range(12)],
                          "x": list(range(12)), "z": z})
    personer = {k: round((20 + 5 * i + 2 * z[i] + 10 * noise[i]) * (1 + i / 10)) for i, k in enumerate(KODER)}
    tables = _tables(personer, ramme)
    res = resultatmaal(tables, "2023").set_index("kommune_kode")
    f = forklar_resultat(tables, "2023", OUTLIER)
    assert f.forventet == pytest.approx(res.loc[OUTLIER, "forventet_andel"], abs=0.005)
    # an independent weighted least squares without the municipality, by numpy
    i = KODER.index(OUTLIER)
    keep = [j for j in range(12) if j != i]
    w = np.sqrt(ramme.befolkning_16_66.to_numpy(float)[keep])
    andel = np.array([100 * personer[k] / (1000 + 100 * j) for j, k in enumerate(KODER)])
    X = np.column_stack([np.ones(12), ramme.x, ramme.z])
    beta = np.linalg.lstsq(X[keep] * w[:, None], andel[keep] * w, rcond=None)[0]
    assert f.forventet == pytest.approx(X[i] @ beta)
    assert f.bidrag.koefficient.tolist() == pytest.approx(list(beta[1:]))
    gns_x = np.average(ramme.x.to_numpy(float)[keep], weights=w**2)
    assert f.bidrag.bidrag[0] == pytest.approx(beta[1] * (ramme.x[i] - gns_x))
    assert f.basis == pytest.approx(np.average(andel[keep], weights=w**2))
    tekst = "\n".join(f.linjer())
    assert "leave-one-out" in tekst and f"Placering: {res.loc[OUTLIER, 'placering']} af 12" in tekst
