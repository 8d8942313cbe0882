"""Result cards: where it was said, the paragraph, its context, the original and similar discussions."""
from __future__ import annotations

from dataclasses import replace
from html import escape as html_escape

import streamlit as st

from indexer import present
from indexer.search.copies import copy_label, place_of_copy, told_apart  # noqa: F401  (the app's names for them)

from .case import case_link
from .common import archive, danish_text, document_info, index_stamp, meeting_params, page_of, record_html, t, with_language, wording
from .minutes import MEETING_RECORDS, meeting_ref_of
from .originals import original_links
from .people import person_key, person_link


def original_file(hit) -> None:
    """The original: opened in the browser's own viewer at the paragraph's page, or downloaded; and the agenda
    item where the meeting system publishes it, the public address a citation can give (as the meeting page has it)."""
    original_links(hit.document, hit.page, hit.id)
    url = item_url(hit.document, hit.item_number)
    if url:
        st.link_button(t("item_in_portal_n", item=hit.item_number), url, key=f"portal_{hit.id}",
                       icon=":material/open_in_new:")


def item_url(document: str, item_number: str | None) -> str | None:
    """Where the meeting system publishes an open agenda item of `document` (`Record.meeting`), else None."""
    items = ((document_info(document) or {}).get("meeting") or {}).get("items") or ()
    return next((item.get("url") for item in items if item_number is not None and not item.get("closed")
                 and str(item.get("number")) == str(item_number)), None)


def whole_key(doc_type: str | None) -> str:
    """The words of a card's link to its whole document: a meeting's record (or an attachment to
    one) opens as "Hele mødet"; a report, letter, memo or programme opens whole too, but it is no
    meeting (its page reads in sections: `ui.minutes.MEETING_RECORDS`)."""
    return "whole_meeting_for" if doc_type in (None, "bilag", *MEETING_RECORDS) else "whole_document_for"


def citation(hit) -> str:
    """The hit's citation with its meeting date written as the card writes it ("9. februar 2023",
    "9 February 2023"), not as stored."""
    return present.citation(replace(hit, date=present.long_date(hit.date, wording())), wording())


ITEM_CHARS = 60  # an agenda item's title in a card's heading is shortened to about this


def card_html(hit, words, *, rank: int | None = None, level: int = 2) -> str:
    """`present.hit_html` with a heading a screen reader's list of headings tells apart: the document's
    title and its agenda item ("3. Referat: Byråd 4. september 2023, punkt 17 Huslejestigninger …": one
    meeting's results differ by their item); on the English screen the record's words marked Danish."""
    number, title = present.shown_item(getattr(hit, "item_number", None), getattr(hit, "item_title", None),
                                       wording().opening)
    item = [html_escape(f"{wording().item} {number}")] if number else []
    if title:
        item.append(record_html(present.shorten(title, ITEM_CHARS)))
    heading = record_html(present.title_in(hit.title, wording()) or hit.document) + (", " + " ".join(item) if item else "")
    return danish_text(present.hit_html(hit, words, rank=rank, wording=wording(), heading_level=level,
                                        title_html=heading))


def result_card(hit, rank: int, *, weak: bool = False, level: int = 2) -> None:
    words = hit.matched_terms
    title = present.markdown_escape(present.shorten_title(present.title_in(hit.title, wording()) or hit.document, 50))
    # a meeting's results link to it at their own items: each link names its item ("…, punkt 17")
    number, _ = present.shown_item(getattr(hit, "item_number", None), None, wording().opening)
    whole = whole_key(hit.doc_type)
    at = f"{title}, {wording().item} {present.markdown_escape(number)}" if number and whole == "whole_meeting_for" else title
    with st.container(border=True, key=f"{'weak' if weak else 'hit'}_{rank}"):
        st.html(card_html(hit, words, rank=rank, level=level))
        st.page_link(page_of("meeting"), label=t(whole, title=at),
                     query_params=with_language(meeting_params(hit.document, hit.item_number)),
                     icon=":material/event_note:")
        case_link(hit.case_number)
        also_in(hit)
        if hit.speaker:
            person_link(hit.speaker, label=t("speaker_link", name=present.markdown_escape(person_key(hit.speaker))))
        context = st.expander(t("context_for", title=title), key=f"ctx_{hit.id}",
                              on_change="rerun", icon=":material/article:")
        if context.open:
            with context:
                st.html(present.context_html(archive().context(hit.id, before=3, after=3), hit.id, words))
                st.caption(t("citation"))
                st.code(citation(hit), language=None, wrap_lines=True)
                original_file(hit)
        related = st.expander(t("related_for", title=title), key=f"rel_{hit.id}",
                              on_change="rerun", icon=":material/hub:")
        if related.open:
            with related:
                order = st.radio(t("related_order"), ("similarity", "newest"), horizontal=True,
                                 key=f"relorder_{hit.id}", format_func=lambda o: t("order_" + o))
                others = similar(hit, order)
                if not others:
                    st.caption(t("related_none"))
                for n, other in enumerate(others):
                    st.html(card_html(other, words, level=level + 1))  # under the card's own heading
                    # each one opens where it was said, as the card's own link does
                    st.page_link(page_of("meeting"),
                                 label=t(whole_key(other.doc_type), title=present.title_in(other.title, wording()) or other.document),
                                 query_params=with_language(meeting_params(other.document, other.item_number)),
                                 icon=":material/event_note:")


ALSO_IN = 3  # other meetings with the same text (or a near-copy) linked on a card, at most


def also_in(hit) -> None:
    """Where the same text stands too (a committee's item again at Økonomiudvalget and Byrådet:
    `Hit.also_in`), linked to those meetings; the result is shown once."""
    others = [meeting_ref_of(document) or document for document in hit.also_in]
    if not others:
        return
    st.caption(t("also_in_one") if len(others) == 1 else t("also_in", n=len(others)))
    shown = []
    for n, other in enumerate(others[:ALSO_IN]):
        document = hit.also_in[n]
        number, title = _copy_place(index_stamp(), hit.id, document, hit.text)
        shown.append((document, number, copy_label(document, other if not isinstance(other, str) else None,
                                                   number, title, wording())))
    labels = told_apart([label for _, _, label in shown], [document for document, _, _ in shown])
    for (document, number, _), label in zip(shown, labels):
        st.page_link(page_of("meeting"), label=present.markdown_escape(label),
                     query_params=with_language(meeting_params(document, number)),
                     icon=":material/content_copy:")
    if len(others) > ALSO_IN:
        st.caption(t("also_in_more", n=len(others) - ALSO_IN))


def item_of_copy(text: str, paragraphs: list) -> str | None:
    """The agenda item of a document's `paragraphs` that holds `text` again: the same text, else a
    near-copy (as the search folds them). None where no item, or more than one, holds it: a link
    then opens the meeting at its top rather than at a guessed item."""
    return place_of_copy(text, paragraphs)[0]


def copies_labelled(hits: list, searcher, refs: list, words) -> list:
    """`hits` with each `also_in` document named as the card names it (`copy_label`), for the exports.

    No Streamlit call: an export is made on a thread of its own, outside the script run, so the
    meetings (`refs`) are looked up in the run and the documents' items here, from the archive."""
    from dataclasses import replace

    meeting_of = {}
    for ref in refs:
        for document in (*ref.documents, *ref.attachments):
            meeting_of.setdefault(document, ref)
    paragraphs: dict[str, list] = {}

    def label(hit, document: str) -> str:
        if document not in paragraphs:
            paragraphs[document] = searcher.document(document)
        return copy_label(document, meeting_of.get(document), *place_of_copy(hit.text, paragraphs[document]), words)

    return [replace(hit, also_in=tuple(told_apart([label(hit, d) for d in hit.also_in], list(hit.also_in))))
            if hit.also_in else hit for hit in hits]


@st.cache_data(max_entries=256, show_spinner=False)
def _copy_place(index_stamp: int, paragraph_id: str, document: str, _text: str) -> tuple[str | None, str | None]:
    return place_of_copy(_text, archive().document(document))


def copy_item(hit, document: str) -> str | None:
    """The agenda item of `document` where the card's text stands too (`item_of_copy`): `Hit.also_in`
    names the documents only."""
    return _copy_place(index_stamp(), hit.id, document, hit.text)[0]


RELATED = 5  # similar discussions shown on a card


@st.cache_data(max_entries=64, show_spinner=False)
def _similar(index_stamp: int, paragraph_id: str, order: str, _hit) -> list:
    """`similar` for one card (`_hit`: the card, known by its id): what the API's
    /paragraphs/{id}/related answers too (`present.similar_discussions`)."""
    ref = meeting_ref_of(_hit.document)  # the meetings are listed once per index version, not per card
    return present.similar_discussions(archive(), _hit, k=RELATED, order=order,
                                       meeting_documents=(*ref.documents, *ref.attachments) if ref else ())


def similar(hit, order: str) -> list:
    """A card's similar discussions (`present.similar_discussions`): other meetings first, never its
    own document's text again, nor one paragraph twice; newest first where asked."""
    return list(_similar(index_stamp(), hit.id, order, hit))


def meeting_of(hit) -> tuple[str, str]:
    return hit.date or "", hit.body or ""


def show_hits(hits: list, first_rank: int) -> None:
    """The page of results, each under its meeting when grouping is on (a meeting's results keep their ranks)."""
    if not st.session_state.get("group"):
        for rank, hit in enumerate(hits, first_rank):
            result_card(hit, rank)
        return
    # Every result of a meeting under one heading, the meetings in the order of their best result.
    meetings: dict[tuple[str, str], list] = {}
    for rank, hit in enumerate(hits, first_rank):
        meetings.setdefault(meeting_of(hit), []).append((rank, hit))
    for (day, body), group in meetings.items():
        st.header(" · ".join(part for part in (present.markdown_escape(body) if body else None,
                                                  present.long_date(day, wording()) or t("undated_meeting"))
                                 if part), anchor=False)
        for rank, hit in group:
            result_card(hit, rank, level=3)  # under its meeting's heading
