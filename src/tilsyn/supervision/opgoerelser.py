"""STAR's opgørelser: the published figures of a selection year, stored as uploaded
with who and when, a new version per upload. The files are read and checked before anything is
stored; the selection on an opgørelse is made by the same `vaelg` as on Tilsyn's own figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tilsyn.data import publiceret
from tilsyn.supervision.models import Opgoerelse

if TYPE_CHECKING:
    import pandas as pd


def gem(session: Session, aar: int, resultatmaal: tuple[str, bytes], fokusmaal: tuple[str, bytes],
        bruger: str, note: str = "") -> Opgoerelse:
    """Store an opgørelse of `aar` as the year's next version; `publiceret.PubliceretFejl`
    (every problem, with file and line) and nothing stored when a file cannot be used."""
    figurer(aar, resultatmaal, fokusmaal)
    version = (session.scalar(select(func.max(Opgoerelse.version)).where(Opgoerelse.aar == aar)) or 0) + 1
    o = Opgoerelse(aar=aar, version=version, resultatmaal_filnavn=resultatmaal[0], resultatmaal_indhold=resultatmaal[1],
                   fokusmaal_filnavn=fokusmaal[0], fokusmaal_indhold=fokusmaal[1], note=note.strip(), oprettet_af=bruger)
    session.add(o)
    session.flush()
    return o


def figurer(aar: int, resultatmaal: tuple[str, bytes], fokusmaal: tuple[str, bytes]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(resultatmål, fokusmål year values) of the files; every problem of both files at once."""
    fejl = []
    ud = []
    for hvad, (navn, data) in (("resultatmaal", resultatmaal), ("fokusmaal", fokusmaal)):
        try:
            ud.append((publiceret.resultatmaal if hvad == "resultatmaal" else publiceret.fokusmaal)(navn, data, aar))
        except publiceret.PubliceretFejl as e:
            fejl += e.fejl
    if fejl:
        raise publiceret.PubliceretFejl(fejl)
    return ud[0], ud[1]


def opgoerelsens_figurer(o: Opgoerelse) -> tuple[pd.DataFrame, pd.DataFrame]:
    return figurer(o.aar, (o.resultatmaal_filnavn, o.resultatmaal_indhold), (o.fokusmaal_filnavn, o.fokusmaal_indhold))


def opgoerelser(session: Session, aar: int | None = None) -> list[Opgoerelse]:
    """Newest first (of one year, if given)."""
    q = select(Opgoerelse).order_by(Opgoerelse.aar.desc(), Opgoerelse.version.desc())
    if aar is not None:
        q = q.where(Opgoerelse.aar == aar)
    return list(session.scalars(q))
