"""What a reader met walking through the app on a real archive, pinned: the display's choices and the
export's order kept across a switch to English, a closed item on a case's page said to be closed, card
links without the result's rank, a copy's link opening the other meeting at its item, "og 1 mere", and
export buttons that name no count they do not know.

Streamlit AppTest on the small index of `test_app` (hashed vectors), and on an index of two meetings
from a meeting system where a committee's item stands again, under another number, at Økonomiudvalget
(its text once more in a plain note).
"""
from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from indexer.build.run import build
from ui import strings

from .firstagenda import write_meeting
from .test_app import EMBEDDER, app, no_errors, open_page, search, summary
from .test_app import app_setup, built, dirs  # noqa: F401 (fixtures)
from .test_app_meeting_pages import deferred_files


def card_ids(at: AppTest) -> list[str]:
    """The page's results by paragraph id, in the page's order (each card's context expander is keyed by it)."""
    keys = [e.proto.id.split("-", 2)[-1] for e in at.expander]
    return [key.removeprefix("ctx_") for key in keys if key.startswith("ctx_")]


def exported_ids(made: dict, name: str) -> list[str]:
    """The paragraph ids in the CSV export `name`, in its order."""
    text = made[name]().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=csv.Sniffer().sniff(text.split("\n", 1)[0], ";,").delimiter))
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


# -- 2. a closed item on a case's page -------------------------------------------------------------------
CLOSED_CASE = "21-016076"  # Kultur- og Fritidsudvalget's closed item "Lukket: Henvendelser til formanden"


@pytest.mark.parametrize("language, closed, no_decision", [
    ("da", "Lukket punkt: kun titlen er offentlig.", "Ingen beslutning fundet i teksten."),
    ("en", "Closed item: only its title is public.", "No decision found in the text.")])
def test_a_closed_item_on_a_cases_page_says_it_is_closed_not_that_no_decision_was_found(
        dirs, language, closed, no_decision):
    at = open_page("sag", sag=CLOSED_CASE, **({"lang": "en"} if language == "en" else {}))
    page = "".join(h.proto.body for h in at.html)
    assert "Lukket: Henvendelser til formanden" in page  # its published title
    captions = [c.value for c in at.caption]
    assert closed in captions and no_decision not in captions, captions
    open_item = open_page("sag", sag="21-016078")  # an open item of the same meeting keeps its decision
    assert "Lukket punkt: kun titlen er offentlig." not in [c.value for c in open_item.caption]


# -- 3. a card's links name the document, not the result's rank -------------------------------------------
def test_a_cards_links_name_its_document_without_the_results_rank(dirs):
    at = search(app(mode="lexical"), "anlægsbevilling bygningsvedligeholdelse")
    whole = [link.proto.label for link in at.get("page_link") if link.proto.label.startswith("Hele mødet: ")]
    expanders = [e.label for e in at.expander if e.label.startswith(("Kontekst og kilde: ", "Lignende drøftelser: "))]
    assert whole and expanders
    assert not [label for label in whole + expanders if re.search(r": \d+\. ", label)], whole + expanders


# -- 4. a copy's link opens the other meeting at the item holding the same text ----------------------------
SNOW_CASE = "23-000111"
SNOW_TEXT = ("Forvaltningen foreslår, at snerydningen af cykelstierne i vinterperioden 2023-2024 udvides til "
             "de nye supercykelstier langs Hovedvejen, og at saltlageret ved materielgården udvides, så "
             "vintertjenesten kan rydde cykelstierne før fortovene også ved langvarigt snevejr.")
SNOW_ITEM = (SNOW_CASE, "Vintertjeneste på supercykelstierne", [("Sagsfremstilling", SNOW_TEXT),
                                                                ("Beslutning", "Anbefales.")])
AGENDA_ITEM = ("23-000222", "Godkendelse af dagsorden", [("Beslutning", "Godkendt.")])


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """The committee's item 1 again as Økonomiudvalget's item 2, and its text once more in a plain
    file of no agenda items."""
    root = tmp_path_factory.mktemp("copies")
    committee = write_meeting(root / "archive", "Teknik- og Miljøudvalget", "2023-11-06", [SNOW_ITEM])
    council = write_meeting(root / "archive", "Økonomiudvalget", "2023-11-20", [AGENDA_ITEM, SNOW_ITEM])
    (root / "archive" / "notat.txt").write_text(f"Notat om vintertjenesten\n\n{SNOW_TEXT}\n", encoding="utf-8")
    report = build(root / "archive", root / "index", embedder=EMBEDDER)
    assert not report.skipped, report.summary()
    items = {committee.relative_to(root / "archive").as_posix(): "1",
             council.relative_to(root / "archive").as_posix(): "2", "notat.txt": None}
    return root, items


def test_a_copys_link_opens_the_other_meeting_at_the_item_holding_the_same_text(copies, monkeypatch):
    root, items = copies
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(root / "archive"))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(root / "index"))
    at = search(app(mode="lexical"), "supercykelstierne saltlageret")
    links = [link.proto for link in at.get("page_link") if link.proto.icon == ":material/content_copy:"]
    opened = set()
    for link in links:
        document = re.search(r"moede=([^&]+)", link.query_string).group(1).replace("%2F", "/")
        item = re.search(r"punkt=(\w+)", link.query_string)
        assert (item.group(1) if item else None) == items[document], link.query_string
        opened.add(document)
    assert len(opened) == 3  # the committee's, the council's and the note's copy, each linked from a card


def test_a_copys_item_is_named_only_where_one_item_holds_the_text():
    from ui.cards import item_of_copy

    def paragraph(text: str, item: str | None) -> SimpleNamespace:
        return SimpleNamespace(text=text, item_number=item)

    text = SNOW_TEXT
    assert item_of_copy(text, [paragraph("Godkendt.", "1"), paragraph(text, "2")]) == "2"
    assert item_of_copy(text, [paragraph("Godkendt.", "1"), paragraph(text + " Tilføjet.", "4")]) == "4"  # near-copy
    assert item_of_copy(text, [paragraph(text, None), paragraph(text, "3")]) == "3"  # the agenda's list: no item
    assert item_of_copy(text, [paragraph(text, "2"), paragraph(text, "5")]) is None  # two items: no guess
    assert item_of_copy(text, [paragraph(text, None)]) is None
    assert item_of_copy(text, [paragraph("Noget helt andet om skoler.", "1")]) is None


# -- 5. "og 1 mere" ---------------------------------------------------------------------------------------
def test_one_more_copy_is_said_in_the_singular():
    assert strings.text("da", "also_in_more", n=1) == "… og 1 mere."
    assert strings.text("da", "also_in_more", n=2) == "… og 2 flere."
    assert strings.text("en", "also_in_more", n=1) == "… and 1 more."
    assert strings.text("en", "also_in_more", n=3) == "… and 3 more."


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
