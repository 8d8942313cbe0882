"""Saving what a person follows: a request (a saved search with its filters, a case number, a
body, or a document's follow-ups; an e-mail address; daily or weekly) in, a stored `Follow` out.

A follow is checked against the archive when it is made (the body, case or document must be
indexed), and stored in the index's database (`indexer.store.follows`), where rebuilds never
touch it. What is indexed already is not new to it: it hears only of what comes later.

An address follows a thing once: asking again for what it already follows (the same search
with the same filters, the same case, body or document) stores nothing and gives back the
follow it has, so a second click never brings the same news twice in every digest.

A follow stores what is followed, not words about it, and the language it was made in (the
app's screen, or the API call's `language`): each place that shows it words it for its reader
(the app in the reader's language; `describe_follow` for the digests, in the language of most
of the address's follows, for a saved search's feed and the unsubscribe page, in the follows'
own language; the body and case feeds, which belong to no follow, in the language their address
asks for, Danish by default).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator

from indexer.alerts.words import WORDS
from indexer.errors import InvalidInput
from indexer.present.wording import long_date
from indexer.records import Record, shown_value
from indexer.search.archive import meant
from indexer.search.query import MAX_QUERY_CHARS, as_words  # a search follow's query, as a search takes it
from indexer.store import Store
from indexer.store.follows import FOLLOW_KINDS, FREQUENCIES, LANGUAGES, PENDING_DAYS, Follow, fold_address

MODES = ("hybrid", "dense", "lexical")
# Deliberately plain: one "@", no spaces or line breaks (a line break in an address would be a
# header injected into the digest), a dot in the domain.
_EMAIL = re.compile(r"^[^@\s,;<>\"]{1,64}@[^@\s,;<>\"]+\.[^@\s,;<>\".]{2,}$")


def utc_now(now: datetime | str | None = None) -> str:
    """`now` (default: the clock) as the ISO time alerts store: UTC, microseconds."""
    if isinstance(now, str):
        now = datetime.fromisoformat(now)
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).isoformat(timespec="microseconds")


@contextmanager
def alert_store(index_dir: Path | str) -> Iterator[Store]:
    """The index's database, for follows (a connection of its own, closed after use)."""
    store = Store.open(index_dir)
    try:
        yield store
    finally:
        store.close()


@dataclass(frozen=True)
class FollowRequest:
    """What a person asks to follow.

    kind "search": `query` (and `filters`: bodies, doc_types, documents, date_from, date_to; `mode`);
    kind "case": `target` is the case number; "body": the body's name; "document": the archive
    path of a document whose follow-ups are followed.
    """

    kind: str
    email: str
    frequency: str = "weekly"
    target: str | None = None
    query: str | None = None
    filters: dict = field(default_factory=dict)
    mode: str = "hybrid"
    language: str = "da"  # the language it is asked in ("da" | "en"): its digests are written in it


def check_email(email: str) -> str:
    """The address, trimmed and folded (`fold_address`: one spelling per person, whatever the
    case it is typed in).

    Raises:
        InvalidInput: not a plain e-mail address.
    """
    email = (email or "").strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not an e-mail address")
    return fold_address(email)


def saved_filters(filters: dict | None):
    """A saved search's filters as `Filters` (lists become tuples).

    Raises:
        InvalidInput: an unknown filter name or a bad date.
    """
    from indexer import Filters

    filters = dict(filters or {})
    unknown = set(filters) - {"bodies", "doc_types", "documents", "date_from", "date_to"}
    if unknown:
        raise InvalidInput(f"unknown filter {sorted(unknown)[0]!r}; "
                           "use bodies, doc_types, documents, date_from, date_to")
    return Filters(bodies=tuple(filters.get("bodies") or ()), doc_types=tuple(filters.get("doc_types") or ()),
                   documents=tuple(filters.get("documents") or ()), date_from=filters.get("date_from") or None,
                   date_to=filters.get("date_to") or None)


def filters_dict(filters) -> dict:
    """`Filters` as the plain dict a follow stores (empty values left out)."""
    values = {"bodies": list(filters.bodies), "doc_types": list(filters.doc_types),
              "documents": list(filters.documents), "date_from": filters.date_from, "date_to": filters.date_to}
    return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class ArchiveNames:
    """What a follow may name that the archive holds now: bodies, document paths, and a test
    for case numbers (asked of the database: they may sit on agenda items, not documents)."""

    bodies: frozenset[str]
    paths: frozenset[str]
    has_case: Callable[[str], bool]
    doc_types: frozenset[str] | None = None  # None: not known, not checked

    @classmethod
    def of(cls, archive, store: Store) -> "ArchiveNames":
        documents = archive.documents()
        return cls(frozenset(d["body"] for d in documents if d.get("body")),
                   frozenset(d["path"] for d in documents), store.has_case_number,
                   frozenset(d["doc_type"] for d in documents if d.get("doc_type")))


def follow_problem(follow: Follow | FollowRequest, names: ArchiveNames) -> str | None:
    """Why the archive cannot answer a follow (its body, case or document is not indexed), or
    None. A request being made is told what the archive holds instead (the bodies, the closest
    first); a stored follow, that the archive no longer holds what it names."""
    asked = isinstance(follow, FollowRequest)
    holds_no = "holds no document" if asked else "no longer holds the document"
    if follow.kind == "body" and follow.target not in names.bodies:
        return f"the archive holds no meetings of the body {follow.target!r}" + (_bodies_hint(follow.target, names)
                                                                                 if asked else "")
    if follow.kind == "case" and not names.has_case(follow.target):
        return f"the archive holds no documents of case {follow.target!r}"
    if follow.kind == "document" and follow.target not in names.paths:
        return f"the archive {holds_no} {follow.target!r}"
    if follow.kind == "search":
        missing = [b for b in (follow.filters or {}).get("bodies") or () if b not in names.bodies]
        if missing:
            return (f"the archive holds no meetings of the body {shown_value(missing[0], 200)} (a filter of the search)"
                    + (_bodies_hint(missing[0], names) if asked else ""))
        gone = [d for d in (follow.filters or {}).get("documents") or () if d not in names.paths]
        if gone:
            return f"the archive {holds_no} {gone[0]!r} (a filter of the search)"
        types = [t for t in (follow.filters or {}).get("doc_types") or ()
                 if names.doc_types is not None and t not in names.doc_types]
        if types:  # a type it never holds would keep the follow silent for ever
            held = ", ".join(sorted(names.doc_types or ()))
            return f"the archive holds no documents of the type {types[0]!r} (a filter of the search)" + (
                f"; the archive has: {held}" if asked and held else "")
    return None


def _bodies_hint(name: str, names: ArchiveNames) -> str:
    """"; did you mean 'Byråd 2022-2025'? The archive has: …": the bodies the reader may mean
    (`archive.meant`), then every body (a body is followed by its full name)."""
    bodies = sorted(names.bodies, key=str.casefold)
    near = meant(name, bodies)
    guess = f"; did you mean {' or '.join(repr(b) for b in near[:3])}?" if near else ";"
    return f"{guess} the archive has: {', '.join(bodies)}" if bodies else ""


def expire_pending(store: Store, now: datetime | str | None = None) -> int:
    """Remove the follows never confirmed within `PENDING_DAYS` of being made (inside a write
    transaction); returns how many."""
    moment = datetime.fromisoformat(utc_now(now))
    return store.expire_pending(utc_now(moment - timedelta(days=PENDING_DAYS)))


# Follows waiting for one address to confirm them (each sends it one mail), at most.
MAX_PENDING_PER_ADDRESS = 3


class TooManyFollows(InvalidInput):
    """The address follows as much as one address may: nothing more is stored for it."""


class TooManyPending(TooManyFollows):
    """The address has `MAX_PENDING_PER_ADDRESS` follows waiting for it to confirm them."""


@dataclass(frozen=True)
class SavedFollow:
    """The follow asked for, and whether it was made now (`new`) or the address already
    followed the same thing (then nothing was stored, and its frequency is the one it had)."""

    follow: Follow
    new: bool
    # a search's words the records never use so far (`Archive.unused_words`): it finds nothing until they do
    unused: tuple[str, ...] = ()


def same_address(one: str, other: str) -> bool:
    """Whether two checked addresses reach the same person (mail servers ignore case)."""
    return one.casefold() == other.casefold()


def follows_the_same(follow: Follow | FollowRequest, other: Follow | FollowRequest) -> bool:
    """Whether two follows of one address follow the same thing: the same search (its words,
    whatever their case or spacing, and the same filters, in any order), or the same case, body
    or document. How often and the search mode do not make it another thing: the same
    news would come twice."""
    if follow.kind != other.kind:
        return False
    if follow.kind != "search":
        return follow.target == other.target
    return _search_key(follow) == _search_key(other)


def _search_key(follow: Follow | FollowRequest) -> tuple:
    filters = {name: value for name, value in (follow.filters or {}).items() if value}
    return (" ".join((follow.query or "").split()).casefold(),
            tuple(sorted((name, tuple(sorted(value)) if isinstance(value, (list, tuple)) else value)
                         for name, value in filters.items())))


def add_follow(archive, request: FollowRequest, now: datetime | str | None = None) -> Follow:
    """Check `request` against the archive and store it, confirmed; the follow the address
    already has when it follows the same thing (`save_follow` says which).

    Raises:
        InvalidInput: a bad kind, frequency, address, query, filter or mode, or a body, case or
            document the archive does not hold.
    """
    return save_follow(archive, request, now).follow


def save_follow(archive, request: FollowRequest, now: datetime | str | None = None, *,
                max_per_address: int | None = None, confirmed: bool = True) -> SavedFollow:
    """Check `request` against the archive and store it, unless the address already follows the
    same thing (`follows_the_same`): then that follow, unchanged, with `new` False (a pending one
    is confirmed when the secretariat asks for it: `confirmed`).

    `confirmed` False (anyone's request, as the API's without the secretariat's password): the
    follow is pending until its address confirms it (`indexer.alerts.confirm`): nothing is
    collected or sent for it, and it is gone after `PENDING_DAYS` unconfirmed.

    Raises:
        TooManyFollows: the address already has `max_per_address` follows (asking again for one
            of them is no more, and is answered with it).
        InvalidInput: a bad kind, frequency, address, query, filter or mode, or a body, case or
            document the archive does not hold.
    """
    if request.kind not in FOLLOW_KINDS:
        raise InvalidInput(f"unknown kind {request.kind!r}; use {', '.join(FOLLOW_KINDS)}")
    if request.frequency not in FREQUENCIES:
        raise InvalidInput(f"unknown frequency {request.frequency!r}; use daily or weekly")
    if request.language not in LANGUAGES:
        raise InvalidInput(f"unknown language {request.language!r}; use {' or '.join(LANGUAGES)}")
    email = check_email(request.email)
    query = filters = mode = target = None
    if request.kind == "search":
        query = " ".join((request.query or "").split())
        if not any(ch.isalnum() for ch in query):
            raise InvalidInput("a saved search needs a query")
        if not any(ch.isalnum() for ch in as_words(query)):  # "-husleje" leaves a word out, searches for none
            raise InvalidInput(f"the query {query!r} only leaves words out: add a word to search for")
        if len(query) > MAX_QUERY_CHARS:
            raise InvalidInput(f"the query is longer than {MAX_QUERY_CHARS} characters")
        if request.mode not in MODES:
            raise InvalidInput(f"unknown mode {request.mode!r}; use hybrid, dense or lexical")
        given = dict(request.filters or {})
        if given.get("date_from") and given.get("date_to") and given["date_from"] > given["date_to"]:
            raise InvalidInput(f"date_from {str(given['date_from'])[:60]} is after date_to {str(given['date_to'])[:60]}: "
                               "give the earlier date as date_from")
        filters, mode = filters_dict(saved_filters(request.filters)), request.mode
    else:
        target = (request.target or "").strip()
        if not target:
            wanted = "case number" if request.kind == "case" else request.kind
            raise InvalidInput(f"a {request.kind} follow needs a {wanted}")
        if request.filters or request.mode not in (None, "hybrid"):  # would be dropped unsaid
            raise InvalidInput(f"filters and mode narrow a search only, not a {request.kind} follow")
    candidate = FollowRequest(request.kind, email, request.frequency, target, query, filters or {}, mode or "hybrid",
                              request.language)
    unused = archive.unused_words(query) if query else ()
    at = utc_now(now)
    with alert_store(archive.index_dir) as store:
        problem = follow_problem(candidate, ArchiveNames.of(archive, store))
        if problem:
            raise InvalidInput(problem)
        # Looked for and stored in one write transaction: two clicks at once make one follow.
        with store.writing():
            expire_pending(store, at)
            theirs = store.follows(email)
            already = next((f for f in theirs if follows_the_same(f, candidate)), None)
            if already is not None:
                if confirmed and already.pending:
                    store.confirm_follow(already.id, at)
                    already = store.follow(already.id)
                return SavedFollow(already, new=False, unused=unused)
            if max_per_address is not None and len(theirs) >= max_per_address:
                raise TooManyFollows("this address follows as much as one address may")
            if not confirmed and sum(f.pending for f in theirs) >= MAX_PENDING_PER_ADDRESS:
                # each pending follow mails its address once: a stranger cannot fill an inbox
                raise TooManyPending(f"this address has {MAX_PENDING_PER_ADDRESS} follows waiting for it to "
                                     "confirm them; confirm those first")
            follow_id = store.add_follow(
                request.kind, email, request.frequency, at, target=target, query=query, filters=filters, mode=mode,
                language=request.language, confirmed=confirmed)
        return SavedFollow(store.follow(follow_id), new=True, unused=unused)


def get_follow(index_dir: Path | str, follow_id: int) -> Follow | None:
    with alert_store(index_dir) as store:
        return store.follow(follow_id)


def list_follows(index_dir: Path | str, email: str | None = None) -> list[Follow]:
    """Every follow (or one address's): the confirmed, and the pending not expired yet."""
    with alert_store(index_dir) as store:
        if not store.read_only:
            with store.writing():
                expire_pending(store)
        return store.follows(email)


def remove_follows(index_dir: Path | str, ids: list[int]) -> int:
    """Remove follows (and what was found for them and not sent yet); returns how many."""
    with alert_store(index_dir) as store:
        with store.writing():
            return store.delete_follows(ids)


def follow_json(follow: Follow) -> dict:
    """A follow as the API shows it."""
    return {"id": follow.id, "kind": follow.kind, "target": follow.target, "query": follow.query,
            "filters": follow.filters, "mode": follow.mode, "email": follow.email, "frequency": follow.frequency,
            "created_at": follow.created_at, "checked_at": follow.checked_at, "problem": follow.problem,
            "language": follow.language, "status": "pending" if follow.pending else "active",
            "confirmed_at": follow.confirmed_at}


def describe_follow(follow: Follow, document: Record | None = None, language: str = "da") -> str:
    """A follow in a few words, in `language` ("da" | "en"): for digest headings, a saved
    search's feed title and the unsubscribe page (the app words a follow in its reader's
    language). A followed document is named by its title, body and meeting date when its
    `Record` is given (its archive path otherwise)."""
    words = WORDS.get(language, WORDS["da"])
    if follow.kind == "search":
        limits = [", ".join(follow.filters.get("bodies") or ()), ", ".join(follow.filters.get("doc_types") or ()),
                  words.date_from.format(date=follow.filters["date_from"]) if follow.filters.get("date_from") else "",
                  words.date_to.format(date=follow.filters["date_to"]) if follow.filters.get("date_to") else ""]
        limits = [part for part in limits if part]
        return words.search.format(query=follow.query) + (f" ({'; '.join(limits)})" if limits else "")
    if follow.kind == "document" and document is not None:
        where = ", ".join(filter(None, [document.body, long_date(document.meeting_date, words.dates)]))
        return words.follow_ups.format(target=document.title or follow.target) + (f" ({where})" if where else "")
    return {"case": words.case, "body": words.body, "document": words.follow_ups}[follow.kind].format(
        target=follow.target)


def describe_follows(store: Store, follows: list[Follow], language: str = "da") -> dict[int, str]:
    """`describe_follow` of each follow by id in `language`, the followed documents' records read at once."""
    records = {r.path: r for r in store.records({f.target for f in follows if f.kind == "document"})}
    return {f.id: describe_follow(f, records.get(f.target or ""), language) for f in follows}
