"""Meetings as meeting systems publish them: detection, reading, and the archive's units.

In:  a file of the archive that a meeting system exported: a FirstAgenda meeting (.json), an
     eDoc export (`eDocAgendaPublishing.xml` beside its PDFs) or an SBSYS publication
     (`PublicationN.zip`, or its `PublicationN.xml`).
Out: `read_meeting` → `indexer.records.Meeting`; `to_paragraphs` → the `Record` and
     `Paragraph`s the rest of the pipeline stores and searches; `companion_files` → the
     PDFs beside an export that it names (attachments, its own text again as PDF, closed
     items' files), so a scan reads each once and never indexes a closed item's file;
     `minutes_pdf` → the PDF an eDoc export names as the meeting's own text (its pages: each
     paragraph `to_paragraphs` gives cites the page where it stands there, `pages.place_on_pages`);
     `export_place` → for one such PDF, its export, its role and, for an attachment, what
     it cites from the export (the meeting's body and date, the item and its case number).
     An SBSYS publication zip holds its attachments itself: `zip_members` lists those of its
     open items (`ZipMember`: a name inside the zip, "…/Publication32.zip/Enclosures/1.pdf",
     its size and citation) without unpacking anything; `zip_member` finds one by that name and
     `member_blocks` gives its bytes. A closed item's file in a zip is never listed or opened.

Readers raise `indexer.errors.UnreadableFile` with a one-line reason.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from indexer.config import code_version
from indexer.errors import UnreadableFile
from indexer.records import AgendaItem, Attachment, Meeting, Paragraph, Record
from indexer.sources import edoc, firstagenda, sbsys
from indexer.sources.pages import place_on_pages
from indexer.sources.common import fail

__all__ = ["EXPORT_SUFFIXES", "READER_VERSION", "SINGLE_FILE_SUFFIXES", "ExportPlace", "ZipMember", "companion_files",
           "export_place", "export_role", "is_meeting_source", "meeting_key", "member_blocks", "minutes_pdf", "read_meeting",
           "system_of", "to_paragraphs", "zip_member", "zip_members"]

# The suffixes `system_of` looks into; no other file is a meeting system's export.
EXPORT_SUFFIXES = (".json", ".xml", ".zip")
# Those whose file is a whole meeting under any name (a FirstAgenda .json, an SBSYS .zip), told
# by its content: the ones a single upload can be. An .xml export is known by its name and
# read with the PDFs beside it (an eDoc or SBSYS folder), so it only comes as a folder.
SINGLE_FILE_SUFFIXES = (".json", ".zip")

_HEAD_BYTES = 4096
_PUBLICATION = re.compile(r"Publication\d+\.xml", re.IGNORECASE)
_PUBLICATION_ZIP = re.compile(r"Publication\d+\.zip", re.IGNORECASE)
_PUBLICATION_ENTRY = re.compile(r"(?:[^/]*/)?Publication\d+(?:/|\.xml$)", re.IGNORECASE)
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december")
# Retrieval units: about 200–1,000 characters, split at paragraph and sentence ends.
MIN_CHARS, MAX_CHARS = 200, 1000


# A meeting file read by other readers is read again on the next build (its text embedded again only where it
# changed), so a reading mended (who was absent, what an attachment cites) reaches an index built before.
READER_VERSION = code_version(Path(__file__).parent)


# The name a harvest saves a FirstAgenda meeting under ("2022-03-21_<meeting id>.json"): such a file is read as
# one, so that a damaged one is told what is wrong with it (not "unsupported file type .json").
_SAVED_MEETING = re.compile(r"(?:\d{4}-\d{2}-\d{2}|meeting)_[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\.json")


def system_of(path: Path) -> str | None:
    """Which meeting system exported `path` ("firstagenda", "edoc", "sbsys"), from its name and
    first bytes only; None for any other file."""
    path = Path(path)
    name, suffix = path.name.lower(), path.suffix.lower()
    try:
        if suffix == ".json":
            with path.open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
            # An HTML page saved under a meeting's name is claimed too, so that the build
            # says the portal answered with a web page instead of skipping it silently.
            # Key names without their quotes: a response encoded twice escapes them.
            if b"Dagsordenpunkter" in head or b"Moededeltagere" in head \
                    or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") \
                    or (head.strip() and _SAVED_MEETING.fullmatch(path.name)):  # an empty one is said to be empty
                return firstagenda.SYSTEM
        elif name == edoc.XML_NAME.lower():
            return edoc.SYSTEM
        elif suffix == ".xml" and _PUBLICATION.fullmatch(path.name):
            return sbsys.SYSTEM
        elif suffix == ".zip" and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if any(_PUBLICATION.fullmatch(n.replace("\\", "/").rsplit("/", 1)[-1]) for n in archive.namelist()):
                    return sbsys.SYSTEM
        elif suffix == ".zip" and _damaged_publication(path):
            return sbsys.SYSTEM  # its reader says what is wrong with it
    except (OSError, zipfile.BadZipFile):
        return None
    return None


def _damaged_publication(path: Path) -> bool:
    """A zip whose directory is damaged (cut short) or that is empty, but whose name ("Publication553.zip")
    or first entry ("Publication553/…") says it is an SBSYS publication."""
    if _PUBLICATION_ZIP.fullmatch(path.name):
        return True  # empty, cut short or something else under its name: its reader says which
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.startswith(b"PK\x03\x04"):
        return False
    length = int.from_bytes(head[26:28], "little")
    first = head[30:30 + length].decode("cp437", "replace").replace("\\", "/")
    return bool(_PUBLICATION_ENTRY.match(first))


def is_meeting_source(path: Path) -> bool:
    """Whether `path` is a meeting system's export (see `system_of`)."""
    return system_of(path) is not None


def read_meeting(path: str | Path) -> Meeting:
    """The meeting in a meeting system's export, read by the reader of its system."""
    path = Path(path)
    system = system_of(path) if path.is_file() else None
    if system is None and path.suffix.lower() in SINGLE_FILE_SUFFIXES:
        # The reader of the only system exporting this kind of file says why it is not a meeting.
        system = firstagenda.SYSTEM if path.suffix.lower() == ".json" else sbsys.SYSTEM
    if path.is_dir():  # an export folder: eDoc's or SBSYS's
        if any(p.name.lower() == edoc.XML_NAME.lower() for p in path.iterdir()):
            system = edoc.SYSTEM
        elif any(_PUBLICATION.fullmatch(p.name) for p in path.iterdir()):
            system = sbsys.SYSTEM
    readers = {firstagenda.SYSTEM: firstagenda.read_meeting, edoc.SYSTEM: edoc.read_meeting,
               sbsys.SYSTEM: sbsys.read_meeting}
    if system is None:
        raise fail(path, f"not a meeting system's export: {path.name}")
    return readers[system](path)


def meeting_key(meeting: Meeting) -> str:
    """The meeting's identity across its publications ("firstagenda:<meeting id>"): the agenda
    and the minutes that later replace it share it."""
    return f"{meeting.system}:{meeting.source_id or meeting.body + '|' + (meeting.start or meeting.meeting_date)}"


def companion_files(path: str | Path) -> dict[Path, str]:
    """The files on disk beside an eDoc or SBSYS export (or a harvested FirstAgenda meeting,
    in the folder of its name) that it names, with their role:
    "attachment" (of an open item: index it as an attachment of the meeting), "rendering"
    (the meeting's or an item's text again, as PDF: already read from the export) or
    "closed" (a closed item's file: never index it). A zip holds its own files: none on disk.
    Raises `UnreadableFile` when the export cannot be read."""
    path = Path(path)
    system = system_of(path)
    if system == firstagenda.SYSTEM:  # the PDFs a harvest saved beside the meeting
        named = firstagenda.export_files(path)
    elif system == edoc.SYSTEM:
        named = edoc.export_files(path)
    elif system == sbsys.SYSTEM and path.suffix.lower() == ".xml":
        named = sbsys.export_files(path)
    else:
        return {}
    return {path.parent / name: role for name, role in named.items() if (path.parent / name).is_file()}


def minutes_pdf(path: str | Path) -> Path | None:
    """The PDF beside an eDoc export that holds the meeting's own text as paged (the open agenda
    part's PDF), when it is there; None for any other export or file.
    Raises `UnreadableFile` when the export cannot be read."""
    path = Path(path)
    if system_of(path) != edoc.SYSTEM:
        return None
    name = edoc.minutes_file(path)
    return path.parent / name if name and (path.parent / name).is_file() else None


@dataclass(frozen=True)
class ExportPlace:
    """Where a file beside a meeting export stands in it (see `export_place`)."""

    export: Path  # the export's XML (or the harvested meeting's .json)
    # "attachment", "rendering", "closed" (see `companion_files`) or "unreadable": the export cannot
    # be read, so what the file is cannot be told (never read it; keep what was indexed of it).
    role: str
    reason: str | None = None  # why the export cannot be read ("unreadable")
    # An attachment's citation from the export: body, meeting_date, doc_type "bilag", title (the
    # export's name for it), item_number, item_title, case_number (the item's); None values left out.
    citation: tuple[tuple[str, str], ...] = ()


def export_place(path: str | Path) -> ExportPlace | None:
    """For a file inside an eDoc or SBSYS export folder (or a harvested FirstAgenda meeting's
    folder of PDFs, or an SBSYS publication zip: "…/Publication32.zip/Enclosures/1.pdf"): its
    export, its role there and, for an attachment, what it cites from the export; None for a file
    no export beside it names. Read once per version of the export."""
    path = Path(path)
    inside = _inside_zip(path)
    if inside is not None:
        zip_path, name = inside
        members, roles, reason = _zip_contents(zip_path)
        if reason is not None:
            return ExportPlace(zip_path, "unreadable", reason=reason)
        role = roles.get(name) if name in members or roles.get(name) == "closed" else None
        return ExportPlace(zip_path, role, citation=members[name].citation if role == "attachment" else ()) \
            if role else None
    candidates = [path.parent / edoc.XML_NAME]
    if path.suffix.lower() == ".pdf":  # a harvested FirstAgenda meeting's PDF: <stem>/<document id>.pdf
        candidates.append(path.parent.parent / f"{path.parent.name}.json")
    if path.parent.name.lower() == "enclosures":  # SBSYS: PublicationN/Enclosures/N.pdf
        try:
            candidates += sorted(p for p in path.parent.parent.iterdir() if _PUBLICATION.fullmatch(p.name))
        except OSError:
            pass
    xml = next((c for c in candidates if c.is_file() and c != path), None)
    if xml is None:
        return None
    try:
        roles, citations, reason = _companions(xml, xml.stat().st_mtime_ns)
    except OSError as exc:
        roles, citations, reason = {}, {}, exc.strerror or str(exc)
    if reason is not None:
        return ExportPlace(xml, "unreadable", reason=reason)
    role = roles.get(path)
    return ExportPlace(xml, role, citation=citations.get(path, ())) if role else None


def export_role(path: str | Path) -> tuple[Path, str] | None:
    """`export_place`'s export and role, for a file beside a meeting export (None for another)."""
    place = export_place(path)
    return (place.export, place.role) if place else None


@lru_cache(maxsize=64)
def _companions(xml: Path, mtime_ns: int) -> tuple[dict[Path, str], dict[Path, tuple], str | None]:
    """`companion_files`, each attachment's citation and, for an export that cannot be read, why
    (then no roles), read once per version of the export (`mtime_ns` keys the cache)."""
    try:
        roles = companion_files(xml)
        meeting = read_meeting(xml) if "attachment" in roles.values() else None
    except UnreadableFile as exc:
        return {}, {}, exc.reason
    citations: dict[Path, tuple] = {}
    for item in meeting.items if meeting else ():
        for attachment in () if item.closed else item.attachments:
            name = (firstagenda.pdf_name(xml, attachment.source_id) if meeting.system == firstagenda.SYSTEM
                    and attachment.source_id else attachment.file)
            if name and roles.get(xml.parent / name) == "attachment":
                citations.setdefault(xml.parent / name, _citation(meeting, item, attachment, name))
    return roles, citations, None


@dataclass(frozen=True)
class ZipMember:
    """An attachment of an open item, inside an SBSYS publication zip."""

    zip: Path  # the publication zip on disk
    name: str  # relative to the export folder in the zip: "Enclosures/1.pdf"
    size: int  # what it unpacks to, as the zip's directory declares it
    citation: tuple[tuple[str, str], ...]  # as `ExportPlace.citation`

    @property
    def path(self) -> Path:
        """Its name as the archive gives it: the zip's path, then the name inside."""
        return self.zip / self.name


def zip_members(path: str | Path) -> list[ZipMember]:
    """The attachments of open items an SBSYS publication zip holds, in name order; [] for any
    other file. Nothing is unpacked (sizes as the zip's directory declares them).
    Raises `UnreadableFile` when the zip or its XML cannot be read."""
    path = Path(path)
    if path.suffix.lower() != ".zip" or system_of(path) != sbsys.SYSTEM:
        return []
    members, _, reason = _zip_contents(path)
    if reason is not None:
        raise fail(path, reason)
    return [members[name] for name in sorted(members)]


def zip_member(path: str | Path) -> ZipMember | None:
    """The attachment a name inside a publication zip stands for ("…/Publication32.zip/Enclosures/1.pdf");
    None for a path that is not inside a zip. Raises `UnreadableFile` naming `path` for one the zip
    does not hold as an open item's attachment (a closed item's file is never opened), or when
    the zip cannot be read."""
    path = Path(path)
    inside = _inside_zip(path)
    if inside is None:
        return None
    members, roles, reason = _zip_contents(inside[0])
    if reason is not None:
        raise fail(path, f"its meeting export {inside[0].name} cannot be read: {reason}")
    member = members.get(inside[1])
    if member is None:
        why = ("a closed agenda item's file in a meeting export: not indexed" if roles.get(inside[1]) == "closed"
               else f"no attachment {inside[1]} in {inside[0].name}")
        raise fail(path, why)
    return member


def member_blocks(member: ZipMember) -> Iterator[bytes]:
    """The bytes of an attachment inside a zip, in blocks (see `sbsys.member_blocks`): raises
    `UnreadableFile` naming it when the zip's copy is damaged."""
    return sbsys.member_blocks(member.zip, member.name)


def _inside_zip(path: Path) -> tuple[Path, str] | None:
    """(zip, name inside it) for a path through a zip file; None for any other path. Only a
    folder named *.zip in the path costs a look at the disk."""
    for parent in path.parents:
        if parent.suffix.lower() == ".zip":
            return (parent, path.relative_to(parent).as_posix()) if parent.is_file() else None
    return None


def _zip_contents(path: Path) -> tuple[dict[str, ZipMember], dict[str, str], str | None]:
    try:
        return _zip_contents_of(path, path.stat().st_mtime_ns)
    except OSError as exc:
        return {}, {}, exc.strerror or str(exc)


@lru_cache(maxsize=64)
def _zip_contents_of(path: Path, mtime_ns: int) -> tuple[dict[str, ZipMember], dict[str, str], str | None]:
    """A publication zip's open attachments (by name), every named file's role, and why the zip
    cannot be read (then nothing else), once per version of the zip (`mtime_ns` keys the cache)."""
    try:
        roles = sbsys.export_files(path)
        sizes = sbsys.member_sizes(path)
        meeting = read_meeting(path) if "attachment" in roles.values() else None
    except UnreadableFile as exc:
        return {}, {}, exc.reason
    members: dict[str, ZipMember] = {}
    for item in meeting.items if meeting else ():
        for attachment in () if item.closed else item.attachments:
            name = attachment.file
            # Only a file the XML names for an open item, and no closed item names too.
            if name and roles.get(name) == "attachment" and name in sizes and name not in members:
                members[name] = ZipMember(path, name, sizes[name], _citation(meeting, item, attachment, name))
    return members, roles, None


def _citation(meeting: Meeting, item: AgendaItem, attachment: Attachment, name: str) -> tuple[tuple[str, str], ...]:
    """What an attachment cites from its export: the meeting's body and date, its type, the name
    the export gives it (not a file name or a bare "Bilag"), the item and the item's case number."""
    generic = attachment.title.strip().lower() in ("bilag", name.lower(), Path(name).name.lower())
    values = {"body": meeting.body, "meeting_date": meeting.meeting_date, "doc_type": "bilag",
              "title": None if generic else attachment.title, "item_number": item.number,
              "item_title": item.title, "case_number": item.case_number}
    return tuple((key, value) for key, value in values.items() if value)


# -- the archive's units -------------------------------------------------------------------------
def title_of(meeting: Meeting) -> str:
    """"Referat: Økonomiudvalget 12. marts 2024"."""
    year, month, day = (int(part) for part in meeting.meeting_date.split("-"))
    kind = "Referat" if meeting.doc_type == "referat" else "Dagsorden"
    return f"{kind}: {meeting.body} {day}. {_MONTHS[month - 1]} {year}"


def to_paragraphs(meeting: Meeting, document: str, content_hash: str,
                  pages: list[tuple[int, str]] | None = None) -> tuple[Record, list[Paragraph]]:
    """The meeting as the archive stores a document: its `Record` (fields from the meeting
    system, never guessed) and its paragraphs in order: a heading line for the meeting, the
    attendees, then per item a heading "N. Title" and its sections' text in retrieval-sized
    paragraphs. A closed item gives its heading only. `pages`: the page texts of the export's
    minutes PDF (`minutes_pdf`), (number, text) in order: each paragraph found there cites its
    page, and the record counts the PDF's pages; one not found has none."""
    title = title_of(meeting)
    known = {"title": title, "body": meeting.body, "meeting_date": meeting.meeting_date, "doc_type": meeting.doc_type}
    record = Record(path=document, content_hash=content_hash, file_type=meeting.system, pages=1,
                    sources={name: "meeting system" for name, value in known.items() if value},
                    meeting=meeting.outline(), **known)
    units: list[dict] = [{"text": _meeting_line(meeting, title), "is_heading": True}]
    attendance = _attendance(meeting)
    if attendance:
        units.append({"text": attendance, "heading": "Deltagere"})
    for item in meeting.items:
        units.extend(_item_units(item))
    prefix = content_hash[:16]
    paragraphs = [Paragraph(id=f"{prefix}-{position:05d}", document=document, position=position, **unit)
                  for position, unit in enumerate(units)]
    if pages:
        place_on_pages(paragraphs, pages)
        record.pages = len(pages)
    return record, paragraphs


def _meeting_line(meeting: Meeting, title: str) -> str:
    parts = [title]
    if meeting.start and "T" in meeting.start:
        parts.append(f"kl. {meeting.start.split('T', 1)[1][:5].replace(':', '.')}")
    if meeting.place:
        parts.append(meeting.place)
    return ", ".join(parts)


def _attendance(meeting: Meeting) -> str:
    """"Til stede: …" and "Fraværende: …" lines (names with role and note)."""
    def named(attendee) -> str:
        extra = ", ".join(p for p in (attendee.role, attendee.note) if p)
        return f"{attendee.name} ({extra})" if extra else attendee.name

    present = [named(a) for a in meeting.attendees if not a.absent]
    absent = [named(a) for a in meeting.attendees if a.absent]
    lines = ([f"Til stede: {', '.join(present)}"] if present else []) + ([f"Fraværende: {', '.join(absent)}"] if absent else [])
    return "\n".join(lines)


def _item_units(item: AgendaItem) -> list[dict]:
    common = {"item_number": item.number, "item_title": item.title, "case_number": item.case_number}
    units = [{"text": f"{item.number}. {item.title}", "is_heading": True, **common}]
    if item.closed:
        return units  # what a closed item says is never stored
    for section in item.sections:
        for text in split_entries(section.text):
            is_list = all(line.startswith("- ") for line in text.splitlines())
            units.append({"text": text, "heading": section.heading, "is_list_item": is_list, **common})
    if item.attachments:
        titles = "; ".join(a.title for a in item.attachments)
        units.append({"text": f"Bilag: {titles}", "heading": "Bilag", **common})
    return units


# The header of a case history's entry: the meeting's day and body ("16-11-2023 Klima-, Teknik- og Miljøudvalget").
_HISTORY_ENTRY = re.compile(r"^\d{2}-\d{2}-\d{4} [A-ZÆØÅ]")


def split_entries(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """A section's text in parts (`split_text`), where it is a case's history of dated entries ("25-05-2023
    Klima-, Teknik- og Miljøudvalget" / "1.-2. Anbefales" / "12-06-2023 Økonomiudvalget" / …) whole entries
    packed while they fit, each opening with its header: a part never holds the end of one meeting's entry
    without its header, nor one meeting's decision under another's day."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if sum(1 for p in paragraphs if _HISTORY_ENTRY.match(p)) < 2:
        return split_text(text, max_chars=max_chars)
    entries: list[str] = []
    for paragraph in paragraphs:
        if _HISTORY_ENTRY.match(paragraph) or not entries:
            entries.append(paragraph)
        else:
            entries[-1] = f"{entries[-1]}\n\n{paragraph}"
    parts: list[str] = []
    for entry in entries:
        whole = entry.replace("\n\n", "\n")
        if parts and len(parts[-1]) + 1 + len(whole) <= max_chars:
            parts[-1] = f"{parts[-1]}\n{whole}"
        elif len(whole) <= max_chars:
            parts.append(whole)
        else:
            parts.extend(split_text(entry, max_chars=max_chars))
    return parts


def split_text(text: str, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS) -> list[str]:
    """A section's text in parts of about `min_chars`–`max_chars`: paragraphs (blank-line
    separated) are packed together while they fit; a paragraph over `max_chars` is split at
    sentence ends (an over-long sentence at a space)."""
    pieces: list[str] = []
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if paragraph:
            pieces.extend(_split_long(paragraph, max_chars))
    parts: list[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) < min_chars and len(parts[-1]) + 1 + len(piece) <= max_chars:
            parts[-1] = f"{parts[-1]}\n{piece}"
        else:
            parts.append(piece)
    if len(parts) > 1 and len(parts[-1]) < min_chars and len(parts[-2]) + 1 + len(parts[-1]) <= max_chars:
        parts[-2:] = [f"{parts[-2]}\n{parts[-1]}"]
    return parts


# A sentence ends at . ! ? before a space and a capital letter or digit ("kr. til" does not end one).
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”»)]))\s+(?=[\"“«(]?[A-ZÆØÅ0-9])")


def _split_long(paragraph: str, max_chars: int) -> list[str]:
    if len(paragraph) <= max_chars:
        return [paragraph]
    parts: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > max_chars:  # no sentence end in reach: cut at a space
            cut = sentence.rfind(" ", max_chars // 2, max_chars)
            cut = cut if cut > 0 else max_chars
            head, sentence = sentence[:cut].strip(), sentence[cut:].strip()
            if current:
                parts.append(current)
                current = ""
            parts.append(head)
        if current and len(current) + 1 + len(sentence) > max_chars:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    return parts
