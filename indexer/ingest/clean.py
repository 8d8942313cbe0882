"""Cleaning: raw page text in, clean blocks (paragraphs and list items) out.

In:  the pages of a `Document` as `(page number, raw text)` pairs.
Out: `Block`s — one per paragraph, heading line or list item — in reading order, each
     with the page it starts on. Nothing here knows about headings or speakers; that
     is `segment`'s job.

What a reader of the result should not notice is removed or repaired:

* page furniture ("Side 9 af 10", browser print headers and their URL lines, link
  dumps, running headers/footers repeated across pages, bare page numbers);
* words hyphenated at line ends ("be-" + "mærkninger"), while real hyphens stay
  ("aktivitets- og samværstilbud", "2015-0135051", "Nord-Vest");
* hard line breaks: lines are re-flowed into paragraphs, also across page breaks;
* sentences run together by exports ("stemmes.Det ser") get their space back;
* PDF glyph quirks: ligatures ("ﬁ", "ff" extracted as U+01AF), private-use bullets,
  small caps extracted in mixed case ("InDlæggelSe"), footnote numbers glued to a
  word ("landdistriktet.1");
* contents pages ("1. Meddelelser ...... 3") and footnotes' references ("14Skolebørnsundersøgelsen
  2010. Rasmussen, M. (red.) …") are kept for reading but marked `is_contents`: never searched.

`clean_document` also returns the running header/footer lines it removed, in the
words of the first page that has them: metadata reads body and date from there.

Every function is pure and linear in the size of its input.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from indexer.ingest.furniture import contents_lines, is_furniture, split_running, strip_furniture  # noqa: F401
from indexer.ingest.lexicon import (
    AGENDA_ITEM_RE, BULLET_PREFIX, DECISION_HEADING, KEEP_HYPHEN_BEFORE, LIGATURES, LIST_ITEM_RE,
    NUMBERED_LINE, OPEN_ENDINGS, ORDINAL_END, PART_HEADING_RE, PUA_BULLETS, SENTENCE_END, is_caps_heading,
    is_item_section,
)
from indexer.sources.common import DIRECTION

_RUN_TOGETHER = re.compile(
    r"(?<=[a-zæøåäöüé0-9%)\]])([.!?]+[\"«”’)\]]*|:)(?=[»“„\"(]?[A-ZÆØÅ](?:[a-zæøåäöüé]|\s))"
)
_WORD = re.compile(r"\w+(?:-\w+)*")


@dataclass(frozen=True)
class Block:
    """One clean paragraph, heading line or list item.

    `lines` is how many source lines it was made of (a heading is usually one or two).
    """

    text: str
    page: int | None
    is_list_item: bool = False
    lines: int = 1
    is_contents: bool = False  # a line of a contents page or a footnote's reference: read, never searched
    ocr: bool = False  # read by OCR from an image of the page


@dataclass
class CleanText:
    """A document's clean blocks and the running lines (header/footer) taken off its pages."""

    blocks: list[Block]
    running: list[str]  # as on the first page that has them, top first


def normalize_text(text: str) -> str:
    """NFC-normalise and map look-alike characters to plain ones.

    No-break and odd spaces become spaces, soft hyphens and zero-width characters go,
    Symbol-font bullets become "•", other private-use glyphs and control characters go, CR/CRLF become LF.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\v]", " ", text)
    text = re.sub(r"[\u00ad\u200b-\u200d\u2060\ufeff\ufffe]", "", text)
    text = text.translate(_LIGATURE_TABLE)
    text = _SMALL_CAPS.sub(_repair_small_caps, text)
    text = _FOOTNOTE.sub(r"\1 \2", text)
    text = PUA_BULLETS.sub("•", text)
    # what is left of control characters (a NUL from a symbol font) and private-use glyphs draws nothing
    # a reader can use, and would stand in titles and citations
    return _UNPRINTABLE.sub("", text)


_LIGATURE_TABLE = str.maketrans(LIGATURES)
# \n and \f (a page) stay; direction marks and overrides go (`sources.common.DIRECTION`)
_UNPRINTABLE = re.compile(f"[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff{DIRECTION}]")
# A capitalised word with capitals inside it ("InDlæggelSe"): small caps extracted by case.
_SMALL_CAPS = re.compile(r"\b[A-ZÆØÅ][a-zæøå]*(?:[A-ZÆØÅ][a-zæøå]*){2,}\b")
# A footnote number after a word's last letter and a full stop ("landdistriktet.1 Det").
_FOOTNOTE = re.compile(r"(?<=[a-zæøå]{3})([.,;])(\d{1,2})(?=\s|$)")


def _repair_small_caps(m: re.Match[str]) -> str:
    """Lower-case a small-caps word; leave glued words ("LangMellemKort") and acronyms alone."""
    word = m.group(0)
    chunks = re.findall(r"[A-ZÆØÅ][a-zæøå]*", word)
    if len(chunks[0]) >= 2 and any(len(chunk) <= 2 for chunk in chunks):
        return word[0] + word[1:].lower()
    return word


def separate_sentences(text: str) -> str:
    """Put back the space exports dropped between sentences ("stemmes.Det" → "stemmes. Det").

    Numbers ("kl.12:04", "nr.2-8"), initials ("Karen J.Klint"), lowercase continuations
    ("jf.nedenfor") and e-mail/web addresses are left alone.
    """

    def fix(m: re.Match[str]) -> str:
        s = m.string
        start = max(s.rfind(" ", 0, m.start()), s.rfind("\n", 0, m.start())) + 1
        end_sp = s.find(" ", m.end())
        token = s[start : end_sp if end_sp != -1 else len(s)]
        if "@" in token or "://" in token or "www." in token.lower():
            return m.group(1)
        return m.group(1) + " "

    return _RUN_TOGETHER.sub(fix, text)


@dataclass
class _Line:
    raw: str  # as in the source, trailing spaces kept (they mark paragraph ends)
    page: int | None
    contents: bool = False
    ocr: bool = False

    @property
    def text(self) -> str:
        return self.raw.strip()


def _is_blank(line: str) -> bool:
    return not line.strip()


def _width(lines: Iterable[_Line]) -> int:
    """The typical full line width: the 90th percentile of non-blank line lengths."""
    lengths = sorted(len(line.text) for line in lines if line.text)
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


def _continues(prev: str, nxt: str) -> bool:
    """A break between these two lines cannot be a paragraph end (cut mid-sentence)."""
    return bool(prev) and bool(nxt) and (prev[-1].isalpha() or prev[-1] in ",-") and nxt[0].islower()


def _title_line(b: _Line, after: _Line | None, width: int) -> bool:
    """A short line of a few words with no sentence end, between a sentence's end and a capital: a
    subheading ("… alene stoffri behandling." + "Afgørelse om tildeling af substitutionsbehandling" +
    "Alle borgere …"), not the first line of the paragraph that goes on after it."""
    text = b.text
    # (two words at least: a lone word there is as often a figure's label or a footnote's publisher)
    return (len(text) < 0.6 * width and 2 <= len(text.split()) <= 8 and text[:1].isupper()
            and not text.endswith((".", ",", ";", ":", "!", "?", "-"))
            and text.rsplit(" ", 1)[-1].lower() not in OPEN_ENDINGS
            and after is not None and after.text[:1].isupper())


def _paragraph_ends(a: _Line, b: _Line, width: int, after: _Line | None = None) -> bool:
    """Whether the paragraph ends between two adjacent non-blank lines (`after`: the line after `b`)."""
    at, bt = a.text, b.text
    if a.contents != b.contents or (a.contents and at[-1:].isdigit()):
        return True  # each contents entry on its own; a long one may wrap
    if LIST_ITEM_RE.match(bt) or any(r.match(t) for r in (AGENDA_ITEM_RE, PART_HEADING_RE) for t in (at, bt)):
        return True
    if is_caps_heading(bt) or is_caps_heading(at) or is_item_section(bt) or is_item_section(at):
        return True
    if DECISION_HEADING.match(bt) or DECISION_HEADING.match(at):
        return True  # the heading stands alone, so the decision under it is read under it
    if _continues(at, bt):
        return False
    if a.page != b.page and SENTENCE_END.search(at) and (bt[:1].isupper() or _NOTE_START.match(bt)):
        return True  # a sentence ended the page: what the next opens is cited at its own page (a footnote, a box)
    trailing = len(a.raw) - len(a.raw.rstrip())
    if NUMBERED_LINE.match(bt) and (NUMBERED_LINE.match(at) or len(at) < 0.85 * width):
        return True  # "4. Netværksgruppens arbejde i 2014" + "4.1 Organisering:"
    if ORDINAL_END.search(at):
        return False
    if trailing >= 2 and bt[:1].isupper():
        return True  # some exports mark a paragraph's last line with trailing spaces
    if SENTENCE_END.search(at):
        return trailing >= 2 or len(at) < 0.8 * width or _title_line(b, after, width)
    if at.endswith(("-", ",", ";")) or not bt[:1].isupper() or at.rsplit(" ", 1)[-1].lower() in OPEN_ENDINGS:
        return False  # "Valgprotokoll for valgstyret i" + "Nord-Odal kommune": one line goes on
    if NUMBERED_LINE.match(at):
        # "7. Afrunding og skift af lokale" + "Mia fortæller…": a numbered heading ends
        # unless its last word needs a continuation.
        return at.rsplit(" ", 1)[-1].lower() not in OPEN_ENDINGS
    return len(at) < 0.6 * width


def _join(left: str, right: str, hyphenated: set[str], words: set[str]) -> str:
    """Join two lines of one paragraph, re-joining a word hyphenated at the line end."""
    if not left:
        return right
    if len(left) >= 2 and left[-1] == "-" and left[-2].isdigit() and right[:1].isdigit():
        return left + right  # "2015-" + "0135051"
    if len(left) >= 2 and left[-1] == "-" and left[-2].isalpha():
        m = re.match(r"\w+", right)
        if m is None or not right[0].islower():
            return left + right  # "Nord-" + "Vest", "2015-" + "0135051", "opgangs-" + "/bo…"
        nxt = m.group(0)
        if nxt in KEEP_HYPHEN_BEFORE:
            return left + " " + right  # "aktivitets-" + "og samværstilbud"
        stem = re.search(r"\w+$", left[:-1])
        stem_text = stem.group(0) if stem else ""
        if f"{stem_text}-{nxt}".lower() in hyphenated and f"{stem_text}{nxt}".lower() not in words:
            return left + right  # the document spells it with a hyphen elsewhere
        return left[:-1] + right
    return left + " " + right


def _blocks_from_lines(lines: list[_Line], hyphenated: set[str], words: set[str]) -> list[Block]:
    width = _width(lines)
    nonblank = sum(1 for line in lines if line.text)
    followed = [a.text for a, b in zip(lines, lines[1:]) if a.text and b.raw == ""]
    open_ended = sum(1 for text in followed if not SENTENCE_END.search(text))
    # Some exports put an empty line after every line (most of which end mid-sentence);
    # then only whitespace-only lines, or long runs of empty ones, separate paragraphs.
    doubled = nonblank >= 6 and len(followed) >= 0.6 * nonblank and open_ended >= 0.3 * len(followed)

    blocks: list[Block] = []
    parts: list[_Line] = []

    def flush() -> None:
        if not parts:
            return
        text = ""
        for part in parts:
            text = _join(text, part.text, hyphenated, words)
        text = re.sub(r" {2,}", " ", text).strip()
        is_item = bool(LIST_ITEM_RE.match(text))
        if is_item and not re.match(r"^\d|^[a-hA-H][.)]", text):
            text = "• " + BULLET_PREFIX.sub("", text, count=1)
        blocks.append(Block(text, parts[0].page, is_item, len(parts), parts[0].contents,
                            any(part.ocr for part in parts)))
        parts.clear()

    pending_break = False
    empties = 0
    for at, line in enumerate(lines):
        if not line.text:
            if line.raw == "" and doubled:
                empties += 1
                pending_break = pending_break or empties >= 3
            else:
                pending_break = True
            continue
        empties = 0
        if parts:
            prev = parts[-1]
            if prev.contents != line.contents:
                flush()
            elif pending_break:
                if not _continues(prev.text, line.text):
                    flush()
            elif _paragraph_ends(prev, line, width, next((x for x in lines[at + 1:at + 3] if x.text), None)):
                flush()
        parts.append(line)
        pending_break = False
    flush()
    return blocks


def clean_document(
    pages: Sequence[tuple[int | None, str]], ocr_pages: Iterable[int] = ()
) -> CleanText:
    """Turn the raw text of a document's pages into clean blocks and its running lines.

    Args:
        pages: `(page number, raw text)` in page order; plain-text files pass one page
            (number None or 1); form feeds inside a text split it into pages.
        ocr_pages: numbers of the pages whose text OCR read; their blocks are marked.

    Returns:
        Blocks in reading order (a paragraph cut by a page break is one block that
        carries the page it starts on), and the running header/footer lines removed.
    """
    ocr = set(ocr_pages)
    split: list[tuple[int | None, list[str]]] = []
    for number, text in pages:
        sub_pages = normalize_text(text).split("\f")
        for i, sub in enumerate(sub_pages):
            page = number if len(sub_pages) == 1 or number is None else number + i
            split.append((page, sub.split("\n")))
    parted = split_running([lines for _, lines in split])
    # Every distinct running line, first page first: a scan's header may be misread on one page.
    running = list(dict.fromkeys(line for _, removed in parted for line in removed))[:40]
    stream: list[_Line] = []
    for (page, _), (lines, _) in zip(split, parted):
        contents = contents_lines(lines)
        # A page end is a line end, not a paragraph end: the stream just goes on.
        stream.extend(_Line(raw, page, i in contents, page in ocr) for i, raw in enumerate(lines))
    full = "\n".join(line.text for line in stream)
    hyphenated = {w.lower() for w in _WORD.findall(full) if "-" in w}
    words = {w.lower() for w in re.findall(r"\w+", full)}
    blocks = [
        Block(text, b.page, b.is_list_item, b.lines, b.is_contents or is_note, b.ocr)
        for b in _blocks_from_lines(stream, hyphenated, words)
        for text, is_note in (split_notes(separate_sentences(b.text)) if not b.is_contents else [(separate_sentences(b.text), False)])
    ]
    return CleanText(blocks, running)


# A footnote in a report's text: its number glued to the capitalised first word ("14Skolebørnsundersøgelsen
# 2010. Rasmussen, M., Due, P. (red.). København: …"), where a block or a sentence starts. Where the page
# put the footnotes, extraction puts them in the text; under a section's heading they would answer
# questions on the section ("rygning": three references among the first four results).
_NOTE_START = re.compile(r"(?:^|(?<=[.!?»”)] )|(?<=\n))([1-9]\d?)(?=[A-ZÆØÅ][a-zæøåA-ZÆØÅ])")
# What makes it a reference, not a table's number glued to its next cell ("88Totalt antall …").
_REFERENCE = re.compile(r"\b(?:19|20)\d\d\b|\(red\.\)|\bet al\.|\bJf\.|https?://|www\.")
# A reference ends with its publisher and year ("Sundhedsstyrelsen, 2011.", "KL, august 2010."), else
# with a sentence that holds a year ("Psychiatry 2004;61:361-8.").
_PUBLISHED = re.compile(r",(?: [\w.]+){0,2} (?:19|20)\d\d(?:[;:,][^.]{0,40})?\.(?=\s|$)")
_YEAR_END = re.compile(r"\b(?:19|20)\d\d(?:[;:,][^.]{0,40})?\.(?=\s|$)")
MAX_NOTE = 250  # characters: a longer run after a footnote number is the text going on
_NOTE_TAIL = 60  # a reference's end carried over from the page before, ahead of the next one


def split_notes(text: str) -> list[tuple[str, bool]]:
    """`text` as (piece, is a footnote's reference) in reading order; one piece when it has none."""
    starts = [m.start() for m in _NOTE_START.finditer(text)]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for i, start in enumerate(starts):
        if start < at:
            continue
        end = _note_end(text, start, starts[i + 1] if i + 1 < len(starts) else len(text))
        if end is None or not _REFERENCE.search(text, start, end):
            continue
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    pieces = [(piece.strip(), note) for piece, note in pieces if piece.strip()]
    if (len(pieces) > 1 and not pieces[0][1] and pieces[1][1] and len(pieces[0][0]) <= _NOTE_TAIL
            and _YEAR_END.search(pieces[0][0])):
        pieces[0] = (pieces[0][0], True)
    return pieces or [(text, False)]


def _note_end(text: str, start: int, limit: int) -> int | None:
    """Where the reference starting at `start` ends, before `limit` (the next one); None: no reference."""
    window = min(limit, start + MAX_NOTE)
    published = [m.end() for m in _PUBLISHED.finditer(text, start, window)]
    if published:
        return published[-1]
    if limit - start <= MAX_NOTE:
        return limit
    found = _YEAR_END.search(text, start, window)
    return found.end() if found else None


def clean_pages(pages: Sequence[tuple[int | None, str]]) -> list[Block]:
    """The blocks of `clean_document` (for callers that need no running lines)."""
    return clean_document(pages).blocks


def clean_text(text: str) -> str:
    """Clean a plain text; paragraphs are separated by a blank line. Handy for tests."""
    return "\n\n".join(block.text for block in clean_pages([(None, text)]))
