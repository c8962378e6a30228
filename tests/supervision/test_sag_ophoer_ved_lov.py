"""Ending open cases by law (lov nr. 1750 af 29. december 2025, from 2026-02-01) on SQLite and PostgreSQL: the reason and the
law come from the rulebook and are kept with who and when; a day the scheme exists is refused with
nothing written; no case opens for a year without the scheme; the history stays readable."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.supervision import SagFejl, UlovligHaendelse, aabn_sager, frister, historik, registrer, tilstand
from tilsyn.supervision.models import Haendelse, Sag

AFSKAFFET = date(2026, 2, 1)  # tilsyn.ordning.sager [default]


def _sager(session, aar=2024, dato=date(2025, 4, 20)):
    rows = [{"kommune_kode": "0787", "aar": aar, "konsekvens": "skaerpet_tilsyn"},
            {"kommune_kode": "0840", "aar": aar, "konsekvens": "skaerpet_tilsyn_light"}]
    sager = {s.konsekvens: s for s in aabn_sager(session, rows, aar, dato, actor="star")}
    session.commit()
    return sager


def test_open_cases_end_by_law_with_reason_and_the_history_kept(session):
    sager = _sager(session)
    sag = sager["skaerpet_tilsyn"]
    registrer(session, sag.id, 1, "brev_sendt", date(2025, 4, 25), "star")
    session.commit()
    # the day before the abolition: refused, nothing written
    with pytest.raises(SagFejl, match="findes stadig 2026-01-31"):
        registrer(session, sag.id, 2, "ophoert_ved_lov", date(2026, 1, 31), "star")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Haendelse).where(Haendelse.sag_id == sag.id)) == 2
    # from trin 1 and from the light dialogue alike
    for s, version in ((sag, 2), (sager["skaerpet_tilsyn_light"], 1)):
        h = registrer(session, s.id, version, "ophoert_ved_lov", AFSKAFFET, "star", "ordningen er væk",
                      payload={"begrundelse": "skrevet af brugeren"})
        session.commit()
        assert h.actor == "star" and h.dato == AFSKAFFET and h.created_at is not None
        assert "afskaffet fra 01-02-2026" in h.payload["begrundelse"]  # the rulebook's, not the caller's
        assert "1750 af 29. december 2025" in h.payload["reference"]
        assert tilstand(session, s).tilstand == "ophoert" and session.get(Sag, s.id).tilstand == "ophoert"
    assert [h.type for h in historik(session, sag.id)] == ["udpeget", "brev_sendt", "ophoert_ved_lov"]
    assert frister(session, date(2026, 8, 1)) == []  # no open duties left
    with pytest.raises(UlovligHaendelse, match="sagen er afsluttet"):
        registrer(session, sag.id, 3, "ophoert_ved_lov", date(2026, 8, 1), "star")
    session.rollback()


def test_no_case_opens_for_a_year_without_the_scheme(session):
    """2025 would be selected in the spring of 2026, after the abolition; and no case opens on a day
    without the scheme, whatever its year."""
    with pytest.raises(SagFejl, match="der kan ikke åbnes tilsynssager for 2025: udvælgelsen for 2025 giver ingen konsekvens"):
        _sager(session, 2025, date(2026, 4, 20))
    session.rollback()
    with pytest.raises(SagFejl, match="der kan ikke åbnes tilsynssager 2026-02-01: det statslige skærpede tilsyn er afskaffet"):
        _sager(session, 2024, AFSKAFFET)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Sag)) == 0


def test_cli_afslut(tmp_path, monkeypatch):
    monkeypatch.setenv("TILSYN_DB", str(tmp_path / "sager.db"))
    monkeypatch.setenv("COLUMNS", "200")
    fil = tmp_path / "udv.csv"
    fil.write_text("kommune_kode,aar,konsekvens\n0787,2024,skaerpet_tilsyn\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["sag", "aabn", str(fil), "--dato", "2025-04-20"]).exit_code == 0
    res = runner.invoke(app, ["sag", "afslut", "1", "--dato", "2026-01-31"])
    assert res.exit_code == 2 and "findes stadig" in res.output
    res = runner.invoke(app, ["sag", "afslut", "1", "--dato", "2026-02-01", "--actor", "star"])
    assert res.exit_code == 0 and "ophørt ved lov 2026-02-01" in res.output and "1750 af 29. december 2025" in res.output
    vis = runner.invoke(app, ["sag", "vis", "1"]).output
    assert "ophoert_ved_lov" in vis and "ophørt" in vis and "ingen (sagen er afsluttet)" in vis
    fil.write_text("kommune_kode,aar,konsekvens\n0840,2025,skaerpet_tilsyn\n", encoding="utf-8")
    res = runner.invoke(app, ["sag", "aabn", str(fil)])
    assert res.exit_code == 2 and "der kan ikke åbnes tilsynssager for 2025" in res.output
