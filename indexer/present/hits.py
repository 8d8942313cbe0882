"""Presenting results: hits in; marked text, citations, CSV and Markdown out, in the reader's language.

Every word a reader sees comes from a `Wording` (`present.wording`). Document text is data:
everything here that produces HTML escapes it first.
"""
from __future__ import annotations

import csv
import html
import io
import re
from typing import Iterable, Sequence

from indexer.present.wording import _FORMULA_START, ExportHeader, Wording
from indexer.records import Hit


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


def agenda_item(hit: Hit, wording: Wording = Wording()) -> str | None:
    """"punkt 2 Tilgængelighed" when the hit's agenda item is known."""
    number, title = _field(hit, "item_number"), _field(hit, "item_title")
    if not number and not title:
        return None
    return " ".join(part for part in (wording.item, number, title) if part)


def citation(hit: Hit, wording: Wording = Wording()) -> str:
    """Body, meeting date, document, agenda item, page, case number, heading and speaker; then the file."""
    parts = [hit.body or wording.unknown_body, hit.date or wording.undated, hit.title or hit.document]
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
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(hits: Sequence[Hit], header: ExportHeader, wording: Wording = Wording()) -> bytes:
    """All hits as a CSV file that Danish Excel opens as it is: UTF-8 with BOM, ";" between cells.

    The first lines say what was searched, with which filters and when; then one row per hit
    with the full citation in columns.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([wording.search, _cell(header.query)])
    writer.writerow([wording.filters, _cell(header.filters or wording.no_filters)])
    if header.mode:
        writer.writerow([wording.mode, header.mode])
    writer.writerow([wording.searched_at, header.searched_at])
    writer.writerow([wording.results, header.total or len(hits)])
    writer.writerow([])
    writer.writerow(wording.columns)
    for rank, hit in enumerate(hits, 1):
        writer.writerow([_cell(value) for value in (
            rank, hit.body, hit.date, hit.title, hit.doc_type, _field(hit, "item_number"), _field(hit, "item_title"),
            hit.page, _field(hit, "case_number"), hit.heading, hit.speaker, hit.text, hit.document,
            wording.upload if is_upload(hit) else "", citation(hit, wording),
            f"{hit.score:.4f}".replace(".", wording.decimal), hit.id)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def markdown_escape(text: str) -> str:
    """Text with Markdown and HTML characters escaped, so Streamlit shows it exactly as written."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$:-])", r"\\\1", text)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _inert(text: str | None) -> str:
    """Document text made inert in Markdown: HTML tags (<script>, <img onerror=…>), links and
    images ([x](javascript:…), <javascript:…>), entities and code spans are written as text
    (backslash escapes, which CommonMark shows as the character itself)."""
    return re.sub(r"([\\`<>\[\]&])", r"\\\1", text or "")


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
    lines += [f"- {wording.results}: {header.total or len(hits)}", ""]
    for rank, hit in enumerate(hits, 1):
        lines += [f"## {rank}. {_inert(_one_line(hit.title or hit.document))}", ""]
        lines += ["> " + _inert(line) if line.strip() else ">" for line in hit.text.splitlines() or [""]]
        lines += ["", f"{wording.source}: {_inert(citation(hit, wording))}", ""]
    return "\n".join(lines)


def _meta_line(parts: Iterable[str | None]) -> str:
    return " · ".join(html.escape(part) for part in parts if part)


def hit_html(hit: Hit, words: Iterable[str] = (), *, page_label: str | None = None, rank: int | None = None,
             wording: Wording = Wording(), heading_level: int = 3) -> str:
    """A result card as HTML: where it was said, the title as a heading, then the paragraph with `words` marked.

    Everything from the document is escaped; uploads carry a visible mark, so they are never
    taken for official records.
    """
    page_label = page_label or wording.page
    where = _meta_line([hit.body, hit.date, hit.doc_type])
    detail = _meta_line([agenda_item(hit, wording) or hit.heading, hit.speaker,
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
        f'<{tag} class="hit-title">{number}{html.escape(hit.title or hit.document)}</{tag}>'
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
