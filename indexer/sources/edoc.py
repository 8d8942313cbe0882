"""eDoc agenda publishing: one meeting as eDoc exports it, read into a `Meeting`.

In:  an export folder (or its `eDocAgendaPublishing.xml`): the committee, meeting date and
     state, one `MeetingAgendaType` per agenda part (open, closed), each with its items
     (number, title, the item's own PDF, the item's text as `FullText`, attachments with
     their PDFs), and the PDFs beside the XML.
Out: `indexer.records.Meeting` (system "edoc"). Structure gives body, start, state, items,
     item order, attachments and their files; eDoc's XML has no fields, so an item's
     sections, its case number ("Sagsnr.: …"), the place and the attendee list come from
     the text eDoc exports with it (`FullText`). Items of a closed agenda part ("Lukket …")
     keep number, title and case number only.

`export_files` names the PDFs of the export: attachments of open items, the minutes (the open
agenda part's own PDF: the meeting's text again, with its pages), items' own text again as PDF,
and closed items' files (never to be indexed). `minutes_file` names the minutes PDF alone.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from indexer.records import AgendaItem, Attachment, Attendee, Meeting, Section
from indexer.sources.common import (
    check_field_size,
    element_text,
    fail,
    has_decisions,
    is_decision_heading,
    keep_sections,
    number_key,
    parse_local,
    parse_xml,
    read_limited,
)

SYSTEM = "edoc"
XML_NAME = "eDocAgendaPublishing.xml"
_DATE_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")

# Headings of the item text in Ballerup's eDoc template, each alone on its line.
SECTION_HEADINGS = frozenset({
    "sammendrag", "resume", "baggrund", "sagsfremstilling", "økonomiske konsekvenser og finansiering",
    "økonomiske konsekvenser", "bilag", "beslutningen træffes af", "indstilling", "tidligere behandling",
    "høring", "kommunikation", "lovgrundlag", "retsgrundlag", "vurdering", "tidsplan",
})
# "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 3": a decision.
_DECISION_LINE = re.compile(r"^\S.{0,120}\bbeslutning den \d{1,2}\.\d{1,2}\.\d{4}\b.*$", re.IGNORECASE)
_CASE_LINE = re.compile(r"^Sagsnr\.?:\s*(\S+)", re.IGNORECASE)
_EARLIER = re.compile(r"\bden \d{1,2}\. \w+ \d{4},? Punkt \d+", re.IGNORECASE)
_NO_ONE_ABSENT = "følgende deltog ikke i behandlingen af punktet:"
# A sub-point of an item's text: "c. Konference den 10. december 2012 - …", or its letter alone on its line.
_SUB_POINT = re.compile(r"^[a-h]\.(?:\s*[A-ZÆØÅ]|$)")


def find_xml(path: str | Path) -> Path:
    """The export's XML: the path itself, or `eDocAgendaPublishing.xml` in the folder."""
    path = Path(path)
    if path.is_dir():
        for child in path.iterdir():
            if child.name.lower() == XML_NAME.lower():
                return child
        raise fail(path, f"no {XML_NAME} in the eDoc export folder {path.name}")
    return path


def read_meeting(path: str | Path) -> Meeting:
    """The meeting of an eDoc export (see the module docstring)."""
    xml_path = find_xml(path)
    root = _root(xml_path)
    folder = xml_path.parent
    body = element_text(root, "Committee")
    if not body:
        raise fail(xml_path, f"no committee name in {xml_path.name}")
    start = parse_local(element_text(root, "MeetingDate"), _DATE_FORMATS)
    if start is None:
        raise fail(xml_path, f"no readable meeting date in {xml_path.name} ({body})")
    state = element_text(root, "MeetingState")

    items: list[AgendaItem] = []
    overview = ""  # the text of the first open agenda part: attendees and place
    source_id = None
    for part in root.iterfind("MeetingAgendaTypes/MeetingAgendaType"):
        closed = "lukket" in element_text(part, "AgendaType").lower()
        if not closed and not overview:
            overview = part.findtext("FullText") or ""
        source_id = source_id or _meeting_id(element_text(part, "UrlShowCompleteAgendaType"))
        for entry in part.iterfind("MeetingAgendaItems/MeetingAgendaItem"):
            items.append(_item(xml_path, folder, entry, closed))
    if not items:
        raise fail(xml_path, f"meeting has no agenda items ({body}, {start.date().isoformat()})")
    items.sort(key=lambda item: (item.closed, number_key(item.number)))
    check_field_size(xml_path, overview, f"the meeting text of {xml_path.name}")
    held = "referat" in state.lower()
    return Meeting(
        body=body,
        meeting_date=start.date().isoformat(),
        system=SYSTEM,
        source_id=source_id or f"{body}|{start.isoformat(timespec='minutes')}",
        start=start.isoformat(timespec="seconds") if element_text(root, "MeetingDate").count(":") else None,
        place=_place(overview),
        doc_type="referat" if held and has_decisions(items) else "dagsorden",
        attendees=_attendees(overview),
        items=items,
    )


def export_files(path: str | Path) -> dict[str, str]:
    """Every PDF the export names, relative to its folder, with its role: "attachment" (of an
    open item), "minutes" (the open agenda part's PDF: the meeting's text as the secretariat
    paged it), "rendering" (an item's own text again, as PDF) or "closed" (a closed item's file:
    never to be indexed)."""
    xml_path = find_xml(path)
    root = _root(xml_path)
    roles: dict[str, str] = {}
    for part in root.iterfind("MeetingAgendaTypes/MeetingAgendaType"):
        closed = "lukket" in element_text(part, "AgendaType").lower()
        _name_file(roles, element_text(part, "PDFDocument"), "closed" if closed else "minutes")
        for entry in part.iterfind("MeetingAgendaItems/MeetingAgendaItem"):
            _name_file(roles, element_text(entry, "PDFDocument"), "closed" if closed else "rendering")
            for attachment in entry.iterfind("Document/Attachments/Attachment"):
                _name_file(roles, element_text(attachment, "PDFDocument"), "closed" if closed else "attachment")
    return roles


def minutes_file(path: str | Path) -> str | None:
    """The name of the open agenda part's PDF (the minutes as paged, "1552814.PDF"), when the
    export names one that no closed item names too; None otherwise."""
    return next((name for name, role in export_files(path).items() if role == "minutes"), None)


def _name_file(roles: dict[str, str], name: str, role: str) -> None:
    # A closed item's file stays closed even when an open item names it too.
    if _safe_name(name) and roles.get(name) != "closed":
        roles[name] = role


def _safe_name(name: str) -> bool:
    """A file name the export may name: in its own folder, never a path out of it."""
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def _root(xml_path: Path) -> ET.Element:
    root = parse_xml(xml_path, read_limited(xml_path), xml_path.name)
    if root.tag != "Meeting":
        raise fail(xml_path, f"not an eDoc agenda export ({xml_path.name}): root is <{root.tag}>")
    return root


def _meeting_id(url: str) -> str | None:
    """eDoc's meeting id, from the complete agenda's address ("…eDocView.asp?…&id=4110&type=minute")."""
    values = parse_qs(urlsplit(url).query).get("id")
    return values[0] if values else None


# -- items -------------------------------------------------------------------------------------
def _item(xml_path: Path, folder: Path, entry: ET.Element, closed: bool) -> AgendaItem:
    document = entry.find("Document")
    number = element_text(entry, "AgendaItemNumber")
    title = element_text(document, "Title") or element_text(document, "NeutralTitle")
    text = entry.findtext("FullText") or ""
    check_field_size(xml_path, text, f"item {number} of {xml_path.name}")
    case_number = (element_text(document, "Case/CaseLogicIdentifier") or element_text(document, "CaseLogicIdentifier")
                   or _case_number(text) or None)
    if closed:
        return AgendaItem(number=number, title=title, case_number=case_number, closed=True)
    attachments = []
    for attachment in entry.iterfind("Document/Attachments/Attachment"):
        name = element_text(attachment, "PDFDocument")
        present = _safe_name(name) and (folder / name).is_file()
        attachments.append(Attachment(
            title=element_text(attachment, "Title") or element_text(attachment, "NeutralTitle") or name or "Bilag",
            source_id=attachment.get("attachmentid"),
            file=name if present else None,
        ))
    return AgendaItem(number=number, title=title, case_number=case_number,
                      sections=keep_sections(_sections(text)), attachments=attachments)


def _case_number(text: str) -> str | None:
    for line in text.splitlines()[:60]:
        match = _CASE_LINE.match(line.strip())
        if match:
            return match.group(1)
    return None


def _paragraphs(lines: list[str]) -> str:
    """Lines of exported text as paragraphs: blank lines separate them; a list marker alone
    on its line ("a.", "A)") joins the line after it."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        line = " ".join(line.split())
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
        elif paragraphs[-1] and re.fullmatch(r"[a-zA-Z0-9]{1,2}[.)]", paragraphs[-1][-1]):
            paragraphs[-1][-1] += f" {line}"
        else:
            paragraphs[-1].append(line)
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def _sections(text: str) -> list[Section]:
    """An item's exported text split at its template's headings. The first lines ("2.<tab>Title",
    "Sagsnr.: …", "Dok.nr.: …") repeat what the structure says and are left out."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and re.match(r"^\s*\d+[a-z]?\.\s", lines[0]):
        lines.pop(0)
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        stripped = " ".join(line.split())
        if re.match(r"^(Sagsnr|Dok\.?nr)\.?:", stripped, re.IGNORECASE):
            continue
        if stripped.lower() in SECTION_HEADINGS or _DECISION_LINE.match(stripped):
            sections.append((stripped, []))
        elif sections[-1][0].lower() == "bilag" and _SUB_POINT.match(stripped) and len(sections) > 1:
            # "Bilag" under a sub-point lists that point's files; the next point ("c. Konference …") goes
            # on with the text the points stand in, not under "Bilag"
            sections.append((sections[-2][0] or "Sagsfremstilling", [line]))
        else:
            sections[-1][1].append(line)
    out = []
    for index, (heading, body) in enumerate(sections):
        paragraphs = _paragraphs(body)
        if is_decision_heading(heading):
            # An empty "Følgende deltog ikke i behandlingen af punktet:" says no one was absent.
            kept = [p for p in paragraphs.split("\n\n") if p.strip().lower() != _NO_ONE_ABSENT]
            paragraphs = "\n\n".join(kept)
        if index == 0:
            # Before the first heading: references to earlier meetings ("Kommunalbestyrelsen
            # den 30. januar 2012 Punkt 5"), or an item's text without the template's headings.
            earlier = paragraphs and all(_EARLIER.search(line) for line in paragraphs.split("\n") if line)
            heading = "Tidligere behandling" if earlier else "Sagsfremstilling"
        out.append(Section(heading, paragraphs))
    return out


# -- what only the exported text says ----------------------------------------------------------
def _overview_lines(overview: str) -> list[str]:
    lines = [" ".join(line.split()) for line in overview.splitlines()]
    end = next((i for i, line in enumerate(lines) if line.upper() == "INDHOLDSFORTEGNELSE"), len(lines))
    return lines[:end]


def _place(overview: str) -> str | None:
    """The line after the date line ("tirsdag den 4. december 2012, kl. 13:00") that says where."""
    lines = [line for line in _overview_lines(overview) if line]
    for previous, line in pairwise(lines):
        if re.search(r"\bkl\.\s*\d", previous) and line.lower().startswith("i "):
            return line[2:].strip()
    return None


_LIST_HEADINGS = {"tilstede": "present", "til stede": "present", "afbud/fraværende": "absent",
                  "afbud": "absent", "fraværende": "absent", "sekretær": "secretary"}


def _attendees(overview: str) -> list[Attendee]:
    """The lists "Tilstede", "Afbud/Fraværende" and "Sekretær" of the meeting's front page."""
    attendees: list[Attendee] = []
    current = None
    for line in _overview_lines(overview):
        if line.lower() in _LIST_HEADINGS:
            current = _LIST_HEADINGS[line.lower()]
        elif not line or current is None:
            continue
        elif current == "secretary":
            attendees.append(Attendee(name=line, role="Sekretær"))
            current = None  # one secretary; what follows is the next part of the page
        else:
            attendees.append(_attendee(line, absent=current == "absent"))
    return attendees


def _attendee(line: str, absent: bool) -> Attendee:
    """"Lolan Ottesen (A) - formand" → name "Lolan Ottesen", role "A, formand"."""
    match = re.fullmatch(r"(.+?)\s*(?:\(([^)]{1,12})\))?\s*(?:-\s*(.+))?", line)
    name, party, function = (match.group(1), match.group(2), match.group(3)) if match else (line, None, None)
    role = ", ".join(part for part in (party, function) if part) or None
    return Attendee(name=name.strip(), role=role, absent=absent, note="Afbud/Fraværende" if absent else None)
