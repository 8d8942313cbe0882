"""The meeting view as plain data: a meeting's records and paragraphs in, a `MeetingView` out.

In:  the `Record`s of one meeting (the minutes, and attachments whose `attachment_to`
     names them) with their `Paragraph`s, and optionally their decisions and follow-ups
     (computed here when not given).
Out: `MeetingView(body, date, documents, items, attendees, absent, attachments)`: agenda items
     in the record's order, each with its decisions, the follow-ups made there and the
     page where it starts in the original; attendees as the people pages read them
     (`people.attendance`: the meeting system's list or "Til stede:" / "Afbud:", as the items'
     decisions correct it: "Fraværende: …", "X suppleant for Y").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from indexer.minutes.decisions import extract_decisions, item_decision
from indexer.minutes.items import agenda_items, normalise
from indexer.minutes.followups import listed_followups
from indexer.minutes.people.attendance import Presence, attendee_lines, item_notes, meeting_attendance
from indexer.records import Decision, FollowUp, Paragraph, Record


@dataclass
class ItemView:
    """One agenda item of a meeting, in the record's order."""

    number: str | None
    title: str | None
    document: str  # the record it is in
    first_page: int | None  # where it starts in the original (PDFs), for a link to the page
    first_paragraph: str  # the id of its first paragraph
    decisions: list[Decision] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    # What a meeting system states about the item (None / False for items read from text).
    case_number: str | None = None
    closed: bool = False  # a closed item: its title only, never its text
    url: str | None = None  # the item's page in the portal
    attachments: list[str] = field(default_factory=list)  # attachment titles the source names

    @property
    def decision(self) -> Decision | None:
        """The item's own decision (`decisions.item_decision`)."""
        return item_decision(self.decisions)


@dataclass
class MeetingView:
    """A whole meeting on one page."""

    body: str | None
    date: str | None
    documents: list[str]  # the meeting's own records (paths)
    items: list[ItemView]
    attendees: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # paths of records attached to it
    # decisions and follow-ups the record states outside any numbered item
    unplaced_decisions: list[Decision] = field(default_factory=list)
    unplaced_follow_ups: list[FollowUp] = field(default_factory=list)
    # What a meeting system states about the meeting (None for meetings read from text).
    start: str | None = None  # ISO date and time
    place: str | None = None
    url: str | None = None
    system: str | None = None  # "firstagenda", "edoc", "sbsys"


def build_meeting(
    records: Sequence[Record],
    paragraphs: Mapping[str, Sequence[Paragraph]],
    decisions: Mapping[str, Sequence[Decision]] | None = None,
    follow_ups: Mapping[str, Sequence[FollowUp]] | None = None,
    presences: Sequence[Presence] | None = None,
) -> MeetingView:
    """Assemble one meeting from its records.

    Args:
        records: the meeting's records: its minutes/agenda items, and attachments
            (records whose `attachment_to` is one of the others).
        paragraphs: each record's paragraphs in reading order, keyed by record path.
        decisions, follow_ups: per record path, if already extracted (else extracted here).
        presences: who attended, as the people pages read it (`people.attendance.meeting_attendance`),
            if already read (else read here the same way: the attendee list as the items' decisions
            correct it).

    Returns:
        The meeting; items follow the records' order and each record's reading order.
    """
    own = [r for r in records if not r.attachment_to or r.attachment_to not in {x.path for x in records}]
    attachments = [r.path for r in records if r not in own]
    # the full minutes (most agenda items) first, so items keep the minutes' order
    own.sort(key=lambda r: document_rank(r, len(agenda_items(r, list(paragraphs.get(r.path, []))))))
    items: list[ItemView] = []
    unplaced_d: list[Decision] = []
    unplaced_f: list[FollowUp] = []
    decided: list[Decision] = []
    for record in own:
        paras = list(paragraphs.get(record.path, []))
        decs = list(decisions[record.path]) if decisions and record.path in decisions else extract_decisions(record, paras)
        fus = list(follow_ups[record.path]) if follow_ups and record.path in follow_ups else listed_followups(record, paras)
        decided += decs
        position = {p.id: p.position for p in paras}
        record_items: list[ItemView] = []
        for item, first in agenda_items(record, paras):
            existing = next((i for i in record_items if i.number == item.number), None)
            if existing is not None and item.number is not None and existing.title == item.title:
                continue
            record_items.append(ItemView(item.number, item.title, record.path, first.page, first.id))
        # a decision that names its item ("beslutning … Punkt 5") where no heading announced it
        by_id = {p.id: p for p in paras}
        for d in decs:
            if d.item_number and not any(i.number == d.item_number for i in record_items) and d.paragraph_id in by_id:
                source = by_id[d.paragraph_id]
                record_items.append(ItemView(d.item_number, d.item_title, record.path, source.page, source.id))
        record_items.sort(key=lambda i: position.get(i.first_paragraph, 0))
        if record.meeting:
            _add_stated(record_items, record.meeting)
        else:  # minutes read from text: an item's case number as its own paragraphs state it
            cases = {}
            for p in paras:
                if p.item_number and p.case_number:
                    cases.setdefault(p.item_number, p.case_number)
            for item in record_items:
                item.case_number = cases.get(item.number)
        for d in decs:
            target = _item_for(record_items, d.item_number, position.get(d.paragraph_id), position)
            (target.decisions if target else unplaced_d).append(d)
        for f in fus:
            target = _item_for(record_items, f.item_number, position.get(f.paragraph_id), position)
            (target.follow_ups if target else unplaced_f).append(f)
        for item in record_items:
            # the same item in another record (one record may hold two meetings numbered from 1 again: a
            # committee's own items, then its joint meeting's), of those the one of the same title first
            others = [i for i in items if item.number is not None and i.number == item.number
                      and i.document != item.document]
            same = next((i for i in others if i.title == item.title), others[0] if others else None)
            if same is None:
                items.append(item)
                continue
            # an agenda item filed again (its own PDF, the meeting system's export beside the minutes):
            # one item, its decision as the first document states it (another may word it otherwise:
            # a remark's lead-in kept or not), and each promise once
            if not same.decisions:
                same.decisions = item.decisions
            seen = {normalise(f.text) for f in same.follow_ups}
            same.follow_ups += [f for f in item.follow_ups if normalise(f.text) not in seen]
            same.title = same.title or item.title
    # what an attachment the administration wrote promises belongs to the meeting too (one written by
    # others promises nothing here: `authors`): under the item it is attached to (as the export cites
    # it), else beside the items, its card naming the attachment; the list of follow-ups counts it the same way
    for record in records:
        if record in own or not follow_ups or record.path not in follow_ups:
            continue
        for f in follow_ups[record.path]:
            target = next((i for i in items if f.item_number is not None and i.number == f.item_number), None)
            placed = target.follow_ups if target else unplaced_f
            if normalise(f.text) not in {normalise(x.text) for x in placed}:  # the minutes may quote it
                placed.append(f)
    if presences is None:
        presences = meeting_attendance(records, paragraphs, item_notes(
            (p for r in own for p in paragraphs.get(r.path, ())), decided))
    present, absent = attendee_lines(presences)
    first = own[0] if own else (records[0] if records else None)
    date = next((r.meeting_date for r in own if r.meeting_date), None)
    stated = next((r.meeting for r in own if r.meeting), None) or {}
    return MeetingView(
        body=first.body if first else None,
        date=date,
        documents=[r.path for r in own],
        items=items,
        attendees=present,
        absent=absent,
        attachments=attachments,
        unplaced_decisions=unplaced_d,
        unplaced_follow_ups=unplaced_f,
        start=stated.get("start"),
        place=stated.get("place"),
        url=stated.get("url"),
        system=stated.get("system"),
    )


def document_rank(record: Record, items: int) -> tuple:
    """The order of one meeting's documents where they say the same (`items`: how many agenda
    items the document holds or decides): the one with most items first (the full minutes before
    an item's own PDF), of equals the meeting system's record (its structure: case numbers, closed
    items, stated votes), then by path."""
    return (-items, record.meeting is None, record.path)


def _add_stated(items: list[ItemView], outline: Mapping) -> None:
    """The case number, closed flag, link and attachments a meeting system states, on the items
    read from its paragraphs (matched by number)."""
    stated = {i.get("number"): i for i in outline.get("items") or []}
    for item in items:
        source = stated.get(item.number)
        if source:
            item.case_number, item.closed, item.url = source.get("case_number"), bool(source.get("closed")), source.get("url")
            item.attachments = [a.get("title") for a in source.get("attachments") or [] if a.get("title")]


def _item_for(items: list[ItemView], number: str | None, at: int | None,
              position: Mapping[str, int]) -> ItemView | None:
    """The item with this number that starts at or before the position (a record may hold two
    meetings numbered from 1 again); the first with the number if the position is unknown."""
    candidates = [i for i in items if number is not None and i.number == number]
    if not candidates:
        return None
    if at is None:
        return candidates[0]
    before = [i for i in candidates if position.get(i.first_paragraph, 0) <= at]
    return before[-1] if before else candidates[0]


# A record of this kind is a whole sitting: two on one day are two sittings (the parliament met at
# 11 and at 13 on 3 July 2015), not one meeting's minutes and its agenda items.
SITTING_TYPES = frozenset({"forhandlinger"})


def meetings_of(records: Sequence[Record]) -> dict[tuple[str | None, str | None], list[Record]]:
    """Records grouped into meetings by (body, meeting date); attachments join their meeting. A
    sitting's key is its date and its path ("2015-07-03#folketinget/…-1300.txt"); an undated
    record's, "?" and its path: `meeting_date_of` reads the date back."""
    by_path = {r.path: r for r in records}
    groups: dict[tuple[str | None, str | None], list[Record]] = {}
    for r in records:
        owner = by_path.get(r.attachment_to or "", r)
        if not owner.meeting_date:
            key = (owner.body, f"?{owner.path}")
        elif owner.doc_type in SITTING_TYPES:
            key = (owner.body, f"{owner.meeting_date}#{owner.path}")
        else:
            key = (owner.body, owner.meeting_date)
        groups.setdefault(key, []).append(r)
    return groups


def meeting_date_of(key: str | None) -> str | None:
    """The meeting date of a `meetings_of` key (None for an undated record)."""
    return None if not key or key.startswith("?") else key.split("#", 1)[0]
