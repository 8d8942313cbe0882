"""Who was at a meeting: a meeting's records and their paragraphs in; one `Presence` per person (present, or
absent with the record's note) out.

From a meeting system's attendee list (`Record.meeting["attendees"]`: name, role, absent, note; its secretary
left out, staff and no member), else the minutes' own "Til stede:" / "Afbud:" block (`attendance`); one
entry per person and meeting (body and date), a meeting's several records read once. Then what the items'
decisions say (`ItemNotes`): a member they write away ("Fraværende: Mehmet Dogru") was away for those items, or
from the meeting where that is its first and last item decided; a substitute they name for someone away
("Susanne Pahlmann suppleant for Mehmet") attended.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Iterable, Mapping, Sequence

from indexer.minutes.decisions import is_decision_field
from indexer.minutes.people.names import _PARTY, clean_name, member_named, split_name
from indexer.records import Decision, Paragraph, Record
from indexer.sources.common import number_key


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


@dataclass(frozen=True)
class ItemNotes:
    """What the items' decisions say of who attended, per record (`item_notes`)."""

    # record → item number → the names its decision writes away ("Mehmet Dogru"), as written
    away: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    # record → (substitute, the member they stood in for as written): "Susanne Pahlmann", "Mehmet"
    substitutes: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    # record → the items it states a decision on, in order
    decided: Mapping[str, Sequence[str]] = field(default_factory=dict)


def meeting_attendance(records: Sequence[Record], paragraphs: Mapping[str, Sequence[Paragraph]],
                       notes: ItemNotes = ItemNotes()) -> list[Presence]:
    """Who was present and absent at one meeting (its records, attachments left out), each person once:
    the meeting system's list where a record has one, else the minutes' "Til stede" / "Afbud" block; then
    what that record's items' decisions say (`notes`: who was away, who stood in). The one reading of who
    was there: the people pages and the meeting view (`meetings.build_meeting`) both show it."""
    own = [r for r in records if not r.attachment_to or r.attachment_to not in {x.path for x in records}]
    own.sort(key=lambda r: (r.meeting is None, (r.doc_type or "") != "referat", r.path))
    for record in own:
        found = _stated(record) if record.meeting else _written(record, paragraphs.get(record.path, ()))
        if found:
            return _as_items_say(found, record.path, notes)
    return []


# "Tilstede", "Til stede:", "Deltagere:", "Mødedeltagere:"; "Afbud:", "Fraværende:", "Afbud/Fraværende"
_PRESENT = re.compile(r"^(?:Til ?stede|Deltagere|Mødedeltagere|Present|Attendees)\s*:?\s*(?P<rest>.*)$", re.I)
_ABSENT = re.compile(r"^(?:Afbud(?:/Fraværende)?|Fraværende|Absent|Apologies)\s*:?\s*(?P<rest>.*)$", re.I)
_STOP = re.compile(
    r"^(?:Sekretær|Referent|Mødeleder|Dato|Side \d|Referat|Dagsorden|Indholdsfortegnelse|Åbent referat|"
    r"Lukket referat|\d{1,2}\.\s)", re.I,
)


def _names(text: str) -> list[str]:
    parts = re.split(r",(?![^()]*\))|;|\bog\b", text)
    return [p.strip(" .") for p in parts if p.strip(" .") and len(p.strip()) <= 80]


def attendance(paragraphs: Sequence[Paragraph]) -> tuple[list[str], list[str]]:
    """Who was present and who was absent, where the record lists them (else empty lists)."""
    present: list[str] = []
    absent: list[str] = []
    target: list[str] | None = None
    for p in paragraphs[:12]:  # the attendance block sits at the top of minutes
        for line in p.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            m = _PRESENT.match(line)
            if m:
                target = present
                present.extend(_names(m.group("rest")))
                continue
            m = _ABSENT.match(line)
            if m:
                target = absent
                absent.extend(_names(m.group("rest")))
                continue
            if target is None:
                continue
            if _STOP.match(line) or len(line) > 80 or line.endswith("."):
                target = None
                continue
            target.extend(_names(line))
    return present, absent


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


# --- what the items' decisions say ----------------------------------------------------------------
# What a note on someone present says when they were away for some items: "Fraværende under punkt 24",
# "Fraværende under punkt 1, 2, 3", "forlod mødet efter punkt 5".
_AWAY_NOTE = re.compile(r"fravær|afbud|forlod|ankom|deltog ikke|ikke til stede|gik\b", re.I)
_AWAY_ITEMS = re.compile(r"^fraværende under punkt(?:erne)?\s+(?P<items>\d+(?:\s*(?:,|og|-)\s*\d+)*)\.?$", re.I)
_AWAY = "Fraværende"  # the note of a member away, as the meeting systems write it


def away_items(note: str | None) -> set[str] | None:
    """The item numbers a member present was away for; None where the note says they were away for
    part of the meeting in words that do not say which items. A role kept with it ("formand; Fraværende
    under punkt 3") is no absence."""
    items: set[str] = set()
    for part in (note or "").split(";"):
        if not _AWAY_NOTE.search(part):
            continue
        m = _AWAY_ITEMS.match(clean_name(part))
        if not m:
            return None
        for numbers in re.split(r"\s*(?:,|og)\s*", m.group("items")):
            first, _, last = numbers.partition("-")
            items.update(str(n) for n in range(int(first), int(last or first) + 1))
    return items


# The words of an item's decision that say who was away or stood in, for the store to find those paragraphs.
ITEM_NOTE_WORDS = ("Fraværende", "Ikke til stede", "Afbud", "Deltog ikke", "suppleant", "stedfortræder")
# "Fraværende: Mehmet Dogru", "Ikke til stede: Brigitte Klintskov Jerkel", "…efterretning, Afbud: Bjarke Abel (A)",
# "Afbud fra Tina Rottbøll (A)", "Ikke til stede:\nCharlotte Levin (A)": the names, to the end of their line or
# of the sentence ("John T. Olsen" goes on)
_AWAY_LINE = re.compile(r"(?:^|(?<=[.,])[ \t]+)(?:Afbud|Fraværende|Ikke til stede|Deltog ikke)"
                        r"(?:[ \t]*:\s*|[ \t]+fra[ \t]+)(?P<names>.+?)(?:(?<=\w\w|.\))\.(?=\s|$)|$)", re.I | re.M)
# "Susanne Pahlmann suppleant for Mehmet", "Kim Hansen (A) som stedfortræder for Bo Jensen"
_NAME = r"[A-ZÆØÅ][\w\-]+(?: (?:[A-ZÆØÅ]\.|[A-ZÆØÅ][\w\-]+)){0,3}"  # "John T. Olsen", not "Dogru. Susanne"
_SUBSTITUTE = re.compile(rf"(?P<who>{_NAME})(?: \([^()]{{1,10}}\))? (?:som )?(?:suppleant|stedfortræder) for "
                         rf"(?P<for>{_NAME})")


def item_notes(paragraphs: Iterable[Paragraph], decisions: Iterable[Decision]) -> ItemNotes:
    """What the items' decision fields (`paragraphs`: any, others left out) say of who was away or stood
    in, and which items each record decides (`decisions`). Only the decision: the case's history quotes
    earlier meetings' lines."""
    away: dict[str, dict[str, list[str]]] = {}
    substitutes: dict[str, list[tuple[str, str]]] = {}
    for p in paragraphs:
        if not p.item_number or not is_decision_field(p.heading):
            continue
        for m in _AWAY_LINE.finditer(p.text):
            named = [n.strip(" .") for n in re.split(r",(?![^()]*\))|\bog\b", m.group("names"))]
            away.setdefault(p.document, {}).setdefault(p.item_number, []).extend(n for n in named if n)
        substitutes.setdefault(p.document, []).extend((m.group("who"), m.group("for"))
                                                       for m in _SUBSTITUTE.finditer(p.text))
    decided: dict[str, list[str]] = {}
    for d in decisions:
        if d.item_number and d.item_number not in decided.setdefault(d.document, []):
            decided[d.document].append(d.item_number)
    return ItemNotes(away, substitutes, {path: sorted(items, key=number_key) for path, items in decided.items()})


def _as_items_say(found: list[Presence], path: str, notes: ItemNotes) -> list[Presence]:
    """The meeting's presences as its record's items' decisions correct them: a member written away for
    items is away for them (`_away_for`); a substitute named for a member away attended, in their place."""
    members = {p.name: [p.party] if p.party else [] for p in found}
    items: dict[str, set[str]] = {}
    for item, names in notes.away.get(path, {}).items():
        for member in filter(None, (member_named(n, members) for n in names)):
            items.setdefault(member, set()).add(item)
    out = [_away_for(p, items.get(p.name, set()), notes.decided.get(path, ())) for p in found]
    away = {p.name: members[p.name] for p in out if not p.present or away_items(p.note)}
    for who, stood_in_for in notes.substitutes.get(path, ()):
        member = member_named(stood_in_for, away)
        if member and member_named(who, members) is None and split_name(who).is_person:
            members[split_name(who).name] = []
            out.append(replace(found[0], name=split_name(who).name, party=None, present=True,
                               note=f"suppleant for {member}"))
    return out


def _away_for(presence: Presence, items: set[str], decided: Sequence[str]) -> Presence:
    """A member present, written away for `items`: away from the meeting where these hold the first and
    the last item decided (Greve writes it on some items only: absent for items 1, 3 and 20 of 20, a
    substitute voting in between); else away for those items, with any the note names already."""
    if not items or not presence.present:
        return presence
    # what else the note says ("formand"), kept before the absence
    role = "; ".join(part.strip() for part in (presence.note or "").split(";") if not _AWAY_NOTE.search(part))
    if decided and {decided[0], decided[-1]} <= items:
        return replace(presence, present=False, note="; ".join(filter(None, (role, _AWAY))))
    known = away_items(presence.note)
    if known is None:
        return presence  # away for items the note does not name: it gives no vote at that meeting already
    numbers = ", ".join(sorted(known | items, key=number_key))
    return replace(presence, note="; ".join(filter(None, (role, f"{_AWAY} under punkt {numbers}"))))


def attendee_lines(presences: Sequence[Presence]) -> tuple[list[str], list[str]]:
    """(present, absent) as a meeting lists them: each name with its party and the note the records give
    ("Anne Marie Jensen (V, Fraværende under punkt 14)", "Susanne Pahlmann (suppleant for Mehmet Zeki Dogru)")."""
    def line(p: Presence) -> str:
        extra = ", ".join(filter(None, (p.party, p.note)))
        return f"{p.name} ({extra})" if extra else p.name

    return [line(p) for p in presences if p.present], [line(p) for p in presences if not p.present]
