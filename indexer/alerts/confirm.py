"""Double opt-in: a follow made by anyone (the API without the secretariat's password) is
pending until its address confirms it. A pending follow in; one e-mail to its address, in its
language, with a signed link (`tokens.confirm_token`) out; the link, opened, only asks (mail
scanners open links too), and its page's button POSTs to confirm, as the unsubscribe link does.

Nothing is collected or sent for a pending follow; one not confirmed within `PENDING_DAYS` is
removed. A confirmation mail is sent once: right after the follow is made, or, when the mail
server could not take it then, by the next `alerts send`.
"""
from __future__ import annotations

import html
import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from indexer.alerts.digest import MAIL_POLICY
from indexer.alerts.follows import alert_store, describe_follows, expire_pending, utc_now
from indexer.alerts.links import Links
from indexer.alerts.mail import Mailer, SmtpSettings
from indexer.alerts.tokens import confirm_follow_id, confirm_token, signing_key
from indexer.alerts.words import WORDS
from indexer.store.follows import PENDING_DAYS, Follow

log = logging.getLogger("indexer.alerts")


def compose_confirmation(follow: Follow, name: str, links: Links, key: bytes, sender: str) -> EmailMessage:
    """The mail asking `follow.email` to confirm `follow` (`name`: it in a few words), in its language."""
    words = WORDS.get(follow.language, WORDS["da"])
    link = links.confirm(confirm_token(key, follow.id))
    lines = [words.confirm_intro.format(email=follow.email, name=name), words.confirm_ask,
             words.confirm_ignore.format(days=PENDING_DAYS)]
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = follow.email
    message["Subject"] = f"{words.archive}: {words.confirm_subject.format(name=name)}"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(f"{lines[0]}\n\n{lines[1]}\n{link}\n\n{lines[2]}\n")
    message.add_alternative(
        f'<!doctype html><html lang="{follow.language}"><body><p>{html.escape(lines[0])}</p>'
        f'<p>{html.escape(lines[1])}<br><a href="{html.escape(link, quote=True)}">{html.escape(link)}</a></p>'
        f"<p>{html.escape(lines[2])}</p></body></html>", subtype="html")
    message["Content-Language"] = follow.language  # after the content, which clears Content-* headers
    return message


def send_confirmations(index_dir: Path | str, mailer: Mailer, settings: SmtpSettings, links: Links,
                       ids: list[int] | None = None, now=None) -> tuple[int, list[tuple[str, str]]]:
    """Send the confirmation mail of every pending follow that has none yet (or of those in
    `ids`); a follow is marked only once the server accepted its mail. Returns (how many were
    sent, [(address, why not)]); the first failure to reach the server ends the run."""
    at = utc_now(now)
    key = signing_key(index_dir)
    sent, failed = 0, []
    with alert_store(index_dir) as store:
        with store.writing():
            expire_pending(store, at)
        waiting = [f for f in store.follows() if f.pending and f.confirm_sent_at is None
                   and (ids is None or f.id in ids)]
        for follow in waiting:
            name = describe_follows(store, [follow], follow.language)[follow.id]
            try:
                mailer.send(compose_confirmation(follow, name, links, key, settings.sender))
            except (smtplib.SMTPException, OSError) as exc:
                failed.append((follow.email, f"{type(exc).__name__}: {exc}"))
                if not isinstance(exc, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)):
                    break  # the server is down: the next run tries again
                continue
            with store.writing():
                store.confirmation_sent(follow.id, at)
            sent += 1
    return sent, failed


def ask_to_confirm(index_dir: Path | str, follow: Follow, settings: SmtpSettings | None, links: Links) -> bool:
    """Send `follow`'s confirmation mail now; whether the server took it (when not, or with no
    mail server configured, the next `alerts send` sends it)."""
    if settings is None:
        log.warning("no mail server configured: follow %d waits for `alerts send` to ask %s to confirm it",
                    follow.id, follow.email)
        return False
    with Mailer(settings) as mailer:
        sent, failed = send_confirmations(index_dir, mailer, settings, links, [follow.id])
    for email, why in failed:
        log.warning("could not ask %s to confirm follow %d now (the next `alerts send` will): %s",
                    email, follow.id, why)
    return bool(sent)


def pending_of(index_dir: Path | str, token: str) -> tuple[bool, Follow | None]:
    """(whether the token is a valid confirmation link, the follow it names or None when it is gone)."""
    from indexer.alerts.follows import get_follow

    follow_id = confirm_follow_id(signing_key(index_dir), token)
    if follow_id is None:
        return False, None
    with alert_store(index_dir) as store:
        if not store.read_only:
            with store.writing():
                expire_pending(store)
        return True, store.follow(follow_id)


def confirm(index_dir: Path | str, token: str, now=None) -> tuple[bool, Follow | None, bool]:
    """Confirm the follow a link names: (the link is valid, the follow or None when gone,
    whether it was confirmed now: False when it already was)."""
    follow_id = confirm_follow_id(signing_key(index_dir), token)
    if follow_id is None:
        return False, None, False
    at = utc_now(now)
    with alert_store(index_dir) as store:
        with store.writing():
            expire_pending(store, at)
            done = store.confirm_follow(follow_id, at)
        return True, store.follow(follow_id), done
