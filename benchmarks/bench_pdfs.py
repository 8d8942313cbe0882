"""How the real municipal PDFs of the sample archive are read: one table row per file.

Per PDF: pages, paragraphs, pages read by OCR, word coverage (share of the body text's
words — pypdf's extraction less running headers/footers — found in paragraph text; see
`tests.pdfs.word_coverage`), and the detected meeting date, body and title with the
origin of each. Then the reader comparison (words extracted and seconds, pypdf against
pypdfium2) and, with `--ocr`, OCR seconds per page on the scanned list with an empty cache.

    python -m benchmarks.bench_pdfs [--ocr] [--markdown]
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import tempfile
import time
import warnings
from pathlib import Path

from indexer.ingest.pipeline import ingest_file
from indexer.ingest.read import read_document
from tests.pdfs import word_coverage

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"
SCANNED = "ballerup_sfu_bilag_bygningsliste_SCANNED.pdf"


def _quiet() -> None:
    warnings.simplefilter("ignore")
    logging.getLogger("pypdf").setLevel(logging.ERROR)


def reader_comparison(pdfs: list[Path]) -> list[tuple[str, int, float, int, float]]:
    """(file, pypdf words, pypdf s, pypdfium2 words, pypdfium2 s) per file."""
    import pypdf
    import pypdfium2 as pdfium

    rows = []
    for path in pdfs:
        start = time.perf_counter()
        a = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
        t_a = time.perf_counter() - start
        start = time.perf_counter()
        doc = pdfium.PdfDocument(str(path))
        b = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        t_b = time.perf_counter() - start
        rows.append((path.name, len(re.findall(r"\w+", a)), t_a, len(re.findall(r"\w+", b)), t_b))
    return rows


def ocr_seconds_per_page() -> tuple[int, float]:
    """Pages and seconds per page to OCR the scanned list with an empty cache."""
    with tempfile.TemporaryDirectory() as cache:
        os.environ["INDEXER_CACHE_DIR"] = cache
        start = time.perf_counter()
        document = read_document(ARCHIVE / "pdfs" / SCANNED)
        seconds = time.perf_counter() - start
    pages = sum(page.ocr for page in document.pages)
    return pages, seconds / max(pages, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ocr", action="store_true", help="also time OCR of the scanned list (empty cache)")
    args = parser.parse_args()
    _quiet()
    pdfs = sorted((ARCHIVE / "pdfs").glob("*.pdf"))
    print("| file | pages | paragraphs | OCR pages | word coverage | meeting date | body | title |")
    print("|---|---|---|---|---|---|---|---|")
    for path in pdfs:
        record, paragraphs = ingest_file(path, root=ARCHIVE, catalog={})
        if record.ocr_pages:
            coverage = "(OCR)"
        else:
            share, _, _ = word_coverage(read_document(path, ocr=False), paragraphs)
            coverage = f"{share:.1%}"

        def cell(name: str) -> str:
            value = getattr(record, name)
            return f"{value} ({record.sources.get(name)})" if value else "—"

        print(f"| {path.name} | {record.pages} | {len(paragraphs)} | {record.ocr_pages} | {coverage} | "
              f"{cell('meeting_date')} | {cell('body')} | {cell('title')} |")
    print("\n| file | pypdf words | pypdf s | pypdfium2 words | pypdfium2 s |")
    print("|---|---|---|---|---|")
    rows = reader_comparison(pdfs)
    for name, wa, ta, wb, tb in rows:
        print(f"| {name} | {wa} | {ta:.2f} | {wb} | {tb:.2f} |")
    print(f"| all | {sum(r[1] for r in rows)} | {sum(r[2] for r in rows):.2f} | "
          f"{sum(r[3] for r in rows)} | {sum(r[4] for r in rows):.2f} |")
    if args.ocr:
        pages, per_page = ocr_seconds_per_page()
        print(f"\nOCR: {pages} pages of {SCANNED}, {per_page:.1f} s per page (empty cache)")


if __name__ == "__main__":
    main()
