"""Charts for the note and the BEU report: Altair specs, rendered to PNG/SVG by vl-convert (both
imported when a chart is made: a server starting, or a command without charts, does not wait for them)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.filer import privat

if TYPE_CHECKING:  # pandas too is imported when a chart is made
    import altair as alt
    import pandas as pd

# One colour for one meaning in every chart: the two fokusmål (each limit dashed in its target's
# colour), and in the resultatmål charts whether a municipality is above what is expected - colours
# that no fokusmål chart uses.
FARVER = {"Samtaler": "#14143c", "Tilbud": "#c8102e"}  # the ministry's dark blue and a red
VURDERING = {"Over": "#e07b00", "Ikke over": "#7a7a7a"}  # orange: worse than expected; grey: not


def _vurdering(navne: tuple[str, str]) -> alt.Color:
    """The colour of 'above' / 'not above', with a legend that names them."""
    import altair as alt

    return alt.Color("Vurdering:N", scale=alt.Scale(domain=list(navne), range=list(VURDERING.values())),
                     legend=alt.Legend(orient="bottom", title=None, direction="vertical", labelLimit=0))


def figur_national(serie: pd.DataFrame) -> alt.LayerChart:
    """Figure 1 of STAR's follow-up on the 2022 fokusmål: the national passive shares by month, each with its limit dashed."""
    import altair as alt
    import pandas as pd

    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "maaned": pd.to_datetime(serie["maaned"]),
                    "Fokusmål": navn,
                    "andel": serie[f"andel_{maal}"],
                    "graense": serie[f"graense_{maal}"],
                }
            )
            for maal, navn in (("samtaler", "Samtaler"), ("tilbud", "Tilbud"))
        ]
    )
    farve = alt.Color("Fokusmål:N", scale=alt.Scale(domain=list(FARVER), range=list(FARVER.values())),
                      legend=alt.Legend(orient="bottom", title=None))
    x = alt.X("maaned:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-45))
    linjer = alt.Chart(long).mark_line(strokeWidth=2.5).encode(
        x=x, y=alt.Y("andel:Q", title="Pct.", scale=alt.Scale(zero=True)), color=farve
    )
    graenser = alt.Chart(long).mark_line(strokeDash=[6, 4], strokeWidth=1.5, interpolate="step-after").encode(
        x=x, y="graense:Q", color=farve
    )
    return (linjer + graenser).properties(width=560, height=280, title=alt.Title(
        "Stiplet: grænseværdien for fokusmålet i samme farve", fontSize=11, fontWeight="normal", anchor="start"))


def figur_resultat(resultatmaal: pd.DataFrame, navne: dict[str, str]) -> alt.LayerChart:
    """Actual vs expected share per municipality with the 95 % interval and the diagonal: who is
    above the line does worse than its framework conditions predict."""
    import altair as alt
    import pandas as pd

    over = ("Faktisk over forventet", "Faktisk som eller under forventet")
    df = resultatmaal.assign(Kommune=resultatmaal["kommune_kode"].map(navne),
                             Vurdering=[over[0] if f > 0 else over[1] for f in resultatmaal["forskel_pct_point"]])
    lo = float(min(df["forventet_andel"].min(), df["faktisk_andel"].min()))
    hi = float(max(df["forventet_andel"].max(), df["faktisk_andel"].max()))
    skala = alt.Scale(domain=[lo - 0.5, hi + 0.5], zero=False)
    x = alt.X("forventet_andel:Q", title="Forventet andel (pct.)", scale=skala)
    diagonal = alt.Chart(pd.DataFrame({"a": [lo - 0.5, hi + 0.5]})).mark_line(
        color="#888", strokeDash=[4, 4]
    ).encode(x=alt.X("a:Q", scale=skala), y=alt.Y("a:Q", scale=skala))
    interval = alt.Chart(df).mark_rule(color="#bbb", clip=True).encode(  # wide intervals stop at the axes
        x=x, y=alt.Y("nedre:Q", scale=skala), y2="oevre:Q"
    )
    punkter = alt.Chart(df).mark_circle(size=40, opacity=0.85).encode(
        x=x,
        y=alt.Y("faktisk_andel:Q", title="Faktisk andel (pct.)", scale=skala),
        color=_vurdering(over),
        tooltip=["Kommune", "faktisk_andel", "forventet_andel", "forskel_pct_point"],
    )
    return (diagonal + interval + punkter).properties(width=420, height=420)


def figur_tragt(resultatmaal: pd.DataFrame, navne: dict[str, str]) -> alt.LayerChart:
    """Funnel plot: actual minus expected share against the municipality's size, with each one's
    interval around its expected share. Small municipalities have wide intervals, so the bars
    narrow into a funnel as the population grows; a point above its bar (orange) is worse than the
    model's uncertainty explains. Whether it fails the resultatmål is the year's rule (above 0)."""
    import altair as alt
    import pandas as pd

    over = ("Over sit interval", "Inden for eller under sit interval")
    df = resultatmaal.assign(
        Kommune=resultatmaal["kommune_kode"].map(navne),
        fra=resultatmaal["nedre"] - resultatmaal["forventet_andel"],
        til=resultatmaal["oevre"] - resultatmaal["forventet_andel"],
    )
    df["Vurdering"] = [over[0] if f > t else over[1] for f, t in zip(df["forskel_pct_point"], df["til"])]
    x = alt.X("population_16_66:Q", title="Befolkning 16-66 år (logaritmisk)", scale=alt.Scale(type="log"))
    nul = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#888", strokeDash=[4, 4]).encode(y="y:Q")
    interval = alt.Chart(df).mark_rule(color="#bbb", strokeWidth=3).encode(x=x, y="fra:Q", y2="til:Q")
    punkter = alt.Chart(df).mark_circle(size=40, opacity=0.85).encode(
        x=x,
        y=alt.Y("forskel_pct_point:Q", title="Faktisk minus forventet andel (pct.-point)"),
        color=_vurdering(over),
        tooltip=["Kommune", "population_16_66", "forskel_pct_point"],
    )
    return (nul + interval + punkter).properties(width=520, height=360)


LOCALE = {"format_locale": "da-DK", "time_format_locale": "da-DK"}


def _spec(chart: alt.TopLevelMixin) -> dict:
    return chart.configure(font="DejaVu Sans").configure_view(strokeWidth=0).to_dict()


def svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG text with Danish number and month formats (the web inlines it)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_spec(chart), **LOCALE)


def gem(chart: alt.TopLevelMixin, path: Path, scale: float = 2.0) -> Path:
    """Write the chart as PNG or SVG (by suffix) with Danish number and month formats."""
    import vl_convert

    privat(path)
    if path.suffix == ".svg":
        path.write_text(svg(chart), encoding="utf-8")
    else:
        path.write_bytes(vl_convert.vegalite_to_png(_spec(chart), scale=scale, **LOCALE))
    return path
