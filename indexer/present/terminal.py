"""Presenting on a terminal: results, decisions, follow-ups and meetings in; plain lines for the
command line out (its `--json` output is the records' own `to_json`, not made here).
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

from indexer.present.hits import item_words, mark_words, shown_item
from indexer.present.minutes import promised_by, told_outcome, unsaid_remarks
from indexer.present.wording import Wording
from indexer.records import Decision, FollowUp, Hit
from indexer.text import counted


# What a terminal must not be sent raw: C0 and C1 control characters (newline, ESC, BEL …; a tab
# is harmless), line and paragraph separators, and lone surrogates (undecodable bytes of a file
# name, which would stop the output with an encoding error).
_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shown(text: str, *, keep_newlines: bool = False) -> str:
    """`text` safe for a terminal: control characters as visible escapes ("\\n", "\\x1b"),
    newlines kept only where asked (a paragraph's own lines). The stored value is unchanged."""
    def escape(match: re.Match) -> str:
        char = match.group()
        return char if keep_newlines and char == "\n" else repr(char)[1:-1]

    return _UNSAFE.sub(escape, text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _lines_in_one(text: str) -> str:
    """A decision's lines on one line, parted by " / " as the app shows them ("1. anbefales / 2. anbefales ikke"):
    joined by spaces alone, its numbered points ran into each other."""
    return " / ".join(filter(None, (_one_line(line) for line in text.split("\n"))))


def _at(document: str, page: int | None) -> str:
    return f"[{document}" + (f" p.{page}" if page else "") + "]"


# Said where a query is written with operators the archive does not have (`Query.operators`).
OPERATORS_IGNORED = ("  (quotes and AND/OR/NOT are not search operators here: the words are searched for without them; "
                     "a minus before a word, -word, does leave out the results holding it)")


def result_lines(results) -> list[str]:
    """A readable list of a search's results, matching words marked with **; "no good match" with
    the closest matches when nothing passes the relevance floor; what the query's operators did."""
    query = results.query
    said = [OPERATORS_IGNORED] if query.operators else []
    if query.excluded and not query.only_excluded:
        said.append(f"  (leaving out results holding: {', '.join(query.excluded)})")
    return said + _result_lines(results)


def _result_lines(results) -> list[str]:
    if results.query.only_excluded:  # "-husleje": a minus leaves words out, it searches for none
        excluded = " ".join(f"-{word}" for word in results.query.excluded)
        return [f"  nothing to search for: {excluded} only leaves out the results holding "
                f"{'it' if len(results.query.excluded) == 1 else 'them'}; give a word to search for too "
                '("husleje -rente")']
    if results:
        # "200+ results": the pool was cut off while its last candidates still passed (`complete`)
        more = '' if results.complete else '+'
        worded = getattr(results, "with_words", None)  # of a Danish query: how many hold its words
        held = ""
        if worded is not None and results.total > 1:
            words = ("the Danish words for the search words" if results.query.language == "en"
                     else "every search word" if results.query.content_words > 1 else "the search word")
            held = f" ({'none' if worded == 0 else f'{worded}{more}'} holding {words})"
        return ([f"  {results.total}{more} result{'' if results.total == 1 and not more else 's'}" + held
                 + (f", from {results.offset + 1}" if results.offset else "")]
                + hit_lines(results.hits, start=results.offset + 1))
    tips = ["  try: " + "; ".join(_TIPS[code] for code in results.suggestions)] if results.suggestions else []
    # what the records never mention in any form: nothing in them is about it
    unused = ([f"  the records never use {' or '.join(repr(w) for w in results.unused_words)}"]
              if results.unused_words else [])
    if results.closest:
        lines = unused + ["  no good match; the closest matches:"] + hit_lines(results.closest)
        why = [_why(s) for s in results.shortfalls]
        if why:
            lines.append("  why not results: " + "; ".join(f"{n}. {w}" for n, w in enumerate(why, 1)))
        return lines + tips
    return unused + ["  no results"] + tips


# What to try after "no good match" (`SearchResults.suggestions`).
_TIPS = {"only_excluded": "a word to search for beside the ones left out",
         "no_words": "words with meaning, in Danish or English (function words, symbols and other scripts' "
                     "words are not searched alone)",
         "danish": "Danish words (the records are in Danish)", "fewer_words": "fewer words",
         "filters": "without the filters", "lexical": "--mode lexical for the exact words",
         "other_words": "other words for the same thing"}


def _why(shortfall) -> str:
    words = ("holds " + ", ".join(shortfall.words)) if shortfall.words else "matched no query words"
    if shortfall.below is None:
        return "too few query words; " + words
    return f"{shortfall.below:.3f} below the floor; {words}"


def hit_lines(hits: Sequence[Hit], start: int = 1) -> list[str]:
    """Lines for `hits`, numbered from `start`."""
    lines = []
    for number, hit in enumerate(hits, start):
        where = " · ".join(filter(None, [hit.date or "no date", hit.body, hit.title or hit.document,
                                         f"p. {hit.page}" if hit.page else None,
                                         "text read by OCR" if hit.ocr else None]))  # its words may be misread
        # no score: it orders one query's results and means nothing beside them (`--json` has it)
        lines.append(shown(f"{number:>3}. {where}"))
        # what a citation needs beside the meeting: the agenda item and its case number
        item = _item_heading(hit.item_number, hit.item_title) if hit.item_number or hit.item_title else None
        case = f"sag {hit.case_number}" if hit.case_number else None
        if item or case:
            lines.append(shown(f"     {' · '.join(filter(None, [item, case]))}"))
        if hit.heading and (hit.text or "").split("\n", 1)[0].strip() != hit.heading.strip():
            lines.append(shown(f"     {hit.heading}"))  # a paragraph opening with its heading line shows it already
        if hit.speaker:
            lines.append(shown(f"     {hit.speaker}"))
        # each of the paragraph's own lines under the card's indent, not at the terminal's edge
        text = mark_words(hit.text, hit.matched_terms, '**', '**').replace("\n", "\n     ")
        lines.append(shown(f"     {text}", keep_newlines=True))
        lines.append(shown(f"     ({hit.document}" + (f"; also in {', '.join(hit.also_in)}" if hit.also_in else "")
                           + ")"))
    return lines


# The terminal names items as the app does in Danish: "punkt 2", item 0 "indledning" (`item_words`).
_ITEMS = Wording()


def _item(number: str | None) -> str:
    """"punkt 2"; item 0 (a sitting's opening) "indledning"; "no item"."""
    return item_words(number, None, _ITEMS) or "no item"


def _item_heading(number: str | None, title: str | None) -> str:
    """An item's line: "punkt 2  Tilgængelighed", "punkt 3" where the title only repeats the
    number, "indledning" for item 0 ("Punkt 0. Punkt 0" in the parliament's data), as the app."""
    number, title = shown_item(number, title, _ITEMS.opening)
    if number:
        return f"{_ITEMS.item} {number}" + (f"  {title}" if title else "")
    return title or f"{_ITEMS.item} -"


def _cited_item(number: str | None, title: str | None, case_number: str | None) -> str:
    """An item as a line cites it: "punkt 7  Lunas Ark · sag 23-006512" (what a citation needs)."""
    heading = _item_heading(number, title) if number or title else _item(number)
    return heading + (f" · sag {case_number}" if case_number else "")


def _outcome(d: Decision) -> str:
    """The stored outcome (what `--outcome` filters by), and for an unknown one why, where its text says
    ("unknown: nothing to decide" for "Temamøde blev afholdt."), as the app tells it."""
    told = told_outcome(d.outcome, d.text)
    return d.outcome if told == d.outcome else f"{d.outcome}: {told.replace('_', ' ')}"


def decision_line(d: Decision) -> str:
    item = _cited_item(d.item_number, d.item_title, d.case_number)
    # a remark the text only announces ("… med denne bemærkning:") is said on the line too
    remarks = "".join(f"  remark: {_one_line(r)}" for r in unsaid_remarks(d))
    return shown(f"{d.meeting_date or 'no date'}  {d.body or 'no body'}  {item}  {_outcome(d)}  "
                 f"{_lines_in_one(d.text)}{remarks}  {_at(d.document, d.page)}")


def _promiser(fu: FollowUp) -> str:
    """Who promised, as the app says it: the promiser named, else the body that asked."""
    return promised_by(fu) or "(not stated)"


def follow_up_line(fu: FollowUp, status: str) -> str:
    item = _cited_item(fu.item_number, fu.item_title, fu.case_number)
    deadline = f"  deadline: {fu.deadline}" if fu.deadline else ""
    return shown(f"{fu.id}  {status}  {fu.meeting_date or 'no date'}  {fu.body or 'no body'}  {item}  "
                 f"{_promiser(fu)}: {_one_line(fu.what)}{deadline}  {_at(fu.document, fu.page)}")


def meeting_ref_line(m) -> str:
    """One line of the meeting list (a `MeetingRef`)."""
    attached = f" (+{counted(len(m.attachments), 'attachment')})" if m.attachments else ""
    return shown(f"{m.date or 'no date'}  {m.body or 'no body'}  {counted(m.decisions, 'decision')}, "
                 f"{counted(m.follow_ups, 'follow-up')}  {', '.join(m.documents)}{attached}")


def meeting_lines(found, statuses: Mapping[str, str] | None = None) -> Iterable[str]:
    """A whole meeting (a `MeetingView`): attendees, items with their decisions and follow-ups (each
    marked one with its status, from `statuses` by id), attachments."""
    return (shown(line) for line in _meeting_lines(found, statuses or {}))


def _status(statuses: Mapping[str, str], follow_up_id: str) -> str:
    status = statuses.get(follow_up_id, "open")
    return "" if status == "open" else f" [{status}]"


def _meeting_lines(found, statuses: Mapping[str, str]) -> Iterable[str]:
    yield f"{found.body or 'no body'}  {found.date or 'no date'}  ({', '.join(found.documents)})"
    if found.attendees:
        yield f"present: {', '.join(found.attendees)}"
    if found.absent:
        yield f"absent: {', '.join(found.absent)}"
    for item in found.items:
        page = f" (p.{item.first_page})" if item.first_page else ""
        case = f" · sag {item.case_number}" if item.case_number else ""
        closed = "  (closed: its title only)" if item.closed else ""
        yield f"{_item_heading(item.number, item.title)}{case}{page}{closed}"
        for d in item.decisions:
            yield from _decision_lines(d)
        for f in item.follow_ups:  # one an attachment holds names it: its page is no page of the minutes
            source = f"  [{f.document}{f', p.{f.page}' if f.page else ''}]" if f.document != item.document else ""
            yield f"    follow-up {f.id}{_status(statuses, f.id)}: {_promiser(f)}: {_one_line(f.what)}{source}"
    if found.unplaced_decisions or found.unplaced_follow_ups:
        yield "outside the agenda items"
        for d in found.unplaced_decisions:
            yield from _decision_lines(d)
        for f in found.unplaced_follow_ups:
            yield (f"    follow-up {f.id}{_status(statuses, f.id)}: {_promiser(f)}: {_one_line(f.what)}"
                   f"  [{f.document}]")
    for path in found.attachments:
        yield f"attachment: {path}"


def _decision_lines(d: Decision, at: bool = False) -> Iterable[str]:
    """A decision under its item: its outcome and text (`at`: with its place), then what the body added to it ("… med
    denne bemærkning: …") that its text does not say."""
    yield f"    decision [{_outcome(d)}]: {_lines_in_one(d.text)}" + (f"  {_at(d.document, d.page)}" if at else "")
    for remark in unsaid_remarks(d):
        yield f"      remark: {_one_line(remark)}"


def case_lines(case_number: str, steps, meant: Sequence[str] = ()) -> Iterable[str]:
    """A case's trail (`CaseStep`s): one line per meeting that treated it, with that decision;
    `meant`: where it treated none, the case numbers the reader may have meant."""
    if not steps:
        guess = f"; did you mean {' or '.join(meant)}?" if meant else ""
        yield f"no meeting in the index treated case {case_number}{guess}"
        return
    yield f"case {case_number}: {len(steps)} treatment{'s' if len(steps) != 1 else ''}"
    for step in steps:
        item = _item_heading(step.item_number, step.item_title) if step.item_number or step.item_title else "no item"
        yield f"{step.meeting_date or 'no date'}  {step.body or 'no body'}  {item}  {_at(step.document, step.page)}"
        if step.decision:  # its own page: the decision often stands pages after the item's title
            yield from _decision_lines(step.decision, at=True)
