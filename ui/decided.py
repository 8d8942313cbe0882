"""Above the results of a question about what was decided ("Hvad besluttede Byrådet om Lunas Ark?"):
the decisions it finds, best first, and a link to every one of them on the decisions page. A search's
results are mostly the case texts around a decision, which hold more of the matter's words than
"Byrådet godkendte Økonomiudvalgets indstilling." does.

In: the query and the search's filters (bodies, period). Out: the block on the page (nothing for a query that asks no such thing).
"""
from __future__ import annotations

import html

import streamlit as st

from indexer import present
from indexer.records import Filters
from indexer.search.query import asks_for_decisions, decision_matter

from .case import case_link
from .common import document_info, item_heading, page_of, t, with_language, wording
from .decisions import sources, where
from .minutes import Restriction, decisions

SHOWN = 3


def decided(query: str, filters: Filters) -> None:
    if not asks_for_decisions(query):
        return
    found = decisions(Restriction(bodies=filters.bodies, date_from=filters.date_from, date_to=filters.date_to,
                                  query=decision_matter(query)))
    if not found:
        return
    with st.container(border=True, key="decided"):
        st.html(f'<h2 class="body-heading">{html.escape(t("decided_heading"))}</h2>')
        for number, decision in enumerate(found[:SHOWN], 1):
            heading = item_heading(decision.item_number, decision.item_title,
                                   (document_info(decision.document) or {}).get("title"))
            st.html(present.decision_html(
                decision, wording(), heading=heading or decision.document,
                where=where(decision.body, decision.meeting_date, decision.document, None, None, decision.page,
                            decision.case_number)))
            sources(decision.document, decision.page, f"decided_{number}", decision.item_number)
            case_link(decision.case_number)
        st.page_link(page_of("decisions"), label=t("decided_all"), icon=":material/task_alt:",
                     query_params=with_language({"visning": "decisions", "q": decision_matter(query)}))
