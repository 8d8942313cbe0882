"""Originals served to the browser's own PDF viewer: only files inside the archive, under a digest name."""
from __future__ import annotations

import re

import pytest

import ui.originals as common


@pytest.fixture
def archive(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    (root / "pdfs").mkdir(parents=True)
    (root / "pdfs" / "møde.pdf").write_bytes(b"%PDF-1.4 original")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 outside")
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(root))
    monkeypatch.setattr(common, "SERVED_DIR", tmp_path / "static" / "originals")
    return root


def test_only_files_inside_the_archive_are_originals(archive):
    assert common.original_path("pdfs/møde.pdf") == (archive / "pdfs" / "møde.pdf").resolve()
    for document in ("../secret.pdf", "pdfs/../../secret.pdf", str(archive.parent / "secret.pdf"), "pdfs/gone.pdf"):
        assert common.original_path(document) is None


def test_served_copy_has_a_digest_name_and_opens_at_the_page(archive):
    url = common.served_url(common.original_path("pdfs/møde.pdf"), 3)
    match = re.fullmatch(r"/app/static/originals/([0-9a-f]{32}\.pdf)#page=3", url)
    assert match, url
    assert (common.SERVED_DIR / match.group(1)).read_bytes() == b"%PDF-1.4 original"
    assert common.served_url(common.original_path("pdfs/møde.pdf")) == url.split("#")[0]  # one copy per version


def test_a_changed_original_gets_a_new_copy(archive):
    path = common.original_path("pdfs/møde.pdf")
    first = common.served_url(path)
    path.write_bytes(b"%PDF-1.4 corrected version")
    assert common.served_url(path) != first


def test_old_copies_are_removed_when_a_new_one_is_made(archive, monkeypatch):
    first = common.served_url(common.original_path("pdfs/møde.pdf"))
    (archive / "pdfs" / "andet.pdf").write_bytes(b"%PDF-1.4 another")
    monkeypatch.setattr(common, "SERVED_DAYS", -1)  # every earlier copy counts as old
    second = common.served_url(common.original_path("pdfs/andet.pdf"))
    assert [p.name for p in common.SERVED_DIR.iterdir()] == [second.rsplit("/", 1)[1]]
    assert common.served_url(common.original_path("pdfs/møde.pdf")) == first  # made again on use
