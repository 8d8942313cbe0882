"""The background build as every page shows it: the job in; its progress, summary and how much
of the archive semantic search covers yet, out.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

import streamlit as st

from indexer import present
from indexer.build.jobs import REGISTRY, BuildJob

from . import common, strings
from .common import is_secretariat, number, readers_zone, reason, settings, t

log = logging.getLogger("indexer.app")


def build_then_collect(archive_dir, index_dir, *, embedder=None, progress=None):
    """A build, then what is new for each follow collected (as `build` on the command line and the
    API's updates do); a failure to collect never fails the build: `alerts send` collects again."""
    from indexer.alerts.collect import collect
    from indexer.build.run import build
    from indexer.search.archive import Archive

    report = build(archive_dir, index_dir, embedder=embedder, progress=progress)
    try:
        opened = Archive.open(index_dir, embedder=embedder)
        try:
            log.info("%s", collect(opened).summary())
        finally:
            opened.close()
    except Exception:  # noqa: BLE001 - the build is done; collecting is tried again before each send
        log.exception("collecting what is new for follows failed")
    return report


def start_build() -> BuildJob:
    """Start (or join) the index's background build; it finishes whatever this session does next."""
    st.session_state["watch_build"] = True
    # common.load_embedder is looked up on use, so that a test's hashing embedder is the one used
    return REGISTRY.start_build(settings().archive_dir, settings().index_dir, embedder=common.load_embedder(),
                                build=build_then_collect)


def _stage_text(job: BuildJob) -> str:
    key = f"stage_{job.stage}"
    if job.stage == "scan" and not job.total:  # just started, nothing counted yet: not "0/0"
        return t("building")
    return t(key, done=job.done, total=job.total) if key in strings.TEXT["da"] else t("building")


def _skipped(item: Any) -> str:
    if hasattr(item, "code"):
        return t("skipped", path=present.markdown_escape(item.path),  # a warning is Markdown: the name is data
                 reason=reason(item.code, getattr(item, "params", {})))
    path, text = item  # an index built before reasons had codes
    return t("skipped", path=present.markdown_escape(path), reason=text)


SKIPPED_SHOWN = 5  # files the build skipped, named in its summary; the archive's page lists them all


def build_summary(job: BuildJob) -> None:
    """The finished build's outcome, worded in the reader's language (never the library's English)."""
    if job.state == "failed":
        st.error(t("build_failed", error=job.error), icon=":material/error:")
        return
    report = job.report
    when = datetime.fromtimestamp(job.finished_at or time.time(), readers_zone()).strftime("%H:%M")
    st.success(t("built", when=when, indexed=len(report.indexed), unchanged=len(report.unchanged),
                 removed=len(report.removed), skipped=len(report.skipped), paragraphs=report.paragraphs),
               icon=":material/check_circle:")
    for item in report.skipped[:SKIPPED_SHOWN]:
        st.warning(_skipped(item))
    if len(report.skipped) > SKIPPED_SHOWN:  # a real archive's hundreds are a list to read on the archive's page
        st.page_link(common.page_of("archive"), label=t("skipped_more", n=number(len(report.skipped) - SKIPPED_SHOWN)),
                     icon=":material/inventory_2:")


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
                    text=t(key, done=number(manifest.embedded), total=number(manifest.paragraphs)))

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
            common.load_embedder()  # while the build reads: the model is ready when its text is
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
