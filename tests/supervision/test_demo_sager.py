"""The demo's case story (`python -m tilsyn.data.demo_sager`, `make demo`): the cases of the 2024
selection, opened in April 2025, move through their events in 2025 with the municipality's own
fokusmål values and end by law on 2026-02-01; a light case ends with its action plan."""

from __future__ import annotations

from datetime import date

import typer
from sqlalchemy import select
from typer.testing import CliRunner

from tilsyn.data.demo_sager import main
from tilsyn.supervision import aabn_sager, historik
from tilsyn.supervision.db import sessions
from tilsyn.supervision.models import Sag

UDV = ("kommune_kode,aar,fails_resultat,fails_samtaler,fails_tilbud,konsekvens,vaerdi_samtaler,vaerdi_tilbud\n"
       "0101,2024,true,false,true,skaerpet_tilsyn,5.0,25.0\n"
       "0147,2024,true,true,false,skaerpet_tilsyn_light,22.0,10.0\n")


def test_the_2024_cases_move_through_2025_and_end_by_law(tmp_path):
    url = f"sqlite:///{tmp_path / 'sager.db'}"
    (tmp_path / "udv.csv").write_text(UDV, encoding="utf-8")
    # København's tilbud value: 25 in June, no progress in July-September (task force), then better
    fokus = {6: 25.0, 7: 25.0, 8: 25.5, 9: 26.0, 10: 24.0, 11: 23.0, 12: 22.0}
    (tmp_path / "fokus.csv").write_text(
        "kommune_kode,maaned,population,passive_samtaler,passive_tilbud,andel_samtaler,andel_tilbud,gns12_samtaler,gns12_tilbud\n"
        + "".join(f"0101,2025-{m:02d},100,5,25,5.0,{v},5.0,{v}\n" for m, v in fokus.items()), encoding="utf-8")
    with sessions(url).begin() as s:
        aabn_sager(s, [{"kommune_kode": "0101", "aar": 2024, "konsekvens": "skaerpet_tilsyn"},
                       {"kommune_kode": "0147", "aar": 2024, "konsekvens": "skaerpet_tilsyn_light"}],
                   2024, date(2025, 4, 15), actor="star")
    app = typer.Typer()
    app.command()(main)
    res = CliRunner().invoke(app, [str(tmp_path / "udv.csv"), str(tmp_path / "fokus.csv"), "--aar", "2024",
                                   "--afskaffet", "2026-02-01", "--db", url])
    assert res.exit_code == 0, res.output
    assert "tilsyn sag afslut 1 --dato 2026-02-01" in res.output
    with sessions(url).begin() as s:
        kbh, light = s.scalars(select(Sag).order_by(Sag.id)).all()
        h = [(x.type, x.dato, x.payload.get("maaned")) for x in historik(s, kbh.id)]
        assert h[:3] == [("udpeget", date(2025, 4, 15), None), ("brev_sendt", date(2025, 4, 22), None),
                         ("plan_modtaget", date(2025, 7, 10), None)]
        # three months without progress (July-September) call the task force; it visits before October's
        assert ("taskforce_besoeg", date(2025, 11, 5), None) in h
        assert [m for t, _, m in h if t == "maanedlig_opfoelgning"] == [f"2025-{m:02d}" for m in range(7, 13)]
        assert h[-1][:2] == ("ophoert_ved_lov", date(2026, 2, 1)) and kbh.tilstand == "ophoert"
        assert "1750 af 29. december 2025" in historik(s, kbh.id)[-1].payload["reference"]
        assert [x.type for x in historik(s, light.id)] == ["udpeget", "dialog_afholdt", "handleplan_modtaget"]
        assert light.tilstand == "ophoert"
