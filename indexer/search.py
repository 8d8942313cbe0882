"""Searching the index: a query (and filters) in, `SearchResults` out.

`Archive` is the one API that the CLI and the app use. A query is analysed once
(`query.Query`); dense retrieval (FAISS inner product on normalised vectors) and lexical
BM25 (SQLite FTS5 over Danish stems, through the store) gather one candidate pool; the
pure `rank` module fuses, floors and de-duplicates it; the page, the total, the facet
counts and the timeline all come from that pool.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Literal

import numpy as np

from . import rank, terms, vectors
from .errors import IndexDamaged, InvalidInput
from .manifest import Manifest, rebuild_hint
from .query import Filters, Query, clean_query
from .rank import MODES, Mode
from .records import Hit
from .results import SearchResults, count_facets, timeline_rows
from .store import Store, faiss_path

__all__ = ["Archive", "Filters", "Query", "SearchResults", "MODES", "Mode", "clean_query"]


class Archive:
    """An opened index: search it, read paragraphs in context, follow related discussions.

    >>> archive = Archive.open("index")
    >>> results = archive.search("huslejestigninger", k=5)
    >>> results.total, [hit.document for hit in results]
    """

    def __init__(self, index_dir: Path, store: Store, embedder=None) -> None:
        self.index_dir = index_dir
        self._store = store
        self._embedder = embedder
        self._lock = threading.RLock()  # one SQLite connection, shared by app threads
        self._generation = -1
        self._faiss = None
        self._spec: vectors.IndexSpec | None = None
        self.manifest: Manifest | None = None
        with self._snapshot():
            pass

    @classmethod
    def open(cls, index_dir: Path | str = "index", *, embedder=None) -> "Archive":
        """Open the index in `index_dir`; checks format, generation and counts.

        Args:
            index_dir: the index directory written by `python -m indexer build`.
            embedder: a loaded `Embedder`; if None, the index's own model is loaded on the
                first dense query.

        Raises:
            IndexMissing, IndexDamaged, ModelMismatch: with the command that rebuilds.
        """
        index_dir = Path(index_dir)
        Manifest.read(index_dir)
        archive = cls(index_dir, Store.open(index_dir), embedder)
        if embedder is not None:
            archive._check_model(embedder)
        return archive

    def _check_model(self, embedder) -> None:
        from .embed import ModelIdentity, check_same_model

        check_same_model(ModelIdentity.from_dict(self.manifest.model), embedder.identity, self.index_dir)

    # -- snapshot handling ---------------------------------------------------------
    def _refresh(self, store: Store) -> None:
        """Load the FAISS file of the snapshot's generation if it changed."""
        manifest = store.manifest()
        hint = f"rebuild with `{rebuild_hint(self.index_dir)}`"
        if manifest is None:
            raise IndexDamaged(f"index in {self.index_dir} is empty or incomplete; {hint}")
        if manifest.generation == self._generation:
            return
        spec = vectors.IndexSpec.from_dict(manifest.faiss)
        path = faiss_path(self.index_dir, manifest.generation)
        try:
            index = vectors.read_index(path, spec)
        except (RuntimeError, OSError) as exc:
            raise IndexDamaged(f"vector file {path} is missing or damaged; {hint}") from exc
        _, _, searchable = store.counts()
        if index.ntotal != searchable or searchable != manifest.paragraphs:
            raise IndexDamaged(f"index in {self.index_dir} is inconsistent: {searchable} paragraphs in "
                               f"SQLite, {index.ntotal} vectors in FAISS; {hint}")
        self._faiss, self._spec, self._generation, self.manifest = index, spec, manifest.generation, manifest

    @contextmanager
    def _snapshot(self) -> Iterator[Store]:
        """A consistent read of SQLite and FAISS of one generation (thread-safe)."""
        with self._lock, self._store.reading() as store:
            self._refresh(store)
            yield store

    @property
    def embedder(self):
        if self._embedder is None:
            from .embed import Embedder

            embedder = Embedder(self.manifest.model["name"])
            self._check_model(embedder)
            self._embedder = embedder
        return self._embedder

    # -- search --------------------------------------------------------------------
    def analyse(self, text: str, *, prefix: bool = True) -> Query:
        """`text` analysed for this archive (its vector embedded by the archive's model on first use)."""
        return Query.analyse(text, embed=lambda clean: self.embedder.embed_query(clean), prefix=prefix)

    def search(self, query: str | Query, *, k: int | None = 10, offset: int = 0, mode: Mode = "hybrid",
               filters: Filters | None = None, lexical_weight: float | None = None,
               prefix: bool = True, floor: bool = True) -> SearchResults:
        """The results for `query`: a page of hits, their total, facet counts and timeline rows.

        Args:
            query: free text, Danish or English (any characters are safe), or an analysed Query.
            k: results on this page; None for every result that passes (exports).
            offset: results to skip (paging).
            mode: "hybrid" (default), "dense" or "lexical".
            filters: body, document type, document and date restrictions.
            lexical_weight: BM25's weight in hybrid fusion (default: by query language).
            prefix: let query stems match as prefixes ("husleje" → "huslejestigninger").
            floor: leave out results below the mode's relevance floor (`rank.FLOORS`).

        An empty query, or one that nothing passes, gives no hits; in the latter case
        `closest` holds the best matches below the floor.
        """
        if mode not in MODES:
            raise InvalidInput(f"unknown mode {mode!r}; use hybrid, dense or lexical")
        if k is not None and k < 1:
            raise InvalidInput(f"k must be at least 1, not {k}")
        if offset < 0:
            raise InvalidInput(f"offset must be 0 or more, not {offset}")
        if not isinstance(query, Query):
            query = self.analyse(query, prefix=prefix)
        filters = filters or Filters()
        if not query:
            return SearchResults(query, [], 0, count_facets([]), [], [], mode, filters, offset)
        weight = rank.lexical_weight(mode, query.language, lexical_weight)
        depth = rank.candidate_depth(None if k is None else offset + k)
        vector = query.vector if mode != "lexical" else None  # embedded before taking the lock
        with self._snapshot() as store:
            pool, rows, unfiltered, edges = self._pool(store, query, vector, depth, weight, mode, filters)
        return self._results(query, pool, rows, unfiltered, edges, k, offset, mode, filters, weight,
                             rank.FLOORS[mode] if floor else None)

    def _pool(self, store: Store, query: Query, vector, depth: int, weight: float, mode: str,
              filters: Filters) -> tuple[dict[int, rank.Candidate], dict[int, Hit], set[int], list[int]]:
        """Candidates from both sides, unfiltered (for facets) and, with filters, filtered too
        (so that a narrow filter still finds its results beyond the unfiltered depth).
        Returns the pool, its rows, the ids the unfiltered retrieval found, and the last id of
        each unfiltered side that filled its depth."""
        match_terms = self._match_terms(store, query) if mode != "dense" and weight > 0 else []
        pool: dict[int, rank.Candidate] = {}
        unfiltered: set[int] = set()
        edges: list[int] = []
        for restriction in ([Filters(), filters] if filters else [Filters()]):
            dense = self._dense(store, vector, depth, restriction) if vector is not None else []
            lexical = (store.fts_match(terms.match_expression(match_terms), depth, restriction)
                       if match_terms else [])
            rank.merge(dense, lexical, into=pool)
            if not unfiltered:
                unfiltered = set(pool)
                # A side that filled its depth may have more beyond it (see SearchResults.complete).
                edges = [ids[-1][0] for ids in (dense, lexical) if len(ids) >= depth]
        ids = list(pool)
        if vector is not None:  # the floor needs a cosine for lexical-only candidates too
            unknown = [i for i in ids if pool[i].cosine is None]
            for vec_id, stored in store.vectors(unknown).items():
                pool[vec_id].cosine = float(np.dot(stored, vector))
        if match_terms and ids:
            matched = dict.fromkeys(ids, 0)
            for term in match_terms:
                for vec_id in store.fts_matching_ids(terms.match_expression([term]), ids):
                    matched[vec_id] += 1
            for vec_id, count in matched.items():
                pool[vec_id].coverage = count / len(match_terms)
        return pool, store.hits(ids), unfiltered, edges

    def _match_terms(self, store: Store, query: Query) -> list[terms.Term]:
        """The query's BM25 terms, common ones left out while it has rarer ones."""
        if not query.terms:
            return []
        counts = [store.term_document_count(t.stem, t.prefix) for t in query.terms]
        return rank.rare_terms(list(query.terms), counts, self.manifest.paragraphs)

    def _dense(self, store: Store, vector, depth: int, filters: Filters) -> list[tuple[int, float]]:
        if self._faiss.ntotal == 0:
            return []
        if not filters:
            return _pairs(vectors.search(self._faiss, vector, depth, spec=self._spec))
        # Over-fetch and filter in SQL; a very selective filter searches only its own ids.
        wide = _pairs(vectors.search(self._faiss, vector, depth * 10, spec=self._spec))
        cosine = dict(wide)
        allowed = store.keep_matching([i for i, _ in wide], filters)
        if len(allowed) >= depth // 4:
            return [(i, cosine[i]) for i in allowed[:depth]]
        subset = store.ids_matching(filters)
        if not subset:
            return []
        return _pairs(vectors.search(self._faiss, vector, depth, spec=self._spec,
                                     allowed_ids=np.array(subset, dtype=np.int64)))

    def _results(self, query: Query, pool: dict[int, rank.Candidate], rows: dict[int, Hit], unfiltered: set[int],
                 edges: list[int], k: int | None,
                 offset: int, mode: str, filters: Filters, weight: float,
                 floor: rank.Floor | None) -> SearchResults:
        """Fuse, floor, de-duplicate and count the pool (pure: no index access)."""
        candidates = [c for c in pool.values() if c.vec_id in rows]
        passing = [c for c in candidates if rank.passes(c, mode, weight, floor)]

        def ranked(chosen: list[rank.Candidate]) -> list[tuple[Hit, list[str]]]:
            order = rank.fuse(chosen, weight, mode)
            pairs = rank.dedupe(order, lambda c: rows[c.vec_id].text, lambda c: rows[c.vec_id].document)
            return [(replace(rows[c.vec_id], score=c.score, dense_score=c.cosine, also_in=also), c)
                    for c, also in pairs]

        def admitted(chosen: list[rank.Candidate]) -> list[rank.Candidate]:
            return [c for c in chosen if filters.admits(rows[c.vec_id].body, rows[c.vec_id].doc_type,
                                                        rows[c.vec_id].document, rows[c.vec_id].date)]

        # Facets: what passes in the unfiltered pool, so that the counts shown beside each filter
        # value stay the same whichever filters are on.
        facets = count_facets(hit for hit, _ in ranked([c for c in passing if c.vec_id in unfiltered]))
        shown = ranked(admitted(passing))
        end = None if k is None else offset + k
        page = [_with_words(hit, query) for hit, _ in shown[offset:end]]
        closest: list[Hit] = []
        if not shown:
            passed = {c.vec_id for c in passing}
            below = ranked(admitted([c for c in candidates if c.vec_id not in passed]))
            closest = [_with_words(hit, query) for hit, _ in below[:rank.CLOSEST]]
        passed_ids = {c.vec_id for c in passing}
        complete = not any(edge in passed_ids for edge in edges)
        return SearchResults(query=query, hits=page, total=len(shown), facets=facets,
                             timeline=timeline_rows(hit for hit, _ in shown), closest=closest,
                             mode=mode, filters=filters, offset=offset, complete=complete)

    # -- reading around a result ------------------------------------------------------
    def paragraph(self, paragraph_id: str) -> Hit | None:
        """One paragraph by its id, or None."""
        with self._snapshot() as store:
            return store.paragraph(paragraph_id)

    def context(self, paragraph_id: str, *, before: int = 2, after: int = 2) -> list[Hit]:
        """The paragraph with its neighbours in the same document, in reading order."""
        with self._snapshot() as store:
            return store.neighbours(paragraph_id, before, after)

    def document(self, path: str) -> list[Hit]:
        """Every paragraph of one document in reading order (to read it whole)."""
        with self._snapshot() as store:
            return store.document_paragraphs(path)

    def related(self, paragraph_id: str, *, k: int = 5,
                order: Literal["similarity", "newest"] = "similarity") -> list[Hit]:
        """The most similar paragraphs from other documents ("Lignende drøftelser")."""
        if order not in ("similarity", "newest"):
            raise InvalidInput(f"unknown order {order!r}; use similarity or newest")
        with self._snapshot() as store:
            found = store.vector_of(paragraph_id)
            if found is None:
                return []
            document, vector = found
            pairs = _pairs(vectors.search(self._faiss, vector, max(50, 10 * k), spec=self._spec))
            rows = store.hits([i for i, _ in pairs])
        scored = [replace(rows[i], score=s, dense_score=s) for i, s in pairs if i in rows]
        others = [h for h in scored if h.document != document]
        unique = [hit for hit, _ in rank.dedupe(others, lambda h: h.text, lambda h: h.document)][:k]
        if order == "newest":
            unique.sort(key=lambda h: h.date or "", reverse=True)
        return unique

    def documents(self) -> list[dict]:
        """Every indexed document with its metadata, newest meeting first."""
        with self._snapshot() as store:
            return store.documents()

    def close(self) -> None:
        self._store.close()


def _pairs(result: tuple[np.ndarray, np.ndarray]) -> list[tuple[int, float]]:
    scores, ids = result
    return [(int(i), float(s)) for s, i in zip(scores[0], ids[0]) if i >= 0]


def _with_words(hit: Hit, query: Query) -> Hit:
    return replace(hit, matched_terms=query.matching_words(hit.text))
