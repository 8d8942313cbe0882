"""End to end in a real headless Chromium: the app as a reader and the secretariat use it.

Starts `streamlit run app.py` on a small sample index (real model), drives Debian's
/usr/bin/chromium with Playwright (never a downloaded browser), and saves screenshots and
the exported files in test-output/. CI installs chromium; without it this test fails, it
does not skip.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from indexer import roles

from .paths import ROOT
from .test_app import SNOW, sample_index

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = ROOT / "test-output"
STARTUP_SECONDS = 180  # the first page load also loads the model
STEP_MS = 60_000
PASSWORD = "sekretariatets-kode"
FOUND = re.compile(r"^(\d+\+? gode resultater|1 godt resultat) for")  # "200+": a lower bound


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    """The app on a free port, on a private copy of the sample index, with the secretariat's password set."""
    archive, index = sample_index(tmp_path_factory.getbasetemp() / "sample", embedder)
    own = tmp_path_factory.mktemp("browser")
    shutil.copytree(archive, own / "archive")
    shutil.copytree(index, own / "index")
    port = free_port()
    log = open(own / "streamlit.log", "w+")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", roles.ENV_VAR: roles.hash_password(PASSWORD, iterations=1000)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--", "--index", str(own / "index"), "--archive", str(own / "archive")],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
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
            viewport={"width": 1300, "height": 1000}, accept_downloads=True, locale="da-DK")
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


def open_app(browser, server, query: str = "", **params: str):
    page = browser.new_page()
    suffix = "&".join([f"q={query}"] * bool(query) + [f"{k}={v}" for k, v in params.items()])
    page.goto(f"{server}/?{suffix}")
    page.locator(".st-key-q input").wait_for(timeout=STARTUP_SECONDS * 1000)
    idle(page)
    return page


def run_search(page, query: str, expect=FOUND) -> None:
    box = page.locator(".st-key-q input")
    box.fill(query)
    box.press("Enter")
    # this query's answer, not the last search's still on screen
    page.get_by_text(expect).filter(has_text=f"»{query}«").first.wait_for()
    idle(page)


def test_search_page_in_danish_and_english_with_the_page_language_set(browser, server):
    page = open_app(browser, server)
    run_search(page, "huslejestigninger")
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.locator(".st-key-hit_1 mark").count() >= 1
    assert page.locator(".st-key-hit_1 h2.hit-title").count() == 1
    assert "q=huslejestigninger" in page.url
    shot(page, "01-search-da")
    english = open_app(browser, server, "huslejestigninger", lang="en")
    english.get_by_text(re.compile(r"^\d+ good results? for")).first.wait_for()
    assert english.evaluate("document.documentElement.lang") == "en"
    body = english.locator("body").inner_text()
    assert "Søg i arkivet" not in body and "resultater" not in body
    shot(english, "02-search-en")


def test_nonsense_says_no_good_match_and_offers_no_counts(browser, server):
    page = open_app(browser, server)
    run_search(page, "xyzzyqwerty flumbo", expect="Ingen gode match for »xyzzyqwerty flumbo«.")
    body = page.locator("body").inner_text()
    assert not re.search(r"\d+ gode resultater", body) and "Eksportér" not in body
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 0
    shot(page, "03-nothing-found")


def test_pdf_opens_in_the_browsers_viewer_at_the_cited_page(browser, server):
    page = open_app(browser, server)
    run_search(page, "elevatorerne på rådhuset")
    card = page.locator(".st-key-hit_1")
    assert "s. 2" in card.locator(".hit-detail").inner_text()
    card.get_by_text("Kontekst og kilde").click()
    idle(page)
    link = card.get_by_role("link", name=re.compile("Åbn PDF'en på side 2"))
    assert link.get_attribute("target") == "_blank" and link.get_attribute("href").endswith(".pdf#page=2")
    with browser.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    viewer = None
    for _ in range(100):  # Chromium's own viewer (an extension frame), not a blocked or sandboxed frame
        viewer = next((f for f in tab.frames if f.url.startswith("chrome-extension://")), None)
        if viewer is not None:
            break
        tab.wait_for_timeout(200)
    assert viewer is not None, [f.url for f in tab.frames]
    selector = viewer.locator("#pageSelector")
    selector.wait_for(state="attached")
    tab.wait_for_function("() => true")
    for _ in range(50):
        if selector.input_value() == "2":
            break
        tab.wait_for_timeout(200)
    assert selector.input_value() == "2"
    OUTPUT.mkdir(exist_ok=True)
    tab.screenshot(path=str(OUTPUT / "04-pdf-page-2.png"))
    tab.close()


def test_exports_hold_every_result_for_danish_excel(browser, server):
    page = open_app(browser, server)
    run_search(page, "Folketinget")
    shown = re.match(r"(\d+)(\+?)", page.get_by_text(FOUND).first.inner_text())
    total, lower_bound = int(shown.group(1)), bool(shown.group(2))
    with page.expect_download() as download:
        page.locator(".st-key-export_csv button").click()
    saved = OUTPUT / "results-folketinget.csv"
    OUTPUT.mkdir(exist_ok=True)
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    about = dict(row for row in rows[:5])
    assert about["Søgning"] == "Folketinget" and about["Filtre"] == "ingen"
    exported = int(about["Resultater"])
    assert exported >= total if lower_bound else exported == total  # "200+" exports every passing result
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d CES?T", about["Søgt"])  # the zone named
    header = rows.index(["nr", "organ", "mødedato", "titel", "dokumenttype", "punkt", "punkttitel", "side",
                         "sagsnr.", "overskrift", "taler", "tekst", "fil", "uploadet", "kildehenvisning",
                         "score", "id", "også i"])
    assert len(rows) - header - 1 == exported > 10  # all results, not the page of ten
    with page.expect_download() as download:
        page.locator(".st-key-export_md button").click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Søgning: Folketinget") and markdown.count("\n## ") == exported
    assert "\\-" not in markdown and re.search(r"Kilde: Folketinget, 20\d\d-\d\d-\d\d,", markdown)


def test_readers_see_no_controls_and_a_build_started_by_the_secretariat_survives_other_searches(browser, server):
    page = open_app(browser, server)
    page.get_by_role("link", name="Arkiv").click()
    page.get_by_text("Dokumenter i indekset").wait_for()
    idle(page)
    body = page.locator("body").inner_text()
    assert "Arkivmappe:" not in body and "Gem i kataloget" not in body
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.get_by_role("link", name="Sekretariat").click()
    page.get_by_label("Sekretariatets adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.locator('[data-testid="stFileUploader"]').first.wait_for()
    upload = OUTPUT / "snerydning.txt"
    OUTPUT.mkdir(exist_ok=True)
    upload.write_bytes(SNOW)
    page.locator('[data-testid="stFileUploader"] input[type=file]').first.set_input_files(str(upload))
    page.get_by_text("snerydning.txt").first.wait_for()
    page.locator(".st-key-upload_save button").click()
    page.get_by_text("Gemt: uploads/snerydning.txt").wait_for()
    # Move on at once: another page, other searches, while the build runs.
    page.get_by_role("link", name="Søg").click()
    run_search(page, "Folketinget")
    run_search(page, "huslejestigninger")
    page.get_by_text(re.compile(r"^Indekset blev opdateret")).wait_for(timeout=STARTUP_SECONDS * 1000)
    idle(page)
    run_search(page, "snerydning cykelstier")
    card = page.locator(".hit", has_text="snerydning").first
    assert "uploadet fil, ikke et officielt dokument" in card.inner_text()
    shot(page, "05-upload-indexed")
    assert parse_qs(urlparse(page.url).query)["q"] == ["snerydning cykelstier"]


def log_in(page) -> None:
    page.get_by_role("link", name="Sekretariat").click()
    page.get_by_label("Sekretariatets adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # The new-files uploader; an earlier upload adds a "replace" uploader beside it.
    page.locator('[data-testid="stFileUploader"]').first.wait_for()
    idle(page)


def test_secretariat_marks_a_follow_up_done_and_it_leaves_the_open_list(browser, server):
    page = open_app(browser, server)
    log_in(page)
    page.get_by_role("link", name="Beslutninger og opfølgning").click()
    page.locator(".st-key-d_view").get_by_text("Opfølgning", exact=True).click()
    page.locator(".follow-up").first.wait_for()
    idle(page)
    page.set_viewport_size({"width": 1300, "height": 2400})  # the app scrolls inside: a tall window shows more
    shot(page, "06-follow-ups")
    before = page.locator(".follow-up").count()
    card = page.locator('[class*="st-key-fu_"]', has=page.locator('[class*="st-key-done_"]')).first
    promise = card.locator(".hit-title").inner_text()
    assert card.locator(".follow-up-line").inner_text().startswith("lovet ")
    card.get_by_role("button", name="Markér som udført").click()
    page.wait_for_function(f"document.querySelectorAll('.follow-up').length === {before - 1}")
    idle(page)
    titles = page.locator(".follow-up .hit-title").all_inner_texts()
    assert promise not in titles
    page.locator(".st-key-d_status").get_by_text("udført", exact=True).click()
    page.get_by_text(promise).first.wait_for()
    idle(page)
    assert page.locator(".follow-up .status-done").count() == page.locator(".follow-up").count() >= 1


def test_decisions_page_links_to_the_whole_meeting(browser, server):
    page = open_app(browser, server)
    page.get_by_role("link", name="Beslutninger og opfølgning").click()
    page.locator(".decision").first.wait_for()
    idle(page)
    assert page.evaluate("document.documentElement.lang") == "da"
    page.set_viewport_size({"width": 1300, "height": 2400})
    shot(page, "07-decisions")
    card = page.locator('[class*="st-key-dec_"]', has_text="4. december 2012").first
    card.get_by_role("link", name="Hele mødet").click()
    # the meeting page's own heading: the decisions page still on screen names the meeting on its cards too
    page.locator("h2.meeting-title", has_text="Sundheds- og Forebyggelsesudvalget · 4. december 2012").wait_for()
    idle(page)
    assert "moede=" in page.url
    items = [t for t in page.locator('[class*="st-key-item_"] h4').all_inner_texts()]
    assert items[:2] == ["Punkt 1. Meddelelser", "Punkt 2. Bygningsvedligeholdelse 2013 - anlægsbevilling"]
    assert len(items) == 8
    link = page.get_by_role("link", name="Punktet i originalen, side 3").first
    assert link.get_attribute("href").endswith(".pdf#page=3")
    shot(page, "08-meeting")
