"""What the index holds per paragraph: the text embedded for it (`passage_text`, keyed by
`text_hash`) and the stemmed words FTS5 indexes (`lexical_text`), a `Paragraph` and its
`Record` in.
"""
from __future__ import annotations

import hashlib

from indexer.records import Paragraph, Record
from indexer.text.terms import stemmed_text

# What is embedded for a paragraph: the document's title, its heading, then its text
# (measured against the text alone and heading + text with `python -m indexer eval`,
# see README). Recorded in the manifest.
EMBED_CONTEXT = "title"


def passage_text(paragraph: Paragraph, record: Record, context: str | None = None) -> str:
    """The text embedded for `paragraph`: alone, or after its heading (and title).
    `context` is "paragraph", "heading" or "title"; default EMBED_CONTEXT."""
    context = context or EMBED_CONTEXT
    parts = []
    if context in ("heading", "title") and paragraph.heading and not paragraph.is_heading:
        parts.append(paragraph.heading)
    if context == "title" and record.title:
        parts.insert(0, record.title)
    parts.append(paragraph.text)
    return "\n".join(parts)


def lexical_text(paragraph: Paragraph) -> str:
    """The stemmed words FTS5 indexes: heading and speaker too, since people search by agenda item."""
    return stemmed_text(" ".join(filter(None, [paragraph.heading, paragraph.speaker, paragraph.text])))


def text_hash(text: str) -> str:
    """The key of an embedded text: paragraphs with the same text share one vector."""
    return hashlib.sha1(text.encode()).hexdigest()
