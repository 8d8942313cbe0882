"""Meeting-system exports in an archive: built by the ordinary build, searched, cited and shown
as meetings with what the source states (hashing embedder: no model)."""
from __future__ import annotations

import json
import shutil

import pytest

from indexer.build.run import build
from indexer.search.archive import Archive
from tests.fakes import HashEmbedder
from tests.pdfs import make_pdf
from tests.paths import DATA, sample_copy

GREVE = DATA / "meeting-systems" / "firstagenda-greve"
KFU = "greve/2022-01-12_e5c0f0b2-a890-437d-a8c1-9f0965349a4c.json"  # Kultur- og Fritidsudvalget
OEU = "greve/2022-01-10_e049b9bf-8473-4034-9a27-cd30a5583562.json"  # Økonomiudvalget


@pytest.fixture(scope="module")
def greve_archive(tmp_path_factory):
    """An archive of two Greve meetings as the portal returned them, and its index."""
    root = tmp_path_factory.mktemp("greve")
    shutil.copytree(GREVE, root / "archive" / "greve")
    report = build(root / "archive", root / "index", embedder=HashEmbedder())
    assert len(report.indexed) == 2, report.summary()
    archive = Archive.open(root / "index", embedder=HashEmbedder())
    yield archive
    archive.close()


def test_a_portal_response_is_a_document_with_the_meetings_own_body_date_and_type(greve_archive):
    documents = {d["path"]: d for d in greve_archive.documents()}
    assert documents[KFU]["body"] == "Kultur- og Fritidsudvalget"
    assert documents[KFU]["meeting_date"] == "2022-01-12"
    assert documents[KFU]["doc_type"] == "referat"
    assert documents[KFU]["sources"]["body"] == "meeting system"


def test_each_paragraph_cites_its_own_items_case_number(greve_archive):
    hits = greve_archive.document(KFU)
    by_item = {(h.item_number, h.case_number) for h in hits if h.item_number}
    assert ("5", "21-011401") in by_item and ("8", "21-016079") in by_item
    assert all(case == {"5": "21-011401", "8": "21-016079"}.get(item, case) for item, case in by_item)


def test_a_paragraphs_context_stays_within_its_agenda_item(greve_archive):
    hits = greve_archive.document(KFU)
    first_of_item = next(h for i, h in enumerate(hits) if i > 0 and h.item_number and
                         h.item_number != hits[i - 1].item_number)  # the one before it is another item's
    around = greve_archive.context(first_of_item.id, before=3, after=3)
    assert around[0].id == first_of_item.id  # nothing of the item before
    assert {h.item_number for h in around} == {first_of_item.item_number}


def test_a_closed_items_title_is_shown_and_its_text_never_stored(greve_archive):
    raw = json.loads((GREVE / KFU.split("/", 1)[1]).read_text(encoding="utf-8"))
    closed = next(i for i in raw["Dagsordenpunkter"] if i["Navn"].startswith("Lukket"))
    item = [h for h in greve_archive.document(KFU) if h.item_number == closed["Punktnummer"]]
    assert [h.text for h in item] == [f"{closed['Punktnummer']}. {closed['Navn']}"]
    view = greve_archive.meeting_of(KFU)
    assert next(i for i in view.items if i.number == closed["Punktnummer"]).closed


def test_the_meeting_view_shows_the_sources_attendees_place_and_case_numbers(greve_archive):
    view = greve_archive.meeting_of(OEU)
    assert view.body == "Økonomiudvalget" and view.place == "Biblioteket" and view.system == "firstagenda"
    assert view.start.startswith("2022-01-10T")
    assert [name.split(" (")[0] for name in view.absent] == ["Mehmet Zeki Dogru"]
    assert len(view.attendees) == 6
    assert [(i.number, i.case_number) for i in view.items][:2] == [("1", "21-014439"), ("2", "21-013713")]


def test_a_search_hit_in_a_meeting_cites_body_date_item_and_case(greve_archive):
    results = greve_archive.search("Sankthans", k=3, mode="lexical")
    hit = results.hits[0]
    assert (hit.body, hit.date, hit.item_number, hit.case_number) == (
        "Kultur- og Fritidsudvalget", "2022-01-12", "10", "21-016078")
    assert "meeting" not in hit.to_json()  # the meeting's outline is the document's, not each hit's


def test_a_case_trail_lists_each_meeting_that_treated_the_case_in_date_order(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    archive = tmp_path / "archive"
    shutil.copytree(GREVE, archive / "greve")
    later = json.loads((GREVE / KFU.split("/", 1)[1]).read_text(encoding="utf-8"))
    later["Id"] = "00000000-0000-4000-8000-000000000001"  # the same case back at a later meeting
    later["Moede"]["Dato"] = later["Moede"]["Dato"].replace("2022-01-12", "2022-02-09")
    (archive / "greve" / "2022-02-09_00000000-0000-4000-8000-000000000001.json").write_text(
        json.dumps(later, ensure_ascii=False), encoding="utf-8")
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    steps = opened.case_trail("21-016078")
    opened.close()
    assert [(s.meeting_date, s.item_number, s.item_title) for s in steps] == [
        ("2022-01-12", "10", "Sankthans i Greve Kommune"), ("2022-02-09", "10", "Sankthans i Greve Kommune")]
    assert all(s.body == "Kultur- og Fritidsudvalget" for s in steps)
    printed = CliRunner().invoke(main, ["case", "21-016078", "--index", str(tmp_path / "index"), "--json"])
    assert printed.exit_code == 0 and json.loads(printed.output)["total"] == 2
    # as the API's 404 and 422: a script sees an unknown case, and "hello" is no case number at all
    unknown = CliRunner().invoke(main, ["case", "99-999999", "--index", str(tmp_path / "index")])
    assert unknown.exit_code == 1 and "no meeting in the index treated case 99-999999" in unknown.output
    nonsense = CliRunner().invoke(main, ["case", "hello", "--index", str(tmp_path / "index")])
    assert nonsense.exit_code == 1 and nonsense.stderr.startswith("Error: not a case number: 'hello'")
    assert nonsense.stderr.count("\n") == 1
    # a case number searched for points to its trail
    searched = CliRunner().invoke(main, ["search", "21-016078", "--index", str(tmp_path / "index"), "--mode", "lexical"])
    assert "case 21-016078: every meeting that treated it: python -m indexer case 21-016078" in searched.output
    as_json = CliRunner().invoke(main, ["search", "21-016078", "--index", str(tmp_path / "index"), "--mode", "lexical", "--json"])
    assert json.loads(as_json.output)["case"] == "21-016078"


def test_a_case_number_written_without_its_leading_zeros_is_answered_with_the_one_meant(greve_archive):
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from indexer.api import ApiSettings, create_app
    from indexer.cli import main

    assert greve_archive.similar_cases("21-16078") == ["21-016078"]
    assert greve_archive.similar_cases("21/016078") == ["21-016078"]
    assert greve_archive.similar_cases("21-016078") == [] and greve_archive.similar_cases("99-999999") == []
    index = greve_archive.index_dir
    printed = CliRunner().invoke(main, ["case", "21-16078", "--index", str(index)])
    assert printed.exit_code == 1
    assert "no meeting in the index treated case 21-16078; did you mean 21-016078?" in printed.output
    with TestClient(create_app(ApiSettings(index_dir=index), embedder=HashEmbedder())) as api:
        missing = api.get("/cases/21-16078")
        feed = api.get("/feeds/case/21-16078.atom")
    assert missing.status_code == 404 and "did you mean '21-016078'?" in missing.json()["detail"]
    assert feed.status_code == 404 and "did you mean '21-016078'?" in feed.text


def test_a_cases_atom_feed_holds_the_agenda_items_of_the_case_with_their_decisions(greve_archive):
    import feedparser

    from indexer.alerts.feeds import case_feed
    from indexer.alerts.links import Links

    parsed = feedparser.parse(case_feed(greve_archive, "21-016078", Links(app_url="https://arkiv.example.dk")))
    assert not parsed.bozo and len(parsed.entries) == 1
    entry = parsed.entries[0].summary
    assert "punkt 10" in entry and "Sankthans i Greve Kommune" in entry and "sag 21-016078" in entry


# -- an export's attachments ------------------------------------------------------------------------
EDOC = DATA / "meeting-systems" / "edoc-ballerup-sfu-2012-12-04"
ATTACHMENT = "edoc/1548285.PDF"  # item 4's attachment


def _edoc_archive(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(EDOC, archive / "edoc")
    return archive, archive / "edoc" / "eDocAgendaPublishing.xml"


def test_an_export_attachment_is_cited_by_its_meetings_body_date_item_and_case(tmp_path):
    archive, _ = _edoc_archive(tmp_path)
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        hits = [h for h in opened.search("aflastningsinstitutionen budget", k=50, mode="lexical").hits
                if h.document == ATTACHMENT]
        assert hits
        # The export's meeting and item, never the PDF's own headings or chapter numbers.
        assert {(h.body, h.date, h.doc_type, h.title, h.item_number, h.item_title, h.case_number) for h in hits} == {
            ("Sundheds- og Forebyggelsesudvalget", "2012-12-04", "bilag",
             "Forslag til takstreduktion aflastningstilbuddet Torvevej 2013", "4",
             "Takstreduktion på aflastningstilbuddet Torvevej i Skovlunde i 2013", "2012-31673")}
        assert hits[0].to_json()["item_number"] == "4" and hits[0].page is not None
        from indexer.records import Filters

        kept = opened.search("aflastningsinstitutionen budget", k=50, mode="lexical", filters=Filters(
            bodies=("Sundheds- og Forebyggelsesudvalget",), date_from="2012-12-04", date_to="2012-12-04"))
        assert ATTACHMENT in {h.document for h in kept.hits}  # a filter by body and date keeps it
        view = opened.meeting_of(ATTACHMENT)
        assert view.attachments == [ATTACHMENT] and len(view.items) == 8
        assert any(s.document == "edoc/eDocAgendaPublishing.xml" and s.item_number == "4"
                   for s in opened.case_trail("2012-31673"))
    finally:
        opened.close()


def test_an_attachment_is_read_again_when_its_export_changes_what_it_cites(tmp_path):
    # How an index built before attachments cited their meeting catches up: the attachment's file
    # did not change, what its export says of it did.
    archive, xml = _edoc_archive(tmp_path)
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    xml.write_bytes(xml.read_bytes().replace(
        "<Title>Takstreduktion på aflastningstilbuddet Torvevej i Skovlunde i 2013</Title>".encode(),
        "<Title>Takstreduktion på Torvevej 2013</Title>".encode()))
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert ATTACHMENT in report.indexed
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        assert {h.item_title for h in opened.document(ATTACHMENT)} == {"Takstreduktion på Torvevej 2013"}
    finally:
        opened.close()
    assert build(archive, tmp_path / "index", embedder=HashEmbedder()).indexed == []  # then it stays


def test_a_damaged_export_keeps_its_attachments_indexed(tmp_path):
    archive, xml = _edoc_archive(tmp_path)
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    good = xml.read_bytes()
    xml.write_bytes(good[:30000])  # cut short
    make_pdf(archive / "edoc" / "9999999.PDF", [["Et nyt dokument ved siden af eksporten, som ingen har set."]])
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert report.removed == []
    reasons = {s.path: (s.code, s.params.get("cause")) for s in report.skipped}
    assert reasons[ATTACHMENT] == ("kept_previous", "export_unreadable")
    assert reasons["edoc/9999999.PDF"] == ("export_unreadable", None)  # never read
    assert reasons["edoc/eDocAgendaPublishing.xml"] == ("kept_previous", "corrupt")
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        assert opened.document(ATTACHMENT) and opened.document(ATTACHMENT)[0].item_number == "4"
    finally:
        opened.close()
    (archive / "edoc" / "9999999.PDF").unlink()
    xml.write_bytes(good)
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert report.skipped == [] and report.removed == []


def test_a_meeting_file_is_read_again_when_its_reader_changes(tmp_path, monkeypatch):
    # a reading mended (who was absent) reaches an index built before, without the file changing
    from indexer.ingest import scan

    archive = tmp_path / "archive"
    shutil.copytree(GREVE, archive / "greve")
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert build(archive, tmp_path / "index", embedder=HashEmbedder()).indexed == []
    monkeypatch.setattr(scan, "READER_VERSION", "another")
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert sorted(report.indexed) == sorted(f"greve/{p.name}" for p in GREVE.glob("*.json"))
    assert build(archive, tmp_path / "index", embedder=HashEmbedder()).indexed == []  # then it stays


def test_a_pdf_or_text_file_is_read_again_when_the_reading_changes(tmp_path, monkeypatch):
    # a reading mended (a heading, an item) reaches an index built before, without the file changing
    from indexer.ingest import scan

    archive = sample_copy(tmp_path / "archive", ["minutes/003_27f82d4ab2ec9f88.txt"])
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert build(archive, tmp_path / "index", embedder=HashEmbedder()).indexed == []
    monkeypatch.setattr(scan, "READING_VERSION", "another")
    assert build(archive, tmp_path / "index", embedder=HashEmbedder()).indexed == ["minutes/003_27f82d4ab2ec9f88.txt"]
    assert build(archive, tmp_path / "index", embedder=HashEmbedder()).indexed == []  # then it stays
