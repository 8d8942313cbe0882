"""The Streamlit app, widget by widget, with `streamlit.testing` AppTest on a real (small) index.

The index is built once per session from the sample minutes, two parliament sittings and one
hostile document; the model is loaded once and shared by the fixture and the app.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from indexer import store
from indexer.build import build

from .paths import ROOT, SAMPLE_ARCHIVE, SAMPLE_FOLKETINGET, SAMPLE_MINUTES
from .pdfs import make_pdf

pytestmark = pytest.mark.slow
APP = str(ROOT / "app.py")
SITTINGS = ("folketinget-2015-07-02-1200.txt", "folketinget-2019-06-20-1200.txt", "folketinget-2019-09-12-1000.txt")
# Document text that would run or format if it were rendered as HTML or Markdown.
HOSTILE = ("Referat af møde i Brugerrådet\n\n"
           "Brugerrådet drøftede huslejestigninger: <img src=x onerror=alert(1)> <script>alert(2)</script> "
           "**fed** [klik](javascript:alert(3)) og huslejestigninger igen på bostederne i år.\n")


@pytest.fixture(scope="session")
def app_embedder(embedder):
    """The session's one model (tests/conftest.py), also handed to the app when it loads "its" model."""
    from indexer import embed

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(embed, "Embedder", lambda *args, **kwargs: embedder)
        yield embedder


CURRENT = 'class="ctx ctx-current"'  # the paragraph a context view is centred on
MINUTES = ("000_e9b7192dbc8b80a1.txt", "001_70c5ef0d973b6080.txt", "004_d9519e1c86cf0307.txt")


@functools.cache
def sample_index(root: Path, embedder) -> tuple[Path, Path]:
    """(archive dir, index dir) of a small sample archive, built once per process (the browser test shares it)."""
    archive = root / "archive"
    (archive / "minutes").mkdir(parents=True)
    (archive / "folketinget").mkdir()
    for name in MINUTES:
        shutil.copy(SAMPLE_MINUTES / name, archive / "minutes" / name)
    for name in SITTINGS:
        shutil.copy(SAMPLE_FOLKETINGET / name, archive / "folketinget" / name)
    shutil.copy(SAMPLE_ARCHIVE / "catalog.csv", archive / "catalog.csv")
    (archive / "minutes" / "zz_brugerraad.txt").write_text(HOSTILE, encoding="utf-8")
    report = build(archive, root / "index", embedder=embedder)
    assert not report.skipped, report.summary()
    return archive, root / "index"


@pytest.fixture(scope="session")
def built(tmp_path_factory, app_embedder) -> tuple[Path, Path]:
    return sample_index(tmp_path_factory.getbasetemp() / "sample", app_embedder)


@pytest.fixture
def dirs(built, monkeypatch) -> tuple[Path, Path]:
    archive, index = built
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    return built


@pytest.fixture
def own_dirs(built, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A private copy of archive and index, for tests that add files or rebuild."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(built[0], archive)
    shutil.copytree(built[1], index)
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    return archive, index


def app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(params)
    return at.run()


def cards(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html if 'class="hit"' in h.proto.body]


def card_field(card: str, name: str) -> str:
    return re.search(rf'<div class="{name}">(.*?)</div>', card).group(1)


def no_errors(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def search(at: AppTest, query: str) -> AppTest:
    return no_errors(at.text_input(key="q").set_value(query).run())


# -- loading, empty and error states -----------------------------------------------------
def test_no_index_shows_the_build_command_and_stops(tmp_path, monkeypatch):
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", "archive")
    at = app()
    assert not at.exception
    assert "intet indeks" in at.info[0].value
    assert at.code[0].value == f"python -m indexer build archive --index {tmp_path / 'index'}"
    assert not at.tabs and not at.text_input  # st.stop(): nothing else is drawn


def test_build_button_on_the_empty_state_builds_the_index(tmp_path, monkeypatch, app_embedder):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SAMPLE_FOLKETINGET / SITTINGS[0], archive / SITTINGS[0])
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    at = app()
    at.button(key="build_first").click().run()
    assert not at.exception and (tmp_path / "index" / "manifest.json").exists()
    assert at.text_input(key="q") and not at.info  # the app reran onto the new index


def test_default_build_command_matches_the_readme(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no index/ here
    monkeypatch.delenv("INDEXER_INDEX_DIR", raising=False)
    monkeypatch.delenv("INDEXER_ARCHIVE_DIR", raising=False)
    assert app().code[0].value == "python -m indexer build archive --index index"


def test_damaged_index_is_one_error_line_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "manifest.json").write_text(json.dumps({"format_version": 999}), encoding="utf-8")
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path))
    at = app()
    assert not at.exception
    assert "format version 999" in at.error[0].value and "--rebuild" in at.error[0].value


def test_empty_query_shows_overview_and_example_searches(dirs):
    at = no_errors(app())
    assert any("dokumenter" in c.value and "afsnit" in c.value for c in at.caption)
    assert not cards(at)
    at.button(key="example_0").click().run()
    assert at.text_input(key="q").value == "huslejestigninger"
    assert cards(at) and at.query_params["q"] == "huslejestigninger"


# -- search and result cards -------------------------------------------------------------------
def test_search_shows_cards_with_marked_words_and_full_metadata(dirs):
    at = search(app(), "huslejestigninger")
    found = cards(at)
    assert len(found) == 10
    assert any("<mark>huslejestigninger</mark>" in card for card in found[:3])
    first = found[0]
    assert card_field(first, "hit-where") and card_field(first, "hit-title")
    summary = next(m.value for m in at.markdown if "resultater for" in m.value)
    seconds = float(re.search(r"\(([\d.]+) s\)", summary).group(1))
    assert seconds < 1.0, summary  # the model and index are loaded; a search is fast


def test_document_text_is_escaped_never_rendered(dirs):
    at = search(app(), "huslejestigninger Brugerrådet")
    card = next(c for c in cards(at) if "onerror" in c)
    assert "&lt;img src=x onerror=alert(1)&gt;" in card and "&lt;script&gt;" in card
    assert "<img" not in card and "<script" not in card
    assert "**fed** [klik](javascript:alert(3))" in card  # shown as typed, inside st.html (no Markdown)


def test_english_toggle_translates_and_goes_into_the_url(dirs):
    at = search(app(), "huslejestigninger")
    at.toggle(key="en").set_value(True).run()
    assert at.text_input(key="q").label == "Search the archive"
    assert any("results for" in m.value for m in at.markdown)
    assert at.query_params["lang"] == "en"


def test_page_size_and_mode(dirs):
    at = search(app(), "huslejestigninger")
    at.selectbox(key="n").set_value(20).run()
    assert len(cards(at)) == 20 and at.query_params["n"] == "20"
    at.segmented_control(key="mode").set_value("lexical").run()
    lexical = cards(at)
    assert lexical and all("<mark>" in card for card in lexical)  # only paragraphs that hold the word
    assert at.query_params["mode"] == "lexical"


# -- filters ----------------------------------------------------------------------------------------
def test_filters_show_counts_for_the_current_query(dirs):
    at = search(app(), "huslejestigninger")
    bodies = at.pills(key="organ")
    labels = bodies.options  # as shown: "Dialogforum (65)"
    assert all(re.search(r"\(\d+\)$", label) for label in labels), labels
    counts = [int(re.search(r"\((\d+)\)$", label).group(1)) for label in labels]
    assert counts == sorted(counts, reverse=True) and sum(counts) > 0
    assert all(re.search(r"\(\d+\)$", label) for label in at.pills(key="type").options)
    assert all(re.search(r"\(\d+\)$", label) for label in at.multiselect(key="dok").options)


def test_body_filter_restricts_results_and_lives_in_the_url(dirs):
    at = search(app(), "huslejestigninger")
    at.pills(key="organ").set_value(["Dialogforum"]).run()
    found = cards(no_errors(at))
    assert found and all(card_field(card, "hit-where").startswith("Dialogforum") for card in found)
    assert at.query_params["organ"] == "Dialogforum"


def test_type_and_document_filters(dirs):
    at = search(app(), "psykiatri")
    at.pills(key="type").set_value(["opsamling"]).run()
    assert cards(at) and all("opsamling" in card_field(c, "hit-where") for c in cards(at))
    at.pills(key="type").set_value([]).run()
    at.multiselect(key="dok").set_value(["minutes/004_d9519e1c86cf0307.txt"]).run()
    titles = {card_field(c, "hit-title").split("</span> ", 1)[1] for c in cards(at)}
    assert titles == {"Foreløbig opsamling fra konference om vejen mod fremtidens socialpsykiatri"}


def test_date_range_filters_and_counts_the_period(dirs):
    from datetime import date

    at = search(app(), "Folketinget møde")
    at.date_input(key="fra").set_value(date(2019, 1, 1)).run()
    at.date_input(key="til").set_value(date(2019, 9, 12)).run()
    found = cards(no_errors(at))
    assert found and all("2019-" in card_field(c, "hit-where") for c in found)
    assert any("relevante afsnit i perioden" in c.value for c in at.sidebar.caption)
    assert at.query_params["fra"] == "2019-01-01" and at.query_params["til"] == "2019-09-12"


def test_no_results_suggests_loosening_and_reset_clears_filters(dirs):
    from datetime import date

    at = search(app(), "huslejestigninger")
    at.pills(key="organ").set_value(["Dialogforum"]).run()
    at.date_input(key="fra").set_value(date(2019, 1, 1)).run()  # Dialogforum's minutes are undated
    assert not cards(at)
    assert "fjerne et filter" in at.info[0].value
    at.button(key="reset_main").click().run()
    assert cards(at) and at.pills(key="organ").value == [] and at.date_input(key="fra").value is None
    assert "organ" not in at.query_params and "fra" not in at.query_params


def test_sidebar_reset_button(dirs):
    at = app(q="huslejestigninger", organ="Folketinget", til="2019-06-30")
    assert at.pills(key="organ").value == ["Folketinget"]
    at.button(key="reset").click().run()
    assert at.pills(key="organ").value == [] and at.date_input(key="til").value is None


# -- timeline -----------------------------------------------------------------------------------
def select_period(at: AppTest, start_ms: float, end_ms: float) -> AppTest:
    """Send the browser's interval selection on the timeline chart (AppTest cannot drag a brush)."""
    chart = at.get("vega_lite_chart")[0]
    states = at._tree.get_widget_states()
    state = WidgetState(id=chart.proto.id)
    state.string_value = json.dumps({"selection": {"periode": {"date": [start_ms, end_ms]}}})
    states.widgets.append(state)
    return at._run(states)


def test_timeline_shows_dated_matches_and_a_brush_sets_the_date_filter(dirs):
    at = search(app(), "Folketinget")
    chart = at.get("vega_lite_chart")
    assert chart, "no timeline chart"
    spec = json.loads(chart[0].proto.spec)
    assert spec["params"][0]["name"] == "periode" and spec["mark"]["type"] == "circle"
    at = no_errors(select_period(at, 1559347200000, 1561852800000))  # 2019-06-01 .. 2019-06-30 UTC
    assert str(at.date_input(key="fra").value) == "2019-06-01" and str(at.date_input(key="til").value) == "2019-06-30"
    found = cards(at)
    assert found and all(card_field(c, "hit-where").split(" · ")[1] == "2019-06-20" for c in found)
    assert at.query_params["fra"] == "2019-06-01" and at.query_params["til"] == "2019-06-30"


# -- context, source and related discussions ------------------------------------------------------
def open_expander(at: AppTest, prefix: str, rank: int = 0) -> AppTest:
    keys = [e.proto.id.split("-", 2)[-1] for e in at.expander if e.proto.id.split("-", 2)[-1].startswith(prefix)]
    at.session_state[keys[rank]] = True
    return no_errors(at.run())


def test_context_shows_neighbours_citation_and_the_original(dirs):
    at = search(app(), "huslejestigninger")
    assert not any(CURRENT in h.proto.body for h in at.html)  # lazy: nothing until opened
    at = open_expander(at, "ctx_", rank=1)  # the first hit is the one-paragraph hostile note
    context = next(h.proto.body for h in at.html if CURRENT in h.proto.body)
    assert context.count('<p class="ctx') >= 3
    citation = at.code[0].value
    assert "fil: minutes/" in citation or "fil: folketinget/" in citation
    assert any(b.label == "Hent originalen (000_e9b7192dbc8b80a1.txt)" for b in at.download_button)


def test_related_discussions_come_from_other_documents_in_either_order(dirs):
    at = search(app(), "huslejestigninger")
    first_title = card_field(cards(at)[0], "hit-title").split("</span> ", 1)[1]
    at = open_expander(at, "rel_")
    related = [h.proto.body for h in at.html if 'class="hit"' in h.proto.body][10:]
    assert related and all(card_field(r, "hit-title") != first_title for r in related)
    radio = at.radio[0]
    radio.set_value("newest").run()
    related = [h.proto.body for h in at.html if 'class="hit"' in h.proto.body][10:]
    dates = [(card_field(r, "hit-where").split(" · ") + [""])[1] for r in related]
    dated = [d for d in dates if re.fullmatch(r"\d{4}-\d\d-\d\d", d)]
    assert dated == sorted(dated, reverse=True)


def test_export_buttons_offer_csv_and_markdown(dirs):
    at = search(app(), "staff turnover")
    labels = {b.label for b in at.download_button}
    assert {"Eksportér CSV", "Eksportér Markdown"} <= labels


def test_shared_url_reopens_the_same_search(dirs):
    at = no_errors(app(q="huslejestigninger", organ=["Dialogforum", "No such body"], lang="en", n="20"))
    assert at.text_input(key="q").value == "huslejestigninger"
    assert at.pills(key="organ").value == ["Dialogforum"]  # unknown values are dropped
    assert at.selectbox(key="n").value == 20 and at.toggle(key="en").value
    found = cards(at)
    assert found and all(card_field(c, "hit-where").startswith("Dialogforum") for c in found)


def test_a_bad_date_in_a_link_is_ignored(dirs):
    at = no_errors(app(q="huslejestigninger", fra="31-12-2019"))
    assert at.date_input(key="fra").value is None and cards(at)


# -- archive management ------------------------------------------------------------------------
def upload(at: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    uploader = at.file_uploader[0]
    uploader.set_value(list(files)).run()
    return at.button(key="upload_save").click().run()


def test_upload_saves_a_safe_name_and_reindexes(own_dirs):
    archive, index = own_dirs
    text = ("Referat fra Ældrerådet\n\nÆldrerådet drøftede vintervedligeholdelse af fortove og cykelstier, "
            "og bad om en plan for snerydning før jul.\n").encode()
    at = upload(app(), ("../../../etc/snerydning.txt", text, "text/plain"))
    assert not at.exception and not at.error
    assert (archive / "uploads" / "snerydning.txt").read_bytes() == text
    assert not (archive.parent / "etc").exists()
    assert "1 indexed" in at.success[0].value
    found = cards(search(at, "snerydning"))
    assert "snerydning" in found[0]


def test_unreadable_upload_is_reported_and_leaves_the_index_as_it_was(own_dirs):
    archive, index = own_dirs
    before = store.read_manifest(index)
    at = upload(app(), ("scan.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf"))
    assert "scan.pdf" in at.error[0].value and "ikke læses" in at.error[0].value
    assert not at.success and not (archive / "uploads").exists()
    assert store.read_manifest(index) == before


def test_uploaded_pdf_opens_at_the_paragraphs_page(own_dirs, tmp_path):
    pdf = make_pdf(tmp_path / "handicap.pdf", [
        ["Referat fra Handicaprådet", "Rådet godkendte dagsordenen uden bemærkninger."],
        ["Punkt 2. Tilgængelighed", "Handicaprådet drøftede elevatorerne på rådhuset, som ofte er i stykker,",
         "og bad forvaltningen om en plan for reparationerne."],
    ])
    at = upload(app(), ("handicap.pdf", pdf.read_bytes(), "application/pdf"))
    assert "1 indexed" in at.success[0].value
    at = search(at, "elevatorerne på rådhuset")
    assert "s. 2" in card_field(cards(at)[0], "hit-detail")
    at = open_expander(at, "ctx_")
    pdf_toggle = next(t for t in at.toggle if t.label.startswith("Vis PDF'en på side 2"))
    pdf_toggle.set_value(True).run()
    src = at.get("iframe")[0].proto.src
    assert src.startswith("data:application/pdf;base64,") and src.endswith("#page=2")


def test_reindex_button_and_a_running_build(own_dirs):
    archive, index = own_dirs
    at = app()
    at.button(key="reindex").click().run()
    assert "0 indexed" in at.success[0].value
    with store.build_lock(index):
        at.button(key="reindex").click().run()
    assert "another build is running" in at.error[0].value
