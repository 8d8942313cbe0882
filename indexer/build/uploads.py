"""Files the secretariat adds to the archive: an upload (name, bytes) in; a checked file in `uploads/` out.

Also the other writes the app makes to the archive folder: deleting or replacing an upload,
correcting a document's metadata in `catalog.csv`, and listing files not yet indexed.
Every check raises `UploadRejected` (code + params, worded by the caller in its own language)
or `UnreadableFile` (from reading); nothing is written unless the file passes.
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable, Mapping

from indexer.errors import InvalidInput, UnreadableFile
from indexer.ingest.catalog import CATALOG_FIELDS, catalog_key, decode_csv, load_catalog
from indexer.ingest.read import SUPPORTED_SUFFIXES

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
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
}


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
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadRejected(name, "file_type", suffix=suffix or "(none)", allowed=", ".join(SUPPORTED_SUFFIXES))
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
    """Where an upload goes: inside `archive_dir/subdir`, never over an existing file.

    Raises:
        UploadRejected: the resulting path would leave the archive (defence in depth).
    """
    folder = (Path(archive_dir) / subdir).resolve()
    root = Path(archive_dir).resolve()
    stem, suffix = Path(safe_name).stem, Path(safe_name).suffix
    target = folder / safe_name
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    if not target.is_relative_to(root) or target.parent != folder:
        raise UploadRejected(safe_name, "outside")
    return target


def probe(data: bytes, safe_name: str) -> None:
    """Read an upload in a scratch folder, never in the archive.

    Raises:
        UnreadableFile: it cannot be indexed (with the reading stage's code, or "no_text").
    """
    from indexer.ingest.pipeline import ingest_file  # reading pulls in the PDF stack; only when an upload comes

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / safe_name
        path.write_bytes(data)
        _, paragraphs = ingest_file(path, root=scratch, catalog={})
    if not paragraphs:
        raise UnreadableFile(safe_name, "no text found", code="no_text")


def _write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename: a crash leaves the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def save_upload(archive_dir: Path | str, name: str, data: bytes) -> str:
    """Check, read and save one upload; returns its path relative to the archive (POSIX).

    Raises:
        UploadRejected, UnreadableFile: nothing is written.
    """
    safe = check_upload(name, len(data))
    probe(data, safe)
    target = upload_target(archive_dir, safe)
    _write_atomically(target, data)
    return target.relative_to(Path(archive_dir).resolve()).as_posix()


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
    """Remove an uploaded file (only files under `uploads/`); the next build drops it from the index.

    Raises:
        UploadRejected: not an upload, or no such file.
    """
    _existing_upload(archive_dir, document).unlink()


def replace_upload(archive_dir: Path | str, document: str, name: str, data: bytes) -> None:
    """Put new content in place of an uploaded file, under the same name, once it passes the checks.

    Raises:
        UploadRejected, UnreadableFile: the old file is kept.
    """
    path = _existing_upload(archive_dir, document)
    check_upload(name, len(data))
    suffix = Path(safe_upload_name(name)).suffix
    if suffix != path.suffix.lower():
        raise UploadRejected(name, "file_type", suffix=suffix, allowed=path.suffix.lower())
    probe(data, path.name)
    _write_atomically(path, data)


def pending_files(archive_files: Iterable[Path], archive_dir: Path | str, indexed: Iterable[str]) -> list[str]:
    """Archive files (as the build would scan them) that the index does not hold yet, sorted."""
    root = Path(archive_dir).resolve()
    known = {catalog_key(path) for path in indexed}
    waiting = {catalog_key(Path(path).resolve().relative_to(root).as_posix()) for path in archive_files}
    return sorted(waiting - known)


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
    root = Path(archive_dir)
    load_catalog(root)  # a damaged catalog is reported, never overwritten
    file = root / CATALOG_FILE
    rows: list[dict[str, str]] = []
    delimiter = ","
    if file.is_file():
        text, delimiter = decode_csv(file.read_bytes())
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        reader.fieldnames = [f.strip() for f in reader.fieldnames or []]
        rows = [{k: (v or "") for k, v in row.items() if k} for row in reader]
    key = catalog_key(document)
    row = next((r for r in rows if catalog_key(r.get("path", "")) == key), None)
    if row is None:
        row = {"path": key}
        rows.append(row)
    row.update({k: (v or "").strip() for k, v in values.items()})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["path", *CATALOG_FIELDS], delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows({"path": r.get("path", ""), **{f: r.get(f, "") for f in CATALOG_FIELDS}} for r in rows)
    _write_atomically(file, out.getvalue().encode("utf-8"))
