"""Readers: PDFs generated from the sample text, text encodings, DOCX and HTML."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from indexer.ingest.pipeline import ingest_file
from indexer.ingest.read import SUPPORTED_SUFFIXES, read_document
from tests.pdfs import make_pdf, sample_lines

TEXT = "Mia Nyegaard bød velkommen, og mødet blev indledt med en præsentationsrunde. Æblerne på Østerbro."


def test_pdf_pages_headers_hyphenation_and_page_break(tmp_path: Path) -> None:
    pages = [
        ["5. Oplæg om uddannelsen i recovery og rehabilitering", "Birgitte fortæller indledningsvist, at Social-",
         "forvaltningen arbejder med at skabe et stærkere fagligt fundament med", "fokus på recovery. Uddannelsen henvender sig til alle medarbejdere i den",
         "københavnske socialpsykiatri, og alle former for tilbud er med på"],
        ["uddannelsen, ligesom medarbejdere på myndighedsområdet", "også deltager.",
         "Per siger, at det er positivt med uddannelsen, og at de pårørende også",
         "tages med i uddannelsesforløbet, fordi de bruger meget tid med beboerne."],
        ["Mia afrunder oplægget og takker for gode input og bemærkninger fra alle", "deltagere i mødet."],
    ]
    path = make_pdf(tmp_path / "referat.pdf", pages, header="Dialogforum – referat af møde den 7. juni 2018")
    document = read_document(path, root=tmp_path)
    assert document.file_type == "pdf" and [p.number for p in document.pages] == [1, 2, 3]
    record, paragraphs = ingest_file(path, root=tmp_path, catalog={})
    text = "\n".join(p.text for p in paragraphs)
    assert "Dialogforum – referat" not in text and "Side 2 af 3" not in text
    assert "Socialforvaltningen arbejder" in text
    cut = next(p for p in paragraphs if "Birgitte fortæller" in p.text)
    # the sentence cut by the page break is one sentence, on the page it starts
    assert "tilbud er med på uddannelsen, ligesom medarbejdere" in cut.text and cut.page == 1
    assert cut.heading == "5. Oplæg om uddannelsen i recovery og rehabilitering"
    per = next(p for p in paragraphs if "Per siger" in p.text)
    assert per.page == 2 and per.speaker == "Per"
    assert record.pages == 3 and record.file_type == "pdf"


def test_pdf_from_sample_minutes_keeps_every_word(tmp_path: Path) -> None:
    lines = [line for line in sample_lines("minutes/000_e9b7192dbc8b80a1.txt") if not line.startswith("Side ")][:120]
    pages = [lines[i : i + 40] for i in range(0, len(lines), 40)]
    path = make_pdf(tmp_path / "dialogforum.pdf", pages, header="Referat – Dialogforum")
    _, paragraphs = ingest_file(path, root=tmp_path, catalog={})
    text = " ".join(p.text for p in paragraphs) + " " + " ".join(p.heading or "" for p in paragraphs)
    for word in ("bemærkninger", "præsentationsrunde", "Beskæftigelses- og Integrationsforvaltningen", "købemani"):
        assert word in text
    assert {p.page for p in paragraphs} >= {1, 2, 3}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "møde.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_document(path).pages[0].text == TEXT


def test_cp1252_quotes_and_dashes(tmp_path: Path) -> None:
    path = tmp_path / "noter.txt"
    text = "Det er „godt“ – siger Per… og koster 30 €."
    path.write_bytes(text.encode("cp1252"))
    assert read_document(path).pages[0].text == text


def test_double_decoded_utf8_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.txt"
    path.write_text(TEXT.encode("utf-8").decode("cp1252"), encoding="utf-8")
    assert read_document(path).pages[0].text == TEXT


def test_markdown_and_path_relative_to_root(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "noter.md"
    path.write_text("# Noter\n\n" + TEXT, encoding="utf-8")
    document = read_document(path, root=tmp_path)
    assert document.path == "sub/noter.md" and document.file_type == "md"
    assert len(document.content_hash) == 64


def test_form_feeds_split_text_exports_into_pages(tmp_path: Path) -> None:
    path = tmp_path / "export.pdf.txt"
    path.write_text("Første side om budgettet.\fAnden side om økonomien.", encoding="utf-8")
    _, paragraphs = ingest_file(path, catalog={})
    assert "Første side om budgettet." in paragraphs[0].text and "økonomien" in paragraphs[0].text


def test_docx(tmp_path: Path) -> None:
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in ["Referat", TEXT])
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    path = tmp_path / "referat.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    assert read_document(path).pages[0].text == f"Referat\n\n{TEXT}"


def test_html(tmp_path: Path) -> None:
    path = tmp_path / "punkt.html"
    path.write_text("<html><head><title>x</title><style>p{}</style></head><body><h1>BESLUTNING</h1>"
                    f"<p>{TEXT}</p><ul><li>Kurser</li><li>Billige boliger</li></ul><script>var a;</script></body></html>",
                    encoding="utf-8")
    document = read_document(path)
    assert document.file_type == "html"
    _, paragraphs = ingest_file(path, catalog={})
    assert paragraphs[0].heading == "BESLUTNING" and "• Kurser\n• Billige boliger" in paragraphs[0].text
    assert "var a" not in document.pages[0].text


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".pdf", ".txt", ".md", ".docx", ".html", ".htm")


def test_a_table_page_is_read_row_by_row(tmp_path: Path) -> None:
    rows = [("Godkjente", "1 312"), ("Blanke", "7"), ("Tvilsomme", "2"), ("Forkastede", "0"),
            ("Innenriks", "1 408"), ("Utenriks", "2"), ("Totalt antall", "1 410")]
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "tabell.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 780, "B2.1.1 Behandlede ordinære forhåndsstemmesedler")
    for i, (label, _) in enumerate(rows):  # labels first, then values: the order plain extraction sees
        pdf.drawString(60, 750 - 20 * i, label)
    for i, (_, value) in enumerate(rows):
        pdf.drawRightString(500, 750 - 20 * i, value)
    pdf.save()
    text = read_document(path).pages[0].text
    assert "Godkjente | 1 312" in text and "Totalt antall | 1 410" in text


def test_pypdf_warnings_stay_off_the_terminal_while_two_pdfs_are_read_at_once(tmp_path, monkeypatch, caplog):
    # The build reads two files at once; when the first read ended it used to put pypdf's log level
    # back while the second still read, and the second's repairs flooded stderr.
    import logging
    import threading
    import warnings

    from indexer.ingest import read

    first = make_pdf(tmp_path / "first.pdf", [["Referat fra mødet i Ældrerådet om snerydning af cykelstier."]])
    second = make_pdf(tmp_path / "second.pdf", [["Dagsorden for mødet i Ældrerådet om vintertjenesten."]])
    first_inside, second_inside, first_done = threading.Event(), threading.Event(), threading.Event()
    looks_like_table = read._looks_like_table

    def in_the_middle_of_a_page(text: str) -> bool:
        if "Referat" in text:  # the first file: ends while the second still reads
            first_inside.set()
            assert second_inside.wait(10)
        else:
            second_inside.set()
            assert first_done.wait(10)
            logging.getLogger("pypdf._cmap").warning("fontTools is required to fully parse the encoding")
            warnings.warn("a repaired flaw", UserWarning)
        return looks_like_table(text)

    monkeypatch.setattr(read, "_looks_like_table", in_the_middle_of_a_page)
    level = logging.getLogger("pypdf").level

    def read_first() -> None:
        read_document(first)
        first_done.set()

    thread = threading.Thread(target=read_first)
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        filters = list(warnings.filters)
        thread.start()
        assert first_inside.wait(10)
        read_document(second)
        thread.join()
        assert warnings.filters == filters  # put back after the last read, not before
    assert not [r for r in caplog.records if r.name.startswith("pypdf")] and not shown
    assert logging.getLogger("pypdf").level == level
