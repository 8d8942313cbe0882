"""Where follow-ups were taken up again: tracked `FollowUp`s in; the later agenda items that take
each up again (`FollowUpLink`s, first first; none: "nothing found since") out, found by the take-up
rules (`minutes.takeups`) over the index's searches and case trails.

`FollowUpLinks` is the part of `Archive` that finds them, for one follow-up or a whole list at once,
and keeps those a list shows in the index when a build commits (`keep_links`): lists, cards and
exports then read them without searching.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from indexer.config import code_version
from indexer.errors import InvalidInput
from indexer.minutes import RULES_VERSION
from indexer.minutes.deadlines import names_next_meeting
from indexer.minutes.items import normalise
from indexer.minutes.takeups import (CANDIDATES, RARE_FRACTION, RARE_MIN, asked, content_words, matter_of,
                                     matter_text, occasion_of, standing_case, take_ups)
from indexer.records import Filters, FollowUp, FollowUpLink, Hit, checked_date, checked_text
from indexer.search.neighbourhood import Neighbourhood
from indexer.search.retrieve import Retrieval
from indexer.store import Store, TrackedFollowUp
from indexer.text import terms

# The links a list shows ((k, limit, until) of `follow_up_links`' defaults): those a build keeps (`keep_links`).
LINKS_SHOWN = 3
KEPT_LINKS = (CANDIDATES, LINKS_SHOWN, None)
# The code that finds them (the take-up rules, the searches): links kept by other code are found again. A build
# that only extracts again with mended rules keeps its generation, so the generation alone would not tell.
LINKS_VERSION = f"{RULES_VERSION}.{code_version(Path(__file__).parent)}"
KEEP_BATCH = 100  # follow-ups linked together while a build keeps links (their searches share what they read)


class FollowUpLinks(Retrieval):
    """Where the snapshot's follow-ups were taken up again, found when asked or as the build kept them."""

    def links_known(self, tracked: TrackedFollowUp) -> list[FollowUpLink]:
        """A follow-up's links as looked up, else as the build kept them (`links_kept`), else none: what its
        overdue mark reckons with, and so what says why it is overdue (`present.overdue_label`)."""
        return tracked.links if tracked.links is not None else self.links_kept(tracked.follow_up.id) or []

    def follow_up_links(self, follow_up: str | TrackedFollowUp, *, k: int = CANDIDATES, limit: int = LINKS_SHOWN,
                        until: str | None = None) -> list[FollowUpLink]:
        """Where a follow-up was taken up again, first first (`takeups.take_ups`): the same case
        number at a later meeting of any body (not the same cycle's forwarding, not a standing
        item), then a later reading of the same agenda matter, then later agenda items in date
        order that share its rare matter words and are similar in meaning (of the `k` most similar
        later paragraphs); each names its meeting's agenda item. Empty: "nothing found since".
        `until`: only meetings up to that date (what was known then). They depend on what was
        indexed later: a build finds the links a list shows (`KEPT_LINKS`) for the generation it
        commits and keeps them in the index (`keep_links`); others are found when asked and kept here
        until the next build commits. For a list of follow-ups, `follow_ups_links` finds them sooner."""
        if isinstance(follow_up, TrackedFollowUp):
            return self._links(follow_up.follow_up, k, limit, until)
        with self._snapshot() as store:
            found = store.follow_ups(ids=[checked_text(follow_up, "follow-up id")])
        if not found:
            raise InvalidInput(f"no follow-up with id {follow_up!r}")
        return self._links(found[0].follow_up, k, limit, until)

    def follow_ups_links(self, tracked: Sequence[TrackedFollowUp], *, k: int = CANDIDATES, limit: int = LINKS_SHOWN,
                         until: str | None = None) -> list[list[FollowUpLink]]:
        """`follow_up_links` of each of `tracked` (a checklist, `follow_ups(links=True)`), in its order:
        the same links, found sooner. What their searches read of the index (the paragraphs found, a
        case's items and texts, a meeting's agenda, the requests since a date) is read once for the
        whole list, not once per follow-up: in a body's list many promises share a meeting, a case and
        candidates; what they will ask for (`takeups.asked`) is embedded ahead, on a thread of its own,
        while the searches before it run. A promise whose agenda matter its body never had on its agenda
        again is not searched for by what was promised (no later reading of it can be found)."""
        new = [t.follow_up for t in tracked if t.follow_up.meeting_date and self._kept_links(
            (t.follow_up.id, k, limit, until)) is None]
        if until is not None and new:
            checked_date(until, "until")
        reads = _Reads()
        with self._snapshot() as store:
            reads.follow(self._generation)
            later = [_later_matters(reads, store, fu) for fu in new] if k > 0 else []
        with self.neighbourhood(text for fu, matters in zip(new, later) for text in asked(fu, matters)) as around:
            listing = _Listing(reads, around)
            return [self._links(t.follow_up, k, limit, until, listing) for t in tracked]

    def _kept_links(self, key: tuple) -> list[FollowUpLink] | None:
        """The links found for `key` (follow-up id, k, limit, until) in this generation, or None. A list's
        links (`KEPT_LINKS`) are those the build found for the generation it committed (`keep_links`)."""
        with self._lock:
            cache = getattr(self, "_link_cache", None)
            if cache is None or cache[0] != self._generation:
                with self._snapshot() as store:
                    kept = store.kept_follow_up_links(self._generation, LINKS_VERSION)
                    cache = self._link_cache = (self._generation, {(i, *KEPT_LINKS): found
                                                                   for i, found in kept.items()})
            return list(cache[1][key]) if key in cache[1] else None

    def links_kept(self, follow_up_id: str) -> list[FollowUpLink] | None:
        """Where a follow-up was taken up again as its list shows it, where that is known without searching
        (kept by the build, or found before in this process), else None: a page that must open at once
        (a meeting's) says it only then."""
        return self._kept_links((follow_up_id, *KEPT_LINKS))

    def keep_links(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Find where every stored follow-up was taken up again (`follow_ups_links`, a list's links: `KEPT_LINKS`)
        and keep them in the index for the generation they were found in: every list, card and export then
        reads them at once, in any process, until the next build commits. A build calls this once its
        vectors are in; `progress(done, total)`. Returns how many follow-ups were linked."""
        with self._snapshot() as store:
            generation, tracked = self._generation, store.follow_ups()
        found: dict[str, list[FollowUpLink]] = {}
        for start in range(0, len(tracked), KEEP_BATCH):
            batch = tracked[start:start + KEEP_BATCH]
            found.update((t.follow_up.id, links) for t, links in zip(batch, self.follow_ups_links(batch)))
            if progress is not None:
                progress(len(found), len(tracked))
        with self._lock:
            with self._store.writing() as store:
                if store.meta().get("generation") == generation:  # else a build committed meanwhile
                    store.keep_follow_up_links(generation, LINKS_VERSION, found)
        return len(found)

    def _links(self, fu: FollowUp, k: int, limit: int, until: str | None,
               listing: "_Listing | None" = None) -> list[FollowUpLink]:
        """`follow_up_links` of `fu`; `listing`: what a list's follow-ups share (`follow_ups_links`)."""
        if not fu.meeting_date:
            return []  # nothing is known to be later: no search, no model
        if until is not None:
            checked_date(until, "until")
        key = (fu.id, k, limit, until)
        kept = self._kept_links(key)
        if kept is not None:
            return kept
        later = Filters(date_from=fu.meeting_date, date_to=until)
        reads = listing.reads if listing is not None else _Reads()
        around = listing.around if listing is not None else None

        def similar(text: str, count: int) -> list[Hit]:
            # the link floor is a cosine: the dense score, not a fused rank score; only later
            # meetings are asked for, so years of earlier ones never crowd them out
            return self.nearest(text, k=count, filters=later, around=around)

        with self._snapshot() as store:
            reads.follow(self._generation)
            case_items = reads(store.case_items, fu.case_number) if fu.case_number else []
            case_items = [h for h in case_items if until is None or (h.date and h.date <= until)]
            requests = reads(store.follow_up_paragraph_ids, fu.meeting_date)
            # each later item's whole text, where the promise's words are looked for, and the promise's own
            # item's, against which what a later item brings is told, its requests made again aside
            # (`takeups._answered`)
            item_texts: dict[tuple, str] = {}
            repeated: list[str] = []
            restating: set[tuple] = set()  # later items making the promise again in its words (`link_by_case`)
            promise = normalise(fu.text)
            if case_items and not standing_case(case_items):
                for document, item_number, day, text, paragraph in reads(store.case_texts, fu.case_number):
                    item = (document, item_number)
                    if item == (fu.document, fu.item_number) or (
                            day and day > fu.meeting_date and (until is None or day <= until)):
                        item_texts[item] = f"{item_texts[item]}\n{text}" if item in item_texts else text
                        if paragraph in requests and document != fu.document:
                            repeated.append(text)
                            if promise and promise in normalise(text):
                                restating.add(item)
            agenda = {p.item_title for p in reads(store.paragraphs_of, fu.document) if p.item_title}
            rare = max(RARE_FRACTION * self.manifest.paragraphs, RARE_MIN)
            # (a committee's name is no matter word: it names who, not what)
            matter_words = {w for w in content_words(terms.fold_committees(matter_text(fu), " "))
                            if reads(store.term_document_count, w, False) <= rare}
            # the promising body's later items, where the promise names the recurring matter it comes back with
            occasion_items = [h for h in reads(store.body_items, fu.body, fu.meeting_date)
                              if until is None or (h.date and h.date <= until)] if occasion_of(fu) else []
            # the body's next meeting, where the promise is for it ("til næste møde")
            later_items = reads(store.body_items, fu.body, fu.meeting_date) if names_next_meeting(fu.deadline) else []
            next_meeting = next((h.date for h in later_items if h.date), None)
            shared = {} if listing is None else {"later_matters": _later_matters(reads, store, fu),
                                                 "paragraph_words": listing.words}
        links = take_ups(fu, case_items, similar, k=k, limit=limit, requests=requests, matter_words=matter_words,
                         item_texts=item_texts, repeated=repeated, restating=restating, agenda=agenda,
                         occasion_items=occasion_items, next_meeting=next_meeting, **shared)
        with self._lock:
            self._link_cache[1][key] = list(links)
        return links


class _Reads:
    """The store's answers that a list's take-ups ask for again and again, each read once: a case's
    items and texts for each of its promises, a meeting's agenda for each promise made there, the
    requests from one date on, a word's count. For one list of one generation (`follow_ups_links`);
    what it hands out is read, never changed."""

    def __init__(self) -> None:
        self._generation: int | None = None
        self._answers: dict[tuple, object] = {}

    def follow(self, generation: int) -> None:
        """Everything read dropped where a build committed another generation since."""
        if generation != self._generation:
            self._generation = generation
            self._answers.clear()

    def __call__(self, read: Callable, *args):
        """`read(*args)` (a method of the store, or a function of it), read once per list."""
        key = (read.__name__, args)
        if key not in self._answers:
            self._answers[key] = read(*args)
        return self._answers[key]


@dataclass
class _Listing:
    """What the take-ups of one list's follow-ups share (`FollowUpLinks.follow_ups_links`): the searches'
    `Neighbourhood`, the store's answers (`_Reads`) and the candidates' content words by paragraph id
    (`takeups.link_follow_up`'s `paragraph_words`). Lives for one list."""

    reads: _Reads
    around: Neighbourhood
    words: dict[str, set[str]] = field(default_factory=dict)


def _later_matters(reads: _Reads, store: Store, fu: FollowUp) -> set[str]:
    """The agenda matters (`takeups.matter_of` an item's title) on the promising body's agendas after
    the promise's meeting (`takeups.link_follow_up`'s `later_matters`), read once per list."""
    latest = reads(_latest_matters, store).get((fu.body or "").casefold(), {})
    return {matter for matter, day in latest.items() if day > (fu.meeting_date or "")}


def _latest_matters(store: Store) -> dict[str, dict[str, str]]:
    """By body (casefolded, as `takeups` compares bodies), each agenda matter (`takeups.matter_of` an
    item's title) with the last meeting date it was on that body's agenda."""
    found: dict[str, dict[str, str]] = {}
    for body, day, title in store.agenda_titles():
        matter = matter_of(title)
        if matter and day:
            latest = found.setdefault((body or "").casefold(), {})
            if day > latest.get(matter, ""):
                latest[matter] = day
    return found
