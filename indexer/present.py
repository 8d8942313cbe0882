"""Presenting results: hits in; marked text, citations, CSV and Markdown out.

Document text is data: everything here that produces HTML escapes it first.
"""
from __future__ import annotations

import csv
import html
import io
import re
from typing import Iterable

from .records import Hit

CSV_COLUMNS = ["rank", "score", "date", "body", "title", "document", "page", "heading", "speaker", "text", "id"]


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


def citation(hit: Hit) -> str:
    """Body, date, document, page, heading and speaker, as the secretariat cites them."""
    parts = [hit.body or "ukendt organ", hit.date or "udateret", hit.title or hit.document]
    if hit.page:
        parts.append(f"s. {hit.page}")
    if hit.heading:
        parts.append(hit.heading)
    if hit.speaker:
        parts.append(hit.speaker)
    parts.append(f"fil: {hit.document}")
    return ", ".join(parts)


def to_csv(hits: list[Hit]) -> str:
    """The hits as CSV, one row each, with full citation columns."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for rank, hit in enumerate(hits, 1):
        writer.writerow({"rank": rank, "score": f"{hit.score:.4f}", "date": hit.date, "body": hit.body,
                         "title": hit.title, "document": hit.document, "page": hit.page,
                         "heading": hit.heading, "speaker": hit.speaker, "text": hit.text, "id": hit.id})
    return buffer.getvalue()


def markdown_escape(text: str) -> str:
    """Text with Markdown and HTML characters escaped, so it shows exactly as written."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$-])", r"\\\1", text)


def _quoted(text: str) -> str:
    return "\n".join("> " + markdown_escape(line) for line in text.splitlines() or [""])


def to_markdown(query: str, hits: list[Hit]) -> str:
    """The hits as a Markdown note with a full citation under each quoted paragraph."""
    lines = [f"# Søgning: {markdown_escape(query)}", ""]
    for rank, hit in enumerate(hits, 1):
        lines += [f"## {rank}. {markdown_escape(hit.title or hit.document)}", "", _quoted(hit.text), "",
                  f"Kilde: {markdown_escape(citation(hit))}", ""]
    return "\n".join(lines)


def _meta_line(parts: Iterable[str | None]) -> str:
    return " · ".join(html.escape(part) for part in parts if part)


def hit_html(hit: Hit, words: Iterable[str] = (), *, page_label: str = "s.", rank: int | None = None) -> str:
    """A result card as HTML: where it was said (escaped), then the paragraph with `words` in <mark>."""
    where = _meta_line([hit.body, hit.date, hit.doc_type])
    detail = _meta_line([hit.heading, hit.speaker, f"{page_label} {hit.page}" if hit.page else None])
    number = f'<span class="hit-rank">{rank}.</span> ' if rank is not None else ""
    return (
        f'<div class="hit">'
        f'<div class="hit-where">{where}</div>'
        f'<div class="hit-title">{number}{html.escape(hit.title or hit.document)}</div>'
        + (f'<div class="hit-detail">{detail}</div>' if detail else "")
        + f'<p class="hit-text">{highlight_html(hit.text, words)}</p></div>'
    )


def context_html(paragraphs: list[Hit], current_id: str, words: Iterable[str] = ()) -> str:
    """Neighbouring paragraphs in reading order, the current one set apart and marked; all escaped."""
    words = list(words)
    blocks, heading = [], None
    for paragraph in paragraphs:
        if paragraph.heading and paragraph.heading != heading:
            blocks.append(f'<div class="ctx-heading">{html.escape(paragraph.heading)}</div>')
            heading = paragraph.heading
        current = paragraph.id == current_id
        speaker = f'<span class="ctx-speaker">{html.escape(paragraph.speaker)}:</span> ' if paragraph.speaker else ""
        text = highlight_html(paragraph.text, words) if current else html.escape(paragraph.text)
        blocks.append(f'<p class="ctx{" ctx-current" if current else ""}">{speaker}{text}</p>')
    return '<div class="context">' + "".join(blocks) + "</div>"
