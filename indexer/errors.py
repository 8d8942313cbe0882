"""Errors the archive raises. The CLI and the app turn each into one line for the user.

Policy: raise when the caller must act (no index, wrong model, damaged index, a build
already running); skip and report when a build can recover (one unreadable file).
"""
from __future__ import annotations


class ArchiveError(Exception):
    """Base class: every error meant for a user, with a one-line message."""


class UnreadableFile(ArchiveError):
    """A file could not be turned into text (corrupt, encrypted, scanned, unsupported).

    `reason` is the English sentence; `code` and `params` say the same as data, so that a
    user interface can word it in its own language (see `REASONS`), never parse `reason`.
    """

    def __init__(self, path: object, reason: str, *, code: str = "unreadable", **params: object) -> None:
        self.path = str(path)
        self.reason = reason
        self.code = code
        self.params = params
        super().__init__(f"{self.path}: {reason}")


# Why a file was not indexed, as a stable code (the key a UI translates) and its English
# wording. Codes are added, never renamed: the build report and the app speak them.
REASONS: dict[str, str] = {
    "unreadable": "{detail}",
    "empty": "empty file",
    "binary": "not text: binary content",
    "encrypted": "encrypted PDF (password required)",
    "corrupt": "corrupt file: {detail}",
    "no_pages": "PDF has no pages",
    "needs_ocr": "no text layer: needs OCR ({install})",
    "unsupported": "unsupported file type {suffix}",
    "cannot_open": "cannot open: {detail}",
    "not_a_file": "not a file",
    "no_text": "no text found",
    "duplicate": "same content as {original}",
    "kept_previous": "{reason}; the previously indexed version is kept",
    # Limits on reading one file (`config.ReadLimits`; each default has an environment variable).
    "too_large": "too large: {size_mb} MB (the limit for {kind} files is {limit_mb} MB)",
    "too_many_pages": "too many pages: {pages} (the limit is {limit})",
    "too_many_ocr_pages": "too many scanned pages to OCR: {pages} (the limit is {limit})",
    "decompression_bomb": "decompression bomb: unpacks to {unpacked_mb} MB, {ratio}× its packed size "
                          "(limits {limit_mb} MB, {limit_ratio}×)",
    "too_many_chars": "too much text: more than {limit} characters",
    "took_too_long": "took too long: reading stopped after {limit} s",
    "too_much_memory": "reading it needs more than {limit_mb} MB of memory",
    "outside_archive": "a link to a file outside the archive: not read",
    "blank": "no text: its {pages} pages have no text layer and no images to OCR",
    "wrong_type": "not a {expected} file: a {found} file under another name",
    # A file beside a meeting export that cannot be read: it may be a closed item's, so it is not read.
    "export_unreadable": "its meeting export {export} cannot be read, so what the file is cannot be told",
}


# A reason whose count is one, in the singular: code -> (the count's parameter, its wording).
REASONS_ONE: dict[str, tuple[str, str]] = {
    "blank": ("pages", "no text: its 1 page has no text layer and no images to OCR"),
}


def worded(code: str, params: dict) -> str:
    """The English reason for `code` with its parameters (a count of one in the singular)."""
    counted = REASONS_ONE.get(code)
    template = counted[1] if counted and params.get(counted[0]) == 1 else REASONS[code]
    return template.format(**params)


class IndexMissing(ArchiveError):
    """No index exists in the given directory yet."""


class IndexDamaged(ArchiveError):
    """The index directory is inconsistent or unreadable and must be rebuilt."""


class ModelMismatch(ArchiveError):
    """The index was built with a different embedding model than the one asked for."""


class BuildLocked(ArchiveError):
    """Another build holds the index directory's lock."""


class ModelUnavailable(ArchiveError):
    """The embedding model could not be found or built."""


class IndexUnwritable(ArchiveError):
    """The index directory cannot be created or written: a bad path, no permission, a
    read-only file system, or a full disk. What was committed before is kept."""


class InvalidInput(ArchiveError):
    """A value given by the user (filter, mode, date, upload) is not valid."""
