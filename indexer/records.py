"""Plain data passed between the stages: read → clean → segment → embed → store → search.

`Document` comes out of reading (text per page), `Record` describes a document
(metadata), `Paragraph` is the unit of retrieval, `Hit` is one search result.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache


@dataclass(frozen=True)
class Page:
    """The raw text of one page (1-based `number`); plain-text files are one page."""

    number: int
    text: str
    ocr: bool = False  # the text was read by OCR from an image of the page


@dataclass
class Document:
    """A file as read from disk, before cleaning."""

    path: str  # path relative to the archive root (or as given)
    content_hash: str  # sha256 of the file's bytes
    file_type: str  # "pdf", "txt", "md", "docx", "html"
    pages: list[Page]


@dataclass
class Record:
    """What is known about one document; unknown values stay None, never guessed."""

    path: str
    content_hash: str
    title: str | None = None
    body: str | None = None  # e.g. "Dialogforum", "Socialudvalget", "Folketinget"
    meeting_date: str | None = None  # ISO date "YYYY-MM-DD"
    doc_type: str | None = None  # e.g. "referat", "dagsordenspunkt", "årsberetning"
    case_number: str | None = None  # e.g. "2015-0135051"
    file_type: str = "txt"
    pages: int = 1
    # The date the document itself bears (a memo or letter written before the meeting).
    document_date: str | None = None
    # Where each known field came from: {"body": "header", "meeting_date": "file name", ...};
    # origins: "catalog", "header", "title page", "file name", "folder", "text".
    sources: dict[str, str] = field(default_factory=dict)
    # For an attachment ("bilag"): the archive path of the meeting record it belongs to, if known.
    attachment_to: str | None = None
    ocr_pages: int = 0  # pages whose text came from OCR


@dataclass
class Paragraph:
    """One retrieval chunk: a clean paragraph of about 200–1,000 characters."""

    id: str  # stable: "<first 16 hex of content hash>-<position:05d>"
    document: str  # Record.path
    position: int  # 0-based order within the document
    text: str
    page: int | None = None  # 1-based page where the paragraph starts (PDFs)
    heading: str | None = None  # agenda item / section heading it sits under
    speaker: str | None = None
    party: str | None = None
    role: str | None = None
    is_heading: bool = False
    is_list_item: bool = False
    # The agenda item it belongs to, as the record numbers it ("2") and its title.
    item_number: str | None = None
    item_title: str | None = None
    ocr: bool = False  # text read by OCR from an image of the page
    # A contents page ("1. Meddelelser ....... 3"): kept in the record, left out of retrieval.
    is_contents: bool = False


@dataclass
class Hit:
    """One search result: a paragraph, its document's metadata and its score.

    Built by `Hit.from_parts` from a stored `Record` and `Paragraph`: their fields fill the
    fields of the same name here, and any other field lands in `extra`, so a field added to
    either reaches results (and their JSON) without a change here.
    """

    id: str
    score: float
    text: str
    document: str
    title: str | None
    body: str | None
    date: str | None  # the meeting date (Record.meeting_date)
    doc_type: str | None
    page: int | None
    heading: str | None
    speaker: str | None
    position: int = 0
    matched_terms: list[str] = field(default_factory=list)
    case_number: str | None = None
    document_date: str | None = None
    item_number: str | None = None
    item_title: str | None = None
    party: str | None = None
    role: str | None = None
    ocr: bool = False
    file_type: str | None = None
    attachment_to: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    # Other documents holding the same text (an agenda item published alone and in the minutes).
    also_in: list[str] = field(default_factory=list)
    dense_score: float | None = None  # cosine similarity to the query, when known
    extra: dict = field(default_factory=dict)  # further Record/Paragraph fields, by name

    # Fields of Record/Paragraph that Hit names differently.
    _ALIASES = {"meeting_date": "date", "path": "document"}

    @classmethod
    def from_parts(cls, record: Record, paragraph: Paragraph, score: float = 0.0) -> "Hit":
        """A result for `paragraph` of `record`."""
        own = _hit_fields()
        values: dict = {}
        extra: dict = {}
        for source in (record, paragraph):
            for name, value in vars(source).items():  # a dataclass instance's fields; runs per result
                name = cls._ALIASES.get(name, name)
                (values if name in own else extra)[name] = value
        return cls(**values, score=float(score), extra=extra)

    def to_json(self) -> dict:
        """The public JSON shape of a result (see README, "JSON output"); fields are only ever added."""
        payload = {
            "id": self.id,
            "score": round(float(self.score), 6),
            "text": self.text,
            "document": self.document,
            "title": self.title,
            "body": self.body,
            "date": self.date,
            "doc_type": self.doc_type,
            "page": self.page,
            "heading": self.heading,
            "speaker": self.speaker,
        }
        for f in fields(self):
            if f.name not in payload and f.name not in ("matched_terms", "extra", "dense_score"):
                payload[f.name] = getattr(self, f.name)
        payload["dense_score"] = None if self.dense_score is None else round(float(self.dense_score), 6)
        for name, value in self.extra.items():
            payload.setdefault(name, value)
        return payload


@lru_cache(maxsize=1)
def _hit_fields() -> frozenset[str]:
    return frozenset(f.name for f in fields(Hit))


# -- a meeting as its meeting system states it (FirstAgenda, eDoc, SBSYS) --------------------------
@dataclass
class Attendee:
    """A member or official listed for a meeting; `absent` when the source marks them so."""

    name: str
    role: str | None = None  # "Formand", a party letter, "Sekretær" …, as the source gives it
    absent: bool = False
    note: str | None = None  # e.g. "Afbud", "deltog ikke i punkt 3"


@dataclass
class Attachment:
    """An attachment ("bilag") of an agenda item as the source names it."""

    title: str
    source_id: str | None = None  # the meeting system's id of the file
    file: str | None = None  # archive path of the file when it is present in the archive
    url: str | None = None  # where the source publishes it


@dataclass
class Section:
    """One named field of an agenda item ("Indstilling", "Beslutning", "Sagsfremstilling" …)
    as plain text, paragraphs separated by blank lines."""

    heading: str
    text: str


@dataclass
class AgendaItem:
    """One agenda item as the meeting system states it, in the meeting's order."""

    number: str
    title: str
    case_number: str | None = None
    # Closed ("lukket") items: only what the source publishes about them is kept.
    closed: bool = False
    sections: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    url: str | None = None  # the item's own page in the portal

    @property
    def decision(self) -> str | None:
        """The text of the item's decision field ("Beslutning"), when the source has one filled in."""
        for section in self.sections:
            if section.heading.lower().startswith(("beslutning", "udvalgets beslutning", "byrådets beslutning")):
                return section.text.strip() or None
        return None


@dataclass
class Meeting:
    """A meeting as its meeting system publishes it: body, time, place, attendees and items."""

    body: str
    meeting_date: str  # ISO date
    system: str  # "firstagenda", "edoc", "sbsys"
    source_id: str | None = None  # the meeting system's id of the meeting
    start: str | None = None  # ISO date and time, when the source gives the time
    place: str | None = None
    doc_type: str = "dagsorden"  # "referat" once decisions are filled in, else "dagsorden"
    attendees: list[Attendee] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    url: str | None = None  # the meeting's page in the portal
