"""Pure helpers behind the app: hits in; facet counts, timeline rows and dates out.

Nothing here touches Streamlit, so each piece is tested on its own (tests/test_facets.py)
and `app.py` only wires widgets to it.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Mapping

from . import results
from .records import Hit
from .results import Facets, by_count, count_facets  # noqa: F401  (moved to results)

# How many hits the facet counts and the timeline look at: enough to show where a theme
# comes up, few enough that the tail of barely related paragraphs stays out.
FACET_DEPTH = 200


def timeline_rows(hits: Iterable[Hit], unknown_body: str = "?") -> list[dict[str, Any]]:
    """The timeline's rows as chart dicts (see `results.timeline_rows`, which gives `TimelineRow`s)."""
    return [row.to_dict() for row in results.timeline_rows(hits, unknown_body)]


def _to_datetime(value: Any) -> datetime | None:
    """A Vega-Lite selection bound (epoch milliseconds or an ISO string) as a UTC datetime."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return None


def selected_period(selection: Mapping[str, Any] | None, param: str) -> tuple[date, date] | None:
    """The whole days inside an interval selection on a date axis, or None when nothing is selected.

    Streamlit reports `{"selection": {param: {field: [start, end]}}}`; the start is rounded up
    and the end down to whole days, so a brush covers exactly the meetings drawn inside it.
    """
    if not selection:
        return None
    chosen = (selection.get("selection") or {}).get(param) or {}
    for bounds in chosen.values():
        if isinstance(bounds, (list, tuple)) and len(bounds) == 2:
            start, end = (_to_datetime(b) for b in bounds)
            if start is None or end is None:
                return None
            start, end = min(start, end), max(start, end)
            first = start.date() + (timedelta(days=1) if start.time() != datetime.min.time() else timedelta())
            last = end.date()
            return (first, last) if first <= last else (start.date(), start.date())
    return None
