"""Citations and exports in the reader's language: CSV for Danish Excel, plain Markdown, cards."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

from indexer import present
from indexer.present.hits import ExportHeader, Wording
from indexer.present.wording import ENGLISH as ENGLISH_WORDS
from indexer.records import Hit

ENGLISH = Wording(decimal=".", unknown_body="unknown body", undated="undated", page="p.", item="item", case="case no.",
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


def test_exports_name_the_other_documents_holding_the_same_text():
    copied = hit(1, also_in=("byraad/2023-09-04.json", "oeu/2023-08-28.json"))
    rows = list(csv.reader(io.StringIO(present.to_csv([copied, hit(2)], HEADER).decode("utf-8-sig")), delimiter=";"))
    assert rows[-2][-1] == "byraad/2023-09-04.json; oeu/2023-08-28.json" and rows[-1][-1] == ""
    assert "Også i: byraad/2023-09-04.json; oeu/2023-08-28.json" in present.to_markdown([copied], HEADER)


def test_markdown_is_plain_with_header_and_citations():
    text = present.to_markdown([hit()], HEADER)
    assert text.startswith("# Søgning: huslejestigninger\n")
    assert "- Søgt: 2026-11-23 18:40" in text and "- Filtre: Organ: Dialogforum; Fra: 2012-12-04" in text
    assert "> Huslejestigninger på bostederne.\n> Ældrerådet var imod." in text
    assert "Kilde: Socialudvalget, 2012-12-04," in text and "ballerup_sfu_2012-12-04_punkt02.pdf" in text
    assert "\\" not in text
    assert "\n## 1. Referat\n" in text  # no agenda item: the document's title alone
    # a meeting's results each under their agenda item, not one heading after another alike
    items = present.to_markdown([hit(1, item_number="16", item_title="Kystbeskyttelse"),
                                 hit(2, item_number="3", item_title="Budget 2024")], HEADER)
    assert "## 1. Referat · punkt 16 Kystbeskyttelse\n" in items and "## 2. Referat · punkt 3 Budget 2024\n" in items


def test_markdown_headings_follow_the_language():
    text = present.to_markdown([hit(body=None)], HEADER, ENGLISH)
    assert text.startswith("# Search: ") and "Source: unknown body" in text and "Kilde" not in text


def test_card_title_is_a_heading_and_document_text_is_escaped():
    card = present.hit_html(hit(title="<b>Møde</b>"), ["huslejestigninger"], rank=4)
    assert '<h3 class="hit-title"><span class="hit-rank">4.</span> &lt;b&gt;Møde&lt;/b&gt;</h3>' in card
    assert "<mark>Huslejestigninger</mark>" not in card  # whole words only, as given


def test_a_card_names_the_part_of_its_agenda_item_a_paragraph_is_from_unless_it_is_the_items_title_again():
    # "06-03-2023 Kultur- og Fritidsudvalget: Udvalget indstiller …" in the committee's papers: the case's history
    history = hit(heading="Sagens forløb", item_number="3", item_title="Videreførsel af energitiltag")
    detail = re.search(r'class="hit-detail">(.*?)</div>', present.hit_html(history)).group(1)
    assert detail.startswith("punkt 3 Videreførsel af energitiltag · Sagens forløb · s. 3")
    again = hit(heading="Punkt 3. Videreførsel af energitiltag", item_number="3", item_title="Videreførsel af energitiltag")
    assert "Punkt 3. Videreførsel" not in present.hit_html(again)


def test_markdown_escape_stops_streamlit_directives():
    assert present.markdown_escape(":red[hi]") == "\\:red\\[hi\\]"


def test_shorten_cuts_long_queries_at_a_word():
    assert present.shorten("kort") == "kort"
    long = "husleje " * 50
    assert present.shorten(long, 20) == "husleje husleje …"


def test_a_shortened_title_keeps_its_meetings_date():
    # a card's links named "Referat: Beskæftigelses- og Erhvervsudvalget 6. …" for every meeting of the body
    title = "Referat: Beskæftigelses- og Erhvervsudvalget 6. februar 2022"
    assert present.shorten_title(title, 50) == "Referat: Beskæftigelses- og … 6. februar 2022"
    assert present.shorten_title("Referat: Byråd 2022-2025 4. september 2023", 50) == "Referat: Byråd 2022-2025 4. september 2023"
    assert present.shorten_title("husleje " * 20, 20) == present.shorten("husleje " * 20, 20)


def test_hit_html_escapes_every_field_and_marks_the_words():
    evil = hit(0, text="<script>alert(1)</script> **fed** [link](javascript:x) huslejestigninger",
               title="<img src=x onerror=alert(1)>", body="<b>Organ</b>", heading="<i>Punkt 1</i>",
               speaker="<u>Per</u>", page=3)
    card = present.hit_html(evil, ["huslejestigninger"], rank=1)
    assert "<script>" not in card and "<img" not in card and "<b>" not in card and "<i>" not in card
    assert "&lt;script&gt;" in card and "&lt;img src=x" in card and "s. 3" in card
    assert "<mark>huslejestigninger</mark>" in card


def test_context_html_sets_the_current_paragraph_apart():
    paragraphs = [hit(0, text="Før <b>", heading="Punkt 3"), hit(1, text="Her om husleje", speaker="Eva", heading="Punkt 3"),
                  hit(2, text="Efter", heading="Punkt 4")]
    html = present.context_html(paragraphs, "p1", ["husleje"])
    assert html.count("ctx-heading") == 2 and "Før &lt;b&gt;" in html
    assert '<p class="ctx ctx-current"><span class="ctx-speaker">Eva:</span> Her om <mark>husleje</mark></p>' in html


def test_a_paragraph_that_opens_with_its_heading_does_not_show_it_twice():
    paragraphs = [hit(0, text="Baggrund\nBallerup Kommune har tilbudt kurser", heading="Baggrund"),
                  hit(1, text="Den dalende tilslutning", heading="Sagsfremstilling")]
    html = present.context_html(paragraphs, "p1")
    assert html.count("Baggrund") == 1 and html.count("ctx-heading") == 1


# -- decisions and follow-ups ---------------------------------------------------------------
from indexer.records import Decision, FollowUp, FollowUpLink, Vote  # noqa: E402

PROMISE = FollowUp(id="fu-1", document="pdfs/ballerup_sfu_referat_2012-12-04.pdf", body="Sundheds- og Forebyggelsesudvalget",
                   meeting_date="2012-12-04", item_number="7", item_title="Etablering af aktivitetscenter",
                   text="Skitseprojekt vil blive forelagt i fagudvalgene i februar måned.",
                   who="Socialforvaltningen", what="Skitseprojekt vil blive forelagt i fagudvalgene i februar måned",
                   deadline="i februar måned", paragraph_id="abc-00042", page=12)
LATER = FollowUpLink(follow_up_id="fu-1", paragraph_id="def-00007", document="pdfs/sfu_2013-02-05.pdf",
                     body="Sundheds- og Forebyggelsesudvalget", date="2013-02-05", score=0.93,
                     text="Skitseprojektet for Solvej 6 forelægges.", same_body=True, page=4, rule="case")
DOCUMENT = {"title": "Referat: Sundheds- og Forebyggelsesudvalget", "case_number": "2012-0042"}


def test_long_dates_in_danish_and_english():
    assert present.long_date("2015-03-07") == "7. marts 2015"
    assert present.long_date("2015-08-27", ENGLISH_DATES) == "27 August 2015"
    assert present.long_date(None) is None and present.long_date("sommeren 2015") == "sommeren 2015"


ENGLISH_DATES = Wording(months=("January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"), day_dot="",
                        promised="promised on {date} by {who}", taken_up="taken up again on {date}",
                        nothing_since="nothing found since")


def test_follow_up_reads_who_promised_when_and_whether_it_was_taken_up_again():
    assert present.follow_up_status(PROMISE, [LATER]) == \
        "lovet 4. december 2012 af Socialforvaltningen — taget op igen 5. februar 2013"
    assert present.follow_up_status(PROMISE, []) == "lovet 4. december 2012 af Socialforvaltningen — intet fundet siden"
    assert present.follow_up_status(PROMISE, [], ENGLISH_DATES) == \
        "promised on 4 December 2012 by Socialforvaltningen — nothing found since"
    undated = FollowUp(**{**vars(PROMISE), "meeting_date": None, "who": None})
    assert present.follow_up_status(undated, []) == "lovet (udateret møde) af ikke angivet — intet fundet siden"
    unsaid = FollowUp(**{**vars(PROMISE), "who": None, "requested_by": None})  # where, when nobody is named
    assert present.follow_up_status(unsaid, []) == f"lovet 4. december 2012 i {PROMISE.body} — intet fundet siden"
    for text in ("Sagen blev udsat.", "Punktet udsættes til næste møde.", "Udsættes til ekstraordinært møde."):
        put_off = FollowUp(**{**vars(unsaid), "text": text, "what": text})  # nobody promised: it is to come back
        assert present.follow_up_status(put_off, []) == f"udsat 4. december 2012 i {PROMISE.body} — intet fundet siden"
    assert present.follow_up_status(put_off, [], present.ENGLISH).startswith("postponed on 4 December 2012 at ")


def test_a_link_found_by_similarity_alone_says_it_may_be_the_place():
    similar = FollowUpLink(**{**vars(LATER), "rule": "similar"})
    assert present.follow_up_status(PROMISE, [similar]) == \
        "lovet 4. december 2012 af Socialforvaltningen — muligvis taget op igen 5. februar 2013 (et lignende punkt)"
    markdown = present.follow_ups_markdown([present.FollowUpEntry(PROMISE, "open", [similar], DOCUMENT)], "t", "x")
    assert "  muligvis taget op igen 5. februar 2013 (et lignende punkt) (Sundheds-" in markdown
    assert present.follow_up_status(PROMISE, [LATER]).endswith("— taget op igen 5. februar 2013")  # its case


def test_the_links_after_the_first_are_named_as_other_places_to_look_in_every_checklist():
    council = FollowUpLink(**{**vars(LATER), "paragraph_id": "ghi-00003", "document": "pdfs/by_2013-03-04.pdf",
                              "body": "Byrådet", "date": "2013-03-04", "item_number": "12", "rule": "similar"})
    entry = present.FollowUpEntry(PROMISE, "open", [LATER, council], DOCUMENT)
    assert present.other_places(entry.links) == "4. marts 2013, Byrådet, punkt 12"
    assert present.other_places([LATER]) == "" == present.other_places([])
    own = FollowUpLink(**{**vars(council), "body": PROMISE.body})  # the promise's own body is named too
    assert present.other_places([council, own]) == "4. marts 2013, Sundheds- og Forebyggelsesudvalget, punkt 12"
    assert "  andre mulige steder: 4. marts 2013, Byrådet, punkt 12" in \
        present.follow_ups_markdown([entry], "t", "x").splitlines()
    assert "andre mulige steder" not in present.follow_ups_markdown(
        [present.FollowUpEntry(PROMISE, "open", [LATER], DOCUMENT)], "t", "x")
    assert checklist_rows([entry])[0]["andre mulige steder"] == "4. marts 2013, Byrådet, punkt 12"


def test_every_checklist_names_where_the_same_promise_stood_as_its_case_went_on():
    # the app's card says it ("Samme løfte, da sagen kom videre: …"); the Markdown and CSV lost it
    again = FollowUp(**{**vars(PROMISE), "id": "fu-2", "body": "Økonomiudvalget", "meeting_date": "2012-12-17"})
    entry = present.FollowUpEntry(PROMISE, "open", [LATER], DOCUMENT, repeated=[again])
    assert "  samme løfte, da sagen kom videre: Økonomiudvalget 17. december 2012" in \
        present.follow_ups_markdown([entry], "t", "x").splitlines()
    assert checklist_rows([entry])[0]["samme løfte, da sagen kom videre"] == "Økonomiudvalget 17. december 2012"
    alone = present.FollowUpEntry(PROMISE, "open", [LATER], DOCUMENT)
    assert "samme løfte" not in present.follow_ups_markdown([alone], "t", "x")
    assert checklist_rows([alone])[0]["samme løfte, da sagen kom videre"] == ""


def test_follow_up_citation_reads_as_the_secretariat_cites_without_file_path_or_iso_date():
    assert present.follow_up_citation(PROMISE, DOCUMENT) == (
        "Sundheds- og Forebyggelsesudvalget, 4. december 2012, Referat: Sundheds- og Forebyggelsesudvalget, "
        "punkt 7 Etablering af aktivitetscenter, s. 12, sagsnr. 2012-0042")


def test_follow_up_citation_does_not_say_the_body_and_the_day_twice_where_the_title_repeats_them():
    # a meeting system's title, "Referat: Kultur- og Fritidsudvalget 9. februar 2022", after "Kultur- og
    # Fritidsudvalget, 9. februar 2022": a secretary read both twice
    repeated = {**DOCUMENT, "title": "Referat: Sundheds- og Forebyggelsesudvalget 4. december 2012"}
    assert present.follow_up_citation(PROMISE, repeated).startswith(
        "Sundheds- og Forebyggelsesudvalget, 4. december 2012, Referat, punkt 7 Etablering af aktivitetscenter")


def test_follow_up_citation_leaves_no_weekday_of_the_title_behind():
    # a PDF's front matter names the day with its weekday: "Referat tirsdag den" is no title
    weekday = {**DOCUMENT, "title": "Referat: Sundheds- og Forebyggelsesudvalget tirsdag den 4. december 2012"}
    assert present.follow_up_citation(PROMISE, weekday).startswith(
        "Sundheds- og Forebyggelsesudvalget, 4. december 2012, Referat, punkt 7")
    assert present.follow_up_citation(PROMISE, weekday, ENGLISH_WORDS).startswith(
        "Sundheds- og Forebyggelsesudvalget, 4 December 2012, Minutes, item 7")


def test_follow_up_citation_names_the_paragraph_last_only_where_no_item_or_page_says_where():
    loose = FollowUp(**{**vars(PROMISE), "item_number": None, "item_title": None, "page": None})
    assert present.follow_up_citation(loose, DOCUMENT) == (
        "Sundheds- og Forebyggelsesudvalget, 4. december 2012, Referat: Sundheds- og Forebyggelsesudvalget, "
        "sagsnr. 2012-0042 (afsnit abc-00042)")
    assert present.follow_up_citation(loose, {}).startswith(
        "Sundheds- og Forebyggelsesudvalget, 4. december 2012, pdfs/ballerup_sfu_referat_2012-12-04.pdf")  # no title


def test_checklist_markdown_has_one_box_per_open_follow_up_with_its_citation():
    entries = [present.FollowUpEntry(PROMISE, "open", [LATER], DOCUMENT),
               present.FollowUpEntry(FollowUp(**{**vars(PROMISE), "id": "fu-2", "who": None, "deadline": None,
                                                 "what": "der fremsendes en *procesplan*"}), "open", [], DOCUMENT)]
    text = present.follow_ups_markdown(entries, "Åbne opfølgninger", "2026-11-23 19:40")
    lines = text.splitlines()
    assert lines[0] == "# Åbne opfølgninger" and "- Udtrukket: 2026-11-23 19:40" in lines
    boxes = [line for line in lines if line.startswith("- [ ] ")]
    assert boxes == ["- [ ] Skitseprojekt vil blive forelagt i fagudvalgene i februar måned — Socialforvaltningen, "
                     "frist: i februar måned",
                     "- [ ] der fremsendes en *procesplan* — ikke angivet, frist: ingen"]
    assert text.count("  Kilde: Sundheds- og Forebyggelsesudvalget, 4. december 2012, Referat: Sundheds- og "
                      "Forebyggelsesudvalget, punkt 7 Etablering af aktivitetscenter, s. 12, sagsnr. 2012-0042") == 2
    assert "  taget op igen 5. februar 2013 (Sundheds- og Forebyggelsesudvalget, 5. februar 2013, "\
           "pdfs/sfu_2013-02-05.pdf, s. 4)" in lines
    assert "  intet fundet siden" in lines and "\\-" not in text


def test_a_checklist_says_when_the_case_came_back_where_nothing_was_found_to_take_the_promise_up_as_its_card_does():
    from indexer.records import CaseStep

    back = CaseStep("2012-0042", "Socialudvalget", "2013-01-08", "pdfs/su_2013-01-08.pdf", "Referat", "3",
                    "Aktivitetscenter", "p-3")
    entry = present.FollowUpEntry(PROMISE, "open", [], DOCUMENT, case_back=back)
    text = present.follow_ups_markdown([entry], "Åbne opfølgninger", "x")
    assert "  intet fundet siden; sagen var på dagsordenen igen 8. januar 2013 (Socialudvalget, punkt 3)" in text
    english = present.follow_ups_markdown([entry], "Open", "x", ENGLISH_WORDS, present.FOLLOW_UP_WORDS["en"])
    assert "nothing found since; the case was on an agenda again on 8 January 2013 (Socialudvalget, item 3)" in english
    rows = list(csv.reader(io.StringIO(present.follow_ups_csv([entry], "t", "x").decode("utf-8-sig")), delimiter=";"))
    assert "intet fundet siden; sagen var på dagsordenen igen 8. januar 2013 (Socialudvalget, punkt 3)" in rows[5]
    linked = present.follow_ups_markdown([replace(entry, links=[LATER])], "t", "x")
    assert "dagsordenen igen" not in linked  # a link found says where: the case's return is the card's fallback


def test_checklist_markdown_pastes_a_minutes_tags_and_links_as_text():
    hostile = FollowUp(**{**vars(PROMISE), "what": "<script>alert(1)</script> [her](javascript:alert(2))",
                          "deadline": "<img src=x onerror=alert(3)>"})
    text = present.follow_ups_markdown([present.FollowUpEntry(hostile, "open", [], DOCUMENT)], "Åbne <b>", "x")
    assert not re.search(r"(?<!\\)[<\[\]]", text.replace("- [ ] ", ""))  # every tag and link bracket escaped
    assert "\\<script\\>alert(1)\\</script\\> \\[her\\](javascript:alert(2))" in text


def test_checklist_csv_opens_in_danish_excel_with_every_citation_field():
    data = present.follow_ups_csv([present.FollowUpEntry(PROMISE, "open", [], DOCUMENT),
                                   present.FollowUpEntry(FollowUp(**{**vars(PROMISE), "what": "=cmd|x"}))],
                                  "Åbne opfølgninger", "2026-11-23 19:40")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Åbne opfølgninger"] and rows[1] == ["Udtrukket", "2026-11-23 19:40"]
    table = rows[rows.index(list(Wording().follow_up_columns)):]
    row = dict(zip(table[0], table[1]))
    assert (row["organ"], row["mødedato"], row["dokument"], row["punkt"], row["side"], row["sagsnr."], row["fil"],
            row["afsnits-id"], row["status"]) == ("Sundheds- og Forebyggelsesudvalget", "2012-12-04",
                                              "Referat: Sundheds- og Forebyggelsesudvalget", "7", "12", "2012-0042",
                                              "pdfs/ballerup_sfu_referat_2012-12-04.pdf", "abc-00042", "åben")
    assert row["taget op igen"] == "intet fundet siden"
    assert table[2][4].startswith("'=")  # a formula in a record is shown, never run
    assert len(table) == 3


def checklist_rows(entries, title="t") -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(present.follow_ups_csv(entries, title, "x").decode("utf-8-sig")), delimiter=";"))
    table = rows[rows.index(list(Wording().follow_up_columns)):]
    return [dict(zip(table[0], row)) for row in table[1:]]


def test_checklists_drop_the_list_dash_before_a_promise_and_guard_only_real_formulas():
    dashed = FollowUp(**{**vars(PROMISE), "what": "- Der forelægges en sag om sagsbehandlingstider"})
    formula = FollowUp(**{**vars(PROMISE), "id": "fu-2", "what": "-1+2 kr. tilbageføres"})
    entries = [present.FollowUpEntry(dashed, "open", [], DOCUMENT), present.FollowUpEntry(formula, "open", [], DOCUMENT)]
    assert [row["hvad"] for row in checklist_rows(entries)] == ["Der forelægges en sag om sagsbehandlingstider",
                                                                "'-1+2 kr. tilbageføres"]
    boxes = [line for line in present.follow_ups_markdown(entries, "t", "x").splitlines() if line.startswith("- [ ]")]
    assert boxes[0].startswith("- [ ] Der forelægges en sag om sagsbehandlingstider — ")


def test_checklist_csv_says_its_title_once_on_the_first_row():
    data = present.follow_ups_csv([present.FollowUpEntry(PROMISE, "open", [], DOCUMENT)],
                                  "Åbne opfølgninger · Byråd · =1+1", "x")
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")) == ["Åbne opfølgninger · Byråd · =1+1"]


def test_checklists_agree_on_who_when_nobody_is_named():
    unsaid = FollowUp(**{**vars(PROMISE), "who": None, "requested_by": None})
    entries = [present.FollowUpEntry(unsaid, "open", [], DOCUMENT)]
    assert checklist_rows(entries)[0]["hvem"] == "ikke angivet"
    assert " — ikke angivet, frist: " in present.follow_ups_markdown(entries, "t", "x")


def test_votes_read_as_one_line_a_side_naming_the_point_voted_on():
    decision = Decision(id="d", document="x.json", body="Byrådet", meeting_date="2023-01-30", item_number="5",
                        item_title="Budget", text="Godkendt.", outcome="approved", paragraph_id="x-1",
                        votes=[Vote("against", ["A", "C", "F"]), Vote("for", ["V"]),
                               Vote("against", ["Ø"], remark="med bemærkning om, at …"), Vote("against", ["B"], point="2")])
    assert present.votes_line(decision) == "Imod: A, C, F, Ø · For: V · Imod (punkt 2): B"
    proposed = replace(decision, votes=[Vote("for", ["V", "A"]), Vote("for", ["Ø"], proposal_by="Ø"),
                                        Vote("against", ["V", "A"], proposal_by="Ø")])
    assert present.votes_line(proposed) == "For: V, A · For (forslag fra Ø): Ø · Imod (forslag fra Ø): V, A"


def test_decision_and_follow_up_cards_escape_the_record_text():
    decision = Decision(id="d1", document="x.txt", body="<b>Udvalget</b>", meeting_date="2012-12-04", item_number="2",
                        item_title="<i>Bygning</i>", text="Godkendt <script>alert(1)</script>", outcome="approved",
                        paragraph_id="x-1", votes=[Vote("for", ["A", "F"], 5), Vote("against", ["V"]), Vote("abstained", [], 0)],
                        remarks=["<img src=x onerror=alert(1)> ønskede tilført"])
    card = present.decision_html(decision, heading="Punkt 2. <i>Bygning</i>", where=["<b>Udvalget</b>"])
    assert "<script>" not in card and "<img" not in card and "<i>" not in card and "<b>" not in card
    assert "&lt;script&gt;" in card and "godkendt" in card and "For: A, F (5) · Imod: V · Undlod: 0" in card
    fu = present.follow_up_html(FollowUp(**{**vars(PROMISE), "text": "<script>x</script> vil undersøge"}),
                                "lovet …", status="done")
    assert "<script>" not in fu and "&lt;script&gt;" in fu and "udført" in fu


def test_a_decision_card_gives_each_sides_reason_for_its_vote_with_the_bodys_remarks():
    decision = Decision(id="d1", document="x.json", body="Byråd", meeting_date="2022-06-20", item_number="17",
                        item_title="Bygningsplan", text="Med stemmerne 18 for og 2 imod godkendte Byrådet …",
                        outcome="approved", paragraph_id="x-1", remarks=["at planen revideres årligt"],
                        votes=[Vote("for", ["V", "A"]), Vote("against", ["C"], remark="at vi ønsker at høre <borgerne>")])
    card = present.decision_html(decision)
    assert "<li>at planen revideres årligt</li><li>Imod: C: at vi ønsker at høre &lt;borgerne&gt;</li>" in card


def test_markdown_export_keeps_document_html_and_links_inert():
    evil = hit(title="<img src=x onerror=alert(1)>", text="<script>alert(1)</script> [link](javascript:alert(1)) "
                                                          "<javascript:alert(1)> `x` &lt;b&gt;")
    text = present.to_markdown([evil], HEADER)
    # every "<", "[", "]" and "&" from the document is backslash-escaped: no tag, link or entity forms
    assert not re.search(r"(?<!\\)[<\[\]&]", text.split("\n", 1)[1].replace("- Filtre: Organ: Dialogforum; Fra: 2012-12-04", ""))
    assert "\\<script\\>alert(1)\\</script\\>" in text and "\\[link\\](javascript:alert(1))" in text
    assert "\\&lt;b\\&gt;" in text  # an entity in a document is shown as written, never decoded into a tag


def test_csv_scores_use_a_decimal_comma_and_semicolons_for_danish_excel_and_a_point_and_commas_in_english():
    rows = list(csv.reader(io.StringIO(present.to_csv([hit(score=0.0325)], HEADER).decode("utf-8-sig")), delimiter=";"))
    assert rows[-1][15] == "0,0325"
    english = present.to_csv([hit(score=0.0325)], HEADER, ENGLISH_WORDS).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(english), delimiter=","))  # as English Excel splits them
    assert rows[-1][15] == "0.0325" and len(rows[-1]) == len(rows[-2]) == len(ENGLISH_WORDS.columns)
    assert rows[0] == ["Search", "huslejestigninger"]


def test_a_document_type_is_shown_in_the_readers_language():
    from ui.strings import WORDING

    english = present.hit_html(hit(doc_type="referat"), wording=WORDING["en"])
    assert "· minutes</div>" in english and "referat" not in english
    assert "· referat</div>" in present.hit_html(hit(doc_type="referat"))  # Danish: as the archive names it
    assert [present.doc_type_label(t, WORDING["en"]) for t in ("dagsorden", "Bilag", "forhandlinger", "skrivelse")] \
        == ["agenda", "attachment", "proceedings", "skrivelse"]  # an unknown type as it is


def test_a_case_overview_has_a_row_per_treatment_with_its_outcome_escaped():
    from indexer.records import CaseStep

    def step(body, day, number, title, outcome):
        decision = Decision("d", f"{body}.json", body, day, number, title, "Anbefales.", outcome, "p") if outcome else None
        return CaseStep("22-000010", body, day, f"{body}.json", "Referat", number, title, "p", decision=decision)

    steps = [step("Plan- og Tryghedsudvalget", "2022-10-03", "4", "Skoleveje <b>", "recommended"),
             step("Økonomiudvalget", "2022-10-24", "12", "Skoleveje <b>", "recommended"),
             step("Byrådet", "2022-11-07", "20", "Skoleveje <b>", None)]
    table = present.case_overview_html(steps, ["Møde", "Organ", "Punkt", "Beslutning"])
    rows = re.findall(r"<tr>(.*?)</tr>", table)[1:]
    assert [re.findall(r"<td>(.*?)</td>", r) for r in rows] == [
        ["3. oktober 2022", "Plan- og Tryghedsudvalget", "punkt 4 Skoleveje &lt;b&gt;", "anbefalet"],
        ["24. oktober 2022", "Økonomiudvalget", "punkt 12 Skoleveje &lt;b&gt;", "anbefalet"],
        ["7. november 2022", "Byrådet", "punkt 20 Skoleveje &lt;b&gt;", "—"]]
    assert "<b>" not in table
    closed = present.case_overview_html(steps, ["Møde", "Organ", "Punkt", "Beslutning"], closed={2})
    assert re.findall(r"<td>(.*?)</td>", re.findall(r"<tr>(.*?)</tr>", closed)[-1])[-1] == "lukket"


def test_a_terminal_card_cites_its_item_and_case_and_keeps_every_line_under_its_indent():
    from indexer.present.terminal import hit_lines

    lines = "\n".join(hit_lines([hit(item_number="2", item_title="Bygningsvedligeholdelse", case_number="2012-123")]))
    assert "     punkt 2  Bygningsvedligeholdelse · sag 2012-123" in lines
    assert "\n     Ældrerådet var imod." in lines  # the paragraph's second line, not at the edge
    assert "sag" not in "\n".join(hit_lines([hit()]))  # nothing to cite, no empty line for it


def test_a_meeting_on_the_terminal_gives_each_decisions_remarks_under_it():
    from indexer.minutes.meetings import ItemView, MeetingView
    from indexer.present.terminal import meeting_lines
    from indexer.records import Decision

    decided = Decision(id="d-7", document="referat.pdf", paragraph_id="p-7", body="Socialudvalget",
                       meeting_date="2012-12-04", item_number="7", item_title="Solvej 6", outcome="approved",
                       text="Indstillingen godkendt med denne bemærkning:", page=3,
                       remarks=["De unge får også adgang."])
    lines = list(meeting_lines(MeetingView("Socialudvalget", "2012-12-04", ["referat.pdf"],
                                           [ItemView("7", "Solvej 6", "referat.pdf", 3, "p-7", decisions=[decided])])))
    assert "      remark: De unge får også adgang." in lines


def test_a_decisions_line_and_a_cases_trail_say_the_remark_its_text_only_announces():
    from indexer.present.terminal import case_lines, decision_line
    from indexer.records import Decision
    from indexer.records import CaseStep

    decided = Decision(id="d-7", document="referat.pdf", paragraph_id="p-7", body="Socialudvalget",
                       meeting_date="2012-12-04", item_number="7", item_title="Solvej 6", outcome="approved",
                       text="Indstillingen godkendt med denne bemærkning:", page=3,
                       remarks=["De unge får også adgang."])
    assert "bemærkning:  remark: De unge får også adgang.  [referat.pdf p.3]" in decision_line(decided)
    said = Decision(**{**vars(decided), "text": "Godkendt med bemærkning om, at De unge får også adgang."})
    assert "remark" not in decision_line(said)  # said once
    step = CaseStep(case_number="2012-28505", body="Socialudvalget", meeting_date="2012-12-04", document="referat.pdf",
                    title="Referat", item_number="7", item_title="Solvej 6", paragraph_id="p-7", page=3, decision=decided)
    assert "      remark: De unge får også adgang." in list(case_lines("2012-28505", [step]))


def test_a_meeting_on_the_terminal_cites_each_items_case_number_and_marks_a_closed_item():
    from indexer.minutes.meetings import ItemView, MeetingView
    from indexer.present.terminal import meeting_lines

    lines = list(meeting_lines(MeetingView("Byrådet", "2023-05-04", ["m.json"], [
        ItemView("3", "Budget", "m.json", None, "p-3", case_number="23-001"),
        ItemView("4", "Køb af ejendom", "m.json", None, "p-4", case_number="23-002", closed=True)])))
    assert "punkt 3  Budget · sag 23-001" in lines
    assert "punkt 4  Køb af ejendom · sag 23-002  (closed: its title only)" in lines


def test_a_meeting_on_the_terminal_gives_what_stands_outside_its_items():
    from indexer.minutes.meetings import ItemView, MeetingView
    from indexer.present.terminal import meeting_lines

    memo = FollowUp(**{**vars(PROMISE), "id": "fu-memo", "document": "bilag.pdf", "item_number": None})
    lines = list(meeting_lines(MeetingView("Udvalget", "2012-12-04", ["referat.pdf"],
                                           [ItemView("1", "Meddelelser", "referat.pdf", 1, "p-1")],
                                           unplaced_follow_ups=[memo])))
    assert lines[-2:] == ["outside the agenda items", f"    follow-up fu-memo: {memo.who or '(not stated)'}: "
                                                       f"{memo.what}  [bilag.pdf]"]


def test_the_terminal_names_the_body_that_asked_as_the_promiser_as_the_app_does():
    from indexer.present.terminal import follow_up_line

    asked = FollowUp(**{**vars(PROMISE), "who": None, "requested_by": "Udvalget",
                        "what": "Udvalget ønsker en sag om udskrivelse fra privathospitaler"})
    assert f"  {PROMISE.body}: Udvalget ønsker en sag" in follow_up_line(asked, "open")
    assert present.follow_up_status(asked, []).startswith(f"lovet 4. december 2012 af {PROMISE.body}")
    unsaid = FollowUp(**{**vars(asked), "requested_by": None})
    assert "  (not stated): Udvalget ønsker" in follow_up_line(unsaid, "open")


def test_several_items_read_as_several_in_english_and_as_written_in_danish():
    from indexer.present.minutes import vote_on
    from indexer.present.wording import attendance_note

    # a point of the recommendation voted on, not an agenda item
    assert vote_on("2 og 3", None, ENGLISH_WORDS) == " (points 2 and 3)" and vote_on("2", None, ENGLISH_WORDS) == " (point 2)"
    assert vote_on("2 og 3", None) == " (punkt 2 og 3)"
    assert attendance_note("Fraværende under punkt 1, 2, 3", ENGLISH_WORDS) == "absent for items 1, 2, 3"
    assert attendance_note("Fraværende under punkt 24", ENGLISH_WORDS) == "absent for item 24"


def test_a_deadline_that_says_how_often_is_called_so():
    from indexer.present.wording import deadline_label

    assert deadline_label("én gang årligt") == "hvor ofte" and deadline_label("tre gange om året") == "hvor ofte"
    assert deadline_label("løbende", ENGLISH_WORDS) == "how often"
    assert deadline_label("halvårlig") == "hvor ofte"  # "Udvalget orienteres i en halvårlig status"
    assert deadline_label("i oktober 2023") == "frist" and deadline_label(None, ENGLISH_WORDS) == "deadline"


def test_an_item_only_discussed_reads_discussed_not_outcome_unknown():
    from indexer.present.minutes import decision_html
    from indexer.present.wording import ENGLISH
    from indexer.records import Decision

    def decided(text: str) -> Decision:
        return Decision(id="d", document="m.json", body="Kultur- og Fritidsudvalget", meeting_date="2022-09-14",
                        item_number="2", item_title="Evaluering", text=text, outcome="unknown", paragraph_id="p")

    discussed = decided("Udvalget drøftede sagen med følgende bemærkninger:")
    assert ">drøftet</span>" in decision_html(discussed) and ">discussed</span>" in decision_html(discussed, ENGLISH)
    assert ">ukendt udfald</span>" in decision_html(decided("Punktet blev behandlet."))
    # the command line says it too, beside the stored outcome it filters by
    assert "  unknown: nothing to decide  Temamøde blev afholdt." in present.decision_line(decided("Temamøde blev afholdt."))
    assert "  unknown  Punktet blev behandlet." in present.decision_line(decided("Punktet blev behandlet."))


def test_a_digest_or_feed_names_an_item_only_discussed_so():
    from indexer.alerts.words import DANISH, ENGLISH as ENGLISH_ALERTS

    assert DANISH.decided("unknown", "Udvalget drøftede sagen.") == DANISH.decision.format(outcome="drøftet")
    assert ENGLISH_ALERTS.decided("unknown", "Sagen blev drøftet.") == ENGLISH_ALERTS.decision.format(outcome="discussed")
    assert DANISH.decided("unknown", "Punktet blev behandlet.") == DANISH.decision.format(outcome="ukendt udfald")
    assert DANISH.decided("approved") == DANISH.decision.format(outcome="godkendt")


def test_an_item_with_nothing_to_decide_reads_so_not_outcome_unknown():
    from indexer.alerts.words import DANISH, ENGLISH as ENGLISH_ALERTS
    from indexer.present.minutes import decision_html
    from indexer.present.wording import ENGLISH
    from indexer.records import Decision

    def decided(text: str) -> Decision:
        return Decision(id="d", document="m.json", body="Byråd 2022-2025", meeting_date="2023-04-17",
                        item_number="2", item_title="Spørgetid", text=text, outcome="unknown", paragraph_id="p")

    for text in ("Temamøde blev afholdt.", "Byrådet besvarede borgernes spørgsmål.", "Der var ingen orienteringer."):
        assert ">intet at beslutte</span>" in decision_html(decided(text))
        assert ">nothing to decide</span>" in decision_html(decided(text), ENGLISH)
        assert DANISH.decided("unknown", text) == DANISH.decision.format(outcome="intet at beslutte")
        assert ENGLISH_ALERTS.decided("unknown", text) == ENGLISH_ALERTS.decision.format(outcome="nothing to decide")
    # an outcome the text states is kept; a text that says nothing of what happened stays unknown
    assert DANISH.decided("approved", "Temamøde blev afholdt. Godkendt.") == DANISH.decision.format(outcome="godkendt")
    assert ">ukendt udfald</span>" in decision_html(decided("Punktet blev behandlet."))


def test_the_outcome_filter_offers_every_word_a_card_gives_an_unknown_outcome():
    from indexer.present.minutes import outcome_choice
    from indexer.present.wording import ENGLISH

    assert outcome_choice("unknown") == "ukendt udfald, drøftet eller intet at beslutte"
    assert outcome_choice("unknown", ENGLISH) == "outcome unknown, discussed or nothing to decide"
    assert outcome_choice("approved") == "godkendt"


def test_a_decision_card_does_not_repeat_a_remark_its_text_holds_word_for_word():
    decision = Decision(id="d7", document="edoc.xml", body="Udvalget", meeting_date="2012-12-04", item_number="7",
                        item_title="Solvej 6", outcome="approved", paragraph_id="x-7",
                        text="Indstillingen godkendt\nmed denne bemærkning:\nGruppen af unge får  adgang.",
                        remarks=["Gruppen af unge får adgang.", "Udvalget ønsker en status i 2013."])
    card = present.decision_html(decision)
    assert card.count("Gruppen af unge får") == 1 and "<li>Udvalget ønsker en status i 2013.</li>" in card


def test_a_moment_to_the_minute_names_its_zone_so_it_is_not_read_as_the_servers_clock():
    assert present.readers_minute("2026-12-06T08:53:10+00:00") == "2026-12-06 09:53 CET"
    assert present.readers_minute("2026-06-06T08:53:10") == "2026-06-06 10:53 CEST"  # stored without a zone: UTC
    assert present.readers_minute(None) == "never"


def test_an_export_of_a_search_cut_short_says_its_count_is_a_lower_bound():
    from dataclasses import replace

    cut = replace(HEADER, total=2000, complete=False)
    rows = list(csv.reader(io.StringIO(present.to_csv([hit(1)], cut).decode("utf-8-sig")), delimiter=";"))
    assert rows[3] == ["Resultater", "2000+"]
    assert "- Resultater: 2000+" in present.to_markdown([hit(1)], cut)
    assert "- Resultater: 37" in present.to_markdown([hit(1)], HEADER)


def test_votes_counted_for_not_doing_it_are_shown_on_the_proposal_with_their_counts():
    # "11 for" were for not sending the proposal on: shown beside "For: F, A, Ø" they would be misread
    decision = Decision(id="d", document="x.json", body="Byrådet", meeting_date="2022-03-07", item_number="13",
                        item_title="Initiativretsforslag", outcome="rejected", paragraph_id="x-1",
                        text="Med stemmerne 11 for og 8 imod besluttede byrådet ikke at sende forslaget til "
                             "realitetsbehandling.", votes=[Vote("against", ["V", "D", "C"]), Vote("for", ["F", "A", "Ø"])],
                        votes_for=8, votes_against=11)
    assert present.votes_line(decision) == "Imod forslaget: V, D, C (11) · For forslaget: F, A, Ø (8)"
    as_counted = replace(decision, text="Med stemmerne 11 for og 8 imod blev indstillingen godkendt.", outcome="approved",
                         votes_for=11, votes_against=8)
    assert present.votes_line(as_counted) == "Imod: V, D, C · For: F, A, Ø"


def test_text_shown_back_never_becomes_a_link_and_loses_what_would_turn_the_words_around_it():
    shown = present.markdown_escape("login på https://evil.example/greve, www.evil.dk, a@evil.dk \u202eevil\x00")
    # GFM makes links of plain addresses whatever is escaped: an unseen word joiner keeps them text
    assert "https://" not in shown.replace("\\", "") and "www." not in shown and "@e" not in shown
    assert "\u202e" not in shown and "\x00" not in shown
    assert shown.replace("\u2060", "").replace("\\", "") == "login på https://evil.example/greve, www.evil.dk, a@evil.dk evil"


def test_a_terminal_card_shows_a_heading_its_paragraph_opens_with_once():
    from indexer.present.terminal import hit_lines

    lines = hit_lines([hit(heading="3. Sygeplejeklinik", text="3. Sygeplejeklinik\nDer er etableret sygeplejeklinikker.")])
    assert sum("Sygeplejeklinik" in line for line in lines) == 1
    assert any(line.strip() == "Bygningsvedligeholdelse" for line in hit_lines([hit()]))  # another heading stays


def test_the_title_the_archive_gives_a_meeting_reads_in_english_where_the_reader_reads_english():
    title = "Referat: Klima-, Teknik- og Miljøudvalget 12. oktober 2023"
    assert present.title_in(title, ENGLISH_WORDS) == "Minutes: Klima-, Teknik- og Miljøudvalget 12 October 2023"
    assert present.title_in(title) == title and present.title_in("Referat fra mødet", ENGLISH_WORDS) == "Referat fra mødet"
    meeting = hit(title=title, body="Klima-, Teknik- og Miljøudvalget", date="2023-10-12")
    assert "Minutes: Klima-, Teknik- og Miljøudvalget 12 October 2023" in present.citation(meeting, ENGLISH_WORDS)
    english = present.to_csv([meeting], HEADER, ENGLISH_WORDS).decode("utf-8-sig")
    assert "Minutes: Klima" in english and "12. oktober" not in english
    assert "12. oktober" not in present.to_markdown([meeting], HEADER, ENGLISH_WORDS)


def test_exports_carry_no_control_or_direction_characters_from_the_records():
    hostile = hit(text="Kontroltegn \x1b[31m rød \u202eesrever\u202c og \x07klokke", title="Referat \u202etset")
    for data in (present.to_csv([hostile], HEADER).decode("utf-8-sig"),
                 present.to_csv([hostile], HEADER, ENGLISH_WORDS).decode("utf-8-sig"),
                 present.to_markdown([hostile], HEADER)):
        assert not any(ch in data for ch in "\x1b\x07\u202e\u202c"), repr(data)
        assert "Kontroltegn" in data and "esrever" in data
