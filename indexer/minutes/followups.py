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
and a deadline that had passed at the meeting is none. Promises are read from the meeting's own record
and the administration's own papers to the body, never from a report, letter or invitation from outside or an
attachment written by others (KL's report, KKR's invitation), and a promise by an outside organisation ("vil KL
også evaluere processen", "KKR Hovedstaden vil …", "Regionen vil …") is none (`authors.promises_are_the_meetings`,
`authors.outside_promiser`).
Where each was taken up again is `takeups`' work.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping, Sequence

from indexer.minutes.authors import outside_promiser, promises_are_the_meetings
from indexer.minutes.items import ItemTracker, normalise, sentence_digest, sentences
from indexer.minutes.promises import (asking_intro, deadline_of, is_decision_section, is_history, is_promise,
                                      rejected_points, requested_by, who_and_what)
from indexer.records import FollowUp, Paragraph, Record

__all__ = ["FollowUp", "follow_up_id", "extract_followups", "listed_followups", "one_entry_per_promise", "is_promise",
           "deadline_of"]

FIELD_TEXTS = "firstagenda"  # the meeting system whose fields the promise rules read as fields


# A list's point on a line of its own: "- Området for hjælpemidler …", "• …", "1. …", "a) …".
_LIST_POINT = re.compile(r"^\s*(?:[-–•·*]|\d{1,2}[.)]|[a-zæøå][.)])\s+(?=\S)")
# A list's mark before a sentence's words, for telling one promise stated twice ("1) Anbefales, idet …",
# "2)Anbefales, idet …").
_POINT_MARK = re.compile(r"^\s*(?:[-–•·*]|\d{1,2}\s*[.)]|[a-zæøå][.)])\s*")
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
    if unmarked := _unmarked_points(lines):
        return unmarked
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


# Unmarked points: short lines of their own, two or more, right under the sentence that introduces them ("Frem mod
# kontraktperiodens opstart … kan der forventes følgende politisk behandling …:" / "Q4 2022: Behandling af …" /
# "Q3 2023: Evaluering af tilbud …"). One short line before a long one is a section's title, not a list.
_UNMARKED_POINT_CHARS = 160


def _unmarked_points(lines: Sequence[str]) -> list[str]:
    if not lines or _LIST_POINT.match(lines[0]) or _GROUP_LABEL.match(lines[0]):
        return []
    points = []
    for line in lines:
        if not line.strip() or len(line) > _UNMARKED_POINT_CHARS or _LIST_POINT.match(line):
            break
        points.append(line.strip().rstrip(".;"))
    return points if len(points) >= 2 else []


# The recommendation's field ("Indstilling"): its points are numbered in the order listed, as the decision names them.
_RECOMMENDATION = re.compile(r"^\s*indstilling", re.I)


def _points_listed(text: str) -> int:
    return sum(1 for line in text.split("\n") if _LIST_POINT.match(line))


def _point_number(paragraph: Paragraph, sentence: str, before: int) -> int | None:
    """The number of the recommendation's point a sentence is on (`before`: the points in the field's earlier
    paragraphs), or None where the sentence is on no listed point."""
    lines = paragraph.text.split("\n")
    head = sentence.strip()[:60]
    at = next((i for i, line in enumerate(lines) if head in " ".join(line.split())), None)
    if at is None or not _LIST_POINT.match(lines[at]):
        return None
    return before + _points_listed("\n".join(lines[: at + 1]))


def _rejected_by_item(record: Record, paragraphs: Sequence[Paragraph]) -> dict[str, set[int]]:
    """Per agenda item, the recommendation's points its decision rejects or does not recommend ("2. Anbefales ikke.")."""
    tracker, out = ItemTracker(record), {}
    for p in paragraphs:
        item = tracker.update(p)
        if not p.is_heading and is_decision_section(p.heading):
            out.setdefault(item.number, set()).update(rejected_points(p.text))
    return out


# Words that say nothing of which promise a sentence makes, for telling one promise said in two fields.
_COMMON = frozenset("at af den det der de en et i og om til med på for som er vil skal kan blive ved fra sig hvor når "
                    "hvis dette disse eller samt".split())


# The words of any return ("Administrationen vender tilbage med …", "… forelægges udvalget"), by their first five letters:
# without a time in common, only what a promise is about tells two apart.
_ANY_RETURN = frozenset({"admin", "forva", "udval", "vende", "tilba", "sag", "sager", "freml", "forel", "orien",
                         "blive", "udarb", "ønske"})


def _gist(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", text.lower()) if len(w) > 2 and w not in _COMMON}


def _same_promise(a: FollowUp, b: FollowUp) -> bool:
    """Whether two follow-ups of one item are one promise said in two fields (the Indstilling's point and the
    description's sentence, the description and the timetable): other fields, the same deadline, and at least half
    the words of the shorter in the other (without a deadline, of the words that are not `_ANY_RETURN`'s)."""
    if a.section == b.section or (a.deadline or "").casefold() != (b.deadline or "").casefold():
        return False
    ga, gb = _gist(a.text), _gist(b.text)
    if not a.deadline:
        ga, gb = ga - _ANY_RETURN, gb - _ANY_RETURN
    return min(len(ga), len(gb)) >= 2 and len(ga & gb) >= 0.5 * min(len(ga), len(gb))


def _citation(f: FollowUp) -> tuple:
    """How well a follow-up cites its promise: the decision first, then the recommendation, then one naming who
    and when; the first in reading order of equals."""
    return (is_decision_section(f.section), bool(_RECOMMENDATION.match(f.section or "")), f.who is not None,
            f.deadline is not None, f.requested_by is not None)


def one_entry_per_promise(found: list[FollowUp]) -> list[FollowUp]:
    """One promise said in several fields of one item as one entry, the best cited (`_citation`): for a list of a
    meeting system's follow-ups (`extract_followups` keeps every promising sentence, as the labels count them)."""
    kept: list[FollowUp] = []
    for f in found:
        twin = next((k for k in kept if k.item_number == f.item_number and _same_promise(k, f)), None)
        if twin is None:
            kept.append(f)
        elif _citation(f) > _citation(twin):
            kept[kept.index(twin)] = f
    return sorted(kept, key=found.index)


def listed_followups(record: Record, paragraphs: Sequence[Paragraph]) -> list[FollowUp]:
    """The follow-ups an index lists for a record: `extract_followups`, where a meeting system's fields state one
    promise in two of an item's fields (the Indstilling's point and the description, the description and the
    timetable: Skole-, Børne- og Ungeudvalget 26 April 2022, item 4, "vender tilbage i efteråret 2022" twice), once.
    On Greve's 2022–2023 meetings it joins 21 pairs, about 19 of them one promise."""
    found = extract_followups(record, paragraphs)
    return one_entry_per_promise(found) if (record.file_type or "").lower() == FIELD_TEXTS else found


def follow_up_id(document: str, text: str, occurrence: int = 0) -> str:
    """The id a follow-up's mark is kept under: the document's archive name, the promise's
    sentence (normalised) and which occurrence of it. It survives rebuilds, re-segmentation
    and edits elsewhere in the same file; a renamed file or a reworded sentence is a new id (a file
    moved or renamed unchanged keeps its marks: `Store.carry_marks`)."""
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
    listed: set[tuple[str | None, str]] = set()  # per item, the promises listed: one stated twice is listed once
    rejected = _rejected_by_item(record, paragraphs) if fields_only else {}
    points_before: dict[str, int] = {}  # per item, the recommendation's points in its paragraphs so far
    introducing: dict[int, tuple[str, list[str]]] = {}  # a list's intro (its place in `out`): (what, the points)
    last_said: dict[str | None, str] = {}  # per item, its sentence before this one: what a "herom" refers to
    asker: dict[str | None, str] = {}  # per item, the body a list's intro names as asking ("Udvalget ønsker")
    for at, p in enumerate(paragraphs):
        if p.is_contents:
            continue
        item = tracker.update(p)
        if p.is_heading or is_history(p.heading):
            continue  # the case's history ("Sagens forløb") quotes what earlier meetings promised
        recommendation = fields_only and bool(_RECOMMENDATION.match(p.heading or ""))
        before = points_before.get(item.number, 0)
        if recommendation:
            points_before[item.number] = before + _points_listed(p.text)
        for s in sentences(p):
            antecedent, last_said[item.number] = last_said.get(item.number), s.text
            # the points under "Udvalget ønsker" are that body's requests, until a sentence that is no point
            if intro := asking_intro(s.text):
                asker[item.number] = intro
            elif not _POINT_MARK.match(s.text):
                asker.pop(item.number, None)
            if not is_promise(s.text, p.heading, record.meeting_date, meeting_system=fields_only):
                continue
            if recommendation and _point_number(p, s.text, before) in rejected.get(item.number, ()):
                continue  # a point of the recommendation the decision rejects ("2. Anbefales ikke.")
            who, what = who_and_what(s.text, p)
            if outside_promiser(who, s.text):
                continue  # "Derfor vil KL også evaluere processen": KL's task, not the municipality's follow-up
            if antecedent and len(antecedent) <= ANTECEDENT_CHARS and _REFERS_BACK.search(s.text):
                # "Forespørgsel om frie midler … kan omprioriteres. Udvalget ønsker en sag fremlagt herom."
                what = f"{antecedent.rstrip(' .:;')}: {what}"
            points = listed_points(p, s.text, paragraphs[at + 1:at + 6])
            if points:
                introducing[len(out)] = (what.rstrip(" :;"), points)
                what = f"{what.rstrip(' :;')}: {'; '.join(points)}"
            key = normalise(s.text)
            same = (item.number, normalise(_POINT_MARK.sub("", s.text)))
            if same in listed:
                continue  # the item's summary and its text ("Indstilling", "Sagsbeskrivelse") say it alike
            listed.add(same)
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
                requested_by=requested_by(s.text, p.heading) or asker.get(item.number),
                section=p.heading,
                case_number=p.case_number or record.case_number,
            ))
    return _points_for_their_intro(out, introducing)


# A promise that names its matter only by referring back ("Forespørgsel om frie midler under lokaletilskud kan
# omprioriteres. Udvalget ønsker en sag fremlagt herom."): what was promised is said with the sentence before it.
# (a topic line, not a long account: its first sentence would say another matter as often as this one)
# So does one that says only who hears of it and when ("Fagudvalgene orienteres efterfølgende."), and one whose subject is
# "Dette" or "Disse" ("Idrætsrådet og Fritidsrådet nedlægges, og der etableres et samlet råd for folkeoplysning. Dette
# adresseres i en selvstændig sag …").
_REFERS_BACK = re.compile(r"\b(?:herom|om dette|om det)\s*\.?\s*$"
                          r"|^(?:\S+ ){1,2}(?:orienteres|forelægges|fremlægges) (?:efterfølgende|senere)\s*\.?\s*$"
                          r"|^(?:[-–•]\s*)?(?:Dette|Disse)\s", re.I)
ANTECEDENT_CHARS = 200


def _bare(text: str) -> str:
    return normalise(_POINT_MARK.sub("", text)).rstrip(" .;")


def _points_for_their_intro(found: list[FollowUp], introducing: Mapping[int, tuple[str, list[str]]]) -> list[FollowUp]:
    """Where the points a promise introduces are promises of their own ("… at der på et kommende møde optages
    følgende sager på dagsordenen;" / "- Der forelægges en sag om sagsbehandlingstider …" / "- Der forelægges en
    sag om sagsprocedurer …"), each point is listed, with the intro's deadline, promiser and asker where it states
    none, and the intro carries only the other points, or is not listed where there are none: one promise listed
    once, each matter tracked on its own (Social- og Handicapudvalget 14 March 2022, item 3)."""
    dropped: set[int] = set()
    for at, (what, points) in introducing.items():
        intro, listed = found[at], {_bare(point) for point in points}
        own = {i: found[i] for i in range(at + 1, len(found))
               if found[i].item_number == intro.item_number and _bare(found[i].text) in listed}
        if not own:
            continue
        for i, point in own.items():
            found[i] = replace(point, deadline=point.deadline or intro.deadline, who=point.who or intro.who,
                               requested_by=point.requested_by or intro.requested_by)
        promising = {_bare(f.text) for f in own.values()}
        rest = [point for point in points if _bare(point) not in promising]
        if rest:
            found[at] = replace(intro, what=f"{what}: {'; '.join(rest)}")
        else:
            dropped.add(at)
    return [f for i, f in enumerate(found) if i not in dropped]
