"""Danish compounds split against the index's vocabulary, by the parts' paragraph counts."""
from __future__ import annotations

from indexer.text import compounds
from indexer.text import terms

# Paragraph counts of stems, as an index's vocabulary would give them.
VOCABULARY = {"undervisning": 40, "udvalg": 120, "virk": 30, "som": 900, "virksom": 2, "virksomhed": 60,
              "personal": 80, "gennemstrømning": 3, "personalegennemstrømning": 1}


def count(stem: str) -> int:
    return VOCABULARY.get(stem, 0)


def test_a_compound_unknown_to_the_archive_splits_at_its_linking_s():
    found = compounds.split("undervisningsudvalget", count)
    assert (found.head, found.tail) == ("undervisning", "udvalg")


def test_a_linking_e_is_left_out_of_the_head():
    found = compounds.split("personalegennemstrømning", count)
    assert (found.head, found.tail) == ("personal", "gennemstrømning")


def test_a_word_the_archive_uses_whole_and_short_parts_stay_whole():
    assert terms.stems("virksomheder")[0] == "virksom"
    # "virk" + "som" would explain it by frequency, but "som" is a function word.
    assert compounds.split("virksomheder", count) is None
    assert compounds.split("udvalg", count) is None  # too short to be a compound


def test_the_parts_of_a_query_become_one_prefix_group_each():
    groups = compounds.part_groups("hvem er valgt til undervisningsudvalget", count)
    assert [[(t.stem, t.prefix) for t in group] for group in groups] == [[("undervisning", True)], [("udvalg", True)]]
