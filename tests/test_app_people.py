"""The people page in the app: reached from the meeting view's attendees and from result cards with a
speaker; a person's other spellings, meetings attended and missed, votes, proposals and statements.

Streamlit AppTest on the small hashed index of `test_app` (no model), and on `test_people`'s for a name
written two ways; their fixtures are reused.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest

from .test_app import MEETING, app, app_setup, built, dirs, no_errors, open_page, search  # noqa: F401
from .test_people import AWAY_DAY, BY, away_index, index_dir, party_votes_index  # noqa: F401


def person_links(at) -> dict[str, str]:
    """The links to people's pages: label → the name the link carries."""
    return {link.proto.label: parse_qs(link.proto.query_string)["person"][0]
            for link in at.get("page_link") if link.proto.page == "personer"}


def test_the_meeting_views_attendees_link_to_their_pages(dirs):
    at = no_errors(open_page("moede", moede=MEETING))
    links = person_links(at)
    assert links["Lolan Ottesen"] == "Lolan Ottesen" and links["Birte Kramhøft"] == "Birte Kramhøft"
    assert not any("(" in name for name in links.values())  # party and role are not part of the name


def test_a_persons_page_shows_meetings_attended_and_what_else_the_records_say(dirs):
    at = no_errors(open_page("personer", person="Lolan Ottesen"))
    assert at.selectbox(key="person").value == "Lolan Ottesen"
    page = "".join(h.proto.body for h in at.html)
    assert "Lolan Ottesen (A)" in page and "Sundheds- og Forebyggelsesudvalget, 4. december 2012" in page
    titles = [e.label for e in at.expander]
    assert "Til stede ved 1 møde" in titles and "Stemmer afgivet (0)" in titles
    # the committee's minutes name no speakers: said plainly, not an empty "Indlæg (0)"
    assert not any(title.startswith("Indlæg") for title in titles)
    assert any(c.value.startswith("Indlæg: referaterne fra Sundheds- og Forebyggelsesudvalget nævner ikke, hvem der "
                                  "sagde hvad") for c in at.caption)


def test_a_speaker_with_no_statements_in_a_body_with_speakers_keeps_the_section(dirs):
    at = no_errors(open_page("personer", person="Bertel Haarder"))
    assert any(e.label.startswith("Indlæg (") for e in at.expander)


def test_a_speakers_page_lists_what_they_said(dirs):
    at = no_errors(open_page("personer", person="Bertel Haarder"))
    statements = [h.proto.body for h in at.html if 'class="hit statement"' in h.proto.body]
    assert statements and any("Folketinget, 20. juni 2019" in s for s in statements)


def test_a_card_with_a_speaker_links_to_the_speakers_page(dirs):
    at = search(app(mode="lexical"), "plakathujende gadebillede")
    links = person_links(at)
    assert links.get("Alt fra Bertel Haarder") == "Bertel Haarder"


def test_an_unknown_person_is_said_plainly_and_the_list_offers_everyone(dirs):
    at = no_errors(open_page("personer", person="Nobody Here"))
    assert at.warning[0].value == "Arkivet nævner ingen med det navn."
    assert at.selectbox(key="person").value is None
    assert any("Lolan Ottesen" in option for option in at.selectbox(key="person").options)


def test_part_of_a_name_in_the_address_offers_the_people_it_may_mean(dirs):
    at = no_errors(open_page("personer", person="lolan"))
    assert at.warning[0].value == "Arkivet nævner ingen med det navn."
    offered = [link.proto for link in at.get("page_link") if link.proto.label.startswith("Mente du ")]
    assert [(link.label, link.query_string) for link in offered] == [("Mente du Lolan Ottesen?", "person=Lolan+Ottesen")]


def test_the_people_page_in_english(dirs):
    at = no_errors(open_page("personer", person="Lolan Ottesen", lang="en"))
    assert "Present at 1 meeting" in [e.label for e in at.expander]


@pytest.fixture
def two_spellings(index_dir, monkeypatch):  # noqa: F811
    """The app on an index naming Hans-Jørgen Kirstein also as Hans Jørgen Kirstein."""
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(index_dir.parent / "archive"))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index_dir))


@pytest.fixture
def party_votes(party_votes_index, monkeypatch):  # noqa: F811
    """The app on an index of a byråd voting by party letter."""
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(party_votes_index.parent / "archive"))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(party_votes_index))


@pytest.mark.parametrize("written", ["Hans Jørgen Kirstein", "hans-jørgen kirstein"])
def test_a_link_with_any_spelling_opens_the_person_with_their_other_spellings(two_spellings, written):
    at = no_errors(open_page("personer", person=written))
    assert at.selectbox(key="person").value == "Hans-Jørgen Kirstein"
    page = "".join(h.proto.body for h in at.html)
    assert "Også skrevet: Hans Jørgen Kirstein" in page
    assert any("Også skrevet: Linda Hegaard" in option for option in at.selectbox(key="person").options)


def test_a_persons_proposals_are_listed_with_where_and_what(two_spellings):
    at = no_errors(open_page("personer", person="Liselott Blixt"))
    shown = "".join(h.proto.body for h in at.html)
    assert "punkt 1 Salg af grund: Liselott Blixt (UP) stillede forslag om, at salget udsættes." in shown


def test_each_line_of_a_persons_page_links_to_its_meeting_at_the_agenda_item(two_spellings):
    at = no_errors(open_page("personer", person="Liselott Blixt"))
    shown = "".join(h.proto.body for h in at.html)
    # in a tab of its own: an HTML link reloads the app, and this page and a login stay in this one
    votes = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">Imod — [^<]*Salg af grund[^<]*'
                      r'<span class="visually-hidden"> \(åbner i en ny fane\)</span></a>', shown)  # and says so
    assert votes and votes.group(1).startswith("moede?moede=") and votes.group(1).endswith("&amp;punkt=1")
    english = "".join(h.proto.body for h in no_errors(open_page("personer", person="Liselott Blixt", lang="en")).html)
    votes = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">Against — [^<]*Salg af grund[^<]*'
                      r'<span class="visually-hidden"> \(opens in a new tab\)</span></a>', english)
    assert votes and votes.group(1).endswith("&amp;punkt=1&amp;lang=en")  # the meeting opens in English


def test_what_a_speaker_said_names_its_document_and_links_to_its_meeting(dirs):
    at = no_errors(open_page("personer", person="Bertel Haarder"))
    statements = [h.proto.body for h in at.html if 'class="hit statement"' in h.proto.body]
    assert statements and all('<a href="moede?moede=' in s for s in statements)
    assert all('<span class="visually-hidden"> (åbner i en ny fane)</span></a>' in s for s in statements)
    assert "Folketinget, 2. juli 2015, indledning · Folketingets møde nr. 1 den 2. juli 2015" in statements[0]


def test_a_partys_vote_is_listed_for_its_members_present_marked_by_party(party_votes):
    at = no_errors(open_page("personer", person="Bjarke Abel"))
    assert "Stemmer afgivet (2)" in [e.label for e in at.expander]
    shown = "".join(h.proto.body for h in at.html)
    assert ">For (A) — Byrådet, 7. marts 2022, punkt 1 Skattely" in shown  # his party's, marked
    assert ">Imod — Byrådet, 7. marts 2022, punkt 2 Parkering" in shown  # named: his own
    assert "2 stemmer" in shown  # the head counts both
    assert any(c.value.startswith("Heraf 1 ved partiets stemme") for c in at.caption)
    options = at.selectbox(key="person").options
    assert any(o.startswith("Bjarke Abel (A)") and "2 stemmer" in o for o in options)


@pytest.fixture
def away(away_index, monkeypatch):  # noqa: F811
    """The app on an index of a byråd meeting whose portal lists everyone present, its decisions saying who was not."""
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(away_index.parent / "archive"))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(away_index))
    return away_index


def test_the_meeting_page_says_who_was_away_and_who_stood_in_as_their_pages_do(away):
    document = next((away.parent / "archive" / "by").glob(f"{AWAY_DAY}_*.json")).name
    at = no_errors(open_page("moede", moede=f"by/{document}", lang="en"))
    shown = "".join(h.proto.body for h in at.html)
    assert ("<dt>Present</dt><dd>Hans-Jørgen Kirstein; Susanne Pahlmann (substitute for Mehmet Zeki Dogru)</dd>"
            in shown)
    assert "<dt>Apologies / absent</dt><dd>Mehmet Zeki Dogru (absent)</dd>" in shown
    assert {"Susanne Pahlmann", "Mehmet Zeki Dogru"} <= set(person_links(at).values())
    page = "".join(h.proto.body for h in no_errors(open_page("personer", person="Mehmet Zeki Dogru", lang="en")).html)
    assert "Byrådet, 2 October 2023 (absent)" in page
