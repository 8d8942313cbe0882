"""What a match says and how it is cited: hits, decisions, meetings, documents and follow-ups in;
one flat payload dict (the CLI's JSON fields, plus the document's title and case number) and
its citation line out. Feeds and digests both read payloads, so they cite alike.

A payload holds: `kind`, `text`, `document`, `title`, `body`, `date` (the meeting date),
`item_number`, `item_title`, `case_number`, `page`, and what the kind adds (a decision's
`outcome`, a follow-up's `status`, a meeting's `items`).
"""
from __future__ import annotations

from indexer.present.wording import long_date, title_in
from indexer.store.follows import text_key  # noqa: F401  (re-exported: match keys)


def hit_payload(hit) -> dict:
    """A search result: its JSON contract (`Hit.to_json()`) as the payload, with the words of the search it holds
    (`matched`: what an excerpt shows)."""
    return {"kind": "paragraph", **hit.to_json(), "matched": list(hit.matched_terms)}


def decision_payload(decision, record: dict | None = None) -> dict:
    """A decision (`Decision.to_json()`) with its document's title and case number."""
    record = record or {}
    return {"kind": "decision", "title": record.get("title"), "case_number": record.get("case_number"),
            **decision.to_json()}


def document_payload(record: dict, text: str | None = None) -> dict:
    """A new document of a case: its metadata, and its opening words as the text."""
    return {"kind": "document", "document": record["path"], "title": record.get("title"), "body": record.get("body"),
            "date": record.get("meeting_date"), "doc_type": record.get("doc_type"),
            "case_number": record.get("case_number"), "item_number": None, "item_title": None, "page": None,
            "text": text or ""}


def meeting_payload(meeting, records: dict[str, dict], new_documents: list[str]) -> dict:
    """A meeting with new records: its agenda items (number, title, the decision's outcome and text)."""
    first = records.get(new_documents[0], {})
    items = [{"number": item.number, "title": item.title, "page": item.first_page, "document": item.document,
              "outcome": item.decision.outcome if item.decision else None,
              "decision": item.decision.text if item.decision else None} for item in meeting.items]
    return {"kind": "meeting", "document": new_documents[0], "documents": list(new_documents),
            "title": first.get("title"), "body": meeting.body, "date": meeting.date,
            "case_number": first.get("case_number"), "item_number": None, "item_title": None, "page": None,
            "items": items, "text": ""}  # a digest words the agenda in its own language (`DigestWords.agenda`)


def follow_up_payload(tracked, *, link=None) -> dict:
    """A follow-up whose status changed (`TrackedFollowUp.to_json()`), or one taken up again by
    a later paragraph (`link`: that paragraph, its agenda item, case number and document title
    are then what is cited)."""
    payload = {"kind": "follow_up", **tracked.to_json()}
    if link is not None:
        payload.update(kind="follow_up_link", follow_up_text=payload["text"], text=link.text,
                       document=link.document, body=link.body, date=link.date, page=link.page,
                       paragraph_id=link.paragraph_id, item_number=link.item_number, item_title=link.item_title,
                       title=link.title, case_number=link.case_number, rule=link.rule)
    return payload


def citation(payload: dict, words=None) -> str:
    """The citation the secretariat writes: body · meeting date · title · punkt N title · side P · sag C,
    its own words and the date in `words` (a `DigestWords`, default Danish: "item N", "page P",
    "6 November 2023" in English); the archive's words (body, title, item title) as they are."""
    from indexer.alerts.words import DANISH

    words = words or DANISH
    item = None
    if payload.get("item_number") or payload.get("item_title"):
        item = " ".join(filter(None, [f"{words.item} {payload['item_number']}" if payload.get("item_number")
                                      else words.item, payload.get("item_title")]))
    parts = [payload.get("body"), long_date(payload.get("date"), words.dates) or words.undated,
             title_in(payload.get("title"), words.dates),
             item, f"{words.page} {payload['page']}" if payload.get("page") else None,
             f"{words.case_word} {payload['case_number']}" if payload.get("case_number") else None]
    return " · ".join(str(p) for p in parts if p)
