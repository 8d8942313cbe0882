"""Files the secretariat adds to the archive: an upload (name, bytes) in; a checked file in `uploads/` out.

An upload is a file the build reads (`UPLOAD_SUFFIXES`): a record (`read.SUPPORTED_SUFFIXES`)
or a meeting system's export that is one file (`sources.SINGLE_FILE_SUFFIXES`: a FirstAgenda
meeting .json, an SBSYS PublicationN.zip), read before it is saved by the same reader the build
uses. Such an export is recognised by its content, so it keeps working under its upload name;
exports that are folders (eDoc, an unpacked SBSYS publication) are copied into the archive folder.

Also the other writes the app makes to the archive folder: deleting or replacing an upload,
correcting a document's metadata in `catalog.csv`, and listing files not yet indexed.
Every check raises `UploadRejected` (code + params, worded by the caller in its own language)
or `UnreadableFile` (from reading); nothing is written unless the file passes.

Uploads arrive at the same moment from the app and the API (other processes): a name is
taken by creating the file exclusively (a hard link of a finished temporary file, which
fails when the name exists: the next free name is tried), never by looking first and writing
after; a file with the same content as one already in the archive is refused at once (the
build would only ever report it as a duplicate). Files are written with the permissions the
process's umask gives (0644 under the usual 022), as the archive's other files are.
"""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import re
import secrets
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable, Iterator, Mapping

from indexer.errors import InvalidInput
from indexer.ingest.catalog import CATALOG_FIELDS, catalog_key, decode_csv, load_catalog
from indexer.ingest.read import SUPPORTED_SUFFIXES, sha256_file
from indexer.ingest.scan import NOT_RECORDS, archive_name, scan
from indexer.sources import SINGLE_FILE_SUFFIXES, is_meeting_source
from indexer.store.files import is_index_file

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# What can be uploaded: whatever the build reads as one file (records, one-file meeting exports).
UPLOAD_SUFFIXES = SUPPORTED_SUFFIXES + SINGLE_FILE_SUFFIXES
UPLOAD_SUBDIR = "uploads"
# Names the build treats as describing the archive, not as records (see build.NOT_RECORDS).
RESERVED_NAMES = {"readme.md", "readme.txt", "catalog.csv", "catalog.toml"}
CATALOG_FILE = "catalog.csv"
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)

# Why an upload or a correction was refused, as a stable code and its English wording.
UPLOAD_REASONS: dict[str, str] = {
    "file_type": "file type {suffix} is not supported; use {allowed}",
    "no_name": "the file name has no usable characters",
    "reserved": "this name is reserved for the archive's own description",
    "empty": "the file is empty",
    "too_big": "{mb} MB is over the limit of {limit} MB",
    "outside": "not a file inside the archive's uploads",
    "not_found": "no such file",
    "bad_date": "'{value}' is not a date written YYYY-MM-DD",
    "duplicate": "same content as {original}, already in the archive",
    "no_free_name": "no free name for it in the uploads folder",
    "not_meeting": "not a meeting system's export (a FirstAgenda meeting .json or an SBSYS PublicationN.zip)",
}
FILE_MODE = 0o666  # before the umask: 0644 under the usual 022, as the archive's other files
_MAX_NAME_TRIES = 10_000


class UploadRejected(InvalidInput):
    """An upload or archive change that is refused; `code`/`params` let a UI word it (UPLOAD_REASONS)."""

    def __init__(self, name: str, code: str, **params: object) -> None:
        self.name = name
        self.code = code
        self.params = params
        super().__init__(f"{name!r}: {UPLOAD_REASONS[code].format(**params)}")


def safe_upload_name(name: str) -> str:
    """A plain file name for an upload: directories dropped, odd characters replaced.

    Raises:
        UploadRejected: nothing usable left, a reserved name, or an unsupported type.
    """
    base = PureWindowsPath(PurePosixPath(str(name)).name).name  # drop "a/b/" and "C:\\a\\"
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ch.isprintable())
    base = re.sub(r"_+", "_", _UNSAFE.sub("_", base)).strip(" ")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.lower() if suffix else ""
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRejected(name, "file_type", suffix=suffix or "(none)", allowed=", ".join(UPLOAD_SUFFIXES))
    stem = stem.strip(" ._")[:120]  # a leading dot would hide the file from the build
    if not stem:
        raise UploadRejected(name, "no_name")
    safe = stem + suffix
    if safe.lower() in RESERVED_NAMES:
        raise UploadRejected(name, "reserved")
    return safe


def check_upload(name: str, size: int, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The safe name of an upload that passes the type and size checks (else UploadRejected)."""
    safe = safe_upload_name(name)
    if size <= 0:
        raise UploadRejected(name, "empty")
    if size > max_bytes:
        raise UploadRejected(name, "too_big", mb=f"{size / 1e6:.1f}", limit=f"{max_bytes / 1e6:.0f}")
    return safe


def upload_target(archive_dir: Path | str, safe_name: str, subdir: str = UPLOAD_SUBDIR) -> Path:
    """The first free name for an upload inside `archive_dir/subdir` (`name`, `name-2`, …) now.

    Only a hint: another upload may take it before it is written; `save_upload` takes its name
    by creating the file exclusively.

    Raises:
        UploadRejected: the resulting path would leave the archive (defence in depth).
    """
    folder = (Path(archive_dir) / subdir).resolve()
    for target in _candidates(Path(archive_dir).resolve(), folder, safe_name):
        if not target.exists():
            return target
    raise UploadRejected(safe_name, "no_free_name")


def _candidates(root: Path, folder: Path, safe_name: str) -> Iterator[Path]:
    """`name`, `name-2`, `name-3` … inside `folder` (UploadRejected for one outside the archive)."""
    stem, suffix = Path(safe_name).stem, Path(safe_name).suffix
    for number in range(1, _MAX_NAME_TRIES + 1):
        target = folder / (safe_name if number == 1 else f"{stem}-{number}{suffix}")
        if not target.is_relative_to(root) or target.parent != folder:
            raise UploadRejected(safe_name, "outside")
        yield target


def probe(data: bytes, safe_name: str) -> None:
    """Read an upload in a scratch folder, never in the archive, and in a process of its own with
    a time and a memory limit (`ingest.probe`): a hostile file never loads the server. A .json or
    .zip must be a meeting system's export (told as the build's scan tells it), then it is read
    by that system's reader.

    Raises:
        UploadRejected: "not_meeting": a .json or .zip that no meeting system exported.
        UnreadableFile: it cannot be indexed (with the reading stage's code, "no_text",
            "took_too_long" or "too_much_memory").
    """
    from indexer.ingest.probe import probe_file

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / safe_name
        path.write_bytes(data)
        # Else the build would skip it as an unsupported file, and the reader says nothing useful.
        if path.suffix.lower() in SINGLE_FILE_SUFFIXES and not is_meeting_source(path):
            raise UploadRejected(safe_name, "not_meeting")
        probe_file(path, name=safe_name)


def same_content(archive_dir: Path | str, data: bytes, *, besides: Path | None = None) -> str | None:
    """The archive name of a file in the archive with exactly these bytes (other than `besides`),
    or None. Only files of the same size are read; hidden ones, the catalog and README do not
    count. A meeting export's own files do: its rendering of the minutes is in the index through the
    export, and a closed item's file is never to be indexed."""
    root = Path(archive_dir).resolve()
    digest: str | None = None
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.lower() in NOT_RECORDS:
                continue
            path = Path(folder) / name
            try:
                if not path.is_file() or path.stat().st_size != len(data) or path == besides:
                    continue
                digest = digest or hashlib.sha256(data).hexdigest()
                if sha256_file(path) != digest:
                    continue
            except OSError:  # gone meanwhile, or unreadable: not the same content as far as anyone can tell
                continue
            return archive_name(path, root)
    return None


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Held while an upload is compared with the archive and given its name, so that two uploads of
    the same content at the same moment (from the app and the API: other processes) cannot both
    pass the comparison. An advisory lock on the folder itself: no lock file is left behind."""
    try:
        import fcntl
    except ImportError:  # not POSIX: names are still taken exclusively
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: names are still taken exclusively
            pass
        yield
    finally:
        os.close(handle)  # releases the lock


def _scratch_file(folder: Path, data: bytes) -> Path:
    """The data in a new hidden file in `folder` (hidden: a build running meanwhile never reads
    it), written and flushed to disk, with the umask's permissions (never mkstemp's 0600)."""
    for _ in range(100):
        scratch = folder / f".upload-{secrets.token_hex(8)}.tmp"
        try:
            handle = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        except FileExistsError:
            continue
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            scratch.unlink(missing_ok=True)
            raise
        return scratch
    raise OSError(errno.EEXIST, "no free temporary name", str(folder))


def _write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename: a crash leaves the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = _scratch_file(target.parent, data)
    try:
        os.replace(scratch, target)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


def _create_exclusively(root: Path, folder: Path, safe_name: str, data: bytes) -> Path:
    """Write `data` under the first name (`name`, `name-2` …) that nobody has, taking the name and
    the whole content in one step: a hard link of a finished temporary file fails when the name
    exists (then the next is tried), so no upload ever replaces another, and no reader sees half
    a file. Where the file system has no hard links, the name is created with O_EXCL instead."""
    scratch = _scratch_file(folder, data)
    try:
        for target in _candidates(root, folder, safe_name):
            try:
                os.link(scratch, target)
                return target
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in _NO_HARD_LINKS:
                    raise
            try:  # no hard links here: claim the name, then fill it
                handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                                 FILE_MODE)
            except FileExistsError:
                continue
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
            except BaseException:
                target.unlink(missing_ok=True)
                raise
            return target
    finally:
        scratch.unlink(missing_ok=True)
    raise UploadRejected(safe_name, "no_free_name")


def save_upload(archive_dir: Path | str, name: str, data: bytes) -> str:
    """Check, read and save one upload; returns its path relative to the archive (POSIX).

    Never over another file: the name is taken exclusively (`referat.txt`, else `referat-2.txt` …),
    so two uploads of the same name at the same moment both keep their file.

    Raises:
        UploadRejected: a bad name, size or type; or "duplicate": the archive already holds a
            file with exactly these bytes (`params["original"]` names it). Nothing is written.
        UnreadableFile: it cannot be read as a record. Nothing is written.
    """
    safe = check_upload(name, len(data))
    probe(data, safe)
    root = Path(archive_dir).resolve()
    folder = root / UPLOAD_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    with _folder_lock(folder):
        original = same_content(root, data)
        if original is not None:
            raise UploadRejected(name, "duplicate", original=original)
        target = _create_exclusively(root, folder, safe, data)
    return target.relative_to(root).as_posix()


def is_upload(document: str) -> bool:
    """Whether an archive path (as the index stores it) was added through the app."""
    return catalog_key(document).startswith(UPLOAD_SUBDIR + "/")


def _existing_upload(archive_dir: Path | str, document: str) -> Path:
    root = Path(archive_dir).resolve()
    path = (root / catalog_key(document)).resolve()
    if not is_upload(document) or not path.is_relative_to(root / UPLOAD_SUBDIR):
        raise UploadRejected(document, "outside")
    if not path.is_file():
        raise UploadRejected(document, "not_found")
    return path


def delete_upload(archive_dir: Path | str, document: str) -> None:
    """Remove an uploaded file (only files under `uploads/`) and its corrections in `catalog.csv`, so that
    another file uploaded under its name is read for itself; the next build drops it from the index.

    Raises:
        UploadRejected: not an upload, or no such file.
        InvalidInput: the catalog cannot be read (nothing is removed).
    """
    path = _existing_upload(archive_dir, document)
    rows, delimiter = _catalog_rows(archive_dir)
    path.unlink()
    key = catalog_key(document)
    if any(catalog_key(r.get("path", "")) == key for r in rows):
        _write_catalog(archive_dir, [r for r in rows if catalog_key(r.get("path", "")) != key], delimiter)


def replace_upload(archive_dir: Path | str, document: str, name: str, data: bytes) -> None:
    """Put new content in place of an uploaded file, under the same name, once it passes the checks.

    Raises:
        UploadRejected, UnreadableFile: the old file is kept (also when another file of the
            archive has exactly the new content: "duplicate").
    """
    path = _existing_upload(archive_dir, document)
    check_upload(name, len(data))
    suffix = Path(safe_upload_name(name)).suffix
    if suffix != path.suffix.lower():
        raise UploadRejected(name, "file_type", suffix=suffix, allowed=path.suffix.lower())
    probe(data, path.name)
    with _folder_lock(path.parent):
        original = same_content(archive_dir, data, besides=path)
        if original is not None:
            raise UploadRejected(name, "duplicate", original=original)
        _write_atomically(path, data)


def pending_files(archive_dir: Path | str, indexed: Iterable[str]) -> list[str]:
    """Archive names of the files the next build would read that the index does not hold yet,
    sorted: the build's own scan decides (records and meeting-system exports alike; a link out
    of the archive and a file of a type it does not read are never waiting)."""
    known = {catalog_key(path) for path in indexed}
    readable = {catalog_key(source.name) for source in scan(archive_dir, {}, is_index_file)
                if source.supported and not source.outside}
    return sorted(readable - known)


def skipped_by_last_build(pending: Iterable[str], archive_dir: Path | str,
                          index_dir: Path | str) -> dict[str, tuple[str, dict]]:
    """Of the files not in the index (`pending`, archive names), those the last build saw and
    skipped, unchanged since: name -> (reason code, params), e.g. ("duplicate", {"original": …}).
    They are not waiting for the next build, which would skip them again."""
    import json

    from indexer.store import REPORT_NAME

    report_file = Path(index_dir) / REPORT_NAME
    try:
        written = report_file.stat().st_mtime_ns
        skipped = json.loads(report_file.read_text(encoding="utf-8")).get("skipped") or []
    except (OSError, ValueError):
        return {}
    reasons = {catalog_key(s["path"]): (s.get("code") or "other", dict(s.get("params") or {}))
               for s in skipped if isinstance(s, dict) and s.get("path")}
    root = Path(archive_dir)
    found = {}
    for name in pending:
        reason = reasons.get(catalog_key(name))  # (a name not valid UTF-8 is written with its bytes escaped: "\xe6")
        if reason is not None:
            try:
                if _on_disk(root / name).stat().st_mtime_ns <= written:
                    found[name] = reason
            except OSError:  # a loop of links, an escaped name: skipped for what keeps it unread
                found[name] = reason
    return found


def _on_disk(path: Path) -> Path:
    """The file on disk that holds `path`: itself, or for an attachment inside a publication zip
    (`sbsys/Publication32.zip/Enclosures/1.pdf`, no file of its own) the zip."""
    for held in (path, *path.parents):
        if held.is_file():
            return held
    return path


def write_catalog_entry(archive_dir: Path | str, document: str, values: Mapping[str, str | None]) -> None:
    """Set a document's catalog fields in `catalog.csv` (a blank value means "detect" again).

    The file keeps its delimiter and its other rows; it is checked by reading it back.

    Raises:
        UploadRejected: a field that is not a catalog column, or a date not written YYYY-MM-DD.
        InvalidInput: the existing catalog cannot be read (nothing is written).
    """
    from datetime import date

    for field_name, value in values.items():
        if field_name not in CATALOG_FIELDS:
            raise UploadRejected(field_name, "outside")
        if field_name == "meeting_date" and value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise UploadRejected(field_name, "bad_date", value=value) from None
    rows, delimiter = _catalog_rows(archive_dir)
    key = catalog_key(document)
    row = next((r for r in rows if catalog_key(r.get("path", "")) == key), None)
    if row is None:
        row = {"path": key}
        rows.append(row)
    row.update({k: (v or "").strip() for k, v in values.items()})
    _write_catalog(archive_dir, rows, delimiter)


def _catalog_rows(archive_dir: Path | str) -> tuple[list[dict[str, str]], str]:
    """`catalog.csv`'s rows and delimiter (none and "," where there is no catalog).

    Raises:
        InvalidInput: the catalog cannot be read."""
    root = Path(archive_dir)
    load_catalog(root)  # a damaged catalog is reported, never overwritten
    file = root / CATALOG_FILE
    if not file.is_file():
        return [], ","
    text, delimiter = decode_csv(file.read_bytes())
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [f.strip() for f in reader.fieldnames or []]
    return [{k: (v or "") for k, v in row.items() if k} for row in reader], delimiter


def _write_catalog(archive_dir: Path | str, rows: list[dict[str, str]], delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["path", *CATALOG_FIELDS], delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows({"path": r.get("path", ""), **{f: r.get(f, "") for f in CATALOG_FIELDS}} for r in rows)
    _write_atomically(Path(archive_dir) / CATALOG_FILE, out.getvalue().encode("utf-8"))
