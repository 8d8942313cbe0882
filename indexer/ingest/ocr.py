"""OCR: a PDF and the numbers of its pages without text in, the text Tesseract reads out.

In:  a PDF (its path, or its bytes), its sha256 and the 1-based numbers of pages that have no text layer.
Out: `{page number: text}` read by Tesseract with its Danish data (`-l dan`).

* Pages are rendered with pypdfium2 at 300 dpi; the page's /Rotate is applied by the
  renderer, and Tesseract's orientation detection (OSD) turns a page whose text still
  lies on its side (scanners often store landscape pages rotated) upright.
* Results are cached per file content in `<cache>/ocr/<sha256>.json`, so a file is
  OCR'd once, not on every build; a page already in the cache is never read again.
* Without Tesseract (or its Danish data) `OcrUnavailable` says what to install; the
  reader turns it into `UnreadableFile(code="needs_ocr")` when nothing else is readable.
* With the file's `limits.Budget`, the deadline is checked between pages and no Tesseract
  runs past it: the pages read by then are cached (the next build goes on from there), a
  page cut short is not, and `UnreadableFile("took_too_long")` is raised. (How many pages
  may be OCR'd at all is the reader's limit: `read`.)
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Iterable

from indexer.config import model_cache_dir
from indexer.ingest.limits import Budget

INSTALL = "apt-get install tesseract-ocr tesseract-ocr-dan"
LANGUAGE = "dan"
DPI = 300
# Below this many letters a page is taken for image-only (a stray page number is not text).
MIN_LETTERS = 20
_TIMEOUT_S = 120
# Mean word confidence (0–100) a line needs to be kept; photos give noise below it.
MIN_CONFIDENCE = 60.0
_PDFIUM = threading.Lock()


class OcrUnavailable(RuntimeError):
    """Tesseract or its Danish language data is not installed."""


def cache_dir() -> Path:
    """Where OCR results are kept: next to the model cache, per user."""
    return model_cache_dir() / "ocr"


def tesseract_status() -> str | None:
    """None when Tesseract with Danish data can run; else what is missing (one line)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"Tesseract is not installed ({INSTALL})"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run: {exc}"
    if LANGUAGE not in langs.split():
        return f"Tesseract has no Danish data ({INSTALL})"
    return None


def needs_ocr(text: str) -> bool:
    """Whether a page's extracted text is too thin to be its real text layer."""
    return sum(c.isalpha() for c in text) < MIN_LETTERS


class _Cut(Exception):
    """A Tesseract run stopped at the file's deadline: its page is not read (nor cached)."""


def _run(args: list[str], budget: Budget | None = None) -> str:
    # One thread per Tesseract: the machine's cores are shared, and OpenMP threads on a
    # single page cost more than they save.
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    timeout = _TIMEOUT_S if budget is None else min(_TIMEOUT_S, budget.remaining())
    if timeout <= 0:
        raise _Cut()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        if timeout < _TIMEOUT_S:
            raise _Cut() from None
        raise
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "tesseract failed")
    return done.stdout


def _orientation(image_path: str, budget: Budget | None = None) -> int | None:
    """Degrees (clockwise) the page must turn to stand upright; None if it holds no text.

    Tesseract's OSD needs some 50 characters; a photo or an empty page has fewer, and
    reading it in full would only cost time and give noise.
    """
    try:
        out = _run(["tesseract", image_path, "stdout", "--psm", "0", "-l", "osd"], budget)
    except (RuntimeError, subprocess.SubprocessError):
        return None
    m = re.search(r"Rotate:\s*(\d+)", out)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not m or (confidence and float(confidence.group(1)) < 1.0):
        return 0  # orientation unsure: read the page as it is
    return int(m.group(1)) % 360


def _render_page(pdf: object, index: int, workdir: str) -> tuple[str, str]:
    """(full, half-size) PNG paths of one page (pdfium is not thread-safe: one page at a time)."""
    page = pdf[index]  # type: ignore[index]
    image = page.render(scale=DPI / 72).to_pil().convert("L")
    path = os.path.join(workdir, f"page{index + 1}.png")
    small = os.path.join(workdir, f"page{index + 1}-osd.png")
    image.save(path)
    image.resize((image.width // 2, image.height // 2)).save(small)  # OSD needs no detail
    return path, small


def _read_page(path: str, small: str, budget: Budget | None = None) -> str:
    turn = _orientation(small, budget)
    if turn is None:
        return ""
    if turn:
        from PIL import Image

        with Image.open(path) as image:
            image.rotate(-turn, expand=True).save(path)  # PIL turns counter-clockwise
    # --psm 6 reads the page as one block of lines, so a table row stays one line.
    return confident_text(_run(["tesseract", path, "stdout", "-l", LANGUAGE, "--psm", "6", "tsv"], budget))


def confident_text(tsv: str, min_confidence: float = MIN_CONFIDENCE) -> str:
    """Lines of Tesseract's TSV output whose words it read with some confidence.

    A photo read as text gives lines of low-confidence noise ("m=— FF mn =="); a
    printed line gives words of confidence 80–96.
    """
    lines: dict[tuple[str, str, str], list[tuple[float, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        lines.setdefault((cells[2], cells[3], cells[4]), []).append((confidence, cells[11].strip()))
    out = []
    for words in lines.values():
        if sum(c for c, _ in words) / len(words) >= min_confidence:
            out.append(" ".join(w for _, w in words))
    return "\n".join(out)


def _load(file: Path) -> dict[str, str]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("pages", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _save(file: Path, pages: dict[str, str]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({"language": LANGUAGE, "dpi": DPI, "pages": pages}, ensure_ascii=False),
                   encoding="utf-8")
    os.replace(tmp, file)  # atomic: a concurrent build never reads half a file


def ocr_pdf_pages(
    path: str | Path | bytes, content_hash: str, pages: Iterable[int], cache: Path | None = None,
    *, budget: Budget | None = None,
) -> dict[int, str]:
    """OCR the given 1-based pages of a PDF (its path, or its bytes: a file inside a zip), reading
    and filling the cache.

    Raises:
        OcrUnavailable: Tesseract or its Danish data is missing (and a page is not cached).
        UnreadableFile: "took_too_long": the budget's deadline passed (what was read is cached).
    """
    wanted = sorted(set(pages))
    file = (cache or cache_dir()) / f"{content_hash}.json"
    cached = _load(file)
    missing = [n for n in wanted if str(n) not in cached]
    if missing:
        problem = tesseract_status()
        if problem is not None:
            raise OcrUnavailable(problem)
        import pypdfium2 as pdfium

        late = False  # the deadline passed
        with tempfile.TemporaryDirectory(prefix="ocr-") as workdir:
            rendered: dict[int, tuple[str, str]] = {}
            with _PDFIUM:  # pdfium is not thread-safe: one rendering at a time in this process
                pdf = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
                try:
                    for number in missing:
                        if budget is not None and budget.expired():
                            late = True
                            break
                        try:
                            rendered[number] = _render_page(pdf, number - 1, workdir)
                        except (RuntimeError, OSError):
                            cached[str(number)] = ""  # an unreadable image stays empty, once
                finally:
                    pdf.close()
            # One single-threaded Tesseract per core: pages are independent.
            with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
                reads = {n: pool.submit(_read_page, *images, budget) for n, images in rendered.items()}
                for number, read in reads.items():
                    try:
                        wait = None if budget is None else max(budget.remaining(), 0) + 1
                        cached[str(number)] = read.result(timeout=wait)
                    except (_Cut, FutureTimeout):
                        late = True
                        pool.shutdown(wait=False, cancel_futures=True)  # the runs end at the deadline
                        break
                    except (RuntimeError, subprocess.SubprocessError, OSError):
                        cached[str(number)] = ""
            # Pages read beside the one the deadline stopped are kept too.
            for number, read in reads.items():
                if str(number) not in cached and not read.cancelled() and read.exception() is None:
                    cached[str(number)] = read.result()
        _save(file, cached)
        if late and budget is not None:
            raise budget.too_long()
    return {n: cached[str(n)] for n in wanted}
