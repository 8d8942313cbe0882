"""The secretary's catalog: `catalog.csv` / `catalog.toml` in the archive root in, rows out.

One row per document: columns path,title,body,meeting_date,doc_type,case_number,
document_date,attachment_to; path relative to the archive root; a blank cell means
"detect". A filled cell overrides what ingestion detects.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
import unicodedata
from pathlib import Path

from indexer.errors import InvalidInput

CATALOG_FIELDS = ("title", "body", "meeting_date", "doc_type", "case_number", "document_date", "attachment_to")
_DATE_FIELDS = ("meeting_date", "document_date")


def valid_date(year: int, month: int, day: int) -> str | None:
    """The ISO date of year, month, day, or None when there is no such day."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


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
    for name in _DATE_FIELDS:
        date = values.get(name)
        if date and (not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or valid_date(*map(int, date.split("-"))) is None):
            raise InvalidInput(f"{where}: {name} '{date}' is not a date written YYYY-MM-DD")
    if "attachment_to" in values:
        values["attachment_to"] = catalog_key(values["attachment_to"])
    return key, values


def decode_csv(raw: bytes) -> tuple[str, str]:
    """A catalog file's text and its delimiter: UTF-8 (with or without BOM) or cp1252 (saved from
    Excel on a Danish Windows machine), "," or ";" (Excel in Danish locales) or tab."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return text, max(",;\t", key=text.split("\n", 1)[0].count)


def _read_csv(file: Path) -> list[tuple[int, dict[str, str]]]:
    text, delimiter = decode_csv(file.read_bytes())
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
