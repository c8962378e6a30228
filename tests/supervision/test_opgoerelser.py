"""Opgørelser (docs/resultatmaal.md) in the workflow store: stored with source files, who and when, versioned per
year; a file that cannot be used stores nothing; cases opened on one remember it."""

from __future__ import annotations

from datetime import date

import pytest
from publiceret_filer import fokusmaal_csv, y30r21_csv
from sqlalchemy import func, select

from tilsyn.data.publiceret import PubliceretFejl
from tilsyn.resultater.udvalg import Grundlag
from tilsyn.supervision import opgoerelser, sager
from tilsyn.supervision.models import Opgoerelse, Sag


def test_stored_versioned_and_cases_remember_it(session):
    filer = (("y30r21.csv", y30r21_csv(2022)), ("fokus.csv", fokusmaal_csv(2022)))
    a = opgoerelser.gem(session, 2022, *filer, bruger="star")
    b = opgoerelser.gem(session, 2022, *filer, bruger="star2", note="rettet")
    assert (a.version, b.version) == (1, 2) and b.oprettet_af == "star2" and b.oprettet is not None
    assert opgoerelser.opgoerelser(session, 2022)[0].id == b.id
    assert a.resultatmaal_indhold == y30r21_csv(2022)  # the source file itself
    resultat, vaerdier = opgoerelser.opgoerelsens_figurer(b)
    udv = Grundlag(2022, resultat=resultat, vaerdier=vaerdier).udvaelg()
    nye = sager.aabn_sager(session, udv.to_dicts(), 2022, date(2023, 4, 12), "star", opgoerelse_id=b.id)
    assert sorted(s.kommune_kode for s in nye) == ["0727", "0846"]
    assert {s.opgoerelse_id for s in nye} == {b.id}
    assert nye[0].haendelser[0].payload["opgoerelse_id"] == b.id


def test_bad_file_stores_nothing(session):
    with pytest.raises(PubliceretFejl) as e:
        opgoerelser.gem(session, 2022, ("y.csv", y30r21_csv(2021)), ("f.csv", b"kommune;aar\n"), bruger="star")
    tekst = str(e.value)
    assert "y.csv: ingen rækker for 2022QMAT04" in tekst and "f.csv, linje 1: mangler kolonnen 'fokusmaal_samtaler'" in tekst
    assert session.scalar(select(func.count()).select_from(Opgoerelse)) == 0
    assert session.scalar(select(func.count()).select_from(Sag)) == 0
