"""Follows, what was found for them, e-mail digests and the audit log: the SQL of alerts.

In: a follow (what a person follows: a saved search, a case number, a body or a document's
follow-ups, with an e-mail address and a frequency), the matches a collect run found for it,
the digests sent, the API's writes. Out: `Follow`, `FollowMatch` and `AuditEntry` rows, run
numbers and digest ids.

None of these tables is derived from the archive's files: a rebuild (`clear()`,
`recreate()`) never touches them, like `follow_up_marks`. Which documents are new to a follow
is told by `alert_documents` (each content hash with the collect run that first saw it) and
the follow's `checked_run`: run numbers, not clock times, so a build committing while a
collect runs is seen by the next run, and a rebuild (same contents, new `indexed_at`) brings
nothing "new". What is new *in* a document that replaces an earlier version of itself (same
path, new content: a corrected meeting, an agenda that became minutes) is told by
`alert_texts`: per path, each paragraph's text and each decision (normalised, `text_key`) with
the run that first saw it there, and the path itself (key '') with the run that first saw it.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass, field
from typing import Iterable

FOLLOW_KINDS = ("search", "case", "body", "document")
FREQUENCIES = ("daily", "weekly")
# The language a follow was made in: its digests are written in it ("da" for follows made before
# a follow kept one).
LANGUAGES = ("da", "en")

FOLLOWS_SCHEMA = """
CREATE TABLE IF NOT EXISTS follows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('search', 'case', 'body', 'document')),
    target TEXT,
    query TEXT,
    filters TEXT,
    mode TEXT,
    email TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
    created_at TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    checked_run INTEGER NOT NULL,
    problem TEXT,
    language TEXT NOT NULL DEFAULT 'da',
    confirmed_at TEXT,
    confirm_sent_at TEXT
);
CREATE INDEX IF NOT EXISTS follows_email ON follows(email, frequency);
CREATE TABLE IF NOT EXISTS follow_matches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    follow_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    found_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    digest_id INTEGER,
    UNIQUE (follow_id, kind, key)
);
CREATE INDEX IF NOT EXISTS follow_matches_digest ON follow_matches(digest_id);
CREATE TABLE IF NOT EXISTS alert_documents (
    content_hash TEXT PRIMARY KEY,
    first_run INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alert_texts (
    path TEXT NOT NULL,
    key TEXT NOT NULL,
    first_run INTEGER NOT NULL,
    PRIMARY KEY (path, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS digests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    frequency TEXT NOT NULL,
    period TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (email, frequency, period)
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT,
    client TEXT,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
);
CREATE TABLE IF NOT EXISTS alert_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
FOLLOWS_TABLES = ("follows", "follow_matches", "alert_documents", "alert_texts", "digests", "audit_log",
                  "alert_settings")

_FOLLOW_COLUMNS = ("id, kind, target, query, filters, mode, email, frequency, created_at, checked_at, "
                   "checked_run, problem, language, confirmed_at, confirm_sent_at")
# A follow made by anyone (the API without the secretariat's password) waits for its address to
# confirm it; one never confirmed is gone after this many days.
PENDING_DAYS = 7


@dataclass(frozen=True)
class Follow:
    """What one person follows, and how far it was checked."""

    id: int
    kind: str  # "search" | "case" | "body" | "document"
    target: str | None  # the case number, body or document path (None for a search)
    query: str | None  # a saved search's query
    filters: dict  # a saved search's filters: bodies, doc_types, documents, date_from, date_to
    mode: str | None  # a saved search's mode
    email: str
    frequency: str  # "daily" | "weekly"
    created_at: str
    checked_at: str  # when a collect run last looked (ISO, UTC)
    checked_run: int  # that run's number: documents first seen by a later run are new to it
    problem: str | None = None  # why the last run could not check it (the body is gone …)
    language: str = "da"  # the language it was made in ("da" | "en"): its digests are written in it
    # when its address confirmed it (or, made by the secretariat or before confirming existed,
    # when it was made); None: pending, nothing is collected or sent for it
    confirmed_at: str | None = None
    confirm_sent_at: str | None = None  # when the mail asking to confirm it was accepted by the server

    @property
    def pending(self) -> bool:
        """Waiting for its address to confirm it (see `PENDING_DAYS`)."""
        return self.confirmed_at is None


def text_key(*parts: object) -> str:
    """A short key for a text: the same words (case and spacing aside) give the same key, so a
    paragraph published again in another file, or in a corrected version of its file, is not news twice."""
    joined = "\0".join(" ".join(str(p or "").split()).casefold() for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def paragraph_key(text: str) -> str:
    """The key `alert_texts` keeps a paragraph's text under."""
    return "p" + text_key(text)


def decision_key(item_number: str | None, text: str) -> str:
    """The key `alert_texts` keeps a decision under: its agenda item and its words."""
    return "d" + text_key(item_number, text)


def fold_address(email: str) -> str:
    """The one spelling an address is stored and matched in: mail servers treat addresses
    alike whatever their case, so one person is one subscriber."""
    return email.strip().lower()


@dataclass(frozen=True)
class FollowMatch:
    """One thing a collect run found for a follow, with its citation (`payload`)."""

    id: int
    follow_id: int
    kind: str  # "paragraph" | "decision" | "meeting" | "document" | "follow_up" | "problem"
    key: str  # what makes it the same thing on a later run
    found_at: str
    payload: dict = field(default_factory=dict)
    digest_id: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One write through the API (or a refused login): who, from where, what, when."""

    id: int
    at: str
    who: str | None
    client: str | None
    action: str
    target: str | None
    detail: str | None


_UPGRADES = (  # (column, what adds it to an older follows table, with its follows kept as they were)
    ("language", ("ALTER TABLE follows ADD COLUMN language TEXT NOT NULL DEFAULT 'da'",)),  # digests were Danish
    # follows made before addresses confirmed them were made and used as confirmed: they stay so
    ("confirmed_at", ("ALTER TABLE follows ADD COLUMN confirmed_at TEXT",
                      "UPDATE follows SET confirmed_at = created_at")),
    ("confirm_sent_at", ("ALTER TABLE follows ADD COLUMN confirm_sent_at TEXT",)),
)


def follows_upgrade(conn: sqlite3.Connection) -> None:
    """Add what a follows table from an older version lacks, when the index is opened to write (the
    language column, its follows kept as Danish; the confirmation columns, its follows kept as
    confirmed), and store its addresses in their one spelling (`fold_address`), in one transaction."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(follows)")}
    if not columns:
        return
    folded = conn.execute("SELECT 1 FROM alert_settings WHERE key = 'addresses_folded'").fetchone() is not None
    if not folded or follows_older(conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for column, statements in _UPGRADES:
                if column not in columns:
                    for statement in statements:
                        conn.execute(statement)
            if not folded:
                _fold_addresses(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _fold_addresses(conn: sqlite3.Connection) -> None:
    """Addresses stored as given (before `fold_address`): folded, a person's digests under two
    spellings made one (their matches kept)."""
    for follow_id, email in conn.execute("SELECT id, email FROM follows").fetchall():
        if fold_address(email) != email:
            conn.execute("UPDATE follows SET email = ? WHERE id = ?", (fold_address(email), follow_id))
    for digest_id, email, frequency, period in conn.execute(
            "SELECT id, email, frequency, period FROM digests ORDER BY id").fetchall():
        if fold_address(email) == email:
            continue
        same = conn.execute("SELECT id FROM digests WHERE email = ? AND frequency = ? AND period = ?",
                            (fold_address(email), frequency, period)).fetchone()
        if same:  # one digest of the period: its matches join the other
            conn.execute("UPDATE follow_matches SET digest_id = ? WHERE digest_id = ?", (same[0], digest_id))
            conn.execute("DELETE FROM digests WHERE id = ?", (digest_id,))
        else:
            conn.execute("UPDATE digests SET email = ? WHERE id = ?", (fold_address(email), digest_id))
    conn.execute("INSERT OR REPLACE INTO alert_settings(key, value) VALUES ('addresses_folded', '1')")


def follows_older(conn: sqlite3.Connection) -> bool:
    """Whether a follows table is there and lacks a column this version reads."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(follows)")}
    return bool(columns) and not {column for column, _ in _UPGRADES} <= columns


def _follow(row) -> Follow:
    values = list(row)
    values[4] = json.loads(values[4]) if values[4] else {}
    return Follow(*values)


def _match(row) -> FollowMatch:
    values = list(row)
    values[5] = json.loads(values[5])
    return FollowMatch(*values)


class Follows:
    """The part of `Store` for follows, their matches, digests and the audit log.
    Writes go inside `Store.writing()`, reads inside `Store.reading()` (or alone)."""

    _conn: sqlite3.Connection

    # -- runs and documents ----------------------------------------------------------
    def collect_run(self) -> int:
        """The number of the last collect run (0 before the first)."""
        row = self._conn.execute("SELECT value FROM alert_settings WHERE key = 'collect_run'").fetchone()
        return int(row[0]) if row else 0

    def next_collect_run(self) -> int:
        """Count one more collect run and return its number."""
        run = self.collect_run() + 1
        self._conn.execute("INSERT OR REPLACE INTO alert_settings(key, value) VALUES ('collect_run', ?)", (str(run),))
        return run

    def register_documents(self, run: int) -> None:
        """Note every indexed content not seen before as first seen by `run`, and the texts of
        each document with such content (or of a path not noted yet: an index from before
        `alert_texts`, its texts as old as its content) as first seen at its path then."""
        self._conn.execute("INSERT OR IGNORE INTO alert_documents(content_hash, first_run) "
                           "SELECT DISTINCT content_hash, ? FROM documents", (run,))
        rows = self._conn.execute(
            "SELECT d.path, a.first_run FROM documents d JOIN alert_documents a ON a.content_hash = d.content_hash "
            "WHERE a.first_run = ? OR NOT EXISTS (SELECT 1 FROM alert_texts t WHERE t.path = d.path AND t.key = '')",
            (run,)).fetchall()
        for path, first in rows:
            keys = {""}
            keys.update(paragraph_key(r[0]) for r in self._conn.execute(
                "SELECT text FROM paragraphs WHERE document = ?", (path,)))
            keys.update(decision_key(r[0], r[1]) for r in self._conn.execute(
                "SELECT item_number, text FROM decisions WHERE document = ?", (path,)))
            self._conn.executemany("INSERT OR IGNORE INTO alert_texts(path, key, first_run) VALUES (?, ?, ?)",
                                   [(path, key, first) for key in keys])

    def text_runs(self, path: str) -> dict[str, int]:
        """For a path: each text key noted there (`paragraph_key`, `decision_key`; '' the path
        itself) with the run that first saw it there."""
        return {r[0]: r[1] for r in self._conn.execute(
            "SELECT key, first_run FROM alert_texts WHERE path = ?", (path,))}

    def first_runs(self) -> dict[str, int]:
        """For every indexed document (by path): the run that first saw its content."""
        return {r[0]: r[1] for r in self._conn.execute(
            "SELECT d.path, a.first_run FROM documents d JOIN alert_documents a ON a.content_hash = d.content_hash")}

    def case_numbers(self) -> set[str]:
        """Every case number a document or a paragraph (its agenda item's) carries."""
        found = {r[0] for r in self._conn.execute("SELECT DISTINCT case_number FROM documents WHERE case_number IS NOT NULL")}
        columns = {r[1] for r in self._conn.execute("PRAGMA table_info(paragraphs)")}
        if "case_number" in columns:
            found |= {r[0] for r in self._conn.execute(
                "SELECT DISTINCT case_number FROM paragraphs WHERE case_number IS NOT NULL")}
        return found

    def has_case_number(self, case_number: str) -> bool:
        """Whether a document (or, where paragraphs carry their agenda item's case number, a
        paragraph) of this case is indexed."""
        if self._conn.execute("SELECT 1 FROM documents WHERE case_number = ? LIMIT 1", (case_number,)).fetchone():
            return True
        columns = {r[1] for r in self._conn.execute("PRAGMA table_info(paragraphs)")}
        return "case_number" in columns and self._conn.execute(
            "SELECT 1 FROM paragraphs WHERE case_number = ? LIMIT 1", (case_number,)).fetchone() is not None

    # -- follows -------------------------------------------------------------------
    def add_follow(self, kind: str, email: str, frequency: str, at: str, *, target: str | None = None,
                   query: str | None = None, filters: dict | None = None, mode: str | None = None,
                   language: str = "da", confirmed: bool = True) -> int:
        """Store a follow, checked up to now: what is indexed already is not new to it; pending
        (`confirmed` False) until its address confirms it.

        Its own run number: documents indexed since the last collect are registered under it,
        so they stay new to older follows (checked before it) and are old to this one."""
        run = self.next_collect_run()
        self.register_documents(run)
        cursor = self._conn.execute(
            "INSERT INTO follows(kind, target, query, filters, mode, email, frequency, created_at, checked_at, "
            "checked_run, language, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, target, query, json.dumps(filters or {}, ensure_ascii=False, sort_keys=True), mode,
             fold_address(email), frequency, at, at, run, language, at if confirmed else None))
        return int(cursor.lastrowid)

    def confirm_follow(self, follow_id: int, at: str) -> bool:
        """Confirm a pending follow; whether one was pending (False: confirmed already, or gone)."""
        return self._conn.execute("UPDATE follows SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL",
                                  (at, follow_id)).rowcount > 0

    def confirmation_sent(self, follow_id: int, at: str) -> None:
        self._conn.execute("UPDATE follows SET confirm_sent_at = ? WHERE id = ?", (at, follow_id))

    def expire_pending(self, before: str) -> int:
        """Remove the pending follows made before `before` (never confirmed); returns how many."""
        return self.delete_follows([r[0] for r in self._conn.execute(
            "SELECT id FROM follows WHERE confirmed_at IS NULL AND created_at < ?", (before,))])

    def follow(self, follow_id: int) -> Follow | None:
        row = self._conn.execute(f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE id = ?", (follow_id,)).fetchone()
        return _follow(row) if row else None

    def follows(self, email: str | None = None) -> list[Follow]:
        """Every follow (or one person's, the address in any case), oldest first."""
        if email is None:
            rows = self._conn.execute(f"SELECT {_FOLLOW_COLUMNS} FROM follows ORDER BY id")
        else:
            rows = self._conn.execute(f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE email = ? ORDER BY id",
                                      (fold_address(email),))
        return [_follow(r) for r in rows]

    def delete_follows(self, ids: Iterable[int]) -> int:
        """Remove follows with the matches not sent yet; returns how many follows were removed."""
        ids = list(ids)
        removed = 0
        for follow_id in ids:
            self._conn.execute("DELETE FROM follow_matches WHERE follow_id = ? AND (digest_id IS NULL OR digest_id IN "
                               "(SELECT id FROM digests WHERE sent_at IS NULL))", (follow_id,))
            removed += self._conn.execute("DELETE FROM follows WHERE id = ?", (follow_id,)).rowcount
        return removed

    def set_checked(self, follow_id: int, at: str, run: int, problem: str | None) -> None:
        self._conn.execute("UPDATE follows SET checked_at = ?, checked_run = ?, problem = ? WHERE id = ?",
                           (at, run, problem, follow_id))

    # -- matches -------------------------------------------------------------------
    def add_matches(self, follow_id: int, matches: Iterable[tuple[str, str, dict]], at: str) -> int:
        """Store (kind, key, payload) matches of a follow; one already there is not added again.
        Returns how many were added."""
        added = 0
        for kind, key, payload in matches:
            added += self._conn.execute(
                "INSERT OR IGNORE INTO follow_matches(follow_id, kind, key, found_at, payload) VALUES (?, ?, ?, ?, ?)",
                (follow_id, kind, key, at, json.dumps(payload, ensure_ascii=False, sort_keys=True))).rowcount
        return added

    def matches(self, follow_id: int | None = None, *, digest_id: int | None = None,
                limit: int | None = None) -> list[FollowMatch]:
        """Matches of a follow (newest first), or of a digest (in the order found)."""
        if digest_id is not None:
            rows = self._conn.execute("SELECT * FROM follow_matches WHERE digest_id = ? ORDER BY follow_id, id",
                                      (digest_id,))
        else:
            rows = self._conn.execute("SELECT * FROM follow_matches WHERE follow_id = ? ORDER BY id DESC LIMIT ?",
                                      (follow_id, -1 if limit is None else limit))
        return [_match(r) for r in rows]

    # -- digests -------------------------------------------------------------------
    def waiting_recipients(self) -> list[tuple[str, str]]:
        """(email, frequency) of everyone with matches not sent yet, in a pending digest or none."""
        return [(r[0], r[1]) for r in self._conn.execute(
            "SELECT DISTINCT f.email, f.frequency FROM follow_matches m JOIN follows f ON f.id = m.follow_id "
            "LEFT JOIN digests g ON g.id = m.digest_id WHERE (m.digest_id IS NULL OR g.sent_at IS NULL) "
            "AND f.confirmed_at IS NOT NULL "
            "ORDER BY f.email, f.frequency")]

    def digest_sent_in(self, email: str, frequency: str, period: str) -> bool:
        return self._conn.execute("SELECT 1 FROM digests WHERE email = ? AND frequency = ? AND period = ? "
                                  "AND sent_at IS NOT NULL", (email, frequency, period)).fetchone() is not None

    def open_digest(self, email: str, frequency: str, period: str, at: str) -> int:
        """The person's digest for `period` that is not sent yet: the pending one (from an
        earlier period too: it was never delivered) moved to `period`, or a new one. Every match
        of theirs not in a digest yet joins it."""
        row = self._conn.execute("SELECT id FROM digests WHERE email = ? AND frequency = ? AND sent_at IS NULL "
                                 "ORDER BY id", (email, frequency)).fetchall()
        if row:
            digest_id = row[0][0]
            for (other,) in row[1:]:  # never more than one, but merge rather than lose
                self._conn.execute("UPDATE follow_matches SET digest_id = ? WHERE digest_id = ?", (digest_id, other))
                self._conn.execute("DELETE FROM digests WHERE id = ?", (other,))
            self._conn.execute("UPDATE digests SET period = ? WHERE id = ?", (period, digest_id))
        else:
            digest_id = int(self._conn.execute(
                "INSERT INTO digests(email, frequency, period, created_at) VALUES (?, ?, ?, ?)",
                (email, frequency, period, at)).lastrowid)
        self._conn.execute(
            "UPDATE follow_matches SET digest_id = ? WHERE digest_id IS NULL AND follow_id IN "
            "(SELECT id FROM follows WHERE email = ? AND frequency = ? AND confirmed_at IS NOT NULL)",
            (digest_id, email, frequency))
        return digest_id

    def delete_digest(self, digest_id: int) -> None:
        """Drop an unsent digest (its matches go back to waiting)."""
        self._conn.execute("UPDATE follow_matches SET digest_id = NULL WHERE digest_id = ?", (digest_id,))
        self._conn.execute("DELETE FROM digests WHERE id = ? AND sent_at IS NULL", (digest_id,))

    def digest_delivered(self, digest_id: int, at: str) -> None:
        """Mark a digest sent: only once the mail server accepted it."""
        self._conn.execute("UPDATE digests SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                           (at, digest_id))

    def digest_failed(self, digest_id: int, error: str) -> None:
        """Note a failed attempt; the digest stays pending for the next run."""
        self._conn.execute("UPDATE digests SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                           (error[:500], digest_id))

    def digests(self, email: str | None = None) -> list[dict]:
        """Digest rows (newest first): id, email, frequency, period, created_at, sent_at, attempts, last_error."""
        sql = "SELECT id, email, frequency, period, created_at, sent_at, attempts, last_error FROM digests"
        rows = (self._conn.execute(sql + " WHERE email = ? ORDER BY id DESC", (email,)) if email
                else self._conn.execute(sql + " ORDER BY id DESC"))
        return [dict(zip(("id", "email", "frequency", "period", "created_at", "sent_at", "attempts", "last_error"),
                         tuple(r))) for r in rows]

    # -- settings ------------------------------------------------------------------
    def alert_secret(self) -> bytes:
        """This index's key for signing unsubscribe links, made once (inside a write transaction)."""
        row = self._conn.execute("SELECT value FROM alert_settings WHERE key = 'secret'").fetchone()
        if row:
            return bytes.fromhex(row[0])
        value = secrets.token_bytes(32)
        self._conn.execute("INSERT INTO alert_settings(key, value) VALUES ('secret', ?)", (value.hex(),))
        return value

    # -- audit log -----------------------------------------------------------------
    def audit(self, at: str, action: str, *, who: str | None = None, client: str | None = None,
              target: str | None = None, detail: str | None = None) -> None:
        """Write one audit entry (inside a write transaction)."""
        self._conn.execute("INSERT INTO audit_log(at, who, client, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)",
                           (at, who, client, action, target, detail))

    def audit_entries(self, limit: int = 100) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        return [AuditEntry(*r) for r in self._conn.execute(
            "SELECT id, at, who, client, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))]
