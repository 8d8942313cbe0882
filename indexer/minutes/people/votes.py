"""Votes members cast: decisions in; every vote a named member cast (`CastVote`), and a decision's votes with
a vote line's exception read (`votes_of`), out.

`Decision.votes`' voters are parties ("V") or members ("Mehmet Zeki Dogru (Ø)"); a member's named vote is
theirs. A party's vote ("For stemte: (V), (A) …", as Greve's byråd mostly votes) names no member: it is
counted for each member of that party at the meeting when the people are gathered
(`gather.party_votes_of`), kept apart as by party.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Iterable

from indexer.minutes import fields
from indexer.minutes.people.names import clean_name, split_name
from indexer.records import Decision, Vote
from indexer.sources.common import number_key


@dataclass(frozen=True)
class CastVote:
    """A vote a member cast, as the decision records it."""

    name: str
    party: str | None
    position: str  # "for", "against", "abstained"
    as_written: str  # the voter as the record names them ("Liselott Blixt (UP-1)")
    decision_id: str
    document: str
    body: str | None
    date: str | None
    item_number: str | None
    item_title: str | None
    case_number: str | None
    outcome: str
    paragraph_id: str
    page: int | None = None
    point: str | None = None
    remark: str | None = None
    # the party as the record names it ("A") where the record gives the party's vote, not the member's:
    # the member's by their party, never their own named vote
    by_party: str | None = None
    proposal_by: str | None = None  # a vote on another proposal than the item's (`Vote.proposal_by`)
    # what was voted on, where the record names it (`voted_on`): two votes on one item told apart
    motion: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


def cast_vote(decision: Decision, vote: Vote, name: str, party: str | None, as_written: str,
              by_party: str | None = None) -> CastVote:
    """The vote `name` cast as one of `vote`'s voters (`as_written`) on `decision`."""
    d = decision
    return CastVote(name, party, vote.position, as_written, d.id, d.document, d.body, d.meeting_date, d.item_number,
                    d.item_title, getattr(d, "case_number", None), _outcome_of_point(d, vote.point), d.paragraph_id,
                    d.page, vote.point, vote.remark, by_party=by_party, proposal_by=vote.proposal_by,
                    motion=voted_on(d))


def _outcome_of_point(decision: Decision, point: str | None) -> str:
    """The outcome of the point a vote was on, where the decision states it ("afviste Byrådet indstillingspunkt 1a":
    a vote against 1a is against a proposal rejected, whatever the item's), else the item's."""
    said = " ".join((point or "").split())
    return next((p["outcome"] for p in getattr(decision, "points", None) or ()
                 if said and " ".join((p.get("point") or "").split()) == said), decision.outcome)


def in_meeting_order(vote: CastVote) -> tuple:
    """The order a person's votes are listed in: by meeting date, each meeting's in the order of its items (a
    vote named by first name, found after the others, among them), undated last; of an item's votes, those on
    its own decision before those on a further one (`motion`), as the record decides them."""
    return vote.date or "9999", vote.document, number_key(vote.item_number or ""), vote.motion is not None


def voted_on(decision: Decision) -> str | None:
    """What a decision's votes were on, where the record names it: its motion ("ændringsforslag nr. 5"),
    or what a further decision of the item decided (`_further_subject`); None for the item's own
    decision, which its item names."""
    return decision.motion or _further_subject(decision.text or "")


def _further_subject(text: str) -> str | None:
    """What a further decision (`fields.further_decisions`) decided, as its opening sentence words it after
    the count: "Endvidere besluttede Byrådet med stemmerne 12 for og 7 imod, at KTM skal arbejde med …" →
    "at KTM skal arbejde med …"; None for any other text."""
    if not fields.opens_further_decision(text):
        return None
    sentence = fields.field_sentences(text)[0]
    count = fields.COUNTS.search(sentence)
    return (sentence[count.end():].strip(" ,.") or None) if count else None


def votes_cast(decisions: Iterable[Decision]) -> list[CastVote]:
    """Every vote a named member cast (a party's vote names no member and is left out here:
    `party_votes_of` counts it for the party's members)."""
    out = []
    for d in decisions:
        for vote in votes_of(d):
            for voter in vote.voters:
                named = split_name(voter)
                if named.is_person:
                    out.append(cast_vote(d, vote, named.name, named.party, clean_name(voter)))
    return out


# "For stemte (V) og (A) undtagen Bjarke Abel (A)", "… med undtagelse af Kenneth Jerkel": the members after
# the word did not vote with the rest of the line.
_EXCEPT = re.compile(r"\b(?:undtagen|med undtagelse af)\s+", re.I)


def votes_of(decision: Decision) -> list[Vote]:
    """The decision's votes, a vote line's exception read as one: "For stemte (V) og (A) undtagen Bjarke
    Abel (A)" is a vote of V and A, and none of Bjarke Abel's (his own line, where there is one, says how
    he voted). A line whose exception names no member ("undtagen (Ø)", "undtagen punkt 3") says too
    little of who voted how, and gives no vote."""
    text = decision.text or ""
    if not _EXCEPT.search(text):
        return list(decision.votes)
    read, changed = [], False
    for sentence in fields.field_sentences(text):
        m = _EXCEPT.search(sentence)
        before = sentence[:m.start()].rstrip(" ,") if m else ""
        if m and (fields.vote_of(sentence) is not None or fields.vote_of(before) is not None):
            # (not "… alle bassiner undtagen babybassinet": no vote line)
            excepted = [v for v in fields.voters_of(sentence[m.end():]) if split_name(v).is_person]
            sentence, changed = f"{before}." if excepted else "", True
        read.append(sentence)
    return fields.read_field("\n".join(s for s in read if s)).votes if changed else list(decision.votes)
