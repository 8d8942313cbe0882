"""What every page of the app shares: settings, the loaded index and model, the language,
the secretariat's role, originals served to the browser, and the background build's status.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

from indexer import roles
from indexer.config import DEFAULT_ARCHIVE_DIR, DEFAULT_INDEX_DIR
from indexer.build.jobs import REGISTRY, BuildJob

from . import strings

APP_DIR = Path(__file__).resolve().parent.parent
# Streamlit serves `static/` next to app.py at /app/static/ (server.enableStaticServing):
# originals are copied there under a name made from their path and version, never their own name.
SERVED_DIR = APP_DIR / "static" / "originals"
SERVED_DAYS = 7  # copies not made again within this many days are removed


@dataclass(frozen=True)
class Settings:
    index_dir: Path
    archive_dir: Path
    read_only: bool

    @property
    def build_command(self) -> str:
        return f"python -m indexer build {self.archive_dir} --index {self.index_dir}"


def read_settings(argv: list[str] | None = None) -> Settings:
    """Command-line arguments (after `--`) win over environment variables over defaults."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--index", default=os.environ.get("INDEXER_INDEX_DIR") or str(DEFAULT_INDEX_DIR))
    parser.add_argument("--archive", default=os.environ.get("INDEXER_ARCHIVE_DIR") or str(DEFAULT_ARCHIVE_DIR))
    parser.add_argument("--read-only", action="store_true",
                        default=os.environ.get("INDEXER_READ_ONLY", "") not in ("", "0", "false"))
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return Settings(Path(args.index), Path(args.archive), args.read_only)


def settings() -> Settings:
    """The settings of this run (read each time: cheap, and tests change the environment)."""
    return read_settings()


# -- language --------------------------------------------------------------------------
def language() -> str:
    return "en" if st.session_state.get("en") else "da"


def t(key: str, **values: Any) -> str:
    """A UI string in the chosen language."""
    return strings.text(language(), key, **values)


def wording():
    return strings.WORDING[language()]


def reason(code: str, params: dict | None = None) -> str:
    return strings.reason(language(), code, params)


def set_document_language() -> None:
    """Set <html lang> to the chosen language, for screen readers and hyphenation.

    The frontend writes its own `lang` when it starts, after this may have run: an observer
    puts the chosen one back whenever it is changed.
    """
    st.html(f"""<script>
window.archiveLanguage = {language()!r};
const root = document.documentElement;
const keep = () => {{ if (root.lang !== window.archiveLanguage) root.lang = window.archiveLanguage; }};
keep();
if (!window.archiveLanguageObserver) {{
  window.archiveLanguageObserver = new MutationObserver(keep);
  window.archiveLanguageObserver.observe(root, {{attributes: true, attributeFilter: ["lang"]}});
}}
</script>""", unsafe_allow_javascript=True)


# -- pages -------------------------------------------------------------------------------
def page_of(name: str):
    """This run's `st.Page` called `name` ("search", "decisions", "meeting" …), for links between pages
    that keep the session (a plain link would start a new one and lose the secretariat's login)."""
    return st.session_state["pages"][name]


# -- the secretariat ---------------------------------------------------------------------
def password_hash() -> str | None:
    try:
        secrets = dict(st.secrets)
    except Exception:  # noqa: BLE001 - no secrets.toml is the usual case, and not an error
        secrets = {}
    return roles.configured_hash(secrets)


def can_manage() -> bool:
    """Whether management can be offered at all: a password is configured and the app is not read-only."""
    return not settings().read_only and password_hash() is not None


def is_secretariat() -> bool:
    """Whether this session has logged in with the secretariat's password."""
    return can_manage() and bool(st.session_state.get("secretariat"))


def operator() -> bool:
    """Whoever may see server paths: the secretariat, or anyone where no roles are configured (a local setup)."""
    return is_secretariat() or password_hash() is None


# -- loaded once per process ---------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def load_embedder():
    from indexer.embed.embedder import Embedder  # slow import (torch); only once per process

    return Embedder()


@st.cache_resource(show_spinner=False)
def load_archive(index_dir: str):
    from indexer.store.manifest import Manifest
    from indexer.search.archive import Archive

    Manifest.read(Path(index_dir))  # no index: fail fast, before the model loads
    return Archive.open(index_dir, embedder=load_embedder())


def archive():
    return load_archive(str(settings().index_dir))


def index_stamp() -> int:
    """Changes whenever a build commits, so cached results and lists follow the index."""
    from indexer.store.manifest import Manifest

    return Manifest.stamp(settings().index_dir)


def manifest_value(name: str, default: Any = None) -> Any:
    manifest = archive().manifest
    return manifest.get(name, default) if manifest is not None else default


@st.cache_data(max_entries=8, show_spinner=False)
def documents(index_dir: str, stamp: int) -> list[dict]:
    return load_archive(index_dir).documents()


def current_documents() -> list[dict]:
    return documents(str(settings().index_dir), index_stamp())


# -- originals in the browser ----------------------------------------------------------------
def original_path(document: str) -> Path | None:
    """The file of an indexed document inside the archive folder, or None (gone, or outside)."""
    root = settings().archive_dir.resolve()
    path = (root / document).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def served_url(path: Path, page: int | None = None) -> str:
    """A URL where the browser's own viewer opens `path` (at `page`): a copy in Streamlit's static folder.

    The copy's name is a digest of the path and its version, so nothing a reader types can
    name another file, and a changed original gets a new name.
    """
    version = path.stat()
    digest = hashlib.sha256(f"{path}\0{version.st_size}\0{version.st_mtime_ns}".encode()).hexdigest()[:32]
    served = SERVED_DIR / f"{digest}{path.suffix.lower()}"
    if not served.exists():
        SERVED_DIR.mkdir(parents=True, exist_ok=True)
        scratch = served.with_suffix(".part")
        try:
            os.link(path, scratch)  # same disk: no copy at all
        except OSError:
            shutil.copyfile(path, scratch)
        os.replace(scratch, served)
        _prune_served(keep=served)
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/originals/{served.name}" + (f"#page={page}" if page else "")


def _prune_served(keep: Path) -> None:
    """Remove copies made more than SERVED_DAYS ago (ctime: when the copy or link was made); they come back on use."""
    limit = time.time() - SERVED_DAYS * 86400
    for copy in SERVED_DIR.iterdir():
        try:
            if copy != keep and copy.stat().st_ctime < limit:
                copy.unlink()
        except OSError:
            pass  # another session removed it first


# -- background builds ---------------------------------------------------------------------------
def start_build() -> BuildJob:
    """Start (or join) the index's background build; it finishes whatever this session does next."""
    st.session_state["watch_build"] = True
    return REGISTRY.start_build(settings().archive_dir, settings().index_dir, embedder=load_embedder())


def _stage_text(job: BuildJob) -> str:
    key = f"stage_{job.stage}"
    return t(key, done=job.done, total=job.total) if key in strings.TEXT["da"] else t("building")


def _skipped(item: Any) -> str:
    if hasattr(item, "code"):
        return t("skipped", path=item.path, reason=reason(item.code, getattr(item, "params", {})))
    path, text = item  # an index built before reasons had codes
    return t("skipped", path=path, reason=text)


def build_summary(job: BuildJob) -> None:
    """The finished build's outcome, worded in the reader's language (never the library's English)."""
    if job.state == "failed":
        st.error(t("build_failed", error=job.error), icon=":material/error:")
        return
    report = job.report
    when = datetime.fromtimestamp(job.finished_at or time.time()).strftime("%H:%M")
    st.success(t("built", when=when, indexed=len(report.indexed), unchanged=len(report.unchanged),
                 removed=len(report.removed), skipped=len(report.skipped), paragraphs=report.paragraphs),
               icon=":material/check_circle:")
    for item in report.skipped:
        st.warning(_skipped(item))


def vector_status() -> None:
    """While a build still computes vectors after committing the text: how much of the
    archive semantic search covers, refreshed every few seconds, and one rerun when all of
    it. A build that stopped with vectors waiting leaves a still note: the next build
    computes the rest."""
    from indexer.errors import ArchiveError
    from indexer.store.manifest import Manifest
    from indexer.store import build_running

    index_dir = settings().index_dir

    def pending() -> Manifest | None:
        try:
            manifest = Manifest.read(index_dir)
        except ArchiveError:
            return None
        return manifest if manifest.pending else None

    def show(manifest: Manifest, key: str) -> None:
        st.progress(manifest.embedded / max(manifest.paragraphs, 1),
                    text=t(key, done=f"{manifest.embedded:,}".replace(",", "."),
                           total=f"{manifest.paragraphs:,}".replace(",", ".")))

    manifest = pending()
    if manifest is None:
        return
    if not build_running(index_dir):
        with st.container(key="vector_status"):
            show(manifest, "vectors_stopped")
        return

    @st.fragment(run_every=3.0)
    def live() -> None:
        manifest = pending()
        if manifest is None or not build_running(index_dir):
            st.rerun()  # every vector is in, or the build stopped: the page follows the index
        show(manifest, "vectors_ready")

    with st.container(key="vector_status"):
        live()


def wait_for_index() -> bool:
    """No index yet: watch for one (a build beside the app, as the quickstart runs it, or
    one started later) and reload once it is committed. True, with a note that search opens
    in a moment, while a build is running."""
    from indexer.store.manifest import Manifest
    from indexer.store import build_running

    index_dir = settings().index_dir
    running = build_running(index_dir)
    if running:
        st.info(t("index_building"), icon=":material/hourglass_top:")
    # Rerun on a change only: a manifest without its database (a half-copied index) must not
    # make the page reload itself again and again.
    seen = Manifest.stamp(index_dir)

    # Every second: the first search waits on this after the build commits its text.
    @st.fragment(run_every=1.0)
    def live() -> None:
        if running:
            load_embedder()  # while the build reads: the model is ready when its text is
        if Manifest.stamp(index_dir) != seen or build_running(index_dir) != running:
            st.rerun()

    live()
    return running


def build_status() -> None:
    """The index's build as every page shows it: a live bar while it runs, its outcome after."""
    vector_status()
    job = REGISTRY.latest(settings().index_dir)
    if job is None:
        return

    @st.fragment(run_every=1.0 if job.running else None)
    def live() -> None:
        if job.running:
            st.session_state["watch_build"] = True
            st.progress(job.fraction(), text=_stage_text(job))
        elif st.session_state.pop("watch_build", False):
            st.rerun()  # the index changed: every list and count on the page follows it
        elif is_secretariat():  # file names and reasons are for the people who keep the archive
            build_summary(job)

    with st.container(key="build_status"):
        live()
