"""Minutes read from PDFs, for layouts the sample archive lacks: a council's front page, agenda
item titles wrapped over two lines, an agenda item published alone whose text names another body."""
from __future__ import annotations

from pathlib import Path

from indexer.ingest.pipeline import ingest_file
from indexer.records import Hit
from tests.paths import DATA
from tests.pdfs import make_pdf

COUNCIL_MINUTES = [
    ["Referat", "Byrådets møde den 12. marts 2024 kl. 17.00", "Byrådssalen, Rådhuset", "",
     "Punkt 1: Forslag om ændring af prisen på parkering i", "Greve Centrum", "Sagsnr.: 24/1234",
     "Økonomiudvalget indstiller, at prisen på parkering i Greve Centrum hæves fra 1. maj 2024.",
     "Økonomiudvalget har drøftet sagen to gange, og Økonomiudvalget anbefaler forslaget.",
     "Beslutning", "Byrådet godkendte forslaget uden bemærkninger.", "",
     "2. Orientering om status for projekt", "Grønne Greve", "Sagsnr.: 24/1235",
     "Forvaltningen orienterer om status for projektet, der følger tidsplanen.",
     "Beslutning", "Byrådet tog orienteringen til efterretning."],
    ["3. Eventuelt", "Dok.nr.: 24/99", "Der var intet under punktet eventuelt på dette møde."],
]


def test_a_councils_minutes_are_filed_from_their_front_page_and_each_item_cites_its_own_case(tmp_path: Path) -> None:
    record, paragraphs = ingest_file(make_pdf(tmp_path / "referat.pdf", COUNCIL_MINUTES), root=tmp_path, catalog={})
    assert (record.body, record.sources["body"]) == ("Byrådet", "title page")  # not Økonomiudvalget, named more
    assert record.title == "Referat: Byrådets møde den 12. marts 2024"
    assert record.case_number is None  # the minutes of three items have no case number of their own
    cited = {(p.item_number, p.item_title, Hit.from_parts(record, p).case_number) for p in paragraphs}
    assert cited == {(None, None, None),
                     ("1", "Forslag om ændring af prisen på parkering i Greve Centrum", "24/1234"),
                     ("2", "Orientering om status for projekt Grønne Greve", "24/1235"),
                     ("3", "Eventuelt", None)}


def test_an_item_published_alone_is_filed_under_the_body_whose_decision_it_records() -> None:
    # Its text names Kommunalbestyrelsen three times ("Beslutningen træffes af Kommunalbestyrelsen")
    # and the committee that met once, in its decision's heading.
    path = DATA / "pdfs" / "ballerup_sfu_2012-12-04_punkt03_kvalitetsstandarder.pdf"
    record, paragraphs = ingest_file(path, root=path.parent, catalog={}, ocr=False)
    assert (record.body, record.case_number) == ("Sundheds- og Forebyggelsesudvalget", "2012-31114")
    assert {(p.item_number, Hit.from_parts(record, p).case_number) for p in paragraphs} == {("3", "2012-31114")}
