"""STAR's published figures for tests (docs/resultatmaal.md): Table 1 of STAR's follow-up on the 2022 fokusmål as a Jobindsats y30r21 export
and fokusmål year values, every other municipality invented within the targets."""

from __future__ import annotations

import json

from tilsyn.kommuner import kommuner

# STAR's follow-up on the 2022 fokusmål, Tabel 1: forventet antal, faktisk antal, forskel (pct. point), tilbud (gns. passiv andel)
TABEL_1 = {
    "Nyborg": (1710, 1650, -0.27, 33.3),
    "Furesø": (1450, 1340, -0.44, 29.9),
    "Gentofte": (2280, 2200, -0.17, 27.7),
    "Vesthimmerlands": (1950, 1880, -0.32, 27.2),
    "Fredensborg": (1650, 1510, -0.58, 26.3),
    "Jammerbugt": (1990, 1950, -0.17, 26.0),
    "Mariagerfjord": (2250, 2270, 0.08, 25.9),
    "Vejle": (5660, 5630, -0.04, 22.0),
    "Odder": (1010, 1030, 0.16, 21.4),
    "Bornholm": (1770, 1770, -0.04, 20.2),
}
# STAR's follow-up on the 2022 fokusmål: under the adjusted follow-up for tilbud on their 2021 effort
OTTE_2021 = ("Haderslev", "Høje-Taastrup", "Ikast-Brande", "København", "Lejre", "Morsø", "Samsø", "Aarhus")

OMR = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse"
AND = "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse"
LABELS = ["Area", "Periode", "Ydelsesgrupper", f"{OMR}: Forventet antal", f"{OMR}: Faktisk antal",
          f"{OMR}: Forskel mellem forventet og faktisk antal", f"{AND}: Forventet andel (pct.)",
          f"{AND}: Faktisk andel (pct.)", f"{AND}: Forskel mellem forventet og faktisk andel (pct. point)",
          "Placering på benchmarkranglisten"]


def aar_tal(aar: int) -> dict[str, tuple[float, float, float, float, float]]:
    """name -> (forventet, faktisk, forskel pp, samtaler %, tilbud %) of every municipality."""
    out = {}
    for i, k in enumerate(kommuner().values()):
        out[k.navn] = (1000.0 + i, 990.0 + i, -0.1 - (i % 7) / 100, 12.0, 10.0 + (i % 5))
    if aar == 2022:
        navne = {"Vesthimmerlands": "Vesthimmerlands"}
        for navn, (fv, fk, d, t) in TABEL_1.items():
            out[navne.get(navn, navn)] = (fv, fk, d, 12.0, t)
    if aar == 2021:
        for j, navn in enumerate(OTTE_2021):
            out[navn] = (2000.0, 2010.0 + j, 0.05 + j / 100, 15.0, 31.0 + j)
    return out


def _rows(aar: int, extra: bool = True, som: int | None = None) -> list[list]:
    rows = []
    tal = aar_tal(som or aar)
    for rang, (navn, (fv, fk, d, _, _)) in enumerate(sorted(tal.items(), key=lambda x: x[1][2]), start=1):
        rows.append([navn, f"{aar}QMAT04", "Ydelsesgrupper i alt", fv, fk, fk - fv, 9.0, 9.0 + d, d, rang])
    if extra:  # what a real export also holds and the reader must ignore
        rows.append(["Hele landet", f"{aar}QMAT04", "Ydelsesgrupper i alt", 1, 1, 0, 9, 9, 0, None])
        rows.append(["Region Midtjylland", f"{aar}QMAT04", "Ydelsesgrupper i alt", 1, 1, 0, 9, 9, 0, None])
        rows.append(["Odder", f"{aar}QMAT04", "A-dagpenge mv.", 1, 1, 0, 9, 9, 5.0, 1])
        rows.append(["Odder", f"{aar}QMAT03", "Ydelsesgrupper i alt", 1, 1, 0, 9, 9, 5.0, 1])
        rows.append(["Odder", f"{aar - 1}QMAT04", "Ydelsesgrupper i alt", 1, 1, 0, 9, 9, 5.0, 1])
    return rows


def _dk(v) -> str:
    return "" if v is None else str(v).replace(".", ",")


def y30r21_csv(aar: int, rows: list[list] | None = None, labels: list[str] | None = None, som: int | None = None) -> bytes:
    """The site's CSV: `;`, decimal comma, the labels as header; `som`: another year's figures."""
    rows = _rows(aar, som=som) if rows is None else rows
    linjer = [";".join(labels or LABELS)] + [";".join(_dk(v) for v in r) for r in rows]
    return ("\n".join(linjer) + "\n").encode("utf-8")


def y30r21_json(aar: int) -> bytes:
    """The API's answer: numbers as JSON numbers, some as strings with decimal comma."""
    rows = [[*r[:8], _dk(r[8]), r[9]] for r in _rows(aar)]
    return json.dumps([{"Variables": [{"Name": f"v{i}", "Label": label} for i, label in enumerate(LABELS)],
                        "Data": rows}], ensure_ascii=False).encode("utf-8")


def fokusmaal_csv(aar: int, som: int | None = None) -> bytes:
    linjer = ["kommune;aar;fokusmaal_samtaler;fokusmaal_tilbud"]
    linjer += [f"{navn};{aar};{_dk(s)};{_dk(t)}" for navn, (_, _, _, s, t) in aar_tal(som or aar).items()]
    linjer.append(f"Odder;{aar - 1};50;50")  # another year: ignored
    return ("\n".join(linjer) + "\n").encode("utf-8")
