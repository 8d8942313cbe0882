"""Words for the lexical side: text in, Danish-stemmed terms out.

The same analysis runs on paragraphs (the stemmed copy that FTS5 indexes) and on
queries, so both sides agree. User text never reaches FTS5 syntax raw: a query
becomes a list of stems, each written as a quoted FTS5 string.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import Stemmer

# Letters and digits; "§" is kept as a word because "§ 85" is how people cite law.
_LETTERS_AND_DIGITS = r"[^\W_]+"
_WORD = re.compile(_LETTERS_AND_DIGITS + "|§", re.UNICODE)

# Prefix matching reaches compounds ("husleje" → "huslejestigninger"), but a short
# stem as prefix matches half the vocabulary, so only stems this long get one.
MIN_PREFIX_STEM = 4

# Enough English function words to tell an English query from a Danish one.
_ENGLISH = frozenset(
    "the of and to in is are was were for on with what how why who when where which "
    "about did does do has have had be been by from this that these those it its "
    "an a or not at as can should would will any all there their they we our you "
    "increase increases rent staff turnover people housing mental health".split()
)
_DANISH = frozenset(
    "og i at det er en et på til med for som af den de der har ikke om var vi kan "
    "skal også fra men så eller hvor hvad hvordan hvem hvorfor når blev bliver "
    "deres vores sig efter over under mellem".split()
)

# Function words (the Snowball Danish stop list and the function words above): each is in
# most paragraphs, so BM25 gives it almost no weight, yet FTS5 still scores every paragraph
# it matches (0.1-0.2 s per such word at 100k paragraphs, ten times that at 1M; see
# benchmarks/RESULTS.md, "Scale"). A query keeps them only when it has no other words.
STOPWORDS = _DANISH | frozenset(
    "jeg han mig min have havde ham hun nu da du ud sin dem os op man hans selv her alle vil kunne ind "
    "være dog noget ville jo ned skulle denne end dette mit dig anden hende mine alt meget sit "
    "sine vor mod disse hvis din nogle hos blive mange ad hendes været thi jer sådan ved "
    # their inflections that the stop list leaves out, whose stems are function words too ("inden" -> "ind")
    "inden inde nede neden blevet mens medens selve sådanne tillige dens dets dennes dettes dine jeres".split()
)


# The words FTS5's unicode61 tokenizer makes of the stemmed copy: runs of letters and
# digits ("§" is a separator to it).
_INDEXED_TERM = re.compile(_LETTERS_AND_DIGITS, re.UNICODE)


# Old Cyrillic letter variants (Unicode 9): newer than FTS5's Unicode 6.1 tables, so not folded.
_UNFOLDED_BY_FTS5 = range(0x1C80, 0x1C89)


@lru_cache(maxsize=1)
def _fts_folding() -> dict[int, str]:
    """The letters FTS5 folds further than `str.lower` ("µ" → "μ", final "ς" → "σ", "ſ" → "s"):
    Unicode case folding where it gives one lower-case character."""
    folding = {}
    for code in range(0x30000):
        folded = chr(code).casefold()
        if (len(folded) == 1 and folded != chr(code).lower() and folded == folded.lower()
                and code not in _UNFOLDED_BY_FTS5):
            folding[code] = folded
    return folding


@lru_cache(maxsize=1)
def _fts_folded_letters() -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(code)) for code in _fts_folding()) + "]")


def fts_form(text: str) -> str:
    """Lower-case `text` as FTS5's tokenizer folds it, so that terms counted or compared
    here are the ones FTS5 indexes and matches."""
    # A search for the few letters concerned: translating every character costs ~6x more.
    return _fts_folded_letters().sub(lambda found: _fts_folding()[ord(found.group())], text)


def indexed_terms(lexical: str) -> set[str]:
    """The distinct terms FTS5 indexes for a paragraph's stemmed copy (`stemmed_text`)."""
    return set(_INDEXED_TERM.findall(fts_form(lexical)))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("danish")


def words(text: str) -> list[str]:
    """Lower-cased words of `text` (NFC), in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def in_records_script(word: str) -> bool:
    """Whether `word` holds a digit 0-9 or a Latin letter, as the records' words do (Danish, English,
    Norwegian): a word of Hebrew, Arabic or Greek letters (or Arabic digits) alone matches none of them."""
    return any("0" <= ch <= "9" or (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")) for ch in word)


def stem_words(found: Sequence[str]) -> list[str]:
    """Danish snowball stems of `found` (lower-cased words), in order; a word that is no function word but
    whose stem is one ("demens" -> "dem", "sommer" -> "som", "diger" -> "dig", "forlig" -> "for") is its own
    stem, so that it is neither left out of a search as a function word nor matched by every "dem"."""
    return [word if stem in STOPWORDS and word not in STOPWORDS else stem
            for word, stem in zip(found, _stemmer().stemWords(list(found)))]


def stems(text: str) -> list[str]:
    """Danish stems of the words of `text`, in order (`stem_words`)."""
    return stem_words(words(text))


# A committee's name: one word ending in "udvalg(et)", or the shortened parts before it, however the minutes spell
# them ("Klima-, Teknik- og", "Klima,- Teknik- og", "Klima-, Teknik og", "Skole, Børne - og", "Børne- og"). Said where a case goes next, it is not the theme the committee is named after.
_COMMITTEE = re.compile(r"\b(?:[^\W\d_]+ ?(?:-,|,-|-|,)\s*){1,5}(?:[^\W\d_]+\s+)?(?:og|&)\s+[^\W\d_]+udvalg(?:et|ets|s|ene|enes)?\b"
                        r"|\b[^\W\d_]+udvalg(?:et|ets|s|ene|enes)?\b", re.I)


def fold_committees(text: str, into: str | None = None) -> str:
    """`text` with each committee's name as one word of its own, "udvalg" and the name's letters ("Klima-, Teknik- og
    Miljøudvalget" -> " udvalgklimateknikogmiljøudvalget "): what the index holds of a paragraph and a query is read as,
    so that the name finds the committee's mentions and none of the themes it is named after ("klima" is no prefix of
    it); `into`: the same text for every name (" ": the name left out)."""
    return _COMMITTEE.sub(lambda m: into if into is not None else
                          f" udvalg{''.join(ch for ch in m.group(0).casefold() if ch.isalpha())} ", text)


def stemmed_text(text: str) -> str:
    """The stemmed copy of a paragraph that the FTS5 table indexes."""
    return " ".join(stems(text))


def function_word_language(query: str) -> str | None:
    """"da" or "en" by Danish letters and function words; None where they do not tell (as many
    English as Danish function words in a query with letters: most keyword queries)."""
    tokens = words(query)
    if any(ch in query.lower() for ch in "æøå") or not any(t.isalpha() for t in tokens):
        return "da"
    english = sum(t in _ENGLISH for t in tokens)
    danish = sum(t in _DANISH for t in tokens)
    return None if english == danish else "en" if english > danish else "da"


def query_language(query: str) -> str:
    """A cheap guess, "da" or "en": Danish letters or Danish function words win ties
    (`bilingual.query_language` also reads a keyword query's words)."""
    return function_word_language(query) or "da"


def fts_query(query: str, *, prefix: bool = True, max_terms: int = 32,
              stopwords: bool = True) -> str | None:
    """An FTS5 MATCH expression for `query` that matches any of its stems.

    Every term is a quoted string ("..."), so quotes, parentheses, AND/OR/NEAR,
    `*` and `-` in the user's text are searched as words, never as syntax.
    With `stopwords`, function words (STOPWORDS) are left out unless the query
    has nothing else. Returns None when the query has no words (only punctuation, empty).
    """
    return match_expression(query_terms(query, prefix=prefix, max_terms=max_terms, stopwords=stopwords))


@dataclass(frozen=True)
class Term:
    """One BM25 term of a query: a stem, matched as a prefix or as a whole word."""

    stem: str
    prefix: bool

    def held_by(self, paragraph_terms: set[str]) -> bool:
        """Whether a paragraph with these FTS5 terms (`indexed_terms`) matches this term, as
        its MATCH would: the stem itself, or for a prefix any term starting with it."""
        stem = fts_form(self.stem)
        return stem in paragraph_terms or (self.prefix and any(term.startswith(stem) for term in paragraph_terms))


def query_terms(query: str, *, prefix: bool = True, max_terms: int = 32,
                stopwords: bool = True) -> list[Term]:
    """The distinct stems of `query` that BM25 searches for (see `fts_query`); a committee's name is one term, as the
    index holds it (`fold_committees`)."""
    found = words(fold_committees(query))
    found_stems = stem_words(found)
    # A function word's inflection ("inden" -> "ind") is one too (`stem_words` keeps other words' own stems).
    content = [s for w, s in zip(found, found_stems) if w not in STOPWORDS and s not in STOPWORDS]
    seen: list[str] = []
    for stem in content if stopwords and content else found_stems:
        if stem not in seen:
            seen.append(stem)
    return [Term(stem, prefix and len(stem) >= MIN_PREFIX_STEM) for stem in seen[:max_terms]]


# English function words and search operators: never evidence that a paragraph matches.
_ENGLISH_FUNCTION = frozenset(
    "the of and to in is are was were for on with what how why who when where which about did does do has "
    "have had be been by from this that these those it its an a or not at as can should would will any all "
    "there their they we our you near i me my he she him her his them us".split()
)


def function_stems(query: str) -> set[str]:
    """The stems of `query`'s function words (Danish STOPWORDS, by word or by stem, and English
    function words and operators: "og", "eller", "the", "NOT")."""
    found = words(query)
    return {s for w, s in zip(found, stem_words(found))
            if w in STOPWORDS or s in STOPWORDS or w in _ENGLISH_FUNCTION}


def match_expression(terms: list[Term], *, every: bool = False) -> str | None:
    """An FTS5 MATCH expression for any of `terms` (`every`: for all of them), each quoted; None when
    there are none."""
    if not terms:
        return None
    return (" AND " if every else " OR ").join('"' + t.stem.replace('"', '""') + '"' + ("*" if t.prefix else "")
                                             for t in terms)


def highlight_stems(query: str) -> set[str]:
    """The stems whose words are marked in results: function words and one-letter words
    ("i", "på", "p") left out, since marking them marks half of every paragraph."""
    found = words(query)
    return {stem for word, stem in zip(found, stem_words(found))
            if len(word) > 1 and len(stem) > 1 and word not in STOPWORDS and stem not in STOPWORDS}


def matching_words(text: str, query_stems: str | Iterable[str], *, prefix: bool = True) -> list[str]:
    """The distinct words of `text` that match one of `query_stems` (for highlighting).

    `query_stems` are the stems of an analysed query (`query.Query.highlight_stems`); a plain
    string is analysed here first, for one-off use.
    """
    stems_ = highlight_stems(query_stems) if isinstance(query_stems, str) else set(query_stems)
    if not stems_:
        return []
    # One prefix test per word (str.startswith takes a tuple) and one stemmer call per text:
    # this runs for every hit shown, so it is on the query path.
    prefixes = tuple(q for q in stems_ if len(q) >= MIN_PREFIX_STEM) if prefix else ()
    # a committee's name holds no word of the theme it is named after, as the index holds it (`fold_committees`)
    tokens = _WORD.findall(unicodedata.normalize("NFC", fold_committees(text, " ")))
    found: dict[str, None] = {}
    for word, stem in zip(tokens, stem_words([token.lower() for token in tokens])):
        if len(word) < 2:
            continue
        if stem in stems_ or (prefixes and stem.startswith(prefixes)):
            found[word] = None
    return list(found)
