"""English questions searched in Danish words: the FreeDict files read, the lookup derived and
cached per machine, translations grouped per English word and fused as a second lexical query."""
from __future__ import annotations

import gzip

import pytest

from indexer.text import bilingual
from indexer.search import rank
from indexer.text.bilingual import Dictionary
from indexer.build.run import build
from indexer.search.query import Query
from indexer.search.archive import Archive

from .fakes import HashEmbedder

_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _number(value: int) -> str:
    out = ""
    while True:
        out = _BASE64[value % 64] + out
        value //= 64
        if not value:
            return out


def write_dictd(directory, name: str, entries: dict[str, str]) -> None:
    """A dictd dictionary as dictfmt writes it: info entries, then one entry per headword, whose
    first line repeats the headword with its pronunciation and part of speech."""
    body, index = b"", []
    for head, text in {"00databaseinfo": "about", **entries}.items():
        entry = f"{head} /ˈ{head}/ <n>\n{text}\n".encode()
        index.append(f"{head}\t{_number(len(body))}\t{_number(len(entry))}")
        body += entry
    (directory / f"{name}.dict.dz").write_bytes(gzip.compress(body))
    (directory / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")


@pytest.fixture
def dictd(tmp_path):
    directory = tmp_path / "dictd"
    directory.mkdir()
    write_dictd(directory, "freedict-eng-dan", {
        "rent": "husleje",
        "increase": "stigning [in the aftermath - i kølvandet], forøgelse",
        "take": "acceptere, gribe, modtage, sige ja tak til, tage",
        "the": "den"})
    write_dictd(directory, "freedict-dan-eng", {
        "personale": "staff, personnel",
        "abebestand": "ape population"})
    return directory


def test_dictd_entries_are_read_with_notes_and_examples_left_out(dictd):
    entries = dict(bilingual.read_dictd(dictd / "freedict-eng-dan.index", dictd / "freedict-eng-dan.dict.dz"))
    assert entries["increase"] == ["stigning", "forøgelse"]
    assert entries["rent"] == ["husleje"]
    assert not any(head.startswith("00") for head in entries)


def test_the_lookup_reads_english_danish_forwards_and_danish_english_backwards(dictd):
    table = bilingual.table_from_dictd(dictd)
    assert table[bilingual.english_key("rent")] == ["huslej"]  # Danish stems, as the FTS table holds
    assert table[bilingual.english_key("staff")] == ["personal"]
    assert bilingual.english_key("ape") not in table  # "ape population" is no one-word entry
    assert "the" not in table  # function words are never looked up
    # A word of many senses keeps MAX_TRANSLATIONS; "sige ja tak til" is no one-word term.
    assert table[bilingual.english_key("take")] == ["accept", "grib", "modtag", "tag"][:bilingual.MAX_TRANSLATIONS]


def test_the_lookup_is_cached_per_machine_and_derived_again_when_the_files_change(dictd, tmp_path):
    cache = tmp_path / "cache"
    first = bilingual.load_table(dictd, cache)
    assert (cache / bilingual.CACHE_NAME).is_file()
    assert bilingual.load_table(dictd, cache) == first
    write_dictd(dictd, "freedict-eng-dan", {"roof": "tag, loft, hustag"})
    again = bilingual.load_table(dictd, cache)
    assert again[bilingual.english_key("roof")] == ["tag", "loft", "hustag"] and "rent" not in again


def test_without_the_debian_files_there_is_no_lookup(tmp_path):
    assert bilingual.load_table(tmp_path / "nothing", tmp_path / "cache") is None
    assert not (tmp_path / "cache").exists()


def test_inflected_english_words_find_their_headword_once(dictd):
    found = Dictionary(bilingual.table_from_dictd(dictd)).translate("Why did the rent increase? Rent increases!")
    assert found == [("rent", ("huslej",)), ("increase", ("stigning", "forøg"))]


def test_only_english_queries_get_translations_one_group_per_word(monkeypatch):
    monkeypatch.setattr(bilingual, "dictionary",
                        lambda: Dictionary({"rent": ["huslej"], "increas": ["stigning", "forøg"]}))
    english = Query.analyse("rent increases")
    assert english.language == "en"
    assert [[t.stem for t in group] for group in english.translations] == [["huslej"], ["stigning", "forøg"]]
    assert all(t.prefix for group in english.translations for t in group)  # "huslej" → huslejestigning
    assert Query.analyse("huslejen stiger").translations == ()
    monkeypatch.setattr(bilingual, "dictionary", lambda: None)
    assert Query.analyse("rent increases").translations == ()  # no dictionary: dense side only


@pytest.mark.parametrize("query, language", [
    ("nursing homes", "en"), ("traffic safety", "en"),  # no function words: told by their letters
    ("klimatilpasning", "da"), ("Lunas Ark", "da"), ("status", "da"),  # Danish, a name, a shared word
    ("flibbertigibbet", "da"),  # letters that read English, but no word the dictionary knows
    ("what about the nursing homes", "en"), ("plejehjem og hjemmepleje", "da"),  # function words decide
])
def test_a_keyword_query_is_english_when_its_letters_say_so_and_the_dictionary_knows_a_word(monkeypatch, query,
                                                                                            language):
    monkeypatch.setattr(bilingual, "dictionary", lambda: Dictionary(
        {"nurs": ["pleje"], "home": ["hjem"], "traffic": ["trafik"], "safeti": ["sikkerhed"], "status": ["status"],
         "ark": ["ark"]}))
    assert Query.analyse(query).language == language


def test_without_the_dictionary_a_keyword_query_is_english_only_by_the_glossary(monkeypatch):
    monkeypatch.setattr(bilingual, "dictionary", lambda: None)
    assert Query.analyse("nursing homes").language == "en"  # a phrase of the glossary
    assert Query.analyse("flibbertigibbet tour").language == "da"  # no word either knows
    assert Query.analyse("what about the flibbertigibbet").language == "en"  # function words decide


@pytest.mark.parametrize("query", ["sports centre", "wind farm", "nature park"])
def test_a_phrase_of_the_glossary_is_english_whatever_its_letters_say(query):
    assert Query.analyse(query).language == "en" and Query.analyse(query).glossed


def test_translations_are_fused_below_the_dense_side():
    pool = rank.merge([(1, 0.9), (2, 0.8)], [], expanded=[(2, 7.0), (3, 6.0)],
                      expansion_weight=rank.EXPANSION_WEIGHT["en"])
    order = rank.fuse(pool.values(), weight=0.0)
    assert [c.vec_id for c in order] == [2, 1, 3]
    assert order[0].score == pytest.approx(1 / 61 + rank.EXPANSION_WEIGHT["en"] / 60)
    assert [c.vec_id for c in rank.fuse(pool.values(), 0.0, "dense")] == [1, 2]


def _minutes_archive(tmp_path, *paragraphs: str) -> Archive:
    """An index of one minutes file with these paragraphs, on hashed vectors (which answer no question)."""
    archive_dir = tmp_path / "archive" / "minutes"
    archive_dir.mkdir(parents=True)
    (archive_dir / "a.txt").write_text("\n\n".join(("Referat af møde i Brugerrådet",) + paragraphs) + "\n",
                                       encoding="utf-8")
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    return Archive.open(tmp_path / "index", embedder=HashEmbedder())


def test_a_paragraph_counts_as_translated_only_when_it_holds_several_english_words(tmp_path, monkeypatch):
    monkeypatch.setattr(bilingual, "dictionary", lambda: Dictionary(
        {"rent": ["huslej"], "increas": ["stigning"], "car": ["bil"]}))
    archive = _minutes_archive(tmp_path, "Brugerrådet drøftede huslejen på bostederne og den store stigning "
                               "siden sidste år, som beboerne har klaget over.", "Bilen til bostedet holder på "
                               "parkeringspladsen foran rådhuset, hvor der også er plads til gæster.")
    try:
        found = archive.search("rent increases car", mode="lexical", floor=False)
        assert [hit.text for hit in found.hits if "huslejen" in hit.text]
        assert not [hit.text for hit in found.hits if "Bilen" in hit.text]  # only "car" → bil: another sense
        assert archive.search("the car", mode="lexical", floor=False).hits  # one word: its translation alone counts
    finally:
        archive.close()


def test_damaged_dictionary_files_mean_no_lookup_and_one_line_not_a_traceback(dictd, tmp_path, caplog):
    (dictd / "freedict-eng-dan.dict.dz").write_bytes(b"not gzip at all")
    with caplog.at_level("WARNING"):
        assert bilingual.load_table(dictd, cache_dir=tmp_path / "cache") is None
    assert "cannot be read" in caplog.text and str(dictd) in caplog.text


def test_the_glossary_translates_municipal_phrases_before_their_words():
    found = bilingual.glossary().translate("Why did the rent increase? waiting list for supported housing")
    assert found == [("rent increase", ("huslejestigning",)), ("waiting list", ("ventelist",)),
                     ("supported housing", ("botilbud", "bosted"))]
    assert bilingual.glossary().danish("care") == ["omsorg", "plej"]  # not sorg, as the general dictionary has it


def test_the_glossary_knows_the_compounds_a_municipality_writes_for_everyday_english():
    found = dict(bilingual.glossary().translate("charging stations for electric cars and street lighting"))
    assert "ladestand" in found["charging stations"] and "elbil" in found["electric cars"]
    assert "vejbelysning" in found["street lighting"]
    assert dict(bilingual.glossary().translate("artificial turf"))["artificial turf"][0] == "kunstgræs"


def test_the_glossary_speaks_for_a_query_only_when_it_knows_every_word_of_it():
    assert [d for _, d in bilingual.glossary().translate_all("staff turnover")] == [
        ("personal", "medarbejd", "ansat"), ("personalegennemstrømning", "udskiftning")]
    assert bilingual.glossary().translate_all("top ten horror movies") is None
    assert bilingual.glossary().translate_all("the") is None  # nothing to translate
    assert Query.analyse("rent increases").glossed and not Query.analyse("huslejestigninger").glossed


def test_an_english_question_no_vector_answers_finds_its_danish_answer_through_the_glossary(tmp_path):
    archive = _minutes_archive(tmp_path, "Brugerrådet drøftede huslejestigningerne på bostederne, som beboerne "
                               "har klaget over siden sidste år.", "Bordet i mødelokalet blev flyttet, så tabellen "
                               "over afsnittene kunne ses af alle.")
    try:
        found = archive.search("rent increases")  # hashed vectors answer nothing: words alone decide
        assert [hit.text for hit in found.hits] and all("huslejestigningerne" in hit.text for hit in found.hits)
        assert found.query.matching_words(found.hits[0].text) == ["huslejestigningerne"]  # marked: why it is one
        # words the glossary does not know are not enough, whatever the general dictionary says of them
        assert not archive.search("drop table paragraphs").hits
    finally:
        archive.close()


def test_an_english_query_marks_its_glossary_words_and_names_not_english_words_matching_danish_by_accident():
    query = Query.analyse("what did Bertel Haarder say about rent increases")
    text = "Bertel Haarder nævnte huslejestigningerne. Renterne steg også."
    assert query.matching_words(text) == ["Bertel", "Haarder", "huslejestigningerne"]  # not "Renterne"


def test_an_english_word_is_not_read_as_the_danish_word_it_looks_like():
    # "rent increases" put the interest-rate paragraphs ("Renterne stiger") among the good results
    [(look_alikes, meanings)] = Query.analyse("rent increases").false_friends
    assert [t.stem for t in look_alikes] == ["rent"] and {"huslej", "lej"} <= {t.stem for t in meanings}
    assert not Query.analyse("renter og huslejer").false_friends  # a Danish query means its own words
    assert not Query.analyse("waiting lists for housing").false_friends


def test_a_paragraph_holding_a_look_alike_and_no_meaning_is_marked_misread(tmp_path, monkeypatch):
    archive = _minutes_archive(tmp_path, "Renterne stiger, så kommunens udgifter til lånene bliver højere end budgetlagt.",
                               "Huslejen stiger, og renterne på boligens lån er årsagen, siger boligselskabet.",
                               "Bordet i mødelokalet blev flyttet, så tabellen kunne ses af alle.")
    seen = {}
    passes = rank.passes

    def noting(candidate, *args, **kwargs):
        seen[candidate.vec_id] = candidate.misread
        return passes(candidate, *args, **kwargs)

    monkeypatch.setattr(rank, "passes", noting)
    try:
        archive.search("rent increases", k=10)
        # every paragraph met (the dense side meets all); only the one about interest alone is misread:
        # the one about rent (husleje) holds "renterne" too
        assert len(seen) >= 3 and sum(seen.values()) == 1
        seen.clear()
        archive.search("huslejestigninger og renter", k=10)
        assert seen and not any(seen.values())  # a Danish query: no word of it is misread
    finally:
        archive.close()
