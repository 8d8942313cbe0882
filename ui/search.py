"""The search page: a query and filters in (kept in the URL, so a search can be sent as a link);
one `Archive.search` per page out: result cards, facet counts, timeline, pages, exports.
"""
from __future__ import annotations

import time
from datetime import date, datetime
from itertools import groupby

import altair as alt
import pandas as pd
import streamlit as st

from indexer import facets as chart_facets
from indexer import present
from indexer.errors import InvalidInput
from indexer.search import Filters

from .common import settings, archive, current_documents, index_stamp, original_path, served_url, t, wording
from .results import EMPTY_FACETS, search

PAGE_SIZES = (10, 20, 50)
MODES = ("hybrid", "dense", "lexical")
SORTS = ("relevance", "newest", "oldest")
SORT_DEPTH = 500  # results sorted by date: the best this many, in date order
EXAMPLES = ("huslejestigninger", "personalegennemstrømning", "staff turnover")
TIMELINE_PARAM = "periode"
FILTER_KEYS = ("organ", "type", "dok", "fra", "til")
ECHO_CHARS = 80  # a query is echoed back at most this long


# -- the URL: a search as a link ---------------------------------------------------------------
def url_to_state() -> None:
    """Seed the widgets from the URL once per session, so that a shared link reopens the same search."""
    if st.session_state.get("url_read"):
        return
    st.session_state.url_read = True
    params = st.query_params
    if params.get("q"):
        st.session_state.q = params["q"]
    for key in ("organ", "type", "dok"):
        if params.get_all(key):
            st.session_state[key] = params.get_all(key)
    for key in ("fra", "til"):
        try:
            st.session_state[key] = date.fromisoformat(params[key]) if params.get(key) else None
        except ValueError:
            pass  # a mistyped date in a link is ignored, not an error
    if params.get("mode") in MODES:
        st.session_state.mode = params["mode"]
    if params.get("sort") in SORTS:
        st.session_state.sort = params["sort"]
    if params.get("n", "").isdigit() and int(params["n"]) in PAGE_SIZES:
        st.session_state.n = int(params["n"])
    if params.get("side", "").isdigit():
        st.session_state.side = max(1, int(params["side"]))
    st.session_state.setdefault("mode", "hybrid")  # defaults via state, not widget arguments: no clash
    st.session_state.setdefault("sort", "relevance")


def state_to_url() -> None:
    """Write the current search and filters to the URL (only what differs from the defaults)."""
    state = st.session_state
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
        if state.get(key, default) != default:
            wanted[key] = state[key]
    if state.get("n", PAGE_SIZES[0]) != PAGE_SIZES[0]:
        wanted["n"] = str(state.n)
    if state.get("side", 1) > 1:
        wanted["side"] = str(state.side)
    if state.get("en"):
        wanted["lang"] = "en"
    current = {key: (st.query_params.get_all(key) if isinstance(value, list) else st.query_params.get(key))
               for key, value in wanted.items()}
    if current != wanted or set(st.query_params.keys()) != set(wanted):
        st.query_params.from_dict(wanted)


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
    period = chart_facets.selected_period(st.session_state.get("timeline"), TIMELINE_PARAM)
    st.session_state["fra"], st.session_state["til"] = period if period else (None, None)
    first_page()


# -- filters -------------------------------------------------------------------------------------
def _label(name: str, count: int | None) -> str:
    """A filter option: the name shortened so that its count always shows."""
    short = present.shorten(name, 34)
    return f"{short} ({count})" if count is not None else short


def sanitize_state(docs: list[dict]) -> None:
    """Drop filter values the index does not know (from an old link) and keep dates inside its range."""
    known = {"organ": {d["body"] for d in docs}, "type": {d["doc_type"] for d in docs},
             "dok": {d["path"] for d in docs}}
    for key, values in known.items():
        if st.session_state.get(key):
            st.session_state[key] = [v for v in st.session_state[key] if v in values]
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    if dates:
        first, last = date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])
        for key in ("fra", "til"):
            if isinstance(st.session_state.get(key), date):
                st.session_state[key] = min(max(st.session_state[key], first), last)


def filters_from_state() -> Filters:
    """The chosen filters, read before their widgets are drawn: the page's one search gives the counts too."""
    state = st.session_state
    date_from, date_to = state.get("fra"), state.get("til")
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return Filters(bodies=tuple(state.get("organ") or ()), doc_types=tuple(state.get("type") or ()),
                   documents=tuple(state.get("dok") or ()),
                   date_from=date_from.isoformat() if date_from else None,
                   date_to=date_to.isoformat() if date_to else None)


def filters_panel(docs: list[dict], counts, has_query: bool) -> None:
    """The filter and display widgets, with counts for the current query."""
    def count(mapping, value):
        return mapping.get(value, 0) if has_query else None

    titles = {d["path"]: f"{d['meeting_date'] or '—'} {d['title'] or d['path']}" for d in docs}
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    active = sum(bool(st.session_state.get(key)) for key in FILTER_KEYS)
    label = t("filters") + (f" ({active})" if active else "")
    with st.expander(label, expanded=bool(active), icon=":material/filter_list:"):
        left, right = st.columns(2)
        bodies = chart_facets.by_count([d["body"] for d in docs if d["body"]], counts.bodies)
        left.multiselect(t("body"), bodies, key="organ", placeholder=t("choose"), on_change=first_page,
                         format_func=lambda v: _label(v, count(counts.bodies, v)))
        types = chart_facets.by_count([d["doc_type"] for d in docs if d["doc_type"]], counts.doc_types)
        right.multiselect(t("doc_type"), types, key="type", placeholder=t("choose"), on_change=first_page,
                          format_func=lambda v: _label(v, count(counts.doc_types, v)))
        paths = chart_facets.by_count(titles, counts.documents)
        st.multiselect(t("documents"), paths, key="dok", placeholder=t("choose"), on_change=first_page,
                       format_func=lambda v: _label(titles[v], count(counts.documents, v)))
        first, last = (date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])) if dates else (None, None)
        left, right = st.columns(2)
        date_from = left.date_input(t("date_from"), value=None, min_value=first, max_value=last,
                                    key="fra", format="DD.MM.YYYY", on_change=first_page)
        date_to = right.date_input(t("date_to"), value=None, min_value=first, max_value=last,
                                   key="til", format="DD.MM.YYYY", on_change=first_page)
        if has_query and (date_from or date_to):
            low, high = sorted(d.isoformat() for d in (date_from or date.min, date_to or date.max))
            inside = sum(n for day, n in counts.dates.items() if low <= day <= high)
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


def describe_filters(filters: Filters) -> str:
    """The filters in words, for the header of an export."""
    parts = []
    for key, values in ((t("body"), filters.bodies), (t("doc_type"), filters.doc_types),
                        (t("documents"), filters.documents)):
        if values:
            parts.append(f"{key}: {', '.join(values)}")
    for key, value in ((t("date_from"), filters.date_from), (t("date_to"), filters.date_to)):
        if value:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


# -- timeline ---------------------------------------------------------------------------------------
def timeline(rows: list[dict], undated: int) -> None:
    """Results per meeting date and body; brushing a period sets the date filter."""
    if not rows:
        return
    st.markdown(f"**{t('timeline')}**", help=t("timeline_help"))
    brush = alt.selection_interval(name=TIMELINE_PARAM, encodings=["x"])
    chart = alt.Chart(pd.DataFrame(rows)).mark_circle(opacity=0.75).encode(
        x=alt.X("date:T", title=t("timeline_date"), axis=alt.Axis(format="%Y-%m", labelAngle=0, labelOverlap=True),
                scale=alt.Scale(padding=24)),
        y=alt.Y("body:N", title=None, axis=alt.Axis(labelLimit=140)),
        size=alt.Size("count:Q", legend=None, scale=alt.Scale(range=[40, 600])),
        color=alt.Color("body:N", legend=None),
        tooltip=[alt.Tooltip("date:T", title=t("timeline_date"), format="%Y-%m-%d"),
                 alt.Tooltip("body:N", title=t("body")),
                 alt.Tooltip("count:Q", title=t("timeline_count")),
                 alt.Tooltip("titles:N", title=t("timeline_titles"))],
    ).add_params(brush).properties(height=alt.Step(40))
    st.altair_chart(chart, key="timeline", on_select=on_timeline_select, selection_mode=TIMELINE_PARAM,
                    width="stretch")
    if undated:
        st.caption(t("timeline_undated", n=undated))


# -- result cards -------------------------------------------------------------------------------------
def original_file(hit) -> None:
    """The original: opened in the browser's own viewer at the paragraph's page, or downloaded."""
    path = original_path(hit.document)
    if path is None:
        st.caption(t("missing_file", name=hit.document))
        return
    if path.suffix.lower() == ".pdf":
        page = hit.page or 1
        st.link_button(t("open_pdf", page=page), served_url(path, page), key=f"pdf_{hit.id}",
                       help=t("open_pdf_help"), icon=":material/picture_as_pdf:")
    st.download_button(t("download", name=path.name), data=path.read_bytes, file_name=path.name,
                       key=f"download_{hit.id}", on_click="ignore", icon=":material/download:")


def result_card(hit, rank: int, *, weak: bool = False) -> None:
    words = hit.matched_terms
    title = present.markdown_escape(present.shorten(hit.title or hit.document, 50))
    with st.container(border=True, key=f"{'weak' if weak else 'hit'}_{rank}"):
        st.html(present.hit_html(hit, words, rank=rank, wording=wording()))
        context = st.expander(t("context_for", title=f"{rank}. {title}"), key=f"ctx_{hit.id}",
                              on_change="rerun", icon=":material/article:")
        if context.open:
            with context:
                st.html(present.context_html(archive().context(hit.id, before=3, after=3), hit.id, words))
                st.caption(t("citation"))
                st.code(present.citation(hit, wording()), language=None, wrap_lines=True)
                original_file(hit)
        related = st.expander(t("related_for", title=f"{rank}. {title}"), key=f"rel_{hit.id}",
                              on_change="rerun", icon=":material/hub:")
        if related.open:
            with related:
                order = st.radio(t("related_order"), ("similarity", "newest"), horizontal=True,
                                 key=f"relorder_{hit.id}", format_func=lambda o: t("order_" + o))
                others = archive().related(hit.id, k=5, order=order)
                if not others:
                    st.caption(t("related_none"))
                for other in others:
                    st.html(present.hit_html(other, words, wording=wording(), heading_level=4))


def meeting_of(hit) -> tuple[str, str]:
    return hit.date or "", hit.body or ""


def show_hits(hits: list, first_rank: int) -> None:
    """The page of results, each under its meeting when grouping is on."""
    if not st.session_state.get("group"):
        for rank, hit in enumerate(hits, first_rank):
            result_card(hit, rank)
        return
    numbered = list(enumerate(hits, first_rank))
    for (day, body), group in groupby(numbered, key=lambda pair: meeting_of(pair[1])):
        st.subheader(" · ".join(part for part in (body or None, day or t("undated_meeting")) if part), anchor=False)
        for rank, hit in group:
            result_card(hit, rank)


# -- the page ---------------------------------------------------------------------------------------------
def echo(query: str) -> str:
    """The query as shown back: shortened and escaped, so it is never read as Markdown."""
    return present.markdown_escape(present.shorten(query, ECHO_CHARS))


def exports(query: str, filters: Filters, mode: str, total: int) -> None:
    """Download buttons for every result of the search; the file is made when it is asked for."""
    searched_at = datetime.now().strftime("%Y-%m-%d %H:%M")
    header = present.ExportHeader(query=query, searched_at=searched_at, filters=describe_filters(filters),
                                  mode=t("mode_" + mode), total=total)
    words, order = wording(), st.session_state.get("sort", "relevance")
    stamp = index_stamp()

    def everything():
        results = search(str(settings().index_dir), stamp, query, max(total, 1), 0, mode, filters)
        return sort_hits(list(results.hits), order)

    slug = "-".join(query.split())[:40] or "search"
    left, right = st.columns(2)
    left.download_button(t("export_csv", n=total), lambda: present.to_csv(everything(), header, words),
                         file_name=f"soegning-{slug}.csv", mime="text/csv", key="export_csv", on_click="ignore",
                         icon=":material/table:")
    right.download_button(t("export_md", n=total), lambda: present.to_markdown(everything(), header, words),
                          file_name=f"soegning-{slug}.md", mime="text/markdown", key="export_md",
                          on_click="ignore", icon=":material/description:")


def sort_hits(hits: list, order: str) -> list:
    if order == "relevance":
        return hits
    dated = sorted((h for h in hits if h.date), key=lambda h: h.date, reverse=order == "newest")
    return dated + [h for h in hits if not h.date]


def welcome(docs: list[dict]) -> None:
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    period = f"{dates[0]} – {dates[-1]}" if dates else "—"
    paragraphs = sum(d.get("paragraphs") or 0 for d in docs)
    st.caption(t("overview", documents=len(docs), paragraphs=paragraphs,
                 bodies=len({d["body"] for d in docs if d["body"]}), period=period))
    st.write(t("welcome"))
    columns = st.columns(len(EXAMPLES))
    for number, (column, example) in enumerate(zip(columns, EXAMPLES)):
        column.button(example, key=f"example_{number}", on_click=use_example, args=(example,),
                      help=t("example", query=example))


def nothing_found(results, query: str, filters: Filters) -> None:
    """Say plainly that nothing passed, and offer the closest paragraphs as what they are."""
    if filters and results.facets.total:
        st.info(t("no_match_filtered", query=echo(query), n=results.facets.total), icon=":material/search_off:")
        st.button(t("reset"), key="reset_main", on_click=clear_filters)
    else:
        st.info(t("no_match", query=echo(query)), icon=":material/search_off:")
    if results.closest:
        st.markdown(t("closest"))
        for rank, hit in enumerate(results.closest, 1):
            result_card(hit, rank, weak=True)
    else:
        st.caption(t("no_closest"))


def page() -> None:
    url_to_state()
    docs = current_documents()
    sanitize_state(docs)
    query = st.text_input(t("search"), key="q", placeholder=t("placeholder"), help=t("search_help"),
                          icon=":material/search:", on_change=first_page, max_chars=2000)
    query = " ".join((query or "").split())
    mode = st.session_state.get("mode") or "hybrid"
    order = st.session_state.get("sort") or "relevance"
    size = st.session_state.get("n") or PAGE_SIZES[0]
    side = st.session_state.setdefault("side", 1)
    try:
        filters = filters_from_state()
    except InvalidInput as exc:
        st.error(t("error_filters", error=exc))
        return
    results, seconds = None, 0.0
    if query:
        started = time.perf_counter()
        # One search per page: relevance pages come from the library; date order sorts the best SORT_DEPTH.
        k, offset = (size, (side - 1) * size) if order == "relevance" else (SORT_DEPTH, 0)
        results = search(str(settings().index_dir), index_stamp(), query, k, offset, mode, filters)
        seconds = time.perf_counter() - started
    filters_panel(docs, results.facets if results else EMPTY_FACETS, bool(query))
    if not query:
        welcome(docs)
    elif not results.total:
        nothing_found(results, query, filters)
    else:
        found(results, query, filters, mode, order, size, side, seconds)
    state_to_url()


def found(results, query: str, filters: Filters, mode: str, order: str, size: int, side: int,
          seconds: float) -> None:
    rows = [row.to_dict() if hasattr(row, "to_dict") else row for row in results.timeline]
    timeline(rows, results.total - sum(row["count"] for row in rows))
    hits = list(results.hits)
    if order != "relevance":
        hits = sort_hits(hits, order)[(side - 1) * size: side * size]
    shown = results.total if order == "relevance" else min(results.total, SORT_DEPTH)
    pages = max(1, -(-shown // size))
    first = (side - 1) * size + 1
    if results.total == 1:
        st.markdown(t("results_one", query=echo(query), seconds=seconds))
    else:
        st.markdown(t("results", total=results.total, query=echo(query), first=first,
                      last=first + len(hits) - 1, seconds=seconds))
    exports(query, filters, mode, results.total)
    show_hits(hits, first)
    if pages > 1:
        left, middle, right = st.columns(3, vertical_alignment="center")
        left.button(t("previous"), key="previous", on_click=turn_page, args=(-1,), disabled=side <= 1,
                    icon=":material/chevron_left:")
        middle.caption(t("page_of", page=side, pages=pages))
        right.button(t("next"), key="next", on_click=turn_page, args=(1,), disabled=side >= pages,
                     icon=":material/chevron_right:")
