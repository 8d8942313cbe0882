"""One person under several spellings: people by name in; people by name with one person's ways of writing
their name put together (`merge_variants`), and each person under every spelling (`by_spelling`), out.

Spellings are put together where the archive gives no sign they are two people:
* the same name after case, hyphen vs space and accents (`name_key`): "Hans-Jørgen Kirstein", "hans jørgen
  kirstein";
* the same first and last name, one adding middle names ("Maria Holdt Witthøft", "Maria Witthøft"), when
  the shorter name has no other such match;
* the same first names and a last name of 6 letters or more one letter apart ("Linda Heegaard", "Linda
  Hegaard"), when neither has another such match;
the last two only where their parties agree (or one is unknown) and they never sat at one meeting nor
voted on one decision side by side. The person is shown under the spelling most used, the others kept
as `Person.aliases`.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from indexer.minutes.people.names import _letters, letters_apart, more_names, name_key
from indexer.minutes.people.person import Person, _seen
from indexer.minutes.people.votes import in_meeting_order


_SHORTEST_LAST_NAME = 6  # letters; shorter last names one letter apart are too often two names


def _misspelt(x: list[str], y: list[str]) -> bool:
    """Same first names, and last names of 6 letters or more one letter apart."""
    return (len(x) == len(y) >= 2 and x[:-1] == y[:-1] and min(len(x[-1]), len(y[-1])) >= _SHORTEST_LAST_NAME
            and letters_apart(x[-1], y[-1]) == 1)


# (rule, whether the match must be the only one on both sides): "Anne Jensen" is left alone where she may be
# "Anne Marie Jensen" or "Anne Kirsten Jensen", though "Anne Marie Jensen" has one shorter candidate.
_VARIANT_RULES = ((more_names, False), (_misspelt, True))


def _two_people(a: list[Person], b: list[Person]) -> bool:
    """Whether the archive says these are two people: both parties known and none shared, or both named
    at one meeting, or both voting on one decision."""
    parties = [_letters(x for p in group for x in p.parties) for group in (a, b)]
    if all(parties) and not parties[0] & parties[1]:
        return True
    meetings = [{(m.body, m.date) for p in group for m in p.attended + p.missed} for group in (a, b)]
    decisions = [{v.decision_id for p in group for v in p.votes} for group in (a, b)]
    return bool(meetings[0] & meetings[1] or decisions[0] & decisions[1])


def merge_variants(people: Mapping[str, Person]) -> dict[str, Person]:
    """People by name, one person's spellings of their name put together (see the module's docstring)."""
    groups: dict[str, list[Person]] = {}
    for p in people.values():
        groups.setdefault(name_key(p.name), []).append(p)  # the same after case, hyphens and accents
    words = {key: key.split() for key in groups if key}
    for rule, both_sides in _VARIANT_RULES:
        near: dict[str, list[str]] = {}  # both rules keep the first name: only those sharing it are compared
        for key, w in words.items():
            near.setdefault(w[0], []).append(key)
        matches = {key: [o for o in near[w[0]] if o != key and rule(w, words[o])] for key, w in words.items()}
        if both_sides:
            matches = {key: found for key, found in matches.items()
                       if len(found) == 1 and len(matches[found[0]]) == 1 and key < found[0]}
        for key, found in matches.items():
            if len(found) == 1 and key in groups and found[0] in groups \
                    and not _two_people(groups[key], groups[found[0]]):
                groups[found[0]] += groups.pop(key)
                del words[key]
    return {p.name: p for p in map(_joined, groups.values())}


def _uses(p: Person) -> int:
    return len(p.attended) + len(p.missed) + len(p.votes) + len(p.proposals) + p.spoke


def _joined(spellings: list[Person]) -> Person:
    """One person from their spellings' records: under the spelling used most (ties: the longer), lists
    joined and in date order."""
    spellings = sorted(spellings, key=lambda p: (-_uses(p), -len(p.name), p.name))
    out = Person(spellings[0].name, aliases=sorted(p.name for p in spellings[1:]))
    for p in spellings:
        out.attended += p.attended
        out.missed += p.missed
        out.votes += p.votes
        out.named_with_party += p.named_with_party
        out.proposals += [x for x in p.proposals if x not in out.proposals]
        out.spoke += p.spoke
        for party in p.parties:
            _seen(out, party, None, None)
        for body in p.bodies:
            _seen(out, None, body, None)
        _seen(out, None, None, p.first_date, p.roles)
        _seen(out, None, None, p.last_date)
    by_date = lambda x: (x.date or "9999", x.document)  # noqa: E731
    for found in (out.attended, out.missed, out.proposals):
        found.sort(key=by_date)
    out.votes.sort(key=in_meeting_order)
    return out


def by_spelling(people: Iterable[Person]) -> dict[str, Person]:
    """Each person under the `name_key` of every spelling of their name the archive uses."""
    return {name_key(spelling): p for p in people for spelling in (p.name, *p.aliases)}
