"""One person's digest as an e-mail: their follows, each with the matches found for it, in;
an `EmailMessage` (plain text and HTML, every archive text escaped in the HTML) out.

Every match is cited exactly (body · meeting date · title · agenda item · page · case) and
links to the app and to the original; every follow has its own unsubscribe link, and the
message a List-Unsubscribe header (RFC 8058 one-click) that stops all of the address's follows.
"""
from __future__ import annotations

import html
import re
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Mapping, Sequence

from indexer.alerts.citations import citation
from indexer.alerts.entries import also_in, item_entries, place
from indexer.alerts.follows import describe_follow
from indexer.alerts.links import Links
from indexer.alerts.tokens import email_token, feed_token, follow_token
from indexer.alerts.words import DANISH, WORDS, DigestWords, digest_language
from indexer.present.wording import long_date
from indexer.records import LEAD_RULES
from indexer.store.follows import Follow, FollowMatch

EXCERPT_CHARS = 600
WORD_ROOM = 60  # characters after a search word's start that an excerpt keeps, for the word and some of what follows
MAX_PER_FOLLOW = 30  # a digest stays readable; the rest is counted and found in the app
# SMTP's own line limit (RFC 5322: 998): the default folds headers at 78 characters, which turns
# the long List-Unsubscribe URL into RFC 2047 encoded words that mail programs cannot follow.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def excerpt(text: str, limit: int = EXCERPT_CHARS, around: Sequence[str] = ()) -> str:
    """The text on one line, cut at a word before `limit` characters; where none of the words `around` (the
    search's words as the text has them) would stand in that, from the sentence that holds the first of them,
    so that the excerpt shows why it was found (two of three "ladestandere" entries ended just before it)."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    found = [m.start() for word in around if word
             for m in [re.search(rf"(?<!\w){re.escape(word)}(?!\w)", flat, re.I)] if m]
    first = min(found, default=None)
    if first is not None and first + WORD_ROOM > limit:
        # its sentence's start, or a word boundary at most a third of the excerpt before it
        start = max(flat.rfind(". ", 0, first) + 2, first - limit // 3)
        start = start if start == 0 or flat[start - 2:start] == ". " else flat.find(" ", start) + 1
        flat = "… " + flat[start:]
        if len(flat) <= limit:
            return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def period_label(frequency: str, period: str, words: DigestWords = DANISH) -> str:
    """A digest's period as read: "uge 12 2024" / "week 12 2024", or the day's long date."""
    if frequency == "weekly":
        year, _, week = period.partition("-W")
        return words.week.format(week=int(week), year=year) if week.isdigit() else period
    return long_date(period, words.dates) or period


def _found(count: int, words: DigestWords) -> str:
    return words.new_one if count == 1 else words.new_many


def _headline(payload: dict, words: DigestWords = DANISH) -> str:
    """What kind of news a match is, in a few words."""
    kind = payload.get("kind")
    if kind == "decision":
        return words.decided(payload.get("outcome"), payload.get("text"))
    if kind == "meeting":
        return words.meeting
    if kind == "document":
        return words.document
    if kind == "follow_up":
        return words.follow_up.format(status=words.statuses.get(payload.get("status"), payload.get("status")))
    if kind == "follow_up_link":  # a link by similarity, beside the case or by an occasion is a lead to check
        return words.taken_up_similar if payload.get("rule") in LEAD_RULES else words.taken_up
    return words.changed if payload.get("changed") else words.other


def _lines(payload: dict, words: DigestWords = DANISH) -> list[str]:
    """The match's own words: the text, and what its kind adds (agenda items, the promise, a note)."""
    if payload.get("kind") == "problem":
        return [words.problem.format(text=payload.get("text"))]
    if payload.get("kind") == "meeting":  # in the digest's words (a match stored earlier kept Danish ones)
        lines = [words.agenda(len(payload["items"]))] if payload.get("items") else []
    else:
        lines = [excerpt(payload.get("text") or "", around=payload.get("matched") or ())] if payload.get("text") else []
    for item in payload.get("items") or ():
        outcome = (f" — {words.outcomes.get(item.get('outcome'), item.get('outcome'))}"
                   if item.get("outcome") else "")
        lines.append(f"{words.item} {item.get('number') or '-'} {item.get('title') or ''}{outcome}".rstrip())
    if payload.get("copies"):  # the same text in other meetings: "Også i: Byrådet · 4. april 2022 · punkt 12 …"
        lines.append(also_in(payload, words))
    for decision in payload.get("decisions") or ():  # a case's item: its decision in the same entry
        # the entry's text is the decision (its words, or its paragraph, which holds attendance lines too): say how
        if same_text(decision.get("text"), payload.get("text")) or (
                payload.get("id") and payload.get("id") == decision.get("paragraph_id")):
            lines[0] = f"{words.decided(decision.get('outcome'), decision.get('text'))}: {lines[0]}"
            continue
        lines.append(f"{words.decided(decision.get('outcome'), decision.get('text'))}: "
                     f"{excerpt(decision.get('text') or '', 400)}")
    if payload.get("kind") == "follow_up_link":
        lines.append(f"{words.promise}: {excerpt(payload.get('follow_up_text') or '', 300)}")
    if payload.get("kind") == "follow_up" and payload.get("note"):
        lines.append(f"{words.note}: {payload['note']}")
    return lines


def same_text(a: str | None, b: str | None) -> bool:
    """The same words, case and spacing aside."""
    return bool(a and b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _entry_links(payload: dict, follow: Follow, links: Links, words: DigestWords = DANISH) -> list[tuple[str, str]]:
    if payload.get("kind") == "problem" or not payload.get("document"):
        return []
    item = payload.get("item_number")  # the app marks and scrolls to the agenda item
    found = [(words.read, links.meeting(payload["document"], item))]
    if follow.kind == "search":
        found.append((words.the_search, links.search(follow.query or "", follow.filters)))
    original = links.original(payload["document"], payload.get("page"), item)
    if original != found[0][1]:
        found.append((words.original, original))
    return found


def grouped(matches: list[FollowMatch]) -> list[tuple[dict, int]]:
    """A follow's matches as digest entries: (payload, how many paragraphs it stands for). The
    paragraphs a search found in one agenda item of one document (or in one document without
    items) are one entry, shown by the best of them and counted as the feed counts them, an item
    named under another entry's "Også i" not again (`entries.item_entries`), in the order their
    first was found; a decision is shown in the entry
    of its agenda item where there is one (a meeting's list of items with their outcomes, a case's
    item or document, under `decisions`), else as an entry of its own; every other match is an
    entry of its own."""
    # a body follow collects a meeting and its decisions: its entry already says each item's outcome
    decided = {(item.get("document"), item.get("number"))
               for match in matches if match.payload.get("kind") == "meeting"
               for item in match.payload.get("items") or () if item.get("outcome")}
    # a case follow collects an item (or a document) and its decision: one entry for the meeting's news
    held = {place(m.payload) for m in matches if m.payload.get("kind") == "paragraph" and m.payload.get("document")}
    documents = {m.payload.get("document") for m in matches if m.payload.get("kind") == "document"}
    entries: dict[object, list[dict]] = {}
    folded: dict[object, list[dict]] = {}
    for match in matches:
        payload = match.payload
        if payload.get("kind") == "decision":
            where = (payload.get("document"), payload.get("item_number"))
            if where in decided:
                continue
            if where in held:
                folded.setdefault(("paragraph", *where), []).append(payload)
                continue
            if payload.get("document") in documents:
                folded.setdefault(("document", payload.get("document")), []).append(payload)
                continue
        if payload.get("kind") == "paragraph" and payload.get("document"):
            key = ("paragraph", *place(payload))
        elif payload.get("kind") == "document":
            key = ("document", payload.get("document"))
        else:
            key = match.id
        entries.setdefault(key, []).append(payload)
    # the items' entries as the feed makes them, from all the paragraphs at once (one may name another)
    items = {("paragraph", *place(best)): (best, count) for best, count in item_entries(
        [p for key, found in entries.items() if isinstance(key, tuple) and key[0] == "paragraph" for p in found])}
    shown = []
    for key, found in entries.items():
        is_item = isinstance(key, tuple) and key[0] == "paragraph"
        if is_item and key not in items:
            continue  # named under an earlier meeting's entry ("Også i: … (6 afsnit)")
        best, count = items[key] if is_item else (found[0], 1)
        shown.append(({**best, "decisions": folded[key]} if key in folded else best, count))
    return shown


def subject_theme(groups: list[tuple[Follow, list[FollowMatch]]], names: Mapping[int, str],
                  words: DigestWords = DANISH) -> str:
    """What a digest is about, for its subject: the one thing followed, or how many follows."""
    if len(groups) != 1:
        return words.theme_many.format(count=len(groups))
    follow = groups[0][0]
    if follow.kind == "search":
        return words.theme_search.format(query=follow.query)
    if follow.kind == "body":
        return words.theme_body.format(body=follow.target)
    name = names[follow.id]  # "Sag …", "Opfølgning på …": inside a sentence
    return words.theme_other.format(name=f"{name[:1].lower()}{name[1:]}")


def compose(email: str, frequency: str, period: str, groups: list[tuple[Follow, list[FollowMatch]]],
            links: Links, key: bytes, sender: str, names: Mapping[int, str] | None = None,
            language: str | None = None) -> EmailMessage:
    """The digest of `groups` (follow, its matches) for `email`; `names`: each follow in a few
    words by id (`describe_follows`, which names a followed document by its title), in
    `language` ("da" | "en"; by default that of most of the follows in `groups`)."""
    language = language if language in WORDS else digest_language(follow.language for follow, _ in groups)
    words = WORDS[language]
    links = links.in_language(language)  # an English digest opens the app's English pages
    names = {follow.id: describe_follow(follow, language=language) for follow, _ in groups} | dict(names or {})
    shown = {follow.id: grouped(matches) for follow, matches in groups}
    count = sum(len(entries) for entries in shown.values())  # an agenda item's paragraphs are one find
    when = period_label(frequency, period, words)
    all_off = links.unsubscribe(email_token(key, email))
    news = words.news.format(when=when, count=count, found=_found(count, words))
    text: list[str] = [news, ""]
    body: list[str] = [f"<p>{html.escape(news)}</p>"]
    for follow, matches in groups:
        title = names[follow.id]
        off = links.unsubscribe(follow_token(key, follow.id))
        text += [f"== {title} ==", ""]
        body.append(f"<h2>{html.escape(title)}</h2><ol>")
        entries = shown[follow.id]
        for number, (payload, paragraphs) in enumerate(entries[:MAX_PER_FOLLOW], 1):
            where = citation(payload, words) if payload.get("kind") != "problem" else ""
            entry_links = _entry_links(payload, follow, links, words)
            headline, lines = _headline(payload, words), _lines(payload, words)
            if paragraphs > 1:  # "Nyt fund (20 afsnit)": the best of them is shown
                headline += f" ({words.paragraphs.format(count=paragraphs)})"
            text.append(f"{number}. {headline}" + (f": {where}" if where else ""))
            text += [f"   {line}" for line in lines]
            text += [f"   {label}: {url}" for label, url in entry_links]
            text.append("")
            body.append("<li><p><strong>" + html.escape(headline) + "</strong>"
                        + (f"<br><cite>{html.escape(where)}</cite>" if where else "") + "</p>"
                        + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
                        + ("<p>" + " · ".join(f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>'
                                              for label, url in entry_links) + "</p>" if entry_links else "")
                        + "</li>")
        if len(entries) > MAX_PER_FOLLOW:
            more = words.more.format(count=len(entries) - MAX_PER_FOLLOW)
            if follow.kind == "search":  # the rest of the news stands in the search's feed
                feed = links.feed("search", feed_token(key, follow.id), language)
                text += [more, f"   {words.all_news}: {feed}", ""]
                body.append(f'<li>{html.escape(more)} <a href="{html.escape(feed, quote=True)}">'
                            f'{html.escape(words.all_news)}</a></li>')
            else:
                text += [more, ""]
                body.append(f"<li>{html.escape(more)}</li>")
        text += [f"{words.stop_one}: {off}", ""]
        body.append(f'</ol><p><a href="{html.escape(off, quote=True)}">{html.escape(words.stop_one)}</a></p>')
    stop_all = words.stop_all.format(email=email)
    text += ["--", f"{stop_all}: {all_off}"]
    body.append(f'<hr><p><a href="{html.escape(all_off, quote=True)}">{html.escape(stop_all)}</a></p>')

    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = email
    message["Subject"] = (f"{words.archive}: {count} {_found(count, words)} "
                          f"{subject_theme(groups, names, words)} ({when})")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{all_off}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # the API's POST /unsubscribe/{token}
    message.set_content("\n".join(text))
    message.add_alternative(f'<!doctype html><html lang="{language}"><body>' + "".join(body) + "</body></html>",
                            subtype="html")
    message["Content-Language"] = language  # after the content, which clears Content-* headers
    return message
