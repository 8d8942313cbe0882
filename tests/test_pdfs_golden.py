"""Golden tests on the real municipal PDFs of the sample archive (archive/pdfs/).

Per file: what a secretary would file (meeting date, body, title, case number, the
document's own date, the minutes an attachment belongs to), the agenda items found, the
case number each paragraph cites, and that every word pypdf extracts from the body text
ends up in some paragraph's text.
"""
from __future__ import annotations

import re
from functools import cache

import pytest

from indexer.ingest.pipeline import ingest_file
from indexer.ingest.read import read_document
from indexer.records import Hit, Paragraph, Record
from tests.pdfs import ARCHIVE, word_coverage

PDFS = ARCHIVE / "pdfs"
REFERAT = "pdfs/ballerup_sfu_referat_2012-12-04.pdf"
SFU = "Sundheds- og Forebyggelsesudvalget"
SSB = "Social, Sundhed og Beskæftigelse"  # the letterhead of the centre's memos

# file → expected Record fields (None: unknown, and must stay unknown); an attachment beside its minutes is filed
# under the body that met, its letterhead's office its author
GOLDEN: dict[str, dict[str, str | None]] = {
    "ballerup_sfu_referat_2012-12-04.pdf": {
        "meeting_date": "2012-12-04", "body": SFU, "doc_type": "referat", "case_number": None,
        "title": f"Referat: {SFU} tirsdag den 4. december 2012"},
    "ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf": {
        "meeting_date": "2012-12-04", "body": SFU, "doc_type": "dagsordenspunkt", "case_number": "2012-28504",
        "title": "Bygningsvedligeholdelse 2013 - anlægsbevilling"},
    "ballerup_sfu_2012-12-04_punkt08_rygestop.pdf": {
        "meeting_date": "2012-12-04", "body": SFU, "doc_type": "dagsordenspunkt", "case_number": "2010-3082",
        "title": "Evaluering af rygestopkurser"},
    "ballerup_sfu_bilag_aktivitetscenter_solvej6.pdf": {
        "meeting_date": "2012-12-04", "document_date": "2012-11-08", "body": SFU, "author": "Center for Ejendomme",
        "title": "Projektbeskrivelse for etablering af aktivitetscenter på Solvej 6", "attachment_to": REFERAT},
    "ballerup_kvalitetsstandarder_stof_alkohol_2013.pdf": {
        "meeting_date": None, "title": "Kvalitetsstandarder for behandling af stof- og alkoholmisbrug 2013"},
    "ballerup_sfu_bilag_seniorraad_hoeringssvar.pdf": {
        "meeting_date": "2012-12-04", "document_date": "2012-11-20", "body": SFU, "author": SSB, "attachment_to": REFERAT,
        "title": "Redegørelse fra Træning og Aktivitet vedr. Seniorrådets høringssvar"},
    "ballerup_sfu_bilag_takstreduktion_torvevej.pdf": {
        "meeting_date": "2012-12-04", "document_date": "2012-11-19", "body": SFU, "author": SSB, "doc_type": "notat",
        "title": "Tilpasning af budget 2 % i 2013 og 3 % i 2014, på aflastningsinstitutionen, Torvevej 31, "
                 "2740 Skovlunde"},
    "ballerup_sfu_bilag_kronikerindsatser.pdf": {
        "meeting_date": "2012-12-04", "document_date": "2012-12-04", "body": SFU, "author": SSB,
        "title": "Prioritering af midler til indsatser for kronisk syge borgere"},
    "ballerup_sfu_bilag_kl_proces_naere_sundhedsvaesen.pdf": {
        "meeting_date": "2012-12-04", "document_date": "2012-11-19", "body": SFU, "author": SSB,
        "title": "KLs proces vedrørende det nære sundhedsvæsen"},
    "ballerup_kmb_it_udvalg_bilag_kl_monopolbrud_2013.pdf": {
        "meeting_date": None, "document_date": "2013-01-03", "body": None,
        "title": "Tilslutning til monopolbruddet"},
    "kkr_hovedstaden_invitation_dialogmoede.pdf": {
        "meeting_date": None, "body": "KKR Hovedstaden",
        "title": "Hvordan udvikler vi det nære sundhedsvæsen sammen?"},
    "kl_det_naere_sundhedsvaesen_rapport_2012.pdf": {
        "meeting_date": None, "body": None, "title": "Det nære sundhedsvæsen"},
    "konference_forebyggelse_ulighed_program_2012-12-10.pdf": {
        "meeting_date": "2012-12-10", "title": "Konference ”Forebyggelse af ulighed i sundhedsvæsenet”"},
    "nord-odal_valgprotokoll_stortingsvalget_2021_NO.pdf": {
        "meeting_date": "2021-09-15", "body": "Valgstyret i Nord-Odal kommune", "doc_type": "protokol"},
}

ITEMS = {
    "ballerup_sfu_referat_2012-12-04.pdf": [
        ("1", "Meddelelser"), ("2", "Bygningsvedligeholdelse 2013 - anlægsbevilling"),
        ("3", "Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013"),
        ("4", "Takstreduktion på aflastningstilbuddet Torvevej i Skovlunde i 2013"),
        ("5", "KL's opfølgningsproces vedrørende det nære sundhedsvæsen"),
        ("6", "Prioritering af midler til kronisk syge borgere og hverdagsrehabilitering for ældre"),
        ("7", "Etablering af aktivitetscenter på Solvej 6 i Ballerup"), ("8", "Evaluering af rygestopkurser")],
    "ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf": [
        ("2", "Bygningsvedligeholdelse 2013 - anlægsbevilling")],
    "ballerup_sfu_2012-12-04_punkt08_rygestop.pdf": [("8", "Evaluering af rygestopkurser")],
    # an attachment's numbered chapters ("8. Intensiv behandling", listed in its contents) are no agenda items
    "ballerup_kvalitetsstandarder_stof_alkohol_2013.pdf": [],
}
# The case number each item of the minutes states under its title ("Sagsnr.: 2010-3082").
ITEM_CASES = {"1": "2011-29298", "2": "2012-28504", "3": "2012-31114", "4": "2012-31673", "5": "2011-29939",
              "6": "2012-21786", "7": "2012-28505", "8": "2010-3082"}
TEXT_LAYER = sorted(name for name in GOLDEN)  # the scanned list is OCR's (tests/test_ocr.py)
REPORT = "kl_det_naere_sundhedsvaesen_rapport_2012.pdf"
# pypdf takes some 10 s on the 108-page report: it runs with the slow tests.
CASES = [pytest.param(name, marks=pytest.mark.slow) if name == REPORT else name for name in TEXT_LAYER]


@cache
def ingested(name: str) -> tuple[Record, list[Paragraph]]:
    return ingest_file(PDFS / name, root=ARCHIVE, catalog={}, ocr=False)


def test_every_pdf_of_the_sample_archive_has_a_golden_row() -> None:
    assert {p.name for p in PDFS.glob("*.pdf")} == set(GOLDEN) | {"ballerup_sfu_bilag_bygningsliste_SCANNED.pdf"}


@pytest.mark.parametrize("name", CASES)
def test_metadata_is_filed_as_a_secretary_would(name: str) -> None:
    record, _ = ingested(name)
    expected = GOLDEN[name]
    assert {field: getattr(record, field) for field in expected} == expected
    assert set(record.sources) == {k for k in record.sources if getattr(record, k)}  # origins of known fields only


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_agenda_items_are_recognised(name: str) -> None:
    _, paragraphs = ingested(name)
    found = sorted({(p.item_number, p.item_title) for p in paragraphs if p.item_number}, key=lambda x: int(x[0]))
    assert found == ITEMS[name]
    # every paragraph of an agenda item's text opens on, or sits under, a heading
    assert all(p.heading for p in paragraphs if p.item_number)


def test_each_paragraph_of_the_minutes_cites_its_own_items_case_number() -> None:
    record, paragraphs = ingested("ballerup_sfu_referat_2012-12-04.pdf")
    cited = {(p.item_number, Hit.from_parts(record, p).case_number) for p in paragraphs}
    assert cited == {(None, None)} | set(ITEM_CASES.items())  # the front page and contents cite none


@pytest.mark.parametrize("name", CASES)
def test_no_paragraph_cites_another_items_case_number(name: str) -> None:
    """A paragraph cites a case number stated within its own agenda item, or the document's when
    the document is one item (or none); an attachment's, the item's its minutes list it under."""
    record, paragraphs = ingested(name)
    if record.attachment_to:
        assert all(Hit.from_parts(record, p).case_number == ITEM_CASES[p.item_number]
                   for p in paragraphs if p.item_number)
        return
    item_text: dict[str, str] = {}
    for p in paragraphs:
        if p.item_number:
            item_text[p.item_number] = item_text.get(p.item_number, "") + "\n" + p.text
    for p in paragraphs:
        cited = Hit.from_parts(record, p).case_number
        if cited is not None:
            own = cited in item_text.get(p.item_number or "", "")
            assert own or (len(item_text) <= 1 and cited == record.case_number), (p.id, cited)


def test_minutes_take_body_and_date_from_the_running_header_and_keep_it_out_of_the_text() -> None:
    record, paragraphs = ingested("ballerup_sfu_referat_2012-12-04.pdf")
    assert record.sources["body"] == "header" and record.sources["meeting_date"] == "header"
    assert not any("Dato: 04.12.2012" in p.text for p in paragraphs)
    assert not any(re.search(r"^Side \d+$", p.text, re.M) for p in paragraphs)
    # the sentence before "Baggrund" stays text; "Baggrund" heads what follows
    p = next(p for p in paragraphs if "foreslås videreført i 2013." in p.text)
    assert "Baggrund" not in (p.heading or "") and p.item_number == "3"


def test_contents_pages_are_kept_but_marked() -> None:
    for name, entry in [("ballerup_sfu_referat_2012-12-04.pdf", "1. Meddelelser 3"),
                        ("ballerup_kvalitetsstandarder_stof_alkohol_2013.pdf", "12. Konsulentfunktion ...")]:
        _, paragraphs = ingested(name)
        contents = [p for p in paragraphs if p.is_contents]
        assert contents and any(entry in p.text for p in contents)
        assert not any(p.is_contents for p in paragraphs if "Sagsnr" in p.text or "Brydehuset varetager" in p.text)


def test_an_attachment_knows_its_own_date_apart_from_the_meeting() -> None:
    record, _ = ingested("ballerup_kmb_it_udvalg_bilag_kl_monopolbrud_2013.pdf")
    # the letter mentions 6 November and 26 November 2012; it is dated 3 January 2013
    assert (record.meeting_date, record.document_date) == (None, "2013-01-03")


@pytest.mark.slow
def test_small_caps_are_repaired() -> None:
    _, report = ingested(REPORT)
    text = "\n".join(p.text for p in report)
    assert "Indlæggelse" in text and "InDlæggelSe" not in text


def test_private_use_bullets_are_repaired() -> None:
    _, memo = ingested("ballerup_sfu_bilag_seniorraad_hoeringssvar.pdf")
    assert not any("\uf0b7" in p.text for p in memo) and any("• " in p.text for p in memo)


def test_table_rows_keep_their_labels_next_to_their_values() -> None:
    _, paragraphs = ingested("nord-odal_valgprotokoll_stortingsvalget_2021_NO.pdf")
    assert any(re.search(r"Godkjente \| — \| 1 312", p.text) for p in paragraphs)


def test_no_paragraph_of_these_records_has_a_speaker() -> None:
    # None of them has "Name siger, at …"; "Ovenstående viser" must not make one.
    for name in TEXT_LAYER:
        if name == REPORT:
            continue  # (slow to read; its paragraphs are checked by the slow tests)
        assert {p.speaker for p in ingested(name)[1]} == {None}, name


@pytest.mark.parametrize("name", CASES)
def test_every_word_of_the_body_text_is_in_some_paragraph(name: str) -> None:
    """≥ 99 % of the words pypdf extracts (running headers/footers excepted) are in paragraph
    text, counted with multiplicity; a word split by a line-end hyphen counts when the
    healed word holds it."""
    document = read_document(PDFS / name, ocr=False)
    _, paragraphs = ingested(name)
    coverage, missing, kept_share = word_coverage(document, paragraphs)
    assert kept_share >= 0.85, "furniture removal took more than running lines"
    assert coverage >= 0.99, f"{name}: {coverage:.2%} of words kept; missing e.g. {missing[:15]}"


@pytest.mark.parametrize(("name", "item"), [("ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf", "2"),
                                            ("ballerup_sfu_2012-12-04_punkt08_rygestop.pdf", "8")])
def test_an_item_published_alone_reads_as_the_same_paragraphs_as_in_the_minutes(name: str, item: str) -> None:
    """So that search can show the text once, with both documents as its sources."""
    _, minutes = ingested("ballerup_sfu_referat_2012-12-04.pdf")
    _, alone = ingested(name)
    assert [p.text for p in alone] == [p.text for p in minutes if p.item_number == item]


def test_inspection_shows_where_each_field_came_from_and_the_agenda_items() -> None:
    from indexer.ingest.pipeline import format_inspection

    shown = format_inspection(*ingested("ballerup_sfu_referat_2012-12-04.pdf"))
    assert "body:          Sundheds- og Forebyggelsesudvalget  [header]" in shown
    assert "meeting_date:  2012-12-04  [header]" in shown
    assert "item: 2. Bygningsvedligeholdelse 2013 - anlægsbevilling" in shown and "CONTENTS" in shown


def test_a_heading_at_the_foot_of_a_page_is_cited_with_its_text_on_the_next_page() -> None:
    _, paragraphs = ingested("ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf")
    cited = next(p for p in paragraphs if "38.916.000 kr." in p.text)
    assert cited.text.startswith("Økonomiske konsekvenser og finansiering\n") and cited.page == 2
