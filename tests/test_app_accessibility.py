"""What a screen reader and a keyboard meet in the app (WCAG 2.1 AA): each page's own tab title and h1,
headings in order, the search's outcome in one live region, link and button names that say where they
lead, record text marked Danish on English pages.

Streamlit AppTest on the small hashed index of `test_app` (no model); its fixtures are reused.
"""
from __future__ import annotations

import re

import pytest
import streamlit as st

from .paths import ROOT
from .test_app import (MEETING, app, app_setup, built, dirs, goto, log_in, no_errors, open_page, search,  # noqa: F401
                       secretariat)


@pytest.fixture
def titles(monkeypatch) -> list[str]:
    """The tab titles the app sets, in order (the last one set is the one the browser shows)."""
    said: list[str] = []
    original = st.set_page_config

    def record(*args, **kwargs):
        if kwargs.get("page_title"):
            said.append(kwargs["page_title"])
        return original(*args, **kwargs)

    monkeypatch.setattr(st, "set_page_config", record)
    return said


def h1s(at) -> list[str]:
    return [title.value for title in at.title]


def test_each_page_has_its_own_tab_title_and_h1_in_the_chosen_language(dirs, titles):
    at = no_errors(app())
    assert titles[-1] == "Søg – Mødearkiv" and h1s(at) == ["Søg"]
    at = goto(at, "beslutninger")
    assert titles[-1] == "Beslutninger og opfølgning – Mødearkiv" and h1s(at) == ["Beslutninger og opfølgning"]
    at.toggle(key="en").set_value(True).run()
    assert titles[-1] == "Decisions and follow-ups – Meeting archive" and h1s(at) == ["Decisions and follow-ups"]
    # the app's name stays above every page, as a line of its own, not a heading
    assert any('<p class="brand">Meeting archive</p>' in h.proto.body for h in at.html)


def test_a_meetings_and_a_cases_tab_title_names_what_they_show(dirs, titles):
    no_errors(open_page("moede", moede=MEETING))
    assert titles[-1] == "Sundheds- og Forebyggelsesudvalget · 4. december 2012 – Mødearkiv"
    no_errors(open_page("sag", sag="21-016078"))
    assert titles[-1] == "Sag 21-016078 – Mødearkiv"


def html_of(at) -> str:
    return "".join(h.proto.body for h in at.html)


def levels(at) -> list[int]:
    """The heading levels of the page in order: the h1, st.header's h2, and those the app writes in HTML."""
    return [1] * len(at.title) + [int(level) for level in re.findall(r"<h(\d)", html_of(at))]


def test_results_are_h2_under_the_pages_h1_and_name_their_agenda_item(dirs):
    at = search(app(mode="lexical"), "elevatorerne")
    headings = re.findall(r'<h2 class="hit-title">(.*?)</h2>', html_of(at))
    assert headings and all(level <= 2 for level in levels(at))
    # the document's title and its agenda item: one meeting's results are told apart by their items
    assert any(re.sub(r"<[^>]+>", "", h).endswith("Referat fra Handicaprådet, punkt 2 Tilgængelighed")
               for h in headings), headings
    at = search(at, "Folketinget")
    assert [h.value for h in at.header][0].startswith("Tidslinje")  # the timeline's title is a heading too


def test_a_meetings_agenda_is_a_level_above_its_items(dirs):
    at = no_errors(open_page("moede", moede=MEETING))
    page = html_of(at)
    assert re.search(r'<h3 class="meeting-section">Dagsorden</h3>', page)
    assert re.findall(r'<h4 class="hit-title">', page) and not re.findall(r'<h3 class="hit-title">', page)
    assert "<h6" not in page


def test_the_decisions_found_by_words_are_h2_with_no_body_heading_above_them(dirs):
    at = no_errors(open_page("beslutninger", q="godkendt"))
    assert '<h2 class="hit-title">' in html_of(at) and '<h3 class="hit-title">' not in html_of(at)


def live_region(at) -> list:
    """What the search page's live region (role="status") holds, in order; fails where it is not drawn."""
    [region] = [block for block in at.main.children.values() if getattr(block, "key", None) == "search_status"]
    return list(region.children.values())


def test_the_search_outcome_is_said_in_a_live_region_there_before_any_search(dirs):
    at = no_errors(app())
    before = list(at.main.children.values())
    script, = live_region(at)  # empty but there, right under the search field, before any search
    assert 'setAttribute("role", "status")' in script.proto.body and '"aria-live", "polite"' in script.proto.body
    place = next(n for n, node in enumerate(before) if getattr(node, "key", None) == "search_status")
    at = search(at, "huslejestigninger")
    assert list(at.main.children.values())[place].key == "search_status"  # the same place
    said = [node.value for node in live_region(at)[1:]]
    assert len(said) == 1 and re.match(r"\d+ gode resultater for »huslejestigninger«", said[0])
    at = search(at, "xyzzyqwerty flumbo")
    assert [node.value for node in live_region(at)[1:]] == ["Ingen gode match for »xyzzyqwerty flumbo«."]


def test_the_style_draws_keyboard_focus_and_readable_captions():
    style = (ROOT / "ui" / "style.css").read_text(encoding="utf-8")
    focus = style[:style.index("outline: 2px solid #3d5a80")]
    for target in ("stTopNavLink", "stSidebarNavLink", "stPageLink", "stCheckbox", "button:focus-visible",
                   "stBaseButton-elementToolbar"):
        assert target in focus, target
    assert '[data-testid="stElementToolbar"]:focus-within {opacity: 1' in style
    # at full opacity: Streamlit fades the caption's container, which would bring the grey back under 3:1
    assert re.search(r'\[data-testid="stCaptionContainer"\][^{]*\{color: #5c5b59; opacity: 1\}', style)


def test_links_and_controls_repeated_per_card_say_which_one_they_are(dirs, secretariat):
    at = no_errors(open_page("beslutninger"))
    whole = [link.proto.label for link in at.get("page_link") if link.proto.label.startswith("Hele mødet")]
    assert whole and all(re.fullmatch(r"Hele mødet(, punkt \S+)?", label) for label in whole), whole
    assert len(set(whole)) > 1  # not a page of links all called "Hele mødet"
    at = goto(log_in(at), "beslutninger")
    at.segmented_control(key="d_view").set_value("follow_ups").run()
    done = [b.label for b in no_errors(at).button if b.key and b.key.startswith("done_")]
    notes = [i.label for i in at.text_input if i.key and i.key.startswith("note_")]
    assert done[:2] == ["Markér som udført (opfølgning 1)", "Markér som udført (opfølgning 2)"]
    assert notes[:2] == ["Note til markeringen (opfølgning 1)", "Note til markeringen (opfølgning 2)"]
    at = no_errors(open_page("moede", {"secretariat": True}, moede=MEETING))
    done = [b.label for b in at.button if b.key and b.key.startswith("done_")]
    assert done and all(re.fullmatch(r"Markér som udført \(punkt \S+(, nr\. \d+)?\)", label) for label in done), done
    assert len(set(done)) == len(done)


def test_a_search_cards_and_a_case_steps_links_to_their_meeting_name_the_item_or_meeting(dirs):
    at = search(app(mode="lexical"), "Sankthans")
    whole = [link.proto for link in at.get("page_link") if link.proto.label.startswith("Hele mødet: ")]
    assert whole and all(re.search(r", punkt \S+$", link.label) for link in whole if "punkt=" in link.query_string)
    steps = no_errors(open_page("sag", sag="21-016078"))
    meetings = [link.proto.label for link in steps.get("page_link") if link.proto.page == "moede"]
    assert meetings and all(label.startswith("Hele mødet: ") for label in meetings) and len(set(meetings)) == len(meetings)


def test_the_timeline_is_told_in_words_under_it_and_in_its_description(dirs):
    import json

    at = search(app(mode="lexical"), "Folketinget")
    [said] = [c.value for c in at.caption if c.value.startswith("Tidslinjen viser")]
    assert re.fullmatch(r"Tidslinjen viser \d+ afsnit fra \d+ møder?, \d+\. \w+ \d{4} – \d+\. \w+ \d{4}: "
                        r"Folketinget \(\d+ møder?, \d+ afsnit\)\. "
                        r"Perioden kan også vælges med datofelterne under Filtre\.", said), said
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["description"].startswith(said.split(" Perioden")[0])  # what it shows, not only how to use it


def test_the_timelines_words_name_one_day_once():
    from ui.filters import timeline_summary

    one = timeline_summary([{"date": "2022-09-12", "body": "Byrådet", "count": 3, "titles": "x"}])
    assert one.startswith("Tidslinjen viser 3 afsnit fra 1 møde, 12. september 2022: Byrådet"), one


def test_the_timelines_words_say_plus_where_the_result_count_does(dirs, monkeypatch):
    from indexer.search import rank

    monkeypatch.setattr(rank, "CANDIDATES", 12)  # a pool cut short: "20+ gode resultater"
    at = no_errors(app(q="kommune", mode="lexical"))
    [said] = [c.value for c in at.caption if c.value.startswith("Tidslinjen viser")]
    assert re.match(r"Tidslinjen viser \d+\+ afsnit", said) and re.search(r"\(\d+ møder?, \d+\+ afsnit\)", said), said


def test_on_the_english_screen_the_records_words_are_marked_danish(dirs):
    at = search(app(mode="lexical", lang="en"), "elevatorerne")
    page = html_of(at)
    assert '<p class="hit-text" lang="da">' in page
    assert re.search(r'<h2 class="hit-title"><span class="hit-rank">\d+\.</span> <span lang="da">Referat fra '
                     r'Handicaprådet</span>, item 2 <span lang="da">Tilgængelighed</span></h2>', page)
    meeting = html_of(no_errors(open_page("moede", moede=MEETING, lang="en")))
    assert re.search(r'<h4 class="hit-title">Item \d+\. <span lang="da">[^<]+</span></h4>', meeting)
    danish = html_of(search(app(mode="lexical"), "elevatorerne"))
    assert 'lang="da"' not in danish  # the page's own language says it there


def test_on_the_english_screen_decisions_and_follow_ups_mark_their_record_text_danish(dirs):
    decisions = html_of(no_errors(open_page("beslutninger", lang="en")))
    assert '<div class="hit decision">' in decisions and '<p class="hit-text" lang="da">' in decisions
    at = open_page("beslutninger", {"d_view": "follow_ups"}, lang="en")
    follow_ups = html_of(no_errors(at))
    assert '<div class="hit follow-up">' in follow_ups and '<p class="hit-text" lang="da">' in follow_ups
    assert 'lang="da"' not in html_of(no_errors(open_page("beslutninger")))  # Danish: the page's own language


def test_a_timeline_counting_more_paragraphs_than_results_says_why():
    from streamlit.testing.v1 import AppTest

    def page():
        from ui.filters import timeline

        rows = [{"date": "2023-03-01", "body": "Klima-, Teknik- og Miljøudvalget", "count": 3, "titles": "a"},
                {"date": "2023-03-20", "body": "Byråd", "count": 2, "titles": "b"}]
        timeline(rows, undated=1, total=4)  # 4 results, 1 undated: the 5 dated paragraphs hold copies

    said = [c.value for c in AppTest.from_function(page, default_timeout=60).run().caption]
    assert ("Tidslinjen tæller 5 afsnit for de 4 gode resultater: en tekst, der står i flere møders papirer, fordi sagen "
            "gik videre (udvalg, Økonomiudvalg, Byråd), er ét resultat, men tælles ved hvert møde, som under Organ.") in said

    def without_copies():
        from ui.filters import timeline

        timeline([{"date": "2023-03-01", "body": "Byråd", "count": 3, "titles": "a"}], undated=0, total=3)

    assert not any("tæller" in c.value for c in AppTest.from_function(without_copies, default_timeout=60).run().caption)
