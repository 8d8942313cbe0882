"""A case's trail: a case number in; every meeting that treated the case, in date order, each with
the agenda item and that body's decision on it (committee → Økonomiudvalg → Byråd) out; and whether
a text (a search) is a case number the archive holds.

A paragraph belongs to a case by its own agenda item's case number (a meeting system states one
per item), else by its document's. `CaseTrails` is the part of `Archive` that answers it.
"""
from __future__ import annotations

import re
from datetime import date

from indexer.errors import InvalidInput
from indexer.ingest.bodies import round_step
from indexer.ingest.lexicon import CASE_NUMBER
from indexer.minutes.decisions import item_decision
from indexer.minutes.takeups import FORWARD_DAYS, standing_title
from indexer.records import CaseStep, Decision, FollowUp, Hit
from indexer.search.minutes import MinutesAccess


# A case number as the records state it (ingest/lexicon.py), with the letter some systems append
# ("22-014679", "20-008475K", "24/1234").
CASE_NUMBER_SHAPE = re.compile(rf"{CASE_NUMBER}[^\W\d_]?")


# A case number named in a query by one of these words before it ("sag 22-011409", "sagsnummer
# 23-007223"): the words name what the number is, they are not searched for.
_CASE_WORDS = frozenset({"sag", "sagen", "sagsnr", "sagsnr.", "sagsnummer", "sagsnummeret", "j.nr.", "jnr",
                         "journalnummer", "case", "case-number", "case no.", "nr.", "no."})
# A word that can be a case number: digits on both sides of a separator ("22-011409", "24/1234",
# "2011-29298"), not a year or an amount ("2023", "L113").
_SEPARATED_DIGITS = re.compile(r"\d[-/.]\d")


def case_number_in(text: str) -> tuple[str | None, str]:
    """The word of a query that has a case number's shape (`case_number_of`, with digits on both sides
    of a separator), and the query without it and without the words before it that name it ("sag",
    "sagsnummer"); (None, text) where no word is one."""
    words = str(text).split()
    for at, word in enumerate(words):
        word = word.strip(",;:()[]\"'»«")
        if _SEPARATED_DIGITS.search(word) and case_number_of(word):
            start = at
            while start and words[start - 1].casefold().strip(":([") in _CASE_WORDS:
                start -= 1
            return word, " ".join(words[:start] + words[at + 1:])
    return None, str(text)


def case_number_of(text: str) -> str | None:
    """`text` (whitespace trimmed) when it has a case number's shape, else None."""
    text = " ".join(str(text).split())
    return text if len(text) <= 60 and CASE_NUMBER_SHAPE.fullmatch(text) else None


def _case_key(case_number: str) -> tuple:
    """A case number's digit groups as numbers and its letters: the same however it is padded or separated."""
    return tuple(int(part) if part.isdigit() else part.casefold()
                 for part in re.findall(r"\d+|[^\W\d_]+", case_number))


def trail_json(case_number: str, steps: list[CaseStep]) -> dict:
    """A case's trail as `case --json` prints it and `GET /cases/{number}` answers it."""
    return {"case_number": case_number, "steps": [s.to_json() for s in steps], "total": len(steps)}


def _steps(case_number: str, hits: list[Hit], decisions: dict[str, list[Decision]],
           starts: dict[str, str] | None = None) -> list[CaseStep]:
    """One step per agenda item of a meeting, by meeting date (undated last), one day's by the round.

    An item filed again (its own PDF beside the minutes) and a document attached to the meeting are
    the same treatment, not another meeting: a paragraph that names no item joins its meeting's step
    of the case, and of two documents of one step, the one holding the decision stands for it."""
    meeting_of = {h.document: (h.body, h.date) for h in hits if h.date and not h.attachment_to}

    def meeting(hit: Hit) -> tuple:
        if hit.attachment_to:
            return meeting_of.get(hit.attachment_to, (hit.attachment_to,))
        return meeting_of.get(hit.document, (hit.document,))

    steps: dict[tuple, CaseStep] = {}
    for hit in hits:
        own = [d for d in decisions.get(hit.document, []) if d.item_number == hit.item_number]
        step = CaseStep(case_number, hit.body, hit.date, hit.document, hit.title, hit.item_number,
                        hit.item_title, hit.id, hit.page, item_decision(own))
        at = meeting(hit)
        key = next((k for k in steps if k[0] == at and (k[1] == hit.item_number or None in (k[1], hit.item_number))),
                   None)
        if key is None:
            steps[(at, hit.item_number)] = step
        elif steps[key].decision is None and (step.decision is not None or (
                steps[key].item_number is None and hit.item_number is not None)):
            steps[key] = step
    # one day's steps as the case goes: committee → Økonomiudvalg → council (the paths sort "byraad" first),
    # the committees by the hour they met where the meeting system gives it (`starts`: document → its start)
    starts = starts or {}
    return sorted(steps.values(), key=lambda s: (s.meeting_date is None, s.meeting_date or "", round_step(s.body),
                                                 starts.get(s.document, "")))


def came_back(follow_up: FollowUp, trail: list[CaseStep]) -> CaseStep | None:
    """The first treatment of a follow-up's case (`trail`: its `case_trail`) at a later meeting: at its own body, or at
    another after `takeups.FORWARD_DAYS` (another body's item sooner is the same round going on: committee →
    Økonomiudvalg → Byråd, a sibling item "…, bevillingssag" beside it); of one day's, the promising body's own. None
    for a standing item, whose number ("Huskeliste og orientering") is every meeting's. Where nothing was found to
    take the promise up, it tells the reader when the case came back: whether that took it up, the reader judges."""
    after = follow_up.meeting_date
    if not follow_up.case_number or not after or standing_title(follow_up.item_title):
        return None

    def back(step: CaseStep) -> bool:
        days = (date.fromisoformat(step.meeting_date) - date.fromisoformat(after)).days
        return days > 0 and (step.body == follow_up.body or days > FORWARD_DAYS)

    return min((step for step in trail if step.meeting_date and back(step)),
               key=lambda step: (step.meeting_date, step.body != follow_up.body), default=None)


class CaseTrails(MinutesAccess):
    """Cases across meetings."""

    def case_back(self, follow_up: FollowUp) -> CaseStep | None:
        """When and where a follow-up's case came back (`came_back`), or None."""
        return came_back(follow_up, self.case_trail(follow_up.case_number)) if follow_up.case_number else None

    def case_trail(self, case_number: str) -> list[CaseStep]:
        """Every agenda item that treated `case_number`, by meeting date (undated last), each with
        its decision where one was found; empty when the index holds no such case.

        Raises:
            InvalidInput: an empty or over-long case number.
        """
        case_number = " ".join(str(case_number).split())
        if not case_number or len(case_number) > 60:
            raise InvalidInput(f"not a case number: {case_number[:60]!r}")
        with self._snapshot() as store:
            hits = store.case_paragraphs(case_number)
            paths = list(dict.fromkeys(h.document for h in hits))
            decisions = {path: store.decisions(document=path) for path in paths}
            starts = {r.path: (r.meeting or {}).get("start") or "" for r in store.records(paths)}
        return _steps(case_number, hits, decisions, starts)

    def known_case(self, text: str) -> str | None:
        """The case number a search names that the archive holds ("22-011409", "sag 22-011409",
        "22-011409 energipriser"), else None: a case searched for, whose trail answers it."""
        number = case_number_of(text) or case_number_in(text)[0]
        if number is None:
            return None
        with self._snapshot() as store:
            return number if store.has_case_number(number) else None

    def searched_text(self, text: str) -> str:
        """What a search for `text` searches: without a case number the archive holds and the words
        naming it ("sag 22-011409 energipriser" → "energipriser"). Its paragraphs rarely hold the
        number; searched for, its digits ("22") find any paragraph holding them. A search for the number
        alone ("sag 2015-0135051") searches the number and its agenda item's title: the minutes' lines that
        state it, and what the case is about in the words its paragraphs are embedded with (a meeting
        system's paragraphs never state the number)."""
        number, rest = case_number_in(text)
        known = number is not None and self.known_case(number)
        if not known or rest.strip():
            return rest if known else text
        with self._snapshot() as store:
            titles = [h.item_title for h in store.case_items(known) if h.item_title]
        return f"{known} {max(titles, key=titles.count)}" if titles else text

    def did_you_mean(self, case_number: str) -> str:
        """"; did you mean '23-005195'?" for a case number the archive holds written otherwise
        (`similar_cases`), to end a message saying it holds no such case; "" where none is near."""
        meant = self.similar_cases(case_number)
        return f"; did you mean {' or '.join(map(repr, meant))}?" if meant else ""

    def similar_cases(self, case_number: str) -> list[str]:
        """The case numbers the archive holds that `case_number` is, written without their leading
        zeros or with other separators ("23-5195", "23/005195" → "23-005195"): for a "did you mean"."""
        wanted = _case_key(case_number)
        with self._snapshot() as store:
            return sorted(n for n in store.case_numbers() if _case_key(n) == wanted and n != case_number)

    def busiest_cases(self, limit: int = 10) -> list[tuple[str, str | None, int]]:
        """Where to start on a case's trail: the `limit` cases the most bodies and meetings treated,
        standing items left out (`Store.busiest_cases`), as (case number, an agenda item title of
        it, number of meetings)."""
        with self._snapshot() as store:
            return store.busiest_cases(limit)
