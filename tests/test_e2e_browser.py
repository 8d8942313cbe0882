"""End to end in a real headless Chromium: the app as a person uses it, with screenshots.

Starts `streamlit run app.py` on a small sample index, drives Debian's /usr/bin/chromium with
Playwright (never a downloaded browser), and saves screenshots and the exported CSV in
test-output/. CI installs chromium; without it this test fails, it does not skip.
"""
from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from .paths import ROOT
from .test_app import app_embedder, sample_index  # noqa: F401 - the session's model and sample index

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = ROOT / "test-output"
STARTUP_SECONDS = 180  # the first page load also loads the model
STEP_MS = 60_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, app_embedder):  # noqa: F811 - the fixture imported above
    """The app on a free port, serving the sample index; stopped (by its own pid) afterwards."""
    archive, index = sample_index(tmp_path_factory.getbasetemp() / "sample", app_embedder)
    port = free_port()
    log = open(tmp_path_factory.mktemp("server") / "streamlit.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--", "--index", str(index), "--archive", str(archive)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"streamlit did not start:\n{log.read()}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("the browser test needs Debian's Chromium at /usr/bin/chromium: "
                    "run `apt-get install -y chromium` (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="da-DK")
        context.set_default_timeout(STEP_MS)
        yield context
        context.close()


def shot(page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    idle(page)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def idle(page) -> None:
    """Wait until the script run is over (Streamlit's status widget gone) and the page has settled."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=STEP_MS)
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="detached", timeout=STEP_MS)
    page.wait_for_timeout(500)


def run_search(page, query: str, summary: str) -> None:
    box = page.locator(".st-key-q input")
    box.fill(query)
    box.press("Enter")
    page.get_by_text(summary).wait_for()
    idle(page)


def card_texts(page) -> list[str]:
    return page.locator(".hit").all_inner_texts()


def test_search_context_related_export_share_and_timeline(browser, server):  # browser first: no Chromium, no server
    page = browser.new_page()
    page.goto(server)
    page.locator(".st-key-q input").wait_for(timeout=STARTUP_SECONDS * 1000)
    shot(page, "00-start")

    # A committee member's search: the Danish word, highlighted in the cards.
    run_search(page, "huslejestigninger", "resultater for »huslejestigninger«")
    first = page.locator(".st-key-hit_1")
    assert first.locator("mark").count() >= 1
    assert page.locator(".hit mark").first.inner_text().lower().startswith("huslejestigning")
    assert "q=huslejestigninger" in page.url
    shot(page, "01-search-huslejestigninger")

    # Context and source: the paragraph among its neighbours, with a citation to copy.
    second = page.locator(".st-key-hit_2")
    second.get_by_text("Kontekst og kilde").click()
    second.locator(".ctx-current").wait_for()
    idle(page)
    assert second.locator("p.ctx").count() >= 3
    assert "fil: minutes/" in second.locator('[data-testid="stCode"]').inner_text()
    second.scroll_into_view_if_needed()
    shot(page, "02-context")

    # Related discussions from other documents, newest first.
    second.get_by_text("Lignende drøftelser").click()
    second.get_by_text("Nyeste først").click()
    idle(page)
    related = second.locator(".hit")
    assert related.count() >= 1
    second.get_by_text("Lignende drøftelser").scroll_into_view_if_needed()
    shot(page, "03-related")

    # Export: the CSV holds the results with their citations.
    with page.expect_download() as download:
        page.locator(".st-key-export_csv button").click()
    saved = OUTPUT / "results-huslejestigninger.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(rows) == 10 and {"body", "date", "title", "page", "heading", "speaker"} <= set(rows[0])
    assert any("huslejestigning" in row["text"].lower() for row in rows)

    # A journalist's English queries find the Danish discussions: rent increases, and staff
    # (the personalegennemstrømning paragraphs themselves rank lower: README, Evaluation).
    run_search(page, "rent increases", "resultater for »rent increases«")
    assert any("huslejestigning" in text.lower() for text in card_texts(page)), card_texts(page)[:3]
    run_search(page, "staff turnover", "resultater for »staff turnover«")
    staff = [t for t in card_texts(page)[:5] if "medarbejder" in t.lower() or "personale" in t.lower()]
    assert staff, card_texts(page)[:3]
    assert parse_qs(urlparse(page.url).query)["q"] == ["staff turnover"]
    shot(page, "04-search-staff-turnover")

    # The timeline: brushing a period on the date axis becomes the date filter (and goes into the URL).
    run_search(page, "Folketinget møde", "resultater for »Folketinget møde«")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.3
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => window.location.search.includes('fra=')", timeout=STEP_MS)
    idle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["fra"][0] <= query["til"][0] and query["fra"][0] > "2015-07-02"
    dates = [line.split(" · ")[1] for line in page.locator(".hit .hit-where").all_inner_texts()]
    assert dates and all(query["fra"][0] <= day <= query["til"][0] for day in dates)
    shot(page, "05-timeline-period")

    # A shared link reopens the same search with its filters, here in English.
    shared = browser.new_page()
    shared.goto(f"{server}/?q=huslejestigninger&organ=Dialogforum&lang=en")
    shared.get_by_text("results for “huslejestigninger”").wait_for(timeout=STARTUP_SECONDS * 1000)
    idle(shared)
    assert shared.locator(".st-key-q input").input_value() == "huslejestigninger"
    assert shared.locator(".st-key-organ").get_by_text("Dialogforum").count() >= 1
    wheres = shared.locator(".hit .hit-where").all_inner_texts()
    assert wheres and all(where.startswith("Dialogforum") for where in wheres)
    shot(shared, "06-shared-url-english")
    for path in ("00-start", "01-search-huslejestigninger", "02-context", "03-related",
                 "04-search-staff-turnover", "05-timeline-period", "06-shared-url-english"):
        assert (OUTPUT / f"{path}.png").stat().st_size > 10_000
