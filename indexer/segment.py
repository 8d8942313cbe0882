"""Structure and chunking: clean blocks in, retrieval paragraphs out.

In:  the `Block`s of one document (from `clean.clean_pages`), its path and content hash.
Out: `Paragraph`s of about 200–1,000 characters, each carrying the heading it sits
     under and, where known, its speaker, party and role.

* Headings: agenda items ("Punkt 3. …", "5. Oplæg om …", "Spor 2. …", "4.1 …"),
  all-caps section titles ("INDSTILLING OG BESLUTNING") and short title lines
  followed by body text. A heading is attached to every following paragraph; it
  becomes a row of its own (`is_heading=True`) only when nothing follows it, so its
  words are not lost.
* Speakers: transcript lines `Name (Party), role:` start a speech that runs until the
  next speaker or agenda item; in minutes, a paragraph opening with a speaker
  ("Per siger, at …", "Mikkel Boje, direktør i …, fortæller …") carries that speaker.
* Chunks: a paragraph longer than the maximum is split at sentence boundaries; list
  items are packed with their lead-in; fragments under the minimum join a neighbour
  in the same section (a fragment by another speaker keeps its speaker as a label).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Sequence

from indexer.clean import Block
from indexer.config import MIN_PARAGRAPH_CHARS, TARGET_MAX_PARAGRAPH_CHARS
from indexer.records import Paragraph

_UPPER = "A-ZÆØÅÉÜÖÄ"
_LOWER = "a-zæøåéüöä"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?"

AGENDA_ITEM_RE = re.compile(r"^(?:Punkt|Pkt\.|Spor|Dagsordenspunkt)\s+\d+[.:]")
NUMBERED_HEADING_RE = re.compile(
    rf"^(?:\d{{1,2}}(?:\.\d{{1,2}})*\.\s*|\d{{1,2}}(?:\.\d{{1,2}})+\s+)[{_UPPER}][{_LOWER}]"
)
_FUNCTION_WORDS = {"og", "i", "af", "til", "med", "for", "den", "det", "de", "en", "et", "samt", "om",
                   "på", "at", "eller", "følgende", "fra", "er", "som"}
_PRONOUNS = {"Der", "Det", "Vi", "Man", "Han", "Hun", "Jeg"}
# "Karen Ellemann (V), Karen Ellemann (V):", "Henrik Dam Kristensen (S), Formanden:",
# "Bertel Haarder, Aldersformanden (Bertel Haarder):", "MødeSlut MødeSlut (MødeSlut), :"
SPEAKER_LINE_RE = re.compile(
    r"^(?P<name>[^,():\n]{0,80}?)(?: \((?P<party>[^()\n]{1,12})\))?, (?P<role>[^:\n]{0,120}):$"
)
_SPEECH_VERBS = (
    "siger|sagde|svarer|svarede|fortæller|fortalte|spørger|spurgte|påpeger|påpegede|"
    "tilføjer|tilføjede|supplerer|supplerede|oplyser|oplyste|forklarer|forklarede|"
    "kvitterer|kvitterede|afrunder|afrundede|samlede op|samler op|byder|bød|takker|takkede|"
    "mener|mente|understreger|understregede|foreslår|foreslog|nævner|nævnte|holder|holdt|"
    "pointerer|pointerede|bemærker|bemærkede|gør opmærksom|gjorde opmærksom|orienterer|"
    "orienterede|præsenterer|præsenterede|uddyber|uddybede|undrer sig|efterlyser|"
    "konstaterer|opfordrer|opfordrede|indleder|indledte|stillede|stiller|fremlagde|"
    "fremlægger|roser|rosede|erklærer|spørges"
)
MINUTES_SPEAKER_RE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})"
    rf"(?: \((?P<party>[{_UPPER}]{{1,3}})\))?"
    r"(?:, (?P<role>[^,.:;]{3,120}),)?"
    rf" (?:{_SPEECH_VERBS})\b"
)
# Words that open ordinary sentences, not names ("Det siger …", "Forvaltningen oplyser …").
_NOT_NAMES = {
    "Det", "Der", "Den", "De", "Han", "Hun", "Vi", "Man", "Jeg", "Du", "Dette", "Denne",
    "Disse", "Hver", "Alle", "Mange", "Nogle", "Flere", "Her", "Som", "Og", "Men", "Når",
    "Hvis", "Dialogforum", "Ministeren", "Formanden", "Borgmesteren", "Rådmanden",
}
_TITLES = re.compile(r"^((?:\w*borgmester|\w*chef|\w*direktør|rådmand|\w*formand|\w*konsulent)) ", re.I)
_ABBREVIATIONS = {
    "bl.a", "f.eks", "fx", "jf", "kl", "nr", "ca", "mv", "m.v", "evt", "dvs", "pga", "ift",
    "hhv", "inkl", "ekskl", "stk", "pkt", "kr", "mio", "mia", "pct", "tlf", "osv", "s",
    "sct", "st", "hr", "fr", "dr", "mht", "vedr", "iht", "f.t", "m.fl", "m.m", "prakt",
    "fhv", "adm", "ang", "el", "etc", "vs", "ref", "obs", "o.l", "e.l", "t.o.m", "f.o.m",
    "m.h.t", "ds", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt",
    "nov", "dec", "kap", "afs", "gl", "nb", "lign", "tidl", "p.t", "a.m.b.a", "aps", "a/s",
}
_SENTENCE_BOUNDARY = re.compile(rf"[.!?][\"»«”’)\]]*\s+(?=[\"»“(]?[{_UPPER}])")


@dataclass(frozen=True)
class Speaker:
    """Who speaks, as far as the text says."""

    name: str | None
    party: str | None = None
    role: str | None = None


@dataclass
class _Unit:
    text: str
    page: int | None
    heading: str | None
    speaker: Speaker | None
    is_heading: bool = False
    is_list_item: bool = False


def parse_speaker_line(text: str) -> Speaker | None:
    """Parse a transcript speaker line `Name (Party), role:`; None if it is not one.

    The chair's "Den fg. formand (Karen J. Klint)" gives role "Den fg. formand"; a
    member speaking for themself ("Karen Ellemann (V), Karen Ellemann (V):") gets
    role "medlem". The export's end-of-sitting line ("MødeSlut …") has no speaker.
    """
    m = SPEAKER_LINE_RE.match(text.strip())
    if not m or "\n" in text.strip():
        return None
    name, party, role = m.group("name").strip(), m.group("party"), m.group("role").strip()
    if not name or "MødeSlut" in name:
        return Speaker(None)
    if len(name.split()) > 6 or not all(w[:1].isupper() for w in name.split()):
        return None
    role = re.sub(r"\s*\([^()]*\)$", "", role).strip()  # "Formanden (Henrik Dam Kristensen)"
    if not role or role == name:
        role = "medlem"
    return Speaker(name, party, role)


def minutes_speaker(text: str) -> Speaker | None:
    """The speaker a minutes paragraph opens with ("Per siger, at …"), if any."""
    m = MINUTES_SPEAKER_RE.match(text)
    if not m:
        return None
    name = m.group("name")
    words = name.split()
    if words[0] in _NOT_NAMES:
        return None
    if len(words) == 1 and len(name) >= 8 and name.endswith(("en", "et", "ne", "rne")):
        return None  # "Forvaltningen", "Netværket", "Borgerne"
    role = m.group("role")
    title = _TITLES.match(name)
    if title and len(words) > 1:
        role = role or title.group(1)
        name = name[title.end():]
    return Speaker(name, m.group("party"), role.strip() if role else None)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, not at abbreviations ("bl.a.", "jf.") or initials."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_BOUNDARY.finditer(text):
        before = text[start : m.start() + 1]
        token = before.rsplit(None, 1)[-1].lstrip("(«»\"”").rstrip(".").lower() if before.strip() else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
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


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and len(text) <= 80 and not any(c.islower() for c in letters) and "@" not in text


def _title_candidate(block: Block) -> bool:
    """A short single line that could be a title (no sentence end, starts with a capital)."""
    text = block.text
    words = text.rstrip(":").split()
    if not words or words[-1].lower() in _FUNCTION_WORDS:
        return False  # "… indenfor hvert deres opgaveområde at": a cut sentence
    if text.endswith(":") and (words[0] in _PRONOUNS or len(words) > 8):
        return False  # "Der er planlagt med møder:" leads in, it does not title
    non_space = [c for c in text if not c.isspace()]
    if sum(c.isalpha() for c in non_space) < 0.6 * len(non_space):
        return False  # table rows: "I alt 0 0 0 0"
    return (
        not block.is_list_item
        and block.lines <= 2
        and 2 <= len(text) <= 120
        and text[0].isupper()
        and not text.endswith((".", "!", "?", ",", ";", "-"))
        and (not text.endswith(":") or len(text) <= 60)
        and "@" not in text
        and len(text.split()) <= 16
    )


def _body_like(block: Block) -> bool:
    """Running text: long enough, has a sentence end, no e-mail addresses (tables do)."""
    text = block.text
    return "@" not in text and len(text) >= 40 and (len(text) > 120 or bool(re.search(r"[.!?](?:\s|$)", text)))


def _heading_flags(blocks: Sequence[Block], speaker_lines: set[int]) -> list[bool]:
    """Which blocks are headings: agenda items and numbered titles first, then short titles."""
    n = len(blocks)
    flags = [False] * n
    numbered_list = False  # inside "1. …", "2. …" items that follow a lead-in with a colon
    for i, block in enumerate(blocks):
        text = block.text
        if AGENDA_ITEM_RE.match(text):
            flags[i], numbered_list = True, False
            continue
        if i in speaker_lines or len(text) > 160 or block.lines > 3:
            numbered_list = numbered_list and bool(NUMBERED_HEADING_RE.match(text))
            continue
        if _is_caps(text):
            flags[i], numbered_list = True, False
            continue
        if not NUMBERED_HEADING_RE.match(text):
            numbered_list = False
            continue
        prev = blocks[i - 1] if i > 0 else None
        nxt = blocks[i + 1] if i + 1 < n else None
        next_numbered = nxt is not None and bool(NUMBERED_HEADING_RE.match(nxt.text))
        if prev is not None and prev.text.endswith(":") and next_numbered:
            numbered_list = True
        if numbered_list:
            continue
        if text.endswith((".", ";", ",", "!", "?")):
            flags[i] = len(text) <= 40 and len(text.split()) <= 5  # "6. Øvrige bemærkninger."
        else:
            flags[i] = True
    for i in range(n - 1, -1, -1):
        block = blocks[i]
        if flags[i] or i in speaker_lines or NUMBERED_HEADING_RE.match(block.text):
            continue
        if not _title_candidate(block) or i + 1 >= n or (i + 1) in speaker_lines:
            continue
        nxt = blocks[i + 1]
        if flags[i + 1]:
            flags[i] = block.text.endswith(":") or (len(block.text) <= 80 and i == 0)
        elif nxt.is_list_item:
            flags[i] = not block.text.endswith(":")  # "… følgende input:" leads a list
        elif _body_like(nxt):
            flags[i] = nxt.text[0].isupper() or nxt.text[0].isdigit() or nxt.text[0] in "\"»”("
        # else: a run of short lines (a table, an address block) has no titles
    return flags


def _units(blocks: Sequence[Block]) -> list[_Unit]:
    """Attach headings and speakers to blocks; headings themselves are not units."""
    speakers = {i: parse_speaker_line(b.text) for i, b in enumerate(blocks) if b.text.endswith(":")}
    speaker_lines = {i for i, s in speakers.items() if s is not None}
    # Ministers are announced without their party; take it from their other speeches.
    party_of = {s.name: s.party for s in speakers.values() if s is not None and s.party}
    for i in speaker_lines:
        s = speakers[i]
        if s is not None and s.party is None and s.name in party_of:
            speakers[i] = replace(s, party=party_of[s.name])
    units: list[_Unit] = []
    heading: str | None = None
    heading_page: int | None = None
    heading_used = True
    current: Speaker | None = None  # the transcript speaker whose speech runs on

    def close_heading() -> None:
        if not heading_used and heading:
            units.append(_Unit(heading, heading_page, heading, None, is_heading=True))

    flags = _heading_flags(blocks, speaker_lines)
    for i, block in enumerate(blocks):
        if i in speaker_lines:
            current = speakers[i]
            continue
        is_agenda = bool(AGENDA_ITEM_RE.match(block.text))
        # Inside a transcript speech only a new agenda item is a heading.
        if is_agenda or (current is None and flags[i]):
            close_heading()
            heading, heading_page, heading_used = block.text.rstrip(":").rstrip(), block.page, False
            if is_agenda:
                current = None
            continue
        speaker = current if current is not None else minutes_speaker(block.text)
        if speaker is not None and speaker.name is None:
            speaker = None
        units.append(_Unit(block.text, block.page, heading, speaker, is_list_item=block.is_list_item))
        heading_used = True
    close_heading()
    return units


def _label(unit: _Unit) -> str:
    s = unit.speaker
    if s is None or s.name is None:
        return unit.text
    who = f"{s.name} ({s.role})" if s.role and s.role != "medlem" else s.name
    return f"{who}: {unit.text}"


def _pack(units: list[_Unit], min_chars: int, max_chars: int) -> list[_Unit]:
    """Split long units, pack list items with their lead-in, merge short fragments."""
    split: list[_Unit] = []
    for unit in units:
        if unit.is_heading:
            split.append(unit)
            continue
        split.extend(replace(unit, text=part) for part in split_long(unit.text, max_chars, min_chars))

    packed: list[_Unit] = []
    for unit in split:
        prev = packed[-1] if packed else None
        if (
            unit.is_list_item
            and prev is not None
            and not prev.is_heading
            and (prev.is_list_item or prev.text.endswith(":"))
            and (prev.heading, prev.speaker) == (unit.heading, unit.speaker)
            and len(prev.text) + 1 + len(unit.text) <= max_chars
        ):
            prev.text = f"{prev.text}\n{unit.text}"
            prev.is_list_item = True
        else:
            packed.append(replace(unit))

    merged: list[_Unit] = []
    carry: _Unit | None = None  # a fragment waiting for the next unit of its section
    for unit in packed:
        if carry is not None:
            fits = len(carry.text) + len(unit.text) < max_chars
            if not unit.is_heading and unit.heading == carry.heading and fits:
                same = unit.speaker == carry.speaker
                unit.text = f"{carry.text if same else _label(carry)}\n{unit.text}"
                unit.page = carry.page if carry.page is not None else unit.page
                unit.is_list_item = unit.is_list_item or carry.is_list_item
            else:
                _attach_to_previous(merged, carry, max_chars)
            carry = None
        if unit.is_heading or len(unit.text) >= min_chars:
            merged.append(unit)
            continue
        prev = merged[-1] if merged else None
        if prev is not None and len(prev.text) + len(unit.text) >= max_chars:
            carry = unit  # the previous paragraph is full; try the next one
            continue
        if prev is not None and not prev.is_heading and prev.heading == unit.heading:
            if prev.speaker == unit.speaker:
                prev.text = f"{prev.text}\n{unit.text}"
            elif prev.speaker is None and unit.speaker is None:
                prev.text = f"{prev.text}\n{unit.text}"
            else:
                # Prefer the next unit when it is by the same speaker ("Ministeren." → speech).
                carry = unit
                continue
            prev.is_list_item = prev.is_list_item or unit.is_list_item
        else:
            carry = unit
    if carry is not None:
        _attach_to_previous(merged, carry, max_chars)
    return merged


def _attach_to_previous(merged: list[_Unit], fragment: _Unit, max_chars: int) -> None:
    """Join a fragment to the previous unit of its section, or keep it alone."""
    prev = merged[-1] if merged else None
    fits = prev is not None and len(prev.text) + len(fragment.text) < max_chars
    if prev is not None and fits and not prev.is_heading and prev.heading == fragment.heading:
        text = fragment.text if prev.speaker == fragment.speaker else _label(fragment)
        prev.text = f"{prev.text}\n{text}"
        prev.is_list_item = prev.is_list_item or fragment.is_list_item
    else:
        merged.append(fragment)


def segment(
    blocks: Sequence[Block],
    document: str,
    content_hash: str,
    min_chars: int = MIN_PARAGRAPH_CHARS,
    max_chars: int = TARGET_MAX_PARAGRAPH_CHARS,
) -> list[Paragraph]:
    """Turn a document's clean blocks into retrieval paragraphs.

    Args:
        blocks: the document's blocks in reading order (see `clean.clean_pages`).
        document: the document's path, stored on every paragraph.
        content_hash: sha256 hex of the file; with the position it makes the stable id.
        min_chars: fragments shorter than this join a neighbour (headings excepted).
        max_chars: paragraphs longer than this are split at sentence boundaries.

    Returns:
        Paragraphs numbered from 0 in reading order.
    """
    units = _pack(_units(blocks), min_chars, max_chars)
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
            is_heading=unit.is_heading,
            is_list_item=unit.is_list_item,
        )
        for position, unit in enumerate(units)
    ]
