"""Presenting what the minutes state: decisions and follow-ups in; status lines, citations,
checklists (Markdown, CSV) and cards (HTML, escaped) out, in the reader's language.
"""
from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from indexer.present.hits import _cell, _meta_line, _one_line
from indexer.present.wording import Wording
from indexer.records import FollowUp, FollowUpLink


def long_date(iso: str | None, wording: Wording = Wording()) -> str | None:
    """"2015-03-07" as "7. marts 2015" (English wording: "7 March 2015"); other text unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", iso or "")
    if not match:
        return iso
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return iso
    return f"{day}{wording.day_dot} {wording.months[month - 1]} {year}"


def follow_up_status(follow_up: "FollowUp", links: Sequence["FollowUpLink"], wording: Wording = Wording()) -> str:
    """One line a person reads: "lovet 7. marts 2015 af Socialforvaltningen — taget op igen 27. august 2015"
    or "… — intet fundet siden" (the link itself is shown beside it)."""
    who = _one_line(follow_up.who) or wording.nobody
    head = (wording.promised.format(date=long_date(follow_up.meeting_date, wording), who=who)
            if follow_up.meeting_date else wording.promised_undated.format(who=who))
    if not links:
        return f"{head} — {wording.nothing_since}"
    return f"{head} — {wording.taken_up.format(date=long_date(links[0].date, wording) or wording.undated)}"


def follow_up_citation(follow_up: "FollowUp", document: Mapping | None = None, wording: Wording = Wording()) -> str:
    """Where a promise was made, exactly: body, meeting date, document title, agenda item, page, case number,
    then the file and paragraph id. `document` is the record's metadata (title, case_number), if known."""
    document = document or {}
    parts = [follow_up.body or wording.unknown_body, follow_up.meeting_date or wording.undated,
             document.get("title") or follow_up.document]
    if follow_up.item_number or follow_up.item_title:
        parts.append(" ".join(p for p in (wording.item, follow_up.item_number, follow_up.item_title) if p))
    if follow_up.page:
        parts.append(f"{wording.page} {follow_up.page}")
    if document.get("case_number"):
        parts.append(f"{wording.case} {document['case_number']}")
    line = ", ".join(_one_line(str(part)) for part in parts)
    line += f" ({wording.file}: {follow_up.document}, {follow_up.paragraph_id})"
    if follow_up.document.replace("\\", "/").startswith("uploads/"):
        line += f" [{wording.upload}]"
    return line


@dataclass(frozen=True)
class FollowUpEntry:
    """A follow-up as a checklist shows it: the promise, its status and where it was taken up again."""

    follow_up: "FollowUp"
    status: str = "open"  # "open", "done", "dismissed"
    links: Sequence["FollowUpLink"] = ()
    document: Mapping | None = None  # the record's metadata: title, case_number


def _taken_up(entry: FollowUpEntry, wording: Wording) -> str:
    if not entry.links:
        return wording.nothing_since
    first = entry.links[0]
    where = f"{first.body or wording.unknown_body}, {first.date or wording.undated}, {first.document}"
    where += f", {wording.page} {first.page}" if first.page else ""
    return f"{wording.taken_up.format(date=first.date or wording.undated)} ({where}, {first.paragraph_id})"


def follow_ups_markdown(entries: Sequence[FollowUpEntry], title: str, made_at: str,
                        wording: Wording = Wording()) -> str:
    """A Markdown checklist to paste into the next agenda: one box per promise with its exact citation."""
    lines = [f"# {_one_line(title)}", "", f"- {wording.made_at}: {made_at}", f"- {wording.results}: {len(entries)}", ""]
    for entry in entries:
        fu = entry.follow_up
        box = "[x]" if entry.status != "open" else "[ ]"
        who = _one_line(fu.who) or wording.nobody
        deadline = _one_line(fu.deadline) or wording.no_deadline
        lines.append(f"- {box} {_one_line(fu.what or fu.text)} — {who}, {wording.deadline}: {deadline}")
        lines.append(f"  {wording.source}: {follow_up_citation(fu, entry.document, wording)}")
        lines.append(f"  {_taken_up(entry, wording)}")
    return "\n".join(lines) + "\n"


def follow_ups_csv(entries: Sequence[FollowUpEntry], title: str, made_at: str, wording: Wording = Wording()) -> bytes:
    """The same checklist as a CSV file for Danish Excel (UTF-8 with BOM, ";" between cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([wording.checklist, _cell(title)])
    writer.writerow([wording.made_at, made_at])
    writer.writerow([wording.results, len(entries)])
    writer.writerow([])
    writer.writerow(wording.follow_up_columns)
    for entry in entries:
        fu, document = entry.follow_up, entry.document or {}
        writer.writerow([_cell(value) for value in (
            fu.id, fu.body, fu.meeting_date, fu.who, fu.what, fu.deadline, dict(wording.statuses).get(entry.status, entry.status),
            document.get("title"), fu.item_number, fu.item_title, fu.page, document.get("case_number"), fu.document,
            fu.paragraph_id, follow_up_citation(fu, document, wording), _taken_up(entry, wording))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def outcome_label(outcome: str, wording: Wording = Wording()) -> str:
    return dict(wording.outcomes).get(outcome, outcome)


def votes_line(decision, wording: Wording = Wording()) -> str:
    """"For: A, F (5) · Imod: V" from a decision's recorded votes; "enstemmigt" when so stated."""
    names = dict(wording.positions)
    parts = []
    for vote in decision.votes:
        voters = ", ".join(vote.voters)
        if vote.count is not None:  # "For: S, V (105)"; "Imod: 0" when nobody is named
            voters = f"{voters} ({vote.count})" if voters else str(vote.count)
        parts.append(f"{names.get(vote.position, vote.position)}: {voters}")
    if decision.unanimous:
        parts.append(wording.unanimous)
    return " · ".join(parts)


def decision_html(decision, wording: Wording = Wording(), *, heading: str | None = None,
                  where: Sequence[str | None] = (), heading_level: int = 3) -> str:
    """A decision as HTML: optional heading and where it was taken, the outcome as a badge, the text as the
    record words it, votes and remarks. Everything from the document is escaped."""
    outcome = html.escape(outcome_label(decision.outcome, wording))
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
    if decision.remarks:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in decision.remarks)
        parts.append(f'<div class="remarks">{html.escape(wording.remarks)}:<ul>{items}</ul></div>')
    parts.append("</div>")
    return "".join(parts)


def follow_up_html(follow_up, status_line: str, wording: Wording = Wording(), *, status: str = "open",
                   where: Sequence[str | None] = (), heading_level: int = 3) -> str:
    """A follow-up as HTML: what was promised as the heading, who and when it was promised and whether it was
    taken up again (`status_line`), the deadline and the sentence as written. All escaped."""
    label = dict(wording.statuses).get(status, status)
    deadline = _one_line(follow_up.deadline) or wording.no_deadline
    meta = _meta_line(where)
    return (
        '<div class="hit follow-up">'
        + (f'<div class="hit-where">{meta}</div>' if meta else "")
        + f'<h{heading_level} class="hit-title">{html.escape(_one_line(follow_up.what or follow_up.text))}</h{heading_level}>'
        + f'<span class="status status-{html.escape(status)}">{html.escape(label)}</span> '
        + f'<span class="follow-up-line">{html.escape(status_line)}</span>'
        + f'<div class="hit-detail">{html.escape(wording.deadline.capitalize())}: {html.escape(deadline)}</div>'
        + (f'<p class="hit-text">{wording.quotes[0]}{html.escape(follow_up.text)}{wording.quotes[1]}</p>'
           if _one_line(follow_up.text).rstrip(".") != _one_line(follow_up.what).rstrip(".") else "")
        + "</div>"
    )
