"""The meeting view: a whole meeting on one page — body, date, attendees, agenda items in order with
their decisions and the follow-ups promised there, the attachments, links to the original at the page.

The meeting is chosen from the list of meetings (body + date) or comes in the URL (`?moede=<document>`),
so result cards and the decisions page link straight to it.
"""
from __future__ import annotations

import html
import re
from collections import Counter

import streamlit as st

from indexer import present

from . import follow
from .archive import file_name_markdown, skipped_files, skipped_reason
from .case import case_link, taken_up_link
from .common import (ITEM_PARAM, MEETING_PARAM, danish_text, document_info, item_heading_html, keep_in_url, language,
                     page_of, shown_title, t, tab_title, wanted_in_url, with_language, wording)
from .originals import original_links
from .minutes import (follow_up_statuses, is_meeting_record, kept_links, mark_controls, meeting, meeting_key,
                      meeting_ref_of, meetings, overdue_labels)
from .people import person_key, person_link


# "kl. 11:00", "kl. 13.00" in a title: when a sitting began
_TIME = re.compile(r"\bkl\.?\s*(\d{1,2})[.:](\d{2})\b")


def same_day(refs) -> set[tuple[str, str | None]]:
    """(date, body) of the meetings that share their day with another of the same body: the
    parliament sits twice on some days, and the two must not read the same."""
    seen = Counter((ref.date, ref.body) for ref in refs if ref.date)
    return {key for key, n in seen.items() if n > 1}


def began(ref) -> str:
    """"13.00" where the title says when the meeting began, else ""."""
    return time_in(ref.title)


def time_in(title: str | None) -> str:
    """"13.00" for a title that says "kl. 13:00", else ""."""
    found = _TIME.search(title or "")
    return f"{int(found.group(1)):02d}.{found.group(2)}" if found else ""


def at_time(time: str) -> str:
    """"kl. 13.00" on the Danish pages, "at 13:00" on the English ones (as `long_moment` writes a time)."""
    return t("meeting_at", time=time.replace(".", ":") if language() == "en" else time)


def newest_first(refs) -> list:
    """The meetings newest first, as `meetings()` gives them, two of one day the later first."""
    dated = sorted((ref for ref in refs if ref.date), key=lambda ref: (ref.date, ref.body or "", began(ref)),
                   reverse=True)
    return dated + [ref for ref in refs if not ref.date]


def body_of(body: str | None, met: bool) -> str | None:
    """The body to name: "ukendt organ" where a meeting's record does not say which body met, but
    nothing where the documents record no meeting (a conference's programme, a summary): a body
    is no thing they lack."""
    return body or (wording().unknown_body if met else None)


def label(ref, twins: set = frozenset()) -> str:
    """"4. december 2012 · Sundheds- og Forebyggelsesudvalget (2 dokumenter)"; an undated meeting is
    told apart by its title, one of two on the same day (`twins`) by its time, else its title; a
    document that records no meeting and names no body, by its title. Plain text: a link's label
    is Markdown, so `meetings_list` escapes it."""
    when = present.long_date(ref.date, wording()) if ref.date else wording().undated
    body = body_of(ref.body, is_meeting_record(ref.documents))
    text = t("meeting_label", date=when, body=body) if body else when
    if not ref.date or not body:
        text += f" · {present.shorten_title(ref.title or meeting_key(ref), 60)}"
    elif (ref.date, ref.body) in twins:
        time = began(ref)
        text += " · " + (at_time(time) if time else present.shorten_title(ref.title or meeting_key(ref), 60))
    count = len(ref.documents) + len(ref.attachments)
    return text + (f" ({t('meeting_docs', n=count)})" if count > 1 else "")


def met_here(found) -> bool:
    """Whether a body met here: the "meeting" holds minutes, an agenda or a sitting's transcript, not
    only a report, letter, memo or programme (which a body may send, but which no one can follow as
    meetings, and which hold sections, not agenda items with decisions)."""
    return bool(found.system) or is_meeting_record(found.documents)


def documents_block(paths: list[str], heading: str, key: str) -> None:
    st.html(f'<h3 class="meeting-section">{html.escape(heading)}</h3>')
    for number, path in enumerate(paths):
        info = document_info(path) or {}
        title = shown_title(path, info.get("title"))
        with st.container(key=f"{key}_{number}"):
            # the file's name in the archive is the secretariat's to find it by, not a reader's: it is the tooltip
            st.html(f'<div class="meeting-doc" title="{html.escape(path)}"><span class="hit-title">'
                    f'{html.escape(title)}</span> <span class="hit-where">'
                    f'{html.escape(present.doc_type_label(info.get("doc_type"), wording()) or "")}</span></div>')
            original_links(path, 1, f"{key}_{number}")


def attendance(found) -> None:
    """Who was present and absent, then each of them as a link to their page."""
    if not found.attendees and not found.absent:
        # an agenda is published before the meeting: who attends is for its minutes to say
        agenda = all((document_info(path) or {}).get("doc_type") == "dagsorden" for path in found.documents)
        st.caption(t("meeting_no_attendees_agenda" if agenda and found.documents else "meeting_no_attendees"))
        return
    rows = []
    for name, people in ((t("meeting_attendees"), found.attendees), (t("meeting_absent"), found.absent)):
        if people:
            # "Mette Jensen (A, Fraværende)": the note in the reader's words, the name as written
            noted = [re.sub(r"\(([^()]*)\)\s*$", lambda m: f"({present.attendance_note(m.group(1), wording())})", person)
                     for person in people]
            rows.append(f"<dt>{html.escape(name)}</dt><dd>{html.escape('; '.join(noted))}</dd>")
    st.html(f'<dl class="attendance">{"".join(rows)}</dl>')
    named = list(dict.fromkeys(n for n in map(person_key, found.attendees + found.absent) if n))
    if named:
        with st.expander(t("people_at_meeting"), key="meeting_people"):
            columns = st.columns(3)
            for number, name in enumerate(named):
                with columns[number % 3]:
                    person_link(name)


def item_block(item, number: int, statuses: dict[str, str], met: bool = True, late: dict[str, str] | None = None) -> None:
    """An agenda item with its decisions and follow-ups; of a document that records no meeting, a
    section (no "no decision found": none was to be taken there); `late`: what each overdue follow-up
    says of it, by id (`overdue_labels`)."""
    words = wording()
    heading = item_heading_html(item.number, item.title, item.document, section=not met)
    with st.container(border=True, key=f"item_{number}"):
        case = f'<div class="hit-where">{html.escape(t("item_case", case=item.case_number))}</div>' \
            if item.case_number else ""
        # h4: under the meeting's "Dagsorden" (h3)
        st.html(f'<h4 class="hit-title">{heading}</h4>{case}')
        if item.closed:
            st.caption(t("item_closed"))
            return
        case_link(item.case_number)
        if item.decisions:
            for decision in item.decisions:
                st.html(danish_text(present.decision_html(decision, words, heading=t("meeting_decision"), heading_level=5)))
        elif met:
            st.caption(t("meeting_no_decision"))
        if item.follow_ups:
            named = t("meeting_follow_ups" if met else "section_follow_ups")
            st.html(f'<h5 class="hit-title">{html.escape(named)}</h5>')
            for n, follow_up in enumerate(item.follow_ups, 1):
                who = present.promised_by(follow_up) or words.nobody
                deadline = follow_up.deadline or words.no_deadline
                status = statuses.get(follow_up.id, "open")
                badge = (f'<span class="status status-{html.escape(status)}">'
                         f'{html.escape(dict(words.statuses).get(status, status))}</span>')
                if status == "open" and follow_up.id in (late or {}):  # as its card on the follow-up list says
                    badge += f' <span class="status status-overdue">{html.escape(late[follow_up.id])}</span>'
                # where it was taken up again, where the build kept that (searching would slow the page)
                links = kept_links(follow_up.id) if met else None
                since = "" if links is None else " · " + html.escape(
                    present.taken_up_where(links[0], follow_up, words) if links else words.nothing_since)
                st.html(f'<div class="hit follow-up">{badge}<p class="hit-text">{html.escape(follow_up.what or follow_up.text)}'
                        f'</p><div class="hit-detail">{html.escape(t("fu_who"))}: {html.escape(who)} · '
                        f'{html.escape(present.deadline_label(follow_up.deadline, words).capitalize())}: '
                        f'{html.escape(deadline)}{since}'
                        + _source_of(follow_up, item.document, words.page)
                        + "</div></div>")
                if links:
                    taken_up_link(links[0])
                which = (t("fu_which_item_n", item=item.number, n=n) if len(item.follow_ups) > 1
                         else t("fu_which_item", item=item.number)) if item.number else t("fu_which", n=n)
                mark_controls(follow_up.id, status, which)  # the secretariat marks it here as on Opfølgning
        if item.attachments:
            st.html(f'<div class="hit-detail">{html.escape(t("item_attachments"))}: '
                    f'{html.escape("; ".join(item.attachments))}</div>')
        if item.url:
            # one per item: each names its item ("Se punkt 17 i mødesystemet")
            st.link_button(t("item_in_portal_n", item=item.number) if item.number else t("item_in_portal"), item.url,
                           key=f"portal_{number}", icon=":material/open_in_new:")
        if item.first_page:
            original_links(item.document, item.first_page, f"item_{number}",
                           t("meeting_item_page" if met else "section_page", page=item.first_page))


def _source_of(follow_up, item_document: str, page_word: str) -> str:
    """The card's " · s. 3", naming the document where the promise stands in another than the item's
    own record ("Bilag: <title>, s. 3" for an attachment): a page of a bilag is no page of the minutes."""
    page = f"{page_word} {follow_up.page}" if follow_up.page else ""
    if follow_up.document == item_document:
        return f" · {html.escape(page)}" if page else ""
    info = document_info(follow_up.document) or {}
    title = shown_title(follow_up.document, info.get("title"))
    named = (f'{t("item_attachments")}: {title}' if info.get("attachment_to") else title) + (f", {page}" if page else "")
    return f" · {html.escape(named)}"


def show(found, item_number: str | None = None) -> None:
    """The meeting; `item_number`: the agenda item a link named, scrolled to and marked once."""
    words = wording()
    met = met_here(found)
    when = present.long_date(found.date, words) if found.date else words.undated
    # a document that records no meeting and names no body: its title where the body would stand
    first = (document_info(found.documents[0]) or {}).get("title") if found.documents else None
    named = body_of(found.body, met) or first or (found.documents[0] if found.documents else None)
    title = f"{named} · {when}" if named else when
    tab_title(title)  # "Byråd 2022-2025 · 4. september 2023 – Mødearkiv"
    st.html(f'<h2 class="meeting-title">{html.escape(title)}</h2>')
    # when it began: the meeting system's start, else a sitting's title ("… kl. 13:00"), which tells
    # two sittings of one day apart
    time = found.start[11:16].replace(":", ".") if found.start and len(found.start) > 15 else time_in(first)
    stated = [at_time(time) if time else None,
              present.markdown_escape(found.place) if found.place else None,  # a caption is Markdown
              t("meeting_from_system") if found.system else None]
    if any(stated):
        st.caption(" · ".join(x for x in stated if x))
    if found.url:
        st.link_button(t("meeting_in_portal"), found.url, key="meeting_portal", icon=":material/open_in_new:")
    if found.body and met:  # a report's author is no body whose meetings can be followed
        body = present.markdown_escape(found.body)  # the expander's label and the caption are Markdown
        follow.follow_form("body", t("follow_body", body=body), t("follow_body_help", body=body), target=found.body)
    if met or found.attendees or found.absent:
        attendance(found)
    st.html(f'<h3 class="meeting-section">{html.escape(t("meeting_items" if met else "document_sections"))}</h3>')
    if not found.items:
        st.caption(t("meeting_no_items" if met else "document_no_items"))
    statuses = follow_up_statuses([*found.documents, *found.attachments])  # attachments promise too
    late = overdue_labels([*found.documents, *found.attachments], present.FOLLOW_UP_WORDS[language()]) if met else {}
    for number, item in enumerate(found.items):
        item_block(item, number, statuses, met, late)
    target = next((number for number, item in enumerate(found.items) if item_number and item.number == item_number),
                  None)
    if target is not None:
        go_to_item(target, (found.documents[0] if found.documents else "", item_number))
    if found.unplaced_decisions or found.unplaced_follow_ups:
        st.html(f'<h3 class="meeting-section">{html.escape(t("meeting_other" if met else "section_other"))}</h3>')
        for decision in found.unplaced_decisions:
            st.html(danish_text(present.decision_html(decision, words, heading_level=4)))
        for n, follow_up in enumerate(found.unplaced_follow_ups, 1):
            status = statuses.get(follow_up.id, "open")
            badge = (f'<span class="status status-{html.escape(status)}">'
                     f'{html.escape(dict(words.statuses).get(status, status))}</span>')
            st.html(f'<div class="hit follow-up">{badge}<p class="hit-text">{html.escape(follow_up.what)}</p></div>')
            mark_controls(follow_up.id, status, t("fu_which", n=n))
    documents_block(found.documents, t("meeting_documents" if met else "document_documents"), "meeting_doc")
    if found.attachments:
        documents_block(found.attachments, t("meeting_attachments"), "meeting_att")
    elif any(item.attachments for item in found.items):
        # named by the meeting system: in its export but not indexed (an empty page, a copy), or not in the archive
        skipped = {name: why for name, why in skipped_files([]).items()
                   if any(name.startswith(f"{document}/") for document in found.documents)}
        st.caption(t("meeting_attachments_skipped" if skipped else "meeting_attachments_named"))
        if skipped:
            st.markdown("\n".join(f"- {file_name_markdown(name)}: {present.markdown_escape(skipped_reason(*why))}"
                                   for name, why in sorted(skipped.items())))
    else:
        st.caption(t("meeting_no_attachments" if met else "document_no_attachments"))


LISTED = 30  # meetings listed at first; "show more" lists the next as many


def more_meetings() -> None:
    st.session_state.meetings_listed = st.session_state.get("meetings_listed", LISTED) + LISTED


def fewer_meetings() -> None:
    st.session_state.meetings_listed = LISTED


def meetings_list(refs: list) -> None:
    """The meetings as links (body + date), newest first, for those who browse rather than pick: one
    body's where one is chosen, a page's worth at a time (an archive holds hundreds)."""
    st.html(f'<h2 class="meeting-section">{html.escape(t("meeting_list"))}</h2>')
    bodies = sorted({ref.body for ref in refs if ref.body}, key=str.casefold)
    if st.session_state.get("meeting_body") not in ("", *bodies):  # a body no longer in the index
        st.session_state.meeting_body = ""
    narrow, _ = st.columns([1, 2])
    body = narrow.selectbox(t("body"), ["", *bodies], key="meeting_body", on_change=fewer_meetings,
                            format_func=lambda name: name or t("meeting_list_all"))
    if body:
        refs = [ref for ref in refs if ref.body == body]
    target = page_of("meeting")
    twins = same_day(refs)
    listed = st.session_state.get("meetings_listed", LISTED)
    for ref in refs[:listed]:
        # a link's label is Markdown: titles and body names are data, escaped
        st.page_link(target, label=present.markdown_escape(label(ref, twins)),
                     query_params=with_language({MEETING_PARAM: meeting_key(ref)}),
                     icon=":material/event_note:")
    if len(refs) > listed:
        st.button(t("more", n=len(refs) - listed), key="meetings_more", on_click=more_meetings,
                  icon=":material/expand_more:")


def go_to_item(number: int, arrival: tuple) -> None:
    """Mark the item a link named and scroll to it, once per arrival (a rerun keeps the reader's place)."""
    # (scroll-margin: the item's heading is not left under the page's navigation bar)
    st.html(f"<style>.st-key-item_{number} {{ border: 2px solid #1c6fb8 !important; "
            "scroll-margin-top: 4.5rem; }</style>")
    if st.session_state.get("meeting_scrolled") != arrival:
        st.session_state.meeting_scrolled = arrival
        # Our own script, its one value an int: not document text.
        st.html(f"<script>document.querySelector('.st-key-item_{number}')"
                f"?.scrollIntoView({{block: 'start'}});</script>", unsafe_allow_javascript=True)


def page() -> None:
    refs = newest_first(meetings())
    by_key = {meeting_key(ref): ref for ref in refs}
    keys = list(by_key)
    twins = same_day(refs)
    wanted = wanted_in_url(MEETING_PARAM, "meeting_url", "meeting")
    if wanted != st.session_state.get("meeting_url"):  # a link (or the browser's back button) names a meeting
        st.session_state.meeting_url = wanted
        if wanted:
            ref = meeting_ref_of(wanted)  # any document of the meeting will do
            st.session_state.meeting = meeting_key(ref) if ref else None
            if ref is None:
                st.warning(t("meeting_unknown"))
    if st.session_state.get("meeting") not in by_key:
        st.session_state.meeting = None
    chosen = st.selectbox(t("meeting_pick"), keys, key="meeting", index=None, placeholder=t("meeting_none"),
                          format_func=lambda key: label(by_key[key], twins), help=t("meeting_pick_help"))
    if chosen != wanted:
        keep_in_url(MEETING_PARAM, chosen, "meeting_url")
        if ITEM_PARAM in st.query_params:  # the item a link named belongs to the meeting it named
            del st.query_params[ITEM_PARAM]
    if not chosen:
        meetings_list(refs)
        return
    found = meeting(chosen)
    if found is None:
        st.warning(t("meeting_unknown"))
        return
    show(found, st.query_params.get(ITEM_PARAM))
