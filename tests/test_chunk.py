"""Chunking: sentences, splitting long paragraphs, packing fragments; headings open their section."""
from __future__ import annotations

from indexer.ingest.chunk import pack, split_long, split_sentences
from indexer.ingest.structure import Unit


def test_split_sentences_keeps_abbreviations() -> None:
    text = "Det er bl.a. vigtigt. Mødet er kl. 15. Karen J. Klint talte. Næste punkt."
    assert split_sentences(text) == ["Det er bl.a. vigtigt.", "Mødet er kl. 15.", "Karen J. Klint talte.", "Næste punkt."]


def test_split_long_paragraph_at_sentence_ends() -> None:
    text = " ".join(f"Dette er sætning nummer {i} om socialpsykiatrien i København." for i in range(60))
    parts = split_long(text, 1000, 60)
    assert " ".join(parts) == text
    assert all(200 <= len(p) <= 1000 and p.endswith(".") for p in parts)


def test_a_heading_line_opens_the_paragraph_under_it_and_contents_stay_apart() -> None:
    units = [Unit("INDHOLDSFORTEGNELSE", 2, None, None, is_contents=True),
             Unit("1. Meddelelser 3", 2, None, None, is_contents=True),
             Unit("Sammendrag", 4, "Sammendrag", None, is_heading_line=True),
             Unit("Det årlige bygningssyn er nu afsluttet, og der er foretaget en prioritering.", 4, "Sammendrag", None)]
    packed = pack(units, 60, 1000)
    assert [(u.text, u.is_contents, u.is_heading_line) for u in packed] == [
        ("INDHOLDSFORTEGNELSE\n1. Meddelelser 3", True, False),
        ("Sammendrag\nDet årlige bygningssyn er nu afsluttet, og der er foretaget en prioritering.", False, False)]


def test_a_paragraph_is_cited_at_the_page_its_text_starts_on_not_its_heading_s() -> None:
    # Ballerup's item 2: the heading is the last line of page 1, its text opens page 2
    heading = "Økonomiske konsekvenser og finansiering"
    units = [Unit(heading, 1, heading, None, is_heading_line=True),
             Unit("Det afsatte beløb til bygningsvedligeholdelse i 2013 projekt nr. 650260 er i alt 38.916.000 kr.",
                  2, heading, None)]
    assert [(u.text.split("\n")[0], u.page) for u in pack(units, 60, 1000)] == [(heading, 2)]


def test_a_fragment_carried_into_the_next_paragraph_keeps_its_own_page() -> None:
    units = [Unit("Kort stykke.", 3, "Baggrund", None),
             Unit("Her følger en længere tekst om sagen, som fortsætter på den næste side af referatet.", 4,
                  "Baggrund", None)]
    assert [u.page for u in pack(units, 60, 1000)] == [3]
