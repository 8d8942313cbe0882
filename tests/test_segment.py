"""Structure and chunking, with golden excerpts from every bundled sample document."""
from __future__ import annotations

from functools import cache

import pytest

from indexer.ingest.clean import Block
from indexer.config import MIN_PARAGRAPH_CHARS, TARGET_MAX_PARAGRAPH_CHARS
from indexer.ingest.pipeline import format_inspection, ingest_file
from indexer.records import Paragraph, Record
from indexer.ingest.segment import segment
from tests.pdfs import ARCHIVE

SAMPLES = sorted(p.relative_to(ARCHIVE).as_posix() for p in ARCHIVE.glob("*/*.txt"))


@cache
def ingested(name: str) -> tuple[Record, list[Paragraph]]:
    return ingest_file(ARCHIVE / name, root=ARCHIVE)


def find(name: str, start: str) -> Paragraph:
    """The paragraph of a sample that contains `start` (searched at line starts first)."""
    _, paragraphs = ingested(name)
    for p in paragraphs:
        if p.text.startswith(start) or f"\n{start}" in p.text:
            return p
    for p in paragraphs:
        if start in p.text:
            return p
    raise AssertionError(f"no paragraph with {start!r} in {name}")


def test_long_speech_parts_keep_heading_and_speaker() -> None:
    blocks = [
        Block("Punkt 3. Forespørgsel om psykiatrien.", None),
        Block("Pelle Dragsted (EL), Pelle Dragsted (EL):", None),
        Block(" ".join(["Vi skal tale om psykiatrien i Danmark, og det er vigtigt."] * 100), None),
        Block("Karen J. Klint (S), Den fg. formand (Karen J. Klint):", None),
        Block("Ministeren.", None),
    ]
    paragraphs = segment(blocks, "x.txt", "ab" * 32)
    assert len(paragraphs) >= 6
    assert {p.heading for p in paragraphs} == {"Punkt 3. Forespørgsel om psykiatrien."}
    assert all(len(p.text) <= TARGET_MAX_PARAGRAPH_CHARS for p in paragraphs)
    assert paragraphs[0].speaker == "Pelle Dragsted" and paragraphs[0].party == "EL"
    # the chair's one-word turn joins the speech before it, labelled with its speaker
    assert paragraphs[-1].text.endswith("Karen J. Klint (Den fg. formand): Ministeren.")


def test_headings_stay_in_the_text_of_the_section_they_open() -> None:
    blocks = [Block("4.5 Status: Erfaringer og resultater", None),
              Block("4.6 Udfordringer og udviklingsbehov", None),
              Block("De store reformer påvirker i stort omfang den kommunale støtte til borgerne.", None)]
    paragraphs = segment(blocks, "x.txt", "cd" * 32)
    assert [(p.is_heading, p.heading, p.text) for p in paragraphs] == [
        (False, "4.6 Udfordringer og udviklingsbehov",
         "4.5 Status: Erfaringer og resultater\n4.6 Udfordringer og udviklingsbehov\n"
         "De store reformer påvirker i stort omfang den kommunale støtte til borgerne.")]


def test_a_heading_with_nothing_after_it_is_a_heading_row() -> None:
    blocks = [Block("De store reformer påvirker i stort omfang den kommunale støtte til borgerne.", None),
              Block("BILAG", None)]
    paragraphs = segment(blocks, "x.txt", "cd" * 32)
    assert [(p.is_heading, p.heading, p.text) for p in paragraphs][-1] == (True, "BILAG", "BILAG")


# -- golden excerpts of the samples ------------------------------------------------------

GOLDEN = [
    # (file, paragraph start, heading, speaker)
    ("minutes/000_e9b7192dbc8b80a1.txt", "Referatet fra Dialogforums møde den 7. marts blev godkendt uden bemærkninger.",
     "3. Godkendelse af referat", None),
    ("minutes/000_e9b7192dbc8b80a1.txt", "Birgitte Skjold Knudsen, uddannelseskonsulent i Borgercenter Voksne",
     "5. Oplæg om uddannelsen i recovery og rehabilitering samt den faglige guide", "Birgitte Skjold Knudsen"),
    ("minutes/000_e9b7192dbc8b80a1.txt", "Per siger, at det er positivt med uddannelsen.", "Den faglige guide", "Per"),
    ("minutes/000_e9b7192dbc8b80a1.txt", "Lisbeth Jørgensen fortæller, at hun har talt med andre pårørende.",
     "Den faglige guide", "Lisbeth Jørgensen"),
    ("minutes/000_e9b7192dbc8b80a1.txt", "Livia fortæller, at de på Tranehavegård mister tre fuldtidsstillinger",
     "3. Drøftelse af oplæg", "Livia"),
    ("minutes/000_e9b7192dbc8b80a1.txt", "Mia Nygaard byder velkommen", "1. Velkomst og præsentationsrunde", "Mia Nygaard"),
    ("minutes/001_70c5ef0d973b6080.txt", "• Hvordan får vi viden ud at leve i praksis?",
     "Kvalitets og kompetenceløft i socialpsykiatrien", None),
    ("minutes/001_70c5ef0d973b6080.txt", "• Billige boliger", "Spørgsmål fra Salen", None),
    ("minutes/002_c6494850ffb86ef0.txt", "Socialforvaltningen indstiller overfor Socialudvalget,", "INDSTILLING OG BESLUTNING", None),
    ("minutes/002_c6494850ffb86ef0.txt", "Københavnere med psykiske lidelser lever betragtelig kortere",
     "Spor 2. Livsstilsændringer og sundhed", None),
    ("minutes/002_c6494850ffb86ef0.txt", "Kontorchef Gitte Bylov Larsen deltog under punktets behandling.", "BESLUTNING", None),
    ("minutes/003_27f82d4ab2ec9f88.txt", "Det er den enkelte kommune, der selv melder sig til netværket", "4.1 Organisering", None),
    ("minutes/003_27f82d4ab2ec9f88.txt", "Netværket har holdt 4 møder i 2014. Mødedeltagelsen", "1. Resumé", None),
    ("minutes/004_d9519e1c86cf0307.txt", "• Der tales forskellige sprog i de forskellige forvaltninger.",
     "Sammenhæng mellem den socialfaglige indsats og beskæftigelsesindsatser skal beskrives bedre", None),
    ("minutes/004_d9519e1c86cf0307.txt", "1. Der er behov for en operationalisering af grundfortællingen",
     "Foreløbig opsamling fra konference om vejen mod fremtidens socialpsykiatri", None),
    ("folketinget/folketinget-2015-07-02-1200.txt", "Mødet er åbnet. Jeg håber, at medlemmerne kan finde deres pladser.",
     "Punkt 0. Punkt 0", "Bertel Haarder"),
    ("folketinget/folketinget-2019-09-12-1000.txt", "Beslutningsforslaget her var til første behandling i tirsdags",
     "Punkt 2. 2. (sidste) behandling af B 3: Om opdeling af Transport- og Boligudvalget.", "Karen Ellemann"),
]


@pytest.mark.parametrize(("name", "start", "heading", "speaker"), GOLDEN)
def test_golden_paragraphs(name: str, start: str, heading: str, speaker: str | None) -> None:
    paragraph = find(name, start)
    assert (paragraph.heading, paragraph.speaker) == (heading, speaker)


def test_a_track_heading_inside_an_item_opens_no_item_and_the_title_states_the_case() -> None:
    # "3. Udvikling af … lidelser (2015-0135051)" is the item; "Spor 3. Udvikling af metoder …" is a
    # part of its text: every paragraph cites item 3 and its case, the tracks' paragraphs too.
    _, paragraphs = ingested("minutes/002_c6494850ffb86ef0.txt")
    track = find("minutes/002_c6494850ffb86ef0.txt", "Spor 3. Udvikling af metoder")
    assert track.heading.startswith("Spor 3.")
    assert {(p.item_number, p.case_number) for p in paragraphs} == {("3", "2015-0135051")}
    assert paragraphs[-1].item_title.startswith("Udvikling af aktivitets- og samværstilbud")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("minutes/000_e9b7192dbc8b80a1.txt", ["bemærkninger", "Beskæftigelses- og Integrationsforvaltningen",
                                               "aktivitets- og samværstilbuddet", "hvor man kan gå hen om aftenen"]),
        ("minutes/002_c6494850ffb86ef0.txt", ["2015-0135051-2 - Forslag", "aktivitets- og samværstilbuddene"]),
        ("folketinget/folketinget-2015-07-02-1200.txt", ["Mødet er åbnet. Jeg håber", "kl.12", "(jf.nedenfor)"]),
    ],
)
def test_golden_text_repairs(name: str, words: list[str]) -> None:
    text = "\n".join(p.text for p in ingested(name)[1])
    for word in words:
        assert word in text
    for furniture in ("Side 9 af 10", "Københavns Kommune\nhttp", "mailto:", "[Til toppen]", "be-\n", "be- mærk"):
        assert furniture not in text


def test_golden_transcript_speeches_carry_speaker_party_role() -> None:
    _, paragraphs = ingested("folketinget/folketinget-2015-08-26-1300.txt")
    body = [p for p in paragraphs if p.heading and p.heading.startswith("Punkt") and not p.heading.startswith("Punkt 0")]
    assert body and all(p.speaker and p.role for p in body)
    assert any(p.speaker == "Karsten Lauritzen" and p.role == "Skatteministeren" for p in body)
    assert any(p.speaker == "Johanne Schmidt-Nielsen" and p.party == "EL" and p.role == "medlem" for p in body)


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_give_good_paragraphs(name: str) -> None:
    record, paragraphs = ingested(name)
    assert paragraphs
    assert [p.position for p in paragraphs] == list(range(len(paragraphs)))
    assert all(p.id == f"{record.content_hash[:16]}-{p.position:05d}" for p in paragraphs)
    body = [p for p in paragraphs if not p.is_heading]
    assert max(len(p.text) for p in body) <= TARGET_MAX_PARAGRAPH_CHARS + 2 * MIN_PARAGRAPH_CHARS
    fragments = [p for p in body if len(p.text) < MIN_PARAGRAPH_CHARS]
    assert len(fragments) <= 2, fragments
    assert sorted(len(p.text) for p in body)[len(body) // 2] >= 150


def test_ids_are_stable_across_runs() -> None:
    name = "minutes/000_e9b7192dbc8b80a1.txt"
    first = ingest_file(ARCHIVE / name, root=ARCHIVE)[1]
    again = ingest_file(ARCHIVE / name, root=ARCHIVE)[1]
    assert [(p.id, p.text) for p in first] == [(p.id, p.text) for p in again]


def test_inspection_shows_page_heading_speaker_and_metadata() -> None:
    record, paragraphs = ingested("minutes/000_e9b7192dbc8b80a1.txt")
    shown = format_inspection(record, paragraphs)
    assert "title:" in shown and "Dialogforum" in shown
    assert "heading: 5. Oplæg om uddannelsen" in shown and "speaker: Per" in shown
    assert paragraphs[1].id in shown
