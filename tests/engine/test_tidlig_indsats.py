"""Early effort (docs/resultatmaal.md, Tidlig indsats), hand-counted, on DuckDB and Spark."""

import shutil
from datetime import date, timedelta

from tilsyn.engine.tidlig_indsats import KOLONNER, beskrivelse, tidlig_indsats
from tilsyn.rules.rulebook import PARAMETERS, Rulebook

D = date
KH = ("kontanthjaelp", "jobparat")  # målgruppe 2


def _rows(expr, backend):
    return {r["kommune_kode"]: r for r in backend.to_pyarrow(expr).to_pylist()}


def test_shares_of_the_month_counted_by_hand(backend, tabeller, rules):
    ydelser = [
        # a: 26 weeks reached on 2023-07-10 (start + 182 - 1); 4 samtaler up to and including that day
        ("a", "0101", *KH, D(2023, 1, 10), None),
        # b: sygedagpenge (målgruppe 6) reached 2023-07-20, 3 samtaler; not in the tilbud group
        ("b", "0101", "sygedagpenge", None, D(2023, 1, 20), None),
        # c: ends 2023-07-01, before its 26 weeks (2023-07-05): not counted
        ("c", "0101", "dagpenge", None, D(2023, 1, 5), D(2023, 7, 1)),
        # d: reaches 26 weeks in August
        ("d", "0101", *KH, D(2023, 2, 1), None),
        # e: moves to 0147 on the same målgruppe: one period from 2023-01-19, reached 2023-07-19 in 0147
        ("e", "0101", *KH, D(2023, 1, 19), D(2023, 3, 31)),
        ("e", "0147", *KH, D(2023, 4, 1), None),
    ]
    samtaler = [
        ("a", "0101", d, "fysisk", "individuel", None)
        for d in (D(2023, 1, 10), D(2023, 2, 15), D(2023, 4, 1), D(2023, 7, 10), D(2023, 7, 11))
    ] + [("b", "0101", d, "telefon", "individuel", None) for d in (D(2023, 2, 1), D(2023, 3, 1), D(2023, 4, 1))]
    tilbud = [
        ("a", "0101", "virksomhedspraktik", D(2023, 7, 11), D(2023, 8, 11)),  # the day after: too late
        ("e", "0147", "nytteindsats", D(2023, 1, 19), D(2023, 2, 19)),  # on the first day
    ]
    t = tabeller(ydelser=ydelser, samtaler=samtaler, tilbud=tilbud)
    got = _rows(tidlig_indsats(t, D(2023, 7, 1), rules), backend)
    assert set(got) == {"0101", "0147"}
    assert list(got["0101"]) == list(KOLONNER)
    k = got["0101"]
    assert (k["personer"], k["med_samtaler"], k["andel_samtaler"]) == (2, 1, 50.0)
    assert (k["personer_tilbud"], k["med_tilbud"], k["andel_tilbud"]) == (1, 0, 0.0)
    e = got["0147"]
    assert (e["personer"], e["med_samtaler"], e["personer_tilbud"], e["med_tilbud"]) == (1, 0, 1, 1)
    assert e["andel_tilbud"] == 100.0
    # too few persons to count: never flagged
    assert not k["markeret_samtaler"] and k["maaneder_under_samtaler"] == 0


def _maaned_personer(kode, d26s, samtaler_for=()):
    """One kontanthjælp person per 26-week day in `d26s`; those in `samtaler_for` get 4 samtaler."""
    ydelser, samtaler = [], []
    for i, d26 in enumerate(d26s):
        p, start = f"{kode}-{i}", d26 - timedelta(days=181)
        ydelser.append((p, kode, *KH, start, None))
        if i in samtaler_for:
            samtaler += [(p, kode, start + timedelta(days=7 * w), "fysisk", "individuel", None) for w in range(4)]
    return ydelser, samtaler


def _six_months(tabeller):
    months = [D(2023, m, 15) for m in range(2, 8)]  # February .. July
    # 0101: 10 persons a month, 7 with 4 samtaler (70 %) -> six months below: flagged
    y1, s1 = _maaned_personer("0101", [d for d in months for _ in range(10)], {i for i in range(60) if i % 10 < 7})
    # 0147: the same, but only 9 persons in March -> that month does not count
    d26 = [d for d in months for _ in range(9 if d.month == 3 else 10)]
    y2, s2 = _maaned_personer("0147", d26, set(range(0, 59, 3)))
    # 0151: 10 a month, 8 of 10 with samtaler (80 %) -> not below
    y3, s3 = _maaned_personer("0151", [d for d in months for _ in range(10)], {i for i in range(60) if i % 10 < 8})
    return tabeller(ydelser=y1 + y2 + y3, samtaler=s1 + s2 + s3)


def test_flagged_after_six_months_below_80_pct_with_ten_persons(backend, tabeller, rules):
    got = _rows(tidlig_indsats(_six_months(tabeller), D(2023, 7, 1), rules), backend)
    assert got["0101"]["andel_samtaler"] == 70.0
    assert (got["0101"]["maaneder_under_samtaler"], got["0101"]["markeret_samtaler"]) == (6, True)
    assert (got["0147"]["maaneder_under_samtaler"], got["0147"]["markeret_samtaler"]) == (5, False)
    assert (got["0151"]["maaneder_under_samtaler"], got["0151"]["markeret_samtaler"]) == (0, False)
    # nobody started a tilbud: 0 % in all six months
    assert got["0101"]["markeret_tilbud"] and got["0151"]["markeret_tilbud"]


def test_a_month_later_the_first_month_leaves_the_window(tabeller, rules):
    import ibis

    later = _rows(tidlig_indsats(_six_months(tabeller), D(2023, 8, 1), rules), ibis.duckdb.connect())
    # August has nobody reaching 26 weeks, so only five months below remain in August's window
    assert later["0101"]["personer"] == 0 and later["0101"]["maaneder_under_samtaler"] == 5
    assert not later["0101"]["markeret_samtaler"]


def test_the_description_says_the_rules_in_force(tmp_path):
    kopi = tmp_path / "parameters"
    shutil.copytree(PARAMETERS, kopi)
    path = kopi / "tidlig_indsats.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 80,", "value: 75,"), encoding="utf-8")
    tekst = beskrivelse(Rulebook.load(kopi), date(2023, 7, 1))
    assert "mindst 4 samtaler (målgruppe 1-10) og andelen med et tilbud (målgruppe 1-5)" in tekst
    assert "de første 26 uger" in tekst and "under 75 % 6 måneder i træk" in tekst


def test_from_2026_07_01_the_measure_follows_the_quotas_groups_and_75_pct(backend, tabeller, rules):
    """26 weeks reached on 2026-09-30 (start 2026-04-02): a, dagpenge, 4 samtaler and a tilbud; b,
    aktivitetsparat kontanthjælp (3), nothing — under the quotas (samtaler: målgruppe 1, 2, 9;
    tilbud: 1, 2, 4) b is in neither share; c, uddannelsesparat kontanthjælp (4), a tilbud only: in the
    tilbud share, not the samtale share. In June 2026 (the old measure) b and c count in both shares.
    The description says 75 % and the groups."""
    def ydelser(start):
        return [("a", "0101", "dagpenge", None, start, None),
                ("b", "0101", "kontanthjaelp", "aktivitetsparat", start, None),
                ("c", "0101", "kontanthjaelp", "uddannelsesparat", start, None)]

    def haendelser(start):
        samtaler = [("a", "0101", start + timedelta(days=7 * w), "fysisk", "individuel", None) for w in range(4)]
        tilbud = [(p, "0101", "virksomhedspraktik", start + timedelta(days=30), start + timedelta(days=60)) for p in "ac"]
        return samtaler, tilbud

    for start, maaned, forventet in (
        (D(2026, 4, 2), D(2026, 9, 1), (1, 1, 2, 2)),  # personer, med_samtaler, personer_tilbud, med_tilbud
        (D(2025, 12, 31), D(2026, 6, 1), (3, 1, 3, 2)),
    ):
        samtaler, tilbud = haendelser(start)
        t = tabeller(ydelser=ydelser(start), samtaler=samtaler, tilbud=tilbud)
        k = _rows(tidlig_indsats(t, maaned, rules), backend)["0101"]
        assert (k["personer"], k["med_samtaler"], k["personer_tilbud"], k["med_tilbud"]) == forventet, maaned
    tekst = beskrivelse(rules, D(2026, 9, 1))
    assert "(målgruppe 1, 2, 9)" in tekst and "(målgruppe 1, 2, 4)" in tekst and "under 75 %" in tekst
    assert "højst 2 gange om året" in tekst
