"""Errors the archive raises. The CLI and the app turn each into one line for the user.

Policy: raise when the caller must act (no index, wrong model, damaged index, a build
already running); skip and report when a build can recover (one unreadable file).
"""
from __future__ import annotations


class ArchiveError(Exception):
    """Base class: every error meant for a user, with a one-line message."""


class UnreadableFile(ArchiveError):
    """A file could not be turned into text (corrupt, encrypted, scanned, unsupported)."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


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


class InvalidInput(ArchiveError):
    """A value given by the user (filter, mode, date, upload) is not valid."""
