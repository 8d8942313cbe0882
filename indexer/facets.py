"""Pure helpers behind the app: hits in; facet counts, timeline rows and dates out.

Nothing here touches Streamlit, so each piece is tested on its own (tests/test_facets.py)
and `app.py` only wires widgets to it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Mapping

from .records import Hit

# How many hits the facet counts and the timeline look at: enough to show where a theme
# comes up, few enough that the tail of barely related paragraphs stays out.
FACET_DEPTH = 200


@dataclass
class Facets:
    """How many of the hits fall in each body, document type, document and meeting date."""

    total: int = 0
    bodies: Counter = field(default_factory=Counter)
    doc_types: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)
    undated: int = 0


def count_facets(hits: Iterable[Hit]) -> Facets:
    """Count hits per facet value; unknown body/type/date count under "" (body, type) or `undated`."""
    facets = Facets()
    for hit in hits:
        facets.total += 1
        facets.bodies[hit.body or ""] += 1
        facets.doc_types[hit.doc_type or ""] += 1
        facets.documents[hit.document] += 1
        if hit.date:
            facets.dates[hit.date] += 1
        else:
            facets.undated += 1
    return facets


def by_count(values: Iterable[str], counts: Mapping[str, int]) -> list[str]:
    """`values` ordered by their count (most first), then alphabetically; stable options for a widget."""
    return sorted(set(values), key=lambda value: (-counts.get(value, 0), value.casefold()))


def timeline_rows(hits: Iterable[Hit], unknown_body: str = "?") -> list[dict[str, Any]]:
    """One row per (meeting date, body) with the number of hits and the titles: the timeline's data."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for hit in hits:
        if not hit.date:
            continue
        key = (hit.date, hit.body or unknown_body)
        row = groups.setdefault(key, {"date": key[0], "body": key[1], "count": 0, "titles": []})
        row["count"] += 1
        title = hit.title or hit.document
        if title not in row["titles"]:
            row["titles"].append(title)
    rows = sorted(groups.values(), key=lambda r: (r["date"], r["body"]))
    for row in rows:
        row["titles"] = "; ".join(row["titles"])
    return rows


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
