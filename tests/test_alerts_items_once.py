"""A search's digest and feed show each agenda item once: an item already named under another
entry's "Also in" is not an entry again, its count named there; an item is shown by a paragraph that
says what it is about, not a routing field, an attachment list or a heading; a text standing in
several items of a copy's meeting counts in each."""
from __future__ import annotations

from indexer.alerts.digest import compose, grouped
from indexer.alerts.entries import item_entries
from indexer.store.follows import Follow, FollowMatch

from .test_alerts import ADDRESS, LINKS, parts

KTM = "klima/2023-02-09.json"
OEU = "oekonomi/2023-02-27.json"
BYR = "byraad/2023-03-06.json"
MEETINGS = {KTM: ("Klima-, Teknik- og Miljøudvalget", "2023-02-09", "7"),
            OEU: ("Økonomiudvalget", "2023-02-27", "12"), BYR: ("Byråd", "2023-03-06", "20")}
SHARED = "Der er i 2022 etableret i alt 90 boliger i pavilloner til ukrainske flygtninge, i alt 140 boliger."


def paragraph(document: str, text: str, score: float, copies: tuple[str, ...] = (), heading: str | None = None,
              **extra) -> dict:
    body, date, item = MEETINGS[document]
    return {"kind": "paragraph", "text": text, "document": document, "title": f"Referat {body}", "body": body,
            "date": date, "item_number": item, "item_title": "Boliger til ukrainske flygtninge", "heading": heading,
            "case_number": "22-003981", "page": None, "score": score, "also_in": list(copies),
            "copies": [{"document": d, "body": MEETINGS[d][0], "date": MEETINGS[d][1],
                        "item_number": MEETINGS[d][2], "item_title": "Boliger til ukrainske flygtninge"}
                       for d in copies], **extra}


def found() -> list[dict]:
    """The committee's text, cited there and standing at Økonomiudvalget and Byrådet too, and what the
    search found at Økonomiudvalget and Byrådet besides."""
    return [paragraph(OEU, "Økonomiudvalget bad om et overslag over boligerne til de ukrainske flygtninge i 2024.",
                      0.9),
            paragraph(KTM, SHARED, 0.5, (OEU, BYR)),
            paragraph(BYR, "Byrådet noterede, at de ukrainske flygtninge fortsat bor i de midlertidige boliger.", 0.7),
            paragraph(BYR, "Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.", 0.8,
                      heading="Sagsprocedure")]


def test_an_agenda_item_named_under_another_entrys_also_in_is_not_an_entry_again_in_digest_or_feed():
    entries = item_entries(found())
    assert [(p["document"], count) for p, count in entries] == [(KTM, 1)]
    follow = Follow(1, "search", None, "flygtninge", {}, "hybrid", ADDRESS, "daily", "t", "t", 0, language="en")
    matches = [FollowMatch(n, 1, "paragraph", f"k{n}", "t", p) for n, p in enumerate(found(), 1)]
    assert len(grouped(matches)) == 1
    message = compose(ADDRESS, "daily", "2023-03-07", [(follow, matches)], LINKS, b"k" * 32,
                      "moedearkiv@example.dk")
    text, _ = parts(message)
    assert message["Subject"].startswith("Meeting archive: 1 new find")
    assert ("Also in: Økonomiudvalget · 27 February 2023 · item 12 Boliger til ukrainske flygtninge (2 paragraphs); "
            "Byråd · 6 March 2023 · item 20 Boliger til ukrainske flygtninge (3 paragraphs)") in text
    assert "2. " not in text


def test_an_entry_is_shown_by_a_paragraph_that_discusses_its_item_not_a_routing_field_or_attachment_list():
    routing = paragraph(BYR, "Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.", 0.9,
                        heading="Sagsprocedure")
    laws = paragraph(BYR, "Bygningsreglementet og Særlov om flygtninge fra Ukraine.", 0.85, heading="Lovgrundlag")
    attachments = paragraph(BYR, "Bilag: Overblik over boliger til ukrainske flygtninge - januar 2023 og status", 0.8,
                            heading="Bilag")
    title = paragraph(BYR, "20. Boliger til ukrainske flygtninge, status på økonomi og på de ledige boliger", 0.75,
                      is_heading=True)
    text = paragraph(BYR, "Byrådet noterede, at de ukrainske flygtninge fortsat bor i de midlertidige boliger.", 0.3)
    [(best, count)] = item_entries([routing, laws, attachments, title, text])
    assert best["text"] == text["text"] and count == 5
    [(alone, _)] = item_entries([laws])  # nothing better found: the line found is what there is
    assert alone["text"] == laws["text"]
    # found only by the field that routes its case, by the names of the bodies: no entry ("school transport"
    # found every item of the Skole-, Børne- og Ungeudvalg so)
    assert item_entries([routing]) == [] and [best["text"] for best, _ in item_entries([routing, text])] == [text["text"]]
    told = paragraph(BYR, "10-10-2023 Skole-, Børne- og Ungeudvalget 5. Orienteringen blev taget til efterretning.",
                     0.95, heading="Sagens forløb")
    assert item_entries([told, routing]) == []  # and so by its history's lines
    # whatever the meeting system names that field
    assert item_entries([{**routing, "heading": "Sagsgang"}]) == []
    # found by its title and its routing line: shown by its title
    [(shown, _)] = item_entries([routing, title])
    assert shown["text"] == title["text"]


def test_a_copy_standing_in_several_items_of_its_meeting_counts_in_each_as_the_digest_counts_it():
    # the search names the meeting holding the copy but no one item of it (it stands in items 20 and 21)
    standard = paragraph(KTM, "Byrådet godkendte Økonomiudvalgets indstilling om boligerne.", 0.4, (BYR,))
    standard["copies"][0].update(item_number=None, item_title=None, items=["20", "21"])
    own = paragraph(BYR, "Byrådet noterede, at de ukrainske flygtninge fortsat bor i de midlertidige boliger.", 0.7)
    counts = {p["document"]: count for p, count in item_entries([standard, own])}
    assert counts[BYR] == 2


def test_an_entrys_excerpt_shows_the_words_it_was_found_by_where_they_stand_late_in_a_long_paragraph():
    from indexer.alerts.digest import excerpt

    text = ("Belægninger, etableringspleje af træer og buske på de kommunale arealer. " * 10
            + "Ladestandere i Greve Kommune: opsætning af ladestandere sker i 2024. " + "Resten af planen. " * 20)
    shown = excerpt(text, around=["Ladestandere", "ladestandere"])
    assert shown.startswith("… Ladestandere i Greve Kommune") and len(shown) <= 600
    assert "Ladestandere" not in excerpt(text)  # without the words: from the start, cut before them
    assert excerpt(text[:200], around=["Ladestandere"]) == " ".join(text[:200].split())  # short: whole
    # a digest entry has the words its search found in it
    payload = paragraph(BYR, text, 0.8, matched=["Ladestandere", "ladestandere"])
    follow = Follow(1, "search", None, "ladestandere", {}, "hybrid", ADDRESS, "weekly", "t", "t", 0)
    message = compose(ADDRESS, "weekly", "2026-W50", [(follow, [FollowMatch(1, 1, "paragraph", "k1", "t", payload)])],
                      LINKS, b"k" * 32, "arkiv@example.dk")
    assert "… Ladestandere i Greve Kommune" in parts(message)[0]
