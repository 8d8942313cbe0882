"""Read endpoints: query parameters in; the CLI's JSON shapes out (`Hit.to_json()`,
`Decision.to_json()`, `TrackedFollowUp.to_json()`, `MeetingRef.to_json()`), so that a
client of `search --json` reads the API alike. Open, or behind the reader token.

    GET /search              q, body*, type*, document*, from, to, mode, k, offset
    GET /documents           every document with its metadata (limit, offset)
    GET /documents/{path}    one document's paragraphs in reading order (a meeting export's minutes PDF:
                             the export's, with minutes_of naming it)
    GET /paragraphs/{id}     a paragraph and its context (before, after)
    GET /paragraphs/{id}/related
    GET /meetings            every meeting, newest first (limit, offset: every entry without limit)
    GET /meeting             one meeting: document=PATH, or body=B&date=D
    GET /cases/{number}      a case's trail: every meeting that treated it, each body's decision
    GET /decisions           body*, from, to, outcome, query, document, limit, offset
    GET /followups           status, body*, from, to, query, document, links, fold, limit, offset
    GET /followups/{id}
    GET /people              every person the records name, with counts (as `people --json`; limit, offset)
    GET /people/{name}       one person: meetings attended and missed, votes, proposals, statements
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query

from indexer import present
from indexer.api.deps import READER, archive, known_parameters
from indexer.records import Filters
# the library's query cleaning; here longer is refused, not cut, and empty is refused
from indexer.search.query import EMPTY_QUERY, MAX_QUERY_CHARS, clean_query

router = APIRouter(dependencies=[READER, Depends(known_parameters)])

Mode = Literal["hybrid", "dense", "lexical"]
# The outcomes a decision may have (minutes/decisions.py OUTCOMES); the library checks them too.
Outcome = Literal["approved", "rejected", "postponed", "noted", "recommended", "sent_on", "unknown"]
Status = Literal["open", "done", "dismissed", "all"]

_BODY = Query([], description="Only this body (repeatable).")
_FROM = Query(None, alias="from", description="Meetings on or after this date (YYYY-MM-DD).")
_TO = Query(None, alias="to", description="Meetings on or before this date (YYYY-MM-DD).")
_TEXT = Query(None, max_length=MAX_QUERY_CHARS, description="Search within these paragraphs only (free text).")
MAX_LIMIT = 1000  # a page of a list: the whole of Greve's decisions is 1.5 MB
_LIMIT = Query(100, ge=1, le=MAX_LIMIT, description=f"Entries on this page (1–{MAX_LIMIT}).")
_OFFSET = Query(0, ge=0, le=10_000_000, description="Entries to skip (paging); `total` counts them all.")
# the lists that answered whole before they were paged: every entry unless `limit` is given
_LIMIT_OR_ALL = Query(None, ge=1, le=MAX_LIMIT, description=f"Entries on this page (1–{MAX_LIMIT}); "
                                                             "without it, every entry from `offset`.")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _page(name: str, found: list, limit: int | None, offset: int, to_json=lambda entry: entry.to_json()) -> dict:
    """One page of a list under its own field `name`, with `total` (the whole list), `offset` and
    `limit` (None: every entry from `offset`)."""
    end = None if limit is None else offset + limit
    return {name: [to_json(entry) for entry in found[offset:end]], "total": len(found),
            "offset": offset, "limit": limit}


def _known(opened, filters: Filters) -> Filters:
    """422 naming a body, type or document the archive does not hold (as the command line refuses it);
    else `filters` with types as the archive names them."""
    return opened.check_filters(filters, lists="GET /documents")


def _checked_range(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise HTTPException(status_code=422, detail=f"from {date_from} is after to {date_to}: "
                                                     "give the earlier date as from")


@router.get("/", tags=["read"], summary="What this API serves")
def index() -> dict:
    return {"name": "Mødearkivet API", "docs": "/docs", "openapi": "/openapi.json",
            "read": ["/search", "/documents", "/paragraphs/{id}", "/meetings", "/meeting", "/cases/{number}",
                     "/decisions", "/followups", "/people"],
            "feeds": ["/feeds/search/{token}.atom", "/feeds/body/{name}.atom", "/feeds/case/{number}.atom"]}


@router.get("/search", tags=["read"], summary="Search by meaning and words")
def search(q: str = Query(..., max_length=MAX_QUERY_CHARS,
                          description="Free text, Danish or English; -word leaves out the results holding the word."),
           body: list[str] = _BODY,
           type: list[str] = Query([], description="Only this document type (repeatable): the archive's name "
                                                   "(\"referat\") or its English one (\"minutes\")."),
           document: list[str] = Query([], description="Only this document path (repeatable)."),
           date_from: date | None = _FROM, date_to: date | None = _TO, mode: Mode = "hybrid",
           k: int = Query(10, ge=1, le=1000, description="Results on this page."),
           offset: int = Query(0, ge=0, le=100_000, description="Results to skip (paging)."),
           opened=Depends(archive)) -> dict:
    """The same object per query as `search --json` (`SearchResults.to_json`: results, total,
    closest, offset, mode, complete, facets, timeline), and `case`, the case's address, when the
    query is a case number the archive holds: case numbers are not in the text a search reads."""
    if not clean_query(q):  # `?q=` would answer 200 with no results, as if the archive held nothing
        raise HTTPException(status_code=422, detail=f"invalid q: {EMPTY_QUERY}")
    _checked_range(date_from, date_to)
    filters = Filters(tuple(body), tuple(type), tuple(document),
                      _iso(date_from), _iso(date_to))
    filters = _known(opened, filters)
    results = opened.search(q, k=k, offset=offset, mode=mode, filters=filters)
    answer = {"query": q, **results.to_json()}
    case_number = opened.known_case(q)
    if case_number:
        answer["case"] = f"/cases/{quote(case_number, safe='')}"
    return answer


@router.get("/documents", tags=["read"], summary="Every indexed document")
def documents(limit: int = _LIMIT, offset: int = _OFFSET, opened=Depends(archive)) -> dict:
    return _page("documents", opened.documents(), limit, offset, to_json=dict)


@router.get("/documents/{path:path}", tags=["read"], summary="One document, paragraph by paragraph")
def document(path: str, opened=Depends(archive)) -> dict:
    paragraphs = opened.document(path)
    if not paragraphs:
        # a meeting export's minutes PDF: part of the meeting, its text the export's (cited at its pages)
        export = opened.minutes_of(path)
        paragraphs = opened.document(export) if export else []
        if not paragraphs:
            raise HTTPException(status_code=404, detail=f"no document {path!r} in the index")
        return {"document": path, "minutes_of": export, "paragraphs": [h.to_json() for h in paragraphs],
                "total": len(paragraphs)}
    return {"document": path, "paragraphs": [h.to_json() for h in paragraphs], "total": len(paragraphs)}


@router.get("/paragraphs/{paragraph_id}", tags=["read"], summary="A paragraph and its context")
def paragraph(paragraph_id: str, before: int = Query(2, ge=0, le=50), after: int = Query(2, ge=0, le=50),
              opened=Depends(archive)) -> dict:
    found = opened.paragraph(paragraph_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no paragraph {paragraph_id!r}")
    return {"paragraph": found.to_json(),
            "context": [h.to_json() for h in opened.context(paragraph_id, before=before, after=after)]}


@router.get("/paragraphs/{paragraph_id}/related", tags=["read"], summary="Similar discussions in other documents")
def related(paragraph_id: str, k: int = Query(5, ge=1, le=50),
            order: Literal["similarity", "newest"] = "similarity", opened=Depends(archive)) -> dict:
    """What the app's card shows as "Lignende drøftelser" (`present.similar_discussions`): other
    meetings first, then other documents of the paragraph's own meeting; never its own document's
    text, nor one text twice (a standing item's wording at every meeting, an item filed again)."""
    card = opened.paragraph(paragraph_id)
    if card is None:
        raise HTTPException(status_code=404, detail=f"no paragraph {paragraph_id!r}")
    found = present.similar_discussions(opened, card, k=k, order=order)
    return {"related": [h.to_json() for h in found], "total": len(found)}


@router.get("/meetings", tags=["read"], summary="Every meeting, newest first")
def meetings(limit: int | None = _LIMIT_OR_ALL, offset: int = _OFFSET, opened=Depends(archive)) -> dict:
    return _page("meetings", opened.meetings(), limit, offset)


@router.get("/meeting", tags=["read"], summary="One whole meeting (as `meeting --json`)")
def meeting(document: str | None = Query(None, description="Any record of the meeting."),
            body: str | None = Query(None), date_: date | None = Query(None, alias="date"),
            opened=Depends(archive)) -> dict:
    if (document is None) == (date_ is None):
        raise HTTPException(status_code=422, detail="give document, or body and date")
    if body is not None and document is None:
        [body] = _known(opened, Filters((body,))).bodies  # one the archive does not hold is 422, as a filter on it is
    found = opened.meeting_of(document) if document else opened.meeting(body, date_.isoformat())
    if found is None:  # named as the command line names it, with the body's nearest meetings
        raise HTTPException(status_code=404, detail=f"no meeting of {document!r} in the index" if document
                            else opened.no_meeting(body, date_.isoformat()))
    return asdict(found)


@router.get("/cases/{number:path}", tags=["read"], summary="A case's trail (as `case NUMBER --json`)")
def case(number: str, opened=Depends(archive)) -> dict:
    """Every meeting that treated the case, in date order, each with that body's decision."""
    from indexer.search.cases import case_number_of, trail_json

    case_number = case_number_of(number)
    if case_number is None:
        raise HTTPException(status_code=422, detail=f"not a case number: {number[:60]!r}")
    steps = opened.case_trail(case_number)
    if not steps:
        raise HTTPException(status_code=404,
                            detail=f"no case {case_number!r} in the archive{opened.did_you_mean(case_number)}")
    return trail_json(case_number, steps)


@router.get("/decisions", tags=["read"], summary="Decisions (as `decisions --json`)")
def decisions(body: list[str] = _BODY, date_from: date | None = _FROM, date_to: date | None = _TO,
              outcome: Outcome | None = None, query: str | None = _TEXT, document: str | None = None,
              mode: Mode = "hybrid", limit: int = _LIMIT, offset: int = _OFFSET, opened=Depends(archive)) -> dict:
    _checked_range(date_from, date_to)
    body = list(_known(opened, Filters(tuple(body), documents=(document,) if document else ())).bodies)
    found = opened.decisions(body or None, _iso(date_from), _iso(date_to), outcome, query, document, mode)
    return _page("decisions", found, limit, offset)


@router.get("/followups", tags=["read"], summary="Follow-ups with their status (as `followups --json`)")
def follow_ups(status: Status = "open", body: list[str] = _BODY, date_from: date | None = _FROM,
               date_to: date | None = _TO, query: str | None = _TEXT, document: str | None = None,
               links: bool = Query(False, description="Also where each was taken up again (slower)."),
               fold: bool = Query(True, description="The same promise as its case moves on (committee → "
                                                    "Økonomiudvalg → Byråd) as one entry, the later ones in "
                                                    "its `repeated`; false: every one."),
               mode: Mode = "hybrid", limit: int = _LIMIT, offset: int = _OFFSET, opened=Depends(archive)) -> dict:
    _checked_range(date_from, date_to)
    body = list(_known(opened, Filters(tuple(body), documents=(document,) if document else ())).bodies)
    found = opened.follow_ups(body or None, _iso(date_from), _iso(date_to), status, query, document,
                              mode=mode, fold=fold)
    if links:  # this page's only, not the whole list's: what their searches read is read once for the page
        page = found[offset:offset + limit]
        for tracked, found_links in zip(page, opened.follow_ups_links(page)):
            tracked.links = found_links
            tracked.overdue = tracked.overdue_with(tracked.links)
    return _page("follow_ups", found, limit, offset)


@router.get("/followups/{follow_up_id}", tags=["read"], summary="One follow-up with its status")
def follow_up(follow_up_id: str, links: bool = False, opened=Depends(archive)) -> dict:
    found = opened.follow_up(follow_up_id, links=links)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no follow-up {follow_up_id!r}")
    return found.to_json()


@router.get("/people", tags=["read"], summary="Every person the records name (as `people --json`)")
def people(limit: int | None = _LIMIT_OR_ALL, offset: int = _OFFSET, opened=Depends(archive)) -> dict:
    return _page("people", opened.people(), limit, offset, to_json=lambda person: person.summary())


@router.get("/people/{name}", tags=["read"], summary="One person (as `person NAME --json`)")
def person(name: str, opened=Depends(archive)) -> dict:
    found = opened.person(name)
    if found is None:
        raise HTTPException(status_code=404, detail=opened.no_such_person(name, "GET /people"))
    return found.to_json()
