"""People across the archive: a name in; the meetings they attended and missed, the votes they cast
(named, and their party's where the record names the party),
the proposals they made and what they said, out (`minutes.people` puts it together from what the
store holds). `PeopleAccess` is the part of `Archive` that answers it.
"""
from __future__ import annotations

from dataclasses import replace

from indexer.errors import InvalidInput
from indexer.minutes.people.gather import gather, party_mentions
from indexer.minutes.people.names import clean_name, name_key
from indexer.minutes.people.person import Person, Statement
from indexer.minutes.people.proposals import PROPOSAL_WORDS, proposals_in
from indexer.minutes.people.variants import by_spelling
from indexer.minutes.people.votes import votes_cast
from indexer.records import checked_text
from indexer.search.cases import CaseTrails

NAME_LIMIT = 200  # the longest name asked for


class PeopleAccess(CaseTrails):
    """Attendance, votes, proposals and statements per person."""

    def people(self) -> list[Person]:
        """Every person the archive names as an attendee, a speaker, a voting member or a proposer,
        by name (statements counted, not listed: `person` lists them)."""
        return sorted(self._people().values(), key=lambda p: (p.name.casefold(), p.name))

    def person(self, name: str) -> Person | None:
        """One person by any spelling of their name the archive uses, with what they said under each;
        None when the archive does not name them. Case, hyphens, accents, whitespace and a party suffix
        "(V)" aside (`name_key`).

        Raises:
            InvalidInput: a name that is not text, empty or over NAME_LIMIT characters."""
        checked_text(name, "name")
        key = name_key(name)
        if not key or len(name) > NAME_LIMIT:
            raise InvalidInput(f"not a name: {clean_name(name)[:60]!r}")
        found = by_spelling(self._people().values()).get(key)
        if found is None:
            return None
        spellings = {name_key(n) for n in (found.name, *found.aliases)}
        with self._snapshot() as store:
            written = [row[0] for row in store.speakers() if name_key(row[0]) in spellings]
            hits = store.spoken_by(dict.fromkeys(written))
        said = [Statement(h.id, h.document, h.body, h.date, h.text, h.item_number, h.item_title, h.heading, h.page,
                          h.party, h.role, h.title) for h in hits]
        return replace(found, statements=said)

    def people_like(self, name: str, limit: int = 5) -> list[str]:
        """The names of people whose name (any spelling) holds every word of `name` as the start of one
        of its words, most active first: "Mehmet" → ["Mehmet Zeki Dogru"], "kirst" → ["Hans-Jørgen
        Kirstein"]; for a name `person` does not find as written."""
        words = name_key(checked_text(name, "name")[:NAME_LIMIT]).split()
        if not words:
            return []

        def like(spelling: str) -> bool:
            own = name_key(spelling).split()
            return all(any(part.startswith(word) for part in own) for word in words)

        found = [p for p in self._people().values() if any(like(n) for n in (p.name, *p.aliases))]
        found.sort(key=lambda p: (-(len(p.attended) + len(p.votes) + p.spoke), p.name))
        return [p.name for p in found[:limit]]

    def no_such_person(self, name: str, lists: str) -> str:
        """What to say of a name `person` does not find: the names like it ("did you mean …?"),
        else where every name is listed (`lists`: "`people`", "GET /people")."""
        like = self.people_like(name)
        hint = f"did you mean {' or '.join(repr(n) for n in like)}?" if like else f"{lists} lists them"
        return f"no person named {name[:200]!r} in the index ({hint})"

    def speaking_bodies(self) -> set[str]:
        """The bodies whose records name who spoke (parliament sittings do; most municipal minutes give
        decisions, not speakers)."""
        with self._snapshot() as store:
            return {row[3] for row in store.speakers() if row[3]}

    def _people(self) -> dict[str, Person]:
        """Everyone, worked out once per index generation."""
        with self._snapshot() as store:
            cache = getattr(self, "_people_cache", None)
            if cache is not None and cache[0] == self._generation:
                return cache[1]
            generation = self._generation
            # who attended as the meeting view shows it too (`_attendance`)
            presences = [p for found in self._attendance(store).values() for p in found]
            decisions = store.decisions()
            speakers = store.speakers()
            mentioning = store.paragraphs_mentioning(PROPOSAL_WORDS)
            votes = votes_cast(decisions)
            # members no attendee list or vote gives a party: where the text names them with one
            partyless = {p.name for p in presences} - {p.name for p in presences if p.party} - {
                v.name for v in votes if v.party}
            with_party = party_mentions(partyless, store.paragraphs_mentioning(partyless)) if partyless else []
        proposals = [x for hit in mentioning for x in proposals_in(hit, hit.body, hit.date)]
        people = gather(presences, votes, proposals, speakers, decisions, with_party)
        with self._lock:
            self._people_cache = (generation, people)
        return people
