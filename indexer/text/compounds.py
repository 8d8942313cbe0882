"""Danish compounds split against the index's own vocabulary: a query word and a function that
counts the paragraphs holding a stem in; the word's two parts (stems) out, when they explain it
better than the word itself.

A question may say "spørgeundersøgelse" or "undervisningsudvalget" where the minutes say
"undersøgelse" and "udvalg" apart, or use another compound of the same parts. The split is
the one whose parts' paragraph counts have the highest geometric mean (Koehn and Knight's
frequency rule), taken only when that mean exceeds the whole word's own count, so a word the
archive uses as it is stays whole. A linking -s- or -e- ("undervisning-s-udvalg") may stand
between the parts. Both parts must be at least MIN_PART letters long as stems and not function
words, so that "virksomhed" is not read as "virk" + "som".
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from indexer.text import terms

MIN_PART = 4  # letters of each part's stem
MIN_WORD = 8  # shorter words are left whole
LINKING = "se"  # letters that may join two parts ("arbejd-s-plads", "børn-e-have")


@dataclass(frozen=True)
class Split:
    """A compound word and the stems of its two parts."""

    word: str
    head: str
    tail: str


def split(word: str, count: Callable[[str], int]) -> Split | None:
    """`word` (lower-case) as two known stems, or None. `count(stem)` is how many paragraphs
    hold `stem` as a whole term."""
    if len(word) < MIN_WORD or not word.isalpha():
        return None
    whole = count(terms.stems(word)[0])
    best: tuple[float, str, str] | None = None
    for at in range(MIN_PART, len(word) - MIN_PART + 1):
        tail = terms.stems(word[at:])[0]
        if len(tail) < MIN_PART or tail in terms.STOPWORDS:
            continue
        heads = {word[:at]} | ({word[:at - 1]} if word[at - 1] in LINKING else set())
        for head_word in heads:
            head = terms.stems(head_word)[0]
            if len(head) < MIN_PART or head in terms.STOPWORDS:
                continue
            found = count(head), count(tail)
            if not all(found):
                continue
            score = math.sqrt(found[0] * found[1])
            if score > whole and (best is None or score > best[0]):
                best = (score, head, tail)
    return Split(word, best[1], best[2]) if best else None


def split_query(text: str, count: Callable[[str], int]) -> list[Split]:
    """The compounds among the distinct content words of `text`, split (see `split`)."""
    out: list[Split] = []
    for word in dict.fromkeys(terms.words(text)):
        if word in terms.STOPWORDS:
            continue
        found = split(word, count)
        if found is not None:
            out.append(found)
    return out


def part_groups(text: str, count: Callable[[str], int]) -> tuple[tuple[terms.Term, ...], ...]:
    """The parts of the compounds of `text` as BM25 terms, one group per part (each matched as a
    prefix: "udvalg" → "udvalget", "udvalgsformand")."""
    return tuple((terms.Term(stem, True),) for found in split_query(text, count) for stem in (found.head, found.tail))
