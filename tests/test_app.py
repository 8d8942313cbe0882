"""The Streamlit app, page by page, with `streamlit.testing` AppTest on a real small index.

The index is built from the sample minutes (000 and 002 hold decisions and promises), three
parliament sittings, the Ballerup committee minutes (a dated meeting with eight decided items),
one hostile document and one two-page PDF. These tests check the app, not retrieval quality, so they embed with
`HashEmbedder` (no model; searches that need meaning use lexical mode). `sample_index`, with
the real model, is shared with the browser test.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from indexer import present, roles
from indexer.build.run import build
from indexer.build.jobs import REGISTRY
from indexer.store.manifest import Manifest
from ui import strings

from .fakes import HashEmbedder
from .firstagenda import write_meeting
from .paths import DATA, ROOT, SAMPLE_ARCHIVE, SAMPLE_FOLKETINGET, SAMPLE_MINUTES
from .pdfs import make_pdf

APP = str(ROOT / "app.py")
SITTINGS = ("folketinget-2015-07-02-1200.txt", "folketinget-2019-06-20-1200.txt", "folketinget-2019-09-12-1000.txt")
MINUTES = ("000_e9b7192dbc8b80a1.txt", "001_70c5ef0d973b6080.txt", "002_c6494850ffb86ef0.txt",
           "004_d9519e1c86cf0307.txt")
BALLERUP = "ballerup_sfu_referat_2012-12-04.pdf"  # minutes with decisions, votes, promises and attendees
# Document text that would run or format if it were rendered as HTML or Markdown.
HOSTILE = ("Referat af møde i Brugerrådet\n\n"
           "Brugerrådet drøftede huslejestigninger: <img src=x onerror=alert(1)> <script>alert(2)</script> "
           "**fed** [klik](javascript:alert(3)) og huslejestigninger igen på bostederne i år.\n")
PDF_PAGES = [["Referat fra Handicaprådet", "Rådet godkendte dagsordenen uden bemærkninger."],
             ["Punkt 2. Tilgængelighed", "Handicaprådet drøftede elevatorerne på rådhuset, som ofte er i stykker,",
              "og bad forvaltningen om en plan for reparationerne."]]
PASSWORD = "sekretariatets-kode"
GREVE_KFU = DATA / "meeting-systems" / "firstagenda-greve" / "2022-01-12_e5c0f0b2-a890-437d-a8c1-9f0965349a4c.json"
SNOW = ("Referat fra Ældrerådet\n\nÆldrerådet drøftede vintervedligeholdelse af fortove og cykelstier, "
        "og bad om en plan for snerydning før jul.\n").encode()


def fill_archive(archive: Path) -> Path:
    (archive / "minutes").mkdir(parents=True)
    (archive / "folketinget").mkdir()
    (archive / "pdfs").mkdir()
    for name in MINUTES:
        shutil.copy(SAMPLE_MINUTES / name, archive / "minutes" / name)
    for name in SITTINGS:
        shutil.copy(SAMPLE_FOLKETINGET / name, archive / "folketinget" / name)
    shutil.copy(SAMPLE_ARCHIVE / "catalog.csv", archive / "catalog.csv")
    (archive / "minutes" / "zz_brugerraad.txt").write_text(HOSTILE, encoding="utf-8")
    make_pdf(archive / "pdfs" / "handicap.pdf", PDF_PAGES)
    shutil.copy(SAMPLE_ARCHIVE / "pdfs" / BALLERUP, archive / "pdfs" / BALLERUP)
    (archive / "greve").mkdir()
    shutil.copy(GREVE_KFU, archive / "greve" / GREVE_KFU.name)  # a meeting as its portal returned it
    return archive


@functools.cache
def sample_index(root: Path, embedder) -> tuple[Path, Path]:
    """(archive dir, index dir) of the small sample archive, built once per process and embedder."""
    archive = fill_archive(root / "archive")
    report = build(archive, root / "index", embedder=embedder)
    assert not report.skipped, report.summary()
    return archive, root / "index"


EMBEDDER = HashEmbedder()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return sample_index(tmp_path_factory.getbasetemp() / "hashed", EMBEDDER)


@pytest.fixture(autouse=True)
def app_setup(monkeypatch):
    """Each test: the hash embedder as the app's model, no password, fresh caches."""
    import ui.common

    monkeypatch.setattr(ui.common, "load_embedder", lambda: EMBEDDER)
    monkeypatch.delenv(roles.ENV_VAR, raising=False)
    monkeypatch.delenv("INDEXER_READ_ONLY", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield


@pytest.fixture
def dirs(built, monkeypatch) -> tuple[Path, Path]:
    archive, index = built
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    return built


@pytest.fixture
def own_dirs(built, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A private copy of archive and index, for tests that change files or rebuild."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(built[0], archive)
    shutil.copytree(built[1], index)
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    return archive, index


@pytest.fixture
def secretariat(monkeypatch) -> str:
    monkeypatch.setenv(roles.ENV_VAR, roles.hash_password(PASSWORD, iterations=1000))
    return PASSWORD


def app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    return at.run()


def goto(at: AppTest, url_path: str) -> AppTest:
    """Open another page of the app (st.Page identifies a page by its url_path's hash)."""
    at._page_hash = calc_hash(url_path)
    return no_errors(at.run())


def log_in(at: AppTest, password: str = PASSWORD) -> AppTest:
    at = goto(at, "sekretariat")
    at.text_input(key="password").set_value(password)
    at.button[0].click()  # the form's submit button
    return at.run()


def cards(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html if 'class="hit"' in h.proto.body]


def card_field(card: str, name: str) -> str:
    return re.search(rf'<(?:div|h\d) class="{name}">(.*?)</(?:div|h\d)>', card).group(1)


def title_of(card: str) -> str:
    return card_field(card, "hit-title").split("</span> ", 1)[1]


def no_errors(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def search(at: AppTest, query: str) -> AppTest:
    return no_errors(at.text_input(key="q").set_value(query).run())


def summary(at: AppTest) -> str:
    return next((m.value for m in at.markdown if "resultat" in m.value or "result" in m.value), "")


def wait_for_build(at: AppTest, index: Path) -> AppTest:
    job = REGISTRY.wait(index, timeout=120)
    assert job is not None and job.state == "done", job and job.error
    return no_errors(at.run())


# -- loading, empty and error states -----------------------------------------------------
def test_no_index_shows_the_build_command_and_no_build_button_for_readers(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", "archive")
    at = app()
    assert not at.exception
    assert "intet indeks" in at.info[0].value
    assert at.code[0].value == f"python -m indexer build archive --index {tmp_path / 'index'}"
    assert not at.button and not [w for w in at.text_input if w.key == "q"]  # readers cannot build


def test_while_another_process_builds_the_first_index_the_app_waits_for_it(tmp_path, monkeypatch):
    from indexer.store import build_lock

    archive, index = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "snow.txt").write_bytes(SNOW)
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    with build_lock(index):  # as `scripts/app.sh` does: the build runs beside the app
        at = app()
        assert not at.exception and "indekseres netop nu" in at.info[0].value and not at.code
    build(archive, index, embedder=EMBEDDER)
    at = no_errors(at.run())
    assert at.text_input(key="q") and not at.info


def test_search_answers_by_words_while_vectors_are_still_computed(tmp_path, monkeypatch):
    from indexer.store import build_lock

    from .test_staged_build import StopsEmbedding

    archive, index = tmp_path / "archive", tmp_path / "index"
    (archive / "minutes").mkdir(parents=True)
    shutil.copy(SAMPLE_MINUTES / MINUTES[0], archive / "minutes" / MINUTES[0])
    with pytest.raises(RuntimeError):  # the build stops before its first batch of vectors
        build(archive, index, embedder=StopsEmbedding(calls=0))
    total = Manifest.read(index).paragraphs
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    with build_lock(index):  # a build is computing the rest
        at = search(app(), "huslejestigninger")
        assert at.get("progress")[0].proto.text == (
            f"Søgning på betydning: 0 af {total} afsnit er klar. Ordsøgning dækker allerede dem alle; "
            "resultaterne bliver bedre, efterhånden som resten beregnes.")
        assert cards(at)  # hybrid search answers from the words alone
    # The build stopped: the note says so, and that the next one computes the rest.
    at = no_errors(at.run())
    assert at.get("progress")[0].proto.text.endswith("næste opdatering af indekset beregner resten.")
    build(archive, index, embedder=EMBEDDER)  # the build finishes its vectors
    at = no_errors(at.run())
    assert not at.get("progress")


def test_default_build_command_matches_the_readme(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no index/ here
    monkeypatch.delenv("INDEXER_INDEX_DIR", raising=False)
    monkeypatch.delenv("INDEXER_ARCHIVE_DIR", raising=False)
    assert app().code[0].value == "python -m indexer build archive --index index"


def test_secretariat_builds_the_first_index_in_the_background(tmp_path, monkeypatch, secretariat):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "snow.txt").write_bytes(SNOW)
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    at = app()
    assert not at.code  # the build command names server paths: not for readers
    at.text_input(key="password").set_value(secretariat)
    at.button[0].click().run()
    assert str(tmp_path / "index") in at.code[0].value
    at.button(key="build_first").click().run()
    at = wait_for_build(at, tmp_path / "index")
    assert at.text_input(key="q") and not at.info  # the app reran onto the new index


def test_damaged_index_is_one_error_line_in_the_chosen_language(tmp_path, monkeypatch):
    (tmp_path / "manifest.json").write_text(json.dumps({"format_version": 999}), encoding="utf-8")
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path))
    at = app()
    assert not at.exception
    assert at.error[0].value.startswith("Indekset kan ikke åbnes:") and "--rebuild" in at.error[0].value


def test_readers_see_a_damaged_index_without_server_paths(tmp_path, monkeypatch, secretariat):
    (tmp_path / "manifest.json").write_text(json.dumps({"format_version": 999}), encoding="utf-8")
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path))
    at = app()
    assert [e.value for e in at.error] == ["Arkivet kan ikke søges i lige nu. Kontakt sekretariatet."]


def test_page_language_is_set_for_screen_readers_and_streamlits_own_words_follow_it(dirs):
    at = app()
    [script] = [h.proto.body for h in at.html if "window.archiveLanguage" in h.proto.body]
    assert 'window.archiveLanguage = "da"' in script and '"Skip to main content": "Gå til indholdet"' in script
    at.toggle(key="en").set_value(True).run()
    [script] = [h.proto.body for h in at.html if "window.archiveLanguage" in h.proto.body]
    # the English screen takes back what the Danish one put in place
    assert 'window.archiveLanguage = "en"' in script and '"Gå til indholdet": "Skip to main content"' in script


def test_each_of_streamlits_words_has_its_own_danish_so_the_english_screen_can_take_it_back():
    danish = strings.frontend_words("da")
    assert len(set(danish.values())) == len(danish)
    assert {english: danish for danish, english in strings.frontend_words("en").items()} == danish


def test_empty_query_shows_overview_and_example_searches(dirs):
    at = no_errors(app())
    [overview] = [c.value for c in at.caption if "dokumenter" in c.value and "afsnit" in c.value]
    assert re.search(r"· \d+\. \w+ \d{4} – \d+\. \w+ \d{4}$", overview)  # the period in long dates
    assert not cards(at)
    at.button(key="example_0").click().run()
    assert at.text_input(key="q").value == "huslejestigninger"
    assert cards(at) and at.query_params["q"] == "huslejestigninger"


# -- search and result cards -------------------------------------------------------------------
def test_a_search_is_still_there_after_a_visit_to_another_page(dirs):
    at = search(app(), "huslejestigninger")
    at.segmented_control(key="mode").set_value("dense").run()
    at = goto(at, "moede")
    at = goto(at, "soeg")
    assert at.text_input(key="q").value == "huslejestigninger"
    assert at.segmented_control(key="mode").value == "dense"
    assert dict(at.query_params) == {"q": "huslejestigninger", "mode": "dense"}
    assert cards(at)


def test_a_danish_searchs_total_says_how_many_hold_the_search_words(dirs):
    at = search(app(), "huslejestigninger")
    total = re.match(r"(\d+\+?) gode resultater", summary(at)).group(1)
    said = [c.value for c in at.caption if "indeholder søgeordet" in c.value]
    # every one of them, or how many of how many
    assert said and (said[0] == "Alle indeholder søgeordet." or re.fullmatch(
        rf"\d+\+? af de {re.escape(total)} indeholder søgeordet; de øvrige ligner i betydning\.", said[0])), said


def test_a_count_of_results_holding_several_words_says_it_counts_those_holding_all_of_them(dirs):
    at = search(app(), "huslejestigninger sagen")
    said = [c.value for c in at.caption if "søgeord" in c.value]
    assert said and "alle søgeordene" in said[0], said  # not "søgeordene": a result holding one would seem missed


def test_an_english_searchs_total_says_how_many_hold_the_danish_words_for_it(dirs):
    at = search(app(lang="en"), "rent increases")
    said = [c.value for c in at.caption if "Danish words for the search words" in c.value]
    assert said and re.fullmatch(r"(Every one holds the Danish words for the search words\.|\d+\+? of the \d+\+? hold "
                                 r"the Danish words for the search words; the others are close in meaning\.)", said[0])


def test_search_shows_total_and_cards_with_headings_and_a_context_each(dirs):
    at = search(app(mode="lexical"), "huslejestigninger")
    found = cards(at)
    assert found and any("<mark>huslejestigninger</mark>" in card for card in found)
    assert all('<h2 class="hit-title">' in card for card in found)  # under the page's h1
    total = int(re.match(r"(\d+) gode resultater", summary(at)).group(1))
    assert total >= len(found)
    labels = [e.label for e in at.expander if "Kontekst" in e.label]
    assert len(labels) == len(found)


def test_document_text_is_escaped_never_rendered(dirs):
    at = search(app(mode="lexical"), "huslejestigninger Brugerrådet")
    card = next(c for c in cards(at) if "onerror" in c)
    assert "&lt;img src=x onerror=alert(1)&gt;" in card and "&lt;script&gt;" in card
    assert "<img" not in card and "<script" not in card
    assert "**fed** [klik](javascript:alert(3))" in card  # shown as typed, inside st.html (no Markdown)


def test_a_long_query_is_echoed_short_and_markdown_in_it_is_not_rendered(dirs):
    at = search(app(mode="lexical"), ":red[husleje] " + "huslejestigninger " * 400)
    echoed = next(i.value for i in [*at.info, *at.markdown] if "»" in i.value)
    assert len(echoed) < 200 and "\\:red\\[husleje\\]" in echoed


def test_nonsense_says_no_good_match_and_counts_nothing(dirs):
    at = search(app(mode="lexical"), "xyzzyqwerty flumbo")
    assert at.info[0].value == "Ingen gode match for »xyzzyqwerty flumbo«."
    assert not cards(at) and not at.get("vega_lite_chart") and not at.download_button
    assert not any("gode resultater" in m.value for m in at.markdown)


def test_english_toggle_translates_labels_results_and_citations(dirs):
    at = search(app(mode="lexical"), "elevatorerne")
    at.toggle(key="en").set_value(True).run()
    assert at.text_input(key="q").label == "Search the archive"
    assert re.match(r"\d+ good results? for", summary(at))
    assert at.query_params["lang"] == "en"
    at = open_expander(at, "ctx_")
    citation = at.code[0].value
    assert ", p. 2" in citation and "(file: pdfs/handicap.pdf)" in citation and "s. 2" not in citation
    assert all("Kontekst" not in e.label for e in at.expander)


def test_paging_shows_the_next_results_and_the_total_stays(dirs):
    at = search(app(mode="lexical"), "Folketinget")
    first_page, total = cards(at), summary(at).split(" ")[0]
    assert len(first_page) == 10 and int(total) > 10
    at.button(key="next").click().run()
    second = cards(no_errors(at))
    assert second and set(second).isdisjoint(first_page) and summary(at).split(" ")[0] == total
    assert "viser 11–" in summary(at) and at.query_params["side"] == "2"


def iso(long: str) -> str:
    """"12. september 2019" (a card's date) as "2019-09-12"."""
    day, month, year = long.replace(".", "").split()
    return f"{year}-{present.Wording().months.index(month) + 1:02d}-{int(day):02d}"


def meeting_headings(at: AppTest) -> list[str]:
    """The headings (h2) of a search grouped by meeting, the timeline's aside."""
    return [h.value for h in at.header if not h.value.startswith("Tidslinje")]


def test_sorting_by_date_and_grouping_by_meeting(dirs):
    at = search(app(mode="lexical"), "Folketinget")
    at.segmented_control(key="sort").set_value("newest").run()
    dates = [iso(card_field(c, "hit-where").split(" · ")[1]) for c in cards(no_errors(at))]
    assert dates == sorted(dates, reverse=True) and at.query_params["sort"] == "newest"
    at.toggle(key="group").set_value(True).run()
    headers = meeting_headings(at)
    assert headers and headers[0] == "Folketinget · 12. september 2019"


def test_date_order_says_it_sorts_the_most_relevant_when_there_are_more(dirs, monkeypatch):
    from ui import search as search_page

    monkeypatch.setattr(search_page, "SORT_DEPTH", 5)
    at = search(app(mode="lexical"), "Folketinget")
    assert not any("mest relevante af" in c.value for c in at.caption)
    at.segmented_control(key="sort").set_value("newest").run()
    assert any("Efter dato vises de 5 mest relevante af" in c.value for c in no_errors(at).caption)


def test_grouping_in_relevance_order_puts_each_meeting_under_one_heading_and_is_kept(dirs):
    at = search(app(n="50"), "Folketinget")
    at.toggle(key="group").set_value(True).run()
    headers = meeting_headings(no_errors(at))
    assert len(headers) > 1 and len(headers) == len(set(headers))
    at = goto(goto(at, "moede"), "soeg")
    assert at.toggle(key="group").value and meeting_headings(at) == headers


def test_page_size_and_mode(dirs):
    at = search(app(mode="lexical"), "Folketinget")
    total = int(summary(at).split(" ")[0])
    at.selectbox(key="n").set_value(20).run()
    assert len(cards(at)) == min(20, total) > 10 and at.query_params["n"] == "20"
    assert at.query_params["mode"] == "lexical"


# -- filters ----------------------------------------------------------------------------------------
def test_filters_show_counts_for_the_current_query(dirs):
    at = search(app(mode="lexical"), "huslejestigninger")
    labels = at.multiselect(key="organ").options  # as shown: "Dialogforum (6)"
    assert all(re.search(r"\(\d+\)$", label) for label in labels), labels
    counts = [int(re.search(r"\((\d+)\)$", label).group(1)) for label in labels]
    assert counts == sorted(counts, reverse=True) and sum(counts) > 0
    assert all(len(label) < 45 for label in labels)  # long names are shortened, the count always shows


def test_body_filter_restricts_results_and_lives_in_the_url(dirs):
    at = search(app(mode="lexical"), "huslejestigninger")
    at.multiselect(key="organ").set_value(["Dialogforum"]).run()
    found = cards(no_errors(at))
    assert found and all(card_field(card, "hit-where").startswith("Dialogforum") for card in found)
    assert at.query_params["organ"] == "Dialogforum"


def test_no_match_with_filters_says_so_and_reset_clears_them(dirs):
    from datetime import date

    at = search(app(mode="lexical"), "huslejestigninger")
    at.multiselect(key="organ").set_value(["Dialogforum"]).run()
    at.date_input(key="fra").set_value(date(2019, 1, 1)).run()  # Dialogforum's minutes are undated
    assert not cards(at)
    assert "med de valgte filtre" in at.info[0].value
    at.button(key="reset_main").click().run()
    assert cards(at) and at.multiselect(key="organ").value == [] and at.date_input(key="fra").value is None
    assert "organ" not in at.query_params and "fra" not in at.query_params


def select_period(at: AppTest, start_ms: float, end_ms: float, field: str = "Mødedato") -> AppTest:
    """Send the browser's interval selection on the timeline chart (AppTest cannot drag a brush): the
    period under the date field's name, as the browser reports it."""
    chart = at.get("vega_lite_chart")[0]
    states = at._tree.get_widget_states()
    state = WidgetState(id=chart.proto.id)
    state.string_value = json.dumps({"selection": {"periode": {field: [start_ms, end_ms]}}})
    states.widgets.append(state)
    return at._run(states)


def test_timeline_brush_sets_the_date_filter(dirs):
    at = search(app(mode="lexical"), "Folketinget")
    at = no_errors(select_period(at, 1559347200000, 1561852800000))  # 2019-06-01 .. 2019-06-30 UTC
    assert str(at.date_input(key="fra").value) == "2019-06-01" and str(at.date_input(key="til").value) == "2019-06-30"
    found = cards(at)
    assert found and all(card_field(c, "hit-where").split(" · ")[1] == "20. juni 2019" for c in found)


@pytest.mark.parametrize("period, interval", [({"fra": "2019-06-01", "til": "2019-06-30"}, "month"), ({}, "year")])
def test_the_timeline_has_a_tick_per_month_or_over_years_per_year(dirs, period, interval):
    at = no_errors(app(q="Folketinget", mode="lexical", **period))
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    axis = spec["encoding"]["x"]["axis"]
    assert axis["tickCount"]["interval"] == interval and axis["format"] == ("%Y" if interval == "year" else "%Y-%m")


def test_the_periods_share_of_the_results_is_told_only_while_no_other_filter_narrows_them(dirs):
    # The counts are of the whole search: beside a body filter "58 af 190 i perioden" would count
    # other bodies' results too.
    def told(at: AppTest) -> bool:
        return any("ligger i perioden" in c.value for c in at.caption)

    period = {"q": "Folketinget", "mode": "lexical", "fra": "2019-06-01", "til": "2019-06-30"}
    assert told(no_errors(app(**period)))
    assert not told(no_errors(app(**period, organ=["Folketinget"])))


def test_the_periods_share_is_not_told_where_the_counts_are_cut_short(dirs, monkeypatch):
    from indexer.search import rank

    monkeypatch.setattr(rank, "CANDIDATES", 12)  # "42 af 150" beside "164+ gode resultater" said two things
    at = no_errors(app(q="Folketinget", mode="lexical", fra="2019-06-01", til="2019-06-30"))
    assert re.match(r"\d+\+ gode resultater", summary(at))
    assert not any("ligger i perioden" in c.value for c in at.caption)


def test_a_link_naming_what_the_archive_does_not_hold_says_what_it_left_out(dirs):
    at = no_errors(app(q="huslejestigninger", organ=["Dialogforum", "No such body"], mode="fuzzy", fra="2012-13-01"))
    [date, held] = sorted((w.value for w in at.warning), key=lambda w: "dato" not in w)
    assert "No such body" in held and "fuzzy" in held and "arkivet ikke har" in held
    assert "Dialogforum" not in held and "2012-13-01" not in held
    assert "dato kan ikke læses" in date and "»2012\\-13\\-01«" in date  # a date that is no date is not "not held"
    assert not [w.value for w in no_errors(at.run()).warning]  # told once, not on every later run


def test_a_links_values_left_out_are_told_as_text_never_as_markdown_or_a_link(dirs):
    at = no_errors(app(q="huslejestigninger", organ="[klik her](https://example.com)"))
    [told] = [w.value for w in at.warning]
    assert "\\[klik her\\]\\(https\u2060\\://example.com\\)" in told, told


def test_the_decisions_page_tells_who_can_build_when_the_index_was_read_by_older_rules(own_dirs, monkeypatch):
    from indexer.store import Store

    assert not [c for c in goto(app(), "beslutninger").caption if "ældre regler" in c.value]
    store = Store.open(own_dirs[1])
    try:
        document = next(d["path"] for d in store.documents() if d["path"].startswith("greve/"))
        with store.writing():  # as an index built before the rules changed holds it
            store.add_extraction(document, [], [], "older rules")
    finally:
        store.close()
    st.cache_resource.clear()
    captions = [c.value for c in goto(app(), "beslutninger").caption]
    assert any("i 1 af arkivets dokumenter er læst med ældre regler" in c for c in captions), captions
    # where roles are set, a reader, who can do nothing about it, is not told; the secretariat is
    monkeypatch.setenv(roles.ENV_VAR, roles.hash_password(PASSWORD, iterations=1000))
    assert not [c for c in goto(app(), "beslutninger").caption if "ældre regler" in c.value]
    assert [c for c in goto(log_in(app()), "beslutninger").caption if "ældre regler" in c.value]


def test_a_link_with_its_dates_the_wrong_way_round_shows_them_as_searched(dirs):
    at = no_errors(app(q="huslejestigninger", fra="2019-12-31", til="2012-01-01"))
    low, high = at.date_input(key="fra").value, at.date_input(key="til").value
    assert low < high and high.isoformat() == "2019-12-31"  # the earlier one from, within the archive's dates


def test_shared_url_reopens_the_same_search(dirs):
    at = no_errors(app(q="huslejestigninger", organ=["Dialogforum", "No such body"], lang="en", n="20",
                       mode="lexical"))
    assert at.text_input(key="q").value == "huslejestigninger"
    assert at.multiselect(key="organ").value == ["Dialogforum"]  # unknown values are dropped
    assert at.selectbox(key="n").value == 20 and at.toggle(key="en").value
    shown = cards(at)
    assert shown and all(card_field(c, "hit-where").startswith("Dialogforum") for c in shown)


def test_a_bad_date_in_a_link_is_ignored(dirs):
    at = no_errors(app(q="huslejestigninger", fra="31-12-2019", mode="lexical"))
    assert at.date_input(key="fra").value is None and cards(at)


# -- context, source, exports ----------------------------------------------------------------------
def open_expander(at: AppTest, prefix: str, rank: int = 0) -> AppTest:
    keys = [e.proto.id.split("-", 2)[-1] for e in at.expander if e.proto.id.split("-", 2)[-1].startswith(prefix)]
    at.session_state[keys[rank]] = True
    return no_errors(at.run())


def test_pdf_opens_in_the_browsers_viewer_at_the_cited_page(dirs):
    at = search(app(mode="lexical"), "elevatorerne")
    assert "s. 2" in card_field(cards(at)[0], "hit-detail")
    at = open_expander(at, "ctx_")
    link = next(b for b in at.get("link_button") if "side 2" in b.proto.label)
    url = link.proto.url
    assert re.fullmatch(r"/app/static/originals/[0-9a-f]{32}\.pdf#page=2", url)
    served = ROOT / "static" / "originals" / url.split("/")[-1].split("#")[0]
    assert served.read_bytes() == (dirs[0] / "pdfs" / "handicap.pdf").read_bytes()


def test_a_changed_original_is_opened_with_a_warning_that_it_is_not_the_indexed_one(own_dirs):
    # a damaged copy put in the original's place: the build keeps the indexed text, the file is another
    pdf = own_dirs[0] / "pdfs" / "handicap.pdf"
    at = open_expander(search(app(mode="lexical"), "elevatorerne"), "ctx_")
    assert not any("ikke længere den, der blev indekseret" in c.value for c in at.caption)
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    at = open_expander(search(app(mode="lexical"), "elevatorerne"), "ctx_")
    assert any("handicap.pdf i arkivmappen er ikke længere den, der blev indekseret" in c.value for c in at.caption)


def test_export_buttons_offer_all_results(dirs):
    at = search(app(mode="lexical"), "Folketinget")
    total = summary(at).split(" ")[0]
    labels = {b.label for b in at.download_button}
    assert {f"Eksportér alle {total} (CSV)", f"Eksportér alle {total} (Markdown)"} <= labels


# -- the archive page --------------------------------------------------------------------------------
def test_archive_page_counts_table_and_no_server_paths_for_readers(dirs):
    at = goto(app(), "arkiv")
    assert re.match(r"11 dokumenter · \d+ afsnit", at.markdown[0].value)
    table = at.dataframe[0].value
    assert len(table) == 11 and not table.isna().any().any()
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()
    assert not any(str(dirs[0].resolve()) in c.value for c in at.caption)
    assert "Alle filer i arkivmappen er indekseret." in [c.value for c in at.caption]


def test_archive_page_lists_files_waiting_to_be_indexed(own_dirs):
    archive, _ = own_dirs
    (archive / "minutes" / "new.txt").write_bytes(SNOW)
    at = goto(app(), "arkiv")
    assert any(e.label == "Filer der venter på at blive indekseret (1)" for e in at.expander)
    assert any("minutes/new.txt" in m.value for m in at.markdown)


WINTER_ITEM = ("23-000042", "Vintertjeneste", [("Beslutning", "Godkendt. Vintertjenesten rydder cykelstierne før "
                                                               "fortovene, og saltlageret udvides.")])


def test_archive_page_lists_meeting_system_files_waiting_to_be_indexed(own_dirs):
    archive, _ = own_dirs
    meeting = write_meeting(archive / "greve-nye", "Økonomiudvalget", "2023-11-13", [WINTER_ITEM])
    at = goto(app(), "arkiv")
    assert any(e.label == "Filer der venter på at blive indekseret (1)" for e in at.expander)
    assert any(f"greve-nye/{meeting.name}" in m.value for m in at.markdown)
    assert "Alle filer i arkivmappen er indekseret." not in [c.value for c in at.caption]


def test_a_whole_document_can_be_read(dirs):
    at = goto(app(), "arkiv")
    at.selectbox(key="read_doc").set_value("pdfs/handicap.pdf").run()
    text = next(h.proto.body for h in at.html if 'class="context"' in h.proto.body)
    assert "Referat fra Handicaprådet" in text and "elevatorerne på rådhuset" in text


# -- roles -------------------------------------------------------------------------------------------
def keys(at: AppTest, widgets) -> set[str]:
    return {w.key for w in widgets}


def test_without_a_password_there_is_no_secretariat_page(dirs):
    at = goto(app(), "sekretariat")  # not a page of this app: the search page answers
    assert "password" not in keys(at, at.text_input) and "q" in keys(at, at.text_input)


def test_read_only_start_hides_the_secretariat_even_with_a_password(dirs, secretariat, monkeypatch):
    monkeypatch.setenv("INDEXER_READ_ONLY", "1")
    at = goto(app(), "sekretariat")
    assert "password" not in keys(at, at.text_input) and "q" in keys(at, at.text_input)


def test_with_a_password_the_secretariat_page_asks_for_it(dirs, secretariat):
    at = goto(app(), "sekretariat")
    assert "password" in keys(at, at.text_input) and not at.file_uploader


def test_a_wrong_password_gives_no_controls(dirs, secretariat):
    at = log_in(app(), "forkert")
    assert at.error[0].value == "Forkert adgangskode."
    assert not at.file_uploader


def test_secretariat_sees_paths_and_can_correct_a_document(own_dirs, secretariat):
    archive, index = own_dirs
    at = no_errors(log_in(app()))
    at = goto(at, "arkiv")
    assert any(str(archive.resolve()) in c.value for c in at.caption)
    at.selectbox(key="read_doc").set_value("pdfs/handicap.pdf").run()
    inputs = {i.label: i for i in at.text_input}
    inputs["Organ"].set_value("Tilgængelighedsrådet")
    inputs["Mødedato (ÅÅÅÅ-MM-DD)"].set_value("2020-03-05")
    next(b for b in at.button if b.label.startswith("Gem i kataloget")).click()
    at = wait_for_build(at.run(), index)
    assert "\npdfs/handicap.pdf,,Tilgængelighedsrådet,2020-03-05," in (archive / "catalog.csv").read_text(encoding="utf-8")
    at = goto(at, "soeg")
    at = search(at, "elevatorerne")
    assert card_field(cards(at)[0], "hit-where").startswith("Tilgængelighedsrådet · 5. marts 2020")


def test_upload_is_indexed_in_the_background_and_marked_as_an_upload(own_dirs, secretariat):
    archive, index = own_dirs
    at = log_in(app())
    at.file_uploader[0].set_value([("../../../etc/snerydning.txt", SNOW, "text/plain")]).run()
    at.button(key="upload_save").click().run()
    assert (archive / "uploads" / "snerydning.txt").read_bytes() == SNOW
    assert not (archive.parent / "etc").exists()
    at = goto(at, "soeg")  # the build goes on while the user moves on
    at = search(at, "snerydning")
    at = wait_for_build(at, index)
    assert any(s.value.startswith("Indekset blev opdateret") for s in at.success)
    at = search(at, "snerydning cykelstier")
    upload = next(c for c in cards(at) if "snerydning" in c)
    assert "uploadet fil, ikke et officielt dokument" in upload
    at = goto(at, "arkiv")  # counts and table follow the new index
    assert at.markdown[0].value.startswith("12 dokumenter") and len(at.dataframe[0].value) == 12
    assert "Alle filer i arkivmappen er indekseret." in [c.value for c in at.caption]


def test_a_meeting_systems_file_can_be_uploaded_and_its_decisions_are_searchable(own_dirs, secretariat, tmp_path):
    from indexer.search.archive import Archive

    archive, index = own_dirs
    meeting = write_meeting(tmp_path / "portal", "Økonomiudvalget", "2023-11-13", [WINTER_ITEM])
    at = log_in(app())
    assert {".json", ".zip", ".pdf"} <= set(at.file_uploader[0].allowed_type)
    assert "eDocAgendaPublishing.xml" in at.file_uploader[0].help  # where folder-shaped exports go
    at.file_uploader[0].set_value([(meeting.name, meeting.read_bytes(), "application/json")]).run()
    at = wait_for_build(at.button(key="upload_save").click().run(), index)
    saved = f"uploads/{meeting.name}"
    assert (archive / saved).read_bytes() == meeting.read_bytes()
    at = search(goto(at, "soeg"), "saltlageret")
    assert card_field(cards(at)[0], "hit-where").startswith("Økonomiudvalget · 13. november 2023")
    opened = Archive.open(index, embedder=EMBEDDER)
    try:
        assert any("saltlageret" in d.text for d in opened.decisions(document=saved))
    finally:
        opened.close()


def test_saving_uploads_empties_the_box_and_keeps_what_happened_to_each_file(own_dirs, secretariat, tmp_path):
    from .test_limits import docx, para

    archive, index = own_dirs
    word = docx(tmp_path / "referat.docx", para("Referat fra Ældrerådet om vintertjenesten")).read_bytes()
    at = log_in(app())
    at.file_uploader[0].set_value([("snerydning.txt", SNOW, "text/plain"),
                                   ("svar.json", b'{"Id": 1}', "application/json"),
                                   ("referat.pdf", word, "application/pdf")]).run()
    at = at.button(key="upload_save").click().run()
    assert not at.file_uploader[0].value and at.button(key="upload_save").disabled  # ready for the next files
    messages = ["svar.json blev ikke gemt: ikke et mødesystems eksport (et FirstAgenda-møde som .json eller en "
                "SBSYS-publikation som .zip)", "referat.pdf blev ikke gemt: en Word-fil, ikke en PDF"]
    assert [e.value for e in at.error] == messages
    assert [i.value for i in at.info] == ["Gemt: uploads/snerydning.txt"]
    job = REGISTRY.wait(index, timeout=120)
    assert job is not None and job.state == "done"
    at = at.run()  # the update is done: what happened to the files is still there to read
    assert [e.value for e in at.error] == messages and [i.value for i in at.info] == ["Gemt: uploads/snerydning.txt"]
    assert sorted(p.name for p in (archive / "uploads").iterdir()) == ["snerydning.txt"]


def test_updating_the_index_shows_at_once_that_an_update_runs_not_the_last_ones_outcome(
        own_dirs, secretariat, monkeypatch):
    import threading

    import ui.progress

    archive, index = own_dirs
    at = log_in(app())
    at = wait_for_build(at.button(key="reindex").click().run(), index)
    assert any(s.value.startswith("Indekset blev opdateret") for s in at.success)
    release = threading.Event()
    real = ui.progress.build_then_collect

    def held(*args, **kwargs):  # the next update waits until the page has been looked at
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(ui.progress, "build_then_collect", held)
    try:
        at = at.button(key="reindex").click().run()
        assert not any(s.value.startswith("Indekset blev opdateret") for s in at.success)
        assert [p.proto.text for p in at.get("progress")] == ["Opdaterer indekset …"]
    finally:
        release.set()
    wait_for_build(at, index)


def test_an_updates_summary_names_a_few_skipped_files_and_links_to_the_archive_page_for_the_rest(
        own_dirs, secretariat, monkeypatch):
    import ui.progress

    archive, index = own_dirs
    original = "minutes/000_e9b7192dbc8b80a1.txt"
    (archive / "andet").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):  # copies put in by hand: the build skips them as duplicates
        shutil.copy(archive / original, archive / "andet" / name)
    monkeypatch.setattr(ui.progress, "SKIPPED_SHOWN", 1)
    at = wait_for_build(log_in(app()).button(key="reindex").click().run(), index)
    assert sum(w.value.startswith("Sprunget over: andet/") for w in at.warning) == 1
    assert any("… og 2 filer mere, der blev sprunget over" in link.proto.label for link in at.get("page_link"))


def test_an_upload_saved_while_the_command_line_builds_waits_for_that_build_then_updates_in_danish(
        own_dirs, secretariat):
    import time

    from indexer.store.files import build_lock

    archive, index = own_dirs
    at = log_in(app())
    at.file_uploader[0].set_value([("snerydning.txt", SNOW, "text/plain")]).run()
    with build_lock(index):  # a build on the command line holds the index
        at = at.button(key="upload_save").click().run()
        job = REGISTRY.latest(index)
        for _ in range(400):
            if job.stage == "wait":
                break
            time.sleep(0.01)
        at = at.run()
        assert [p.proto.text for p in at.get("progress")] == [strings.TEXT["da"]["stage_wait"]]
        assert not at.error
    at = wait_for_build(at, index)  # it ran once the other build was done
    assert any(s.value.startswith("Indekset blev opdateret") for s in at.success) and not at.error
    assert "uploads/snerydning.txt" in REGISTRY.latest(index).report.indexed


def test_unreadable_upload_is_refused_in_danish(own_dirs, secretariat):
    archive, index = own_dirs
    before = Manifest.read(index)
    at = log_in(app())
    at.file_uploader[0].set_value([("scan.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf")]).run()
    at.button(key="upload_save").click().run()
    assert at.error[0].value.startswith("scan.pdf blev ikke gemt: ")
    assert not re.search(r"\b(the|file|corrupt|Stream)\b", at.error[0].value)
    assert not (archive / "uploads").exists() and Manifest.read(index) == before


def test_an_upload_can_be_deleted_and_leaves_the_index(own_dirs, secretariat):
    archive, index = own_dirs
    at = log_in(app())
    at.file_uploader[0].set_value([("snerydning.txt", SNOW, "text/plain")]).run()
    at = wait_for_build(at.button(key="upload_save").click().run(), index)
    at.checkbox(key="confirm_uploads/snerydning.txt").check().run()
    at = wait_for_build(at.button(key="delete").click().run(), index)
    assert not (archive / "uploads" / "snerydning.txt").exists()
    at = search(goto(at, "soeg"), "snerydning")
    assert not any("snerydning" in c for c in cards(at))


def test_an_upload_can_be_replaced_by_a_new_version(own_dirs, secretariat):
    archive, index = own_dirs
    at = log_in(app())
    at.file_uploader[0].set_value([("snerydning.txt", SNOW, "text/plain")]).run()
    at = wait_for_build(at.button(key="upload_save").click().run(), index)
    newer = SNOW.replace(b"snerydning", b"saltning")
    at.file_uploader[1].set_value([("snerydning-v2.txt", newer, "text/plain")]).run()
    at = wait_for_build(at.button(key="replace").click().run(), index)
    assert (archive / "uploads" / "snerydning.txt").read_bytes() == newer
    at = search(goto(at, "soeg"), "saltning")
    assert any("saltning" in c for c in cards(at)) and not any("snerydning" in c for c in cards(at))


# -- meetings -------------------------------------------------------------------------------------------
MEETING = f"pdfs/{BALLERUP}"


def open_page(url_path: str, state: dict | None = None, **params: str) -> AppTest:
    """The app opened at another page straight from a link (as a shared URL opens it)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at._page_hash = calc_hash(url_path)
    return no_errors(at.run())


def headings(at: AppTest, css: str = "hit-title") -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for h in at.html for m in re.findall(rf'<h\d class="{css}">.*?</h\d>', h.proto.body)]


def test_meeting_view_shows_the_whole_meeting_in_the_records_order(dirs):
    at = open_page("moede", moede=MEETING)
    assert at.selectbox(key="meeting").value == MEETING
    assert any("Sundheds- og Forebyggelsesudvalget · 4. december 2012" in h.proto.body for h in at.html)
    items = [h for h in headings(at) if h.startswith("Punkt ")]
    assert [int(re.match(r"Punkt (\d+)\.", h).group(1)) for h in items] == list(range(1, 9))
    assert items[1] == "Punkt 2. Bygningsvedligeholdelse 2013 - anlægsbevilling"
    page = "".join(h.proto.body for h in at.html)
    assert "Til stede" in page and "Lolan Ottesen (A, formand)" in page  # as the people pages read it
    assert page.count('class="outcome outcome-approved"') >= 5 and "taget til efterretning" in page
    assert "Opfølgning lovet her" in page and "i februar måned" in page  # item 7's promise
    pages = [b.proto.url for b in at.get("link_button") if b.proto.label.startswith("Punktet i originalen")]
    assert pages and all(re.fullmatch(r"/app/static/originals/[0-9a-f]{32}\.pdf#page=\d+", u) for u in pages)
    # item 2's title is the last line of page 3 of the minutes, its text opens page 4: the link shows the text
    assert pages[1].endswith("#page=4")


def test_a_meeting_from_a_meeting_system_shows_its_place_case_numbers_and_closed_items(dirs):
    at = open_page("moede", moede=f"greve/{GREVE_KFU.name}")
    page = "".join(h.proto.body for h in no_errors(at).html)
    assert "Kultur- og Fritidsudvalget · 12. januar 2022" in page
    assert any("Mødelokale 1" in c.value and "Fra mødesystemet" in c.value for c in at.caption)
    assert "sagsnr. 21-016078" in page and "Per Lund Sørensen" in page  # item 10's case; the absent member
    assert "Lukket punkt: kun titlen er offentlig." in [c.value for c in at.caption]
    assert "Henvendelser til formanden" in page  # a closed item's published title
    captions = [c.value for c in at.caption]  # its attachments are named at the items, not filed here
    assert "Bilagene er nævnt ved punkterne; filerne er ikke i arkivet." in captions
    assert "Ingen bilag knyttet til mødet." not in captions
    # The portal's data holds the closed item's text: it is not handed out, and the page says why.
    assert not at.download_button
    assert "Mødesystemets data kan ikke hentes her: mødet har lukkede punkter, og kun deres titler er offentlige." in captions


def test_meetings_are_listed_by_date_and_body_and_link_to_their_page(dirs):
    at = goto(app(), "moede")
    links = at.get("page_link")
    labels = [re.sub(r"\\(.)", r"\1", link.proto.label) for link in links]  # as read: Markdown escapes undone
    assert labels.index("4. december 2012 · Sundheds- og Forebyggelsesudvalget") > labels.index(
        "20. juni 2019 · Folketinget")  # newest first
    assert any(label.startswith("udateret · Dialogforum · ") for label in labels)
    assert all(link.proto.page == "moede" and link.proto.query_string.startswith("moede=") for link in links)


def test_a_result_card_links_to_its_whole_meeting(dirs):
    at = search(app(mode="lexical"), "anlægsbevilling bygningsvedligeholdelse")
    links = [link.proto for link in at.get("page_link") if link.proto.label.startswith("Hele mødet: ")]
    assert links and links[0].page == "moede" and "ballerup_sfu_referat" in links[0].query_string


def test_an_unknown_meeting_in_a_link_is_said_plainly(dirs):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["moede"] = "pdfs/gone.pdf"
    at._page_hash = calc_hash("moede")
    at.run()
    assert at.warning[0].value == "Mødet findes ikke i indekset (det kan være fjernet)."
    assert at.selectbox(key="meeting").value is None


# -- decisions and follow-ups ---------------------------------------------------------------------------
def decision_cards(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html if 'class="hit decision"' in h.proto.body]


def follow_up_cards(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html if 'class="hit follow-up"' in h.proto.body]


def test_decisions_page_lists_decisions_per_body_with_outcome_and_source(dirs):
    at = goto(app(), "beslutninger")
    cards_ = decision_cards(at)
    assert len(cards_) >= 10
    bodies = headings(at, "body-heading")
    assert bodies == sorted(bodies, key=str.casefold) and any(b.startswith("Sundheds- og Forebyggelsesudvalget") for b in bodies)
    at.multiselect(key="d_organ").set_value(["Sundheds- og Forebyggelsesudvalget"]).run()
    ballerup = [c for c in decision_cards(no_errors(at)) if "4. december 2012" in c]
    assert len(ballerup) == 8 and all('class="outcome outcome-' in c for c in ballerup)
    assert any(b.proto.url.endswith("#page=3") for b in at.get("link_button"))
    at.segmented_control(key="d_outcome").set_value("noted").run()
    noted = decision_cards(no_errors(at))
    assert noted and all("taget til efterretning" in c for c in noted)


def test_a_body_heading_says_how_many_of_its_decisions_are_shown(dirs):
    at = goto(app(), "beslutninger")
    total = int(re.match(r"(\d+) beslutninger", at.markdown[0].value).group(1))
    assert total > len(decision_cards(at))  # "show more" holds some back
    counts = [re.search(r"· (\d+) beslutning(?:er)?(?:, viser (\d+))?$", h).groups() for h in headings(at, "body-heading")]
    assert sum(int(shown or n) for n, shown in counts) == len(decision_cards(at))
    assert sum(int(n) for n, _ in counts if n) <= total and any(shown for _, shown in counts)


def test_decisions_can_be_searched_within_decisions_only(dirs):
    at = goto(app(), "beslutninger")
    at.text_input(key="d_q_decisions").set_value("ændringsforslaget").run()
    found = decision_cards(no_errors(at))
    # the decision whose words hold it first, then those of the items whose text holds it
    assert found and "Socialudvalget" in found[0] and "ændringsforslaget" in found[0].lower()
    at.text_input(key="d_q_decisions").set_value("xyzzyqwerty").run()
    assert at.info[0].value == "Ingen beslutninger matcher »xyzzyqwerty«."


def test_decisions_filtered_by_period_leave_undated_ones_out(dirs):
    from datetime import date

    at = goto(app(), "beslutninger")
    at.date_input(key="d_fra").set_value(date(2012, 12, 1)).run()
    at.date_input(key="d_til").set_value(date(2012, 12, 31)).run()
    found = decision_cards(no_errors(at))
    assert len(found) == 8 and all("4. december 2012" in c for c in found)


def test_follow_ups_read_who_promised_when_and_whether_taken_up_again(dirs):
    at = goto(app(), "beslutninger")
    at.segmented_control(key="d_view").set_value("follow_ups").run()
    found = follow_up_cards(no_errors(at))
    assert found and all("status-open" in c for c in found)
    assert any(re.search(r"lovet 4\. december 2012 (?:af|i) \S.* — ", c) for c in found)
    assert not any("af ikke angivet" in c for c in found if "lovet 4. december 2012" in c)
    assert any("lovet (udateret møde) af forvaltningen — intet fundet siden" in c for c in found)
    n = len(found)
    labels = {b.label for b in at.download_button}
    assert {f"Tjekliste over {n} åbne opfølgninger (Markdown)", f"Tjekliste over {n} åbne opfølgninger (CSV)"} <= labels
    assert not [b for b in at.button if b.key and b.key.startswith("done_")]  # readers cannot mark
    assert any("Sekretariatet kan markere" in c.value for c in at.caption)


def _mark_the_first_follow_up_done():
    """The secretariat's follow-up list, the first open one marked done: (app, cards before, its id)."""
    at = goto(log_in(app()), "beslutninger")
    at.segmented_control(key="d_view").set_value("follow_ups").run()
    before = follow_up_cards(at)
    done = next(b for b in at.button if b.key and b.key.startswith("done_"))
    follow_up_id = done.key.removeprefix("done_")
    done.click().run()
    return at, before, follow_up_id


def test_secretariat_marks_a_follow_up_done_and_it_leaves_the_open_list(own_dirs, secretariat):
    at, before, follow_up_id = _mark_the_first_follow_up_done()
    after = follow_up_cards(no_errors(at))
    assert len(after) == len(before) - 1 and not any(b.key == f"done_{follow_up_id}" for b in at.button)
    at.segmented_control(key="d_status").set_value("done").run()
    assert len(follow_up_cards(at)) == 1 and "status-done" in follow_up_cards(at)[0]
    assert not any("markeret udført" in i.value for i in at.info)  # the notice spoke of the list before
    at.button(key=f"reopen_{follow_up_id}").click().run()
    assert not follow_up_cards(no_errors(at))


def test_secretariat_marks_a_follow_up_on_the_meeting_page_and_it_leaves_the_open_list(own_dirs, secretariat):
    at = log_in(app())
    at.query_params["moede"] = MEETING
    at = goto(at, "moede")
    done = next(b for b in at.button if b.key and b.key.startswith("done_"))
    follow_up_id = done.key.removeprefix("done_")
    at = no_errors(done.click().run())
    assert any(b.key == f"reopen_{follow_up_id}" for b in at.button)  # marked there, and can be taken back
    listed = goto(at, "beslutninger")
    listed.segmented_control(key="d_view").set_value("follow_ups").run()
    assert not any(b.key == f"done_{follow_up_id}" for b in listed.button)  # no longer open
    reader = open_page("moede", moede=MEETING)  # a reader sees the status, no buttons
    assert not any(b.key and b.key.startswith(("done_", "reopen_")) for b in reader.button)


def test_a_follow_up_marked_by_a_mis_click_is_taken_back_with_one_click_and_a_mark_says_who(own_dirs, secretariat):
    at, before, follow_up_id = _mark_the_first_follow_up_done()
    assert any("markeret udført" in i.value for i in no_errors(at).info)
    at.button(key="mark_undo").click().run()
    assert len(follow_up_cards(no_errors(at))) == len(before)  # open again, where it was
    assert any(b.key == f"done_{follow_up_id}" for b in at.button) and not [b for b in at.button if b.key == "mark_undo"]
    at.button(key=f"done_{follow_up_id}").click().run()
    at.segmented_control(key="d_status").set_value("done").run()
    [card] = follow_up_cards(no_errors(at))
    assert re.search(r"udført \d+\. \w+ \d{4} af \S", card)  # when and by whom


def test_a_dismissed_follow_up_keeps_where_it_was_taken_up_the_long_date_and_its_note(own_dirs, secretariat,
                                                                                      monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from indexer.records import FollowUpLink
    from indexer.search.archive import Archive

    def taken_up(self, tracked):  # every promise taken up again on 25 April 2022 (the sample has none)
        return [FollowUpLink(follow_up_id=tracked.follow_up.id, paragraph_id="p-1", document="minutes/later.txt",
                             body="Byrådet", date="2022-04-25", score=0.9, text="…", same_body=False, rule="similar")]

    monkeypatch.setattr(Archive, "follow_up_links", taken_up)
    at = goto(log_in(app()), "beslutninger")
    at.segmented_control(key="d_view").set_value("follow_ups").run()
    dismiss = next(b for b in at.button if b.key and b.key.startswith("dismiss_"))
    follow_up_id = dismiss.key.removeprefix("dismiss_")
    at.text_input(key=f"note_{follow_up_id}").set_value("Svar sendt <b>pr. mail</b>")
    dismiss.click().run()
    at.segmented_control(key="d_status").set_value("dismissed").run()
    [card] = follow_up_cards(no_errors(at))
    today = present.long_date(datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat())  # the readers' day
    assert "muligvis taget op igen 25. april 2022" in card and "intet fundet siden" not in card
    assert f"afvist {today}" in card and not re.search(r"afvist \d{4}-", card)
    assert "Note: Svar sendt &lt;b&gt;pr. mail&lt;/b&gt;" in card  # the note is data, escaped


def test_decisions_page_in_english(dirs):
    # set before the first run: AppTest formats a control's options outside the session (always Danish)
    at = open_page("beslutninger", {"d_view": "follow_ups"}, lang="en")
    page = "".join(c for c in follow_up_cards(no_errors(at)))
    assert re.search(r"promised on 4 December 2012 (?:by|at) ", page) and "lovet" not in page and "intet fundet" not in page


def test_marking_a_follow_up_that_is_gone_says_so_in_one_line(own_dirs, secretariat, monkeypatch):
    from indexer.errors import InvalidInput
    from indexer.search.archive import Archive

    def gone(self, follow_up_id, status, note=None, by=None):  # a build removed it after the page was drawn
        raise InvalidInput(f"no follow-up with id {follow_up_id!r}")

    at = log_in(app())
    at = goto(at, "beslutninger")
    at.segmented_control(key="d_view").set_value("follow_ups").run()
    before = follow_up_cards(at)
    monkeypatch.setattr(Archive, "mark_follow_up", gone)
    next(b for b in at.button if b.key and b.key.startswith("done_")).click().run()
    assert not at.exception
    assert at.warning[0].value.startswith("Opfølgningen findes ikke længere i indekset")
    assert follow_up_cards(at) == before


def test_meeting_view_in_english(dirs):
    at = open_page("moede", moede=MEETING, lang="en")
    page = "".join(h.proto.body for h in at.html)
    assert "Sundheds- og Forebyggelsesudvalget · 4 December 2012" in page and "Present" in page
    assert [h for h in headings(at) if h.startswith("Item ")][:1] == ["Item 1. Meddelelser"]
    assert '<span class="outcome outcome-approved">approved</span>' in page and ">godkendt</span>" not in page
    assert "Decision" in headings(at) and "Beslutning" not in headings(at)


def test_a_meetings_absences_and_document_types_read_in_english(dirs):
    at = open_page("moede", moede=f"greve/{GREVE_KFU.name}", lang="en")
    page = "".join(h.proto.body for h in no_errors(at).html)
    assert re.search(r"Per Lund Sørensen \([^)]*absent", page) and "Fraværende" not in page
    assert '<span class="hit-where">minutes</span>' in page and '<span class="hit-where">referat' not in page


def test_a_meetings_documents_are_named_by_title_and_type_with_the_file_name_only_as_a_tooltip(dirs):
    at = open_page("moede", moede=f"greve/{GREVE_KFU.name}")
    docs = [h.proto.body for h in no_errors(at).html if h.proto.body.startswith('<div class="meeting-doc"')]
    assert docs and all(f'title="greve/{GREVE_KFU.name}"' in d for d in docs)
    assert all(f">greve/{GREVE_KFU.name}" not in d and "json<" not in d for d in docs)  # not as text a reader reads


def test_the_search_page_answers_at_soeg_as_well_as_at_the_root(dirs):
    at = app(q="huslejestigninger")
    paths = {page.url_path: page for page in at.session_state["pages"].values()}
    assert "" in paths and "soeg" in paths  # the frontend finds a page by its path: /soeg is no "Page not found"
    at = open_page("soeg", q="huslejestigninger")
    assert at.text_input(key="q").value == "huslejestigninger" and cards(at)


def test_a_cases_page_lists_the_meetings_that_treated_it_with_their_decisions(dirs):
    at = no_errors(open_page("sag", sag="21-016078"))
    page = "".join(h.proto.body for h in at.html)
    assert "Sag 21-016078" in page and "Punkt 10. Sankthans i Greve Kommune" in page
    assert "Kultur- og Fritidsudvalget · 12. januar 2022" in page
    assert any(link.proto.page == "moede" for link in at.get("page_link"))
    unknown = no_errors(open_page("sag", sag="99-999999"))
    assert any("intet møde" in i.value for i in unknown.info)


def test_back_on_a_case_page_from_a_meeting_shows_the_case_it_came_from(dirs):
    at = open_page("sag", sag="21-016078")
    at = goto(at, "moede")  # "Hele mødet" from the case, then the browser's Back button
    at.query_params.clear()
    at.query_params["sag"] = "21-016078"
    at = goto(at, "sag")
    assert "Sag 21-016078" in "".join(h.proto.body for h in at.html)
    assert dict(at.query_params) == {"sag": "21-016078"}  # not cleared by the forgotten, empty field


def test_a_case_number_searched_for_links_its_trail_and_offers_no_closest_paragraphs(dirs):
    at = no_errors(app(q="21-016078", mode="dense"))
    assert [link for link in at.get("page_link") if link.proto.query_string == "sag=21-016078"]
    # nothing passed the floor, which is no failed search: the case's page above answers it
    assert [i.value for i in at.info] == ["Sagsnummeret »21\\-016078« står ikke i teksten; sagens møder og "
                                         "beslutninger er samlet på sagens side (linket »Sagens forløb« på denne side)."]
    assert not [m.value for m in at.markdown if "nærmeste" in m.value]  # nor paragraphs that merely hold "21"
    named = no_errors(app(q="sag 21-016078", mode="dense"))  # the number quoted, not the words naming it
    assert [i.value for i in named.info] == [i.value for i in at.info]


def test_a_card_with_a_case_number_links_to_the_cases_trail(dirs):
    at = search(app(mode="lexical"), "Sankthans")
    links = [link.proto for link in at.get("page_link") if link.proto.label.startswith("Sagens forløb: ")]
    assert links and links[0].page == "sag" and links[0].query_string == "sag=21-016078"


def test_a_card_whose_text_stands_in_other_documents_too_links_to_them(own_dirs, monkeypatch):
    archive, index = own_dirs
    # the same minutes filed again under another name, a line added: one result, the other linked
    (archive / "minutes" / "zz_kopi.txt").write_bytes(b"Kopi til Byraadet\n\n" + SNOW)
    (archive / "minutes" / "zz_original.txt").write_bytes(SNOW)
    build(archive, index, embedder=EMBEDDER)
    at = search(app(mode="lexical"), "snerydning")
    said = [c.value for c in at.caption if c.value == "Samme tekst står også i et andet dokument:"]
    links = [link.proto for link in at.get("page_link") if link.proto.icon == ":material/content_copy:"]
    assert said and len(links) == 1 and links[0].page == "moede" and "zz_" in links[0].query_string
    monkeypatch.setattr("ui.cards.ALSO_IN", 0)  # more copies than a card links: it says how many more
    at = search(app(mode="lexical"), "snerydning")
    assert "… og 1 mere." in [c.value for c in at.caption]


def test_links_from_the_english_screen_keep_it_english_in_a_new_tab(dirs):
    english = search(app(mode="lexical", lang="en"), "Sankthans")
    targets = [link.proto for link in english.get("page_link") if link.proto.page in ("moede", "sag")]
    assert targets and all("lang=en" in link.query_string for link in targets)
    danish = search(app(mode="lexical"), "Sankthans")
    assert not [link for link in danish.get("page_link") if "lang=" in link.proto.query_string]


def test_the_follow_up_list_offers_every_status_at_once(own_dirs):
    from indexer import Archive

    opened = Archive.open(own_dirs[1], embedder=EMBEDDER)
    first = opened.follow_ups(status="open")[0].follow_up
    opened.mark_follow_up(first.id, "done")
    opened.close()
    counts = {status: len(follow_up_cards(open_page("beslutninger", {"d_view": "follow_ups"}, status=status)))
              for status in ("open", "done", "all")}
    assert counts["done"] == 1 and counts["all"] == counts["open"] + 1
    at = open_page("beslutninger", {"d_view": "follow_ups"}, status="all")
    assert at.session_state["d_status"] == "all" and "alle" in at.segmented_control(key="d_status").options


def test_a_follow_up_card_with_a_case_number_links_to_the_cases_trail(dirs):
    at = open_page("beslutninger", {"d_view": "follow_ups"})
    with_case = [c for c in follow_up_cards(no_errors(at)) if "sagsnr. " in c]
    links = [link.proto for link in at.get("page_link") if link.proto.label.startswith(("Sagens forløb: ", "Sagen "))]
    assert with_case and len(links) == len(with_case)
    assert all(link.page == "sag" and link.query_string.startswith("sag=") for link in links)
    # where nothing was found to take it up but the case came back, the link says when and where
    assert all(re.search(r"var på dagsordenen igen \d{1,2}\. [a-zæøå]+ \d{4} \(", link.label)
               for link in links if link.label.startswith("Sagen "))


def test_a_cases_next_treatment_after_a_promise_is_the_first_at_a_later_meeting(monkeypatch):
    from types import SimpleNamespace

    import ui.case
    from indexer.search.cases import CaseStep

    steps = [CaseStep("23-1", body, day, document, None, "4", title, "p")
             for body, day, document, title in (
                 ("Udvalget", "2023-01-02", "a.json", "Titel"), ("Byrådet", "2023-01-16", "b.json", "Titel, bevillingssag"),
                 ("Udvalget", "2023-03-06", "c.json", "Titel"), ("Byrådet", "2023-06-05", "d.json", "Titel"))]
    monkeypatch.setattr(ui.case, "_trail", lambda stamp, number: steps)
    monkeypatch.setattr(ui.case, "index_stamp", lambda: 0)
    promise = SimpleNamespace(case_number="23-1", meeting_date="2023-01-02", body="Udvalget", item_title="Titel")
    # the council's item two weeks later is the same round going on, whatever its title: the case came back in March
    assert ui.case.next_treatment(promise).document == "c.json"
    promise.meeting_date = "2023-03-06"  # months later, at another body: back
    assert ui.case.next_treatment(promise).document == "d.json"
    steps.insert(3, CaseStep("23-1", "Udvalget", "2023-06-05", "e.json", None, "2", "Titel", "p"))
    assert ui.case.next_treatment(promise).document == "e.json"  # that day, the promising body's own item first
    promise.meeting_date = "2023-06-05"
    assert ui.case.next_treatment(promise) is None
    standing = SimpleNamespace(case_number="23-1", meeting_date="2023-01-02", body="Udvalget",
                               item_title="Huskeliste og orientering fra administrationen")
    assert ui.case.next_treatment(standing) is None  # every meeting has it
    assert ui.case.next_treatment(SimpleNamespace(case_number=None, meeting_date="2023-01-09", item_title=None)) is None


def test_a_search_for_a_case_number_the_archive_holds_links_to_the_cases_page(dirs):
    at = search(app(mode="lexical"), "21-016078")
    links = [link.proto for link in at.get("page_link") if "sagsnummer" in link.proto.label]
    assert [(link.page, link.query_string) for link in links] == [("sag", "sag=21-016078")]
    english = search(app(mode="lexical", lang="en"), "21-016078")
    assert any("is a case number" in link.proto.label for link in english.get("page_link"))
    words = search(app(mode="lexical"), "Sankthans")
    assert not [link for link in words.get("page_link") if "sagsnummer" in link.proto.label]


# -- search page edges: a page beyond the last, a URL query past the limit, bidi controls ------------
def test_a_page_beyond_the_last_shows_the_last_page(dirs):
    at = no_errors(app(q="huslejestigninger", mode="lexical", side="20"))
    first, last = map(int, re.search(r"viser (\d+)–(\d+)", summary(at)).groups())
    assert 1 <= first <= last and cards(at)
    pages = re.findall(r"Side (\d+) af (\d+)", " ".join(c.value for c in at.caption))
    assert all(int(page) <= int(of) for page, of in pages)


def test_the_page_count_says_more_may_follow_when_the_result_count_does(dirs, monkeypatch):
    from indexer.search import rank

    monkeypatch.setattr(rank, "CANDIDATES", 12)  # a pool cut short: "20+ gode resultater"
    at = no_errors(app(q="kommune", mode="lexical"))
    assert re.match(r"\d+\+ gode resultater", summary(at)), summary(at)
    assert re.search(r"Side 1 af \d+\+", " ".join(c.value for c in at.caption))


def test_a_query_from_the_url_is_cleaned_and_capped_like_a_typed_one(dirs):
    at = no_errors(app(q="\u202ehuslejestigninger\u202c " + "x" * 3000, mode="lexical"))
    shown = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    assert "\u202e" not in shown and "\u202c" not in shown
    assert "x" * 2001 not in shown


def test_quotes_are_said_to_be_plain_words_and_a_minus_word_to_leave_results_out(dirs):
    at = search(app(mode="lexical"), '"husleje" -bosted')
    assert any("Anførselstegn" in c.value and "Minus foran et ord (-ord) udelader" in c.value for c in at.caption)
    assert "Uden resultater, der indeholder »bosted«." in [c.value for c in at.caption]
    assert cards(at) and not any("bosted" in card.lower() for card in cards(at))


def test_no_good_match_says_why_the_closest_are_not_results_and_what_to_try(dirs, monkeypatch):
    from indexer.search import vocabulary

    monkeypatch.setattr(vocabulary, "MIN_PARAGRAPHS", 1)  # the test archive is small
    at = search(app(), "xyzzyqwerty flumbo")
    assert at.info[0].value == "Ingen gode match for »xyzzyqwerty flumbo«."
    assert any("Prøv i stedet" in m.value and "andre ord" in m.value for m in at.markdown)
    # words the records never use in any form: said, and the closest hold too few of them
    assert any(c.value.startswith("Referaterne bruger aldrig »xyzzyqwerty«, »flumbo«") for c in at.caption)
    if cards(at):  # the closest matches, each with its reason
        assert any("Indeholder for få af søgeordene" in c.value for c in at.caption)


def test_a_query_of_only_common_words_says_they_are_too_common_not_that_none_is_held(dirs):
    at = search(app(), "og")
    reasons = [c.value for c in at.caption if "Under grænsen" in c.value or "Indeholder for få" in c.value]
    assert reasons and all("for almindelige til at tælle" in r for r in reasons)
    assert not any("ingen af søgeordene" in r for r in reasons)


def test_no_match_with_filters_says_the_unfiltered_count_is_a_lower_bound_where_it_is(dirs, monkeypatch):
    from indexer.search import rank

    monkeypatch.setattr(rank, "CANDIDATES", 12)  # "uden filtre er der 186" where the page itself said "186+"
    at = no_errors(app(q="Folketinget", mode="lexical", fra="1990-01-01", til="1990-12-31"))
    [said] = [i.value for i in at.info if "uden filtre er der" in i.value]
    assert re.search(r"uden filtre er der [\d.]+\+\.$", said), said


def test_a_question_about_what_was_decided_shows_the_decisions_it_finds_above_the_results(dirs):
    asked = search(app(mode="lexical"), "Hvad besluttede udvalget om Sankthans?")
    box = [h.value for h in asked.get("html") if "decision" in h.value]
    assert "Beslutninger om det, du spørger om" in " ".join(h.value for h in asked.get("html"))
    assert box and any("Sankthans" in value for value in box)
    links = [link.proto for link in asked.get("page_link") if link.proto.label.startswith("Flere beslutninger")]
    assert [link.page for link in links] == ["beslutninger"] and "visning=decisions" in links[0].query_string
    assert "qlang=da" in links[0].query_string  # the matter is read in the question's language there too
    plain = search(app(mode="lexical"), "Sankthans")  # no question about a decision: the results alone
    assert "Beslutninger om det, du spørger om" not in " ".join(h.value for h in plain.get("html"))


def test_the_decisions_page_reads_a_linked_matter_in_the_language_its_question_was_asked_in(dirs, monkeypatch):
    from indexer.search.archive import Archive

    asked = []
    real = Archive.decisions
    monkeypatch.setattr(Archive, "decisions", lambda self, *a, **kw: asked.append(kw.get("language")) or real(self, *a, **kw))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(visning="decisions", q="Sankthans", qlang="en")
    at._page_hash = calc_hash("beslutninger")
    at = no_errors(at.run())
    assert asked and asked[-1] == "en" and at.query_params["qlang"] in ("en", ["en"])
    at.text_input(key="d_q_decisions").set_value("Sankthans bål").run()  # words of the reader's own: told from them
    assert asked[-1] is None and "qlang" not in at.query_params


def test_a_question_about_what_was_decided_shows_the_latest_decisions_of_the_case_found_first():
    from types import SimpleNamespace

    from ui.decided import _latest_of_first_case

    def decision(case, number, votes=()):
        return SimpleNamespace(case_number=case, id=number, votes=list(votes))

    # a case's decisions stand together as it went: of a long one, the last (the Byråd's after the committee's)
    assert [d.id for d in _latest_of_first_case([decision("A", n) for n in (1, 2, 3, 4)] + [decision("B", 5)])] == [
        2, 3, 4]
    assert [d.id for d in _latest_of_first_case([decision("A", 1)] + [decision("B", n) for n in (2, 3, 4)])] == [
        1, 2, 3]
    assert [d.id for d in _latest_of_first_case([decision(None, 1), decision(None, 2)])] == [1, 2]
    # who voted how: the case's decisions that record votes, the latest (Budget 2024-27's second readings, not its
    # seminar); where none does, as any question about it
    budget = [decision("A", n, votes=["V"] if n in (5, 6) else ()) for n in range(1, 9)]
    assert [d.id for d in _latest_of_first_case(budget, votes=True)] == [5, 6]
    assert [d.id for d in _latest_of_first_case(budget[:4], votes=True)] == [2, 3, 4]
    assert [d.id for d in _latest_of_first_case([decision(None, 1), decision(None, 2, votes=["A"])], votes=True)] == [2]


def test_a_malformed_password_hash_is_said_on_the_login_page_not_read_as_a_wrong_password(dirs, monkeypatch):
    monkeypatch.setenv(roles.ENV_VAR, "pbkdf2_sha25600000+cjoy")  # the README's line in double quotes
    at = app()
    at._page_hash = calc_hash("sekretariat")  # as `goto`, which refuses a page with an error
    at = at.run()
    assert [e.value for e in at.error] == [
        "Sekretariatets adgangskode kan ikke bruges: den indstillede hash (INDEXER_ADMIN_PASSWORD_HASH) er ikke en, "
        "`python -m indexer.roles` har lavet. Sæt den i enkelte anførselstegn, og genstart appen."]
    assert not at.text_input  # no form to try passwords in


def test_an_index_that_cannot_be_written_offers_no_secretariat_controls(dirs, secretariat, monkeypatch):
    import os

    _, index = dirs
    access = os.access
    # a read-only mount: the index can be searched, not changed
    monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK and str(path) == str(index)
                        else access(path, mode))
    at = goto(app(), "sekretariat")
    assert "password" not in keys(at, at.text_input) and "q" in keys(at, at.text_input)


def test_a_links_control_and_bidi_characters_never_reach_the_fields(dirs):
    case = no_errors(open_page("sag", sag="\u202eevil 22-011409\x07"))
    assert case.text_input(key="case_number").value == "evil 22-011409"
    searched = no_errors(app(q="huslejestigninger\u202e\x1b"))
    assert searched.text_input(key="q").value == "huslejestigninger"


def test_a_cases_page_lists_what_was_promised_under_it_with_status_and_due_date(dirs):
    at = no_errors(open_page("sag", sag="2015-0135051"))
    assert any("Løfter og ønsker i sagen (" in str(h.proto) for h in at.get("html"))
    listed = " ".join(m.value for m in at.markdown)
    assert "procesplan for samskabelsesprocessen" in listed and "senest 31. august 2015" in listed
    assert "åben" in listed and re.search(r"lovet [^—]+ — (?:intet fundet siden|(?:muligvis )?taget op igen)", listed)
    assert "(Socialudvalget · åben" in listed  # the body that promised, beside its mark
    assert "Løfter og ønsker" not in " ".join(str(h.proto) for h in no_errors(open_page("sag", sag="2012-31673")).get("html"))



def test_a_count_of_results_holding_the_words_that_reads_on_says_so_far_not_n_plus_of_the_same_n_plus():
    from ui.search import holding
    from ui.strings import TEXT

    assert holding(71, 71, complete=False) == "so_far_with"  # was "71+ of the 71+ hold …; the others are close …"
    assert [holding(0, 9, True), holding(9, 9, True), holding(4, 9, False)] == ["without", "all_with", "with"]
    for language in ("da", "en"):
        said = TEXT[language][f"results_{holding(71, 71, False)}_glossed"].format(total="71+", n="71+", which="")
        assert "71+" in said and "close in meaning" not in said and "ligner i betydning" not in said


def test_a_meeting_systems_result_links_its_agenda_item_where_the_system_publishes_it(dirs):
    at = open_expander(search(app(mode="lexical"), "Sankthans"), "ctx_")
    portal = [b for b in at.get("link_button") if "i mødesystemet" in b.proto.label]
    assert portal and portal[0].proto.label == "Se punkt 10 i mødesystemet", [b.proto.label for b in portal]
    assert portal[0].proto.url.startswith("https://dagsordener.greve.dk/")
