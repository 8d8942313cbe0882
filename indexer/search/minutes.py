"""The minutes as the index holds them: filters in; `Decision`s, tracked `FollowUp`s (due, overdue,
marked; where each was taken up again: `followup_links`) and whole meetings (`MeetingView`) out.

`MinutesAccess` is the part of `Archive` that reads (and, for follow-up marks, writes) what
the build extracted from the minutes.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Iterable, Sequence

from indexer.errors import InvalidInput
from indexer.ingest.bodies import round_step
from indexer.minutes.deadlines import due_date
from indexer.minutes.decisions import OUTCOMES
from indexer.minutes.items import normalise
from indexer.minutes.meetings import MeetingView, build_meeting, document_rank, meeting_date_of, meetings_of
from indexer.minutes.people.attendance import ITEM_NOTE_WORDS, Presence, item_notes, meeting_attendance
from indexer.records import Decision, Filters, FollowUp, FollowUpLink, Hit, Record, checked_date, checked_text
from indexer.search.followup_links import FollowUpLinks
from indexer.search.query import Query
from indexer.search.rank import Mode
from indexer.store import STATUSES, Mark, Store, TrackedFollowUp
from indexer.store.tracking import taken_up_by
from indexer.text import terms

# The most characters a follow-up mark keeps: its note (why it was marked) and who marked it.
NOTE_LIMIT = 2_000
BY_LIMIT = 200

@dataclass(frozen=True)
class MeetingRef:
    """One meeting of the index, for a list: body, date (None: undated), its own records and
    the records attached to it, and how many decisions and follow-ups it holds."""

    body: str | None
    date: str | None
    documents: tuple[str, ...]
    attachments: tuple[str, ...] = ()
    title: str | None = None  # the title of its first record
    decisions: int = 0
    follow_ups: int = 0

    def to_json(self) -> dict:
        return {"body": self.body, "date": self.date, "documents": list(self.documents),
                "attachments": list(self.attachments), "title": self.title, "decisions": self.decisions,
                "follow_ups": self.follow_ups}


class MinutesAccess(FollowUpLinks):
    """Decisions, follow-ups and meetings of the snapshot (searching within them uses `search`)."""

    def decisions(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                  date_to: str | None = None, outcome: str | None = None, query: str | None = None,
                  document: str | None = None, mode: Mode = "hybrid", language: str | None = None) -> list[Decision]:
        """The decisions stored in the index, by meeting date (undated last) and reading order;
        with `query`, those whose paragraph the search finds, best first, then those of the agenda
        items whose text it finds ("rent increases" finds "Anbefales." on the item about
        huslejestigninger), best first, then those whose agenda item's title holds every word of the
        query, newest first; of these, the decisions on an item whose title names the query's every word
        come before those that only mention it, and in each part a case's decisions stand together in date
        order, the case found first first.

        Args:
            body: one body or several; date_from/date_to: ISO dates (inclusive; undated ones
                are then left out); outcome: one of decisions.OUTCOMES; document: one path.
            query: free text, searched within the decision paragraphs and their items' titles (any
                characters are safe).
            mode: the search mode for `query`.
            language: the language `query` is read in, "da" or "en" (None: told from it): the matter of a
                question is in the question's language ("What did the committee decide about the waste plan?":
                "waste plan", read as Danish, found local plans).

        Raises:
            InvalidInput: a bad date or outcome.
        """
        if outcome is not None and outcome not in OUTCOMES:
            raise InvalidInput(f"unknown outcome {outcome!r}; use {', '.join(OUTCOMES)}")
        filters = _extraction_filters(body, date_from, date_to, document, "decisions")
        with self._snapshot() as store:
            found = store.decisions(body, filters.date_from, filters.date_to, outcome, document)
            found = stated_once(found, _document_ranks(store, found))
        if query is None:
            return found
        searched = self.analyse(self.searched_text(checked_text(query, "query")), language=language) if language else query
        order = self._paragraph_order(searched, filters, mode)
        ranked = sorted((d for d in found if d.paragraph_id in order), key=lambda d: order[d.paragraph_id])
        # A decision is mostly a word or two ("Anbefales."): the text of its agenda item is what a search
        # on its matter finds, so next come the decisions of the items whose paragraphs the search finds
        # (an item standing in several meetings' documents, committee → Økonomiudvalg → Byråd, in each)
        items = self._item_order(searched, replace(filters, kind=None), mode)
        about = sorted((d for d in found if d.paragraph_id not in order and _item_key(d) in items),
                       key=lambda d: items[_item_key(d)])
        ranked += about
        # The title of its agenda item says what it decides on, so a decision whose item's title holds
        # every word of the query is found too (after the ranked ones, newest first), as the item comes
        # back committee → ØU → Byråd.
        names = titles_naming(query)
        listed = {d.id for d in ranked}
        titled = [d for d in found if d.id not in listed and names(d.item_title)]
        ranked += sorted(titled, key=lambda d: d.meeting_date or "", reverse=True)
        # The decisions on an item whose title names the matter before those that only mention it ("Freyas
        # Kvarter": the case's own steps before a Huskeliste naming it); in each part, a case's decisions
        # together in date order, as it went committee → Økonomiudvalg → Byråd (on one day too: `round_step`;
        # "Villa Sitka": the Byråd's
        # decision stood eighth, after another case's), the case found first first.
        ranked.sort(key=lambda d: not names(d.item_title))
        first: dict[tuple, int] = {}
        for rank, d in enumerate(ranked):
            first.setdefault((names(d.item_title), d.case_number or d.id), rank)
        return sorted(ranked, key=lambda d: (not names(d.item_title), first[names(d.item_title), d.case_number or d.id],
                                             d.meeting_date or "9999", round_step(d.body)))

    def follow_ups(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                   date_to: str | None = None, status: str | None = "open", query: str | None = None,
                   document: str | None = None, links: bool = False, mode: Mode = "hybrid",
                   today: str | None = None, fold: bool = False, search_overdue: bool = True) -> list[TrackedFollowUp]:
        """The follow-ups stored in the index with their status (default: the open ones): the open
        ones first, each part by meeting date (oldest first, undated last) and reading order; with
        `query`, only those whose paragraph the search finds, best first. Each says when it is due
        (`deadlines.due_date`; "på næste møde" is the body's next meeting in the index) and whether
        it is overdue: open, due before `today`, and not taken up since where that is known (links
        looked up, or kept by the build).

        Args:
            status: "open", "done", "dismissed", or None / "all" for every one.
            links: also look up, per follow-up, the later paragraphs that take it up again
                (one dense search each; see `follow_up_links`).
            today: the date overdue is reckoned from (default: today).
            fold: the same sentence under the same case number at a later meeting (the promise as the
                case goes committee → Økonomiudvalg → Byråd) folded into the first, listed in its
                `repeated`; the entry has the first's mark, else a repeat's (one mark for the promise), also
                a repeat outside the body, document or period asked for.
            search_overdue: where the build kept no links (an index built by other code), those of the ones
                that would be overdue without them are looked up; False: a page that must open at once
                reckons with what the build kept only.
            Others as in `decisions`.

        Raises:
            InvalidInput: a bad date or status.
        """
        status = _status(status, allow_all=True)
        filters = _extraction_filters(body, date_from, date_to, document, "follow_ups")
        with self._snapshot() as store:
            # folded, a promise's repeats take its mark: every status is read, the entries chosen after
            found = store.follow_ups(body, filters.date_from, filters.date_to, None if fold else status, document)
            found = promised_once(found, _document_ranks(store, [t.follow_up for t in found]))
            meetings = store.meeting_dates() if found else {}
            # one body's list, one period's or one document's: a repeat outside it marked marks the promise too
            # (marked done in the Social- og Handicapudvalg's list, it is done in the Sundheds- og Omsorgsudvalg's)
            narrowed = body is not None or document is not None or filters.date_from or filters.date_to
            marked = [t for t in store.follow_ups() if t.mark is not None] if fold and narrowed and found else []
        if fold:
            _take_repeats_marks(found, marked)
            found = fold_repeats(found)
            if status is not None:
                found = [t for t in found if t.status == status]
        if query is not None:
            ranks = self._follow_up_order(query, filters, mode, found)
            found = sorted((t for t in found if t.follow_up.id in ranks), key=lambda t: ranks[t.follow_up.id])
        else:  # as the secretariat keeps them: the open ones first, each part oldest first
            found.sort(key=lambda t: t.status != "open")
        if links:
            for tracked, found_links in zip(found, self.follow_ups_links(found)):
                tracked.links = found_links
        self._mark_overdue(found, meetings, checked_date(today, "today") if today else date.today().isoformat(),
                           search_overdue)
        return found

    def follow_up(self, follow_up_id: str, *, links: bool = False) -> TrackedFollowUp | None:
        """One stored follow-up with its status, or None."""
        checked_text(follow_up_id, "follow-up id")
        with self._snapshot() as store:
            found = store.follow_ups(ids=[follow_up_id])
            meetings = store.meeting_dates() if found else {}
        if found and links:
            found[0].links = self.follow_up_links(found[0])
        self._mark_overdue(found, meetings, date.today().isoformat())
        return found[0] if found else None

    def _mark_overdue(self, found: list[TrackedFollowUp], meetings: dict[str | None, list[str]], today: str,
                      search: bool = True) -> None:
        """`_mark_overdue` with each one's links known; where neither looked up nor kept by the build (an index
        built by other code keeps none), those of the ones that would be overdue without them are looked up
        (`search`; kept in this process): a promise taken up since is not called overdue for want of a search."""
        unknown = [t for t in found if search and t.links is None and t.status == "open"
                   and self.links_kept(t.follow_up.id) is None]
        _mark_overdue(unknown, meetings, today, [[] for _ in unknown])
        if late := [t for t in unknown if t.overdue]:
            self.follow_ups_links(late)
        _mark_overdue(found, meetings, today, [self.links_known(t) for t in found])


    def follow_up_statuses(self, documents: Iterable[str]) -> dict[str, str]:
        """The status ("open", "done", "dismissed") of every follow-up made in these documents, by id
        (a meeting's view: its documents and attachments): its own mark, else that of the promise it
        repeats as its case went on (`fold_repeats`: marked at the committee, done at the Byråd too)."""
        own = {tracked.follow_up.id: tracked for document in documents
               for tracked in self.follow_ups(status=None, document=document, search_overdue=False)}
        if all(tracked.mark is not None for tracked in own.values()):
            return {i: tracked.status for i, tracked in own.items()}
        promise = {fu.id: entry for entry in self.follow_ups(status=None, fold=True, search_overdue=False)
                   for fu in (entry.follow_up, *entry.repeated)}
        return {i: tracked.status if tracked.mark is not None or i not in promise else promise[i].status
                for i, tracked in own.items()}

    def mark_follow_up(self, follow_up_id: str, status: str, note: str | None = None,
                       by: str | None = None) -> TrackedFollowUp:
        """Mark a follow-up "done" or "dismissed", or "open" again (removes the mark). The mark
        is kept in the index's database by the follow-up's id and survives rebuilds.

        Raises:
            InvalidInput: an unknown id or status, or a note (or `by`) that is not text or
                longer than NOTE_LIMIT (BY_LIMIT) characters.
        """
        status = _status(status, allow_all=False)
        checked_text(follow_up_id, "follow-up id")
        for value, what, limit in ((note, "note", NOTE_LIMIT), (by, "marked by", BY_LIMIT)):
            if value is not None and len(checked_text(value, what)) > limit:
                raise InvalidInput(f"{what} is {len(value):,} characters long; at most {limit:,} are kept")
        with self._lock:
            with self._store.writing() as store:
                marked = store.follow_ups(ids=[follow_up_id])
                if not marked:
                    raise InvalidInput(f"no follow-up with id {follow_up_id!r}{_moved_to(store, follow_up_id)}")
                for copy in _copies(store, marked[0].follow_up):  # the list shows one of them, whichever
                    store.mark_follow_up(copy, status, note=note, by=by)
        return self.follow_up(follow_up_id)

    def follow_up_marks(self) -> dict[str, Mark]:
        """Every mark by follow-up id, also those whose follow-up is no longer indexed (its
        file was removed or the sentence reworded): they come back if the follow-up does."""
        with self._snapshot() as store:
            return store.follow_up_marks()

    def meetings(self) -> list[MeetingRef]:
        """Every meeting (records grouped by body and meeting date, attachments with their
        meeting; an undated record is a meeting of its own), newest first, undated last."""
        with self._snapshot() as store:
            records = store.records()
            by_path = {r.path: r for r in records}
            all_decisions = store.decisions()
            ranks = _document_ranks(store, all_decisions, by_path, all_decisions)
            decisions = _count_by_document(d.document for d in stated_once(all_decisions, ranks))
            tracked = store.follow_ups()
            follow_ups = _count_by_document(t.follow_up.document for t in promised_once(
                tracked, _document_ranks(store, [t.follow_up for t in tracked], by_path, all_decisions)))
        refs, starts = [], []
        for (body, key), group in meetings_of(records).items():
            paths = {r.path for r in group}
            own = [r for r in group if not r.attachment_to or r.attachment_to not in paths]
            # one day's meetings by the hour a meeting system gives (the committee at 8.00 before the council at 16.30)
            starts.append(min((r.meeting.get("start") or "" for r in own if r.meeting), default=""))
            refs.append(MeetingRef(
                body=body, date=meeting_date_of(key),
                documents=tuple(r.path for r in own), attachments=tuple(r.path for r in group if r not in own),
                title=next((r.title for r in own if r.title), None),
                # An item filed again (its own PDF beside the minutes) states the minutes' decision
                # again: counted once (`stated_once`), as the lists show it.
                decisions=sum(decisions.get(p, 0) for p in paths),
                follow_ups=sum(follow_ups.get(p, 0) for p in paths)))
        dated = sorted(((start, m) for start, m in zip(starts, refs) if m.date),
                       key=lambda pair: (pair[1].date, pair[0], pair[1].body or ""), reverse=True)
        return [m for _, m in dated] + [m for m in refs if not m.date]

    def meeting(self, body: str | None, date: str) -> MeetingView | None:
        """The whole meeting of `body` on `date` (`meetings.build_meeting` over the stored
        paragraphs, decisions and follow-ups, who attended as the people pages read it), or None if
        the index holds none.

        Raises:
            InvalidInput: `date` is not a YYYY-MM-DD date, or `body` is not text."""
        checked_date(date, "meeting date")
        if body is not None:
            checked_text(body, "body")
        with self._snapshot() as store:
            found = next((((b, key), g) for (b, key), g in meetings_of(store.records()).items()
                          if b == body and meeting_date_of(key) == date), None)  # of two sittings, the first
            return self._meeting(store, *found) if found else None

    def no_meeting(self, body: str | None, date: str) -> str:
        """What to say when `meeting(body, date)` finds none: the body and the date, and the body's
        meetings nearest that date, one before and one after (a date mistyped by a day or a week).
        """
        with self._snapshot() as store:
            dates = sorted({day for (b, key) in meetings_of(store.records()) if b == body
                            for day in [meeting_date_of(key)] if day})
        at = bisect_right(dates, date)
        nearest = dates[max(0, at - 1):at + 1]
        said = f"no meeting of {body!r} on {date} in the index"
        if not nearest:
            return said
        return f"{said}; its nearest meeting{'s' if len(nearest) > 1 else ''}: {' and '.join(nearest)}"

    def meeting_of(self, document: str) -> MeetingView | None:
        """The whole meeting a document belongs to (also an undated one), or None if not indexed."""
        checked_text(document, "document")
        with self._snapshot() as store:
            found = next(((key, g) for key, g in meetings_of(store.records()).items()
                          if any(r.path == document for r in g)), None)
            return self._meeting(store, *found) if found else None

    def meeting_documents(self, document: str) -> tuple[str, ...]:
        """The paths of every record of the meeting `document` belongs to (its own records and
        attachments, `document` among them), or () if it is not indexed: what `meetings()` groups,
        without counting every decision and follow-up of the archive."""
        checked_text(document, "document")
        with self._snapshot() as store:
            group = next((g for g in meetings_of(store.records()).values() if any(r.path == document for r in g)),
                         None)
        return tuple(r.path for r in group) if group else ()

    def _meeting(self, store: Store, key: tuple, records: list) -> MeetingView:
        """The meeting of `records` (its `meetings_of` key), who attended as the people pages read it."""
        paths = [r.path for r in records]
        return build_meeting(
            records, {p: store.paragraphs_of(p) for p in paths},
            {p: store.decisions(document=p) for p in paths},
            {p: [t.follow_up for t in store.follow_ups(document=p)] for p in paths},
            self._attendance(store).get(key, []))

    def _attendance(self, store: Store) -> dict[tuple, list[Presence]]:
        """Who attended each meeting (by `meetings_of` key), worked out once per index generation: the one
        reading of it, the attendee lists as the items' decisions correct them (`meeting_attendance`), that
        the meeting view and the people pages both show."""
        with self._lock:
            cache = getattr(self, "_attendance_cache", None)
            if cache is not None and cache[0] == self._generation:
                return cache[1]
            records = store.records()
            openings = store.opening_paragraphs(r.path for r in records if not r.meeting and not r.attachment_to)
            notes = item_notes(store.paragraphs_mentioning(ITEM_NOTE_WORDS), store.decisions())
            found = {key: meeting_attendance(group, openings, notes) for key, group in meetings_of(records).items()}
            self._attendance_cache = (self._generation, found)
            return found

    def _item_order(self, query: str | Query, filters: Filters, mode: Mode) -> dict[tuple[str, str], int]:
        """Rank of each agenda item (document, its title) by its best paragraph the search finds; a
        paragraph standing in other documents too (`Hit.also_in`) ranks its item there as well."""
        items: dict[tuple[str, str], int] = {}
        for rank, hit in enumerate(self.search(query, k=None, mode=mode, filters=filters).hits):
            for document in (hit.document, *hit.also_in) if hit.item_title else ():
                items.setdefault((document, normalise(hit.item_title)), rank)
        return items

    def _follow_up_order(self, query: str, filters: Filters, mode: Mode,
                         found: Sequence[TrackedFollowUp]) -> dict[str, int]:
        """Rank of each of `found` whose paragraph the search finds, by follow-up id: its own, or a copy of it the
        search lists it under (`Hit.also_in`: the same text in the next body's minutes, folded into one result;
        "indeklemte medio november" found neither copy's entry)."""
        hits = self.search(query, k=None, mode=mode, filters=filters).hits
        order = {hit.id: rank for rank, hit in enumerate(hits)}
        copies = [(rank, set(hit.also_in), normalise(hit.text)) for rank, hit in enumerate(hits) if hit.also_in]
        ranks = {}
        for t in found:
            fu = t.follow_up
            said = normalise(fu.text)
            rank = order.get(fu.paragraph_id, next((rank for rank, documents, text in copies
                                                    if fu.document in documents and said in text), None))
            if rank is not None:
                ranks[fu.id] = rank
        return ranks

    def _paragraph_order(self, query: str | Query, filters: Filters, mode: Mode) -> dict[str, int]:
        """Rank of each paragraph the search finds among the decision / follow-up paragraphs."""
        results = self.search(query, k=None, mode=mode, filters=filters)
        return {hit.id: rank for rank, hit in enumerate(results.hits)}



def titles_naming(query: str) -> Callable[[str | None], bool]:
    """Whether an agenda item's title holds every word of `query` (stemmed, as the search reads them):
    "Klub Havana - frigivelse af anlægsmidler" names "om Klub Havana"; a query of no such word names none.
    The query is read once, and each title once, for the thousands of decisions a list asks about."""
    wanted = terms.query_terms(query)

    @functools.lru_cache(maxsize=None)
    def names(title: str | None) -> bool:
        held = terms.indexed_terms(terms.stemmed_text(title or ""))
        return bool(wanted) and bool(title) and all(t.held_by(held) for t in wanted)

    return names


def _take_repeats_marks(found: list[TrackedFollowUp], marked: list[TrackedFollowUp]) -> None:
    """Give each unmarked follow-up of `found` the mark of a marked repeat of it (the same sentence under the same
    case number: `fold_repeats`) among `marked`, the first such in the archive's order."""
    marks: dict[tuple, TrackedFollowUp] = {}
    for tracked in marked:
        key = _repeat_key(tracked.follow_up)
        if key is not None:
            marks.setdefault(key, tracked)
    for tracked in found:
        repeat = marks.get(_repeat_key(tracked.follow_up)) if tracked.mark is None else None
        if repeat is not None:
            tracked.status, tracked.mark = repeat.status, repeat.mark


def _repeat_key(fu: FollowUp) -> tuple | None:
    """What the same promise as its case went on shares: its case number and its words (`_wording`)."""
    return (fu.case_number, _wording(fu.text)) if fu.case_number else None


def fold_repeats(found: list[TrackedFollowUp]) -> list[TrackedFollowUp]:
    """`found` with each follow-up whose sentence and case number an earlier one of the list has
    folded into that one's `repeated` (the list's order kept). A copy from a meeting already listed
    (the item's own PDF beside the minutes: the same body and date) is folded without being named:
    the case did not move on. The entry keeps its own mark, else takes a repeat's: marking the entry
    the list shows marks the promise, wherever its case went."""
    first: dict[tuple, TrackedFollowUp] = {}
    kept = []
    for tracked in found:
        fu = tracked.follow_up
        key = _repeat_key(fu)
        if key is not None and key in first:
            listed = first[key]
            if listed.mark is None and tracked.mark is not None:
                listed.status, listed.mark = tracked.status, tracked.mark
            if (fu.body, fu.meeting_date) not in {(x.body, x.meeting_date) for x in (listed.follow_up, *listed.repeated)}:
                listed.repeated.append(fu)
            continue
        if key is not None:
            first[key] = tracked
        kept.append(tracked)
    return kept


# Quotation marks as the bodies' minutes set them apart ("’Forslag til rammelokalplan’" at the committee, the
# same sentence with "…" at the Økonomiudvalg): one promise.
_QUOTES = re.compile(r"[\"'‘’‚‛“”„‟«»‹›]")


def _wording(text: str) -> str:
    """A promise's words as `fold_repeats` compares them: case, spacing and quotation marks aside."""
    return " ".join(_QUOTES.sub("", text).casefold().split())


def _mark_overdue(found: list[TrackedFollowUp], meetings: dict[str | None, list[str]], today: str,
                  links: list[list[FollowUpLink]]) -> None:
    """Set each follow-up's due date and overdue flag (see `MinutesAccess.follow_ups`), with `links` (each
    one's links known). A deadline after the archive's last meeting is not called overdue: the archive
    cannot know whether it was kept."""
    last = max((dates[-1] for dates in meetings.values() if dates), default="")
    for tracked, known in zip(found, links):
        fu = tracked.follow_up
        dates = meetings.get(_named_body(fu.deadline, meetings) or fu.body, [])
        following = dates[bisect_right(dates, fu.meeting_date)] if fu.meeting_date and \
            bisect_right(dates, fu.meeting_date) < len(dates) else None
        tracked.due = due_date(fu.deadline, fu.meeting_date, following)
        tracked.overdue = bool(tracked.status == "open" and tracked.due and tracked.due < today
                               and tracked.due <= last and not taken_up_by(tracked.due, known))


def _named_body(deadline: str | None, meetings: dict[str | None, list[str]]) -> str | None:
    """The body a deadline names, whose next meeting it is ("på førstkommende møde i Økonomiudvalget",
    said in a committee): a body whose name's first word, without its ending, stands in it."""
    said = (deadline or "").casefold()
    for body in meetings:
        name = re.sub(r"[\d\s-]+$", "", body or "").casefold()  # "Byråd 2022-2025" → "byråd"
        if re.fullmatch(r"\w+", name):  # one word: in any of its forms ("Økonomiudvalgets", "byrådsmødet")
            if len(name) >= 5 and re.search(rf"\b{re.escape(re.sub(r'(?:et|s)$', '', name))}", said):
                return body
        elif name and name in said:  # several ("Skole-, Børne- og Ungeudvalget"): whole
            return body
    return None


def _item_key(decision: Decision) -> tuple[str, str]:
    return decision.document, normalise(decision.item_title or "")


def _extraction_filters(body, date_from, date_to, document, kind: str) -> Filters:
    """The search filters for a decision / follow-up list (validates the dates)."""
    bodies = () if not body else (body,) if isinstance(body, str) else tuple(body)
    return Filters(bodies=bodies, documents=(document,) if document else (), date_from=date_from or None,
                   date_to=date_to or None, kind=kind)


def _status(status: str | None, *, allow_all: bool) -> str | None:
    if allow_all and status in (None, "all"):
        return None
    if status not in STATUSES:
        allowed = ", ".join(STATUSES + (("all",) if allow_all else ()))
        raise InvalidInput(f"unknown status {status!r}; use {allowed}")
    return status


def stated_once(decisions: Sequence[Decision], ranks: dict[str, tuple]) -> list[Decision]:
    """`decisions` with what another document of the same meeting states again left out: the
    minutes, an item's own PDF and the meeting system's export each state the item's decision,
    worded alike or not. Per meeting and agenda item (an unnumbered one: per wording) the decisions
    of the document ranked first (`ranks`, from `_document_ranks`) are kept, in `decisions`' order."""
    return _of_first_document(decisions, lambda d: d, lambda d: d.item_number or normalise(d.text), ranks)


def promised_once(found: Sequence[TrackedFollowUp], ranks: dict[str, tuple]) -> list[TrackedFollowUp]:
    """`found` with a promise another document of the same meeting states again in the same words
    left out: the copy of the document ranked first is kept (the one the meeting view shows)."""
    return _of_first_document(found, lambda t: t.follow_up, lambda f: normalise(f.text), ranks)


def _of_first_document(found: Sequence, extracted, what, ranks: dict[str, tuple]) -> list:
    """`found` with, per meeting and `what` (`extracted(x)`: its Decision or FollowUp), only the entries
    of the document ranked first; entries of documents without a rank are all kept."""
    def key(x) -> tuple:
        e = extracted(x)
        return e.body, e.meeting_date, what(e)

    first: dict[tuple, str] = {}
    for x in found:
        document = extracted(x).document
        if document in ranks and (key(x) not in first or ranks[document] < ranks[first[key(x)]]):
            first[key(x)] = document
    return [x for x in found if extracted(x).document not in ranks or first[key(x)] == extracted(x).document]


def _document_ranks(store: Store, extracted: Sequence[Decision | FollowUp], records: dict[str, Record] | None = None,
                    decisions: Sequence[Decision] | None = None) -> dict[str, tuple]:
    """`meetings.document_rank` of each document of `extracted` whose meeting has them from more than
    one document (empty where none has: nothing to leave out), with how many agenda items it
    decides; `records` and `decisions` where the caller holds them all already."""
    per_meeting: dict[tuple, set[str]] = {}
    for x in extracted:
        if x.meeting_date:
            per_meeting.setdefault((x.body, x.meeting_date), set()).add(x.document)
    shared = {d for documents in per_meeting.values() if len(documents) > 1 for d in documents}
    if not shared:
        return {}
    records = records or {r.path: r for r in store.records(shared)}
    items: dict[str, set] = {d: set() for d in shared}
    for d in decisions if decisions is not None else (d for path in shared for d in store.decisions(document=path)):
        if d.document in items and d.item_number:
            items[d.document].add(d.item_number)
    return {d: document_rank(records[d], len(items[d])) for d in shared if d in records}


def _moved_to(store, follow_up_id: str) -> str:
    """Where a follow-up that was marked went, said after "no follow-up with id …": its minutes moved to another
    folder (or were read again) and their marks went with them to the follow-ups' new ids (`Store.carry_marks`),
    so an id printed on an older checklist is no longer one; "" where nothing tells."""
    marks = store.follow_up_marks()
    old = marks.get(follow_up_id)
    if old is None:
        return ""
    same = [other for other, mark in marks.items() if other != follow_up_id
            and (mark.status, mark.note, mark.marked_at) == (old.status, old.note, old.marked_at)]
    now = [tracked.follow_up.id for tracked in store.follow_ups(ids=same)] if same else []
    if len(now) == 1:
        return f": its minutes were moved or read again, and it is now {now[0]!r}"
    return ": its minutes were moved, read again or removed (`followups --status all` lists the follow-ups now)"


def _copies(store: Store, follow_up: FollowUp) -> list[str]:
    """The ids of `follow_up` and of the same promise, in the same words, in another document of its
    meeting (an item's own PDF beside the minutes): one promise, marked as one."""
    if not follow_up.meeting_date:
        return [follow_up.id]
    same = store.follow_ups(follow_up.body, follow_up.meeting_date, follow_up.meeting_date)
    wording = normalise(follow_up.text)
    return [follow_up.id] + [t.follow_up.id for t in same if t.follow_up.body == follow_up.body
                             and t.follow_up.id != follow_up.id and normalise(t.follow_up.text) == wording]


def _count_by_document(documents: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for document in documents:
        counts[document] = counts.get(document, 0) + 1
    return counts
