"""The app (Danish screen unless said): attachments inside a publication zip that the last build
skipped are listed as skipped, not waiting; the decisions page takes dates outside the archive and
the wrong way round and says so in the page's words; copies of a text whose labels are the same
are told apart by their document.

Streamlit AppTest on the small index of `test_app` (hashed vectors).
"""
from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date

import pytest
from pypdf import PdfWriter

from indexer.build.run import build

from .test_app import EMBEDDER, app, goto, no_errors, open_page
from .test_app import app_setup, built, dirs, own_dirs  # noqa: F401 (fixtures)
from .test_zip_attachments import SBSYS_ZIP


# -- 1. a zip's attachment the build skipped is not waiting -------------------------------------------
def test_an_attachment_in_a_zip_the_build_skipped_is_listed_as_skipped_not_waiting(own_dirs):
    archive, index = own_dirs
    for folder in ("sbsys", "sbsys_kopi"):  # the same publication twice: the second and its attachment are copies
        (archive / folder).mkdir()
        shutil.copy(SBSYS_ZIP, archive / folder / SBSYS_ZIP.name)
    report = build(archive, index, embedder=EMBEDDER)
    member = "sbsys_kopi/Publication32.zip/Enclosures/1.pdf"  # no file of its own on disk
    assert {(s.path, s.code) for s in report.skipped} == {
        ("sbsys_kopi/Publication32.zip", "duplicate"), (member, "duplicate")}, report.summary()
    at = goto(app(), "arkiv")
    assert not [e for e in at.expander if e.label.startswith("Filer der venter")]
    assert "Ingen filer venter på at blive indekseret." in [c.value for c in at.caption]
    listed = next(e for e in at.expander if e.label.startswith("Filer der ikke bliver indekseret"))
    assert listed.label == "Filer der ikke bliver indekseret (2)"
    said = " ".join(m.value for m in listed.markdown).replace("\\", "")
    assert f"`{member}`: samme indhold som" in said and "sbsys/Publication32.zip/Enclosures/1.pdf" in said, said


def test_an_agendas_meeting_page_says_the_agenda_not_the_minutes_leaves_out_who_attended(own_dirs):
    archive, index = own_dirs
    (archive / "sbsys").mkdir()
    # an agenda (every member's attendance "NotDecided") whose one attachment is an empty page
    with zipfile.ZipFile(SBSYS_ZIP) as source, zipfile.ZipFile(archive / "sbsys" / SBSYS_ZIP.name, "w") as target:
        for member in source.infolist():
            target.writestr(member, _blank_pdf() if member.filename.endswith("1.pdf") else source.read(member))
    report = build(archive, index, embedder=EMBEDDER)
    assert [s.path for s in report.skipped] == ["sbsys/Publication32.zip/Enclosures/1.pdf"], report.summary()
    at = open_page("moede", moede="sbsys/Publication32.zip")
    captions = [c.value for c in at.caption]
    assert "Dagsordenen nævner ikke, hvem der deltager (det siger et referat)." in captions, captions
    assert "Referatet nævner ikke, hvem der deltog." not in captions
    # its attachments are in the zip but were not indexed (empty pages): said so, not "not in the archive"
    assert "Bilagene er nævnt ved punkterne; deres filer i mødesystemets eksport er ikke indekseret:" in captions
    assert "Bilagene er nævnt ved punkterne; filerne er ikke i arkivet." not in captions
    listed = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "sbsys/Publication32.zip/Enclosures/" in listed, listed


def _blank_pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


# -- 2. the decisions page: a date outside the archive, dates the wrong way round ---------------------
def test_the_decisions_page_takes_a_date_outside_the_archive_and_says_it_in_the_pages_words(dirs):
    at = goto(app(), "beslutninger")
    field = at.date_input(key="d_fra")
    # Streamlit's own (English) range error stands where a date is outside its min and max
    assert field.min <= date(1900, 1, 1) and field.max >= date(2100, 1, 1), (field.min, field.max)
    at = no_errors(field.set_value(date(2030, 1, 1)).run())
    assert at.date_input(key="d_fra").value == date(2030, 1, 1)
    assert [c.value for c in at.caption if c.value.startswith("Perioden ligger uden for arkivets møder")]
    at.toggle(key="en").set_value(True).run()
    assert [c.value for c in at.caption if c.value.startswith("The period lies outside the archive's meetings")]


@pytest.mark.parametrize("view", ["decisions", "follow_ups"])
def test_the_decisions_page_says_dates_typed_the_wrong_way_round(dirs, view):
    at = goto(app(), "beslutninger")
    at.segmented_control(key="d_view").set_value(view).run()
    at.date_input(key="d_fra").set_value(date(2012, 12, 5)).run()
    at = no_errors(at.date_input(key="d_til").set_value(date(2012, 12, 3)).run())
    said = "Datoerne er byttet om: der søges fra 03.12.2012 til 05.12.2012."
    assert said in [c.value for c in at.caption]
    at = no_errors(at.date_input(key="d_til").set_value(date(2012, 12, 31)).run())
    assert said not in [c.value for c in at.caption]


# -- 5. no "0 af 0" under a period that holds nothing ------------------------------------------------
def test_a_period_outside_the_archive_has_no_count_of_its_results(dirs):
    at = app(q="Folketinget", mode="lexical")
    at = no_errors(at.date_input(key="fra").set_value(date(2030, 1, 1)).run())
    assert [c.value for c in at.caption if c.value.startswith("Perioden ligger uden for arkivets møder")]
    assert not [c.value for c in at.caption if "ligger i perioden" in c.value], [c.value for c in at.caption]
    at = no_errors(at.date_input(key="fra").set_value(date(2015, 1, 1)).run())
    assert [c.value for c in at.caption if "gode resultater ligger i perioden" in c.value]


# -- 4. copies whose labels read the same are told apart by their document ---------------------------
def test_told_apart_names_the_file_only_where_labels_are_the_same():
    from ui.cards import told_apart

    labels = ["SFU · 4. december 2012 · punkt 8", "SFU · 4. december 2012 · punkt 8", "ØU · 10. december 2012"]
    documents = ["pdfs/referat.pdf", "pdfs/punkt08_rygestop.pdf", "pdfs/oeu.pdf"]
    assert told_apart(labels, documents) == ["SFU · 4. december 2012 · punkt 8 (referat.pdf)",
                                             "SFU · 4. december 2012 · punkt 8 (punkt08_rygestop.pdf)",
                                             "ØU · 10. december 2012"]
    assert told_apart(labels[:2], ["a/x.pdf", "b/x.pdf"]) == [f"{labels[0]} (a/x.pdf)", f"{labels[0]} (b/x.pdf)"]
