"""Meeting-system importers (`indexer.sources`): FirstAgenda JSON, eDoc XML, SBSYS zip.

Real exports are committed under tests/data/meeting-systems (two Greve meetings of 2022, the
eDoc export with its attachments' text trimmed and one of its PDFs, one SBSYS zip); bad
input is made from them in tmp_path.
"""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from indexer.errors import UnreadableFile
from indexer.records import Paragraph
from indexer.sources import (
    common,
    companion_files,
    is_meeting_source,
    meeting_key,
    read_meeting,
    split_entries,
    split_text,
    to_paragraphs,
)
from indexer.sources.html import html_to_text
from tests.paths import DATA

MEETINGS = DATA / "meeting-systems"
GREVE_KFU = MEETINGS / "firstagenda-greve" / "2022-01-12_e5c0f0b2-a890-437d-a8c1-9f0965349a4c.json"
GREVE_OEU = MEETINGS / "firstagenda-greve" / "2022-01-10_e049b9bf-8473-4034-9a27-cd30a5583562.json"
EDOC = MEETINGS / "edoc-ballerup-sfu-2012-12-04"
SBSYS_ZIP = MEETINGS / "sbsys" / "Publication32.zip"
HASH = "0123456789abcdef" * 4


def _all_text(paragraphs: list[Paragraph]) -> str:
    return "\n".join(p.text for p in paragraphs)


def _write_json(tmp_path: Path, data: object, name: str = "meeting.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _greve() -> dict:
    return json.loads(GREVE_KFU.read_text(encoding="utf-8"))


# -- FirstAgenda ---------------------------------------------------------------------------------
def test_firstagenda_meeting_fields_come_from_the_response():
    meeting = read_meeting(GREVE_KFU)
    assert meeting.system == "firstagenda"
    assert meeting.body == "Kultur- og Fritidsudvalget"
    assert meeting.meeting_date == "2022-01-12"
    assert meeting.start == "2022-01-12T16:30:00"  # local time, as the offset-bearing timestamp says
    assert meeting.place == "Mødelokale 1"
    assert meeting.source_id == "e5c0f0b2-a890-437d-a8c1-9f0965349a4c"


def test_held_meeting_with_decisions_is_minutes_though_greve_says_dagsorden():
    assert _greve()["Moede"]["Navn"] == "Dagsorden"
    assert read_meeting(GREVE_KFU).doc_type == "referat"


def test_meeting_not_held_is_an_agenda_with_the_same_key(tmp_path):
    data = _greve()
    data["Moede"]["Afsluttet"] = False
    agenda = read_meeting(_write_json(tmp_path, data))
    minutes = read_meeting(GREVE_KFU)
    assert agenda.doc_type == "dagsorden"
    assert meeting_key(agenda) == meeting_key(minutes) == "firstagenda:e5c0f0b2-a890-437d-a8c1-9f0965349a4c"


def test_a_member_away_for_one_item_was_at_the_meeting():
    # Per Lund Sørensen was declared inhabil in item 8 and left the room; every other item lists nobody absent
    attendees = read_meeting(GREVE_KFU).attendees
    assert len(attendees) == 5
    assert not any(a.absent for a in attendees)
    assert next(a.note for a in attendees if a.name == "Per Lund Sørensen") == "Fraværende under punkt 8"


def test_participation_cancelled_counts_as_absent_with_afbud(tmp_path):
    data = _greve()
    data["Moede"]["Moededeltagere"][0]["ParticipationCancelled"] = True
    attendees = read_meeting(_write_json(tmp_path, data)).attendees
    assert (attendees[0].name, attendees[0].absent, attendees[0].note) == ("Anne Marie Lyduch", True, "Afbud")


def test_absence_from_every_item_with_attendance_makes_an_attendee_absent():
    # Greve lists Mehmet Zeki Dogru as a participant but absent ("Fraværende") on each item that
    # records attendance; the signature sheet (item 4) records none.
    dogru = next(a for a in read_meeting(GREVE_OEU).attendees if a.name == "Mehmet Zeki Dogru")
    assert dogru.absent and dogru.note == "Fraværende"


def test_absence_from_some_items_is_a_note(tmp_path):
    data = json.loads(GREVE_OEU.read_text(encoding="utf-8"))
    data["Dagsordenpunkter"][1]["ExternalAgendaItemAttendees"][0]["Name"] = "Marc Genning"
    attendees = {a.name: a for a in read_meeting(_write_json(tmp_path, data)).attendees}
    assert not attendees["Mehmet Zeki Dogru"].absent
    assert attendees["Mehmet Zeki Dogru"].note == "Fraværende under punkt 1, 3"
    assert attendees["Marc Genning"].note == "Fraværende under punkt 2"


def test_items_in_order_with_numbers_titles_and_case_numbers():
    items = read_meeting(GREVE_KFU).items
    assert [i.number for i in items] == [str(n) for n in range(1, 15)]
    assert items[4].title == "Greve Museums Bestyrelse - valg af 2 medlemmer"
    assert items[4].case_number == "21-011401"


def test_sections_are_split_at_the_field_headings():
    item = read_meeting(GREVE_KFU).items[0]
    assert [s.heading for s in item.sections] == ["Beslutning", "Sagsprocedure", "Resume", "Indstilling"]
    assert item.decision == "Godkendt."


def test_sections_set_as_bold_paragraphs_under_fremstilling_are_split_there_too(tmp_path):
    # Plan- og Tryghedsudvalget, 23 May 2023, item 6: "<p><strong>Sagsprocedure</strong></p>" inside "Fremstilling"
    data = json.loads(GREVE_KFU.read_text(encoding="utf-8"))
    data["Dagsordenpunkter"][0]["Felter"] = [{"Html": (
        "<div><h3>Beslutning</h3><p>Anbefales</p></div><h3>Fremstilling</h3>"
        "<p><strong>Sagsprocedure</strong></p><p>Plan og Tryghedsudvalget, Økonomiudvalg og Byrådet</p>"
        "<p><strong>Resume</strong></p><p>Byrådet besluttede at udarbejde et oplæg.</p>"
        "<p><strong>Sagsbeskrivelse</strong></p><p>Borgersamlingen skal have et tydeligt mandat.</p>"
        "<p>Høring</p><p>Sagen sendes i høring.</p>")}]
    item = read_meeting(_write_json(tmp_path, data)).items[0]
    assert [(s.heading, s.text) for s in item.sections] == [
        ("Beslutning", "Anbefales"), ("Sagsprocedure", "Plan og Tryghedsudvalget, Økonomiudvalg og Byrådet"),
        ("Resume", "Byrådet besluttede at udarbejde et oplæg."),
        ("Sagsbeskrivelse", "Borgersamlingen skal have et tydeligt mandat."), ("Høring", "Sagen sendes i høring.")]
    # under a section set as a heading, such a line stays text (a subheading of the description)
    data["Dagsordenpunkter"][0]["Felter"] = [{"Html": "<h3>Sagsbeskrivelse</h3><p>Tekst.</p><p>Høring</p><p>Mere.</p>"}]
    [described] = read_meeting(_write_json(tmp_path, data)).items[0].sections
    assert described.heading == "Sagsbeskrivelse" and "Høring" in described.text


def test_decision_with_a_vote_is_read_in_full():
    decision = read_meeting(GREVE_KFU).items[7].decision
    assert "For stemte:" in decision
    assert "inhabil" in decision


def test_a_meeting_with_closed_items_says_so_in_its_record_so_its_data_is_not_handed_out():
    from indexer.records import Record

    def record(path: Path) -> Record:
        return Record(path.name, HASH, meeting=read_meeting(path).outline())

    assert record(GREVE_KFU).has_closed_items  # item 2, "Lukket: Henvendelser til formanden"
    assert record(GREVE_OEU).has_closed_items  # item 3, "Lukket: Orientering om politiets afgørelse …"
    opened = read_meeting(GREVE_OEU)
    opened.items = [item for item in opened.items if not item.closed]
    assert not Record("oeu.json", HASH, meeting=opened.outline()).has_closed_items
    assert not Record("minutes/x.txt", HASH).has_closed_items  # a text's structure: no system data


def test_closed_item_keeps_number_title_and_case_number_only():
    data = _greve()
    raw = data["Dagsordenpunkter"][1]
    closed_text = html_to_text(raw["Felter"][0]["Html"])
    assert raw["Navn"].startswith("Lukket") and closed_text  # the portal does publish text for it
    meeting = read_meeting(GREVE_KFU)
    item = meeting.items[1]
    assert (item.number, item.closed, item.case_number) == ("2", True, "21-016076")
    assert item.sections == [] and item.attachments == [] and item.url is None
    _, paragraphs = to_paragraphs(meeting, "greve/kfu.json", HASH)
    own = [p for p in paragraphs if p.item_number == "2"]
    assert [p.text for p in own] == ["2. Lukket: Henvendelser til formanden"]
    text = _all_text(paragraphs)
    assert not any(line in text for line in closed_text.splitlines() if len(line) > 20)


@pytest.mark.parametrize("navn, caption", [("\u200bLukket: Salg af grund", "\u200bLukket: Salg af grund"),
                                           ("\ufeffLukket: Salg af grund", ""),
                                           ("Salg af grund", "Lukket: Salg af grund")])
def test_an_item_is_closed_whatever_invisible_characters_or_second_title_say_it(tmp_path, navn, caption):
    data = _greve()
    raw = data["Dagsordenpunkter"][3]
    secret = html_to_text(raw["Felter"][0]["Html"])
    others = _all_text([p for p in to_paragraphs(read_meeting(GREVE_KFU), "greve/kfu.json", HASH)[1]
                        if p.item_number != raw["Punktnummer"]])
    secret = "\n".join(line for line in secret.splitlines() if line not in others)  # its own words only
    assert secret
    raw.update(Navn=navn, Caption=caption)
    path = tmp_path / GREVE_KFU.name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    meeting = read_meeting(path)
    item = next(i for i in meeting.items if i.number == raw["Punktnummer"])
    assert item.closed and item.sections == []
    text = _all_text(to_paragraphs(meeting, "greve/kfu.json", HASH)[1])
    assert not any(line in text for line in secret.splitlines() if len(line) > 20)


def test_attachments_are_named_with_their_portal_address():
    attachments = read_meeting(GREVE_KFU).items[8].attachments
    assert len(attachments) == 5
    assert all(a.url == f"https://dagsordener.greve.dk/Vis/Pdf/bilag/{a.source_id}" for a in attachments)
    assert all(a.file is None for a in attachments)  # the PDFs are not in the export


def test_unknown_fields_are_ignored(tmp_path):
    data = _greve()
    data["NytFelt"] = {"x": [1, 2]}
    data["Moede"]["Ukendt"] = "?"
    data["Dagsordenpunkter"][0]["Ekstra"] = None
    assert len(read_meeting(_write_json(tmp_path, data)).items) == 14


def test_response_encoded_twice_and_nested_json_strings_are_read(tmp_path):
    data = _greve()
    data["Moede"] = json.dumps(data["Moede"], ensure_ascii=False)
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(json.dumps(data, ensure_ascii=False)), encoding="utf-8")
    assert read_meeting(path).place == "Mødelokale 1"


def test_scripts_and_styles_in_a_field_are_dropped(tmp_path):
    data = _greve()
    data["Dagsordenpunkter"][0]["Felter"][0]["Html"] = (
        "<h3>Beslutning</h3><p>Godkendt &amp; vedtaget.</p><script>alert('x')</script>"
        "<style>p { color: red }</style>")
    item = read_meeting(_write_json(tmp_path, data)).items[0]
    assert [(s.heading, s.text) for s in item.sections] == [("Beslutning", "Godkendt & vedtaget.")]


# Byråd 16 November 2023, item 2's "Sagens forløb", as the portal returns it
HISTORY = ("<h3>Sagens forløb</h3><span class='sagsforloeb'><u>12-06-2023 Økonomiudvalget</u><br>\r\n"
           "Økonomiudvalget anbefaler overfor Byrådet, at indstillingen godkendes.<br>\r\n\r\n"
           "<u>19-06-2023 Byråd 2022-2025</u><br>\r\n<p>Byrådet godkendte Økonomiudvalgets indstilling.</p>"
           "<br>\r\n<br>Fraværende: Anne Marie Lyduch\r\n\r\n<u>16-11-2023 Klima-, Teknik- og Miljøudvalget</u><br>"
           "\r\n<p>1. Anbefales ikke</p><p>2. Anbefales</p><br>\r\n\r\n</span>")


def test_a_case_historys_entries_stand_whole_each_under_its_meetings_day(tmp_path):
    data = _greve()
    data["Dagsordenpunkter"][0]["Felter"][0]["Html"] = HISTORY
    [history] = read_meeting(_write_json(tmp_path, data)).items[0].sections
    assert "Fraværende: Anne Marie Lyduch\n\n16-11-2023 Klima-, Teknik- og Miljøudvalget" in history.text
    # packed whole: each entry opens with its day and body, however short, and none is cut from its header
    entries = ["12-06-2023 Økonomiudvalget\nØkonomiudvalget anbefaler overfor Byrådet, at indstillingen godkendes.",
               "19-06-2023 Byråd 2022-2025\nByrådet godkendte Økonomiudvalgets indstilling.\nFraværende: Anne Marie "
               "Lyduch", "16-11-2023 Klima-, Teknik- og Miljøudvalget\n1. Anbefales ikke\n2. Anbefales"]
    assert split_entries(history.text) == ["\n".join(entries)]
    assert split_entries(history.text, max_chars=150) == entries
    assert split_entries("Kort.\n\nOgså kort.") == split_text("Kort.\n\nOgså kort.")  # no history: as before


# -- bad input -------------------------------------------------------------------------------------
def _unreadable(path: Path) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        read_meeting(path)
    assert "\n" not in caught.value.reason
    return caught.value


def test_truncated_json_is_refused_as_corrupt(tmp_path):
    path = tmp_path / "cut.json"
    path.write_bytes(GREVE_KFU.read_bytes()[:3000])
    error = _unreadable(path)
    assert error.code == "corrupt" and "truncated" in error.reason and "cut.json" in error.reason


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"Dagsordenpunkter": [}, "Id": 1}', encoding="utf-8")
    error = _unreadable(path)
    assert error.code == "corrupt" and "malformed JSON at line 1" in error.reason


@pytest.mark.parametrize("content, said", [
    ('{"Udvalg": {"Navn": "X"}}'.encode("utf-16"), "not UTF-8"), (b"[1, 2]", "not a FirstAgenda meeting"),
    (b'{"foo": 1}', "not a FirstAgenda meeting")])
def test_a_damaged_file_under_a_saved_meetings_name_is_told_what_is_wrong(tmp_path, content, said):
    path = tmp_path / "2022-03-21_e5c0f0b2-a890-437d-a8c1-9f0965349a4c.json"  # as a harvest names a meeting
    path.write_bytes(content)
    assert is_meeting_source(path)  # not "unsupported file type .json"
    assert said in _unreadable(path).reason
    other = tmp_path / "settings.json"
    other.write_bytes(content)
    assert not is_meeting_source(other)  # any other JSON file is no meeting


def test_json_nested_past_any_meeting_says_so(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    error = _unreadable(path)
    assert error.code == "corrupt" and "nested too deeply" in error.reason and "Recursion" not in error.reason


def test_html_page_instead_of_json_says_so(tmp_path):
    path = tmp_path / "login.json"
    path.write_text("<!DOCTYPE html><html><body>Log ind</body></html>", encoding="utf-8")
    assert is_meeting_source(path)  # claimed, so the build reports why it was not read
    error = _unreadable(path)
    assert "HTML page, not JSON" in error.reason


def test_meeting_without_items_is_refused(tmp_path):
    data = _greve()
    data["Dagsordenpunkter"] = []
    error = _unreadable(_write_json(tmp_path, data, "empty.json"))
    assert "meeting has no agenda items" in error.reason


def test_field_over_the_size_limit_is_refused(tmp_path):
    data = _greve()
    data["Dagsordenpunkter"][0]["Felter"][0]["Html"] = "<p>" + "a" * (common.MAX_FIELD_CHARS + 1) + "</p>"
    error = _unreadable(_write_json(tmp_path, data, "huge.json"))
    assert "over the limit" in error.reason and "item 1" in error.reason


def test_response_that_is_not_a_meeting_is_refused(tmp_path):
    path = _write_json(tmp_path, {"Udvalg": {"Gruppe": []}})
    assert not is_meeting_source(path)
    assert "not a FirstAgenda meeting" in _unreadable(path).reason


# -- eDoc ------------------------------------------------------------------------------------------
def test_edoc_meeting_from_structure_and_text():
    meeting = read_meeting(EDOC)
    assert (meeting.system, meeting.body, meeting.meeting_date, meeting.start) == (
        "edoc", "Sundheds- og Forebyggelsesudvalget", "2012-12-04", "2012-12-04T13:00:00")
    assert meeting.place == "Mødecenter C, Lokale 32 på Ballerup Rådhus"
    assert meeting.doc_type == "referat"
    assert meeting.source_id == "4110"
    assert [i.number for i in meeting.items] == [str(n) for n in range(1, 9)]  # sorted: the XML is not
    assert meeting.items[1].case_number == "2012-28504"
    assert "Solvej 6" in meeting.items[6].decision


def test_edoc_attendees_with_roles_and_secretary():
    attendees = read_meeting(EDOC / "eDocAgendaPublishing.xml").attendees
    assert len(attendees) == 8 and not any(a.absent for a in attendees)
    assert (attendees[0].name, attendees[0].role) == ("Lolan Ottesen", "A, formand")
    assert (attendees[-1].name, attendees[-1].role) == ("Mie Helene Andresen", "Sekretær")


def test_edoc_sub_points_after_a_points_files_go_on_with_the_items_text():
    # "b. Konference …" / "Bilag" / "2012-208960 - …" / "c." / "Konference den 10. december …": c. is no file
    sections = [(s.heading, s.text) for s in read_meeting(EDOC).items[0].sections]
    files = [text for heading, text in sections if heading == "Bilag"]
    assert files and all(not re.search(r"^[a-h]\.", text, re.M) for text in files), files
    assert any(heading == "Sagsfremstilling" and text.startswith("c. Konference den 10. december 2012")
               for heading, text in sections), sections


def test_edoc_who_decides_is_not_the_decision():
    item = read_meeting(EDOC).items[2]
    assert "Beslutningen træffes af" in [s.heading for s in item.sections]
    assert item.decision == "Indstilles til godkendelse"


def test_edoc_missing_pdf_keeps_the_attachment_without_file():
    items = read_meeting(EDOC).items
    assert [(a.title, a.file) for a in items[3].attachments] == [
        ("Forslag til takstreduktion aflastningstilbuddet Torvevej 2013", "1548285.PDF")]
    assert [a.file for a in items[1].attachments] == [None]  # named in the XML, not in the folder


def test_edoc_closed_agenda_part_drops_the_text(tmp_path):
    folder = tmp_path / "edoc"
    shutil.copytree(EDOC, folder)
    xml = folder / "eDocAgendaPublishing.xml"
    xml.write_bytes(xml.read_bytes().replace("<AgendaType>Åben dagsorden</AgendaType>".encode(),
                                             b"<AgendaType>Lukket dagsorden</AgendaType>"))
    meeting = read_meeting(folder)
    assert all(i.closed and not i.sections and not i.attachments for i in meeting.items)
    assert meeting.items[1].case_number == "2012-28504"
    assert meeting.doc_type == "dagsorden"  # no open decision
    _, paragraphs = to_paragraphs(meeting, "edoc.xml", HASH)
    assert "bygningssyn" not in _all_text(paragraphs)
    roles = companion_files(xml)
    assert roles[folder / "1548285.PDF"] == "closed"
    from indexer.ingest.scan import archive_files

    assert archive_files(folder) == [xml]  # a closed item's file never reaches the index


def test_edoc_companion_files_say_what_each_pdf_is():
    roles = companion_files(EDOC / "eDocAgendaPublishing.xml")
    assert roles == {EDOC / "1548285.PDF": "attachment"}  # only the PDFs present on disk


def test_edoc_control_character_references_do_not_break_the_xml():
    assert b"&#xC;" in (EDOC / "eDocAgendaPublishing.xml").read_bytes()
    assert read_meeting(EDOC).attendees  # the front page text after the page break is read


# -- SBSYS -----------------------------------------------------------------------------------------
def test_sbsys_zip_is_read_in_memory():
    meeting = read_meeting(SBSYS_ZIP)
    assert (meeting.system, meeting.body, meeting.meeting_date, meeting.start, meeting.place) == (
        "sbsys", "KMB IT-udvalget", "2013-05-15", "2013-05-15T16:30:00", "Mødecenter A, Lokale 3 på Ballerup Rådhus")
    assert meeting.doc_type == "dagsorden"  # decision fields present but empty
    assert meeting.source_id == "26"
    assert meeting.attendees == []  # an agenda: every member's participation "NotDecided"
    assert [i.number for i in meeting.items] == ["1", "2", "3", "4", "5"]
    item = meeting.items[2]
    assert [(a.title, a.file) for a in item.attachments] == [
        ("Brev fra KL til Kommunalbestyrelsen vedr Monopolbrud", "Enclosures/1.pdf")]
    assert item.sections[0].heading == "Sammendrag"
    assert item.sections[-1].text.startswith("Center for It og Digitalisering indstiller, at\n\nA. Indførelse")


def _rewrite_zip(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename.endswith(".xml") else data)
    return target


def test_sbsys_member_not_taking_part_is_absent(tmp_path):
    def cancel_first(xml: bytes) -> bytes:
        return xml.replace(b"<ParticipationStatusAsValue><![CDATA[0]]>", b"<ParticipationStatusAsValue><![CDATA[2]]>", 1) \
                  .replace(b"<ParticipationStatusAsText><![CDATA[NotDecided]]>", b"<ParticipationStatusAsText><![CDATA[Afbud]]>", 1)
    meeting = read_meeting(_rewrite_zip(SBSYS_ZIP, tmp_path / "Publication32.zip", cancel_first))
    first = meeting.attendees[0]
    assert (first.name, first.absent, first.note) == ("Doris Børger", True, "Afbud")


def _set_participation(xml: bytes, value: bytes, text: bytes, count: int = 1) -> bytes:
    return xml.replace(b"<ParticipationStatusAsValue><![CDATA[0]]>", b"<ParticipationStatusAsValue><![CDATA[" + value + b"]]>", count) \
              .replace(b"<ParticipationStatusAsText><![CDATA[NotDecided]]>", b"<ParticipationStatusAsText><![CDATA[" + text + b"]]>", count)


def test_sbsys_members_whose_participation_is_not_decided_neither_attended_nor_missed(tmp_path):
    from indexer.minutes.meetings import build_meeting
    from indexer.minutes.people.attendance import meeting_attendance

    # The first member marked as taking part; the ten others left "NotDecided", as the agenda has them.
    meeting = read_meeting(_rewrite_zip(SBSYS_ZIP, tmp_path / "Publication32.zip",
                                        lambda xml: _set_participation(xml, b"1", b"Participating")))
    assert [(a.name, a.role, a.absent) for a in meeting.attendees] == [("Doris Børger", "A", False)]
    record, paragraphs = to_paragraphs(meeting, "Publication32.zip", HASH)
    assert [(p.name, p.present) for p in meeting_attendance([record], {record.path: paragraphs})] == [
        ("Doris Børger", True)]
    view = build_meeting([record], {record.path: paragraphs})
    assert (view.attendees, view.absent) == (["Doris Børger (A)"], [])
    assert "Hanne Bahnsen" not in _all_text(paragraphs)  # not claimed present ("Til stede") either


def _fill_decision(xml: bytes, item_caption: str, html: str) -> bytes:
    """The item's (empty) "Beslutning" field filled with `html`."""
    text = xml.decode("utf-8-sig")
    start = text.index("<Caption><![CDATA[Beslutning]]>", text.index(f"<Caption><![CDATA[{item_caption}"))
    end = text.index("<Content></Content>", start)
    return (text[:end] + f"<Content><![CDATA[{html}]]></Content>" + text[end + len("<Content></Content>"):]).encode()


# Region Hovedstaden's field (Publication553, item 1), moved to this meeting's dates: 15 May 2013 is this meeting.
_SLOTS = ("<p>&nbsp;</p><p><strong>8. maj 2013:</strong> Sagen udsat til behandling på ekstraordinært møde den "
          "15. maj, såfremt godkendelse fra KOMBIT foreligger forinden.</p><p>Peter Als (A) deltog ikke i sagens "
          "behandling.</p><p>&nbsp;</p><p><strong>15. maj 2013:</strong>{own}</p>")


def test_sbsys_earlier_dated_slot_of_a_decision_field_is_history_not_this_meetings_decision(tmp_path):
    from indexer.minutes.decisions import extract_decisions
    from indexer.minutes.followups import extract_followups

    path = _rewrite_zip(SBSYS_ZIP, tmp_path / "Publication32.zip",
                        lambda xml: _fill_decision(xml, "Indførelse af systemet SAPA", _SLOTS.format(own="")))
    meeting = read_meeting(path)
    item = meeting.items[2]
    assert item.decision is None and meeting.doc_type == "dagsorden"  # this meeting's slot is empty
    record, paragraphs = to_paragraphs(meeting, "Publication32.zip", HASH)
    assert extract_decisions(record, paragraphs) == []
    assert extract_followups(record, paragraphs) == []
    # The earlier meeting's decision stays, as the case's history, to be found by search.
    [history] = [p for p in paragraphs if "Sagen udsat til behandling" in p.text]
    assert history.heading == "Tidligere behandling" and history.item_number == "3"
    assert history.text.startswith("8. maj 2013: Sagen udsat") and "Peter Als (A) deltog ikke" in history.text


def test_sbsys_decision_in_this_meetings_dated_slot_is_its_decision_alone(tmp_path):
    from indexer.minutes.decisions import extract_decisions

    path = _rewrite_zip(SBSYS_ZIP, tmp_path / "Publication32.zip", lambda xml: _fill_decision(
        xml, "Indførelse af systemet SAPA", _SLOTS.format(own=" Indstillingen godkendt.")))
    meeting = read_meeting(path)
    assert meeting.items[2].decision == "Indstillingen godkendt."
    record, paragraphs = to_paragraphs(meeting, "Publication32.zip", HASH)
    [decision] = extract_decisions(record, paragraphs)
    assert (decision.item_number, decision.meeting_date, decision.outcome) == ("3", "2013-05-15", "approved")
    assert "udsat" not in decision.text


def test_sbsys_item_not_public_is_closed(tmp_path):
    def hide_third(xml: bytes) -> bytes:
        text = xml.decode("utf-8-sig")
        start = text.index("<Caption><![CDATA[Indførelse af systemet SAPA")
        end = text.index("</IsPublic>", start)
        text = text[:start] + text[start:end].replace("True", "False") + text[end:]
        return text.encode("utf-8")
    meeting = read_meeting(_rewrite_zip(SBSYS_ZIP, tmp_path / "Publication32.zip", hide_third))
    item = meeting.items[2]
    assert item.closed and not item.sections and not item.attachments
    _, paragraphs = to_paragraphs(meeting, "sbsys.zip", HASH)
    assert "KOMBIT" not in _all_text(paragraphs)


def test_sbsys_zip_slip_is_refused_without_writing(tmp_path):
    evil = tmp_path / "in" / "Publication9.zip"
    evil.parent.mkdir()
    with zipfile.ZipFile(SBSYS_ZIP) as old, zipfile.ZipFile(evil, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("../../escaped.txt", "x")
    error = _unreadable(evil)
    assert "points outside the export folder" in error.reason and "Publication9.zip" in error.reason
    assert not list(tmp_path.rglob("escaped.txt"))


def test_sbsys_damaged_zip_is_corrupt(tmp_path):
    path = tmp_path / "Publication5.zip"
    path.write_bytes(SBSYS_ZIP.read_bytes()[:-200])  # the central directory cut off
    assert is_meeting_source(path)  # by its name and first entry: its reader says it is damaged
    error = _unreadable(path)
    assert error.code == "corrupt" and "damaged SBSYS publication Publication5.zip" in error.reason


def test_sbsys_folder_with_a_missing_enclosure(tmp_path):
    with zipfile.ZipFile(SBSYS_ZIP) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / "Publication32"
    (folder / "Enclosures" / "1.pdf").unlink()
    meeting = read_meeting(folder / "Publication32.xml")
    assert [a.file for a in meeting.items[2].attachments] == [None]
    assert companion_files(folder / "Publication32.xml") == {}


# -- detection, paragraphs -------------------------------------------------------------------------
def test_detection_by_name_and_first_bytes(tmp_path):
    assert is_meeting_source(GREVE_KFU)
    assert is_meeting_source(EDOC / "eDocAgendaPublishing.xml")
    assert is_meeting_source(SBSYS_ZIP)
    assert not is_meeting_source(EDOC / "1548285.PDF")
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "x")
    assert not is_meeting_source(other_zip)
    assert not is_meeting_source(_write_json(tmp_path, {"a": 1}, "plain.json"))


def test_paragraphs_and_record_of_a_meeting():
    meeting = read_meeting(GREVE_KFU)
    record, paragraphs = to_paragraphs(meeting, "greve/kfu.json", HASH)
    assert record.title == "Referat: Kultur- og Fritidsudvalget 12. januar 2022"
    assert (record.body, record.meeting_date, record.doc_type, record.file_type) == (
        "Kultur- og Fritidsudvalget", "2022-01-12", "referat", "firstagenda")
    assert record.sources == {"title": "meeting system", "body": "meeting system",
                              "meeting_date": "meeting system", "doc_type": "meeting system"}
    assert [p.position for p in paragraphs] == list(range(len(paragraphs)))
    assert all(re.fullmatch(r"0123456789abcdef-\d{5}", p.id) for p in paragraphs)
    assert paragraphs[1].text.endswith("Per Lund Sørensen (Fraværende under punkt 8)")  # inhabil in item 8
    headings = [p for p in paragraphs if p.is_heading and p.item_number]
    assert len(headings) == 14 and headings[4].text == "5. Greve Museums Bestyrelse - valg af 2 medlemmer"
    decision = next(p for p in paragraphs if p.item_number == "5" and p.heading == "Beslutning")
    assert decision.item_title == "Greve Museums Bestyrelse - valg af 2 medlemmer"
    assert decision.case_number == "21-011401"
    assert max(len(p.text) for p in paragraphs) <= 1000


def test_long_text_is_split_at_sentence_ends():
    sentence = "Udvalget drøftede sagen grundigt og besluttede at sende den videre til byrådet. "
    parts = split_text(sentence * 40)
    assert len(parts) >= 3
    assert all(len(p) <= 1000 and p.endswith("byrådet.") for p in parts)
    assert split_text("Kort.\n\nOgså kort.") == ["Kort.\nOgså kort."]  # fragments are packed


def test_html_to_text_keeps_paragraphs_and_lists():
    html = ("<div><p>Første&nbsp;afsnit.</p><p>Andet<br>linje</p><ul><li>en</li><li><p>to</p></li></ul>"
            "<table><tr><td>År</td><td>Beløb</td></tr><tr><td>2023</td><td>1,2</td></tr></table></div>")
    assert html_to_text(html) == "Første afsnit.\n\nAndet\nlinje\n\n- en\n- to\n\nÅr | Beløb\n2023 | 1,2"


# -- wiring: the scan and ingest_file ----------------------------------------------------------------
def _archive(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    shutil.copytree(EDOC, archive / "edoc")
    # The complete minutes as PDF (a rendering of the export's own text): a copy of any PDF will do.
    shutil.copy(EDOC / "1548285.PDF", archive / "edoc" / "1552814.PDF")
    (archive / "greve").mkdir()
    shutil.copy(GREVE_KFU, archive / "greve" / GREVE_KFU.name)
    shutil.copy(SBSYS_ZIP, archive / SBSYS_ZIP.name)
    return archive


def test_scan_takes_meeting_exports_and_leaves_out_their_renderings(tmp_path):
    from indexer.ingest.scan import scan

    archive = _archive(tmp_path)
    sources = {s.name: s for s in scan(archive, {})}
    assert set(sources) == {"edoc/1548285.PDF", "edoc/eDocAgendaPublishing.xml", "Publication32.zip",
                            "Publication32.zip/Enclosures/1.pdf", f"greve/{GREVE_KFU.name}"}
    assert all(s.supported for s in sources.values())


def test_ingest_reads_a_meeting_export_by_its_structure(tmp_path):
    from indexer.ingest.pipeline import ingest_file

    archive = _archive(tmp_path)
    record, paragraphs = ingest_file(archive / "greve" / GREVE_KFU.name, root=archive, catalog={})
    assert (record.path, record.file_type, record.doc_type) == (f"greve/{GREVE_KFU.name}", "firstagenda", "referat")
    assert paragraphs[0].id.startswith(record.content_hash[:16])
    record, _ = ingest_file(archive / "Publication32.zip", root=archive,
                            catalog={"Publication32.zip": {"title": "IT-udvalget maj 2013"}})
    assert (record.title, record.sources["title"], record.body) == ("IT-udvalget maj 2013", "catalog", "KMB IT-udvalget")


def test_ingest_links_an_export_attachment_to_its_meeting(tmp_path):
    from indexer.ingest.pipeline import ingest_file

    archive = _archive(tmp_path)
    record, _ = ingest_file(archive / "edoc" / "1548285.PDF", root=archive, catalog={})
    assert record.attachment_to == "edoc/eDocAgendaPublishing.xml"
    assert record.sources["attachment_to"] == "meeting system"


def test_a_harvested_attachment_cites_its_meeting_and_item_from_the_json(tmp_path):
    from indexer.ingest.pipeline import ingest_file
    from tests.pdfs import make_pdf

    archive = tmp_path / "archive"
    (archive / "greve").mkdir(parents=True)
    meeting = archive / "greve" / GREVE_KFU.name
    shutil.copy(GREVE_KFU, meeting)
    meeting.with_suffix("").mkdir()
    pdf = make_pdf(meeting.with_suffix("") / "60a75d44-1166-48d8-a152-d3450355fa5e.pdf", [[
        "Socialforvaltningen", "3. Opsamling fra workshoppen",
        "Foreningerne ønsker en fælles fejring af Sankt Hans ved stranden med bål og musik for alle borgere."]])
    record, paragraphs = ingest_file(pdf, root=archive, catalog={})
    assert (record.body, record.meeting_date, record.doc_type, record.case_number) == (
        "Kultur- og Fritidsudvalget", "2022-01-12", "bilag", "21-016078")
    assert record.title == "Bilag 1 - Opsamling fra Åben Workshop med foreninger om fejring af Sankt Hans"
    assert record.attachment_to == f"greve/{GREVE_KFU.name}" and record.sources["body"] == "meeting system"
    # The item the JSON lists it under (10), never the PDF's own chapter "3."
    assert {(p.item_number, p.item_title) for p in paragraphs} == {("10", "Sankthans i Greve Kommune")}


def test_an_sbsys_enclosure_cites_its_meeting_and_item(tmp_path):
    from indexer.ingest.pipeline import ingest_file

    with zipfile.ZipFile(SBSYS_ZIP) as archive:
        archive.extractall(tmp_path)
    record, paragraphs = ingest_file(tmp_path / "Publication32" / "Enclosures" / "1.pdf", root=tmp_path, catalog={})
    assert (record.body, record.meeting_date, record.doc_type, record.title) == (
        "KMB IT-udvalget", "2013-05-15", "bilag", "Brev fra KL til Kommunalbestyrelsen vedr Monopolbrud")
    assert {p.item_number for p in paragraphs} == {"3"}


@pytest.mark.parametrize("system", ["edoc", "firstagenda"])
def test_a_pdf_beside_a_damaged_meeting_export_is_never_read(tmp_path, system):
    from indexer.ingest.pipeline import ingest_file
    from indexer.sources import export_role

    if system == "edoc":
        export = tmp_path / "edoc" / "eDocAgendaPublishing.xml"
        shutil.copytree(EDOC, export.parent)
        pdf = export.parent / "1548285.PDF"
    else:
        export = tmp_path / GREVE_KFU.name
        pdf = export.with_suffix("") / "60a75d44-1166-48d8-a152-d3450355fa5e.pdf"
        pdf.parent.mkdir()
        shutil.copy(EDOC / "1548285.PDF", pdf)
        shutil.copy(GREVE_KFU, export)
    export.write_bytes(export.read_bytes()[:20000])  # cut short: what the PDF is cannot be told
    assert export_role(pdf) == (export, "unreadable")
    with pytest.raises(UnreadableFile) as info:
        ingest_file(pdf, root=tmp_path, catalog={})
    assert info.value.code == "export_unreadable"
    assert info.value.reason == (f"its meeting export {export.relative_to(tmp_path).as_posix()} cannot be read, "
                                 "so what the file is cannot be told")


@pytest.mark.parametrize("name", ["Publication553.zip", "export.zip"])
def test_a_cut_short_sbsys_zip_is_reported_corrupt_not_unsupported(tmp_path, name):
    from indexer.build.run import build
    from tests.fakes import HashEmbedder

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / name).write_bytes(SBSYS_ZIP.read_bytes()[:3000])  # a download cut short
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    [skipped] = report.skipped
    assert (skipped.path, skipped.code) == (name, "corrupt")
    assert skipped.reason == f"corrupt file: damaged SBSYS publication {name} (not a readable zip: File is not a zip file)"


def test_an_empty_sbsys_zip_is_reported_as_an_empty_sbsys_publication(tmp_path):
    from indexer.build.run import build
    from tests.fakes import HashEmbedder

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "Publication7.zip").write_bytes(b"")  # a download that never got its bytes
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    [skipped] = report.skipped
    assert (skipped.path, skipped.code) == ("Publication7.zip", "corrupt")
    assert skipped.reason == "corrupt file: empty SBSYS publication Publication7.zip: the zip is 0 bytes"


# -- the minutes PDF of an eDoc export: each paragraph cites its page there ---------------------------
DWINDLING = "Den dalende tilslutning til kurserne anses som udtryk for"


def _edoc_with_minutes(tmp_path: Path, pages: list[list[str]]) -> Path:
    """An eDoc export folder whose open agenda PDF (1552814.PDF) holds `pages` (lines per page)."""
    from tests.pdfs import make_pdf

    folder = tmp_path / "archive" / "edoc"
    shutil.copytree(EDOC, folder)
    make_pdf(folder / "1552814.PDF", pages)
    return folder


def test_edoc_paragraphs_cite_the_page_of_the_minutes_pdf_where_they_stand(tmp_path):
    from indexer.ingest.pipeline import ingest_file

    # the PDF breaks the sentence over lines, hyphenated, as a PDF's text layer does
    folder = _edoc_with_minutes(tmp_path, [["Referat"], ["Noget andet"],
                                           ["Den dalende tilslutning til kur-", "serne anses som udtryk for, at mange"]])
    record, paragraphs = ingest_file(folder / "eDocAgendaPublishing.xml", root=folder.parent, catalog={})
    [found] = [p for p in paragraphs if p.text.startswith(DWINDLING)]
    assert found.page == 3 and record.pages == 3
    heading = next(p for p in paragraphs if p.is_heading and p.item_number == found.item_number)
    assert heading.page == 3  # an item's title: the page of its text, not of the contents
    # text the PDF does not hold keeps no page: none is guessed
    assert all(p.page is None for p in paragraphs if p.item_number != found.item_number)


def test_edoc_paragraphs_without_a_minutes_pdf_cite_no_page(tmp_path):
    from indexer.ingest.pipeline import ingest_file

    folder = tmp_path / "archive" / "edoc"
    shutil.copytree(EDOC, folder)
    record, paragraphs = ingest_file(folder / "eDocAgendaPublishing.xml", root=folder.parent, catalog={})
    assert record.pages == 1 and all(p.page is None for p in paragraphs)


def test_place_on_pages_looks_for_the_next_paragraph_after_the_last_one_found():
    from indexer.sources.pages import place_on_pages

    standing = "Forvaltningen orienterer om status for projektet og den videre proces."
    paragraphs = [Paragraph(id=f"p-{n}", document="x.xml", position=n, text=text)
                  for n, text in enumerate([standing, "Udvalget tog orienteringen til efterretning i dag.", standing])]
    assert place_on_pages(paragraphs, [(1, standing), (2, "Udvalget tog orienteringen til efterretning i dag."),
                                       (3, standing)]) == 3
    assert [p.page for p in paragraphs] == [1, 2, 3]


def test_a_meeting_systems_names_and_text_lose_control_and_direction_characters(tmp_path):
    data = _greve()
    data["Moede"]["Moededeltagere"][0]["Name"] = "Ulla \u202eTest"
    raw = data["Dagsordenpunkter"][3]
    raw["Navn"] = "Budget \x1b[31m 2023"
    raw["Felter"][0]["Html"] = "<p>Kontroltegn \x1b[31m rød \u2066og\u2069 mere</p>" + raw["Felter"][0]["Html"]
    path = tmp_path / GREVE_KFU.name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    meeting = read_meeting(path)
    text = _all_text(to_paragraphs(meeting, "greve/kfu.json", HASH)[1])
    assert "Kontroltegn [31m rød og mere" in text and "Budget [31m 2023" in text
    names = " ".join(a.name for a in meeting.attendees)
    assert not any(ch in text + names for ch in "\x1b\u202e\u2066\u2069")
    assert "Ulla Test" in names
