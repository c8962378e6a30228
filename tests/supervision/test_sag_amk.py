"""The AMK contact log with the date forms of STAR's Table 2 (STAR's follow-up on the 2022 fokusmål)."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.supervision import SagFejl, kontakter, tilfoej_kontakt
from tilsyn.supervision.amk import kommune, tidspunkt


@pytest.mark.parametrize(
    "tekst, forventet",
    [
        ("24-02-2022", (date(2022, 2, 24), None)),
        ("2022-02-24", (date(2022, 2, 24), None)),
        ("3.kvt.2023", (None, "3. kvt. 2023")),
        ("1. kv. 2023", (None, "1. kvt. 2023")),
        ("3.kvt 2023", (None, "3. kvt. 2023")),
        ("1.kvt.  2023", (None, "1. kvt. 2023")),
        ("mar-23", (None, "2023-03")),
        ("2023-03", (None, "2023-03")),
    ],
)
def test_tidspunkt_forms_of_table_2(tekst, forventet):
    assert tidspunkt(tekst) == forventet


@pytest.mark.parametrize("tekst", ["31-02-2022", "5. kvt. 2023", "marts", ""])
def test_bad_tidspunkt_is_refused(tekst):
    with pytest.raises(SagFejl, match="ukendt tidspunkt"):
        tidspunkt(tekst)


def test_kommune_by_code_or_name():
    assert kommune("Fredericia") == kommune("607") == "0607"
    assert kommune("høje-taastrup") == "0169"
    with pytest.raises(SagFejl, match="ukendt kommune 'Atlantis'"):
        kommune("Atlantis")


def test_contacts_are_logged_and_listed_in_time_order(session):
    # Fredericia's two rows of Table 2, entered newest first; Aarhus's row without a wish recorded
    tilfoej_kontakt(session, "Fredericia", "3.kvt.2023", afdaekning=True, oensker_bistand=True,
                    indsats="Dataafdækning og drøftelse med ledelse", maal=["tilbud"])
    tilfoej_kontakt(session, "0607", "10-03-2021", afdaekning=True, oensker_bistand=True,
                    indsats="Dataanalyse, sagsgennemgang", maal=["tilbud", "resultat", "tilbud"])
    tilfoej_kontakt(session, "Aarhus", "09-11-2022", afdaekning=True, oensker_bistand=None, indsats="Møde")
    session.commit()
    fredericia = kontakter(session, "Fredericia")
    assert [(k.dato, k.periode, k.maal) for k in fredericia] == [
        (date(2021, 3, 10), None, ["tilbud", "resultat"]),
        (None, "3. kvt. 2023", ["tilbud"]),
    ]
    assert [k.kommune_kode for k in kontakter(session)] == ["0607", "0607", "0751"]
    assert kontakter(session, "751")[0].oensker_bistand is None
    with pytest.raises(SagFejl, match="ukendt mål rådgivning"):
        tilfoej_kontakt(session, "0751", "2023-01-05", afdaekning=False, oensker_bistand=False, maal=["rådgivning"])
