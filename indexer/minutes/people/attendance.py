"""Who was at a meeting: a meeting's records and their paragraphs in; one `Presence` per person (present, or
absent with the record's note) out.

From a meeting system's attendee list (`Record.meeting["attendees"]`: name, role, absent, note; its secretary
left out, staff and no member), else the minutes' own "Til stede:" / "Afbud:" block (`meetings.attendance`); one
entry per person and meeting (body and date), a meeting's several records read once.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Mapping, Sequence

from indexer.minutes.meetings import attendance
from indexer.minutes.people.names import _PARTY, split_name
from indexer.records import Paragraph, Record


@dataclass(frozen=True)
class Presence:
    """One person at one meeting: present or absent (with the record's note)."""

    name: str
    party: str | None
    present: bool
    body: str | None
    date: str | None
    document: str  # the meeting's record that lists it
    note: str | None = None  # "Afbud", "Fraværende under punkt 24", a role

    def to_json(self) -> dict:
        return asdict(self)


def meeting_attendance(records: Sequence[Record], paragraphs: Mapping[str, Sequence[Paragraph]]) -> list[Presence]:
    """Who was present and absent at one meeting (its records, attachments left out), each person once:
    the meeting system's list where a record has one, else the minutes' "Til stede" / "Afbud" block."""
    own = [r for r in records if not r.attachment_to or r.attachment_to not in {x.path for x in records}]
    own.sort(key=lambda r: (r.meeting is None, (r.doc_type or "") != "referat", r.path))
    for record in own:
        found = _stated(record) if record.meeting else _written(record, paragraphs.get(record.path, ()))
        if found:
            return found
    return []


# The meeting's staff, listed with the members but no member of the body ("Sekretær: Mie Helene Andresen").
_STAFF_ROLES = frozenset({"sekretær", "referent", "protokolfører"})


def _stated(record: Record) -> list[Presence]:
    out: dict[str, Presence] = {}
    for attendee in (record.meeting or {}).get("attendees") or []:
        named = split_name(attendee.get("name"))
        if not named.name or (attendee.get("role") or "").strip().casefold() in _STAFF_ROLES:
            continue
        # a role may hold the party before the post ("A, formand": eDoc)
        roles = [part.strip() for part in (attendee.get("role") or "").split(",") if part.strip()]
        stated_party = next((part for part in roles if _PARTY.match(part)), None)
        party = named.party or stated_party
        role = ", ".join(part for part in roles if part != stated_party) or None
        note = ", ".join(x for x in (named.role, role, attendee.get("note")) if x) or None
        out.setdefault(named.name, Presence(named.name, party, not attendee.get("absent"), record.body,
                                            record.meeting_date, record.path, note))
    return list(out.values())


def _written(record: Record, paragraphs: Sequence[Paragraph]) -> list[Presence]:
    present, absent = attendance(list(paragraphs))
    out: dict[str, Presence] = {}
    for names, here in ((present, True), (absent, False)):
        for written in names:
            named = split_name(written)
            if named.name and len(named.name.split()) <= 6:
                out.setdefault(named.name, Presence(named.name, named.party, here, record.body, record.meeting_date,
                                                    record.path, named.role))
    return list(out.values())
