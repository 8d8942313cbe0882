"""Decisions, follow-ups, the marks on follow-ups and where they were taken up again: extracted
`Decision`s and `FollowUp`s in; filtered lists of them, with each follow-up's status, out.

Decisions and follow-ups (decisions.py, followups.py) are derived data: stored with their
document in the same transaction and replaced or removed with it (`extracted` lists the
documents they were extracted for, so an index from before these tables is filled on its
next build). Follow-up marks (done / dismissed) are not derived: keyed by the follow-up's
stable id, they survive deletes, changed files, `clear()` and `recreate()` (--rebuild). The links
a build found for a generation (`FollowUpLink`s) are kept beside them until the next build replaces them.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Iterable

from indexer.records import Decision, FollowUp, FollowUpLink, Vote
from indexer.store.rows import _DECISION_PLAN, _FOLLOW_UP_PLAN, _encode, _from_values, _marks
from indexer.store.schema import _DERIVED_TABLES, DECISION_COLUMNS, FOLLOW_UP_COLUMNS, links_readable


@dataclass(frozen=True)
class Mark:
    """A person's mark on a follow-up; kept by the follow-up's id across rebuilds."""

    follow_up_id: str
    status: str  # "done" | "dismissed"
    note: str | None
    marked_at: str  # ISO time, UTC
    marked_by: str | None = None


@dataclass
class TrackedFollowUp:
    """A stored follow-up with its status ("open" unless marked), its mark, its document's
    title, and (when asked for) the later paragraphs that take it up again."""

    follow_up: FollowUp
    status: str
    mark: Mark | None = None
    title: str | None = None  # its document's title, for citations
    case_number: str | None = None  # its agenda item's case number (else its document's), for citations
    links: list | None = None  # list[followups.FollowUpLink]; None = not looked up
    # The date its deadline falls on, where the deadline names one (`deadlines.due_date`), and
    # whether that date has passed while it is open and nothing took it up by then.
    due: str | None = None
    overdue: bool = False
    # The same promise where its case came up again (committee → Økonomiudvalg → Byråd: the sentence
    # stands in each body's minutes), folded into this one by `follow_ups(fold=True)`: FollowUps.
    repeated: list = field(default_factory=list)

    def overdue_with(self, links: list) -> bool:
        """`overdue`, reckoned again with `links` looked up since: not when one of them took it up."""
        return self.overdue and not taken_up_by(self.due, links)

    def to_json(self) -> dict:
        """`FollowUp.to_json()` plus "status", "note", "marked_at", "marked_by", "title", "case_number", "due",
        "overdue" and, if looked up, "links" (FollowUpLink fields); where later meetings repeated it
        (folded), "repeated" (each a `FollowUp.to_json()`)."""
        data = self.follow_up.to_json()
        data.update(status=self.status, note=self.mark.note if self.mark else None,
                    marked_at=self.mark.marked_at if self.mark else None,
                    marked_by=self.mark.marked_by if self.mark else None, title=self.title,
                    case_number=self.case_number, due=self.due, overdue=self.overdue)
        if self.links is not None:
            data["links"] = [asdict(link) for link in self.links]
        if self.repeated:
            data["repeated"] = [fu.to_json() for fu in self.repeated]
        return data


def taken_up_by(due: str | None, links: list) -> bool:
    """Whether one of `links` (FollowUpLink) took a follow-up with a due date up: by that date or
    after it (it came back, late: the card names both dates, so it is no longer overdue). A link
    found by similarity alone ("muligvis taget op igen") is a lead to check, not a fact of the
    record: it leaves an overdue follow-up overdue."""
    return bool(due) and any(link.date and not link.lead for link in links)


# A decision or follow-up stored before it carried its item's case number reads it from its paragraph
# (the item's own), else its document: what extraction now stores, without extracting again.
# A list item's marker, bullet or number, which a reading may give or take: "- at …", "1. at …", "b) at …".
_LIST_MARKER = re.compile(r"^(?:[-–•]|\d{1,3}[.)]|[a-zA-Z][.)]|[ivxIVX]{1,5}[.)])\s+")


def _unmarked(text: str) -> str:
    return _LIST_MARKER.sub("", text.strip())


_CASE_JOIN = "LEFT JOIN paragraphs p ON p.id = x.paragraph_id LEFT JOIN documents d ON d.path = x.document"


def _extracted_columns(layout: dict[str, str]) -> str:
    return ", ".join('coalesce(x."case_number", p."case_number", d."case_number")' if name == "case_number"
                     else f'x."{name}"' for name in layout)


class Tracking:
    """The part of `Store` for decisions, follow-ups and marks."""

    _conn: sqlite3.Connection

    def _add_rows(self, table: str, layout: dict[str, str], document: str, items: list) -> None:
        names = ["document", *(n for n in layout if n != "document"), "position"]
        insert = (f"INSERT INTO {table}({','.join(chr(34) + n + chr(34) for n in names)}) "
                  f"VALUES ({_marks(names)})")
        self._conn.executemany(insert, [
            [document, *(_encode(layout[n], getattr(item, n)) for n in names[1:-1]), position]
            for position, item in enumerate(items)])

    def add_decisions(self, document: str, decisions: list[Decision]) -> None:
        """Store a document's decisions in reading order (inside the build's transaction)."""
        self._add_rows("decisions", DECISION_COLUMNS, document, decisions)

    def add_follow_ups(self, document: str, follow_ups: list[FollowUp]) -> None:
        """Store a document's follow-ups in reading order (inside the build's transaction)."""
        self._add_rows("follow_ups", FOLLOW_UP_COLUMNS, document, follow_ups)

    def add_extraction(self, document: str, decisions: list[Decision], follow_ups: list[FollowUp],
                       rules: str | None = None) -> None:
        """Replace what was extracted from `document` and note that it was extracted, and with
        which `rules` (`minutes.RULES_VERSION`)."""
        for table in _DERIVED_TABLES:
            self._conn.execute(f"DELETE FROM {table} WHERE document = ?", (document,))
        self.add_decisions(document, decisions)
        self.add_follow_ups(document, follow_ups)
        self._conn.execute("INSERT INTO extracted(document, rules) VALUES (?, ?)", (document, rules))

    def unextracted_documents(self, rules: str | None = None) -> list[str]:
        """Indexed documents that decisions and follow-ups were never extracted from, or (given
        `rules`) were extracted from with other rules."""
        if rules is None:
            return [r[0] for r in self._conn.execute(
                "SELECT path FROM documents WHERE path NOT IN (SELECT document FROM extracted) ORDER BY path")]
        return [r[0] for r in self._conn.execute(
            "SELECT path FROM documents WHERE path NOT IN (SELECT document FROM extracted WHERE rules = ?) "
            "ORDER BY path", (rules,))]

    def extracted_with_other_rules(self, rules: str) -> int:
        """How many indexed documents had their decisions and follow-ups extracted by rules other than
        `rules` (an index built before the rules changed, not built since)."""
        return self._conn.execute(
            "SELECT COUNT(DISTINCT e.document) FROM extracted e JOIN documents d ON d.path = e.document "
            "WHERE e.rules IS NOT ? AND e.document NOT IN (SELECT document FROM extracted WHERE rules = ?)",
            (rules, rules)).fetchone()[0]

    def _where(self, body, date_from, date_to, document, alias: str) -> tuple[list[str], list]:
        clauses, params = [], []
        if body:
            bodies = [body] if isinstance(body, str) else list(body)
            clauses.append(f"{alias}.body IN ({_marks(bodies)})")
            params += bodies
        if date_from:
            clauses.append(f"{alias}.meeting_date >= ?")
            params.append(date_from)
        if date_to:
            clauses.append(f"{alias}.meeting_date <= ?")
            params.append(date_to)
        if document:
            clauses.append(f"{alias}.document = ?")
            params.append(document)
        return clauses, params

    def decisions(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                  date_to: str | None = None, outcome: str | None = None,
                  document: str | None = None) -> list[Decision]:
        """Stored decisions that pass the restrictions (a date restriction leaves undated ones
        out), ordered by meeting date (undated last), document and reading order."""
        clauses, params = self._where(body, date_from, date_to, document, "x")
        if outcome:
            clauses.append("x.outcome = ?")
            params.append(outcome)
        rows = self._conn.execute(
            f"SELECT {_extracted_columns(DECISION_COLUMNS)} FROM decisions x {_CASE_JOIN} "
            f"WHERE {' AND '.join(clauses) or '1'} "
            "ORDER BY x.meeting_date IS NULL, x.meeting_date, x.document, x.position", params)
        found = []
        for row in rows:
            decision = _from_values(Decision, _DECISION_PLAN, tuple(row))
            decision.votes = [Vote(**v) if isinstance(v, dict) else v for v in decision.votes]
            found.append(decision)
        return found

    def follow_ups(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                   date_to: str | None = None, status: str | None = None,
                   document: str | None = None, ids: Iterable[str] | None = None) -> list[TrackedFollowUp]:
        """Stored follow-ups with their status (None: any), ordered like `decisions`."""
        clauses, params = self._where(body, date_from, date_to, document, "x")
        if status == "open":
            clauses.append("m.status IS NULL")
        elif status:
            clauses.append("m.status = ?")
            params.append(status)
        if ids is not None:
            wanted = list(ids)
            if not wanted:
                return []
            clauses.append(f"x.id IN ({_marks(wanted)})")
            params += wanted
        rows = self._conn.execute(
            f"SELECT {_extracted_columns(FOLLOW_UP_COLUMNS)}, m.status, m.note, m.marked_at, m.marked_by, d.title, "
            "d.case_number FROM follow_ups x LEFT JOIN follow_up_marks m ON m.follow_up_id = x.id "
            f"{_CASE_JOIN} "
            f"WHERE {' AND '.join(clauses) or '1'} "
            "ORDER BY x.meeting_date IS NULL, x.meeting_date, x.document, x.position", params)
        split = len(FOLLOW_UP_COLUMNS)
        found = []
        for row in rows:
            follow_up = _from_values(FollowUp, _FOLLOW_UP_PLAN, tuple(row)[:split])
            status_, note, marked_at, marked_by, title, case_number = tuple(row)[split:]
            mark = Mark(follow_up.id, status_, note, marked_at, marked_by) if status_ else None
            found.append(TrackedFollowUp(follow_up, status_ or "open", mark, title, follow_up.case_number or case_number))
        return found

    def follow_up_paragraph_ids(self, date_from: str | None = None) -> set[str]:
        """The paragraphs that hold a follow-up (a promise or a request), of meetings on or after
        `date_from` where given."""
        sql, params = "SELECT DISTINCT paragraph_id FROM follow_ups", []
        if date_from:
            sql, params = sql + " WHERE meeting_date >= ?", [date_from]
        return {r[0] for r in self._conn.execute(sql, params)}

    def mark_follow_up(self, follow_up_id: str, status: str, note: str | None = None,
                       by: str | None = None, at: str | None = None) -> None:
        """Mark a follow-up done or dismissed ("open" removes the mark), replacing an older mark."""
        if status == "open":
            self.unmark_follow_up(follow_up_id)
            return
        from datetime import datetime, timezone

        at = at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._conn.execute("INSERT OR REPLACE INTO follow_up_marks(follow_up_id, status, note, marked_at, marked_by) "
                           "VALUES (?, ?, ?, ?, ?)", (follow_up_id, status, note, at, by))

    def carry_marks(self, moves: dict[str, list[FollowUp]]) -> None:
        """Give the marks of a document's follow-ups to the same follow-ups as extracted again (`moves`: its
        indexed path → what was extracted at its new path, or at the same one read again): a follow-up's id holds
        its document's path and its words, and neither filing minutes in another folder nor a list item's
        number ("1. at …" for "- at …") is a reason to mark them again. One sentence stated several times in
        the document keeps each of its marks in order; a mark already at the new id stays."""
        for old_path, follow_ups in moves.items():
            before: dict[str, list[str]] = {}
            for follow_up_id, text in self._conn.execute(
                    "SELECT id, text FROM follow_ups WHERE document = ? ORDER BY rowid", (old_path,)):
                before.setdefault(_unmarked(text), []).append(follow_up_id)
            after: dict[str, list[str]] = {}
            for follow_up in follow_ups:
                after.setdefault(_unmarked(follow_up.text), []).append(follow_up.id)
            for text, ids in after.items():
                for old_id, new_id in zip(before.get(text, []), ids):
                    self._conn.execute(
                        "INSERT OR IGNORE INTO follow_up_marks(follow_up_id, status, note, marked_at, marked_by) "
                        "SELECT ?, status, note, marked_at, marked_by FROM follow_up_marks WHERE follow_up_id = ?",
                        (new_id, old_id))

    def unmark_follow_up(self, follow_up_id: str) -> None:
        """Remove a follow-up's mark (it reads "open" again)."""
        self._conn.execute("DELETE FROM follow_up_marks WHERE follow_up_id = ?", (follow_up_id,))

    def follow_up_marks(self) -> dict[str, Mark]:
        """Every mark by follow-up id, including marks whose follow-up is no longer indexed."""
        return {r[0]: Mark(*r) for r in self._conn.execute(
            "SELECT follow_up_id, status, note, marked_at, marked_by FROM follow_up_marks ORDER BY follow_up_id")}

    def keep_follow_up_links(self, generation: int, version: str, links: dict[str, list[FollowUpLink]]) -> None:
        """Keep where each follow-up was taken up again (`links` by follow-up id, an empty list where
        nothing was found since) as found for `generation` by the code of `version`, in place of what was
        kept before."""
        self._conn.execute("DELETE FROM follow_up_links")
        self._conn.executemany(
            "INSERT INTO follow_up_links(follow_up_id, generation, version, links) VALUES (?, ?, ?, ?)",
            [(i, generation, version, json.dumps([asdict(link) for link in found], ensure_ascii=False))
             for i, found in links.items()])

    def kept_follow_up_links(self, generation: int, version: str) -> dict[str, list[FollowUpLink]]:
        """The links `keep_follow_up_links` kept for `generation` and `version`, by follow-up id (none kept
        for them, or an index from before they were kept and opened read-only: empty)."""
        if not links_readable(self._conn):
            return {}
        return {i: [FollowUpLink(**link) for link in json.loads(found)] for i, found in self._conn.execute(
            "SELECT follow_up_id, links FROM follow_up_links WHERE generation = ? AND version = ?",
            (generation, version))}

    def extraction_counts(self) -> tuple[int, int]:
        """(decisions, follow-ups) stored."""
        return (self._conn.execute("SELECT count(*) FROM decisions").fetchone()[0],
                self._conn.execute("SELECT count(*) FROM follow_ups").fetchone()[0])
