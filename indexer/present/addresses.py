"""The app's meeting page as others link to it: a document of the meeting (and one of its
agenda item numbers) in; the page's query parameters out. The app's pages (ui/) and the links
in feeds and e-mail digests (indexer.alerts.links) both make them here, so they never drift.
"""
from __future__ import annotations

MEETING_PARAM, ITEM_PARAM = "moede", "punkt"  # a document of the meeting; the item marked and scrolled to

__all__ = ["MEETING_PARAM", "ITEM_PARAM", "meeting_params"]


def meeting_params(document: str, item_number: str | int | None = None) -> dict[str, str]:
    """The meeting page's address for a document's meeting, at one of its agenda items where known."""
    return {MEETING_PARAM: document, **({ITEM_PARAM: str(item_number)} if item_number else {})}
