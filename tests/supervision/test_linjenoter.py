"""Notes on worklist lines read per person (a page reads the notes of the lines it shows), on both
workflow-store backends: the newest note of a line wins, and more persons than one query takes are
read in parts."""

from __future__ import annotations

from datetime import date

from tilsyn.resultater.arbejdsliste import Note
from tilsyn.supervision import arbejdsliste as lager


def test_noter_for_de_viste_personer(session):
    frist = date(2024, 6, 1)
    for nr in range(1, 1201, 100):  # a note on every hundredth of 1,200 persons
        lager.noter_linje(session, "0101", f"P{nr:04d}", "fire_samtaler_6mdr", frist, "booket", date(2024, 5, 1), "", "s1",
                          0)
    lager.noter_linje(session, "0101", "P0001", "fire_samtaler_6mdr", frist, "holdt", date(2024, 5, 2), "holdt", "s2", 1)
    lager.noter_linje(session, "0147", "P0101", "fire_samtaler_6mdr", frist, "booket", date(2024, 5, 1), "", "s9", 0)
    session.commit()
    alle = lager.noter(session, "0101")
    assert len(alle) == 12 and alle[("P0001", "fire_samtaler_6mdr", frist)] == Note("holdt", date(2024, 5, 2), "holdt", "s2")
    assert lager.noter(session, "0101", [f"P{nr:04d}" for nr in range(1, 1201)]) == alle  # three parts
    assert lager.noter(session, "0101", ["P0101", "P0102", "P0101"]) == {
        ("P0101", "fire_samtaler_6mdr", frist): Note("booket", date(2024, 5, 1), "", "s1")}
    assert lager.noter(session, "0101", []) == {}
