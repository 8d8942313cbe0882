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
