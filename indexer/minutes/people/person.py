"""One person as the archive knows them: what the other modules found about them in (`_seen` adds a party,
a body, roles and a day); a `Person` (meetings attended and missed, votes, proposals, statements, parties,
bodies, period) with its list line and JSON out. A `Statement` is a paragraph they spoke, where the record
names its speaker (parliament sittings, minutes that name speakers).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable

from indexer.minutes.people.attendance import Presence
from indexer.minutes.people.names import _letters
from indexer.minutes.people.proposals import Proposal
from indexer.minutes.people.votes import CastVote


@dataclass(frozen=True)
class Statement:
    """A paragraph a person spoke, where the record names its speaker."""

    paragraph_id: str
    document: str
    body: str | None
    date: str | None
    text: str
    item_number: str | None = None
    item_title: str | None = None
    heading: str | None = None
    page: int | None = None
    party: str | None = None
    role: str | None = None
    title: str | None = None  # its document's title, for the citation

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Person:
    """Everything the archive says about one person. `statements` is filled for one person at a time
    (`Archive.person`); `spoke` counts them for every person."""

    name: str  # the spelling the archive uses most
    aliases: list[str] = field(default_factory=list)  # the other spellings of the name, "also written"
    parties: list[str] = field(default_factory=list)  # as written, in the order first seen
    roles: list[str] = field(default_factory=list)  # speakers' roles ("medlem", "Skatteministeren")
    bodies: list[str] = field(default_factory=list)
    attended: list[Presence] = field(default_factory=list)
    missed: list[Presence] = field(default_factory=list)
    votes: list[CastVote] = field(default_factory=list)  # the votes the record names them in
    party_votes: list[CastVote] = field(default_factory=list)  # their party's, where the record names no member
    proposals: list[Proposal] = field(default_factory=list)  # those the record names them for
    party_proposals: list[Proposal] = field(default_factory=list)  # their party's, made at a meeting they attended
    # (day, party) where the records' text names them with a party ("Heidi Serny Jacobsen (A)"): for a
    # member whose party no attendee list, vote or proposal gives
    named_with_party: list[tuple[str, str]] = field(default_factory=list)
    # (body, day) of meetings they attended where parties voted by their letter, and no vote of theirs is known: their
    # party there is not (`gather.votes_not_known`)
    votes_unknown: list[tuple[str, str]] = field(default_factory=list)
    spoke: int = 0  # paragraphs they spoke
    statements: list[Statement] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None

    def summary(self) -> dict:
        """The list's line: name, other spellings, parties, bodies, counts and period."""
        return {"name": self.name, "aliases": list(self.aliases), "parties": list(self.parties),
                "bodies": list(self.bodies),
                "attended": len(self.attended), "missed": len(self.missed), "votes": len(self.votes),
                "votes_by_party": len(self.party_votes), "meetings_votes_unknown": len(self.votes_unknown),
                "proposals": len(self.proposals), "proposals_by_party": len(self.party_proposals),
                "statements": self.spoke,
                "first_date": self.first_date, "last_date": self.last_date}

    def to_json(self) -> dict:
        """The summary, then each list in full (meetings and votes by date)."""
        data = self.summary()
        data.update(roles=list(self.roles), attended_meetings=[p.to_json() for p in self.attended],
                    missed_meetings=[p.to_json() for p in self.missed], votes_cast=[v.to_json() for v in self.votes],
                    party_votes=[v.to_json() for v in self.party_votes],
                    votes_unknown_at=[{"body": body, "date": day} for body, day in self.votes_unknown],
                    proposals_made=[p.to_json() for p in self.proposals],
                    party_proposals=[p.to_json() for p in self.party_proposals],
                    said=[s.to_json() for s in self.statements])
        return data


def _seen(p: Person, party: str | None, body: str | None, day: str | None, roles: Iterable[str | None] = ()) -> None:
    """Adds a party (not one already listed under another spelling: "UP-1", "UP1"; "SF", "F"), body
    and roles not yet listed; widens the person's period to `day`."""
    if party and not _letters([party]) & _letters(p.parties):
        p.parties.append(party)
    for values, value in ((p.bodies, body), *((p.roles, r) for r in roles)):
        if value and value not in values:
            values.append(value)
    if day:
        p.first_date = min(p.first_date or day, day)
        p.last_date = max(p.last_date or day, day)
