"""Files that are read correctly or rejected with a short, human reason."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from indexer.errors import UnreadableFile
from indexer.ingest.pipeline import ingest_file
from indexer.ingest.read import read_document
from tests.pdfs import encrypt_pdf, make_drawing_pdf, make_empty_pdf, make_pdf, many_pages_pdf

LINES = [["Punkt 1. Godkendelse af dagsorden", "Dagsordenen blev godkendt uden bemærkninger af udvalget."]]


@pytest.mark.parametrize("name", ["tom.txt", "tom.pdf", "tom.md", "tom.docx", "tom.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(UnreadableFile, match="^.*: empty file$"):
        read_document(tmp_path / name)


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text(" \n\n\t \n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="empty file"):
        read_document(tmp_path / "blank.txt")


def test_zero_page_pdf(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="PDF has no pages"):
        read_document(make_empty_pdf(tmp_path / "nul.pdf"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"%PDF-1.4\n" + bytes(range(256)) * 20,  # garbage after the header
        lambda data: b"%PDF-1.7\n",  # nothing but a header
        lambda data: bytes(range(256)) * 10,  # no header, no kind of its own (text: test below)
    ],
)
def test_corrupt_pdf(tmp_path: Path, damage) -> None:
    good = make_pdf(tmp_path / "god.pdf", LINES).read_bytes()
    (tmp_path / "skadet.pdf").write_bytes(damage(good))
    with pytest.raises(UnreadableFile, match=r"corrupt PDF: .+") as err:
        read_document(tmp_path / "skadet.pdf")
    assert len(err.value.reason) < 130 and "\n" not in err.value.reason


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_truncated_pdf_is_rejected_as_corrupt_in_one_line(tmp_path: Path, fraction: float) -> None:
    good = make_pdf(tmp_path / "god.pdf", LINES * 3).read_bytes()
    path = tmp_path / "afkortet.pdf"
    path.write_bytes(good[: int(len(good) * fraction)])
    with pytest.raises(UnreadableFile, match=r"^.*afkortet\.pdf: corrupt PDF: .+$") as err:
        read_document(path)
    assert err.value.code == "corrupt" and "\n" not in err.value.reason and len(err.value.reason) < 130


def test_encrypted_pdf_with_empty_password_is_read(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "åben.pdf", LINES)
    document = read_document(encrypt_pdf(source, tmp_path / "krypteret.pdf", user_password=""))
    assert "Dagsordenen blev godkendt" in document.pages[0].text


def test_encrypted_pdf_with_password_is_rejected(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "åben.pdf", LINES)
    with pytest.raises(UnreadableFile, match=r"encrypted PDF \(password required\)"):
        read_document(encrypt_pdf(source, tmp_path / "låst.pdf", user_password="hemmelig"))


def test_drawn_pages_without_text_or_images_are_not_sent_to_ocr(tmp_path: Path) -> None:
    """Shapes only: no text layer, and no image an OCR could read (a scan is an image: test_ocr)."""
    with pytest.raises(UnreadableFile, match="no text: its 2 pages have no text layer and no images to OCR") as err:
        read_document(make_drawing_pdf(tmp_path / "tegning.pdf"))
    assert err.value.code == "blank" and "apt-get" not in err.value.reason


def test_a_blank_pdf_of_one_page_says_its_page_in_the_singular(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as err:
        read_document(make_drawing_pdf(tmp_path / "blank_side.pdf", pages=1))
    assert err.value.reason == "no text: its 1 page has no text layer and no images to OCR"
    assert (err.value.code, err.value.params) == ("blank", {"pages": 1})


def test_random_bytes_named_txt(tmp_path: Path) -> None:
    (tmp_path / "tilfældig.txt").write_bytes(os.urandom(4096))
    with pytest.raises(UnreadableFile, match="not text: binary content"):
        read_document(tmp_path / "tilfældig.txt")


def test_latin1_text_has_no_mojibake(tmp_path: Path) -> None:
    text = "Referat fra Socialudvalget.\nMødet blev holdt på Østerbro, og Åse bød velkommen.\n"
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    _, paragraphs = ingest_file(tmp_path / "latin1.txt", catalog={})
    joined = " ".join(p.text for p in paragraphs)
    assert "Mødet blev holdt på Østerbro, og Åse bød velkommen." in joined and "Ã" not in joined


@pytest.mark.parametrize("suffix", [".xyz", ".exe", ""])
def test_unsupported_type(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"fil{suffix}"
    path.write_text("tekst", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"unsupported file type"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="cannot open"):
        read_document(tmp_path / "findes-ikke.txt")


@pytest.mark.slow  # writes and reads 50 MB
def test_fifty_megabyte_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Over the default limit on text (INDEXER_MAX_CHARS, 20 million characters): raised for it.
    monkeypatch.setenv("INDEXER_MAX_CHARS", "60000000")
    paragraph = ("Socialudvalget drøftede udviklingen af aktivitets- og samværstilbud til københavnere med "
                 "psykiske lidelser, og forvaltningen svarede på spørgsmål fra medlemmerne.\n\n")
    path = tmp_path / "stor.txt"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(paragraph * (50_000_000 // len(paragraph.encode()) + 1))
    assert path.stat().st_size >= 50_000_000
    document = read_document(path)
    assert len(document.pages) == 1 and document.pages[0].text.startswith("Socialudvalget")
    assert document.pages[0].text.count("Socialudvalget drøftede") == 50_000_000 // len(paragraph.encode()) + 1


@pytest.mark.slow  # ingests 8,000 paragraphs (its speed is measured in benchmarks/, not here)
def test_large_text_is_ingested_whole(tmp_path: Path) -> None:
    paragraph = "Per siger, at huslejen er steget. Mia svarer, at forvaltningen ser på sagen.\n\n"
    path = tmp_path / "tekst.txt"
    path.write_text(paragraph * 8_000, encoding="utf-8")
    _, paragraphs = ingest_file(path, catalog={})
    assert len(paragraphs) >= 4_000
    assert " ".join(p.text for p in paragraphs).count("huslejen er steget") == 8_000


@pytest.mark.slow  # reads a 1,500-page PDF
def test_thousands_of_pages(tmp_path: Path) -> None:
    path = many_pages_pdf(tmp_path / "mange.pdf", 1500)
    document = read_document(path)
    assert len(document.pages) == 1500 and "Punkt 1500." in document.pages[-1].text


@pytest.mark.parametrize(
    "name",
    [
        unicodedata.normalize("NFD", "mødereferat Østerbro.txt"),
        "referat med mellemrum.txt",
        "referat 'citat' \"dobbelt\".txt",
        unicodedata.normalize("NFD", "Årsrapport 2014 – ø.pdf"),
    ],
)
def test_odd_file_names(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".pdf"):
        make_pdf(path, LINES)
    else:
        path.write_text("Referat\nDagsordenen blev godkendt uden bemærkninger af udvalget.", encoding="utf-8")
    record, paragraphs = ingest_file(path, root=tmp_path, catalog={})
    assert record.path == name and paragraphs
    assert all(p.document == name for p in paragraphs)


def test_a_text_file_named_pdf_is_named_for_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "fake.pdf").write_text("hi\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        read_document(tmp_path / "fake.pdf")
    assert (caught.value.code, caught.value.params) == ("wrong_type", {"found": "text", "expected": "pdf"})
    assert caught.value.reason == "not a pdf file: a text file under another name"


def test_a_builds_line_names_the_first_few_skipped_files_and_counts_the_rest():
    from indexer.build.report import SKIPPED_NAMED, BuildReport, SkippedFile

    report = BuildReport(skipped=[SkippedFile.because(f"bilag/{n:02d}.pdf", "duplicate", original="a.pdf")
                                  for n in range(12)])
    line = report.summary()
    assert line.count("same content as a.pdf") == SKIPPED_NAMED == 5
    assert line.endswith("bilag/04.pdf (same content as a.pdf) and 7 more (python -m indexer info lists them)")
    assert len(report.to_dict()["skipped"]) == 12  # the report keeps every one


def test_a_builds_line_names_files_that_could_not_be_read_before_copies_of_others():
    from indexer.build.report import BuildReport, SkippedFile

    copies = [SkippedFile.because(f"bilag/{n:02d}.pdf", "duplicate", original="a.pdf") for n in range(6)]
    report = BuildReport(skipped=[*copies, SkippedFile.because("referat.pdf", "unreadable", detail="EOF marker not found")])
    assert report.summary().split(": ", 1)[1].startswith("referat.pdf (")


def test_two_empty_files_are_each_an_empty_file_not_a_copy_of_the_other(tmp_path: Path) -> None:
    from indexer.build.run import build
    from tests.fakes import HashEmbedder

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "referat.txt").write_text("Referat\n\nUdvalget godkendte budgettet for 2024.\n", encoding="utf-8")
    (archive / "tom.pdf").write_bytes(b"")
    (archive / "tom.txt").write_bytes(b"")
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert {(s.path, s.code) for s in report.skipped} == {("tom.pdf", "empty"), ("tom.txt", "empty")}


@pytest.mark.parametrize("name", ["2022-12-31_99999999-2222-3333-4444-555555555555.json", "tom.xyz", "tom.zip"])
def test_an_empty_file_of_any_type_is_empty_not_unsupported(tmp_path: Path, name: str) -> None:
    from indexer.build.run import build
    from tests.fakes import HashEmbedder

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "referat.txt").write_text("Referat\n\nUdvalget drøftede huslejen på bostederne i kommunen.\n",
                                                encoding="utf-8")
    (tmp_path / "a" / name).write_bytes(b"")
    report = build(tmp_path / "a", tmp_path / "index", embedder=HashEmbedder())
    assert [(s.path, s.code, s.reason) for s in report.skipped] == [(name, "empty", "empty file")]
    with pytest.raises(UnreadableFile, match=r": empty file$"):
        read_document(tmp_path / "a" / name)


def test_a_builds_line_names_a_file_whose_older_version_is_kept_before_the_others():
    # the archive still shows that file as it was: the line must not hide it among "… and 7 more"
    from indexer.build.report import BuildReport, SkippedFile

    copies = [SkippedFile.because(f"bilag/{n:02d}.pdf", "duplicate", original="a.pdf") for n in range(8)]
    kept = SkippedFile.because("referat.pdf", "kept_previous", reason="corrupt PDF: file ends early")
    line = BuildReport(skipped=copies + [kept]).summary()
    assert "referat.pdf (corrupt PDF: file ends early; the previously indexed version is kept)" in line.split(": ", 1)[1][:120]
