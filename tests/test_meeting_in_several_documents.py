"""One meeting filed as several documents (the minutes' PDF, an item's own PDF, the meeting system's
export): each decision and promise listed once, a promise marked as one, the meeting's attendees once
(hashing embedder: no model)."""
from __future__ import annotations

import shutil
from collections import Counter

import pytest

from indexer.build.run import build
from indexer.minutes.items import normalise
from indexer.search.archive import Archive
from tests.fakes import HashEmbedder
from tests.paths import DATA, SAMPLE_ARCHIVE, sample_copy

MINUTES = "pdfs/ballerup_sfu_referat_2012-12-04.pdf"
ITEMS_AGAIN = ("pdfs/ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf",
               "pdfs/ballerup_sfu_2012-12-04_punkt08_rygestop.pdf")
EDOC = DATA / "meeting-systems" / "edoc-ballerup-sfu-2012-12-04"
BODY, DATE = "Sundheds- og Forebyggelsesudvalget", "2012-12-04"


@pytest.fixture(scope="module")
def filed_thrice(tmp_path_factory):
    root = tmp_path_factory.mktemp("filed-thrice")
    archive = sample_copy(root / "archive", (MINUTES, *ITEMS_AGAIN))
    shutil.copytree(EDOC, archive / "edoc")
    build(archive, root / "index", embedder=HashEmbedder())
    opened = Archive.open(root / "index", embedder=HashEmbedder())
    yield opened
    opened.close()


def test_each_agenda_item_of_a_meeting_filed_in_several_documents_has_its_decision_listed_once(filed_thrice):
    decisions = filed_thrice.decisions(body=BODY, date_from=DATE, date_to=DATE)
    numbers = Counter(d.item_number for d in decisions)
    assert set(numbers) == {str(n) for n in range(1, 9)}
    assert max(numbers.values()) == 1, numbers
    # the meeting system's export states all eight, as the minutes do: of equals its structure comes first
    assert {d.document for d in decisions} == {"edoc/eDocAgendaPublishing.xml"}
    meeting = next(m for m in filed_thrice.meetings() if m.body == BODY and m.date == DATE)
    assert meeting.decisions == 8


def test_the_meeting_view_shows_each_items_decision_once(filed_thrice):
    view = filed_thrice.meeting(BODY, DATE)
    assert [len(item.decisions) for item in view.items if item.number] == [1] * 8


def test_a_promise_stated_in_two_documents_of_a_meeting_is_listed_once(filed_thrice):
    listed = filed_thrice.follow_ups(body=BODY, status="all")
    wordings = Counter((t.follow_up.meeting_date, normalise(t.follow_up.text)) for t in listed)
    assert listed and max(wordings.values()) == 1, wordings


def _stated_twice(archive: Archive):
    """A promise both the minutes and an item's own PDF state: each document's copy."""
    in_minutes = {normalise(t.follow_up.text): t.follow_up for t in archive.follow_ups(document=MINUTES, status="all")}
    return next((in_minutes[normalise(t.follow_up.text)], t.follow_up) for path in ITEMS_AGAIN
                for t in archive.follow_ups(document=path, status="all") if normalise(t.follow_up.text) in in_minutes)


def test_the_meeting_view_and_the_list_show_the_same_copy_of_a_promise(filed_thrice):
    wording = normalise(_stated_twice(filed_thrice)[0].text)  # in the export too: three copies
    shown = {f.id for item in filed_thrice.meeting(BODY, DATE).items for f in item.follow_ups
             if normalise(f.text) == wording}
    listed = {t.follow_up.id for t in filed_thrice.follow_ups(body=BODY, status="all")
              if normalise(t.follow_up.text) == wording}
    assert len(shown) == 1 and shown == listed


def test_a_promise_marked_by_either_copy_leaves_the_open_list(tmp_path):
    archive = sample_copy(tmp_path / "archive", (MINUTES, *ITEMS_AGAIN))
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    for copy in _stated_twice(opened):
        wording = normalise(copy.text)
        assert wording in {normalise(t.follow_up.text) for t in opened.follow_ups(body=BODY)}
        opened.mark_follow_up(copy.id, "done", note="sendt")
        assert wording not in {normalise(t.follow_up.text) for t in opened.follow_ups(body=BODY)}
        assert wording in {normalise(t.follow_up.text) for t in opened.follow_ups(body=BODY, status="done")}
        opened.mark_follow_up(copy.id, "open")
    opened.close()


def test_a_meeting_systems_attendee_list_is_not_doubled_by_the_minutes_own(filed_thrice):
    view = filed_thrice.meeting(BODY, DATE)
    firsts = Counter(name.split(" (")[0] for name in view.attendees)
    assert firsts and max(firsts.values()) == 1, view.attendees


def test_a_party_stated_before_the_post_is_the_members_party(filed_thrice):
    people = {p.name: p for p in filed_thrice.people()}
    assert people["Lolan Ottesen"].parties == ["A"]
    assert people["Grethe Larsen"].parties == ["A"]


def test_the_meetings_secretary_is_no_member_who_attended(filed_thrice):
    # eDoc's front page lists "Sekretær: Mie Helene Andresen" beside the members present
    people = {p.name: p for p in filed_thrice.people()}
    assert "Mie Helene Andresen" not in people
    assert "Lolan Ottesen" in people


@pytest.mark.parametrize("document", [MINUTES, "edoc/eDocAgendaPublishing.xml"])
def test_a_remark_after_med_denne_bemaerkning_is_the_remark_without_its_lead_in(filed_thrice, document):
    item7 = [d for d in filed_thrice.decisions(document=document) if d.item_number == "7"]
    assert [d.remarks for d in item7] == [
        ["Gruppen af unge i Ballerup Kommune også får adgang til at bruge lokalerne på Solvej 6."]]


def test_a_promise_in_an_attachment_cites_the_item_it_was_sent_with_not_the_attachments_chapter(tmp_path):
    memo = "pdfs/ballerup_sfu_bilag_kronikerindsatser.pdf"  # sent with item 6; its section 7 is "Styring og opfølgning"
    archive = sample_copy(tmp_path / "archive", (MINUTES, memo))
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    promised = opened.follow_ups(document=memo, status="all")
    opened.close()
    # the memo's case number is item 6's, as the minutes list it
    item6 = ("6", "Prioritering af midler til kronisk syge borgere og hverdagsrehabilitering for ældre")
    assert promised and [(t.follow_up.item_number, t.follow_up.item_title) for t in promised] == [item6] * len(promised)


@pytest.mark.parametrize("attachment, item", [
    ("pdfs/ballerup_sfu_bilag_takstreduktion_torvevej.pdf", "4"),  # "Dok.nr.:2012-204021", listed under item 4
    ("pdfs/ballerup_sfu_bilag_aktivitetscenter_solvej6.pdf", "7"),  # its title, item 7's words
])
def test_an_attachment_beside_its_minutes_cites_the_item_the_minutes_list_it_under(tmp_path, attachment, item):
    from indexer.ingest.pipeline import ingest_file

    archive = sample_copy(tmp_path / "archive", (MINUTES, attachment))
    _, paragraphs = ingest_file(archive / attachment, archive)
    assert {p.item_number for p in paragraphs} == {item}
    _, alone = ingest_file(SAMPLE_ARCHIVE / attachment)  # read without its archive: no minutes to ask
    assert {p.item_number for p in alone} == {None}


def test_an_attachment_beside_its_minutes_is_the_meetings_with_its_items_case_number_not_its_own_reference(tmp_path):
    from indexer.ingest.pipeline import ingest_file

    # the memo's letterhead: "SOCIAL, SUNDHED OG BESKÆFTIGELSE" (the office that wrote it), "Sagsnr: 2012-25401" (its
    # own reference); the minutes list it under "1. Meddelelser", case 2011-29298, of the committee that met
    memo = "pdfs/ballerup_sfu_bilag_seniorraad_hoeringssvar.pdf"
    archive = sample_copy(tmp_path / "archive", (MINUTES, memo))
    record, paragraphs = ingest_file(archive / memo, archive)
    assert (record.body, record.meeting_date, record.doc_type) == ("Sundheds- og Forebyggelsesudvalget", "2012-12-04", "bilag")
    assert {(p.item_number, p.case_number) for p in paragraphs} == {("1", "2011-29298")}
    alone, _ = ingest_file(SAMPLE_ARCHIVE / memo)  # read without its minutes: as its letterhead says
    assert alone.body != "Sundheds- og Forebyggelsesudvalget"


def test_a_decision_heading_after_a_page_break_starts_its_own_paragraph_on_its_page(filed_thrice):
    # page 6 ends with the recommendation's point A), page 7 opens "… beslutning den 04.12.2012 Punkt 3"
    [decided] = [d for d in filed_thrice.decisions(document=MINUTES) if d.item_number == "3"]
    assert decided.page == 7
    paragraph = next(h for h in filed_thrice.search("Indstilles til godkendelse", k=None, mode="lexical",
                                                     floor=False).hits if h.id == decided.paragraph_id)
    assert "alkoholmisbrug 2013 godkendes" not in paragraph.text


def test_a_meeting_systems_export_of_the_minutes_promises_what_their_pdf_promises(filed_thrice):
    def promised(document: str) -> set[str]:
        return {normalise(t.follow_up.text) for t in filed_thrice.follow_ups(document=document, status="all")}

    in_pdf = promised(MINUTES)
    assert len(in_pdf) >= 4 and promised("edoc/eDocAgendaPublishing.xml") == in_pdf


def test_an_attachment_whose_writer_the_export_does_not_tell_promises_nothing_at_the_meeting(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(EDOC, archive / "edoc")
    # the export's attachment 1548285.PDF, here a memo that promises ("… vil det blive vurderet …"): the export
    # cites it as its meeting, so who wrote it (the administration, KL, KKR …) is not known: none of its
    # sentences is listed as the meeting's promise
    shutil.copy(SAMPLE_ARCHIVE / "pdfs" / "ballerup_sfu_bilag_kronikerindsatser.pdf", archive / "edoc" / "1548285.PDF")
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        listed = {t.follow_up.id: t.follow_up for t in opened.follow_ups(body=BODY, status="all")}
        view = opened.meeting(BODY, DATE)
    finally:
        opened.close()
    assert listed, "the minutes promise nothing: the test needs others"
    assert not [f for f in listed.values() if f.document == "edoc/1548285.PDF"]
    shown = {f.id for item in view.items for f in item.follow_ups} | {f.id for f in view.unplaced_follow_ups}
    assert set(listed) <= shown


@pytest.mark.parametrize("words", ["udskiftning af tage på Maglemosen", "Rygestopindsatsen afholdes indenfor SundhedsHusets",
                                   "takstreduktion Torvevej"])
def test_a_text_the_export_and_the_pdf_both_hold_is_cited_by_the_pdfs_page(filed_thrice, words):
    hits = filed_thrice.search(words, k=None, mode="lexical").hits
    assert hits
    unpaged = [h for h in hits if h.page is None and any(d.endswith(".pdf") for d in h.also_in)]
    assert not unpaged, [(h.document, h.also_in) for h in unpaged]
    assert any(h.page is not None and "edoc/eDocAgendaPublishing.xml" in h.also_in for h in hits)
