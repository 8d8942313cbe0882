"""English words to Danish search terms: Debian's FreeDict dictionaries in; a lookup from an
English word to the Danish BM25 terms that translate it out.

An English question gets no help from BM25 over Danish text (its own words match Danish ones
only by accident), so its content words are looked up here and their Danish translations
searched as a second lexical query, fused below the dense side (`rank.EXPANSION_WEIGHT`).

Source: the dictd files of `dict-freedict-eng-dan` (English → Danish) and
`dict-freedict-dan-eng` (Danish → English, read backwards), installed by `scripts/setup.sh`
with apt. They are GPL-3 / CC-BY-SA data, so the project does not ship them or anything
derived from them: the lookup is derived on first use on each machine and kept as a compact
JSON file in the per-user cache (`config.model_cache_dir()`). Without the Debian files there
is no translation (English questions are then answered by the dense side alone), and a
one-line note says so once.

The project's own glossary of municipal words (`glossary.tsv`, phrases first: "rent increases" →
huslejestigning) is sure where the general dictionary is not (a few hundred English headwords,
often in another sense: "increase" → tiltag, "care" → sorg): a paragraph holding its translation
of every word of an English question passes the relevance floor (`rank.passes`), as a Danish
paragraph holding every word of a Danish question does.
"""
from __future__ import annotations

import gzip
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer

from indexer.text import terms
from indexer.config import model_cache_dir

log = logging.getLogger(__name__)

DICTD_DIR = Path("/usr/share/dictd")
SOURCES = ("freedict-eng-dan", "freedict-dan-eng")  # the first is read forwards, the second backwards
CACHE_NAME = "freedict-en-da.json"
# Municipal words the general dictionary lacks or translates in another sense (shipped with the project).
GLOSSARY = Path(__file__).with_name("glossary.tsv")
FORMAT = 1
# An English word with many senses ("take": acceptere, gribe, modtage …) brings more noise than
# answers: only this many of its translations are searched (in dictionary order).
MAX_TRANSLATIONS = 4

# English function words and question fillers: never looked up.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in is are was were for on with what how why who whom whose when where which about did does do "
    "has have had be been being by from this that these those it its an a or not at as can could should would will "
    "shall may might must any all there their they them we our us you your i my me he she his her much many get "
    "got gets also into than then so if some someone something very more most still just only over under up "
    "out off after before since again other another such each per".split())

_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_NOTE = re.compile(r"\[[^\]]*\]|\([^)]*\)")  # usage notes and examples, not translations
_SEPARATORS = re.compile(r"[,;]")


@lru_cache(maxsize=1)
def _english() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def english_key(word: str) -> str:
    """How an English word is looked up: lower-cased, Snowball-stemmed ("increases" → "increas")."""
    return _english().stemWord(word.lower())


def _number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _BASE64.index(ch)
    return value


def read_dictd(index: Path, data: Path) -> Iterator[tuple[str, list[str]]]:
    """(headword, translations) of a dictd dictionary (`.index` and gzip/dictzip `.dict.dz`).

    Translations are the entry's lines after the headword line, split at commas and
    semicolons, with bracketed notes and examples left out."""
    body = gzip.decompress(data.read_bytes())
    for line in index.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00"):  # 00database…: the dictionary's own info
            continue
        head, offset, length = parts
        start = _number(offset)
        entry = body[start:start + _number(length)].decode("utf-8", errors="replace").split("\n")
        found = [t.strip() for t in _SEPARATORS.split(_NOTE.sub(" ", " ".join(entry[1:]))) if t.strip()]
        if found:
            yield head, found


def _skipped(word: str) -> bool:
    """A word never looked up: an English function word, a number, a word of one or two letters."""
    return word in ENGLISH_FUNCTION_WORDS or len(word) < 3 or word.isdigit()


def build_table(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """English key → distinct Danish stems, from (English word, Danish word) pairs.

    Only one-word entries on both sides are kept ("koble fra", "ape population" are not
    terms), Danish function words are dropped, and each key keeps at most MAX_TRANSLATIONS."""
    table: dict[str, list[str]] = {}
    for english, danish in pairs:
        english_words, danish_words = terms.words(english), terms.words(danish)
        if len(english_words) != 1 or len(danish_words) != 1:
            continue
        word = english_words[0]
        if _skipped(word):
            continue
        stem = terms.stems(danish_words[0])[0]
        if danish_words[0] in terms.STOPWORDS or stem in terms.STOPWORDS or len(stem) < 3:
            continue
        found = table.setdefault(english_key(word), [])
        if stem not in found and len(found) < MAX_TRANSLATIONS:
            found.append(stem)
    return table


def table_from_dictd(directory: Path = DICTD_DIR) -> dict[str, list[str]] | None:
    """The lookup derived from the FreeDict files in `directory`; None when neither is there."""
    pairs: list[tuple[str, str]] = []
    found = False
    for n, name in enumerate(SOURCES):
        index, data = directory / f"{name}.index", directory / f"{name}.dict.dz"
        if not (index.is_file() and data.is_file()):
            continue
        found = True
        for head, translations in read_dictd(index, data):
            # eng-dan: head is English; dan-eng: head is Danish and the translations English.
            pairs.extend((head, t) if n == 0 else (t, head) for t in translations)
    return build_table(pairs) if found else None


def _signature(directory: Path) -> list:
    """What the cached lookup was derived from (file names, sizes, times), to notice an upgrade."""
    out = []
    for name in SOURCES:
        for suffix in (".index", ".dict.dz"):
            path = directory / f"{name}{suffix}"
            if path.is_file():
                stat = path.stat()
                out.append([path.name, stat.st_size, int(stat.st_mtime)])
    return out


def load_table(directory: Path = DICTD_DIR, cache_dir: Path | None = None) -> dict[str, list[str]] | None:
    """The lookup, from the per-user cache when it was derived from the same files, else derived
    now (and cached); None without the Debian files."""
    signature = _signature(directory)
    if not signature:
        return None
    cache = (cache_dir or model_cache_dir()) / CACHE_NAME
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("format") == FORMAT and cached.get("sources") == signature:
            return dict(cached["table"])
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass  # absent or unreadable: derive it again
    try:
        table = table_from_dictd(directory)
    except (OSError, ValueError, EOFError, UnicodeDecodeError) as exc:  # a damaged package file
        log.warning("the dictionary files in %s cannot be read (%s): English questions use the dense "
                    "side only; reinstall dict-freedict-eng-dan dict-freedict-dan-eng", directory, exc)
        return None
    if table is None:
        return None
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"format": FORMAT, "sources": signature, "table": table},
                                  ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache only costs the derivation next time
    finally:
        tmp.unlink(missing_ok=True)
    return table


def read_glossary(path: Path = GLOSSARY) -> dict[str, list[str]]:
    """The project's own glossary (`glossary.tsv`): English key (a phrase's words each stemmed,
    joined by a space) → the Danish stems of its translations."""
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, danish = line.split("\t")
        key = " ".join(english_key(word) for word in terms.words(english))
        found = table.setdefault(key, [])
        for word in danish.split(","):
            stem = terms.stems(word)[0]
            if stem not in found and len(stem) >= 3 and stem not in terms.STOPWORDS:
                found.append(stem)
        del found[MAX_TRANSLATIONS:]
    return table


@dataclass(frozen=True)
class Dictionary:
    """English key → Danish stems (see `build_table`, `read_glossary`); a key of two or three
    stemmed words is a phrase."""

    table: dict[str, list[str]]

    def danish(self, word: str) -> list[str]:
        """The Danish stems of one English word (by its stem, else as written); empty when unknown."""
        return self.table.get(english_key(word)) or self.table.get(word) or []

    def translate_all(self, query: str) -> list[tuple[str, tuple[str, ...]]] | None:
        """`translate`, when it translates every distinct content word of `query` (not function
        words, numbers, words of one or two letters); else None. None for a query of none."""
        found = self.translate(query)
        wanted = {english_key(word) for word in terms.words(query) if not _skipped(word)}
        covered = {english_key(word) for english, _ in found for word in terms.words(english)}
        return found if wanted and wanted <= covered else None

    def translate(self, query: str) -> list[tuple[str, tuple[str, ...]]]:
        """Each distinct English content word or known phrase of `query` that the dictionary
        knows, with its Danish stems, in query order ("rent increases" is one phrase:
        huslejestigning; "waiting list" is venteliste, not betjening and list)."""
        out: list[tuple[str, tuple[str, ...]]] = []
        seen: set[str] = set()
        found = terms.words(query)
        keys = [english_key(word) for word in found]
        at = 0
        while at < len(found):
            phrase = next(((n, " ".join(keys[at:at + n])) for n in (3, 2)
                           if at + n <= len(found) and " ".join(keys[at:at + n]) in self.table), None)
            if phrase is not None:
                n, key = phrase
                if key not in seen:
                    seen.add(key)
                    out.append((" ".join(found[at:at + n]), tuple(self.table[key])))
                at += n
                continue
            word, key = found[at], keys[at]
            at += 1
            if _skipped(word) or key in seen:
                continue
            seen.add(key)
            danish = self.danish(word)
            if danish:
                out.append((word, tuple(danish)))
        return out


# A keyword query (no function words to tell by: "nursing homes", "klimatilpasning") is English when
# its letters read as English to lingua's Danish and English models at least this surely and a word
# of it is in the dictionary: a name or a word both languages share ("budget", "Lunas Ark", "status")
# is Danish in a Danish archive, and so is a made-up word ("flibbertigibbet", "xyzzyqwerty").
ENGLISH_CONFIDENCE = 0.6


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DANISH, Language.ENGLISH).build()


def query_language(query: str) -> str:
    """"da" or "en": by Danish letters and function words (`terms.function_word_language`), a
    keyword query by its words (`ENGLISH_CONFIDENCE`; a word of the dictionary or the glossary)."""
    found = terms.function_word_language(query)
    if found is not None:
        return found
    if any(" " in english for english, _ in glossary().translate(query)):
        return "en"  # a phrase of the glossary ("sports centre", "wind farm") is English whatever its letters
    known = [d for d in (dictionary(), glossary()) if d is not None]
    if not any(d.danish(word) for d in known for word in terms.words(query)):
        return "da"
    from lingua import Language

    return "en" if _detector().compute_language_confidence(query, Language.ENGLISH) >= ENGLISH_CONFIDENCE else "da"


@lru_cache(maxsize=1)
def dictionary() -> Dictionary | None:
    """The machine's English→Danish dictionary, loaded once; None (with a one-line note) without it."""
    table = load_table()  # None, never an exception: a failure is remembered, not retried per query
    if table is None:
        if not _signature(DICTD_DIR):  # damaged files were named by load_table already
            log.warning("no English-Danish dictionary in %s (apt-get install dict-freedict-eng-dan "
                        "dict-freedict-dan-eng): English questions use the dense side only", DICTD_DIR)
        return None
    return Dictionary(table)


def function_words(query: str) -> list[str]:
    """The English function words of `query` ("what", "did", "about")."""
    return [word for word in terms.words(query) if word in ENGLISH_FUNCTION_WORDS]


def translated_words(query: str) -> list[str]:
    """The words of `query` the dictionary or the glossary translates (alone or in a phrase)."""
    known = [d for d in (dictionary(), glossary()) if d is not None]
    return [word for d in known for english, _ in d.translate(query) for word in terms.words(english)]


FALSE_FRIENDS = Path(__file__).with_name("false_friends.tsv")


def _danish_stems(words: str) -> tuple[str, ...]:
    """The content stems of comma-separated Danish words ("husleje, til sidst" → huslej, sidst)."""
    return tuple(dict.fromkeys(stem for phrase in words.split(",") for word in terms.words(phrase)
                               for stem in terms.stems(word) if stem not in terms.STOPWORDS))


@lru_cache(maxsize=1)
def _false_friends() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """`false_friends.tsv`: English key → (its Danish look-alikes' stems, its Danish meanings' stems)."""
    table = {}
    for line in FALSE_FRIENDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, look_alikes, meanings = line.split("\t")
            table[english_key(english)] = (_danish_stems(look_alikes), _danish_stems(meanings))
    return table


def false_friends(query: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each word of an English `query` that a Danish word looks like but does not mean ("rent":
    rente, interest): the look-alikes' stems and the stems of what the word does mean (the table's,
    and the glossary's for the word: husleje, leje)."""
    table = _false_friends()
    found = []
    for word in dict.fromkeys(terms.words(query)):
        entry = table.get(english_key(word))
        if entry:
            look_alikes, meanings = entry
            found.append((look_alikes, tuple(dict.fromkeys((*meanings, *glossary().danish(word))))))
    return found


@lru_cache(maxsize=1)
def glossary() -> Dictionary:
    """The project's glossary of municipal words (`glossary.tsv`), loaded once."""
    return Dictionary(read_glossary())
