"""The scan step of a build: an archive directory (and its catalog) in; one `SourceFile`
per candidate file out, in path order, each with what the build needs to decide about it.

Meeting-system exports (`indexer.sources`) are sources too: a FirstAgenda .json, an eDoc
`eDocAgendaPublishing.xml`, an SBSYS `PublicationN.zip`/`.xml`. The PDFs an eDoc or SBSYS
export names beside it are left out of the scan when they repeat the export's own text
(the meeting or an item as PDF) or belong to a closed item; its attachments stay in, with
what they cite from the export (a change there reads them again). While the export cannot
be read, the PDFs beside it stay in the scan too, so that the build keeps what it indexed
of them (it reads none: any may be a closed item's).

An SBSYS publication zip holds its attachments: each attachment of an open item is a source of
its own, named through the zip ("…/Publication32.zip/Enclosures/1.pdf"), with the size it
unpacks to, the zip's modification time, its own content hash (of its bytes, unpacked in memory)
and what it cites, so that change, duplicate and removal work as for a file on disk. A closed
item's file in a zip is never listed, hashed or read. A zip that cannot be read lists none and
is marked `unlisted`: the build keeps what it indexed of its attachments.

Files the caller names are left out too: the build leaves out an index kept inside the
archive (`--index archive/idx`, or the archive itself), which only the store recognises.

A file's archive name (relative, forward slashes, NFC) is computed here once; its
content hash only when asked for, and then once.

Nothing outside the archive is read. Links to directories are not followed (as ever); a link
to a file is followed only when the file it resolves to lies inside the archive (it is then
indexed under the link's name, or reported as the same content as its target). A link that
resolves outside the archive (`passwd.txt -> /etc/passwd`) is scanned as `outside`: never
hashed, looked into or read, and the build skips it ("outside_archive": `read.read_document`
refuses it) — unless its suffix is one only meeting exports have (.json, .xml, .zip), which
is then reported as unsupported, likewise unread. A link that leads to no file is scanned with
the reason it is not read (`SourceFile.unread`: `LINK_TO_FOLDER`, `LINK_OUT_TO_FOLDER`, `LINK_LOOP`,
`LINK_BROKEN`), never followed, so that the build reports it once, by its own name.
`archive_files` leaves such links out.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator, Mapping

from indexer.errors import UnreadableFile
from indexer.ingest.read import SUPPORTED_SUFFIXES, sha256_file
from indexer.ingest import READING_VERSION
from indexer.sources import (EXPORT_SUFFIXES, READER_VERSION, ZipMember, export_place, is_meeting_source,
                             member_blocks, zip_members)

# Why a file found in the archive is not read (`SourceFile.unread`).
LINK_TO_FOLDER = "a link back into the archive's own folders: not followed (their files are read where they are)"
LINK_OUT_TO_FOLDER = "a link to a folder outside the archive: not read"
LINK_LOOP = "a loop of links: not read"
LINK_BROKEN = "a broken link (what it points to does not exist): not read"
LINK_ODD = "a link to something that is not a file: not read"
MISNAMED = "file name is not valid UTF-8 (rename it)"  # (or a folder's above it)
_OUTSIDE = "outside"  # `_files`' mark of a link to a file outside the archive

# Files in the archive that describe it rather than belong to it.
NOT_RECORDS = frozenset({"readme.md", "readme.txt", "catalog.csv", "catalog.toml"})


def archive_name(path: Path, archive_dir: Path) -> str:
    """How the archive names a file: relative to its root, forward slashes, NFC.
    (macOS writes names decomposed (NFD); the catalog and the index speak NFC.)
    A name whose bytes are not UTF-8 (`bad_name`) has those bytes escaped ("referat-\\xe6.txt"):
    a name that can be written, shown and stored, though no file on disk bears it."""
    relative = path.relative_to(archive_dir).as_posix()
    if bad_name(relative):
        relative = os.fsencode(relative).decode("utf-8", "backslashreplace")
    return unicodedata.normalize("NFC", relative)


def bad_name(name: str | Path) -> bool:
    """Whether a file name (as Python decodes it from the disk) holds bytes that are not UTF-8
    (written by a Latin-1 system: "referat-æøå.txt" as the bytes 0xe6 0xf8 0xe5): Python keeps
    them as lone surrogates, which SQLite, JSON files and the terminal cannot take."""
    return any("\udc80" <= char <= "\udcff" for char in str(name))


@dataclass(frozen=True)
class SourceFile:
    """One file of the archive as the scan found it."""

    path: Path  # on disk
    name: str  # archive name: relative, forward slashes, NFC
    size: int
    mtime_ns: int
    catalog: Mapping[str, str] = field(default_factory=dict)  # the catalog row that applies
    outside: bool = False  # a link to a file outside the archive: never read
    # why a file the archive holds is never read: a link that leads to no file (a loop, a folder …: never
    # followed) or a name that is not valid UTF-8 (`MISNAMED`: `name` has the bytes escaped)
    unread: str = ""
    # What a meeting export says of the file, when it is an attachment there (`ExportPlace.citation`).
    cites: tuple = ()
    member: ZipMember | None = None  # an attachment inside a publication zip (`path` names it through the zip)
    unlisted: bool = False  # a zip whose attachments could not be listed (it cannot be read)

    @property
    def supported(self) -> bool:
        if self.unread:  # never read, whatever its name says
            return False
        return self.path.suffix.lower() in SUPPORTED_SUFFIXES or self.meeting_source

    @cached_property
    def meeting_source(self) -> bool:
        """A meeting system's export (only .json, .xml and .zip files are looked into)."""
        return not self.outside and not self.unread and self.member is None and _meeting_export(self.path)


    @property
    def catalog_json(self) -> str:
        """What the file is read with besides its bytes, as stored with the document (sorted JSON),
        to notice a change: its catalog row, what a meeting export cites of it (under the key
        "meeting system", which no catalog column has), and for a meeting export the version of
        the readers (`sources.READER_VERSION`, under "meeting reader"), and for any file read the version
        of the reading (`ingest.READING_VERSION`, under "text reader")."""
        values = dict(self.catalog)
        if self.cites:
            values["meeting system"] = dict(self.cites)
        if self.meeting_source:
            values["meeting reader"] = READER_VERSION
        if not (self.outside or self.unread):
            values["text reader"] = READING_VERSION  # a reading of headings, paragraphs or items mended reaches it too
        return json.dumps(values, sort_keys=True, ensure_ascii=False)

    @cached_property
    def sha256(self) -> str:
        """sha256 of the file's bytes, read on first use only. A link outside the archive is
        not read: it gets a stand-in of its own (unique by name, so it is nobody's duplicate)."""
        if self.outside:
            return hashlib.sha256(f"outside the archive\0{self.name}".encode()).hexdigest()
        if self.unread:
            return hashlib.sha256(f"not read\0{self.name}".encode()).hexdigest()
        if self.member is not None:
            digest = hashlib.sha256()
            try:
                for block in member_blocks(self.member):
                    digest.update(block)
            except UnreadableFile:  # a damaged copy in the zip: reading it says why
                return hashlib.sha256(f"unreadable in its zip\0{self.name}".encode()).hexdigest()
            return digest.hexdigest()
        return sha256_file(self.path)


def could_be_record(path: Path) -> bool:
    """Whether the build would read a file on disk (`SourceFile.supported`): a type it reads, or a
    meeting system's export; a file of another type is only ever reported as unsupported."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES or _meeting_export(path)


def _meeting_export(path: Path) -> bool:
    return path.suffix.lower() in EXPORT_SUFFIXES and is_meeting_source(path)


def _files(archive_dir: Path, leave_out: Callable[[Path], bool] | None = None,
           companions: dict[Path, tuple[Path, str]] | None = None) -> Iterator[tuple[Path, str, tuple]]:
    """(path, not_read, cites) of every file under `archive_dir` that could be a record, unsorted:
    hidden files, the archive's own description, files `leave_out` names and a meeting export's copies
    of its own text and its closed items' files left out (those put in `companions`, when given:
    path -> (the export, the file's role there)); `not_read`: "" for a file to read, `_OUTSIDE` for a
    link to a file outside the archive, else why a link that leads to no file is not read;
    `cites`: what a meeting export cites of an attachment."""
    root = archive_dir.resolve()
    for path in archive_dir.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(archive_dir).parts) \
                or path.name.lower() in NOT_RECORDS or (leave_out is not None and leave_out(path)):
            continue
        if path.is_symlink():
            why = _link_not_read(path, root)
            if why:
                yield path, why, ()
                continue
        if not path.is_file():
            continue
        if bad_name(path.relative_to(archive_dir)):  # never looked into: the build reports it by its escaped name
            yield path, "", ()
            continue
        place = export_place(path)
        if place is None:
            yield path, "", ()
        elif place.role in ("attachment", "unreadable"):
            yield path, "", place.citation
        elif companions is not None:
            companions[path] = (place.export, place.role)


def _link_not_read(path: Path, root: Path) -> str:
    """Why the link at `path` is not read ("" for a link to a file inside the archive, read under
    the link's name): `_OUTSIDE` for one to a file outside, else a `LINK_…` reason. Never followed
    further than resolving it."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 says a loop so
        return LINK_LOOP
    except OSError as exc:
        return LINK_LOOP if exc.errno == errno.ELOOP else LINK_BROKEN
    if target.is_dir():
        return LINK_TO_FOLDER if target.is_relative_to(root) or root.is_relative_to(target) else LINK_OUT_TO_FOLDER
    if not target.is_file():
        return LINK_ODD
    return "" if target.is_relative_to(root) else _OUTSIDE


def archive_files(archive_dir: Path, leave_out: Callable[[Path], bool] | None = None) -> list[Path]:
    """Every file under `archive_dir` that could be a record (hidden files left out), in path order.
    A meeting export's copies of its own text and its closed items' files are never records,
    and a link to a file outside the archive is none either (see the module's docstring)."""
    archive_dir = Path(archive_dir)
    return sorted(path for path, not_read, _ in _files(archive_dir, leave_out) if not not_read)


def scan(archive_dir: Path | str, catalog: Mapping[str, Mapping[str, str]],
         leave_out: Callable[[Path], bool] | None = None,
         part_of_meeting: dict[str, tuple[str, str]] | None = None) -> list[SourceFile]:
    """The archive's files in path order, each with its catalog row (looked up by archive name);
    none that `leave_out` names. The files a meeting export's record holds (its text again as PDF,
    a closed item's file) are no sources: put in `part_of_meeting`, when given, as archive name ->
    (the export's archive name, the file's role: "minutes", "rendering" or "closed")."""
    archive_dir = Path(archive_dir)
    found = []
    companions: dict[Path, tuple[Path, str]] = {}
    for path, not_read, cites in sorted(_files(archive_dir, leave_out, companions)):
        name = archive_name(path, archive_dir)
        stat = path.lstat() if not_read else path.stat()  # a link's own, not its target's
        # a link's reason first (it is never followed), then a name no index, report or terminal can hold
        unread = (not_read if not_read != _OUTSIDE else "") or (MISNAMED if bad_name(path.relative_to(archive_dir)) else "")
        members, unlisted = ([], False) if not_read or unread else _members(path)
        found.append(SourceFile(path, name, stat.st_size, stat.st_mtime_ns, dict(catalog.get(name) or {}),
                                outside=not_read == _OUTSIDE, unread=unread, cites=cites, unlisted=unlisted))
        for member in members:
            # The zip's time: a zip written again has each attachment checked (by its hash) again.
            member_name = archive_name(member.path, archive_dir)
            found.append(SourceFile(member.path, member_name, member.size, stat.st_mtime_ns,
                                    dict(catalog.get(member_name) or {}), cites=member.citation, member=member))
    if part_of_meeting is not None:
        part_of_meeting.update({archive_name(path, archive_dir): (archive_name(export, archive_dir), role)
                                for path, (export, role) in companions.items()})
    return sorted(found, key=lambda source: source.name)


def _members(path: Path) -> tuple[list[ZipMember], bool]:
    """(attachments inside a publication zip, whether it could not be listed); ([], False) for
    any other file."""
    if path.suffix.lower() != ".zip":
        return [], False
    try:
        return zip_members(path), False
    except UnreadableFile:  # the build reports the zip itself as unreadable
        return [], True
