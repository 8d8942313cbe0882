"""Structure: headings, agenda items and speakers found in clean blocks; no text lost to them."""
from __future__ import annotations

import pytest

from indexer.ingest.clean import Block
from indexer.ingest.segment import segment
from indexer.ingest.structure import agenda_item, minutes_speaker, parse_speaker_line, units


@pytest.mark.parametrize(
    ("line", "speaker", "party", "role"),
    [
        ("Karen Ellemann (V), Karen Ellemann (V):", "Karen Ellemann", "V", "medlem"),
        ("Henrik Dam Kristensen (S), Formanden:", "Henrik Dam Kristensen", "S", "Formanden"),
        ("Karen J. Klint (S), Den fg. formand (Karen J. Klint):", "Karen J. Klint", "S", "Den fg. formand"),
        ("Bertel Haarder, Aldersformanden (Bertel Haarder):", "Bertel Haarder", None, "Aldersformanden"),
        ("Inger Støjberg, Udlændinge-, integrations- og boligministeren (Inger Støjberg):", "Inger Støjberg", None,
         "Udlændinge-, integrations- og boligministeren"),
    ],
)
def test_transcript_speaker_lines(line: str, speaker: str, party: str | None, role: str) -> None:
    parsed = parse_speaker_line(line)
    assert parsed is not None and (parsed.name, parsed.party, parsed.role) == (speaker, party, role)


@pytest.mark.parametrize("line", ["Socialforvaltningen indstiller overfor Socialudvalget,", "Den faglige guide:",
                                  "Referat af fællesmøde mellem Socialudvalget og Dialogforum:"])
def test_not_speaker_lines(line: str) -> None:
    assert parse_speaker_line(line) is None


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("Per siger, at det er positivt med uddannelsen.", "Per", None),
        ("Mia svarer, at hun ikke er bekendt med planer.", "Mia", None),
        ("Lisbeth Jørgensen fortæller, at hun har talt med andre.", "Lisbeth Jørgensen", None),
        ("Mikkel Boje, direktør i Socialforvaltningen, fortæller om udfordringerne.", "Mikkel Boje",
         "direktør i Socialforvaltningen"),
        ("Det siger sig selv, at planen holder.", None, None),
        ("Forvaltningen oplyser, at sagen er lukket.", None, None),
    ],
)
def test_minutes_speaker(text: str, speaker: str | None, role: str | None) -> None:
    found = minutes_speaker(text)
    assert (found.name if found else None, found.role if found else None) == (speaker, role)


def test_a_sentence_before_a_section_word_stays_text_and_the_section_heads_what_follows() -> None:
    blocks = [Block("3. Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013", 6),
              Block("Sagsnr.: 2012-31114", 6),
              Block("Kvalitetsstandarder for stof- og alkoholmisbrug 2012 foreslås videreført i 2013.", 6),
              Block("Baggrund", 6),
              Block("Ifølge lov om social service § 101 skal Kommunalbestyrelsen fastsætte en kvalitetsstandard.", 6)]
    found = units(blocks)
    assert [(u.text, u.heading, u.is_heading_line) for u in found][2:] == [
        ("Kvalitetsstandarder for stof- og alkoholmisbrug 2012 foreslås videreført i 2013.",
         "3. Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013", False),
        ("Baggrund", "Baggrund", True),
        ("Ifølge lov om social service § 101 skal Kommunalbestyrelsen fastsætte en kvalitetsstandard.", "Baggrund",
         False)]
    assert {(u.item_number, u.item_title) for u in found} == {
        ("3", "Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013")}


@pytest.mark.parametrize(("text", "item"), [
    ("Punkt 3: Budget 2013", ("3", "Budget 2013")),
    ("Punkt 12. Eventuelt", ("12", "Eventuelt")),
    ("2. Bygningsvedligeholdelse 2013 - anlægsbevilling", ("2", "Bygningsvedligeholdelse 2013 - anlægsbevilling")),
    ("4.1 Organisering", None),
    ("Sagsfremstilling", None),
])
def test_agenda_item_numbers_and_titles(text: str, item: tuple[str, str] | None) -> None:
    assert agenda_item(text) == item


def test_a_numbered_line_is_an_agenda_item_only_with_a_case_number_or_in_the_contents() -> None:
    blocks = [Block("1. Meddelelser 3", 2, is_contents=True), Block("1. Meddelelser", 3),
              Block("Udvalget tog orienteringen om de kommende konferencer til efterretning.", 3),
              Block("Følgende forslag blev drøftet:", 3),
              Block("2. Kurser for alle medarbejdere", 3), Block("3. Flere hænder i hjemmeplejen", 3)]
    paragraphs = segment(blocks, "x.pdf", "ef" * 32)
    assert [(p.item_number, p.is_contents) for p in paragraphs][:2] == [(None, True), ("1", False)]
    assert {p.item_number for p in paragraphs} == {None, "1"}  # the proposals are not items
    assert "2. Kurser for alle medarbejdere" in "\n".join(p.text for p in paragraphs)


def test_a_sentence_opening_with_a_pronoun_like_word_has_no_speaker() -> None:
    assert minutes_speaker("Ovenstående viser, at udgifterne stiger.") is None
    assert minutes_speaker("Nedenstående oplyser om tiderne.") is None


@pytest.mark.parametrize("line", ["Sagsnr.: 2010-3082", "Sag nr. 2010-3082", "Sagsnummer: 2010-3082",
                                  "Journalnr.: 2010-3082", "Journalnummer 2010-3082", "J.nr. 2010-3082",
                                  "Sagsnr.: 2010-3082 Dok.nr.: 2012-206127"])
def test_each_agenda_item_carries_its_own_case_number(line: str) -> None:
    blocks = [Block("Referat", 1), Block("Sundheds- og Forebyggelsesudvalget tirsdag den 4. december 2012", 1),
              Block("1. Meddelelser", 3), Block("Sagsnr.: 2011-29298", 3),
              Block("Udvalget tog orienteringen til efterretning.", 3),
              Block("8. Evaluering af rygestopkurser", 14), Block(line, 14),
              Block("Sagen hænger sammen med sagsnr. 2011-29298 om forebyggelse.", 14),
              Block("Sagsnr.: 2009-1111 var den første evaluering.", 14),
              Block("9. Eventuelt", 15), Block("Dok.nr.: 2012-206128", 15),
              Block("Intet at bemærke under punktet.", 15)]
    cases = {(u.item_number, u.case_number) for u in units(blocks)}
    # the first case number line under the heading: not one the text mentions, not a later one;
    # an item that states none cites none (not the item before it), nor does the front page
    assert cases == {(None, None), ("1", "2011-29298"), ("8", "2010-3082"), ("9", None)}


@pytest.mark.parametrize(("lines", "item"), [
    (["Punkt 4: Forslag om ændring af prisen på parkering i", "Greve Centrum"],
     ("4", "Forslag om ændring af prisen på parkering i Greve Centrum")),
    (["4. Forslag om ændring af prisen på parkering i", "Greve Centrum", "Sagsnr.: 24/1234"],
     ("4", "Forslag om ændring af prisen på parkering i Greve Centrum")),
    (["6. Orientering om status for projekt", "Grønne Greve", "Sagsnr.: 24/1235"],
     ("6", "Orientering om status for projekt Grønne Greve")),  # the case number line ends the title
    (["4. Takstreduktion på aflastningstilbuddet Torvevej", "i Skovlunde i 2013", "Sagsnr.: 2012-31673"],
     ("4", "Takstreduktion på aflastningstilbuddet Torvevej i Skovlunde i 2013")),
    (["Punkt 2: Forslag til lokalplan 1.23 for boliger ved", "Hundige Station", "og Hundige Strand",
      "Sagsnr.: 24/77"], ("2", "Forslag til lokalplan 1.23 for boliger ved Hundige Station og Hundige Strand")),
])
def test_an_agenda_item_title_wrapped_onto_the_next_line_is_joined(lines: list[str], item: tuple[str, str]) -> None:
    blocks = [Block(line, 3) for line in lines] + [Block("Byrådet godkendte forslaget uden bemærkninger.", 3)]
    found = units(blocks)
    assert {(u.item_number, u.item_title) for u in found} == {item}
    assert found[0].text == " ".join(line for line in lines if not line.startswith("Sagsnr"))
    assert found[-1].text == "Byrådet godkendte forslaget uden bemærkninger."


@pytest.mark.parametrize("following", [
    "Pia Kjærsgaard (DF), Formanden:",  # a transcript's speaker, not the rest of the title
    "Byrådet godkendte forslaget.",  # a sentence
    "Sagsfremstilling",  # the item's first section
    "2. Budget 2025",  # the next item
])
def test_what_follows_a_title_cut_on_an_open_word_is_not_its_rest(following: str) -> None:
    blocks = [Block("Punkt 6. Spørgsmål om orlov for medlem af Folketinget Mogens Lykketoft (S) og", None),
              Block(following, None), Block("Sagsnr.: 24/1", None)]
    assert units(blocks)[0].text == blocks[0].text


@pytest.mark.parametrize("title", ["3. Lukket punkt: Personalesag", "3. Lukket: Køb af ejendom Havnevej 12",
                                   "3. Ansættelse af ny kommunaldirektør (Lukket punkt)", "3. Lukket punkt"])
def test_a_closed_agenda_item_keeps_its_title_and_nothing_under_it(title: str) -> None:
    blocks = [Block("2. Budgetopfølgning", 1), Block("Sagsnr.: 2013-00100", 1),
              Block("Udvalget tog budgetopfølgningen til efterretning.", 1),
              Block(title, 2), Block("FORTROLIGT: Medarbejder Jens Jensen afskediges.", 2),
              Block("Beslutning", 2), Block("Godkendt.", 2),
              Block("4. Eventuelt", 3), Block("Sagsnr.: 2013-00400", 3), Block("Intet at bemærke.", 3)]
    found = units(blocks)
    texts = " ".join(u.text for u in found)
    assert "FORTROLIGT" not in texts and "Godkendt." not in texts
    assert [u.text for u in found if u.item_number == "3"] == [title]
    assert [u.item_number for u in found if u.text == "Intet at bemærke."] == ["4"]  # the next item is its own


def test_a_vote_line_before_the_text_under_it_is_no_heading() -> None:
    blocks = [Block("Beslutning", 3), Block("Indstillingen blev godkendt.", 3),
              Block("For stemte: A og F (12)", 3), Block("Imod stemte: V og Ø (7)", 3),
              Block("Lars Hansen (V) ønskede sin stemme tilført protokollen, da sagen ikke var oplyst.", 3)]
    assert [(u.heading, u.is_heading_line) for u in units(blocks)][1:] == [("Beslutning", False)] * 4


def test_the_item_after_a_closed_one_opens_by_its_number_even_without_a_case_number_line() -> None:
    # minutes that state no "Sagsnr." under their items: nothing else tells "6. Cykelsti …" from the closed text
    blocks = [Block("1. Godkendelse af dagsorden", 1), Block("Sagsnr.: 2023-00100", 1), Block("Godkendt.", 1),
              Block("2. Lukket: Køb af ejendom", 1), Block("Kommunen byder 4,2 mio. kr.", 1),
              Block("3. Lukket punkt", 2), Block("Medarbejderen afskediges.", 2),
              Block("4. Cykelsti langs Strandvejen", 2),
              Block("Forvaltningen vender tilbage med en tidsplan i juni 2023.", 2),
              Block("5. Eventuelt", 3), Block("Intet.", 3)]
    found = units(blocks)
    assert [(u.item_number, u.text) for u in found if u.item_number in ("2", "3")] == [
        ("2", "2. Lukket: Køb af ejendom"), ("3", "3. Lukket punkt")]
    assert [u.item_number for u in found if u.text.startswith("Forvaltningen vender")] == ["4"]
    assert not any("4,2 mio" in u.text or "afskediges" in u.text for u in found)


def test_a_bodys_decision_heading_heads_the_decision_not_the_recommendation_above_it() -> None:
    blocks = [Block("2. Bygningsvedligeholdelse 2013 - anlægsbevilling", 4), Block("Sagsnr.: 2012-28504", 4),
              Block("Indstilling", 5), Block("Center for Ejendomme indstiller, at arbejderne godkendes.", 5),
              Block("Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2", 5),
              Block("Indstillingen godkendt", 5)]
    found = units(blocks)
    assert found[-1].heading == "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2"
    assert found[3].heading == "Indstilling"
