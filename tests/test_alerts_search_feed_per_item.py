"""A saved search's feed holds its news, one entry per agenda item (as the digest: "… (3 afsnit)"), not one
per paragraph under the same title; the entry's id stays the same as more of the item is found, and a
meeting the archive held before the follow was made is no news."""
from __future__ import annotations

import feedparser

from indexer.alerts import FollowRequest, add_follow, collect
from indexer.alerts.feeds import search_feed
from indexer.build import build

from .fakes import HashEmbedder
from .test_alerts import ADDRESS, LINKS, NOW, matches_of, opened, write_files

CATALOG = """path,title,body,meeting_date,doc_type,case_number,document_date,attachment_to
byraad/2023-12-11-referat.txt,Referat Byråd 11. december 2023,Byråd,2023-12-11,referat,,,
"""
FILL = (" Forvaltningen har gennemgået regnskaberne for de seneste fem år og sammenholdt dem med budgetterne,"
        " og den redegør i bilaget for forskellene mellem bostederne, for de aftaler der ligger til grund for dem,"
        " og for hvad en ændring af ordningen vil koste kommunen i de kommende budgetår.")
# long enough that each is a paragraph of its own
PARAGRAPHS = ["Huslejestigningerne på bostederne blev drøftet på ny i byrådet efter udvalgets møde." + FILL * 4,
              "Byrådet bad om tal for huslejestigningerne på hvert bosted, også for de mindste." + FILL * 4,
              "Borgmesteren noterede, at huslejestigningerne rammer beboere med de laveste indkomster." + FILL * 4]


def minutes(paragraphs: list[str]) -> str:
    return ("Referat af Byrådets møde den 11. december 2023\n\nPunkt 22. Huslejer på bostederne\n\n"
            + "\n\n".join(paragraphs)
            + "\n\nPunkt 23. Cykelstier\n\nByrådet drøftede huslejestigningerne kort under cykelstierne.\n")


def test_a_search_feed_has_one_entry_per_agenda_item_with_a_lasting_id(tmp_path):
    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    archive_dir.mkdir()
    (archive_dir / "catalog.csv").write_text(CATALOG + "byraad/2023-11-06-referat.txt,Referat Byråd 6. november 2023,"
                                             "Byråd,2023-11-06,referat,,,\n", encoding="utf-8")
    write_files(archive_dir, {"byraad/2023-11-06-referat.txt": "Referat\n\nPunkt 1. Velkomst\n\nMødet åbnede."})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    follow = add_follow(archive, FollowRequest("search", ADDRESS, "daily", query="huslejestigningerne",
                                               mode="lexical"))
    assert not feedparser.parse(search_feed(archive, follow, [], LINKS, "token")).entries  # no news yet
    archive.close()

    def news(paragraphs: list[str]) -> list:
        write_files(archive_dir, {"byraad/2023-12-11-referat.txt": minutes(paragraphs)})
        build(archive_dir, index_dir, embedder=HashEmbedder())
        archive = opened(index_dir)
        collect(archive, NOW)
        xml = search_feed(archive, follow, matches_of(index_dir, follow.id), LINKS, "token")
        archive.close()
        return feedparser.parse(xml).entries

    first = news(PARAGRAPHS[:2])
    titles = [e.title for e in first]
    assert len(titles) == len(set(titles)) == 2  # items 22 and 23, once each
    item = next(t for t in titles if "punkt 22" in t)
    assert "(2 afsnit)" in item and not any("afsnit" in t for t in titles if t != item)
    again = news(PARAGRAPHS)  # a third paragraph of item 22 is found
    assert any("punkt 22" in e.title and "(3 afsnit)" in e.title for e in again)
    assert sorted(e.id for e in again) == sorted(e.id for e in first)  # a reader does not see the item as new


def test_a_search_feed_holds_what_was_new_to_the_search_not_older_results_it_finds_again(tmp_path):
    # a meeting of 2022 indexed before the follow was made is no news, however the search ranks it later
    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    archive_dir.mkdir()
    (archive_dir / "catalog.csv").write_text(CATALOG + "byraad/2022-05-02-referat.txt,Referat Byråd 2. maj 2022,"
                                             "Byråd,2022-05-02,referat,,,\n", encoding="utf-8")
    write_files(archive_dir, {"byraad/2022-05-02-referat.txt": minutes(PARAGRAPHS[2:])})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    follow = add_follow(archive, FollowRequest("search", ADDRESS, "daily", query="huslejestigningerne",
                                               mode="lexical"))
    archive.close()
    write_files(archive_dir, {"byraad/2023-12-11-referat.txt": minutes(PARAGRAPHS[:2])})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    assert archive.search("huslejestigningerne", mode="lexical").total > 3  # the old meeting is found too
    collect(archive, NOW)
    entries = feedparser.parse(search_feed(archive, follow, matches_of(index_dir, follow.id), LINKS, "token")).entries
    archive.close()
    assert entries and all("11. december 2023" in e.title for e in entries)


def test_a_digest_with_more_finds_than_it_shows_links_the_rest_in_the_searchs_feed():
    from indexer.alerts.digest import MAX_PER_FOLLOW, compose
    from indexer.store.follows import Follow, FollowMatch

    from .test_alerts import parts

    follow = Follow(7, "search", None, "huslejestigninger", {}, "lexical", ADDRESS, "daily", "t", "t", 0)
    matches = [FollowMatch(n, 7, "paragraph", str(n), "t", {
        "kind": "paragraph", "document": f"byraad/2023-{n:02d}-referat.txt", "body": "Byråd", "date": "2023-03-27",
        "item_number": "1", "item_title": "Huslejer", "text": f"Huslejestigningerne på bosted {n} blev drøftet."})
        for n in range(1, MAX_PER_FOLLOW + 3)]
    text, html_part = parts(compose(ADDRESS, "daily", "2023-03-28", [(follow, matches)], LINKS, b"k" * 32,
                                    "moedearkiv@example.dk"))
    assert "… og 2 fund mere." in text and "Alle nye fund i søgningens feed: https://api.example.dk/feeds/search/" in text
    assert 'href="https://api.example.dk/feeds/search/' in html_part
