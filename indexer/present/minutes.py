"""Presenting what the minutes state: decisions and follow-ups in; status lines, citations,
checklists (Markdown, CSV) and cards (HTML, escaped) out, in the reader's language.
"""
from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, Mapping, Sequence

from indexer.minutes.fields import ADMINISTRATION, DISQUALIFICATION, TAKING_PART, counts_of
from indexer.present.hits import _cell, _inert, _meta_line, _one_line, item_words
from indexer.present.moments import readers_day
from indexer.present.wording import WEEKDAY, Wording, deadline_label, item_points, long_date, title_in
from indexer.records import CaseStep, FollowUp, FollowUpLink

if TYPE_CHECKING:
    from indexer.store.tracking import Mark


@dataclass(frozen=True)
class FollowUpWords:
    """Words of the follow-up list that `Wording` does not hold (defaults: Danish; FOLLOW_UP_WORDS
    has English)."""

    overdue: str = "frist overskredet"
    # overdue, with a similar later item beside it that may be where it came back: said so, not accused
    overdue_unless: str = "frist overskredet, medmindre det lignende punkt tog det op"
    # … where that similar item came by the deadline: the reader is told it may have come back in time
    overdue_unless_in_time: str = "et lignende punkt kom inden fristen; frist overskredet, medmindre det tog det op"
    due: str = "forfalder"


FOLLOW_UP_WORDS = {"da": FollowUpWords(), "en": FollowUpWords(
    overdue="deadline passed", overdue_unless="deadline passed, unless the similar item took it up",
    overdue_unless_in_time="a similar item came before the deadline; deadline passed unless it took it up", due="due")}


def overdue_label(links: Sequence["FollowUpLink"], words: FollowUpWords = FollowUpWords(),
                  due: str | None = None) -> str:
    """What an overdue follow-up's badge says: "frist overskredet", or, where a later item found by similarity
    alone stands beside it (a lead, not a fact: `tracking.taken_up_by`), that it is overdue unless that item
    took it up, and where that item came by the `due` date, that it came in time (a secretary read "frist
    overskredet" for a grant agreement presented two months before its deadline)."""
    leads = [link for link in links if getattr(link, "lead", False)]
    if not leads:
        return words.overdue
    in_time = due is not None and any(link.date and link.date <= due for link in leads)
    return words.overdue_unless_in_time if in_time else words.overdue_unless


# A request's own word for the body that asks ("Udvalget ønsker …"): the meeting's body by name.
def promised_by(follow_up: "FollowUp") -> str | None:
    """Who promised (`FollowUp.promiser`)."""
    return follow_up.promiser()


def taken_up_words(link: "FollowUpLink", wording: Wording = Wording()) -> str:
    """"taget op igen {date}", or for a link found by similarity alone "muligvis taget op igen {date} …"."""
    return wording.taken_up_similar if link.lead else wording.taken_up


def taken_up_where(link: "FollowUpLink", follow_up: "FollowUp | None", wording: Wording = Wording()) -> str:
    """"taget op igen 27. marts 2024, punkt 4"; another body than the promise's is named
    ("…, Økonomiudvalget, punkt 20")."""
    return taken_up_words(link, wording).format(date=link_place(link, follow_up, wording))


def link_place(link: "FollowUpLink", follow_up: "FollowUp | None", wording: Wording = Wording()) -> str:
    """Where a link leads, in a few words: "27. marts 2024, punkt 4"; another body than the promise's is
    named ("…, Økonomiudvalget, punkt 20"), and without `follow_up` every body."""
    line = long_date(link.date, wording) or wording.undated
    other = link.body and (follow_up is None or (link.body or "").casefold() != (follow_up.body or "").casefold())
    if other:
        line += f", {_one_line(link.body)}"
    item = item_words(_one_line(getattr(link, "item_number", None)), None, wording)
    if item:
        line += f", {item}"
    return line


def other_places(links: Sequence["FollowUpLink"], wording: Wording = Wording()) -> str:
    """The links after the first, where a reader looks if the first is not the one, each with its body (beside
    a first link at another body, the promise's own would read as that one): "9. februar 2023, Klima-, Teknik-
    og Miljøudvalget, punkt 6; …" (said after `Wording.other_places`); "" where there are none."""
    return "; ".join(link_place(link, None, wording) for link in links[1:])


# An agenda item postponed ("Sagen blev udsat.", "Punktet udsættes til næste møde …"): nobody promised; it comes back.
_PUT_OFF = re.compile(r"^(?:(?:sagen|punktet)\s+(?:blev\s+)?)?(?:udsat|udsættes)\b", re.I)


def follow_up_status(follow_up: "FollowUp", links: Sequence["FollowUpLink"], wording: Wording = Wording()) -> str:
    """One line a person reads: "lovet 6. februar 2024 af Social- og Handicapudvalget — taget op igen
    27. marts 2024, punkt 4" or "… — intet fundet siden" (the link itself is shown beside it). Who
    promised is the promiser named, else the body that asked."""
    who = promised_by(follow_up)
    if who is None and follow_up.meeting_date and follow_up.body:
        said = wording.put_off_at if _PUT_OFF.match(follow_up.text) else wording.promised_at
        head = said.format(date=long_date(follow_up.meeting_date, wording), body=_one_line(follow_up.body))
    else:
        who = who or wording.nobody
        head = (wording.promised.format(date=long_date(follow_up.meeting_date, wording), who=who)
                if follow_up.meeting_date else wording.promised_undated.format(who=who))
    if not links:
        return f"{head} — {wording.nothing_since}"
    return f"{head} — {taken_up_where(links[0], follow_up, wording)}"


# A list bullet or dash the minutes put before a promise ("- Der forelægges …"): a checklist has its own
# box or cell, and in a CSV cell a leading dash would otherwise be read (and guarded) as a formula.
_LIST_MARK = re.compile(r"^[-–—•·*▪◦]\s+")


def checklist_text(follow_up: "FollowUp") -> str:
    """What was promised, on one line, as a checklist (and a card's heading) writes it: without the
    list bullet or dash the minutes put before it."""
    return _LIST_MARK.sub("", _one_line(follow_up.what or follow_up.text), count=1)


def _who(follow_up: "FollowUp", wording: Wording) -> str:
    """Who promised, as the checklists say it: the promiser or asking body, else "ikke angivet"."""
    return promised_by(follow_up) or wording.nobody


def _cited(body: str | None, day: str | None, title: str | None, document: str, item: str | None,
           page: int | None, case_number: str | None, paragraph_id: str | None, wording: Wording) -> str:
    """A citation as the secretariat writes it: body, long date, document title, agenda item, page, case
    number. The paragraph's id comes last, and only where neither an agenda item nor a page says where in
    the document it stands; the file's path only where the document has no title."""
    when = long_date(day, wording) if day else None
    parts = [body or wording.unknown_body, when or wording.undated, _title_beside(title_in(title, wording), body, when) or document,
             item, f"{wording.page} {page}" if page else None,
             f"{wording.case} {case_number}" if case_number else None]
    line = ", ".join(_one_line(str(part)) for part in parts if part)
    if paragraph_id and not item and not page:
        line += f" ({wording.paragraph} {paragraph_id})"
    if document.replace("\\", "/").startswith("uploads/"):
        line += f" [{wording.upload}]"
    return line


def _title_beside(title: str | None, body: str | None, when: str | None) -> str | None:
    """A document's title less the body and the meeting day the citation names before it ("Referat: Kultur- og
    Fritidsudvalget 9. februar 2022" → "Referat": a secretary read the body and the day twice); the title as it is
    where it does not hold both, or holds nothing else."""
    if not title or not body or not when or body.casefold() not in title.casefold() \
            or when.casefold() not in title.casefold():
        return title
    rest = re.sub(re.escape(body), " ", title, flags=re.I)
    # the day with its weekday ("tirsdag den 4. december 2012"): the weekday alone is no title
    rest = re.sub(rf"(?:\b{WEEKDAY}\s+)?(?:\bden\s+)?{re.escape(when)}", " ", rest, flags=re.I)
    rest = " ".join(rest.replace(":", " ").split()).strip(" ,.-–")
    return rest or title


def follow_up_citation(follow_up: "FollowUp", document: Mapping | None = None, wording: Wording = Wording()) -> str:
    """Where a promise was made: body, meeting date, document title, agenda item, page, case number (its
    agenda item's, else the record's) (`_cited`). `document` is the record's metadata (title, case_number),
    if known."""
    document = document or {}
    return _cited(follow_up.body, follow_up.meeting_date, document.get("title"), follow_up.document,
                  item_words(follow_up.item_number, follow_up.item_title, wording), follow_up.page,
                  getattr(follow_up, "case_number", None) or document.get("case_number"), follow_up.paragraph_id,
                  wording)


@dataclass(frozen=True)
class FollowUpEntry:
    """A follow-up as a checklist shows it: the promise, its status and where it was taken up again."""

    follow_up: "FollowUp"
    status: str = "open"  # "open", "done", "dismissed"
    links: Sequence["FollowUpLink"] = ()
    document: Mapping | None = None  # the record's metadata: title, case_number
    overdue: bool = False  # open, and its deadline has passed (TrackedFollowUp.overdue)
    mark: Mark | None = None  # the secretariat's mark (done, dismissed) with its note, by whom and when
    due: str | None = None  # the day its deadline falls on (TrackedFollowUp.due), YYYY-MM-DD: a column to sort by
    repeated: Sequence["FollowUp"] = ()  # the same promise as its case went on (TrackedFollowUp.repeated)
    # where nothing was found to take it up: when and where its case came back (`cases.came_back`), as its card says
    case_back: CaseStep | None = None


def checklist_entry(tracked, links: Sequence["FollowUpLink"], case_back: CaseStep | None = None) -> FollowUpEntry:
    """A tracked follow-up (`TrackedFollowUp`) with where it was taken up again, as a checklist shows it: overdue as
    its links have it, and, where nothing took it up, when its case came back (`case_back`)."""
    return FollowUpEntry(tracked.follow_up, tracked.status, links,
                         {"title": tracked.title, "case_number": tracked.case_number}, tracked.overdue_with(links),
                         tracked.mark, tracked.due, tracked.repeated, case_back)


def _marked(entry: FollowUpEntry) -> tuple[str | None, str | None, str | None]:
    """A marked entry's note, who marked it and the day (on the readers' time); Nones for an unmarked one."""
    mark = entry.mark
    if mark is None:
        return None, None, None
    return mark.note, mark.marked_by, readers_day(mark.marked_at)


def case_back_words(back: CaseStep, wording: Wording) -> str:
    """"sagen var på dagsordenen igen 15. marts 2022 (Social- og Sundhedsudvalget, punkt 6)": where nothing was
    found to take a promise up, when and where its case came back."""
    where = ", ".join(filter(None, (back.body, item_words(back.item_number, None, wording) if back.item_number
                                    else None)))
    return wording.case_back.format(date=long_date(back.meeting_date, wording), where=where)


def _taken_up(entry: FollowUpEntry, wording: Wording) -> str:
    """"taget op igen 5. februar 2013 (Byrådet, 5. februar 2013, Referat, punkt 4, s. 4)", or "intet fundet siden"."""
    if not entry.links:
        if entry.case_back is None:
            return wording.nothing_since
        return f"{wording.nothing_since}; " + case_back_words(entry.case_back, wording)
    first = entry.links[0]
    item = item_words(getattr(first, "item_number", None), getattr(first, "item_title", None), wording)
    where = _cited(first.body, first.date, getattr(first, "title", None), first.document, item, first.page,
                   getattr(first, "case_number", None), first.paragraph_id, wording)
    return f"{taken_up_words(first, wording).format(date=long_date(first.date, wording) or wording.undated)} ({where})"


def promised_again(repeated: Sequence["FollowUp"], wording: Wording = Wording()) -> str:
    """Where the same promise stood as its case went on (`TrackedFollowUp.repeated`): "Økonomiudvalget 24. oktober
    2022; Byrådet 31. oktober 2022", or ""."""
    return "; ".join(" ".join(part for part in (again.body, long_date(again.meeting_date, wording)) if part)
                     for again in repeated)


def checklist_title(wording: Wording, bodies: Sequence[str] = (), date_from: str | None = None,
                    date_to: str | None = None, query: str | None = None, status: str | None = "open") -> str:
    """A checklist's title, naming what it holds: "Åbne opfølgninger · Socialudvalget · 1. januar 2023 – …";
    of another status "Opfølgninger (udført) · …", of every status (None) "Opfølgninger · …"."""
    period = " – ".join(long_date(day, wording) or "…" for day in (date_from, date_to)) \
        if date_from or date_to else None
    head = wording.checklist if status == "open" else wording.follow_ups_title + (
        f" ({dict(wording.statuses).get(status, status)})" if status else "")
    return " · ".join(part for part in (head, *bodies, period, f"»{query}«" if query else None) if part)


def follow_ups_markdown(entries: Sequence[FollowUpEntry], title: str, made_at: str,
                        wording: Wording = Wording(), words: FollowUpWords = FollowUpWords()) -> str:
    """A Markdown checklist to paste into the next agenda: one box per promise with its exact citation;
    an overdue one says so after its deadline. The records' text is made inert (`hits._inert`): a tag or
    link in a minute is pasted as text."""
    lines = [f"# {_inert(_one_line(title))}", "", f"- {wording.made_at}: {made_at}", f"- {wording.results}: {len(entries)}", ""]
    for entry in entries:
        fu = entry.follow_up
        box = "[x]" if entry.status != "open" else "[ ]"
        deadline = _inert(_one_line(fu.deadline)) or wording.no_deadline
        late = f" ({overdue_label(entry.links, words, entry.due)})" if entry.overdue else ""
        lines.append(f"- {box} {_inert(checklist_text(fu))} — {_inert(_who(fu, wording))}, "
                     f"{deadline_label(fu.deadline, wording)}: {deadline}{late}")
        # its id, for `followups mark ID done` from the checklist
        lines.append(f"  {wording.source}: {_inert(follow_up_citation(fu, entry.document, wording))} · {_inert(fu.id)}")
        lines.append(f"  {_inert(_taken_up(entry, wording))}")
        if len(entry.links) > 1:
            lines.append(f"  {_inert(wording.other_places)}: {_inert(other_places(entry.links, wording))}")
        if entry.repeated:
            lines.append(f"  {_inert(wording.promised_again)}: {_inert(promised_again(entry.repeated, wording))}")
        note, by, day = _marked(entry)
        if day:  # the secretariat's mark and note reach whoever reads the list
            status = dict(wording.statuses).get(entry.status, entry.status)
            lines.append("  " + _inert(", ".join(part for part in (
                wording.marked_line.format(status=status, when=long_date(day, wording)), by) if part)))
            if note:
                lines.append(f"  {wording.mark_note}: {_inert(_one_line(note))}")
    return "\n".join(lines) + "\n"


def follow_ups_csv(entries: Sequence[FollowUpEntry], title: str, made_at: str, wording: Wording = Wording(),
                   words: FollowUpWords = FollowUpWords()) -> bytes:
    """The same checklist as a CSV file for Excel (UTF-8 with BOM, `Wording.delimiter` between cells: ";" in Danish,
    "," in English): its title
    alone on the first row, then when it was made and how many; an overdue one says so in its status cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=wording.delimiter, lineterminator="\r\n")
    writer.writerow([_cell(_one_line(title))])  # the title already says what the file is ("Åbne opfølgninger · …")
    writer.writerow([wording.made_at, made_at])
    writer.writerow([wording.results, len(entries)])
    writer.writerow([])
    writer.writerow(wording.follow_up_columns)
    for entry in entries:
        fu, document = entry.follow_up, entry.document or {}
        writer.writerow([_cell(value) for value in (
            fu.id, fu.body, fu.meeting_date, _who(fu, wording), checklist_text(fu), fu.deadline, entry.due,
            dict(wording.statuses).get(entry.status, entry.status)
            + (f" ({overdue_label(entry.links, words, entry.due)})" if entry.overdue else ""),
            title_in(document.get("title"), wording), fu.item_number, fu.item_title, fu.page,
            getattr(fu, "case_number", None) or document.get("case_number"), fu.document,
            fu.paragraph_id, follow_up_citation(fu, document, wording), _taken_up(entry, wording), *_marked(entry),
            other_places(entry.links, wording), promised_again(entry.repeated, wording))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def outcome_label(outcome: str, wording: Wording = Wording()) -> str:
    return dict(wording.outcomes).get(outcome, outcome)


# Why a decision's outcome is unknown where no outcome is missing, as a reader is told it (the first form its
# text takes): an item put up for discussion ("Udvalget drøftede sagen med følgende bemærkninger:", "Sagen blev
# drøftet.") is "drøftet"; one whose text says what took place, with nothing put to a decision ("Temamødet blev
# holdt.", "Byrådet besvarede borgernes spørgsmål.", "Der var ingen orienteringer.", "Intet at berette."), is
# "intet at beslutte". Either says why better than "ukendt udfald"; the outcome stored stays "unknown".
_TOLD_UNKNOWN: list[tuple[str, re.Pattern]] = [
    ("discussed", re.compile(r"\b(?:drøftede|drøftet|discussed)\b", re.I)),
    ("nothing_to_decide", re.compile(r"^\S+(?: \S+){0,4} blev (?:af)?holdt\b|^\S+ besvare(?:de|nde) (?:\S+ )?spørgsmål"
                                     r"|^(?:der (?:var|er) )?(?:ingen|intet)\b", re.I)),
]


def told_outcome(outcome: str | None, text: str | None) -> str | None:
    """The outcome a reader is told: for an unknown one, why where its text says (`_TOLD_UNKNOWN`), else the
    decision's own."""
    if outcome != "unknown":
        return outcome
    return next((told for told, form in _TOLD_UNKNOWN if form.search((text or "").strip()[:200])), outcome)


def outcome_choice(outcome: str, wording: Wording = Wording()) -> str:
    """An outcome as a filter offers it: "unknown" with the reasons a card gives for it ("ukendt udfald, drøftet
    eller intet at beslutte"), so that a card's word is among the choices."""
    if outcome != "unknown":
        return outcome_label(outcome, wording)
    return wording.unknown_outcomes.format(unknown=outcome_label(outcome, wording), discussed=wording.discussed,
                                           nothing=wording.nothing_to_decide)


def decision_label(decision, wording: Wording = Wording()) -> str:
    """A decision's outcome as a reader is told it (`outcome_label`; an item only discussed: "drøftet"; one with
    nothing to decide: "intet at beslutte"), with the points decided otherwise ("godkendt (punkt 2: forkastet)")."""
    told = told_outcome(decision.outcome, decision.text)
    label = {"discussed": wording.discussed, "nothing_to_decide": wording.nothing_to_decide}.get(told) \
        or _rejected_label(decision.outcome, decision.text, wording)
    # a point decided otherwise than the item ("1. godkendes. 2. godkendes ikke."): said beside it, not hidden
    other = [(p["point"], p["outcome"], p.get("text") or "") for p in getattr(decision, "points", None) or ()
             if p.get("point") and p.get("outcome") not in (None, "unknown", decision.outcome)]
    if other:
        label += " (" + "; ".join(f"{item_points(point.replace('.', '').strip(), wording, 'point')}: "
                                  f"{_rejected_label(outcome, text, wording)}" for point, outcome, text in other) + ")"
    return label


# "Anbefales ikke", "… kan ikke anbefale …": a body that recommends to another rejects nothing, it advises against.
_ADVISED_AGAINST = re.compile(r"\banbefal\w*\s+ikke\b|\bikke\s+(?:at\s+)?anbefal", re.I)


def _rejected_label(outcome: str, text: str, wording: Wording) -> str:
    """An outcome's label; a rejection said as advice against ("4. anbefales ikke") reads "ikke anbefalet"."""
    if outcome == "rejected" and _ADVISED_AGAINST.search(text or ""):
        return wording.not_recommended
    return outcome_label(outcome, wording)


def vote_on(point: str | None, proposal_by: str | None, wording: Wording = Wording()) -> str:
    """What a vote was on, after its position: " (punkt 2)", " (forslag fra (Ø))", " (om inhabilitet)" (whether
    a member is disqualified), " (om deltagelse i sagen)" (whether a member may take part), or nothing (the item)."""
    on = wording.administrations if proposal_by == ADMINISTRATION else \
        wording.disqualification if proposal_by == DISQUALIFICATION else \
        wording.taking_part if proposal_by == TAKING_PART else \
        wording.proposal_by.format(who=proposal_by) if proposal_by else None
    named = [item_points(point, wording, "point") if point else None, on]
    return "".join(f" ({part})" for part in named if part)


def votes_line(decision, wording: Wording = Wording()) -> str:
    """"For: A, F (5) · Imod: V, Ø · Imod (punkt 2): Ø" from a decision's recorded votes: one side a
    part (votes the record states apart, each with its remark, are named together), the point of the
    item voted on where the record names it, another proposal voted on ("For (forslag fra (Ø)): Ø");
    "enstemmigt" when so stated."""
    names = dict(wording.positions)
    counted = {"for": decision.votes_for, "against": decision.votes_against}
    turned = counted["for"] != counted["against"] and counts_of(decision.text or "") == (counted["against"],
                                                                                       counted["for"])
    if turned:  # the record's "11 for" were against the proposal: say whose side each is, with its count
        names.update(wording.on_the_proposal)
    sides: dict[tuple, list[str]] = {}
    for vote in decision.votes:
        voters = ", ".join(vote.voters)
        count = vote.count if vote.count is not None or not turned or vote.point or getattr(vote, "proposal_by", None) \
            else counted.get(vote.position)
        if count is not None:  # "For: S, V (105)"; "Imod: 0" when nobody is named
            voters = f"{voters} ({count})" if voters else str(count)
        sides.setdefault((vote.position, vote.point, getattr(vote, "proposal_by", None)), []).append(voters)
    parts = [f"{names.get(position, position)}{vote_on(point, proposal_by, wording)}: {', '.join(voters)}"
             for (position, point, proposal_by), voters in sides.items()]
    if decision.unanimous:
        parts.append(wording.unanimous)
    return " · ".join(parts)


def case_overview_html(steps: Sequence, headers: Sequence[str], wording: Wording = Wording(),
                       closed: Collection[int] = ()) -> str:
    """A case's trail at a glance (`CaseStep`s, oldest first): one row per treatment, date, body,
    agenda item and the outcome there ("lukket" for the steps at `closed` positions, closed agenda
    items; "—" where no decision is recorded), under `headers` (four column names). Everything from
    the records is escaped."""
    def row(n: int, step) -> str:
        when = long_date(step.meeting_date, wording) or wording.undated
        item = " ".join(part for part in (f"{wording.item} {step.item_number}" if step.item_number else None,
                                          step.item_title) if part)
        outcome = wording.closed if n in closed else decision_label(step.decision, wording) \
            if step.decision else "—"
        cells = (when, step.body or wording.unknown_body, item or step.title or step.document, outcome)
        return "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells) + "</tr>"

    head = "".join(f"<th scope=\"col\">{html.escape(name)}</th>" for name in headers)
    return (f'<table class="case-overview"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(row(n, step) for n, step in enumerate(steps))}</tbody></table>')


def unsaid_remarks(decision) -> list[str]:
    """The body's remarks its decision's text does not already hold word for word ("Indstillingen godkendt med denne
    bemærkning:", then the remark)."""
    said = " ".join(decision.text.split())
    return [r for r in decision.remarks if " ".join(r.split()) not in said]


def decision_html(decision, wording: Wording = Wording(), *, heading: str | None = None,
                  where: Sequence[str | None] = (), heading_level: int = 3) -> str:
    """A decision as HTML: optional heading and where it was taken, the outcome as a badge, the text as the
    record words it, votes and remarks. Everything from the document is escaped."""
    outcome = html.escape(decision_label(decision, wording))
    parts = ['<div class="hit decision">']
    meta = _meta_line(where)
    if meta:
        parts.append(f'<div class="hit-where">{meta}</div>')
    if heading:
        parts.append(f'<h{heading_level} class="hit-title">{html.escape(heading)}</h{heading_level}>')
    parts.append(f'<span class="outcome outcome-{html.escape(decision.outcome)}">{outcome}</span>')
    if decision.motion:
        parts.append(f'<div class="hit-detail">{html.escape(decision.motion)}</div>')
    parts.append(f'<p class="hit-text">{html.escape(decision.text)}</p>')
    votes = votes_line(decision, wording)
    if votes:
        parts.append(f'<div class="votes">{html.escape(votes)}</div>')
    # the body's remarks the text above does not already hold word for word, then each side's own
    # reason for its vote ("Imod: C: at vi ønsker …"), which names who gave it
    names = dict(wording.positions)
    remarks = [*unsaid_remarks(decision),
               *(f"{names.get(v.position, v.position)}{vote_on(v.point, getattr(v, 'proposal_by', None), wording)}: "
                 f"{', '.join(v.voters)}: {v.remark}" for v in decision.votes if getattr(v, "remark", None))]
    if remarks:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in remarks)
        parts.append(f'<div class="remarks">{html.escape(wording.remarks)}:<ul>{items}</ul></div>')
    parts.append("</div>")
    return "".join(parts)


def follow_up_html(follow_up, status_line: str, wording: Wording = Wording(), *, status: str = "open",
                   where: Sequence[str | None] = (), heading_level: int = 3, overdue: str | None = None,
                   note: str | None = None) -> str:
    """A follow-up as HTML: what was promised as the heading, who and when it was promised and whether it was
    taken up again (`status_line`), the deadline and the sentence as written; `overdue`: the words of an
    overdue badge, for one whose deadline has passed; `note`: the note kept with its mark. All escaped."""
    label = dict(wording.statuses).get(status, status)
    deadline = _one_line(follow_up.deadline) or wording.no_deadline
    meta = _meta_line(where)
    return (
        '<div class="hit follow-up">'
        + (f'<div class="hit-where">{meta}</div>' if meta else "")
        + f'<h{heading_level} class="hit-title">{html.escape(checklist_text(follow_up))}</h{heading_level}>'
        + f'<span class="status status-{html.escape(status)}">{html.escape(label)}</span> '
        + (f'<span class="status status-overdue">{html.escape(overdue)}</span> ' if overdue else "")
        + f'<span class="follow-up-line">{html.escape(status_line)}</span>'
        + f'<div class="hit-detail">{html.escape(deadline_label(follow_up.deadline, wording).capitalize())}: '
          f'{html.escape(deadline)}</div>'
        + (f'<div class="hit-detail mark-note">{html.escape(wording.mark_note)}: {html.escape(_one_line(note))}</div>'
           if _one_line(note) else "")
        + (f'<p class="hit-text">{wording.quotes[0]}{html.escape(follow_up.text)}{wording.quotes[1]}</p>'
           if _one_line(follow_up.text).rstrip(".") != _one_line(follow_up.what).rstrip(".") else "")
        + "</div>"
    )
