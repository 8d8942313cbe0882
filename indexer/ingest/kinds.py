"""What a file's first bytes say it is, asked only once it failed to read as its name says.

In:  a file's path and the kind its suffix promises ("pdf", "docx").
Out: `wrong_type` → an `UnreadableFile` with code "wrong_type" naming the kind the file is
     (params `found`, `expected`: keys a UI words, e.g. a Word file or plain text renamed .pdf),
     or None where the bytes say nothing more than "damaged" (the reader's own error then stands): a
     Word file whose zip cannot be read is a damaged Word file, not a zip file under another name.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.errors import UnreadableFile

_HEAD_BYTES = 2048
# Signatures at the very start of a file; `kind_of` checks a zip's member names itself.
_SIGNATURES = (
    (b"%PDF", "pdf"),
    (b"{\\rtf", "rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office"),  # .doc, .xls, .ppt before 2007
    (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"II*\x00", "image"), (b"MM\x00*", "image"),
)
# An Office Open XML file is a zip holding one of these.
_OOXML = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"))
_ZIPPED = {kind for _, kind in _OOXML}


def kind_of(path: Path) -> str | None:
    """"pdf", "docx", "xlsx", "pptx", "zip", "rtf", "office", "image", "html" or "text" from the
    first bytes (and a zip's member names); None when they say none of these."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(path) or "zip"
    except OSError:
        return None
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if b"%PDF-" in head[:1024]:  # a PDF may have a few bytes before its header
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head and _is_text(head):
        return "text"
    return None


def _zip_kind(path: Path) -> str | None:
    """"docx", "xlsx", "pptx" or "zip" for a zip by its member names; None when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None
    return next((kind for member, kind in _OOXML if member in names), "zip")


def _is_text(head: bytes) -> bool:
    """Plain text: no NUL byte, and UTF-8 (a multi-byte letter cut at the end aside) or a legacy
    8-bit encoding's letters with hardly any control characters."""
    if b"\0" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls <= len(head) // 100


def wrong_type(path: Path, expected: str) -> UnreadableFile | None:
    """A file of another kind under this suffix ("wrong_type"), or None: see the module docstring."""
    found = kind_of(path)
    if found is None or found == expected:
        return None
    if found == "zip" and expected in _ZIPPED and _zip_kind(path) is None:
        return None  # an Office file is a zip: one whose zip cannot be read is a damaged file of its kind
    return UnreadableFile(path, f"not a {expected} file: a {found} file under another name", code="wrong_type",
                          found=found, expected=expected)
