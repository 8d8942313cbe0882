"""The files beside the database: an index directory in; FAISS file names, the removal of
stale FAISS files, the build lock and the manifest's stamp out.
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from indexer.errors import BuildLocked, IndexUnwritable
from indexer.store.manifest import MANIFEST_NAME
from indexer.store.schema import DB_NAME, LOCK_NAME, REPORT_NAME

# The files an index directory holds: the database (and SQLite's journals), the manifest, the
# last build's report, the build lock, and one FAISS file per generation (and a temporary one while it is written).
_INDEX_FILE = re.compile(
    "|".join([re.escape(DB_NAME) + r"(?:-wal|-shm|-journal)?", re.escape(MANIFEST_NAME), re.escape(REPORT_NAME),
              re.escape(LOCK_NAME), r"vectors-\d+\.faiss(?:\.\w+)?"]))

LOCK_PATIENCE_S = 1.0  # how long a build waits for the lock before it reports another build


def faiss_path(index_dir: Path, generation: int) -> Path:
    """The FAISS file of one generation."""
    return Path(index_dir) / f"vectors-{generation:06d}.faiss"


def holds_index(folder: Path | str) -> bool:
    """Whether `folder` holds an index (its database), built or being built."""
    return (Path(folder) / DB_NAME).is_file()


def is_index_file(path: Path) -> bool:
    """Whether `path` is one of an index's own files: named as one, beside an index's database (an
    index kept inside the archive folder, or the archive folder itself used as the index)."""
    path = Path(path)
    return bool(_INDEX_FILE.fullmatch(path.name)) and holds_index(path.parent)


def remove_stale_files(index_dir: Path, keep_generations: set[int]) -> None:
    """Delete FAISS files of old generations and leftovers of interrupted writes."""
    for path in Path(index_dir).glob("vectors-*.faiss*"):
        stem = path.name.split(".")[0]
        try:
            generation = int(stem.removeprefix("vectors-"))
        except ValueError:
            continue
        if path.suffix == ".tmp" or generation not in keep_generations:
            path.unlink(missing_ok=True)


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full_message(path: Path | str) -> str:
    return f"disk full while writing {path}; the index is kept as last committed"


def unwritable_message(index_dir: Path, exc: OSError) -> str:
    """One line: why the index directory cannot be created or written."""
    if exc.errno in DISK_FULL:
        return disk_full_message(exc.filename or index_dir)
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot create or write the index directory {index_dir}: {reason}"


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index directory's build lock; a second build gets BuildLocked.

    The lock is an flock on a file: the kernel drops it when its holder dies, so a
    killed build never blocks the next one.
    """
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK_NAME, "a+")
    except OSError as exc:
        raise IndexUnwritable(unwritable_message(index_dir, exc)) from None
    try:
        # `build_running` takes the lock for an instant to look: a short wait tells that
        # look from a build that holds it.
        deadline = time.monotonic() + LOCK_PATIENCE_S
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise BuildLocked(
                    f"another build is running on {index_dir} ({holder}); wait for it to finish"
                ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def wait_for_build(index_dir: Path | str) -> None:
    """Block until no build (of any process) holds the build lock of `index_dir`: the kernel wakes
    the waiter when the holder finishes or dies. The lock is let go at once, for the waiter's own
    build to take."""
    path = Path(index_dir) / LOCK_NAME
    if not path.exists():
        return
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        fcntl.flock(handle, fcntl.LOCK_UN)


def build_running(index_dir: Path | str) -> bool:
    """Whether a build (of any process) holds the build lock of `index_dir` now. Looking
    takes the lock for an instant (flock has no test-only call); `build_lock` waits that out."""
    path = Path(index_dir) / LOCK_NAME
    if not path.exists():
        return False
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
