"""Plain data passed between the stages: read → clean → segment → embed → store → search.

`Document` comes out of reading (text per page), `Record` describes a document
(metadata), `Paragraph` is the unit of retrieval, `Hit` is one search result, `Filters`
restricts a search. `Decision` (with its `Vote`s) and `FollowUp` (with the `FollowUpLink`s
that take it up again) are what the minutes state, `CaseStep` one treatment of a case;
`Meeting`, `AgendaItem`, `Section`, `Attendee`, `Attachment` are a meeting as its meeting
system publishes it. Every layer may
import this module; it imports nothing of the package but `errors`.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import lru_cache

from indexer.errors import InvalidInput


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
    # Who wrote it, where its own pages name someone other than its `body`: an attachment filed under the body
    # that met, written by an office ("Social, Sundhed og Beskæftigelse", its origin under "author" in `sources`).
    author: str | None = None
    # A meeting system's record of the meeting (`Meeting.outline()`: start, place, attendees,
    # the items with their case numbers, closed flags, attachments and links); None for a
    # document whose structure was read from its text.
    meeting: dict | None = None

    @property
    def has_closed_items(self) -> bool:
        """Whether the meeting system's record holds closed items: then its own data (which holds
        their text) is never handed out, only what the archive shows of it."""
        return any(item.get("closed") for item in (self.meeting or {}).get("items") or ())


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
    # The agenda item's own case number where it differs by item (a meeting's items each have
    # one); None means the document's (Record.case_number).
    case_number: str | None = None


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

    # Fields of Record/Paragraph that Hit names differently, and one it leaves out: a meeting's
    # outline is the document's, not each result's (the meeting view reads it).
    _ALIASES = {"meeting_date": "date", "path": "document"}
    _LEFT_OUT = frozenset({"meeting"})

    @classmethod
    def from_parts(cls, record: Record, paragraph: Paragraph, score: float = 0.0) -> "Hit":
        """A result for `paragraph` of `record`."""
        own = _hit_fields()
        values: dict = {}
        extra: dict = {}
        for source in (record, paragraph):
            for name, value in vars(source).items():  # a dataclass instance's fields; runs per result
                if name in cls._LEFT_OUT:
                    continue
                name = cls._ALIASES.get(name, name)
                if value is None and source is paragraph and name in values:
                    continue  # a paragraph's own value (an item's case number) only where it has one
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


# A heading that names who decides ("Beslutningen træffes af", "Beslutningskompetence") is not a decision.
_WHO_DECIDES = ("beslutningen træffes", "beslutningskompetence", "sagen afgøres", "kompetence")
# A decision field that only holds a placeholder is not a decision.
_PLACEHOLDERS = frozenset({"", ".", "-", "tomt indhold", "ingen"})


@dataclass
class Section:
    """One named field of an agenda item ("Indstilling", "Beslutning", "Sagsfremstilling" …)
    as plain text, paragraphs separated by blank lines."""

    heading: str
    text: str

    @property
    def is_decision(self) -> bool:
        """Whether the field is a decision ("Beslutning", "Forretningsudvalgets beslutning",
        "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 3") with something in it."""
        heading = self.heading.lower()
        return ("beslutning" in heading and not heading.startswith(_WHO_DECIDES)
                and self.text.strip().rstrip(".").lower() not in _PLACEHOLDERS)


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
        """The text of the item's decision fields, when the source has them filled in."""
        return "\n\n".join(s.text.strip() for s in self.sections if s.is_decision) or None


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

    def outline(self) -> dict:
        """The meeting without its items' text (which becomes paragraphs): what a meeting view
        needs beside them, as plain JSON data (`Record.meeting`)."""
        return {"system": self.system, "source_id": self.source_id, "start": self.start, "place": self.place,
                "url": self.url, "attendees": [asdict(a) for a in self.attendees],
                "items": [{"number": i.number, "title": i.title, "case_number": i.case_number, "closed": i.closed,
                           "url": i.url, "attachments": [asdict(a) for a in i.attachments]} for i in self.items]}


# -- what the minutes state: decisions and promises of later action ---------------------------------
@dataclass
class Vote:
    """One side of a recorded vote: who voted this way, as the text names them."""

    position: str  # "for", "against", "abstained"
    voters: list[str] = field(default_factory=list)  # parties ("A", "DF") or members
    count: int | None = None  # the number of votes, where stated
    point: str | None = None  # the point of the item voted on, where the text names it ("2", "1a")
    remark: str | None = None  # the voters' own remark on their vote ("med bemærkning om, at …", ", da …")
    # the voters of another proposal voted on after the item's own ("Mehmet Zeki Dogru (Ø) stiller forslag
    # om, at …", "(Ø) fremsatte følgende forslag til beslutning: …"), as the record names them: the vote is
    # on that proposal, not on the item's decision
    proposal_by: str | None = None


@dataclass
class Decision:
    """A decision the record states, on one agenda item."""

    id: str  # stable: from the document's content hash and the decision's sentence
    document: str  # Record.path
    body: str | None
    meeting_date: str | None
    item_number: str | None
    item_title: str | None
    text: str  # the decision as the record words it
    outcome: str  # one of OUTCOMES
    paragraph_id: str  # the paragraph the decision sentence is in
    page: int | None = None
    motion: str | None = None  # what was decided on, where named ("ændringsforslag nr.5 …")
    votes: list[Vote] = field(default_factory=list)
    unanimous: bool = False
    remarks: list[str] = field(default_factory=list)  # party remarks appended to it
    # "recommended": the body it recommends to ("Byrådet"), as the decision or the case's procedure names it.
    recommended_to: str | None = None
    # The counts "Med stemmerne 17 for og 2 imod" states for the main outcome; None where unsaid.
    votes_for: int | None = None
    votes_against: int | None = None
    # An item with several points: each decisive sentence's outcome, in order
    # ({"point": "2" or None, "outcome": …, "text": …}); empty where the item is decided in one.
    points: list[dict] = field(default_factory=list)
    # The case number of the agenda item it was taken on (the paragraph's own, else its record's).
    case_number: str | None = None

    def to_json(self) -> dict:
        """Plain JSON-able data (the shape the CLI's `decisions --json` prints)."""
        return _extracted_json(self)


@dataclass
class FollowUp:
    """A promise of later action, as the record states it."""

    id: str  # stable: the document's archive name and the sentence (see follow_up_id)
    document: str
    body: str | None
    meeting_date: str | None  # the date it was promised (the meeting's date), if known
    item_number: str | None
    item_title: str | None
    text: str  # the sentence that promises
    who: str | None  # who promised: a speaker, or "forvaltningen", "ministeren" …; None if unsaid
    what: str  # the promised action (the sentence without its "X svarer, at")
    deadline: str | None  # as written: "på næste møde", "ultimo oktober 2015", "inden sommerferien"
    paragraph_id: str
    page: int | None = None
    # A body's request for something to come back ("Udvalget ønsker en orientering om …"): the body
    # that asked; `who` then names who is to deliver, where the text says (mostly it does not).
    requested_by: str | None = None
    section: str | None = None  # the field or section the sentence is in ("Beslutning", "Tidsplan"), if known
    # The case number of the agenda item it was made on (the paragraph's own, else its record's).
    case_number: str | None = None

    def promiser(self) -> str | None:
        """Who promised, as every list and page names it: the promiser the sentence names, else the body
        that asked; "Udvalget" is the body of the meeting ("Udvalget ønsker en sag om …" at Social- og
        Handicapudvalget: "Social- og Handicapudvalget"), and so is "Byrådet" in the council's own minutes
        (filed as "Byråd 2022-2025": one name for it on every line)."""
        for named in (self.who, self.requested_by):
            named = " ".join((named or "").split())
            if named:
                said = named.casefold()
                own = said in _THE_BODY or (said in _THE_COUNCIL
                                            and (self.body or "").casefold().startswith(_THE_COUNCIL[said]))
                return " ".join(self.body.split()) if own and self.body else named
        return None

    def to_json(self) -> dict:
        """Plain JSON-able data (the shape the CLI's `followups --json` prints)."""
        return _extracted_json(self)


# How a body's own minutes name it ("Udvalget ønsker …").
_THE_BODY = frozenset({"udvalget", "the committee", "committee"})
# How the council names itself, and how its own minutes' body begins ("Byråd 2022-2025").
_THE_COUNCIL = {"byrådet": "byråd", "kommunalbestyrelsen": "kommunalbestyrelse"}


# The rules of a link that is a lead to check, not a fact of the record (`FollowUpLink.lead`).
LEAD_RULES = ("similar", "split", "occasion")


@dataclass
class FollowUpLink:
    """A later meeting's agenda item that takes a follow-up's matter up again, by its paragraph (for a
    case number's item: the item's first)."""

    follow_up_id: str
    paragraph_id: str
    document: str
    body: str | None
    date: str | None
    score: float
    text: str
    same_body: bool
    page: int | None = None
    same_matter: bool = False  # a later reading of the same bill or agenda matter
    # The later meeting's agenda item that takes it up: its number, title and case number, and the
    # document's title (None where the paragraph sits outside any numbered item).
    item_number: str | None = None
    item_title: str | None = None
    case_number: str | None = None
    title: str | None = None
    # Why it counts: "case" (the same case number at a later meeting), "split" (a matter split off
    # the case, on the agenda beside its later item), "matter" (a later reading of the same agenda
    # matter), "told" (a later paragraph telling the promise again with its meeting's day: "… fordi udvalget på
    # udvalgsmødet den 13. marts 2023 besluttede, at udvalget ønsker en sag …"), "similar" (a similar paragraph
    # after the promise), "titled" (a similar one whose item's title names what was promised: "Ejendomsstrategi
    # 2023 - godkendelse") or "occasion" (the body's next item of the recurring matter the promise said it comes
    # back with: "i forbindelse med Budgetopfølgning 2").
    rule: str = "similar"

    @property
    def lead(self) -> bool:
        """Found by similarity, alone or beside the case's item ("split"), or by the occasion named: a lead to
        check ("muligvis taget op igen"), not a fact of the record."""
        return self.rule in LEAD_RULES


def _extracted_json(item: "Decision | FollowUp") -> dict:
    """A decision's or follow-up's JSON contract: its fields, the meeting date as "date", and
    where it came from (paragraph, page) last."""
    payload = {("date" if name == "meeting_date" else name): value for name, value in asdict(item).items()}
    for name in ("paragraph_id", "page"):
        payload[name] = payload.pop(name)
    return payload


# -- which paragraphs a search may return ----------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    """Restrictions on results; empty tuples and None mean no restriction."""

    bodies: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    # "decisions" | "follow_ups": only paragraphs a decision / follow-up was extracted from.
    # The store applies it to the candidates it fetches; `admits` cannot see it, so a search
    # with a kind is exact only through Archive.decisions / Archive.follow_ups.
    kind: str | None = None

    def __post_init__(self) -> None:
        """Checks the values; a range given latest first is swapped (as the app takes two dates)."""
        if self.kind not in (None, "decisions", "follow_ups"):
            raise InvalidInput(f"unknown kind {self.kind!r}; use decisions or follow_ups")
        for name, what in (("bodies", "body"), ("doc_types", "type"), ("documents", "document")):
            for value in getattr(self, name):
                checked_text(value, what)
        for name in ("date_from", "date_to"):
            if getattr(self, name) is not None:
                checked_date(getattr(self, name), name.replace("_", " "))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            low, high = self.date_to, self.date_from
            object.__setattr__(self, "date_from", low)
            object.__setattr__(self, "date_to", high)

    def __bool__(self) -> bool:
        return bool(self.bodies or self.doc_types or self.documents or self.date_from or self.date_to
                    or self.kind)

    def admits(self, body: str | None, doc_type: str | None, document: str, meeting_date: str | None) -> bool:
        """Whether a paragraph with this metadata passes (the same rule the store applies in SQL)."""
        if self.bodies and body not in self.bodies:
            return False
        if self.doc_types and doc_type not in self.doc_types:
            return False
        if self.documents and document not in self.documents:
            return False
        if self.date_from and (meeting_date is None or meeting_date < self.date_from):
            return False
        if self.date_to and (meeting_date is None or meeting_date > self.date_to):
            return False
        return True


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # not `calendar.month_name`: that follows the locale


def why_no_date(value: object) -> str | None:
    """Why `value`, written YYYY-MM-DD, is no calendar date ("February 2022 has 28 days"); None
    when it is one, or is not written YYYY-MM-DD (then the form is what to say)."""
    if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return None
    year, month, day = (int(part) for part in value.split("-"))
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{_MONTHS[month - 1]} {year} has {days} days" if day else "there is no day 0"
    return None


def shown_value(value: object, limit: int = 60) -> str:
    """`value` as a message repeats it (its repr), cut at `limit` characters: a pasted book is not sent back."""
    text = repr(value)
    return text if len(text) <= limit + 2 else repr(str(value)[:limit]) + "…"


def checked_date(value: object, what: str = "date") -> str:
    """`value` if it is a calendar date written YYYY-MM-DD (the only form stored dates are
    compared with), else InvalidInput naming `what` and the value: "2022-02-30" is written
    right but is no date, and is told so, not told to use YYYY-MM-DD."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        why = why_no_date(value)
        if why is None:
            return value
        raise InvalidInput(f"{what} {value!r} is not a calendar date ({why})")
    raise InvalidInput(f"{what} {shown_value(value)} is not a date; use YYYY-MM-DD")


def checked_text(value: object, what: str) -> str:
    """`value` if it is text that can be stored (UTF-8: a command line on a POSIX locale passes
    undecodable bytes as lone surrogates), else InvalidInput naming `what` and the value."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} {value!r} is not text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} {value!r} is not valid UTF-8 text") from None
    return value


@dataclass(frozen=True)
class CaseStep:
    """One treatment of a case: an agenda item of one meeting, with its decision there."""

    case_number: str
    body: str | None
    meeting_date: str | None
    document: str
    title: str | None  # the document's title
    item_number: str | None
    item_title: str | None
    paragraph_id: str  # the item's first paragraph of the case
    page: int | None = None
    decision: Decision | None = None

    def to_json(self) -> dict:
        return {"case_number": self.case_number, "body": self.body, "date": self.meeting_date,
                "document": self.document, "title": self.title, "item_number": self.item_number,
                "item_title": self.item_title, "paragraph_id": self.paragraph_id, "page": self.page,
                "decision": self.decision.to_json() if self.decision else None}
