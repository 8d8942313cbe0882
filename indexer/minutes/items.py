"""Sentences and agenda items of a record: paragraphs in; their sentences, and the agenda item
each paragraph belongs to, out. Shared by the decision and follow-up rules.

An agenda item is what the paragraph says it is (`Paragraph.item_number`, set by reading a
meeting system's structure or the record's item headings), else what the last item heading
before it said ("Punkt 3.", "3. Title").
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Sequence

from indexer.ingest.segment import split_sentences
from indexer.records import Paragraph, Record

# Records whose paragraphs are a meeting system's items and fields (`Record.file_type` is the
# system: indexer.sources, `Meeting.system`): each paragraph carries its item and the field's name.
MEETING_SYSTEMS = ("firstagenda", "edoc", "sbsys")


def from_meeting_system(record: Record) -> bool:
    """Whether the record is a meeting system's export (fields, no speakers) rather than a text."""
    return (record.file_type or "").lower() in MEETING_SYSTEMS


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph, with where it sits."""

    text: str
    paragraph: Paragraph
    index: int  # 0-based position among the paragraph's sentences


@dataclass(frozen=True)
class ItemRef:
    """An agenda item as the record numbers and titles it."""

    number: str | None
    title: str | None


# --- sentences ---------------------------------------------------------------

# Parliament exports glue sentences together ("vedtaget.Det er"); a capital right after a
# sentence end that follows a lowercase letter, a digit-free word or a bracket starts a new one.
_GLUED = re.compile(r"(?<=[a-zæøåé0-9\)\]»”%])([.!?])(?=[\[»“(]?[A-ZÆØÅ])")
_SPACE = re.compile(r"[ \t]+")
# "… som vedtaget. [Det er vedtaget.]"; and after a party letter ("Imod stemte: V. Undlod …"),
# which the general splitter takes for an initial
_BRACKETED = re.compile(
    r"(?<=[.!?])\s+(?=\[)|(?<=\.)\s+(?=(?:For stemte|Imod stemte|Undlod|Hverken for|Indstillingen|Sagen|"
    r"Forslaget|Lovforslaget|Ændringsforslaget|Udvalgets indstilling)\b)"
    # and after an amount's unit, which ends a sentence as often as it abbreviates ("… reduceret med 25.000
    # kr. Administrationen følger ultimo 2023 op …": two sentences, the second the promise)
    r"|(?:(?<=\bkr\.)|(?<=\bmio\.)|(?<=\bmia\.)|(?<=\bpct\.))\s+(?=[A-ZÆØÅ][a-zæøå])"
)


# Words a sentence cannot end with: a line that ends with one goes on on the next line when that starts in lower case
# and is no list point ("… i forhold til den sænkede temperatur samt" / "hvordan finansieringen … foregår …": one
# sentence the meeting system printed as two paragraphs).
CONTINUING_WORDS = ("samt", "og", "eller", "men", "at", "som", "der", "hvor", "hvordan", "hvilke", "hvis", "når", "om",
                    "til", "for", "af", "med", "i", "på", "fra", "ved", "efter", "inden", "mod", "over", "under", "en",
                    "et", "den", "det", "de")
_CONTINUES = re.compile(r"\b(?:" + "|".join(CONTINUING_WORDS) + r")\s*\n(?=[a-zæøå])(?![a-zæøå]{1,2}[.)]\s)")


def _lines(text: str) -> list[str]:
    """The text's lines, a line that stops mid-sentence joined with the next (see `CONTINUING_WORDS`)."""
    return _CONTINUES.sub(lambda m: m.group(0).rstrip("\n").rstrip() + " ", text).split("\n")


def sentences(paragraph: Paragraph) -> list[Sentence]:
    """The paragraph's sentences; a line break ends one (minutes put outcomes on a line) unless the line
    stops mid-sentence (`CONTINUING_WORDS`)."""
    out: list[str] = []
    for line in _lines(paragraph.text):
        line = _SPACE.sub(" ", _GLUED.sub(r"\1 ", line)).strip()
        if line:
            for sentence in split_sentences(line):
                out.extend(part for part in _BRACKETED.split(sentence) if part)
    return [Sentence(text, paragraph, i) for i, text in enumerate(out)]


def normalise(text: str) -> str:
    """Lowercase, one space between words: for matching snippets and stable ids."""
    return " ".join(text.lower().split())


def sentence_digest(scope: str, text: str, occurrence: int = 0) -> str:
    """sha256 (hex) of a sentence (normalised) within `scope` (a document's content or name),
    and which occurrence of it: what extracted ids are made of, so they survive re-segmentation."""
    return hashlib.sha256(f"{scope}\n{normalise(text)}\n{occurrence}".encode("utf-8")).hexdigest()


# --- agenda items ------------------------------------------------------------

_PUNKT_HEADING = re.compile(r"^(?:Punkt|Pkt\.|Dagsordenspunkt)\s+(\d{1,3})[.:]\s*(.*)$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2})\.\s*([A-ZÆØÅ\"”«].*)$")
_PAGE_NUMBER_TAIL = re.compile(r"\s+\d{1,3}$")  # a contents line "2. Bygning … 3"


def _stacked_headings(text: str, heading: str) -> list[str]:
    """The heading lines a paragraph opens with before its own heading: chunking joins an item's title
    to the subheading right under it ("5. Netværksgruppens arbejde i 2015" + "5.1 Organisering" + text,
    under "5.1 Organisering"), and the item is the title's."""
    lines = [line.strip() for line in text.split("\n")]
    own = next((i for i, line in enumerate(lines) if line.rstrip(":") == heading.rstrip(":")), 0)
    start = own
    while start > 0 and len(lines[start - 1]) <= 100 and not lines[start - 1].endswith((".", ";", ",")):
        start -= 1  # title lines only: a list's "2. At udvalget …" above a heading is no item
    return lines[start:own]


class ItemTracker:
    """Follows the agenda item a run of paragraphs belongs to.

    The paragraph's own `item_number` wins. Otherwise a "Punkt N." heading, or a numbered
    heading "N. Title" that continues the numbering (N = current + 1 or + 2, or 1 to start a
    second meeting in the same record), sets the item; numbered sections inside an item
    ("1. Igangsættelse …" under item 3) do not. A record that is one agenda item
    ("dagsordenspunkt") keeps its first numbered heading throughout. An attachment's headings set no
    item.
    """

    def __init__(self, record: Record) -> None:
        self.single_item = (record.doc_type or "").lower() == "dagsordenspunkt"
        # An attachment's numbered sections are its chapters ("7 Styring og opfølgning" in a memo sent with
        # item 6), not the meeting's items: there only the paragraphs' own items count (a report's own
        # sections stay its sections).
        self.by_headings = not record.attachment_to
        self.current = ItemRef(None, None)
        self._seen_heading: str | None = None

    def update(self, paragraph: Paragraph) -> ItemRef:
        if self.single_item and self.current.number is not None:
            return self.current
        if paragraph.item_number:
            self.current = ItemRef(paragraph.item_number, paragraph.item_title)
            return self.current
        heading = ((paragraph.text if paragraph.is_heading else paragraph.heading) or "").strip()
        if not self.by_headings or not heading or heading == self._seen_heading or paragraph.is_contents:
            return self.current
        self._seen_heading = heading
        for line in _stacked_headings(paragraph.text, heading):
            self._read(line)
        return self._read(heading)

    def _read(self, heading: str) -> ItemRef:
        m = _PUNKT_HEADING.match(heading)
        if m:
            self.current = ItemRef(m.group(1), m.group(2).strip() or None)
            return self.current
        m = _NUMBERED_HEADING.match(heading)
        if not m:
            return self.current
        number = int(m.group(1))
        if self.single_item and self.current.number is not None:
            return self.current
        current = int(self.current.number) if (self.current.number or "").isdigit() else None
        follows = current is None or current < number <= current + 2 or (number == 1 and current >= 2)
        if follows:
            self.current = ItemRef(str(number), _PAGE_NUMBER_TAIL.sub("", m.group(2)).strip())
        return self.current


def agenda_items(record: Record, paragraphs: Sequence[Paragraph]) -> list[tuple[ItemRef, Paragraph]]:
    """Each agenda item in reading order with the first paragraph that belongs to it."""
    tracker = ItemTracker(record)
    out: list[tuple[ItemRef, Paragraph]] = []
    for p in paragraphs:
        if p.is_contents:
            continue
        item = tracker.update(p)
        if item.number is not None and (not out or out[-1][0] != item):
            out.append((item, p))
    return out
