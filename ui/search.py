"""The search page: a query and filters in (kept in the URL, so a search can be sent as a link);
one `Archive.search` per page out: result cards, facet counts, timeline, pages, exports.
"""
from __future__ import annotations

import time
from dataclasses import replace

import streamlit as st

from indexer import present
from indexer.errors import InvalidInput
from indexer.search.query import MAX_QUERY_CHARS, clean_query
from indexer.records import Filters

from . import case, follow
from .cards import copies_labelled, result_card, show_hits
from .common import (archive, current_documents, index_stamp, language, live_region, number, quoted, readers_stamp,
                     settings, t, wording)
from .filters import describe_filters, filters_panel, timeline
from .minutes import meetings
from .results import EMPTY_FACETS, search
from .state import swapped_dates as dates_typed_swapped
from .state import (PAGE_SIZES, clear_filters, dropped_from_link, filters_from_state, first_page, sanitize_state,
                    state_to_url, turn_page, url_to_state, use_example)

SORT_DEPTH = 500  # results sorted by date: the best this many, in date order
# Examples that find their theme in the sample archive (an English one among them).
EXAMPLES = ("huslejestigninger", "personalegennemstrømning", "housing for people with mental illness")
ECHO_CHARS = 80  # a query is echoed back at most this long


def holding(with_words: int, total: int, complete: bool) -> str:
    """Which count of results holding the search words to say: "without" (none), "all_with", "so_far_with"
    (every one counted, more to come: not "71+ of the 71+ …, the others are close in meaning") or "with"."""
    if not with_words:
        return "without"
    if with_words == total:
        return "all_with" if complete else "so_far_with"
    return "with"


def echo(query: str, limit: int = ECHO_CHARS) -> str:
    """The query (or a link's value) as shown back: shortened and escaped, so it is never read as Markdown."""
    return present.markdown_escape(present.shorten(query, limit))


def count_text(results) -> str:
    """The number of results as shown: "200+" when the candidate pool was cut off while still passing
    (the total is then a lower bound), else the exact count."""
    return f"{number(results.total)}+" if not getattr(results, "complete", True) else number(results.total)


def exports(query: str, filters: Filters, mode: str, order: str, count: int | None) -> None:
    """Download buttons for every result of the search, in the page's mode and order; the file is
    made when it is asked for.

    `k=None` asks for every passing result from the deeper pool, so an export of a search shown
    as "200+" holds all of them, and its header says how many it holds. The buttons name the
    `count` only where it is exact (None: a count cut short, which the export exceeds).
    """
    searched_at = readers_stamp()
    words = wording()
    # Worded and looked up now: the file is made later on a thread of its own, outside any script
    # run, where the chosen language is not known and no Streamlit call belongs (session state read
    # there logs "missing ScriptRunContext"; a cached function there runs Streamlit's code off its
    # run too): the archive itself is asked.
    described, mode_name = describe_filters(filters), t("mode_" + mode)
    searcher, refs = archive(), meetings()

    def everything() -> tuple[list, present.ExportHeader]:
        results = searcher.search(query, k=None, offset=0, mode=mode, filters=filters)
        # the other documents holding a result's text named as its card names them, not by file
        hits = copies_labelled(sort_hits(list(results.hits), order), searcher, refs, words)
        header = present.ExportHeader(query=query, searched_at=searched_at, filters=described,
                                      mode=mode_name, total=len(hits), complete=results.complete)
        return hits, header

    name = t("export_file", slug="-".join(query.split())[:40] or "search")
    left, right = st.columns(2)
    def spreadsheet() -> bytes:
        # The document type in the reader's words, as the cards say it ("minutes", not "referat").
        hits, header = everything()
        return present.to_csv([replace(hit, doc_type=present.doc_type_label(hit.doc_type, words)) for hit in hits],
                              header, words)

    def label(kind: str) -> str:
        if count is None:
            return t(f"export_{kind}_uncounted")
        return t(f"export_{kind}_one") if count == 1 else t(f"export_{kind}", n=count)

    left.download_button(label("csv"), spreadsheet,
                         file_name=f"{name}.csv", mime="text/csv", key="export_csv", on_click="ignore",
                         icon=":material/table:")
    right.download_button(label("md"), lambda: present.to_markdown(*everything(), words),
                          file_name=f"{name}.md", mime="text/markdown", key="export_md",
                          on_click="ignore", icon=":material/description:")


def sort_hits(hits: list, order: str) -> list:
    if order == "relevance":
        return hits
    dated = sorted((h for h in hits if h.date), key=lambda h: h.date, reverse=order == "newest")
    return dated + [h for h in hits if not h.date]


def welcome(docs: list[dict]) -> None:
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    words = wording()
    period = f"{present.long_date(dates[0], words)} – {present.long_date(dates[-1], words)}" if dates else "—"
    paragraphs = sum(d.get("paragraphs") or 0 for d in docs)
    st.caption(t("overview", documents=number(len(docs)), paragraphs=number(paragraphs),
                 bodies=len({d["body"] for d in docs if d["body"]}), period=period))
    st.write(t("welcome"))
    examples = archive_examples(docs)
    columns = st.columns(len(examples))
    for place, (column, example) in enumerate(zip(columns, examples)):
        column.button(example, key=f"example_{place}", on_click=use_example, args=(example,),
                      help=t("example", query=example))


def archive_examples(docs: list[dict]) -> tuple[str, ...]:
    """The built-in examples that find something in this archive, the rest made up by the words
    the archive's own document titles share most (an archive of another municipality or theme)."""
    kept = [example for example in EXAMPLES
            if search(str(settings().index_dir), index_stamp(), example, 1, 0, "hybrid", Filters()).total]
    fill = [word for word in title_words(docs, len(EXAMPLES)) if word not in kept]
    return tuple(kept + fill)[:len(EXAMPLES)] or EXAMPLES


def title_words(docs: list[dict], count: int = 3) -> tuple[str, ...]:
    """The `count` words of seven or more letters that most document titles hold (ties: the
    longer word first), as written in the first title holding each."""
    import re
    from collections import Counter

    seen: Counter = Counter()
    shown: dict[str, str] = {}
    for title in {d.get("title") or "" for d in docs}:
        for word in set(re.findall(r"[^\W\d_]{7,}", title)):
            key = word.lower()
            seen[key] += 1
            shown.setdefault(key, word.lower() if not word.isupper() else word)
    ranked = sorted(seen, key=lambda w: (-seen[w], -len(w), w))
    return tuple(shown[w] for w in ranked[:count])


def nothing_found(results, query: str, filters: Filters, case_number: str | None = None, status=st) -> None:
    """Say plainly that nothing passed (in `status`, the page's live region), and offer the closest
    paragraphs as what they are (not for a case number the query names, whose page is linked on the
    page: paragraphs holding "22" are no nearer to it)."""
    if case_number:  # not a search that failed, the case's page is the answer
        status.info(t("no_match_case", query=echo(case_number)), icon=":material/timeline:")
        return
    if filters and results.facets.total:
        # "186+" where the search without filters was cut short: its total is then a lower bound
        total = f"{number(results.facets.total)}{'' if results.facets.complete else '+'}"
        status.info(t("no_match_filtered", query=echo(query), n=total), icon=":material/search_off:")
        st.button(t("reset"), key="reset_main", on_click=clear_filters)
    else:
        status.info(t("no_match", query=echo(query)), icon=":material/search_off:")
    if results.unused_words:  # nothing in the records is about it
        st.caption(t("unused_words", words=", ".join(quoted(echo(w, 40)) for w in results.unused_words[:5])))
    if results.closest:
        st.markdown(t("closest"))
        shortfalls = results.shortfalls or [None] * len(results.closest)
        common = "no_words" in results.suggestions  # only function words ("og"): none of them counts
        for rank, (hit, shortfall) in enumerate(zip(results.closest, shortfalls), 1):
            result_card(hit, rank, weak=True)
            if shortfall is not None:
                st.caption(why_closest(shortfall, common))
    else:
        st.caption(t("no_closest"))
    tips = [t(f"try_{code}") for code in results.suggestions]
    if tips:
        st.markdown(t("try") + "\n" + "\n".join(f"- {tip}" for tip in tips))


def why_closest(shortfall, common: bool = False) -> str:
    """Why a closest match is not a result: below the floor by how much, which words it holds
    (`common`: the query has only words too common to count, which it may well hold)."""
    words = (t("why_words", words=", ".join(quoted(present.markdown_escape(w)) for w in shortfall.words))
             if shortfall.words  # a caption is Markdown: the query's words (from the URL too) escaped
             else t("why_common_words") if common else t("why_no_words"))
    if shortfall.below is None:
        return t("why_few_words") + " · " + words
    by = f"{shortfall.below:.3f}"
    return t("why_below", by=by.replace(".", ",") if language() == "da" else by) + " · " + words


def cut_query() -> int | None:
    """A query longer than the search takes (pasted, or given as ?q=), kept in the field cut at
    `MAX_QUERY_CHARS`; its length before the cut, for the notice, while the field holds the cut text
    (None otherwise). Runs before the field is drawn, the only time its value may be set."""
    state = st.session_state
    typed = state.get("q") or ""
    if len(typed) > MAX_QUERY_CHARS:
        state["q"] = typed[:MAX_QUERY_CHARS]
        state["q_cut"] = (len(typed), state["q"])
    length, cut = state.get("q_cut") or (None, None)
    if length and cut == state.get("q"):
        return length
    state.pop("q_cut", None)
    return None


def swapped_dates() -> tuple[str, str] | None:
    """The search page's date fields as searched, earliest first, where typed the other way round."""
    return dates_typed_swapped("fra", "til")


def warn_dropped_from_link() -> None:
    """A shared link naming what this archive does not hold, or a date that is none: said once, never a
    page of everything shown silently."""
    for why, values in dropped_from_link().items():
        st.warning(t(why, values=", ".join(quoted(echo(v, 80)) for v in values[:5])), icon=":material/link_off:")


def page() -> None:
    url_to_state()
    docs = current_documents()
    sanitize_state(docs)
    warn_dropped_from_link()
    cut_from = cut_query()
    # No `max_chars`: the browser would refuse a longer paste whole, leaving the field empty unsaid.
    # the examples this archive answers (another municipality's archive has no "rygestopkurser")
    query = st.text_input(t("search"), key="q", placeholder=t("placeholder", examples=", ".join(archive_examples(docs))),
                          help=t("search_help"),
                          icon=":material/search:", on_change=first_page)
    # The search's outcome ("41 gode resultater …", "Ingen gode match …") is said where it is written.
    status = live_region("search_status")
    if cut_from:
        st.info(t("query_cut", length=cut_from, limit=MAX_QUERY_CHARS), icon=":material/content_cut:")
    # As searched: control and bidi characters out (a right-to-left override would echo the query
    # reversed), at most MAX_QUERY_CHARS, whether typed or given as ?q= in the URL.
    query = clean_query(query or "")
    mode, order = st.session_state["mode"], st.session_state["sort"]  # valid: `url_to_state`
    size = st.session_state.get("n") or PAGE_SIZES[0]
    side = st.session_state.setdefault("side", 1)
    try:
        filters = filters_from_state()
    except InvalidInput as exc:
        st.error(t("error_filters", error=present.markdown_escape(str(exc))))  # it may repeat the URL's values
        return
    results, seconds = None, 0.0
    if query:
        started = time.perf_counter()
        # One search per page: relevance pages come from the library; date order sorts the best SORT_DEPTH.
        k, offset = (size, (side - 1) * size) if order == "relevance" else (SORT_DEPTH, 0)
        results = search(str(settings().index_dir), index_stamp(), query, k, offset, mode, filters)
        pages = max(1, -(-(results.total if order == "relevance" else min(results.total, SORT_DEPTH)) // size))
        if side > pages:  # ?side=20 of 3 pages: the last page
            side = st.session_state["side"] = pages
            if order == "relevance":
                results = search(str(settings().index_dir), index_stamp(), query, k, (side - 1) * size, mode, filters)
        seconds = time.perf_counter() - started
    filters_panel(docs, results.facets if results else EMPTY_FACETS, bool(query))
    if query:  # what is not in the archive yet is the point: a search that finds nothing may be followed too
        follow.follow_form("search", t("follow_search"), t("follow_search_help"), query=query,
                           filters=follow.search_filters(filters), mode=mode)
    swapped = swapped_dates()
    if query and swapped:  # searched from the earlier date; the fields still show them as typed
        st.caption(t("dates_swapped", low=swapped[0], high=swapped[1]))
    if results is not None and results.query.operators:
        st.caption(t("no_operators"))  # quotes and AND/OR/NOT are searched as words, not as operators
    if results is not None and results.query.excluded and not results.query.only_excluded:
        st.caption(t("excluded", words=", ".join(quoted(present.markdown_escape(w)) for w in results.query.excluded)))
    case_number = case.searched_case(query) if query else None
    if not query:
        welcome(docs)
    elif results.query.only_excluded:  # "-husleje": nothing to search for, said as such, not as "no good match"
        status.info(t("only_excluded", query=echo(query)), icon=":material/search_off:")
    elif not results.total:
        nothing_found(results, query, filters, case_number, status=status)
    else:
        found(results, query, filters, mode, order, size, side, seconds, status)
    state_to_url()


def found(results, query: str, filters: Filters, mode: str, order: str, size: int, side: int,
          seconds: float, status=st) -> None:
    """The results; their count in `status`, the page's live region."""
    hits = list(results.hits)
    if order != "relevance":
        hits = sort_hits(hits, order)[(side - 1) * size: side * size]
    shown = results.total if order == "relevance" else min(results.total, SORT_DEPTH)
    pages = max(1, -(-shown // size))
    first = (side - 1) * size + 1
    total = count_text(results)
    if results.total == 1 and results.complete:
        status.markdown(t("results_one", query=echo(query), seconds=seconds))
    else:
        status.markdown(t("results", total=total, query=echo(query), first=first,
                      last=first + len(hits) - 1, seconds=seconds))
    if results.with_words is not None and results.total > 1:
        # what a reader may cite as "mentioned N times": the rest are close in meaning only
        worded = f"{number(results.with_words)}{'' if results.complete else '+'}"
        words = "glossed" if results.query.language == "en" else "words"  # an English query: its Danish words
        which = t("which_word" if results.query.content_words <= 1 else "which_words")
        st.caption(t(f"results_{holding(results.with_words, results.total, results.complete)}_{words}",
                     n=worded, total=total, which=which))
    exports(query, filters, mode, order, results.total if results.complete else None)
    if order != "relevance" and shown < results.total:  # "880+ results", yet 50 pages of 10: say why
        st.caption(t("sorted_best", n=SORT_DEPTH, total=total))
    if side == 1:
        from .decided import decided  # imported here: the decisions page imports this one

        decided(query, filters)
    show_hits(hits, first)
    if pages > 1:
        left, middle, right = st.columns(3, vertical_alignment="center")
        left.button(t("previous"), key="previous", on_click=turn_page, args=(-1,), disabled=side <= 1,
                    icon=":material/chevron_left:")
        more = order == "relevance" and not results.complete  # a deeper page finds more, as the count says
        middle.caption(t("page_of", page=side, pages=f"{pages}{'+' if more else ''}"))
        right.button(t("next"), key="next", on_click=turn_page, args=(1,), disabled=side >= pages,
                     icon=":material/chevron_right:")
    # the timeline after the page's results: the answer comes first on the screen (a laptop's first screen held
    # the count and the chart alone); brushing a period there still narrows the results above
    unknown = wording().unknown_body  # a meeting's body the records do not name
    rows = [{**row, "body": row["body"] or unknown}
            for row in (r.to_dict() if hasattr(r, "to_dict") else r for r in results.timeline)]
    timeline(rows, results.undated, results.complete, results.total)
