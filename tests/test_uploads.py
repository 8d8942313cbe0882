"""Uploads and other app writes to the archive folder: names, sizes, saving, deleting, replacing, the catalog."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.build import uploads
from indexer.errors import REASONS, InvalidInput, UnreadableFile
from indexer.ingest.catalog import load_catalog
from indexer.build.uploads import UploadRejected

from .firstagenda import write_meeting
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
    assert safe.lower().endswith(uploads.UPLOAD_SUFFIXES)


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
    other = TEXT.replace(b"jul", "nytår".encode())
    assert uploads.save_upload(tmp_path, "snerydning.txt", other) == "uploads/snerydning-2.txt"
    assert (tmp_path / "uploads" / "snerydning.txt").read_bytes() == TEXT  # the first is never replaced
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["snerydning-2.txt", "snerydning.txt"]


def _uploads_at_once(archive, contents: list[bytes], name: str = "referat.txt") -> list:
    """Every content uploaded under `name` by its own thread, all released at the same moment;
    what each was told (a saved path, or the exception)."""
    import threading

    barrier = threading.Barrier(len(contents))
    told: list = [None] * len(contents)

    def upload(number: int) -> None:
        barrier.wait()
        try:
            told[number] = uploads.save_upload(archive, name, contents[number])
        except Exception as exc:  # noqa: BLE001 - recorded for the assertions
            told[number] = exc

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(len(contents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return told


def test_uploads_of_the_same_name_at_the_same_moment_are_all_kept(tmp_path, monkeypatch):
    """The bug: a free name was looked up, then the file written with a replace, so two uploads
    told the same name and one file was lost. Names are now taken by an exclusive create."""
    monkeypatch.setattr(uploads, "probe", lambda data, name: None)  # the race is in naming, not reading
    for trial in range(5):
        archive = tmp_path / f"trial-{trial}"
        contents = [TEXT + f"Punkt {n}: bemærkning nummer {n}.\n".encode() for n in range(16)]
        told = _uploads_at_once(archive, contents)
        assert all(isinstance(name, str) for name in told), told
        assert len(set(told)) == len(contents)  # nobody was told another's name
        for name, content in zip(told, contents):
            assert (archive / name).read_bytes() == content  # every upload kept, under the name it was told
        assert sorted(p.name for p in (archive / "uploads").iterdir()) == sorted(Path(n).name for n in told)


def test_the_same_content_uploaded_twice_at_once_is_kept_once(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "probe", lambda data, name: None)
    told = _uploads_at_once(tmp_path, [TEXT] * 6, name="snerydning.txt")
    saved = [t for t in told if isinstance(t, str)]
    refused = [t for t in told if not isinstance(t, str)]
    assert saved == ["uploads/snerydning.txt"]
    assert len(refused) == 5 and all(isinstance(e, UploadRejected) and e.code == "duplicate" for e in refused)
    assert {e.params["original"] for e in refused} == {"uploads/snerydning.txt"}


def test_a_duplicate_of_a_file_in_the_archive_is_refused_at_once_naming_it(tmp_path):
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "official.txt").write_bytes(TEXT)
    with pytest.raises(UploadRejected) as caught:
        uploads.save_upload(tmp_path, "kopi.txt", TEXT)
    assert caught.value.code == "duplicate" and caught.value.params == {"original": "minutes/official.txt"}
    assert "same content as minutes/official.txt" in str(caught.value)
    assert not list((tmp_path / "uploads").iterdir())
    (tmp_path / ".hidden").mkdir()  # files the build never reads do not count
    (tmp_path / ".hidden" / "x.txt").write_bytes(TEXT + b"!")
    assert uploads.save_upload(tmp_path, "x.txt", TEXT + b"!") == "uploads/x.txt"
    saved = uploads.save_upload(tmp_path, "note.txt", TEXT.replace(b"jul", "påske".encode()))
    with pytest.raises(UploadRejected, match="same content as minutes/official.txt"):
        uploads.replace_upload(tmp_path, saved, "note.txt", TEXT)  # a replacement may not copy another file
    uploads.replace_upload(tmp_path, saved, "note.txt", TEXT.replace(b"jul", "påske".encode()))  # its own content: fine


def test_uploaded_and_corrected_files_are_readable_as_the_umask_says(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        saved = uploads.save_upload(tmp_path, "note.txt", TEXT)
        assert stat.S_IMODE((tmp_path / saved).stat().st_mode) == 0o644
        uploads.replace_upload(tmp_path, saved, "note.txt", TEXT.replace(b"jul", "påske".encode()))
        assert stat.S_IMODE((tmp_path / saved).stat().st_mode) == 0o644
        uploads.write_catalog_entry(tmp_path, saved, {"body": "Ældrerådet"})
        assert stat.S_IMODE((tmp_path / "catalog.csv").stat().st_mode) == 0o644
        os.umask(0o027)
        other = uploads.save_upload(tmp_path, "other.txt", TEXT.replace(b"jul", "nytår".encode()))
        assert stat.S_IMODE((tmp_path / other).stat().st_mode) == 0o640
    finally:
        os.umask(old)
    assert not [p for p in (tmp_path / "uploads").iterdir() if p.name.startswith(".")]  # no temporary files left


def test_files_the_last_build_skipped_are_told_apart_from_files_waiting(tmp_path):
    import json
    import os

    archive, index = tmp_path / "archive", tmp_path / "index"
    (archive / "uploads").mkdir(parents=True)
    index.mkdir()
    for name in ("copy.txt", "scan.pdf", "new.txt"):
        (archive / "uploads" / name).write_bytes(TEXT)
    (index / "build-report.json").write_text(json.dumps({"skipped": [
        {"path": "uploads/copy.txt", "code": "duplicate", "reason": "…", "params": {"original": "minutes/a.txt"}},
        {"path": "uploads/scan.pdf", "code": "needs_ocr", "reason": "…", "params": {}}]}), encoding="utf-8")
    later = (index / "build-report.json").stat().st_mtime_ns + 10**9
    os.utime(archive / "uploads" / "scan.pdf", ns=(later, later))  # changed since: waiting again
    pending = ["uploads/copy.txt", "uploads/new.txt", "uploads/scan.pdf"]
    assert uploads.skipped_by_last_build(pending, archive, index) == {
        "uploads/copy.txt": ("duplicate", {"original": "minutes/a.txt"})}
    assert uploads.skipped_by_last_build(pending, archive, tmp_path / "no-index") == {}


def test_files_the_last_build_skipped_that_cannot_be_looked_at_stay_skipped_not_lost(tmp_path):
    import json

    archive, index = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    index.mkdir()
    (archive / "loopa").symlink_to(archive / "loopb")
    (archive / "loopb").symlink_to(archive / "loopa")
    (index / "build-report.json").write_text(json.dumps({"skipped": [
        {"path": "loopa", "code": "link_loop", "reason": "…", "params": {}},
        {"path": "referat-\\xe6.txt", "code": "unreadable", "reason": "…", "params": {}}]}), encoding="utf-8")
    found = uploads.skipped_by_last_build(["loopa", "referat-\\xe6.txt"], archive, index)
    assert set(found) == {"loopa", "referat-\\xe6.txt"}  # listed as the build skipped them, as `info` lists them


def test_unreadable_upload_is_refused_with_its_code_and_nothing_is_written(tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path, "scan.pdf", b"%PDF-1.4 this is not really a pdf")
    assert caught.value.code in REASONS  # a code the app words in its own language
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path, "blank.txt", b"   \n\n ")
    assert caught.value.code in {"empty", "no_text", "unreadable"}
    assert not (tmp_path / "uploads").exists()


SNOW_ITEM = ("23-000042", "Vintertjeneste", [("Beslutning", "Godkendt. Snerydning af cykelstier prioriteres før fortove.")])


def test_a_meeting_systems_file_is_uploaded_under_its_own_name_and_built_with_its_decisions(tmp_path):
    from indexer.build.run import build
    from indexer.search.archive import Archive

    from .fakes import HashEmbedder

    meeting = write_meeting(tmp_path / "portal", "Økonomiudvalget", "2023-11-13", [SNOW_ITEM])
    saved = uploads.save_upload(tmp_path / "archive", meeting.name, meeting.read_bytes())
    assert saved == f"uploads/{meeting.name}"  # the name the portal gave it: its date and meeting id
    report = build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    assert report.indexed == [saved] and not report.skipped
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        assert [d["body"] for d in archive.documents()] == ["Økonomiudvalget"]
        assert archive.decisions(document=saved)
        assert archive.search("snerydning cykelstier", k=3, mode="lexical").hits[0].document == saved
    finally:
        archive.close()


@pytest.mark.parametrize("name, data", [
    ("svar.json", b'{"Id": 1, "Navn": "not a meeting"}'),
    ("bilag.zip", None),  # a zip of PDFs, not an SBSYS publication
])
def test_a_json_or_zip_that_no_meeting_system_exported_is_refused_and_nothing_is_written(tmp_path, name, data):
    if data is None:
        import zipfile

        with zipfile.ZipFile(tmp_path / "made.zip", "w") as made:
            made.writestr("bilag.pdf", make_pdf(tmp_path / "b.pdf", [["Et bilag om noget"]]).read_bytes())
        data = (tmp_path / "made.zip").read_bytes()
    with pytest.raises(UploadRejected) as caught:
        uploads.save_upload(tmp_path / "archive", name, data)
    assert caught.value.code == "not_meeting" and "not a meeting system's export" in str(caught.value)
    assert not (tmp_path / "archive" / "uploads").exists() or not any((tmp_path / "archive" / "uploads").iterdir())


def test_a_damaged_meeting_file_is_refused_with_the_readers_reason(tmp_path):
    meeting = write_meeting(tmp_path / "portal", "Økonomiudvalget", "2023-11-13", [SNOW_ITEM])
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path / "archive", meeting.name, meeting.read_bytes()[:500])  # a cut-off download
    assert caught.value.code == "corrupt" and "truncated" in caught.value.reason


def test_a_word_file_renamed_pdf_is_refused_as_a_word_file_not_as_damaged(tmp_path):
    from .test_limits import docx, para

    word = docx(tmp_path / "referat.docx", para("Referat fra Ældrerådet om snerydning af cykelstier")).read_bytes()
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path / "archive", "referat.pdf", word)
    assert (caught.value.code, caught.value.params) == ("wrong_type", {"found": "docx", "expected": "pdf"})
    pdf = make_pdf(tmp_path / "referat.pdf", [["Referat fra Ældrerådet om snerydning"]]).read_bytes()
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path / "archive", "referat.docx", pdf)
    assert (caught.value.code, caught.value.params) == ("wrong_type", {"found": "pdf", "expected": "docx"})
    with pytest.raises(UnreadableFile) as caught:  # damaged and nothing else: still said so
        uploads.save_upload(tmp_path / "archive", "scan.pdf", b"%PDF-1.4 this is not really a pdf")
    assert caught.value.code == "corrupt"


def test_a_damaged_word_file_is_refused_as_damaged_not_as_a_zip_file(tmp_path):
    import io
    import zipfile

    from ui.strings import reason

    with pytest.raises(UnreadableFile) as caught:  # a Word file is a zip: its zip cut short is a damaged Word file
        uploads.save_upload(tmp_path / "archive", "referat.docx", b"PK\x03\x04garbage")
    assert caught.value.code == "corrupt" and "zip file under another name" not in caught.value.reason
    assert reason("da", caught.value.code, caught.value.params) == "beskadiget fil"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as bundle:  # a readable zip that holds no Word document: a zip file
        bundle.writestr("noter.txt", "Referat fra Ældrerådet")
    with pytest.raises(UnreadableFile) as caught:
        uploads.save_upload(tmp_path / "archive", "referat.docx", packed.getvalue())
    assert (caught.value.code, caught.value.params) == ("wrong_type", {"found": "zip", "expected": "docx"})


def test_delete_upload_removes_only_uploads(tmp_path):
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "official.txt").write_bytes(TEXT)
    saved = uploads.save_upload(tmp_path, "note.txt", TEXT.replace(b"jul", b"marts"))
    for document in ("minutes/official.txt", "uploads/../minutes/official.txt", "../outside.txt"):
        with pytest.raises(UploadRejected, match="not a file inside"):
            uploads.delete_upload(tmp_path, document)
    with pytest.raises(UploadRejected, match="no such file"):
        uploads.delete_upload(tmp_path, "uploads/other.txt")
    uploads.delete_upload(tmp_path, saved)
    assert not (tmp_path / saved).exists() and (tmp_path / "minutes" / "official.txt").exists()


def test_a_deleted_uploads_corrections_go_with_it_and_a_new_file_of_its_name_is_read_for_itself(tmp_path):
    saved = uploads.save_upload(tmp_path, "note.txt", TEXT)
    uploads.write_catalog_entry(tmp_path, saved, {"body": "Valgstyret RETTET", "meeting_date": "2021-09-14"})
    uploads.write_catalog_entry(tmp_path, "minutes/a.txt", {"body": "Ældrerådet"})
    uploads.delete_upload(tmp_path, saved)
    catalog = (tmp_path / "catalog.csv").read_text(encoding="utf-8")
    assert "RETTET" not in catalog and "minutes/a.txt,,Ældrerådet" in catalog  # other corrections kept
    assert uploads.save_upload(tmp_path, "note.txt", TEXT.replace(b"jul", b"maj")) == saved
    assert "note.txt" not in (tmp_path / "catalog.csv").read_text(encoding="utf-8")


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


def test_pending_files_are_the_files_the_build_would_read_missing_from_the_index(tmp_path):
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "a.txt").write_bytes(TEXT)
    (tmp_path / "minutes" / "b.xlsx").write_bytes(b"not read by the build")
    meeting = write_meeting(tmp_path / "greve", "Økonomiudvalget", "2023-11-13", [SNOW_ITEM])
    (tmp_path / "greve" / "notes.json").write_text('{"not": "a meeting"}', encoding="utf-8")
    assert uploads.pending_files(tmp_path, ["minutes/a.txt"]) == [f"greve/{meeting.name}"]
    assert uploads.pending_files(tmp_path, ["minutes/a.txt", f"greve/{meeting.name}", "gone.txt"]) == []


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


def test_an_upload_of_a_meeting_exports_own_minutes_pdf_is_a_duplicate(tmp_path):
    """The export's minutes PDF is in the index through the export: the same bytes uploaded would stand twice."""
    import shutil

    from .paths import DATA
    from .pdfs import ARCHIVE as SAMPLE

    shutil.copytree(DATA / "meeting-systems" / "edoc-ballerup-sfu-2012-12-04", tmp_path / "edoc")
    minutes = (SAMPLE / "pdfs" / "ballerup_sfu_referat_2012-12-04.pdf").read_bytes()
    (tmp_path / "edoc" / "1552814.PDF").write_bytes(minutes)
    with pytest.raises(UploadRejected) as refused:
        uploads.save_upload(tmp_path, "referat.pdf", minutes)
    assert (refused.value.code, refused.value.params["original"]) == ("duplicate", "edoc/1552814.PDF")
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())
