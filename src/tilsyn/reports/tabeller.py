"""The note's tables as pandas frames with Danish headers, from the engine's output columns, and
the numbers and dates as Danish text. pandas is imported by the functions that make frames: the
web's letters and pages format with this module and start without it."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn import afgoerelser, kommuner, tid
from tilsyn.ordliste import KONSEKVENS_TEKST, KONSEKVENSER
from tilsyn.rules.rulebook import Rulebook

if TYPE_CHECKING:
    import pandas as pd

MAANEDER = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)
MAALTYPER = {"samtaler": "samtaler", "tilbud": "tilbud"}


def dato_tekst(day: date) -> str:
    """'12. april 2023' — dates as Danish letters write them."""
    return f"{day.day}. {MAANEDER[day.month - 1]} {day.year}"


def maaned_navn(maaned: date) -> str:
    """'januar 2023'."""
    return f"{MAANEDER[maaned.month - 1]} {maaned.year}"


def maaned_kort(maaned: date) -> str:
    """'jan. 2023', for column headers."""
    navn = MAANEDER[maaned.month - 1]
    return f"{navn if len(navn) <= 4 else navn[:3] + '.'} {maaned.year}"


def kommune_navn(kode: str) -> str:
    return kommuner.navn(kommuner.normaliser_kode(kode) or kode)


_DANSK_ORDEN = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def dansk_orden(navn: str) -> str:
    """Sort key in Danish alphabetical order: æ, ø, å after z, and 'aa' as å (Aarhus last)."""
    return navn.lower().replace("aa", "å").translate(_DANSK_ORDEN)


def graense(rules: Rulebook, maal: str, maaned: date) -> float:
    """The limit month M's value of focus target `maal` is judged against: its year's."""
    return afgoerelser.fokusmaal_graense(rules, maal, maaned.year)


def _maaned(series: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(series).dt.date.map(tid.first_day)


def national_serie(fokusmaal: pd.DataFrame, rules: Rulebook) -> pd.DataFrame:
    """The national monthly passive shares (passive / population over all municipalities, in %)
    with each month's limits: STAR's notat of 12 April 2023, Figure 1."""
    import pandas as pd

    df = fokusmaal.assign(maaned=_maaned(fokusmaal["maaned"]))
    per_maaned = df.groupby("maaned", as_index=False)[
        ["population", "passive_samtaler", "passive_tilbud"]
    ].sum()
    per_maaned = per_maaned[per_maaned["population"] > 0].sort_values("maaned")
    out = pd.DataFrame({"maaned": per_maaned["maaned"], "population": per_maaned["population"]})
    for maal in MAALTYPER:
        out[f"andel_{maal}"] = (100 * per_maaned[f"passive_{maal}"] / per_maaned["population"]).round(2)
        out[f"graense_{maal}"] = [graense(rules, maal, m) for m in out["maaned"]]
    return out.reset_index(drop=True)


def seneste_maaned(fokusmaal: pd.DataFrame, aar: int) -> date:
    """The latest month of year `aar` with a population somewhere."""
    maaneder = [m for m, n in zip(_maaned(fokusmaal["maaned"]), fokusmaal["population"]) if m.year == aar and n > 0]
    if not maaneder:
        raise ValueError(f"ingen fokusmål for {aar}")
    return max(maaneder)


def tabel1(fokusmaal: pd.DataFrame, resultatmaal: pd.DataFrame, maaned: date, rules: Rulebook) -> pd.DataFrame:
    """Municipalities whose rolling offer value in `maaned` is not below the limit, with the
    resultatmål's expected and actual numbers: STAR's notat of 12 April 2023, Table 1, worst first."""
    import pandas as pd

    df = fokusmaal.assign(maaned=_maaned(fokusmaal["maaned"]))
    df = df[df["maaned"] == maaned]
    rows = df.loc[afgoerelser.fokusmaal_overskredne(df["gns12_tilbud"], "tilbud", maaned.year, rules)]
    merged = rows.merge(resultatmaal, on="kommune_kode", how="left")
    merged = merged.sort_values("gns12_tilbud", ascending=False)
    return pd.DataFrame(
        {
            "Kommune": merged["kommune_kode"].map(kommune_navn),
            "Forventet antal": merged["forventet_antal"].round(0),
            "Faktisk antal": merged["faktisk_antal"].round(0),
            "Forskel mellem faktisk og forventet andel (pct.-point)": merged["forskel_pct_point"].round(2),
            "Gns. passiv andel uden tilbud de seneste 12 mdr. (pct.)": merged["gns12_tilbud"].round(1),
        }
    ).reset_index(drop=True)


def tabel_a1(fokusmaal: pd.DataFrame, udvaelgelse: pd.DataFrame, maaned: date) -> pd.DataFrame:
    """Every municipality's rolling samtale and tilbud values for the three months up to `maaned`,
    and whether it meets the resultatmål: the appendix table A1 of STAR's notat of 12 April 2023."""
    import pandas as pd

    tre = [tid.add_months(maaned, -2), tid.add_months(maaned, -1), maaned]
    df = fokusmaal.assign(maaned=_maaned(fokusmaal["maaned"]))
    df = df[df["maaned"].isin(tre)]
    koder = sorted(kommuner.kommuner(), key=lambda k: dansk_orden(kommune_navn(k)))
    out = pd.DataFrame({"Kommune": [kommune_navn(k) for k in koder]})
    for maal in MAALTYPER:
        wide = df.pivot_table(index="kommune_kode", columns="maaned", values=f"gns12_{maal}", aggfunc="first")
        for m in tre:
            column = wide[m] if m in wide.columns else pd.Series(dtype=float)
            out[f"{maal.capitalize()} {maaned_kort(m)}"] = [column.get(k) for k in koder]
    fails = dict(zip(udvaelgelse["kommune_kode"], udvaelgelse["fails_resultat"]))
    out["Opfylder resultatmålet"] = ["Nej" if fails.get(k) else ("Ja" if k in fails else "") for k in koder]
    return out


def _felt(kontakt: Any, navn: str) -> Any:
    return kontakt.get(navn) if isinstance(kontakt, Mapping) else getattr(kontakt, navn, None)


def _ja_nej(value: Any) -> str:
    return "" if value is None else ("Ja" if value else "Nej")


def kontakt_tabel(kontakter: Iterable[Any]) -> pd.DataFrame:
    """The AMK contacts (mappings or `supervision.amk` rows with kommune_kode, dato or periode,
    oensker_bistand, afdaekning, indsats), in the given time order: STAR's notat of 12 April 2023, Table 2, by name."""
    import pandas as pd

    rows = []
    for k in kontakter:
        dato = _felt(k, "dato")
        rows.append(
            {
                "Kommune": kommune_navn(str(_felt(k, "kommune_kode"))),
                "Indledende møde/kontakt": dato.strftime("%d-%m-%Y") if isinstance(dato, date) else (_felt(k, "periode") or ""),
                "Ønsker kommunen bistand": _ja_nej(_felt(k, "oensker_bistand")),
                "Foretaget afdækning": _ja_nej(_felt(k, "afdaekning")),
                "Indsats i kommunen": _felt(k, "indsats") or "",
                "_navn": dansk_orden(kommune_navn(str(_felt(k, "kommune_kode")))),
            }
        )
    columns = ["Kommune", "Indledende møde/kontakt", "Ønsker kommunen bistand", "Foretaget afdækning", "Indsats i kommunen"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(rows).sort_values("_navn", kind="stable")[columns].reset_index(drop=True)


def udvalgte(udvaelgelse: pd.DataFrame) -> pd.DataFrame:
    """The municipalities with a consequence other than `ingen`, for the note's text and BEU."""
    import pandas as pd

    df = udvaelgelse[udvaelgelse["konsekvens"] != "ingen"].copy()
    df = df.assign(navn=df["kommune_kode"].map(kommune_navn))
    df = df.assign(_alvor=df["konsekvens"].map(KONSEKVENSER.index), _orden=df["navn"].map(dansk_orden))
    df = df.sort_values(["_alvor", "_orden"])
    return pd.DataFrame(
        {
            "Kommune": df["navn"],
            "Konsekvens": df["konsekvens"].map(KONSEKVENS_TEKST),
            "Resultatmål (forskel, pct.-point)": df["forskel_pct_point"].round(2),
            "Fokusmål samtaler (pct.)": df["vaerdi_samtaler"].round(1),
            "Fokusmål tilbud (pct.)": df["vaerdi_tilbud"].round(1),
        }
    ).reset_index(drop=True)


def decimaler(kolonne: str) -> int:
    """Decimals shown for a column: counts whole, percentage-point differences 2, shares 1."""
    navn = kolonne.lower()
    if "antal" in navn or "population" in navn or "placering" in navn:
        return 0
    return 2 if "pct.-point" in navn else 1


def tal(value: Any, kolonne: str | int = "") -> str:
    """A number in Danish notation (1.650; 33,3; -0,27) with the decimals of column `kolonne`
    (or that many decimals); empty for missing (pandas' NA named, so formatting loads no pandas); text unchanged."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType":
        return ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    antal = 0 if isinstance(value, numbers.Integral) else kolonne if isinstance(kolonne, int) else decimaler(kolonne)
    text = f"{value:,.{antal}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def udvikling(t: pd.DataFrame) -> pd.DataFrame:
    """The results layer's development table with Danish headers (country, regions, municipalities)."""
    import pandas as pd

    return pd.DataFrame({
        "Område": t["navn"],
        "Fuldtidspersoner": t["fuldtidspersoner"],
        "Måneden før": t["forrige_maaned"],
        "Ændring fra måneden før (pct.)": t["pct_maaned"],
        "Samme måned året før": t["aaret_foer"],
        "Ændring fra året før (pct.)": t["pct_aar"],
    })


def kvoter(t: pd.DataFrame, tekster: dict[str, str]) -> pd.DataFrame:
    """The results layer's kvoteopfyldelse (whole country) as one row per quota: the country's
    figures of the month and the rolling 12 months, and how many municipalities are under the
    quota over the 12 months (of those with persons)."""
    import pandas as pd

    from tilsyn.ordliste import HOLDES_AF_TEKST

    land = t[t["niveau"] == "land"]
    kommuner = t[t["niveau"] == "kommune"]
    under = kommuner[kommuner["opfyldt_12"] == False].groupby("krav_id").size()  # noqa: E712 (NULL: no persons)
    return pd.DataFrame({
        "Kvote": [tekster.get(k, k) for k in land["krav_id"]],
        "Holdes af": [HOLDES_AF_TEKST[h] for h in land["holdes_af"]],
        "Kvote (pct.)": land["kvote_pct"].to_numpy(),
        "Vinduet sluttede i måneden": land["personer"].to_numpy(),
        "Andel der nåede kravet (pct.)": land["andel_pct"].to_numpy(),
        "Vinduet sluttede, 12 mdr.": land["personer_12"].to_numpy(),
        "Andel, 12 mdr. (pct.)": land["andel_12_pct"].to_numpy(),
        "Kommuner under kvoten, 12 mdr.": [int(under.get(k, 0)) for k in land["krav_id"]],
    })
