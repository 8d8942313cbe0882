"""Chunking: units (text with heading, item, speaker) in, retrieval-sized units out.

In:  `structure.Unit`s of one document, a minimum and a maximum size in characters.
Out: units of about `min_chars`–`max_chars` characters, in reading order, whose texts
     together hold every unit's text once.

* A paragraph longer than the maximum is split at sentence boundaries (not at
  abbreviations such as "bl.a." or initials), an over-long sentence at a space.
* A heading's own line joins the text that follows it in its section; the paragraph keeps
  the page its text starts on (a heading at the foot of a page does not move it back).
* List items are packed with their lead-in; fragments under the minimum join a
  neighbour in the same section (a fragment by another speaker keeps its speaker as a
  label). Contents-page lines only join contents-page lines.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace

from indexer.config import MIN_PARAGRAPH_CHARS, TARGET_MAX_PARAGRAPH_CHARS
from indexer.ingest.lexicon import ABBREVIATIONS, UPPER
from indexer.ingest.structure import Unit

_SENTENCE_BOUNDARY = re.compile(rf"[.!?][\"»«”’)\]]*\s+(?=[\"»“(]?[{UPPER}])")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, not at abbreviations ("bl.a.", "jf.") or initials."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_BOUNDARY.finditer(text):
        before = text[start : m.start() + 1]
        token = before.rsplit(None, 1)[-1].lstrip("(«»\"”").rstrip(".").lower() if before.strip() else ""
        if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        end = m.end()
        sentences.append(text[start:end].strip())
        start = end
    if start < len(text):
        sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _hard_split(sentence: str, max_chars: int) -> list[str]:
    """Split an over-long sentence at word boundaries (or anywhere, if it has none)."""
    parts: list[str] = []
    rest = sentence
    while len(rest) > max_chars:
        cut = rest.rfind(" ", max_chars // 2, max_chars)
        if cut <= 0:
            parts.append(rest[:max_chars])
            rest = rest[max_chars:]
        else:
            parts.append(rest[:cut])
            rest = rest[cut + 1 :]
    return parts + ([rest] if rest else [])


def split_long(text: str, max_chars: int = TARGET_MAX_PARAGRAPH_CHARS, min_chars: int = MIN_PARAGRAPH_CHARS) -> list[str]:
    """Split text longer than `max_chars` into parts of similar size at sentence ends."""
    if len(text) <= max_chars:
        return [text]
    target = len(text) / math.ceil(len(text) / max_chars)
    pieces = [p for s in split_sentences(text) for p in _hard_split(s, max_chars)]
    parts: list[str] = []
    current = ""
    for piece in pieces:
        if current and (len(current) + 1 + len(piece) > max_chars or len(current) >= target):
            parts.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        if parts and len(current) < min_chars:
            parts[-1] = f"{parts[-1]} {current}"
        else:
            parts.append(current)
    return parts


def _label(unit: Unit) -> str:
    s = unit.speaker
    if s is None or s.name is None:
        return unit.text
    who = f"{s.name} ({s.role})" if s.role and s.role != "medlem" else s.name
    return f"{who}: {unit.text}"


def _same_section(a: Unit, b: Unit) -> bool:
    return (a.heading, a.is_contents, a.item_number) == (b.heading, b.is_contents, b.item_number)


def _absorb(into: Unit, other: Unit, text: str, before: bool = False) -> None:
    """Add `other`'s text to `into` (in front when `before`), keeping its marks."""
    into.text = f"{text}\n{into.text}" if before else f"{into.text}\n{text}"
    # A paragraph is cited at the page its text starts on: a heading that is the last line of a
    # page opens the paragraph but does not move its page back ("Åbn PDF'en på side N" shows the text).
    if before and other.page is not None and not (other.is_heading_line and not into.is_heading_line
                                                  and into.page is not None):
        into.page = other.page
    into.is_list_item = into.is_list_item or other.is_list_item
    into.ocr = into.ocr or other.ocr
    into.is_heading_line = into.is_heading_line and other.is_heading_line


def pack(units: list[Unit], min_chars: int = MIN_PARAGRAPH_CHARS,
         max_chars: int = TARGET_MAX_PARAGRAPH_CHARS) -> list[Unit]:
    """Split long units, pack list items with their lead-in, merge short fragments."""
    split: list[Unit] = []
    for unit in units:
        prev = split[-1] if split else None
        # Leave room for the heading line that will open the first part.
        room = max_chars - len(prev.text) - 1 if prev is not None and prev.is_heading_line else max_chars
        split.extend(replace(unit, text=part) for part in split_long(unit.text, max(room, max_chars // 2), min_chars))

    packed: list[Unit] = []
    for unit in split:
        prev = packed[-1] if packed else None
        if (
            unit.is_list_item
            and prev is not None
            and not prev.is_heading_line
            and (prev.is_list_item or prev.text.endswith(":"))
            and _same_section(prev, unit) and prev.speaker == unit.speaker
            and len(prev.text) + 1 + len(unit.text) <= max_chars
        ):
            _absorb(prev, unit, unit.text)
        else:
            packed.append(replace(unit))

    merged: list[Unit] = []
    carry: Unit | None = None  # a fragment (or heading line) waiting for the next unit of its section
    for unit in packed:
        if carry is not None:
            fits = len(carry.text) + len(unit.text) < max_chars
            opens = carry.is_heading_line and (carry.item_number, carry.is_contents) == (unit.item_number, unit.is_contents)
            if (_same_section(carry, unit) or opens) and fits and (carry.is_heading_line or not unit.is_heading_line):
                same = unit.speaker == carry.speaker or carry.is_heading_line
                _absorb(unit, carry, carry.text if same else _label(carry), before=True)
            else:
                _attach_to_previous(merged, carry, max_chars)
            carry = None
        if unit.is_heading_line and not unit.is_contents:
            carry = unit  # a heading line opens the text under it
            continue
        if len(unit.text) >= min_chars:
            merged.append(unit)
            continue
        prev = merged[-1] if merged else None
        if prev is not None and len(prev.text) + len(unit.text) >= max_chars:
            carry = unit  # the previous paragraph is full; try the next one
            continue
        if prev is not None and not prev.is_heading_line and _same_section(prev, unit):
            if prev.speaker == unit.speaker:
                _absorb(prev, unit, unit.text)
            else:
                # Prefer the next unit when it is by the same speaker ("Ministeren." → speech).
                carry = unit
        else:
            carry = unit
    if carry is not None:
        _attach_to_previous(merged, carry, max_chars)
    return merged


def _attach_to_previous(merged: list[Unit], fragment: Unit, max_chars: int) -> None:
    """Join a fragment to the previous unit of its section, or keep it alone."""
    prev = merged[-1] if merged else None
    fits = prev is not None and len(prev.text) + len(fragment.text) < max_chars
    if prev is not None and fits and not fragment.is_heading_line and _same_section(prev, fragment):
        _absorb(prev, fragment, fragment.text if prev.speaker == fragment.speaker else _label(fragment))
    else:
        merged.append(fragment)
