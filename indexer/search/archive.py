"""Searching the index: a query (and filters) in, `SearchResults` out; and everything else a
reader asks of an index. `Archive` is the one API that the CLI and the app use, a thin facade
over the parts it is made of:

* `snapshot.Snapshot`: opening, the model check, one consistent read of SQLite and FAISS;
* `retrieve.Retrieval`: `search`, `analyse`, `related`;
* `minutes.MinutesAccess`: decisions, follow-ups (and their marks), meetings;
* `followup_links.FollowUpLinks`: where each follow-up was taken up again;
* `cases.CaseTrails`: a case's trail across meetings and bodies;
* `people.PeopleAccess`: per person, meetings attended and missed, votes, proposals, statements;
* here: reading paragraphs, their context and whole documents, and checking that a filter
  names what the archive holds.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Iterable

from indexer.errors import InvalidInput
from indexer.present.wording import archive_doc_type
from indexer.records import Filters, Hit, Record
from indexer.search.cases import CaseStep
from indexer.search.people import PeopleAccess
from indexer.search.minutes import MeetingRef
from indexer.search.query import Query, bodies_named, clean_query
from indexer.search.rank import MODES, Mode
from indexer.search.results import SearchResults
from indexer.store import Mark, TrackedFollowUp

__all__ = ["Archive", "Filters", "Query", "SearchResults", "MODES", "Mode", "clean_query", "MeetingRef",
           "CaseStep", "TrackedFollowUp", "Mark"]


class Archive(PeopleAccess):
    """An opened index: search it, read paragraphs in context, follow related discussions.

    >>> archive = Archive.open("index")
    >>> results = archive.search("huslejestigninger", k=5)
    >>> results.total, [hit.document for hit in results]
    """

    def paragraph(self, paragraph_id: str) -> Hit | None:
        """One paragraph by its id, or None."""
        with self._snapshot() as store:
            return store.paragraph(paragraph_id)

    def context(self, paragraph_id: str, *, before: int = 2, after: int = 2) -> list[Hit]:
        """The paragraph with its neighbours in the same document and agenda item, in reading order
        (a meeting system's record is one document: the item before is another matter, with its
        own votes)."""
        with self._snapshot() as store:
            found = store.neighbours(paragraph_id, before, after)
        own = next((h for h in found if h.id == paragraph_id), None)
        if own is None or own.item_number is None:
            return found
        return [h for h in found if h.item_number == own.item_number]

    def document(self, path: str) -> list[Hit]:
        """Every paragraph of one document in reading order (to read it whole)."""
        with self._snapshot() as store:
            return store.document_paragraphs(path)

    def record(self, path: str) -> Record | None:
        """What is known about one indexed document (None if it is not indexed)."""
        with self._snapshot() as store:
            return next(iter(store.records([path])), None)

    def minutes_pdf(self, path: str) -> str | None:
        """The archive path of the PDF of the minutes an indexed meeting export names (its paragraphs
        cite that PDF's pages; eDoc's open agenda PDF); None for any other document."""
        record = self.record(path)
        return (record.meeting or {}).get("minutes_pdf") if record is not None else None

    def minutes_of(self, path: str) -> str | None:
        """The indexed meeting export whose minutes PDF `path` is (not indexed itself: its text is the
        export's); None for any other file (asked only for a path that is no indexed document)."""
        folder = path.rpartition("/")[0]
        with self._snapshot() as store:
            return next((record.path for record in store.records() if record.path.rpartition("/")[0] == folder
                         and (record.meeting or {}).get("minutes_pdf") == path), None)

    def read_with_older_rules(self) -> int:
        """How many documents' decisions and follow-ups were read by older extraction rules than this
        program's: they show what those rules read until the index is built again."""
        from indexer.minutes import RULES_VERSION

        with self._snapshot() as store:
            return store.extracted_with_other_rules(RULES_VERSION)

    def documents(self) -> list[dict]:
        """Every indexed document with its metadata, newest meeting first."""
        with self._snapshot() as store:
            return store.documents()

    def check_filters(self, filters: Filters, *, lists: str) -> Filters:
        """Refuse a filter on a body, type or document the archive does not hold: it would find
        nothing, and look like an answer. For the command line and the API alike.

        Args:
            lists: where the document paths are listed ("`meetings --json`", "GET /documents"):
                too many to name in the message, unlike bodies and types.

        Returns:
            `filters` with each body and type as the archive names it: a body typed in another case
            ("økonomiudvalget"), an English name the English pages show ("minutes") for the archive's
            ("referat") where the archive holds that.

        Raises:
            InvalidInput: naming the first unknown value as given, what it may mean, and the bodies
                or types the archive has.
        """
        if not (filters.bodies or filters.doc_types or filters.documents):
            return filters
        with self._snapshot() as store:
            records = store.records()
        types = {r.doc_type for r in records}
        # a body as the archive spells it, whatever the case and spacing it was typed in ("økonomiudvalget")
        spelled = {" ".join(r.body.casefold().split()): r.body for r in records if r.body}
        filters = replace(filters, doc_types=tuple(
            value if value in types or archive_doc_type(value) not in types else archive_doc_type(value)
            for value in filters.doc_types), bodies=tuple(
            spelled.get(" ".join(value.casefold().split()), value) for value in filters.bodies))
        for what, asked, held in (("body", filters.bodies, {r.body for r in records}),
                                  ("type", filters.doc_types, types)):
            known = sorted(held - {None}, key=str.casefold)
            unknown = next((value for value in asked if value not in known), None)
            if unknown is not None:
                # a misspelling, or a committee named in English by what it is for ("Finance Committee")
                near = meant(unknown, known) or (list(bodies_named(unknown, known)) if what == "body" else [])
                guess = f"; did you mean {' or '.join(map(repr, near))}?" if near else ";"
                raise InvalidInput(f"unknown {what} {unknown[:200]!r}{guess} the archive has: {', '.join(known)}")
        paths = {r.path for r in records}
        unknown = next((path for path in filters.documents if path not in paths), None)
        if unknown is not None:
            near = meant(unknown, sorted(paths))
            hint = f"did you mean {' or '.join(map(repr, near))}?" if near else f"{lists} lists them"
            raise InvalidInput(f"unknown document {unknown[:200]!r}: the archive holds no document at this path "
                               f"({hint})")
        return filters


def meant(value: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """The names a misspelled or shortened `value` may mean, likeliest first: those whose first word
    and the value's share a stem (one begins the other: "Byrådet" → "Byråd 2022-2025"), then those with
    another word that does ("Teknikudvalget" → "Klima-, Teknik- og Miljøudvalget"), then those
    close to the whole value (a typo), then those merely holding it, case aside ("Spørgsmål / Svar
    til Byrådet 2022-2025"; a file name → its path)."""
    names = list(names)
    folded = _fold(value)
    if not folded:
        return []
    word = _first_word(folded)

    def stem_shared(part: str, least: int = 3) -> bool:
        return min(len(word), len(part)) >= least and (part.startswith(word) or word.startswith(part))

    def part_named(name: str) -> bool:  # "Teknikudvalget" → "Klima-, Teknik- og Miljøudvalget"
        return any(stem_shared(part, 5) for part in re.findall(r"\w+", _fold(name))[1:])

    by_fold = {_fold(name): name for name in names}
    close = [by_fold[n] for n in difflib.get_close_matches(folded, list(by_fold), n=limit, cutoff=0.6)]
    holding = [name for name in names if folded in _fold(name)]
    first = [n for n in names if stem_shared(_first_word(_fold(n)))]
    return list(dict.fromkeys(first + [n for n in names if part_named(n)] + close + holding))[:limit]


# Danish letters as a keyboard without them writes them ("Byraad", "Oekonomiudvalget", "Aeldreraadet").
_SPELLED = str.maketrans({"å": "aa", "ø": "oe", "æ": "ae"})


def _fold(text: str) -> str:
    """`text` compared whatever its case, spacing and way of writing æ, ø, å."""
    return " ".join(text.split()).casefold().translate(_SPELLED)


def _first_word(text: str) -> str:
    return next(iter(re.findall(r"\w+", text.casefold())), "")
