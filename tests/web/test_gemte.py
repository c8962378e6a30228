"""Results kept on disk per delivery: computed once (at import), read by a server that starts,
replaced by the next delivery's."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.data.generate import generate
from tilsyn.data.store import import_dir
from tilsyn.resultater import Resultater
from tilsyn.resultater.gemte import EngineResultater, forbered


@pytest.fixture
def lager(tmp_path):
    data = tmp_path / "data"
    generate(data, 300, 5, date(2021, 1, 1), date(2023, 12, 31))
    store = tmp_path / "tilsyn.duckdb"
    import_dir(data, store)
    return data, store


def test_a_new_server_reads_the_kept_results_instead_of_running_the_engine(lager, monkeypatch):
    data, store = lager
    foerste = EngineResultater(store)
    forbered(foerste)
    liste = foerste.frister("0101", date(2023, 12, 31))
    mappe = store.with_name(store.name + ".resultater")
    filer = sorted(p.name for p in mappe.glob("*/*.parquet"))
    assert any(f.startswith("fokusmaal_serie_") for f in filer) and any(f.startswith("udvaelgelse_") for f in filer)
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in mappe.glob("*/*.parquet"))

    anden = EngineResultater(store)
    for beregning in ("fokusmaal", "fokusmaal_serie", "resultatmaal", "udvaelgelse", "frister", "frister_alle",
                      "rettidighed"):
        monkeypatch.setattr(Resultater, beregning, lambda *a, **k: pytest.fail("motoren blev kørt"))
    forbered(anden)  # everything the overview needs is on disk
    assert anden.frister("0101", date(2023, 12, 31)).equals(liste)


def test_every_municipalitys_worklist_and_last_months_rettidighed_are_kept_as_computed_alone(lager):
    """`forbered` keeps every municipality's worklist of the default day and its rettidighed of the
    month before, from one run for the country split per municipality: the same rows as each
    municipality's own run (one with local norms gets its own run), an empty table where none."""
    from tilsyn import kommuner

    data, store = lager
    r = EngineResultater(store)
    forbered(r)
    dag, maaned = date(2023, 12, 31), date(2023, 11, 1)
    kept = {kode: r._gemte.hent(("frister", kode, dag)) for kode in kommuner.kommuner()}
    assert all(f is not None for f in kept.values()) and sum(f.height for f in kept.values()) > 100
    tom = next(kode for kode, f in kept.items() if f.is_empty())
    for kode in ("0101", "0153", "0860", tom):  # the largest, one with local norms, a small one, an empty one
        assert kept[kode].equals(r._r.frister(kode, dag)), kode
    for kode in ("0101", "0153", "0860", tom):
        kept = r._gemte.hent(("rettidighed", kode, maaned))
        assert kept is not None and kept.equals(r._r.rettidighed(maaned, kode)), kode
        assert set(kept["niveau"]) >= {"kommune"}


def test_the_next_delivery_replaces_the_kept_results(lager):
    data, store = lager
    r = EngineResultater(store)
    forbered(r)
    mappe = store.with_name(store.name + ".resultater")
    gamle = {p.name for p in mappe.iterdir()}
    r.luk()  # as a server stopped for the new import (DuckDB shares open files)
    (data / "aftaler.parquet").unlink()  # a different delivery
    import_dir(data, store)
    forbered(EngineResultater(store))
    nye = {p.name for p in mappe.iterdir()}
    assert len(gamle) == len(nye) == 1 and gamle != nye, (gamle, nye)


def test_tilsyn_import_computes_nothing_for_the_web_and_drops_what_was_kept_of_the_delivery_before(lager):
    """`tilsyn import` loads and checks only (the web computes its results when it starts, or
    `tilsyn forbered` does): a changed delivery removes the results kept of the one before; the same
    delivery again keeps them."""
    from typer.testing import CliRunner

    from tilsyn.cli import app

    data, store = lager
    mappe = store.with_name(store.name + ".resultater")
    ud = CliRunner().invoke(app, ["forbered", "--store", str(store)])
    assert ud.exit_code == 0, ud.output
    kept = sorted(p.name for p in mappe.glob("*/*.parquet"))
    assert any(f.startswith("frister_0101_") for f in kept)

    ud = CliRunner().invoke(app, ["import", str(data), "--store", str(store)])
    assert ud.exit_code == 0 and "uændret" in ud.output, ud.output
    assert sorted(p.name for p in mappe.glob("*/*.parquet")) == kept

    (data / "aftaler.parquet").unlink()  # a different delivery
    ud = CliRunner().invoke(app, ["import", str(data), "--store", str(store)])
    assert ud.exit_code == 0 and "tilsyn forbered" in ud.output, ud.output
    assert not mappe.exists()
    r = EngineResultater(store)  # the next server computes anew from the new delivery
    assert r.frister("0101", date(2023, 12, 31)).equals(r._r.frister("0101", date(2023, 12, 31)))
