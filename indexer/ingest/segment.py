"""Segmentation: clean blocks in, retrieval paragraphs out (structure, then chunking).

In:  the `Block`s of one document (from `clean.clean_document`), its path and content hash.
Out: `Paragraph`s of about 200–1,000 characters, each carrying the heading it sits
     under, its agenda item (number, title and the item's own case number), and where
     known its speaker, party and role; contents-page lines are marked `is_contents`, OCR'd text `ocr`.

`structure.units` finds headings, agenda items and speakers; `chunk.pack` sizes the
text. Every word of the blocks (transcript speaker lines aside, which become the
speaker) is in some paragraph's text: a heading is carried on paragraphs *and* kept
as text at the start of its section.
"""
from __future__ import annotations

from typing import Sequence

from indexer.ingest.chunk import pack, split_long, split_sentences
from indexer.ingest.clean import Block
from indexer.config import MIN_PARAGRAPH_CHARS, TARGET_MAX_PARAGRAPH_CHARS
from indexer.records import Paragraph
from indexer.ingest.structure import Speaker, minutes_speaker, parse_speaker_line, units

__all__ = ["segment", "split_long", "split_sentences", "minutes_speaker", "parse_speaker_line", "Speaker"]


def segment(
    blocks: Sequence[Block],
    document: str,
    content_hash: str,
    min_chars: int = MIN_PARAGRAPH_CHARS,
    max_chars: int = TARGET_MAX_PARAGRAPH_CHARS,
) -> list[Paragraph]:
    """Turn a document's clean blocks into retrieval paragraphs.

    Args:
        blocks: the document's blocks in reading order (see `clean.clean_document`).
        document: the document's path, stored on every paragraph.
        content_hash: sha256 hex of the file; with the position it makes the stable id.
        min_chars: fragments shorter than this join a neighbour.
        max_chars: paragraphs longer than this are split at sentence boundaries.

    Returns:
        Paragraphs numbered from 0 in reading order.
    """
    packed = pack(units(blocks), min_chars, max_chars)
    prefix = content_hash[:16]
    return [
        Paragraph(
            id=f"{prefix}-{position:05d}",
            document=document,
            position=position,
            text=unit.text,
            page=unit.page,
            heading=unit.heading,
            speaker=unit.speaker.name if unit.speaker else None,
            party=unit.speaker.party if unit.speaker else None,
            role=unit.speaker.role if unit.speaker else None,
            is_heading=unit.is_heading_line,
            is_list_item=unit.is_list_item,
            item_number=unit.item_number,
            item_title=unit.item_title,
            case_number=unit.case_number,
            ocr=unit.ocr,
            is_contents=unit.is_contents,
        )
        for position, unit in enumerate(packed)
    ]
