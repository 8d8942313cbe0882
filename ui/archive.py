"""The archive page: what is indexed (counts, table), what waits to be indexed, a whole document
to read, and, for the secretariat, corrections of a document's details written to the catalog.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from indexer import present
from indexer.build import uploads
from indexer.errors import InvalidInput
from indexer.store import REPORT_NAME

from . import strings
from .common import (archive, audit, current_documents, is_secretariat, language, long_moment, manifest_value, number,
                     reason, settings, t)
from .originals import note_if_changed, original_path, served_url
from .progress import start_build

NO_PAGES = "–"  # the pages of a file that has none
COLUMNS = ["meeting_date", "body", "title", "doc_type", "pages", "paragraphs", "path", "uploaded"]


def overview(docs: list[dict]) -> None:
    built = long_moment(manifest_value("built_at")) or t("unknown")
    paragraphs = sum(d.get("paragraphs") or 0 for d in docs)
    st.markdown(t("archive_intro", documents=number(len(docs)), paragraphs=number(paragraphs),
                  bodies=len({d["body"] for d in docs if d["body"]}), built=built))
    if is_secretariat():  # server paths are for the people who run the server
        where = settings()
        st.caption(t("archive_paths", archive=where.archive_dir.resolve(), index=where.index_dir.resolve()))


def file_name_markdown(name: str) -> str:
    """A file name in Markdown: as code, where nothing in it is read as Markdown or HTML; escaped
    instead where a backtick in it would end the code span early."""
    return f"`{name}`" if "`" not in name else present.markdown_escape(name)


def waiting(docs: list[dict]) -> None:
    """Files in the archive folder that the index does not hold yet, as the build's own scan finds
    them (meeting-system exports too): those waiting for the next build, and apart from them those
    the last build skipped (a duplicate, an unreadable scan), with why: they would wait forever."""
    pending = uploads.pending_files(settings().archive_dir, [d["path"] for d in docs])
    skipped = skipped_files(pending)
    waiting_now = [name for name in pending if name not in skipped]
    if not pending:
        st.caption(t("pending_none"))
    elif not waiting_now:
        st.caption(t("pending_none_waiting"))
    else:
        with st.expander(t("pending", n=len(waiting_now)), icon=":material/hourglass_top:"):
            st.markdown("\n".join(f"- {file_name_markdown(name)}" for name in waiting_now))
    if skipped:
        with st.expander(t("not_indexed", n=len(skipped)), icon=":material/block:"):
            st.markdown("\n".join(f"- {file_name_markdown(name)}: {present.markdown_escape(skipped_reason(code, params))}"
                                  for name, (code, params) in sorted(skipped.items())))


def skipped_files(pending: list[str]) -> dict[str, tuple[str, dict]]:
    """Every file the last build skipped (its report, as `python -m indexer info` shows it: a file of
    a type it does not read too), still there and unchanged since: name -> (reason code, params).
    `pending` files are looked up in it as well."""
    try:
        report = json.loads((settings().index_dir / REPORT_NAME).read_text(encoding="utf-8"))
        # as the report names them (a name not valid UTF-8 with its bytes escaped: "referat-\xe6.txt")
        listed = [s["path"] for s in report.get("skipped") or [] if isinstance(s, dict) and isinstance(s.get("path"), str)]
    except (OSError, ValueError, AttributeError):
        listed = []
    return uploads.skipped_by_last_build(dict.fromkeys([*pending, *listed]), settings().archive_dir,
                                         settings().index_dir)


def skipped_reason(code: str, params: dict) -> str:
    """Why the build skipped a file, in the reader's words, with the library's own detail ("JSON ends
    early: truncated download?") where the words do not hold it: in the reader's words where it is a
    common one, else marked as the library's technical message."""
    said = reason(code, params)
    detail = str(params.get("detail") or "")
    return f"{said} ({strings.library_detail(language(), detail)})" if detail and detail not in said else said


def table(docs: list[dict]) -> None:
    st.header(t("archive_docs"), anchor=False)  # h2: under the page's h1
    # A page count only where the file has pages (a PDF): a text file or a meeting system's record has none.
    rows = [{**doc, "uploaded": t("yes") if uploads.is_upload(doc["path"]) else "",
             "pages": str(doc.get("pages") or "") if doc.get("file_type") == "pdf" else NO_PAGES} for doc in docs]
    frame = pd.DataFrame(rows, columns=COLUMNS).astype(object)
    frame = frame.where(frame.notna() & (frame != ""), t("unknown"))  # never "None" in a cell
    frame = frame.rename(columns=dict(zip(COLUMNS, t("columns").split(","))))
    st.dataframe(frame, key="documents_table", hide_index=True, width="stretch")


def reader(docs: list[dict]) -> None:
    """One document in reading order, with a link to the original."""
    st.header(t("reader"), anchor=False)
    names = {d["path"]: f"{d['meeting_date'] or '—'} · {d['title'] or d['path']}" for d in docs}
    chosen = st.selectbox(t("reader_pick"), list(names), key="read_doc", index=None, placeholder=t("reader_none"),
                          format_func=names.get)
    if not chosen:
        return
    paragraphs = archive().document(chosen)
    path = original_path(chosen)
    if path is not None and path.suffix.lower() == ".pdf":
        st.link_button(t("open_pdf", page=1), served_url(path, 1), help=t("open_pdf_help"),
                       icon=":material/picture_as_pdf:", key="read_pdf")
        note_if_changed(chosen, path)
    st.caption(t("reader_paragraphs", n=number(len(paragraphs))))
    with st.container(height=600, key="reader_text"):
        st.html(present.context_html(paragraphs, current_id=""))
    if is_secretariat():
        correct(next(d for d in docs if d["path"] == chosen))


def correct(doc: dict) -> None:
    """Body, date, type and title of a document, corrected in catalog.csv; the index is then updated."""
    with st.form("correct", border=True):
        st.markdown(f"**{t('correct')}**")
        values = {
            "title": st.text_input(t("correct_title"), value=doc.get("title") or ""),
            "body": st.text_input(t("correct_body"), value=doc.get("body") or ""),
            "meeting_date": st.text_input(t("correct_date"), value=doc.get("meeting_date") or ""),
            "doc_type": st.text_input(t("correct_type"), value=doc.get("doc_type") or ""),
        }
        if st.form_submit_button(t("correct_save"), type="primary"):
            changed = {k: v.strip() for k, v in values.items() if v.strip() != (doc.get(k) or "")}
            try:  # only what was changed: detected values stay detected
                uploads.write_catalog_entry(settings().archive_dir, doc["path"], changed)
            except uploads.UploadRejected as exc:
                st.error(reason(exc.code, exc.params))
                return
            except InvalidInput as exc:  # the catalog itself cannot be read: its own one-line message
                st.error(str(exc))
                return
            audit("correct", target=doc["path"],
                  detail="; ".join(f"{k}={v or '(detect)'}" for k, v in sorted(changed.items())) or "no change")
            st.success(t("correct_saved"))
            start_build()


def page() -> None:
    docs = current_documents()
    overview(docs)
    waiting(docs)
    table(docs)
    reader(docs)
