"""The case page: a case number in (`?sag=<number>`, linked from every card, decision and agenda item
that has one); every meeting that treated the case, in date order, with each body's decision out.
"""
from __future__ import annotations

import html

import streamlit as st

from indexer import present
from indexer.errors import InvalidInput

from . import follow
from .common import archive, page_of, t, wording

PARAM = "sag"


@st.cache_data(max_entries=32, show_spinner=False)
def _trail(index_stamp: int, case_number: str) -> list:
    return archive().case_trail(case_number)


def case_link(case_number: str | None) -> None:
    """A link to the case's page, where a card or an item has a case number."""
    if case_number:
        st.page_link(page_of("case"), label=t("case_link", case=case_number), query_params={PARAM: case_number},
                     icon=":material/timeline:")


def page() -> None:
    from .common import index_stamp

    wanted = st.query_params.get(PARAM) or ""
    case_number = st.text_input(t("case_input"), value=wanted, key="case_number", max_chars=60,
                                placeholder=t("case_placeholder")).strip()
    if case_number != wanted:
        st.query_params[PARAM] = case_number
    if not case_number:
        st.caption(t("case_help"))
        return
    try:
        steps = _trail(index_stamp(), case_number)
    except InvalidInput:
        st.warning(t("case_invalid"))
        return
    words = wording()
    st.html(f'<h2 class="meeting-title">{html.escape(t("case_title", case=case_number))}</h2>')
    if not steps:
        st.info(t("case_none"))
        return
    st.caption(t("case_count", n=len(steps)))
    follow.follow_form("case", t("follow_case"), t("follow_case_help", case=case_number), target=case_number)
    for number, step in enumerate(steps):
        when = present.long_date(step.meeting_date, words) if step.meeting_date else words.undated
        item = t("meeting_item", number=step.item_number, title=step.item_title or "") if step.item_number else \
            (step.item_title or step.title or step.document)
        with st.container(border=True, key=f"step_{number}"):
            st.html(f'<div class="hit-where">{html.escape(step.body or words.unknown_body)} · {html.escape(when)}'
                    f'</div><h3 class="hit-title">{html.escape(item)}</h3>')
            if step.decision:
                st.html(present.decision_html(step.decision, words, heading=t("meeting_decision"), heading_level=4))
            else:
                st.caption(t("meeting_no_decision"))
            st.page_link(page_of("meeting"), label=t("case_meeting"), query_params={"moede": step.document},
                         icon=":material/event_note:")
