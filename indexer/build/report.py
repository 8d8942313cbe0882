"""What a build did: its `BuildReport` (files indexed, unchanged, removed, skipped, part of a
meeting export's record, counts, time), with each skipped file as a `SkippedFile` (name, reason code, English reason, params).
Saved by the build as build-report.json; the CLI prints its summary, the app words it.
While it runs, a build reports `Progress`: (stage, done, total), stages "scan", "read",
"embed", "write". A build stopped by Ctrl-C raises `BuildInterrupted`: what it had saved by then.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from indexer.errors import UnreadableFile, worded

Progress = Callable[[str, int, int], None]


# What a meeting export's minutes PDF is (`BuildReport.meeting_files`), for `info`.
MINUTES_PDF = ("the minutes of {export} as a PDF: part of that meeting, its text read from {export} "
               "(each paragraph cites its page here), so not indexed a second time")
# What each other file a meeting export's record holds is, by its role there (`sources.companion_files`).
PART_OF_MEETING = {
    "minutes": MINUTES_PDF,
    "rendering": ("an agenda item's own text as a PDF: part of the meeting {export}, its text read from "
                  "{export}, so not indexed a second time"),
    "closed": "a closed agenda item's file of the meeting {export}: not public, so never read",
}

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
        return cls(path, code, worded(code, params), params)

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
    # paragraphs of this build whose vector came from a cache instead of the model: the index's own
    # (the same text stored before) or this machine's vector cache
    cached: int = 0
    # paragraphs of this build whose text another of its paragraphs has (given its vector once, above)
    repeated: int = 0
    seconds: float = 0.0
    generation: int = 0
    decisions: int = 0  # decisions stored in the index after the build
    follow_ups: int = 0  # follow-ups stored in the index after the build
    # stopped (Ctrl-C, SIGTERM) after it had committed: what it did by then, the rest left to the next build
    stopped: bool = False
    extraction_seconds: float = 0.0  # spent extracting decisions and follow-ups
    # follow-ups whose take-ups this build found and kept in the index (0: none kept anew), and the time it took;
    # and of how many follow-ups the index keeps them after the build (a build with nothing new keeps those before)
    linked: int = 0
    links_seconds: float = 0.0
    links_kept: int = 0
    # Files that are part of a meeting export's record and not indexed on their own -> (the export,
    # the file's role: "minutes", the minutes PDF an eDoc export names, whose pages its paragraphs
    # cite; "rendering", an item's own text as PDF; "closed", a closed item's file).
    meeting_files: dict[str, tuple[str, str]] = field(default_factory=dict)
    # the index's vector file was gone, and this build wrote it again from the vectors the store keeps
    vectors_restored: bool = False

    @property
    def already_indexed(self) -> int:
        """Searchable paragraphs the index held with their vectors before this build and kept (of
        unchanged documents): the part of `paragraphs` this build gave no vector."""
        return max(self.paragraphs - self.embedded - self.cached - self.repeated, 0)

    def paragraph_parts(self) -> str:
        """How the paragraphs got their vectors, parts that add up to `paragraphs`: "41 embedded,
        2887 from the cache, 19 sharing another paragraph's text, 2861 already indexed" (a part of 0 left
        out, the embedded ones aside: "0 embedded" alone would read as no meaning search)."""
        parts = [f"{self.embedded} embedded"]
        for count, said in ((self.cached, "from the cache"), (self.repeated, "sharing another paragraph's text"),
                            (self.already_indexed, "already indexed")):
            if count:
                parts.append(f"{count} {said}")
        return ", ".join(parts)

    def summary(self) -> str:
        """One line: documents indexed / unchanged / removed / skipped, paragraphs and how they got
        their vectors (`paragraph_parts`), and where follow-ups were taken up again where this build found that."""
        line = (
            ("Stopped before it finished: " if self.stopped else "") +
            f"{len(self.indexed)} indexed, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
            f"{self.paragraphs} paragraphs ({self.paragraph_parts()}) in {self.seconds:.1f}s"
        )
        if self.skipped:
            # the first few named; a scheduled run's log is not flooded (`info` lists every one)
            # a file whose older version the index keeps first (readers see that one, not the file as it is
            # now), then files that could not be read: a copy of another file loses nothing
            worst = sorted(self.skipped, key=lambda s: (s.code != "kept_previous", s.code == "duplicate"))
            named = [f"{s.path} ({s.reason})" for s in worst[:SKIPPED_NAMED]]
            more = len(self.skipped) - len(named)
            line += ": " + ", ".join(named) + (f" and {more} more (python -m indexer info lists them)" if more else "")
        if self.vectors_restored:
            line += "; the vector file was missing: written again from the stored vectors"
        if self.linked:
            line += f"; where {self.linked:,} follow-ups were taken up again: found and kept in {self.links_seconds:.1f}s"
        return line

    def to_dict(self) -> dict:
        return {
            "indexed": self.indexed, "unchanged": self.unchanged, "removed": self.removed,
            "skipped": [s.to_dict() for s in self.skipped],
            "paragraphs": self.paragraphs, "embedded": self.embedded, "cached": self.cached,
            "repeated": self.repeated, "already_indexed": self.already_indexed,
            "seconds": round(self.seconds, 3), "generation": self.generation,
            "decisions": self.decisions, "follow_ups": self.follow_ups,
            "extraction_seconds": round(self.extraction_seconds, 3),
            "linked": self.linked, "links_seconds": round(self.links_seconds, 3), "links_kept": self.links_kept,
            **({"stopped": True} if self.stopped else {}),
            **({"vectors_restored": True} if self.vectors_restored else {}),
            "part_of_meeting": [{"path": path, "meeting": export, "role": role,
                                 "reason": PART_OF_MEETING[role].format(export=export)}
                                for path, (export, role) in sorted(self.meeting_files.items())],
        }


class BuildInterrupted(KeyboardInterrupt):
    """A build stopped by Ctrl-C (SIGINT), with what it had committed by then: `committed`, whether
    any generation was (else the index is as before the build); `indexed` and `removed`, this build's
    documents whose text (or removal) that saved; `held`, the documents in the index; `waiting`,
    its paragraphs still without a vector (found by words, not yet by meaning)."""

    def __init__(self, committed: bool = False, indexed: int = 0, removed: int = 0, held: int = 0,
                 waiting: int = 0, rebuild: bool = False) -> None:
        super().__init__()
        self.committed, self.indexed, self.removed, self.held, self.waiting = committed, indexed, removed, held, waiting
        self.rebuild = rebuild  # a rebuild asked again starts over: what was saved goes on without it

    def message(self) -> str:
        """One line that says only what is true of the index now."""
        if not self.committed:
            return ("Stopped: nothing new was saved (the index is as it was before this build); the next build "
                    "starts over from there.")
        done = [f"the text of {self.indexed:,} documents it read" if self.indexed else "",
                f"the removal of {self.removed:,} documents" if self.removed else ""]
        saved = " and ".join(d for d in done if d) or "the vectors it had made"
        rest = (f"; {self.waiting:,} paragraphs still wait for their vectors (found by words, not yet by meaning)"
                if self.waiting else "")
        go_on = ("run the build again without --rebuild to go on (with it, it starts over)" if self.rebuild
                 else "run the same build again to go on")
        return f"Stopped. This build saved {saved}: the index holds {self.held:,} documents{rest}; {go_on}."
