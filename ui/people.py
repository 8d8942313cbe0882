"""The people page: a person chosen from the list, or named in the URL (`?person=<name>`, linked from the
meeting view's attendees and from result cards with a speaker); the meetings they attended and missed,
the votes they cast (named, and by their party: "For (A)"), the proposals they made and what they said,
each with where. Where no record of theirs names speakers, the page says so instead of an empty list.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from indexer import present
from indexer.errors import InvalidInput
from indexer.minutes.people.names import name_key, split_name
from indexer.minutes.people.variants import by_spelling
from indexer.present.addresses import MEETING_PAGE, meeting_params

from .common import (archive, index_stamp, keep_in_url, language, page_of, t, tab_title, wanted_in_url,
                     with_language, wording)

PARAM = "person"
SHOWN = 200  # rows of a list shown before "… and N more"


@st.cache_data(max_entries=4, show_spinner=False)
def _people(stamp: int) -> list:
    return archive().people()


@st.cache_data(max_entries=32, show_spinner=False)
def _person(stamp: int, name: str):
    return archive().person(name)


@st.cache_data(max_entries=4, show_spinner=False)
def _speaking_bodies(stamp: int) -> set[str]:
    return archive().speaking_bodies()


def person_key(written: str | None) -> str:
    """The name a link carries: the written name without its party or role suffix."""
    return split_name(written).name


def person_link(written: str | None, label: str | None = None) -> None:
    """A link to a person's page, where the name is one (`label`: Markdown, what is data in it escaped)."""
    name = person_key(written)
    if name:
        st.page_link(page_of("people"), label=label or t("person_link", name=present.markdown_escape(name)),
                     query_params=with_language({PARAM: name}),
                     icon=":material/person:")


# An HTML link reloads the app: in a tab of its own, so that this page, its language and a login stay
# here (the meeting opens in the reader's language).
NEW_TAB = 'target="_blank" rel="noopener"'


def _meeting_href(document: str, item_number: str | None) -> str:
    return f"{MEETING_PAGE}?{urlencode(with_language(meeting_params(document, item_number)))}"


def _rows(lines: list[str], found: list) -> str:
    """The lines, each a link to its meeting at its agenda item (`found`: what each line says, with
    its `document` and `item_number` where it has one)."""
    def row(line: str, where) -> str:
        href = _meeting_href(where.document, getattr(where, "item_number", None))
        said = f"{html.escape(line)}{present.new_tab_html(wording())}"  # it opens a new tab: said inside it
        return f'<li><a href="{html.escape(href, quote=True)}" {NEW_TAB}>{said}</a></li>'

    shown = "".join(row(line, where) for line, where in zip(lines[:SHOWN], found))
    more = f"<li>{html.escape(t('people_more', n=len(lines) - SHOWN))}</li>" if len(lines) > SHOWN else ""
    return f'<ul class="person-list">{shown}{more}</ul>'


def _section(title: str, lines: list[str], found: list, key: str, note: str | None = None) -> None:
    with st.expander(title, expanded=bool(lines) and len(lines) <= 12, key=f"person_{key}"):
        if note:
            st.caption(note)
        if lines:
            st.html(_rows(lines, found))
        else:
            st.caption(t("people_nothing"))


def show(person, speaking_bodies: set[str] = frozenset()) -> None:
    words, people_words = wording(), present.PEOPLE_WORDS[language()]
    counted = present.with_party(person)
    st.html(present.person_html(counted, words, people_words))
    split = t("people_votes_split", by_party=len(person.party_votes), named=len(person.votes),
              letter=person.party_votes[0].by_party) \
        if person.party_votes else None
    unknown = present.votes_unknown_note(person, words, people_words)
    split = " ".join(filter(None, (split, unknown))) or None
    proposals_split = t("people_proposals_split", by_party=len(person.party_proposals), named=len(person.proposals),
                        letter=person.party_proposals[0].by_party) if person.party_proposals else None
    for key, found, line, note in (("attended", person.attended, present.presence_line, None),
                                   ("missed", person.missed, present.presence_line, None),
                                   ("votes", counted.votes, present.vote_line, split),
                                   ("proposals", counted.proposals, present.proposal_line, proposals_split)):
        _section(t(f"people_{key}", n=len(found)), [line(x, words) for x in found], found, key, note)
    if not person.statements and not set(person.bodies) & set(speaking_bodies):
        # their bodies' minutes give decisions, not speakers: an empty "Indlæg (0)" would read as if
        # they never spoke
        if person.bodies:
            st.caption(t("people_no_speakers", bodies=", ".join(person.bodies)))
        return
    with st.expander(t("people_statements", n=len(person.statements)), expanded=bool(person.statements),
                     key="person_statements"):
        if not person.statements:
            st.caption(t("people_nothing"))
        for statement in person.statements[:SHOWN]:
            st.html(present.statement_html(statement, words,
                                           href=_meeting_href(statement.document, statement.item_number)))
        if len(person.statements) > SHOWN:
            st.caption(t("people_more", n=len(person.statements) - SHOWN))


def page() -> None:
    st.caption(t("people_intro"))
    stamp = index_stamp()
    everyone = _people(stamp)
    names = [p.name for p in everyone]
    by_name = {p.name: p for p in everyone}
    spellings = by_spelling(everyone)
    wanted = wanted_in_url(PARAM, "person_url", "person")
    if wanted != st.session_state.get("person_url"):  # a link (or the back button) names a person
        st.session_state.person_url = wanted
        # any spelling the archive uses, in any case, is the person shown under the most used one
        known = spellings.get(name_key(wanted))
        st.session_state.person = known.name if known else person_key(wanted) or None
    if st.session_state.get("person") not in by_name:
        unknown = st.session_state.get("person")
        st.session_state.person = None
        if unknown:
            st.warning(t("people_unknown"))
            for like in archive().people_like(unknown):  # part of a name ("Mehmet"): whom it may mean
                person_link(like, t("people_did_you_mean", name=present.markdown_escape(like)))
    if not everyone:
        st.info(t("people_empty"))
        return
    people_words = present.PEOPLE_WORDS[language()]
    chosen = st.selectbox(t("people_pick"), names, key="person", index=None, placeholder=t("people_none"),
                          help=t("people_pick_help"),
                          format_func=lambda n: " · ".join(x for x in (
                              present.person_heading(by_name[n], people_words),
                              present.person_aliases(by_name[n], people_words),
                              present.person_counts(present.with_party(by_name[n]), people_words)) if x))
    if chosen != wanted:
        keep_in_url(PARAM, chosen, "person_url")
    if not chosen:
        return
    try:
        found = _person(stamp, chosen)
    except InvalidInput:
        found = None
    if found is None:
        st.warning(t("people_unknown"))
        return
    tab_title(present.person_heading(found, present.PEOPLE_WORDS[language()]))  # "Navn (A) – Mødearkiv"
    show(found, _speaking_bodies(stamp))
