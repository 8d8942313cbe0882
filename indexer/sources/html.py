"""HTML fields of meeting systems to plain text, with the stdlib `html.parser`.

In:  an HTML fragment as a meeting system stores an agenda item's field (FirstAgenda's
     `Felter[].Html`, SBSYS's `ItemField/Content`).
Out: `Block`s in reading order (headings, paragraphs, list items, table rows), or the
     fragment as plain text: paragraphs separated by blank lines, list items as lines
     starting "- ", or with their number in an ordered list ("1. ", "2. ": a decision names a
     recommendation's points by them), table rows as lines with cells separated by " | ".

<script>, <style> and the like are dropped with their content; entities are decoded;
runs of white space (non-breaking spaces included) become one space.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from indexer.sources.common import squashed

# Elements whose content is never text for a reader.
_DROPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg"})
# Elements that end the running paragraph where they start and where they end.
_BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "blockquote",
    "pre", "address", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "ul", "ol", "dl",
    "dt", "dd", "hr", "center", "form", "fieldset", "body", "html",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Inside a table row these only separate words.
_IN_CELL = (_BLOCKS - {"table"}) | _HEADINGS | {"li", "br"}
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"})


@dataclass(frozen=True)
class Block:
    """One unit of text: kind is "heading", "paragraph", "item" (list item) or "row" (table row);
    an item of an ordered list has its number as the list shows it ("2", "b", "iv")."""

    kind: str
    text: str
    number: str | None = None


# An ordered list's style ("list-style-type: lower-alpha" or type="a"): how its numbers are shown.
_STYLE = re.compile(r"list-style-type\s*:\s*([\w-]+)", re.I)
_STYLES = {"lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A", "upper-latin": "A",
           "lower-roman": "i", "upper-roman": "I"}
# A list item that says its own number ("1. at …", "b) …") is not numbered again.
_OWN_NUMBER = re.compile(r"^(?:\d{1,3}|[a-zA-Z])\s*[.)]\s")


def _ordered(attrs: dict[str, str | None]) -> tuple[int, str]:
    """An <ol>'s first number and style ("1", "a", "A", "i" or "I")."""
    start = (attrs.get("start") or "").strip()
    style = _STYLE.search(attrs.get("style") or "")
    kind = _STYLES.get(style.group(1).lower(), "1") if style else (attrs.get("type") or "1").strip()
    return (int(start) if start.isdigit() else 1), (kind if kind in ("1", "a", "A", "i", "I") else "1")


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        out += letters * count
    return out


def _shown(number: int, kind: str) -> str:
    """A list item's number as its list shows it: 2 → "2", "b", "B", "ii" or "II"."""
    if kind in ("a", "A") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if kind == "A" else letter
    if kind in ("i", "I") and number >= 1:
        return _roman(number).upper() if kind == "I" else _roman(number)
    return str(number)


def _squash(text: str) -> str:
    return squashed(text)


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._kind = "paragraph"
        self._lines: list[str] = [""]  # the running block, split at <br>
        self._cells: list[str] | None = None  # the running table row's cells
        self._dropping: list[str] = []  # open dropped elements (their text is ignored)
        self._heading_at: int | None = None  # len(blocks) when the open heading element began
        self._lists: list[tuple[int, str] | None] = []  # open lists, innermost last: an ordered one's next
        self._number: str | None = None  # number and its style; the running list item's number as shown

    # -- the running block ---------------------------------------------------------------
    def _flush(self, next_kind: str | None = None) -> None:
        """End the running block. The next block is `next_kind`; with None, an empty running
        block keeps its kind (`<li><p>text</p></li>` is still a list item)."""
        if self._cells is not None:  # text between cells belongs to the current cell
            self._close_cell()
        lines = [_squash(line) for line in self._lines]
        # Two <br> in a row separate paragraphs; one is a line break inside the paragraph.
        chunks: list[list[str]] = [[]]
        for line in lines:
            if line:
                chunks[-1].append(line)
            elif chunks[-1]:
                chunks.append([])
        chunks = [c for c in chunks if c]
        for i, chunk in enumerate(chunks):
            # Only the first chunk of a list item carries the item's marker.
            kind = self._kind if i == 0 or self._kind != "item" else "paragraph"
            self.blocks.append(Block(kind, "\n".join(chunk), self._number if kind == "item" else None))
        if chunks or next_kind is not None:
            self._kind = next_kind or "paragraph"
            if self._kind != "item":
                self._number = None
        self._lines = [""]

    def _close_cell(self) -> None:
        assert self._cells is not None
        cell = _squash(" ".join(self._lines))
        if cell:
            self._cells.append(cell)
        self._lines = [""]

    # -- parser events -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._dropping:
            if tag in _DROPPED:
                self._dropping.append(tag)
            return
        if tag in _DROPPED:
            self._dropping.append(tag)
        elif self._cells is not None and tag in _IN_CELL:
            self._lines[-1] += " "  # a table row stays one line, whatever its cells hold
        elif tag in _HEADINGS:
            self._flush("heading")
            self._heading_at = len(self.blocks)
        elif tag == "li":
            self._flush("item")
            ordered = self._lists[-1] if self._lists else None
            self._number = _shown(*ordered) if ordered else None
            if ordered:
                self._lists[-1] = (ordered[0] + 1, ordered[1])
        elif tag in ("ol", "ul"):
            self._flush()
            self._lists.append(_ordered(dict(attrs)) if tag == "ol" else None)
        elif tag == "tr":
            self._flush()
            self._cells = []
        elif tag in ("td", "th"):
            if self._cells is not None:
                self._close_cell()
        elif tag == "br":
            self._lines.append("")
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self.handle_data(f" {alt.strip()} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag in _BLOCKS:
            self.handle_starttag(tag, attrs)
        # A self-closed non-void element (<div/>) has no content: nothing to do.

    def handle_endtag(self, tag: str) -> None:
        if self._dropping:
            if tag == self._dropping[-1]:
                self._dropping.pop()
            return
        if tag == "tr" and self._cells is not None:
            self._close_cell()
            if self._cells:
                self.blocks.append(Block("row", " | ".join(self._cells)))
            self._cells = None
            self._kind, self._lines = "paragraph", [""]
        elif tag in ("td", "th"):
            if self._cells is not None:
                self._close_cell()
        elif self._cells is not None and tag in _IN_CELL:
            self._lines[-1] += " "
        elif tag in _HEADINGS or tag == "li":
            self._flush("paragraph")
            if tag in _HEADINGS and self._heading_at == len(self.blocks):
                # An empty heading still ends the section above it (Greve's templates leave
                # a blank <h2> before the case text).
                self.blocks.append(Block("heading", ""))
            self._heading_at = None
        elif tag in ("ol", "ul"):
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self._lines[-1] += data

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[Block]:
    """The fragment's text as blocks in reading order. Empty blocks are left out, except an
    empty heading ("heading", ""), which still marks where a section ends."""
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def join_blocks(blocks: list[Block]) -> str:
    """Blocks as plain text: list items and table rows one to a line, other blocks
    separated by a blank line."""
    out: list[str] = []
    previous: str | None = None
    for block in blocks:
        if not block.text:
            continue
        marker = f"{block.number}. " if block.number and not _OWN_NUMBER.match(block.text) else "- "
        text = f"{marker}{block.text}" if block.kind == "item" else block.text
        if out:
            tight = block.kind == previous and block.kind in ("item", "row")
            out.append("\n" if tight else "\n\n")
        out.append(text)
        previous = block.kind
    return "".join(out)


def html_to_text(html: str) -> str:
    """The fragment as plain text (see the module docstring)."""
    return join_blocks(html_blocks(html))
