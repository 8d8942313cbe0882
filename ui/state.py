"""The search page's state: widgets seeded from the URL and written back to it, so a search can be
sent as a link; the callbacks that change it; the chosen filters as a `Filters` value.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Mapping

import streamlit as st

from indexer import present
from indexer.records import Filters

PAGE_SIZES = (10, 20, 50)
MODES = ("hybrid", "dense", "lexical")
SORTS = ("relevance", "newest", "oldest")
TIMELINE_PARAM = "periode"
FILTER_KEYS = ("organ", "type", "dok", "fra", "til")
# The dates the date filter takes: any a reader may mean (the archive's own span is said, not enforced).
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
# The search page's widgets. Streamlit forgets a widget's value on a run that does not draw it (any
# other page), so each run of the search page keeps a copy, and a return to it restores the search.
WIDGET_KEYS = ("q", *FILTER_KEYS, "mode", "sort", "n", "group")
_KEPT = "kept_"
CHOICES = {"mode": (MODES, "hybrid"), "sort": (SORTS, "relevance")}  # the display's choices and defaults


# -- the URL: a search as a link ---------------------------------------------------------------
def url_to_state() -> None:
    """Seed the widgets from the URL once per session, so that a shared link reopens the same search;
    after that, back from another page, restore them as they were."""
    if st.session_state.get("url_read"):
        for key in WIDGET_KEYS:
            if key not in st.session_state and _KEPT + key in st.session_state:
                st.session_state[key] = st.session_state[_KEPT + key]
        keep_choices()
        return
    st.session_state.url_read = True
    params = st.query_params
    if params.get("q"):
        st.session_state.q = present.printable(params["q"])  # the field shows no control or bidi character
    for key in ("organ", "type", "dok"):
        if params.get_all(key):
            st.session_state[key] = params.get_all(key)
    for key in ("fra", "til"):
        try:
            st.session_state[key] = date.fromisoformat(params[key]) if params.get(key) else None
        except ValueError:
            note_dropped(params[key], "link_bad_date")  # a mistyped date is left out, and the page says so
    low, high = st.session_state.get("fra"), st.session_state.get("til")
    if low and high and low > high:  # searched as a range either way: the fields say it as searched
        st.session_state.fra, st.session_state.til = high, low
    for key, options in (("mode", MODES), ("sort", SORTS)):
        if params.get(key) in options:
            st.session_state[key] = params[key]
        elif params.get(key):
            note_dropped(params[key])
    if params.get("n", "").isdigit() and int(params["n"]) in PAGE_SIZES:
        st.session_state.n = int(params["n"])
    if params.get("side", "").isdigit():
        st.session_state.side = max(1, int(params["side"]))
    keep_choices()


def keep_choices() -> None:
    """The search mode and order as one of their options, set before their widgets are drawn.

    The browser holds a segmented control's choice by its label, and the labels change with the
    language: a choice whose label it lost comes back as none. Then the choice the page last used
    stands (else the default), so the page, its exports and "Visning" never disagree. Defaults go
    via state, not widget arguments: no clash."""
    for key, (options, default) in CHOICES.items():
        if st.session_state.get(key) not in options:
            kept = st.session_state.get(_KEPT + key)
            st.session_state[key] = kept if kept in options else default


def state_to_url() -> None:
    """Write the current search and filters to the URL (only what differs from the defaults), and
    keep a copy of the widgets for the return from another page (`url_to_state`)."""
    state = st.session_state
    for key in WIDGET_KEYS:
        if key in state:
            state[_KEPT + key] = state[key]
    wanted: dict[str, str | list[str]] = {}
    if (state.get("q") or "").strip():
        wanted["q"] = state.q.strip()
    for key in ("organ", "type", "dok"):
        if state.get(key):
            wanted[key] = list(state[key])
    for key in ("fra", "til"):
        if state.get(key):
            wanted[key] = state[key].isoformat()
    for key, default in (("mode", "hybrid"), ("sort", "relevance")):
        if state.get(key) not in (None, default):
            wanted[key] = state[key]
    if state.get("n", PAGE_SIZES[0]) != PAGE_SIZES[0]:
        wanted["n"] = str(state.n)
    if state.get("side", 1) > 1:
        wanted["side"] = str(state.side)
    write_url(wanted)


def write_url(wanted: dict[str, str | list[str]]) -> None:
    """Make the page's address say `wanted` (and the language), rewriting it only when it says otherwise:
    each rewrite is a step in the browser's history."""
    if st.session_state.get("en"):
        wanted = {**wanted, "lang": "en"}
    current = {key: (st.query_params.get_all(key) if isinstance(value, list) else st.query_params.get(key))
               for key, value in wanted.items()}
    if current != wanted or set(st.query_params.keys()) != set(wanted):
        st.query_params.from_dict(wanted)


# -- the timeline's brush ---------------------------------------------------------------------
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


# -- callbacks ---------------------------------------------------------------------------------
def first_page() -> None:
    st.session_state.side = 1


def clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state[key] = None if key in ("fra", "til") else []
    first_page()


def use_example(query: str) -> None:
    st.session_state["q"] = query
    first_page()


def turn_page(step: int) -> None:
    st.session_state.side = max(1, st.session_state.get("side", 1) + step)


def on_timeline_select() -> None:
    """A period brushed on the timeline becomes the date filter; clearing the brush clears it."""
    period = selected_period(st.session_state.get("timeline"), TIMELINE_PARAM)
    st.session_state["fra"], st.session_state["til"] = period if period else (None, None)
    first_page()


def note_dropped(value: str, why: str = "link_dropped") -> None:
    """Note a value of the link the page leaves out and why (the message's key: something this archive
    does not hold, or a date that is no date), for `dropped_from_link` to tell once."""
    st.session_state.setdefault("link_dropped", []).append((why, value))


def dropped_from_link() -> dict[str, list[str]]:
    """The link's values this run left out (an unknown body, type, document or mode; a mistyped date),
    by why, each once; cleared, so the page tells them once, not on every later run."""
    dropped: dict[str, list[str]] = {}
    for why, value in dict.fromkeys(st.session_state.pop("link_dropped", [])):
        dropped.setdefault(why, []).append(value)
    return dropped


def sanitize_state(docs: list[dict]) -> None:
    """Drop filter values the index does not know (from an old link, noted for `dropped_from_link`)
    and keep dates inside the range the date fields take (`EARLIEST`, `LATEST`)."""
    known = {"organ": {d["body"] for d in docs}, "type": {d["doc_type"] for d in docs},
             "dok": {d["path"] for d in docs}}
    for key, values in known.items():
        if st.session_state.get(key):
            for value in st.session_state[key]:
                if value not in values:
                    note_dropped(value)
            st.session_state[key] = [v for v in st.session_state[key] if v in values]
    keep_dates_in_range("fra", "til")


def keep_dates_in_range(*keys: str) -> None:
    """Date fields' values (from a link, an earlier run) inside the range the fields take (`EARLIEST`,
    `LATEST`): outside it Streamlit's own error (in English) would replace the field."""
    for key in keys:
        if isinstance(st.session_state.get(key), date):
            st.session_state[key] = min(max(st.session_state[key], EARLIEST), LATEST)


def swapped_dates(low_key: str = "fra", high_key: str = "til") -> tuple[str, str] | None:
    """Two date fields as searched, earliest first ("01.01.2022", "01.06.2023"), where the reader
    typed them the other way round; else None."""
    low, high = st.session_state.get(low_key), st.session_state.get(high_key)
    if isinstance(low, date) and isinstance(high, date) and low > high:
        return high.strftime("%d.%m.%Y"), low.strftime("%d.%m.%Y")
    return None


def date_range(low: date | None, high: date | None) -> tuple[str | None, str | None]:
    """Two chosen dates as an ISO range, earliest first (a reader may pick them in either order)."""
    if low and high and low > high:
        low, high = high, low
    return (low.isoformat() if low else None), (high.isoformat() if high else None)


def filters_from_state() -> Filters:
    """The chosen filters, read before their widgets are drawn: the page's one search gives the counts too."""
    state = st.session_state
    date_from, date_to = date_range(state.get("fra"), state.get("til"))
    return Filters(bodies=tuple(state.get("organ") or ()), doc_types=tuple(state.get("type") or ()),
                   documents=tuple(state.get("dok") or ()), date_from=date_from, date_to=date_to)
