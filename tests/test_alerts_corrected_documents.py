"""A document that replaces an earlier version of itself (same path, new content: a corrected
meeting, an agenda that became minutes) brings only what is new in it to a follow."""
from __future__ import annotations

from indexer.alerts import FollowRequest, add_follow, collect
from indexer.alerts.digest import _headline
from indexer.alerts.words import ENGLISH
from indexer.build import build

from .fakes import HashEmbedder
from .test_alerts import ADDRESS, FIRST, NOW, built, matches_of, opened, saved_search, write_files

MAY = "socialudvalget/2019-05-02-referat.txt"
ADDED = "Et nyt afsnit: huslejestigningerne blev genberegnet efter mødet for hvert bosted."
# One paragraph added to item 1; item 2, which was put off, is now decided.
CORRECTED = {MAY: FIRST[MAY].replace(
    "Forvaltningen vender tilbage med en oversigt over huslejerne inden sommerferien.\n",
    "Forvaltningen vender tilbage med en oversigt over huslejerne inden sommerferien.\n\n" + ADDED + "\n")
    .replace("Udsat til næste møde.", "Forslaget blev vedtaget.")}


def correct(archive_dir, index_dir) -> None:
    write_files(archive_dir, CORRECTED)
    build(archive_dir, index_dir, embedder=HashEmbedder())


def test_a_corrected_meeting_is_not_news_again_to_a_follow_made_after_it_was_indexed(tmp_path):
    archive_dir, index_dir = built(tmp_path)
    archive = opened(index_dir)
    search = saved_search(archive)
    body = add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Socialudvalget"))
    assert collect(archive, NOW).added == {}
    correct(archive_dir, index_dir)
    collect(archive, NOW)
    found = matches_of(index_dir, search.id)
    # only the paragraph that changed (the chunker joins short ones), not the unchanged ones again
    assert len(found) == 1 and ADDED in found[0].payload["text"]
    # told as a correction of a meeting the reader may have heard of, not as a new find
    assert found[0].payload["changed"] is True
    assert _headline(found[0].payload) == "Rettet tekst" and _headline(found[0].payload, ENGLISH) == "Corrected text"
    found = matches_of(index_dir, body.id)
    assert not [m for m in found if m.kind == "meeting"]  # the meeting is not new
    assert [(m.kind, m.payload["text"]) for m in found] == [("decision", "Forslaget blev vedtaget.")]
    assert collect(archive, NOW).added == {}


def test_a_follow_that_saw_the_first_version_hears_only_of_the_correction(tmp_path):
    archive_dir, index_dir = built(tmp_path)
    # the May minutes arrive after the follows were made: news to them then
    (archive_dir / MAY).unlink()
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    body = add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Socialudvalget"))
    write_files(archive_dir, {MAY: FIRST[MAY]})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    collect(archive, NOW)
    before = {m.id for m in matches_of(index_dir, body.id)}
    assert any(m.kind == "meeting" for m in matches_of(index_dir, body.id))
    correct(archive_dir, index_dir)
    collect(archive, NOW)
    added = [m for m in matches_of(index_dir, body.id) if m.id not in before]
    assert [(m.kind, m.payload["text"]) for m in added] == [("decision", "Forslaget blev vedtaget.")]
