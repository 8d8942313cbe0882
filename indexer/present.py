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
