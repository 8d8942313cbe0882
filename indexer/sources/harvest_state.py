"""A harvest's memory on disk: the state file (per meeting its file, sha256, kind, list entry),
written atomically, and the lock that keeps two harvests of one portal apart.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.sources.portal import HarvestError


STATE_NAME = ".harvest.json"
LOCK_NAME = ".harvest.lock"
STATE_FORMAT = 1


class HarvestState:
    """ARCHIVE/<host>/.harvest.json: what was saved for each meeting, written atomically."""

    def __init__(self, folder: Path, portal: str) -> None:
        self.path = folder / STATE_NAME
        self.data: dict = {"format": STATE_FORMAT, "portal": portal, "meetings": {}, "failures": {}}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict) and loaded.get("format") == STATE_FORMAT \
                    and isinstance(loaded.get("meetings"), dict):
                self.data.update(loaded, portal=portal)
                self.data.setdefault("failures", {})
        except (OSError, ValueError):
            pass  # no state, or a damaged one: every meeting is asked for and compared with its file

    @property
    def meetings(self) -> dict[str, dict]:
        return self.data["meetings"]

    @property
    def failures(self) -> dict[str, str]:
        return self.data["failures"]

    def save(self) -> None:
        text = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_atomically(self.path, text.encode("utf-8"))


def write_atomically(target: Path, data: bytes, check: Callable[[Path], None] | None = None) -> None:
    """Write `data` to a hidden temporary file beside `target`, sync it, check it, rename it over
    `target`: a reader sees the old file or the new one, never a part."""
    part = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if check is not None:
            check(part)
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One harvest per portal folder at a time (an flock: a killed harvest never blocks the next).
    The lock file is removed on every way out, so no `.harvest.lock` is left behind."""
    path = folder / LOCK_NAME
    for _ in range(10):
        try:
            handle = open(path, "a+")
        except OSError as exc:
            raise HarvestError(f"cannot write the archive folder {folder}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise HarvestError(f"another harvest of {folder.name} is running on {folder}; wait for it to finish") from None
        # A harvest that was finishing may have removed the file between our open and our lock:
        # a lock on a removed file keeps no one out, so open the file anew.
        try:
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                break
        except FileNotFoundError:
            pass
        handle.close()
    else:
        raise HarvestError(f"cannot lock {path}: another harvest keeps replacing it")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: the next harvest creates its own
        handle.close()
