"""docs/drift.md's backup and restore, done as written: the workflow store on PostgreSQL with
pg_dump/pg_restore, the analytic store by copying its file and kept results. After the originals
are gone, the restored pair serves the same pages (the CSRF tokens and the session clock aside)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import duckdb
import pytest
from fastapi.testclient import TestClient
from webhjaelp import log_ind

from tilsyn.data.generate import generate
from tilsyn.data.store import import_dir
from tilsyn.supervision import arbejdsliste as lager, db, sager
from tilsyn.web import brugere
from tilsyn.web.app import create_app

ADGANGSKODE = "korrekt-hest-batteri"
DAG = "2023-12-15"


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _sider(store, url, kode: str, sag_id: int) -> dict[str, str]:
    with TestClient(create_app(store, url)) as klient:
        sider = {}
        for bruger, stier in (("star", ["/", "/sager", f"/sager/{sag_id}"]),
                              ("jc", [f"/kommuner/{kode}/frister?dato={DAG}", f"/kommuner/{kode}/fravaer"])):
            assert log_ind(klient, bruger, ADGANGSKODE).status_code == 303
            for sti in stier:
                svar = klient.get(sti)
                assert svar.status_code == 200, (sti, svar.text[:500])
                # the CSRF tokens and the session clock's seconds left differ from session to session
                sider[sti] = re.sub(r'(name="csrf_token" value=|data-csrf=|"csrf_token": ?|tilbage=)"[^"]*"', "",
                                    svar.text)
            klient.post("/log-ud", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                                 klient.get("/").text).group(1)})
    return sider


def test_genskabte_lagre_giver_de_samme_sider(tmp_path, pg_database):
    drift, backup = tmp_path / "drift", tmp_path / "backup"
    drift.mkdir(), backup.mkdir()
    generate(tmp_path / "data", 300, 5, date(2021, 1, 1), date(2023, 12, 31))
    store = drift / "tilsyn.duckdb"
    import_dir(tmp_path / "data", store)
    with duckdb.connect(str(store), read_only=True) as con:
        kode = con.execute("SELECT min(kommune_kode) FROM ydelser").fetchone()[0]

    url = pg_database()
    maker = db.sessions(url)
    brugere.opret(maker, "star", "Stine Star", "star", ADGANGSKODE, None, None)
    brugere.opret(maker, "jc", "Jens Chef", "jobcenterchef", ADGANGSKODE, kode, None)
    with maker() as s:
        sag = sager.aabn_sager(s, [{"kommune_kode": kode, "aar": 2023, "konsekvens": "skaerpet_tilsyn"}], 2023,
                               date(2023, 4, 20))[0]
        sager.registrer(s, sag.id, 1, "brev_sendt", date(2023, 4, 25), "star", "Brevet er sendt")
        lager.registrer_fravaer(s, kode, "x", date(2023, 12, 1), date(2023, 12, 31), None, "jc", {"x"}, set())
        s.commit()
        sag_id = sag.id
    maker.kw["bind"].dispose()
    foer = _sider(store, url, kode, sag_id)

    # backup (docs/drift.md): pg_dump of the workflow store, a copy of the analytic store
    subprocess.run(["pg_dump", "--format=custom", f"--file={backup / 'tilsyn-sager.dump'}", _libpq(url)], check=True)
    shutil.copy2(store, backup / store.name)
    shutil.copytree(drift / "tilsyn.duckdb.resultater", backup / "tilsyn.duckdb.resultater")

    # the originals are lost
    shutil.rmtree(drift)
    db.engine(url).dispose()
    subprocess.run(["psql", _libpq(url), "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True,
                   capture_output=True)

    # restore into a new database and a new folder
    ny_url = pg_database()
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={_libpq(ny_url)}", str(backup / "tilsyn-sager.dump")],
                   check=True)
    ny = tmp_path / "ny"
    ny.mkdir()
    shutil.copy2(backup / store.name, ny / store.name)
    shutil.copytree(backup / "tilsyn.duckdb.resultater", ny / "tilsyn.duckdb.resultater")
    efter = _sider(ny / store.name, ny_url, kode, sag_id)
    assert efter.keys() == foer.keys()
    for sti in foer:
        assert efter[sti] == foer[sti], sti
    assert "Brevet er sendt" in efter[f"/sager/{sag_id}"]
