"""Follows, feeds and unsubscribing: JSON or a token in; a stored follow, an Atom feed or a
confirmation out.

    POST   /follows                       save a search, or follow a case, a body or a document's
                                          follow-ups, with an e-mail address, daily/weekly and the
                                          digest's language (da/en, default da): 201
                                          and the new follow, or 200 and the follow the address
                                          already has for the same thing (nothing new is stored);
                                          pending, and its address asked to confirm it, unless the
                                          secretariat's password comes along
    GET    /confirm/{token}               the link in that mail: a page naming the follow, with a
                                          button that POSTs (opening the link confirms nothing)
    POST   /confirm/{token}               confirms it: digests start
    GET    /follows, DELETE /follows/{id} (secretariat) every follow; remove one
    GET    /unsubscribe/{token}           the link in each digest: a page naming what it stops, and a
                                          button that POSTs (link scanners open links; nothing stops),
                                          in the language of the follows it names
    POST   /unsubscribe/{token}           removes the follow(s) it names: the page's button, and mail
                                          programs' one-click (RFC 8058)
    GET    /feeds/search/{token}.atom     a saved search's news, what collect found (a signed token: not guessable)
    GET    /feeds/body/{name}.atom        a body's latest agenda items and decisions (?language=en: in English)
    GET    /feeds/case/{number}.atom      a case's documents (?language=en: in English)
"""
from __future__ import annotations

import html
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from indexer.api.deps import FOLLOWER, READER, SECRETARIAT, SECRETARIAT_READING, archive, services
from indexer.api.security import Caller, client_of
from indexer.errors import InvalidInput
from indexer.records import checked_date

# A body's or case's feed belongs to no follow: its address asks for its words' language.
PageLanguage = Literal["da", "en"]

router = APIRouter()
ATOM = "application/atom+xml; charset=utf-8"


class SavedFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelled field is refused, not ignored

    bodies: list[str] = Field(default_factory=list, max_length=50)
    doc_types: list[str] = Field(default_factory=list, max_length=50)
    documents: list[str] = Field(default_factory=list, max_length=50)
    date_from: str | None = None
    date_to: str | None = None

    @field_validator("date_from", "date_to")
    @classmethod
    def _a_date(cls, value: str | None, info) -> str | None:
        """Said as the query parameters say it: "date from '20230101' is not a date; use YYYY-MM-DD"."""
        if value is None:
            return None
        try:
            return checked_date(value, info.field_name.replace("_", " "))
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None


class FollowBody(BaseModel):
    """What to follow: kind "search" takes `query` (with `filters` and `mode`); "case", "body"
    and "document" take `target` (the case number, the body's name, the document's path)."""

    model_config = ConfigDict(extra="forbid")  # a misspelled field ("frequncy") is refused, not ignored
    kind: Literal["search", "case", "body", "document"]
    email: str = Field(..., max_length=254)
    frequency: Literal["daily", "weekly"] = "weekly"
    query: str | None = Field(None, max_length=2000)
    filters: SavedFilters = Field(default_factory=SavedFilters)
    mode: Literal["hybrid", "dense", "lexical"] = "hybrid"
    target: str | None = Field(None, max_length=500)
    language: Literal["da", "en"] = Field(
        "da", description="The language the follow's e-mail digests are written in: an address's digest is in "
                          "the language of most of its follows (Danish on a tie).")


@router.post("/follows", tags=["follows"], status_code=201, summary="Save a search or follow a case, body or document",
             description="201: the follow is made, pending (`status`): its address gets one e-mail with a link "
                         "that confirms it, and nothing is sent before; unconfirmed, it is gone after 7 days. "
                         "With the secretariat's password (as for writing) it is active at once. "
                         "200: the address already follows the same thing (the same "
                         "search words and filters, whatever the frequency or mode; the same case, body or "
                         "document): nothing new is stored, and the follow it has is returned unchanged, with its "
                         "own frequency and language. `language` (da, en) is the language of its e-mail digests. "
                         "422: a bad request (a language other than da or en too), something the archive does not "
                         "hold, or an address that follows as much as one address may.",
             responses={200: {"description": "The address already follows this: the follow it has, unchanged"},
                        201: {"description": "The follow is made"}})
def create_follow(body: FollowBody, response: Response, caller: Caller = FOLLOWER, opened=Depends(archive),
                  shared=Depends(services)) -> dict:
    from indexer.alerts.audit import follow_detail
    from indexer.alerts.confirm import ask_to_confirm
    from indexer.alerts.follows import FollowRequest, follow_json, save_follow
    from indexer.alerts.tokens import follow_addresses, signing_key

    index_dir = shared.settings.index_dir
    filters = {name: value for name, value in body.filters.model_dump().items() if value}
    # One address cannot be made to receive mail about everything: a ceiling per address (422).
    saved = save_follow(opened, FollowRequest(body.kind, body.email, body.frequency, body.target, body.query,
                                              filters, body.mode, body.language),
                        max_per_address=shared.settings.max_follows_per_address, confirmed=caller.secretariat)
    follow = saved.follow
    links = shared.settings.links
    if saved.new:
        shared.audit("follow", who=caller.who, client=caller.client, target=str(follow.id),
                     detail=follow_detail(follow))
        if follow.pending:  # anyone may ask: the address itself says yes before anything is sent to it
            ask_to_confirm(index_dir, follow, shared.settings.smtp, links)
    else:
        response.status_code = 200
    found = {"unused_words": list(saved.unused)} if follow.kind == "search" else {}
    return dict(follow_json(follow), **found, **follow_addresses(signing_key(index_dir), follow, links))


@router.get("/follows", tags=["follows"], summary="Every follow (secretariat)",
            description="Each with its `status`: active, or pending (its address has not confirmed it yet), its "
                        "`unsubscribe` link and, for a search, a body or a case, its `feed` (as POST /follows "
                        "answers them).")
def all_follows(caller: Caller = SECRETARIAT_READING, shared=Depends(services)) -> dict:
    from indexer.alerts.follows import follow_json, list_follows
    from indexer.alerts.tokens import follow_addresses, signing_key

    found = list_follows(shared.settings.index_dir)
    key = signing_key(shared.settings.index_dir)
    return {"follows": [dict(follow_json(f), **follow_addresses(key, f, shared.settings.links)) for f in found],
            "total": len(found)}


@router.delete("/follows/{follow_id}", tags=["follows"], summary="Remove a follow (secretariat)")
def delete_follow(follow_id: int, caller: Caller = SECRETARIAT, shared=Depends(services)) -> dict:
    from indexer.alerts.follows import remove_follows

    if not remove_follows(shared.settings.index_dir, [follow_id]):
        raise HTTPException(status_code=404, detail=f"no follow {follow_id}")
    shared.audit("unfollow", who=caller.who, client=caller.client, target=str(follow_id))
    return {"removed": follow_id}


def _client_only(request: Request) -> Caller:
    """The unsubscribe link is its own credential: no reader token is asked for."""
    return Caller("link", client_of(request))


class _InvalidLink(Exception):
    """A link (unsubscribe, confirm) that is not one the archive signed."""


def _invalid_link(request: Request) -> HTMLResponse | None:
    """The answer to a link that is not valid: a small page (a browser follows such links), in
    Danish, the language of whoever it was made for being unknown; raises the JSON 404 for a program."""
    from indexer.alerts.words import WORDS

    if request.method == "GET" or "text/html" in request.headers.get("accept", ""):
        page = _page(f"<p>{html.escape(WORDS['da'].link_invalid)}</p>")
        page.status_code = 404
        return page
    raise HTTPException(status_code=404, detail="this link is not valid")


def _unsubscribe(token: str, request_client: str, shared) -> int:
    from indexer.alerts.tokens import unsubscribe

    removed = unsubscribe(shared.settings.index_dir, token)
    if removed is None:
        raise _InvalidLink()
    if removed:
        shared.audit("unsubscribe", who="link", client=request_client, detail=f"{removed} follows")
    return removed


def _page(body: str, language: str = "da") -> HTMLResponse:
    """A small page in `language` (that of the follows it names); `body` is HTML with every
    archive text already escaped."""
    from indexer.alerts.words import WORDS

    return HTMLResponse(f'<!doctype html><html lang="{language}"><meta charset="utf-8">'
                        '<meta name="viewport" content="width=device-width">'
                        f"<title>{html.escape(WORDS[language].archive)}</title><body>{body}</body></html>")


@router.get("/unsubscribe/{token}", tags=["follows"], response_class=HTMLResponse,
            summary="What a digest's link stops, with a button that stops it")
def unsubscribe_page(token: str, request: Request, language: PageLanguage = "da",
                     shared=Depends(services)) -> HTMLResponse:
    from indexer.alerts.follows import alert_store, describe_follows
    from indexer.alerts.tokens import token_follows
    from indexer.alerts.words import WORDS, digest_language

    # Only asks: mail scanners (Outlook SafeLinks …) open every link, and must not stop anything.
    found = token_follows(shared.settings.index_dir, token)
    if found is None:
        return _invalid_link(request)
    if not found:  # in the language its link was sent in (`?language=en`)
        return _page(f"<p>{html.escape(WORDS[language].nothing_left)}</p>", language)
    language = digest_language(f.language for f in found)  # the page reads as the digest the link came in
    words = WORDS[language]
    with alert_store(shared.settings.index_dir) as store:
        names = describe_follows(store, found, language)
    return _page(f"<h1>{html.escape(words.stop_title)}</h1>"
                 f"<p>{html.escape(words.stop_intro.format(email=found[0].email))}</p><ul>"
                 + "".join(f"<li>{html.escape(names[f.id])}</li>" for f in found)
                 + f'</ul><form method="post"><button type="submit">{html.escape(words.stop_button)}</button></form>'
                 f"<p>{html.escape(words.stop_not_yet)}</p>", language)


@router.post("/unsubscribe/{token}", tags=["follows"], response_model=None,
             summary="Stop the follow(s) a digest's link names (the page's button; RFC 8058 one-click)")
def unsubscribe_now(token: str, request: Request, language: PageLanguage = "da",
                    caller: Caller = Depends(_client_only), shared=Depends(services)) -> dict | HTMLResponse:
    from indexer.alerts.tokens import token_follows
    from indexer.alerts.words import WORDS, digest_language

    # the follows' language, read before they are gone; once gone, the language the link was sent in
    found = token_follows(shared.settings.index_dir, token)
    language = digest_language(f.language for f in found) if found else language
    try:
        removed = _unsubscribe(token, caller.client, shared)
    except _InvalidLink:
        return _invalid_link(request)
    if "text/html" in request.headers.get("accept", ""):  # the page's button, in a browser
        words = WORDS[language]
        return _page(f"<p>{html.escape(words.stopped if removed else words.nothing_left)}</p>", language)
    return {"removed": removed}


@router.get("/confirm/{token}", tags=["follows"], response_class=HTMLResponse,
            summary="The link asking an address to confirm a follow: a page with a button that confirms it")
def confirm_page(token: str, request: Request, shared=Depends(services)) -> HTMLResponse:
    from indexer.alerts.confirm import pending_of
    from indexer.alerts.follows import alert_store, describe_follows
    from indexer.alerts.words import WORDS

    # Only asks: mail scanners open every link, and must not confirm for the address.
    valid, follow = pending_of(shared.settings.index_dir, token)
    if not valid:
        return _invalid_link(request)
    if follow is None:
        return _page(f"<p>{html.escape(WORDS['da'].confirm_gone)}</p>")
    words = WORDS[follow.language]
    if not follow.pending:
        return _page(f"<p>{html.escape(words.already_confirmed)}</p>", follow.language)
    with alert_store(shared.settings.index_dir) as store:
        name = describe_follows(store, [follow], follow.language)[follow.id]
    return _page(f"<h1>{html.escape(words.confirm_title)}</h1>"
                 f"<p>{html.escape(words.confirm_intro.format(email=follow.email, name=name))}</p>"
                 f'<form method="post"><button type="submit">{html.escape(words.confirm_button)}</button></form>'
                 f"<p>{html.escape(words.confirm_not_yet)}</p>", follow.language)


@router.post("/confirm/{token}", tags=["follows"], response_model=None,
             summary="Confirm the follow a confirmation link names (the page's button)")
def confirm_now(token: str, request: Request, caller: Caller = Depends(_client_only),
                shared=Depends(services)) -> dict | HTMLResponse:
    from indexer.alerts.confirm import confirm
    from indexer.alerts.words import WORDS

    valid, follow, done = confirm(shared.settings.index_dir, token)
    if not valid:
        return _invalid_link(request)
    if done:
        shared.audit("confirm", who="link", client=caller.client, target=str(follow.id))
    if "text/html" in request.headers.get("accept", ""):
        words = WORDS[follow.language if follow else "da"]
        said = (words.confirm_gone if follow is None else
                words.confirmed.format(when=words.when[follow.frequency]) if done else words.already_confirmed)
        return _page(f"<p>{html.escape(said)}</p>", follow.language if follow else "da")
    if follow is None:
        raise HTTPException(status_code=404, detail="this follow is gone: not confirmed in time, or stopped")
    return {"confirmed": follow.id, "status": "active", "now": done}


@router.get("/feeds/search/{token}.atom", tags=["feeds"], response_class=Response,
            dependencies=[READER], summary="Atom feed of a saved search (its address: `feed` of POST /follows)")
def search_feed(token: str, opened=Depends(archive), shared=Depends(services)) -> Response:
    from indexer.alerts.feeds import search_feed as make
    from indexer.alerts.follows import alert_store, get_follow
    from indexer.alerts.tokens import feed_follow, signing_key

    index_dir = shared.settings.index_dir
    follow_id = feed_follow(signing_key(index_dir), token)
    follow = get_follow(index_dir, follow_id) if follow_id is not None else None
    if follow is None or follow.kind != "search":
        raise HTTPException(status_code=404, detail="no saved search has this feed address")
    with alert_store(index_dir) as store:
        matches = store.matches(follow.id)
    return Response(make(opened, follow, matches, shared.settings.links, token), media_type=ATOM)


@router.get("/feeds/body/{name:path}.atom", tags=["feeds"], response_class=Response, dependencies=[READER],
            summary="Atom feed of a body's agenda items")
def body_feed(name: str, language: PageLanguage = "da", opened=Depends(archive),
              shared=Depends(services)) -> Response:
    from indexer.alerts.feeds import body_feed as make
    from indexer.records import Filters

    try:
        opened.check_filters(Filters((name,)), lists="GET /documents")
    except InvalidInput as exc:  # 404, an address that is not there, with the bodies meant, as every endpoint says them
        raise HTTPException(status_code=404, detail=" ".join(str(exc).split())) from None
    if name not in {d.get("body") for d in opened.documents()}:
        raise HTTPException(status_code=404, detail=f"no meetings of {name!r}")
    return Response(make(opened, name, shared.settings.links, language), media_type=ATOM)


@router.get("/feeds/case/{number:path}.atom", tags=["feeds"], response_class=Response, dependencies=[READER],
            summary="Atom feed of a case's documents")
def case_feed(number: str, language: PageLanguage = "da", opened=Depends(archive),
              shared=Depends(services)) -> Response:
    from indexer.alerts.feeds import case_feed as make
    from indexer.search.cases import case_number_of

    if case_number_of(number) is None:  # as `/cases/{number}` says it
        raise HTTPException(status_code=422, detail=f"not a case number: {number[:60]!r}")
    try:
        return Response(make(opened, number, shared.settings.links, language), media_type=ATOM)
    except InvalidInput:
        raise HTTPException(status_code=404, detail=f"no documents of case {number!r}"
                                                    f"{opened.did_you_mean(number)}") from None
