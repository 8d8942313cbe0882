"""The audit trail: who changed the archive, from where, what and when; one log for the HTTP API
and the app (and any command that changes the archive), kept in the index's database
(`audit_log`, never dropped by a rebuild; the SQL in `indexer.store.follows`).

    record(index_dir, "upload", who="mette", client="10.0.0.7", target="uploads/x.pdf", detail="…")
    entries(index_dir, limit=100)      # newest first

Actions written today: `mark_follow_up`, `upload`, `replace_upload`, `delete_upload`, `correct`
(a document's details in catalog.csv), `start_update`, `harvest`, `follow`, `unfollow`,
`unsubscribe`, `login`, `login_failed`. Every entry is also logged (logger `indexer.audit`);
where the index cannot take it (none yet, read-only, busy past its timeout) the log line is
the record and the write it describes is never refused for that.
"""
from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from indexer.errors import ArchiveError
from indexer.store.follows import AuditEntry

log = logging.getLogger("indexer.audit")

ACTIONS = ("mark_follow_up", "upload", "replace_upload", "delete_upload", "correct", "start_update", "harvest",
           "follow", "unfollow", "unsubscribe", "login", "login_failed")
MAX_DETAIL_CHARS = 500


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record(index_dir: Path | str, action: str, *, who: str | None = None, client: str | None = None,
           target: str | None = None, detail: str | None = None, at: str | None = None) -> bool:
    """Write one audit entry (and log it); False when the index could not store it (logged)."""
    from indexer.alerts.follows import alert_store

    detail = detail[:MAX_DETAIL_CHARS] if detail else detail
    log.info("audit: %s %s by %s from %s (%s)", action, target, who, client, detail)
    try:
        with alert_store(index_dir) as store:
            with store.writing():
                store.audit(at or _now(), action, who=who, client=client, target=target, detail=detail)
    except (ArchiveError, sqlite3.Error) as exc:  # no index yet, read-only, or busy: the log line is the record
        log.warning("audit entry not stored: %s", exc)
        return False
    return True


def follow_detail(follow) -> str:
    """A new follow's detail in the log, the same from the API and the app: "case weekly", and
    "pending" where its address has yet to confirm it."""
    return f"{follow.kind} {follow.frequency}" + (" pending" if follow.pending else "")


def entries(index_dir: Path | str, limit: int = 100) -> list[AuditEntry]:
    """The latest `limit` entries, newest first (none when there is no index yet)."""
    from indexer.alerts.follows import alert_store

    try:
        with alert_store(index_dir) as store:
            return store.audit_entries(limit)
    except ArchiveError:
        return []
