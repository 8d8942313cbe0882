"""A case's trail counts each treatment once: an agenda item filed again as its own PDF and a
document attached to the meeting are the meeting's, not other meetings (`cases._steps`)."""
from __future__ import annotations

from indexer.records import Decision, Hit
from indexer.search.cases import _steps, case_number_in

BODY, DATE = "Sundheds- og Forebyggelsesudvalget", "2012-12-04"


def hit(document: str, item: str | None, *, body: str = BODY, date: str | None = DATE,
        attachment_to: str | None = None) -> Hit:
    return Hit(id=f"{document}-{item}", score=0.0, text="…", document=document, title=document, body=body, date=date,
               doc_type=None, page=1, heading=None, speaker=None, item_number=item, attachment_to=attachment_to)


def approved(document: str, item: str) -> Decision:
    return Decision(id=f"d-{document}", document=document, body=BODY, meeting_date=DATE, item_number=item,
                    item_title=None, text="Godkendt.", outcome="approved", paragraph_id=f"{document}-{item}")


def test_an_item_filed_again_and_an_attachment_are_one_treatment_with_the_minutes_decision():
    hits = [hit("punkt02.pdf", "2"), hit("referat.pdf", "2"),
            hit("bilag.pdf", None, body="Social, Sundhed og Beskæftigelse", attachment_to="referat.pdf")]
    [step] = _steps("2012-28504", hits, {"referat.pdf": [approved("referat.pdf", "2")]})
    assert (step.document, step.item_number, step.decision.outcome) == ("referat.pdf", "2", "approved")


def test_two_items_of_one_case_at_one_meeting_and_a_later_meeting_are_three_steps():
    hits = [hit("referat.pdf", "2"), hit("referat.pdf", "7"), hit("senere.pdf", "3", date="2013-01-08")]
    steps = _steps("2012-28504", hits, {})
    assert [(s.document, s.item_number) for s in steps] == [("referat.pdf", "2"), ("referat.pdf", "7"),
                                                             ("senere.pdf", "3")]


def test_one_days_steps_go_from_the_committee_to_the_oekonomiudvalg_to_the_council():
    # the paths sort the council's minutes first ("byraad-…"); the case goes the other way
    day = "2022-04-04"
    hits = [hit("byraad/2022-04-04.json", "32", body="Byråd 2022-2025", date=day),
            hit("klima/2022-04-04.json", "2", body="Klima-, Teknik- og Miljøudvalget", date=day),
            hit("oekonomiudvalget/2022-04-04.json", "4", body="Økonomiudvalget", date=day),
            hit("byraad/2022-03-07.json", "5", body="Byråd 2022-2025", date="2022-03-07")]
    assert [(s.meeting_date, s.body) for s in _steps("22-003981", hits, {})] == [
        ("2022-03-07", "Byråd 2022-2025"), (day, "Klima-, Teknik- og Miljøudvalget"), (day, "Økonomiudvalget"),
        (day, "Byråd 2022-2025")]


def test_one_days_committees_come_by_the_hour_they_met_in_the_trail_and_the_meeting_list(tmp_path):
    from indexer.build.run import build
    from indexer.search.archive import Archive
    from tests.fakes import HashEmbedder
    from tests.firstagenda import write_meeting

    day, item = "2022-05-30", [("20-010677K", "Tryghed i Greve Nord - Halvårs-status", [("Beslutning", "Godkendt.")])]
    # by name the Social- og Handicapudvalget (18.00) comes first; the Sundheds- og Omsorgsudvalget met at 14.30
    write_meeting(tmp_path / "archive" / "shu", "Social- og Handicapudvalget", day, item, at="18:00")
    write_meeting(tmp_path / "archive" / "sou", "Sundheds- og Omsorgsudvalget", day, item, at="14:30")
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        assert [s.body for s in opened.case_trail("20-010677K")] == ["Sundheds- og Omsorgsudvalget",
                                                                      "Social- og Handicapudvalget"]
        assert [m.body for m in opened.meetings()] == ["Social- og Handicapudvalget", "Sundheds- og Omsorgsudvalget"]
    finally:
        opened.close()


def test_a_case_number_in_a_query_is_found_with_the_words_naming_it_and_without_a_year_or_an_amount():
    assert case_number_in("sag 22-011409") == ("22-011409", "")
    assert case_number_in("Sagsnummer: 23-007223") == ("23-007223", "")
    assert case_number_in("22-011409 energipriser") == ("22-011409", "energipriser")
    assert case_number_in("energipriser (sag 20-072985K)") == ("20-072985K", "energipriser")
    assert case_number_in("budget 2023 og L113") == (None, "budget 2023 og L113")


def test_a_search_naming_a_case_the_archive_holds_searches_its_other_words_or_else_its_title(sample_archive):
    case = sample_archive.busiest_cases(1)[0][0]
    assert sample_archive.known_case(f"sag {case}") == case == sample_archive.known_case(f"{case} handleplan")
    # nothing but the case: its agenda item's title is searched, which finds the case first
    alone = sample_archive.search(f"sagsnummer {case}", k=5)
    assert alone and alone.hits[0].case_number == case
    named, plain = sample_archive.search(f"sag {case} handleplan", k=10), sample_archive.search("handleplan", k=10)
    assert [h.id for h in named] == [h.id for h in plain] and named.total == plain.total
    assert sample_archive.known_case("sag 99-999999") is None
    assert sample_archive.searched_text("sag 99-999999 handleplan") == "sag 99-999999 handleplan"
