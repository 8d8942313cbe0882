"""Limits on reading one file, checked while it is read: size, pages, unpacking, text, time.

In:  a file's path and `config.ReadLimits` (`current()`: the defaults in `indexer.config`, each
     overridden by its environment variable, e.g. INDEXER_MAX_FILE_MB).
Out: a `Budget` the readers check as they go; a limit passed raises `UnreadableFile` with
     its code from `errors.REASONS`, and the file is read no further:

* "too_large"          — the file's size, by type (checked before a byte is read; text is
                         read in blocks up to the limit, never beyond, should it grow);
* "too_many_pages"     — a PDF's pages (checked before a page is read);
* "too_many_ocr_pages" — a PDF's pages that are images, for OCR (see `read`);
* "decompression_bomb" — what a DOCX's members unpack to, in all and per member against its
                         packed size (checked from the zip's directory before unpacking; the
                         XML is then read in blocks, never more than it declared);
* "too_many_chars"     — characters of text in the file, counted page by page;
* "took_too_long"      — the file's deadline (`ReadLimits.max_seconds` from its start),
                         checked between pages, blocks and OCR pages: reading one file holds
                         a build up for that long at most (one page's own extraction is not
                         cut short; OCR's Tesseract runs end at the deadline).

A process that must not be held up or blown up by a file at all (an upload checked inside a
web server) reads it in another process: `indexer.ingest.probe`.
"""
from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.config import FILE_KINDS, MB, ReadLimits, read_limits
from indexer.errors import InvalidInput, UnreadableFile, worded

__all__ = ["BLOCK", "Budget", "current", "refuse"]

BLOCK = 1 << 20  # bytes read (or characters parsed) between two checks
# A zip member smaller than this unpacks to little whatever its ratio (XML packs 10–20×).
RATIO_FLOOR = 1 * MB
_KIND_NAMES = {"pdf": "PDF", "docx": "DOCX", "text": "text"}


def current() -> ReadLimits:
    """The limits in force: `config.read_limits()`.

    Raises:
        InvalidInput: an INDEXER_MAX_… variable holds no positive number (named in the message).
    """
    try:
        return read_limits()
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def refuse(path: object, code: str, **params: object) -> UnreadableFile:
    """An `UnreadableFile` whose reason is the code's English wording."""
    return UnreadableFile(path, worded(code, params), code=code, **params)


def _mb(size: float) -> float | int:
    return _number(round(size / MB, 1 if size >= MB else 2))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class Budget:
    """What reading one file may still take; started when the file's reading starts."""

    def __init__(self, path: object, limits: ReadLimits | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.limits = limits if limits is not None else current()
        self.clock = clock
        self.deadline = clock() + self.limits.max_seconds
        self.chars = 0

    # -- time --------------------------------------------------------------------------------
    def remaining(self) -> float:
        """Seconds left before the deadline (negative once it has passed)."""
        return self.deadline - self.clock()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def check_time(self) -> None:
        """Raises UnreadableFile ("took_too_long") once the deadline has passed."""
        if self.expired():
            raise self.too_long()

    def too_long(self) -> UnreadableFile:
        return refuse(self.path, "took_too_long", limit=_number(self.limits.max_seconds))

    # -- size, pages, text ---------------------------------------------------------------------
    def check_size(self, size: int, suffix: str) -> None:
        """Raises UnreadableFile ("too_large") for a file over its type's size limit."""
        limit = self.limits.max_bytes_for(suffix)
        if limit is not None and size > limit:
            kind = FILE_KINDS[suffix.lower()]
            raise refuse(self.path, "too_large", size_mb=_mb(size), kind=_KIND_NAMES.get(kind, kind),
                         limit_mb=_mb(limit), size=size, limit=limit)

    def check_pages(self, count: int) -> None:
        """Raises UnreadableFile ("too_many_pages") for a PDF of more pages than the limit."""
        if count > self.limits.max_pages:
            raise refuse(self.path, "too_many_pages", pages=count, limit=self.limits.max_pages)

    def check_ocr_pages(self, count: int) -> None:
        """Raises UnreadableFile ("too_many_ocr_pages") for more pages to OCR than the limit."""
        if count > self.limits.max_ocr_pages:
            raise refuse(self.path, "too_many_ocr_pages", pages=count, limit=self.limits.max_ocr_pages)

    def add_chars(self, count: int) -> None:
        """Count `count` more characters of the file's text; raises UnreadableFile
        ("too_many_chars") once they pass the limit."""
        self.chars += count
        if self.chars > self.limits.max_chars:
            raise refuse(self.path, "too_many_chars", limit=self.limits.max_chars)

    # -- reading -------------------------------------------------------------------------------
    def read_bytes(self, path: Path) -> bytes:
        """The file's bytes, read in blocks up to its type's size limit (never beyond: a file
        that grew past it since it was looked at is refused as "too_large"), with the deadline
        checked between blocks."""
        limit = self.limits.max_bytes_for(path.suffix)
        blocks: list[bytes] = []
        size = 0
        with path.open("rb") as handle:
            while True:
                self.check_time()
                want = BLOCK if limit is None else min(BLOCK, limit + 1 - size)
                block = handle.read(want)
                if not block:
                    break
                size += len(block)
                blocks.append(block)
                if limit is not None and size > limit:
                    self.check_size(size, path.suffix)
        return b"".join(blocks)

    def check_zip(self, archive: zipfile.ZipFile) -> None:
        """Refuse a zip (a DOCX) whose members, as its directory declares them, unpack to more
        than the limit in all, or one of which unpacks to more than the ratio times its
        packed size. (Reading a member never gives more than it declared.)"""
        limits = self.limits
        infos = archive.infolist()
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > limits.max_zip_ratio:
                raise self._bomb(info.filename, info.file_size, ratio)
        unpacked = sum(info.file_size for info in infos)
        if unpacked > limits.max_unzipped_bytes:
            packed = sum(info.compress_size for info in infos)
            raise self._bomb("", unpacked, unpacked / max(packed, 1))

    def _bomb(self, member: str, unpacked: int, ratio: float) -> UnreadableFile:
        limits = self.limits
        return refuse(self.path, "decompression_bomb", unpacked_mb=_mb(unpacked), ratio=round(ratio),
                      limit_mb=_mb(limits.max_unzipped_bytes), limit_ratio=_number(limits.max_zip_ratio),
                      member=member)

    def zip_blocks(self, archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
        """A member's bytes in blocks, the deadline checked between them; never more than the
        limit on unpacked bytes ("decompression_bomb")."""
        read = 0
        with archive.open(name) as handle:
            while True:
                self.check_time()
                block = handle.read(BLOCK)
                if not block:
                    return
                read += len(block)
                if read > self.limits.max_unzipped_bytes:
                    info = archive.getinfo(name)
                    raise self._bomb(name, read, read / max(info.compress_size, 1))
                yield block
