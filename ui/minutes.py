"""What the decisions page and the meeting view read from the index: meetings (body + date) with their
records, one whole `Meeting`, decisions, follow-ups with their marks and "taken up again" links.

Cached per index version (`index_stamp`), so a page rerun costs nothing and a build is followed at once.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import streamlit as st

from indexer.meetings import Meeting, build_meeting, meetings_of
from indexer.records import Hit, Paragraph, Record

from .common import index_stamp, load_archive, settings

_RECORD_FIELDS = frozenset(f.name for f in fields(Record))
_PARAGRAPH_FIELDS = frozenset(f.name for f in fields(Paragraph))


@dataclass(frozen=True)
class MeetingRef:
    """One meeting in the list: its key (the path of its main record), body, date and records."""

    key: str
    body: str | None
    date: str | None
    title: str | None
    documents: tuple[str, ...]  # every record of the meeting, attachments included


def record_of(document: dict) -> Record:
    """A stored document's metadata (a row of `Archive.documents()`) as the `Record` it was built from."""
    return Record(**{name: value for name, value in document.items() if name in _RECORD_FIELDS})


def paragraph_of(hit: Hit) -> Paragraph:
    """A stored paragraph (a `Hit` from `Archive.document`) as the `Paragraph` it was built from."""
    values = {name: getattr(hit, name) for name in ("id", "document", "position", "text", "page", "heading",
                                                     "speaker", "party", "role", "item_number", "item_title", "ocr")}
    values.update({name: value for name, value in hit.extra.items() if name in _PARAGRAPH_FIELDS})
    return Paragraph(**values)


def _key(index_dir: str) -> tuple[str, int]:
    return index_dir, index_stamp()


@st.cache_data(max_entries=4, show_spinner=False)
def _meetings(index_dir: str, stamp: int) -> list[MeetingRef]:
    documents = load_archive(index_dir).documents()
    records = [record_of(d) for d in documents]
    refs = []
    for (body, _), group in meetings_of(records).items():
        own = [r for r in group if not r.attachment_to or r.attachment_to not in {x.path for x in group}]
        main = min(own or group, key=lambda r: (r.doc_type != "referat", r.path))
        refs.append(MeetingRef(key=main.path, body=body, date=main.meeting_date, title=main.title,
                               documents=tuple(r.path for r in group)))
    # newest first; undated meetings last, by body and title
    dated = sorted((m for m in refs if m.date), key=lambda m: (m.date, m.body or ""), reverse=True)
    undated = sorted((m for m in refs if not m.date), key=lambda m: (m.body or "", m.title or m.key))
    return dated + undated


def meetings() -> list[MeetingRef]:
    """Every meeting in the index, newest first (undated ones last)."""
    return _meetings(*_key(str(settings().index_dir)))


def meeting_of(document: str) -> MeetingRef | None:
    """The meeting a document belongs to (its minutes, an agenda item filed alone, or an attachment)."""
    return next((m for m in meetings() if document in m.documents), None)


@st.cache_data(max_entries=32, show_spinner=False)
def _meeting(index_dir: str, stamp: int, key: str) -> Meeting | None:
    archive = load_archive(index_dir)
    ref = next((m for m in _meetings(index_dir, stamp) if key in m.documents), None)
    if ref is None:
        return None
    by_path = {d["path"]: d for d in archive.documents()}
    records = [record_of(by_path[path]) for path in ref.documents if path in by_path]
    paragraphs = {r.path: [paragraph_of(h) for h in archive.document(r.path)] for r in records}
    return build_meeting(records, paragraphs)


def meeting(document: str) -> Meeting | None:
    """The whole meeting `document` belongs to, or None when the index does not hold it."""
    return _meeting(*_key(str(settings().index_dir)), document)


def document_info(path: str) -> dict | None:
    """A document's stored metadata (title, case number …), or None."""
    from .common import current_documents

    return next((d for d in current_documents() if d["path"] == path), None)


# -- decisions and follow-ups -------------------------------------------------------------------
@dataclass(frozen=True)
class Restriction:
    """What the decisions page asks for: bodies, a period, an outcome or a status, and words to search."""

    bodies: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    outcome: str | None = None  # decisions only
    status: str | None = "open"  # follow-ups only: "open" | "done" | "dismissed" | None (all)
    query: str = ""


def _found_paragraphs(kind: str, restriction: Restriction) -> list[str]:
    """Paragraph ids that hold a decision (or follow-up) and match the query, best first."""
    from indexer.search import Filters

    filters = Filters(bodies=restriction.bodies, date_from=restriction.date_from, date_to=restriction.date_to,
                      kind=kind)
    results = _search_within(str(settings().index_dir), index_stamp(), restriction.query, filters)
    return [hit.id for hit in results.hits]


@st.cache_resource(max_entries=64, show_spinner=False)
def _search_within(index_dir: str, stamp: int, query: str, filters):
    return load_archive(index_dir).search(query, k=None, mode="hybrid", filters=filters)


def _ranked(items: list, restriction: Restriction, kind: str, paragraph_of_item) -> list:
    """Items in date order, or, with a query, only those whose paragraph matches, best match first."""
    if not restriction.query:
        return items
    order = {pid: rank for rank, pid in enumerate(_found_paragraphs(kind, restriction))}
    return sorted((i for i in items if paragraph_of_item(i) in order), key=lambda i: order[paragraph_of_item(i)])


def decisions(restriction: Restriction) -> list:
    """Stored decisions (`Decision`) that pass the restriction: newest meeting first, or best match first."""
    with load_archive(str(settings().index_dir))._snapshot() as store:
        found = store.decisions(body=restriction.bodies or None, date_from=restriction.date_from,
                                date_to=restriction.date_to, outcome=restriction.outcome)
    found = _newest_first(found)
    return _ranked(found, restriction, "decisions", lambda d: d.paragraph_id)


def follow_ups(restriction: Restriction) -> list:
    """Stored follow-ups with their status (`TrackedFollowUp`): newest first, or best match first."""
    with load_archive(str(settings().index_dir))._snapshot() as store:
        found = store.follow_ups(body=restriction.bodies or None, date_from=restriction.date_from,
                                 date_to=restriction.date_to, status=restriction.status)
    found = _newest_first(found, lambda t: t.follow_up)
    return _ranked(found, restriction, "follow_ups", lambda t: t.follow_up.paragraph_id)


def _newest_first(items: list, inner=lambda x: x) -> list:
    dated = [i for i in items if inner(i).meeting_date]
    undated = [i for i in items if not inner(i).meeting_date]
    # stable sorts: reading order is kept within a meeting
    dated.sort(key=lambda i: inner(i).meeting_date, reverse=True)
    return dated + undated


def links(follow_up) -> list:
    """The later paragraphs that take a follow-up up again (best first); empty: nothing found since."""
    return _links(str(settings().index_dir), index_stamp(), follow_up.id, follow_up)


@st.cache_data(max_entries=2048, show_spinner=False)
def _links(index_dir: str, stamp: int, follow_up_id: str, _follow_up) -> list:
    from dataclasses import replace

    from indexer.followups import link_follow_up

    archive = load_archive(index_dir)

    def similar(text: str, k: int):
        return [replace(h, score=h.dense_score) for h in archive.search(text, k=k, mode="dense", floor=False).hits]

    return link_follow_up(_follow_up, similar)


def mark(follow_up_id: str, status: str) -> None:
    """Mark a follow-up done or dismissed, or ("open") remove its mark; kept across rebuilds."""
    archive = load_archive(str(settings().index_dir))
    with archive._lock, archive._store.writing() as store:
        store.mark_follow_up(follow_up_id, status, by="sekretariatet")
