"""Build the letter templates (udvaelgelse.docx, kvittering.docx) with python-docx.

The committed .docx files are what docxtpl fills in; an office may edit them in Word as long as the
Jinja tags stay. Rerun after changing this script: `python -m tilsyn.reports.templates.lav_skabeloner`.
The wording follows the minister's letters of 2018 without copying them; the manager's
title is the one of the letter's day (`chef`: jobcenterchef, from 2026-02-01 beskæftigelseschef).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

HER = Path(__file__).parent
BLAA = RGBColor(0x14, 0x14, 0x3C)


def _dokument():
    doc = Document()
    for section in doc.sections:
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    return doc


def _brevhoved(doc, modtager: str) -> None:
    """The letterhead: sender block right, addressee and date, as in the minister's letter of 31 August 2018."""
    afsender = doc.add_paragraph()
    afsender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    navn = afsender.add_run("{{ afsender }}\n")
    navn.bold, navn.font.color.rgb = True, BLAA
    afsender.add_run("{{ afsender_adresse }}").font.size = Pt(9)
    doc.add_paragraph(modtager)
    dato = doc.add_paragraph("{{ dato }}{% if journalnummer %}\nJ.nr. {{ journalnummer }}{% endif %}")
    dato.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _overskrift(doc, tekst: str) -> None:
    run = doc.add_paragraph().add_run(tekst)
    run.bold, run.font.size = True, Pt(13)


def _hilsen(doc) -> None:
    doc.add_paragraph("Venlig hilsen")
    doc.add_paragraph("\n{{ underskriver }}")


def udvaelgelse() -> Path:
    doc = _dokument()
    _brevhoved(doc, "Til borgmester, formanden for beskæftigelsesudvalget og {{ chef }}en\n{{ kommune }} Kommune")
    _overskrift(doc, "{{ overskrift }}")
    doc.add_paragraph("Kære borgmester, beskæftigelsesudvalgsformand og {{ chef }}")
    doc.add_paragraph(
        "Styrelsen for Arbejdsmarked og Rekruttering har opgjort kommunernes beskæftigelsesindsats for {{ aar }}. "
        "Jeg skriver til jer, fordi opgørelsen viser, at {{ kommune }} Kommune ikke lever op til resultatmålet, "
        "og at kommunen samtidig ikke lever op til {{ maal_tekst }}."
    )
    doc.add_paragraph(
        "Resultatmålet sammenligner kommunens andel af borgere på offentlig forsørgelse med den andel, kommunen "
        "kan forventes at have ud fra sine rammevilkår. For {{ kommune }} Kommune var den faktiske andel "
        "{{ faktisk_andel }} pct., mens den forventede andel var {{ forventet_andel }} pct. Det er "
        "{{ forskel }} procentpoint flere end forventet."
    )
    doc.add_paragraph(
        "Fokusmålene måler andelen af borgere med mindst 12 måneders anciennitet, som ikke har fået mindst "
        "fire samtaler, henholdsvis et aktivt tilbud eller et minimum af ordinære timer, inden for de seneste "
        "12 måneder. Et fokusmål er opfyldt, når andelen er mindre end grænseværdien:"
    )
    tabel = doc.add_table(rows=4, cols=3)
    tabel.style = "Table Grid"
    for cell, tekst in zip(tabel.rows[0].cells, ("Fokusmål", "Kommunens andel (pct.)", "Grænseværdi (pct.)")):
        cell.paragraphs[0].add_run(tekst).bold = True
    tabel.rows[1].cells[0].text = "{%tr for m in maal %}"
    for cell, tekst in zip(tabel.rows[2].cells, ("{{ m.navn }}", "{{ m.vaerdi }}", "{{ m.graense }}")):
        cell.text = tekst
    tabel.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph()
    doc.add_paragraph("{{ konsekvens_tekst }}")
    doc.add_paragraph(
        "Jeg beder kommunen om senest den {{ frist }} at sende mig {{ dokument_tekst }}, der beskriver, "
        "hvorfor borgerne ikke har fået den indsats, de har ret til, hvilke konkrete initiativer kommunen "
        "sætter i gang, og hvornår kommunen forventer igen at leve op til målene."
    )
    doc.add_paragraph("{% if fokusrevision %}{{ fokusrevision }}{% endif %}")
    doc.add_paragraph(
        "Det ligger mig meget på sinde, at ledige borgere ikke overlades til sig selv, men får samtaler og en "
        "aktiv indsats, der kan hjælpe dem i job. Jeg vil sammen med Styrelsen for Arbejdsmarked og "
        "Rekruttering følge kommunens udvikling tæt."
    )
    hjemmel = doc.add_paragraph("Hjemmel: {{ hjemmel }}")
    hjemmel.runs[0].font.size = Pt(9)
    _hilsen(doc)
    path = HER / "udvaelgelse.docx"
    doc.save(path)
    return path


def kvittering() -> Path:
    doc = _dokument()
    _brevhoved(doc, "Til borgmester, formanden for beskæftigelsesudvalget og {{ chef }}en\n{{ kommune }} Kommune")
    _overskrift(doc, "Vedrørende redegørelse fra {{ kommune }} Kommune om {{ emne }}")
    doc.add_paragraph("Kære borgmester, beskæftigelsesudvalgsformand og {{ chef }}")
    doc.add_paragraph(
        "{% if brev_dato %}Den {{ brev_dato }} skrev jeg til kommunen og bad om en redegørelse og en "
        "genopretningsplan, fordi kommunen i {{ aar }} hverken levede op til resultatmålet eller til "
        "{{ maal_tekst }}.{% else %}Jeg har bedt kommunen om en redegørelse og en genopretningsplan for "
        "indsatsen.{% endif %}"
    )
    doc.add_paragraph(
        "Jeg har den {{ modtaget }} modtaget redegørelsen fra {{ kommune }} Kommune"
        "{% if underskrevet_af %}, underskrevet af {{ underskrevet_af }}{% endif %}."
    )
    doc.add_paragraph("{% if resume %}Af redegørelsen fremgår det blandt andet, at {{ resume }}{% endif %}")
    doc.add_paragraph(
        "Jeg vil gerne takke for redegørelsen. Det vigtigste er, at borgerne får den samtale og den aktive "
        "indsats, de har ret til, og som kan hjælpe dem i job."
    )
    doc.add_paragraph(
        "Kommunen er nu i en genopretningsperiode, der løber til og med den {{ genopretning_slut }}. I perioden "
        "følger Styrelsen for Arbejdsmarked og Rekruttering hver måned kommunens udvikling på fokusmålene i "
        "forhold til genopretningsplanen, og jeg ser frem til at følge kommunens resultater."
    )
    hjemmel = doc.add_paragraph("Hjemmel: {{ hjemmel }}")
    hjemmel.runs[0].font.size = Pt(9)
    _hilsen(doc)
    path = HER / "kvittering.docx"
    doc.save(path)
    return path


if __name__ == "__main__":
    for made in (udvaelgelse(), kvittering()):
        print(made)
