"""The meeting archive in the browser: search, read, and (for the secretariat) add and correct.

    streamlit run app.py -- --index index --archive archive [--read-only]

(or INDEXER_INDEX_DIR / INDEXER_ARCHIVE_DIR / INDEXER_READ_ONLY). The pages live in `ui/`,
their words in `ui/strings.py`; retrieval, uploads and builds live in `indexer`.
"""
from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from indexer.errors import ArchiveError, IndexMissing
from indexer.present.addresses import CASE_PAGE, MEETING_PAGE
from ui import archive, case, decisions, follow, manage, meeting, people, search
from ui.common import (can_manage, is_secretariat, load_archive, operator, set_document_language, settings, t,
                       tab_title)
from ui.progress import build_status, start_build, wait_for_index

STYLE = (Path(__file__).parent / "ui" / "style.css").read_text(encoding="utf-8")


def no_index() -> None:
    """No index yet: wait for the build that is making it, else say how to build one (the
    secretariat can build it from here)."""
    if wait_for_index():
        build_status()
        return
    st.info(t("no_index"))
    if operator():  # the command names server paths
        st.code(settings().build_command, language="bash")
    if is_secretariat() and settings().archive_dir.is_dir():
        st.button(t("no_index_button"), key="build_first", on_click=start_build, type="primary")
    elif can_manage():
        manage.login()
    build_status()


def main() -> None:
    # an emoji: the browser draws it; a :material/…: icon is fetched from fonts.gstatic.com, offline an error
    # The tab's title is set per page (`tab_title`): a screen reader says it first, and one title for
    # every page and language would not tell them apart.
    st.set_page_config(page_icon="⚖️", layout="wide")
    tab_title()
    if "en" not in st.session_state:  # the URL's language, else that of the follows a digest's link stops
        st.session_state["en"] = (st.query_params.get("lang") or follow.link_language()) == "en"
    set_document_language()
    st.html(f"<style>{STYLE}</style>")
    heading, language = st.columns([4, 1], vertical_alignment="center")
    # The app's name is a brand line, not a heading: each page's own name is its one h1 (below).
    heading.html(f'<p class="brand">{html.escape(t("title"))}</p>')
    language.toggle(t("english"), key="en")
    st.caption(t("subtitle"))
    try:
        with st.spinner(t("loading")):
            load_archive(str(settings().index_dir))
    except IndexMissing:
        no_index()
        return
    except ArchiveError as exc:  # the library's message names server paths and the command that repairs
        st.error(t("damaged", error=exc) if operator() else t("damaged_reader"))
        return
    # The default page is served at "/" only, whatever its url_path (which names it inside Streamlit, so
    # two pages cannot share "soeg"); the same page, hidden from the menu, answers /soeg, so a link to
    # /soeg?q=… opens the search rather than "Page not found".
    named = {"search": st.Page(search.page, title=t("page_search"), icon=":material/search:", url_path="",
                               default=True),
             "search_at_path": st.Page(search.page, title=t("page_search"), icon=":material/search:",
                                       url_path="soeg", visibility="hidden"),
             "decisions": st.Page(decisions.page, title=t("page_decisions"), icon=":material/task_alt:",
                                  url_path="beslutninger"),
             "meeting": st.Page(meeting.page, title=t("page_meeting"), icon=":material/event_note:",
                                url_path=MEETING_PAGE),
             "case": st.Page(case.page, title=t("page_case"), icon=":material/timeline:",
                             url_path=CASE_PAGE),
             "people": st.Page(people.page, title=t("page_people"), icon=":material/groups:", url_path="personer"),
             "archive": st.Page(archive.page, title=t("page_archive"), icon=":material/inventory_2:",
                                url_path="arkiv")}
    if can_manage():
        named["manage"] = st.Page(manage.page, title=t("page_manage"), icon=":material/lock:", url_path="sekretariat")
    st.session_state["pages"] = named  # for links between pages (ui.common.page_of)
    pages = list(named.values())
    chosen = st.navigation(pages, position="top")
    tab_title(chosen.title)  # a meeting's, case's or person's page names its subject once chosen
    build_status()
    follow.unsubscribe_panel()  # opened from a digest's link: ?afmeld=<token>
    st.title(chosen.title, anchor=False)
    chosen.run()


main()
