"""Follow-ups: a document's record and paragraphs in, the promises of later action out.

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
and a deadline that had passed at the meeting is none. Nor is an attachment written by others (KL's
report, KKR's invitation, a meeting system's enclosure whose writer is not known): what a third party
says it will do is not the meeting's promise (`authors.promises_are_the_meetings`).
Where each was taken up again is `takeups`' work.
"""
from __future__ import annotations

import re
from typing import Sequence

from indexer.minutes.authors import promises_are_the_meetings
from indexer.minutes.items import ItemTracker, normalise, sentence_digest, sentences
from indexer.minutes.promises import deadline_of, is_history, is_promise, requested_by, who_and_what
from indexer.records import FollowUp, Paragraph, Record

__all__ = ["FollowUp", "follow_up_id", "extract_followups", "is_promise", "deadline_of"]

FIELD_TEXTS = "firstagenda"  # the meeting system whose fields the promise rules read as fields


# A list's point on a line of its own: "- Området for hjælpemidler …", "• …", "1. …", "a) …".
_LIST_POINT = re.compile(r"^\s*(?:[-–•·*]|\d{1,2}[.)]|[a-zæøå][.)])\s+(?=\S)")
# A short line naming the group of the points below it: "Klima-, Teknik- og Miljøudvalget:".
_GROUP_LABEL = re.compile(r"^\s*(?P<label>[^.:;!?\n]{2,80}):\s*$")


def listed_points(paragraph: Paragraph, sentence: str, following: Sequence[Paragraph] = ()) -> list[str]:
    """The points listed on the lines after a sentence that introduces them ("Udvalget ønsker at få følgende områder
    yderligere beskrevet:", "… optages følgende sager på dagsordenen …;"), without their marks; [] where the sentence
    ends otherwise or no point follows. A promise that only introduces its list carries it in its `what`.

    The list may go on in the paragraphs that follow in the same item and section (`following`, in reading order):
    a meeting system's field often holds the sentence and its list as two blocks. Points under a group's label
    ("Sundheds og Omsorgsudvalget:" / "- Hjemmepleje" / "- PPV") are one point each group: "Sundheds og
    Omsorgsudvalget: Hjemmepleje, PPV"."""
    if not sentence.rstrip().endswith((":", ";")):
        return []
    lines = paragraph.text.split("\n")
    at = next((i for i in range(len(lines) - 1, -1, -1) if sentence.strip() in " ".join(lines[i].split())), None)
    if at is None:
        return []
    lines = lines[at + 1:]
    for later in following:
        if later.is_heading or (later.item_number, later.heading) != (paragraph.item_number, paragraph.heading):
            break
        lines += later.text.split("\n")
    points: list[str] = []
    label, group = None, []
    for line in lines:
        mark = _LIST_POINT.match(line)
        if mark:
            (group if label else points).append(line[mark.end():].strip().rstrip(".;"))
            continue
        if not (new_label := _GROUP_LABEL.match(line)):
            break
        if label and group:
            points.append(f"{label}: {', '.join(group)}")
        label, group = new_label["label"].strip(), []
    if label and group:
        points.append(f"{label}: {', '.join(group)}")
    return points


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
    if not promises_are_the_meetings(record):
        return []  # another's paper put before the body: its "vil KL …" is not this meeting's promise
    tracker = ItemTracker(record)
    # The rules for a meeting system's fields were written on FirstAgenda's short field texts (Greve);
    # eDoc's and SBSYS's fields hold the minutes' prose as their PDFs print it, so they are read as
    # text: a sentence promises in the export as it does in the PDF.
    fields_only = (record.file_type or "").lower() == FIELD_TEXTS
    out: list[FollowUp] = []
    seen: dict[str, int] = {}
    for at, p in enumerate(paragraphs):
        if p.is_contents:
            continue
        item = tracker.update(p)
        if p.is_heading or is_history(p.heading):
            continue  # the case's history ("Sagens forløb") quotes what earlier meetings promised
        for s in sentences(p):
            if not is_promise(s.text, p.heading, record.meeting_date, meeting_system=fields_only):
                continue
            who, what = who_and_what(s.text, p)
            points = listed_points(p, s.text, paragraphs[at + 1:at + 6])
            if points:
                what = f"{what.rstrip(' :;')}: {'; '.join(points)}"
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
                case_number=p.case_number or record.case_number,
            ))
    return out
