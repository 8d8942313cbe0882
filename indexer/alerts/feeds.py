"""Atom feeds (feedgen): an opened `Archive`, what the feed is of (a saved search, a body, a
case number) and the links in; the feed's XML out, newest meeting first.

- a saved search: its news, what the collect runs found for it since it was made (the digests'
  finds), one entry per agenda item (or per document without items) as the digest groups them
  ("… (9 afsnit)"), showing the best paragraph, the latest found first; its id is the document's
  path and the item's number, so it stays the same as more paragraphs of the item are found;
- a body: the agenda items of its latest meetings, each with its decision where stated;
- a case: the agenda items (and documents) of the case, each shown by the item's text that says
  what it is about (not its heading line), with the decision taken there.

A saved search's feed speaks its follow's language; a body's or a case's belongs to no follow and
speaks the language its address asks for (`?language=en`; Danish by default).

Every entry cites body, meeting date, title, agenda item and case, and links to the app
(alternate, at the agenda item; its pages in the feed's language) and to the original document
(related). An entry's id is made of the document's path and the entry's own words, as extracted
decisions' and follow-ups' ids are (`sentence_digest`): a correction elsewhere in the file
changes no id, so feed readers do not show the whole meeting as new again. Nothing is read from
disk but through the library: closed agenda items carry only what the store holds of them.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Sequence
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from lxml import etree

from indexer.alerts.citations import citation, decision_payload, document_payload
from indexer.alerts.digest import excerpt, grouped, same_text
from indexer.alerts.entries import also_in, item_text
from indexer.alerts.follows import describe_follow
from indexer.alerts.links import Links
from indexer.alerts.words import DANISH, WORDS, DigestWords
from indexer.errors import InvalidInput
from indexer.minutes.items import normalise, sentence_digest
from indexer.present.wording import long_date, title_in
from indexer.store.follows import Follow, FollowMatch

# A feed holds the latest entries up to this many; a body's feed holds whole meetings (the one that
# reaches it whole): a reader polling after a build that brought five council meetings of 50 items each
# sees every item, not the last meeting's first 50.
MAX_ENTRIES = 200
MAX_MEETINGS = 12
_NS = {"atom": "http://www.w3.org/2005/Atom"}


def _moment(value: str | None, fallback: datetime) -> datetime:
    """A meeting date as a time (midnight UTC); `fallback` when unknown or unreadable."""
    if value:
        try:
            return datetime.fromisoformat(value[:10]).replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return fallback


class _Feed:
    """A feed being made: entries from payloads, each cited and linked the same way."""

    def __init__(self, kind: str, name: str | int, title: str, links: Links, alternate: str,
                 language: str = "da") -> None:
        self.links = links
        self.words: DigestWords = WORDS.get(language, DANISH)
        self.made_at = datetime.now(timezone.utc)
        self.authority = urlsplit(links.api_url).hostname or "localhost"
        self.generator = FeedGenerator()
        self.generator.id(links.feed(kind, name))
        self.generator.title(title)
        self.generator.author({"name": self.words.archive})
        self.generator.link(href=links.feed(kind, name, language), rel="self", type="application/atom+xml")
        self.generator.link(href=alternate, rel="alternate", type="text/html")
        self.generator.language(language if language in WORDS else "da")
        self.newest: datetime | None = None
        self.entry_links: list[list[dict]] = []  # per entry, in the order added (see xml())
        self.occurrences: dict[tuple[str, str, str], int] = {}  # the same words twice in a document

    def add(self, kind: str, own_words: str, payload: dict, headline: str | None = None,
            lines: tuple[str, ...] = ()) -> None:
        """An entry of `payload`; `own_words` (a paragraph's text, an agenda item's number and
        title) with the document's path make its id."""
        where = citation(payload, self.words)
        when = _moment(payload.get("date"), self.made_at)
        # a find is updated when it was found (a reader ages entries by it), published on its meeting's day
        found = datetime.fromisoformat(payload["found_at"]) if payload.get("found_at") else when
        found = found if found.tzinfo else found.replace(tzinfo=timezone.utc)
        entry = self.generator.add_entry(order="append")
        scope = (kind, payload["document"], normalise(own_words))
        occurrence = self.occurrences[scope] = self.occurrences.get(scope, -1) + 1
        entry.id(f"tag:{self.authority},2024:{kind}/{sentence_digest(payload['document'], own_words, occurrence)[:32]}")
        entry.title(headline or where)
        entry.updated(found)
        entry.published(when)
        item = payload.get("item_number")  # the app marks and scrolls to the agenda item
        attributes = [{"href": self.links.meeting(payload["document"], item), "rel": "alternate", "type": "text/html"}]
        original = self.links.original(payload["document"], payload.get("page"), item)
        if original != attributes[0]["href"]:
            attributes.append({"href": original, "rel": "related", "title": self.words.original})
        for link in attributes:
            entry.link(**link)
        self.entry_links.append(attributes)
        if payload.get("body"):
            entry.category(term=payload["body"], label=payload["body"])
        shown = excerpt(payload.get("text") or "", 2000, payload.get("matched") or ())
        text = "\n\n".join(filter(None, [where, *lines, shown]))
        entry.content(text, type="text")
        self.newest = max(self.newest or found, found)

    def xml(self) -> bytes:
        self.generator.updated(self.newest or self.made_at)
        root = etree.fromstring(self.generator.atom_str())
        # feedgen 1.0.0 writes an entry's links without rel, type and title (its entry.py shadows
        # the loop variable), which would make the original a second "alternate": put them back.
        for entry, attributes in zip(root.iterfind("atom:entry", _NS), self.entry_links):
            for element, link in zip(entry.iterfind("atom:link", _NS), attributes):
                for name, value in link.items():
                    element.set(name, value)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def search_feed(archive, follow: Follow, matches: Sequence[FollowMatch], links: Links, token: str) -> bytes:
    """A saved search's news: what the collect runs found for it (`matches`, its digests' finds, as
    `Store.matches` gives them), one entry per agenda item as the digest groups them ("… (9 afsnit)",
    `digest.grouped`), the latest run's first and, within a run, the newest meeting first (at most
    MAX_ENTRIES). Not the search's results: those shift as the archive grows (the floor, the ranking),
    and a reader would see old items come and go as new; a feed of news shows each item once, when it
    is new, and nothing before the follow was made. `token`: the feed's name in its address
    (`tokens.feed_token`)."""
    if follow.kind != "search":
        raise InvalidInput(f"follow {follow.id} is not a saved search")
    found = [replace(m, payload={**m.payload, "found_at": m.found_at})
             for m in sorted(matches, key=lambda m: m.id) if m.kind == "paragraph"]
    found.sort(key=lambda m: (m.found_at, m.payload.get("date") or ""), reverse=True)  # stable: in rank order
    # the follow's own language: its feed reads as its digests do (citations stay as they are)
    words = WORDS.get(follow.language, DANISH)
    links = links.in_language(follow.language)  # and opens the app's pages in it
    feed = _Feed("search", token, f"{words.archive}: {describe_follow(follow, language=follow.language)}", links,
                 links.search(follow.query or "", follow.filters), follow.language)
    feed.generator.subtitle(words.feed_news.format(when=long_date(follow.created_at[:10], words.dates)))
    for payload, count in grouped(found)[:MAX_ENTRIES]:
        headline = citation(payload, feed.words)
        if payload.get("changed"):  # new words in a corrected meeting: told as a correction
            headline = f"{feed.words.changed}: {headline}"
        if count > 1:
            headline += f" ({feed.words.paragraphs.format(count=count)})"
        item = payload.get("item_number")
        # the item's number (not a paragraph's words) names the entry: more paragraphs found keep its id
        feed.add("item", f"punkt {item}" if item else "", payload, headline,
                 tuple(filter(None, [also_in(payload, feed.words)])))
    return feed.xml()


def body_feed(archive, body: str, links: Links, language: str = "da") -> bytes:
    """The agenda items of a body's latest meetings (at most MAX_MEETINGS meetings, and whole meetings
    until MAX_ENTRIES items are reached),
    in `language`'s words ("da" | "en"; the records' own text and titles stay as they are).

    Raises:
        InvalidInput: the archive holds no meeting of `body`.
    """
    refs = [m for m in archive.meetings() if m.body == body]
    if not refs:
        raise InvalidInput(f"the archive holds no meetings of the body {body!r}")
    records = {d["path"]: d for d in archive.documents()}
    words, links = WORDS.get(language, DANISH), links.in_language(language)
    feed = _Feed("body", body, f"{words.archive}: {body}", links, links.search("", {"bodies": [body]}), language)
    count = 0
    for ref in refs[:MAX_MEETINGS]:
        first = (ref.documents or ref.attachments)[0]
        meeting = archive.meeting_of(first)
        if meeting is None:
            continue
        items = meeting.items or []
        if not items:  # a record without numbered items: the meeting itself
            feed.add("meeting", f"{body}\n{ref.date}", {**document_payload(records.get(first, {"path": first})),
                                                                "date": ref.date, "body": body})
            count += 1
        for item in items:
            record = records.get(item.document, {"path": item.document})
            decision = item.decision
            payload = (decision_payload(decision, record) if decision else
                       {**document_payload(record), "item_number": item.number, "item_title": item.title,
                        "page": item.first_page, "text": ""})
            payload.update(body=meeting.body, date=meeting.date, item_number=item.number, item_title=item.title)
            headline = " · ".join(filter(None, [body, long_date(meeting.date, words.dates),
                                                f"{words.item} {item.number}" if item.number else None, item.title]))
            lines = (words.decided(decision.outcome, decision.text),) if decision else ()
            feed.add("item", f"{item.number}\n{item.title}", payload, headline, lines)
            count += 1
        if count >= MAX_ENTRIES:
            break
    return feed.xml()


def case_feed(archive, case_number: str, links: Links, language: str = "da") -> bytes:
    """A case's trail (`Archive.case_trail`), newest meeting first: each agenda item that treated
    the case, with the decision taken there; in `language`'s words as `body_feed`.

    Raises:
        InvalidInput: the archive holds no meeting that treated the case.
    """
    steps = archive.case_trail(case_number)
    if not steps:  # "23-7223" for "23-007223": the number meant
        raise InvalidInput(f"the archive holds no documents of case {case_number!r}{archive.did_you_mean(case_number)}")
    records = {d["path"]: d for d in archive.documents()}
    words, links = WORDS.get(language, DANISH), links.in_language(language)
    feed = _Feed("case", case_number, f"{words.archive}: {words.case.format(target=case_number)}", links,
                 links.case(case_number), language)
    for step in reversed(steps[-MAX_ENTRIES:]):
        record = records.get(step.document, {"path": step.document})
        first = _step_text(archive, step)
        payload = {**document_payload(record, first.text if first else ""), "case_number": case_number,
                   "item_number": step.item_number, "item_title": step.item_title, "page": step.page}
        decision = step.decision
        lines = ()
        if decision:  # an item's text may be its decision alone ("Anbefales."): then its outcome, not the words again
            said = "" if first and same_text(first.text, decision.text) else f": {excerpt(decision.text, 400)}"
            lines = (f"{words.decided(decision.outcome, decision.text)}, {words.item} {step.item_number or '-'}{said}",)
        # the item named in the headline: a meeting's items of one case are not a row of one title
        item = " ".join(filter(None, [f"{words.item} {step.item_number}" if step.item_number else None,
                                      step.item_title]))
        feed.add("document", f"{step.item_number or ''}\n{step.item_title or ''}", payload,
                 " · ".join(filter(None, [title_in(record.get("title"), words.dates), item])) or None, lines)
    return feed.xml()


def _step_text(archive, step):
    """The paragraph (`Hit`) that says what a case's agenda item is about (`entries.item_text`: not
    its heading line "17. Huslejestigninger …", nor its decision, which the entry states apart where
    the item says more): among the item's paragraphs from its first of the case on; None where the
    document holds none."""
    paragraphs = archive.document(step.document)
    start = next((n for n, p in enumerate(paragraphs) if p.id == step.paragraph_id), None)
    if start is None:
        return None
    item = [p for p in paragraphs[start:] if p.item_number == paragraphs[start].item_number]  # no items: all
    decided = step.decision.paragraph_id if step.decision else None
    return item_text([p for p in item if p.id != decided] or item)
