"""The meeting view: items in the record's order with their decisions and follow-ups,
attendees where listed, attachments that belong to the meeting."""
from __future__ import annotations

from indexer.ingest.pipeline import ingest_file
from indexer.minutes.meetings import build_meeting, meeting_date_of, meetings_of
from indexer.minutes.people.attendance import attendance
from indexer.records import Paragraph, Record
from tests.paths import DATA, SAMPLE_ARCHIVE, SAMPLE_FOLKETINGET


def _para(i: int, text: str, heading: str | None = None, page: int | None = None, path: str = "m.txt") -> Paragraph:
    return Paragraph(id=f"{path}-{i:05d}", document=path, position=i, text=text, heading=heading, page=page)


def test_attendance_lists_present_and_absent():
    paras = [_para(0, "Referat\nTil stede:\nLolan Ottesen (A) - formand\nBirte Kramhøft (F)\n"
                      "Afbud: Karl Vilhelm Nielsen (V), Per Mortensen (A)\nSekretær\nMie Helene Andresen")]
    present, absent = attendance(paras)
    assert present == ["Lolan Ottesen (A) - formand", "Birte Kramhøft (F)"]
    assert absent == ["Karl Vilhelm Nielsen (V)", "Per Mortensen (A)"]


def test_no_attendance_block_gives_empty_lists():
    assert attendance([_para(0, "Mia bød velkommen, og mødet blev indledt med en præsentationsrunde.")]) == ([], [])


def test_items_keep_order_with_decisions_follow_ups_and_pages():
    record = Record(path="m.txt", content_hash="ef" * 32, body="Socialudvalget", meeting_date="2019-03-07")
    paras = [
        _para(0, "Dagsorden blev godkendt.", "1. Godkendelse af dagsorden", page=1),
        _para(1, "Forvaltningen vender tilbage med en oversigt inden sommerferien.", "2. Huslejer", page=2),
        _para(2, "Sagen blev udsat.", "Beslutning", page=3),
        _para(3, "Taget til efterretning.", "3. Meddelelser", page=3),
    ]
    meeting = build_meeting([record], {record.path: paras})
    assert (meeting.body, meeting.date, meeting.documents) == ("Socialudvalget", "2019-03-07", ["m.txt"])
    assert [(i.number, i.title, i.first_page) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden", 1), ("2", "Huslejer", 2), ("3", "Meddelelser", 3)]
    # a bare outcome line is the item's decision even without a "Beslutning" heading
    assert [[d.outcome for d in i.decisions] for i in meeting.items] == [["approved"], ["postponed"], ["noted"]]
    # a postponed case is owed a later meeting too, as Greve's minutes show ("Sagen blev udsat.")
    assert [len(i.follow_ups) for i in meeting.items] == [0, 2, 0]
    assert [f.deadline for f in meeting.items[1].follow_ups] == ["inden sommerferien", None]


def test_attachment_joins_its_meeting():
    minutes = Record(path="referat.pdf", content_hash="01" * 32, body="SFU", meeting_date="2012-12-04")
    bilag = Record(path="bilag.pdf", content_hash="02" * 32, body="SFU", attachment_to="referat.pdf")
    other = Record(path="andet.pdf", content_hash="03" * 32, body="SFU", meeting_date="2013-01-08")
    groups = meetings_of([minutes, bilag, other])
    assert sorted(r.path for r in groups[("SFU", "2012-12-04")]) == ["bilag.pdf", "referat.pdf"]
    meeting = build_meeting(groups[("SFU", "2012-12-04")], {"referat.pdf": [], "bilag.pdf": []})
    assert meeting.documents == ["referat.pdf"] and meeting.attachments == ["bilag.pdf"]


def test_parliament_sitting_items_in_order_with_votes():
    record, paras = ingest_file(SAMPLE_FOLKETINGET / "folketinget-2015-08-26-1300.txt", SAMPLE_ARCHIVE)
    meeting = build_meeting([record], {record.path: paras})
    assert [i.number for i in meeting.items] == [str(n) for n in range(11)]
    item6 = meeting.items[6]
    assert [d.outcome for d in item6.decisions] == ["approved", "rejected", "rejected", "approved", "approved"]
    assert item6.decision.motion == "Lovforslaget" and item6.decision.votes[0].count == 56


def test_ballerup_minutes_meeting_view():
    path = SAMPLE_ARCHIVE / "pdfs" / "ballerup_sfu_referat_2012-12-04.pdf"
    record, paras = ingest_file(path, SAMPLE_ARCHIVE)
    meeting = build_meeting([record], {record.path: paras})
    assert meeting.date == "2012-12-04"
    assert meeting.attendees[0] == "Lolan Ottesen (A, formand)" and len(meeting.attendees) == 7
    assert [i.number for i in meeting.items] == [str(n) for n in range(1, 9)]
    assert [i.decision.outcome for i in meeting.items] == [
        "noted", "approved", "sent_on", "approved", "approved", "approved", "approved", "noted"]
    assert meeting.items[6].decision.remarks  # "Indstillingen godkendt med denne bemærkning: …"
    # the decision's words without the section's header ("Sundheds- og Forebyggelsesudvalgets beslutning
    # den 04.12.2012 Punkt 2"): the item and the meeting already say it
    assert meeting.items[1].decision.text == "Indstillingen godkendt"
    assert all(i.first_page is not None for i in meeting.items)
    assert [i.case_number for i in meeting.items][1::6] == ["2012-28504", "2010-3082"]  # items 2 and 8: their own


def test_the_edoc_export_gives_the_outcomes_its_printed_minutes_give():
    edoc = DATA / "meeting-systems"
    record, paras = ingest_file(edoc / "edoc-ballerup-sfu-2012-12-04" / "eDocAgendaPublishing.xml", edoc)
    meeting = build_meeting([record], {record.path: paras})
    # "Indstillingen godkendt" (the verb left out) is approved, as in the PDF of the same meeting above
    assert [i.decision.outcome for i in meeting.items] == [
        "noted", "approved", "sent_on", "approved", "approved", "approved", "approved", "noted"]


def test_item_filed_twice_appears_once():
    minutes = Record(path="referat.txt", content_hash="0a" * 32, body="SFU", meeting_date="2012-12-04")
    extract = Record(path="punkt02.txt", content_hash="0b" * 32, body="SFU", meeting_date="2012-12-04")
    text = "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2 Indstillingen godkendt"
    paragraphs = {
        "referat.txt": [_para(0, "Taget til efterretning.", "1. Meddelelser", path="referat.txt"),
                        _para(1, text, "2. Bygningsvedligeholdelse", path="referat.txt")],
        "punkt02.txt": [_para(0, text, "2. Bygningsvedligeholdelse", path="punkt02.txt")],
    }
    meeting = build_meeting([minutes, extract], paragraphs)
    assert [i.number for i in meeting.items] == ["1", "2"]
    assert [d.document for d in meeting.items[1].decisions] == ["referat.txt"]
    assert meeting.documents == ["referat.txt", "punkt02.txt"]


def test_a_joint_meeting_numbered_from_1_again_keeps_its_own_items_and_their_promises():
    # Dialogforum's items 1-7, then "Referat af fællesmøde mellem Socialudvalget og Dialogforum": 1-4 again
    record, paragraphs = ingest_file(SAMPLE_ARCHIVE / "minutes/000_e9b7192dbc8b80a1.txt", root=SAMPLE_ARCHIVE)
    meeting = build_meeting([record], {record.path: paragraphs})
    threes = [i for i in meeting.items if i.number == "3"]
    assert [i.title for i in threes] == ["Godkendelse af referat", "Drøftelse af oplæg"]
    assert not threes[0].follow_ups
    assert any("huslejestigninger" in f.text for f in threes[1].follow_ups)


def test_two_sittings_on_one_day_are_two_meetings():
    morning = Record(path="ft-2015-07-03-1100.txt", content_hash="01" * 32, body="Folketinget",
                     meeting_date="2015-07-03", doc_type="forhandlinger")
    afternoon = Record(path="ft-2015-07-03-1300.txt", content_hash="02" * 32, body="Folketinget",
                       meeting_date="2015-07-03", doc_type="forhandlinger")
    groups = meetings_of([morning, afternoon])
    assert sorted(len(g) for g in groups.values()) == [1, 1]
    assert {meeting_date_of(key) for _, key in groups} == {"2015-07-03"}


# -- promises in attachments: the meeting's own voice only ----------------------------------------------
_MINUTES = Record(path="Publication32.zip", content_hash="04" * 32, body="KMB IT-udvalget", meeting_date="2013-05-15",
                  sources={"body": "meeting system"})
_ITEM = [_para(0, "3. Indførelse af systemet SAPA", path="Publication32.zip"),
         _para(1, "Udvalget tog orienteringen til efterretning.", heading="Beslutning", path="Publication32.zip")]
for _p in _ITEM:
    _p.item_number, _p.item_title = "3", "Indførelse af systemet SAPA"
_ITEM[0].is_heading = True
_KL_PROMISE = "Derfor vil KL også evaluere processen."


def _meeting(bilag: Record, paragraphs: list[Paragraph]):
    """The meeting as the archive shows it: each record's follow-ups as the build extracts them."""
    from indexer.minutes.followups import extract_followups
    found = {_MINUTES.path: extract_followups(_MINUTES, _ITEM), bilag.path: extract_followups(bilag, paragraphs)}
    return build_meeting([_MINUTES, bilag], {_MINUTES.path: _ITEM, bilag.path: paragraphs}, follow_ups=found)


def _attachment(body: str, source: str) -> tuple[Record, list[Paragraph]]:
    record = Record(path="Publication32.zip/Enclosures/1.pdf", content_hash="05" * 32, body=body,
                    meeting_date="2013-05-15", attachment_to="Publication32.zip", sources={"body": source})
    paragraph = _para(0, _KL_PROMISE, heading="Tilslutning til monopolbruddet", page=3, path=record.path)
    paragraph.item_number = "3"
    return record, [paragraph]


def test_a_letter_from_others_attached_to_a_meeting_is_no_promise_made_there():
    for body, source in (("KMB IT-udvalget", "meeting system"), ("KL", "title page"), ("KKR Hovedstaden", "title page")):
        bilag, paragraphs = _attachment(body, source)
        meeting = _meeting(bilag, paragraphs)
        assert [f for i in meeting.items for f in i.follow_ups] == [] and not meeting.unplaced_follow_ups


def test_an_attachment_the_administration_wrote_is_no_promise_made_at_the_meeting_either():
    # a Ballerup "bilag" (a memo of Social, Sundhed og Beskæftigelse to the committee): its promises are
    # background to the item; the meeting's own promises stand in its minutes
    bilag, paragraphs = _attachment("Social, Sundhed og Beskæftigelse", "title page")
    meeting = _meeting(bilag, paragraphs)
    assert [f for i in meeting.items for f in i.follow_ups] == [] and not meeting.unplaced_follow_ups


def test_the_sample_archives_own_records_keep_their_promises_and_third_parties_attachments_none():
    own, _ = ingest_file(SAMPLE_ARCHIVE / "pdfs" / "ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf",
                         SAMPLE_ARCHIVE)
    assert own.attachment_to is None  # an agenda item's own PDF is the meeting's record, not an attachment
    from indexer.minutes.authors import promises_are_the_meetings
    assert promises_are_the_meetings(own)
    kl_attached = Record(path="bilag.pdf", content_hash="06" * 32, body="KL", attachment_to="referat.pdf",
                         sources={"body": "title page"})
    assert not promises_are_the_meetings(kl_attached)
