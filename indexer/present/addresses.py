"""The app's meeting and case pages as others link to them: a document of the meeting (and one of
its agenda item numbers), or a case number, in; the page's path and query parameters out. The app's pages (ui/) and the links
in feeds and e-mail digests (indexer.alerts.links) both make them here, so they never drift.
"""
from __future__ import annotations

from urllib.parse import urlencode

MEETING_PAGE = "moede"  # the meeting page's path in the app
MEETING_PARAM, ITEM_PARAM = "moede", "punkt"  # a document of the meeting; the item marked and scrolled to
CASE_PAGE, CASE_PARAM = "sag", "sag"  # the case page's path in the app, and its case number

__all__ = ["MEETING_PAGE", "MEETING_PARAM", "ITEM_PARAM", "CASE_PAGE", "CASE_PARAM", "meeting_params", "meeting_path",
           "case_params"]


def meeting_params(document: str, item_number: str | int | None = None) -> dict[str, str]:
    """The meeting page's address for a document's meeting, at one of its agenda items where known."""
    return {MEETING_PARAM: document, **({ITEM_PARAM: str(item_number)} if item_number else {})}


def meeting_path(document: str, item_number: str | int | None = None) -> str:
    """The meeting page's path and query, relative to the app ("moede?moede=…&punkt=4")."""
    return f"{MEETING_PAGE}?{urlencode(meeting_params(document, item_number))}"


def case_params(case_number: str) -> dict[str, str]:
    """The case page's address for a case number (its trail across meetings)."""
    return {CASE_PARAM: case_number}
