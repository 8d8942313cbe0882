"""What the three meeting-system readers share: limits, errors, names of fields, dates.

In:  pieces of a meeting export (a heading, a timestamp, a file's bytes).
Out: the normalised values the readers put into `indexer.records.Meeting`, and
     `UnreadableFile` errors with one-line reasons that name the file and the meeting.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from indexer.errors import UnreadableFile, worded
from indexer.records import AgendaItem, Section

# A meeting export is a few hundred KB (Greve's largest: 0.6 MB, its largest field: 0.2 MB).
# A file or field far beyond that is not a meeting record: the reader refuses it with a
# reason rather than index a part of it silently.
MAX_FILE_BYTES = 50_000_000
MAX_FIELD_CHARS = 5_000_000

# Field headings that hold the body's decision, and those that only say who decides
# ("Beslutningen træffes af", "Sagen afgøres af"), which must never count as a decision.


def unreadable(path: object, code: str, **params: object) -> UnreadableFile:
    """An `UnreadableFile` whose reason is the code's English wording (see `errors.REASONS`)."""
    return UnreadableFile(path, worded(code, params), code=code, **params)


def fail(path: object, detail: str) -> UnreadableFile:
    """A file that cannot be read for a reason of its own (code "unreadable")."""
    return unreadable(path, "unreadable", detail=detail)


def corrupt(path: object, detail: str) -> UnreadableFile:
    return unreadable(path, "corrupt", detail=detail)


def check_field_size(path: object, text: str, where: str) -> None:
    """Refuse a field over `MAX_FIELD_CHARS` (see the limits above)."""
    if len(text) > MAX_FIELD_CHARS:
        raise fail(path, f"{where}: a field holds {len(text) / 1e6:.1f} million characters, "
                         f"over the limit of {MAX_FIELD_CHARS / 1e6:.0f} million")


def read_limited(path: Path) -> bytes:
    """A file's bytes, refusing one over `MAX_FILE_BYTES` before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(path, f"file of {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES / 1e6:.0f} MB "
                             "limit for a meeting export")
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, "cannot_open", detail=exc.strerror or str(exc)) from None


def clean_heading(text: str) -> str:
    """A field's heading as a reader should see it: one line, no trailing colon, and
    sentence case where the system shouts ("ADMINISTRATIONENS INDSTILLING")."""
    text = " ".join(text.split()).rstrip(":").strip()
    if text.isupper() and len(text) > 3:
        text = text[:1] + text[1:].lower()
    return text


def is_decision_heading(heading: str) -> bool:
    """Whether a field heading names a decision (the rule of `Section.is_decision`, text aside)."""
    return Section(heading, "x").is_decision


def has_decisions(items: list[AgendaItem]) -> bool:
    return any(item.decision for item in items if not item.closed)


def keep_sections(sections: list[Section]) -> list[Section]:
    """Sections with text, in order: a heading with nothing under it, or only SBSYS's
    placeholder "Tomt indhold" (empty content), says nothing."""
    return [s for s in sections if s.text.strip().rstrip(".").lower() not in ("", "tomt indhold")]


def parse_local(value: str, formats: tuple[str, ...]) -> datetime | None:
    """A timestamp in one of `formats` (no zone: the municipality's local time)."""
    value = value.strip()
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def number_key(number: str) -> tuple:
    """Sort key for item numbers as systems write them: "2" < "10", "3a" after "3"."""
    match = re.match(r"\s*(\d+)(.*)", number)
    return (0, int(match.group(1)), match.group(2).strip()) if match else (1, 0, number)


# "Lukket: Køb af ejendom", "Lukket punkt", "Lukket sag - …"; "Ansættelse af direktør (Lukket punkt)"
_CLOSED_TITLE = re.compile(r"^\s*lukket\b|\(\s*lukket(?:\s+(?:punkt|sag))?\s*\)", re.I)


# The direction marks, embeddings, overrides and isolates (for a character class): they show nothing, and they
# turn the words around them ("Ulla \u202eTest" read "tseT … Ulla" on a page).
DIRECTION = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters that show nothing: zero-width spaces and joiners, a byte order mark, a soft hyphen, direction marks.
_INVISIBLE = re.compile(f"[\u00ad\u200b-\u200d\u2060-\u2064\ufeff{DIRECTION}]")


def is_closed_title(title: str) -> bool:
    """Whether an agenda item's title marks it closed (meeting systems and minutes alike say so only
    in the title): "Lukket: …", "Lukket punkt", "… (Lukket punkt)"; whatever invisible characters stand
    before or inside the word (a reader sees "Lukket", and so must the archive)."""
    return bool(_CLOSED_TITLE.search(_INVISIBLE.sub("", title or "")))


# XML 1.0 forbids most control characters, yet eDoc writes page breaks as "&#xC;".
_CONTROL_REF = re.compile(rb"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")
_RAW_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 13))
_CONTROLS_TO_NEWLINE = bytes.maketrans(_RAW_CONTROLS, b"\n" * len(_RAW_CONTROLS))


def _allowed_ref(match: re.Match) -> bytes:
    value = match.group(1)
    code = int(value[1:], 16) if value[:1] in (b"x", b"X") else int(value)
    return match.group(0) if code in (9, 10, 13) or code >= 32 else b"\n"


def parse_xml(path: object, data: bytes, what: str) -> ET.Element:
    """The root element of an export's XML. Control characters (as references or raw) become
    line breaks; a document declaring entities is refused (nothing an export needs)."""
    if b"<!ENTITY" in data[:65536]:
        raise fail(path, f"{what} declares XML entities: refused")
    data = _CONTROL_REF.sub(_allowed_ref, data).translate(_CONTROLS_TO_NEWLINE)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise corrupt(path, f"malformed XML in {what} at line {line}, column {column}") from None


# What a reader never sees as text: control characters (an ESC colouring a terminal) and `DIRECTION`'s.
UNSHOWN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f{DIRECTION}]")


def squashed(text: str) -> str:
    """`text` on one line, its white space squashed, without control and direction characters (`UNSHOWN`)."""
    return " ".join(UNSHOWN.sub("", text).split())


def element_text(element: ET.Element | None, path: str) -> str:
    """The text of a child element, white space squashed ("" when absent)."""
    found = element.find(path) if element is not None else None
    return squashed(found.text or "") if found is not None else ""
