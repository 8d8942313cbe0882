"""What the index holds per paragraph: the text embedded for it (`passage_text`, keyed by
`text_hash`) and the stemmed words FTS5 indexes (`lexical_text`), a `Paragraph` and its
`Record` in.
"""
from __future__ import annotations

import hashlib
import re

from indexer.records import Paragraph, Record
from indexer.text.terms import fold_committees, stemmed_text

# What is embedded for a paragraph: the document's title, the title of its agenda item (or
# chapter) where its heading does not hold it, its heading, then its text. Chosen on the tuning
# questions against "title" (title, heading, text: recall@5 0.616 both, MRR@10 0.531 vs 0.522
# with the relevance floor; benchmarks/RESULTS.md, "Context in the vectors"); "title" was
# chosen before against the text alone and heading + text. Recorded in the manifest: a build
# of an index embedded with another context embeds again what changed (the vector cache keeps
# every text seen before).
# "item2" is "item" with a closed agenda item's marker left out of what is embedded ("Lukket: Henvendelser til
# formanden" stood among the first results for "skolelukning": the model reads "Lukket" as a closure).
EMBED_CONTEXT = "item2"


CONTEXTS = ("paragraph", "heading", "title", "item", "item2")
# "Lukket: …", "3. Lukket punkt: …", "… (Lukket punkt)" (`sources.common.is_closed_title`): where a title says so.
_CLOSED_MARK = re.compile(r"^(\s*\d+\.\s*)?lukket(?:\s+(?:punkt|sag))?\s*[:\-–]\s*(?=\S)"
                          r"|\s*\(\s*lukket(?:\s+(?:punkt|sag))?\s*\)", re.I)


def unmarked(title: str) -> str:
    """`title` without the mark that says its agenda item is closed ("7. Lukket: Skoleprojekt, status" ->
    "7. Skoleprojekt, status"); a title that is nothing but the mark ("Lukket punkt") stays."""
    return _CLOSED_MARK.sub(lambda m: m.group(1) or "", title)


def passage_text(paragraph: Paragraph, record: Record, context: str | None = None) -> str:
    """The text embedded for `paragraph`: alone, or after its heading (and title, and agenda item).
    `context` is one of CONTEXTS; default EMBED_CONTEXT. "item" puts the title of the agenda
    item (or chapter) the paragraph belongs to between the document's title and its heading,
    where the heading does not already hold it: a meeting system's paragraph sits under a field
    ("Sagsbeskrivelse", "Beslutning") whose item says what it is about."""
    context = context or EMBED_CONTEXT
    marked = context != "item2"  # "item2": "item" without a closed item's mark
    context = "item" if context == "item2" else context
    parts = []
    if context in ("heading", "title", "item") and paragraph.heading and not paragraph.is_heading:
        parts.append(paragraph.heading)
    if context == "item" and paragraph.item_title and (
            paragraph.item_title.casefold() not in (paragraph.heading or "").casefold()
            and paragraph.item_title.casefold() not in paragraph.text[:len(paragraph.item_title) + 40].casefold()):
        parts.insert(0, paragraph.item_title)
    if context in ("title", "item") and record.title:
        parts.insert(0, record.title)
    parts.append(paragraph.text)
    return "\n".join(parts if marked else map(unmarked, parts))


# How a paragraph's words are indexed, recorded in the manifest (`Manifest.lexical`): a build of an index whose
# words were indexed otherwise indexes its stored paragraphs again (nothing is read or embedded again).
# 1: heading, speaker and text. 2: the same, with a committee's name as the one word "udvalg": "Klima-, Teknik- og
# Miljøudvalget" said where a case goes next held "klima" for every search for climate and ranked the bare line
# "Klima-, Teknik- og Miljøudvalget." first ("skole", "sundhed", "økonomi" alike); Greve tuning questions, hybrid
# with the floor: recall@5 0.327 -> 0.340 (English 0.289 -> 0.316, Danish unchanged), the sample's unchanged.
# 3: the name however the minutes spell it ("Klima-, Teknik og Miljøudvalget", "Skole, Børne - og Ungeudvalget").
# 4: each name as a word of its own ("udvalgklimateknikogmiljøudvalget"), so that a search for the committee finds it.
# 5: a word whose stem is a function word is its own stem (`terms.stem_words`): "demens", "sommer", "diger", "forlig"
# and "Hansen" were left out of every search as "dem", "som", "dig", "for" and "hans".
LEXICAL_VERSION = 5


def lexical_text(paragraph: Paragraph) -> str:
    """The stemmed words FTS5 indexes: heading and speaker too, since people search by agenda item; a committee's
    name as one word of its own (LEXICAL_VERSION): a search for a theme is not one for the committee named after it."""
    said = " ".join(filter(None, [paragraph.heading, paragraph.speaker, paragraph.text]))
    return stemmed_text(fold_committees(said))


def text_hash(text: str) -> str:
    """The key of an embedded text: paragraphs with the same text share one vector."""
    return hashlib.sha1(text.encode()).hexdigest()
