"""A saved search's found paragraphs as digest and feed entries: payloads (`hit_payload`) in; one
entry per agenda item, the copy each paragraph is cited by, how many paragraphs an item holds and
the other meetings holding the same text out. The digest and the feed both read entries from here,
so they cite and count alike.

A paragraph that stands in several meetings (a committee's item again at Økonomiudvalget and
Byrådet: the search lists the others in `also_in`) is cited by its earliest meeting (by date, on one
day committee → Økonomiudvalg → Byråd), whatever the query or the language, and names the others
("også i: …", as the app's cards and exports do). An item's count is of the paragraphs found that
stand in it, cited there or by an earlier meeting's copy, so a copy folded into another meeting is
counted the same wherever the search folded it.
"""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from indexer.alerts.citations import hit_payload
from indexer.ingest.bodies import round_step
from indexer.present.wording import Wording
from indexer.search.copies import also_in_line, copy_label, place_of_copy, told_apart
from indexer.search.rank import fingerprint, near_copy

Place = tuple[str | None, str | None]  # (document, agenda item number)


def _order(place: dict) -> tuple:
    # the case's own order: by meeting date, on one day committee → Økonomiudvalg → Byråd
    return (place.get("date") or "9999", round_step(place.get("body")), place.get("document") or "")


def with_copies(archive, payloads: list[dict], records: dict[str, dict]) -> list[dict]:
    """`payloads` (a search's paragraphs) each cited by its earliest copy, with `copies`: the other
    places holding its text (document, body, date, agenda item) in the case's order."""
    paragraphs: dict[str, list] = {}

    def of(document: str) -> list:
        if document not in paragraphs:
            paragraphs[document] = archive.document(document)
        return paragraphs[document]

    cited = []
    for payload in payloads:
        if payload.get("kind") != "paragraph" or not payload.get("also_in"):
            cited.append(payload)
            continue
        places = [{"document": payload["document"], "body": payload.get("body"), "date": payload.get("date"),
                   "item_number": payload.get("item_number"), "item_title": payload.get("item_title")}]
        for document in payload["also_in"]:
            record = records.get(document, {})
            number, title = place_of_copy(payload.get("text") or "", of(document))
            places.append({"document": document, "body": record.get("body"), "date": record.get("meeting_date"),
                           "item_number": number, "item_title": title})
        places.sort(key=_order)
        if places[0]["document"] != payload["document"]:  # the copy's own paragraph, where it is found
            payload = _copy_payload(payload, of(places[0]["document"]), places[0]) or payload
        others = [p for p in places if p["document"] != payload["document"]]
        cited.append({**payload, "also_in": [p["document"] for p in others], "copies": others})
    return cited


def _copy_payload(payload: dict, paragraphs: list, place: dict) -> dict | None:
    """The paragraph of a copy's document holding `payload`'s text (the same, else a near-copy), as a
    payload with the score the search gave the text."""
    text = payload.get("text") or ""
    key = fingerprint(text)
    items = [p for p in paragraphs if place.get("item_number") in (None, p.item_number)]
    found = next((p for p in items if fingerprint(p.text) == key), None) \
        or next((p for p in items if near_copy(text, p.text)), None)
    if found is None:
        return None
    return hit_payload(replace(found, score=payload.get("score") or 0.0))


def place(payload: dict) -> Place:
    """The agenda item an entry stands for: its document and item number."""
    return payload.get("document"), payload.get("item_number")


def item_counts(payloads: list[dict]) -> dict[Place, int]:
    """How many of the found paragraphs stand in each agenda item: where each is cited, and where its
    copies stand (a text twice in one item counts once)."""
    found: dict[Place, set[str]] = {}
    for payload in payloads:
        key = fingerprint(payload.get("text") or "")
        where = {place(payload)} | {(c.get("document"), c.get("item_number")) for c in payload.get("copies") or ()}
        for spot in where:
            found.setdefault(spot, set()).add(key)
    return {spot: len(keys) for spot, keys in found.items()}


def item_entries(payloads: list[dict]) -> list[tuple[dict, int]]:
    """One entry per agenda item (or per document without items), in the order its first paragraph
    came: the best paragraph cited there (highest score, else the first) and how many paragraphs found
    stand in the item (`item_counts`)."""
    counts = item_counts(payloads)
    entries: dict[Place, list[dict]] = {}
    for payload in payloads:
        entries.setdefault(place(payload), []).append(payload)
    return [(max(found, key=lambda p: p.get("score") or 0.0), counts.get(spot, len(found)))
            for spot, found in entries.items()]


def also_in(payload: dict, words: Wording = Wording()) -> str:
    """The other meetings holding an entry's text, as the app's exports name them: "Også i:
    Byrådet · 4. april 2022 · punkt 12 Boligprogram; …"; "" where none."""
    copies = payload.get("copies") or ()
    labels = [copy_label(c["document"], SimpleNamespace(body=c.get("body"), date=c.get("date"))
                         if c.get("body") or c.get("date") else None,
                         c.get("item_number"), c.get("item_title"), words) for c in copies]
    return also_in_line(told_apart(labels, [c["document"] for c in copies]), words)
