"""Property tests: cleaning and segmentation never crash and never lose letters (headings included).

The only letters that may go are those of page furniture (page counters, print
headers, running headers); line-end hyphens go too, but they are not letters. A lone "o" is not
counted either: at the start of a list item it is Word's second-level bullet glyph (becomes "•").
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.ingest.clean import clean_pages, normalize_text, strip_furniture
from indexer.ingest.segment import parse_speaker_line, segment

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise the rules: hyphens, bullets, numbering, furniture, speakers, dates.
TOKENS = st.sampled_from([
    "be-", "mærkninger", "aktivitets-", "og", "samværstilbud", "2015-", "0135051", "Nord-", "Vest", "Mia", "siger,",
    "at", "det", "er", "godt.", "stemmes.Det", "bl.a.", "kl.12:04", "nr.2-8", "fx", "jf.", "•", "\uf0b7", "-", "–",
    "1.", "2)", "Punkt 3.", "Spor 2.", "INDSTILLING OG BESLUTNING", "Side 9 af 10", "12/8/2015 | Københavns Kommune",
    "Per (S), Formanden:", "Karen J.Klint", "mia@kk.dk", "»Vi", "træder«", ":", "?", "Æ", "ø", "å", "é", "\u00ad",
    "\u00a0", "  ", "\t", "den 24. maj 2017", "Sagsnr.", "(2015-0135051)", "...", "Ministeren.",
])
LINE = st.lists(TOKENS, max_size=14).map(" ".join)
DANISHISH = st.lists(st.one_of(LINE, st.sampled_from(["", " ", "  "])), max_size=40).map("\n".join)
PAGES = st.lists(st.lists(st.one_of(LINE, st.text(max_size=30).map(lambda s: s.replace("\n", " ").replace("\f", " "))),
                          max_size=12), min_size=1, max_size=6)


def letters(text: str) -> list[str]:
    return [c for c in re.sub(r"(?<!\w)o(?!\w)", " ", text) if c.isalpha()]


def expected_letters(pages: list[str]) -> list[str]:
    split = [normalize_text(page).split("\n") for page in pages]
    return letters("\n".join("\n".join(lines) for lines in strip_furniture(split)))


def cleaned_letters(pages: list[str]) -> list[str]:
    blocks = clean_pages([(number, text) for number, text in enumerate(pages, start=1)])
    return letters("\n".join(block.text for block in blocks))


@FUZZ
@given(st.text(max_size=600).map(lambda s: s.replace("\f", "")))
def test_cleaning_arbitrary_text_keeps_every_letter(text: str) -> None:
    assert cleaned_letters([text]) == expected_letters([text])


@FUZZ
@given(DANISHISH)
def test_cleaning_meeting_like_text_keeps_every_letter(text: str) -> None:
    assert cleaned_letters([text]) == expected_letters([text])


@FUZZ
@given(PAGES)
def test_cleaning_pages_of_lines_loses_only_furniture(pages: list[list[str]]) -> None:
    texts = ["\n".join(lines) for lines in pages]
    assert cleaned_letters(texts) == expected_letters(texts)
    kept = strip_furniture([normalize_text(t).split("\n") for t in texts])
    for original, lines in zip(texts, kept):  # furniture removal only removes whole lines
        rest = iter(normalize_text(original).split("\n"))
        assert all(any(line == other for other in rest) for line in lines)


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(c == d for d in it) for c in small)


@FUZZ
@given(st.one_of(PAGES.map(lambda pages: ["\n".join(lines) for lines in pages]), DANISHISH.map(lambda t: [t])))
def test_segmentation_keeps_every_block(texts: list[str]) -> None:
    blocks = clean_pages([(n, t) for n, t in enumerate(texts, start=1)])
    paragraphs = segment(blocks, "fuzz.txt", "0" * 64, min_chars=60, max_chars=300)
    body = [b for b in blocks if parse_speaker_line(b.text) is None]
    in_text = letters("".join(p.text for p in paragraphs))
    # Headings are kept in the text too: every letter of every block, in order.
    assert is_subsequence(letters("".join(b.text for b in body)), in_text)
    assert [p.position for p in paragraphs] == list(range(len(paragraphs)))
    assert all(len(p.text) <= 300 + 2 * 60 + 200 for p in paragraphs)
