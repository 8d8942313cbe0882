"""The app on a municipality's meetings (Danish screen): a long
paste kept and cut with a notice, dates outside the archive taken and said in the page's words,
dates the wrong way round said, single pickers that say "Vælg …", no page count for files without
pages, a general note on the people page, every skipped file of the build's report listed with
its reason, and copies of a result's text named in the exports as the card names them.

Streamlit AppTest on the small index of `test_app` (hashed vectors), and on the two meetings of
`test_app_walkthrough` where a committee's item stands again at Økonomiudvalget.
"""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from indexer.build.run import build
from indexer.search.query import MAX_QUERY_CHARS

from .paths import SAMPLE_ARCHIVE
from .test_app import EMBEDDER, GREVE_KFU, app, cards, goto, no_errors, search
from .test_app import app_setup, built, dirs, own_dirs  # noqa: F401 (fixtures)
from .test_app_meeting_pages import deferred_files
from .test_app_walkthrough import copies  # noqa: F401 (fixture)


# -- 1. a long paste into the search field ---------------------------------------------------------
def test_a_pasted_query_longer_than_the_limit_is_kept_cut_and_said(dirs):
    pasted = "huslejestigninger " * 150  # 2,700 characters
    at = search(app(mode="lexical"), pasted)
    field = at.text_input(key="q")
    assert not field.proto.max_chars  # the browser takes the whole paste (with a limit it refuses all of it)
    assert field.value == pasted[:MAX_QUERY_CHARS]
    assert "Søgningen er 2.700 tegn lang; der søges på højst 2.000, så resten er skåret fra." in [
        i.value for i in at.info]
    assert cards(at)
    at = search(at, "husleje")  # a new query: no notice
    assert not [i.value for i in at.info if "tegn lang" in i.value]


def test_a_query_in_the_link_longer_than_the_limit_is_cut_with_the_same_notice(dirs):
    at = no_errors(app(q="huslejestigninger " + "x" * 3000, mode="lexical", lang="en"))
    assert len(at.text_input(key="q").value) == MAX_QUERY_CHARS
    assert "The query is 3,018 characters long; at most 2,000 are searched, so the rest was cut off." in [
        i.value for i in at.info]
    assert len(at.query_params["q"]) <= MAX_QUERY_CHARS


# -- 2. a date outside the archive's meetings -------------------------------------------------------
def test_a_date_outside_the_archive_is_taken_and_said_in_the_pages_language(dirs):
    at = app(q="Folketinget", mode="lexical")
    field = at.date_input(key="fra")
    # Streamlit's own (English) range error stands where a date is outside its min and max
    assert field.min <= date(1900, 1, 1) and field.max >= date(2100, 1, 1), (field.min, field.max)
    at = no_errors(field.set_value(date(1999, 6, 1)).run())
    assert at.date_input(key="fra").value == date(1999, 6, 1)  # as typed, not moved to the archive's first date
    said = [c.value for c in at.caption if c.value.startswith("Arkivets møder ligger fra ")]
    assert said and cards(at), said
    at = no_errors(at.date_input(key="til").set_value(date(2000, 1, 1)).run())
    assert [c.value for c in at.caption if c.value.startswith("Perioden ligger uden for arkivets møder")]
    assert not cards(at)
    at.toggle(key="en").set_value(True).run()
    assert [c.value for c in at.caption if c.value.startswith("The period lies outside the archive's meetings")]


# -- 3. dates the wrong way round ------------------------------------------------------------------
@pytest.mark.parametrize("english, said", [
    (False, "Datoerne er byttet om: der søges fra 02.07.2015 til 12.09.2019."),
    (True, "The dates were the wrong way round: searched from 02.07.2015 to 12.09.2019.")])
def test_dates_typed_the_wrong_way_round_are_said_to_be_searched_swapped(dirs, english, said):
    at = app(q="Folketinget", mode="lexical", **({"lang": "en"} if english else {}))
    at.date_input(key="fra").set_value(date(2019, 9, 12))
    at = no_errors(at.date_input(key="til").set_value(date(2015, 7, 2)).run())
    assert said in [c.value for c in at.caption]
    assert cards(at)
    at = no_errors(at.date_input(key="til").set_value(date(2019, 12, 31)).run())
    assert said not in [c.value for c in at.caption]


# -- 4. a single picker says "Vælg …", not "Alle" ---------------------------------------------------
def test_the_document_picker_asks_to_choose_one_not_all(dirs):
    at = goto(app(), "arkiv")
    assert at.selectbox(key="read_doc").proto.placeholder == "Vælg et dokument"
    at.toggle(key="en").set_value(True).run()
    assert at.selectbox(key="read_doc").proto.placeholder == "Choose a document"


# -- 5. pages only for files that have pages ---------------------------------------------------------
def test_the_archive_table_counts_pages_only_for_files_with_pages(dirs):
    frame = goto(app(), "arkiv").dataframe[0].value
    pages = dict(zip(frame["Fil"], frame["Sider"]))
    assert pages[f"greve/{GREVE_KFU.name}"] == "–"  # a meeting system's record
    assert pages["minutes/000_e9b7192dbc8b80a1.txt"] == "–"
    assert pages["pdfs/handicap.pdf"] == "2"


# -- 6. the people page's note names no archive of its own ------------------------------------------
def test_the_people_pages_note_names_no_particular_archive(dirs):
    at = goto(app(), "personer")
    note = next(c.value for c in at.caption if c.value.startswith("Hvem var til stede"))
    assert "Folketing" not in note
    at.toggle(key="en").set_value(True).run()
    note = next(c.value for c in at.caption if c.value.startswith("Who was present"))
    assert "parliament" not in note


# -- 7. every file the build skipped, with its reason -----------------------------------------------
def test_the_archive_page_lists_every_file_the_build_skipped_with_its_reason(own_dirs):
    archive, index = own_dirs
    (archive / "greve" / "noter.xlsx").write_bytes(b"PK\x03\x04")
    (archive / "greve" / "fake.pdf").write_text("ikke en pdf\n", encoding="utf-8")
    text = GREVE_KFU.read_text(encoding="utf-8")
    (archive / "greve" / "2022-12-12_72ddf1fa-ac50-4bb9-96ef-18b04df077b5.json").write_text(
        text[:len(text) // 2], encoding="utf-8")  # a download cut short
    report = build(archive, index, embedder=EMBEDDER)
    assert len(report.skipped) == 3, report.summary()
    at = goto(app(), "arkiv")
    listed = next(e for e in at.expander if e.label.startswith("Filer der ikke bliver indekseret"))
    assert listed.label == "Filer der ikke bliver indekseret (3)"
    said = " ".join(m.value for m in listed.markdown).replace("\\", "")
    assert "noter.xlsx" in said and "filtypen .xlsx understøttes ikke" in said
    assert "fake.pdf" in said
    assert "beskadiget fil (teknisk besked: JSON ends early: truncated download?" in said, said


def test_the_archive_page_says_why_a_blank_or_cut_short_pdf_is_skipped_in_the_pages_language(own_dirs):
    from .pdfs import make_drawing_pdf

    archive, index = own_dirs
    (archive / "bad").mkdir()
    make_drawing_pdf(archive / "bad" / "blank_side.pdf", pages=1)
    whole = (SAMPLE_ARCHIVE / "pdfs" / "ballerup_kmb_it_udvalg_bilag_kl_monopolbrud_2013.pdf").read_bytes()
    (archive / "bad" / "afkortet.pdf").write_bytes(whole[:20_000])  # a download cut short: pypdf's "Stream has ended …"
    report = build(archive, index, embedder=EMBEDDER)
    assert {s.code for s in report.skipped} == {"blank", "corrupt"}, report.summary()
    at = goto(app(), "arkiv")
    listed = next(e for e in at.expander if e.label.startswith("Filer der ikke bliver indekseret"))
    said = " ".join(m.value for m in listed.markdown).replace("\\", "")
    assert "blank_side.pdf`: ingen tekst: PDF'en har hverken et tekstlag eller billeder" in said, said
    assert "afkortet.pdf`: beskadiget fil (filen slutter før tid)" in said, said
    assert "kan ikke bruges" not in said and "Stream" not in said, said
    at.toggle(key="en").set_value(True).run()
    listed = next(e for e in at.expander if e.label.startswith("Files that will not be indexed"))
    said = " ".join(m.value for m in listed.markdown).replace("\\", "")
    assert "blank_side.pdf`: no text: the PDF has neither a text layer nor images to OCR" in said, said


# -- 8. copies named in the exports as on the card ---------------------------------------------------
def test_the_exports_name_the_other_meetings_holding_a_text_as_the_card_does(copies, monkeypatch):
    root, items = copies
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(root / "archive"))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(root / "index"))
    made = deferred_files(monkeypatch)
    at = search(app(mode="lexical"), "supercykelstierne saltlageret")
    links = {link.proto.label for link in at.get("page_link") if link.proto.icon == ":material/content_copy:"}
    data = next(call for name, call in made.items() if name and name.endswith(".csv"))().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    rows = rows[rows.index([]) + 1:]
    also = [row[rows[0].index("også i")] for row in rows[1:] if row[rows[0].index("også i")]]
    named = {label for cell in also for label in cell.split("; ")}
    assert named and not [label for label in named if label.endswith(".json")], named
    assert any(label.startswith("Økonomiudvalget · 20. november 2023 · punkt 2") for label in named), named
    assert "notat.txt" in named  # no meeting holds it: its file
    assert {link.replace("\\", "") for link in links} <= named, (links, named)
    markdown = next(call for name, call in made.items() if name and name.endswith(".md"))()
    assert "Økonomiudvalget · 20. november 2023 · punkt 2" in markdown and ".json" not in markdown.split(
        "Også i", 1)[1].split("\n", 1)[0]


# -- operators that are searched as words, and a minus that leaves words out ------------------------
@pytest.mark.parametrize("query, said", [("husleje -bosted", False), ('"husleje"', True), ("klima AND NOT vej", True),
                                         ("husleje bosted", False), ("klima and vej", False)])
def test_quotes_and_and_or_not_are_said_to_be_searched_as_words(dirs, query, said):
    at = search(app(mode="lexical"), query)
    notice = ("Anførselstegn og AND/OR/NOT virker ikke som søgeoperatorer: der søges på ordene uden dem. "
              "Minus foran et ord (-ord) udelader resultater, der indeholder ordet.")
    assert (notice in [c.value for c in at.caption]) == said


def test_a_minus_word_is_said_to_leave_results_out_and_alone_asks_for_a_word_in_both_languages(dirs):
    at = search(app(mode="lexical"), "husleje -bosted")
    assert "Uden resultater, der indeholder »bosted«." in [c.value for c in at.caption]
    assert cards(at) and not any("bosted" in card.lower() for card in cards(at))
    at = search(at, "-husleje")
    assert [i.value for i in at.info] == ["»\\-husleje« udelader kun ord: minus foran et ord udelader resultater, der "
                                          "indeholder det. Skriv også et ord at søge efter, fx »husleje -rente«."]
    assert not cards(at)
    at = no_errors(app(q="husleje -bosted", mode="lexical", lang="en"))
    assert "Leaving out results holding “bosted”." in [c.value for c in at.caption]
