"""Reading a file in a process of its own, so that a hostile file can neither hold up nor
blow up the process that asked (a web server checking an upload): `probe_file`.

In:  a file's path; the time and memory the reading may take (`config.probe_limits()`:
     INDEXER_PROBE_SECONDS, INDEXER_PROBE_MEMORY_MB) and the limits on reading a file
     (`config.read_limits()`, or the `ReadLimits` given).
Out: nothing when the file would be indexed (it reads into at least one paragraph, as the
     build reads it: `pipeline.ingest_file`, OCR included, whose cache the build then uses);
     else `UnreadableFile` with the reading's own code, "took_too_long" when the process had
     to be stopped, or "too_much_memory" when it ran out of its address space.

The child is `python -m indexer.ingest.probe FILE` in a session of its own: it sets
RLIMIT_AS (and RLIMIT_CPU) on itself before it imports the readers, reads the file with
its deadline set within the time given, and prints one JSON line. On the time given (plus
a few seconds' grace) the whole process group is killed, Tesseract runs included.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from indexer.config import MB, ReadLimits, probe_limits
from indexer.errors import UnreadableFile
from indexer.ingest.limits import current, refuse

__all__ = ["probe_file"]

GRACE_S = 5.0  # beyond the time given: starting Python, writing the answer
_MARK = "probe-result:"


def _limit_env(limits: ReadLimits, seconds: float) -> dict[str, str]:
    """The limits as the environment variables `config.read_limits` reads in the child; its
    deadline falls within the time the parent waits."""
    env = {f"INDEXER_MAX_{kind.upper()}_MB": repr(size / MB) for kind, size in limits.max_bytes.items()}
    env.update({
        "INDEXER_MAX_PAGES": str(limits.max_pages),
        "INDEXER_MAX_OCR_PAGES": str(limits.max_ocr_pages),
        "INDEXER_MAX_UNZIPPED_MB": repr(limits.max_unzipped_bytes / MB),
        "INDEXER_MAX_ZIP_RATIO": repr(limits.max_zip_ratio),
        "INDEXER_MAX_CHARS": str(limits.max_chars),
        "INDEXER_MAX_SECONDS": repr(min(limits.max_seconds, seconds)),
    })
    return env


def probe_file(path: str | Path, *, name: str | None = None, seconds: float | None = None,
               memory_mb: float | None = None, limits: ReadLimits | None = None) -> None:
    """Read `path` as a build would, in a child process with a time and a memory limit.

    Args:
        path: the file (its folder is taken for its archive: a link out of it is refused).
        name: how errors name the file (default: `path`), e.g. an upload's own name.
        seconds: wall-clock time the child may take (default INDEXER_PROBE_SECONDS, 120).
        memory_mb: the child's address space (default INDEXER_PROBE_MEMORY_MB, 2048).
        limits: the limits on reading it (default: `config.read_limits()`).

    Raises:
        UnreadableFile: it would not be indexed: the reading's code ("corrupt", "too_large",
            "decompression_bomb", "no_text" …), "took_too_long" or "too_much_memory".
        InvalidInput: a limit's environment variable holds no positive number.
    """
    path = Path(path)
    shown = name if name is not None else str(path)
    default_seconds, default_memory = probe_limits()
    seconds = float(seconds if seconds is not None else default_seconds)
    memory_mb = float(memory_mb if memory_mb is not None else default_memory)
    limits = limits if limits is not None else current()
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, **_limit_env(limits, seconds), OMP_THREAD_LIMIT="1", OPENBLAS_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p))
    # A session of its own: on the time given the whole group goes, Tesseract runs included.
    child = subprocess.Popen(_child_command(path.absolute(), memory_mb, int(seconds + GRACE_S) + 1),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             start_new_session=True, text=True, encoding="utf-8", errors="replace")
    try:
        out, err = child.communicate(timeout=seconds + GRACE_S)
    except subprocess.TimeoutExpired:
        _kill(child)
        raise refuse(shown, "took_too_long", limit=_whole(seconds)) from None
    finally:
        _kill(child)  # Tesseract runs it left behind, if any
    answer = next((line[len(_MARK):] for line in reversed(out.splitlines()) if line.startswith(_MARK)), None)
    if answer is None:
        if child.returncode == -signal.SIGXCPU or (child.returncode == -signal.SIGKILL and "MemoryError" not in err):
            raise refuse(shown, "took_too_long", limit=_whole(seconds))
        if "MemoryError" in err or "Cannot allocate memory" in err or "bad_alloc" in err:
            raise refuse(shown, "too_much_memory", limit_mb=_whole(memory_mb))
        last = (err.strip().splitlines() or [f"exit status {child.returncode}"])[-1]
        detail = f"the reading process failed: {last}"[:200]
        raise UnreadableFile(shown, detail, code="unreadable", detail=detail)
    try:
        result = json.loads(answer)
    except ValueError:
        detail = "the reading process gave no answer"
        raise UnreadableFile(shown, detail, code="unreadable", detail=detail) from None
    if result.get("ok"):
        return
    code = result["code"]
    params = {key: value for key, value in result.get("params", {}).items() if key not in ("path", "reason", "code")}
    if code == "too_much_memory":
        raise refuse(shown, code, limit_mb=_whole(memory_mb))
    raise UnreadableFile(shown, result["reason"], code=code, **params)


def _child_command(path: Path, memory_mb: float, cpu_seconds: int) -> list[str]:
    return [sys.executable, "-m", "indexer.ingest.probe", "--memory-mb", repr(memory_mb),
            "--cpu-seconds", str(cpu_seconds), "--", str(path)]


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


def _kill(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if child.returncode is None:
        child.wait()


# -- the child ------------------------------------------------------------------------------------
def _answer(payload: dict) -> None:
    print(_MARK + json.dumps(payload, ensure_ascii=False, default=str), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer.ingest.probe",
                                     description="Read one file as a build would; print the outcome as JSON.")
    parser.add_argument("--memory-mb", type=float, default=None)
    parser.add_argument("--cpu-seconds", type=int, default=None)
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.memory_mb:
        size = int(args.memory_mb * MB)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    if args.cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (args.cpu_seconds, args.cpu_seconds + 5))
    try:
        # The readers (pypdf, pdfium, PIL) load under the limits.
        from indexer.ingest.pipeline import ingest_file

        _, paragraphs = ingest_file(args.file, root=args.file.parent, catalog={})
        if paragraphs:
            _answer({"ok": True, "paragraphs": len(paragraphs)})
        else:
            error = refuse(args.file, "no_text")
            _answer({"code": error.code, "reason": error.reason, "params": error.params})
    except UnreadableFile as exc:
        _answer({"code": exc.code, "reason": exc.reason, "params": exc.params})
    except MemoryError:
        _answer({"code": "too_much_memory", "reason": "", "params": {}})
    except Exception as exc:  # noqa: BLE001 - as the build: one line, whatever broke
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        _answer({"code": "unreadable", "reason": detail, "params": {"detail": detail}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
