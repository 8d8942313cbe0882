"""Ingestion: a file in, its `Record` and retrieval `Paragraph`s out.

read (`read.read_document`, OCR for scanned pages) → clean (`clean.clean_document`) →
segment (`structure` then `chunk`) → metadata (`metadata.describe`, told the case number
each agenda item states; overridden by the archive's catalog; every field's origin in
`Record.sources`).
`format_inspection` renders the result for `python -m indexer inspect FILE`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping, NamedTuple

from indexer.ingest.catalog import CATALOG_FIELDS, catalog_key, load_catalog
from indexer.ingest.clean import clean_document
from indexer.errors import UnreadableFile
from indexer.ingest.metadata import MEETING_TYPES, PAPER_TYPES, describe
from indexer.ingest.read import SUPPORTED_SUFFIXES, document_path, read_document, sha256_file
from indexer.records import Paragraph, Record
from indexer.ingest.segment import segment
from indexer.ingest.limits import refuse
from indexer.sources import export_place, is_meeting_source, minutes_pdf, read_meeting, to_paragraphs

_RECORD_FIELDS = ("title", "body", "meeting_date", "doc_type", "case_number", "document_date", "attachment_to", "author")


def _siblings(path: Path, root: str | Path | None) -> list[str]:
    """Archive paths of the readable files beside an attachment (its minutes are there)."""
    if "bilag" not in path.as_posix().lower():
        return []  # only attachments look around; a folder of 10,000 files is not listed 10,000 times
    # ".../møde/bilag/x.pdf": the minutes lie one folder up
    folder = path.parent.parent if path.parent.name.lower() == "bilag" else path.parent
    try:
        return sorted(document_path(p, Path(root) if root is not None else None)
                      for p in folder.iterdir() if p != path and p.suffix.lower() in SUPPORTED_SUFFIXES)
    except OSError:
        return []


def ingest_file(
    path: str | Path,
    root: str | Path | None = None,
    catalog: Mapping[str, Mapping[str, str]] | None = None,
    *,
    content_hash: str | None = None,
    ocr: bool = True,
) -> tuple[Record, list[Paragraph]]:
    """Read, clean and segment one file and describe it.

    Args:
        path: the file (or an attachment inside a publication zip, named through the zip:
            "…/Publication32.zip/Enclosures/1.pdf").
        root: the archive root; paths are stored relative to it, and its catalog is
            read when `catalog` is not given.
        catalog: entries from `catalog.load_catalog`, keyed by path relative to root.
        content_hash: the file's sha256 when the caller computed it (the file is not hashed again).
        ocr: read scanned pages with Tesseract (cached per content hash).

    Returns:
        The document's record and its paragraphs in reading order.

    Raises:
        UnreadableFile: the file cannot be read, or holds no text once cleaned.
        InvalidInput: the archive's catalog has a bad row (only when it is read here).
    """
    path = Path(path)
    if catalog is None:
        catalog = load_catalog(root) if root is not None else {}
    if is_meeting_source(path):
        return _ingest_meeting(path, root, catalog, content_hash, ocr)
    export = export_place(path)
    if export is not None and export.role == "closed":
        reason = "a closed agenda item's file in a meeting export: not indexed"
        raise UnreadableFile(path, reason, code="unreadable", detail=reason)
    if export is not None and export.role == "unreadable":  # it may be a closed item's file: never read
        name = document_path(export.export, _root(root))
        raise refuse(path, "export_unreadable", export=name, detail=export.reason)
    document = read_document(path, root, content_hash=content_hash, ocr=ocr)
    paged = document.file_type == "pdf"
    cleaned = clean_document([(page.number if paged else None, page.text) for page in document.pages],
                             ocr_pages=[page.number for page in document.pages if page.ocr])
    blocks = cleaned.blocks
    if not blocks:
        raise UnreadableFile(path, "no text left after removing page furniture", code="no_text")
    paragraphs = segment(blocks, document.path, document.content_hash)
    item_cases = list({p.item_number: p.case_number for p in paragraphs if p.item_number}.values())
    body_lines = [block.text for block in blocks if not block.is_contents]
    description = describe(document.path, body_lines, cleaned.running, _siblings(path, root), item_cases)
    fields, sources = description.fields, dict(description.sources)
    if export is not None and export.role == "attachment":
        # The export names the meeting and the item it belongs to: those are what it cites, never
        # what its own headings say (a report's chapter "11." is not the meeting's item 11).
        fields["attachment_to"], sources["attachment_to"] = document_path(export.export, _root(root)), "meeting system"
        citation = dict(export.citation)
        for name in _RECORD_FIELDS:
            if name in citation:
                fields[name], sources[name] = citation[name], "meeting system"
        for paragraph in paragraphs:
            paragraph.item_number, paragraph.item_title = citation.get("item_number"), citation.get("item_title")
            paragraph.case_number = None  # the record's: the item's own
    for name, value in catalog.get(catalog_key(document.path), {}).items():
        if name in CATALOG_FIELDS and value:
            fields[name], sources[name] = value, "catalog"
    # A paper's numbered chapters are no agenda items: one that says it is a paper, or one that reads as no
    # meeting's record and whose "items" state no case number, as a meeting's do, cites none.
    paper = fields.get("doc_type") in PAPER_TYPES or (
        fields.get("doc_type") not in MEETING_TYPES and not any(p.case_number for p in paragraphs))
    if paper and (export is None or export.role != "attachment"):
        for paragraph in paragraphs:
            paragraph.item_number = paragraph.item_title = None
    if fields.get("attachment_to") and root is not None and (export is None or export.role != "attachment"):
        minutes = _minutes_of(Path(root) / fields["attachment_to"], Path(root))
        # an attachment filed beside its minutes is its meeting's: filed under the body that met (a memo's
        # letterhead names the office that wrote it, "Social, Sundhed og Beskæftigelse"), typed a "bilag" where its
        # text says no other type
        if minutes.body and sources.get("body") != "catalog":
            if fields.get("body") and fields["body"] != minutes.body:
                fields["author"], sources["author"] = fields["body"], sources["body"]
            fields["body"], sources["body"] = minutes.body, "its minutes"
        if not fields.get("doc_type"):
            fields["doc_type"], sources["doc_type"] = "bilag", "its minutes"
        if not any(p.item_number for p in paragraphs):
            # it cites the item the minutes list it under, where they tell which, and that item's case number, not
            # its own reference ("Sagsnr: 2012-25401" on a memo listed under "1. Meddelelser", case 2011-29298)
            item = _listed_under(minutes.items, fields.get("case_number"),
                                 _DOCUMENT_NUMBER.findall("\n".join(body_lines[:40])), fields.get("title"))
            title, case = minutes.items[item][:2] if item else (None, None)
            for paragraph in paragraphs:
                paragraph.item_number, paragraph.item_title, paragraph.case_number = item, title, case
    record = Record(
        path=document.path,
        content_hash=document.content_hash,
        file_type=document.file_type,
        pages=len(document.pages),
        sources={k: v for k, v in sources.items() if fields.get(k)},
        ocr_pages=sum(page.ocr for page in document.pages),
        **{k: fields.get(k) for k in _RECORD_FIELDS},
    )
    return record, paragraphs


# An attachment's own document number, as its minutes list it under an item ("Dok.nr.:2012-204021", then in the
# minutes' "Bilag": "2012-204021 - Forslag til takstreduktioner …").
_DOCUMENT_NUMBER = re.compile(r"\bDok\.?\s?nr\.?:?\s*(\d{4}-\d{3,})", re.I)


def _listed_under(items: Mapping[str, tuple[str | None, str | None, str]], case_number: str | None,
                  numbers: list[str], title: str | None) -> str | None:
    """The number of the agenda item of a meeting's minutes (`items`: `_minutes_of`) an attachment belongs to: the one
    item whose case number is the attachment's, else the one whose text lists the attachment's document number, else
    the one item whose title shares most of the attachment's title's words (three or more, half of them:
    "Projektbeskrivelse for etablering af aktivitetscenter på Solvej 6" under "7. Etablering af aktivitetscenter på
    Solvej 6 i Ballerup"); None where no single item does (nothing is guessed)."""
    words = _title_words(title)
    shared = {key: len(words & _title_words(item_title)) for key, (item_title, _, _) in items.items()}
    best = max(shared.values(), default=0)
    for matches in ([key for key, (_, case, _) in items.items() if case_number and case == case_number],
                    [key for key, (_, _, text) in items.items() if any(n in text for n in numbers)],
                    [key for key, n in shared.items() if n == best and n >= 3 and n >= len(words) / 2]):
        if len(matches) == 1:
            return matches[0]
    return None


def _title_words(title: str | None) -> set[str]:
    return {word for word in re.findall(r"\w{4,}", (title or "").casefold())}


class _Minutes(NamedTuple):
    """What an attachment takes from the minutes it is filed beside: their body and agenda items (number → (title,
    case number, text))."""

    body: str | None = None
    items: dict[str, tuple[str | None, str | None, str]] = {}


def _minutes_of(minutes: Path, root: Path) -> _Minutes:
    """The body and agenda items of the minutes an attachment is filed beside; nothing where they cannot be read (the
    attachment is then read as it is)."""
    try:
        stat = minutes.stat()
    except OSError:
        return _Minutes()
    return _read_minutes(str(minutes), root, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_minutes(minutes: str, root: Path, mtime_ns: int, size: int) -> _Minutes:
    """`_minutes_of`, kept for the minutes' other attachments while the file (its time and size) is the same."""
    path = Path(minutes)
    if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return _Minutes()
    try:
        record, paragraphs = ingest_file(path, root)
    except (UnreadableFile, ValueError):
        return _Minutes()
    if record.attachment_to:
        return _Minutes()
    items: dict[str, tuple[str | None, str | None, str]] = {}
    for p in paragraphs:
        if p.item_number:
            title, case, text = items.get(p.item_number, (p.item_title, p.case_number, ""))
            items[p.item_number] = (title, case or p.case_number, f"{text}\n{p.text}")
    return _Minutes(record.body, items)


def _root(root: str | Path | None) -> Path | None:
    return Path(root) if root is not None else None


def _ingest_meeting(path: Path, root: str | Path | None, catalog: Mapping[str, Mapping[str, str]],
                    content_hash: str | None, ocr: bool = True) -> tuple[Record, list[Paragraph]]:
    """A meeting system's export: its structure read by `indexer.sources`, not its text guessed at,
    each paragraph at its page of the export's minutes PDF where it has one; the archive's catalog
    still overrides a field."""
    document = document_path(path, _root(root))
    meeting = read_meeting(path)
    pdf, pages = _minutes_pages(path, root, ocr)
    record, paragraphs = to_paragraphs(meeting, document, content_hash or sha256_file(path), pages)
    if pages and record.meeting is not None:
        # the PDF is not indexed (its text is the export's): the meeting names it, so that it is
        # offered, opened at a paragraph's page and served as part of the meeting
        record.meeting["minutes_pdf"] = document_path(pdf, _root(root))
    for name, value in catalog.get(catalog_key(document), {}).items():
        if name in CATALOG_FIELDS and value:
            setattr(record, name, value)
            record.sources[name] = "catalog"
    return record, paragraphs


def _minutes_pages(path: Path, root: str | Path | None,
                   ocr: bool) -> tuple[Path | None, list[tuple[int, str]] | None]:
    """The export's minutes PDF (`sources.minutes_pdf`) and its page texts; (None, None) where there
    is none or it cannot be read: its paragraphs then cite no page, as before."""
    try:
        pdf = minutes_pdf(path)
        return (pdf, [(page.number, page.text) for page in read_document(pdf, root, ocr=ocr).pages]) if pdf \
            else (None, None)
    except UnreadableFile:
        return None, None


def format_inspection(record: Record, paragraphs: list[Paragraph]) -> str:
    """Render a document's metadata (with each field's origin) and paragraphs for a person to check."""
    out = [f"{record.path}  ({record.file_type}, {record.pages} page{'s' if record.pages != 1 else ''}"
           + (f", {record.ocr_pages} read by OCR" if record.ocr_pages else "") + ")"]
    for name in _RECORD_FIELDS:
        value = getattr(record, name)
        origin = f"  [{record.sources[name]}]" if value and name in record.sources else ""
        out.append(f"  {name + ':':<15}{value or '—'}{origin}")
    out.append(f"  {'hash:':<15}{record.content_hash[:16]}")
    sizes = sorted(len(p.text) for p in paragraphs)
    if sizes:
        out.append(
            f"  {'paragraphs:':<15}{len(paragraphs)} (chars min {sizes[0]}, median {sizes[len(sizes) // 2]}, "
            f"max {sizes[-1]}; {sum(p.is_heading for p in paragraphs)} heading rows, "
            f"{len({p.heading for p in paragraphs if p.heading})} headings, "
            f"{len({p.item_number for p in paragraphs if p.item_number})} agenda items, "
            f"{sum(p.is_contents for p in paragraphs)} contents, "
            f"{len({p.speaker for p in paragraphs if p.speaker})} speakers)"
        )
    out.append("")
    for p in paragraphs:
        tags = [p.id]
        if p.page is not None:
            tags.append(f"p.{p.page}")
        tags.append(f"{len(p.text)} chars")
        tags.extend(tag for tag, on in (("HEADING", p.is_heading), ("list", p.is_list_item),
                                        ("CONTENTS", p.is_contents), ("OCR", p.ocr)) if on)
        out.append("── " + " · ".join(tags))
        if p.item_number:
            case = f" · case {p.case_number}" if p.case_number else ""
            out.append(f"   item: {p.item_number}. {p.item_title or ''}{case}")
        if p.heading and not p.is_heading:
            out.append(f"   heading: {p.heading}")
        if p.speaker:
            extra = ", ".join(x for x in (p.party, p.role) if x)
            out.append(f"   speaker: {p.speaker}" + (f" ({extra})" if extra else ""))
        out.extend("   │ " + line for line in p.text.split("\n"))
    return "\n".join(out) + "\n"
