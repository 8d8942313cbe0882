"""Attachments inside an SBSYS publication zip: indexed, cited and served like the same export
unpacked as a folder (hashing embedder: no model)."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.build.run import build
from indexer.search.archive import Archive
from tests.fakes import HashEmbedder
from tests.paths import DATA

SBSYS_ZIP = DATA / "meeting-systems" / "sbsys" / "Publication32.zip"
MEMBER = "Publication32.zip/Enclosures/1.pdf"
PHRASE = "Udbuddene er nødvendige for at bryde"
CASE = "13-004711"  # given to item 3 here: the export itself leaves every case number empty
# What a hit cites, whatever file holds it.
CITED = ("title", "body", "date", "doc_type", "page", "item_number", "item_title", "case_number", "text")


def _rewrite(target: Path, xml=lambda xml: xml, pdf=lambda data: data, stored: bool = False) -> Path:
    """A copy of Publication32.zip with its XML and its enclosure changed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(SBSYS_ZIP) as old, zipfile.ZipFile(
            target, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith(".xml"):
                data = xml(data)
            elif info.filename.endswith(".pdf"):
                data = pdf(data)
            entry = zipfile.ZipInfo(info.filename, info.date_time)  # its time kept: the same export, the same bytes
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            new.writestr(entry, data)
    return target


def _item_3(xml: bytes, old: str, new: str) -> bytes:
    """The XML with the first `old` after item 3's caption (the item the KL letter is attached to) as `new`."""
    text = xml.decode("utf-8-sig")
    start = text.index("<Caption><![CDATA[Indførelse af systemet SAPA")
    return (text[:start] + text[start:].replace(old, new, 1)).encode("utf-8")


def _with_case(xml: bytes) -> bytes:
    return _item_3(xml, "<Number></Number>", f"<Number>{CASE}</Number>")  # its Case/Number comes first


def _closing_item_3(xml: bytes) -> bytes:
    return _item_3(xml, "<IsPublic><![CDATA[True]]>", "<IsPublic><![CDATA[False]]>")


def _build(archive: Path, index: Path):
    return build(archive, index, embedder=HashEmbedder())


def _cited(index: Path, document: str) -> tuple[dict, list[tuple]]:
    opened = Archive.open(index, embedder=HashEmbedder())
    try:
        record = next(d for d in opened.documents() if d["path"] == document)
        hits = [tuple(h.to_json()[key] for key in CITED) for h in opened.document(document)]
        found = opened.search(PHRASE, k=3, mode="lexical").hits
    finally:
        opened.close()
    assert found and found[0].document == document
    return record, hits


def test_an_attachment_in_a_zip_is_cited_like_the_same_export_unpacked(tmp_path):
    zipped = _rewrite(tmp_path / "zip" / "sbsys" / "Publication32.zip", _with_case)
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(tmp_path / "folder" / "sbsys")
    report = _build(tmp_path / "zip", tmp_path / "zip-index")
    assert report.indexed == ["sbsys/Publication32.zip", f"sbsys/{MEMBER}"], report.summary()
    folder_report = _build(tmp_path / "folder", tmp_path / "folder-index")
    assert "sbsys/Publication32/Enclosures/1.pdf" in folder_report.indexed

    from_zip, zip_hits = _cited(tmp_path / "zip-index", f"sbsys/{MEMBER}")
    from_folder, folder_hits = _cited(tmp_path / "folder-index", "sbsys/Publication32/Enclosures/1.pdf")
    fields = ("title", "body", "meeting_date", "doc_type", "case_number", "pages", "content_hash", "sources")
    assert {k: from_zip[k] for k in fields} == {k: from_folder[k] for k in fields}
    assert (from_zip["body"], from_zip["meeting_date"], from_zip["doc_type"], from_zip["case_number"]) == (
        "KMB IT-udvalget", "2013-05-15", "bilag", CASE)
    assert from_zip["attachment_to"] == "sbsys/Publication32.zip"  # its meeting's record
    assert zip_hits == folder_hits
    assert {(h[CITED.index("item_number")], h[CITED.index("page")]) for h in zip_hits} >= {("3", 1), ("3", 2)}


def test_a_closed_items_file_in_a_zip_is_never_opened(tmp_path, monkeypatch):
    _rewrite(tmp_path / "archive" / "Publication32.zip", _closing_item_3)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def watched(self, name, *args, **kwargs):
        opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", watched)
    report = _build(tmp_path / "archive", tmp_path / "index")
    assert report.indexed == ["Publication32.zip"], report.summary()
    assert opened and not [name for name in opened if name.endswith(".pdf")]  # neither hashed nor read

    from indexer.ingest.pipeline import ingest_file
    from indexer.errors import UnreadableFile

    with pytest.raises(UnreadableFile) as refused:  # named directly: still never opened
        ingest_file(tmp_path / "archive" / MEMBER, root=tmp_path / "archive", catalog={})
    assert "closed agenda item" in refused.value.reason
    assert not [name for name in opened if name.endswith(".pdf")]


def _bad_crc(path: Path) -> None:
    """Damage the stored PDF's bytes in the zip (its directory stays whole)."""
    data = bytearray(path.read_bytes())
    at = data.index(b"%PDF") + 5000
    data[at:at + 16] = b"\0" * 16
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not a pdf", "bad checksum"])
def test_a_damaged_attachment_in_a_zip_is_reported_by_name_and_the_meeting_indexed(tmp_path, damage):
    archive = tmp_path / "archive"
    if damage == "not a pdf":
        _rewrite(archive / "Publication32.zip", pdf=lambda data: b"%PDF-1.4\nthis is no PDF at all\n")
    else:
        _bad_crc(_rewrite(archive / "Publication32.zip", stored=True))
    report = _build(archive, tmp_path / "index")
    assert report.indexed == ["Publication32.zip"]
    [skipped] = report.skipped
    assert (skipped.path, skipped.code) == (MEMBER, "corrupt")
    assert "\n" not in skipped.reason
    if damage == "bad checksum":
        assert skipped.reason.startswith("corrupt file: damaged file Enclosures/1.pdf in Publication32.zip (")


def test_a_zip_written_again_unchanged_reads_nothing_again(tmp_path):
    archive = tmp_path / "archive"
    zipped = _rewrite(archive / "Publication32.zip")
    assert len(_build(archive, tmp_path / "index").indexed) == 2
    _rewrite(zipped)  # the same export written again: a new file, a new time
    later = zipped.stat().st_mtime_ns + 5_000_000_000
    os.utime(zipped, ns=(later, later))
    again = _build(archive, tmp_path / "index")
    assert again.indexed == [] and sorted(again.unchanged) == ["Publication32.zip", MEMBER], again.summary()


def test_an_attachment_gone_from_a_new_zip_leaves_the_index_and_a_changed_one_is_read_again(tmp_path):
    archive = tmp_path / "archive"
    zipped = _rewrite(archive / "Publication32.zip")
    _build(archive, tmp_path / "index")
    _rewrite(zipped, pdf=lambda data: data + b"\n% one more line\n")  # the same letter, other bytes
    assert _build(archive, tmp_path / "index").indexed == ["Publication32.zip", MEMBER]
    with zipfile.ZipFile(SBSYS_ZIP) as old, zipfile.ZipFile(zipped, "w") as new:
        for info in old.infolist():
            if not info.filename.endswith(".pdf"):
                new.writestr(info.filename, old.read(info))
    report = _build(archive, tmp_path / "index")
    assert report.removed == [MEMBER] and report.indexed == ["Publication32.zip"]


def test_attachments_of_a_zip_that_turned_unreadable_are_kept(tmp_path):
    archive = tmp_path / "archive"
    zipped = _rewrite(archive / "Publication32.zip")
    _build(archive, tmp_path / "index")
    zipped.write_bytes(zipped.read_bytes()[:3000])  # cut short
    report = _build(archive, tmp_path / "index")
    assert report.removed == []
    kept = {s.path: s for s in report.skipped}
    assert kept[MEMBER].code == "kept_previous"
    assert kept[MEMBER].reason.startswith("its meeting export Publication32.zip cannot be read")
    assert kept["Publication32.zip"].code == "kept_previous"
    _cited(tmp_path / "index", MEMBER)  # still found


def test_inspect_reads_the_zip_and_an_attachment_inside_it(tmp_path):
    from indexer.cli import main

    archive = tmp_path / "archive"
    _rewrite(archive / "Publication32.zip")
    meeting = CliRunner().invoke(main, ["inspect", str(archive / "Publication32.zip"), "--archive", str(archive)])
    assert meeting.exit_code == 0, meeting.output
    assert "body:" in meeting.output and "KMB IT-udvalget" in meeting.output
    attachment = CliRunner().invoke(main, ["inspect", str(archive / MEMBER), "--archive", str(archive)])
    assert attachment.exit_code == 0, attachment.output
    assert "attachment_to: Publication32.zip" in attachment.output and "item: 3." in attachment.output


def test_an_attachment_in_a_zip_links_to_its_meeting_and_is_served_from_the_zip(tmp_path, monkeypatch):
    from indexer.alerts.links import Links

    links = Links(documents_url="https://dagsordener.example.dk/arkiv/")
    assert links.original(f"sbsys/{MEMBER}", 2, "3") == links.meeting(f"sbsys/{MEMBER}", "3")
    assert links.original("pdfs/møde.pdf", 2).startswith("https://dagsordener.example.dk/arkiv/")

    import ui.originals as originals

    root = tmp_path / "archive"
    _rewrite(root / "Publication32.zip")
    _rewrite(root / "closed" / "Publication32.zip", _closing_item_3)
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(root))
    monkeypatch.setattr(originals, "SERVED_DIR", tmp_path / "static" / "originals")
    path = originals.original_path(MEMBER)
    assert path == (root / MEMBER).resolve()
    with zipfile.ZipFile(SBSYS_ZIP) as export:
        letter = export.read("Publication32/Enclosures/1.pdf")
    assert originals.original_bytes(path) == letter
    url = originals.served_url(path, 2)
    assert url.endswith(".pdf#page=2")
    assert (originals.SERVED_DIR / url.rsplit("/", 1)[1].split("#")[0]).read_bytes() == letter
    for document in (f"closed/{MEMBER}", "Publication32.zip/Publication32.xml", "Publication32.zip/../../x.pdf"):
        assert originals.original_path(document) is None


@pytest.mark.parametrize("loose", ["0-bilag/kl_monopolbrud.pdf", "zz-bilag/kl_monopolbrud.pdf"])
def test_the_copy_an_export_names_is_kept_over_a_loose_copy_whatever_the_folders_are_called(tmp_path, loose):
    archive = tmp_path / "archive"
    (archive / "sbsys").mkdir(parents=True)
    zipped = _rewrite(archive / "sbsys" / "Publication32.zip")
    with zipfile.ZipFile(zipped) as exported:
        (archive / loose).parent.mkdir(parents=True)
        (archive / loose).write_bytes(exported.read("Publication32/Enclosures/1.pdf"))
    report = _build(archive, tmp_path / "index")
    assert f"sbsys/{MEMBER}" in report.indexed and loose not in report.indexed, report.summary()
    assert [(s.path, s.code) for s in report.skipped] == [(loose, "duplicate")]
