"""The search page's state helpers that need no running app: a brush on the timeline as whole days."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from ui.state import selected_period


def ms(day: str, hour: int = 0) -> float:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc).timestamp() * 1000


@pytest.mark.parametrize("bounds, expected", [
    ([ms("2015-07-01"), ms("2015-08-21")], (date(2015, 7, 1), date(2015, 8, 21))),  # midnight bounds are inclusive
    ([ms("2015-07-01", 6), ms("2015-08-21", 18)], (date(2015, 7, 2), date(2015, 8, 21))),  # rounded inwards
    ([ms("2019-01-01"), ms("2015-01-01")], (date(2015, 1, 1), date(2019, 1, 1))),  # either direction
    (["2015-07-01T00:00:00.000Z", "2015-07-09T00:00:00Z"], (date(2015, 7, 1), date(2015, 7, 9))),  # ISO strings
    ([ms("2015-07-01", 3), ms("2015-07-01", 9)], (date(2015, 7, 1), date(2015, 7, 1))),  # inside one day
])
def test_selected_period_turns_a_brush_into_whole_days(bounds, expected):
    selection = {"selection": {"periode": {"yearmonthdate_date": bounds}}}
    assert selected_period(selection, "periode") == expected


@pytest.mark.parametrize("selection", [None, {}, {"selection": {}}, {"selection": {"periode": {}}},
                                       {"selection": {"periode": {"date": ["x", "y"]}}},
                                       {"selection": {"periode": {"date": [True, 1]}}}])
def test_selected_period_is_none_without_a_usable_brush(selection):
    assert selected_period(selection, "periode") is None


def test_a_total_that_is_a_lower_bound_is_shown_with_a_plus():
    from types import SimpleNamespace

    from ui.search import count_text

    assert count_text(SimpleNamespace(total=200, complete=False)) == "200+"
    assert count_text(SimpleNamespace(total=37, complete=True)) == "37"
