"""Document metadata: a document's clean text (and path) in, `Record` fields out.

Detected from the text where the text says it: title (first line), body (Folketinget,
a committee, Dialogforum), meeting date (ISO or Danish dates such as "den 24. maj
2017" — only in the title area or after "Dato:"; unknown stays None, a date is never
guessed), document type and case number ("Sagsnr.", "(2015-0135051)").

A secretary can override any field in `archive/catalog.csv` (or `catalog.toml`):
one row per document, columns path,title,body,meeting_date,doc_type,case_number,
path relative to the archive root; a blank cell means "detect".
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Sequence

from indexer.errors import InvalidInput

CATALOG_FIELDS = ("title", "body", "meeting_date", "doc_type", "case_number")

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_DANISH_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})(?!\d)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?![\d/.-])")
_DATE_CUE = re.compile(r"(?:mødedato|dato|afholdt|tidspunkt|tid og sted)\s*[:.]?\s*", re.IGNORECASE)

_BODIES = re.compile(
    r"\b(Folketinget|Borgerrepræsentationen|Byrådet|Kommunalbestyrelsen|Regionsrådet|"
    r"Dialogforum|[A-ZÆØÅ][a-zæøå]+(?:- og [A-ZÆØÅa-zæøå][a-zæøå]+)?udvalget|"
    r"[A-ZÆØÅ][a-zæøå]*(?:Handicap|Ældre|Integrations|Udsatte)rådet|Handicaprådet|Ældrerådet)s?\b"
)
_CASE_NUMBER = re.compile(r"Sags?\s*nr\.?\s*:?\s*([0-9][\w./-]*\d)", re.IGNORECASE)
_CASE_IN_PARENS = re.compile(r"\((\d{4}-\d{5,8})\)")
_DOC_TYPES = [
    (re.compile(r"^Folketinget\b.*\bmøde\b"), "forhandlinger"),
    (re.compile(r"\bREFERAT\b|\bReferat\b"), "referat"),
    (re.compile(r"\bINDSTILLING\b|\bIndstilling\b"), "dagsordenspunkt"),
    (re.compile(r"[Åå]rsrapport|[Åå]rsberetning"), "årsrapport"),
    (re.compile(r"\b[Oo]psamling\b"), "opsamling"),
    (re.compile(r"\bDagsorden\b"), "dagsorden"),
]


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date written in `text` as ISO "YYYY-MM-DD" (Danish, ISO or d.m.yyyy)."""
    found: list[tuple[int, str]] = []
    for m in _DANISH_DATE.finditer(text):
        iso = _valid_date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        if iso:
            found.append((m.start(), iso))
            break
    for m in _ISO_DATE.finditer(text):
        iso = _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso))
            break
    for m in _NUMERIC_DATE.finditer(text):
        iso = _valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))  # Danish: day first
        if iso:
            found.append((m.start(), iso))
            break
    return min(found)[1] if found else None


def detect_meeting_date(text: str) -> str | None:
    """The meeting date, when the title area or a "Dato:" line states it; else None.

    Dates further into the text are about other things (earlier decisions, the next
    meeting, a printout), so they are not used.
    """
    head = text[:300]
    date = parse_date(head)
    if date:
        return date
    for m in _DATE_CUE.finditer(text[:3000]):
        date = parse_date(text[m.end() : m.end() + 40])
        if date:
            return date
    return None


def detect_body(text: str) -> str | None:
    """The meeting body named in the first line, else the one named most at the start."""
    first_line = text.split("\n", 1)[0]
    m = _BODIES.search(first_line)
    if m:
        return m.group(1)
    counts: dict[str, int] = {}
    for m in _BODIES.finditer(text[:2000]):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    body, count = max(counts.items(), key=lambda kv: kv[1])
    return body if count >= 2 else None


def detect_case_number(text: str) -> str | None:
    """A case number after "Sagsnr." or in parentheses ("(2015-0135051)")."""
    m = _CASE_NUMBER.search(text) or _CASE_IN_PARENS.search(text[:3000])
    return m.group(1) if m else None


def detect_doc_type(text: str) -> str | None:
    """The document type from words in its first lines ("Referat", "INDSTILLING", …)."""
    first_line = text.split("\n", 1)[0]
    if _DOC_TYPES[0][0].search(first_line):
        return _DOC_TYPES[0][1]
    head = text[:1500]
    for pattern, doc_type in _DOC_TYPES[1:]:
        if pattern.search(head):
            return doc_type
    return None


def detect_title(lines: Sequence[str]) -> str | None:
    """The first line when it reads like a title (short, not a lead-in); else None."""
    first = lines[0].strip() if lines else ""
    return first if first and len(first) <= 150 and not first.endswith(":") else None


def detect_metadata(lines: Sequence[str]) -> dict[str, str | None]:
    """All detectable fields from a document's clean blocks (one string per block)."""
    text = "\n".join(lines)
    return {
        "title": detect_title(lines),
        "body": detect_body(text),
        "meeting_date": detect_meeting_date(text),
        "doc_type": detect_doc_type(text),
        "case_number": detect_case_number(text),
    }


def catalog_key(path: str) -> str:
    """How a document's path is looked up in the catalog (NFC, forward slashes)."""
    return unicodedata.normalize("NFC", path.replace("\\", "/").strip().lstrip("./"))


def _check_row(source: str, row_no: int, row: dict[str, str], seen: set[str]) -> tuple[str, dict[str, str]]:
    where = f"{source} row {row_no}"
    path = (row.get("path") or "").strip()
    if not path:
        raise InvalidInput(f"{where}: 'path' is empty")
    key = catalog_key(path)
    if key in seen:
        raise InvalidInput(f"{where}: {path} is listed twice")
    seen.add(key)
    values = {k: str(v).strip() for k, v in row.items() if k in CATALOG_FIELDS and v is not None and str(v).strip()}
    date = values.get("meeting_date")
    if date and (not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or _valid_date(*map(int, date.split("-"))) is None):
        raise InvalidInput(f"{where}: meeting_date '{date}' is not a date written YYYY-MM-DD")
    return key, values


def _read_csv(file: Path) -> list[tuple[int, dict[str, str]]]:
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # saved from Excel on a Danish Windows machine
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # Excel writes ";" in Danish locales
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [f.strip() for f in reader.fieldnames or []]
    reader.fieldnames = fields
    unknown = [f for f in fields if f and f != "path" and f not in CATALOG_FIELDS]
    if "path" not in fields or unknown:
        problem = f"unknown column '{unknown[0]}'" if unknown else "no 'path' column"
        raise InvalidInput(f"{file.name} row 1: {problem} (columns: path,{','.join(CATALOG_FIELDS)})")
    rows = []
    for row in reader:
        if None in row:
            raise InvalidInput(f"{file.name} row {reader.line_num}: more cells than columns (a stray '{delimiter}'?)")
        if any((v or "").strip() for v in row.values()):
            rows.append((reader.line_num, row))
    return rows


def _read_toml(file: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{file.name}: {exc}") from None
    entries = data.get("document", data.get("documents", []))
    if not isinstance(entries, list):
        raise InvalidInput(f"{file.name}: expected [[document]] tables")
    return [(i, {k: str(v) for k, v in entry.items()}) for i, entry in enumerate(entries, start=1)]


def load_catalog(archive_root: str | Path) -> dict[str, dict[str, str]]:
    """Read the secretary's catalog: `catalog.csv` and/or `catalog.toml` in the archive root.

    Returns:
        For each listed path (relative to the root, NFC), the non-blank fields given.
        An archive without a catalog gives an empty dict.

    Raises:
        InvalidInput: a bad row, with a one-line message naming the file and row.
    """
    root = Path(archive_root)
    catalog: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for name, read in (("catalog.csv", _read_csv), ("catalog.toml", _read_toml)):
        file = root / name
        if file.is_file():
            for row_no, row in read(file):
                key, values = _check_row(name, row_no, row, seen)
                catalog[key] = values
    return catalog
