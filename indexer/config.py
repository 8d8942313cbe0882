"""Defaults, in one place. Callers pass overrides in; nothing below reads them from deep inside."""
from __future__ import annotations

import ast
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from platformdirs import user_cache_dir

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
DEFAULT_ARCHIVE_DIR = Path("archive")
DEFAULT_INDEX_DIR = Path("index")

# Paragraph sizes (characters) for retrieval chunks.
MIN_PARAGRAPH_CHARS = 60
TARGET_MAX_PARAGRAPH_CHARS = 1000


def code_version(package: Path) -> str:
    """A digest of a package folder's own modules (its subpackages not): what an index records of the code that
    read or extracted it, so that a build after that code changed does the work again
    (`sources.READER_VERSION`, `ingest.READING_VERSION`, `minutes.RULES_VERSION`)."""
    digest = hashlib.sha256()
    for module in sorted(package.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + _code_of(module.read_bytes()))
    return digest.hexdigest()[:12]


def _code_of(source: bytes) -> bytes:
    """A module's code without its comments, docstrings and layout: a mended word in a docstring is no
    reason to read or extract an archive again."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body and \
                isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) and \
                isinstance(node.body[0].value.value, str):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


def model_cache_dir() -> Path:
    """Where models built from bundled weights are kept (per user; INDEXER_CACHE_DIR overrides)."""
    override = os.environ.get("INDEXER_CACHE_DIR")
    return Path(override) if override else Path(user_cache_dir("meeting-archive", appauthor=False))


# -- Read-only ------------------------------------------------------------------------------------
_NOT_READ_ONLY = frozenset({"", "0", "false", "no", "off"})


def read_only(environ: Mapping[str, str] | None = None) -> bool:
    """Whether INDEXER_READ_ONLY asks the app and the API to refuse every write: one rule for both. Only an
    empty value, 0, false, no or off (any case) leaves writes on; any other value ("1", "y", "enabled") turns
    them off, so that a value meant to protect the index never leaves it open."""
    value = ((os.environ if environ is None else environ).get("INDEXER_READ_ONLY") or "").strip().casefold()
    return value not in _NOT_READ_ONLY


# -- Limits on reading one file --------------------------------------------------------------
# A file beyond a limit is skipped with its reason (`errors.REASONS`: "too_large",
# "too_many_pages", "too_many_ocr_pages", "decompression_bomb", "too_many_chars",
# "took_too_long"), never read further. Each default can be changed by an environment variable
# (read when a build or a probe starts, so a running app picks up a change on its next build).
MB = 1024 * 1024
MAX_PDF_MB = 250.0  # INDEXER_MAX_PDF_MB (or INDEXER_MAX_FILE_MB for every type); pypdf holds it in memory
MAX_DOCX_MB = 100.0  # INDEXER_MAX_DOCX_MB
MAX_TEXT_MB = 64.0  # INDEXER_MAX_TEXT_MB: .txt, .md, .html, .htm
MAX_PAGES = 5_000  # INDEXER_MAX_PAGES: pages of a PDF read
MAX_OCR_PAGES = 100  # INDEXER_MAX_OCR_PAGES: a PDF's pages that are images, read by OCR
MAX_UNZIPPED_MB = 200.0  # INDEXER_MAX_UNZIPPED_MB: what a DOCX's members unpack to, in all
MAX_ZIP_RATIO = 100.0  # INDEXER_MAX_ZIP_RATIO: unpacked / packed size of a member over 1 MB
MAX_CHARS = 20_000_000  # INDEXER_MAX_CHARS: characters of text in one file (~10,000 full pages)
MAX_SECONDS = 300.0  # INDEXER_MAX_SECONDS: reading one file (OCR included), checked between pages
PROBE_SECONDS = 120.0  # INDEXER_PROBE_SECONDS: an upload's check in its own process
PROBE_MEMORY_MB = 2048.0  # INDEXER_PROBE_MEMORY_MB: that process's address space

FILE_KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text", ".html": "text", ".htm": "text"}


@dataclass(frozen=True)
class ReadLimits:
    """What reading one file may take. Sizes in bytes, time in seconds."""

    max_bytes: Mapping[str, int] = field(default_factory=lambda: {
        "pdf": int(MAX_PDF_MB * MB), "docx": int(MAX_DOCX_MB * MB), "text": int(MAX_TEXT_MB * MB)})
    max_pages: int = MAX_PAGES
    max_ocr_pages: int = MAX_OCR_PAGES
    max_unzipped_bytes: int = int(MAX_UNZIPPED_MB * MB)
    max_zip_ratio: float = MAX_ZIP_RATIO
    max_chars: int = MAX_CHARS
    max_seconds: float = MAX_SECONDS

    def max_bytes_for(self, suffix: str) -> int | None:
        """The size limit of a file with this suffix (None: a type these limits do not know)."""
        kind = FILE_KINDS.get(suffix.lower())
        return self.max_bytes.get(kind) if kind else None


def _number(name: str, default: float, *, integer: bool = False) -> float:
    """A positive number from the environment variable `name`, else `default`.

    Raises:
        ValueError: the variable is set to something else (the message names it).
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace("_", ""))
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf") or (integer and value != int(value)):
        kind = "a positive whole number" if integer else "a positive number"
        raise ValueError(f"{name} must be {kind}, not {raw!r}")
    return int(value) if integer else value


def read_limits() -> ReadLimits:
    """The limits on reading one file: the defaults above, each overridden by its variable.

    Raises:
        ValueError: a variable holds no positive number.
    """
    every = _number("INDEXER_MAX_FILE_MB", 0.0) or None
    sizes = {kind: int(_number(f"INDEXER_MAX_{kind.upper()}_MB", every or default) * MB)
             for kind, default in (("pdf", MAX_PDF_MB), ("docx", MAX_DOCX_MB), ("text", MAX_TEXT_MB))}
    return ReadLimits(
        max_bytes=sizes,
        max_pages=int(_number("INDEXER_MAX_PAGES", MAX_PAGES, integer=True)),
        max_ocr_pages=int(_number("INDEXER_MAX_OCR_PAGES", MAX_OCR_PAGES, integer=True)),
        max_unzipped_bytes=int(_number("INDEXER_MAX_UNZIPPED_MB", MAX_UNZIPPED_MB) * MB),
        max_zip_ratio=_number("INDEXER_MAX_ZIP_RATIO", MAX_ZIP_RATIO),
        max_chars=int(_number("INDEXER_MAX_CHARS", MAX_CHARS, integer=True)),
        max_seconds=_number("INDEXER_MAX_SECONDS", MAX_SECONDS),
    )


def probe_limits() -> tuple[float, float]:
    """(seconds, MB of address space) an upload's check in its own process may take."""
    return (_number("INDEXER_PROBE_SECONDS", PROBE_SECONDS), _number("INDEXER_PROBE_MEMORY_MB", PROBE_MEMORY_MB))
