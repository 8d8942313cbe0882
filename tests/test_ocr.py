"""OCR: scanned pages read by Tesseract with Danish data, upright, once per file.

CI installs Tesseract (scripts/setup.sh): where it is missing these tests fail and say
how to install it, rather than being skipped.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.ingest import ocr
from indexer.errors import UnreadableFile
from indexer.ingest.pipeline import ingest_file
from indexer.ingest.read import read_document
from tests.pdfs import ARCHIVE, make_scanned_pdf

LINES = [
    "Referat af mødet i Ældrerådet",
    "Rådet drøftede budgettet for plejecentrene og besluttede at",
    "anbefale en udvidelse af åbningstiderne på Østerbro.",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh OCR cache, so that these tests really run Tesseract."""
    monkeypatch.setenv("INDEXER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "ocr"


def test_tesseract_with_danish_data_is_installed() -> None:
    problem = ocr.tesseract_status()
    assert problem is None, f"{problem}: scripts/setup.sh installs it"


def test_a_turned_scan_is_read_upright_with_danish_letters_once(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_scanned_pdf(tmp_path / "scan.pdf", LINES, rotate=90)
    record, paragraphs = ingest_file(path, root=tmp_path, catalog={})
    text = " ".join(p.text for p in paragraphs)
    for word in ("Ældrerådet", "plejecentrene", "åbningstiderne", "Østerbro"):
        assert word in text
    assert record.ocr_pages == 1 and all(p.ocr for p in paragraphs)
    assert len(list(cache.glob("*.json"))) == 1
    monkeypatch.setenv("PATH", "")  # no Tesseract now: the cached reading must do
    again = ingest_file(path, root=tmp_path, catalog={})
    assert again == (record, paragraphs)


def test_without_tesseract_a_scan_is_skipped_with_the_install_command(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_scanned_pdf(tmp_path / "scan.pdf", LINES)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(UnreadableFile, match="no text layer: needs OCR") as err:
        read_document(path)
    assert err.value.code == "needs_ocr"
    assert err.value.params["install"] == "apt-get install tesseract-ocr tesseract-ocr-dan"


def test_confident_lines_are_kept_and_photo_noise_dropped() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t95.1\tBudget", "5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t91.0\t2013",
        "5\t1\t1\t1\t2\t1\t0\t0\t10\t10\t12.0\tm=—", "5\t1\t1\t1\t2\t2\t0\t0\t10\t10\t30.5\tFF",
    ]
    assert ocr.confident_text("\n".join([header, *rows])) == "Budget 2013"


@pytest.mark.slow
def test_the_scanned_property_list_is_read() -> None:
    """The sample archive's scan: 8 pages stored turned by 270°, a table of properties."""
    record, paragraphs = ingest_file(ARCHIVE / "pdfs/ballerup_sfu_bilag_bygningsliste_SCANNED.pdf", root=ARCHIVE,
                                     catalog={})
    assert record.ocr_pages == 8 and all(p.ocr for p in paragraphs)
    text = "\n".join(p.text for p in paragraphs)
    for words in ("Ejendomsoversigt", "Grupperet efter udvalg", "Ballerup Idrætspark", "Damgårdsparken",
                  "Lundebjergskolen", "Kultur- og Fritidsudvalget", "Skole- og Uddannelsesudvalget"):
        assert words in text
    # a table row stays one paragraph line: number, town, name and address together
    assert any("031.002 Ballerup Ballerup Idrætspark Ballerup Idrætsby 38" in p.text for p in paragraphs)
    assert {p.page for p in paragraphs} == set(range(1, 9))


# -- limits: OCR stops at the file's deadline, and what it read is kept -------------------------------
def test_ocr_stops_at_the_files_deadline_and_keeps_the_pages_it_read(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from indexer.config import ReadLimits
    from indexer.ingest.limits import Budget
    from tests.pdfs import many_pages_pdf

    path = many_pages_pdf(tmp_path / "scan.pdf", 4)
    monkeypatch.setattr(ocr, "tesseract_status", lambda: None)
    monkeypatch.setattr(ocr, "_render_page", lambda pdf, index, workdir: (f"page{index + 1}", "small"))

    def slow_after_the_first(image: str, small: str, budget=None) -> str:
        if image != "page1":
            time.sleep(max(budget.remaining(), 0) + 0.05)  # a Tesseract run the deadline stops
            raise ocr._Cut()
        return "Side 1 læst af OCR"

    monkeypatch.setattr(ocr, "_read_page", slow_after_the_first)
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as err:
        ocr.ocr_pdf_pages(path, "abc", [1, 2, 3, 4], budget=Budget(path, ReadLimits(max_seconds=0.3)))
    assert err.value.code == "took_too_long" and time.monotonic() - started < 3
    assert ocr._load(cache / "abc.json") == {"1": "Side 1 læst af OCR"}  # a page cut short is not cached

    asked = []
    monkeypatch.setattr(ocr, "_read_page", lambda image, small, budget=None: asked.append(image) or f"{image} læst")
    found = ocr.ocr_pdf_pages(path, "abc", [1, 2, 3, 4], budget=Budget(path, ReadLimits(max_seconds=60)))
    assert sorted(asked) == ["page2", "page3", "page4"]  # the next build goes on where it stopped
    assert found[1] == "Side 1 læst af OCR" and found[4] == "page4 læst"


def test_a_tesseract_run_ends_at_the_files_deadline(tmp_path: Path) -> None:
    import time

    from indexer.config import ReadLimits
    from indexer.ingest.limits import Budget

    budget = Budget(tmp_path / "scan.pdf", ReadLimits(max_seconds=0.3))
    started = time.monotonic()
    with pytest.raises(ocr._Cut):
        ocr._run(["sleep", "30"], budget)
    assert time.monotonic() - started < 3
