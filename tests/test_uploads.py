"""Uploads and other app writes to the archive folder: names, sizes, saving, deleting, replacing, the catalog."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.build import uploads
from indexer.errors import REASONS, InvalidInput, UnreadableFile
from indexer.ingest.catalog import load_catalog
from indexer.build.uploads import UploadRejected

from .pdfs import make_pdf

TEXT = "Referat fra Ældrerådet\n\nÆldrerådet drøftede snerydning af fortove og cykelstier før jul.\n".encode()


@pytest.mark.parametrize("name, safe", [
    ("referat.pdf", "referat.pdf"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\Windows\\møde 2019.PDF", "møde 2019.pdf"),
    ("C:\\Users\\x\\Referat (endelig).md", "Referat _endelig.md"),
    (".hidden.txt", "hidden.txt"),
    ("a<b>|c?.txt", "a_b_c.txt"),
    ("ny\x00fil\n.txt", "nyfil.txt"),
])
def test_safe_upload_name_keeps_a_plain_name(name, safe):
    assert uploads.safe_upload_name(name) == safe


@pytest.mark.parametrize("name, reason", [
    ("program.exe", "not supported"), ("noextension", "not supported"), ("archive.tar.gz", "not supported"),
    ("..pdf", "no usable characters"), ("/", "not supported"), ("catalog.csv", "not supported"),
    ("README.md", "reserved"),
])
def test_safe_upload_name_rejects_what_cannot_be_an_archive_file(name, reason):
    with pytest.raises(UploadRejected, match=reason):
        uploads.safe_upload_name(name)


@given(st.text(max_size=80))
def test_any_upload_name_is_safe_or_rejected(name):
    try:
        safe = uploads.safe_upload_name(name)
    except InvalidInput:
        return
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".") and safe.isprintable()
    assert safe.lower().endswith(uploads.SUPPORTED_SUFFIXES)


def test_check_upload_enforces_size_limits():
    assert uploads.check_upload("a.txt", 10, max_bytes=10) == "a.txt"
    with pytest.raises(InvalidInput, match="over the limit"):
        uploads.check_upload("a.txt", 11, max_bytes=10)
    with pytest.raises(InvalidInput, match="empty"):
        uploads.check_upload("a.txt", 0)


def test_upload_target_stays_in_the_archive_and_never_overwrites(tmp_path):
    first = uploads.upload_target(tmp_path, "referat.pdf")
    assert first == (tmp_path / "uploads" / "referat.pdf").resolve()
    first.parent.mkdir()
    first.write_bytes(b"x")
    assert uploads.upload_target(tmp_path, "referat.pdf").name == "referat-2.pdf"
    with pytest.raises(InvalidInput):
        uploads.upload_target(tmp_path, "../outside.pdf")


def test_rejections_carry_a_code_to_word_in_any_language():
    with pytest.raises(UploadRejected) as caught:
        uploads.check_upload("a.txt", 11, max_bytes=10)
    assert caught.value.code == "too_big" and caught.value.params == {"mb": "0.0", "limit": "0"}
    with pytest.raises(UploadRejected) as caught:
        uploads.check_upload("x.exe", 5)
    assert caught.value.code == "file_type" and caught.value.params["suffix"] == ".exe"


def test_save_upload_writes_a_readable_file_into_uploads(tmp_path):
    assert uploads.save_upload(tmp_path, "../../snerydning.txt", TEXT) == "uploads/snerydning.txt"
    assert (tmp_path / "uploads" / "snerydning.txt").read_bytes() == TEXT
    assert uploads.save_upload(tmp_path, "snerydning.txt", TEXT) == "uploads/snerydning-2.txt"


def test_unreadable_upload_is_refused_with_its_code_and_nothing_is_written(tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path, "scan.pdf", b"%PDF-1.4 this is not really a pdf")
    assert caught.value.code in REASONS  # a code the app words in its own language
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path, "blank.txt", b"   \n\n ")
    assert caught.value.code in {"empty", "no_text", "unreadable"}
    assert not (tmp_path / "uploads").exists()


def test_delete_upload_removes_only_uploads(tmp_path):
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "official.txt").write_bytes(TEXT)
    saved = uploads.save_upload(tmp_path, "note.txt", TEXT)
    for document in ("minutes/official.txt", "uploads/../minutes/official.txt", "../outside.txt"):
        with pytest.raises(UploadRejected, match="not a file inside"):
            uploads.delete_upload(tmp_path, document)
    with pytest.raises(UploadRejected, match="no such file"):
        uploads.delete_upload(tmp_path, "uploads/other.txt")
    uploads.delete_upload(tmp_path, saved)
    assert not (tmp_path / saved).exists() and (tmp_path / "minutes" / "official.txt").exists()


def test_replace_upload_keeps_the_name_and_refuses_bad_content(tmp_path):
    saved = uploads.save_upload(tmp_path, "note.txt", TEXT)
    new = TEXT.replace(b"snerydning", b"saltning")
    uploads.replace_upload(tmp_path, saved, "note-v2.txt", new)
    assert (tmp_path / saved).read_bytes() == new
    with pytest.raises(UploadRejected, match="not supported"):
        uploads.replace_upload(tmp_path, saved, "note.pdf", make_pdf(tmp_path / "n.pdf", [["Et referat om noget"]]).read_bytes())
    with pytest.raises(UnreadableFile):
        uploads.replace_upload(tmp_path, saved, "note.txt", b"\x00\x01\x02" * 50)
    assert (tmp_path / saved).read_bytes() == new
    assert [p.name for p in (tmp_path / "uploads").iterdir()] == ["note.txt"]  # no temporary files left


def test_is_upload_by_folder():
    assert uploads.is_upload("uploads/a.pdf") and not uploads.is_upload("minutes/uploads.pdf")


def test_pending_files_are_archive_files_missing_from_the_index(tmp_path):
    files = [tmp_path / "minutes" / "a.txt", tmp_path / "uploads" / "b.pdf"]
    assert uploads.pending_files(files, tmp_path, ["minutes/a.txt"]) == ["uploads/b.pdf"]
    assert uploads.pending_files(files, tmp_path, ["minutes/a.txt", "uploads/b.pdf", "gone.txt"]) == []


def test_catalog_entry_is_added_then_updated_keeping_other_rows_and_delimiter(tmp_path):
    (tmp_path / "catalog.csv").write_text("path;title;body;meeting_date;doc_type;case_number\n"
                                          "minutes/a.txt;Møde A;Dialogforum;;referat;\n", encoding="utf-8")
    uploads.write_catalog_entry(tmp_path, "uploads/b.pdf", {"body": "Ældrerådet", "meeting_date": "2020-01-02"})
    uploads.write_catalog_entry(tmp_path, "minutes/a.txt", {"doc_type": "dagsorden", "body": ""})
    catalog = load_catalog(tmp_path)
    assert catalog == {"minutes/a.txt": {"title": "Møde A", "doc_type": "dagsorden"},
                       "uploads/b.pdf": {"body": "Ældrerådet", "meeting_date": "2020-01-02"}}
    assert (tmp_path / "catalog.csv").read_text(encoding="utf-8").startswith("path;title;")


def test_catalog_entry_refuses_a_bad_date_and_a_damaged_catalog_is_not_overwritten(tmp_path):
    with pytest.raises(UploadRejected, match="not a date"):
        uploads.write_catalog_entry(tmp_path, "a.txt", {"meeting_date": "2.1.2020"})
    assert not (tmp_path / "catalog.csv").exists()
    (tmp_path / "catalog.csv").write_text("path,colour\na.txt,red\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="unknown column"):
        uploads.write_catalog_entry(tmp_path, "a.txt", {"body": "X"})
    assert (tmp_path / "catalog.csv").read_text(encoding="utf-8") == "path,colour\na.txt,red\n"
