"""Page furniture: a document's pages of lines in; the lines that belong to the text out.

In:  pages as lists of lines (normalised text, one list per page).
Out: per page, the kept lines and the running lines taken off (`split_running`); the
     indices of a contents page's lines (`contents_lines`).

Furniture is found from what the document's layout repeats, not from a list of known
phrases: a line (digits aside) at the top or bottom of at least half the pages is a
running header or footer ("Sundheds- og Forebyggelsesudvalget / Referat / Dato:
04.12.2012 / Side 3", "1/3", a timestamp footer); bare page numbers at a page's edge
and print headers (a browser's date and time with the page's title), URL footers ("http://… 6/6", also
at the end of a text line) and link dumps go too.
"""
from __future__ import annotations

import re

from indexer.ingest.lexicon import CONTENTS_LINE, CONTENTS_TITLE

# Page furniture: whole lines that belong to the page, not to the text.
_FURNITURE = [
    re.compile(r"^(?:side|page|s\.)\s*\d{1,4}\s*(?:af|of|/|ud af)\s*\d{1,4}$", re.I),
    re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:,? \d{1,2}[:.]\d{2}(?: ?[AP]M)?)?\s*\|.{0,80}$"),
    re.compile(r"^(?:https?://|www\.|file:/)\S+\s+\d{1,4}\s*/\s*\d{1,4}$"),  # print-footer URL + "6/6"
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}\s+(?:https?://|www\.|file:/)\S+$"),  # the same, page first
    re.compile(r"^(?:https?://|www\.|file:/)\S+\s+(?:side|page)\s*\d{1,4}\s*(?:af|of|/)\s*\d{1,4}$", re.I),
    # a browser's print header: the date and time, then the page's title ("12.8.2015 13:45 Københavns Kommune",
    # "8/12/15, 1:45 PM Socialudvalget - Dagsorden")
    re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4},? \d{1,2}[:.]\d{2}(?: ?[AP]M)?(?:\s+[^.!?]{0,80})?$"),
    re.compile(r"^mailto:\S+$"),  # link-annotation dumps
    re.compile(r"^\[Til [^\]]{1,40}\]$"),  # web navigation: "[Til toppen]"
    re.compile(r"^[\ue000-\uf8ff]?\s*Tilbage$"),  # web navigation: " Tilbage"
]
# A print footer glued to the end of a text line by the reader ("… oktober 2015. http://www.kk.dk/…#attachments 6/6").
_TRAILING_FOOTER = re.compile(r"\s+(?:https?://|www\.)\S+\s+\d{1,4}\s*/\s*\d{1,4}\s*$")
_PAGE_NUMBER = re.compile(r"^[-–(]?\s*(?:side\s*)?\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–)]?$", re.I)

def is_furniture(line: str) -> bool:
    """Whether a whole line is page furniture (page counter, print header, link dump)."""
    stripped = line.strip()
    return bool(stripped) and any(p.match(stripped) for p in _FURNITURE)


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page furniture from pages of lines; every other line is kept, in order.

    Furniture is a line `is_furniture` recognises, a bare page number at a page's top
    or bottom, or a running header/footer line (see `running_keys`).
    """
    return [kept for kept, _ in split_running(pages)]


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def running_keys(pages: list[list[str]]) -> set[str]:
    """The lines (digits aside) that repeat at the top or bottom of many pages.

    A line counts when it is among the first or last `_EDGE` non-blank lines of at
    least half the pages (and of two or more): what the document's layout repeats,
    whatever its words ("Dato: 04.12.2012", "Side 3", "1/3", a timestamp footer).
    """
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        nonblank = [line for line in lines if line.strip()]
        for k in {_key(line) for line in nonblank[:_EDGE] + nonblank[-_EDGE:]}:
            counts[k] = counts.get(k, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in counts.items() if n >= need and len(k) >= 3 and any(c.isalnum() for c in k)}


_EDGE = 6


def split_running(pages: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """Per page: (kept lines, removed running lines). Furniture lines go everywhere.

    From each page's top (and bottom) lines are taken off while they are blank, bare
    page numbers or running lines not yet seen on this page: a title page repeating
    the header's words below the header keeps them.
    """
    running = running_keys(pages)
    out = []
    for lines in pages:
        drop: set[int] = set()
        for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
            seen: set[str] = set()
            for i in order:
                text = lines[i].strip()
                if not text:
                    continue
                k = _key(text)
                if (k in running and k not in seen) or _PAGE_NUMBER.match(text):
                    seen.add(k)
                    drop.add(i)
                else:
                    break
        kept = [_TRAILING_FOOTER.sub("", line) for i, line in enumerate(lines) if i not in drop and not is_furniture(line)]
        out.append((kept, [lines[i].strip() for i in sorted(drop) if lines[i].strip()]))
    return out


def contents_lines(lines: list[str]) -> set[int]:
    """Indices of a contents page's lines: after "Indhold(sfortegnelse)", or dot leaders."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    title = next((i for i in nonblank if CONTENTS_TITLE.match(lines[i].strip())), None)
    entries = [i for i in nonblank if CONTENTS_LINE.match(lines[i].strip())]
    dotted = [i for i in entries if "...." in lines[i]]
    if len(dotted) >= 3:
        first = title if title is not None else dotted[0]
        return {i for i in nonblank if first <= i <= dotted[-1] + 1}
    if title is not None:
        after = [i for i in nonblank if i > title]
        listed = [i for i in entries if i > title]
        if len(listed) >= 3 and len(listed) >= 0.5 * len(after):
            return {title, *after}
    return set()
