"""Corrections of a case's events (issue 11): a correction is an event of its own; the corrected
event is kept as recorded, the case replays on the corrected date, and a correction that breaks
the history is refused with nothing stored."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.supervision import sager
from tilsyn.supervision.maskine import SagFejl, med_rettelser
from tilsyn.supervision.models import Haendelse, Sag


def _sag(session):
    sag = sager.aabn_sager(session, [{"kommune_kode": "0147", "aar": 2023, "konsekvens": "skaerpet_tilsyn"}],
                           2023, date(2024, 4, 2))[0]
    brev = sager.registrer(session, sag.id, sag.version, "brev_sendt", date(2024, 4, 10), "star")
    return sag, brev


def test_correcting_the_letters_date_moves_the_deadline_and_keeps_the_original(session):
    sag, brev = _sag(session)
    frist_foer = sager.sagens_frister(session, sag)[0].frist
    r = sager.ret(session, sag.id, sag.version, brev.id, date(2024, 4, 17), "star", "Brevet blev sendt en uge senere",
                  dag=date(2024, 5, 1))
    assert (r.type, r.payload) == ("rettelse", {"retter": brev.id, "dato": "2024-04-17", "fra": "2024-04-10"})
    assert session.get(Haendelse, brev.id).dato == date(2024, 4, 10)  # nothing overwritten
    assert (sager.sagens_frister(session, sag)[0].frist - frist_foer).days == 7
    rettede = {h.haendelse.id: h for h in med_rettelser(sager.historik(session, sag.id))}
    assert rettede[brev.id].dato == date(2024, 4, 17) and rettede[brev.id].rettelser[0].id == r.id
    assert session.get(Sag, sag.id).version == 3


def test_a_correction_that_breaks_the_history_is_refused(session):
    sag, brev = _sag(session)
    with pytest.raises(SagFejl, match="forløb holder ikke"):
        sager.ret(session, sag.id, sag.version, brev.id, date(2024, 3, 1), "star", "for tidligt")  # before udpeget
    with pytest.raises(SagFejl, match="hvorfor"):
        sager.ret(session, sag.id, sag.version, brev.id, date(2024, 4, 12), "star", "  ")
    with pytest.raises(SagFejl, match="ingen hændelse nr. 999"):
        sager.ret(session, sag.id, sag.version, 999, date(2024, 4, 12), "star", "x")
    with pytest.raises(sager.Konflikt):
        sager.ret(session, sag.id, sag.version - 1, brev.id, date(2024, 4, 12), "star", "x")
    assert [h.type for h in sager.historik(session, sag.id)] == ["udpeget", "brev_sendt"]
