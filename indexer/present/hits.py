"""Presenting results: hits in; marked text, citations, CSV and Markdown out, in the reader's language.

Every word a reader sees comes from a `Wording` (the app's strings file makes one per
language); nothing here is Danish or English by itself except the defaults. Document text
is data: everything here that produces HTML escapes it first.
"""
from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from indexer.records import Hit

if TYPE_CHECKING:  # only for annotations: presenting needs no extraction code
    from indexer.records import FollowUp, FollowUpLink

# Excel runs a cell that starts with one of these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Wording:
    """The words of citations, exports and cards in one language (defaults: Danish)."""

    unknown_body: str = "ukendt organ"
    undated: str = "udateret"
    page: str = "s."
    item: str = "punkt"
    case: str = "sagsnr."
    file: str = "fil"
    source: str = "Kilde"
    upload: str = "uploadet fil, ikke et officielt dokument"
    ocr: str = "tekst læst med OCR"
    search: str = "Søgning"
    searched_at: str = "Søgt"
    filters: str = "Filtre"
    no_filters: str = "ingen"
    mode: str = "Søgemåde"
    results: str = "Resultater"
    columns: Sequence[str] = field(default=(
        "nr", "organ", "mødedato", "titel", "dokumenttype", "punkt", "punkttitel", "side", "sagsnr.",
        "overskrift", "taler", "tekst", "fil", "uploadet", "kildehenvisning", "score", "id"))
    # follow-ups: "lovet 7. marts 2015 af Socialforvaltningen — taget op igen 27. august 2015"
    months: Sequence[str] = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                             "september", "oktober", "november", "december")
    promised: str = "lovet {date} af {who}"
    promised_undated: str = "lovet (udateret møde) af {who}"
    nobody: str = "ikke angivet"
    taken_up: str = "taget op igen {date}"
    nothing_since: str = "intet fundet siden"
    deadline: str = "frist"
    no_deadline: str = "ingen"
    checklist: str = "Åbne opfølgninger"
    made_at: str = "Udtrukket"
    day_dot: str = "."  # "7. marts" (Danish ordinal dot); English "7 March"
    statuses: Sequence[tuple[str, str]] = (("open", "åben"), ("done", "udført"), ("dismissed", "afvist"))
    follow_up_columns: Sequence[str] = field(default=(
        "id", "organ", "mødedato", "hvem", "hvad", "frist", "status", "dokument", "punkt", "punkttitel", "side",
        "sagsnr.", "fil", "afsnit", "kildehenvisning", "taget op igen"))
    outcomes: Sequence[tuple[str, str]] = (
        ("approved", "godkendt"), ("rejected", "forkastet"), ("postponed", "udsat"),
        ("noted", "taget til efterretning"), ("sent_on", "sendt videre"), ("unknown", "ukendt udfald"))
    positions: Sequence[tuple[str, str]] = (("for", "For"), ("against", "Imod"), ("abstained", "Undlod"))
    unanimous: str = "enstemmigt"
    quotes: Sequence[str] = ("»", "«")
    remarks: str = "Bemærkninger"


@dataclass(frozen=True)
class ExportHeader:
    """What a reader needs to know about the search an export came from."""

    query: str
    searched_at: str  # "2026-11-23 18:40"
    filters: str = ""  # already worded: "Organ: Dialogforum; Fra: 2019-01-01"
    mode: str = ""
    total: int = 0


def _field(hit: Hit, name: str):
    """A hit field that newer indexes carry (case number, agenda item, OCR); None when absent."""
    return getattr(hit, name, None)


def _word_pattern(words: Iterable[str]) -> re.Pattern | None:
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")


def mark_words(text: str, words: Iterable[str], before: str, after: str) -> str:
    """`text` with each whole-word occurrence of `words` wrapped in `before`/`after`."""
    pattern = _word_pattern(words)
    return pattern.sub(lambda m: before + m.group(0) + after, text) if pattern else text


def highlight_html(text: str, words: Iterable[str]) -> str:
    """HTML-escaped `text` with `words` in <mark>; safe to render as HTML."""
    pattern = _word_pattern(words)
    if pattern is None:
        return html.escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[last:match.start()]))
        pieces.append("<mark>" + html.escape(match.group(0)) + "</mark>")
        last = match.end()
    pieces.append(html.escape(text[last:]))
    return "".join(pieces)


def is_upload(hit: Hit) -> bool:
    """Added through the app (archive folder `uploads/`), not an official record."""
    return hit.document.replace("\\", "/").startswith("uploads/")


def agenda_item(hit: Hit, wording: Wording = Wording()) -> str | None:
    """"punkt 2 Tilgængelighed" when the hit's agenda item is known."""
    number, title = _field(hit, "item_number"), _field(hit, "item_title")
    if not number and not title:
        return None
    return " ".join(part for part in (wording.item, number, title) if part)


def citation(hit: Hit, wording: Wording = Wording()) -> str:
    """Body, meeting date, document, agenda item, page, case number, heading and speaker; then the file."""
    parts = [hit.body or wording.unknown_body, hit.date or wording.undated, hit.title or hit.document]
    item = agenda_item(hit, wording)
    if item:
        parts.append(item)
    elif hit.heading:
        parts.append(hit.heading)
    if hit.page:
        parts.append(f"{wording.page} {hit.page}")
    if _field(hit, "case_number"):
        parts.append(f"{wording.case} {_field(hit, 'case_number')}")
    if hit.speaker:
        parts.append(hit.speaker)
    line = ", ".join(" ".join(str(part).split()) for part in parts)
    line += f" ({wording.file}: {hit.document})"
    if is_upload(hit):
        line += f" [{wording.upload}]"
    return line


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(hits: Sequence[Hit], header: ExportHeader, wording: Wording = Wording()) -> bytes:
    """All hits as a CSV file that Danish Excel opens as it is: UTF-8 with BOM, ";" between cells.

    The first lines say what was searched, with which filters and when; then one row per hit
    with the full citation in columns.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([wording.search, _cell(header.query)])
    writer.writerow([wording.filters, _cell(header.filters or wording.no_filters)])
    if header.mode:
        writer.writerow([wording.mode, header.mode])
    writer.writerow([wording.searched_at, header.searched_at])
    writer.writerow([wording.results, header.total or len(hits)])
    writer.writerow([])
    writer.writerow(wording.columns)
    for rank, hit in enumerate(hits, 1):
        writer.writerow([_cell(value) for value in (
            rank, hit.body, hit.date, hit.title, hit.doc_type, _field(hit, "item_number"), _field(hit, "item_title"),
            hit.page, _field(hit, "case_number"), hit.heading, hit.speaker, hit.text, hit.document,
            wording.upload if is_upload(hit) else "", citation(hit, wording), f"{hit.score:.4f}", hit.id)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def markdown_escape(text: str) -> str:
    """Text with Markdown and HTML characters escaped, so Streamlit shows it exactly as written."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$:-])", r"\\\1", text)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def to_markdown(hits: Sequence[Hit], header: ExportHeader, wording: Wording = Wording()) -> str:
    """All hits as a plain Markdown note: what was searched, then each paragraph quoted with its citation.

    Meant to be read or pasted as it is, so dates and file names are written plainly, not escaped.
    """
    lines = [f"# {wording.search}: {_one_line(header.query)}", "",
             f"- {wording.searched_at}: {header.searched_at}",
             f"- {wording.filters}: {_one_line(header.filters) or wording.no_filters}"]
    if header.mode:
        lines.append(f"- {wording.mode}: {header.mode}")
    lines += [f"- {wording.results}: {header.total or len(hits)}", ""]
    for rank, hit in enumerate(hits, 1):
        lines += [f"## {rank}. {_one_line(hit.title or hit.document)}", ""]
        lines += ["> " + line if line.strip() else ">" for line in hit.text.splitlines() or [""]]
        lines += ["", f"{wording.source}: {citation(hit, wording)}", ""]
    return "\n".join(lines)


def _meta_line(parts: Iterable[str | None]) -> str:
    return " · ".join(html.escape(part) for part in parts if part)


def hit_html(hit: Hit, words: Iterable[str] = (), *, page_label: str | None = None, rank: int | None = None,
             wording: Wording = Wording(), heading_level: int = 3) -> str:
    """A result card as HTML: where it was said, the title as a heading, then the paragraph with `words` marked.

    Everything from the document is escaped; uploads carry a visible mark, so they are never
    taken for official records.
    """
    page_label = page_label or wording.page
    where = _meta_line([hit.body, hit.date, hit.doc_type])
    detail = _meta_line([agenda_item(hit, wording) or hit.heading, hit.speaker,
                         f"{page_label} {hit.page}" if hit.page else None,
                         f"{wording.case} {_field(hit, 'case_number')}" if _field(hit, "case_number") else None])
    number = f'<span class="hit-rank">{rank}.</span> ' if rank is not None else ""
    badges = ""
    if is_upload(hit):
        badges += f'<span class="hit-badge hit-upload">{html.escape(wording.upload)}</span>'
    if _field(hit, "ocr"):
        badges += f'<span class="hit-badge">{html.escape(wording.ocr)}</span>'
    tag = f"h{heading_level}"
    return (
        f'<div class="hit">'
        f'<div class="hit-where">{where}</div>'
        f'<{tag} class="hit-title">{number}{html.escape(hit.title or hit.document)}</{tag}>'
        + (f'<div class="hit-badges">{badges}</div>' if badges else "")
        + (f'<div class="hit-detail">{detail}</div>' if detail else "")
        + f'<p class="hit-text">{highlight_html(hit.text, words)}</p></div>'
    )


def context_html(paragraphs: list[Hit], current_id: str, words: Iterable[str] = ()) -> str:
    """Neighbouring paragraphs in reading order, the current one set apart and marked; all escaped."""
    words = list(words)
    blocks, heading = [], None
    for paragraph in paragraphs:
        if paragraph.heading and paragraph.heading != heading:
            blocks.append(f'<div class="ctx-heading">{html.escape(paragraph.heading)}</div>')
            heading = paragraph.heading
        current = paragraph.id == current_id
        speaker = f'<span class="ctx-speaker">{html.escape(paragraph.speaker)}:</span> ' if paragraph.speaker else ""
        text = highlight_html(paragraph.text, words) if current else html.escape(paragraph.text)
        blocks.append(f'<p class="ctx{" ctx-current" if current else ""}">{speaker}{text}</p>')
    return '<div class="context">' + "".join(blocks) + "</div>"


def shorten(text: str, limit: int = 80) -> str:
    """A long text cut at a word boundary with "…", for echoing a query back to the reader."""
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip() + " …"


# -- decisions and follow-ups ---------------------------------------------------------------
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
