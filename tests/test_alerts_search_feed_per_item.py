"""A saved search's feed has one entry per agenda item (as the digest: "… (3 afsnit)"), not one
per paragraph under the same title; the entry's id stays the same as more of the item is found."""
from __future__ import annotations

import feedparser

from indexer.alerts import FollowRequest, add_follow
from indexer.alerts.feeds import search_feed
from indexer.build import build

from .fakes import HashEmbedder
from .test_alerts import ADDRESS, LINKS, opened, write_files

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
    (archive_dir / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    write_files(archive_dir, {"byraad/2023-12-11-referat.txt": minutes(PARAGRAPHS[:2])})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    follow = add_follow(archive, FollowRequest("search", ADDRESS, "daily", query="huslejestigningerne",
                                               mode="lexical"))
    first = feedparser.parse(search_feed(archive, follow, LINKS, "token")).entries
    titles = [e.title for e in first]
    assert len(titles) == len(set(titles)) == 2  # items 22 and 23, once each
    item = next(t for t in titles if "punkt 22" in t)
    assert "(2 afsnit)" in item and not any("afsnit" in t for t in titles if t != item)
    archive.close()
    write_files(archive_dir, {"byraad/2023-12-11-referat.txt": minutes(PARAGRAPHS)})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    again = feedparser.parse(search_feed(archive, follow, LINKS, "token")).entries
    assert any("punkt 22" in e.title and "(3 afsnit)" in e.title for e in again)
    assert sorted(e.id for e in again) == sorted(e.id for e in first)  # a reader does not see the item as new
