"""The app's pure helpers: facet counts, timeline rows, chart selections, card HTML."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from indexer import facets, present
from indexer.records import Hit


def hit(n: int, *, body: str | None = "Folketinget", day: str | None = "2015-07-03", doc_type: str | None = "forhandlinger",
        document: str = "folketinget/a.txt", text: str = "Huslejestigninger blev drøftet.", **extra) -> Hit:
    return Hit(id=f"h{n}", score=1.0 / (n + 1), text=text, document=document, title=extra.pop("title", "Møde"),
               body=body, date=day, doc_type=doc_type, page=extra.pop("page", None),
               heading=extra.pop("heading", None), speaker=extra.pop("speaker", None), **extra)


def ms(day: str, hour: int = 0) -> float:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc).timestamp() * 1000


def test_timeline_rows_for_the_chart_are_plain_dicts():
    rows = facets.timeline_rows([hit(0), hit(1, title="Andet møde"), hit(2, day=None)])
    assert rows == [{"date": "2015-07-03", "body": "Folketinget", "count": 2, "titles": "Møde; Andet møde"}]


@pytest.mark.parametrize("bounds, expected", [
    ([ms("2015-07-01"), ms("2015-08-21")], (date(2015, 7, 1), date(2015, 8, 21))),  # midnight bounds are inclusive
    ([ms("2015-07-01", 6), ms("2015-08-21", 18)], (date(2015, 7, 2), date(2015, 8, 21))),  # rounded inwards
    ([ms("2019-01-01"), ms("2015-01-01")], (date(2015, 1, 1), date(2019, 1, 1))),  # either direction
    (["2015-07-01T00:00:00.000Z", "2015-07-09T00:00:00Z"], (date(2015, 7, 1), date(2015, 7, 9))),  # ISO strings
    ([ms("2015-07-01", 3), ms("2015-07-01", 9)], (date(2015, 7, 1), date(2015, 7, 1))),  # inside one day
])
def test_selected_period_turns_a_brush_into_whole_days(bounds, expected):
    selection = {"selection": {"periode": {"yearmonthdate_date": bounds}}}
    assert facets.selected_period(selection, "periode") == expected


@pytest.mark.parametrize("selection", [None, {}, {"selection": {}}, {"selection": {"periode": {}}},
                                       {"selection": {"periode": {"date": ["x", "y"]}}},
                                       {"selection": {"periode": {"date": [True, 1]}}}])
def test_selected_period_is_none_without_a_usable_brush(selection):
    assert facets.selected_period(selection, "periode") is None


def test_hit_html_escapes_every_field_and_marks_the_words():
    evil = hit(0, text="<script>alert(1)</script> **fed** [link](javascript:x) huslejestigninger",
               title="<img src=x onerror=alert(1)>", body="<b>Organ</b>", heading="<i>Punkt 1</i>",
               speaker="<u>Per</u>", page=3)
    card = present.hit_html(evil, ["huslejestigninger"], rank=1)
    assert "<script>" not in card and "<img" not in card and "<b>" not in card and "<i>" not in card
    assert "&lt;script&gt;" in card and "&lt;img src=x" in card and "s. 3" in card
    assert "<mark>huslejestigninger</mark>" in card


def test_context_html_sets_the_current_paragraph_apart():
    paragraphs = [hit(0, text="Før <b>", heading="Punkt 3"), hit(1, text="Her om husleje", speaker="Eva", heading="Punkt 3"),
                  hit(2, text="Efter", heading="Punkt 4")]
    html = present.context_html(paragraphs, "h1", ["husleje"])
    assert html.count("ctx-heading") == 2 and "Før &lt;b&gt;" in html
    assert '<p class="ctx ctx-current"><span class="ctx-speaker">Eva:</span> Her om <mark>husleje</mark></p>' in html
