"""The case page: a case number in (`?sag=<number>`, linked from every card, decision and agenda item
that has one); every meeting that treated the case, in date order, with each body's decision out.
"""
from __future__ import annotations

import html
import re

import streamlit as st

from indexer import present
from indexer.errors import InvalidInput
from indexer.present.addresses import CASE_PARAM
from indexer.search.cases import came_back as came_back_at, case_number_of

from . import follow
from .common import (archive, danish_text, document_info, index_stamp, item_heading_html, keep_in_url, language,
                     meeting_params, page_of, shown_title, t, tab_title, wanted_in_url, with_language, wording)
from .state import clear_filters

PARAM = CASE_PARAM  # the address feeds and digests link to (indexer.present.addresses)


@st.cache_data(max_entries=32, show_spinner=False)
def _trail(index_stamp: int, case_number: str) -> list:
    return archive().case_trail(case_number)


def case_link(case_number: str | None, label: str = "case_link", **words: str) -> None:
    """A link to the case's page, where a card or an item has a case number (`label`: its wording, with `words`)."""
    if case_number:  # a link's label is Markdown: the case number is data, escaped
        st.page_link(page_of("case"), label=t(label, case=present.markdown_escape(case_number), **words),
                     query_params=with_language({PARAM: case_number}),
                     icon=":material/timeline:")


def taken_up_link(link, another: bool = False) -> None:
    """A link to the meeting and agenda item where a follow-up was taken up again (its first `FollowUpLink`);
    `another`: one of the other places it may have been (a link after the first), by when and where."""
    if another:  # a link's label is Markdown: the place and the title are data, escaped
        label = t("fu_other_link", place=present.markdown_escape(present.link_place(link, None, wording())),
                  title=present.markdown_escape(present.shorten(link.item_title or link.title or link.document, 60)))
    else:
        title = shown_title(link.document, link.title or (document_info(link.document) or {}).get("title"))
        item = present.item_words(link.item_number, None, wording()) if link.item_number else None
        if item:
            title = f"{title}, {item}"
        label = t("fu_taken_up_link", document=present.markdown_escape(present.shorten(title, 70)))
    st.page_link(page_of("meeting"), label=label,
                 query_params=with_language(meeting_params(link.document, link.item_number)),
                 icon=":material/help:" if another else ":material/redo:")


def next_treatment(follow_up):
    """The first treatment of a follow-up's case at a later meeting (`cases.came_back`), or None."""
    return came_back_at(follow_up, _trail(index_stamp(), follow_up.case_number)) if follow_up.case_number else None


def came_back(step, words) -> dict[str, str]:
    """When and where a case came back (a `CaseStep`), as its words say it: {"date": "23. maj 2022",
    "where": "Økonomiudvalget, punkt 2"}."""
    item = present.item_words(step.item_number, None, words) if step.item_number else None
    return {"date": present.long_date(step.meeting_date, words), "where": ", ".join(filter(None, (step.body, item)))}


def searched_case(query: str) -> str | None:
    """Above a search's results, when the query names a case number the archive holds: a link to the
    case's page (a search reads the text, and case numbers are rarely in it). The number, or None."""
    number = archive().known_case(query)
    case_link(number, "search_case")
    return number


EXAMPLES = 8  # cases offered on the empty page


@st.cache_data(max_entries=4, show_spinner=False)
def _busiest(index_stamp: int) -> list[tuple[str, str | None, int]]:
    return archive().busiest_cases(EXAMPLES)


def choose(case_number: str) -> None:
    """A callback: open the trail of one of the cases offered."""
    st.session_state.case_number = case_number


def where_to_start(offered: list, explain: bool = True) -> None:
    """The page without a case (or with one the archive lacks): how one gets here, and the cases that
    went furthest to start from."""
    if explain:
        st.info(t("case_help"), icon=":material/timeline:")
    if not offered:
        st.caption(t("case_no_cases"))
        return
    st.markdown(t("case_examples"))
    for number, (case_number, title, meetings) in enumerate(offered):
        # a button's label is Markdown: the case number and title are data, escaped
        case = present.markdown_escape(case_number)
        label = t("case_example", case=case, title=present.markdown_escape(present.shorten(title, 70)), n=meetings) \
            if title else t("case_example_untitled", case=case, n=meetings)
        st.button(label, key=f"case_example_{number}", on_click=choose, args=(case_number,), type="tertiary",
                  icon=":material/timeline:")


# A case number as the Danish meeting systems write it: the year's two digits, a dash, six digits.
WRITTEN = re.compile(r"\d\d-\d{6}")
EXAMPLE = "23-009035"  # how a case number is written, where the archive holds none to show


def written_as(text: str) -> str | None:
    """Eight digits typed without the dash ("23009035") as the case number they spell ("23-009035")."""
    digits = re.sub(r"\s", "", text)
    return f"{digits[:2]}-{digits[2:]}" if re.fullmatch(r"\d{8}", digits) else None


def how_written(example: str | None, key: str = "case_how_written", **values: str) -> str:
    """How case numbers are written, shown by a case the archive holds; "ÅÅ-NNNNNN" only where the
    archive's case numbers have that shape (other municipalities' systems number otherwise)."""
    example = example or EXAMPLE
    return t(key if WRITTEN.fullmatch(example) else f"{key}_like", case=example, **values)


def search_instead(text: str) -> None:
    """Words typed as a case number (a case's name, "fælles hjælpemiddeldepot"): a search for them,
    on the search page, without the filters a former search left behind."""
    if st.button(t("case_search_instead", text=present.markdown_escape(present.shorten(text, 60))),
                 key="case_search", icon=":material/search:"):
        clear_filters()
        st.session_state["q"] = text
        st.switch_page(page_of("search"))


def not_found(case_number: str, example: str | None) -> None:
    """A case number the archive lacks: how they are written, the number meant where the reader left
    out the dash or its leading zeros, and where the entry is no case number at all, a search for it."""
    meant = written_as(case_number)
    if not (meant and archive().known_case(meant)):  # written without its leading zeros: "23-5195"
        meant = next(iter(archive().similar_cases(case_number)), None)
    if meant:
        st.info(t("case_none"))
        st.button(t("case_did_you_mean", case=present.markdown_escape(meant)), key="case_meant", on_click=choose,
                  args=(meant,), icon=":material/timeline:")
    elif case_number_of(case_number) is None:  # words, not a number
        # an info is Markdown: the words typed are data, escaped
        words = present.markdown_escape(present.shorten(case_number, 60))
        st.info(how_written(example, "case_not_a_number", text=words))
        search_instead(case_number)
    else:
        st.info(t("case_none"))
        if not WRITTEN.fullmatch(case_number):
            st.caption(how_written(example))


@st.cache_data(max_entries=4, show_spinner=False)
def _promises(index_stamp: int) -> dict[str, list]:
    """Every follow-up of the archive (any status; one entry per promise as its case goes on), by case number."""
    by_case: dict[str, list] = {}
    for tracked in archive().follow_ups(status=None, fold=True, search_overdue=False):  # (each one's links below)
        if tracked.case_number:
            by_case.setdefault(tracked.case_number, []).append(tracked)
    return by_case


def promises_of(case_number: str) -> None:
    """What was promised or asked for under the case, oldest first, each with who and when, where it was taken up
    again (or nothing since), its status and when it falls due, as the follow-up list says them."""
    found = _promises(index_stamp()).get(case_number, [])
    if not found:
        return
    words = wording()
    statuses = dict(words.statuses)
    st.html(f'<h3 class="body-heading">{html.escape(t("case_promises", n=len(found)))}</h3>')
    found = sorted(found, key=lambda x: (x.follow_up.meeting_date or "9999", x.follow_up.document))
    lines = []
    # where each was taken up again, as its card on the follow-up list says it (overdue only where nothing was)
    for tracked, links in zip(found, archive().follow_ups_links(found)):
        fu = tracked.follow_up
        status = present.follow_up_status(fu, links, words)
        again = None if links else next_treatment(fu)  # as the card's link says it: the reader judges
        if again is not None:
            status += "; " + t("case_back", **came_back(again, words))
        said = " · ".join(filter(None, (fu.body, statuses.get(tracked.status, tracked.status),
                                        t("fu_due", date=present.long_date(tracked.due, words)) if tracked.due else None,
                                        present.overdue_label(links, present.FOLLOW_UP_WORDS[language()], tracked.due)
                                        if tracked.overdue_with(links) else None)))
        lines.append(f"- {present.markdown_escape(present.checklist_text(fu))}: "
                     f"{present.markdown_escape(status)} ({present.markdown_escape(said)})")
    st.markdown("\n".join(lines))


def closed_item(document: str, item_number: str | None) -> bool:
    """Whether the meeting system marks this agenda item of `document` closed, as the meeting page
    reads it (`Record.meeting`: only its title is public)."""
    items = ((document_info(document) or {}).get("meeting") or {}).get("items") or ()
    return item_number is not None and any(item.get("closed") and str(item.get("number")) == str(item_number)
                                           for item in items)


def page() -> None:
    wanted = wanted_in_url(PARAM, "case_url", "case_number") or ""
    if wanted != st.session_state.get("case_url"):  # a link (or the browser's back button) names a case
        st.session_state.case_url = wanted
        st.session_state.case_number = wanted
    offered = _busiest(index_stamp())
    example = offered[0][0] if offered else None  # a case this archive holds, not a made-up number
    case_number = st.text_input(t("case_input"), key="case_number", max_chars=60,
                                placeholder=t("case_placeholder_for", case=example) if example
                                else t("case_placeholder")).strip()
    if case_number != wanted:
        keep_in_url(PARAM, case_number, "case_url")
    if not case_number:
        where_to_start(offered)
        return
    try:
        steps = _trail(index_stamp(), case_number)
    except InvalidInput:
        st.warning(t("case_invalid"))
        return
    title = f'<h2 class="meeting-title">{html.escape(t("case_title", case=case_number))}</h2>'
    if not steps:
        if case_number_of(case_number):  # "Sag fælles hjælpemiddeldepot" would name no case
            st.html(title)
        not_found(case_number, example)
        where_to_start(offered, explain=False)
        return
    words = wording()
    tab_title(t("case_title", case=case_number))  # "Sag 23-007223 – Mødearkiv"
    st.html(title)
    st.caption(t("case_count", n=len(steps)))
    closed = {n for n, step in enumerate(steps) if closed_item(step.document, step.item_number)}
    if len(steps) > 1:  # the committee → Økonomiudvalg → Byråd path at a glance, the cards below
        st.html(present.case_overview_html(steps, [t("case_col_date"), t("case_col_body"), t("case_col_item"),
                                                   t("case_col_outcome")], words, closed))
    follow.follow_form("case", t("follow_case"), t("follow_case_help", case=present.markdown_escape(case_number)),
                       target=case_number)  # the help is a caption, Markdown: the number (from the URL) escaped
    for number, step in enumerate(steps):
        when = present.long_date(step.meeting_date, words) if step.meeting_date else words.undated
        item = item_heading_html(step.item_number, step.item_title, step.title or step.document)
        with st.container(border=True, key=f"step_{number}"):
            st.html(f'<div class="hit-where">{html.escape(step.body or words.unknown_body)} · {html.escape(when)}'
                    f'</div><h3 class="hit-title">{item}</h3>')
            if number in closed:
                st.caption(t("item_closed"))  # its text is never read: no decision could be found in it
            elif step.decision:
                st.html(danish_text(present.decision_html(step.decision, words, heading=t("meeting_decision"),
                                                          heading_level=4)))
            else:
                st.caption(t("meeting_no_decision"))
            # one link per step: each names its meeting ("Hele mødet, Byråd 2022-2025 4. september 2023")
            st.page_link(page_of("meeting"), label=t("case_meeting_of", meeting=present.markdown_escape(
                             f"{step.body or words.unknown_body} {when}")),
                         query_params=with_language(meeting_params(step.document, step.item_number)),
                         icon=":material/event_note:")
    promises_of(case_number)  # what was promised under it, as a secretary preparing the next meeting asks
