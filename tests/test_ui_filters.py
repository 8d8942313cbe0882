"""The filter panel's options: names with the current query's counts."""
from ui.filters import _label


def test_a_filter_option_shows_its_count_and_marks_a_lower_bound():
    assert _label("Folketinget", 91) == "Folketinget (91)"
    assert _label("Folketinget", 91, complete=False) == "Folketinget (91+)"
    assert _label("Folketinget", None, complete=False) == "Folketinget"
