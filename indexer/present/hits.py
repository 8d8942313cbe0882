"""Presenting results: hits in; marked text, citations, CSV and Markdown out, in the reader's language.

Every word a reader sees comes from a `Wording` (`present.wording`). Document text is data:
everything here that produces HTML escapes it first.
"""
from __future__ import annotations

import csv
import difflib
import html
import io
import re
from typing import Iterable, Sequence

from indexer.minutes.takeups import standing_title
from indexer.present.wording import _FORMULA_START, ExportHeader, Wording, doc_type_label, long_date, title_in
from indexer.records import Hit
from indexer.sources.common import UNSHOWN


def _field(hit: Hit, name: str):
    """A hit field that newer indexes carry (case number, agenda item, OCR); None when absent."""
    return getattr(hit, name, None)


def _word_pattern(words: Iterable[str]) -> re.Pattern | None:
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")


def mark_words(text: str, words: Iterable[str], before: str, after: str) -> str:
    """`text` with each whole-word occurrence of `words` wrapped in `before`/`after`."""
    pattern = _word_pattern(words)
    return pattern.sub(lambda m: before + m.group(0) + after, text) if pattern else text


def highlight_html(text: str, words: Iterable[str]) -> str:
    """HTML-escaped `text` with `words` in <mark>; safe to render as HTML."""
    pattern = _word_pattern(words)
    if pattern is None:
        return html.escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[last:match.start()]))
        pieces.append("<mark>" + html.escape(match.group(0)) + "</mark>")
        last = match.end()
    pieces.append(html.escape(text[last:]))
    return "".join(pieces)


def is_upload(hit: Hit) -> bool:
    """Added through the app (archive folder `uploads/`), not an official record."""
    return hit.document.replace("\\", "/").startswith("uploads/")


# A title that only names the item by its number: "Punkt 0", "Pkt. 3", "Item 2."
_NUMBER_ONLY = re.compile(r"(?:punkt|pkt\.?|item)\s*(\d+)\.?", re.IGNORECASE)


def shown_item(number: str | None, title: str | None, opening: str) -> tuple[str | None, str | None]:
    """An agenda item's number and title as a reader should see them.

    A title that only repeats the number ("Punkt 3") is no title. Item 0 is what a sitting opens
    with before its first numbered item (the parliament's open data names it "Punkt 0. Punkt 0"):
    it has no number to show, and without a title of its own it is called `opening`."""
    number = " ".join(str(number).split()) if number is not None else ""
    title = " ".join((title or "").split())
    named = _NUMBER_ONLY.fullmatch(title)
    if named and (not number or named.group(1).lstrip("0") == number.lstrip("0")):
        title = ""
    if number and not number.strip("0"):  # "0", "00"
        return None, title or opening
    return number or None, title or None


def item_words(number: str | None, title: str | None, wording: Wording = Wording()) -> str | None:
    """"punkt 2 Tilgængelighed" (item 0: "indledning") when an agenda item is known, else None."""
    if not number and not title:
        return None
    number, title = shown_item(number, title, wording.opening)
    return " ".join(part for part in (wording.item if number else None, number, title) if part) or None


def also_in_line(labels: Sequence[str], wording: Wording = Wording()) -> str:
    """Where the same text stands too, on one line as exports and digests write it: "Også i:
    Byrådet · 4. april 2022 · punkt 12 …; …" ("Also in: …"); "" where nowhere else."""
    return f"{wording.also_in}: {'; '.join(labels)}" if labels else ""


def agenda_item(hit: Hit, wording: Wording = Wording()) -> str | None:
    """"punkt 2 Tilgængelighed" when the hit's agenda item is known."""
    return item_words(_field(hit, "item_number"), _field(hit, "item_title"), wording)


def _titled(hit: Hit, wording: Wording) -> str:
    """A hit's document as a reader names it: its title in the reader's words (`title_in`), else its path."""
    return title_in(hit.title, wording) or hit.document


def citation(hit: Hit, wording: Wording = Wording()) -> str:
    """Body, meeting date, document, agenda item, page, case number, heading and speaker; then the file."""
    parts = [hit.body or wording.unknown_body, hit.date or wording.undated, _titled(hit, wording)]
    item = agenda_item(hit, wording)
    if item:
        parts.append(item)
    elif hit.heading:
        parts.append(hit.heading)
    if hit.page:
        parts.append(f"{wording.page} {hit.page}")
    if _field(hit, "case_number"):
        parts.append(f"{wording.case} {_field(hit, 'case_number')}")
    if hit.speaker:
        parts.append(hit.speaker)
    line = ", ".join(" ".join(str(part).split()) for part in parts)
    line += f" ({wording.file}: {hit.document})"
    if is_upload(hit):
        line += f" [{wording.upload}]"
    return line


def _cell(value: object) -> str:
    text = "" if value is None else printable(str(value))  # no control or direction character in a spreadsheet
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(hits: Sequence[Hit], header: ExportHeader, wording: Wording = Wording()) -> bytes:
    """All hits as a CSV file that Excel opens as it is: UTF-8 with BOM, `Wording.delimiter` between cells (";" for
    Danish Excel, "," for English).

    The first lines say what was searched, with which filters and when; then one row per hit
    with the full citation in columns, and the other documents holding the same text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=wording.delimiter, lineterminator="\r\n")
    writer.writerow([wording.search, _cell(header.query)])
    writer.writerow([wording.filters, _cell(header.filters or wording.no_filters)])
    if header.mode:
        writer.writerow([wording.mode, header.mode])
    writer.writerow([wording.searched_at, header.searched_at])
    writer.writerow([wording.results, header.count(len(hits))])
    writer.writerow([])
    writer.writerow(wording.columns)
    for rank, hit in enumerate(hits, 1):
        writer.writerow([_cell(value) for value in (
            rank, hit.body, hit.date, title_in(hit.title, wording), hit.doc_type, _field(hit, "item_number"), _field(hit, "item_title"),
            hit.page, _field(hit, "case_number"), hit.heading, hit.speaker, hit.text, hit.document,
            wording.upload if is_upload(hit) else "", citation(hit, wording),
            f"{hit.score:.4f}".replace(".", wording.decimal), hit.id, "; ".join(hit.also_in))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# Where Markdown would make a link of plain text (GFM's autolinks, which escapes do not stop: "https://…",
# "www.…", "navn@sted.dk"): a word joiner, unseen, keeps it text.
_AUTOLINK = re.compile(r"(?i)(?<=\bhttps)(?=:)|(?<=\bhttp)(?=:)|(?<=\bwww)(?=\.)|(?<=@)(?=\w)")


def printable(text: str) -> str:
    """`text` without control and bidi characters (`sources.common.UNSHOWN`: they would turn the page's own words
    around them, "»evil 22-011409« er ikke et sagsnummer" read backwards): as a field shows what a link put in it."""
    return UNSHOWN.sub("", text)


def markdown_escape(text: str) -> str:
    """Text with Markdown and HTML characters escaped, so Streamlit shows it exactly as written
    (an entity such as "&lt;" too: it reads as typed, not as "<"), never a link, and without the control and
    bidi characters that would garble the words around it."""
    text = _AUTOLINK.sub("\u2060", printable(text))
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$:&-])", r"\\\1", text)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _inert(text: str | None) -> str:
    """Document text made inert in Markdown: HTML tags (<script>, <img onerror=…>), links and
    images ([x](javascript:…), <javascript:…>), entities and code spans are written as text
    (backslash escapes, which CommonMark shows as the character itself); control and direction characters left out."""
    return re.sub(r"([\\`<>\[\]&])", r"\\\1", printable(text or ""))


def to_markdown(hits: Sequence[Hit], header: ExportHeader, wording: Wording = Wording()) -> str:
    """All hits as a plain Markdown note: what was searched, then each paragraph quoted with its citation.

    Meant to be read or pasted as it is, so dates and file names are written plainly; what comes
    from the documents and the query cannot become HTML or a link (`_inert`).
    """
    lines = [f"# {wording.search}: {_inert(_one_line(header.query))}", "",
             f"- {wording.searched_at}: {header.searched_at}",
             f"- {wording.filters}: {_inert(_one_line(header.filters)) or wording.no_filters}"]
    if header.mode:
        lines.append(f"- {wording.mode}: {header.mode}")
    lines += [f"- {wording.results}: {header.count(len(hits))}", ""]
    for rank, hit in enumerate(hits, 1):
        # the agenda item too: a meeting's results would otherwise stand under one heading after another
        item = " ".join(filter(None, (wording.item, hit.item_number, hit.item_title))) if hit.item_title else ""
        heading = " · ".join(filter(None, (_titled(hit, wording), item)))
        lines += [f"## {rank}. {_inert(_one_line(heading))}", ""]
        lines += ["> " + _inert(line) if line.strip() else ">" for line in hit.text.splitlines() or [""]]
        lines += ["", f"{wording.source}: {_inert(citation(hit, wording))}"]
        if hit.also_in:  # the same text in other meetings' documents: counted for their bodies on the page
            lines.append(_inert(also_in_line(hit.also_in, wording)))
        lines.append("")
    return "\n".join(lines)


def _meta_line(parts: Iterable[str | None]) -> str:
    return " · ".join(html.escape(part) for part in parts if part)


def _repeats(heading: str, item_title: str | None) -> bool:
    """Whether a paragraph's heading is its agenda item's title again ("Punkt 7. 1. behandling af L 3: …", "3.
    Drøftelse af oplæg"), not a part of the item ("Sagens forløb")."""
    said, title = (" ".join(text.casefold().split()) for text in (heading, item_title or ""))
    return not title or title in said or said in title


def hit_html(hit: Hit, words: Iterable[str] = (), *, page_label: str | None = None, rank: int | None = None,
             wording: Wording = Wording(), heading_level: int = 3, title_html: str | None = None) -> str:
    """A result card as HTML: where it was said, the title as a heading, then the paragraph with `words` marked.

    Everything from the document is escaped; uploads carry a visible mark, so they are never
    taken for official records. `title_html`: the heading's words as HTML, escaped by the caller,
    where it words them itself (the app: the title with its agenda item); else the title.
    """
    page_label = page_label or wording.page
    where = _meta_line([hit.body, long_date(hit.date, wording), doc_type_label(hit.doc_type, wording)])
    item = agenda_item(hit, wording)
    # the item's part too ("Sagens forløb", "Beslutning"): a paragraph of the case's history quotes another body
    # ("06-03-2023 Kultur- og Fritidsudvalget …" in the committee's papers), and its card should say so
    section = hit.heading if item and hit.heading and not _repeats(hit.heading, _field(hit, "item_title")) else None
    detail = _meta_line([item or hit.heading, section, hit.speaker,
                         f"{page_label} {hit.page}" if hit.page else None,
                         f"{wording.case} {_field(hit, 'case_number')}" if _field(hit, "case_number") else None])
    number = f'<span class="hit-rank">{rank}.</span> ' if rank is not None else ""
    badges = ""
    if is_upload(hit):
        badges += f'<span class="hit-badge hit-upload">{html.escape(wording.upload)}</span>'
    if _field(hit, "ocr"):
        badges += f'<span class="hit-badge">{html.escape(wording.ocr)}</span>'
    tag = f"h{heading_level}"
    return (
        f'<div class="hit">'
        f'<div class="hit-where">{where}</div>'
        f'<{tag} class="hit-title">{number}{title_html or html.escape(_titled(hit, wording))}</{tag}>'
        + (f'<div class="hit-badges">{badges}</div>' if badges else "")
        + (f'<div class="hit-detail">{detail}</div>' if detail else "")
        + f'<p class="hit-text">{highlight_html(hit.text, words)}</p></div>'
    )


def context_html(paragraphs: list[Hit], current_id: str, words: Iterable[str] = ()) -> str:
    """Neighbouring paragraphs in reading order, the current one set apart and marked; all escaped."""
    words = list(words)
    blocks, heading = [], None
    for paragraph in paragraphs:
        if paragraph.heading and paragraph.heading != heading:
            # a paragraph that opens with its own heading line shows it already ("Baggrund\n…")
            if paragraph.text.split("\n", 1)[0].strip() != paragraph.heading.strip():
                blocks.append(f'<div class="ctx-heading">{html.escape(paragraph.heading)}</div>')
            heading = paragraph.heading
        current = paragraph.id == current_id
        speaker = f'<span class="ctx-speaker">{html.escape(paragraph.speaker)}:</span> ' if paragraph.speaker else ""
        text = highlight_html(paragraph.text, words) if current else html.escape(paragraph.text)
        blocks.append(f'<p class="ctx{" ctx-current" if current else ""}">{speaker}{text}</p>')
    return '<div class="context">' + "".join(blocks) + "</div>"


def shorten(text: str, limit: int = 80) -> str:
    """A long text cut at a word boundary with "…", for echoing a query back to the reader."""
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip() + " …"


# A title's closing date ("Referat: Beskæftigelses- og Erhvervsudvalget 6. februar 2022", "… 2022-02-06").
_CLOSING_DATE = re.compile(r"\s(?:\d{1,2}\.\s*\w+\s+\d{4}|\d{4}-\d{2}-\d{2})$")


def shorten_title(text: str, limit: int = 80) -> str:
    """A document's title `shorten`ed, its closing date kept whole: what it cuts is the body's name
    ("Referat: Beskæftigelses- og … 6. februar 2022"), not the day that tells its meetings apart."""
    text = _one_line(text)
    date = _CLOSING_DATE.search(text)
    if len(text) <= limit or not date or date.start() < 12:
        return shorten(text, limit)
    return f"{shorten(text[:date.start()], max(12, limit - len(date.group(0)) - 2))}{date.group(0)}"


def distinct_shortened(texts: Sequence[str], limit: int = 80) -> list[str]:
    """Each text `shorten`ed to `limit`, except that texts which would then read the same (two
    sittings of one day: "2015-07-03 Folketingets møde nr. …") are cut only as far as keeps them
    apart ("… møde nr. 2 …", "… møde nr. 3 …"). Texts that are the same in full stay the same."""
    short = [shorten(text, limit) for text in texts]
    alike: dict[str, list[int]] = {}
    for number, text in enumerate(short):
        alike.setdefault(text, []).append(number)
    for group in alike.values():
        wholes = {_one_line(texts[i]) for i in group}
        if len(wholes) < 2:
            continue
        longest = max(len(whole) for whole in wholes)
        for wider in range(limit + 1, longest + 1):
            tried = [shorten(texts[i], wider) for i in group]
            if len(set(tried)) == len(wholes):
                break
        for i, text in zip(group, tried):
            short[i] = text
    return short


# Fewer words than this make no discussion: a heading, a bare "Dialogmødet blev gennemført.", a
# body's name, an attachment's line; short texts sit close to every short text in the model's space.
DISCUSSION_WORDS = 8


def not_discussed(hit: Hit) -> bool:
    """Whether a paragraph is no discussion: a heading, a line of fewer than DISCUSSION_WORDS words, an
    attachment's name (the "Bilag" field), or a standing item's own wording ("Godkendelse af dagsorden
    for mødet den 3. juni 2024.")."""
    title = " ".join((hit.item_title or "").split())
    return bool(hit.extra.get("is_heading")) or len(hit.text.split()) < DISCUSSION_WORDS \
        or (hit.heading or "").strip().casefold() == "bilag" \
        or (standing_title(title) and _plain(hit.text).startswith(_plain(title)))


# Two paragraphs this alike (difflib's ratio over their words, case, punctuation and numbers aside)
# are one text twice: a standing item's wording with another date, a sitting's header line, a
# decision filed again.
NEAR_SAME = 0.85


def _plain(text: str) -> str:
    """Text as `near_same` compares it: its words in lower case, every number written 0."""
    return " ".join(re.sub(r"\d+", "0", word) for word in re.findall(r"\w+", text.lower()))


def near_same(a: str, b: str) -> bool:
    """Whether two paragraphs are the same text, or nearly (`NEAR_SAME`), whatever their case,
    punctuation and numbers (a date, a sitting's number): compared by characters when short, by
    words when long (a character match of two long texts costs too much)."""
    a, b = _plain(a), _plain(b)
    if a == b:
        return True
    words = difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    if words.real_quick_ratio() < NEAR_SAME - 0.15 or words.quick_ratio() < NEAR_SAME - 0.15:
        return False  # the words they share, in any order, already tell them apart
    if max(len(a), len(b)) <= 300:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_SAME
    return words.ratio() >= NEAR_SAME


def other_discussions(card: Hit, candidates: Sequence[Hit], own_texts: Iterable[str] = (), k: int = 5,
                      meeting_documents: Iterable[str] = ()) -> list[Hit]:
    """The similar discussions a card shows ("Lignende drøftelser"), from `candidates` (most
    similar first, e.g. `Archive.related` asked for more than `k`).

    Other meetings come first, one paragraph a document; then other documents of the card's
    own meeting (`meeting_documents`, else those of its body and date: an agenda item filed
    again as its own PDF, an attachment); then further
    paragraphs of documents already listed. Left out: the card's own document, a paragraph that
    repeats the card's (the same text, or nearly: "Godkendelse af dagsorden for mødet den 9.
    september 2024") or any of `own_texts` (the card's document's paragraphs), one that
    repeats a paragraph listed already, a heading and a line of fewer than DISCUSSION_WORDS words:
    none of those is another discussion."""
    own = {_plain(text) for text in own_texts}
    meeting = (card.body, card.date) if card.date else None
    same = set(meeting_documents)
    fresh: list[Hit] = []
    same_meeting: list[Hit] = []
    again: list[Hit] = []
    listed: set[str] = set()
    kept = [card.text]
    for hit in candidates:
        if hit.document == card.document or hit.id == card.id or _plain(hit.text) in own or not_discussed(hit) \
                or any(near_same(hit.text, text) for text in kept):
            continue
        kept.append(hit.text)
        if hit.document in listed:
            again.append(hit)
        elif hit.document in same or (meeting is not None and (hit.body, hit.date) == meeting):
            same_meeting.append(hit)
        else:
            fresh.append(hit)
        listed.add(hit.document)
        if len(fresh) >= k:
            break
    return (fresh + same_meeting + again)[:k]


# The most similar paragraphs asked for, to leave repeats and the card's own meeting out of and
# still have `k` other discussions to show.
RELATED_POOL = 50


def similar_discussions(archive, card: Hit, k: int = 5, order: str = "similarity",
                        meeting_documents: Iterable[str] | None = None) -> list[Hit]:
    """A paragraph's similar discussions as its card shows them ("Lignende drøftelser", and the
    API's /paragraphs/{id}/related): `other_discussions` over what `archive` (an `Archive`) finds
    most similar, its own document's text and its meeting's documents (`meeting_documents`, else
    asked of `archive.meeting_documents`) left out or put last; newest first where `order` says so."""
    candidates = archive.related(card.id, k=max(RELATED_POOL, 5 * k))
    own = [paragraph.text for paragraph in archive.document(card.document)]
    if meeting_documents is None:
        meeting_documents = archive.meeting_documents(card.document)
    found = other_discussions(card, candidates, own, k=k, meeting_documents=meeting_documents)
    if order == "newest":
        found.sort(key=lambda hit: hit.date or "", reverse=True)
    return found
