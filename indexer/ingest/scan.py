"""The scan step of a build: an archive directory (and its catalog) in; one `SourceFile`
per candidate file out, in path order, each with what the build needs to decide about it.

Meeting-system exports (`indexer.sources`) are sources too: a FirstAgenda .json, an eDoc
`eDocAgendaPublishing.xml`, an SBSYS `PublicationN.zip`/`.xml`. The PDFs an eDoc or SBSYS
export names beside it are left out of the scan when they repeat the export's own text
(the meeting or an item as PDF) or belong to a closed item; its attachments stay in.

A file's archive name (relative, forward slashes, NFC) is computed here once; its
content hash only when asked for, and then once.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Mapping

from indexer.ingest.read import SUPPORTED_SUFFIXES, sha256_file
from indexer.sources import export_role, is_meeting_source

# Files in the archive that describe it rather than belong to it.
NOT_RECORDS = frozenset({"readme.md", "readme.txt", "catalog.csv", "catalog.toml"})


def archive_name(path: Path, archive_dir: Path) -> str:
    """How the archive names a file: relative to its root, forward slashes, NFC.
    (macOS writes names decomposed (NFD); the catalog and the index speak NFC.)"""
    return unicodedata.normalize("NFC", path.relative_to(archive_dir).as_posix())


@dataclass(frozen=True)
class SourceFile:
    """One file of the archive as the scan found it."""

    path: Path  # on disk
    name: str  # archive name: relative, forward slashes, NFC
    size: int
    mtime_ns: int
    catalog: Mapping[str, str] = field(default_factory=dict)  # the catalog row that applies

    @property
    def supported(self) -> bool:
        return self.path.suffix.lower() in SUPPORTED_SUFFIXES or self.meeting_source

    @cached_property
    def meeting_source(self) -> bool:
        """A meeting system's export (only .json, .xml and .zip files are looked into)."""
        return self.path.suffix.lower() in (".json", ".xml", ".zip") and is_meeting_source(self.path)

    @property
    def catalog_json(self) -> str:
        """The catalog row as stored with the document (sorted JSON), to notice edits."""
        return json.dumps(dict(self.catalog), sort_keys=True, ensure_ascii=False)

    @cached_property
    def sha256(self) -> str:
        """sha256 of the file's bytes, read on first use only."""
        return sha256_file(self.path)


def archive_files(archive_dir: Path) -> list[Path]:
    """Every file under `archive_dir` that could be a record (hidden files left out), in path order.
    A meeting export's copies of its own text and its closed items' files are never records."""
    archive_dir = Path(archive_dir)
    return sorted(
        path for path in archive_dir.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(archive_dir).parts)
        and path.name.lower() not in NOT_RECORDS
        and _export_role(path) in (None, "attachment")
    )


def _export_role(path: Path) -> str | None:
    found = export_role(path)
    return found[1] if found else None


def scan(archive_dir: Path | str, catalog: Mapping[str, Mapping[str, str]]) -> list[SourceFile]:
    """The archive's files in path order, each with its catalog row (looked up by archive name)."""
    archive_dir = Path(archive_dir)
    found = []
    for path in archive_files(archive_dir):
        name = archive_name(path, archive_dir)
        stat = path.stat()
        found.append(SourceFile(path, name, stat.st_size, stat.st_mtime_ns, dict(catalog.get(name) or {})))
    return sorted(found, key=lambda source: source.name)
