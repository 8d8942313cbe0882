"""The secretariat's page: log in; add files; update the index; delete or replace an upload;
every follow (list, remove); the audit log of who changed what.

Shown only when a password hash is configured and the app is not started read-only. Failed
logins are throttled per address as the API's are (`indexer.roles.attempt_login`), logged, and
written to the audit log; every change made here is written there too.
"""
from __future__ import annotations

import logging
import math

import streamlit as st

from indexer import present, roles
from indexer.build import uploads
from indexer.errors import UnreadableFile

from . import follow
from .common import (audit, client_address, current_documents, is_secretariat, login_throttle, password_hash, reason,
                     settings, t)
from .progress import start_build

log = logging.getLogger("indexer.app")
MAX_NAME_CHARS = 60


def login() -> None:
    problem = roles.hash_problem(password_hash())
    if problem:  # no password can match: say so, not "wrong password" to the right one
        st.error(t("login_bad_hash"))
        log.error("%s", problem)
        return
    with st.form("login"):
        password = st.text_input(t("login"), type="password", key="password")
        name = st.text_input(t("login_name"), key="login_name", max_chars=MAX_NAME_CHARS, help=t("login_name_help"))
        if st.form_submit_button(t("login_button"), type="primary"):
            name = " ".join((name or "").split()) or None
            client = client_address()
            attempt = roles.attempt_login(login_throttle(), client, password, password_hash())
            if attempt.ok:
                st.session_state.secretariat = True
                st.session_state.actor = name
                audit("login", target="secretariat")
                st.rerun()
            if attempt.throttled:
                log.warning("secretariat login in the app from %s refused: throttled for %.0f s more",
                            client, attempt.wait)
                st.error(t("login_throttled", seconds=math.ceil(attempt.wait)))
                return
            log.warning("failed secretariat login in the app from %s (name %r): %d in a row, next try in %.0f s",
                        client, name, attempt.failures, attempt.wait)
            audit("login_failed", target="secretariat", detail=f"{attempt.failures} in a row", who=name)
            st.error(t("login_wrong"))
            if attempt.failures >= 2:
                st.caption(t("login_wait", seconds=math.ceil(attempt.wait)))


def refused(name: str, exc: Exception) -> str:
    code, params = getattr(exc, "code", "other"), getattr(exc, "params", {})
    return t("upload_rejected", name=present.markdown_escape(name), reason=reason(code, params))  # Markdown


def _uploader_key() -> str:
    # A new key per save: the saved (and refused) files leave the box, which is ready for the next ones.
    return f"upload_{st.session_state.setdefault('upload_round', 0)}"


def _save_uploads() -> None:
    """The button's callback: save each file in the uploader, keep what happened to each to show,
    start the update. As a callback it runs before the page is drawn, so the page shows the
    running update and an empty uploader at once."""
    results: list[tuple[str, str]] = []  # ("error" | "info", Markdown)
    saved = []
    for upload in st.session_state.get(_uploader_key()) or []:
        data = upload.getvalue()
        try:
            saved.append(uploads.save_upload(settings().archive_dir, upload.name, data))
        except (uploads.UploadRejected, UnreadableFile) as exc:
            results.append(("error", refused(upload.name, exc)))
            continue
        audit("upload", target=saved[-1], detail=f"{len(data)} bytes as {upload.name!r}")
    if saved:
        results.append(("info", t("upload_saved", names=present.markdown_escape(", ".join(saved)))))
        start_build()
    st.session_state.upload_results = results
    st.session_state.upload_round += 1


def _reindex() -> None:
    """The button's callback: before the page is drawn, so the page shows the update running."""
    audit("start_update", target=settings().index_dir.name)
    start_build()


def add_files() -> None:
    files = st.file_uploader(
        t("upload", mb=uploads.MAX_UPLOAD_BYTES // 2**20), accept_multiple_files=True,
        type=[suffix.lstrip(".") for suffix in uploads.UPLOAD_SUFFIXES],
        key=_uploader_key(), help=t("upload_help", archive=settings().archive_dir.resolve()),
        max_upload_size=uploads.MAX_UPLOAD_BYTES // 2**20)
    left, right = st.columns(2)
    left.button(t("upload_save"), key="upload_save", type="primary", disabled=not files, on_click=_save_uploads)
    right.button(t("reindex"), key="reindex", on_click=_reindex)
    for kind, message in st.session_state.get("upload_results", []):  # the last save's, until the next
        (st.error if kind == "error" else st.info)(message)


def uploaded_files() -> None:
    """Delete or replace a file that was uploaded (official records are changed in the archive folder)."""
    st.header(t("uploads"), anchor=False)  # h2: under the page's h1
    folder = settings().archive_dir / uploads.UPLOAD_SUBDIR
    names = sorted(f"{uploads.UPLOAD_SUBDIR}/{p.name}" for p in folder.iterdir() if p.is_file()
                   and not p.name.startswith(".")) if folder.is_dir() else []
    if not names:
        st.caption(t("uploads_none"))
        return
    titles = {d["path"]: d.get("title") for d in current_documents()}
    chosen = st.selectbox(t("upload_pick"), names, key="upload_pick",
                          format_func=lambda n: f"{n} · {titles[n]}" if titles.get(n) else n)
    left, right = st.columns(2)
    with left:
        if st.checkbox(t("delete_confirm", name=present.markdown_escape(chosen)), key=f"confirm_{chosen}") and \
                st.button(t("delete"), key="delete", icon=":material/delete:"):
            try:
                uploads.delete_upload(settings().archive_dir, chosen)
            except uploads.UploadRejected as exc:
                st.error(refused(chosen, exc))
                return
            audit("delete_upload", target=chosen)
            st.success(t("deleted", name=present.markdown_escape(chosen)))
            start_build()
    with right:
        new = st.file_uploader(t("replace"), key=f"replace_{chosen}_{st.session_state.get('upload_round', 0)}",
                               type=[chosen.rsplit(".", 1)[-1]])
        if new is not None and st.button(t("replace_save"), key="replace", icon=":material/swap_horiz:"):
            data = new.getvalue()
            try:
                uploads.replace_upload(settings().archive_dir, chosen, new.name, data)
            except (uploads.UploadRejected, UnreadableFile) as exc:
                st.error(refused(new.name, exc))
                return
            audit("replace_upload", target=chosen, detail=f"{len(data)} bytes from {new.name!r}")
            st.success(t("replaced", name=present.markdown_escape(chosen)))
            st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1
            start_build()


def page() -> None:
    if not is_secretariat():
        login()
        return
    st.button(t("logout"), key="logout", on_click=lambda: st.session_state.update(secretariat=False, actor=None),
              icon=":material/logout:")
    files, follows, trail = st.tabs([t("tab_files"), t("tab_follows"), t("tab_audit")])
    with files:
        add_files()
        uploaded_files()
    with follows:
        follow.follows_admin()
    with trail:
        follow.audit_view()
