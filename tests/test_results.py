"""Facet counts, timeline rows and the list-like search results."""
from __future__ import annotations

from indexer.search.query import Query
from indexer.records import Hit
from indexer.search.results import SearchResults, TimelineRow, by_count, count_facets, timeline_rows


def hit(n: int, *, body: str | None = "Folketinget", day: str | None = "2015-07-03", doc_type: str | None = "forhandlinger",
        document: str = "folketinget/a.txt", title: str = "Møde") -> Hit:
    return Hit(id=f"h{n}", score=1.0 / (n + 1), text="Huslejestigninger blev drøftet.", document=document,
               title=title, body=body, date=day, doc_type=doc_type, page=None, heading=None, speaker=None)


def test_count_facets_counts_each_value_and_undated():
    hits = [hit(0), hit(1), hit(2, body="Dialogforum", day=None, doc_type="referat", document="minutes/b.txt"),
            hit(3, body=None, doc_type=None, day="2019-06-20", document="minutes/c.txt")]
    counts = count_facets(hits)
    assert counts.total == 4 and counts.undated == 1
    assert counts.bodies == {"Folketinget": 2, "Dialogforum": 1, "": 1}
    assert counts.doc_types == {"forhandlinger": 2, "referat": 1, "": 1}
    assert counts.documents == {"folketinget/a.txt": 2, "minutes/b.txt": 1, "minutes/c.txt": 1}
    assert counts.dates == {"2015-07-03": 2, "2019-06-20": 1}


def test_a_text_standing_in_several_documents_counts_for_each_body_and_date_once():
    from dataclasses import replace

    committee = replace(hit(0, body="Udvalget", document="u/1.json", day="2023-01-10"),
                        also_in=["oeu/1.json", "byraad/1.json", "byraad/1.json"])
    copies = {"oeu/1.json": hit(1, body="Økonomiudvalget", document="oeu/1.json", day="2023-01-17"),
              "byraad/1.json": hit(2, body="Byrådet", document="byraad/1.json", day="2023-01-30")}
    counts = count_facets([committee, hit(3, body="Udvalget", document="u/2.json")], copies=copies)
    assert counts.total == 2
    assert counts.bodies == {"Udvalget": 2, "Økonomiudvalget": 1, "Byrådet": 1}
    assert counts.dates == {"2023-01-10": 1, "2023-01-17": 1, "2023-01-30": 1, "2015-07-03": 1}
    assert count_facets([committee], copies={}).bodies == {"Udvalget": 1}  # copies not known: the hit alone


def test_a_period_counts_each_result_once_whatever_its_copies_so_never_more_than_the_total():
    from dataclasses import replace

    committee = replace(hit(0, body="Udvalget", document="u/1.json", day="2023-01-10"),
                        also_in=["oeu/1.json", "byraad/1.json"])
    copies = {"oeu/1.json": hit(1, body="Økonomiudvalget", document="oeu/1.json", day="2023-01-17"),
              "byraad/1.json": hit(2, body="Byrådet", document="byraad/1.json", day="2023-01-30")}
    counts = count_facets([committee, hit(3, day="2022-05-01"), hit(4, day=None)], copies=copies)
    assert sum(counts.dates.values()) == 4 and counts.total == 3  # the dates count the copies' meetings
    assert counts.in_period("2023-01-01", "2023-12-31") == 1  # "1 af 3", not "3 af 3"
    assert counts.in_period("2023-01-15", "2023-01-20") == 1  # a copy's meeting alone puts it in
    assert counts.in_period("2022-01-01", "2023-12-31") == 2 and counts.in_period("2024-01-01", "2024-12-31") == 0


def test_a_timeline_counts_a_result_at_each_meeting_its_copies_stand_in_as_the_filters_do():
    from dataclasses import replace

    committee = replace(hit(0, body="Udvalget", document="u/1.json", day="2023-01-10", title="Skoler"),
                        also_in=["oeu/1.json", "u/2.json"])
    copies = {"oeu/1.json": hit(1, body="Økonomiudvalget", document="oeu/1.json", day="2023-01-17", title="ØU"),
              "u/2.json": hit(2, body="Udvalget", document="u/2.json", day="2023-01-10", title="Skoler, punkt")}
    assert timeline_rows([committee], copies=copies) == [  # the committee's own meeting once
        TimelineRow("2023-01-10", "Udvalget", 1, ("Skoler",)), TimelineRow("2023-01-17", "Økonomiudvalget", 1, ("ØU",))]
    assert timeline_rows([committee]) == [TimelineRow("2023-01-10", "Udvalget", 1, ("Skoler",))]


def test_by_count_puts_most_frequent_first_then_alphabetical():
    assert by_count(["b", "a", "c", "a"], {"c": 3, "b": 1}) == ["c", "b", "a"]


def test_timeline_rows_group_by_date_and_body_and_skip_undated():
    hits = [hit(0), hit(1, title="Andet møde"), hit(2, day=None), hit(3, body="Dialogforum", day="2014-01-02"),
            hit(4, body=None, day="2014-01-02")]
    assert timeline_rows(hits) == [
        TimelineRow("2014-01-02", "", 1, ("Møde",)),
        TimelineRow("2014-01-02", "Dialogforum", 1, ("Møde",)),
        TimelineRow("2015-07-03", "Folketinget", 2, ("Møde", "Andet møde")),
    ]
    assert timeline_rows(hits)[-1].to_dict() == {"date": "2015-07-03", "body": "Folketinget", "count": 2,
                                                  "titles": "Møde; Andet møde"}


def test_search_results_delegate_to_their_hits():
    hits = [hit(0), hit(1)]
    results = SearchResults(Query.analyse("husleje"), hits, total=7, facets=count_facets(hits), timeline=[])
    assert list(results) == hits and len(results) == 2 and results[1] is hits[1] and results
    assert results.has_more
    empty = SearchResults(Query.analyse("x"), [], 0, count_facets([]), [])
    assert not empty and not empty.has_more
