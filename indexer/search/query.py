"""A query analysed once: the user's text in; a `Query` (clean text, language, BM25 terms,
highlight stems, and the query vector, embedded on first use) out. `Filters` says which
paragraphs may be returned.

The dense side, the lexical side and highlighting all take the same `Query`, so the text
is cleaned, stemmed and embedded once per search, not once per hit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

import numpy as np

from indexer.text import bilingual
from indexer.text import terms

MAX_QUERY_CHARS = 2000
# Said where a query with nothing to search is refused (the command line, the API); the app shows its start page.
EMPTY_QUERY = "the query is empty; give words to search for"


def clean_query(query: str) -> str:
    """The query as searched: control characters dropped, whitespace collapsed, length capped."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(query))
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def translation_terms(text: str, *, prefix: bool = True) -> tuple[tuple[terms.Term, ...], ...]:
    """The Danish BM25 terms of an English `text`, one group per English word the machine's
    dictionary knows (none without a dictionary)."""
    found = bilingual.dictionary()
    if found is None:
        return ()
    return tuple(tuple(terms.Term(stem, prefix and len(stem) >= terms.MIN_PREFIX_STEM) for stem in danish)
                 for _, danish in found.translate(text))


def glossed_terms(text: str, *, prefix: bool = True) -> tuple[tuple[terms.Term, ...], ...]:
    """The glossary's Danish BM25 terms of an English `text`, one group per English word or phrase,
    when the glossary translates every content word of it (`bilingual.glossary`); else none."""
    found = bilingual.glossary().translate_all(text) or []
    return tuple(tuple(terms.Term(stem, prefix and len(stem) >= terms.MIN_PREFIX_STEM) for stem in danish)
                 for _, danish in found)


# Search operators the archive does not have: written, they are words like any other ("NOT" a function word).
OPERATORS = ("AND", "OR", "NOT")
# A minus before a word, at the query's start or after a space ("husleje -rente"), not a hyphen inside
# or after one ("Klima-, Teknik- og Miljøudvalget"): the word is left out of the search and so are the
# results holding it (`Query.exclusions`).
_EXCLUDED = re.compile(r"(?<!\S)-(?=\w)(\S*)")
_DASHED = re.compile(r"(?<!\S)-(?=\w)")
_AROUND = re.compile(r"^\W+|\W+$")


def written_with_operators(text: str) -> bool:
    """Whether `text` is written with search operators the archive does not have: quotes, AND / OR / NOT."""
    return '"' in text or any(word in OPERATORS for word in text.split())


def excluded_words(text: str) -> tuple[str, ...]:
    """What `text` writes with a minus before it ("husleje -rente": rente; "-covid-19." covid-19), as
    written, without the punctuation around it."""
    found = (_AROUND.sub("", token) for token in _EXCLUDED.findall(text.replace('"', " ")))
    return tuple(dict.fromkeys(word for word in found if word))


def as_words(text: str, *, exclude: bool = True) -> str:
    """`text` searched as its words, as the reader is told: quotes and AND / OR / NOT left out
    ("husleje AND rente" and "husleje NOT rente" are searched as "husleje rente", not read as English
    by its "NOT"), and with `exclude` a word with a minus before it ("husleje -rente" as "husleje"; a
    query of such words alone has nothing to search for: ""); without it (a record's text, not a
    reader's query) the word stays and its minus goes. A query of operators alone stays as it is (it
    has no good match: `Query.has_content`)."""
    unquoted = text.replace('"', " ")
    found = (_EXCLUDED.sub(" ", unquoted) if exclude else _DASHED.sub("", unquoted)).split()
    return " ".join(word for word in found if word not in OPERATORS) or " ".join(found)


def exclusion_terms(words: tuple[str, ...], language: str, *,
                    prefix: bool = True) -> tuple[tuple[terms.Term, ...], ...]:
    """The BM25 terms of excluded `words`, one group per word as written (a paragraph holding every term
    of a group is left out: "-covid-19" leaves out what holds both covid and 19), matched as the lexical
    side matches (stems, and prefixes of MIN_PREFIX_STEM letters: "-ukraine" leaves out "ukrainske");
    for an English query also each Danish word the glossary gives for them ("-refugees": flygtninge),
    as the records are in Danish."""
    groups = [tuple(terms.query_terms(word, prefix=prefix)) for word in words]
    if language == "en":
        groups += [(terms.Term(stem, prefix and len(stem) >= terms.MIN_PREFIX_STEM),)
                   for _, danish in bilingual.glossary().translate(" ".join(words)) for stem in danish]
    return tuple(dict.fromkeys(group for group in groups if group))


def false_friend_terms(text: str) -> tuple[tuple[tuple[terms.Term, ...], tuple[terms.Term, ...]], ...]:
    """Per word of an English `text` that a Danish word looks like but does not mean
    (`bilingual.false_friends`): its look-alikes and its meanings as BM25 terms (prefixes)."""
    def as_terms(stems: tuple[str, ...]) -> tuple[terms.Term, ...]:
        return tuple(terms.Term(stem, len(stem) >= terms.MIN_PREFIX_STEM) for stem in stems)

    return tuple((as_terms(look_alikes), as_terms(meanings))
                 for look_alikes, meanings in bilingual.false_friends(text) if meanings)


@dataclass(frozen=True)
class Query:
    """One search request's text, analysed once.

    >>> q = Query.analyse("Huslejestigninger på bostederne")
    >>> q.language, [t.stem for t in q.terms], sorted(q.highlight_stems)
    ('da', ['huslejestigning', 'bosted'], ['bosted', 'huslejestigning'])
    """

    text: str  # cleaned (see clean_query)
    language: str  # "da" or "en"
    terms: tuple[terms.Term, ...]  # what BM25 searches for
    highlight_stems: frozenset[str]  # stems whose words are marked in results
    prefix: bool = True  # stems of MIN_PREFIX_STEM letters or more also match as prefixes
    # An English query's Danish translations (`bilingual`), one group per English word: a second
    # lexical query, fused below the first (`rank.EXPANSION_WEIGHT`). Empty for Danish queries.
    translations: tuple[tuple[terms.Term, ...], ...] = ()
    # An English query's words as the glossary translates them, when it knows every one: a paragraph
    # holding a term of each group passes the floor by its words (`rank.passes`).
    glossed: tuple[tuple[terms.Term, ...], ...] = ()
    # Stems of `terms` that stand for function words ("og", "the", "eller" → "ell"): kept for
    # BM25 when the query has nothing else, never evidence of a match (`rank.informative`).
    function_stems: frozenset[str] = frozenset()
    # An English query's words that Danish words look like but do not mean ("rent": rente): per word,
    # its look-alikes and its meanings; a paragraph holding a look-alike and no meaning passes by no
    # vector (`rank.passes`).
    false_friends: tuple[tuple[tuple[terms.Term, ...], tuple[terms.Term, ...]], ...] = ()
    # Written with search operators it does not have (quotes, AND / OR / NOT): its words are searched
    # for as if they were not there (`as_words`), and the reader is told.
    operators: bool = False
    # The words written with a minus before them ("husleje -rente": rente): not searched for, and the
    # results holding them left out (`exclusions`, `excludes`).
    excluded: tuple[str, ...] = ()
    exclusions: tuple[tuple[terms.Term, ...], ...] = ()
    embed: Callable[[str], np.ndarray] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def analyse(cls, text: str, *, embed: Callable[[str], np.ndarray] | None = None,
                prefix: bool = True, exclude: bool = True, language: str | None = None) -> "Query":
        """Clean `text` and derive everything searching needs from it, except the vector,
        which `embed` makes on first use of `vector`. `exclude`: a minus before a word leaves it and
        the results holding it out (a reader's query); False for a record's text searched as written.
        `language`: "da" or "en" where it is known (a question's matter is in the question's language),
        else told from `text`."""
        typed = clean_query(text)
        clean = as_words(typed, exclude=exclude)
        language = language or bilingual.query_language(clean)
        excluded = excluded_words(typed) if exclude else ()
        glossed = glossed_terms(clean, prefix=prefix) if language == "en" else ()
        marked = set(terms.highlight_stems(clean))
        if language == "en":
            # An English word a dictionary translates matches Danish text only by accident ("rent" marks
            # "Renter", interest): its Danish words from the glossary are marked instead, which say why
            # a Danish paragraph is a result. A word no dictionary knows (a name) stays marked.
            marked -= {stem for word in bilingual.translated_words(clean) + bilingual.function_words(clean)
                       for stem in terms.highlight_stems(word)}
            marked |= {stem for _, danish in bilingual.glossary().translate(clean) for stem in danish}
        return cls(text=clean, language=language, terms=tuple(terms.query_terms(clean, prefix=prefix)),
                   highlight_stems=frozenset(marked), prefix=prefix,
                   translations=translation_terms(clean, prefix=prefix) if language == "en" else (),
                   glossed=glossed, function_stems=frozenset(terms.function_stems(clean)),
                   false_friends=false_friend_terms(clean) if language == "en" else (),
                   operators=written_with_operators(typed), excluded=excluded,
                   exclusions=exclusion_terms(excluded, language, prefix=prefix), embed=embed)

    def __bool__(self) -> bool:
        """Whether there is anything to search for: a query of only punctuation or symbols has not."""
        return any(ch.isalnum() for ch in self.text)

    @property
    def has_content(self) -> bool:
        """Whether the query holds a word that is not a function word ("the of and", "og i at" hold
        none) in the records' script (Latin letters or digits: "בית ספר" holds none): without one,
        nothing can answer it, however close its vector comes to a paragraph."""
        return any(t.stem not in self.function_stems and terms.in_records_script(t.stem) for t in self.terms)

    @property
    def content_words(self) -> int:
        """How many different words of the query are not function words: a result "holding the search words"
        holds every one of them, which a reader must not take for any one."""
        return len({t.stem for t in self.terms if t.stem not in self.function_stems})

    @property
    def only_excluded(self) -> bool:
        """Whether the query only leaves words out ("-husleje"): nothing to search for."""
        return bool(self.excluded) and not self

    def excludes(self, paragraph_terms: set[str]) -> bool:
        """Whether a paragraph with these FTS5 terms (`terms.indexed_terms`) holds an excluded word."""
        return any(all(t.held_by(paragraph_terms) for t in group) for group in self.exclusions)

    @cached_property
    def vector(self) -> np.ndarray:
        """The query's unit vector (embedded once, on first use)."""
        if self.embed is None:
            raise ValueError("this query was analysed without an embedder; it has no vector")
        vector = np.asarray(self.embed(self.text), dtype=np.float32)
        vector.setflags(write=False)  # shared by every use of this query
        return vector

    def matching_words(self, text: str) -> list[str]:
        """The distinct words of `text` to mark as matches of this query."""
        return terms.matching_words(text, self.highlight_stems, prefix=self.prefix)


# The words of a question about what was decided ("Hvad besluttede Byrådet om …", "what did the
# council decide on …"): the decisions themselves answer it better than the case texts around them.
# Word forms, not stems: "beslutningsforslag" is a bill, a matter, not a question about a decision.
# Who voted how is told with the decision ("Hvem stemte imod budget 2024-27?").
_VOTE_WORDS = frozenset("stemte stemt stemmer afstemning afstemningen voted vote votes voting".split())
_DECISION_WORDS = frozenset(
    "besluttede besluttet beslutte besluttes beslutning beslutningen beslutninger beslutningerne vedtog vedtaget "
    "vedtage vedtages afgjorde afgjort decide decided decides decision decisions resolved".split()) | _VOTE_WORDS


# The words that make it a question, not its matter, the bodies any decision is taken by, and the words that
# lead to the matter ("om", "about": English ones are no stopwords of the Danish records).
_QUESTION_WORDS = frozenset("hvad hvilke hvilken hvornår hvordan hvorfor hvem blev har havde what which when how why "
                            "who did go went imod against "
                            "does do was were has have udvalget byrådet kommunalbestyrelsen council committee the "
                            "om vedrørende angående about on regarding concerning".split())


def asks_for_decisions(text: str) -> bool:
    """Whether a query asks what was decided (a word of `_DECISION_WORDS`)."""
    return any(word in _DECISION_WORDS for word in re.findall(r"[^\W\d_]+", text.casefold()))


def asks_about_votes(text: str) -> bool:
    """Whether a query asks who voted how (a word of `_VOTE_WORDS`): the decisions with votes answer it."""
    return any(word in _VOTE_WORDS for word in re.findall(r"[^\W\d_]+", text.casefold()))


def question_language(text: str) -> str:
    """The language a question is asked in, "da" or "en", as a search reads it."""
    return bilingual.query_language(as_words(clean_query(text)))


def decision_matter(text: str) -> str:
    """What a question about a decision asks about: its words without those asking and the body that
    decided ("Hvad besluttede Byrådet om Lunas Ark?" → "Lunas Ark"), for finding the decisions by
    their matter."""
    said = text.replace("?", " ").split()
    folded = [word.casefold().strip(".,:;!") for word in said]
    naming = set()  # the words naming a committee in English ("the Finance Committee"): who, not what
    for at in (n for n, word in enumerate(folded) if word == "committee"):
        while at > 0 and (folded[at - 1] in _COMMITTEE_WORDS or folded[at - 1] in ("and", "&")):
            at -= 1
            naming.add(at)
    kept = [word for n, (word, key) in enumerate(zip(said, folded))
            if key not in _DECISION_WORDS | _QUESTION_WORDS and n not in naming]
    return " ".join(kept) or text


# A council named by its common name ("Byrådet om …", "the council"), its body by its own name in the
# records ("Byråd 2022-2025", "Kommunalbestyrelsen").
_COUNCIL_WORDS = frozenset("byrådet byråd byrådets kommunalbestyrelsen borgerrepræsentationen council".split())
_COUNCIL_BODIES = ("byråd", "kommunalbestyrelse", "borgerrepræsentation")


# A committee named in English by what it is for ("the Finance Committee", "the social and disability committee"):
# the words before "committee" and the part of a Danish committee's name each stands for.
_COMMITTEE_WORDS = {
    "finance": "økonomi", "financial": "økonomi", "economic": "økonomi", "economy": "økonomi", "executive": "økonomi",
    "social": "social", "disability": "handicap", "disabilities": "handicap", "health": "sundhed", "care": "omsorg",
    "elderly": "omsorg", "culture": "kultur", "cultural": "kultur", "leisure": "fritid", "sports": "fritid",
    "climate": "klima", "technical": "teknik", "technology": "teknik", "environment": "miljø",
    "environmental": "miljø", "planning": "plan", "safety": "tryghed", "security": "tryghed",
    "employment": "beskæftigelse", "business": "erhverv", "school": "skole", "schools": "skole",
    "education": "skole", "children": "børne", "child": "børne", "youth": "unge", "young": "unge"}
_ENGLISH_COMMITTEE = re.compile(r"((?:[a-z]+,?\s+){1,6})committee\b")


def bodies_named(text: str, bodies: Iterable[str]) -> tuple[str, ...]:
    """The bodies of `bodies` a query names: by their name as the records write it ("Økonomiudvalget"),
    the council by its common name ("Byrådet" → "Byråd 2022-2025"), or a committee by what it is for in
    English ("the Finance Committee" → "Økonomiudvalget": the committees whose names hold most of the parts
    its words stand for)."""
    folded = text.casefold()
    words = set(re.findall(r"[^\W\d_]+", folded))
    council = bool(words & _COUNCIL_WORDS)
    bodies = list(bodies)
    named = [body for body in bodies
             if body.casefold() in folded or (council and body.casefold().startswith(_COUNCIL_BODIES))]
    for phrase in _ENGLISH_COMMITTEE.finditer(folded):
        parts = {_COMMITTEE_WORDS[w] for w in re.findall(r"[a-z]+", phrase[1]) if w in _COMMITTEE_WORDS}
        held = {body: sum(part in body.casefold() for part in parts) for body in bodies
                if "udvalg" in body.casefold()}
        most = max(held.values(), default=0)
        named += [body for body, n in held.items() if most and n == most and body not in named]
    return tuple(named)
