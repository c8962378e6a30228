"""The baseline for the fokusmål benchmark: docs/measures.md written the obvious way in pandas, one month at a
time (filter the periods covering last(M), the samtaler/tilbud/hours in the window, count), with
forløb found by a Python loop over each person's sorted periods.

It is also a second reading of the definition: tests/engine/test_naive_agrees.py checks that it gives
the engine's numbers on a generated data set.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from tilsyn import tid
from tilsyn.rules.rulebook import Rulebook


def forloeb_start(ydelser: pd.DataFrame, rules: Rulebook) -> pd.Series:
    """The forløb start of every ydelse row (index aligned with `ydelser`)."""
    starts = {}
    prev_person, prev_end, current = None, None, None
    for row in ydelser.sort_values(["person_id", "start"]).itertuples():
        end = row.slut if pd.notna(row.slut) else date.max
        if row.person_id != prev_person:
            current, prev_end = row.start, end
        else:
            tomme = rules.vaerdi("forloeb.tomme_maaneder_afslutter", dag=row.start)
            if prev_end != date.max and row.start >= tid.add_months(tid.first_day(prev_end), 1 + tomme):
                current = row.start
            prev_end = max(prev_end, end)
        prev_person = row.person_id
        starts[row.Index] = current
    return pd.Series(starts)


def forbered(frames: dict[str, pd.DataFrame], rules: Rulebook) -> dict[str, pd.DataFrame]:
    """Copies of the frames with `forloeb_start` on the ydelser and dates as datetime64."""
    frames = {n: f.copy() for n, f in frames.items()}
    y = frames["ydelser"]
    y["forloeb_start"] = forloeb_start(y, rules)
    for f in frames.values():  # dates as datetime64, the pandas way, for vectorised comparisons
        for c in ("start", "slut", "dato", "maaned", "forloeb_start"):
            if c in f:
                f[c] = pd.to_datetime(f[c])
    return frames


def maaned(frames: dict[str, pd.DataFrame], m: date, rules: Rulebook) -> pd.DataFrame:
    """Population and passive counts per municipality for month `m` (first day)."""
    ydelser, samtaler, tilbud, besk = (frames[n] for n in ("ydelser", "samtaler", "tilbud", "beskaeftigelse"))
    vindue_start, sidste = tid.window(m, rules.vaerdi("fokusmaal.vindue_maaneder", maaned=m))
    anciennitet = rules.vaerdi("fokusmaal.anciennitet_maaneder", maaned=m)
    min_samtaler = rules.vaerdi("fokusmaal.samtaler.min_antal", maaned=m)
    min_timer = rules.vaerdi("fokusmaal.tilbud.min_timer", maaned=m)
    senest = pd.Timestamp(tid.add_months(m, 1 - anciennitet))
    m, vindue_start, sidste = pd.Timestamp(m), pd.Timestamp(vindue_start), pd.Timestamp(sidste)
    daekker = ydelser[(ydelser.start <= sidste) & (ydelser.slut.isna() | (ydelser.slut >= sidste))]
    pop = daekker[daekker.forloeb_start <= senest][["person_id", "kommune_kode"]]

    i_vindue = samtaler[(samtaler.dato >= vindue_start) & (samtaler.dato <= sidste)]
    antal = i_vindue.groupby("person_id").size()
    med_tilbud = set(tilbud[(tilbud.start <= sidste) & (tilbud.slut.isna() | (tilbud.slut >= vindue_start))].person_id)
    timer = besk[(besk.maaned >= vindue_start) & (besk.maaned <= m)].groupby("person_id").timer.sum()

    pop = pop.assign(
        samtaler=pop.person_id.map(antal).fillna(0),
        timer=pop.person_id.map(timer).fillna(0.0),
        tilbud=pop.person_id.isin(med_tilbud),
    )
    pop["samtale_passiv"] = pop.samtaler < min_samtaler
    pop["tilbud_passiv"] = ~pop.tilbud & (pop.timer < min_timer)
    out = pop.groupby("kommune_kode").agg(
        population=("person_id", "size"),
        passive_samtaler=("samtale_passiv", "sum"),
        passive_tilbud=("tilbud_passiv", "sum"),
    )
    out["andel_samtaler"] = out.passive_samtaler * 100.0 / out.population
    out["andel_tilbud"] = out.passive_tilbud * 100.0 / out.population
    return out.reset_index().assign(maaned=m.date())


def naive_fokusmaal(
    frames: dict[str, pd.DataFrame], first: date, last: date, rules: Rulebook, months: list[date] | None = None
) -> pd.DataFrame:
    """Monthly figures and the rolling means over each month's window for first..last; `months`
    limits the loop to some of the months (for timing a sample; the rolling mean is then over those only)."""
    frames = forbered(frames, rules)

    def vindue_start(m: date) -> date:
        return tid.window(m, rules.vaerdi("fokusmaal.vindue_maaneder", maaned=m))[0]

    alle = months or tid.months(vindue_start(first), last)
    monthly = pd.concat([maaned(frames, m, rules) for m in alle], ignore_index=True)
    monthly = monthly.sort_values(["kommune_kode", "maaned"])
    rolling = []
    for m in alle:
        if m < first:
            continue
        w = monthly[(monthly.maaned >= vindue_start(m)) & (monthly.maaned <= m)]
        g = w.groupby("kommune_kode")[["andel_samtaler", "andel_tilbud"]].mean()
        rolling.append(g.rename(columns=lambda c: c.replace("andel", "gns12")).reset_index().assign(maaned=m))
    rolling = pd.concat(rolling, ignore_index=True)
    return monthly[monthly.maaned >= first].merge(rolling, on=["kommune_kode", "maaned"])
