"""What a reader met walking through the app on a real archive, pinned: the display's choices and the
export's order kept across a switch to English, and export buttons that name no count they do not know.

Streamlit AppTest on the small index of `test_app` (hashed vectors).
"""
from __future__ import annotations

import csv
import io
import re

from streamlit.testing.v1 import AppTest

from .test_app import app, no_errors, search, summary
from .test_app import app_setup, built, dirs  # noqa: F401 (fixtures)
from .test_app_meeting_pages import deferred_files


def card_ids(at: AppTest) -> list[str]:
    """The page's results by paragraph id, in the page's order (each card's context expander is keyed by it)."""
    keys = [e.proto.id.split("-", 2)[-1] for e in at.expander]
    return [key.removeprefix("ctx_") for key in keys if key.startswith("ctx_")]


def exported_ids(made: dict, name: str) -> list[str]:
    """The paragraph ids in the CSV export `name`, in its order."""
    data = made[name]()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    rows = rows[rows.index([]) + 1:]
    return [row[rows[0].index("id")] for row in rows[1:]]


# -- 1. the display's choices across a switch of language ------------------------------------------------
def test_switching_to_english_keeps_the_search_mode_and_order_and_the_export_keeps_the_pages_order(
        dirs, monkeypatch):
    made = deferred_files(monkeypatch)
    at = search(app(mode="lexical"), "Folketinget")
    # The browser holds a segmented control's choice by its label; after the switch those labels are
    # gone from the options, and a choice it lost comes back as none.
    states = at._tree.get_widget_states()
    lost = {at.segmented_control(key="mode").id, at.segmented_control(key="sort").id}
    for state in states.widgets:
        if state.id == at.toggle(key="en").id:
            state.bool_value = True
        elif state.id in lost:
            state.string_array_value.data[:] = []
    at = no_errors(at._run(states))
    assert re.match(r"\d+ good results? for", summary(at))
    assert at.segmented_control(key="mode").value == "lexical"
    assert at.segmented_control(key="sort").value == "relevance"
    assert at.query_params["mode"] == "lexical" and "sort" not in at.query_params
    shown = card_ids(at)
    assert len(shown) == 10
    assert exported_ids(made, "search-Folketinget.csv")[:len(shown)] == shown


# -- 6. export buttons that name no count they do not know -------------------------------------------------
def test_the_export_buttons_name_the_count_only_where_it_is_exact(dirs, monkeypatch):
    from indexer.search import rank

    exact = search(app(mode="lexical"), "Folketinget")
    total = summary(exact).split(" ")[0]
    assert total.isdigit() and f"Eksportér alle {total} (CSV)" in {b.label for b in exact.download_button}
    monkeypatch.setattr(rank, "CANDIDATES", 12)  # a pool cut short: "20+ gode resultater"
    for params, said in (({}, {"Eksportér alle (CSV)", "Eksportér alle (Markdown)"}),
                         ({"lang": "en"}, {"Export all (CSV)", "Export all (Markdown)"})):
        at = no_errors(app(q="kommune", mode="lexical", **params))
        assert re.match(r"\d+\+ (gode resultater|good results)", summary(at)), summary(at)
        assert {b.label for b in at.download_button} == said
