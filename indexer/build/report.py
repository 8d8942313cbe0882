"""What a build did: its `BuildReport` (files indexed, unchanged, removed, skipped, counts,
time), with each skipped file as a `SkippedFile` (name, reason code, English reason, params).
Saved by the build as build-report.json; the CLI prints its summary, the app words it.
While it runs, a build reports `Progress`: (stage, done, total), stages "scan", "read",
"embed", "write".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from indexer.errors import REASONS, UnreadableFile

Progress = Callable[[str, int, int], None]


# Skipped files named in the one-line summary, at most.
SKIPPED_NAMED = 5


@dataclass(frozen=True)
class SkippedFile:
    """A file the build did not index: its archive name, why as a code (`errors.REASONS`),
    the English sentence, and the code's parameters (so a UI can word it in its language)."""

    path: str
    code: str
    reason: str
    params: dict = field(default_factory=dict)

    @classmethod
    def because(cls, path: str, code: str, **params) -> "SkippedFile":
        return cls(path, code, REASONS[code].format(**params), params)

    @classmethod
    def from_error(cls, path: str, error: UnreadableFile) -> "SkippedFile":
        return cls(path, error.code, error.reason, {k: _plain(v) for k, v in error.params.items()})

    def __iter__(self):
        """(path, reason), for callers that unpacked the pairs this report used to hold."""
        return iter((self.path, self.reason))

    def to_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "reason": self.reason, "params": self.params}


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


@dataclass
class BuildReport:
    """What a build did, file by file."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    paragraphs: int = 0  # searchable paragraphs in the index after the build
    embedded: int = 0  # paragraphs embedded by this build (others reused vectors)
    seconds: float = 0.0
    generation: int = 0
    decisions: int = 0  # decisions stored in the index after the build
    follow_ups: int = 0  # follow-ups stored in the index after the build
    extraction_seconds: float = 0.0  # spent extracting decisions and follow-ups

    def summary(self) -> str:
        """One line: documents indexed / unchanged / removed / skipped, paragraphs."""
        line = (
            f"{len(self.indexed)} indexed, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
            f"{self.paragraphs} paragraphs ({self.embedded} embedded) in {self.seconds:.1f}s"
        )
        if self.skipped:
            # the first few named; a scheduled run's log is not flooded (`info` lists every one)
            # files that could not be read first: a copy of another file loses nothing
            worst = sorted(self.skipped, key=lambda s: s.code == "duplicate")
            named = [f"{s.path} ({s.reason})" for s in worst[:SKIPPED_NAMED]]
            more = len(self.skipped) - len(named)
            line += ": " + ", ".join(named) + (f" and {more} more (python -m indexer info lists them)" if more else "")
        return line

    def to_dict(self) -> dict:
        return {
            "indexed": self.indexed, "unchanged": self.unchanged, "removed": self.removed,
            "skipped": [s.to_dict() for s in self.skipped],
            "paragraphs": self.paragraphs, "embedded": self.embedded,
            "seconds": round(self.seconds, 3), "generation": self.generation,
            "decisions": self.decisions, "follow_ups": self.follow_ups,
            "extraction_seconds": round(self.extraction_seconds, 3),
        }
