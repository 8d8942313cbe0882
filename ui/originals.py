"""Originals in the browser: an indexed document's archive path in; the file inside the archive
(never outside it) and a URL where the browser's own viewer opens it out; for a meeting export whose
paragraphs cite the pages of its minutes PDF (eDoc), that PDF. An attachment inside an
SBSYS publication zip ("…/Publication32.zip/Enclosures/1.pdf") is served from the zip's bytes the
same way, and only an open item's attachment (`sources.zip_member`): the zip itself holds the
closed items' text. A file that is no longer the version indexed (its sha256 is not the record's) is opened
with a line saying so.
"""
from __future__ import annotations

import functools
import hashlib
import os
import shutil
import time
from pathlib import Path

import streamlit as st

from indexer import present
from indexer.errors import UnreadableFile
from indexer.ingest.read import sha256_file
from indexer.sources import EXPORT_SUFFIXES, ZipMember, member_blocks, zip_member

from .common import APP_DIR, archive, settings, t

# Streamlit serves `static/` next to app.py at /app/static/ (server.enableStaticServing):
# originals are copied there under a name made from their path and version, never their own name.
SERVED_DIR = APP_DIR / "static" / "originals"
SERVED_DAYS = 7  # copies not made again within this many days are removed


def original_path(document: str) -> Path | None:
    """The file of an indexed document inside the archive folder, or None (gone, or outside); for
    an open item's attachment inside a publication zip, its name through the zip."""
    root = settings().archive_dir.resolve()
    path = (root / document).resolve()
    if not path.is_relative_to(root):
        return None
    return path if path.is_file() or _member(path) is not None else None


def _member(path: Path) -> ZipMember | None:
    """The open item's attachment `path` names inside a zip; None for a file on disk or any other name."""
    try:
        return zip_member(path)
    except UnreadableFile:  # a closed item's file, one the zip lacks, a zip that cannot be read
        return None


def original_bytes(path: Path) -> bytes:
    """An original's bytes (an attachment inside a zip: unpacked in memory)."""
    member = _member(path)
    return b"".join(member_blocks(member)) if member is not None else path.read_bytes()


def note_if_changed(document: str, path: Path) -> None:
    """Say so where the file is not the version indexed: a damaged copy put in its place keeps the indexed text
    searchable (the build keeps the earlier version), and the file a reader opens is then not the one cited."""
    if not is_indexed_version(document, path):
        st.caption(t("changed_file", name=present.markdown_escape(path.name)))


def is_indexed_version(document: str, path: Path) -> bool:
    """Whether the file on disk is the version the index read (its sha256 is the record's); an attachment inside
    a zip, or a document the index does not hold, is taken as it is."""
    record = archive().record(document)
    if record is None or _member(path) is not None:
        return True
    version = path.stat()
    return _sha256(str(path), version.st_size, version.st_mtime_ns) == record.content_hash


@functools.lru_cache(maxsize=512)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """A file's sha256, read once per version (size and time)."""
    return sha256_file(Path(path))


def served_url(path: Path, page: int | None = None) -> str:
    """A URL where the browser's own viewer opens `path` (at `page`): a copy in Streamlit's static folder.

    The copy's name is a digest of the path and its version, so nothing a reader types can
    name another file, and a changed original gets a new name.
    """
    member = _member(path)
    version = (member.zip if member is not None else path).stat()  # a zip's attachment: the zip's version
    digest = hashlib.sha256(f"{path}\0{version.st_size}\0{version.st_mtime_ns}".encode()).hexdigest()[:32]
    served = SERVED_DIR / f"{digest}{path.suffix.lower()}"
    if not served.exists():
        SERVED_DIR.mkdir(parents=True, exist_ok=True)
        scratch = served.with_suffix(".part")
        if member is not None:
            scratch.write_bytes(original_bytes(path))
        else:
            try:
                os.link(path, scratch)  # same disk: no copy at all
            except OSError:
                shutil.copyfile(path, scratch)
        os.replace(scratch, served)
        _prune_served(keep=served)
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/originals/{served.name}" + (f"#page={page}" if page else "")


def _prune_served(keep: Path) -> None:
    """Remove copies made more than SERVED_DAYS ago (ctime: when the copy or link was made); they come back on use."""
    limit = time.time() - SERVED_DAYS * 86400
    for copy in SERVED_DIR.iterdir():
        try:
            if copy != keep and copy.stat().st_ctime < limit:
                copy.unlink()
        except OSError:
            pass  # another session removed it first


def minutes_pdf_path(document: str) -> Path | None:
    """The file of the minutes PDF an indexed meeting export names (eDoc's open agenda PDF: not indexed,
    its text is the export's), inside the archive; None where there is none."""
    named = archive().minutes_pdf(document)
    return original_path(named) if named else None


# What a meeting system returned (its JSON, XML or zip) is data for a machine, not a document to read.
SOURCE_DATA = set(EXPORT_SUFFIXES)


def original_links(document: str, page: int | None, key: str, text: str | None = None) -> None:
    """The original at `page`: a PDF opens in the browser's own viewer there (and downloads);
    another file downloads, a meeting system's data saying that it is data, and only where the
    meeting has no closed items (the data holds their text; the archive shows their titles only)."""
    path = original_path(document)
    if path is None:
        st.caption(t("missing_file", name=present.markdown_escape(document)))  # a caption is Markdown
        return
    note_if_changed(document, path)
    data = path.suffix.lower() in SOURCE_DATA
    # a meeting export's minutes PDF, whose pages its paragraphs cite, opens as a PDF's own would
    pdf = path if path.suffix.lower() == ".pdf" else minutes_pdf_path(document) if data else None
    if pdf is not None:
        st.link_button(text or t("open_pdf", page=page or 1), served_url(pdf, page or 1), key=f"pdf_{key}",
                       help=t("open_pdf_help"), icon=":material/picture_as_pdf:")
    if data:
        record = archive().record(document)
        if record is None or record.has_closed_items:  # the system's data holds the closed items' text
            st.caption(t("data_closed"))
            return
    label = "download_data" if data else "download"
    st.download_button(t(label, name=present.markdown_escape(path.name)), data=lambda: original_bytes(path),
                       file_name=path.name,
                       key=f"download_{key}", on_click="ignore", icon=":material/download:")
