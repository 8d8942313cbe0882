"""Page structure: clean blocks in, units (text with heading, agenda item, speaker) out.

In:  the `Block`s of one document (from `clean.clean_document`).
Out: `Unit`s in reading order — every block's text, once — each carrying the heading
     it sits under, the agenda item it belongs to and, where known, its speaker.

* Headings: agenda items ("Punkt 3: …", "2. Bygningsvedligeholdelse 2013" followed by
  "Sagsnr.", an entry of the document's contents list; a title wrapped onto the next line
  joined again), the sections of an item
  ("Sagsfremstilling", "Indstilling", "Beslutning", "Økonomi", "Bilag"), numbered titles
  ("4.1 Organisering"), all-caps titles, and short title lines followed by body text.
  A sentence is never a heading: it ends in a full stop, holds a sentence end inside,
  is long, or continues a numbered list after a lead-in with a colon; nor is a vote line
  ("Imod stemte: V og Ø (7)", `NOT_TITLES`).
* Closed agenda items ("3. Lukket punkt: Personalesag", "4. Ansættelse af direktør (Lukket punkt)"):
  their title is public and kept, nothing under it until the next item is.
* Case numbers: each agenda item's own, from the first "Sagsnr.:" (Sagsnummer, Journalnr. …)
  line between its heading and the next item's; the units of an item carry it.
* A heading is kept as text too (its own unit, `is_heading_line`), so that its words
  are searchable; chunking joins it to the text that follows.
* Speakers: transcript lines `Name (Party), role:` start a speech that runs until the
  next speaker or agenda item (they are the speaker, not text); in minutes, a
  paragraph opening "Per siger, at …" carries that speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from indexer.ingest.clean import Block
from indexer.ingest.lexicon import (
    AGENDA_ITEM_RE, CASE_LABEL, CASE_NUMBER, CASE_NUMBER_LINE, DECISION_HEADING, FUNCTION_WORDS, LOWER, NOT_NAMES, NUMBERED_HEADING_RE,
    NUMBERED_PARTS, PRONOUNS, UPPER, is_caps_heading, is_item_section,
)
from indexer.sources.common import is_closed_title

_NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)?"
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
    rf"(?: \((?P<party>[{UPPER}]{{1,3}})\))?"
    r"(?:, (?P<role>[^,.:;]{3,120}),)?"
    rf" (?:{_SPEECH_VERBS})\b"
)
_TITLES = re.compile(r"^((?:\w*borgmester|\w*chef|\w*direktør|rådmand|\w*formand|\w*konsulent)) ", re.I)
_INNER_SENTENCE_END = re.compile(rf"[a-zæøå)][.!?] +[{UPPER}]")
# The line under an item's title that numbers it: its case or its document ("Sagsnr.:", "J.nr. 2010-3082", "Dok.nr.:").
_CASE_LINE = re.compile(rf"^(?:{CASE_LABEL}|Dok\.?\s?nr\.?)\s*(?::|{CASE_NUMBER})", re.I)
_SENTENCE_ENDS = (".", ":", ";", "!", "?")
# An item's case number in its own title: "3. Udvikling af aktivitets- og samværstilbud … (2015-0135051)".
# (A separator in it: "(2015)" is a year.)
_TITLE_CASE = re.compile(r"\((\w[\w./]*[-/][\w./-]*\d)\)$")


@dataclass(frozen=True)
class Speaker:
    """Who speaks, as far as the text says."""

    name: str | None
    party: str | None = None
    role: str | None = None


@dataclass
class Unit:
    """A block's text with what it sits under; chunking packs units into paragraphs."""

    text: str
    page: int | None
    heading: str | None
    speaker: Speaker | None
    is_heading_line: bool = False  # the heading's own line, kept as text
    is_list_item: bool = False
    item_number: str | None = None
    item_title: str | None = None
    is_contents: bool = False
    ocr: bool = False
    case_number: str | None = None  # the agenda item's own, where it states one


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
    if words[0] in NOT_NAMES:
        return None
    if len(words) == 1 and len(name) >= 8 and name.endswith(("en", "et", "ne", "rne", "nde", "de")):
        return None  # "Forvaltningen", "Netværket", "Borgerne", "Ovenstående"
    role = m.group("role")
    title = _TITLES.match(name)
    if title and len(words) > 1:
        role = role or title.group(1)
        name = name[title.end():]
    return Speaker(name, m.group("party"), role.strip() if role else None)


# Short lines that are a record's content, never a title: the votes of minutes ("For stemte: A og F (12)",
# "Imod stemte: V og Ø (7)", "Undlod at stemme: O").
NOT_TITLES: list[str] = [
    r"(?:For|Imod) stemte\b",
    r"Stemte (?:for|imod)\b",
    r"Undlod at stemme\b",
    r"Hverken for eller imod\b",
]
_NOT_TITLE = re.compile(rf"^(?:{'|'.join(NOT_TITLES)})", re.I)


def _title_candidate(block: Block) -> bool:
    """A short line that could be a title: no sentence end, starts with a capital."""
    text = block.text
    if _NOT_TITLE.match(text):
        return False
    words = text.rstrip(":").split()
    if not words or words[-1].lower() in FUNCTION_WORDS:
        return False  # "… indenfor hvert deres opgaveområde at": a cut sentence
    if text.endswith(":") and (words[0] in PRONOUNS or len(words) > 8):
        return False  # "Der er planlagt med møder:" leads in, it does not title
    if _INNER_SENTENCE_END.search(text):
        return False  # "… foreslås videreført i 2013. Baggrund": a sentence and more
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


def _contents_titles(blocks: Sequence[Block]) -> set[str]:
    """The item titles a contents page lists ("2. Bygningsvedligeholdelse 2013 … 3")."""
    titles = set()
    for block in blocks:
        if block.is_contents:
            m = NUMBERED_PARTS.match(block.text)
            if m:
                title = re.sub(r"(?:\s*\.{2,}\s*|\s+)\d{1,3}$", "", m.group(2)).strip()
                titles.add(f"{m.group(1)}. {title}".lower())
    return titles


def agenda_item(text: str) -> tuple[str, str] | None:
    """(number, title) of an agenda item heading ("Punkt 3: Budget", "3. Budget")."""
    m = AGENDA_ITEM_RE.match(text)
    if m:
        return m.group(1), m.group(2).strip().rstrip(":") or text
    m = NUMBERED_PARTS.match(text)
    if m and "." not in m.group(1):
        return m.group(1), m.group(2).strip().rstrip(":")
    return None


def _wraps(title: Block, line: Block, after: Block | None) -> bool:
    """Whether `line` is the rest of an agenda item's title, wrapped at the line end: the title
    stops on a word that needs more ("… prisen på parkering i" / "Greve Centrum"), the rest
    goes on in lower case, or the item's case number line follows the rest."""
    parts = agenda_item(title.text)
    if (parts is None or not parts[1][:1].isupper() or title.is_contents or len(title.text) > 160
            or title.text.endswith(_SENTENCE_ENDS)):
        return False
    rest = line.text
    if (line.is_contents or line.is_list_item or line.lines > 2 or len(rest) > 100 or rest.endswith(_SENTENCE_ENDS)
            or agenda_item(rest) or _CASE_LINE.match(rest) or is_item_section(rest)):
        return False
    return (title.text.rsplit(None, 1)[-1].lower() in FUNCTION_WORDS or rest[:1].islower()
            or (after is not None and bool(_CASE_LINE.match(after.text))))


def _join_wrapped_titles(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with each agenda item title that a line break cut in two made whole again."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if out and _wraps(out[-1], block, after):
            title = out[-1]
            out[-1] = replace(title, text=f"{title.text} {block.text}", lines=title.lines + block.lines)
        else:
            out.append(block)
    return out


def _item_flags(blocks: Sequence[Block]) -> list[bool]:
    """Which blocks open an agenda item: "Punkt N", or "N. Title" followed by a case
    number line, ending in its case number or listed on the contents page. ("Spor 2. …", a part of an
    item's text, is none.)"""
    listed = _contents_titles(blocks)
    flags = []
    after_closed: int | None = None  # the number that follows a closed item's, while nothing opened since
    for i, block in enumerate(blocks):
        text = block.text
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
        parts = agenda_item(text)
        numbered = parts is not None and parts[1][:1].isupper()
        flag = not block.is_contents and len(text) <= 200 and (
            bool(AGENDA_ITEM_RE.match(text))
            or (numbered and (bool(_CASE_LINE.match(nxt) or _TITLE_CASE.search(text)) or is_closed_title(parts[1])
                              or " ".join(text.split()).lower() in listed
                              # the item after a closed one, which has no text of its own to tell it by: nothing
                              # under a closed item is kept, so its next number must open the next item
                              or (after_closed is not None and parts[0] == str(after_closed)
                                  and not text.endswith(_SENTENCE_ENDS))))
        )
        flags.append(flag)
        if flag and parts is not None:
            after_closed = int(parts[0]) + 1 if is_closed_title(parts[1]) and parts[0].isdigit() else None
    return flags


def _item_case_numbers(blocks: Sequence[Block], items: list[bool]) -> dict[int, str | None]:
    """Each agenda item's own case number, by the index of its heading: the first case number
    line between its heading and the next item's, or the one its title ends in (a case named later in
    its text is another's)."""
    starts = [i for i, flag in enumerate(items) if flag]
    return {start: next((m.group(1) for block in blocks[start:end]
                         if not block.is_contents and (m := CASE_NUMBER_LINE.search(block.text)
                                                       or (block is blocks[start] and _TITLE_CASE.search(block.text)))),
                        None)
            for start, end in zip(starts, starts[1:] + [len(blocks)])}


def heading_flags(blocks: Sequence[Block], speaker_lines: set[int], items: list[bool]) -> list[bool]:
    """Which blocks are headings: items, sections and numbered titles, then short titles."""
    n = len(blocks)
    flags = [False] * n
    numbered_list = False  # inside "1. …", "2. …" items that follow a lead-in with a colon
    for i, block in enumerate(blocks):
        text = block.text
        if block.is_contents:
            continue
        if items[i] or ((is_item_section(text) or DECISION_HEADING.match(text)) and block.lines <= 2):
            flags[i], numbered_list = True, False
            continue
        if i in speaker_lines or len(text) > 160 or block.lines > 3:
            numbered_list = numbered_list and bool(NUMBERED_HEADING_RE.match(text))
            continue
        if is_caps_heading(text):
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
        if numbered_list or _INNER_SENTENCE_END.search(text):
            continue
        if text.endswith((".", ";", ",", "!", "?")):
            flags[i] = len(text) <= 40 and len(text.split()) <= 5  # "6. Øvrige bemærkninger."
        else:
            flags[i] = True
    for i in range(n - 1, -1, -1):
        block = blocks[i]
        if flags[i] or block.is_contents or i in speaker_lines or NUMBERED_HEADING_RE.match(block.text):
            continue
        if not _title_candidate(block) or i + 1 >= n or (i + 1) in speaker_lines:
            continue
        if i > 0 and DECISION_HEADING.match(blocks[i - 1].text):
            continue  # the decision's own first line ("Indstillingen godkendt med denne bemærkning:"), under its heading
        nxt = blocks[i + 1]
        if flags[i + 1]:
            flags[i] = block.text.endswith(":") or (len(block.text) <= 80 and i == 0)
        elif nxt.is_list_item:
            flags[i] = not block.text.endswith(":")  # "… følgende input:" leads a list
        elif _body_like(nxt):
            flags[i] = nxt.text[0].isupper() or nxt.text[0].isdigit() or nxt.text[0] in "\"»”("
        # else: a run of short lines (a table, an address block) has no titles
    return flags


def units(blocks: Sequence[Block]) -> list[Unit]:
    """Attach headings, agenda items (with their case numbers) and speakers to blocks; every
    block's text is kept."""
    blocks = _join_wrapped_titles(blocks)
    speakers = {i: parse_speaker_line(b.text) for i, b in enumerate(blocks) if b.text.endswith(":")}
    speaker_lines = {i for i, s in speakers.items() if s is not None}
    # Ministers are announced without their party; take it from their other speeches.
    party_of = {s.name: s.party for s in speakers.values() if s is not None and s.party}
    for i in speaker_lines:
        s = speakers[i]
        if s is not None and s.party is None and s.name in party_of:
            speakers[i] = replace(s, party=party_of[s.name])
    items = _item_flags(blocks)
    cases = _item_case_numbers(blocks, items)
    flags = heading_flags(blocks, speaker_lines, items)
    out: list[Unit] = []
    heading: str | None = None
    item: tuple[str, str] | None = None
    case: str | None = None
    current: Speaker | None = None  # the transcript speaker whose speech runs on
    closed = False  # under a closed agenda item: its title is public, nothing under it is
    for i, block in enumerate(blocks):
        is_agenda = items[i]
        if is_agenda:
            closed = is_closed_title((agenda_item(block.text) or ("", block.text))[1])
        elif closed and not block.is_contents:
            continue
        if i in speaker_lines:
            current = speakers[i]
            continue
        # Inside a transcript speech only a new agenda item is a heading.
        if not block.is_contents and (is_agenda or (current is None and flags[i])):
            heading = block.text.rstrip(":").rstrip()
            if is_agenda:
                current = None
                item, case = agenda_item(heading), cases[i]
            out.append(Unit(block.text, block.page, heading, None, True, False, *(item or (None, None)),
                            False, block.ocr, case))
            continue
        speaker = current if current is not None else minutes_speaker(block.text)
        if speaker is not None and speaker.name is None:
            speaker = None
        out.append(Unit(block.text, block.page, None if block.is_contents else heading, speaker, False,
                        block.is_list_item, *((None, None) if block.is_contents else (item or (None, None))),
                        block.is_contents, block.ocr, None if block.is_contents else case))
    return out
