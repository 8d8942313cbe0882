"""What the decisions page and the meeting view read from the index (`Archive` decisions, follow-ups,
marks and meetings), cached per index version so a rerun costs nothing and a build is followed at once.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from indexer.errors import InvalidInput
from indexer.minutes.meetings import MeetingView

from .common import actor, archive, audit, document_info, index_stamp, is_secretariat, load_archive, settings, t


@st.cache_data(max_entries=4, show_spinner=False)
def _meetings(index_dir: str, stamp: int) -> list:
    return load_archive(index_dir).meetings()


def meetings() -> list:
    """Every meeting in the index (`MeetingRef`: body, date, documents, attachments, title), newest first."""
    return _meetings(str(settings().index_dir), index_stamp())


def meeting_key(ref) -> str:
    """A meeting's name in links: the path of its minutes (else of its first own record)."""
    own = list(ref.documents or ref.attachments)
    minutes = [path for path in own if ((document_info(path) or {}).get("doc_type") or "").lower() == "referat"]
    return (minutes or own)[0]


def meeting_ref_of(document: str):
    """The `MeetingRef` a document belongs to (its minutes, an agenda item filed alone, an attachment), or None."""
    return next((m for m in meetings() if document in m.documents or document in m.attachments), None)


@st.cache_data(max_entries=32, show_spinner=False)
def _meeting(index_dir: str, stamp: int, document: str) -> MeetingView | None:
    return load_archive(index_dir).meeting_of(document)


def meeting(document: str) -> MeetingView | None:
    """The whole meeting `document` belongs to, or None when the index does not hold it."""
    return _meeting(str(settings().index_dir), index_stamp(), document)


# What a body meets over: minutes, an agenda or an item of one, a sitting's transcript, a record of
# its decisions (and whatever a meeting system returned). Not a report, letter, memo, summary or a
# conference's programme: a body may send those, but they hold sections, not agenda items with
# decisions, and some have no body at all.
MEETING_RECORDS = frozenset({"referat", "dagsorden", "dagsordenspunkt", "forhandlinger", "protokol"})


def is_meeting_record(paths) -> bool:
    """Whether any of these documents records a meeting (`MEETING_RECORDS`, or a meeting system's record)."""
    for path in paths:
        info = document_info(path) or {}
        if (info.get("doc_type") or "").lower() in MEETING_RECORDS or info.get("meeting"):
            return True
    return False


# -- decisions and follow-ups -------------------------------------------------------------------
@dataclass(frozen=True)
class Restriction:
    """What the decisions page asks for: bodies, a period, an outcome or a status, and words to search."""

    bodies: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    outcome: str | None = None  # decisions only
    status: str | None = "open"  # follow-ups only: "open" | "done" | "dismissed" | None (all)
    query: str = ""
    language: str | None = None  # the language `query` is read in (None: told from it; `Archive.decisions`)


def _newest_first(items: list, inner=lambda x: x) -> list:
    """Newest meeting first, undated last; reading order kept within a meeting (stable sort)."""
    dated = [i for i in items if inner(i).meeting_date]
    dated.sort(key=lambda i: inner(i).meeting_date, reverse=True)
    return dated + [i for i in items if not inner(i).meeting_date]


def decisions(restriction: Restriction) -> list:
    """Decisions (`Decision`) that pass the restriction: newest meeting first, or with words, best match first."""
    found = archive().decisions(restriction.bodies or None, restriction.date_from, restriction.date_to,
                                restriction.outcome, restriction.query or None, language=restriction.language)
    return found if restriction.query else _newest_first(found)


def follow_ups(restriction: Restriction) -> list:
    """Follow-ups with their status (`TrackedFollowUp`) as the secretariat keeps them: the open ones
    first, oldest first, overdue ones marked; with words, best match first; the same promise as its
    case goes on to the next body folded into the first (`repeated`)."""
    return archive().follow_ups(restriction.bodies or None, restriction.date_from, restriction.date_to,
                                restriction.status, restriction.query or None, fold=True)


def links(tracked) -> list:
    """The later paragraphs that take a follow-up up again, best first (empty: nothing found since);
    the archive keeps them until the next build."""
    return archive().follow_up_links(tracked)


def kept_links(follow_up_id: str) -> list | None:
    """`links` where they are known without searching (the build kept them), else None."""
    return archive().links_kept(follow_up_id)


def look_up_links(found: list) -> None:
    """Look up where each follow-up of `found` (a page of cards) was taken up again, all at once
    (`follow_ups_links`: sooner than one card at a time); the archive keeps them for `links`."""
    archive().follow_ups_links(found)


def mark(follow_up_id: str, status: str, note_key: str | None = None) -> None:
    """Mark a follow-up "done" or "dismissed", or "open" to remove the mark; kept across rebuilds.
    The note typed in the field `note_key` (if any) is kept with the mark, as the command line's `--note`.

    A callback: a follow-up that a build removed meanwhile is said in one line on the next run.
    Marked by the name the secretariat gave at login (else "sekretariatet"), and written to the audit log
    (with the note, as the API writes it)."""
    typed = st.session_state.get(note_key) if note_key else None
    note = " ".join((typed or "").split()) or None
    try:
        archive().mark_follow_up(follow_up_id, status, note=note, by=actor())
    except InvalidInput:
        st.session_state["mark_failed"] = True
        return
    audit("mark_follow_up", target=follow_up_id, detail=status + (f": {note}" if note else ""))
    # the card leaves the open list at once: the page offers to take a mis-click back
    st.session_state["last_mark"] = (follow_up_id, status) if status != "open" else None


MARK_NOTE_CHARS = 300  # a short note with a mark: a line on the card (the store keeps up to 2,000)


def mark_controls(follow_up_id: str, status: str, which: str | None = None) -> None:
    """The secretariat's buttons on a follow-up, wherever it is shown: done or dismissed (with a short
    note) while it is open, open again once marked. Nothing for a reader. `which` names the follow-up
    in each control ("Afvis (opfølgning 3)"): a page of them lists many buttons and fields, and a screen
    reader's list of them must tell them apart."""
    if not is_secretariat():
        return

    def named(key: str) -> str:
        return t("which", label=t(key), which=which) if which else t(key)

    controls = st.columns(3)
    if status == "open":
        note = f"note_{follow_up_id}"  # kept with the mark either button makes
        controls[0].button(named("mark_done"), key=f"done_{follow_up_id}", on_click=mark, args=(follow_up_id, "done", note),
                           icon=":material/check:", type="primary")
        controls[1].button(named("mark_dismissed"), key=f"dismiss_{follow_up_id}", on_click=mark,
                           args=(follow_up_id, "dismissed", note), icon=":material/close:")
        controls[2].text_input(named("mark_note"), key=note, max_chars=MARK_NOTE_CHARS, help=t("mark_note_help"),
                               label_visibility="collapsed", placeholder=t("mark_note"))
    else:
        controls[0].button(named("mark_reopen"), key=f"reopen_{follow_up_id}", on_click=mark, args=(follow_up_id, "open"),
                           icon=":material/undo:")


def follow_up_statuses(documents) -> dict[str, str]:
    """The status ("open", "done", "dismissed") of every follow-up made in these documents, by id."""
    return archive().follow_up_statuses(documents)


def overdue_labels(documents, words) -> dict[str, str]:
    """What each overdue follow-up made in these documents says of it, by id, as its card on the follow-up list
    does ("frist overskredet", "… medmindre det lignende punkt tog det op"): its deadline passed while it was open
    and nothing the build kept took it up (a meeting's page opens at once: it searches for none); `words`:
    `present.FOLLOW_UP_WORDS` of the page's language."""
    from indexer import present

    return {tracked.follow_up.id: present.overdue_label(archive().links_known(tracked), words, tracked.due)
            for document in documents
            for tracked in archive().follow_ups(status="open", document=document, search_overdue=False)
            if tracked.overdue}
