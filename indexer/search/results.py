"""What one search returns: ranked hits in; the page, the total, facet counts and timeline
rows out, all from the same candidate pool (`SearchResults`).

Pure: nothing here reads the index, so counting is tested on its own.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Mapping

from indexer.records import Filters
from indexer.search.query import Query
from indexer.records import Hit


@dataclass
class Facets:
    """How many results fall in each body, document type, document and meeting date."""

    total: int = 0
    bodies: Counter = field(default_factory=Counter)
    doc_types: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)
    undated: int = 0
    complete: bool = True  # False: the pool was cut short, so every count is a lower bound
    # each result's meeting dates (its own and its copies'): how many results a period holds
    spans: list[frozenset] = field(default_factory=list)

    def in_period(self, low: str, high: str) -> int:
        """How many results have a meeting date (their own or a copy's) from `low` to `high`
        (ISO dates): each result once, so never more than `total`."""
        return sum(any(low <= day <= high for day in days) for days in self.spans)

    def to_json(self) -> dict:
        """Counts per body and document type (most first), of undated results, and whether exact."""
        return {"bodies": dict(self.bodies.most_common()), "doc_types": dict(self.doc_types.most_common()),
                "undated": self.undated, "complete": self.complete}


@dataclass(frozen=True)
class TimelineRow:
    """Results of one meeting: its date, the body, how many, and the documents' titles."""

    date: str
    body: str
    count: int
    titles: tuple[str, ...]

    def to_dict(self) -> dict:
        """The chart's row: titles joined with "; "."""
        return {"date": self.date, "body": self.body, "count": self.count, "titles": "; ".join(self.titles)}


# What each facet counts of a hit (unknown body and type under "", no date not at all).
FACET_VALUES = {"bodies": lambda h: h.body or "", "doc_types": lambda h: h.doc_type or "",
                "documents": lambda h: h.document, "dates": lambda h: h.date or None}


def _with_copies(hit: Hit, copies: Mapping[str, Hit] | None) -> list[Hit]:
    """`hit` and the copies of its text in other documents (`also_in`) that `copies` knows."""
    return [hit, *(copies[d] for d in hit.also_in if copies and d in copies)]


def _values(found: Iterable[Hit], value) -> set:
    """The distinct values of one facet among `found` (each counted once per result)."""
    return {v for v in map(value, found) if v is not None}


def count_facets(hits: Iterable[Hit], complete: bool = True, copies: Mapping[str, Hit] | None = None) -> Facets:
    """Count hits per facet value; unknown body/type count under "", unknown dates as `undated`
    (`complete`: False where `hits` are a pool cut short).

    A hit whose text stands in other documents too (`also_in`: the committee's text again in the
    council's minutes) counts for each body, type, document and date of its copies, found in
    `copies` by document: a filter on one of them shows that copy, so its count says so."""
    facets = Facets(complete=complete)
    for hit in hits:
        facets.total += 1
        found = _with_copies(hit, copies)
        for name, value in FACET_VALUES.items():
            getattr(facets, name).update(_values(found, value))
        facets.spans.append(frozenset(_values(found, FACET_VALUES["dates"])))
        if not hit.date:
            facets.undated += 1
    return facets


# The facets a reader chooses from a short list (bodies, document types), counted as each choice lists them.
CHOSEN_FACETS = ("bodies", "doc_types")


def count_chosen_as_listed(facets: Facets, filters: Filters, listed: int) -> None:
    """A body or type chosen alone is the list shown: its count is the list's (`listed`), exact or not; a pool
    counted otherwise ("Økonomiudvalget (279)" over a list of 277) would read as two answers to one question."""
    for name in CHOSEN_FACETS if filters.kind is None else ():
        chosen, counts = getattr(filters, name), getattr(facets, name)
        if len(chosen) == 1 and chosen[0] in counts:
            counts[chosen[0]] = listed


def folded_values(hits: Iterable[Hit], name: str, copies: Mapping[str, Hit] | None = None) -> set:
    """The values of facet `name` that stand among the copies folded into a result of another value (`also_in`: the
    council's copy of a committee's text): only there can choosing one value fold its results otherwise than the
    whole list did (folding never chains: the copy may stand alone, or take in another), so only there must its count
    be taken by folding its own results. Where each of its copies was folded into one of its own, a value's own
    results fold as they did in the whole list."""
    value = FACET_VALUES[name]
    found: set = set()
    for hit in hits:
        own = value(hit)
        found |= {v for v in _values(_with_copies(hit, copies)[1:], value) if v != own}
    return found


# Each facet of a filtered search counts what the other filters let through, not its own: the bodies
# of the chosen period (not of every year), every body still offered beside the chosen one.
FACET_FILTERS = {"bodies": {"bodies": ()}, "doc_types": {"doc_types": ()}, "documents": {"documents": ()},
                 "dates": {"date_from": None, "date_to": None}}


def narrowed_facets(facets: Facets, hits: Iterable[Hit], filters: Filters,
                    copies: Mapping[str, Hit] | None = None) -> Facets:
    """`facets` (of the search without filters: its total, undated and spans stay) with each value's
    count taken from `hits` (the search's whole passing pool) that the *other* filters admit
    (`FACET_FILTERS`); a hit's copies count where they are admitted, as in `count_facets`."""
    others = {name: replace(filters, kind=None, **cleared) for name, cleared in FACET_FILTERS.items()}
    counters = {name: Counter() for name in FACET_VALUES}
    for hit in hits:
        found = _with_copies(hit, copies)
        for name, value in FACET_VALUES.items():
            admitting = others[name]
            counters[name].update(_values([h for h in found if admitting.admits(h.body, h.doc_type, h.document, h.date)],
                                          value))
    return replace(facets, **counters)


def by_count(values: Iterable[str], counts: Mapping[str, int]) -> list[str]:
    """`values` ordered by their count (most first), then alphabetically; stable options for a widget."""
    return sorted(set(values), key=lambda value: (-counts.get(value, 0), value.casefold()))


def timeline_rows(hits: Iterable[Hit], unknown_body: str = "",
                  copies: Mapping[str, Hit] | None = None) -> list[TimelineRow]:
    """One row per (meeting date, body) with the number of hits and the titles; undated hits left out;
    an unknown body as `unknown_body` ("", as the facets count it: the reader's words name it).
    A hit counts at each meeting its copies stand in too (`copies` by document, as `count_facets`
    counts them), once per meeting."""
    groups: dict[tuple[str, str], tuple[list[int], list[str]]] = {}
    for hit in hits:
        found = [hit, *(copies[d] for d in hit.also_in if copies and d in copies)]
        meetings: dict[tuple[str, str], Hit] = {}
        for h in found:
            if h.date:
                meetings.setdefault((h.date, h.body or unknown_body), h)
        for key, h in meetings.items():
            count, titles = groups.setdefault(key, ([0], []))
            count[0] += 1
            title = h.title or h.document
            if title not in titles:
                titles.append(title)
    return [TimelineRow(date, body, count[0], tuple(titles))
            for (date, body), (count, titles) in sorted(groups.items())]


@dataclass(frozen=True)
class Shortfall:
    """Why a closest match is not a result: how far its vector stays below the relevance floor
    (cosine units over the query's reference level; None where vectors were not used) and the
    query's words it holds."""

    below: float | None
    words: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"below_floor_by": None if self.below is None else round(self.below, 4), "matched_words": list(self.words)}


# What to suggest after "no good match" (`suggestions`): codes the app and the terminal word.
SUGGESTIONS = ("only_excluded", "no_words", "danish", "fewer_words", "filters", "lexical", "other_words")


def suggestions(query: Query, filters: Filters, mode: str) -> list[str]:
    """What to try after "no good match", most useful first (codes of SUGGESTIONS); a query that only
    leaves words out ("-husleje") needs a word to search for, nothing else."""
    from indexer.text.terms import in_records_script, words as split_words

    if query.only_excluded:
        return ["only_excluded"]
    found = split_words(query.text)
    # words that can say what a text is about, in the records' script ("בית ספר" has none)
    content = [w for w in found if w not in query.function_stems and len(w) >= 3 and any(c.isalpha() for c in w)
               and in_records_script(w)]
    out = []
    if not content:
        out.append("no_words")
    if query.language == "en":
        out.append("danish")
    if len(content) > 4:
        out.append("fewer_words")
    if filters:
        out.append("filters")
    if mode != "lexical" and content:
        out.append("lexical")
    out.append("other_words")
    return out


@dataclass
class SearchResults:
    """One search: the page of hits and, over every result that passes, the total, facets and timeline.

    Iterating, indexing, `len` and truth go to `hits`, so code that treated a search as a
    list of hits keeps working.
    """

    query: Query
    hits: list[Hit]  # this page: ranked, de-duplicated, above the floor, filters applied
    total: int  # results that pass the floor and the filters (for "N results" and paging)
    facets: Facets  # counts over the results that pass the floor, before filters (unfiltered pool)
    timeline: list[TimelineRow]  # per (meeting date, body), over the results that pass floor and filters
    closest: list[Hit] = field(default_factory=list)  # when nothing passes: the best below the floor
    mode: str = "hybrid"
    filters: Filters = field(default_factory=Filters)
    offset: int = 0
    # False when the candidate pool was cut off while its last candidates still passed: then
    # `total` (and the facets) are a lower bound ("200+"); `k=None` searches a deeper pool.
    complete: bool = True
    # Why each of `closest` is not a result, in the same order (`Shortfall`).
    shortfalls: list["Shortfall"] = field(default_factory=list)
    # Results without a meeting date (the timeline cannot place them): the timeline counts a result
    # at each meeting its copies stand in, so this is not `total` less the timeline's counts.
    undated: int = 0
    # Of `total`, the results that hold every informative word of a Danish query ("skolestruktur"): what a
    # reader can count as mentioning it, the rest being close in meaning only; None where the query has no
    # such words or is not Danish (an English question's words are not the records').
    with_words: int | None = None
    # (paragraphs with their vector, searchable paragraphs) of the generation searched: after a stopped
    # build, meaning-based search covers only the first; the rest are found by their words alone.
    vectors: tuple[int, int] | None = None
    # The topic words of a Danish query the archive never uses, in any form (`vocabulary.unused_topic`):
    # then nothing passes by its meaning alone ("atomkraft").
    unused_words: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index):
        return self.hits[index]

    def __bool__(self) -> bool:
        return bool(self.hits)

    @property
    def suggestions(self) -> list[str]:
        """After "no good match": what to try (codes of SUGGESTIONS); empty when results pass."""
        return [] if self.total else suggestions(self.query, self.filters, self.mode)

    def to_json(self) -> dict:
        """The public JSON of a search (the command line's `search --json` and the API's `/search`;
        fields are only ever added): the page's results, the total, the closest below the floor and
        why, what to try, the page's offset, the mode, whether the total is exact, the facet counts,
        the timeline (results per meeting date and body), whether the query's quotes or AND/OR/NOT
        were searched as words (`operators_ignored`), the words its "-word" left out with the results
        holding them (`excluded`), how many results hold the words (`with_words`), the topic words the
        archive never uses (`unused_words`, where it uses none of them) and how many of the
        searchable paragraphs have their vector (`vectors`: covered of total; fewer while a build still
        embeds: meaning-based search then covers only those)."""
        return {"results": [h.to_json() for h in self.hits], "total": self.total,
                "closest": [h.to_json() for h in self.closest], "closest_why": [s.to_json() for s in self.shortfalls],
                "suggestions": self.suggestions, "offset": self.offset, "mode": self.mode, "complete": self.complete,
                "facets": self.facets.to_json(), "timeline": [row.to_dict() for row in self.timeline],
                "operators_ignored": self.query.operators, "excluded": list(self.query.excluded),
                "with_words": self.with_words, "unused_words": list(self.unused_words),
                "vectors": None if self.vectors is None else {"covered": self.vectors[0], "total": self.vectors[1]}}

    @property
    def has_more(self) -> bool:
        """Whether results follow this page."""
        return self.offset + len(self.hits) < self.total
