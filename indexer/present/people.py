"""Presenting people: a `Person` (minutes/people/person.py) in; terminal lines and HTML (escaped) out, in the
reader's language (`PeopleWords`, Danish by default; PEOPLE_WORDS has English).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import Sequence

from indexer.minutes.people.proposals import by_date
from indexer.minutes.people.votes import in_meeting_order
from indexer.present.hits import _one_line, item_words
from indexer.present.minutes import outcome_label, vote_on
from indexer.present.wording import Wording, attendance_note, long_date


@dataclass(frozen=True)
class PeopleWords:
    """The words of the people list and a person's page (defaults: Danish)."""

    party: str = "parti"
    bodies: str = "organer"
    attended: str = "Deltog i {n} møder"
    attended_one: str = "Deltog i 1 møde"
    missed: str = "Fraværende ved {n} møder"
    missed_one: str = "Fraværende ved 1 møde"
    votes: str = "Stemmer afgivet"
    proposals: str = "Forslag stillet"
    statements: str = "Indlæg"
    none: str = "ingen"
    absent_note: str = "fraværende"
    # what is counted, one and many: meetings attended, absences, votes, proposals, statements
    units: Sequence[tuple[str, str]] = (("møde", "møder"), ("fravær", "fravær"), ("stemme", "stemmer"),
                                        ("forslag", "forslag"), ("indlæg", "indlæg"))
    people: str = "personer"
    on_item: str = "om"
    aliases: str = "også skrevet"  # the other spellings of the name
    # meetings attended where parties voted by letter and no party of theirs there is known (`Person.votes_unknown`)
    votes_unknown: str = ("Stemmer ukendt ved {n} møder, hvor partierne stemte med deres bogstav, og intet referat "
                          "nævner personens parti dér: {meetings}")
    votes_unknown_one: str = ("Stemmer ukendt ved 1 møde, hvor partierne stemte med deres bogstav, og intet referat "
                              "nævner personens parti dér: {meetings}")


PEOPLE_WORDS = {"da": PeopleWords(), "en": PeopleWords(
    party="party", bodies="bodies", attended="Attended {n} meetings", attended_one="Attended 1 meeting",
    missed="Absent from {n} meetings", missed_one="Absent from 1 meeting",
    votes="Votes cast", proposals="Proposals made", statements="Statements", none="none", absent_note="absent",
    units=(("meeting", "meetings"), ("absence", "absences"), ("vote", "votes"), ("proposal", "proposals"),
           ("statement", "statements")),
    people="people", on_item="on", aliases="also written",
    votes_unknown="Votes not known at {n} meetings where the parties voted by their letter and no record gives their "
                  "party there: {meetings}",
    votes_unknown_one="Votes not known at 1 meeting where the parties voted by their letter and no record gives their "
                      "party there: {meetings}")}


def person_heading(person, words: PeopleWords = PeopleWords()) -> str:
    """"Mehmet Zeki Dogru (Ø)": the name with the parties the records give, apart from it."""
    parties = ", ".join(person.parties)
    return f"{_one_line(person.name)} ({_one_line(parties)})" if parties else _one_line(person.name)


def person_aliases(person, words: PeopleWords = PeopleWords()) -> str:
    """"Også skrevet: Hans Jørgen Kirstein; Hans-Jørgen Hammer Kirstein", or "" for one spelling."""
    return f"{words.aliases.capitalize()}: {'; '.join(_one_line(a) for a in person.aliases)}" if person.aliases else ""


def person_counts(person, words: PeopleWords = PeopleWords()) -> str:
    """"12 møder, 1 fravær, 1 stemme, 0 forslag, 3 indlæg": each count with its word in the singular where it is 1."""
    numbers = (len(person.attended), len(person.missed), len(person.votes), len(person.proposals), person.spoke)
    return ", ".join(f"{n} {one if n == 1 else many}" for n, (one, many) in zip(numbers, words.units))


def _times(template: str, template_one: str, n: int) -> str:
    return template_one if n == 1 else template.format(n=n)


def people_lines(people: Sequence, words: PeopleWords = PeopleWords()) -> list[str]:
    """One line per person: name (parties) — counts — bodies; then how many."""
    lines = [f"{person_heading(p, words)} — {person_counts(with_party(p), words)}"
             + (f" — {'; '.join(_one_line(b) for b in p.bodies)}" if p.bodies else "") for p in people]
    return lines + [f"{len(people)} {words.people}"]


def _where(body: str | None, day: str | None, item_number: str | None, item_title: str | None,
           wording: Wording) -> str:
    parts = [body or wording.unknown_body, long_date(day, wording) if day else wording.undated]
    item = item_words(item_number, item_title, wording)
    if item:
        parts.append(item)
    return ", ".join(_one_line(p) for p in parts)


def with_party(person):
    """The person with their party's votes among their named ones and their party's proposals among theirs, by
    date, for what counts and lists them: a member whose party votes as one has voted as often as one named
    each time, and a party's proposal is its members' present."""
    votes = sorted(person.votes + person.party_votes, key=in_meeting_order)
    proposals = sorted(person.proposals + person.party_proposals, key=by_date)
    return replace(person, votes=votes, proposals=proposals)


_MOTION_SHOWN = 90  # characters of what a vote was on, enough to tell two votes on one item apart


def vote_line(vote, wording: Wording = Wording()) -> str:
    """"For — Byråd 2022-2025, 4. april 2022, punkt 13 Ny driftsoverenskomst … (godkendt)"; a vote by
    party says so after its position ("For (A) — …"), never read as one the minutes name the person in;
    what it was on follows, where the record names it ("Undlod (Ø) (om: at … cykelsti …) — …")."""
    position = dict(wording.positions).get(vote.position, vote.position)
    if getattr(vote, "by_party", None):
        position = f"{position} ({vote.by_party})"
    point = vote_on(vote.point, getattr(vote, "proposal_by", None), wording)
    motion = getattr(vote, "motion", None)
    if motion:
        point += f" ({wording.voted_on.format(what=_shorten(_one_line(motion), _MOTION_SHOWN))})"
    remark = f": {_one_line(vote.remark)}" if vote.remark else ""
    return (f"{position}{point} — {_where(vote.body, vote.date, vote.item_number, vote.item_title, wording)} "
            f"({outcome_label(vote.outcome, wording)}){remark}")


def presence_line(presence, wording: Wording = Wording()) -> str:
    """"Byråd 2022-2025, 4. april 2022 (Afbud)": where, and the note the record gives, in the reader's words."""
    note = f" ({_one_line(attendance_note(presence.note, wording))})" if presence.note else ""
    return f"{_where(presence.body, presence.date, None, None, wording)}{note}"


def proposal_line(proposal, wording: Wording = Wording()) -> str:
    """"Byråd 2022-2025, 4. april 2022, punkt 13 Ny driftsoverenskomst …: at der afsættes …", a party's proposal
    counted for its member present after whose it was ("(forslag fra (V)) Økonomiudvalget, …"); the later meetings
    of its case that had it before them after its item, before the text a line may be shortened in
    ("…, punkt 2 Budget 2024-27 (siden også: Byråd 2022-2025, 2. oktober 2023, punkt 12): …")."""
    later = "; ".join(_where(x.body, x.date, x.item_number, None, wording) for x in getattr(proposal, "later", ()))
    again = f" ({wording.proposed_again.format(where=later)})" if later else ""
    party = getattr(proposal, "by_party", None)
    by = f"({wording.proposal_by.format(who=f'({party})')}) " if party else ""
    return f"{by}{_where(proposal.body, proposal.date, proposal.item_number, proposal.item_title, wording)}{again}: " \
           f"{_one_line(proposal.text)}"


def votes_unknown_note(person, wording: Wording = Wording(), words: PeopleWords = PeopleWords()) -> str | None:
    """"Stemmer ukendt ved 2 møder, hvor …: Byråd 2022-2025, 6. november 2023; …", or None where every vote is told."""
    if not person.votes_unknown:
        return None
    template = words.votes_unknown_one if len(person.votes_unknown) == 1 else words.votes_unknown
    return template.format(n=len(person.votes_unknown), meetings="; ".join(
        f"{body or wording.unknown_body}, {long_date(day, wording) or wording.undated}"
        for body, day in person.votes_unknown))


def person_lines(person, wording: Wording = Wording(), words: PeopleWords = PeopleWords(), *,
                 width: int = 160) -> list[str]:
    """A person for the terminal: heading, counts, then each list (meetings, votes, proposals, statements)."""
    person = with_party(person)
    lines = [person_heading(person, words), person_counts(person, words)]
    if person.aliases:
        lines.append(person_aliases(person, words))
    if person.bodies:
        lines.append(f"{words.bodies}: {'; '.join(_one_line(b) for b in person.bodies)}")
    sections = [
        (_times(words.attended, words.attended_one, len(person.attended)),
         [presence_line(p, wording) for p in person.attended]),
        (_times(words.missed, words.missed_one, len(person.missed)), [presence_line(p, wording) for p in person.missed]),
        (words.votes, [vote_line(v, wording) for v in person.votes]),
        (words.proposals, [proposal_line(p, wording) for p in person.proposals]),
        (words.statements, [f"{_where(s.body, s.date, s.item_number, s.item_title, wording)}: {_one_line(s.text)}"
                            for s in person.statements]),
    ]
    unknown = votes_unknown_note(person, wording, words)
    for heading, items in sections:
        lines.append("")
        lines.append(f"{heading}:" if items else f"{heading}: {words.none}")
        if heading == words.votes and unknown:
            lines.append(f"  ({unknown})")
        lines += [f"  {_shorten(item, width)}" for item in items]
    return lines


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def person_html(person, wording: Wording = Wording(), words: PeopleWords = PeopleWords()) -> str:
    """The head of a person's page: name, parties, other spellings, counts and bodies. Everything escaped."""
    bodies = "; ".join(person.bodies)
    return ('<div class="person">'
            f'<h2 class="meeting-title">{html.escape(person_heading(person, words))}</h2>'
            + (f'<div class="hit-detail">{html.escape(person_aliases(person, words))}</div>' if person.aliases else "")
            + f'<div class="hit-where">{html.escape(person_counts(person, words))}</div>'
            + (f'<div class="hit-detail">{html.escape(words.bodies.capitalize())}: {html.escape(bodies)}</div>'
               if bodies else "")
            + "</div>")


def new_tab_html(wording: Wording = Wording()) -> str:
    """What a link that opens a new tab says of it to a screen reader, inside the link, unseen."""
    return f'<span class="visually-hidden">{html.escape(wording.new_tab)}</span>'


def statement_html(statement, wording: Wording = Wording(), *, href: str | None = None) -> str:
    """One thing a person said, with where: body, date, item, the document's title, page; `href`:
    where the where links to (its meeting). Escaped."""
    where = _where(statement.body, statement.date, statement.item_number, statement.item_title, wording)
    if statement.title:
        where += f" · {statement.title}"
    if statement.page:
        where += f", {wording.page} {statement.page}"
    where = html.escape(where)
    if href:
        where = f'<a href="{html.escape(href, quote=True)}" target="_blank" rel="noopener">{where}{new_tab_html(wording)}</a>'
    return (f'<div class="hit statement"><div class="hit-where">{where}</div>'
            f'<p class="hit-text">{html.escape(statement.text)}</p></div>')
