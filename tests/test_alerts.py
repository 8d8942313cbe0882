"""Follows, what is new for them after a build, Atom feeds and e-mail digests (indexer/alerts).

The archive is a few short minutes and case notes written here, built with the hashing
embedder (no model: saved searches use lexical mode); a second build adds a later meeting.
Digests go to an aiosmtpd server on 127.0.0.1 started by the test.
"""
from __future__ import annotations

import email
import email.policy
import html
import json
import re
import socket
import sqlite3
from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from pathlib import Path

import feedparser
import numpy as np
import pytest

from indexer import Archive
from indexer.alerts import FollowRequest, Links, SmtpSettings, add_follow, collect, list_follows, send_digests
from indexer.alerts.feeds import body_feed, case_feed, search_feed
from indexer.alerts.follows import ArchiveNames, alert_store, check_email, follow_problem
from indexer.alerts.send import period_of
from indexer.alerts.tokens import email_token, follow_token, read_token, signing_key, unsubscribe
from indexer.build import build
from indexer.errors import InvalidInput
from indexer.store.follows import Follow

from .fakes import DIMENSION, HashEmbedder, hashed_vector

CATALOG = """path,title,body,meeting_date,doc_type,case_number,document_date,attachment_to
socialudvalget/2019-05-02-referat.txt,Referat Socialudvalget 2. maj 2019,Socialudvalget,2019-05-02,referat,,,
socialudvalget/2019-06-06-referat.txt,Referat Socialudvalget 6. juni 2019,Socialudvalget,2019-06-06,referat,,,
sager/2019-0001-notat.txt,Notat om huslejer på bostederne,Socialudvalget,2019-05-02,notat,2019-0001,,
sager/2019-0001-opfoelgning.txt,Oversigt over huslejer på bostederne,Socialudvalget,2019-06-06,notat,2019-0001,,
dialogforum/2019-03-01-referat.txt,Referat Dialogforum marts 2019,Dialogforum,2019-03-01,referat,,,
dialogforum/2019-06-10-referat.txt,Referat Dialogforum juni 2019,Dialogforum,2019-06-10,referat,,,
"""

FIRST = {
    "socialudvalget/2019-05-02-referat.txt": """Referat af Socialudvalgets møde den 2. maj 2019

Til stede: Anna Hansen (A), Bo Jensen (V), Carl Madsen (F)

1. Huslejestigninger på bostederne (2019-0001)

Udvalget drøftede huslejestigningerne på bostederne i kommunen, som rammer beboere med lave indkomster hårdt.

Indstilling
Forvaltningen indstiller, at udvalget godkender en kompensationsordning for beboerne.

Beslutning
Godkendt.

Forvaltningen vender tilbage med en oversigt over huslejerne inden sommerferien.

2. Cykelstier langs Ringvejen (2019-0002)

Udvalget drøftede forslaget om nye cykelstier langs Ringvejen og belysning af stierne om vinteren.

Beslutning
Udsat til næste møde.
""",
    "sager/2019-0001-notat.txt": """Notat om huslejer på bostederne

Socialforvaltningen har undersøgt huslejestigningerne på kommunens bosteder i 2018 og 2019 og beskriver
her, hvordan beboerne kan kompenseres for stigningerne.
""",
    "dialogforum/2019-03-01-referat.txt": """Referat af møde i Dialogforum 1. marts 2019

Dialogforum drøftede huslejestigninger på bostederne og bad om at få sagen på dagsordenen igen.
""",
}

LATER = {
    "socialudvalget/2019-06-06-referat.txt": """Referat af Socialudvalgets møde den 6. juni 2019

Til stede: Anna Hansen (A), Bo Jensen (V)

1. Oversigt over huslejer på bostederne (2019-0001)

Forvaltningen fremlagde oversigten over huslejestigningerne på bostederne <b>med</b> tal for hvert bosted.

Beslutning
Godkendt.

2. Legepladser i bydelene (2019-0007)

Udvalget drøftede vedligeholdelsen af legepladserne i bydelene.

Beslutning
Godkendt.
""",
    "sager/2019-0001-opfoelgning.txt": """Oversigt over huslejer på bostederne

Oversigten viser huslejestigningerne på hvert af kommunens bosteder fra 2017 til 2019.
""",
    "dialogforum/2019-06-10-referat.txt": """Referat af møde i Dialogforum 10. juni 2019

Dialogforum drøftede igen huslejestigninger på bostederne og takkede for oversigten.
""",
}
# The June minutes as a meeting system writes them: "Punkt N." headings and a case number line,
# so every paragraph knows its agenda item and case.
NUMBERED_JUNE = {"socialudvalget/2019-06-06-referat.txt": LATER["socialudvalget/2019-06-06-referat.txt"]
                 .replace("1. Oversigt over huslejer på bostederne (2019-0001)",
                          "Punkt 1. Oversigt over huslejer på bostederne\nSagsnr.: 2019-0001")
                 .replace("2. Legepladser", "Punkt 2. Legepladser")}
ADDRESS = "anna@example.dk"
NOW = datetime(2019, 6, 20, 8, 0, tzinfo=timezone.utc)
LINKS = Links(app_url="https://arkiv.example.dk", api_url="https://api.example.dk",
              documents_url="https://dokumenter.example.dk/")


def write_files(archive_dir: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (archive_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (archive_dir / name).write_text(text, encoding="utf-8")


def make_archive(root: Path) -> Path:
    """The first archive: minutes of 2 May, a case note, a Dialogforum meeting."""
    archive_dir = root / "archive"
    archive_dir.mkdir(parents=True)
    (archive_dir / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    write_files(archive_dir, FIRST)
    return archive_dir


def built(root: Path, embedder=None) -> tuple[Path, Path]:
    """(archive dir, index dir) of the first archive, built."""
    archive_dir = make_archive(root)
    build(archive_dir, root / "index", embedder=embedder or HashEmbedder())
    return archive_dir, root / "index"


def add_later(archive_dir: Path, index_dir: Path, embedder=None) -> None:
    """The June meeting, a case note and a Dialogforum meeting arrive; the index is updated."""
    write_files(archive_dir, LATER)
    build(archive_dir, index_dir, embedder=embedder or HashEmbedder())


def opened(index_dir: Path, embedder=None) -> Archive:
    return Archive.open(index_dir, embedder=embedder or HashEmbedder())


def saved_search(archive, frequency: str = "daily", email_address: str = ADDRESS, **filters):
    return add_follow(archive, FollowRequest("search", email_address, frequency, query="huslejestigninger",
                                             filters=filters, mode="lexical"))


def matches_of(index_dir: Path, follow_id: int):
    with alert_store(index_dir) as store:
        return store.matches(follow_id)


@pytest.fixture
def dirs(tmp_path, built_copy) -> tuple[Path, Path]:
    """(archive dir, index dir) of the first archive, built: a copy of one built once a session."""
    built_copy("alerts-first", built, tmp_path)
    return tmp_path / "archive", tmp_path / "index"


# -- SMTP ------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the test's SMTP server accepted."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]


@pytest.fixture
def smtp():
    """(inbox, settings) of an SMTP server on 127.0.0.1, started for the test."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, SmtpSettings(host="127.0.0.1", port=controller.port, sender="moedearkiv@example.dk", timeout=5)
    controller.stop()


def parts(message) -> tuple[str, str]:
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


# -- follows -----------------------------------------------------------------------------------------
def test_a_saved_search_hears_only_of_what_is_indexed_after_it(dirs):
    archive_dir, index_dir = dirs
    archive = opened(index_dir)
    follow = saved_search(archive, bodies=["Socialudvalget"])
    assert collect(archive, NOW).added == {}  # what was there before the follow is not news
    add_later(archive_dir, index_dir)
    report = collect(archive, NOW)
    found = matches_of(index_dir, follow.id)
    assert report.added == {follow.id: len(found)} and found
    documents = {m.payload["document"] for m in found}
    assert documents <= {"socialudvalget/2019-06-06-referat.txt", "sager/2019-0001-opfoelgning.txt"}
    assert "socialudvalget/2019-06-06-referat.txt" in documents  # not Dialogforum: the filter holds
    first = next(m for m in found if m.payload["document"] == "socialudvalget/2019-06-06-referat.txt")
    assert first.kind == "paragraph" and "huslejestigningerne" in first.payload["text"]
    assert (first.payload["body"], first.payload["date"]) == ("Socialudvalget", "2019-06-06")
    assert "huslejestigningerne" in first.payload["matched"]  # the search's words as it holds them: its excerpt's
    assert not any(m.payload.get("changed") for m in found)  # new documents: new finds, no correction


def test_collecting_twice_adds_nothing(dirs):
    archive_dir, index_dir = dirs
    archive = opened(index_dir)
    follows = [saved_search(archive),
               add_follow(archive, FollowRequest("body", ADDRESS, "weekly", target="Socialudvalget"))]
    add_later(archive_dir, index_dir)
    first = collect(archive, NOW)
    counts = [len(matches_of(index_dir, f.id)) for f in follows]
    assert all(counts) and sum(first.added.values()) == sum(counts)
    again = collect(archive, NOW)
    assert again.added == {} and [len(matches_of(index_dir, f.id)) for f in follows] == counts


def test_follows_survive_a_rebuild_which_brings_nothing_new(dirs):
    archive_dir, index_dir = dirs
    archive = opened(index_dir)
    follow = saved_search(archive)
    archive.close()
    build(archive_dir, index_dir, embedder=HashEmbedder(), rebuild=True)
    archive = opened(index_dir)
    assert [f.id for f in list_follows(index_dir)] == [follow.id]
    assert collect(archive, NOW).added == {}  # same contents, new indexed_at: not news


def test_a_body_follow_collects_each_new_meeting_and_its_decisions(dirs):
    archive_dir, index_dir = dirs
    archive = opened(index_dir)
    follow = add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Socialudvalget"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    found = matches_of(index_dir, follow.id)
    meetings = [m.payload for m in found if m.kind == "meeting"]
    assert {(m["body"], m["date"]) for m in meetings} == {("Socialudvalget", "2019-06-06")}
    titles = [item["title"] for m in meetings for item in m["items"]]
    assert any("Legepladser" in (t or "") for t in titles)
    decisions = [m.payload for m in found if m.kind == "decision"]
    assert decisions and {d["date"] for d in decisions} == {"2019-06-06"}
    assert {d["outcome"] for d in decisions} == {"approved"}
    assert not any(m.payload.get("body") == "Dialogforum" for m in found)


def test_a_case_follow_collects_the_new_documents_of_the_case(dirs):
    archive_dir, index_dir = dirs
    archive = opened(index_dir)
    follow = add_follow(archive, FollowRequest("case", ADDRESS, "daily", target="2019-0001"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    found = matches_of(index_dir, follow.id)
    documents = [m.payload for m in found if m.kind == "document"]
    assert [d["document"] for d in documents] == ["sager/2019-0001-opfoelgning.txt"]
    assert documents[0]["text"].startswith("Oversigt over huslejer")
    # whatever else cites the case (agenda items of it, where paragraphs carry case numbers) is new too
    assert {m.payload["document"] for m in found} <= set(LATER)
    assert all(m.payload["case_number"] == "2019-0001" for m in found if m.kind != "decision")


def test_a_case_follows_new_meetings_come_in_the_case_trails_order_not_by_file_name(dirs):
    archive_dir, index_dir = dirs
    follow = add_follow(opened(index_dir), FollowRequest("case", ADDRESS, "daily", target="2019-0001"))
    item = "Punkt 1. Oversigt over huslejer på bostederne\nSagsnr.: 2019-0001\n\nBeslutning\n{}\n"
    write_files(archive_dir, {  # the council's file sorts first, its meeting is the later one
        "a-byraadet/2019-06-27-referat.txt": "Referat af Byrådets møde den 27. juni 2019\n\n" + item.format("Godkendt."),
        "b-socialudvalget/2019-06-13-referat.txt": "Referat af Socialudvalgets møde den 13. juni 2019\n\n"
                                                   + item.format("Anbefales."),
    })
    build(archive_dir, index_dir, embedder=HashEmbedder())
    collect(opened(index_dir), NOW)
    found = matches_of(index_dir, follow.id)[::-1]  # as collected (and as a digest lists them): the oldest first
    for kind in ("document", "decision"):
        assert [m.payload["date"] for m in found if m.kind == kind] == ["2019-06-13", "2019-06-27"], kind


def test_a_case_or_body_that_is_no_longer_indexed_is_named_as_the_problem():
    names = ArchiveNames(bodies=frozenset({"Socialudvalget"}), paths=frozenset({"a.txt"}), has_case=lambda c: False)

    def problem(kind, target=None, **filters):  # a stored follow: what it named is gone
        follow = Follow(1, kind, target, "husleje", filters, "hybrid", ADDRESS, "daily", "t", "t", 0)
        return follow_problem(follow, names)

    assert "no documents of case '2019-0001'" in problem("case", "2019-0001")
    assert "no meetings of the body 'Dialogforum'" in problem("body", "Dialogforum")
    assert "no longer holds the document 'b.txt'" in problem("document", "b.txt")
    assert "a filter of the search" in problem("search", bodies=["Dialogforum"])
    assert problem("body", "Socialudvalget") is None and problem("search", bodies=["Socialudvalget"]) is None



def test_a_search_follow_filtered_on_a_type_the_archive_does_not_hold_is_refused_naming_those_it_has():
    names = ArchiveNames(bodies=frozenset({"Socialudvalget"}), paths=frozenset(), has_case=lambda c: False,
                         doc_types=frozenset({"referat", "bilag"}))
    asked = follow_problem(FollowRequest("search", ADDRESS, query="husleje", filters={"doc_types": ["minutes"]}), names)
    assert asked == ("the archive holds no documents of the type 'minutes' (a filter of the search); "
                     "the archive has: bilag, referat")
    assert follow_problem(FollowRequest("search", ADDRESS, query="husleje", filters={"doc_types": ["referat"]}),
                          names) is None


def test_a_document_follow_hears_when_its_follow_up_is_marked_done(dirs):
    _, index_dir = dirs
    archive = opened(index_dir)
    document = "socialudvalget/2019-05-02-referat.txt"
    promise = archive.follow_ups(document=document, status=None)[0]
    follow = add_follow(archive, FollowRequest("document", ADDRESS, "daily", target=document))
    assert collect(archive, NOW).added == {}
    archive.mark_follow_up(promise.follow_up.id, "done", note="oversigten kom 6. juni")
    collect(archive, NOW)
    found = matches_of(index_dir, follow.id)
    assert [(m.kind, m.payload["id"], m.payload["status"], m.payload["note"]) for m in found] == [
        ("follow_up", promise.follow_up.id, "done", "oversigten kom 6. juni")]


class KeywordEmbedder(HashEmbedder):
    """Texts about the rents' overview embed alike (a later meeting takes the promise up again)."""

    def _vector(self, text: str) -> np.ndarray:
        if "oversigt" in text.lower() and "husleje" in text.lower():
            vector = np.zeros(DIMENSION, dtype=np.float32)
            vector[0] = 1.0
            return vector
        return hashed_vector(text)

    def embed_passages(self, texts, **_options) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if len(texts) else np.zeros((0, DIMENSION), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


PROMISED_IN = "socialudvalget/2019-05-02-referat.txt"


def _later_meetings_for_a_document_follow(tmp_path, before_later=lambda archive: None):
    """The minutes holding the promise followed, `before_later(archive)` done, the later meetings built and
    collected: (index, follow)."""
    embedder = KeywordEmbedder()
    archive_dir, index_dir = built(tmp_path, embedder)
    archive = opened(index_dir, embedder)
    follow = add_follow(archive, FollowRequest("document", ADDRESS, "daily", target=PROMISED_IN))
    before_later(archive)
    add_later(archive_dir, index_dir, embedder)
    collect(archive, NOW)
    return index_dir, follow


def test_a_document_follow_hears_when_a_later_meeting_takes_its_promise_up_again(tmp_path):
    index_dir, follow = _later_meetings_for_a_document_follow(tmp_path)
    links = [m.payload for m in matches_of(index_dir, follow.id) if m.kind == "follow_up_link"]
    same_body = [link for link in links if link["body"] == "Socialudvalget"]
    # the June item states the promise's case number (2019-0001) in its title: taken up by case number
    assert same_body and same_body[0]["date"] == "2019-06-06" and same_body[0]["rule"] == "case"
    assert "oversigt" in same_body[0]["text"].lower() and "huslejerne" in same_body[0]["follow_up_text"]
    assert {link["document"] for link in links} <= set(LATER)  # only what is new since the follow
    assert len({link["id"] for link in links}) == len(links)  # each promise told where it came back first, once


def test_a_document_follow_is_not_told_again_of_a_promise_the_secretariat_closed(tmp_path):
    def dismiss_all(archive):
        for tracked in archive.follow_ups(document=PROMISED_IN):
            archive.mark_follow_up(tracked.follow_up.id, "dismissed")

    index_dir, follow = _later_meetings_for_a_document_follow(tmp_path, dismiss_all)
    # unmarked, the June item takes the promise up (the test above); dismissed, it is news no more
    assert not [m for m in matches_of(index_dir, follow.id) if m.kind == "follow_up_link"]


def test_a_promise_taken_up_again_is_cited_by_the_later_item_and_case_under_the_documents_title(tmp_path, smtp):
    inbox, settings = smtp
    embedder = KeywordEmbedder()
    archive_dir, index_dir = built(tmp_path, embedder)
    archive = opened(index_dir, embedder)
    add_follow(archive, FollowRequest("document", ADDRESS, "daily", target="socialudvalget/2019-05-02-referat.txt"))
    write_files(archive_dir, NUMBERED_JUNE)
    build(archive_dir, index_dir, embedder=embedder)
    collect(archive, NOW)
    send_digests(index_dir, settings, LINKS, NOW)
    [message] = inbox.messages
    text, _ = parts(message)
    promised = "Opfølgning på Referat Socialudvalget 2. maj 2019 (Socialudvalget, 2. maj 2019)"
    assert f"== {promised} ==" in text and "Opfølgning på socialudvalget/" not in text  # not its path
    assert message["Subject"].startswith("Mødearkivet: 1 nyt fund om opfølgning på Referat Socialudvalget 2. maj")
    assert ("Socialudvalget · 6. juni 2019 · Referat Socialudvalget 6. juni 2019 · punkt 1 Oversigt over huslejer "
            "på bostederne · sag 2019-0001") in text
    # the link opens the meeting at that agenda item (the app's ?punkt=)
    assert "https://arkiv.example.dk/moede?moede=socialudvalget%2F2019-06-06-referat.txt&punkt=1" in text


def test_a_digest_subject_names_the_search_followed_or_how_many_follows(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    saved_search(archive)
    add_follow(archive, FollowRequest("body", "bo@example.dk", "daily", target="Socialudvalget"))
    add_follow(archive, FollowRequest("case", "bo@example.dk", "daily", target="2019-0001"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    send_digests(index_dir, settings, LINKS, NOW)
    subjects = {m["To"]: m["Subject"] for m in inbox.messages}
    assert " nye fund om »huslejestigninger« (20. juni 2019)" in subjects[ADDRESS]
    assert " nye fund fra 2 overvågninger (20. juni 2019)" in subjects["bo@example.dk"]


def test_a_digest_says_a_promise_found_again_by_similarity_alone_may_have_been_taken_up():
    from indexer.alerts.digest import _headline

    assert _headline({"kind": "follow_up_link", "rule": "similar"}) == "Opfølgning muligvis taget op igen"
    assert _headline({"kind": "follow_up_link", "rule": "case"}) == "Opfølgning taget op igen"
    # a lead beside the case is one too; a later item telling the promise with its day is a fact
    assert _headline({"kind": "follow_up_link", "rule": "split"}) == "Opfølgning muligvis taget op igen"
    assert _headline({"kind": "follow_up_link", "rule": "told"}) == "Opfølgning taget op igen"


def test_a_decision_listed_under_its_meetings_entry_is_neither_repeated_nor_counted_twice():
    from indexer.alerts.digest import compose

    follow = Follow(1, "body", "Byråd 2022-2025", None, {}, "hybrid", ADDRESS, "daily", "t", "t", 0)
    message = compose(ADDRESS, "daily", "2023-11-07", [(follow, _meeting_matches(1))], LINKS, b"k" * 32,
                      "moedearkiv@example.dk")
    text, html_part = parts(message)
    assert message["Subject"].startswith("Mødearkivet: 2 nye fund fra Byråd 2022-2025")
    assert "1. Nyt fra mødet: Byråd 2022-2025 · 6. november 2023" in text
    assert "punkt 14 Spildevandsplan — godkendt" in text and "punkt 15 Vejnavne — udsat" in text
    # the decision of a meeting whose entry this digest does not hold stays an entry of its own
    assert "2. Beslutning (forkastet): Byråd 2022-2025 · 2. oktober 2023" in text and "3. " not in text
    assert text.count("Beslutning (") == 1 and html_part.count("<li>") == 2


def test_a_body_follows_digest_shows_each_new_meeting_once_with_its_items_outcomes(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Socialudvalget"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    send_digests(index_dir, settings, LINKS, NOW)
    [message] = inbox.messages
    text = parts(message)[0]
    assert message["Subject"] == "Mødearkivet: 1 nyt fund fra Socialudvalget (20. juni 2019)"
    assert "1. Nyt fra mødet: Socialudvalget · 6. juni 2019" in text and "2. " not in text
    assert "punkt 2 Legepladser i bydelene (2019-0007) — godkendt" in text and "Beslutning (" not in text


def test_an_english_follow_gets_its_digest_in_english(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    add_follow(archive, FollowRequest("search", ADDRESS, "weekly", query="huslejestigninger", mode="lexical",
                                      filters={"bodies": ["Socialudvalget"]}, language="en"))
    add_follow(archive, FollowRequest("case", ADDRESS, "weekly", target="2019-0001", language="en"))
    add_follow(archive, FollowRequest("body", ADDRESS, "weekly", target="Socialudvalget", language="en"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    send_digests(index_dir, settings, LINKS, NOW)
    [message] = inbox.messages
    assert message["Subject"].startswith("Meeting archive: ")
    assert message["Subject"].endswith(" new finds from 3 follows (week 25 2019)")
    text, html_part = parts(message)
    assert text.startswith("New in the meeting archive (week 25 2019): ")
    assert "== Search “huslejestigninger” (Socialudvalget) ==" in text and "== Case 2019-0001 ==" in text
    assert "== Body: Socialudvalget ==" in text and "item 2 Legepladser i bydelene (2019-0007) — approved" in text
    assert "New document in the case: " in text and "Read in the meeting archive: " in text
    assert "Stop this follow: " in text and f"Stop all follows for {ADDRESS}: " in text
    # the citations' dates and words in English; the archive's words (body, title) as they are
    assert "Socialudvalget · 6 June 2019 · Referat Socialudvalget 6. juni 2019" in text
    assert "<h2>Search “huslejestigninger” (Socialudvalget)</h2>" in html_part
    assert '<html lang="en">' in html_part and message["Content-Language"] == "en"  # a screen reader reads it in English
    assert "\n   2 agenda items\n" in text.replace("\r\n", "\n")  # the body's meeting
    for danish in ("Nyt i mødearkivet", "Søgning", "Beslutning", "Stop denne overvågning", "nye fund", "uge ",
                   "dagsordenen"):
        assert danish not in text and danish not in message["Subject"], danish


def test_a_danish_follow_keeps_its_danish_digest_beside_an_english_address(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Socialudvalget"))
    add_follow(archive, FollowRequest("body", "bo@example.dk", "daily", target="Socialudvalget", language="en"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    send_digests(index_dir, settings, LINKS, NOW)
    messages = {m["To"]: m for m in inbox.messages}
    danish, english = parts(messages[ADDRESS])[0], parts(messages["bo@example.dk"])[0]
    assert messages[ADDRESS]["Subject"].endswith(" 1 nyt fund fra Socialudvalget (20. juni 2019)")
    assert danish.startswith("Nyt i mødearkivet (20. juni 2019): ") and "== Organ: Socialudvalget ==" in danish
    assert messages["bo@example.dk"]["Subject"].endswith(" 1 new find from Socialudvalget (20 June 2019)")
    assert english.startswith("New in the meeting archive (20 June 2019): ") and "== Body: Socialudvalget ==" in english


def _app_links(text: str) -> list[str]:
    return re.findall(r"https://arkiv\.example\.dk/[^\s\"<>]*", text)


@pytest.mark.parametrize("language", ["en", "da"])
def test_an_english_digest_links_to_the_apps_english_pages_and_a_danish_one_to_its_danish_pages(dirs, smtp,
                                                                                                 language):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    saved = dict(email=ADDRESS, frequency="weekly", language=language)
    add_follow(archive, FollowRequest("search", query="huslejestigninger", mode="lexical",
                                      filters={"bodies": ["Socialudvalget"]}, **saved))
    add_follow(archive, FollowRequest("body", target="Socialudvalget", **saved))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    send_digests(index_dir, settings, Links(app_url="https://arkiv.example.dk"), NOW)  # originals: the app too
    text, html_part = parts(inbox.messages[0])
    links = _app_links(text) + [html.unescape(link) for link in _app_links(html_part)]
    assert any("/moede?moede=" in link for link in links) and any("/?q=huslejestigninger" in link for link in links)
    if language == "en":
        assert all(link.endswith("&lang=en") for link in links)
    else:
        assert not any("lang=" in link for link in links)


def test_an_address_whose_follows_differ_reads_the_language_of_most_of_them_danish_on_a_tie():
    from indexer.alerts.words import digest_language

    assert digest_language(["en", "en", "da"]) == "en"
    assert digest_language(["en", "da"]) == "da" and digest_language([]) == "da"
    assert digest_language(["da", "da", "en"]) == "da"


def test_a_follow_keeps_the_language_it_was_made_in_and_following_again_changes_nothing(dirs):
    from indexer.alerts import save_follow

    archive = opened(dirs[1])
    made = save_follow(archive, FollowRequest("case", ADDRESS, target="2019-0001", language="en")).follow
    again = save_follow(archive, FollowRequest("case", ADDRESS, target="2019-0001", language="da"))
    assert made.language == "en" and (again.new, again.follow) == (False, made)
    assert save_follow(archive, FollowRequest("body", ADDRESS, target="Socialudvalget")).follow.language == "da"
    with pytest.raises(InvalidInput, match="unknown language 'de'"):
        save_follow(archive, FollowRequest("body", ADDRESS, target="Dialogforum", language="de"))
    assert [f.language for f in list_follows(dirs[1])] == ["en", "da"]


def _two_follows(index_dir) -> list:
    """A case follow and a saved search, of two addresses (for the upgrades below)."""
    archive = opened(index_dir)
    made = [add_follow(archive, FollowRequest("case", ADDRESS, target="2019-0001")),
            saved_search(archive, email_address="bo@example.dk")]
    archive.close()
    return made


def test_an_index_from_before_follows_kept_a_language_keeps_its_follows_as_danish(dirs, monkeypatch):
    from indexer.errors import IndexUnwritable
    from indexer.store import Store

    made = _two_follows(dirs[1])
    with sqlite3.connect(dirs[1] / "archive.sqlite") as conn:  # as an upgrade finds it
        conn.execute("ALTER TABLE follows DROP COLUMN language")
    with monkeypatch.context() as read_only:  # nothing can be added where it cannot be written
        read_only.setattr("indexer.store.core._writable", lambda db_path: False)
        with pytest.raises(IndexUnwritable, match="written by an older version"):
            Store.open(dirs[1])
    kept = list_follows(dirs[1])  # opened to write: the column is added, nothing is lost
    assert [(f.id, f.kind, f.email, f.language) for f in kept] == [(f.id, f.kind, f.email, "da") for f in made]
    with sqlite3.connect(dirs[1] / "archive.sqlite") as conn:
        assert "language" in {r[1] for r in conn.execute("PRAGMA table_info(follows)")}


def test_an_index_from_before_addresses_confirmed_follows_keeps_its_follows_active_and_folds_addresses(dirs):
    made = _two_follows(dirs[1])
    with sqlite3.connect(dirs[1] / "archive.sqlite") as conn:  # as an upgrade finds it
        conn.execute("ALTER TABLE follows DROP COLUMN confirmed_at")
        conn.execute("ALTER TABLE follows DROP COLUMN confirm_sent_at")
        conn.execute("UPDATE follows SET email = 'Bo@Example.DK' WHERE id = ?", (made[1].id,))
        conn.execute("DELETE FROM alert_settings WHERE key = 'addresses_folded'")
    kept = list_follows(dirs[1])  # opened to write: the columns are added, every follow kept as it worked
    assert [(f.id, f.email, f.pending) for f in kept] == [(made[0].id, ADDRESS, False),
                                                          (made[1].id, "bo@example.dk", False)]
    assert list_follows(dirs[1], "BO@example.dk") == [kept[1]]


def test_one_address_is_one_subscriber_whatever_its_case_or_spacing(dirs, smtp):
    inbox, settings = smtp
    archive = opened(dirs[1])
    first = saved_search(archive, email_address="A@Example.DK ")
    again = saved_search(archive, email_address="a@example.dk")
    case = add_follow(archive, FollowRequest("case", "a@EXAMPLE.dk", "daily", target="2019-0001"))
    assert first.email == "a@example.dk" and again.id == first.id
    assert {f.email for f in list_follows(dirs[1])} == {"a@example.dk"} and case.id != first.id
    add_later(*dirs)
    collect(opened(dirs[1]), NOW)
    assert len(send_digests(dirs[1], settings, LINKS, NOW).sent) == 1  # one digest for the person
    assert [m["To"] for m in inbox.messages] == ["a@example.dk"]


def test_a_body_not_named_in_full_is_refused_with_the_closest_bodies_and_every_body():
    names = ArchiveNames(bodies=frozenset({"Byråd 2022-2025", "Socialudvalget", "Dialogforum"}), paths=frozenset(),
                         has_case=lambda c: False)
    said = follow_problem(FollowRequest("body", ADDRESS, target="Byråd"), names)
    assert said == ("the archive holds no meetings of the body 'Byråd'; did you mean 'Byråd 2022-2025'? "
                    "the archive has: Byråd 2022-2025, Dialogforum, Socialudvalget")
    assert "did you mean 'Socialudvalget'" in follow_problem(FollowRequest("body", ADDRESS, target="Socialudvalg"),
                                                              names)
    nothing_close = follow_problem(FollowRequest("body", ADDRESS, target="Teknik"), names)
    assert "did you mean" not in nothing_close and "the archive has: Byråd 2022-2025" in nothing_close
    # typed without æ, ø, å ("Byraad"): the body so written
    assert "did you mean 'Byråd 2022-2025'?" in follow_problem(FollowRequest("body", ADDRESS, target="Byraad"), names)


def test_a_body_asked_for_by_another_form_of_its_name_suggests_the_body_of_that_stem_first():
    names = ArchiveNames(bodies=frozenset({"Byråd 2022-2025", "Spørgsmål / Svar til Byrådet 2022-2025", "Byraadet",
                                           "Socialudvalget"}), paths=frozenset(), has_case=lambda c: False)
    said = follow_problem(FollowRequest("body", ADDRESS, target="Byrådet"), names)
    # the names sharing the word's stem at its start (an older spelling without å is the same word),
    # then one merely holding the word
    assert "did you mean 'Byraadet' or 'Byråd 2022-2025' or 'Spørgsmål / Svar til Byrådet 2022-2025'?" in said
    assert "did you mean 'Socialudvalget'?" in follow_problem(FollowRequest("body", ADDRESS, target="Socialudvalgt"),
                                                               names)


def test_a_body_asked_for_by_one_part_of_its_name_suggests_the_body_of_that_part():
    names = ArchiveNames(bodies=frozenset({"Klima-, Teknik- og Miljøudvalget", "Økonomiudvalget",
                                           "Skole-, Børne- og Ungeudvalget"}), paths=frozenset(), has_case=lambda c: False)
    said = follow_problem(FollowRequest("body", ADDRESS, target="Teknikudvalget"), names)
    assert "did you mean 'Klima-, Teknik- og Miljøudvalget'" in said  # before a typo's likeness, "Økonomiudvalget"
    assert "did you mean 'Skole-, Børne- og Ungeudvalget'" in follow_problem(
        FollowRequest("body", ADDRESS, target="Skoleudvalget"), names)


def test_making_a_follow_checks_what_it_names(dirs):
    archive = opened(dirs[1])
    with pytest.raises(InvalidInput, match="no meetings of the body"):
        add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Økonomiudvalget"))
    with pytest.raises(InvalidInput, match="no documents of case"):
        add_follow(archive, FollowRequest("case", ADDRESS, "daily", target="1999-9999"))
    with pytest.raises(InvalidInput, match="frequency"):
        add_follow(archive, FollowRequest("body", ADDRESS, "hourly", target="Socialudvalget"))
    with pytest.raises(InvalidInput, match="needs a query"):
        add_follow(archive, FollowRequest("search", ADDRESS, "daily", query=" ?! "))
    with pytest.raises(InvalidInput, match="only leaves words out"):  # as a search says of "-husleje"
        add_follow(archive, FollowRequest("search", ADDRESS, "daily", query="-husleje"))
    for bad in ("anna", "anna@example", "anna@example.dk\r\nBcc: x@y.dk", "a b@example.dk", "<a@b.dk>"):
        with pytest.raises(InvalidInput, match="not an e-mail address"):
            check_email(bad)
    assert list_follows(dirs[1]) == []


def test_following_what_an_address_already_follows_stores_nothing_new(dirs):
    from indexer.alerts import save_follow

    archive = opened(dirs[1])
    first = saved_search(archive, "weekly", bodies=["Socialudvalget", "Dialogforum"])
    # The same search asked for again: other case and spacing of its words, its filters in another
    # order, another frequency and mode, the address in other case: the follow the address has.
    again = save_follow(archive, FollowRequest("search", "Anna@Example.DK", "daily", query="  Huslejestigninger ",
                                               filters={"bodies": ["Dialogforum", "Socialudvalget"]}, mode="hybrid"))
    assert (again.new, again.follow) == (False, first)
    assert saved_search(archive, bodies=["Socialudvalget", "Dialogforum"]) == first  # add_follow: the same one
    document = "socialudvalget/2019-05-02-referat.txt"
    for kind, target in (("case", "2019-0001"), ("body", "Socialudvalget"), ("document", document)):
        made = save_follow(archive, FollowRequest(kind, ADDRESS, "daily", target=target))
        repeated = save_follow(archive, FollowRequest(kind, ADDRESS, "weekly", target=f" {target} "))
        assert made.new and (repeated.new, repeated.follow) == (False, made.follow), kind
    # Another filter, another address, another body: each is another follow.
    assert save_follow(archive, FollowRequest("search", ADDRESS, query="huslejestigninger",
                                              filters={"bodies": ["Socialudvalget"]})).new
    assert saved_search(archive, email_address="bo@example.dk", bodies=["Socialudvalget", "Dialogforum"]) != first
    assert save_follow(archive, FollowRequest("body", ADDRESS, target="Dialogforum")).new
    assert len(list_follows(dirs[1])) == 7
    assert [f.frequency for f in list_follows(dirs[1]) if f.kind == "case"] == ["daily"]  # kept as it was


def test_an_address_at_its_ceiling_is_refused_more_but_told_what_it_already_follows(dirs):
    from indexer.alerts import TooManyFollows, save_follow

    archive = opened(dirs[1])
    case = save_follow(archive, FollowRequest("case", ADDRESS, target="2019-0001"), max_per_address=1).follow
    with pytest.raises(TooManyFollows, match="as much as one address may"):
        save_follow(archive, FollowRequest("body", "ANNA@example.dk", target="Socialudvalget"), max_per_address=1)
    same = save_follow(archive, FollowRequest("case", ADDRESS, target="2019-0001"), max_per_address=1)
    assert (same.new, same.follow) == (False, case) and list_follows(dirs[1]) == [case]


def test_a_follow_whose_body_is_gone_is_reported_and_the_run_goes_on(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    gone = add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Dialogforum"))
    kept = saved_search(archive, bodies=["Socialudvalget"])
    (archive_dir / "dialogforum" / "2019-03-01-referat.txt").unlink()
    add_later(archive_dir, index_dir)
    (archive_dir / "dialogforum" / "2019-06-10-referat.txt").unlink()
    build(archive_dir, index_dir, embedder=HashEmbedder())
    report = collect(archive, NOW)
    assert [fid for fid, _ in report.problems] == [gone.id] and "Dialogforum" in report.problems[0][1]
    assert report.added.get(kept.id)  # the other follow was still checked
    assert collect(archive, NOW).added == {}  # reported to its owner once, not every run
    sent = send_digests(index_dir, settings, LINKS, NOW)
    assert len(sent.sent) == 1 and not sent.pending
    text, _ = parts(inbox.messages[0])
    assert "kan ikke længere tjekkes" in text and "Dialogforum" in text


# -- digests -----------------------------------------------------------------------------------------
def test_a_digest_is_one_message_with_citations_links_and_escaped_html(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    search = saved_search(archive, bodies=["Socialudvalget"])
    case = add_follow(archive, FollowRequest("case", ADDRESS, "daily", target="2019-0001"))
    add_follow(archive, FollowRequest("body", "bo@example.dk", "daily", target="Dialogforum"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    report = send_digests(index_dir, settings, LINKS, NOW)
    assert sorted(e for e, _ in report.sent) == ["anna@example.dk", "bo@example.dk"]
    mine = [m for m in inbox.messages if m["To"] == ADDRESS]
    assert len(mine) == 1  # one message per person per period, however many follows
    message = mine[0]
    text, html_part = parts(message)
    assert "Søgning »huslejestigninger« (Socialudvalget)" in text and "Sag 2019-0001" in text
    assert "Socialudvalget · 6. juni 2019 · Referat Socialudvalget 6. juni 2019" in text
    assert "sag 2019-0001" in text  # the case note's citation
    assert "https://arkiv.example.dk/moede?moede=socialudvalget%2F2019-06-06-referat.txt" in text
    assert "https://dokumenter.example.dk/sager/2019-0001-opfoelgning.txt" in text
    # the document's own "<b>med</b>" is text, in the plain part as written and escaped in the HTML
    assert "<b>med</b>" in text and "&lt;b&gt;med&lt;/b&gt;" in html_part and "<b>med</b>" not in html_part
    key = signing_key(index_dir)
    assert LINKS.unsubscribe(follow_token(key, search.id)) in text
    assert LINKS.unsubscribe(follow_token(key, case.id)) in text
    assert message["List-Unsubscribe"] == f"<{LINKS.unsubscribe(email_token(key, ADDRESS))}>"
    assert send_digests(index_dir, settings, LINKS, NOW).sent == []  # never twice
    assert len(inbox.envelopes) == 2


def test_a_mail_server_down_for_a_moment_is_asked_again_within_the_run(dirs, smtp, monkeypatch):
    import smtplib

    inbox, settings = smtp
    index_dir = dirs[1]
    searched_later(*dirs, FollowRequest("search", ADDRESS, query="huslejestigninger", mode="lexical"))
    tries, real = [], smtplib.SMTP

    def starting(*args, **kwargs):  # refuses the first connection, as a server still starting does
        tries.append(args)
        if len(tries) == 1:
            raise ConnectionRefusedError(111, "Connection refused")
        return real(*args, **kwargs)

    monkeypatch.setattr("indexer.alerts.mail.smtplib.SMTP", starting)
    report = send_digests(index_dir, replace(settings, retry_wait=0), LINKS, NOW)
    assert [e for e, _ in report.sent] == [ADDRESS] and len(tries) == 2 and len(inbox.envelopes) == 1


def test_smtp_down_keeps_the_digest_pending_until_the_next_run_sends_it_once(dirs, smtp):
    inbox, settings = smtp
    index_dir = dirs[1]
    searched_later(*dirs, FollowRequest("search", ADDRESS, query="huslejestigninger", mode="lexical"))
    down = SmtpSettings(host="127.0.0.1", port=free_port(), sender=settings.sender, timeout=2, retry_wait=0)
    report = send_digests(index_dir, down, LINKS, NOW)
    assert report.sent == [] and [e for e, _ in report.pending] == [ADDRESS]
    with alert_store(index_dir) as store:
        [digest] = store.digests()
    assert digest["sent_at"] is None and digest["attempts"] == 1 and digest["last_error"]
    later = send_digests(index_dir, settings, LINKS, NOW)
    assert [e for e, _ in later.sent] == [ADDRESS] and len(inbox.envelopes) == 1
    assert send_digests(index_dir, settings, LINKS, NOW).sent == [] and len(inbox.envelopes) == 1


def test_weekly_follows_get_at_most_one_digest_a_week(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    archive = opened(index_dir)
    saved_search(archive, frequency="weekly", bodies=["Socialudvalget"])
    add_follow(archive, FollowRequest("body", ADDRESS, "weekly", target="Dialogforum"))
    write_files(archive_dir, {k: v for k, v in LATER.items() if k.startswith("socialudvalget")})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    monday, wednesday, next_monday = (datetime(2019, 6, d, 8, tzinfo=timezone.utc) for d in (17, 19, 24))
    collect(archive, monday)
    assert len(send_digests(index_dir, settings, LINKS, monday).sent) == 1
    write_files(archive_dir, {k: v for k, v in LATER.items() if k.startswith("dialogforum")})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    collect(archive, wednesday)
    held = send_digests(index_dir, settings, LINKS, wednesday)
    assert held.sent == [] and held.later == [ADDRESS] and len(inbox.envelopes) == 1
    assert len(send_digests(index_dir, settings, LINKS, next_monday).sent) == 1
    text, _ = parts(inbox.messages[1])
    assert "Organ: Dialogforum" in text and "Søgning" not in text
    assert period_of("weekly", monday) == period_of("weekly", wednesday) == "2019-W25"


def test_smtp_settings_come_from_the_environment_and_never_show_the_password():
    settings = SmtpSettings.from_env({"INDEXER_SMTP_HOST": "smtp.example.dk", "INDEXER_SMTP_USER": "arkiv",
                                      "INDEXER_SMTP_PASSWORD": "hemmelig", "INDEXER_SMTP_FROM": "arkiv@example.dk"})
    assert (settings.host, settings.port, settings.starttls, settings.user, settings.sender) == (
        "smtp.example.dk", 587, True, "arkiv", "arkiv@example.dk")
    assert "hemmelig" not in repr(settings)
    plain = SmtpSettings.from_env({"INDEXER_SMTP_HOST": "localhost", "INDEXER_SMTP_STARTTLS": "0"})
    assert (plain.port, plain.starttls) == (25, False)
    with pytest.raises(InvalidInput, match="INDEXER_SMTP_HOST"):
        SmtpSettings.from_env({})


def test_the_one_click_unsubscribe_header_is_the_literal_url_in_the_sent_bytes(dirs, smtp):
    archive_dir, index_dir = dirs
    inbox, settings = smtp
    saved_search(opened(index_dir))
    add_later(archive_dir, index_dir)
    collect(opened(index_dir), NOW)
    links = Links(app_url="http://127.0.0.1:8501", api_url="http://127.0.0.1:8765")
    send_digests(index_dir, settings, links, NOW)
    [envelope] = inbox.envelopes
    raw = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
    url = links.unsubscribe(email_token(signing_key(index_dir), ADDRESS))
    assert len(url) > 78  # longer than a default-folded header line
    assert f"List-Unsubscribe: <{url}>".encode() in raw  # never RFC 2047 encoded words
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw


# -- unsubscribing -------------------------------------------------------------------------------------
def test_an_unsubscribe_token_removes_its_follow_and_a_forged_one_nothing(dirs):
    archive = opened(dirs[1])
    mine, other = saved_search(archive), saved_search(archive, email_address="bo@example.dk")
    key = signing_key(dirs[1])
    token = follow_token(key, mine.id)
    assert read_token(key, token) == f"follow:{mine.id}"
    forged = follow_token(b"another key", other.id)
    tampered = token.replace(token.split(".")[0], follow_token(key, other.id).split(".")[0])
    for bad in (forged, tampered, "nonsense", "a.b.c", ""):
        assert unsubscribe(dirs[1], bad) is None
    assert unsubscribe(dirs[1], token) == 1
    assert unsubscribe(dirs[1], token) == 0  # already gone: nothing more to do
    assert [f.id for f in list_follows(dirs[1])] == [other.id]
    assert unsubscribe(dirs[1], email_token(key, "bo@example.dk")) == 1 and list_follows(dirs[1]) == []


def test_a_token_is_valid_only_as_it_was_spelled():
    import string
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    token = follow_token(b"k", 7)
    # 16 signature bytes leave 4 spare bits in the last base64 character: 15 other spellings decode the same
    twins = [c for c in alphabet if c != token[-1] and alphabet.index(c) >> 4 == alphabet.index(token[-1]) >> 4]
    assert len(twins) == 15 and read_token(b"k", token) == "follow:7"
    assert all(read_token(b"k", token[:-1] + twin) is None for twin in twins)


def test_follows_are_kept_in_tables_a_rebuild_never_drops(dirs):
    from indexer.store.documents import _CONTENT_TABLES
    from indexer.store.follows import FOLLOWS_TABLES
    from indexer.store.schema import _DERIVED_TABLES

    assert not set(FOLLOWS_TABLES) & (set(_CONTENT_TABLES) | set(_DERIVED_TABLES))
    with sqlite3.connect(dirs[1] / "archive.sqlite") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(FOLLOWS_TABLES) <= tables


# -- feeds ---------------------------------------------------------------------------------------------
def searched_later(archive_dir: Path, index_dir: Path, request: FollowRequest) -> tuple[Archive, Follow, list]:
    """A saved search made now, the later meetings arriving and collected: (the archive, the follow, its matches)."""
    archive = opened(index_dir)
    follow = add_follow(archive, request)
    archive.close()
    add_later(archive_dir, index_dir)
    archive = opened(index_dir)
    collect(archive, NOW)
    return archive, follow, matches_of(index_dir, follow.id)


def test_feeds_are_valid_atom_citing_body_date_item_and_case(dirs):
    archive_dir, index_dir = dirs
    archive, search, found = searched_later(archive_dir, index_dir, FollowRequest(
        "search", ADDRESS, query="huslejestigninger", filters={"bodies": ["Socialudvalget"]}, mode="lexical"))
    feeds = {"search": search_feed(archive, search, found, LINKS, "feed-token"), "body": body_feed(archive, "Socialudvalget", LINKS),
             "case": case_feed(archive, "2019-0001", LINKS)}
    for name, xml in feeds.items():
        parsed = feedparser.parse(xml)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10" and parsed.entries, name
        for entry in parsed.entries:
            rels = {link.rel: link.href for link in entry.links}
            assert rels["alternate"].startswith("https://arkiv.example.dk/moede?moede=")
            assert rels["related"].startswith("https://dokumenter.example.dk/")
            assert "Socialudvalget" in entry.content[0].value
    body = feedparser.parse(feeds["body"])
    newest = body.entries[0]
    assert "6. juni 2019" in newest.title and "punkt 1" in newest.title and "Oversigt over huslejer" in newest.title
    assert "Beslutning (godkendt)" in newest.content[0].value
    case = feedparser.parse(feeds["case"])
    # each meeting that treated the case, newest first, with its decision (a note of the same day joins its meeting)
    titles = [e.title for e in case.entries]  # each names its agenda item: one meeting's items of a case tell apart
    assert [t.split(" · ")[0] for t in titles] == ["Referat Socialudvalget 6. juni 2019", "Referat Socialudvalget 2. maj 2019"]
    assert titles[0] == "Referat Socialudvalget 6. juni 2019 · punkt 1 Oversigt over huslejer på bostederne (2019-0001)"
    assert all("sag 2019-0001" in e.content[0].value and "Beslutning (godkendt)" in e.content[0].value
               for e in case.entries)
    search_entries = feedparser.parse(feeds["search"]).entries
    alternates = [link.href for e in body.entries for link in e.links if link.rel == "alternate"]
    assert all("&punkt=" in href for href in alternates)  # each item's link opens the meeting at it
    assert search_entries[0].published.startswith("2019-06-06")  # newest meeting first
    # a find is updated when it was found, so that a reader ages it as news, not by its meeting's day
    assert search_entries[0].updated == "2019-06-20T08:00:00+00:00"
    assert all("Dialogforum" not in e.content[0].value for e in search_entries)
    with pytest.raises(InvalidInput):
        body_feed(archive, "Økonomiudvalget", LINKS)


def test_a_body_or_case_feed_asked_for_in_english_is_worded_in_english(dirs):
    archive_dir, index_dir = dirs
    add_later(archive_dir, index_dir)
    archive = opened(index_dir)
    body = feedparser.parse(body_feed(archive, "Socialudvalget", LINKS, "en"))
    assert body.feed.title == "Meeting archive: Socialudvalget" and body.feed.language == "en"
    assert body.feed.links[0].href.endswith("/feeds/body/Socialudvalget.atom?language=en")
    newest = body.entries[0]
    assert "6 June 2019" in newest.title and "item 1" in newest.title and "Oversigt over huslejer" in newest.title
    assert "Decision (approved)" in newest.content[0].value and "Beslutning" not in newest.content[0].value
    case = feedparser.parse(case_feed(archive, "2019-0001", LINKS, "en"))
    assert case.feed.title == "Meeting archive: Case 2019-0001"
    assert [e.title.split(" · ")[0] for e in case.entries] == ["Referat Socialudvalget 6. juni 2019",  # the records'
                                                               "Referat Socialudvalget 2. maj 2019"]  # own titles
    assert " · item 1 Oversigt over huslejer" in case.entries[0].title


def test_a_case_feeds_page_link_opens_the_apps_case_page_not_a_search(dirs):
    """A search for the case number finds nothing (case numbers are not in the text); the case page
    shows the trail the feed follows."""
    archive = opened(dirs[1])
    parsed = feedparser.parse(case_feed(archive, "2019-0001", LINKS))
    assert parsed.feed.link == "https://arkiv.example.dk/sag?sag=2019-0001"


def test_a_case_body_or_saved_search_feed_in_english_links_to_the_apps_english_pages(dirs):
    archive_dir, index_dir = dirs
    archive, search, found = searched_later(archive_dir, index_dir, FollowRequest(
        "search", ADDRESS, query="huslejestigninger", mode="lexical", language="en"))
    feeds = {"case": case_feed(archive, "2019-0001", LINKS, "en"),
             "body": body_feed(archive, "Socialudvalget", LINKS, "en"),
             "search": search_feed(archive, search, found, LINKS, "feed-token")}
    for name, xml in feeds.items():
        parsed = feedparser.parse(xml)
        links = [parsed.feed.link] + [link.href for e in parsed.entries for link in e.links if link.rel == "alternate"]
        assert len(links) > 1 and all(link.endswith("&lang=en") for link in links), (name, links)
    assert feedparser.parse(feeds["case"]).feed.link == "https://arkiv.example.dk/sag?sag=2019-0001&lang=en"
    danish = feedparser.parse(case_feed(archive, "2019-0001", LINKS))
    assert danish.feed.link == "https://arkiv.example.dk/sag?sag=2019-0001"
    assert not any("lang=" in link.href for e in danish.entries for link in e.links)


def test_a_one_word_correction_changes_only_the_feed_entries_whose_words_changed(dirs):
    archive_dir, index_dir = dirs
    archive, search, _ = searched_later(archive_dir, index_dir, FollowRequest(
        "search", ADDRESS, query="huslejestigninger", filters={"bodies": ["Socialudvalget"]}, mode="lexical"))

    def entry_ids() -> dict[str, list[str]]:
        collect(archive, NOW)  # a correction's new words are news to the search
        found = matches_of(index_dir, search.id)
        feeds = {"search": search_feed(archive, search, found, LINKS, "feed-token"), "body": body_feed(archive, "Socialudvalget", LINKS),
                 "case": case_feed(archive, "2019-0001", LINKS)}
        return {name: [e.id for e in feedparser.parse(xml).entries] for name, xml in feeds.items()}

    before = entry_ids()
    june = archive_dir / "socialudvalget" / "2019-06-06-referat.txt"
    june.write_text(june.read_text(encoding="utf-8").replace("vedligeholdelsen", "den løbende vedligeholdelse"),
                    encoding="utf-8")
    build(archive_dir, index_dir, embedder=HashEmbedder())
    after = entry_ids()
    assert after == before and all(before.values())  # the file's content changed, no entry's words did
    assert len(set(before["search"])) == len(before["search"])  # and every id is its entry's own


# -- the command line ----------------------------------------------------------------------------------
def test_the_cli_collects_after_a_build_and_alerts_send_sends_or_exits_1(dirs, smtp, monkeypatch):
    from click.testing import CliRunner

    from indexer.cli import main

    archive_dir, index_dir = dirs
    inbox, settings = smtp
    saved_search(opened(index_dir), bodies=["Socialudvalget"])
    write_files(archive_dir, LATER)
    import indexer.build.run

    real_build = indexer.build.run.build
    monkeypatch.setattr(indexer.build.run, "build", lambda archive, index, **options: real_build(
        archive, index, embedder=HashEmbedder(), progress=options.get("progress")))  # no model
    rebuilt = CliRunner().invoke(main, ["build", str(archive_dir), "--index", str(index_dir)])
    assert rebuilt.exit_code == 0 and "3 indexed" in rebuilt.output
    assert "collect run" in rebuilt.output and "new matches" in rebuilt.output  # collected after the build
    assert "0 new matches" not in rebuilt.output
    monkeypatch.setenv("INDEXER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("INDEXER_SMTP_PORT", str(free_port()))  # nobody listens: the digest stays pending
    monkeypatch.setattr("indexer.alerts.mail.ATTEMPTS", 1)  # (asked once, not waited on)
    monkeypatch.setenv("INDEXER_SMTP_STARTTLS", "0")
    monkeypatch.setenv("INDEXER_APP_URL", "https://arkiv.example.dk")
    down = CliRunner().invoke(main, ["alerts", "send", "--index", str(index_dir)])
    assert down.exit_code == 1 and "1 pending" in down.output and "0 new matches" in down.output
    monkeypatch.setenv("INDEXER_SMTP_PORT", str(settings.port))
    sent = CliRunner().invoke(main, ["alerts", "send", "--index", str(index_dir)])
    assert sent.exit_code == 0 and "1 digest sent" in sent.output and len(inbox.envelopes) == 1
    assert "https://arkiv.example.dk/moede?moede=" in parts(inbox.messages[0])[0]
    listed = CliRunner().invoke(main, ["alerts", "list", "--index", str(index_dir), "--json"])
    assert json.loads(listed.output)["follows"][0]["email"] == ADDRESS


def test_the_cli_follows_once_lists_in_the_follows_language_and_unfollows(dirs):
    from click.testing import CliRunner

    from indexer.cli import main

    _, index_dir = dirs
    run = lambda *args: CliRunner().invoke(main, ["alerts", *args, "--index", str(index_dir)])  # noqa: E731
    made = run("follow", ADDRESS, "search", "huslejestigninger", "--body", "Socialudvalget", "--language", "en",
               "--mode", "lexical")
    assert made.exit_code == 0 and "follows Search “huslejestigninger” (Socialudvalget), weekly" in made.output
    again = run("follow", ADDRESS.upper(), "search", " Huslejestigninger ", "--body", "Socialudvalget", "--json")
    assert again.exit_code == 0 and json.loads(again.output)["new"] is False  # one follow, as in the app
    body = run("follow", "bo@example.dk", "body", "Dialogforum", "--frequency", "daily")
    assert body.exit_code == 0 and "follows Organ: Dialogforum, daily" in body.output
    listed = run("list").output.splitlines()
    assert "Search “huslejestigninger” (Socialudvalget)" in listed[0] and "Organ: Dialogforum" in listed[1]
    assert listed[-1] == "2 follows"
    # What the archive does not hold, a filter on a case follow and a bad address: one line, nothing stored.
    for bad, said in ((("body", "Byrådet"), "holds no meetings of the body 'Byrådet'"),
                      (("case", "2019-0001", "--from", "2019-01-01"), "narrow a search only")):
        refused = run("follow", ADDRESS, *bad)
        assert refused.exit_code != 0 and said in refused.output and "Traceback" not in refused.output
    assert run("follow", "no address", "case", "2019-0001").exit_code == 1
    gone = run("unfollow", "1", "99")
    assert gone.exit_code == 1 and "removed follow 1" in gone.output and "no follow 99" in gone.output
    assert [f.email for f in list_follows(index_dir)] == ["bo@example.dk"]
    assert run("list").output.splitlines()[-1] == "1 follow"
    from indexer.alerts.audit import entries

    assert [e.action for e in entries(index_dir)][:3] == ["unfollow", "follow", "follow"]


def test_alerts_list_shows_a_follow_its_address_has_not_confirmed_as_pending(dirs):
    from click.testing import CliRunner

    from indexer.alerts import save_follow
    from indexer.cli import main

    _, index_dir = dirs
    archive = opened(index_dir)
    save_follow(archive, FollowRequest("case", ADDRESS, target="2019-0001"), confirmed=False)
    add_follow(archive, FollowRequest("body", "bo@example.dk", target="Dialogforum"))
    listed = CliRunner().invoke(main, ["alerts", "list", "--index", str(index_dir)]).output.splitlines()
    assert "Sag 2019-0001  PENDING since" in listed[0] and "not confirmed" in listed[0]
    # the time on the readers' clock with its zone: a server on UTC would read it an hour off, unsaid
    made = datetime.fromisoformat(list_follows(index_dir)[0].created_at).astimezone(ZoneInfo("Europe/Copenhagen"))
    assert f"PENDING since {made:%Y-%m-%d %H:%M %Z} (" in listed[0] and f"{made:%Z}" in ("CET", "CEST")
    assert "PENDING" not in listed[1] and "checked" in listed[1] and listed[-1] == "2 follows, 1 pending"
    shown = json.loads(CliRunner().invoke(main, ["alerts", "list", "--index", str(index_dir), "--json"]).output)
    assert [f["status"] for f in shown["follows"]] == ["pending", "active"]
    # the secretariat following the same thing from the command line confirms it
    assert CliRunner().invoke(main, ["alerts", "follow", ADDRESS, "case", "2019-0001", "--index",
                                     str(index_dir)]).exit_code == 0
    assert [f.pending for f in list_follows(index_dir)] == [False, False]
    # a search's words may leave a word out, as `search` takes them; a query of such words alone is refused
    dashed = CliRunner().invoke(main, ["alerts", "follow", ADDRESS, "search", "-husleje", "--index", str(index_dir)])
    assert dashed.exit_code == 1 and "only leaves words out" in dashed.output and "No such option" not in dashed.output


def test_a_saved_search_for_words_the_records_never_use_is_kept_and_says_so(dirs, monkeypatch):
    from click.testing import CliRunner

    from indexer.cli import main
    from indexer.search import vocabulary

    monkeypatch.setattr(vocabulary, "MIN_PARAGRAPHS", 0)  # the small archive as a large one: its words are all
    _, index_dir = dirs
    made = CliRunner().invoke(main, ["alerts", "follow", ADDRESS, "search", "skolebuskørsel", "--index",
                                     str(index_dir)])
    assert made.exit_code == 0 and "note: the records so far never use 'skolebuskørsel'" in made.output
    assert [f.query for f in list_follows(index_dir)] == ["skolebuskørsel"]  # news when they do
    used = CliRunner().invoke(main, ["alerts", "follow", ADDRESS, "search", "huslejestigninger", "--index",
                                     str(index_dir), "--json"])
    assert json.loads(used.output)["unused_words"] == []


def _paragraph_matches(follow_id: int) -> list:
    """20 paragraphs of item 14 of one meeting (the best the 7th) and one of item 15, as a search finds them."""
    from indexer.store.follows import FollowMatch

    def paragraph(n: int, item: str, score: float) -> dict:
        return {"kind": "paragraph", "text": f"Afsnit {n} om spildevand", "document": "byraad/2023-11-06.pdf",
                "title": "Referat Byråd", "body": "Byråd 2022-2025", "date": "2023-11-06", "item_number": item,
                "item_title": "Spildevandsplan", "case_number": "23-000123", "page": 3, "score": score}

    payloads = [paragraph(n, "14", 0.9 if n == 7 else 0.5) for n in range(1, 21)] + [paragraph(21, "15", 0.4)]
    return [FollowMatch(n, follow_id, "paragraph", f"k{n}", "t", payload) for n, payload in enumerate(payloads, 1)]


def test_a_search_digest_shows_one_entry_per_agenda_item_naming_its_paragraphs_with_the_best_one():
    from indexer.alerts.digest import compose

    follow = Follow(1, "search", None, "spildevand", {}, "hybrid", ADDRESS, "daily", "t", "t", 0)
    message = compose(ADDRESS, "daily", "2026-12-05", [(follow, _paragraph_matches(1))], LINKS, b"k" * 32,
                      "moedearkiv@example.dk")
    text, html_part = parts(message)
    assert "2 nye fund" in message["Subject"] and "(5. december 2026): 2 nye fund" in text
    assert "1. Nyt fund (20 afsnit): Byråd 2022-2025 · 6. november 2023" in text
    assert "Afsnit 7 om spildevand" in text and "Afsnit 1 om spildevand" not in text  # the best one shown
    assert "2. Nyt fund: Byråd 2022-2025" in text and "punkt 15 Spildevandsplan" in text
    assert "Nyt fund (20 afsnit)" in html_part


def test_an_english_digest_cites_its_dates_and_words_in_english():
    from indexer.alerts.digest import compose

    follow = Follow(1, "search", None, "spildevand", {}, "hybrid", ADDRESS, "daily", "t", "t", 0, language="en")
    text, _ = parts(compose(ADDRESS, "daily", "2026-12-05", [(follow, _paragraph_matches(1))], LINKS, b"k" * 32,
                            "moedearkiv@example.dk"))
    assert "(5 December 2026): 2 new finds" in text and "New find (20 paragraphs)" in text
    assert ("Byråd 2022-2025 · 6 November 2023 · Referat Byråd · item 14 Spildevandsplan · page 3 · case 23-000123"
            in text)  # the archive's own words (body, title, item title) as they are
    assert "6. november 2023" not in text and " punkt " not in text


def _meeting_matches(follow_id: int, stored_text: str = "") -> list:
    """What a body follow collects from one meeting: the meeting (its two items decided) and the decisions of
    its items, and a decision of another meeting whose entry is not in the digest."""
    from indexer.store.follows import FollowMatch

    minutes = "byraad/2023-11-06.pdf"
    items = [{"number": "14", "title": "Spildevandsplan", "page": 3, "document": minutes, "outcome": "approved",
              "decision": "Godkendt."},
             {"number": "15", "title": "Vejnavne", "page": 5, "document": minutes, "outcome": "postponed",
              "decision": "Udsat."}]
    meeting = {"kind": "meeting", "document": minutes, "documents": [minutes], "title": "Referat Byråd",
               "body": "Byråd 2022-2025", "date": "2023-11-06", "items": items, "text": stored_text}

    def decision(document: str, date: str, number: str, outcome: str, text: str) -> dict:
        return {"kind": "decision", "document": document, "title": "Referat Byråd", "body": "Byråd 2022-2025",
                "date": date, "item_number": number, "item_title": "Punktets titel", "outcome": outcome,
                "text": text, "page": 3}

    payloads = [meeting, decision(minutes, "2023-11-06", "14", "approved", "Godkendt."),
                decision(minutes, "2023-11-06", "15", "postponed", "Udsat."),
                decision("byraad/2023-10-02.pdf", "2023-10-02", "7", "rejected", "Forkastet af flertallet.")]
    return [FollowMatch(n, follow_id, p["kind"], f"k{n}", "t", p) for n, p in enumerate(payloads, 1)]


def test_an_english_digest_words_a_meetings_agenda_in_english_even_as_stored_in_danish():
    from indexer.alerts.digest import compose

    for language, said in (("en", "2 agenda items"), ("da", "2 punkter på dagsordenen")):
        follow = Follow(1, "body", "Byråd 2022-2025", None, {}, "hybrid", ADDRESS, "daily", "t", "t", 0,
                        language=language)
        for stored in ("", "2 punkter på dagsordenen"):  # a match collected before kept Danish words
            text = parts(compose(ADDRESS, "daily", "2023-11-07", [(follow, _meeting_matches(1, stored))], LINKS,
                                 b"k" * 32, "moedearkiv@example.dk"))[0]
            assert f"\n   {said}\n" in text.replace("\r\n", "\n"), (language, stored)
            if language == "en":
                assert " punkt " not in text and "Beslutning" not in text and "dagsordenen" not in text


def test_a_meetings_payload_keeps_no_words_of_one_language(dirs):
    archive_dir, index_dir = dirs
    archive = opened(index_dir)
    follow = add_follow(archive, FollowRequest("body", ADDRESS, "daily", target="Socialudvalget", language="en"))
    add_later(archive_dir, index_dir)
    collect(archive, NOW)
    [meeting] = [m.payload for m in matches_of(index_dir, follow.id) if m.kind == "meeting"]
    assert meeting["text"] == "" and len(meeting["items"]) == 2


def test_a_bodys_feed_holds_whole_meetings_up_to_its_entries(tmp_path, monkeypatch):
    """Five council meetings of 50 items each: the feed capped at 50 items showed one meeting's first 50."""
    from indexer.alerts import feeds

    from .firstagenda import write_meeting

    archive_dir = tmp_path / "archive"
    for day in ("2022-10-03", "2022-11-07", "2022-12-12"):
        write_meeting(archive_dir / "by", "Byråd", day, [(f"22-00{n}", f"Punkt {n} den {day}",
                                                          [("Beslutning", "Godkendt.")]) for n in range(1, 4)])
    build(archive_dir, tmp_path / "index", embedder=HashEmbedder())
    archive = opened(tmp_path / "index")
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 4)
    titles = [e.title for e in feedparser.parse(body_feed(archive, "Byråd", LINKS)).entries]
    assert len(titles) == 6  # the newest meeting's 3 items, then the one before it whole
    assert sum("12. december 2022" in title for title in titles) == 3
    assert sum("7. november 2022" in title for title in titles) == 3


def test_a_meeting_systems_own_data_is_linked_as_its_meeting_in_the_app_never_as_a_file():
    """A FirstAgenda .json holds closed items' text: a mail's "Originalen" never hands it out."""
    assert LINKS.original("greve/oeu/2022-01-24_x.json", item_number="3").startswith("https://arkiv.example.dk/moede?")
    assert LINKS.original("edoc/eDocAgendaPublishing.xml").startswith("https://arkiv.example.dk/moede?")
    assert LINKS.original("pdfs/referat.pdf", page=4) == "https://dokumenter.example.dk/pdfs/referat.pdf#page=4"
