"""Follow-ups: a document's record and paragraphs in, the promises of later action out;
and, for one promise, the later paragraphs that take the matter up again.

In:  one `Record` and its `Paragraph`s in reading order (from `ingest.ingest_file`).
Out: one `FollowUp` per sentence that promises later action ("Forvaltningen vender
     tilbage", "følges op", "vil undersøge", "ser nærmere på sagen", "udarbejder en
     oversigt", "forelægges udvalget igen", "sendes rundt", "på næste møde", "et skriftligt
     svar", "oversender gerne", passive and expected forms such as "Vil blive drøftet på mødet
     den 27/2-15" and "forventes sendt til Socialudvalget efter sommerferien", an organisation
     taking on a task: "vil KL tage initiativ til", English equivalents), with who promised,
     what, and the deadline if one is stated.

Which sentences promise, who promised and the deadline are decided by the rule tables in
`indexer/minutes/promises.py` (also a speaker's own commitments in debates: "det vil vi tage op igen",
"jeg har bedt ministeriet om at undersøge"; and in meeting systems' minutes a body's requests,
"Udvalget ønsker en orientering på et kommende møde om …", with the body in `requested_by`), which
also lists what does not count. The case's history ("Sagens forløb") is never read for promises,
and a deadline that had passed at the meeting is none.

`link_follow_up` takes a `similar(text, k) -> list[Hit]` callable (the archive's dense
search) and returns the later paragraphs that take the promise up again: same body first,
only after the promise's meeting date, above a similarity threshold, and first a later paragraph
under the same agenda matter (the same bill at a later reading); an empty list reads "nothing
found since".
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from indexer.minutes.items import ItemTracker, from_meeting_system, normalise, sentence_digest, sentences
from indexer.minutes.promises import deadline_of, is_history, is_promise, requested_by, who_and_what
from indexer.records import FollowUp, FollowUpLink, Hit, Paragraph, Record

__all__ = ["FollowUp", "FollowUpLink", "follow_up_id", "extract_followups", "link_follow_up", "describe",
           "is_promise", "deadline_of"]


def follow_up_id(document: str, text: str, occurrence: int = 0) -> str:
    """The id a follow-up's mark is kept under: the document's archive name, the promise's
    sentence (normalised) and which occurrence of it. It survives rebuilds, re-segmentation
    and edits elsewhere in the same file; a renamed file or a reworded sentence is a new id."""
    return f"fu-{sentence_digest(document, text, occurrence)[:16]}"


def extract_followups(record: Record, paragraphs: Sequence[Paragraph]) -> list[FollowUp]:
    """The promises of later action a record states, in reading order.

    Args:
        record: the document's metadata (body and meeting date are copied onto each one).
        paragraphs: its paragraphs in reading order.

    Returns:
        One `FollowUp` per promising sentence.
    """
    tracker = ItemTracker(record)
    fields_only = from_meeting_system(record)
    out: list[FollowUp] = []
    seen: dict[str, int] = {}
    for p in paragraphs:
        if p.is_contents:
            continue
        item = tracker.update(p)
        if p.is_heading or is_history(p.heading):
            continue  # the case's history ("Sagens forløb") quotes what earlier meetings promised
        for s in sentences(p):
            if not is_promise(s.text, p.heading, record.meeting_date, meeting_system=fields_only):
                continue
            who, what = who_and_what(s.text, p)
            key = normalise(s.text)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            out.append(FollowUp(
                id=follow_up_id(record.path, s.text, occurrence),
                document=record.path,
                body=record.body,
                meeting_date=record.meeting_date,
                item_number=item.number,
                item_title=item.title,
                text=s.text,
                who=who,
                what=what,
                deadline=deadline_of(s.text, record.meeting_date),
                paragraph_id=p.id,
                page=p.page,
                requested_by=requested_by(s.text, p.heading),
                section=p.heading,
            ))
    return out


# --- taken up again ----------------------------------------------------------

# Cosine floor for "takes the matter up again". With multilingual-e5-small, unrelated Danish
# paragraphs of this archive reach 0.84-0.87 with a promise, so a lower floor links noise
# (benchmarks/bench_decisions.py --index: first-link precision 0/6 at 0.85).
LINK_THRESHOLD = 0.90
# A later paragraph under the same agenda matter (the same bill at its next reading: "1. behandling
# af L 5: Om genindførelse af BoligJobordningen." → "Punkt 7. 3. behandling af L 5: …") is on the
# promise's matter by its place, so it needs only to be among the dense candidates, not above the
# floor, which unrelated debate paragraphs also reach.
MATTER_THRESHOLD = 0.80
_READING = re.compile(r"^(?:punkt \d+\.\s*)?(?:\d+\.\s*(?:\(sidste\)\s*)?behandling af\s*)?", re.I)


def matter_of(item_title: str | None) -> str | None:
    """An agenda item's matter, its title without the reading ("3. behandling af") and item
    number: equal for the same bill or matter at different meetings. None for titles too short to
    name a matter ("Punkt 0", "Drøftelse")."""
    if not item_title:
        return None
    key = normalise(_READING.sub("", item_title.strip())).rstrip(".")
    return key if len(key) >= 16 else None


def link_follow_up(
    follow_up: FollowUp,
    similar: Callable[[str, int], list[Hit]],
    *,
    k: int = 30,
    threshold: float = LINK_THRESHOLD,
    limit: int = 3,
    matter_threshold: float | None = MATTER_THRESHOLD,
) -> list[FollowUpLink]:
    """The later paragraphs that take a follow-up's matter up again, best first.

    Args:
        follow_up: the promise (its `what`, body and meeting date are used).
        similar: `similar(text, k)` → the k most similar paragraphs as `Hit`s (dense search).
        k: how many candidates to ask for.
        threshold: the least similarity a candidate needs.
        limit: how many links to return.
        matter_threshold: the least similarity for a paragraph under the same agenda matter;
            None: no same-matter rule (the cosine floor alone).

    Returns:
        Paragraphs from other documents dated after the promise, at or above the
        threshold: those of the same body first, each group by similarity. Empty when
        nothing is found since, or when the promise has no date (nothing is known to be later).
        A paragraph under the same agenda matter at a later meeting of the same body counts from
        MATTER_THRESHOLD and comes first.
    """
    if not follow_up.meeting_date:
        return []
    same = lambda h: bool(follow_up.body) and (h.body or "").casefold() == (follow_up.body or "").casefold()  # noqa: E731
    key = matter_of(follow_up.item_title) if matter_threshold is not None else None
    on_matter = lambda h: key is not None and same(h) and matter_of(h.item_title) == key  # noqa: E731
    candidates = [
        h for h in similar(follow_up.what or follow_up.text, k)
        if h.document != follow_up.document and h.date and h.date > follow_up.meeting_date
        and (h.score >= threshold or (on_matter(h) and h.score >= min(threshold, matter_threshold or 0.0)))
    ]
    candidates.sort(key=lambda h: (not on_matter(h), not same(h), -h.score))
    return [
        FollowUpLink(follow_up.id, h.id, h.document, h.body, h.date, float(h.score), h.text, same(h), h.page,
                     on_matter(h))
        for h in candidates[:limit]
    ]


def describe(follow_up: FollowUp, links: Sequence[FollowUpLink]) -> str:
    """One line a person reads: "promised on 2018-06-11 by forvaltningen — taken up again on … (id)"."""
    when = follow_up.meeting_date or "an unknown date"
    who = follow_up.who or "(not stated)"
    head = f"promised on {when} by {who}"
    if not links:
        return f"{head} — nothing found since"
    first = links[0]
    return f"{head} — taken up again on {first.date} ({first.document}, {first.paragraph_id})"
