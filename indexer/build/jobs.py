"""Builds started from the app: a request (archive, index) in; a `BuildJob` with live progress out.

A build must run to completion whatever the person who started it does next (switch page,
search, close the tab), so it runs in a thread owned by this process-wide registry, not by
the script run that asked for it. Every page and every session reads the same job, so
progress is visible everywhere; one index has at most one running job. While another process
builds the same index (a scheduled `build` on the command line), the job waits for it to finish
(stage "wait"), then runs.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from indexer.errors import ArchiveError, BuildLocked

# Share of the bar each build stage fills, in order; embedding is by far the longest. "wait": for
# another process's build of the same index to finish.
STAGES: dict[str, tuple[float, float]] = {
    "wait": (0.0, 0.0), "scan": (0.0, 0.05), "read": (0.05, 0.35), "embed": (0.35, 0.9), "write": (0.9, 0.93),
    "links": (0.93, 1.0),
}


@dataclass
class BuildJob:
    """One build: where it stands (stage, done/total), then its report or its error."""

    archive_dir: Path
    index_dir: Path
    started_at: float = field(default_factory=time.time)
    stage: str = "scan"
    done: int = 0
    total: int = 0
    state: str = "running"  # "running", "done", "failed"
    report: Any = None  # the BuildReport when done
    error: ArchiveError | None = None  # a user-facing error when failed
    finished_at: float | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"

    def fraction(self) -> float:
        """How far the build is, 0..1, from the stage and its count."""
        if not self.running:
            return 1.0
        start, end = STAGES.get(self.stage, (0.0, 1.0))
        return min(1.0, start + (end - start) * self.done / max(self.total, 1))

    def progress(self, stage: str, done: int, total: int) -> None:
        """The build's progress callback: only ever moves forward through the stages."""
        order = list(STAGES)
        if stage in order and self.stage in order and order.index(stage) < order.index(self.stage):
            return  # a late report from an earlier stage
        self.stage, self.done, self.total = stage, done, total

    def waiting(self) -> None:
        """Another build holds the index: this one waits for it (and starts over at its scan)."""
        self.stage, self.done, self.total = "wait", 0, 0


# Seconds between two tries when the build lock was refused though no one seemed to hold it.
RETRY_PAUSE_S = 1.0


def build_when_free(job: BuildJob, build: Callable[..., Any], embedder=None) -> Any:
    """Run `build` for `job`; while another process builds the same index, wait for it to finish and
    run then: an update started in the app or the API runs to the end, never fails for that."""
    from indexer.store.files import wait_for_build  # the store pulls in FAISS: only when a build runs

    while True:
        try:
            return build(job.archive_dir, job.index_dir, embedder=embedder, progress=job.progress)
        except BuildLocked:
            job.waiting()
            wait_for_build(job.index_dir)
            time.sleep(RETRY_PAUSE_S)  # never a busy loop, whatever the lock file's file system does


class JobRegistry:
    """The builds of this process, one running job per index directory at most."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[Path, BuildJob] = {}

    def start_build(self, archive_dir: Path | str, index_dir: Path | str, *, embedder=None,
                    build: Callable[..., Any] | None = None) -> BuildJob:
        """Start a build in the background, or return the one already running on this index."""
        if build is None:
            from indexer.build.run import build  # the build pulls in the whole pipeline; only when asked
        key = Path(index_dir).resolve()
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job.running:
                return job
            job = BuildJob(Path(archive_dir), Path(index_dir))
            self._jobs[key] = job

        def run() -> None:
            try:
                job.report = build_when_free(job, build, embedder)
                job.state = "done"
            except ArchiveError as exc:
                job.error, job.state = exc, "failed"
            except Exception as exc:  # noqa: BLE001 - a thread has nobody above it to report to
                job.error, job.state = ArchiveError(f"{type(exc).__name__}: {exc}"), "failed"
            finally:
                job.finished_at = time.time()

        threading.Thread(target=run, name=f"build {key}", daemon=True).start()
        return job

    def latest(self, index_dir: Path | str) -> BuildJob | None:
        """The running or most recent build of this index in this process, if any."""
        with self._lock:
            return self._jobs.get(Path(index_dir).resolve())

    def wait(self, index_dir: Path | str, timeout: float = 600.0) -> BuildJob | None:
        """Block until the index's build has finished (for tests and the command line)."""
        deadline = time.monotonic() + timeout
        job = self.latest(index_dir)
        while job is not None and job.running and time.monotonic() < deadline:
            time.sleep(0.05)
        return job


REGISTRY = JobRegistry()
