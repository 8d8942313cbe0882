"""The "Beslutninger og opfølgning" page: the decisions taken and the follow-ups promised, per body,
filtered by period and outcome or status, searchable within decisions only or follow-ups only;
the secretariat marks follow-ups done or dismissed; the open ones export as a checklist to paste
into the next agenda, each with its exact citation.
"""
from __future__ import annotations

import html
from collections import Counter
from datetime import date
from itertools import groupby

import streamlit as st

from indexer import present
from indexer.minutes.decisions import OUTCOMES

from .case import came_back, case_link, next_treatment, taken_up_link
from .common import (archive, current_documents, danish_text, document_info, file_slug, is_secretariat, item_heading, language, operator,
                     meeting_params, page_of, readers_day, readers_now, readers_stamp, shown_title, t, with_language, wording)
from .originals import note_if_changed, original_path, served_url
from .minutes import Restriction, decisions, follow_ups, is_meeting_record, links, look_up_links, mark, mark_controls
from .search import echo, warn_dropped_from_link
from .filters import outside_span
from .state import EARLIEST, LATEST, date_range, keep_dates_in_range, note_dropped, swapped_dates, write_url

VIEWS = ("decisions", "follow_ups")
STATUSES = ("open", "done", "dismissed", "all")  # "all": every follow-up whatever its mark
PAGE = 20  # cards shown at first; "show more" adds as many again


def restriction(view: str) -> Restriction:
    state = st.session_state
    date_from, date_to = date_range(state.get("d_fra"), state.get("d_til"))
    query = " ".join((state.get(f"d_q_{view}") or "").split())
    return Restriction(bodies=tuple(state.get("d_organ") or ()), date_from=date_from, date_to=date_to,
                       outcome=state.get("d_outcome") if view == "decisions" else None,
                       status=state.get("d_status") if view == "follow_ups" else None, query=query,
                       language=_asked_in(query))


def _asked_in(query: str) -> str | None:
    """The language `query` is read in where a link said it (`?qlang=`: a question's matter, "waste plan", cut
    from the question it was asked in) and it is still those words; else None: told from the words."""
    words, said = st.session_state.get("d_q_language", ("", None))
    return said if query and query == words else None


def more() -> None:
    st.session_state.d_shown = st.session_state.get("d_shown", PAGE) + PAGE


def fewer() -> None:
    """A choice of what is listed: its first page, and the notice of the last mark gone (it spoke of the
    list as it was)."""
    st.session_state.d_shown = PAGE
    st.session_state.pop("last_mark", None)


# The page's choices in its address, so that "my committee's open follow-ups" is a link to keep or send.
_URL = {"d_view": "visning", "d_organ": "organ", "d_fra": "fra", "d_til": "til", "d_outcome": "udfald",
        "d_status": "status"}


def url_to_filters(bodies: list[str]) -> None:
    """Seed the page's choices from its address once per session, and again where Streamlit forgot them on
    another page (back on this one with the browser's Back button, its address still naming them); what it
    cannot hold (a body this archive lacks, a date that is no date) is left out."""
    if st.session_state.get("d_url_read") and "d_view" in st.session_state:
        return
    st.session_state.d_url_read = True
    params, state = st.query_params, st.session_state
    for key, options in (("d_view", VIEWS), ("d_outcome", OUTCOMES), ("d_status", STATUSES)):
        if params.get(_URL[key]) in options:
            state[key] = params[_URL[key]]
        elif params.get(_URL[key]):
            note_dropped(params[_URL[key]])
    if chosen := [b for b in params.get_all("organ") if b in bodies]:
        state.d_organ = chosen
    for body in params.get_all("organ"):
        if body not in bodies:  # a body another archive has: the list says it shows all bodies, never silently
            note_dropped(body)
    for key in ("d_fra", "d_til"):
        try:
            state[key] = date.fromisoformat(params[_URL[key]]) if params.get(_URL[key]) else state.get(key)
        except ValueError:
            note_dropped(params[_URL[key]], "link_bad_date")
    if params.get("q"):
        query = state[f"d_q_{state.get('d_view', 'decisions')}"] = present.printable(params["q"])[:500]
        if params.get("qlang") in ("da", "en"):
            state.d_q_language = (" ".join(query.split()), params["qlang"])


def filters_to_url(view: str) -> None:
    """Write the page's choices to its address: the view, bodies, period, outcome or status and words."""
    state = st.session_state
    wanted: dict[str, str | list[str]] = {"visning": view}
    if state.get("d_organ"):
        wanted["organ"] = list(state.d_organ)
    for key in ("d_fra", "d_til"):
        if state.get(key):
            wanted[_URL[key]] = state[key].isoformat()
    choice = "d_outcome" if view == "decisions" else "d_status"
    if state.get(choice):
        wanted[_URL[choice]] = state[choice]
    if (words := " ".join((state.get(f"d_q_{view}") or "").split())):
        wanted["q"] = words
        if asked_in := _asked_in(words):
            wanted["qlang"] = asked_in
    write_url(wanted)


def filters(view: str) -> None:
    docs = current_documents()
    bodies = sorted({d["body"] for d in docs if d["body"]})
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    first, last = (date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])) if dates else (None, None)
    left, middle, right = st.columns([2, 1, 1])
    names = dict(zip(bodies, present.distinct_shortened(bodies, 40)))  # two long names never read the same
    left.multiselect(t("body"), bodies, key="d_organ", placeholder=t("choose"), on_change=fewer,
                     format_func=lambda v: names.get(v, v))
    # Any date of a sensible range, as on the search page: outside it Streamlit's own error (in English)
    # would replace the field; a date outside the archive's meetings is said in the page's words.
    keep_dates_in_range("d_fra", "d_til")
    date_from = middle.date_input(t("date_from"), value=None, min_value=EARLIEST, max_value=LATEST, key="d_fra",
                                  format="DD.MM.YYYY", on_change=fewer)
    date_to = right.date_input(t("date_to"), value=None, min_value=EARLIEST, max_value=LATEST, key="d_til",
                               format="DD.MM.YYYY", on_change=fewer)
    outside = outside_span(date_from, date_to, first, last)
    if outside:
        st.caption(outside)
    swapped = swapped_dates("d_fra", "d_til")
    if swapped:  # listed from the earlier date; the fields still show them as typed
        st.caption(t("dates_swapped", low=swapped[0], high=swapped[1]))
    if view == "decisions":
        st.segmented_control(t("dec_outcome"), OUTCOMES, key="d_outcome", on_change=fewer,
                             format_func=lambda o: present.outcome_choice(o, wording()))
    else:
        st.session_state.setdefault("d_status", "open")
        st.segmented_control(t("fu_status"), STATUSES, key="d_status", on_change=fewer,
                             format_func=lambda s: dict(wording().statuses).get(s) or t("fu_status_all"))
    key = "dec" if view == "decisions" else "fu"
    st.text_input(t(f"{key}_search"), key=f"d_q_{view}", help=t(f"{key}_search_help"), on_change=fewer,
                  icon=":material/search:", max_chars=500)


def where(body: str | None, day: str | None, document: str, item_number, item_title, page,
          case_number: str | None = None) -> list[str | None]:
    """Where a card's decision or promise stands: body, date, document, item, page, and its agenda
    item's case number (else the document's)."""
    words = wording()
    info = document_info(document) or {}
    item = present.item_words(item_number, item_title, words)
    case = case_number or info.get("case_number")
    return [body or (words.unknown_body if is_meeting_record([document]) else None),
            present.long_date(day, words) if day else words.undated,
            shown_title(document, info.get("title")), item, f"{words.page} {page}" if page else None,
            f"{words.case} {case}" if case else None]


def sources(document: str, page: int | None, key: str, item_number: str | None = None) -> None:
    """Links beside a card: the whole meeting (at its agenda item), and the original at the page (PDFs)."""
    left, right = st.columns(2)
    with left:
        # one link per card: each names its agenda item ("Hele mødet, punkt 17"), not only "Hele mødet"
        item = present.item_words(item_number, None, wording()) if item_number else None
        st.page_link(page_of("meeting"), label=t("whole_meeting_at", item=item) if item else t("whole_meeting"),
                     query_params=with_language(meeting_params(document, item_number)), icon=":material/event_note:")
    path = original_path(document)
    if path is not None and path.suffix.lower() == ".pdf":
        right.link_button(t("open_pdf", page=page or 1), served_url(path, page or 1), key=f"pdf_{key}",
                          help=t("open_pdf_help"), icon=":material/picture_as_pdf:")
        with right:
            note_if_changed(document, path)


def count_line(n: int, key: str) -> str:
    return t(f"{key}_count_one") if n == 1 else t(f"{key}_count", n=n)


def group_of(body: str | None, document: str) -> str | None:
    """What a card is grouped under: its body; for a document that records no meeting and names no
    body (a report, a programme), its title; None ("ukendt organ") for a meeting's record without one."""
    if body or is_meeting_record([document]):
        return body
    return (document_info(document) or {}).get("title") or document


def by_body(items: list, body_of) -> list[tuple[str | None, list]]:
    """Items grouped per body (bodies alphabetically), each group keeping the items' order."""
    ordered = sorted(enumerate(items), key=lambda pair: ((body_of(pair[1]) or "~").casefold(), pair[0]))
    return [(body, [item for _, item in group]) for body, group in groupby(ordered, key=lambda p: body_of(p[1]))]


def body_heading(body: str | None, n: int, key: str, shown: int) -> None:
    """A body's heading with how many it holds, and how many of them are shown where "show more" holds
    back the rest ("474 beslutninger, viser 20"): the cards are counted over all bodies, not per body."""
    name = body or wording().unknown_body
    count = count_line(n, key) if shown >= n else t(f"{key}_count_shown", n=n, shown=shown)
    st.html(f'<h2 class="body-heading">{html.escape(name)} <span class="hit-where">· '
            f'{html.escape(count)}</span></h2>')


def show_decisions(found: list, query: str) -> None:
    if not found:
        st.info(t("dec_search_none", query=echo(query)) if query else t("dec_none"), icon=":material/search_off:")
        return
    st.markdown(count_line(len(found), "dec"))
    shown = found[: st.session_state.get("d_shown", PAGE)]
    # a search keeps its best-first order
    groups = [(None, shown)] if query else by_body(shown, lambda d: group_of(d.body, d.document))
    sizes = Counter(group_of(d.body, d.document) for d in found) if not query else Counter()
    number = 0
    level = 2 if query else 3  # under the page's h1, or under a body's h2
    for body, group in groups:
        if not query:
            body_heading(body, sizes[body], "dec", len(group))
        for decision in group:
            number += 1
            with st.container(border=True, key=f"dec_{number}"):
                decision_card(decision, f"dec_{number}", level)
    show_more(len(found) - len(shown))


def decision_card(decision, key: str, level: int) -> None:
    """One decision: where it was taken, its agenda item as heading, outcome, text, votes and remarks, and
    links to the whole meeting at its item, the original's page and the case's trail."""
    heading = item_heading(decision.item_number, decision.item_title, shown_title(decision.document))
    st.html(danish_text(present.decision_html(
        decision, wording(), heading=heading or decision.document, heading_level=level,
        where=where(decision.body, decision.meeting_date, decision.document, None, None, decision.page,
                    decision.case_number))))
    sources(decision.document, decision.page, key, decision.item_number)
    case_link(decision.case_number)


def show_more(left: int) -> None:
    if left > 0:
        st.button(t("more", n=left), key="d_more", on_click=more, icon=":material/expand_more:")


def follow_up_card(tracked, number: int, level: int = 3) -> None:
    fu = tracked.follow_up
    # Looked up whatever its status: a follow-up marked done or dismissed was still taken up where it was,
    # and "nothing found since" must only be said where it was looked for.
    found = links(tracked)
    words = wording()
    line = present.follow_up_status(fu, found, words)
    if tracked.due:
        line += f" · {t('fu_due', date=present.long_date(tracked.due, words))}"
    if tracked.mark is not None:
        line += " · " + t("marked", status=dict(words.statuses)[tracked.status],
                          when=present.long_date(readers_day(tracked.mark.marked_at), words))
        if tracked.mark.marked_by:
            line += " " + t("marked_by", by=tracked.mark.marked_by)
    if tracked.repeated:  # the same sentence in the next bodies' minutes (`fold_repeats`)
        line += " · " + t("fu_repeated", where=present.promised_again(tracked.repeated, words))
    late = tracked.overdue_with(found)  # its deadline passed and nothing found took it up
    with st.container(border=True, key=f"fu_{number}"):
        st.html(danish_text(present.follow_up_html(fu, line, words, status=tracked.status, heading_level=level,
                                       where=where(fu.body, fu.meeting_date, fu.document, fu.item_number,
                                                   fu.item_title, fu.page, fu.case_number),
                                       overdue=present.overdue_label(found, present.FOLLOW_UP_WORDS[language()],
                                                                     tracked.due)
                                       if late else None,
                                       note=tracked.mark.note if tracked.mark is not None else None)))
        if found:
            taken_up_link(found[0])
            for other in found[1:]:  # where the first is not the one: the reader checks these
                taken_up_link(other, another=True)
        sources(fu.document, fu.page, f"fu_{number}", fu.item_number)
        # where the case went since, as from a decision's card; where nothing was found to take the promise up
        # but the case came back, the link says when: the reader judges what the archive could not
        again = None if found else next_treatment(fu)
        if again is not None:  # a link's label is Markdown: the body's name is data, escaped
            case_link(fu.case_number, "fu_case_again",
                      **{name: present.markdown_escape(value) for name, value in came_back(again, words).items()})
        else:
            case_link(fu.case_number)
        mark_controls(fu.id, tracked.status, t("fu_which", n=number))


def checklist(open_ones: list, chosen: Restriction) -> None:
    """Download buttons for the open follow-ups as a checklist, titled with what was chosen (bodies,
    period, words); the file is made when asked for."""
    now = readers_now()
    made_at = readers_stamp()
    # Named after what it holds and when it was made, so that one day's checklists for two committees
    # do not land in the downloads folder as "opfoelgning (1).md".
    name = t("checklist_file", slug=file_slug(*chosen.bodies, now.date().isoformat()))
    words = wording()
    title = present.checklist_title(words, chosen.bodies, chosen.date_from, chosen.date_to, chosen.query)
    # The file is made on a thread of its own, outside any script run: no Streamlit call there
    # (not even a cached one), the archive is asked directly.
    found = archive()

    def full() -> list[present.FollowUpEntry]:
        # overdue as its card says: with the links looked up here, for the whole list at once (the
        # ones its cards showed are kept already)
        return [present.checklist_entry(tracked, links_found,
                                        None if links_found else found.case_back(tracked.follow_up))
                for tracked, links_found in zip(open_ones, found.follow_ups_links(open_ones))]

    left, right = st.columns(2)
    late = present.FOLLOW_UP_WORDS[language()]
    left.download_button(t("export_fu_md", n=len(open_ones)),
                         lambda: present.follow_ups_markdown(full(), title, made_at, words, late),
                         file_name=f"{name}.md", mime="text/markdown", key="export_fu_md", on_click="ignore",
                         icon=":material/checklist:")
    right.download_button(t("export_fu_csv", n=len(open_ones)),
                          lambda: present.follow_ups_csv(full(), title, made_at, words, late),
                          file_name=f"{name}.csv", mime="text/csv", key="export_fu_csv", on_click="ignore",
                          icon=":material/table:")


def show_follow_ups(found: list, chosen: Restriction) -> None:
    query = chosen.query
    if not found:
        st.info(t("fu_search_none", query=echo(query)) if query else t("fu_none"), icon=":material/search_off:")
        return
    st.markdown(count_line(len(found), "fu"))
    open_ones = [tracked for tracked in found if tracked.status == "open"]
    # What "open" means is said where open ones are listed, not over a list of done or dismissed ones.
    last = max((d.get("meeting_date") or "" for d in current_documents()), default="")
    overdue = (t("fu_explained_overdue", last=present.long_date(last, wording())),) if last and open_ones else ()
    st.caption(" ".join((t("fu_explained_open"), *overdue, t("fu_explained")) if open_ones else (t("fu_explained"),)))
    if open_ones:
        checklist(open_ones, chosen)
    if not is_secretariat():
        st.caption(t("marks_login"))
    shown = found[: st.session_state.get("d_shown", PAGE)]
    groups = [(None, shown)] if query else by_body(shown, lambda f: group_of(f.follow_up.body, f.follow_up.document))
    sizes = Counter(group_of(f.follow_up.body, f.follow_up.document) for f in found) if not query else Counter()
    look_up_links(shown)  # the page's cards' links at once, kept for each card's `links`
    number = 0
    for body, group in groups:
        if not query:
            body_heading(body, sizes[body], "fu", len(group))
        for tracked in group:
            number += 1
            follow_up_card(tracked, number, 2 if query else 3)  # under the page's h1, or a body's h2
    show_more(len(found) - len(shown))


def page() -> None:
    st.caption(t("dec_intro"))
    older = archive().read_with_older_rules() if operator() else 0
    if older:  # what they show is what older rules read, until the index is built again (told to who can build it)
        st.caption(t("older_rules", n=older))
    url_to_filters(sorted({d["body"] for d in current_documents() if d["body"]}))
    warn_dropped_from_link()
    st.session_state.setdefault("d_view", "decisions")
    view = st.segmented_control(t("dec_view"), VIEWS, key="d_view", required=True, on_change=fewer,
                                format_func=lambda v: t("view_" + v))
    filters(view)
    if st.session_state.pop("mark_failed", False):
        st.warning(t("mark_failed"))
    last = st.session_state.get("last_mark")
    if last and is_secretariat():
        follow_up_id, status = last
        notice, undo = st.columns([4, 1], vertical_alignment="center")
        notice.info(t("mark_saved", status=dict(wording().statuses)[status]))
        undo.button(t("mark_undo"), key="mark_undo", on_click=mark, args=(follow_up_id, "open"),
                    icon=":material/undo:")
    chosen = restriction(view)
    filters_to_url(view)
    if view == "decisions":
        show_decisions(decisions(chosen), chosen.query)
    else:
        show_follow_ups(follow_ups(chosen), chosen)
