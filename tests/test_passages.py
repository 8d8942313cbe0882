"""What is embedded for a paragraph (`indexer.embed.passages.passage_text`)."""
from __future__ import annotations

from indexer.embed.passages import CONTEXTS, EMBED_CONTEXT, passage_text
from indexer.records import Paragraph, Record


def paragraph(**fields) -> Paragraph:
    return Paragraph(**{"id": "0" * 16 + "-00001", "document": "m.json", "position": 1,
                        "text": "Forvaltningen indstiller, at …", **fields})


RECORD = Record(path="m.json", content_hash="0" * 64, title="Social- og Handicapudvalget 12-08-2024")


def test_the_item_context_names_the_agenda_item_a_field_belongs_to():
    p = paragraph(heading="Sagsbeskrivelse", item_title="Principper for takster på botilbud")
    assert passage_text(p, RECORD, "item") == ("Social- og Handicapudvalget 12-08-2024\nPrincipper for takster på "
                                               "botilbud\nSagsbeskrivelse\nForvaltningen indstiller, at …")
    assert passage_text(p, RECORD, "title") == "Social- og Handicapudvalget 12-08-2024\nSagsbeskrivelse\nForvaltningen indstiller, at …"


def test_an_item_title_the_heading_already_holds_is_not_repeated():
    p = paragraph(heading="Punkt 4. 1. behandling af L 5", item_title="1. behandling af L 5")
    assert passage_text(p, RECORD, "item") == passage_text(p, RECORD, "title")
    assert passage_text(paragraph(), RECORD, "paragraph") == "Forvaltningen indstiller, at …"


def test_the_default_context_is_one_of_the_known():
    assert EMBED_CONTEXT in CONTEXTS == ("paragraph", "heading", "title", "item", "item2")


def test_a_closed_items_mark_is_not_embedded():
    # "Lukket" read as a closure put closed items' titles among the first results for "skolelukning"
    heading = paragraph(text="7. Lukket: Skoleprojekt, status", item_title="Lukket: Skoleprojekt, status", is_heading=True)
    assert passage_text(heading, RECORD, "item2") == "Social- og Handicapudvalget 12-08-2024\n7. Skoleprojekt, status"
    field = paragraph(heading="Beslutning", item_title="Ansættelse af direktør (Lukket punkt)")
    assert passage_text(field, RECORD, "item2") == passage_text(
        paragraph(heading="Beslutning", item_title="Ansættelse af direktør"), RECORD, "item")
    assert "Lukket" in passage_text(heading, RECORD, "item")  # the context before it
    kept = paragraph(text="Lukket punkt", item_title="Lukket punkt", is_heading=True)  # nothing but the mark
    assert passage_text(kept, RECORD, "item2").endswith("Lukket punkt")
    word = paragraph(text="Orientering om lukket afdeling på plejecentret")  # the word in a sentence
    assert passage_text(word, RECORD, "item2").endswith("Orientering om lukket afdeling på plejecentret")
