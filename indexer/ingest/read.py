"""Reading: a file on disk in, a `Document` (raw text per page) out.

One entry point, `read_document`, dispatches on the file's suffix:

* ``.pdf``  — pypdf, page by page (thousands of pages are fine); an empty user
  password is tried on encrypted files; a page whose values came out apart from their
  labels (a table) is read again in layout mode, one row a line; pages that are images
  (scans) are read by OCR (`indexer.ingest.ocr`, Tesseract) and marked `Page.ocr`.
* ``.txt``/``.md``, ``.docx``, ``.html``/``.htm`` — see `indexer.ingest.textfiles` (legacy
  encodings detected; form feeds split a text into pages).

Anything else, or a file that cannot be turned into text, raises
`UnreadableFile(path, reason, code=…)` with a short reason a person can act on and a
code from `errors.REASONS` (a scan without Tesseract: "needs_ocr" with the install command;
pages with neither text nor images, which OCR could not help: "blank").

Limits (`indexer.ingest.limits`, defaults and their environment variables in
`indexer.config`): a file over its type's size is refused before it is read ("too_large"),
a PDF of more pages than the limit before a page is read ("too_many_pages"); the text's
characters are counted page by page ("too_many_chars"); the file's deadline is checked
between pages and OCR pages ("took_too_long"). OCR reads at most `max_ocr_pages` pages of a
PDF: a PDF with more pages that are images and no text layer is refused
("too_many_ocr_pages"); one with a text layer elsewhere keeps it, and only its first
`max_ocr_pages` image pages are read by OCR. OCR done before a deadline stays in OCR's
cache, so the next build goes on from there.

Never outside the archive: given the archive `root`, a path that resolves outside it (a
symbolic link to a file elsewhere) is refused unread ("outside_archive").

An attachment inside an SBSYS publication zip is named through the zip
("…/Publication32.zip/Enclosures/1.pdf", see `sources.zip_member`): its bytes are unpacked in
memory, its declared size checked against the limit first; only PDFs are read so (what SBSYS
attaches), and only an open item's attachment is ever opened.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import threading
import warnings
from pathlib import Path
from typing import Iterator

from indexer.config import ReadLimits
from indexer.errors import UnreadableFile
from indexer.ingest.kinds import wrong_type
from indexer.ingest.limits import Budget, refuse
from indexer.ingest.ocr import INSTALL, OcrUnavailable, needs_ocr, ocr_pdf_pages
from indexer.records import Document, Page
from indexer.sources import member_blocks, zip_member
from indexer.ingest.textfiles import decode_text, read_docx, read_html, read_text  # noqa: F401 - decode_text re-exported

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".docx", ".html", ".htm")


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes, read in blocks so huge files stay cheap in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _corrupt(path: Path, exc: BaseException) -> UnreadableFile:
    message = (" ".join(str(exc).split()) or type(exc).__name__)[:100]
    return UnreadableFile(path, f"corrupt PDF: {message}", code="corrupt", detail=message)


_quiet_lock = threading.Lock()
_quiet_readers = 0  # PDFs being read now (the build reads two at once)
_loud: tuple[int, list] = (logging.NOTSET, [])  # pypdf's log level and the warning filters before


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf warns and logs about every flaw it repairs ("fontTools is required …", a wrong
    offset); a flaw that matters raises. Those lines are kept off the user's terminal while any
    PDF is read, and pypdf's log level and the warning filters are put back when the last read
    ends: counted under a lock, since reads run in threads (saving and restoring per read let one
    thread's end unmute the other's warnings)."""
    global _quiet_readers, _loud
    log = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_readers == 0:
            _loud = (log.level, list(warnings.filters))
            log.setLevel(logging.ERROR)
            warnings.simplefilter("ignore")
        _quiet_readers += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_readers -= 1
            if _quiet_readers == 0:
                log.setLevel(_loud[0])
                warnings.filters[:] = _loud[1]
                getattr(warnings, "_filters_mutated", lambda: None)()  # as catch_warnings does


def _read_pdf(path: Path, content_hash: str | None = None, ocr: bool = True,
              budget: Budget | None = None, data: bytes | None = None) -> list[Page]:
    """A PDF's pages: the file at `path`, or `data` (a file inside a zip, named `path`)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data) if data is not None else path, strict=False)
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise UnreadableFile(path, "encrypted PDF (password required)", code="encrypted")
                except DependencyError:
                    raise UnreadableFile(path, "encrypted PDF (needs the 'cryptography' package)", code="encrypted") from None
            count = len(reader.pages)
        except UnreadableFile:
            raise
        except FileNotDecryptedError:
            raise UnreadableFile(path, "encrypted PDF (password required)", code="encrypted") from None
        # PyPdfError: PdfReadError and the limits pypdf guards against hostile files with
        # (LimitReachedError: a page tree nested too deep, a cycle in it).
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                OSError, RecursionError, AssertionError, ZeroDivisionError) as exc:
            # A file of another kind renamed .pdf (a Word file): say what it is, not "damaged".
            raise ((wrong_type(path, "pdf") if data is None else None) or _corrupt(path, exc)) from None
        if count == 0:
            raise UnreadableFile(path, "PDF has no pages", code="no_pages")
        budget = budget or Budget(path)
        budget.check_pages(count)
        pages: list[Page] = []
        failures = 0
        imaged: list[int] = []  # pages with (almost) no text but an image: scans, photos
        for number in range(count):
            budget.check_time()
            page = reader.pages[number]
            try:
                text = page.extract_text() or ""
                if _looks_like_table(text):
                    text = _table_rows(page.extract_text(extraction_mode="layout") or "") or text
            except Exception:  # noqa: BLE001 - one damaged page must not lose the rest
                failures += 1
                text = ""
            budget.add_chars(len(text))
            if needs_ocr(text) and _has_image(page):
                imaged.append(number + 1)
            pages.append(Page(number + 1, text))
    readable = any(any(c.isalnum() for c in page.text) for page in pages)
    if imaged and ocr:
        if not readable:
            budget.check_ocr_pages(len(imaged))  # a scan of more pages than OCR may read
        imaged = imaged[:budget.limits.max_ocr_pages]
        try:
            found = ocr_pdf_pages(data if data is not None else path, content_hash or sha256_file(path), imaged,
                                  budget=budget)
        except OcrUnavailable as exc:
            if not readable:
                raise UnreadableFile(path, f"no text layer: needs OCR ({exc})", code="needs_ocr",
                                     install=INSTALL) from None
            found = {}  # the text layer's pages are still worth indexing
        for number, text in found.items():
            if not needs_ocr(text):
                budget.add_chars(len(text))
                pages[number - 1] = Page(number, _rows_apart(text), ocr=True)
        readable = readable or bool(found) and any(not needs_ocr(text) for text in found.values())
    if not readable:
        if failures == count:
            raise UnreadableFile(path, "corrupt PDF: no page could be read", code="corrupt",
                                 detail="no page could be read")
        if imaged and ocr:
            raise UnreadableFile(path, "no text layer, and OCR found no text in its images", code="no_text")
        if imaged:
            raise UnreadableFile(path, f"no text layer: needs OCR ({INSTALL})", code="needs_ocr", install=INSTALL)
        raise refuse(path, "blank", pages=count)  # nothing an OCR could read either
    return pages


# A line that is only a number (or a dash) in a table's column of values: "1 408", "—".
_VALUE_LINE = re.compile(r"^[\d\s.,%:()—–-]+$")


def _looks_like_table(text: str) -> bool:
    """Whether plain extraction put a table's values apart from their labels."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    values = sum(1 for line in lines if _VALUE_LINE.match(line))
    return values >= 6 and values >= 0.25 * len(lines)


def _table_rows(layout: str) -> str:
    """Layout extraction, each row a line and its cells apart: "Godkjente | — | 1 312".

    Empty when the page is columns of prose beside a chart rather than a table (its rows
    would interleave two columns): most split rows of a table end in a value, and no
    label is a word hyphenated at a column's edge.
    """
    rows = [re.sub(r"\s{3,}", " | ", line.strip()) for line in layout.splitlines()]
    split = [row.split(" | ") for row in rows if " | " in row]
    valued = sum(1 for cells in split if _VALUE_LINE.match(cells[-1]))
    if not split or valued < 0.6 * len(split) or any(re.search(r"\w-$", cells[0]) for cells in split):
        return ""
    return re.sub(r"\n{2,}", "\n \n", "\n".join(rows)).strip()


def _rows_apart(text: str) -> str:
    """OCR'd table rows ("031.002 Ballerup … 44773088") each a paragraph of their own."""
    lines = [line for line in text.splitlines() if line.strip()]
    numeric = sum(1 for line in lines if len(re.findall(r"\d{2,}", line)) >= 2)
    # A line holding one space ends a paragraph even where every line is followed by an
    # empty one (which cleaning reads as an export's doubled line breaks).
    return "\n \n".join(lines) if lines and numeric >= 0.5 * len(lines) else text


def _has_image(page: object, depth: int = 0) -> bool:
    """Whether a page (or a form it draws, as some scanners wrap their image) shows an image."""
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")  # type: ignore[index]
        if xobjects is None:
            return False
        for xobject in xobjects.get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                return True
            if xobject.get("/Subtype") == "/Form" and depth < 3 and "/Resources" in xobject \
                    and _has_image(xobject, depth + 1):
                return True
        return False
    except Exception:  # noqa: BLE001 - an odd resource dictionary means: no image we can see
        return False


_READERS = {
    ".pdf": _read_pdf,
    ".txt": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
}


def document_path(path: Path, root: Path | None) -> str:
    """The path stored for a document: relative to the archive root when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def outside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, lies outside the directory `root` (links followed too)."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def read_document(
    path: str | Path, root: str | Path | None = None, *, content_hash: str | None = None, ocr: bool = True,
    limits: ReadLimits | None = None,
) -> Document:
    """Read a file into a `Document` with its raw text per page.

    Args:
        path: the file to read (any name: spaces, quotes, NFD-normalised accents).
        root: the archive root; the stored `Document.path` is relative to it, and a path
            that resolves outside it (a link to a file elsewhere) is not read.
        content_hash: the file's sha256 when the caller has it already (not hashed again).
        ocr: OCR the PDF pages that are images (scans) when Tesseract is installed.
        limits: the limits on reading it; default: `limits.current()` (config and environment).

    Returns:
        The document; PDFs have one `Page` per page, other files a single page 1.

    Raises:
        UnreadableFile: the file is missing, empty, of an unsupported type, corrupt,
            encrypted with a password, binary, a scan without a text layer, blank, outside
            the archive, or beyond a limit (size, pages, OCR pages, unpacking, text, time).
        InvalidInput: a limit's environment variable holds no positive number.
    """
    path = Path(path)
    if root is not None and outside(path, Path(root)):
        raise refuse(path, "outside_archive")
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_size == 0:  # empty whatever its type
                raise UnreadableFile(path, "empty file", code="empty")
        raise UnreadableFile(path, f"unsupported file type {suffix or '(no suffix)'}", code="unsupported",
                             suffix=suffix or "(no suffix)")
    member = zip_member(path)  # None for a file on disk
    if member is not None:
        return _read_member(path, root, member, content_hash, ocr, limits)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open: {exc.strerror or exc}", code="cannot_open",
                             detail=str(exc.strerror or exc)) from None
    if not path.is_file():
        raise UnreadableFile(path, "not a file", code="not_a_file")
    if size == 0:
        raise UnreadableFile(path, "empty file", code="empty")
    budget = Budget(path, limits)
    budget.check_size(size, suffix)
    if suffix == ".pdf":
        content_hash = content_hash or sha256_file(path)  # OCR's cache is keyed by it
        pages = _read_pdf(path, content_hash, ocr, budget)
    else:
        pages = reader(path, budget)
    return Document(
        path=document_path(path, Path(root) if root is not None else None),
        content_hash=content_hash or sha256_file(path),
        file_type={"htm": "html"}.get(suffix[1:], suffix[1:]),
        pages=pages,
    )


def _read_member(path: Path, root: str | Path | None, member, content_hash: str | None, ocr: bool,
                 limits: ReadLimits | None) -> Document:
    """An attachment inside a publication zip (`sources.ZipMember`), read from its bytes."""
    suffix = path.suffix.lower()
    if suffix != ".pdf":
        raise UnreadableFile(path, f"a {suffix} file inside a zip is not read (only PDFs are)", code="unsupported",
                             suffix=suffix)
    if member.size == 0:
        raise UnreadableFile(path, "empty file", code="empty")
    budget = Budget(path, limits)
    budget.check_size(member.size, suffix)  # as the zip's directory declares it: before unpacking
    data = b"".join(member_blocks(member))  # never more than declared
    content_hash = content_hash or hashlib.sha256(data).hexdigest()  # OCR's cache is keyed by it
    return Document(path=document_path(path, Path(root) if root is not None else None), content_hash=content_hash,
                    file_type="pdf", pages=_read_pdf(path, content_hash, ocr, budget, data=data))
