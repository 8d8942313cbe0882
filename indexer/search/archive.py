"""Searching the index: a query (and filters) in, `SearchResults` out.

`Archive` is the one API that the CLI and the app use. A query is analysed once
(`query.Query`); dense retrieval (FAISS inner product on normalised vectors) and lexical
BM25 (SQLite FTS5 over Danish stems, through the store) gather one candidate pool; the
pure `rank` module fuses, floors and de-duplicates it; the page, the total, the facet
counts and the timeline all come from that pool.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, Literal

import numpy as np

from indexer.text import compounds
from indexer.search import rank
from indexer.text import terms
from indexer.store import vectors
from indexer.errors import IndexDamaged, InvalidInput
from indexer.store.manifest import Manifest, rebuild_hint
from indexer.records import Decision, Filters, FollowUpLink, Hit
from indexer.search.query import Query, clean_query
from indexer.search.rank import MODES, Mode
from indexer.search.results import SearchResults, count_facets, timeline_rows
from indexer.minutes.decisions import OUTCOMES
from indexer.minutes.followups import link_follow_up
from indexer.minutes.meetings import MeetingView, build_meeting, meetings_of
from indexer.store import STATUSES, Mark, Store, TrackedFollowUp, faiss_path

__all__ = ["Archive", "Filters", "Query", "SearchResults", "MODES", "Mode", "clean_query", "MeetingRef",
           "TrackedFollowUp", "Mark"]


@dataclass(frozen=True)
class MeetingRef:
    """One meeting of the index, for a list: body, date (None: undated), its own records and
    the records attached to it, and how many decisions and follow-ups it holds."""

    body: str | None
    date: str | None
    documents: tuple[str, ...]
    attachments: tuple[str, ...] = ()
    title: str | None = None  # the title of its first record
    decisions: int = 0
    follow_ups: int = 0

    def to_json(self) -> dict:
        return {"body": self.body, "date": self.date, "documents": list(self.documents),
                "attachments": list(self.attachments), "title": self.title, "decisions": self.decisions,
                "follow_ups": self.follow_ups}


_SNAPSHOT_TRIES = 3


class _Superseded(Exception):
    """The FAISS file of a snapshot's generation is gone: a build may have committed two
    generations since the read began (or the file is damaged: the last try says so)."""


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
        self._sample: tuple[int, np.ndarray] | None = None  # (generation, background sample vectors)
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
        from indexer.embed.embedder import ModelIdentity, check_same_model

        check_same_model(ModelIdentity.from_dict(self.manifest.model), embedder.identity, self.index_dir)

    # -- snapshot handling ---------------------------------------------------------
    def _refresh(self, store: Store, last_try: bool = True) -> None:
        """Load the FAISS file of the snapshot's generation if it changed. Unless `last_try`,
        a missing file raises _Superseded, for the caller to read again."""
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
            if not last_try:
                raise _Superseded() from exc  # perhaps a build committed twice since this read began
            raise IndexDamaged(f"vector file {path} is missing or damaged; {hint}") from exc
        _, _, searchable = store.counts()
        if index.ntotal != manifest.embedded or searchable != manifest.paragraphs:
            raise IndexDamaged(f"index in {self.index_dir} is inconsistent: {searchable} paragraphs in "
                               f"SQLite, {index.ntotal} vectors in FAISS; {hint}")
        self._faiss, self._spec, self._generation, self.manifest = index, spec, manifest.generation, manifest

    @contextmanager
    def _snapshot(self) -> Iterator[Store]:
        """A consistent read of SQLite and FAISS of one generation (thread-safe)."""
        with self._lock:
            # A staged build commits a generation per batch and keeps two FAISS files: a
            # snapshot can outlive its file. Read again, at most a few times.
            for attempt in range(1, _SNAPSHOT_TRIES + 1):
                with self._store.reading() as store:
                    try:
                        self._refresh(store, last_try=attempt == _SNAPSHOT_TRIES)
                    except _Superseded:
                        time.sleep(0.05 * attempt)
                        continue
                    yield store
                    return

    @property
    def embedder(self):
        if self._embedder is None:
            from indexer.embed.embedder import Embedder

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
            background = self._background(store, vector) if floor and vector is not None else None
        return self._results(query, pool, rows, unfiltered, edges, k, offset, mode, filters, weight,
                             rank.FLOORS[mode] if floor else None, background)

    def _background(self, store: Store, vector) -> float | None:
        """The query's background similarity (`rank.background`) against a fixed sample of
        this generation's paragraph vectors, read once per generation."""
        if self._sample is None or self._sample[0] != self._generation:
            ids = rank.background_sample(store.ids_matching(Filters()))
            found = store.vectors(ids)
            matrix = (np.stack([found[i] for i in ids if i in found]) if found
                      else np.zeros((0, len(vector)), dtype=np.float32))
            self._sample = (self._generation, matrix)
        return rank.background(self._sample[1] @ vector)

    def _pool(self, store: Store, query: Query, vector, depth: int, weight: float, mode: str,
              filters: Filters) -> tuple[dict[int, rank.Candidate], dict[int, Hit], set[int], list[int]]:
        """Candidates from both sides, unfiltered (for facets) and, with filters, filtered too
        (so that a narrow filter still finds its results beyond the unfiltered depth).
        Returns the pool, its rows, the ids the unfiltered retrieval found, and the last id of
        each unfiltered side that filled its depth."""
        match_terms = self._match_terms(store, query.terms) if mode != "dense" and weight > 0 else []
        # The second lexical query: an English query's Danish translations, a Danish query's
        # compounds split into their parts (`rank.EXPANSION_WEIGHT`).
        expansion_weight = rank.EXPANSION_WEIGHT.get(query.language, 0.0) if mode != "dense" else 0.0
        groups = query.translations
        if expansion_weight > 0 and not groups and query.language == "da":
            groups = compounds.part_groups(query.text, lambda stem: store.term_document_count(stem, False))
        expansion_terms = (self._match_terms(store, tuple(dict.fromkeys(t for group in groups for t in group)))
                           if expansion_weight > 0 and groups else [])
        pool: dict[int, rank.Candidate] = {}
        unfiltered: set[int] = set()
        edges: list[int] = []
        for restriction in ([Filters(), filters] if filters else [Filters()]):
            dense = self._dense(store, vector, depth, restriction) if vector is not None else []
            lexical = (store.fts_match(terms.match_expression(match_terms), depth, restriction)
                       if match_terms else [])
            expanded = (store.fts_match(terms.match_expression(expansion_terms), depth, restriction)
                        if expansion_terms else [])
            rank.merge(dense, lexical, into=pool, expanded=expanded, expansion_weight=expansion_weight)
            if not unfiltered:
                unfiltered = set(pool)
                # A side that filled its depth may have more beyond it (see SearchResults.complete).
                edges = [ids[-1][0] for ids in (dense, lexical, expanded) if len(ids) >= depth]
        ids = list(pool)
        if vector is not None:  # the floor needs a cosine for lexical-only candidates too
            unknown = [i for i in ids if pool[i].cosine is None]
            for vec_id, stored in store.vectors(unknown).items():
                pool[vec_id].cosine = float(np.dot(stored, vector))
        # Which query terms each candidate holds, from its own FTS row: a MATCH per term would
        # read that term's postings over the whole archive, however few the candidates.
        held = store.terms_of(ids) if ids and (match_terms or expansion_terms) else {}
        if expansion_terms and ids:
            # One dictionary sense matching alone is mostly another sense ("bill" → bil), one part
            # of a compound alone another theme: the expansion counts only for paragraphs that
            # hold the terms of several groups (English words; a compound's parts).
            kept = set(expansion_terms)
            held_groups = [g for g in ([t for t in group if t in kept] for group in groups) if g]
            needed = min(rank.MIN_EXPANSION_GROUPS, len(held_groups))
            for vec_id in [i for i in ids if pool[i].expanded is not None]:
                paragraph_terms = held.get(vec_id, set())
                if sum(any(t.held_by(paragraph_terms) for t in group) for group in held_groups) < needed:
                    pool[vec_id].expanded = None
        if match_terms and ids:
            for vec_id in ids:
                paragraph_terms = held.get(vec_id, set())
                pool[vec_id].coverage = sum(t.held_by(paragraph_terms) for t in match_terms) / len(match_terms)
        return pool, store.hits(ids), unfiltered, edges

    def _match_terms(self, store: Store, found: tuple[terms.Term, ...]) -> list[terms.Term]:
        """The BM25 terms to search for of `found`, common ones left out while it has rarer ones."""
        if not found:
            return []
        counts = [store.term_document_count(t.stem, t.prefix) for t in found]
        return rank.rare_terms(list(found), counts, self.manifest.paragraphs)

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
                 floor: rank.Floor | None, background: float | None = None) -> SearchResults:
        """Fuse, floor, de-duplicate and count the pool (pure: no index access)."""
        candidates = [c for c in pool.values() if c.vec_id in rows]
        answered = rank.answers(pool.values(), floor, background)  # the whole pool, filters or not
        passing = [c for c in candidates if rank.passes(c, mode, weight, floor, background, answered)]

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

    # -- decisions, follow-ups and meetings ----------------------------------------------
    def decisions(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                  date_to: str | None = None, outcome: str | None = None, query: str | None = None,
                  document: str | None = None, mode: Mode = "hybrid") -> list[Decision]:
        """The decisions stored in the index, by meeting date (undated last) and reading order;
        with `query`, only those whose paragraph the search finds, best first.

        Args:
            body: one body or several; date_from/date_to: ISO dates (inclusive; undated ones
                are then left out); outcome: one of decisions.OUTCOMES; document: one path.
            query: free text, searched within the decision paragraphs only (any characters are safe).
            mode: the search mode for `query`.

        Raises:
            InvalidInput: a bad date or outcome.
        """
        if outcome is not None and outcome not in OUTCOMES:
            raise InvalidInput(f"unknown outcome {outcome!r}; use {', '.join(OUTCOMES)}")
        filters = _extraction_filters(body, date_from, date_to, document, "decisions")
        with self._snapshot() as store:
            found = store.decisions(body, date_from, date_to, outcome, document)
        if query is None:
            return found
        order = self._paragraph_order(query, filters, mode)
        return sorted((d for d in found if d.paragraph_id in order), key=lambda d: order[d.paragraph_id])

    def follow_ups(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                   date_to: str | None = None, status: str | None = "open", query: str | None = None,
                   document: str | None = None, links: bool = False, mode: Mode = "hybrid") -> list[TrackedFollowUp]:
        """The follow-ups stored in the index with their status (default: the open ones), ordered
        like `decisions`; with `query`, only those whose paragraph the search finds, best first.

        Args:
            status: "open", "done", "dismissed", or None / "all" for every one.
            links: also look up, per follow-up, the later paragraphs that take it up again
                (one dense search each; see `follow_up_links`).
            Others as in `decisions`.

        Raises:
            InvalidInput: a bad date or status.
        """
        status = _status(status, allow_all=True)
        filters = _extraction_filters(body, date_from, date_to, document, "follow_ups")
        with self._snapshot() as store:
            found = store.follow_ups(body, date_from, date_to, status, document)
        if query is not None:
            order = self._paragraph_order(query, filters, mode)
            found = sorted((t for t in found if t.follow_up.paragraph_id in order),
                           key=lambda t: order[t.follow_up.paragraph_id])
        if links:
            for tracked in found:
                tracked.links = self.follow_up_links(tracked)
        return found

    def follow_up(self, follow_up_id: str, *, links: bool = False) -> TrackedFollowUp | None:
        """One stored follow-up with its status, or None."""
        with self._snapshot() as store:
            found = store.follow_ups(ids=[follow_up_id])
        if found and links:
            found[0].links = self.follow_up_links(found[0])
        return found[0] if found else None

    def follow_up_links(self, follow_up: str | TrackedFollowUp, *, k: int = 30, limit: int = 3) -> list[FollowUpLink]:
        """The later paragraphs that take a follow-up up again (`followups.link_follow_up`: same
        body first, after the promise's date, cosine at least LINK_THRESHOLD); empty: "nothing
        found since". Computed when asked, since they depend on what was indexed later; kept
        per follow-up until the next build commits."""
        tracked = self.follow_up(follow_up) if isinstance(follow_up, str) else follow_up
        if tracked is None:
            raise InvalidInput(f"no follow-up with id {follow_up!r}")
        fu = tracked.follow_up
        if not fu.meeting_date:
            return []  # nothing is known to be later: no search, no model
        key = (fu.id, k, limit)
        with self._lock:
            cache = getattr(self, "_link_cache", None)
            if cache is None or cache[0] != self._generation:
                cache = self._link_cache = (self._generation, {})
            if key in cache[1]:
                return list(cache[1][key])

        def similar(text: str, count: int) -> list[Hit]:
            # the link floor is a cosine: the dense score, not a fused rank score
            results = self.search(text, k=count, mode="dense", floor=False)
            return [replace(h, score=h.dense_score) for h in results.hits if h.dense_score is not None]

        links = link_follow_up(fu, similar, k=k, limit=limit)
        with self._lock:
            self._link_cache[1][key] = list(links)
        return links

    def mark_follow_up(self, follow_up_id: str, status: str, note: str | None = None,
                       by: str | None = None) -> TrackedFollowUp:
        """Mark a follow-up "done" or "dismissed", or "open" again (removes the mark). The mark
        is kept in the index's database by the follow-up's id and survives rebuilds.

        Raises:
            InvalidInput: an unknown id or status.
        """
        status = _status(status, allow_all=False)
        with self._lock:
            with self._store.writing() as store:
                if not store.follow_ups(ids=[follow_up_id]):
                    raise InvalidInput(f"no follow-up with id {follow_up_id!r}")
                store.mark_follow_up(follow_up_id, status, note=note, by=by)
        return self.follow_up(follow_up_id)

    def follow_up_marks(self) -> dict[str, Mark]:
        """Every mark by follow-up id, also those whose follow-up is no longer indexed (its
        file was removed or the sentence reworded): they come back if the follow-up does."""
        with self._snapshot() as store:
            return store.follow_up_marks()

    def meetings(self) -> list[MeetingRef]:
        """Every meeting (records grouped by body and meeting date, attachments with their
        meeting; an undated record is a meeting of its own), newest first, undated last."""
        with self._snapshot() as store:
            records = store.records()
            decisions = _count_by_document(d.document for d in store.decisions())
            follow_ups = _count_by_document(t.follow_up.document for t in store.follow_ups())
        refs = []
        for (body, key), group in meetings_of(records).items():
            paths = {r.path for r in group}
            own = [r for r in group if not r.attachment_to or r.attachment_to not in paths]
            refs.append(MeetingRef(
                body=body, date=None if key and key.startswith("?") else key,
                documents=tuple(r.path for r in own), attachments=tuple(r.path for r in group if r not in own),
                title=next((r.title for r in own if r.title), None),
                decisions=sum(decisions.get(p, 0) for p in paths), follow_ups=sum(follow_ups.get(p, 0) for p in paths)))
        dated = sorted((m for m in refs if m.date), key=lambda m: (m.date, m.body or ""), reverse=True)
        return dated + [m for m in refs if not m.date]

    def meeting(self, body: str | None, date: str) -> MeetingView | None:
        """The whole meeting of `body` on `date` (`meetings.build_meeting` over the stored
        paragraphs, decisions and follow-ups), or None if the index holds none."""
        with self._snapshot() as store:
            group = meetings_of(store.records()).get((body, date))
            return self._meeting(store, group) if group else None

    def meeting_of(self, document: str) -> MeetingView | None:
        """The whole meeting a document belongs to (also an undated one), or None if not indexed."""
        with self._snapshot() as store:
            group = next((g for g in meetings_of(store.records()).values() if any(r.path == document for r in g)),
                         None)
            return self._meeting(store, group) if group else None

    @staticmethod
    def _meeting(store: Store, records: list) -> MeetingView:
        paths = [r.path for r in records]
        return build_meeting(
            records, {p: store.paragraphs_of(p) for p in paths},
            {p: store.decisions(document=p) for p in paths},
            {p: [t.follow_up for t in store.follow_ups(document=p)] for p in paths})

    def _paragraph_order(self, query: str, filters: Filters, mode: Mode) -> dict[str, int]:
        """Rank of each paragraph the search finds among the decision / follow-up paragraphs."""
        results = self.search(query, k=None, mode=mode, filters=filters)
        return {hit.id: rank for rank, hit in enumerate(results.hits)}

    def close(self) -> None:
        self._store.close()


def _extraction_filters(body, date_from, date_to, document, kind: str) -> Filters:
    """The search filters for a decision / follow-up list (validates the dates)."""
    bodies = () if not body else (body,) if isinstance(body, str) else tuple(body)
    return Filters(bodies=bodies, documents=(document,) if document else (), date_from=date_from or None,
                   date_to=date_to or None, kind=kind)


def _status(status: str | None, *, allow_all: bool) -> str | None:
    if allow_all and status in (None, "all"):
        return None
    if status not in STATUSES:
        allowed = ", ".join(STATUSES + (("all",) if allow_all else ()))
        raise InvalidInput(f"unknown status {status!r}; use {allowed}")
    return status


def _count_by_document(documents: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for document in documents:
        counts[document] = counts.get(document, 0) + 1
    return counts


def _pairs(result: tuple[np.ndarray, np.ndarray]) -> list[tuple[int, float]]:
    scores, ids = result
    return [(int(i), float(s)) for s, i in zip(scores[0], ids[0]) if i >= 0]


def _with_words(hit: Hit, query: Query) -> Hit:
    return replace(hit, matched_terms=query.matching_words(hit.text))
