"""The one description of an index directory: a `Manifest` in, `manifest.json` out (and back).

A build writes the manifest's values into SQLite's `meta` table in the same transaction
that commits a generation, then mirrors them to `manifest.json` for people and tools.
`Manifest.stamp` tells a long-running reader cheaply that a new generation exists.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from indexer.errors import IndexDamaged, IndexMissing

# Version 2: columns derived from Record/Paragraph, contents pages stored but not searched.
FORMAT_VERSION = 2
MANIFEST_NAME = "manifest.json"
REBUILD_HINT = "python -m indexer build {archive_dir} --index {index_dir} --rebuild"


def rebuild_hint(index_dir: Path | str) -> str:
    """The command that rebuilds the index in `index_dir` from scratch, from the archive folder it was
    built from (its manifest says which, where it can be read): without the folder named the build would
    read ./archive, and a rebuild from another archive replaces every document the index holds."""
    recorded = built_from(index_dir)
    # a folder that is gone (the archive moved) is not offered: the user names the new one
    return REBUILD_HINT.format(archive_dir=recorded if recorded and Path(recorded).is_dir() else "ARCHIVE_DIR",
                               index_dir=index_dir)


def built_from(index_dir: Path | str) -> str | None:
    """The archive folder the index in `index_dir` was last built from, where its manifest can be read
    and records one (an index from before it did records none)."""
    try:
        found = json.loads(Manifest.path(index_dir).read_text(encoding="utf-8")).get("archive_dir")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) and found else None


def missing_message(index_dir: Path | str) -> str:
    # the archive folder named: without it the build reads ./archive, wherever the user stands
    return f"no index in {index_dir}: build one with `python -m indexer build ARCHIVE_DIR --index {index_dir}`"


@dataclass(frozen=True)
class Manifest:
    """Format version, generation, model identity, FAISS spec, embedded-text recipe, word-indexing version, counts,
    build time."""

    generation: int
    model: dict  # embed.ModelIdentity.to_dict(): name, weights_sha256, dimension, normalized
    faiss: dict  # vectors.IndexSpec.to_dict()
    embed_context: str  # what is embedded per paragraph: "paragraph", "heading", "title" or "item"
    paragraphs: int  # searchable paragraphs (lexically, at once)
    documents: int
    built_at: str  # ISO time, UTC
    stored_paragraphs: int = 0  # all stored paragraphs, contents pages included
    # Searchable paragraphs still waiting for their vector: a build commits text first and
    # vectors in batches after it, so FAISS holds `paragraphs - pending` vectors.
    pending: int = 0
    format_version: int = FORMAT_VERSION
    archive_dir: str | None = None  # the archive folder it was built from (absolute), for the rebuild command
    lexical: int = 1  # how paragraphs' words are indexed (embed.passages.LEXICAL_VERSION); 1 before it was recorded
    extra: dict = field(default_factory=dict)  # values written by newer versions, kept as read

    @property
    def embedded(self) -> int:
        """Searchable paragraphs that have their vector (found by meaning, too)."""
        return self.paragraphs - self.pending

    def paragraphs_explained(self) -> str:
        """What `paragraphs` and `stored_paragraphs` count, and what their difference is (for `info`)."""
        unsearched = self.stored_paragraphs - self.paragraphs
        return (f"paragraphs: {self.paragraphs:,} searchable ({self.embedded:,} with their vector, found by meaning "
                f"too); stored_paragraphs: all {self.stored_paragraphs:,} stored, {unsearched:,} of them lines of "
                f"contents pages (\"1. Meddelelser ..... 3\") or footnotes' references, kept to read a document "
                f"whole but never searched")

    def to_dict(self) -> dict:
        values = asdict(self)
        extra = values.pop("extra")
        return {**extra, **values}

    @classmethod
    def from_dict(cls, values: dict) -> "Manifest":
        """A manifest from stored values; raises KeyError/TypeError when required ones are missing."""
        names = {f.name for f in fields(cls)} - {"extra"}
        known = {k: v for k, v in values.items() if k in names}
        return cls(**known, extra={k: v for k, v in values.items() if k not in names})

    def get(self, key: str, default=None):
        """Dictionary-style access to a field (for callers that held the manifest as a dict)."""
        return self.to_dict().get(key, default)

    @staticmethod
    def path(index_dir: Path | str) -> Path:
        return Path(index_dir) / MANIFEST_NAME

    @classmethod
    def read(cls, index_dir: Path | str) -> "Manifest":
        """The manifest of `index_dir`, checked for its format version.

        Raises:
            IndexMissing: no manifest (no index built there).
            IndexDamaged: unreadable, or written by another format version.
        """
        path = cls.path(index_dir)
        if not path.exists():
            raise IndexMissing(missing_message(index_dir))
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexDamaged(f"manifest {path} is unreadable ({exc}); rebuild with "
                               f"`{rebuild_hint(index_dir)}`") from exc
        return cls.checked(values, index_dir)

    @classmethod
    def checked(cls, values: dict, index_dir: Path | str) -> "Manifest":
        """`values` as a Manifest of this program's format version (else IndexDamaged)."""
        version = values.get("format_version") if isinstance(values, dict) else None
        if version != FORMAT_VERSION:
            raise IndexDamaged(f"index in {index_dir} has format version {version!r}, this program reads "
                               f"{FORMAT_VERSION}; rebuild with `{rebuild_hint(index_dir)}`")
        try:
            return cls.from_dict(values)
        except (KeyError, TypeError) as exc:
            raise IndexDamaged(f"manifest of {index_dir} is incomplete ({exc}); rebuild with "
                               f"`{rebuild_hint(index_dir)}`") from exc

    def write(self, index_dir: Path | str) -> None:
        """Write `manifest.json` atomically."""
        write_json(self.path(index_dir), self.to_dict())

    @classmethod
    def stamp(cls, index_dir: Path | str) -> int:
        """Changes whenever a build commits a generation (0 when there is no index): a cheap cache key."""
        try:
            return cls.path(index_dir).stat().st_mtime_ns
        except OSError:
            return 0


def write_json(path: Path, payload: dict) -> None:
    """Write JSON atomically (temporary name, fsync, rename)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
