"""Searching the index: a query (and filters) in, `SearchResults` out; and everything else a
reader asks of an index. `Archive` is the one API that the CLI and the app use, a thin facade
over the parts it is made of:

* `snapshot.Snapshot`: opening, the model check, one consistent read of SQLite and FAISS;
* `retrieve.Retrieval`: `search`, `analyse`, `related`;
* `minutes.MinutesAccess`: decisions, follow-ups (and their marks), meetings;
* `cases.CaseTrails`: a case's trail across meetings and bodies;
* `people.PeopleAccess`: per person, meetings attended and missed, votes, proposals, statements;
* here: reading paragraphs, their context and whole documents.
"""
from __future__ import annotations

from indexer.records import Filters, Hit, Record
from indexer.search.cases import CaseStep
from indexer.search.people import PeopleAccess
from indexer.search.minutes import MeetingRef
from indexer.search.query import Query, clean_query
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

    def documents(self) -> list[dict]:
        """Every indexed document with its metadata, newest meeting first."""
        with self._snapshot() as store:
            return store.documents()
