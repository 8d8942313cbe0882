"""SBSYS publication: one meeting as SBSYS exports it for publishing, read into a `Meeting`.

In:  `PublicationN.zip` (`PublicationN/PublicationN.xml` + `PublicationN/Enclosures/*.pdf`),
     the folder it unpacks to, or the XML itself. A zip is read in memory, never unpacked;
     an entry whose name leaves the export's folder ("../", an absolute path) is refused.
Out: `indexer.records.Meeting` (system "sbsys"): committee, start and place, the members whose
     participation is decided (taking part: present; afbud, fravær: absent; a member whose
     participation is not decided, as on every agenda, is neither, and is not listed), items
     in order with their numbered fields as sections (HTML to plain text) and their enclosures
     (`file`: the PDF's path relative to the export folder, when the export holds it). A
     decision field kept per meeting in dated slots ("18. september 2012: … 25. september
     2012: …") gives this meeting its own date's slot only; the earlier slots become a
     "Tidligere behandling" section (the case's history). An item that is not public
     (`IsPublic` false) keeps number, title and case number only.
     `member_sizes` / `member_blocks`: a zip's files (relative to the export folder) and one
     file's bytes, in blocks, never more than the zip's directory declares.
"""
from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from datetime import date
from pathlib import Path
from typing import Iterator

from indexer.records import AgendaItem, Attachment, Attendee, Meeting, Section
from indexer.sources.common import (
    MAX_FILE_BYTES,
    check_field_size,
    clean_heading,
    corrupt,
    element_text,
    fail,
    has_decisions,
    is_closed_title,
    is_decision_heading,
    keep_sections,
    number_key,
    parse_local,
    parse_xml,
    read_limited,
)
from indexer.sources.html import html_to_text

SYSTEM = "sbsys"
_XML_NAME = re.compile(r"Publication\d+\.xml", re.IGNORECASE)
_DATE_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
# SBSYS participation (`ParticipationStatusAsValue`): 1/4 taking part count as present, 0 (or no
# status) is "NotDecided": not known either way, so the member is neither present nor absent
# (OS2dagsorden shows them as participants; an agenda says nothing of who came). `Attendee` has
# no state for "not known", and whoever is listed counts as present or absent, so such a member
# is left out. Any other status (afbud, fravær) is absent.
_PRESENT = frozenset({"1", "4"})
_UNDECIDED = "0"
# A dated slot of a decision field: "18. september 2012:", "18.09.2012:", "18-09-2012:".
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december")
_SLOT = re.compile(r"^\s*(?:(?P<day>\d{1,2})\.\s*(?P<month_name>" + "|".join(_MONTHS) + r")\s+(?P<year>\d{4})"
                   r"|(?P<nday>\d{1,2})[.\-/](?P<nmonth>\d{1,2})[.\-/](?P<nyear>\d{4}))\s*:[ \t]*", re.IGNORECASE)
# The heading the case's history gets (as eDoc's reader names it; `minutes.promises.is_history` and
# the decision reader know it): what earlier meetings decided is neither this meeting's decision nor a promise.
_HISTORY_HEADING = "Tidligere behandling"


class _Export:
    """An export's XML (its bytes) and which files beside it exist, by their path relative
    to the export's folder (forward slashes)."""

    def __init__(self, path: Path) -> None:
        self.folder: Path | None = None  # on disk; None for a zip
        self.files: dict[str, zipfile.ZipInfo] = {}  # a zip's files, by their path in the export folder
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if _XML_NAME.fullmatch(p.name))
            if not found:
                raise fail(path, f"no PublicationN.xml in the SBSYS export folder {path.name}")
            self.folder, self.xml_name, self.xml = path, found[0].name, read_limited(found[0])
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            self._from_zip(path)
        else:
            self.folder, self.xml_name, self.xml = path.parent, path.name, read_limited(path)

    def has(self, name: str) -> bool:
        return (self.folder / name).is_file() if self.folder is not None else name in self.files

    def _from_zip(self, path: Path) -> None:
        try:
            if path.stat().st_size == 0:  # a download or copy that never got its bytes
                raise corrupt(path, f"empty SBSYS publication {path.name}: the zip is 0 bytes")
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
                for info in infos:
                    name = info.filename.replace("\\", "/")
                    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or ".." in name.split("/"):
                        raise fail(path, f"zip entry '{info.filename}' points outside the export folder: "
                                         f"refused ({path.name})")
                xml_infos = [i for i in infos if _XML_NAME.fullmatch(posixpath.basename(i.filename))]
                if not xml_infos:
                    raise fail(path, f"no PublicationN.xml in {path.name}")
                info = xml_infos[0]
                if info.file_size > MAX_FILE_BYTES:
                    raise fail(path, f"{info.filename} unpacks to {info.file_size / 1e6:.0f} MB: "
                                     f"over the {MAX_FILE_BYTES / 1e6:.0f} MB limit ({path.name})")
                with archive.open(info) as handle:
                    self.xml = handle.read(MAX_FILE_BYTES + 1)
                if len(self.xml) > MAX_FILE_BYTES:  # the size in the zip's directory lied
                    raise fail(path, f"{info.filename} unpacks to over {MAX_FILE_BYTES / 1e6:.0f} MB ({path.name})")
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
            raise corrupt(path, f"damaged SBSYS publication {path.name} (not a readable zip: {exc})") from None
        # Paths are kept relative to the folder that holds the XML (`PublicationN/`).
        self.xml_name = posixpath.basename(info.filename)
        prefix = posixpath.dirname(info.filename.replace("\\", "/"))
        self.files = {
            posixpath.relpath(i.filename.replace("\\", "/"), prefix or "."): i
            for i in infos if not i.is_dir() and i.filename.replace("\\", "/").startswith(prefix)
        }


def read_meeting(path: str | Path) -> Meeting:
    """The meeting of an SBSYS publication (see the module docstring)."""
    path = Path(path)
    export = _Export(path)
    agenda = _agenda(path, export)
    meeting = agenda.find("Meeting")
    body = clean_heading(element_text(agenda, "Committee/Name") or element_text(agenda, "Name"))
    if not body:
        raise fail(path, f"no committee name in {export.xml_name}")
    when = element_text(meeting, "When")
    start = parse_local(when, _DATE_FORMATS)
    if start is None:
        raise fail(path, f"no readable meeting date in {export.xml_name} ({body})")
    items = [_item(path, export, entry, start.date().isoformat()) for entry in agenda.iterfind("Items/Item")]
    if not items:
        raise fail(path, f"meeting has no agenda items ({body}, {start.date().isoformat()})")
    items.sort(key=lambda item: number_key(item.number))
    held = bool(element_text(meeting, "Concluded"))  # the date the meeting was concluded
    return Meeting(
        body=body,
        meeting_date=start.date().isoformat(),
        system=SYSTEM,
        source_id=(meeting.get("ID") if meeting is not None else None) or agenda.get("ID"),
        start=start.isoformat(timespec="seconds") if ":" in when else None,
        place=element_text(meeting, "Where") or element_text(agenda, "Committee/DefaultMeetingPlace") or None,
        doc_type="referat" if held and has_decisions(items) else "dagsorden",
        attendees=[a for a in map(_attendee, agenda.iterfind("Meeting/Members/MeetingMember")) if a is not None],
        items=items,
    )


def export_files(path: str | Path) -> dict[str, str]:
    """Every enclosure the export names, relative to its folder, with its role: "attachment"
    (of a public item) or "closed" (of an item that is not public: never to be indexed)."""
    path = Path(path)
    export = _Export(path)
    roles: dict[str, str] = {}
    for entry in _agenda(path, export).iterfind("Items/Item"):
        public = _is_public(entry)
        for enclosure in entry.iterfind("Enclosures/Enclosure"):
            name = _enclosure_file(enclosure)
            if name and roles.get(name) != "closed":
                roles[name] = "attachment" if public and not _is_withheld(enclosure) else "closed"
    return roles


def member_sizes(path: str | Path) -> dict[str, int]:
    """A publication zip's files, by their path relative to the export folder ("Enclosures/1.pdf"),
    with the size each unpacks to as the zip's directory declares it (nothing unpacked); {} for
    a folder. Raises `UnreadableFile` for a zip that cannot be read or leaves its folder."""
    return {name: info.file_size for name, info in _Export(Path(path)).files.items()}


def member_blocks(path: str | Path, name: str, block: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of the file `name` (as `member_sizes` names it) in a publication zip, in blocks,
    unpacked in memory, never more than the zip's directory declares (zipfile stops there, and a
    checksum that does not match is a damaged file). Raises `UnreadableFile` naming the file."""
    path = Path(path)
    info = _Export(path).files.get(name)
    where = path / name
    if info is None:
        raise fail(where, f"no file {name} in {path.name}")
    try:
        with zipfile.ZipFile(path) as archive, archive.open(info.filename) as handle:
            while chunk := handle.read(block):
                yield chunk
    except RuntimeError as exc:  # zipfile's word for a member that needs a password
        raise fail(where, f"{name} in {path.name} is encrypted (password required)") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, KeyError) as exc:
        raise corrupt(where, f"damaged file {name} in {path.name} ({exc})") from None


def _agenda(path: Path, export: _Export) -> ET.Element:
    root = parse_xml(path, export.xml, export.xml_name)
    agenda = root.find("Agendas/Agenda")
    if root.tag != "Publication" or agenda is None:
        raise fail(path, f"not an SBSYS publication ({export.xml_name}): no Publication/Agendas/Agenda")
    return agenda


def _is_public(entry: ET.Element) -> bool:
    return element_text(entry, "IsPublic").lower() != "false" and not is_closed_title(element_text(entry, "Caption"))


def _is_withheld(enclosure: ET.Element) -> bool:
    """An enclosure published by title only ("Ikke offentliggjort - Bilag 2 …")."""
    return element_text(enclosure, "Name").lower().startswith(("ikke offentliggjort", "lukket"))


def _enclosure_file(enclosure: ET.Element) -> str | None:
    """The enclosure's file relative to the export folder ("Enclosures\\1.pdf" → "Enclosures/1.pdf"),
    or None when the name would leave the folder."""
    name = element_text(enclosure, "InstantiationFilePathRelative").replace("\\", "/")
    if not name or name.startswith("/") or ".." in name.split("/") or re.match(r"[A-Za-z]:", name):
        return None
    return posixpath.normpath(name)


def _item(path: Path, export: _Export, entry: ET.Element, meeting_date: str) -> AgendaItem:
    number = element_text(entry, "Number")
    title = element_text(entry, "Caption")
    case_number = element_text(entry, "Case/Number") or None
    if not _is_public(entry):
        return AgendaItem(number=number, title=title, case_number=case_number, closed=True)
    sections = []
    for field in sorted(entry.iterfind("Fields/ItemField"), key=lambda f: number_key(element_text(f, "Index"))):
        content = field.findtext("Content") or ""
        check_field_size(path, content, f"item {number} of {export.xml_name}")
        # Fields are HTML ("Html") or plain text ("Multiline"); plain text keeps its lines.
        text = html_to_text(content) if element_text(field, "FieldTypeAsEnum").lower() == "html" else content.strip()
        heading = clean_heading(element_text(field, "Caption")) or "Sagsfremstilling"
        if is_decision_heading(heading):
            sections.extend(_decision_slots(heading, text, meeting_date))
        else:
            sections.append(Section(heading, text))
    attachments = []
    for enclosure in entry.iterfind("Enclosures/Enclosure"):
        name = _enclosure_file(enclosure)
        attachments.append(Attachment(
            title=element_text(enclosure, "Name") or element_text(enclosure, "FileName") or "Bilag",
            source_id=enclosure.get("ID"),
            file=name if name and not _is_withheld(enclosure) and export.has(name) else None,
            url=element_text(enclosure, "DownloadUrl") or None,
        ))
    return AgendaItem(number=number, title=title, case_number=case_number,
                      sections=keep_sections(sections), attachments=attachments)


def _decision_slots(heading: str, text: str, meeting_date: str) -> list[Section]:
    """A decision field as this meeting's decision and the case's history. SBSYS keeps one field
    per body across the case's meetings, each meeting's decision under its date ("18. september
    2012: Sagen udsat … 25. september 2012:"): only the slot dated `meeting_date` (ISO) is this
    meeting's (an empty one: no decision yet); an earlier slot is history. Only a field that opens
    with a dated slot is read so; a later date is the slot's text ("1. januar 2014: ikrafttræden")."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    opening = _SLOT.match(first)
    if not opening or (_slot_date(opening) or "9999") > meeting_date:
        return [Section(heading, text)]
    own: list[str] = []
    history: list[str] = []
    target = own
    for line in lines:
        slot = _SLOT.match(line)
        when = _slot_date(slot) if slot else None
        if when and when <= meeting_date:
            target = own if when == meeting_date else history
            if target is own:
                line = line[slot.end():]  # the date heads this meeting's slot: its decision is the rest
        target.append(line)
    sections = [Section(_HISTORY_HEADING, _joined(history))] if _joined(history) else []
    return sections + [Section(heading, _joined(own))]


def _joined(lines: list[str]) -> str:
    """Lines as a field's text: paragraphs separated by one blank line, none at the ends."""
    return re.sub(r"\n\s*\n\s*", "\n\n", "\n".join(lines)).strip()


def _slot_date(slot: re.Match) -> str | None:
    """The ISO date of a slot's heading; None for a date that does not exist."""
    if slot.group("year"):
        day, month, year = int(slot.group("day")), _MONTHS.index(slot.group("month_name").lower()) + 1, int(slot.group("year"))
    else:
        day, month, year = int(slot.group("nday")), int(slot.group("nmonth")), int(slot.group("nyear"))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _attendee(member: ET.Element) -> Attendee | None:
    """"Doris Børger (A)" → name "Doris Børger", role "A"; participation from its status. None for
    a member without a name, or whose participation is not decided (not known to be present or absent)."""
    name = element_text(member, "Name")
    match = re.fullmatch(r"(.+?)\s*\(([^)]{1,12})\)", name)
    status = element_text(member, "ParticipationStatusAsValue") or _UNDECIDED
    if not name or status == _UNDECIDED or element_text(member, "ParticipationStatusAsText").lower() == "notdecided":
        return None
    roles = [element_text(r, ".") for r in member.iterfind("MeetingMemberRoles/*")]
    role = ", ".join(([match.group(2)] if match else []) + [r for r in roles if r]) or None
    note = element_text(member, "ParticipationNote") or None
    absent = status not in _PRESENT
    if absent:
        note = ", ".join(p for p in (element_text(member, "ParticipationStatusAsText"), note) if p) or None
    return Attendee(name=match.group(1) if match else name, role=role, absent=absent, note=note)
