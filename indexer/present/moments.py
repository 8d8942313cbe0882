"""Moments as the municipality's people read them: a stored moment (ISO, UTC) in; the same moment on
Danish time out, whatever the server's own zone (pages, exports, the command line's lists).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

__all__ = ["READERS_TIME", "readers_zone", "readers_now", "readers_stamp", "readers_moment", "readers_day", "readers_minute"]

# Moments are stored in UTC and read by the municipality's people on Danish time.
READERS_TIME = "Europe/Copenhagen"


def readers_zone() -> ZoneInfo:
    """The readers' time zone (`READERS_TIME`): every moment a page or a file names is on it, whatever
    the server's own zone."""
    return ZoneInfo(READERS_TIME)


def readers_now() -> datetime:
    """Now, on the readers' time (an export's "Søgt", a checklist's "Udtrukket")."""
    return datetime.now(readers_zone())


def readers_stamp() -> str:
    """Now, on the readers' time, as an export states when it was made: "2026-12-06 21:04 CET" (its zone named, so a
    file read elsewhere says which time it is)."""
    return readers_now().strftime("%Y-%m-%d %H:%M %Z")


def readers_moment(iso: str) -> datetime | None:
    """A stored moment (ISO; UTC where it names no zone, as the store writes them) on the readers' time;
    None for other text."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(readers_zone())


def readers_day(iso: str) -> str:
    """The day (YYYY-MM-DD) a stored moment falls on, on the readers' time: a mark made at 00.30 in
    Copenhagen is that day's, not the day before's in UTC. Other text as it is, to the day."""
    moment = readers_moment(iso)
    return moment.date().isoformat() if moment else iso[:10]


def readers_minute(iso: str | None) -> str:
    """A stored moment to the minute on the readers' time, with its zone ("2026-12-06 09:53 CET"): a
    server's clock on UTC reads 08:53, and a time without its zone looks an hour off; "never" for
    none, other text as it is."""
    if not iso:
        return "never"
    moment = readers_moment(iso)
    return moment.strftime("%Y-%m-%d %H:%M %Z") if moment else iso[:16]
