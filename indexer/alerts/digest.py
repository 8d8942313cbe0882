"""One person's digest as an e-mail: their follows, each with the matches found for it, in;
an `EmailMessage` (plain text and HTML, every archive text escaped in the HTML) out.

Every match is cited exactly (body · meeting date · title · agenda item · page · case) and
links to the app and to the original; every follow has its own unsubscribe link, and the
message a List-Unsubscribe header (RFC 8058 one-click) that stops all of the address's follows.
"""
from __future__ import annotations

import html
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Mapping

from indexer.alerts.citations import citation
from indexer.alerts.follows import describe_follow
from indexer.alerts.links import Links
from indexer.alerts.tokens import email_token, follow_token
from indexer.present.wording import long_date
from indexer.store.follows import Follow, FollowMatch

EXCERPT_CHARS = 600
MAX_PER_FOLLOW = 30  # a digest stays readable; the rest is counted and found in the app
OUTCOMES = {"approved": "godkendt", "rejected": "forkastet", "postponed": "udsat",
            "noted": "taget til efterretning", "recommended": "anbefalet", "sent_on": "sendt videre",
            "unknown": "ukendt udfald"}
STATUSES = {"open": "åben", "done": "udført", "dismissed": "afvist"}
# SMTP's own line limit (RFC 5322: 998): the default folds headers at 78 characters, which turns
# the long List-Unsubscribe URL into RFC 2047 encoded words that mail programs cannot follow.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word before `limit` characters."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def period_label(frequency: str, period: str) -> str:
    if frequency == "weekly":
        year, _, week = period.partition("-W")
        return f"uge {int(week)} {year}" if week.isdigit() else period
    return long_date(period) or period


def _headline(payload: dict) -> str:
    """What kind of news a match is, in a few words."""
    kind = payload.get("kind")
    if kind == "decision":
        return f"Beslutning ({OUTCOMES.get(payload.get('outcome'), payload.get('outcome') or '')})"
    if kind == "meeting":
        return "Nyt fra mødet"
    if kind == "document":
        return "Nyt dokument i sagen"
    if kind == "follow_up":
        return f"Opfølgning markeret {STATUSES.get(payload.get('status'), payload.get('status'))}"
    if kind == "follow_up_link":  # a link by similarity alone is a lead to check (FollowUpLink.rule)
        return "Opfølgning muligvis taget op igen" if payload.get("rule") == "similar" else "Opfølgning taget op igen"
    return "Nyt fund"


def _lines(payload: dict) -> list[str]:
    """The match's own words: the text, and what its kind adds (agenda items, the promise, a note)."""
    if payload.get("kind") == "problem":
        return [f"Overvågningen kan ikke længere tjekkes: {payload.get('text')}"]
    lines = [excerpt(payload.get("text") or "")] if payload.get("text") else []
    for item in payload.get("items") or ():
        outcome = f" — {OUTCOMES.get(item.get('outcome'), item.get('outcome'))}" if item.get("outcome") else ""
        lines.append(f"punkt {item.get('number') or '-'} {item.get('title') or ''}{outcome}".rstrip())
    if payload.get("kind") == "follow_up_link":
        lines.append(f"Løftet: {excerpt(payload.get('follow_up_text') or '', 300)}")
    if payload.get("kind") == "follow_up" and payload.get("note"):
        lines.append(f"Note: {payload['note']}")
    return lines


def _entry_links(payload: dict, follow: Follow, links: Links) -> list[tuple[str, str]]:
    if payload.get("kind") == "problem" or not payload.get("document"):
        return []
    item = payload.get("item_number")  # the app marks and scrolls to the agenda item
    found = [("Læs i mødearkivet", links.meeting(payload["document"], item))]
    if follow.kind == "search":
        found.append(("Søgningen i mødearkivet", links.search(follow.query or "", follow.filters)))
    original = links.original(payload["document"], payload.get("page"), item)
    if original != found[0][1]:
        found.append(("Originalen", original))
    return found


def subject_theme(groups: list[tuple[Follow, list[FollowMatch]]], names: Mapping[int, str]) -> str:
    """What a digest is about, for its subject: the one thing followed, or how many follows."""
    if len(groups) != 1:
        return f"fra {len(groups)} overvågninger"
    follow = groups[0][0]
    if follow.kind == "search":
        return f"om »{follow.query}«"
    if follow.kind == "body":
        return f"fra {follow.target}"
    name = names[follow.id]  # "Sag …", "Opfølgning på …": inside a sentence
    return f"om {name[:1].lower()}{name[1:]}"


def compose(email: str, frequency: str, period: str, groups: list[tuple[Follow, list[FollowMatch]]],
            links: Links, key: bytes, sender: str, names: Mapping[int, str] | None = None) -> EmailMessage:
    """The digest of `groups` (follow, its matches) for `email`; `names`: each follow in a few
    words by id (`describe_follows`, which names a followed document by its title)."""
    names = {follow.id: describe_follow(follow) for follow, _ in groups} | dict(names or {})
    count = sum(len(matches) for _, matches in groups)
    when = period_label(frequency, period)
    all_off = links.unsubscribe(email_token(key, email))
    text: list[str] = [f"Nyt i mødearkivet ({when}): {count} {'nyt fund' if count == 1 else 'nye fund'}.", ""]
    body: list[str] = [f"<p>Nyt i mødearkivet ({html.escape(when)}): {count} "
                       f"{'nyt fund' if count == 1 else 'nye fund'}.</p>"]
    for follow, matches in groups:
        title = names[follow.id]
        off = links.unsubscribe(follow_token(key, follow.id))
        text += [f"== {title} ==", ""]
        body.append(f"<h2>{html.escape(title)}</h2><ol>")
        for number, match in enumerate(matches[:MAX_PER_FOLLOW], 1):
            payload = match.payload
            where = citation(payload) if payload.get("kind") != "problem" else ""
            entry_links = _entry_links(payload, follow, links)
            text.append(f"{number}. {_headline(payload)}" + (f": {where}" if where else ""))
            text += [f"   {line}" for line in _lines(payload)]
            text += [f"   {label}: {url}" for label, url in entry_links]
            text.append("")
            body.append("<li><p><strong>" + html.escape(_headline(payload)) + "</strong>"
                        + (f"<br><cite>{html.escape(where)}</cite>" if where else "") + "</p>"
                        + "".join(f"<p>{html.escape(line)}</p>" for line in _lines(payload))
                        + ("<p>" + " · ".join(f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>'
                                              for label, url in entry_links) + "</p>" if entry_links else "")
                        + "</li>")
        if len(matches) > MAX_PER_FOLLOW:
            more = f"… og {len(matches) - MAX_PER_FOLLOW} fund mere."
            text += [more, ""]
            body.append(f"<li>{html.escape(more)}</li>")
        text += [f"Stop denne overvågning: {off}", ""]
        body.append(f'</ol><p><a href="{html.escape(off, quote=True)}">Stop denne overvågning</a></p>')
    text += ["--", f"Stop alle overvågninger for {email}: {all_off}"]
    body.append(f'<hr><p><a href="{html.escape(all_off, quote=True)}">Stop alle overvågninger for '
                f'{html.escape(email)}</a></p>')

    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = email
    message["Subject"] = (f"Mødearkivet: {count} {'nyt fund' if count == 1 else 'nye fund'} "
                          f"{subject_theme(groups, names)} ({when})")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{all_off}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # the API's POST /unsubscribe/{token}
    message.set_content("\n".join(text))
    message.add_alternative("<!doctype html><html><body>" + "".join(body) + "</body></html>", subtype="html")
    return message
