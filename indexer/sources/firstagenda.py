"""FirstAgenda Publication: one meeting as the portal's API returns it, read into a `Meeting`.

In:  a .json file holding the response of `GET {portal}/api/agenda/dagsorden/{meeting id}`
     (`Id`, `Udvalg`, `Moede`, `Dagsordenpunkter`, each item with `Felter[].Html` and `Bilag`).
Out: `indexer.records.Meeting` (system "firstagenda"): committee, local start time, place,
     attendees with absences, items in order with their named sections (Beslutning,
     Indstilling, … : the field's headings) as plain text and their attachments. A closed item ("Lukket …" in its title: `IsOpen` is false on every
     item in real exports, so it says nothing) keeps its number, title and case number only.

Raises `UnreadableFile` for malformed or truncated JSON, an HTML page saved instead of JSON,
a response that is not a meeting, a meeting without agenda items, and oversized fields.

The PDFs a harvest (`indexer.sources.harvest`) saves beside a meeting, in a folder of the
meeting file's name, have roles (`export_files`): an attachment is indexed as the meeting's,
an item's own text as PDF (a "rendering") is not indexed again.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from indexer.records import AgendaItem, Attachment, Attendee, Meeting, Section
from indexer.sources.common import (
    MAX_FILE_BYTES,
    check_field_size,
    clean_heading,
    corrupt,
    fail,
    has_decisions,
    is_closed_title,
    is_decision_heading,
    keep_sections,
    number_key,
    read_limited,
    squashed,
)
from indexer.sources.html import Block, html_blocks, join_blocks

SYSTEM = "firstagenda"
_ZERO_ID = "00000000-0000-0000-0000-000000000000"

# The field headings FirstAgenda templates use (Greve's, and the usual Danish ones). Other
# <h…> elements in a field are headings inside the text ("Tabel 1: …", "2023") and stay text.
_HEADINGS = (
    "Beslutning", "Fremstilling", "Sagsfremstilling", "Supplerende sagsfremstilling", "Sagens forløb",
    "Sagsprocedure", "Resume", "Resumé", "Sammendrag", "Indstilling", "Supplerende indstilling",
    "Sagsbeskrivelse", "Baggrund", "Vurdering", "Økonomiske konsekvenser", "Økonomi", "Lovgrundlag",
    "Retsgrundlag", "Tidsplan", "Kommunikation", "Øvrige konsekvenser", "Øvrige forhold", "Høring",
    "Miljøvurdering", "Borgerinddragelse", "Personalemæssige konsekvenser", "Tidligere beslutninger",
    "Beslutningen træffes af", "Bilag",
)
SECTION_HEADINGS = {h.lower(): h for h in _HEADINGS}  # lowered → as written
_DEFAULT_HEADING = "Sagsfremstilling"  # text of a field that has no heading of its own


def read_meeting(path: str | Path) -> Meeting:
    """The meeting in a FirstAgenda JSON file (see the module docstring)."""
    path = Path(path)
    return _meeting(path, _parse(path, read_limited(path)))


def read_response(raw: bytes, name: str) -> Meeting:
    """The meeting in a response body held in memory, checked exactly as `read_meeting` checks
    a saved file; `name` (the file it would be saved as) names it in the errors."""
    path = Path(name)
    if len(raw) > MAX_FILE_BYTES:
        raise fail(path, f"response of {len(raw) / 1e6:.0f} MB is over the {MAX_FILE_BYTES / 1e6:.0f} MB "
                         "limit for a meeting export")
    return _meeting(path, _parse(path, raw))


def _meeting(path: Path, data: dict) -> Meeting:
    name = path.name
    committee = _as_object(path, data.get("Udvalg"), "Udvalg")
    meeting = _as_object(path, data.get("Moede"), "Moede")
    raw_items = data.get("Dagsordenpunkter")
    if isinstance(raw_items, str):
        raw_items = _nested_json(path, raw_items, "Dagsordenpunkter")
    if not isinstance(raw_items, list):
        raise fail(path, f"not a FirstAgenda meeting ({name}): 'Dagsordenpunkter' is not a list")

    body = _text(committee.get("Navn")).lstrip(". ")  # Greve sorts a committee first with a leading "."
    if not body:
        raise fail(path, f"no committee name ('Udvalg.Navn') in {name}")
    start = local_start(meeting.get("Dato") or meeting.get("MeetingBeginUtc"))
    if start is None:
        raise fail(path, f"no readable meeting date ('Moede.Dato') in {name}")
    if not raw_items:
        raise fail(path, f"meeting has no agenda items ({body}, {start.date().isoformat()}, {name})")

    items = sorted((_item(path, raw, i) for i, raw in enumerate(raw_items) if isinstance(raw, dict)),
                   key=lambda pair: pair[0])
    agenda = [item for _, item in items]
    absences, told = _item_absences(raw_items)
    held = meeting.get("Afsluttet") is True
    return Meeting(
        body=body,
        meeting_date=start.date().isoformat(),
        system=SYSTEM,
        source_id=_text(data.get("Id")) or None,
        start=start.isoformat(timespec="seconds"),
        place=_text(meeting.get("Sted")) or None,
        doc_type="referat" if held and has_decisions(agenda) else "dagsorden",
        attendees=_attendees(meeting.get("Moededeltagere"), absences,
                             {i.number for i in agenda if not i.closed and i.number in told}),
        items=agenda,
    )


# -- reading the file --------------------------------------------------------------------------
def _parse(path: Path, raw: bytes) -> dict:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise corrupt(path, f"not UTF-8 text at byte {exc.start} ({path.name})") from None
    stripped = text.lstrip()
    if not stripped:
        raise corrupt(path, f"empty: no JSON in {path.name}")  # a saved file, or a response never saved
    if stripped.startswith("<"):
        # A portal that wants a session cookie (or is down) answers with a web page.
        raise fail(path, f"the portal answered with an HTML page, not JSON ({path.name}): "
                         "fetch the meeting again")
    try:
        data = json.loads(text)
        if isinstance(data, str):  # a response encoded twice, as some proxies return it
            data = json.loads(data)
    except json.JSONDecodeError as exc:
        # A string that runs to the end, or an error at the very end: the file was cut off.
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()) - 1:
            raise corrupt(path, f"JSON ends early: truncated download? ({path.name})") from None
        raise corrupt(path, f"malformed JSON at line {exc.lineno}, column {exc.colno} ({path.name})") from None
    except RecursionError:  # "[[[[…" a hundred thousand deep: no meeting nests like that
        raise corrupt(path, f"JSON nested too deeply to be a meeting ({path.name})") from None
    if not isinstance(data, dict) or "Dagsordenpunkter" not in data:
        raise fail(path, f"not a FirstAgenda meeting ({path.name}): no 'Dagsordenpunkter'")
    return data


def _nested_json(path: Path, value: str, field: str):
    """A value that holds JSON as a string (some portals nest objects that way)."""
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise corrupt(path, f"'{field}' holds malformed JSON ({path.name})") from None


def _as_object(path: Path, value: object, field: str) -> dict:
    if isinstance(value, str) and value.strip().startswith("{"):
        value = _nested_json(path, value, field)
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return squashed(value) if isinstance(value, str) else ""


def local_start(value: object) -> datetime | None:
    """The meeting's start as local wall time. FirstAgenda writes it with the local offset
    ("2022-01-10T07:45:00+01:00"); a UTC value is turned into Danish time."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.utcoffset() == timedelta(0):
        try:
            moment = moment.astimezone(ZoneInfo("Europe/Copenhagen"))
        except ZoneInfoNotFoundError:  # no time zone data on this machine: keep the value as given
            pass
    return moment.replace(tzinfo=None)


# -- items -------------------------------------------------------------------------------------
# A case history's entry opens with its meeting's day and body underlined ("<u>16-11-2023 Klima-, Teknik- og
# Miljøudvalget</u><br>"), often straight after the last line of the entry before ("<br>Fraværende: Anne Marie
# Lyduch\r\n\r\n<u>16-11-2023 …"): a paragraph of its own, not the end of that line.
_ENTRY_HEADER = re.compile(r"(?=<u>\s*\d{2}-\d{2}-\d{4}\b)", re.I)

def _closed(raw: dict) -> bool:
    """Whether an item is closed: either of its two titles says so (`Navn`, `Caption`: the same in every Greve
    meeting, but nothing makes them so)."""
    return is_closed_title(_text(raw.get("Navn"))) or is_closed_title(_text(raw.get("Caption")))


def _item(path: Path, raw: dict, index: int) -> tuple[tuple[int, int], AgendaItem]:
    number = _text(raw.get("Punktnummer")) or _text(raw.get("Number")) or str(index + 1)
    title = _text(raw.get("Navn")) or _text(raw.get("Caption"))
    case_number = _text(raw.get("SagsNummer")) or _text(raw.get("CaseNumber")) or None
    sorting = raw.get("Sorting")
    order = (sorting if isinstance(sorting, int) else index, index)
    if _closed(raw):
        return order, AgendaItem(number=number, title=title, case_number=case_number, closed=True)
    fields = [f for f in raw.get("Felter") or [] if isinstance(f, dict)]
    sections: list[Section] = []
    for field in fields:
        html = field.get("Html") if isinstance(field.get("Html"), str) else _text(field.get("Tekst"))
        check_field_size(path, html, f"item {number} of {path.name}")
        html = _ENTRY_HEADER.sub("<br><br>", html)
        sections.extend(_sections(html_blocks(html), clean_heading(_text(field.get("Navn"))) or _DEFAULT_HEADING))
    portal = _portal(fields)
    attachments = [
        Attachment(
            title=_text(b.get("Navn")) or "Bilag",
            source_id=_text(b.get("Id")) or None,
            url=f"{portal}/Vis/Pdf/bilag/{b['Id']}" if portal and _text(b.get("Id")) else None,
        )
        for b in raw.get("Bilag") or [] if isinstance(b, dict)
    ]
    links = [_text(f.get("Link")) for f in fields if _text(f.get("DocumentId")) not in ("", _ZERO_ID)]
    return order, AgendaItem(
        number=number,
        title=title,
        case_number=case_number,
        sections=keep_sections(_merge_same(sections)),
        attachments=attachments,
        url=next((link for link in links if link), None),  # the item as the portal's PDF
    )


def _sections(blocks: list[Block], default_heading: str) -> list[Section]:
    """Split a field's blocks at its known section headings; other headings stay text. Under "Fremstilling" (or a
    field's own heading), a paragraph that is a known section's name alone is its heading too, and so on in that
    field: some items set their sections in bold paragraphs inside "Fremstilling" ("<p><strong>Sagsprocedure
    </strong></p>", 75 of Greve's 2,679 items of 2022–2023), and their routing, history and description then read
    as such. Elsewhere such a line stays text (a "Høring" subheading inside "Sagsbeskrivelse")."""
    sections: list[Section] = []
    heading, body = default_heading, []
    by_paragraph = False  # the field's sections are set as paragraphs
    for block in blocks:
        named = block.kind == "paragraph" and clean_heading(block.text).lower() in SECTION_HEADINGS and (
            by_paragraph or heading in (default_heading, "Fremstilling"))
        if (block.kind == "heading" and (not block.text or _is_section_heading(block.text))) or named:
            by_paragraph = named
            if body:
                sections.append(Section(heading, join_blocks(body)))
            found = clean_heading(block.text)
            heading, body = SECTION_HEADINGS.get(found.lower(), found) or default_heading, []
        else:
            body.append(Block("paragraph", block.text) if block.kind == "heading" else block)
    if body:
        sections.append(Section(heading, join_blocks(body)))
    return sections


def _is_section_heading(text: str) -> bool:
    heading = clean_heading(text)
    # "Byrådets beslutning 25-04-2022" and the like: a decision field of another template.
    return heading.lower() in SECTION_HEADINGS or (len(heading) <= 80 and is_decision_heading(heading))


def _merge_same(sections: list[Section]) -> list[Section]:
    """Two fields that continue one heading (a field split in two) read as one section."""
    merged: list[Section] = []
    for section in sections:
        if merged and merged[-1].heading == section.heading:
            merged[-1] = Section(section.heading, f"{merged[-1].text}\n\n{section.text}")
        else:
            merged.append(section)
    return merged


# -- the PDFs a harvest saves beside a meeting -----------------------------------------------------
def pdf_folder(path: Path) -> Path:
    """Where the PDFs of the meeting in `path` lie: beside it, in a folder of its name
    ("2022-03-21_<id>.json" → "2022-03-21_<id>/")."""
    return path.with_suffix("")


def pdf_documents(data: dict) -> dict[str, str]:
    """The PDFs a meeting response names, by document id, with their role: "rendering" (an
    item's own text as PDF: `Felter[].DocumentId`, when not a zero GUID) or "attachment"
    (`Bilag[].Id`). A closed item's files are left out: never fetched, never indexed."""
    found: dict[str, str] = {}
    raw_items = data.get("Dagsordenpunkter")
    if isinstance(raw_items, str):
        try:
            raw_items = json.loads(raw_items)
        except json.JSONDecodeError:
            raw_items = []
    for raw in raw_items if isinstance(raw_items, list) else []:
        if not isinstance(raw, dict) or _closed(raw):
            continue
        for field in raw.get("Felter") or []:
            document = _text(field.get("DocumentId")) if isinstance(field, dict) else ""
            if document and document != _ZERO_ID and _safe_id(document):
                found.setdefault(document, "rendering")
        for attachment in raw.get("Bilag") or []:
            document = _text(attachment.get("Id")) if isinstance(attachment, dict) else ""
            if document and document != _ZERO_ID and _safe_id(document):
                found[document] = "attachment"
    return found


def _safe_id(document: str) -> bool:
    """A document id usable as a file name (a GUID, nothing that walks out of the folder)."""
    return len(document) <= 100 and all(c.isalnum() or c == "-" for c in document)


def export_files(path: Path) -> dict[str, str]:
    """The PDFs a harvest saved (or may save) beside the meeting in `path`, as names relative to
    its folder ("<stem>/<document id>.pdf") with their role (see `pdf_documents`).

    Raises `UnreadableFile` when the meeting cannot be read: what its PDFs are cannot be told."""
    data = _parse(path, read_limited(path))
    return {pdf_name(path, document): role for document, role in pdf_documents(data).items()}


def pdf_name(path: Path, document: str) -> str:
    """Where a harvest saves the PDF of `document` beside the meeting in `path`, relative to the
    meeting's folder: "<stem>/<document id>.pdf"."""
    return (pdf_folder(Path(Path(path).name)) / f"{document}.pdf").as_posix()


def _portal(fields: list[dict]) -> str | None:
    """The portal's address, from a field's PDF link ("https://dagsordener.greve.dk/Vis/Pdf/…")."""
    for field in fields:
        parts = urlsplit(_text(field.get("Link")))
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return None


# -- attendees ---------------------------------------------------------------------------------
# The signature sheet lists nobody absent, whoever was (Greve: Mehmet Zeki Dogru, away for every item
# of 10 January 2022, is not listed on its "Underskriftsark").
_SIGNATURES = re.compile(r"\s*underskrift", re.I)


def _item_absences(raw_items: list) -> tuple[dict[str, tuple[str, set[str]]], set[str]]:
    """Who was absent from which items, and which items say anything about attendance:
    FirstAgenda lists absences per item (`ExternalAgendaItemAttendees` with a `Reason`
    such as "Fraværende"); an empty list says nobody was, except on the signature sheet; an item
    without the list says nothing (Greve 2022–2023: every item has it, most of them empty)."""
    absent: dict[str, tuple[str, set[str]]] = {}
    told: set[str] = set()
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            continue
        number = _text(raw.get("Punktnummer")) or _text(raw.get("Number")) or str(index + 1)
        title = _text(raw.get("Navn")) or _text(raw.get("Caption"))
        if isinstance(raw.get("ExternalAgendaItemAttendees"), list) and not _SIGNATURES.match(title):
            told.add(number)
        for entry in raw.get("ExternalAgendaItemAttendees") or []:
            if not isinstance(entry, dict) or not _text(entry.get("Name")):
                continue
            reason = _text(entry.get("Reason"))
            if not reason and entry.get("AttendanceType") != 2:
                continue  # listed without a reason or an absence type: not known to be absent
            previous = absent.get(_text(entry["Name"]), (reason or "Fraværende", set()))
            absent[_text(entry["Name"])] = (previous[0], previous[1] | {number})
    return absent, told


def _attendees(raw: object, absences: dict[str, tuple[str, set[str]]], open_items: set[str]) -> list[Attendee]:
    """The attendee list; someone absent from every open item that records attendance was
    absent from the meeting, someone absent from some items gets a note naming them."""
    attendees: list[Attendee] = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict) or not _text(entry.get("Name")):
            continue
        name = _text(entry["Name"])
        cancelled, absent = entry.get("ParticipationCancelled") is True, entry.get("Absent") is True
        note = "Afbud" if cancelled else "Fraværende" if absent else None
        reason, numbers = absences.pop(name, ("", set()))
        if numbers and not (cancelled or absent):
            if open_items and open_items <= numbers:  # absent from every open item: absent from the meeting
                absent, note = True, reason
            else:
                note = f"{reason} under punkt {', '.join(sorted(numbers, key=number_key))}"
        attendees.append(Attendee(name=name, absent=cancelled or absent, note=note))
    for name, (reason, numbers) in absences.items():  # absent from items, not on the list
        whole = bool(open_items) and open_items <= numbers
        attendees.append(Attendee(name=name, absent=whole,
                                  note=reason if whole else f"{reason} under punkt {', '.join(sorted(numbers, key=number_key))}"))
    return attendees
