"""Above the results of a question about what was decided ("Hvad besluttede Byrådet om Lunas Ark?"):
the decisions it finds, best first, and a link to every one of them on the decisions page. A search's
results are mostly the case texts around a decision, which hold more of the matter's words than
"Byrådet godkendte Økonomiudvalgets indstilling." does.

In: the query and the search's filters (bodies, period). Out: the block on the page (nothing for a query that asks no such thing).
"""
from __future__ import annotations

import html

import streamlit as st

from indexer.records import Filters
from indexer.search.query import asks_about_votes, asks_for_decisions, bodies_named, decision_matter, question_language

from .common import current_documents, index_stamp, page_of, t, with_language
from .decisions import decision_card
from .minutes import Restriction, decisions

SHOWN = 3


@st.cache_data(max_entries=16, show_spinner=False)
def _asked(query: str, filters: Filters, stamp: int) -> tuple[str, tuple[str, ...], list]:
    """The question's matter, the bodies searched and the first decisions found: those of the body it
    names ("Hvad besluttede Byrådet om …") where it has any, else those of the chosen bodies (any body),
    as the decisions page orders them (those on an item whose title names the matter first: "Klub Havana"'s
    own items before a committee's round of news naming it). Kept per index version: a page turned or a
    filter opened asks again, and it takes a few searches."""
    matter, language = decision_matter(query), question_language(query)
    named = () if filters.bodies else bodies_named(query, sorted({d["body"] for d in current_documents() if d["body"]}))
    for bodies in ([named] if named else []) + [filters.bodies]:
        found = decisions(Restriction(bodies=bodies, date_from=filters.date_from, date_to=filters.date_to,
                                      query=matter, language=language))
        if found:
            return matter, bodies, _latest_of_first_case(found, votes=asks_about_votes(query))
    return matter, (), []


def _latest_of_first_case(found: list, votes: bool = False) -> list:
    """The first SHOWN of `found` (a case's decisions stand together, as it went); of a first case with more, its
    last SHOWN: the decision a question about what was decided asks for is the latest, the Byråd's after the
    committee's. A question about votes ("Hvem stemte imod budget 2024?") is answered by the decisions that record
    them, where there are: of the first case, its latest such (its second reading, not its budget seminar)."""
    case = found[0].case_number
    first = [d for d in found if case and d.case_number == case]
    if votes and (voted := [d for d in (first or found) if d.votes]):
        return voted[-SHOWN:] if first else voted[:SHOWN]
    return first[-SHOWN:] if len(first) > SHOWN else found[:SHOWN]


def decided(query: str, filters: Filters) -> None:
    if not asks_for_decisions(query):
        return
    matter, bodies, found = _asked(query, filters, index_stamp())
    if not found:
        return
    with st.container(border=True, key="decided"):
        st.html(f'<h2 class="body-heading">{html.escape(t("decided_heading"))}</h2>')
        for number, decision in enumerate(found, 1):
            decision_card(decision, f"decided_{number}", level=3)
        st.page_link(page_of("decisions"), label=t("decided_all"), icon=":material/task_alt:",
                     query_params=with_language({"visning": "decisions", "q": matter, "qlang": question_language(query),
                                                  **({"organ": list(bodies)} if bodies else {})}))
