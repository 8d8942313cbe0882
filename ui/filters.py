"""The search page's filters, display settings and timeline, with counts from the page's one search."""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from indexer import present
from indexer.search.results import by_count
from indexer.records import Filters

from .common import number, t, wording
from .state import EARLIEST, FILTER_KEYS, LATEST, MODES, PAGE_SIZES, SORTS, TIMELINE_PARAM, clear_filters, first_page, on_timeline_select


NAME_CHARS = 34  # a filter option's name is shortened to about this, so that its count always shows


def _label(short: str, count: int | None, complete: bool = True) -> str:
    """A filter option: its shortened name (`_short_names`) and its count ("12+" where the results
    were counted in a pool that was cut short, as the result count says; none there, rather than
    "0+", where that pool held none of it)."""
    if count is None or (not count and not complete):
        return short
    return f"{short} ({number(count)}{'' if complete else '+'})"


def _short_names(names: dict) -> dict:
    """Each option's name shortened, options that would then read the same (two sittings of one
    day, "2015-07-03 Folketingets møde nr. …") cut only as far as tells them apart."""
    keys = list(names)
    return dict(zip(keys, present.distinct_shortened([names[key] for key in keys], NAME_CHARS)))


def filters_panel(docs: list[dict], counts, has_query: bool) -> None:
    """The filter and display widgets, with counts for the current query."""
    def count(mapping, value):
        return mapping.get(value, 0) if has_query else None

    titles = {d["path"]: f"{d['meeting_date'] or '—'} {present.title_in(d['title'], wording()) or d['path']}" for d in docs}
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    active = sum(bool(st.session_state.get(key)) for key in FILTER_KEYS)
    label = t("filters") + (f" ({active})" if active else "")
    with st.expander(label, expanded=bool(active), icon=":material/filter_list:"):
        left, right = st.columns(2)
        bodies = by_count([d["body"] for d in docs if d["body"]], counts.bodies)
        body_names = _short_names({v: v for v in bodies})
        left.multiselect(t("body"), bodies, key="organ", placeholder=t("choose"), on_change=first_page,
                         help=t("body_count_help"),
                         format_func=lambda v: _label(body_names.get(v, v), count(counts.bodies, v), counts.complete))
        types = by_count([d["doc_type"] for d in docs if d["doc_type"]], counts.doc_types)
        words = wording()  # "referat" reads "minutes" in English
        right.multiselect(t("doc_type"), types, key="type", placeholder=t("choose"), on_change=first_page,
                          format_func=lambda v: _label(present.shorten(present.doc_type_label(v, words), NAME_CHARS),
                                                       count(counts.doc_types, v), counts.complete))
        paths = by_count(titles, counts.documents)
        document_names = _short_names(titles)
        st.multiselect(t("documents"), paths, key="dok", placeholder=t("choose"), on_change=first_page,
                       format_func=lambda v: _label(document_names.get(v, v), count(counts.documents, v),
                                                    counts.complete))
        first, last = (date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])) if dates else (None, None)
        left, right = st.columns(2)
        # Any date of a sensible range, not the archive's span only: outside the range Streamlit's own
        # error (in English) would replace the field; outside the span `outside_span` says it instead.
        date_from = left.date_input(t("date_from"), value=None, min_value=EARLIEST, max_value=LATEST,
                                    key="fra", format="DD.MM.YYYY", on_change=first_page)
        date_to = right.date_input(t("date_to"), value=None, min_value=EARLIEST, max_value=LATEST,
                                   key="til", format="DD.MM.YYYY", on_change=first_page)
        outside = outside_span(date_from, date_to, first, last)
        if outside:
            st.caption(outside)
        # The period's share is of the whole search (every body and type), so it is told only while no
        # other filter narrows the results below it, and only where the counts are exact:
        # of a pool cut short both are lower bounds, and the period's own search finds more than either
        # ("42 af 150 ligger i perioden" above "164+ gode resultater").
        narrowed = any(st.session_state.get(key) for key in ("organ", "type", "dok"))
        if has_query and (date_from or date_to) and not narrowed and counts.complete:
            low, high = sorted(d.isoformat() for d in (date_from or date.min, date_to or date.max))
            inside = counts.in_period(low, high)
            if inside:  # none: the notice above or the empty results say it ("0 af 0 …" says nothing)
                st.caption(t("in_period", n=inside, total=counts.total, undated=counts.undated))
        if has_query:
            st.caption(t("facet_note"))
        st.button(t("reset"), key="reset", on_click=clear_filters, icon=":material/filter_list_off:")
    with st.expander(t("settings"), icon=":material/tune:"):
        left, right = st.columns(2)
        left.segmented_control(t("mode"), MODES, key="mode", format_func=lambda m: t("mode_" + m),
                               required=True, on_change=first_page)
        right.segmented_control(t("sort"), SORTS, key="sort", format_func=lambda s: t("sort_" + s),
                                required=True, on_change=first_page)
        left.selectbox(t("page_size"), PAGE_SIZES, key="n", on_change=first_page)
        right.toggle(t("group"), key="group")


def outside_span(date_from: date | None, date_to: date | None, first: date | None, last: date | None) -> str | None:
    """A chosen date outside the archive's meetings (`first` to `last`), in the reader's words:
    where the archive's meetings lie, and that the period finds nothing where none of them falls in
    it. None where every chosen date is inside (or nothing is chosen, or nothing is dated)."""
    chosen = [d for d in (date_from, date_to) if d]
    if not chosen or first is None or last is None or all(first <= d <= last for d in chosen):
        return None
    low, high = sorted((date_from or date.min, date_to or date.max))
    span = {"first": first.strftime("%d.%m.%Y"), "last": last.strftime("%d.%m.%Y")}
    return t("dates_outside_none", **span) if high < first or low > last else t("dates_outside", **span)


def describe_filters(filters: Filters) -> str:
    """The filters in words, for the header of an export."""
    parts = []
    types = tuple(present.doc_type_label(v, wording()) for v in filters.doc_types)
    for key, values in ((t("body"), filters.bodies), (t("doc_type"), types),
                        (t("documents"), filters.documents)):
        if values:
            parts.append(f"{key}: {', '.join(values)}")
    for key, value in ((t("date_from"), filters.date_from), (t("date_to"), filters.date_to)):
        if value:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


def timeline_summary(rows: list[dict], complete: bool = True) -> str:
    """The timeline in words (rows: one per meeting date and body, with its `count` of results): the
    period, and the meetings and results per body, most results first, for those who cannot see it;
    each count with "+" where the search's pool was cut short (`complete`), as the result count has."""
    words = wording()
    per_body: dict[str, list[int]] = {}
    for row in rows:
        per_body.setdefault(row["body"], []).append(row["count"])

    def paragraphs(n: int) -> str:
        return t("timeline_results", n=n if complete else f"{number(n)}+")

    bodies = "; ".join(t("timeline_body", body=body, meetings=t("timeline_meetings", n=len(counts)),
                         results=paragraphs(sum(counts)))
                       for body, counts in sorted(per_body.items(), key=lambda item: (-sum(item[1]), item[0])))
    dates = sorted(row["date"] for row in rows)
    first, last = present.long_date(dates[0], words), present.long_date(dates[-1], words)
    return t("timeline_summary", results=paragraphs(sum(row["count"] for row in rows)),
             meetings=t("timeline_meetings", n=len({(row["date"], row["body"]) for row in rows})),
             period=first if first == last else f"{first} – {last}", bodies=bodies)


def timeline(rows: list[dict], undated: int, complete: bool = True, total: int | None = None) -> None:
    """Results per meeting date and body; brushing a period sets the date filter. `total`: the search's count of
    good results, which a text standing in several meetings' papers counts once and the timeline at each."""
    if not rows:
        return
    # a heading (h2, under the page's h1), so the chart can be found and skipped by its heading
    st.header(t("timeline"), anchor=False, help=t("timeline_help"))
    brush = alt.selection_interval(name=TIMELINE_PARAM, encodings=["x"])
    # One tick per month (per year over a longer span): Vega's own ticks fall between months on a short
    # span, and "%Y-%m" then labels several ticks with the same month.
    dates = sorted(row["date"] for row in rows)
    years = int(dates[-1][:4]) - int(dates[0][:4])
    step, label = ({"interval": "year", "step": 1}, "%Y") if years > 3 else ({"interval": "month", "step": 1}, "%Y-%m")
    # The data's columns carry the reader's words: "Vis data" on the chart shows them as its headers.
    # The brush reports its period under the date column's name (`selected_period` takes any).
    when, body, count, titles = t("timeline_date"), t("body"), t("timeline_count"), t("timeline_titles")
    frame = pd.DataFrame(rows).rename(columns={"date": when, "body": body, "count": count, "titles": titles})
    # Vega describes axes and dots to screen readers in English ("X-axis titled …"): the chart is
    # described once in the reader's language instead, by what it shows, then how to use it.
    summary = timeline_summary(rows, complete)
    chart = alt.Chart(frame, description=f"{summary} {t('timeline_help')}").mark_circle(opacity=0.75, aria=False).encode(
        x=alt.X(field=when, type="temporal", title=when,
                axis=alt.Axis(format=label, tickCount=step, labelAngle=0, labelOverlap=True, aria=False),
                scale=alt.Scale(padding=24)),
        y=alt.Y(field=body, type="nominal", title=None, axis=alt.Axis(labelLimit=140, aria=False)),
        size=alt.Size(field=count, type="quantitative", legend=None, scale=alt.Scale(range=[40, 600])),
        color=alt.Color(field=body, type="nominal", legend=None),
        tooltip=[alt.Tooltip(field=when, type="temporal", format="%Y-%m-%d"),
                 alt.Tooltip(field=body, type="nominal"),
                 alt.Tooltip(field=count, type="quantitative"),
                 alt.Tooltip(field=titles, type="nominal")],
    ).add_params(brush).properties(height=alt.Step(40))
    st.altair_chart(chart, key="timeline", on_select=on_timeline_select, selection_mode=TIMELINE_PARAM,
                    width="stretch")
    st.caption(f"{summary} {t('timeline_dates')}")  # the chart in words, and the keyboard's way to a period
    if undated:
        st.caption(t("timeline_undated", n=undated))
    dated = sum(row["count"] for row in rows)
    if total is not None and dated > total - undated:  # "170 gode resultater" above a timeline of "238 afsnit"
        st.caption(t("timeline_copies", paragraphs=number(dated) + ("" if complete else "+"),
                     total=number(total) + ("" if complete else "+")))
