"""A saved search's found paragraphs as digest and feed entries: payloads (`hit_payload`) in; one
entry per agenda item, the copy each paragraph is cited by, how many paragraphs an item holds and
the other meetings holding the same text out. The digest and the feed both read entries from here,
so they cite and count alike.

A paragraph that stands in several meetings (a committee's item again at Økonomiudvalget and
Byrådet: the search lists the others in `also_in`) is cited by its earliest new meeting (by date, on one
day committee → Økonomiudvalg → Byråd), whatever the query or the language, and names the others
("også i: …", as the app's cards and exports do). An item's count is of the paragraphs found that
stand in it, cited there or by an earlier meeting's copy (in every item of the copy's meeting that
holds the text: a standard line such as "Byrådet godkendte Økonomiudvalgets indstilling." stands in
several), so a copy folded into another meeting is counted the same wherever the search folded it.

Each agenda item is one entry, once: an item named under another entry's "også i" is not an
entry of its own, its count named there instead ("også i: Byrådet · … · punkt 12 … (6 afsnit)").
An entry is shown by its best paragraph that says what the item is about, not a heading, an
attachment list or a field that routes the case (`discusses`), where one was found; an item found only by the
field that routes its case or the lines of its history (by the bodies' names) is no entry.
"""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from indexer.alerts.citations import hit_payload
from indexer.alerts.words import DANISH, DigestWords
from indexer.ingest.bodies import round_step
from indexer.minutes.fields import is_procedure_field
from indexer.minutes.promises import is_history
from indexer.present.hits import not_discussed
from indexer.search.copies import also_in_line, copy_label, place_of_copy, told_apart
from indexer.search.rank import fingerprint, near_copy

Place = tuple[str | None, str | None]  # (document, agenda item number)


def _order(place: dict) -> tuple:
    # the case's own order: by meeting date, on one day committee → Økonomiudvalg → Byråd
    return (place.get("date") or "9999", round_step(place.get("body")), place.get("document") or "")


def with_copies(archive, payloads: list[dict], records: dict[str, dict], new: set[str] | None = None) -> list[dict]:
    """`payloads` (a search's paragraphs) each cited by its earliest copy among the `new` documents (None:
    any), with `copies`: the other places holding its text (document, body, date, agenda item) in the
    case's order: a find is news at a meeting that is new, not at an earlier one its text stood in and
    that was told before ("Renovering af Tune Skole" in January 2023 is not cited by November 2022's
    copy). A text that does not discuss its item (`discusses`: "Klima-, Teknik- og Miljøudvalget."
    routing every case of the committee) stays where it was found: its copies are other matters' items,
    not the same case's steps."""
    paragraphs: dict[str, list] = {}

    def of(document: str) -> list:
        if document not in paragraphs:
            paragraphs[document] = archive.document(document)
        return paragraphs[document]

    cited = []
    for payload in payloads:
        if payload.get("kind") != "paragraph" or not payload.get("also_in") or not discusses(payload):
            cited.append(payload)
            continue
        places = [{"document": payload["document"], "body": payload.get("body"), "date": payload.get("date"),
                   "item_number": payload.get("item_number"), "item_title": payload.get("item_title")}]
        for document in payload["also_in"]:
            record = records.get(document, {})
            number, title = place_of_copy(payload.get("text") or "", of(document))
            places.append({"document": document, "body": record.get("body"), "date": record.get("meeting_date"),
                           "item_number": number, "item_title": title,
                           "items": _items_holding(payload.get("text") or "", of(document))})
        places.sort(key=lambda place: (new is not None and place["document"] not in new, _order(place)))
        if places[0]["document"] != payload["document"]:  # the copy's own paragraph, where it is found
            payload = _copy_payload(payload, of(places[0]["document"]), places[0]) or payload
        others = [p for p in places if p["document"] != payload["document"]]
        cited.append({**payload, "also_in": [p["document"] for p in others], "copies": others})
    return cited


def _holding(text: str, paragraphs: list) -> list:
    """The paragraphs holding `text`: the same text, else its near-copies (as the search folds them)."""
    key = fingerprint(text)
    return [p for p in paragraphs if fingerprint(p.text) == key] or [p for p in paragraphs if near_copy(text, p.text)]


def _items_holding(text: str, paragraphs: list) -> list[str]:
    """The agenda items of a copy's document holding `text`, each once, in the document's order."""
    return list(dict.fromkeys(p.item_number for p in _holding(text, paragraphs) if p.item_number))


def _copy_payload(payload: dict, paragraphs: list, place: dict) -> dict | None:
    """The paragraph of a copy's document holding `payload`'s text (the same, else a near-copy), as a
    payload with the score the search gave the text."""
    items = [p for p in paragraphs if place.get("item_number") in (None, p.item_number)]
    found = next(iter(_holding(payload.get("text") or "", items)), None)
    if found is None:
        return None
    return hit_payload(replace(found, score=payload.get("score") or 0.0))


def place(payload: dict) -> Place:
    """The agenda item an entry stands for: its document and item number."""
    return payload.get("document"), payload.get("item_number")


def _copy_places(payload: dict) -> set[Place]:
    """The agenda items where a paragraph's copies stand: each item of a copy's document holding it
    (copies noted before items were: the one item named)."""
    return {(c.get("document"), number) for c in payload.get("copies") or ()
            for number in c.get("items") or [c.get("item_number")]}


def item_counts(payloads: list[dict]) -> dict[Place, int]:
    """How many of the found paragraphs stand in each agenda item: where each is cited, and where its
    copies stand (a text twice in one item counts once)."""
    found: dict[Place, set[str]] = {}
    for payload in payloads:
        key = fingerprint(payload.get("text") or "")
        for spot in {place(payload)} | _copy_places(payload):
            found.setdefault(spot, set()).add(key)
    return {spot: len(keys) for spot, keys in found.items()}


# Meeting-system fields that list rather than discuss: the laws a case rests on ("Lovgrundlag"), its attachments
# ("Bilag"); and the one that routes it (`fields.is_procedure_field`: "Sagsprocedure", "Sagsgang" …).
FIELDS_NOT_DISCUSSED = frozenset({"lovgrundlag", "bilag"})


def discusses(hit) -> bool:
    """Whether a paragraph (a `Hit`, or a payload: its JSON) says what its item is about: not a
    heading, a short line or an attachment's name (`not_discussed`), nor a field that routes the case,
    lists its laws or its attachments ("Bilag: …")."""
    if isinstance(hit, dict):  # a payload is a hit's JSON, its `extra` flattened into it
        hit = SimpleNamespace(text=hit.get("text") or "", heading=hit.get("heading"),
                              item_title=hit.get("item_title"), extra={"is_heading": hit.get("is_heading")})
    field_name = (hit.heading or "").strip().casefold()
    return not (not_discussed(hit) or field_name in FIELDS_NOT_DISCUSSED or is_procedure_field(field_name)
                or hit.text.lstrip().casefold().startswith("bilag:"))


def item_text(paragraphs: list):
    """An agenda item's paragraph (`Hit`) that says what the item is about: its first that
    `discusses` it, else its longest."""
    return next((hit for hit in paragraphs if discusses(hit)),
                max(paragraphs, key=lambda hit: len(hit.text.split())))


def _best(found: list[dict]) -> dict:
    """An item's paragraph to show: the best found (highest score, else the first) of those that say
    what the item is about, else of its headings (its title names the matter; its routing line does not), else
    of all."""
    return max([p for p in found if discusses(p)] or [p for p in found if p.get("is_heading")] or found,
               key=lambda p: p.get("score") or 0.0)


def _routed_only(found: list[dict]) -> bool:
    """Whether an item was found only by the field that routes its case ("Sagsprocedure", "Sagsgang": "Klima-, Teknik- og
    Miljøudvalget, Skole-, Børne- og Ungeudvalget …") or by lines of its history ("Sagens forløb: 10-10-2023
    Skole-, Børne- og Ungeudvalget 5. Orienteringen …"): by the names of the bodies, not by what it is about
    ("school transport" found every item the Skole-, Børne- og Ungeudvalg treats). No entry: a body is followed
    as a body."""
    return all(is_procedure_field(p.get("heading")) or is_history(p.get("heading")) for p in found)


def _named_elsewhere(shown: dict[Place, dict]) -> set[Place]:
    """The items named under another entry's "også i" (the same text there), earliest meeting first:
    an entry names the items of later meetings, and an item named is no entry of its own to name more."""
    named: set[Place] = set()
    for spot, best in sorted(shown.items(), key=lambda pair: _order(pair[1])):
        if spot not in named:
            named |= {(c.get("document"), c.get("item_number")) for c in best.get("copies") or ()} - {spot}
    return named & set(shown)


def item_entries(payloads: list[dict]) -> list[tuple[dict, int]]:
    """One entry per agenda item (or per document without items), in the order its first paragraph
    came, an item named under another entry's "også i" not again: the best paragraph cited there
    (`_best`), how many paragraphs found stand in the item (`item_counts`), and with each copy how
    many stand in its item (`found`, named with it)."""
    counts = item_counts(payloads)
    entries: dict[Place, list[dict]] = {}
    for payload in payloads:
        entries.setdefault(place(payload), []).append(payload)
    shown = {spot: _best(found) for spot, found in entries.items() if not _routed_only(found)}
    named = _named_elsewhere(shown)
    return [(_with_found(best, counts), counts.get(spot, len(entries[spot])))
            for spot, best in shown.items() if spot not in named]


def _with_found(payload: dict, counts: dict[Place, int]) -> dict:
    """`payload` with each copy's count of paragraphs found in its agenda item (`found`)."""
    if not payload.get("copies"):
        return payload
    return {**payload, "copies": [{**c, "found": counts.get((c.get("document"), c.get("item_number")), 1)}
                                  for c in payload["copies"]]}


def also_in(payload: dict, words: DigestWords = DANISH) -> str:
    """The other meetings holding an entry's text, as the app's exports name them: "Også i:
    Byrådet · 4. april 2022 · punkt 12 Boligprogram (6 afsnit); …" (how many paragraphs were found
    in that item, where more than this one); "" where none."""
    copies = payload.get("copies") or ()
    labels = [copy_label(c["document"], SimpleNamespace(body=c.get("body"), date=c.get("date"))
                         if c.get("body") or c.get("date") else None,
                         c.get("item_number"), c.get("item_title"), words.dates) for c in copies]
    labels = [label + (f" ({words.paragraphs.format(count=c['found'])})" if (c.get("found") or 0) > 1 else "")
              for label, c in zip(told_apart(labels, [c["document"] for c in copies]), copies)]
    return also_in_line(labels, words.dates)
