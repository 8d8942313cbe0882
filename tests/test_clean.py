"""Cleaning: hyphenation, page furniture, reflow, bullets, run-together sentences."""
from __future__ import annotations

import pytest

from indexer.ingest.clean import (
    clean_document, clean_pages, clean_text, is_furniture, normalize_text, separate_sentences, split_notes,
    strip_furniture,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # hyphenated at a line end: re-joined
        ("Referatet blev godkendt uden be-\nmærkninger.", "Referatet blev godkendt uden bemærkninger."),
        # the minutes' export puts an empty line after every line
        ("uden be-\n\nmærkninger og med Dialog-\n\nforums støtte.\n \n", "uden bemærkninger og med Dialogforums støtte."),
        # real hyphens stay
        ("udvikling af aktivitets-\nog samværstilbuddene", "udvikling af aktivitets- og samværstilbuddene"),
        ("i Beskæftigelses- og Integrationsfor-\nvaltningen.", "i Beskæftigelses- og Integrationsforvaltningen."),
        ("sagen (2015-\n0135051) blev behandlet", "sagen (2015-0135051) blev behandlet"),
        ("hele Center Nord-\nVest er berørt", "hele Center Nord-Vest er berørt"),
        ("en recovery-tilgang og en recovery-\ntilgang", "en recovery-tilgang og en recovery-tilgang"),
    ],
)
def test_hyphenation(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Side 9 af 10",
        "side 3/12",
        "12/8/2015 |\u00a0Københavns\u00a0Kommune",
        "http://www.kk.dk/edocagenda/24821/ce72d97f03a04a52a6#attachments 6/6",
        "6/6 http://www.kk.dk/edocagenda/24821/ce72d97f03a04a52a6#attachments",
        "http://www.kk.dk/edocagenda/24821/ce72d97f03a04a52a6#attachments Side 6 af 6",
        "12.8.2015 13:45 Københavns Kommune",  # a browser's print header: date, time and the page's title
        "8/12/15, 1:45 PM Socialudvalget - Dagsorden",
        "mailto:kurthj@roskilde.dk",
        "[Til toppen]",
        "\ue614 Tilbage",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["Side 9 handler om økonomi", "Mødet sluttede 12/8/2015.", "kl. 15-17",
                                  "12.8.2015 13:45 Mødet blev åbnet. Borgmesteren bød velkommen.",
                                  "Se http://www.kk.dk/socialudvalget for dagsordenen."])
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_page_counter_inside_a_sentence_is_removed_and_sentence_rejoined() -> None:
    raw = "Det betyder, at der ikke er noget sted, hvor \n\n \n\nSide 9 af 10 \n\nman kan gå hen om aftenen.  \n\n \n\n"
    assert clean_text(raw) == "Det betyder, at der ikke er noget sted, hvor man kan gå hen om aftenen."


def test_print_header_and_url_between_pages() -> None:
    raw = (
        "Borgmesteren stillede ændringsforslag om følgende at-punkter til\n"
        "indstillingen:\n\n12/8/2015 |\u00a0Københavns\u00a0Kommune\n\n"
        "http://www.kk.dk/edocagenda/24821/ce72d97f#attachments 6/6\n"
        "4. At der fremsendes en procesplan."
    )
    assert clean_text(raw).split("\n\n") == [
        "Borgmesteren stillede ændringsforslag om følgende at-punkter til indstillingen:",
        "4. At der fremsendes en procesplan.",
    ]


def test_running_headers_and_page_numbers_removed_across_pages() -> None:
    pages = [
        ["Socialudvalget – referat 12. maj 2018", "Første side tekst.", "3"],
        ["Socialudvalget – referat 12. maj 2018", "Anden side tekst.", "4"],
        ["Socialudvalget – referat 12. maj 2018", "Tredje side tekst.", "5"],
    ]
    assert strip_furniture(pages) == [["Første side tekst."], ["Anden side tekst."], ["Tredje side tekst."]]


def test_sentence_across_page_break_is_one_paragraph_with_first_page() -> None:
    blocks = clean_pages([(1, "Header\nMia siger, at mødet\n"), (2, "Header\nblev godt. Tak.\n")])
    assert [(b.text, b.page) for b in blocks] == [("Mia siger, at mødet blev godt. Tak.", 1)]


def test_what_opens_a_page_after_a_sentence_ended_the_last_is_cited_at_its_own_page() -> None:
    # KL's report in narrow columns: page 49 ends "… og frem.", page 50 opens with a footnote and a new paragraph
    column = "Når de nyfødte udskrives fra syge-\nhus umiddelbart efter fødslen, er\nder et øget behov for sundheds-\n"
    pages = [(49, column + "plejerskens indsats fra fødslen og\nforløbet fra udskrivning og frem."),
             (50, "10Christoffersen, M.N.: Risiko-\nfaktorer. København: SFI, 1999.\n"
                  "Sundhedsplejerskens arbejde med\nfamilien ophører normalt, når\nbarnet er et år, og hun vil først\n"
                  "se børnene, når de starter i skole.\n")]
    cited = {b.text[:20]: b.page for b in clean_pages(pages)}
    assert cited == {"Når de nyfødte udskr": 49, "10Christoffersen, M.": 50, "Sundhedsplejerskens ": 50}


@pytest.mark.parametrize(
    ("raw", "items"),
    [
        ("• Kurser\n• Billige boliger", ["• Kurser", "• Billige boliger"]),
        ("\uf0b7 Fokus på recovery\n\uf0b7 Tidlige indsatser", ["• Fokus på recovery", "• Tidlige indsatser"]),
        ("-Den lokale dækningsgrad\n-konkrete perspektiver", ["• Den lokale dækningsgrad", "• konkrete perspektiver"]),
        ("1. At udvalget godkender\nrammen.\n2. At udvalget drøfter sagen.", ["1. At udvalget godkender rammen.", "2. At udvalget drøfter sagen."]),
        # a recommendation's points ("at-punkter"): each its own, with its own deadline
        ("4. at der fremsendes en procesplan i starten af august 2015\n5. at udvalget får en status ultimo oktober 2015",
         ["4. at der fremsendes en procesplan i starten af august 2015", "5. at udvalget får en status ultimo oktober 2015"]),
    ],
)
def test_bullets_stay_list_items(raw: str, items: list[str]) -> None:
    blocks = clean_pages([(None, raw)])
    assert [b.text for b in blocks] == items
    assert all(b.is_list_item for b in blocks)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("kan stemmes.Det ser ikke ud", "kan stemmes. Det ser ikke ud"),
        ("udtale sig?Fru Karen Ellemann.", "udtale sig? Fru Karen Ellemann."),
        ("tjeneste.»Vi træder sammen", "tjeneste. »Vi træder sammen"),
        ("stemte 0.Lovforslaget er vedtaget", "stemte 0. Lovforslaget er vedtaget"),
        ("bl.a.Det gælder", "bl.a. Det gælder"),
        ("Mødet er hævet.(Kl.12:04).", "Mødet er hævet. (Kl.12:04)."),
        # left alone: numbers, abbreviations before lowercase, initials, addresses
        ("Mødet sluttede kl.12:04 og nr.2-8 samt stk.1", "Mødet sluttede kl.12:04 og nr.2-8 samt stk.1"),
        ("se (jf.nedenfor) og fx.", "se (jf.nedenfor) og fx."),
        ("Karen J.Klint (S)", "Karen J.Klint (S)"),
        ("skriv til Merete.Hansen@koege.dk eller www.Folketing.dk", "skriv til Merete.Hansen@koege.dk eller www.Folketing.dk"),
        ("beløbet er 3.400 kr. i 2015", "beløbet er 3.400 kr. i 2015"),
    ],
)
def test_run_together_sentences(raw: str, expected: str) -> None:
    assert separate_sentences(raw) == expected


def test_nfc_and_odd_spaces() -> None:
    assert clean_text("Mo\u0308de\u00a0i\u00adgen") == "Möde igen"


def test_short_title_line_is_its_own_block() -> None:
    raw = "Spor 2. Livsstilsændringer og sundhed\nKøbenhavnere med psykiske lidelser lever kortere."
    assert clean_text(raw).split("\n\n") == [
        "Spor 2. Livsstilsændringer og sundhed",
        "Københavnere med psykiske lidelser lever kortere.",
    ]


def test_pdf_glyphs_are_repaired() -> None:
    text = "Den ﬁnansielle ramme er ﬂeksibel og eƯektiv.\n\uf0b7 Borgerne er glade for tilbuddet.\n"
    cleaned = clean_text(text)
    assert "Den finansielle ramme er fleksibel og effektiv." in cleaned
    assert "• Borgerne er glade for tilbuddet." in cleaned


def test_small_caps_words_are_repaired_and_glued_words_left_alone() -> None:
    assert normalize_text("InDlæggelSe") == "Indlæggelse"
    for word in ("KOMBITs", "LangMellemKortIngen", "MødeSlut", "eSundhed", "McDonald"):
        assert normalize_text(word) == word


def test_footnote_numbers_are_split_from_words() -> None:
    assert normalize_text("borgerne i landdistriktet.1 Det er") == "borgerne i landdistriktet. 1 Det er"
    assert normalize_text("kl.12 og nr.2-8 og 2015-0135051") == "kl.12 og nr.2-8 og 2015-0135051"


def test_a_running_header_of_five_lines_goes_from_every_page_but_the_title_page_keeps_its_words() -> None:
    header = ["Sundheds- og Forebyggelsesudvalget", "Referat", "Åbent referat", "Dato: 04.12.2012"]
    pages = [
        "\n".join(header + ["Side 1", "Referat", "Sundheds- og Forebyggelsesudvalget",
                            "tirsdag den 4. december 2012, kl. 13:00"]),
        "\n".join(header + ["Side 2", "Det årlige bygningssyn er nu afsluttet, og der er foretaget en",
                            "prioritering af aktiviteter for bygningsvedligeholdelse 2013."]),
        "\n".join(header + ["Side 3", "Planen søges nu godkendt med henblik på frigivelse af midlerne."]),
    ]
    cleaned = clean_document(list(enumerate(pages, start=1)))
    assert cleaned.running[:5] == [*header, "Side 1"]
    texts = [b.text for b in cleaned.blocks]
    assert texts[0] == "Referat" and "Sundheds- og Forebyggelsesudvalget tirsdag den 4. december 2012" in texts[1]
    assert not any("Dato:" in t or t.startswith("Side") for t in texts)


def test_contents_pages_are_marked_and_kept() -> None:
    pages = [(1, "Kvalitetsstandarder 2013"),
             (2, "Indhold:\n1. Indledning ........ 2\n2. Råd og Vejledning ........ 2\n3. Værested ........ 2"),
             (3, "1. Indledning\nBrydehuset varetager misbrugsbehandlingen i Ballerup Kommune.")]
    blocks = clean_document(pages).blocks
    assert [b.text for b in blocks if b.is_contents] == [
        "Indhold:", "1. Indledning ........ 2", "2. Råd og Vejledning ........ 2", "3. Værested ........ 2"]
    assert not any(b.is_contents for b in blocks if b.page == 3)


@pytest.mark.parametrize("text, expected", [
    # a reference between two sentences of the text
    ("Ved at fokusere på rehabilitering udvides fokus. 6MarselisborgCentrets Hvidbog om rehabiliteringsbegrebet, "
     "2004. Det er der store perspektiver i.",
     [("Ved at fokusere på rehabilitering udvides fokus.", False),
      ("6MarselisborgCentrets Hvidbog om rehabiliteringsbegrebet, 2004.", True),
      ("Det er der store perspektiver i.", False)]),
    # a year in the title is not the end: the publisher's year is
    ("20Sundhedsprofil for unge 2011. Udarbejdet af Ekholm, O. Sundhedsstyrelsen, 2011. Der er ikke nogen "
     "entydig forklaring.",
     [("20Sundhedsprofil for unge 2011. Udarbejdet af Ekholm, O. Sundhedsstyrelsen, 2011.", True),
      ("Der er ikke nogen entydig forklaring.", False)]),
    # the end of a reference from the page before, ahead of the next one
    ("Institut for Folkesundhed, 2011. 15Unge er blevet trætte af druk. Jakob Demant. Videnskab.dk, 6. december 2011.",
     [("Institut for Folkesundhed, 2011.", True),
      ("15Unge er blevet trætte af druk. Jakob Demant. Videnskab.dk, 6. december 2011.", True)]),
])
def test_footnote_references_are_split_off_the_text(text: str, expected: list) -> None:
    assert split_notes(text) == expected


@pytest.mark.parametrize("text", [
    "Alliansen 0\n88Totalt antall partifordelte stemmesedler",  # a table's number glued to its next cell
    "Medianventetiden7 på genoptræning er 18 dage.",  # a note's number in the text
    "Punkt 4. 1. behandling af L 2.",
])
def test_text_without_footnote_references_stays_whole(text: str) -> None:
    assert split_notes(text) == [(text, False)]


def test_a_footnote_reference_is_kept_for_reading_but_never_searched() -> None:
    blocks = clean_pages([(52, "Unge drikker mindre end før. 15Unge er blevet trætte af druk. Jakob Demant. "
                               "Videnskab.dk, 6. december 2011.")])
    assert [(b.text, b.is_contents) for b in blocks] == [
        ("Unge drikker mindre end før.", False),
        ("15Unge er blevet trætte af druk. Jakob Demant. Videnskab.dk, 6. december 2011.", True)]


def test_a_print_footer_glued_to_the_end_of_a_text_line_is_taken_off_it() -> None:
    raw = ("aktører og driftsherrer i perioden 15. august til 15. oktober 2015. "
           "http://www.kk.dk/edocagenda/24821/ce72d97f03a04a52a6#attachments 6/6\n"
           "Der blev begæret afstemning om ændringsforslaget.")
    assert "kk.dk" not in clean_text(raw) and "6/6" not in clean_text(raw)


def test_the_web_pages_print_footer_is_in_no_follow_up_or_decision_of_the_socialudvalg_minutes() -> None:
    from indexer.ingest.pipeline import ingest_file
    from indexer.minutes.decisions import extract_decisions
    from indexer.minutes.followups import extract_followups
    from tests.paths import SAMPLE_ARCHIVE
    record, paragraphs = ingest_file(SAMPLE_ARCHIVE / "minutes" / "002_c6494850ffb86ef0.txt", SAMPLE_ARCHIVE)
    texts = [p.text for p in paragraphs] + [x.text for x in extract_followups(record, paragraphs)
                                            + extract_decisions(record, paragraphs)]
    assert not [t for t in texts if "kk.dk/edocagenda" in t or "12/8/2015" in t or "#attachments" in t]


def test_control_characters_and_private_use_glyphs_are_taken_out_of_the_text():
    # a NUL and a symbol font's glyph on a printed web page's header would stand in its title and citations
    from indexer.ingest.clean import normalize_text

    assert normalize_text("Mødedato 24.06.2015 \x00\ue001 Referat\x1b") == "Mødedato 24.06.2015  Referat"
    assert normalize_text("side 1\fside 2\n") == "side 1\fside 2\n"  # a page break and a line stay


def test_a_subheading_between_a_sentence_end_and_a_capital_stands_alone_though_the_lines_run_full_width() -> None:
    wide = "x" * 90
    raw = (f"{wide}\nUnge kan tilbydes nedtrapning. Målet er for den gruppe alene stoffri behandling i {wide[:10]}.\n"
           "Afgørelse om tildeling af substitutionsbehandling\n"
           f"Alle borgere er via lovgivningen sikret retten til at modtage denne ydelse, {wide[:20]}.\n")
    texts = [b.text for b in clean_pages([(1, raw)])]
    assert "Afgørelse om tildeling af substitutionsbehandling" in texts
    assert not any(t.endswith("substitutionsbehandling") and t != "Afgørelse om tildeling af substitutionsbehandling"
                   for t in texts)


def test_a_bodys_decision_heading_stands_apart_from_the_recommendation_above_and_the_decision_under_it() -> None:
    raw = ("Indstilling\nCenter for Ejendomme indstiller, at arbejderne godkendes.\n"
           "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2\nIndstillingen godkendt\n")
    texts = [b.text for b in clean_pages([(5, raw)])]
    assert "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2" in texts
    assert "Indstillingen godkendt" in texts


def test_direction_overrides_in_a_files_text_are_left_out():
    from indexer.ingest.clean import normalize_text

    # "Ulla \u202eTest" would read backwards, and turn the page's own words around it
    assert normalize_text("Ulla \u202eTest\u202c og \u2066Bo\u2069") == "Ulla Test og Bo"
