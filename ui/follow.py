"""Following from the app: "Følg denne søgning" (the search page: the query, its filters and mode),
"Følg sagen" (the case page), "Følg udvalget" (a meeting's body): an e-mail address and daily or
weekly in; a follow stored through `indexer.alerts` out (the digests and feeds the API serves).

Also stopping from a digest's link in the app (`?afmeld=<token>`, as the API's /unsubscribe/{token}),
and, for the secretariat, every follow (list, remove) and the audit log.
"""
from __future__ import annotations

import os
import re


import pandas as pd
import streamlit as st

from indexer import present
from indexer.alerts.audit import follow_detail
from indexer.alerts.links import Links
from indexer.alerts.follows import (FollowRequest, TooManyFollows, TooManyPending, check_email, list_follows,
                                    remove_follows, save_follow)
from indexer.errors import ArchiveError, InvalidInput

from .common import archive, audit, is_secretariat, language, readers_moment, settings, t

PARAM = "afmeld"  # ?afmeld=<token>: the unsubscribe link of a digest, opened in the app
FREQUENCIES = ("weekly", "daily")
MAX_FOLLOWS_PER_ADDRESS = 50  # as the API's (ApiSettings.max_follows_per_address)
AUDIT_ROWS = 500


# -- words -------------------------------------------------------------------------------------------
def _address(email: str) -> str:
    """A reader's own address as Markdown: escaped, and without the unseen word joiner that keeps a document's
    addresses from becoming links (copied from the page, it would break the address; its own link is harmless)."""
    return present.markdown_escape(email).replace("\u2060", "")


def describe(follow) -> str:
    """A follow in a few words, in the reader's language."""
    if follow.kind == "search":
        what = t("follow_desc_search", query=follow.query)
        filters = follow.filters or {}
        limits = [", ".join(filters.get("bodies") or ()), ", ".join(filters.get("doc_types") or ()),
                  ", ".join(filters.get("documents") or ()),
                  t("follow_filter_from", date=filters["date_from"]) if filters.get("date_from") else "",
                  t("follow_filter_to", date=filters["date_to"]) if filters.get("date_to") else ""]
        limits = [part for part in limits if part]
        return t("follow_desc_filters", what=what, filters="; ".join(limits)) if limits else what
    key = {"case": ("follow_desc_case", "case"), "body": ("follow_desc_body", "body"),
           "document": ("follow_desc_document", "document")}[follow.kind]
    return t(key[0], **{key[1]: follow.target})


def _when(value: str | None, form: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time on the readers' time (to the minute), as the other pages write moments."""
    moment = readers_moment(value) if value else None
    return moment.strftime(form) if moment else (value or "")


# -- following -----------------------------------------------------------------------------------------
def follow_form(kind: str, label: str, help_text: str, *, target: str | None = None, query: str | None = None,
                filters: dict | None = None, mode: str = "hybrid") -> None:
    """An expander with the form that follows this search, case or body."""
    key = f"follow_{kind}"
    with st.expander(label, icon=":material/notifications:"):
        with st.form(key, border=False):
            st.caption(help_text)
            email = st.text_input(t("follow_email"), key=f"{key}_email", max_chars=254,
                                  placeholder=t("follow_email_placeholder"))
            # The options are the words themselves (one widget per language), never a format_func:
            # it would be called outside the session, where the language is not known.
            words = {t("frequency_" + f): f for f in FREQUENCIES}
            chosen = st.radio(t("follow_frequency"), list(words), key=f"{key}_frequency_{language()}",
                              horizontal=True)
            frequency = words.get(chosen, FREQUENCIES[0])
            if st.form_submit_button(t("follow_save"), key=f"{key}_save", type="primary",
                                     icon=":material/notifications_active:"):
                # the reader's language is the digests': a follow made on the English screen
                # gets English e-mails
                _save(FollowRequest(kind, email or "", frequency, target, query, dict(filters or {}),
                                    mode or "hybrid", language()))
        # a body's or case's Atom feed, where the API that serves it says where readers reach it
        if kind in ("body", "case") and target and os.environ.get("INDEXER_API_URL"):
            st.caption(t("follow_feed", url=Links.from_env().feed(kind, target, language())))


def _save(request: FollowRequest) -> None:
    try:
        email = check_email(request.email)
    except InvalidInput:
        st.error(t("follow_bad_email"))
        return
    try:
        # Anyone's follow waits until its address confirms it (as the API's); the secretariat's is
        # active at once.
        saved = save_follow(archive(), FollowRequest(request.kind, email, request.frequency, request.target,
                                                     request.query, request.filters, request.mode,
                                                     request.language),
                            max_per_address=MAX_FOLLOWS_PER_ADDRESS, confirmed=is_secretariat())
    except TooManyPending:
        st.error(t("follow_too_many_pending"))
        return
    except TooManyFollows:
        st.error(t("follow_too_many"))
        return
    except ArchiveError:  # the library's reason is English and may name server paths: one plain line
        st.error(t("follow_failed"))
        return
    made = saved.follow
    words = {"what": present.markdown_escape(describe(made)), "when": t("when_" + made.frequency),
             "email": _address(made.email)}
    if made.pending and not saved.new:  # asked already: the mail sent then confirms it, and none is sent now
        st.info(t("follow_pending_again", **words), icon=":material/mark_email_unread:")
        return
    if not saved.new:  # a second click: nothing is stored twice, and the reader is told what they have
        st.info(t("follow_already", **words), icon=":material/notifications:")
        return
    audit("follow", target=str(made.id), detail=follow_detail(made))
    if made.pending:
        # asked now where the mail server took it; else the mail waits for the archive's next sending
        sent = _ask_to_confirm(made)
        st.info(t("follow_pending" if sent else "follow_pending_queued", **words), icon=":material/mark_email_unread:")
        return
    st.success(t("follow_saved", **words), icon=":material/notifications_active:")


def _ask_to_confirm(follow) -> bool:
    """The confirmation mail, now where a mail server is set (INDEXER_SMTP_*) and takes it, else by the next
    `alerts send`; whether it went now."""
    from indexer.alerts.confirm import ask_to_confirm
    from indexer.alerts.links import Links
    from indexer.alerts.mail import SmtpSettings

    return ask_to_confirm(settings().index_dir, follow, SmtpSettings.from_env_if_set(), Links.from_env())


def search_filters(filters) -> dict:
    """The search page's `Filters` as a follow stores them."""
    from indexer.alerts.follows import filters_dict

    return filters_dict(filters)


# -- unsubscribing from a digest's link ---------------------------------------------------------------
def link_language() -> str:
    """The language of the follows a digest's link opened here stops (`?afmeld=<token>`), which its
    page speaks, as the API's does; Danish without one."""
    from indexer.alerts.tokens import token_language

    token = st.query_params.get(PARAM)
    try:
        return token_language(settings().index_dir, token) if token else "da"
    except ArchiveError:  # no index yet: the panel says the link is not valid
        return "da"


def _stop(token: str) -> None:
    from indexer.alerts.tokens import unsubscribe

    try:
        removed = unsubscribe(settings().index_dir, token)
    except ArchiveError:
        removed = None
    if removed:
        audit("unsubscribe", detail=f"{removed} follows", who="link")
    st.session_state["unsubscribed"] = removed
    st.session_state.pop(PARAM, None)
    if PARAM in st.query_params:
        del st.query_params[PARAM]


def unsubscribe_panel() -> None:
    """Above the page, when it was opened from a digest's link (`?afmeld=<token>`): what the link
    stops, and a button that stops it (nothing stops on opening: mail scanners open links too)."""
    from indexer.alerts.tokens import token_follows

    if "unsubscribed" in st.session_state:
        removed = st.session_state.pop("unsubscribed")
        if removed is None:
            st.warning(t("unsubscribe_invalid"))
        else:
            st.success(t("unsubscribed") if removed else t("unsubscribe_nothing"), icon=":material/notifications_off:")
        return
    if st.query_params.get(PARAM):  # kept for the session: the search page rewrites the URL
        st.session_state[PARAM] = st.query_params[PARAM]
    token = st.session_state.get(PARAM)
    if not token:
        return
    try:
        found = token_follows(settings().index_dir, token)
    except ArchiveError:
        found = None
    with st.container(border=True, key="unsubscribe_panel"):
        st.markdown(f"**{t('unsubscribe_title')}**")
        if found is None:
            st.warning(t("unsubscribe_invalid"))
            st.session_state.pop(PARAM, None)
            return
        if not found:
            st.info(t("unsubscribe_nothing"))
            st.session_state.pop(PARAM, None)
            return
        st.markdown(t("unsubscribe_intro", email=_address(found[0].email)) + "\n"
                    + "\n".join(f"- {present.markdown_escape(describe(f))}" for f in found))
        st.button(t("unsubscribe_button"), key="unsubscribe", type="primary", on_click=_stop, args=(token,),
                  icon=":material/notifications_off:")


# -- the secretariat ------------------------------------------------------------------------------------
def _remove_chosen() -> None:
    chosen = list(st.session_state.get("follows_remove") or [])
    if not chosen:
        return
    removed = remove_follows(settings().index_dir, chosen)
    audit("unfollow", target=",".join(str(i) for i in chosen), detail=f"{removed} follows")
    st.session_state["follows_remove"] = []
    st.session_state["follows_removed"] = removed


def follows_admin() -> None:
    """Every follow (who, what, how often, when last checked, a problem), to find and remove."""
    removed = st.session_state.pop("follows_removed", None)
    if removed is not None:
        st.success(t("follows_removed", n=removed))
    found = list_follows(settings().index_dir)
    if not found:
        st.caption(t("follows_none"))
        return
    st.caption(t("follows_count", n=len(found)))
    needle = (st.text_input(t("follows_filter"), key="follows_filter", max_chars=254) or "").strip().casefold()
    shown = [f for f in found if not needle or needle in f.email.casefold() or needle in describe(f).casefold()]
    rows = [{"id": f.id, "email": f.email, "what": describe(f), "frequency": t("frequency_" + f.frequency),
             "status": t("follow_status_pending" if f.pending else "follow_status_active"),
             "created": _when(f.created_at), "checked": _when(f.checked_at),
             "problem": t("follow_problem") if f.problem else ""} for f in shown]
    columns = ["id", "email", "what", "frequency", "status", "created", "checked", "problem"]
    frame = pd.DataFrame(rows, columns=columns).rename(columns=dict(zip(columns, t("follows_columns").split(","))))
    st.dataframe(frame, key="follows_table", hide_index=True, width="stretch")
    by_id = {f.id: f for f in shown}
    if st.session_state.get("follows_remove"):  # keep only what is still listed
        st.session_state["follows_remove"] = [i for i in st.session_state["follows_remove"] if i in by_id]
    chosen = st.multiselect(t("follows_pick"), list(by_id), key="follows_remove", placeholder=t("follows_choose"),
                            format_func=lambda i: f"{i} · {by_id[i].email} · {describe(by_id[i])}")
    st.button(t("follows_remove"), key="follows_remove_button", disabled=not chosen, on_click=_remove_chosen,
              icon=":material/notifications_off:")


def audit_view() -> None:
    """The latest entries of the audit log the app and the API write: who, from where, what, when."""
    from indexer.alerts.audit import entries

    st.caption(t("audit_intro"))
    found = entries(settings().index_dir, AUDIT_ROWS)
    if not found:
        st.caption(t("audit_none"))
        return
    rows = [{"at": _when(e.at, "%Y-%m-%d %H:%M:%S"), "who": _known_word("who", e.who),
             "client": _known_word("client", e.client),
             "action": _worded("action_" + e.action, e.action),
             # a login's target is a role the log stores in English ("secretariat", "reader")
             "target": _worded("audit_who_" + e.target, e.target) if e.target in ("secretariat", "reader")
             else e.target or "", "detail": _detail(e.detail)} for e in found]
    columns = ["at", "who", "client", "action", "target", "detail"]
    frame = pd.DataFrame(rows, columns=columns).rename(columns=dict(zip(columns, t("audit_columns").split(","))))
    st.dataframe(frame, key="audit_table", hide_index=True, width="stretch")


def _detail(detail: str | None) -> str:
    """An entry's detail in the reader's language where the log words it ("3 in a row": failed logins)."""
    failures = re.fullmatch(r"(\d+) in a row", detail or "")
    return t("audit_in_a_row", n=failures.group(1)) if failures else detail or ""


def _known_word(kind: str, value: str | None) -> str:
    """A value the log stores in English words ("public", "secretariat", "link", "command line", "local")
    in the reader's language; a name or an address as it is."""
    return _worded(f"audit_{kind}_" + (value or "").replace(" ", "_"), value)


def _worded(key: str, value: str | None) -> str:
    """The string `key` where the app has words for it, else `value` as stored ("—" for none)."""
    from . import strings

    return t(key) if value and key in strings.TEXT["da"] else (value or "—")
