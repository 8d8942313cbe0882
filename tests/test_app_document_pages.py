"""What the meeting list and page showed of documents that are data, or that record no meeting,
pinned: titles and body names shown as written, never as Markdown; a report's page in sections,
without "no decision found"; no "ukendt organ" for a document that has no body to name.

Streamlit AppTest on a small index of its own (hashed vectors, no model): two minutes whose title
and body hold Markdown and HTML (one dated, one undated, so that the list shows the title), minutes
that name no body, an annual report, a summary and a conference's programme without a body.
"""
from __future__ import annotations

import csv
import re

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from indexer import present
from indexer.build.run import build

from .paths import sample_copy
from .test_app import EMBEDDER, app_setup, no_errors  # noqa: F401
from .test_app_meeting_pages import APP, open_page, page_html

HOSTILE_TITLE = "Referat [x](javascript:alert(1)) **fed** <img src=x onerror=alert(1)> | a &lt;b&gt; :red[r]"
HOSTILE_BODY = "Udvalg *B* [y](javascript:alert(2)) | c"
DATED = "minutes/hostile_dated.txt"
UNDATED = "minutes/hostile_undated.txt"
NO_BODY = "minutes/referat_uden_organ.txt"  # minutes that do not say which body met
REPORT = "minutes/003_27f82d4ab2ec9f88.txt"  # an annual report with numbered sections and follow-ups
SUMMARY = "minutes/001_70c5ef0d973b6080.txt"  # a summary of a talk: no body, no date
PROGRAMME = "pdfs/konference_forebyggelse_ulighed_program_2012-12-10.pdf"  # a conference: no body
MEMO = "minutes/notat_uden_organ.txt"  # a memo that names no body and promises something
MEMO_TITLE = "Notat om vedligeholdelsen"
TEXT = "Udvalget drøftede vedligeholdelsen af bygningerne og godkendte planen for 2013.\n"


@pytest.fixture(scope="session")
def documents_built(tmp_path_factory):
    root = tmp_path_factory.mktemp("document-pages")
    archive = sample_copy(root / "archive", (REPORT, SUMMARY, PROGRAMME))
    for number, path in enumerate((DATED, UNDATED, NO_BODY), 1):  # not one text thrice: the build keeps one
        (archive / path).parent.mkdir(parents=True, exist_ok=True)
        (archive / path).write_text(TEXT.replace("2013", f"201{number}"), encoding="utf-8")
    with open(archive / "catalog.csv", "a", encoding="utf-8", newline="") as catalog:
        writer = csv.writer(catalog)
        writer.writerow([DATED, HOSTILE_TITLE, HOSTILE_BODY, "2013-01-10", "referat", "", "", ""])
        writer.writerow([UNDATED, HOSTILE_TITLE, HOSTILE_BODY, "", "referat", "", "", ""])
        writer.writerow([NO_BODY, "Referat", "", "2013-02-01", "referat", "", "", ""])
        writer.writerow([MEMO, MEMO_TITLE, "", "2013-03-01", "notat", "", "", ""])
    (archive / MEMO).write_text("Forvaltningen vender tilbage med en plan for vedligeholdelsen af skolerne på "
                                "næste møde.\n", encoding="utf-8")
    report = build(archive, root / "index", embedder=EMBEDDER)
    assert not report.skipped, report.summary()
    return archive, root / "index"


@pytest.fixture
def documents_dirs(documents_built, monkeypatch):
    archive, index = documents_built
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
    return documents_built


def list_labels(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def read_as(markdown: str) -> str:
    """What a reader sees of Markdown made of plain text and backslash escapes only."""
    return re.sub(r"\\(.)", r"\1", markdown)


def unescaped(markdown: str, characters: str) -> list[str]:
    """The characters of `characters` in `markdown` that no backslash escapes: Markdown or HTML to be rendered."""
    return re.findall(rf"(?<!\\)[{re.escape(characters)}]", re.sub(r"\\\\", "", markdown))


# -- 1. titles and body names in the meeting list are data ---------------------------------------------------
def test_the_meeting_list_shows_titles_and_body_names_as_written_never_as_markdown(documents_dirs):
    at = open_page("moede")
    hostile = [label for label in list_labels(at) if "javascript" in label]
    assert len(hostile) == 2, list_labels(at)
    dated = next(label for label in hostile if "2013" in label)
    undated = next(label for label in hostile if "udateret" in label)
    assert read_as(dated) == f"10. januar 2013 · {HOSTILE_BODY}"
    assert read_as(undated) == f"udateret · {HOSTILE_BODY} · {present.shorten(HOSTILE_TITLE, 60)}"
    for label in hostile:  # no link, emphasis, tag, table cell, entity or directive left to render
        assert not unescaped(label, "[]()*<>|&:"), label


def test_a_meeting_pages_follow_form_names_the_body_as_written(documents_dirs):
    at = open_page("moede", moede=DATED)
    label = next(e.label for e in at.expander if e.label.startswith("Følg udvalget"))
    assert read_as(label) == f"Følg udvalget: {HOSTILE_BODY}" and not unescaped(label, "[]()*|"), label
    assert HOSTILE_BODY.replace("<", "&lt;") in page_html(at)  # the heading is HTML, escaped


def test_markdown_escape_leaves_an_entity_as_typed():
    assert present.markdown_escape("a &lt;b&gt; & c") == "a \\&lt;b\\&gt; \\& c"


# -- 4. a report reads in sections ----------------------------------------------------------------------------
def test_a_reports_page_shows_sections_not_an_agenda_and_no_decision_missing(documents_dirs):
    at = open_page("moede", moede=REPORT)
    html = page_html(at)
    captions = " ".join(c.value for c in at.caption)
    assert ">Afsnit<" in html and ">Dagsorden<" not in html
    assert "1. Resumé" in html and "Punkt 1" not in html
    assert "Ingen beslutning fundet i teksten" not in captions
    assert "Opfølgning nævnt i afsnittet" in html and "Opfølgning lovet her" not in html
    assert "Mødets dokumenter" not in html
    english = open_page("moede", moede=REPORT, lang="en")
    html = page_html(english)
    assert ">Sections<" in html and ">Agenda<" not in html and "Item 1" not in html
    assert "No decision found" not in " ".join(c.value for c in english.caption)
    assert "Follow-up named in this section" in html and "Follow-up promised here" not in html


def test_minutes_still_show_their_agenda(documents_dirs):
    at = open_page("moede", moede=NO_BODY)
    assert ">Dagsorden<" in page_html(at)


# -- 5. no "ukendt organ" where a document has no body to name ------------------------------------------------
def test_a_programme_or_summary_without_a_body_shows_no_unknown_body(documents_dirs):
    at = open_page("moede")
    labels = [read_as(label) for label in list_labels(at)]
    programme = next(label for label in labels if "Konference" in label)
    summary = next(label for label in labels if "Opsamling" in label)
    assert programme.startswith("10. december 2012 · Konference"), programme
    assert summary.startswith("udateret · Opsamling"), summary
    assert [label for label in labels if "ukendt organ" in label] == ["1. februar 2013 · ukendt organ"]  # minutes
    for path, title in ((PROGRAMME, "Konference"), (SUMMARY, "Opsamling")):
        page = page_html(open_page("moede", moede=path))
        assert "ukendt organ" not in page and f'<h2 class="meeting-title">{title}' in page, path
    assert "ukendt organ" in page_html(open_page("moede", moede=NO_BODY))


def test_a_memo_without_a_body_is_grouped_under_its_title_on_the_follow_up_page(documents_dirs):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["d_view"] = "follow_ups"
    at._page_hash = calc_hash("beslutninger")
    no_errors(at.run())
    groups = [re.sub(r"<[^>]+>", "", m) for h in at.html
              for m in re.findall(r'<h2 class="body-heading">.*?</h2>', h.proto.body)]
    assert any(g.startswith(f"{MEMO_TITLE} ·") for g in groups), groups
    assert not any("ukendt organ" in g for g in groups), groups
    card = next(h.proto.body for h in at.html if 'class="hit follow-up"' in h.proto.body and "vedligeholdelsen" in h.proto.body)
    assert "ukendt organ" not in card and MEMO_TITLE in card


def test_a_promise_repeated_as_its_case_goes_on_is_one_card_saying_where_it_came_again(tmp_path, monkeypatch):
    from .fakes import HashEmbedder
    from .firstagenda import write_meeting

    item = ("22-000010", "Skoleveje", [("Beslutning", "Anbefales. Administrationen vender tilbage med en plan "
                                                     "for skolevejene i marts 2023.")])
    write_meeting(tmp_path / "archive", "Plan- og Tryghedsudvalget", "2022-10-03", [item])
    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2022-10-24", [item])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(tmp_path / "archive"))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(tmp_path / "index"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["d_view"] = "follow_ups"
    at._page_hash = calc_hash("beslutninger")
    no_errors(at.run())
    cards = [h.proto.body for h in at.html if 'class="hit follow-up"' in h.proto.body]
    assert len(cards) == 1
    assert "Samme løfte, da sagen kom videre: Økonomiudvalget 24. oktober 2022" in cards[0]
