"""What a query asks about that the archive never mentions: a query and the index's vocabulary (how many
paragraphs hold a term, the terms spelled alike, whether two terms meet in a paragraph) in; the topic words
the archive never uses out, where it uses none of them.

Meaning alone finds something close to any question: on Greve's meetings "Hvad besluttede byrådet om
atomkraft?" had 213 "good results" about energy and local plans, and "kernekraftværk" put the kindergarten
Kernehuset first. Where the records never use a word of what a Danish query asks about, in any form, then
nothing in them is about it, and the search says "no good match" (`retrieve`). A word counts as used:
  * by any word of the archive it begins (its stem as a prefix: "huslejestigning" → "huslejestigningerne");
  * by a word spelled nearly like it (a typing slip: "huslejestigniger");
  * as a compound whose two parts stand together in some paragraph ("skolelukning": "skole" and "lukning");
  * an English word the dictionary or glossary translates, in a query read as Danish ("og i at det som er
    housing"): its Danish words may well be used, and which is not told here.
On the tuning questions (Greve's, the sample's) no Danish question has all its topic words unused, while 17
of the 54 Danish tuning probes (random letters, off-topic questions, code) do.

An English query asks about what the records never mention where none of its topic words is used as written
or by a Danish word the glossary or dictionary gives for it, a phrase of the glossary by its own words ("nuclear
power" is atomkraft, not magt): "What did the council decide about nuclear power?" had 111 "good results" on
Greve's meetings of 2022–2023. An English word neither knows tells nothing ("lifeguards" may be livreddere): such a
query is searched as before.

Only in an archive of MIN_PARAGRAPHS or more: a small one uses few words, and what it never says is no sign it
holds nothing on a question (on the five social-psychiatry minutes alone, 192 paragraphs, a held-out Danish
question was answered "no good match" this way, held-out scoring 38; that set is tuning for this rule since).
"""
from __future__ import annotations

import difflib

from indexer.search.query import Query, asks_for_decisions, decision_matter
from indexer.store import Store
from indexer.text import bilingual, compounds, terms

MIN_PARAGRAPHS = 1000  # a few dozen meetings' minutes
# A word spelled nearly like an archive's word: this similarity (difflib's ratio) or more, the same first
# letters and a length at most this far apart.
SPELLED_ALIKE = 0.85
LENGTH_APART = 2
SAME_START = 3


def topic_words(query: Query) -> list[str]:
    """The words of what `query` asks about: its content words, without the words asking what was decided
    and by whom ("Hvad besluttede byrådet om atomkraft?" → ["atomkraft"]; an English query's function words)."""
    text = decision_matter(query.text) if asks_for_decisions(query.text) else query.text
    return [word for word in dict.fromkeys(terms.words(text))
            if word.isalpha() and word not in terms.STOPWORDS
            and not (query.language == "en" and word in bilingual.ENGLISH_FUNCTION_WORDS)
            and len(stem := terms.stems(word)[0]) >= 3 and stem not in query.function_stems]


def unused_topic(query: Query, store: Store, paragraphs: int) -> tuple[str, ...]:
    """The topic words of a query (`topic_words`) where the archive, of `paragraphs` paragraphs, uses none of them
    (a Danish word in any form, an English one as written or by its Danish words); () where it uses one or the
    archive is smaller than MIN_PARAGRAPHS."""
    words = topic_words(query) if paragraphs >= MIN_PARAGRAPHS else []
    if query.language == "en":
        # a word neither the glossary nor the dictionary knows may be said in Danish in any way: no sign
        used = any(not danish or all(_written(word, store) for word in english)
                   or any(_written(stem, store) for stem in danish) for english, danish in english_topics(words))
    else:
        used = any(_used(word, store) for word in words)
    return () if not words or used else tuple(words)


def english_topics(words: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """English topic words as the glossary and dictionary read them, each (its words, the Danish stems they give):
    a phrase of the glossary as one ("nuclear power": atomkraft, kernekraft; not magt for "power"), the other
    words each with the stems of both (none where neither knows it: "lifeguards")."""
    glossary, dictionary = bilingual.glossary(), bilingual.dictionary()
    known = [glossary] + ([dictionary] if dictionary is not None else [])
    phrases = [(tuple(terms.words(english)), danish)
               for english, danish in glossary.translate(" ".join(words)) if " " in english]
    in_phrase = {word for english, _ in phrases for word in english}
    return phrases + [((word,), tuple(stem for d in known for stem in d.danish(word)))
                      for word in words if word not in in_phrase]


def _used(word: str, store: Store) -> bool:
    return bool(bilingual.translated_words(word)) or _written(word, store)


def _written(word: str, store: Store) -> bool:
    """Whether the archive holds `word` in some form: a word it begins, one spelled nearly like it, its compound's
    parts in one paragraph."""
    stem = terms.stems(word)[0]
    if store.term_document_count(stem, True):
        return True
    folded = terms.fts_form(stem)
    if any(abs(len(term) - len(folded)) <= LENGTH_APART
           and difflib.SequenceMatcher(None, term, folded).ratio() >= SPELLED_ALIKE
           for term in store.terms_beginning(folded[:SAME_START])):
        return True
    parts = compounds.split(word, lambda part: store.term_document_count(part, False))
    return parts is not None and store.fts_count(terms.match_expression(
        [terms.Term(parts.head, True), terms.Term(parts.tail, True)], every=True), 1) > 0
