"""Limits on reading one file: size by type, PDF pages, OCR pages, unpacking, characters, time,
and never outside the archive. Each limit is lowered for its test (environment variables,
as a deployment sets them), so the inputs stay small and the tests fast."""
from __future__ import annotations

import os
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PageObject, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from indexer.build.run import build
from indexer.config import MB, ReadLimits, read_limits
from indexer.errors import REASONS, InvalidInput, UnreadableFile
from indexer.ingest import read as read_module
from indexer.ingest.limits import Budget
from indexer.ingest.read import read_document
from indexer.ingest.scan import archive_files, scan
from indexer.search.archive import Archive
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES
from tests.pdfs import many_pages_pdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SENTENCE = "Udvalget godkendte indstillingen om huslejen og tog sagen til efterretning. "


def refused(path: Path, code: str, **kwargs) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as err:
        read_document(path, **kwargs)
    assert err.value.code == code, err.value.reason
    assert err.value.reason == REASONS[code].format(**err.value.params)  # one line, worded from its code
    assert "\n" not in err.value.reason
    return err.value


def docx(path: Path, body: str, *, level: int = zipfile.ZIP_DEFLATED) -> Path:
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", level) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return path


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def image_pdf(path: Path, pages: int, text_pages: int = 0) -> Path:
    """`text_pages` pages of text, then `pages` pages that are only an image (as scans are)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = ImageReader(Image.new("L", (40, 40), 128))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(text_pages):
        pdf.drawString(60, 760, f"Punkt {number + 1}. " + SENTENCE)
        pdf.showPage()
    for _ in range(pages):
        pdf.drawImage(image, 50, 50, width=400, height=400)
        pdf.showPage()
    pdf.save()
    return path


def blank_pdf(path: Path, pages: int) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


# -- the limits and their environment variables ---------------------------------------------------
def test_every_limit_has_a_default_and_an_environment_variable(monkeypatch):
    for name in ("INDEXER_MAX_FILE_MB", "INDEXER_MAX_PDF_MB", "INDEXER_MAX_DOCX_MB", "INDEXER_MAX_TEXT_MB",
                 "INDEXER_MAX_PAGES", "INDEXER_MAX_OCR_PAGES", "INDEXER_MAX_UNZIPPED_MB", "INDEXER_MAX_ZIP_RATIO",
                 "INDEXER_MAX_CHARS", "INDEXER_MAX_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    assert read_limits() == ReadLimits()
    monkeypatch.setenv("INDEXER_MAX_FILE_MB", "2")
    monkeypatch.setenv("INDEXER_MAX_PDF_MB", "3")  # a type's own variable before the general one
    monkeypatch.setenv("INDEXER_MAX_PAGES", "7")
    monkeypatch.setenv("INDEXER_MAX_OCR_PAGES", "6")
    monkeypatch.setenv("INDEXER_MAX_UNZIPPED_MB", "5")
    monkeypatch.setenv("INDEXER_MAX_ZIP_RATIO", "4")
    monkeypatch.setenv("INDEXER_MAX_CHARS", "1_000")
    monkeypatch.setenv("INDEXER_MAX_SECONDS", "0.5")
    limits = read_limits()
    assert limits.max_bytes == {"pdf": 3 * MB, "docx": 2 * MB, "text": 2 * MB}
    assert limits.max_bytes_for(".HTM") == 2 * MB and limits.max_bytes_for(".json") is None
    assert (limits.max_pages, limits.max_ocr_pages, limits.max_unzipped_bytes, limits.max_zip_ratio,
            limits.max_chars, limits.max_seconds) == (7, 6, 5 * MB, 4.0, 1000, 0.5)


@pytest.mark.parametrize("value", ["lots", "0", "-3", "2.5", "inf"])
def test_a_limit_that_is_not_a_positive_number_is_refused_naming_its_variable(tmp_path, monkeypatch, value):
    monkeypatch.setenv("INDEXER_MAX_PAGES", value)
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^INDEXER_MAX_PAGES must be a positive whole number, not '.*'$"):
        read_document(tmp_path / "a.txt")


def test_a_build_refuses_a_bad_limit_at_once_in_one_line_not_as_every_new_file_skipped(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from indexer.cli import main

    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    monkeypatch.setenv("INDEXER_MAX_PDF_MB", "abc")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "archive"), "--index", str(tmp_path / "index")])
    assert result.exit_code != 0 and "INDEXER_MAX_PDF_MB must be a positive number, not 'abc'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "index").exists()


# -- size ---------------------------------------------------------------------------------------------
def test_a_text_file_over_its_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_MAX_TEXT_MB", "0.01")  # 10 KiB
    path = tmp_path / "stor.txt"
    path.write_text(SENTENCE * 200, encoding="utf-8")  # 15 KB
    monkeypatch.setattr(Budget, "read_bytes", lambda *a: pytest.fail("a file over its size limit was read"))
    error = refused(path, "too_large")
    assert error.params["kind"] == "text" and error.params["limit_mb"] == 0.01
    assert error.params["size"] == path.stat().st_size and error.params["limit"] == int(0.01 * MB)


@pytest.mark.parametrize("suffix, variable", [(".pdf", "INDEXER_MAX_PDF_MB"), (".docx", "INDEXER_MAX_DOCX_MB"),
                                              (".html", "INDEXER_MAX_TEXT_MB"), (".md", "INDEXER_MAX_FILE_MB")])
def test_each_type_has_its_own_size_limit(tmp_path, monkeypatch, suffix, variable):
    path = tmp_path / f"fil{suffix}"
    path.write_bytes(b"x" * 20_000)
    monkeypatch.setenv(variable, "0.01")
    refused(path, "too_large")


def test_a_huge_one_line_text_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    """The file grew past the limit after it was looked at: reading stops at the limit, so
    memory stays bounded by it, whatever the file's size."""
    monkeypatch.setenv("INDEXER_MAX_TEXT_MB", "1")
    path = tmp_path / "en-linje.txt"
    with path.open("wb") as handle:  # 24 MB on one line
        for _ in range(24):
            handle.write(b"huslejen " * (MB // 9))
    budget = Budget(path)
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile) as err:
            budget.read_bytes(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.code == "too_large"
    assert peak < 4 * MB, f"{peak / MB:.1f} MB held to refuse a 24 MB line with a 1 MB limit"


def test_a_text_with_more_characters_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_MAX_CHARS", "1000")
    path = tmp_path / "lang.txt"
    path.write_text(SENTENCE * 20, encoding="utf-8")  # 1,520 characters
    assert refused(path, "too_many_chars").params == {"limit": 1000}
    monkeypatch.setenv("INDEXER_MAX_CHARS", "2000")
    assert read_document(path).pages[0].text.startswith("Udvalget")


def test_an_html_page_with_more_characters_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_MAX_CHARS", "1000")
    path = tmp_path / "side.html"
    path.write_text("<html><body>" + "".join(f"<p>{SENTENCE}</p>" for _ in range(20)) + "</body></html>",
                    encoding="utf-8")
    refused(path, "too_many_chars")


# -- DOCX: unpacking ------------------------------------------------------------------------------------
def test_a_docx_that_unpacks_far_beyond_its_size_is_refused_before_unpacking(tmp_path, monkeypatch):
    path = docx(tmp_path / "bombe.docx", para(SENTENCE) * 40_000)  # 3.4 MB of XML packed ~300x
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a bomb was unpacked"))
    error = refused(path, "decompression_bomb")  # by the default ratio
    assert error.params["member"] == "word/document.xml" and error.params["ratio"] > 100
    assert error.params["limit_ratio"] == 100


def test_a_docx_whose_members_unpack_beyond_the_total_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_MAX_UNZIPPED_MB", "0.5")
    path = docx(tmp_path / "stor.docx", "".join(para(f"{n} {SENTENCE}") for n in range(8_000)),
                level=zipfile.ZIP_STORED)  # 0.7 MB, ratio 1: big, not packed
    error = refused(path, "decompression_bomb")
    assert error.params["unpacked_mb"] > 0.5 and error.params["limit_mb"] == 0.5


def test_unpacking_never_gives_more_than_the_limit_whatever_the_directory_says(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_MAX_UNZIPPED_MB", "1")
    path = docx(tmp_path / "stor.docx", para(SENTENCE) * 30_000)  # 2.5 MB of XML
    monkeypatch.setattr(Budget, "check_zip", lambda self, archive: None)  # as if it lied about its sizes
    with zipfile.ZipFile(path) as archive, pytest.raises(UnreadableFile) as err:
        sum(len(block) for block in Budget(path).zip_blocks(archive, "word/document.xml"))
    assert err.value.code == "decompression_bomb"


def test_a_docx_with_more_text_than_the_limit_is_refused_while_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_MAX_CHARS", "5000")
    refused(docx(tmp_path / "lang.docx", para(SENTENCE) * 200), "too_many_chars")


def test_a_docx_is_read_paragraph_by_paragraph_as_a_whole_parse_read_it(tmp_path):
    """Streaming keeps the reading: tables, tabs and breaks, and a text box's paragraph
    (nested in another) both inside its paragraph and on its own after it."""
    box = f"<w:r><w:txbxContent>{para('I tekstboksen')}</w:txbxContent></w:r>"
    body = (para("Referat") + f"<w:p><w:r><w:t>Før</w:t></w:r>{box}<w:r><w:tab/><w:t>efter</w:t><w:br/></w:r></w:p>"
            + f"<w:tbl><w:tr><w:tc>{para('Celle 1')}</w:tc><w:tc>{para('Celle 2')}</w:tc></w:tr></w:tbl>"
            + "<w:p/>" + para(SENTENCE) * 3)
    path = docx(tmp_path / "referat.docx", body)
    root = ElementTree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))  # the reading before streaming
    whole = []
    for p in root.iter(f"{{{W}}}p"):
        whole.append("".join(n.text if n.tag == f"{{{W}}}t" and n.text else " " if n.tag in (f"{{{W}}}tab", f"{{{W}}}br")
                             else "" for n in p.iter()))
    expected = "\n\n".join(p for p in whole if p.strip())
    assert read_document(path).pages[0].text == expected
    assert "FørI tekstboksen efter" in expected and "\n\nI tekstboksen\n\n" in expected


# -- PDF: pages -------------------------------------------------------------------------------------------
def test_a_pdf_with_more_pages_than_the_limit_is_refused_before_a_page_is_read(tmp_path, monkeypatch):
    path = many_pages_pdf(tmp_path / "mange.pdf", 6)
    monkeypatch.setenv("INDEXER_MAX_PAGES", "5")
    monkeypatch.setattr(PageObject, "extract_text", lambda *a, **k: pytest.fail("a page was read"))
    assert refused(path, "too_many_pages").params == {"pages": 6, "limit": 5}
    monkeypatch.undo()
    monkeypatch.setenv("INDEXER_MAX_PAGES", "6")
    assert len(read_document(path).pages) == 6


def test_a_pdf_with_more_text_than_the_limit_is_refused(tmp_path, monkeypatch):
    path = many_pages_pdf(tmp_path / "mange.pdf", 30)  # ~120 characters a page
    monkeypatch.setenv("INDEXER_MAX_CHARS", "1000")
    refused(path, "too_many_chars")


def test_a_blank_pdf_says_it_is_blank_not_that_it_needs_ocr(tmp_path):
    """Tesseract is installed (and could not help either: there is no image to read)."""
    error = refused(blank_pdf(tmp_path / "blank.pdf", 50), "blank")
    assert error.params == {"pages": 50} and "apt-get" not in error.reason and "OCR" in error.reason


def test_an_image_only_pdf_with_more_scanned_pages_than_the_ocr_limit_is_refused_without_ocr(tmp_path, monkeypatch):
    path = image_pdf(tmp_path / "scan.pdf", pages=3)
    monkeypatch.setenv("INDEXER_MAX_OCR_PAGES", "2")
    monkeypatch.setattr(read_module, "ocr_pdf_pages", lambda *a, **k: pytest.fail("OCR ran"))
    assert refused(path, "too_many_ocr_pages").params == {"pages": 3, "limit": 2}


def test_a_pdf_with_a_text_layer_has_only_its_first_scanned_pages_ocrd(tmp_path, monkeypatch):
    path = image_pdf(tmp_path / "blandet.pdf", pages=3, text_pages=2)
    monkeypatch.setenv("INDEXER_MAX_OCR_PAGES", "2")
    asked = []

    def fake_ocr(path, content_hash, pages, cache=None, *, budget=None):
        asked.extend(pages)
        return {n: f"Side {n} læst af OCR: " + SENTENCE for n in pages}

    monkeypatch.setattr(read_module, "ocr_pdf_pages", fake_ocr)
    document = read_document(path)
    assert asked == [3, 4]
    assert [p.ocr for p in document.pages] == [False, False, True, True, False]


# -- time ----------------------------------------------------------------------------------------------------
def test_reading_a_pdf_stops_at_the_files_deadline(tmp_path, monkeypatch):
    path = many_pages_pdf(tmp_path / "langsom.pdf", 40)
    monkeypatch.setenv("INDEXER_MAX_SECONDS", "0.3")
    extract = PageObject.extract_text
    read = []

    def slow(page, *args, **kwargs):
        read.append(1)
        time.sleep(0.1)
        return extract(page, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", slow)
    started = time.monotonic()
    assert refused(path, "took_too_long").params == {"limit": 0.3}
    assert time.monotonic() - started < 2 and len(read) < 10


def test_reading_a_text_file_stops_at_the_files_deadline(tmp_path, monkeypatch):
    path = tmp_path / "tekst.txt"
    path.write_text(SENTENCE * 50_000, encoding="utf-8")  # 3.8 MB: four blocks
    clock = iter(range(100))  # each look at the clock a second later
    budget = Budget(path, ReadLimits(max_seconds=2.5), clock=lambda: next(clock))
    with pytest.raises(UnreadableFile) as err:
        budget.read_bytes(path)
    assert err.value.code == "took_too_long"


# -- never outside the archive --------------------------------------------------------------------------------
@pytest.fixture
def linked_archive(tmp_path):
    """An archive of two minutes, a link to a secret file outside it and a link to one inside."""
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:hemmeligtord:/root:/bin/bash\n" * 20, encoding="utf-8")
    (outside / "secret.json").write_text('{"Dagsordenpunkter": []}', encoding="utf-8")
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("000_e9b7192dbc8b80a1.txt", "002_c6494850ffb86ef0.txt"):
        shutil.copy(SAMPLE_MINUTES / name, archive / name)
    os.symlink(outside / "passwd", archive / "passwd.txt")
    os.symlink(outside / "secret.json", archive / "secret.json")
    os.symlink("000_e9b7192dbc8b80a1.txt", archive / "kopi.txt")
    os.symlink(outside, archive / "etc-mappe")  # links to folders are never followed
    return archive


def test_a_link_to_a_file_outside_the_archive_is_skipped_and_nothing_of_it_is_searchable(linked_archive, tmp_path):
    report = build(linked_archive, tmp_path / "index", embedder=HashEmbedder())
    skipped = {s.path: s.code for s in report.skipped}
    assert skipped["passwd.txt"] == "outside_archive"
    assert skipped["secret.json"] in ("outside_archive", "unsupported")  # a meeting export's suffix: not looked into
    # the folder link reported by its own name, nothing in it read
    assert "passwd.txt" not in report.indexed and not any("etc-mappe/" in name for name in report.indexed + list(skipped))
    assert skipped["etc-mappe"] == "unreadable"
    assert sorted(report.indexed) == ["000_e9b7192dbc8b80a1.txt", "002_c6494850ffb86ef0.txt"]
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        for query in ("hemmeligtord", "root bash"):
            results = archive.search(query, k=50, mode="lexical")
            assert not [h for h in results.hits + results.closest if "passwd" in h.document or "hemmelig" in h.text]
    finally:
        archive.close()


def test_a_link_outside_the_archive_is_never_hashed_or_read(linked_archive, monkeypatch):
    sources = {s.name: s for s in scan(linked_archive, {})}
    assert sources["passwd.txt"].outside and not sources["kopi.txt"].outside
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self.resolve()) or real_open(self, *a, **k))
    for name in ("passwd.txt", "secret.json"):
        source = sources[name]
        assert source.sha256 != sources["kopi.txt"].sha256 and not source.meeting_source
    with pytest.raises(UnreadableFile) as err:
        read_document(linked_archive / "passwd.txt", root=linked_archive)
    assert err.value.code == "outside_archive"
    assert not [p for p in opened if p.parent.name == "etc"]


def test_a_link_to_a_file_inside_the_archive_is_read_as_that_file(linked_archive, tmp_path):
    assert linked_archive / "kopi.txt" in archive_files(linked_archive)
    assert linked_archive / "passwd.txt" not in archive_files(linked_archive)
    assert read_document(linked_archive / "kopi.txt", root=linked_archive).path == "000_e9b7192dbc8b80a1.txt"
    report = build(linked_archive, tmp_path / "index", embedder=HashEmbedder())
    assert {s.path: s.code for s in report.skipped}["kopi.txt"] == "duplicate"
