"""Retrieval: an analysed `Query` (and `Filters`) in, `SearchResults` out.

Dense retrieval (FAISS inner product on normalised vectors) and lexical BM25 (SQLite FTS5
over Danish stems, through the store) gather one candidate pool; the pure `rank` module
fuses, floors and de-duplicates it; the page, the total, the facet counts and the timeline
all come from that pool. `Retrieval` is the part of `Archive` that does it, over the
snapshot `Snapshot` gives; `related` finds similar paragraphs of other documents.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Literal

import numpy as np

from indexer.embed.bundled_model import adapted_from
from indexer.errors import InvalidInput
from indexer.records import Filters, Hit, checked_text
from indexer.search import rank, reference, vocabulary
from indexer.search.query import Query, clean_query
from indexer.search.rank import MODES, Mode
from indexer.search.results import (CHOSEN_FACETS, SearchResults, Shortfall, count_chosen_as_listed, count_facets,
                                    folded_values, narrowed_facets, timeline_rows)
from indexer.search.neighbourhood import Neighbourhood
from indexer.search.snapshot import Snapshot
from indexer.store import Store, vectors
from indexer.text import bilingual, compounds, terms


# Searches whose every result is kept for their deep pages (`Retrieval._all_results`).
KEPT_SEARCHES = 8


class Retrieval(Snapshot):
    """Searching the snapshot: `search`, `analyse` and `related`."""

    def analyse(self, text: str, *, prefix: bool = True, exclude: bool = True, language: str | None = None) -> Query:
        """`text` analysed for this archive (its vector embedded by the archive's model on first use);
        `exclude`: a minus before a word leaves it out; `language`: where it is known (`Query.analyse`)."""
        return Query.analyse(text, embed=lambda clean: self.embedder.embed_query(clean), prefix=prefix,
                             exclude=exclude, language=language)

    def unused_words(self, text: str) -> tuple[str, ...]:
        """The words of what `text` asks about that the records never use, in any form, where they use none of
        them (`vocabulary.unused_topic`: the search has no good match for it), else ()."""
        query = self.analyse(text)  # its vector is not needed
        with self._snapshot() as store:
            return vocabulary.unused_topic(query, store, self.manifest.paragraphs) if self.manifest else ()

    def searched_text(self, text: str) -> str:
        """What a search for `text` searches (as typed; `CaseTrails` leaves a case number out)."""
        return text

    def neighbourhood(self, texts: Iterable[str] = ()) -> Neighbourhood:
        """What a list's `nearest` searches share (`Neighbourhood`; close it after the list), the vectors
        of `texts`, what they will ask for in that order, embedded ahead on a thread of their own."""
        around = Neighbourhood()
        searched = [query.text for query in (Query.analyse(checked_text(text, "text"), exclude=False)
                                             for text in texts) if query]
        if searched:
            around.ask_ahead(searched, self.embedder.embed_query)  # the model loaded here, not on that thread
        return around

    def search(self, query: str | Query, *, k: int | None = 10, offset: int = 0, mode: Mode = "hybrid",
               filters: Filters | None = None, lexical_weight: float | None = None,
               prefix: bool = True, floor: bool = True) -> SearchResults:
        """The results for `query`: a page of hits, their total, facet counts and timeline rows.

        Args:
            query: free text, Danish or English (any characters are safe; undecodable bytes, which
                a command line passes as lone surrogates, raise InvalidInput), or an analysed Query.
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
            query = self.analyse(self.searched_text(checked_text(query, "query")), prefix=prefix)
        filters = filters or Filters()
        if not query:
            return SearchResults(query, [], 0, count_facets([]), [], [], mode, filters, offset, vectors=self._covered())
        depth = rank.candidate_depth(None if k is None else offset + k)
        if k is not None and depth > rank.CANDIDATES:  # a deep page: a slice of all results
            everything = self._all_results(query, mode, filters, lexical_weight, floor)
            return replace(everything, hits=everything.hits[offset:offset + k], offset=offset)
        weight = rank.lexical_weight(mode, query.language, lexical_weight)
        # All results continue the first ones as the first pages' pool ranked them.
        head = (self.search(query, k=rank.FIRST_RESULTS, mode=mode, filters=filters, lexical_weight=lexical_weight,
                            floor=floor).hits if depth > rank.CANDIDATES else None)
        vector = query.vector if mode != "lexical" else None  # embedded before taking the lock
        with self._snapshot() as store:
            pool, rows, unfiltered, cut, scores = self._pool(store, query, vector, depth, weight, mode, filters)
            level = self._level(store, query, vector) if floor and vector is not None else None
            # a Danish query about what the records never mention has no good match by meaning alone
            unused = (vocabulary.unused_topic(query, store, self.manifest.paragraphs)
                      if floor and mode == "hybrid" and self.manifest else ())
            covered = self._covered()  # of the generation searched
        return replace(self._results(query, pool, rows, unfiltered, cut, k, offset, mode, filters, weight,
                                     self._floor(mode) if floor else None, level, head, scores, unused),
                       vectors=covered)

    def _covered(self) -> tuple[int, int] | None:
        """(paragraphs with their vector, searchable paragraphs) of the generation last read."""
        manifest = getattr(self, "manifest", None)
        return None if manifest is None else (manifest.embedded, manifest.paragraphs)

    def _all_results(self, query: Query, mode: Mode, filters: Filters, lexical_weight: float | None,
                     floor: bool) -> SearchResults:
        """Every result of a search, kept for the last few searches of this index generation: the
        deep pages of one search are slices of one list (paging on costs no new search)."""
        key = (self._generation, query, mode, filters, lexical_weight, floor)
        with self._lock:
            cache = self.__dict__.setdefault("_everything", OrderedDict())
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        found = self.search(query, k=None, mode=mode, filters=filters, lexical_weight=lexical_weight, floor=floor)
        with self._lock:
            cache[key] = found
            while len(cache) > KEPT_SEARCHES:
                cache.popitem(last=False)
        return found

    def _floor(self, mode: Mode) -> rank.Floor:
        """The mode's relevance floor for this index's model. Its least cosine (`Floor.dense`) was
        measured on the bundled model; a model `adapt` made from it places related text lower (a Greve
        question and its answer at 0.80 where the bundled model has 0.91), so that no result would pass:
        its index keeps only the threshold measured on the archive itself (`_level`)."""
        floor = rank.FLOORS[mode]
        name = self.manifest.model.get("name") if self.manifest else None
        if floor.dense is not None and name and _adapted(str(name)):
            return replace(floor, dense=None)
        return floor

    # -- the relevance floor's calibration (rank.Level) ---------------------------------------
    def _level(self, store: Store, query: Query, vector) -> rank.Level | None:
        """The query's reference level and this archive's threshold for its language (None
        when the archive has no vectors yet)."""
        found = self._floor_calibration(store)
        if found is None:
            return None
        references, limits = found
        reference = rank.reference_level(references @ vector)
        limit = limits.get(query.language, limits.get("*"))
        if reference is None or limit is None:
            return None
        return rank.Level(reference, limit, complete=self.manifest.embedded >= self.manifest.paragraphs)

    def _floor_calibration(self, store: Store) -> tuple[np.ndarray, dict[str, float]] | None:
        """(reference vectors in the archive's language, thresholds per query language), measured
        once per generation: the calibration probes' best cosines in this archive minus their
        reference levels (`rank.thresholds`)."""
        cached = getattr(self, "_calibration", None)
        if cached is not None and cached[0] == self._generation:
            return cached[1]
        result = None
        if self._faiss is not None and self._faiss.ntotal > 0:
            language = _archive_language(store)
            references = self._reference_vectors(language)
            probes, languages = self._probe_vectors()
            scores, _ = vectors.search(self._faiss, probes, 1, spec=self._spec)
            contrasts = [float(best) - rank.reference_level(references @ probe)
                         for best, probe in zip(scores[:, 0], probes)]
            result = (references, rank.thresholds(contrasts, languages))
        self._calibration = (self._generation, result)
        return result

    def _reference_vectors(self, language: str) -> np.ndarray:
        """The reference corpus (`reference.py`) in `language`, embedded as passages once per model."""
        cache = self.__dict__.setdefault("_references", {})
        if language not in cache:
            texts = list(reference.reference_texts(language))
            cache[language] = np.asarray(self.embedder.embed_passages(texts), dtype=np.float32)
        return cache[language]

    def _probe_vectors(self) -> tuple[np.ndarray, list[str]]:
        """The calibration probes embedded as queries (once per model; cached per machine where
        the embedder can), with each probe's query language."""
        cached = self.__dict__.get("_probes")
        if cached is None:
            texts = [clean_query(t) for t in reference.CALIBRATION_PROBES]
            embed = getattr(self.embedder, "embed_queries_cached", None) or self.embedder.embed_queries
            cached = (np.asarray(embed(texts), dtype=np.float32), [bilingual.query_language(t) for t in texts])
            self._probes = cached
        return cached

    def _pool(self, store: Store, query: Query, vector, depth: int, weight: float, mode: str,
              filters: Filters) -> tuple[dict[int, rank.Candidate], dict[int, Hit], set[int], rank.Cut, bool]:
        """Candidates from both sides, unfiltered (for facets) and, with filters, filtered too
        (so that a narrow filter still finds its results beyond the unfiltered depth).
        Returns the pool, its rows, the ids the unfiltered retrieval found, where the unfiltered
        sides were cut (`rank.Cut`), and whether to fuse by scores (`rank.by_scores`:
        how many paragraphs of the whole archive its BM25 query matches, whatever the filters)."""
        match_terms = self._match_terms(store, query.terms) if mode != "dense" and weight > 0 else []
        scores = bool(match_terms) and rank.by_scores(
            query.language, mode, lambda at_most: store.fts_count(terms.match_expression(match_terms), at_most),
            self.manifest.paragraphs)
        # The terms that count as evidence of a match (the floor's coverage): no function words,
        # digits or words most paragraphs hold.
        informative = (rank.informative_terms(
            query.terms, query.function_stems, lambda t: store.term_document_count(t.stem, t.prefix),
            self.manifest.paragraphs) if mode != "dense" and weight > 0 else [])
        # The second lexical query: an English query's Danish translations, a Danish query's
        # compounds split into their parts (`rank.EXPANSION_WEIGHT`).
        expansion_weight = rank.EXPANSION_WEIGHT.get(query.language, 0.0) if mode != "dense" else 0.0
        groups = query.translations
        if expansion_weight > 0 and not groups and query.language == "da":
            groups = compounds.part_groups(query.text, lambda stem: store.term_document_count(stem, False))
        expansion_terms = (self._match_terms(store, tuple(dict.fromkeys(t for group in groups for t in group)))
                           if expansion_weight > 0 and groups else [])
        # An English query's glossary terms: paragraphs that pass by the glossary's words (`rank.passes`),
        # found by the rarer of them (a common one costs FTS5 a long scan and adds no candidate of note).
        glossing = mode == "hybrid" and bool(query.glossed)
        glossed_terms = (self._match_terms(store, tuple(dict.fromkeys(t for group in query.glossed for t in group)))
                         if glossing else [])
        pool: dict[int, rank.Candidate] = {}
        unfiltered: set[int] = set()
        cut = rank.Cut()
        nearest: list[tuple[int, float]] = []
        first: set[int] = set()  # what a fused words side ranks within an unfiltered first page's depth (`rank.mark_beyond`)
        for restriction in ([Filters(), filters] if filters else [Filters()]):
            found = self._nearest(store, vector, depth, restriction) if vector is not None else []
            if not restriction:
                nearest = found  # the archive's closest paragraphs, whatever the filters (`rank.mark_beyond`)
            dense = self._with_items(store, found, vector) if found else []
            lexical = (store.fts_match(terms.match_expression(match_terms), depth, restriction)
                       if match_terms else [])
            expanded = (store.fts_match(terms.match_expression(expansion_terms), depth, restriction)
                        if expansion_terms else [])
            glossed = (store.fts_match(terms.match_expression(glossed_terms), depth, restriction)
                       if glossed_terms else [])
            rank.merge(dense, lexical, into=pool, expanded=expanded, expansion_weight=expansion_weight)
            if not restriction:  # a filter's words sides reach deeper into its part: the archive's first ones
                first.update(vec_id for side in (lexical, expanded) for vec_id, _ in side[:rank.CANDIDATES])
            for vec_id, _ in glossed:
                pool.setdefault(vec_id, rank.Candidate(vec_id)).glossary_side = True
            if not unfiltered:
                unfiltered = set(pool)
                # Where a side that filled its depth was cut (see SearchResults.complete; the expansion's
                # paragraphs are in the pool by the query's own words or not at all).
                cut = rank.Cut(dense=len(found) >= depth, words=len(lexical) >= depth or len(glossed) >= depth)
        ids = list(pool)
        if vector is not None:  # the floor needs a cosine for lexical-only candidates too
            # scored as the dense side scores (with their items), so that whether a paragraph passes
            # does not depend on the side that found it, nor the count on the pool's depth
            unknown = [i for i in ids if pool[i].cosine is None]
            found = [(vec_id, float(np.dot(stored, vector))) for vec_id, stored in store.vectors(unknown).items()]
            for vec_id, cosine in self._with_items(store, found, vector):
                pool[vec_id].cosine = cosine
        # Which query terms each candidate holds, from its own FTS row: a MATCH per term would
        # read that term's postings over the whole archive, however few the candidates.
        held = (store.terms_of(ids) if ids and (match_terms or expansion_terms or informative or glossing
                                                or query.false_friends or query.exclusions) else {})
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
        # (after that: a translation's paragraph the expansion no longer counts was found by no side)
        rank.mark_beyond(pool, nearest, {i for i in first if pool[i].bm25 is not None or pool[i].expanded is not None})
        if glossing:
            for vec_id in ids:
                paragraph_terms = held.get(vec_id, set())
                pool[vec_id].glossed = all(any(t.held_by(paragraph_terms) for t in group) for group in query.glossed)
        for vec_id in ids if query.false_friends else ():
            paragraph_terms = held.get(vec_id, set())
            pool[vec_id].misread = any(any(t.held_by(paragraph_terms) for t in look_alikes)
                                       and not any(t.held_by(paragraph_terms) for t in meanings)
                                       for look_alikes, meanings in query.false_friends)
        if informative and ids:
            for vec_id in ids:
                paragraph_terms = held.get(vec_id, set())
                pool[vec_id].coverage = sum(t.held_by(paragraph_terms) for t in informative) / len(informative)
        rows = store.hits(ids)
        if query.exclusions:  # "-rente": what holds an excluded word is no result, nor counted, nor closest
            left_out = _excluded(query, rows, held)
            pool = {vec_id: c for vec_id, c in pool.items() if vec_id not in left_out}
            rows = {vec_id: row for vec_id, row in rows.items() if vec_id not in left_out}
        return pool, rows, unfiltered, cut, scores

    def _match_terms(self, store: Store, found: tuple[terms.Term, ...]) -> list[terms.Term]:
        """The BM25 terms to search for of `found`, common ones left out while it has rarer ones."""
        if not found:
            return []
        counts = [store.term_document_count(t.stem, t.prefix) for t in found]
        return rank.rare_terms(list(found), counts, self.manifest.paragraphs)

    def _dense(self, store: Store, vector, depth: int, filters: Filters,
               around: Neighbourhood | None = None) -> list[tuple[int, float]]:
        """The nearest paragraphs, scored with their agenda items (`rank.with_items`); `around`: what
        a list's searches share (read through it)."""
        return self._with_items(store, self._nearest(store, vector, depth, filters, around), vector, around)

    def _with_items(self, store: Store, found: list[tuple[int, float]], vector,
                    around: Neighbourhood | None = None) -> list[tuple[int, float]]:
        """(id, cosine) pairs scored with their agenda items (`rank.with_items`), best first."""
        ids = [i for i, _ in found]
        items = (around.item_vectors(store, ids) if around is not None
                 else store.item_vectors(ids, rank.ITEM_MAX_PARAGRAPHS))
        return rank.with_items(found, items, vector)

    def _nearest(self, store: Store, vector, depth: int, filters: Filters,
                 around: Neighbourhood | None = None) -> list[tuple[int, float]]:
        if self._faiss.ntotal == 0:
            return []
        if not filters:
            return _pairs(vectors.search(self._faiss, vector, depth, spec=self._spec))
        # Over-fetch and filter in SQL; a very selective filter searches only its own ids.
        wide = _pairs(vectors.search(self._faiss, vector, depth * 10, spec=self._spec))
        cosine = dict(wide)
        ids = [i for i, _ in wide]
        allowed = around.keep_matching(store, ids, filters) if around is not None else store.keep_matching(ids, filters)
        if len(allowed) >= depth // 4:
            return [(i, cosine[i]) for i in allowed[:depth]]
        subset = around.ids_matching(store, filters) if around is not None else store.ids_matching(filters)
        if not subset:
            return []
        return _pairs(vectors.search(self._faiss, vector, depth, spec=self._spec,
                                     allowed_ids=np.array(subset, dtype=np.int64)))

    def _results(self, query: Query, pool: dict[int, rank.Candidate], rows: dict[int, Hit], unfiltered: set[int],
                 cut: rank.Cut, k: int | None,
                 offset: int, mode: str, filters: Filters, weight: float,
                 floor: rank.Floor | None, level: rank.Level | None = None,
                 head: list[Hit] | None = None, scores: bool = False, unused: tuple[str, ...] = ()) -> SearchResults:
        """Fuse, floor, de-duplicate and count the pool (pure: no index access); `head`: the results
        that come first, as a shallower pool ranked them (the pool's own follow, those left out);
        `scores`: fuse by scores (`rank.fuse_scores`), not ranks; `unused`: the query's topic words, where
        the archive uses none of them (`vocabulary.unused_topic`): no paragraph passes by its vector."""
        fuse = rank.fuse_scores if scores else rank.fuse
        # what a first page's pool does not hold and cannot pass by its words is not ranked either: an export's
        # deeper pool then fuses as the page's does, and no result of it scores 0 for ranks the page never counted
        candidates = [c for c in pool.values() if c.vec_id in rows and rank.may_pass(c)]
        if level is not None:  # the whole pool, filters or not
            level = replace(level, best=rank.best_cosine(pool.values()))
        answered = query.has_content and not unused and rank.answers(pool.values(), floor, level)
        passing = [c for c in candidates if rank.passes(c, mode, weight, floor, level, answered)]

        def grouped(chosen: list[rank.Candidate], among: list[rank.Candidate] | None = None
                   ) -> tuple[list[rank.Candidate], list[tuple[rank.Candidate, list[str]]]]:
            # Fused over `among` (default: `chosen`), then restricted to `chosen`: the floor only
            # removes results, it never reorders the ones it keeps. (The order, and each result listed
            # with the other documents holding its text.)
            keep = {c.vec_id for c in chosen}
            order = [c for c in fuse(chosen if among is None else among, weight, mode) if c.vec_id in keep]
            order = rank.phrase_first(order, lambda c: rows[c.vec_id].text, query.text)
            if query.glossed and mode == "hybrid":
                order = rank.glossed_first(order)
            pairs = rank.dedupe(order, lambda c: rows[c.vec_id].text, lambda c: rows[c.vec_id].document,
                                lambda c: rows[c.vec_id].item_number)
            # nearly the same text in another document (the council's copy of a committee's item)
            # is listed as also there, as the same text is
            # and so is the minutes' PDF's paragraph standing whole in the export's one of the same page
            pairs = rank.fold_copies(pairs, lambda c: rows[c.vec_id].text, lambda c: rows[c.vec_id].document,
                                     place=lambda c: _meeting_page(rows[c.vec_id]))
            # and so does a line that says little of its own ("Klima-, Teknik- og Miljøudvalget.", "1.-3. Anbefales.")
            pairs = rank.headings_give_way(
                pairs, lambda c: bool(rows[c.vec_id].extra.get("is_heading")) or rank.slight(c, rows[c.vec_id].text,
                                                                                    rows[c.vec_id].heading),
                lambda c: (rows[c.vec_id].document, rows[c.vec_id].item_number))
            return order, pairs

        def ranked(chosen: list[rank.Candidate], among: list[rank.Candidate] | None = None) -> list[tuple[Hit, list[str]]]:
            order, pairs = grouped(chosen, among)
            paged: dict[str, list[Hit]] = {}  # per document, its candidates with a page (none in a meeting system's)
            for c in order:
                if rows[c.vec_id].page is not None:
                    paged.setdefault(rows[c.vec_id].document, []).append(rows[c.vec_id])
            return [(_cited_with_page(rows[c.vec_id], also, paged, c), c) for c, also in pairs]

        def admitted(chosen: list[rank.Candidate], by: Filters = filters) -> list[rank.Candidate]:
            return [c for c in chosen if by.admits(rows[c.vec_id].body, rows[c.vec_id].doc_type,
                                                   rows[c.vec_id].document, rows[c.vec_id].date)]

        # Exact only where nothing beyond the unfiltered pool's cuts could pass (as the facets are
        # the unfiltered pool's).
        passed_ids = {c.vec_id for c in passing}
        complete = cut.complete(floored=floor is not None)
        # Facets: what passes in the unfiltered pool (the total a search without filters has); with
        # filters, each value's count is of what the other filters let through (`narrowed_facets`).
        copies = {hit.document: hit for hit in rows.values()}
        counted = [hit for hit, _ in ranked([c for c in passing if c.vec_id in unfiltered],
                                            [c for c in candidates if c.vec_id in unfiltered])]
        facets = count_facets(counted, complete=complete, copies=copies)
        if filters:
            counted = [hit for hit, _ in ranked(passing, candidates)]
            facets = narrowed_facets(facets, counted, filters, copies)
        # a body's or a type's count is what choosing it lists: its results folded as that filter folds them
        # (folding never chains, so a copy folded into another body's result may stand as a result of its own);
        # where the counts are exact ("+" says a count of a pool cut short is at least that)
        # (a value chosen alone is the list itself: `count_chosen_as_listed` counts it, without folding it again)
        for name in CHOSEN_FACETS if complete else ():
            counts, folded = getattr(facets, name), folded_values(counted, name, copies)
            alone = getattr(filters, name) if filters.kind is None else ()
            for value in [v for v in counts if v and v in folded and (v,) != alone]:
                chosen = replace(filters, kind=None, **{name: (value,)})
                counts[value] = len(grouped(admitted(passing, chosen), admitted(candidates, chosen))[1])
        everything = admitted(candidates)
        shown = ranked(admitted(passing), everything)
        listed = [hit for hit, _ in shown] if head is None else _continued(head, [hit for hit, _ in shown])
        count_chosen_as_listed(facets, filters, len(listed))
        end = None if k is None else offset + k
        # the score follows the order shown: worked out over the whole list, set on the page's hits only
        page = [_with_words(hit, query) for hit in _in_rank_order(listed, kept=len(head or ()), start=offset, end=end)]
        closest: list[Hit] = []
        shortfalls: list[Shortfall] = []
        if not shown:
            below = ranked([c for c in everything if c.vec_id not in passed_ids], everything)
            closest = _in_rank_order([_with_words(hit, query) for hit, _ in below[:rank.CLOSEST]])
            shortfalls = [Shortfall(None if level is None or mode == "lexical" or not query.has_content or unused
                                    else level.shortfall(c.cosine),
                                    tuple(hit.matched_terms)) for hit, (_, c) in zip(closest, below)]
        # how many hold every informative word (`coverage`), for a Danish query with such words; a word
        # the archive holds nowhere ("hospitalsudstyr") is held by none of them, and the count says so
        worded = (query.language == "da" and mode != "dense" and weight > 0
                  and bool(rank.content_terms(query.terms, query.function_stems)))
        with_words = sum(1 for _, c in shown if c.coverage >= 1.0) if worded else None
        if query.language == "en" and mode == "hybrid" and query.glossed:
            # an English query's: how many hold the Danish words the glossary gives for it ("school closures":
            # skole and lukning), the rest being close in meaning only
            with_words = sum(1 for _, c in shown if c.glossed)
        return SearchResults(query=query, hits=page, total=len(listed), facets=facets,
                             timeline=timeline_rows(listed, copies=copies), closest=closest,
                             mode=mode, filters=filters, offset=offset, complete=complete, shortfalls=shortfalls,
                             undated=sum(1 for hit in listed if not hit.date), with_words=with_words,
                             unused_words=unused)

    def nearest(self, text: str, *, k: int = 10, filters: Filters | None = None,
                around: Neighbourhood | None = None) -> list[Hit]:
        """The `k` paragraphs closest in meaning to `text` that pass `filters`: the hits of a dense
        search without its floor, in its order and with its scores (the cosine with the agenda
        item, `rank.with_items`), without the counts and timeline a page needs. For what asks many
        times: every open follow-up's take-ups in a checklist, whose searches share `around` (what
        each worked out, once)."""
        query = self.analyse(checked_text(text, "text"), exclude=False)  # a record's text: its "-" excludes nothing
        if not query:
            return []
        vector = around.vector(query) if around is not None else query.vector  # embedded before taking the lock
        with self._snapshot() as store:
            if around is not None:
                around.follow(self._generation)
            # ordered as `rank.fuse` orders the dense side: best first, ties by id
            depth = min(rank.MAX_CANDIDATES, max(rank.CANDIDATES, 2 * k))  # as deep as a search for k results
            found = sorted(self._dense(store, vector, depth, filters or Filters(), around),
                           key=lambda pair: (-pair[1], pair[0]))
            ids = [i for i, _ in found]
            rows = around.hits(store, ids) if around is not None else store.hits(ids)
        order = rank.phrase_first([pair for pair in found if pair[0] in rows], lambda p: rows[p[0]].text, query.text)
        pairs = rank.dedupe(order, lambda p: rows[p[0]].text, lambda p: rows[p[0]].document,
                            lambda p: rows[p[0]].item_number)
        return [replace(rows[i], score=score, dense_score=score, also_in=also) for (i, score), also in pairs[:k]]

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


# Paragraphs read to tell the archive's language (for the reference corpus's language).
_LANGUAGE_SAMPLE = 200


def _archive_language(store: Store) -> str:
    """"en" when most of an evenly spread sample of the archive's paragraphs read as English,
    else "da" (Danish, and the Scandinavian languages nearest it)."""
    ids = sorted(store.ids_matching(Filters()))
    if not ids:
        return "da"
    step = max(1, len(ids) // _LANGUAGE_SAMPLE)
    sample = ids[::step][:_LANGUAGE_SAMPLE]
    texts = [hit.text for hit in store.hits(sample).values()]
    english = sum(terms.query_language(text) == "en" for text in texts)
    return "en" if english > len(texts) / 2 else "da"


def _continued(head: list[Hit], deeper: list[Hit]) -> list[Hit]:
    """`head`, then the results of `deeper` it does not hold: a text it shows (or lists as also in
    another document, the same text, a near-copy or a paragraph of the same page standing whole in
    it: `rank.fold_copies`) comes once."""
    shown = {(rank.fingerprint(hit.text), where) for hit in head for where in (hit.document, *hit.also_in)}
    listing: dict[str, list[Hit]] = {}  # a document -> the head's results that list it as also there
    for hit in head:
        for where in hit.also_in:
            listing.setdefault(where, []).append(hit)

    def held(hit: Hit) -> bool:
        here = _meeting_page(hit)
        return ((rank.fingerprint(hit.text), hit.document) in shown
                or any(rank.near_copy(other.text, hit.text)
                       or (here is not None and _meeting_page(other) == here and rank.contained(other.text, hit.text))
                       for other in listing.get(hit.document, ())))

    return list(head) + [hit for hit in deeper if not held(hit)]


def _excluded(query: Query, rows: dict[int, Hit], held: dict[int, set[str]]) -> set[int]:
    """The ids of `rows` holding a word `query` excludes (`Query.excludes`) in their text (`held`: its
    FTS terms) or in the heading and agenda item their card is shown under: "housing -ukraine" leaves
    out "… de berørte boliger." of the item "Boliger til ukrainske flygtninge", which is about it too."""
    def placed(row: Hit) -> set[str]:
        return terms.indexed_terms(terms.stemmed_text(" ".join(filter(None, (row.heading, row.item_title)))))

    return {vec_id for vec_id, row in rows.items() if query.excludes(held.get(vec_id, set()) | placed(row))}


def _in_rank_order(hits: list[Hit], kept: int = 0, start: int = 0, end: int | None = None) -> list[Hit]:
    """`hits[start:end]` scored as ranked over all of `hits` (`rank.ranking_scores`): the first `kept` as
    they are (a deeper pool's list continuing the first pages keeps their scores), the others under the
    last of them. Only the hits returned are copied: a page of 10 of a list of thousands."""
    ceiling = hits[kept - 1].score if 0 < kept <= len(hits) else None
    scores = [hit.score for hit in hits[:kept]] + rank.ranking_scores([hit.score for hit in hits[kept:]], ceiling)
    return [hit if hit.score == score else replace(hit, score=score)
            for hit, score in zip(hits[start:end], scores[start:end])]


def _meeting_page(hit: Hit) -> tuple[str, str, int] | None:
    """Where `hit` stands for `rank.fold_copies`' `place`: its meeting (body, date) and page; None
    where any is unknown."""
    if hit.body is None or not hit.date or hit.page is None:
        return None
    return hit.body, hit.date, hit.page


def _pairs(result: tuple[np.ndarray, np.ndarray]) -> list[tuple[int, float]]:
    scores, ids = result
    # as Python numbers at once (the same values): thousands of candidates a search when filtered
    return [(i, s) for s, i in zip(scores[0].tolist(), ids[0].tolist()) if i >= 0]


def _with_words(hit: Hit, query: Query) -> Hit:
    return replace(hit, matched_terms=query.matching_words(hit.text))


@lru_cache(maxsize=8)
def _adapted(model_name: str) -> bool:
    """Whether the index's model (its manifest's name: a directory for an adapted one) was made by `adapt`."""
    return adapted_from(model_name) is not None


def _cited_with_page(row: Hit, also: list[str], paged: dict[str, list[Hit]], candidate) -> Hit:
    """A result as shown: its row with the candidate's scores and the other documents holding its text.
    Where it has no page (a meeting system's export) and a copy of the same meeting has one (the
    minutes' PDF; `paged`: the candidates with a page, per document), the copy is cited instead and
    the export named as also holding it: the secretariat cites a page."""
    shown = replace(row, score=candidate.score, dense_score=candidate.cosine, also_in=also)
    if row.page is not None or not paged:
        return shown
    copy = next((other for document in also for other in paged.get(document, ())
                 if (other.body, other.date) == (row.body, row.date) and rank.near_copy(other.text, row.text)), None)
    if copy is None:
        return shown
    return replace(copy, score=candidate.score, dense_score=candidate.cosine,
                   also_in=[row.document if d == copy.document else d for d in also])
