"""Citations and exports in the reader's language: CSV for Danish Excel, plain Markdown, cards."""
from __future__ import annotations

import csv
import io

from indexer import present
from indexer.present import ExportHeader, Wording
from indexer.records import Hit

ENGLISH = Wording(unknown_body="unknown body", undated="undated", page="p.", item="item", case="case no.",
                  file="file", source="Source", upload="uploaded file, not an official record", search="Search",
                  searched_at="Searched", filters="Filters", no_filters="none", mode="Mode", results="Results")
HEADER = ExportHeader(query="huslejestigninger", searched_at="2026-11-23 18:40",
                      filters="Organ: Dialogforum; Fra: 2012-12-04", total=37)


def hit(n: int = 1, **fields) -> Hit:
    values = dict(id=f"p{n}", score=0.5, text="Huslejestigninger på bostederne.\nÆldrerådet var imod.",
                  document="pdfs/ballerup_sfu_2012-12-04_punkt02.pdf", title="Referat", body="Socialudvalget",
                  date="2012-12-04", doc_type="referat", page=3, heading="Bygningsvedligeholdelse", speaker=None)
    values.update(fields)
    return Hit(**values)


def test_citation_names_body_date_document_page_and_file_in_the_chosen_language():
    assert present.citation(hit()) == ("Socialudvalget, 2012-12-04, Referat, Bygningsvedligeholdelse, s. 3 "
                                       "(fil: pdfs/ballerup_sfu_2012-12-04_punkt02.pdf)")
    english = present.citation(hit(body=None, date=None, page=None), ENGLISH)
    assert english.startswith("unknown body, undated, Referat") and "s." not in english and "udateret" not in english


def test_citation_uses_the_agenda_item_and_case_number_when_known():
    rich = hit()
    setattr(rich, "item_number", "2")
    setattr(rich, "item_title", "Bygningsvedligeholdelse")
    setattr(rich, "case_number", "2012-0042")
    assert ", punkt 2 Bygningsvedligeholdelse, s. 3, sagsnr. 2012-0042 (fil:" in present.citation(rich)


def test_uploads_are_marked_in_citations_and_cards():
    upload = hit(document="uploads/notat.pdf")
    assert present.citation(upload).endswith("[uploadet fil, ikke et officielt dokument]")
    assert 'class="hit-badge hit-upload"' in present.hit_html(upload)
    assert "hit-upload" not in present.hit_html(hit())


def test_csv_opens_in_danish_excel_with_bom_semicolons_and_the_search_in_the_header():
    data = present.to_csv([hit(1), hit(2, text="=HYPERLINK(\"http://x\")")], HEADER)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Søgning", "huslejestigninger"] and rows[1] == ["Filtre", "Organ: Dialogforum; Fra: 2012-12-04"]
    assert rows[2] == ["Søgt", "2026-11-23 18:40"] and rows[3] == ["Resultater", "37"]
    table = rows[rows.index(list(Wording().columns)):]
    assert len(table) == 3 and table[1][1:4] == ["Socialudvalget", "2012-12-04", "Referat"]
    assert table[1][11] == "Huslejestigninger på bostederne.\nÆldrerådet var imod."
    assert table[2][11].startswith("'=")  # a formula in a document is shown, never run


def test_markdown_is_plain_with_header_and_citations():
    text = present.to_markdown([hit()], HEADER)
    assert text.startswith("# Søgning: huslejestigninger\n")
    assert "- Søgt: 2026-11-23 18:40" in text and "- Filtre: Organ: Dialogforum; Fra: 2012-12-04" in text
    assert "> Huslejestigninger på bostederne.\n> Ældrerådet var imod." in text
    assert "Kilde: Socialudvalget, 2012-12-04," in text and "ballerup_sfu_2012-12-04_punkt02.pdf" in text
    assert "\\" not in text


def test_markdown_headings_follow_the_language():
    text = present.to_markdown([hit(body=None)], HEADER, ENGLISH)
    assert text.startswith("# Search: ") and "Source: unknown body" in text and "Kilde" not in text


def test_card_title_is_a_heading_and_document_text_is_escaped():
    card = present.hit_html(hit(title="<b>Møde</b>"), ["huslejestigninger"], rank=4)
    assert '<h3 class="hit-title"><span class="hit-rank">4.</span> &lt;b&gt;Møde&lt;/b&gt;</h3>' in card
    assert "<mark>Huslejestigninger</mark>" not in card  # whole words only, as given


def test_markdown_escape_stops_streamlit_directives():
    assert present.markdown_escape(":red[hi]") == "\\:red\\[hi\\]"


def test_shorten_cuts_long_queries_at_a_word():
    assert present.shorten("kort") == "kort"
    long = "husleje " * 50
    assert present.shorten(long, 20) == "husleje husleje …"
