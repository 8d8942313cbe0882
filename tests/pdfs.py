"""Test helpers that write PDFs (reportlab, pypdf) and sample excerpts into tmp paths."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Sequence

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"


def make_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    header: str | None = None,
    footer: str | None = "Side {page} af {pages}",
) -> Path:
    """Write a PDF with one text line per entry, a running header and a page footer."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 10)
        if header:
            pdf.drawString(60, height - 40, header.format(page=number, pages=len(pages)))
        y = height - 80
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 14
        if footer:
            pdf.drawString(260, 30, footer.format(page=number, pages=len(pages)))
        pdf.showPage()
    pdf.save()
    return path


def make_drawing_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: pages with only drawn shapes, no text layer."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.rect(50, 50, 400, 600, fill=1)
        pdf.line(60, 60, 400, 700)
        pdf.showPage()
    pdf.save()
    return path


def make_empty_pdf(path: Path) -> Path:
    """A well-formed PDF with zero pages."""
    writer = PdfWriter()
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def encrypt_pdf(source: Path, target: Path, user_password: str) -> Path:
    """Encrypt a PDF with RC4 (pypdf needs no extra package for that)."""
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def many_pages_pdf(path: Path, count: int) -> Path:
    """A PDF of `count` pages, each with two lines of text (fast: shared fonts)."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, count + 1):
        pdf.setFont("Helvetica", 10)
        pdf.drawString(60, 760, f"Punkt {number}. Beslutning om sag nummer {number}")
        pdf.drawString(60, 740, "Udvalget godkendte indstillingen uden bemærkninger og tog den til efterretning.")
        pdf.showPage()
    pdf.save()
    return path


def sample_lines(name: str) -> list[str]:
    """The non-blank lines of a bundled sample file (e.g. 'minutes/000_….txt')."""
    text = (ARCHIVE / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def make_scanned_pdf(path: Path, lines: Sequence[str], rotate: int = 0, tmp: Path | None = None) -> Path:
    """A 'scanned' PDF: the lines typeset, rendered to a 200-dpi image, and only that image
    stored on a page (no text layer); with `rotate`, the image lies turned by that many
    degrees and the page says /Rotate so, as scanners store landscape pages."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    typeset = make_pdf((tmp or path.parent) / f"{path.stem}-typeset.pdf", [lines], footer=None)
    image = pdfium.PdfDocument(str(typeset))[0].render(scale=200 / 72).to_pil().convert("L")
    if rotate:
        image = image.rotate(rotate, expand=True)  # counter-clockwise, as the page will be turned back
    width, height = image.size[0] * 72 / 200, image.size[1] * 72 / 200
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    pdf.drawImage(ImageReader(image), 0, 0, width=width, height=height)
    pdf.showPage()
    pdf.save()
    return path


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def word_coverage(document: object, paragraphs: Sequence[object]) -> tuple[float, list[str], float]:
    """(share of the body text's words found in paragraph text, words missing, share of
    all extracted words that are body text).

    Body text: what pypdf extracts, less the running headers/footers and page furniture
    cleaning removes. Counted with multiplicity; a word split by a line-end hyphen
    ("bety-" + "der") counts when the healed word ("betyder") holds it; an "o" bullet is
    a glyph, not a word.
    """
    from indexer.ingest.clean import normalize_text, strip_furniture

    pages = [normalize_text(page.text).split("\n") for page in document.pages]  # type: ignore[attr-defined]
    all_words = sum(len(_words("\n".join(lines))) for lines in pages)
    expected: list[str] = []
    hyphen_parts: set[int] = set()
    for line in (line for page in strip_furniture(pages) for line in page):
        words = _words(re.sub(r"^\s*o\s+(?=[a-zæøå])", "", line))
        if re.search(r"\w-\s*$", line) and words:
            hyphen_parts.update({len(expected) + len(words) - 1, len(expected) + len(words)})
        expected.extend(words)
    have = Counter(_words("\n".join(p.text for p in paragraphs)))  # type: ignore[attr-defined]
    blob = " ".join(have)
    missing = []
    for i, word in enumerate(expected):
        if i in hyphen_parts and word in blob:
            continue
        if have[word] > 0:
            have[word] -= 1
        else:
            missing.append(word)
    coverage = 1 - len(missing) / len(expected) if expected else 1.0
    return coverage, missing, len(expected) / all_words if all_words else 1.0
