"""What the many `nearest` searches of one list share: a list's query texts in, their vectors and what
the searches read of the snapshot (paragraphs, agenda-item centroids, places, filtered subsets) out,
each worked out once for the list (`Retrieval.neighbourhood` makes one; `Retrieval.nearest` reads it).
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from indexer.records import Filters, Hit
from indexer.search import rank
from indexer.search.query import Query
from indexer.store import Store

__all__ = ["Neighbourhood"]


@dataclass
class Neighbourhood:
    """What the many `nearest` searches of one list share (every follow-up's take-ups in a checklist),
    each worked out once: the query vectors, embedded ahead on a thread of their own (`ask_ahead`) while
    the searches before them run, and what the searches read of the snapshot: paragraphs as results,
    their agenda items' centroids, each paragraph's place to filter by and the paragraphs a filter
    admits. Made by `Retrieval.neighbourhood` for one list and closed after it; a search answers with
    it what it answers without."""

    generation: int | None = None  # of what was read
    vectors: dict[str, np.ndarray | Future] = field(default_factory=dict)  # by the query's searched text
    rows: dict[int, Hit] = field(default_factory=dict)  # by FAISS key
    items: dict[int, np.ndarray | None] = field(default_factory=dict)  # None: no centroid
    places: dict[int, tuple] | None = None  # (body, type, document, date) by FAISS key, read on first use
    dates: dict[int, str] | None = None  # the dated ones' dates
    subsets: dict[Filters, list[int]] = field(default_factory=dict)
    embedding: ThreadPoolExecutor | None = None  # the thread the vectors are embedded on, once asked ahead
    embed: Callable[[str], np.ndarray] | None = None

    def ask_ahead(self, texts: Iterable[str], embed: Callable[[str], np.ndarray]) -> None:
        """Embed the vectors of `texts` (searched texts, `Query.text`, in the order the searches will ask
        for them) with `embed` on a thread of their own: the model runs while the searches before them
        do (it lets go of Python meanwhile). Each is embedded alone, as `Query.vector` embeds it; a
        text not among them is embedded on that thread too, when asked."""
        self.embed = embed
        self.embedding = ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-vectors")
        for text in texts:
            if text not in self.vectors:
                self.vectors[text] = self.embedding.submit(_query_vector, embed, text)

    def vector(self, query: Query) -> np.ndarray:
        """The query's vector: as embedded ahead (waited for where it is not yet), else embedded now."""
        found = self.vectors.get(query.text)
        if found is None:
            found = query.vector if self.embedding is None else self.embedding.submit(_query_vector, self.embed,
                                                                                     query.text)
        if isinstance(found, Future):
            found = found.result()
        self.vectors[query.text] = found
        return found

    def close(self) -> None:
        """Stop embedding ahead (what is no longer needed is left undone)."""
        if self.embedding is not None:
            self.embedding.shutdown(wait=True, cancel_futures=True)
            self.embedding = None

    def __enter__(self) -> "Neighbourhood":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def follow(self, generation: int) -> None:
        """What was read dropped where a build committed another generation since it was read (the
        vectors, of the same texts by the same model, hold)."""
        if generation != self.generation:
            self.generation, self.places, self.dates = generation, None, None
            self.rows.clear()
            self.items.clear()
            self.subsets.clear()

    def hits(self, store: Store, vec_ids: list[int]) -> dict[int, Hit]:
        """`store.hits(vec_ids)`, each paragraph read once (results are copied, never changed)."""
        missing = [i for i in vec_ids if i not in self.rows]
        if missing:
            self.rows.update(store.hits(missing))
        return {i: self.rows[i] for i in vec_ids if i in self.rows}

    def item_vectors(self, store: Store, vec_ids: list[int]) -> dict[int, np.ndarray]:
        """`store.item_vectors(vec_ids, rank.ITEM_MAX_PARAGRAPHS)`, each paragraph's read once."""
        missing = [i for i in vec_ids if i not in self.items]
        if missing:
            found = store.item_vectors(missing, rank.ITEM_MAX_PARAGRAPHS)
            self.items.update({i: found.get(i) for i in missing})
        return {i: self.items[i] for i in vec_ids if self.items[i] is not None}

    def keep_matching(self, store: Store, vec_ids: list[int], filters: Filters) -> list[int]:
        """`store.keep_matching(vec_ids, filters)`, filtered here by each paragraph's place (a kind
        only the store can tell)."""
        if filters.kind:
            return store.keep_matching(vec_ids, filters)
        if self.places is None:
            self.places = store.places()
        places = self.places
        low, high = filters.date_from, filters.date_to
        if low and not (filters.bodies or filters.doc_types or filters.documents):
            # from a meeting date on (a take-up's later meetings), as `Filters.admits` reads it: an
            # undated paragraph's "" and one the store does not hold are before any date
            dates = self._dates()
            if high:
                return [i for i in vec_ids if low <= dates.get(i, "") <= high]
            return [i for i in vec_ids if dates.get(i, "") >= low]
        return [i for i in vec_ids if i in places and filters.admits(*places[i])]

    def _dates(self) -> dict[int, str]:
        """Each dated paragraph's meeting date by FAISS key (from `places`, made once)."""
        if self.dates is None:
            self.dates = {i: place[3] for i, place in (self.places or {}).items() if place[3] is not None}
        return self.dates

    def ids_matching(self, store: Store, filters: Filters) -> list[int]:
        """`store.ids_matching(filters)`, read once per filter."""
        if filters not in self.subsets:
            self.subsets[filters] = store.ids_matching(filters)
        return self.subsets[filters]


def _query_vector(embed: Callable[[str], np.ndarray], text: str) -> np.ndarray:
    """A query's vector as `Query.vector` makes it: `embed(text)` as read-only float32."""
    vector = np.asarray(embed(text), dtype=np.float32)
    vector.setflags(write=False)
    return vector
