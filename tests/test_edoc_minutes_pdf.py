"""An eDoc export's minutes PDF (the open agenda part's PDF, whose pages its paragraphs cite): part of
the meeting, never indexed again, yet offered and served (the app's button opens it at the page, the
API answers for it, `info` says what it is); and beside the same minutes filed as a plain PDF, one
result per paragraph, naming the other document.

Built on real temp files: the committed eDoc export (its XML trimmed) with the sample archive's
minutes PDF as its minutes PDF, and that PDF again loose in the archive.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest
from fastapi.testclient import TestClient

from indexer.api import ApiSettings, create_app
from indexer.build.run import build
from indexer.store import REPORT_NAME
from indexer.search.archive import Archive
from tests.paths import DATA
from tests.pdfs import ARCHIVE as SAMPLE

from .fakes import HashEmbedder
from .test_app import app_setup, open_page  # noqa: F401 - app_setup: the app's model and caches, per test

EDOC = DATA / "meeting-systems" / "edoc-ballerup-sfu-2012-12-04"
MINUTES = SAMPLE / "pdfs" / "ballerup_sfu_referat_2012-12-04.pdf"
XML = "edoc/eDocAgendaPublishing.xml"
LOOSE = "referat.pdf"
PDF = "edoc/1552814.PDF"


@pytest.fixture(scope="module")
def minutes_twice(tmp_path_factory) -> Archive:
    root = tmp_path_factory.mktemp("minutes-twice")
    archive = root / "archive"
    shutil.copytree(EDOC, archive / "edoc")
    shutil.copy(MINUTES, archive / "edoc" / "1552814.PDF")  # the export's own minutes PDF
    shutil.copy(MINUTES, archive / LOOSE)  # the same minutes filed again as a plain PDF
    build(archive, root / "index", embedder=HashEmbedder())
    opened = Archive.open(root / "index", embedder=HashEmbedder())
    opened.dirs = (archive, root / "index")  # for the app and the API
    yield opened
    opened.close()


def test_a_pdf_paragraph_standing_whole_in_the_exports_paragraph_of_its_page_is_one_result(minutes_twice):
    # the PDF's paragraph is the export's paragraph's first sentence: no near-copy by their word sets
    results = minutes_twice.search("dalende tilslutning kurserne storrygere", k=None, mode="lexical")
    dwindling = [hit for hit in results if "Den dalende tilslutning" in hit.text]
    assert len(dwindling) == 1
    [hit] = dwindling
    assert {hit.document, *hit.also_in} == {XML, LOOSE} and hit.page == 14


def test_the_minutes_pdf_is_not_indexed_and_info_says_it_is_part_of_the_meeting_read_from_the_export(minutes_twice):
    _, index = minutes_twice.dirs
    report = json.loads((index / REPORT_NAME).read_text(encoding="utf-8"))
    assert PDF not in report["indexed"] and PDF not in [s["path"] for s in report["skipped"]]
    assert PDF not in {d["path"] for d in minutes_twice.documents()}  # no second copy of every paragraph
    [part] = report["part_of_meeting"]
    assert (part["path"], part["meeting"]) == (PDF, XML) and "part of that meeting" in part["reason"]
    assert minutes_twice.minutes_pdf(XML) == PDF and minutes_twice.minutes_of(PDF) == XML
    assert minutes_twice.minutes_of(LOOSE) is None and minutes_twice.minutes_pdf(LOOSE) is None


def test_the_api_answers_for_the_minutes_pdf_with_the_exports_paragraphs(minutes_twice):
    _, index = minutes_twice.dirs
    client = TestClient(create_app(ApiSettings(index_dir=index), embedder=HashEmbedder()))
    answer = client.get(f"/documents/{PDF}")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["document"] == PDF and body["minutes_of"] == XML
    assert body["total"] == len(minutes_twice.document(XML)) and any(p["page"] == 14 for p in body["paragraphs"])
    assert client.get("/documents/edoc/gone.PDF").status_code == 404


def test_the_meeting_page_opens_the_minutes_pdf_at_each_items_page(minutes_twice, monkeypatch):
    archive, index = minutes_twice.dirs
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    at = open_page("moede", moede=XML)
    opened = {b.proto.label: b.proto.url for b in at.get("link_button")}
    pages = [url for label, url in opened.items() if label.startswith("Punktet i originalen")]
    assert pages and all(re.fullmatch(r"/app/static/originals/[0-9a-f]{32}\.pdf#page=\d+", u) for u in pages)
    assert any(u.endswith("#page=14") for u in pages)  # item 8 (rygestop) stands on page 14
    assert "Åbn PDF'en på side 1" in opened  # the meeting's own document: its minutes PDF


def test_info_accounts_for_every_file_of_an_edoc_export_and_explains_the_paragraph_counts(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    archive = tmp_path / "archive"
    shutil.copytree(EDOC, archive / "edoc")
    shutil.copy(MINUTES, archive / "edoc" / "1552814.PDF")  # the minutes PDF
    shutil.copy(MINUTES, archive / "edoc" / "1552816.PDF")  # stands for an agenda item's own PDF (its text again)
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    shown = CliRunner().invoke(main, ["info", "--index", str(tmp_path / "index")])
    assert shown.exit_code == 0, shown.output
    manifest, report = json.JSONDecoder().raw_decode(shown.stdout)[0], json.loads((tmp_path / "index" / REPORT_NAME)
                                                                                  .read_text(encoding="utf-8"))
    assert "contents pages" in manifest["paragraphs_explained"] and "never searched" in manifest["paragraphs_explained"]
    parts = {part["path"]: part for part in report["part_of_meeting"]}
    assert (parts["edoc/1552814.PDF"]["role"], parts["edoc/1552816.PDF"]["role"]) == ("minutes", "rendering")
    assert "an agenda item's own text as a PDF" in parts["edoc/1552816.PDF"]["reason"]
    accounted = {*report["indexed"], *report["unchanged"], *(s["path"] for s in report["skipped"]), *parts}
    assert accounted == {p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file()}
