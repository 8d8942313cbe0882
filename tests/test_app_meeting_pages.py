"""What a new reader met on the meeting and case pages, pinned: a sitting's opening named as such,
two sittings of one day told apart, a case page that says where to start, no "follow the body" on
a report, exports that make no Streamlit calls off the script run, and similar discussions that
are other discussions.

Streamlit AppTest on small indexes of their own (no model): two parliament sittings of 3 July
2015, a network group's annual report, the Ballerup minutes with one of their items filed again as
its own PDF, and five Greve meetings from the meeting system (one with a closed item); hashed
vectors for the pages, vectors from the words for similar discussions.
"""
from __future__ import annotations

import difflib
import hashlib
import html
import logging
import os
import re
import shutil
import sys
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from indexer import present
from indexer.build.run import build
from indexer.embed.embedder import ModelIdentity
from indexer.records import Hit
from indexer.search.archive import Archive
from indexer.search.rank import fingerprint
from ui.strings import WORDING

from .paths import DATA, sample_copy
from .test_app import APP, EMBEDDER, app_setup, headings, no_errors  # noqa: F401

SITTINGS = ("folketinget/folketinget-2015-07-03-1100.txt", "folketinget/folketinget-2015-07-03-1300.txt")
REPORT = "minutes/003_27f82d4ab2ec9f88.txt"  # an annual report: its author is no body that meets
MINUTES = "pdfs/ballerup_sfu_referat_2012-12-04.pdf"
ITEM_AGAIN = "pdfs/ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf"  # item 2 of MINUTES as its own PDF
ATTACHMENT = "pdfs/ballerup_sfu_bilag_kl_proces_naere_sundhedsvaesen.pdf"  # sent with MINUTES, by another body
GREVE = tuple(f"greve/social-og-handicapudvalget/{name}" for name in (
    "2024-01-08_1b87cbd6-d6aa-4aaf-86cf-49502b091d57.json", "2024-06-03_d5d6f260-f06f-48a1-b10c-c0fd7de82299.json",
    "2024-08-12_ae99f414-a31c-45f6-b2ac-0b514102a560.json", "2024-09-09_993522b9-c8d2-4e8a-88c0-af024ab47270.json"))
TWICE = "23-004340"  # a case on the first two Greve meetings
STANDING = ("21-014477", "21-014478")  # on every meeting: "Godkendelse af dagsorden", "Underskriftsark"
KFU = DATA / "meeting-systems" / "firstagenda-greve" / "2022-01-12_e5c0f0b2-a890-437d-a8c1-9f0965349a4c.json"
CLOSED = "21-016076"  # KFU's closed item "Henvendelser til formanden": its title only


@pytest.fixture(scope="session")
def pages_built(tmp_path_factory):
    root = tmp_path_factory.mktemp("meeting-pages")
    archive = sample_copy(root / "archive", (*SITTINGS, REPORT, MINUTES, ITEM_AGAIN, *GREVE))
    shutil.copy(KFU, archive / "greve" / KFU.name)
    report = build(archive, root / "index", embedder=EMBEDDER)
    assert not report.skipped, report.summary()
    return archive, root / "index"


@pytest.fixture
def pages_dirs(pages_built, monkeypatch):
    archive, index = pages_built
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    return pages_built


def open_page(url_path: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at._page_hash = calc_hash(url_path)
    return no_errors(at.run())


def page_html(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.html)


# -- 1. item 0 of a sitting ----------------------------------------------------------------------
def test_a_sittings_item_0_is_shown_as_its_opening_not_as_punkt_0(pages_dirs):
    at = open_page("moede", moede=SITTINGS[1])
    items = headings(at)
    assert "Indledning" in items, items
    assert not [h for h in items if "Punkt 0" in h], items
    english = headings(open_page("moede", moede=SITTINGS[1], lang="en"))
    assert "Opening" in english and not [h for h in english if "Item 0" in h], english


def test_a_link_to_an_agenda_item_marks_that_item_and_scrolls_to_it_once(pages_dirs):
    at = open_page("moede", moede=MINUTES, punkt="7")
    items = re.findall(r'<h4 class="hit-title">([^<]*)</h4>', page_html(at))  # the agenda items, in order
    number = next(i for i, h in enumerate(items) if h.startswith("Punkt 7"))
    assert f".st-key-item_{number} {{ border" in page_html(at)
    scripts = [e for e in at.main if e.type == "iframe" or "scrollIntoView" in str(getattr(e, "proto", ""))]
    assert scripts and f"st-key-item_{number}" in str(scripts[0].proto)
    again = no_errors(at.run())  # a rerun keeps the reader's place
    assert not [e for e in again.main if "scrollIntoView" in str(getattr(e, "proto", ""))]
    assert ".st-key-item_" not in page_html(open_page("moede", moede=MINUTES))


def test_item_0_and_number_only_titles_read_as_words_in_citations():
    hit = Hit(id="x-00001", score=1.0, text="Mødet er åbnet.", document="folketinget/f.txt", title="Folketingets møde",
              body="Folketinget", date="2015-07-03", doc_type="forhandlinger", page=None, heading=None, speaker=None,
              item_number="0", item_title="Punkt 0")
    assert present.item_words("0", "Punkt 0", WORDING["da"]) == "indledning"
    assert present.item_words("0", "Punkt 0", WORDING["en"]) == "opening"
    assert present.item_words("3", "Punkt 3", WORDING["da"]) == "punkt 3"
    assert present.item_words("2", "Tilgængelighed", WORDING["da"]) == "punkt 2 Tilgængelighed"
    assert present.item_words(None, None) is None
    assert present.citation(hit, WORDING["da"]).startswith("Folketinget, 2015-07-03, Folketingets møde, indledning (fil: ")
    assert '<div class="hit-detail">indledning</div>' in present.hit_html(hit, wording=WORDING["da"])


def meeting_links(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link") if link.proto.page == "moede"]


def test_the_meetings_list_narrows_to_a_body_and_lists_a_page_at_a_time(pages_dirs, monkeypatch):
    import ui.meeting

    at = open_page("moede")
    chooser = at.selectbox(key="meeting_body")
    assert chooser.label == "Organ" and chooser.value == "" and chooser.format_func("") == "Alle organer"
    everyone = meeting_links(at)
    assert "Folketinget" in chooser.options and "Social- og Handicapudvalget" in chooser.options
    at = no_errors(chooser.set_value("Social- og Handicapudvalget").run())
    shown = meeting_links(at)
    assert shown and len(shown) < len(everyone) and all("Social\\- og Handicapudvalget" in s for s in shown), shown
    monkeypatch.setattr(ui.meeting, "LISTED", 2)  # a long archive, in short
    at = open_page("moede")
    assert len(meeting_links(at)) == 2 and at.button(key="meetings_more").label == \
        f"Vis flere ({len(everyone) - 2} tilbage)"
    at.button(key="meetings_more").click()
    assert len(meeting_links(no_errors(at.run()))) == 4


# -- 2. the case page without a case --------------------------------------------------------------------
def test_the_case_page_without_a_case_says_how_to_get_there_and_offers_cases_to_start_from(pages_dirs):
    at = open_page("sag")
    assert any("Sagens forløb" in i.value for i in at.info), [i.value for i in at.info]
    assert at.text_input(key="case_number").placeholder == f"fx {TWICE}"  # a case the archive holds
    offered = [b for b in at.button if (b.key or "").startswith("case_example_")]
    assert offered and offered[0].label.startswith(f"{TWICE} · ".replace("-", "\\-")) and \
        offered[0].label.endswith("(2 møder)")  # the label is Markdown: the number and title escaped
    offered[0].click()
    at = no_errors(at.run())
    assert at.query_params.get("sag") in (TWICE, [TWICE])
    assert f"Sag {TWICE}" in page_html(at) and "Behandlet 2 gange" in " ".join(c.value for c in at.caption)
    english = open_page("sag", lang="en")
    assert any("The case's trail" in i.value for i in english.info)
    assert next(b.label for b in english.button if (b.key or "").startswith("case_example_")).endswith("(2 meetings)")


def test_a_case_the_archive_lacks_is_said_so_with_cases_to_start_from(pages_dirs):
    at = open_page("sag", sag="99-999999")
    assert "Arkivet har intet møde, der har behandlet denne sag." in [i.value for i in at.info]
    assert [b for b in at.button if (b.key or "").startswith("case_example_")]


@pytest.mark.parametrize("typed", ["without its dash", "without its leading zeros"])
def test_a_case_number_typed_without_its_dash_or_zeros_is_offered_as_written(pages_dirs, typed):
    year, number = TWICE.split("-")
    at = open_page("sag", sag=year + number if typed == "without its dash" else f"{year}-{int(number)}")
    meant = at.button(key="case_meant")
    assert meant.label == f"Mente du {TWICE}?".replace("-", "\\-")  # the label is Markdown, the number escaped
    meant.click()
    at = no_errors(at.run())
    assert at.query_params.get("sag") in (TWICE, [TWICE]) and f"Sag {TWICE}" in page_html(at)


def test_a_case_number_of_another_shape_is_told_how_case_numbers_are_written(pages_dirs):
    at = open_page("sag", sag="99-99")
    assert "Arkivet har intet møde, der har behandlet denne sag." in [i.value for i in at.info]
    assert f"Sagsnumre skrives ÅÅ-NNNNNN, som i referaterne: fx {TWICE}." in [c.value for c in at.caption]
    assert not [b for b in at.button if b.key in ("case_meant", "case_search")]


@pytest.mark.parametrize("typed", ["fælles hjælpemiddeldepot", "abc"])
def test_words_typed_as_a_case_number_are_offered_as_a_search(pages_dirs, typed):
    at = open_page("sag", sag=typed)
    told = [i.value for i in at.info]
    assert f"»{typed}« er ikke et sagsnummer. Sagsnumre skrives ÅÅ-NNNNNN, som i referaterne: fx {TWICE}." in told, told
    assert f"Sag {typed}" not in page_html(at)  # no case by that name
    at.session_state["organ"] = ["Folketinget"]  # a former search's filter
    at.button(key="case_search").click()
    at = no_errors(at.run())
    assert at.text_input(key="q").value == typed and at.multiselect(key="organ").value == []


def test_cases_offered_leave_out_standing_items_and_closed_ones(pages_built):
    cases = Archive.open(pages_built[1]).busiest_cases(50)
    assert cases[0][0] == TWICE and cases[0][2] == 2
    assert not [number for number, _, _ in cases if number in STANDING]
    assert "21-016078" in [number for number, _, _ in cases]  # KFU's open item 10
    assert CLOSED not in [number for number, _, _ in cases]  # a closed item's heading alone is not offered


# -- 3. two sittings on one day --------------------------------------------------------------------------------
def test_two_sittings_on_one_day_read_differently_in_every_list_of_meetings_and_documents(pages_dirs):
    at = open_page("moede")
    labels = [link.proto.label for link in at.get("page_link") if "3. juli 2015" in link.proto.label]
    assert labels == ["3. juli 2015 · Folketinget · kl. 13.00", "3. juli 2015 · Folketinget · kl. 11.00"]  # newest first
    options = at.selectbox(key="meeting").options
    assert len(set(options)) == len(options)
    search = open_page("soeg")
    documents = search.multiselect(key="dok").options
    sittings = [o for o in documents if o.startswith("2015-07-03")]
    assert len(sittings) == 2 and len(set(sittings)) == 2, sittings
    assert len(set(documents)) == len(documents)


def test_a_sittings_page_says_when_it_began(pages_dirs):
    for sitting, time in zip(SITTINGS, ("kl. 11.00", "kl. 13.00")):
        at = open_page("moede", moede=sitting)
        assert any(time in c.value for c in at.caption), [c.value for c in at.caption]
    english = open_page("moede", moede=SITTINGS[0], lang="en")  # as English writes a time
    assert any("at 11:00" in c.value for c in english.caption), [c.value for c in english.caption]


def test_distinct_shortened_cuts_alike_names_only_as_far_as_tells_them_apart():
    names = ["2015-07-03 Folketingets møde nr. 2 den 3. juli 2015 kl. 11:00",
             "2015-07-03 Folketingets møde nr. 3 den 3. juli 2015 kl. 13:00", "Kort navn", "Kort navn"]
    short = present.distinct_shortened(names, 34)
    assert short[0] != short[1] and all(len(s) < 45 for s in short[:2])
    assert short[2:] == ["Kort navn", "Kort navn"]  # the same in full stays the same


# -- 4. no "follow the body" on a report ---------------------------------------------------------------------
def follow_body_offered(at: AppTest) -> bool:
    return any(e.label.startswith(("Følg udvalget", "Follow the body")) for e in at.expander)


def test_a_report_offers_no_follow_the_body_but_minutes_do(pages_dirs):
    report = open_page("moede", moede=REPORT)
    assert "Netværksgruppen" in page_html(report)
    assert not follow_body_offered(report)
    assert "Referatet nævner ikke" not in " ".join(c.value for c in report.caption)  # a report has no minutes
    assert follow_body_offered(open_page("moede", moede=MINUTES))
    assert follow_body_offered(open_page("moede", moede=SITTINGS[0]))


# -- 5. exports off the script run ------------------------------------------------------------------------
class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def deferred_files(monkeypatch) -> dict[str, object]:
    """The download buttons' files by name, each the callable that makes it when the button is pressed."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return made


@pytest.mark.parametrize("where", ["search", "checklist"])
def test_exporting_results_makes_no_streamlit_calls_outside_the_script_run(pages_dirs, monkeypatch, where):
    made = deferred_files(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=60)
    if where == "search":
        at.query_params.update({"q": "Folketinget", "mode": "lexical"})
    else:  # the open follow-ups as a checklist
        at.session_state["d_view"] = "follow_ups"
        at._page_hash = calc_hash("beslutninger")
    no_errors(at.run())
    csv_export = next(call for name, call in made.items() if name and name.endswith(".csv"))
    # Streamlit makes the file on a thread of its own when the button is pressed, outside the run.
    records = Records()
    loggers = [logging.getLogger("streamlit")] + [logging.getLogger(name) for name in
                                                 list(logging.root.manager.loggerDict) if name.startswith("streamlit.")]
    for each in loggers:
        each.addHandler(records)
    out: dict[str, bytes] = {}
    streamlit_code: set[str] = set()

    def watch(frame, event, _arg):  # which Streamlit code runs on the download's thread
        if event == "call" and f"{os.sep}streamlit{os.sep}" in frame.f_code.co_filename:
            streamlit_code.add(f"{frame.f_code.co_filename.rsplit(os.sep, 2)[-1]}:{frame.f_code.co_name}")

    def download() -> None:
        sys.setprofile(watch)
        try:
            out["csv"] = csv_export()
        finally:
            sys.setprofile(None)

    try:
        worker = threading.Thread(target=download, name="download")
        worker.start()
        worker.join(60)
    finally:
        for each in loggers:
            each.removeHandler(records)
    data = out["csv"] if isinstance(out["csv"], bytes) else out["csv"].encode()
    assert data.startswith(b"\xef\xbb\xbf") and (b"Folketinget" in data or b"Sundheds" in data)
    assert not [m for m in records.messages if "ScriptRunContext" in m], records.messages
    # No session state, no cache, no widget: nothing there belongs to a script run (a cached
    # function read off the run is how "missing ScriptRunContext" starts).
    assert not streamlit_code, sorted(streamlit_code)[:10]


def test_the_checklist_is_titled_with_the_body_it_was_made_for(pages_dirs, monkeypatch):
    made = deferred_files(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["d_view"] = "follow_ups"
    at.session_state["d_organ"] = ["Sundheds- og Forebyggelsesudvalget"]
    at._page_hash = calc_hash("beslutninger")
    no_errors(at.run())
    day = datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat()  # the readers' day names the file
    assert f"opfoelgning-sundheds-og-forebyggelsesudvalget-{day}.csv" in made  # named after what it holds
    markdown = made[f"opfoelgning-sundheds-og-forebyggelsesudvalget-{day}.md"]()
    text = markdown if isinstance(markdown, str) else markdown.decode()
    assert text.startswith("# Åbne opfølgninger · Sundheds- og Forebyggelsesudvalget\n"), text[:120]


def test_the_follow_up_list_of_a_body_is_a_link_to_keep_or_send(pages_dirs):
    body = "Sundheds- og Forebyggelsesudvalget"
    at = open_page("beslutninger", visning="follow_ups", organ=body, status="done", fra="2012-01-01", til="2012-13-01")
    assert at.session_state["d_view"] == "follow_ups" and at.session_state["d_organ"] == [body]
    assert at.session_state["d_status"] == "done" and at.session_state["d_fra"].isoformat() == "2012-01-01"
    assert at.query_params["organ"] in (body, [body]) and at.query_params["status"] in ("done", ["done"])
    assert "til" not in at.query_params  # a date that is no date is left out, and the page says so
    assert [w.value for w in at.warning] == [
        "Linkets dato kan ikke læses og er udeladt: »2012\\-13\\-01« (en dato skrives ÅÅÅÅ-MM-DD)."]
    # a choice made on the page is written back to the address
    at.session_state["d_status"] = "open"
    at.session_state["d_organ"] = []
    no_errors(at.run())
    assert at.query_params["status"] in ("open", ["open"]) and "organ" not in at.query_params
    unknown = open_page("beslutninger", organ="No such body", visning="anything")
    assert not unknown.session_state["d_organ"] and unknown.session_state["d_view"] == "decisions"
    # every body's list is shown, and the page says why, never silently
    assert [w.value for w in unknown.warning] == [
        "Linket nævner noget, arkivet ikke har, og det er udeladt: »anything«, »No such body«."]



def test_back_on_the_follow_up_list_from_a_meeting_keeps_the_lists_choices(pages_dirs):
    body = "Sundheds- og Forebyggelsesudvalget"
    chosen = {"visning": "follow_ups", "organ": body, "status": "done"}
    at = open_page("beslutninger", **chosen)
    at.query_params.clear()
    at._page_hash = calc_hash("moede")  # a meeting linked from the list, then the browser's Back button
    no_errors(at.run())
    at.query_params.clear()
    at.query_params.update(chosen)
    at._page_hash = calc_hash("beslutninger")
    no_errors(at.run())
    assert at.session_state["d_view"] == "follow_ups" and at.session_state["d_organ"] == [body]
    assert at.query_params["organ"] in (body, [body]) and at.query_params["status"] in ("done", ["done"])

# -- 6. similar discussions ----------------------------------------------------------------------------------
class WordsEmbedder:
    """Vectors from the words a text holds (hashed into buckets), so that the same words give the
    same direction: near-identical paragraphs are each other's nearest, as with the real model."""

    dimension = 256
    identity = ModelIdentity(name="test/words-embedder", weights_sha256="1" * 64, dimension=dimension,
                             normalized=True)

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, np.float32)
        for word in re.findall(r"\w+", text.lower()):
            vector[int.from_bytes(hashlib.md5(word.encode()).digest()[:4], "big") % self.dimension] += 1
        return vector / (np.linalg.norm(vector) or 1)

    def embed_passages(self, texts, **_options) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if len(texts) else np.zeros((0, self.dimension), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def embed_queries(self, texts) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])


WORDS = WordsEmbedder()


def build_similar(root) -> tuple:
    """(archive, index) of the similar-discussions tests, here and in tests/test_api_related.py:
    `similar_built` (tests/conftest.py) builds it once a session for both."""
    archive = sample_copy(root / "archive", (*SITTINGS, MINUTES, ITEM_AGAIN, ATTACHMENT, *GREVE))
    report = build(archive, root / "index", embedder=WORDS)
    assert not report.skipped, report.summary()
    return archive, root / "index"


def near_same(a: str, b: str) -> bool:
    plain = [" ".join(re.findall(r"\w+", re.sub(r"\d+", "0", x.lower()))) for x in (a, b)]
    return difflib.SequenceMatcher(None, *plain).ratio() >= 0.85


def check_related(card, related: list, own_texts: list[str], meeting: set[str], shown: int = 5) -> None:
    """A card's similar discussions, checked: none of its own document's text or near its own
    paragraph, none twice; other meetings first, one paragraph a document, then its own meeting's
    other documents, then further paragraphs of documents already listed."""
    assert len(related) <= shown
    own = {fingerprint(text) for text in own_texts}
    assert not [r.document for r in related if r.document == card.document or fingerprint(r.text) in own], \
        "the card's own document again"
    assert not [r.text[:60] for r in related if near_same(r.text, card.text)], "the card's own text again"
    for number, first in enumerate(related):
        assert not [r.text[:60] for r in related[number + 1:] if near_same(first.text, r.text)], "a repeat in the list"
    seen: set[str] = set()
    kinds = []
    for r in related:
        kinds.append(2 if r.document in seen else 1 if r.document in meeting or (r.body, r.date) == (card.body, card.date)
                     else 0)
        seen.add(r.document)
    assert kinds == sorted(kinds), [(r.document, r.text[:40]) for r in related]


def cards_to_check(archive: Archive) -> list:
    minutes = {fingerprint(p.text): p for p in archive.document(MINUTES)}
    again = [p for p in archive.document(ITEM_AGAIN) if fingerprint(p.text) in minutes and len(p.text) > 120]
    assert again, "the item's own PDF repeats paragraphs of the minutes"
    # a standing item's wording, the same at every meeting but for its date
    agenda = next(p for p in archive.document(GREVE[-1]) if p.text.startswith("Godkendelse af dagsorden for mødet"))
    sittings = [p for sitting in SITTINGS for p in archive.document(sitting)[:1]  # a sitting's header line, speeches
                + [p for p in archive.document(sitting) if len(p.text) > 300][:3]]
    return [minutes[fingerprint(again[0].text)], agenda, *sittings]


def test_similar_discussions_never_repeat_the_cards_own_text_and_list_other_meetings_first(similar_built):
    archive = Archive.open(similar_built[1], embedder=WORDS)
    meetings = archive.meetings()
    ballerup = next(m for m in meetings if MINUTES in m.documents)
    assert ATTACHMENT in ballerup.attachments
    for card in cards_to_check(archive):
        own_texts = [p.text for p in archive.document(card.document)]
        ref = next(m for m in meetings if card.document in m.documents + m.attachments)
        meeting = {*ref.documents, *ref.attachments}
        related = present.other_discussions(card, archive.related(card.id, k=25), own_texts, k=5,
                                            meeting_documents=meeting)
        check_related(card, related, own_texts, meeting)
        assert related or card.text.startswith("Godkendelse af dagsorden")


def test_a_cards_similar_discussions_in_the_app_leave_out_the_cards_own_text(similar_built, monkeypatch):
    import ui.common

    archive_dir, index = similar_built
    monkeypatch.setattr(ui.common, "load_embedder", lambda: WORDS)
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive_dir))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"q": "bygningssyn prioriteret liste", "mode": "lexical"})
    at = no_errors(at.run())
    keys = [e.proto.id.split("-", 2)[-1] for e in at.expander if e.proto.id.split("-", 2)[-1].startswith("rel_")]
    links_before = len(at.get("page_link"))
    at.session_state[keys[0]] = True
    at = no_errors(at.run())
    card_id = keys[0].removeprefix("rel_")
    found = Archive.open(index, embedder=WORDS)
    card = next(p for document in (MINUTES, ITEM_AGAIN) for p in found.document(document) if p.id == card_id)
    shown = [re.sub(r"<[^>]+>", "", m) for h in at.html
             for m in re.findall(r'<p class="hit-text">(.*?)</p>', h.proto.body, re.DOTALL) if "<h3" in h.proto.body]
    assert shown, "similar discussions listed"
    own = [p.text for p in found.document(card.document)]
    shown = [html.unescape(text) for text in shown]
    assert not [text[:60] for text in shown if near_same(text, card.text)]
    assert not [text[:60] for text in shown if any(fingerprint(text) == fingerprint(o) for o in own)]
    # each similar discussion opens where it was said
    assert len(at.get("page_link")) - links_before == len(shown)


def hit(id_: str, document: str, text: str, body: str, date: str | None = "2012-12-04") -> Hit:
    return Hit(id=id_, score=0.9, text=text, document=document, title=None, body=body, date=date, doc_type=None,
               page=None, heading=None, speaker=None)


def test_other_discussions_put_the_cards_own_meeting_after_other_meetings_and_drop_its_repeats():
    card = hit("m-1", "referat.pdf", "Udvalget godkendte planen for bygningsvedligeholdelse 2013.", "Udvalget")
    candidates = [
        hit("p-1", "punkt02.pdf", "Udvalget godkendte planen for bygningsvedligeholdelse 2013.", "Udvalget"),  # filed again
        hit("p-2", "punkt02.pdf", "Sammendrag: det årlige bygningssyn er afsluttet.", "Udvalget"),  # the minutes say it too
        hit("b-1", "bilag.pdf", "Ejendomsoversigt over kommunens bygninger grupperet efter udvalg og prioritet.",
            "Center for Ejendomme"),
        hit("o-1", "other.pdf", "Udvalget godkendte planen for bygningsvedligeholdelse 2014.", "Udvalget", "2013-12-03"),
        hit("o-2", "other.pdf", "Skolernes tage skal udskiftes inden for fem år, oplyste forvaltningen.", "Udvalget",
            "2013-12-03"),
        hit("f-1", "ft.txt", "Vedligeholdelsen af offentlige bygninger er efterslæbt i hele landet.", "Folketinget",
            "2015-07-03"),
    ]
    own = [card.text, "Sammendrag: det årlige bygningssyn er afsluttet."]
    shown = present.other_discussions(card, candidates, own, k=5,
                                      meeting_documents=("referat.pdf", "punkt02.pdf", "bilag.pdf"))
    # the same plan a year later is the same words but for a number: a repeat, not another discussion
    assert [h.id for h in shown] == ["o-2", "f-1", "b-1"]


def test_similar_discussions_leave_out_headings_and_lines_too_short_to_be_a_discussion():
    card = hit("m-1", "referat.pdf", "Eva svarer, at der følges op på huslejestigningerne på næste møde.", "Dialogforum")
    heading = hit("h-1", "other.pdf", "2. Huslejestigninger på bostederne i kommunen og i regionen", "Udvalget",
                  "2013-12-03")
    heading.extra["is_heading"] = True
    candidates = [heading, hit("s-1", "other.pdf", "Dialogmødet blev gennemført.", "Udvalget", "2013-12-03"),
                  hit("d-1", "third.pdf", "Beboerne klagede over at huslejen var steget to gange på et år.", "Rådet",
                      "2014-01-08")]
    attachment = hit("b-1", "fourth.pdf", "Bilag: Bilag 1. Høringssvar om huslejen på bostederne fra beboerrådet",
                     "Rådet", "2014-02-03")
    attachment.heading = "Bilag"
    agenda = hit("a-1", "fifth.pdf", "Godkendelse af dagsorden for mødet den 8. januar 2024 i Dialogforum.", "Dialogforum",
                 "2024-01-08")
    agenda.item_title = "Godkendelse af dagsorden"
    candidates += [attachment, agenda]
    assert [h.id for h in present.other_discussions(card, candidates, k=5)] == ["d-1"]


def test_the_english_meeting_page_names_a_meeting_systems_meeting_in_english(pages_dirs):
    meeting = f"greve/{KFU.name}"
    english = page_html(open_page("moede", moede=meeting, lang="en"))
    assert "Minutes: Kultur- og Fritidsudvalget 12 January 2022" in english
    assert "Referat: Kultur- og Fritidsudvalget" not in english
    assert "Referat: Kultur- og Fritidsudvalget 12. januar 2022" in page_html(open_page("moede", moede=meeting))
