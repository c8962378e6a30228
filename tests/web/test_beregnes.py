"""A page whose figures are not ready within the server's wait (a server started on a delivery
nothing is kept of) answers at once that they are being computed, asks again by itself, and is the
page as soon as they are there; files and the API are never swapped for the notice."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from webhjaelp import TabelResultater, log_ind

from tilsyn.web.app import create_app


class Langsomme(TabelResultater):
    """The fokusmål are computed until the test lets them go."""

    def __init__(self):
        super().__init__()
        self.slip = threading.Event()

    def fokusmaal(self, maaned):
        assert self.slip.wait(30)
        return super().fokusmaal(maaned)


def test_en_side_under_beregning_siger_det_og_spoerger_igen(verden):
    resultater = Langsomme()
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=resultater, vent=0.3)
    with TestClient(app) as klient:
        log_ind(klient, "star")
        start = time.monotonic()
        svar = klient.get("/?maaned=2023-12")
        assert time.monotonic() - start < 5
        assert svar.status_code == 202
        assert "Tallene beregnes" in svar.text and "Bruger star" in svar.text  # the user's page frame
        assert 'hx-get="/?maaned=2023-12"' in svar.text and 'hx-trigger="every 3s"' in svar.text
        assert 'href="/?maaned=2023-12"' in svar.text  # without JavaScript: a link
        resultater.slip.set()
        slut = time.monotonic() + 60
        while (svar := klient.get("/?maaned=2023-12")).status_code == 202:  # as the page asks again
            assert time.monotonic() < slut
            time.sleep(0.2)
        assert svar.status_code == 200 and "Tallene beregnes" not in svar.text
        assert 'id="main-content"' in svar.text and "<table" in svar.text


def test_uden_ventetid_venter_siden(verden):
    """`create_app` without `vent` (the tests, the API's clients): the page, however long it takes."""
    resultater = Langsomme()
    app = create_app(verden["tmp"] / "lager.duckdb", verden["url"], resultater=resultater)
    with TestClient(app) as klient:
        log_ind(klient, "star")
        threading.Timer(0.6, resultater.slip.set).start()
        svar = klient.get("/?maaned=2023-12")
        assert svar.status_code == 200 and "Tallene beregnes" not in svar.text
