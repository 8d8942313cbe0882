"""The people of an archive: presences, cast votes, proposals, speakers and decisions in; every person by
name (`Person`) out: what each attended, voted, proposed and said put together, one person's spellings of
their name joined (`variants`), then the votes a decision names them in by first name and party
(`first_name_votes`) and their party's votes and proposals at the meetings they attended (`party_votes_of`,
`party_proposals_of`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Mapping, Sequence

from indexer.minutes.people.attendance import Presence, away_items
from indexer.minutes.people.names import _PARTY_CODE, _folded, ballot_letter, clean_name, member_named, split_name
from indexer.minutes.people.person import Person, _seen
from indexer.minutes.people.proposals import Proposal, by_date, one_per_case
from indexer.minutes.people.variants import merge_variants
from indexer.minutes.people.votes import CastVote, cast_vote, in_meeting_order, votes_of
from indexer.records import Decision, Hit, Vote


def gather(presences: Iterable[Presence], votes: Iterable[CastVote], proposals: Iterable[Proposal],
           speakers: Iterable[tuple[str, str | None, str | None, str | None, int, str | None, str | None]],
           decisions: Iterable[Decision] = (), with_party: Iterable[tuple[str, str, str]] = ()) -> dict[str, Person]:
    """Every person by name: attendance, votes and proposals put together (a proposal before several meetings
    of its case once: `one_per_case`), and how often each spoke; one person's spellings of their name put together
    (`merge_variants`); then the votes `decisions` name them in by first name and party (`first_name_votes`), their
    party's votes and proposals at the meetings they attended (`party_votes_of`, `party_proposals_of`), and a
    substitute's list where the records give them none.

    Args:
        speakers: (speaker as written, party, role, body, paragraphs, first date, last date) rows.
        decisions: the decisions whose party votes count for the party's members present.
        with_party: (name, party, day) where the records' text names a member with their party ("Ikke til stede:
            Heidi Serny Jacobsen (A)" in a quoted decision, "orlov … Heidi Serny Jacobsen (A)"): their party
            where nothing else gives it (`party_mentions`).
    """
    people: dict[str, Person] = {}

    def person(name: str) -> Person:
        return people.setdefault(name, Person(name))

    for presence in presences:
        p = person(presence.name)
        (p.attended if presence.present else p.missed).append(presence)
        _seen(p, presence.party, presence.body, presence.date)
    for vote in votes:
        p = person(vote.name)
        p.votes.append(vote)
        _seen(p, vote.party, vote.body, vote.date)
    proposals = one_per_case(proposals)  # the budget's proposals once, not at each body it goes before
    for proposal in proposals:
        for name in proposal.names:
            p = person(name)
            if proposal not in p.proposals:
                p.proposals.append(proposal)
            party = next((n.party for n in map(split_name, re.split(r",\s*| og ", proposal.proposer))
                          if n.name == name), None)
            _seen(p, party, proposal.body, proposal.date)
    for written, party, role, body, count, first, last in speakers:
        named = split_name(written)
        if not named.name:
            continue
        p = person(named.name)
        p.spoke += count
        _seen(p, party or named.party, body, first, [role])
        _seen(p, None, None, last)
    for name, party, day in with_party:
        if name in people:
            people[name].named_with_party.append((day, party))
            _seen(people[name], party, None, None)
    people = merge_variants(people)
    decisions = list(decisions)
    first_name_votes(people, decisions)
    present = members_present(people, decisions)
    party_votes_of(people, decisions, present)
    votes_not_known(people, decisions, present)
    party_proposals_of(people, proposals, present)
    for p in people.values():  # a substitute the records name with no party: the one list they voted with
        letters = {v.by_party for v in p.party_votes}
        if not p.parties and len(letters) == 1:
            p.parties.append(letters.pop())
    return people


def first_name_votes(people: Mapping[str, Person], decisions: Iterable[Decision]) -> None:
    """Adds the votes a decision names a member in by their first name and party ("For stemte … Hans-Jørgen
    (UP-2) og (Ø)", "Liselott (UP)"): the one member present at the meeting of that first name and party
    (`member_named`) cast it, as named."""
    present: dict[tuple[str, str], dict[str, Person]] = {}
    for p in people.values():
        for x in p.attended:
            present.setdefault((x.body or "", x.date or ""), {})[p.name] = p
    for d in decisions:
        members = present.get((d.body or "", d.meeting_date or ""))
        for vote in votes_of(d) if members else ():
            for voter in vote.voters:
                named = split_name(voter)
                if named.is_person or not named.party or not named.name:
                    continue  # a member named in full (`votes_cast`), or a party
                found = member_named(voter, {n: p.parties for n, p in members.items()})
                if found:
                    members[found].votes.append(cast_vote(d, vote, found, named.party, clean_name(voter)))
                    members[found].votes.sort(key=in_meeting_order)


# --- a party the text gives ---------------------------------------------------------------------------
def party_mentions(names: Iterable[str], hits: Iterable[Hit]) -> list[tuple[str, str, str]]:
    """(name, party, day) for each of `names` (whole names, two words or more) that a paragraph of `hits`
    writes with a party after it: "Heidi Serny Jacobsen (A)" → ("Heidi Serny Jacobsen", "A", its day).
    Some meeting systems list attendees without their party, while the minutes' text names them with
    it (Greve: in absences quoted from another body, leaves, votes)."""
    names = [n for n in names if len(n.split()) >= 2]
    if not names:
        return []
    written = re.compile(rf"\b({'|'.join(map(re.escape, sorted(names, key=len, reverse=True)))})"
                         rf"\s*\(({_PARTY_CODE})\)")
    return [(name, party, hit.date) for hit in hits if hit.date
            for name, party in written.findall(hit.text)]


# --- their party's votes ---------------------------------------------------------------------------
def _item_key(number: str | None) -> str:
    return str(int(number)) if number and number.strip(". ").isdigit() else clean_name(number)


def _parties_on(evidence: Sequence[tuple[str, str]], day: str) -> set[str]:
    """The parties the records give a member around a meeting on `day`: what they say of them on the last
    day before (or on) it and the first day after (or on) it; two where the member changed party between
    them, none where the records never give it."""
    before = max((d for d, _ in evidence if d <= day), default=None)
    after = min((d for d, _ in evidence if d >= day), default=None)
    return {letter for d, letter in evidence if d in (before, after)}


def _party_at_meeting(letters: set[str], others: Sequence[set[str]], voted: set[str]) -> str | None:
    """The party of a member who changed party between the records around a meeting (`letters`, two),
    read from the meeting itself: a party voting by its letter there ("V, D og Liselott Blixt (UP) stemmer
    imod") had a member present, so where just one of the member's two parties voted so (`voted`) and no
    one else present (`others`: each one's parties, none where unknown) can be of it, the member was. Only
    where the attendee list accounts for every party that voted by its letter (each has a member present):
    a list that does not is not the whole meeting, and says nothing of who is missing."""
    cast = letters & voted
    if len(letters) != 2 or len(cast) != 1:
        return None
    letter = next(iter(cast))
    if any(not theirs or letter in theirs for theirs in others):
        return None
    accounted = set().union(cast, *others)
    return letter if voted <= accounted else None


def _evidence(p: Person) -> list[tuple[str, str]]:
    """(day, ballot letter) wherever the records name the member with a party; a member outside the
    parties ("UP-1") is there as "UP", matching no party's vote."""
    found = [(x.date, x.party) for x in (*p.attended, *p.missed, *p.votes)]
    for proposal in p.proposals:
        found += [(proposal.date, n.party) for n in map(split_name, re.split(r",\s*| og ", proposal.proposer))
                  if n.name in (p.name, *p.aliases)]
    found += p.named_with_party
    return [(day, ballot_letter(party) or "UP") for day, party in found if day and party]


_SUBSTITUTE_NOTE = re.compile(r"^suppleant for (?P<member>.+)$")


def _stood_in(p: Person, evidence_of: Mapping[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """(day, letter) for each meeting `p` attended as a substitute ("suppleant for Mehmet Zeki Dogru"), where they
    have no party of their own: the party of the member they stood in for on that day (a substitute comes from the
    member's list and votes with it)."""
    own = {day for day, _ in evidence_of.get(p.name, ())}
    found = []
    for presence in p.attended:
        named = _SUBSTITUTE_NOTE.match(presence.note or "")
        if named and presence.date and presence.date not in own:
            letters = _parties_on(evidence_of.get(named.group("member"), []), presence.date)
            if len(letters) == 1:
                found.append((presence.date, next(iter(letters))))
    return found


def members_present(people: Mapping[str, Person], decisions: Iterable[Decision]) -> dict[tuple[str, str], list]:
    """Each meeting's members present whose party there is known, by (body, date): (person, their party's ballot
    letter there, the agenda items they were away for), as `party_votes_of` and `party_proposals_of` count them
    (their docstrings say when a member counts)."""
    # each meeting's members present: (person, their parties around that day, the items they were away
    # for, or None where a note does not say which)
    roster: dict[tuple[str, str], list[tuple[Person, set[str], set[str] | None]]] = {}
    evidence_of = {name: _evidence(p) for name, p in people.items()}
    for p in people.values():
        evidence = evidence_of[p.name] + _stood_in(p, evidence_of)
        meetings: dict[tuple[str, str], list[Presence]] = {}
        for presence in (*p.attended, *p.missed):
            if presence.body and presence.date:
                meetings.setdefault((presence.body, presence.date), []).append(presence)
        for (body, day), listed in meetings.items():
            if not all(x.present for x in listed):
                continue  # absent (or listed both ways by two records of the day)
            away = [away_items(x.note) for x in listed]
            roster.setdefault((body, day), []).append(
                (p, _parties_on(evidence, day), None if None in away else set().union(*away)))
    if not roster:
        return {}
    voted: dict[tuple[str, str], set[str]] = {}  # the parties voting by their letter at each meeting
    for d in decisions:
        voted.setdefault((d.body or "", d.meeting_date or ""), set()).update(
            letter for vote in d.votes for voter in vote.voters
            if not split_name(voter).is_person for letter in [ballot_letter(voter)] if letter)
    present: dict[tuple[str, str], list[tuple[Person, str, set[str]]]] = {}
    for meeting, members in roster.items():
        for i, (p, letters, away) in enumerate(members):
            others = [theirs for j, (_, theirs, _) in enumerate(members) if j != i]
            letter = next(iter(letters)) if len(letters) == 1 else \
                _party_at_meeting(letters, others, voted.get(meeting, set()))
            if away is None or letter is None or letter == "UP":
                continue
            present.setdefault(meeting, []).append((p, letter, away))
    return present


def party_votes_of(people: Mapping[str, Person], decisions: Iterable[Decision],
                   present: Mapping[tuple[str, str], list] | None = None) -> None:
    """Fills each person's `party_votes`: where a decision gives a party's vote ("For stemte: (V), (A)"),
    the vote of each member of that party present at the meeting, marked by party.

    Only where the records leave no doubt whose vote it was:
    * the member is on the meeting's attendee list as present, and not away for that item ("Fraværende
      under punkt 24"); a meeting they missed, or were away from for items the note does not name, gives
      no vote;
    * their party at that meeting is known (`_parties_on`): a member whose party the records never give
      gets none; one who changed party with no record between gets none, unless the meeting itself says
      which (`_party_at_meeting`: one of the two voted by its letter, and no one else present can be of
      it); a member outside the parties ("UP-1") is named for their own vote, never by a party letter;
    * the decision's text does not name them: a member named for or against ("Imod stemte Kenneth
      Jerkel fra (A)"), excepted ("undtagen …"), disqualified ("erklærede … for inhabil") or gone
      ("… forlod lokalet") voted as the record says of them, or not at all, not with their party;
    * their party voted one way on it (a party on two sides of one point split without naming who).
    """
    decisions = list(decisions)
    present = members_present(people, decisions) if present is None else present
    for d in decisions:
        members = present.get((d.body or "", d.meeting_date or ""))
        if not members or not d.votes:
            continue
        votes = votes_of(d)
        # (point, proposal, letter) → [(position, vote, the party as written)]: each side a party took, per
        # point of the item and per proposal voted on
        sides: dict[tuple[str | None, str | None, str], list[tuple[str, Vote, str]]] = {}
        for vote in votes:
            for voter in vote.voters:
                if split_name(voter).is_person:
                    continue
                letter = ballot_letter(voter)
                if letter:
                    sides.setdefault((vote.point, vote.proposal_by, letter), []).append((vote.position, vote, voter))
        if not sides:
            continue
        text = _folded(d.text)
        for p, letter, away in members:
            if _item_key(d.item_number) in away or any(v.decision_id == d.id for v in p.votes):
                continue
            if any(re.search(rf"(?<!\w){re.escape(_folded(n))}(?!\w)", text) for n in (p.name, *p.aliases)):
                continue
            for (point, proposal_by, party), found in sides.items():
                if party != letter or len({position for position, _, _ in found}) != 1:
                    continue
                _, vote, voter = found[0]
                p.party_votes.append(cast_vote(d, vote, p.name, voter, voter if len(voter) > 3 else f"({voter})",
                                               by_party=party))  # its letter, however written
    for p in people.values():
        p.party_votes.sort(key=in_meeting_order)


def votes_not_known(people: Mapping[str, Person], decisions: Iterable[Decision],
                    present: Mapping[tuple[str, str], list]) -> None:
    """Fills each person's `votes_unknown`: the meetings they attended where a decision gives parties' votes by their
    letter ("For stemte (V), (C), (M)") while their own party there is not known (`members_present` leaves them out:
    no record around the meeting gives it, or two do; one outside the parties, "UP-2", votes with no letter) and the
    record names no vote of theirs: whatever they voted there is not counted, and their list says so rather than
    seem whole (a member gone over to a party no record names them with)."""
    lettered = {(d.body or "", d.meeting_date or "") for d in decisions for vote in d.votes for voter in vote.voters
                if not split_name(voter).is_person and ballot_letter(voter)}
    counted = {(meeting, p.name) for meeting, members in present.items() for p, _, _ in members}
    for p in people.values():
        known = {(v.body or "", v.date or "") for v in (*p.votes, *p.party_votes)}
        missed = {(x.body or "", x.date or "") for x in p.missed}
        attended = {(x.body or "", x.date or "") for x in p.attended}
        p.votes_unknown = sorted((m for m in attended & lettered - known - missed if (m, p.name) not in counted),
                                 key=lambda meeting: (meeting[1], meeting[0]))


def party_proposals_of(people: Mapping[str, Person], proposals: Iterable[Proposal],
                       present: Mapping[tuple[str, str], list]) -> None:
    """Fills each person's `party_proposals`: where a party made a proposal ("V, D og Liselott Blixt (UP) stiller
    forslag om …", "Forslag fra Venstre om …"), each member of that party present at its meeting and not away for
    its item (`members_present`, as for their party's votes), or at a later meeting of its case that had it before
    it (`Proposal.later`: the budget's proposals at the Byråd after the Økonomiudvalg), marked by party
    (`Proposal.by_party`), once. A member the proposal names has it among their own."""
    for proposal in proposals:
        letters = {ballot_letter(part) for part in re.split(r",\s*| og ", proposal.proposer)
                   if not split_name(part).is_person} - {None}
        if not letters:
            continue
        credited: set[str] = set()
        # where it was before the body: its first meeting, then the later ones, each cited as itself (a member of the
        # Byråd only has the budget's proposals at the Byråd's meeting, not at the Økonomiudvalg's)
        for at in [proposal, *(replace(proposal, body=x.body, date=x.date, item_number=x.item_number,
                                       item_title=x.item_title or proposal.item_title, document=x.document,
                                       paragraph_id=x.paragraph_id, page=x.page, later=()) for x in proposal.later)]:
            for p, letter, away in present.get((at.body or "", at.date or ""), ()):
                if letter in letters and _item_key(at.item_number) not in away and p.name not in credited \
                        and proposal not in p.proposals:
                    credited.add(p.name)
                    p.party_proposals.append(replace(at, by_party=letter))
    for p in people.values():
        p.party_proposals.sort(key=by_date)
