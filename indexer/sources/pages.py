"""Pages for a meeting export's paragraphs: where each stands in the export's own PDF of the minutes.

In:  the paragraphs an export gives (`to_paragraphs`, no pages: the XML has none) and the page
     texts of the PDF the export names as the meeting's own text (eDoc's open agenda PDF).
Out: each paragraph's `page` set to the PDF page where its text starts; a paragraph whose text
     is not found in the PDF keeps None (a page is never guessed).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable

from indexer.records import Paragraph

# Compared: letters and digits only, casefolded, so that line breaks, hyphenation at a line's
# end, bullets and spacing (which a PDF's text layer and the XML write differently) do not count.
_NOT_WORD = re.compile(r"[\W_]+")
# How much of a paragraph's start is looked for: the longest that still stands whole on one
# page, then shorter (a running header cutting the paragraph); never under SHORTEST, which
# could stand anywhere.
PREFIXES = (120, 60, 30)
SHORTEST = 20


def _plain(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())


def place_on_pages(paragraphs: list[Paragraph], pages: Iterable[tuple[int, str]]) -> int:
    """Set each paragraph's `page` to where its text starts in `pages` ((number, text) in order);
    returns how many were placed. Paragraphs are looked for in order, from where the previous one
    was found (the minutes repeat phrases: "Sagsnr.", a standing text), then anywhere."""
    starts: list[int] = []
    numbers: list[int] = []
    whole = []
    length = 0
    for number, text in pages:
        plain = _plain(text)
        starts.append(length)
        numbers.append(number)
        whole.append(plain)
        length += len(plain)
    joined = "".join(whole)
    if not joined:
        return 0
    placed, after = 0, 0
    for paragraph in paragraphs:
        if paragraph.is_heading:
            continue  # an item's title stands in the contents too: it takes its text's page below
        at = _find(joined, _plain(paragraph.text), after)
        if at is None:
            continue
        paragraph.page = numbers[bisect_right(starts, at) - 1]
        after = at + 1
        placed += 1
    for paragraph in paragraphs:
        if paragraph.is_heading and paragraph.item_number is not None:
            paragraph.page = next((p.page for p in paragraphs if p.item_number == paragraph.item_number
                                   and not p.is_heading and p.page is not None), None)
            placed += paragraph.page is not None
    return placed


def _find(joined: str, plain: str, after: int) -> int | None:
    """Where `plain`'s start stands in `joined`: from `after` on, the longest prefix that is there;
    failing that, a long prefix anywhere (a paragraph the export orders otherwise than the PDF)."""
    for size in PREFIXES:
        wanted = plain[:size]
        if len(wanted) < SHORTEST:
            break
        at = joined.find(wanted, after)
        if at >= 0:
            return at
    if len(plain) >= PREFIXES[1]:
        at = joined.find(plain[:PREFIXES[0]])
        if at >= 0:
            return at
    return None
