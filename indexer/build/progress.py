"""A build's (or a harvest's) progress for a log: `Progress` calls (stage, done, total) in; now and then
one short line out, e.g. `build: read 40 of 122 files, embedded 5,102 of 9,000 paragraphs (90s)`.

On a terminal the build command draws tqdm bars; where stderr is no terminal (a scheduled build
writing to a log) tqdm draws nothing, and a long build would say nothing until its last line.
"""
from __future__ import annotations

import time
from typing import Callable, TextIO

LOG_EVERY = 30.0  # seconds between two lines

# What each stage's line says; "write" (0 of 1, then 1 of 1) says nothing worth a line.
_SAID = {"scan": "checked {done:,} of {total:,} files", "read": "read {done:,} of {total:,} files",
         "embed": "embedded {done:,} of {total:,} paragraphs",
         "links": "looked up where {done:,} of {total:,} follow-ups were taken up again",
         # a harvest's stages
         "meetings": "asked for {done:,} of {total:,} meetings", "pdfs": "fetched {done:,} of {total:,} PDFs"}


class LogProgress:
    """A `Progress` that writes a line to `stream` at most every `every` seconds (the first after
    `every` seconds: a short build writes only its summary)."""

    def __init__(self, stream: TextIO, every: float | None = None,
                 clock: Callable[[], float] = time.monotonic, name: str = "build") -> None:
        self.stream, self.clock, self.name = stream, clock, name
        self.every = LOG_EVERY if every is None else every
        self.started = self.last = clock()
        self.stages: dict[str, tuple[int, int]] = {}  # in the order reached

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.stages[stage] = (done, total)
        now = self.clock()
        if now - self.last >= self.every and (line := self.line(now)):
            self.last = now
            print(line, file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        """Where the build is: the stages reached, the scan left out once reading began."""
        stages = [s for s in self.stages if s in _SAID and not (s == "scan" and {"read", "embed"} & self.stages.keys())]
        if not stages:
            return ""
        said = ", ".join(_SAID[s].format(done=self.stages[s][0], total=self.stages[s][1]) for s in stages)
        elapsed = (self.clock() if now is None else now) - self.started
        return f"{self.name}: {said} ({elapsed:.0f}s)"
