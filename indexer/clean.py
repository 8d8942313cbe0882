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
* sentences run together by exports ("stemmes.Det ser") get their space back.

Every function is pure and linear in the size of its input.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

# Bullet glyphs seen in exports, including Symbol-font private-use ones ("", "").
_BULLET_GLYPHS = "•●▪■□◦○◆◇►▸➢➤✓✔·∙\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06e\uf071"
_PUA_BULLETS = re.compile("[\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06e\uf071]")

LIST_ITEM_RE = re.compile(
    rf"^(?:[{_BULLET_GLYPHS}]\s*(?=\S)"  # • item
    r"|-\s*(?=\S)"  # - item, -item (a line never starts with a hyphenation remainder)
    r"|–\s+(?=[A-ZÆØÅ])"  # – Item (an en dash before lowercase continues a sentence)
    r"|\d{1,2}[.)]\s*(?=[A-ZÆØÅ\"»”(])(?!\d)"  # 1. Item, 2) Item
    r"|[a-h]\)\s+(?=\S))"  # a) item
)
_BULLET_PREFIX = re.compile(rf"^(?:[{_BULLET_GLYPHS}]|-|–)\s*")

# Page furniture: whole lines that belong to the page, not to the text.
_FURNITURE = [
    re.compile(r"^(?:side|page|s\.)\s*\d{1,4}\s*(?:af|of|/|ud af)\s*\d{1,4}$", re.I),
    re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:,? \d{1,2}[:.]\d{2}(?: ?[AP]M)?)?\s*\|.{0,80}$"),
    re.compile(r"^(?:https?://|www\.|file:/)\S+\s+\d{1,4}\s*/\s*\d{1,4}$"),  # print-footer URL + "6/6"
    re.compile(r"^mailto:\S+$"),  # link-annotation dumps
    re.compile(r"^\[Til [^\]]{1,40}\]$"),  # web navigation: "[Til toppen]"
    re.compile(r"^[\ue000-\uf8ff]?\s*Tilbage$"),  # web navigation: " Tilbage"
]
_PAGE_NUMBER = re.compile(r"^[-–(]?\s*(?:side\s*)?\d{1,4}\s*[-–)]?$", re.I)

_SENTENCE_END = re.compile(r"[.!?:][\"»«”’)\]]*$")
_ALL_CAPS = re.compile(r"^[^a-zæøåäöüé]*$")
_HEADING_LINE = re.compile(r"^(?:Punkt|Spor|Pkt\.)\s+\d+\.")
_NUMBERED_LINE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s*[A-ZÆØÅ]")
_ORDINAL_END = re.compile(r"(?:^|\s)\d{1,2}\.$")  # "… til 15." + "oktober 2015"
# Words after "aktivitets-" that mean the hyphen is real ("aktivitets- og samværstilbud").
_KEEP_HYPHEN_BEFORE = {"og", "eller", "samt", "til", "hhv", "henholdsvis", "såvel", "el", "&"}
# A heading line does not end on a word that needs a continuation.
_OPEN_ENDINGS = {"og", "i", "af", "til", "med", "for", "den", "det", "de", "en", "et", "samt", "om", "på", "at", "eller"}

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


def normalize_text(text: str) -> str:
    """NFC-normalise and map look-alike characters to plain ones.

    No-break and odd spaces become spaces, soft hyphens and zero-width characters go,
    Symbol-font bullets become "•", CR/CRLF become LF.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\v]", " ", text)
    text = re.sub(r"[\u00ad\u200b-\u200d\u2060\ufeff]", "", text)
    return _PUA_BULLETS.sub("•", text)


def is_furniture(line: str) -> bool:
    """Whether a whole line is page furniture (page counter, print header, link dump)."""
    stripped = line.strip()
    return bool(stripped) and any(p.match(stripped) for p in _FURNITURE)


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


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page furniture from pages of lines; every other line is kept, in order.

    Furniture is a line `is_furniture` recognises, a bare page number at a page's top
    or bottom, or a running header/footer: a line (digits aside) repeated within the
    first or last three lines of at least half the pages (and of two or more).
    """
    return [[line for line in lines if not is_furniture(line)] for lines in _strip_running_lines(pages)]


def _strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop lines repeated at the top or bottom of many pages (running headers/footers)."""
    if len(pages) < 2:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    def edges(lines: list[str]) -> list[int]:
        idx = [i for i, line in enumerate(lines) if line.strip()]
        return sorted(set(idx[:3] + idx[-3:]))

    counts: dict[str, int] = {}
    for lines in pages:
        for k in {key(lines[i]) for i in edges(lines)}:
            counts[k] = counts.get(k, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in counts.items() if n >= need and len(k) >= 3}
    out = []
    for lines in pages:
        drop = {i for i in edges(lines) if key(lines[i]) in running or _PAGE_NUMBER.match(lines[i].strip())}
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out


@dataclass
class _Line:
    raw: str  # as in the source, trailing spaces kept (they mark paragraph ends)
    page: int | None

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


def _paragraph_ends(a: _Line, b: _Line, width: int) -> bool:
    """Whether the paragraph ends between two adjacent non-blank lines."""
    at, bt = a.text, b.text
    if LIST_ITEM_RE.match(bt) or _HEADING_LINE.match(bt) or _HEADING_LINE.match(at):
        return True
    if _is_caps_heading(bt) or _is_caps_heading(at):
        return True
    if _continues(at, bt):
        return False
    trailing = len(a.raw) - len(a.raw.rstrip())
    if _NUMBERED_LINE.match(bt) and (_NUMBERED_LINE.match(at) or len(at) < 0.85 * width):
        return True  # "4. Netværksgruppens arbejde i 2014" + "4.1 Organisering:"
    if _ORDINAL_END.search(at):
        return False
    if trailing >= 2 and bt[:1].isupper():
        return True  # some exports mark a paragraph's last line with trailing spaces
    if _SENTENCE_END.search(at):
        return trailing >= 2 or len(at) < 0.8 * width
    if at.endswith(("-", ",", ";")) or not bt[:1].isupper():
        return False
    if _NUMBERED_LINE.match(at):
        # "7. Afrunding og skift af lokale" + "Mia fortæller…": a numbered heading ends
        # unless its last word needs a continuation.
        return at.rsplit(" ", 1)[-1].lower() not in _OPEN_ENDINGS
    return len(at) < 0.6 * width


def _is_caps_heading(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    return 4 <= letters and len(text) <= 80 and bool(_ALL_CAPS.match(text)) and "@" not in text


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
        if nxt in _KEEP_HYPHEN_BEFORE:
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
    open_ended = sum(1 for text in followed if not _SENTENCE_END.search(text))
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
        if is_item and not re.match(r"^\d|^[a-h]\)", text):
            text = "• " + _BULLET_PREFIX.sub("", text, count=1)
        blocks.append(Block(text, parts[0].page, is_item, len(parts)))
        parts.clear()

    pending_break = False
    empties = 0
    for line in lines:
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
            if pending_break:
                if not _continues(prev.text, line.text):
                    flush()
            elif _paragraph_ends(prev, line, width):
                flush()
        parts.append(line)
        pending_break = False
    flush()
    return blocks


def clean_pages(pages: Sequence[tuple[int | None, str]]) -> list[Block]:
    """Turn the raw text of a document's pages into clean blocks.

    Args:
        pages: `(page number, raw text)` in page order; plain-text files pass one page
            (number None or 1); form feeds inside a text split it into pages.

    Returns:
        Blocks in reading order; a paragraph cut by a page break is one block that
        carries the page it starts on.
    """
    split: list[tuple[int | None, list[str]]] = []
    for number, text in pages:
        sub_pages = normalize_text(text).split("\f")
        for i, sub in enumerate(sub_pages):
            page = number if len(sub_pages) == 1 or number is None else number + i
            split.append((page, sub.split("\n")))
    kept = strip_furniture([lines for _, lines in split])
    stream: list[_Line] = []
    for (page, _), lines in zip(split, kept):
        # A page end is a line end, not a paragraph end: the stream just goes on.
        stream.extend(_Line(raw, page) for raw in lines)
    full = "\n".join(line.text for line in stream)
    hyphenated = {w.lower() for w in _WORD.findall(full) if "-" in w}
    words = {w.lower() for w in re.findall(r"\w+", full)}
    blocks = _blocks_from_lines(stream, hyphenated, words)
    return [Block(separate_sentences(b.text), b.page, b.is_list_item, b.lines) for b in blocks]


def clean_text(text: str) -> str:
    """Clean a plain text; paragraphs are separated by a blank line. Handy for tests."""
    return "\n\n".join(block.text for block in clean_pages([(None, text)]))
