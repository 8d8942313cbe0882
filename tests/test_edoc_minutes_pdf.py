"""An eDoc export's minutes PDF (the open agenda part's PDF, whose pages its paragraphs cite) beside
the same minutes filed as a plain PDF: one result per paragraph, naming the other document.

Built on real temp files: the committed eDoc export (its XML trimmed) with the sample archive's
minutes PDF as its minutes PDF, and that PDF again loose in the archive.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build.run import build
from indexer.search.archive import Archive
from tests.paths import DATA
from tests.pdfs import ARCHIVE as SAMPLE

from .fakes import HashEmbedder

EDOC = DATA / "meeting-systems" / "edoc-ballerup-sfu-2012-12-04"
MINUTES = SAMPLE / "pdfs" / "ballerup_sfu_referat_2012-12-04.pdf"
XML = "edoc/eDocAgendaPublishing.xml"
LOOSE = "referat.pdf"


@pytest.fixture(scope="module")
def minutes_twice(tmp_path_factory) -> Archive:
    root = tmp_path_factory.mktemp("minutes-twice")
    archive = root / "archive"
    shutil.copytree(EDOC, archive / "edoc")
    shutil.copy(MINUTES, archive / "edoc" / "1552814.PDF")  # the export's own minutes PDF
    shutil.copy(MINUTES, archive / LOOSE)  # the same minutes filed again as a plain PDF
    build(archive, root / "index", embedder=HashEmbedder())
    opened = Archive.open(root / "index", embedder=HashEmbedder())
    yield opened
    opened.close()


def test_a_pdf_paragraph_standing_whole_in_the_exports_paragraph_of_its_page_is_one_result(minutes_twice):
    # the PDF's paragraph is the export's paragraph's first sentence: no near-copy by their word sets
    results = minutes_twice.search("dalende tilslutning kurserne storrygere", k=None, mode="lexical")
    dwindling = [hit for hit in results if "Den dalende tilslutning" in hit.text]
    assert len(dwindling) == 1
    [hit] = dwindling
    assert {hit.document, *hit.also_in} == {XML, LOOSE} and hit.page == 14
