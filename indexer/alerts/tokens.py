"""Unsubscribe, confirmation and feed tokens: a follow id (or a whole address) in, a signed URL-safe token
out, and back. A saved search's feed is addressed by one too, so nobody can list what others
follow by counting ids (its subject, "feed:12", stops nothing). Signed with HMAC-SHA256 under INDEXER_ALERTS_SECRET or, without it, a key made once
per index and kept in its database; nobody can make a token for someone else's follow.

A follow's id is never reused (AUTOINCREMENT), so an old link cannot remove a newer follow.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

SECRET_ENV = "INDEXER_ALERTS_SECRET"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_key(index_dir: Path | str) -> bytes:
    """The key unsubscribe tokens are signed with (the environment's, else the index's own)."""
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured.encode("utf-8")
    from indexer.alerts.follows import alert_store

    with alert_store(index_dir) as store:
        with store.writing():
            return store.alert_secret()


def make_token(key: bytes, subject: str) -> str:
    """A token for `subject` ("follow:12" or "email:a@b.dk")."""
    payload = subject.encode("utf-8")
    signature = hmac.new(key, b"unsubscribe\0" + payload, hashlib.sha256).digest()[:16]
    return f"{_b64(payload)}.{_b64(signature)}"


def read_token(key: bytes, token: str) -> str | None:
    """The subject a token was made for, or None when it is malformed or not signed by `key`."""
    try:
        payload_text, signature_text = token.split(".")
        payload, signature = _unb64(payload_text), _unb64(signature_text)
    except ValueError:  # no dot, several dots, bad base64
        return None
    # base64 leaves spare bits in the last character; only the one spelling a token was made with counts
    if _b64(payload) != payload_text or _b64(signature) != signature_text:
        return None
    expected = hmac.new(key, b"unsubscribe\0" + payload, hashlib.sha256).digest()[:16]
    if not hmac.compare_digest(signature, expected):
        return None
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return None


def follow_token(key: bytes, follow_id: int) -> str:
    return make_token(key, f"follow:{follow_id}")


def email_token(key: bytes, email: str) -> str:
    return make_token(key, f"email:{email}")


def confirm_token(key: bytes, follow_id: int) -> str:
    """The link that confirms a pending follow (`indexer.alerts.confirm`)."""
    return make_token(key, f"confirm:{follow_id}")


def confirm_follow_id(key: bytes, token: str) -> int | None:
    """The follow id a confirmation token names, or None when it is not one signed by `key`."""
    kind, _, value = (read_token(key, token) or "").partition(":")
    return int(value) if kind == "confirm" and value.isdigit() else None


def feed_token(key: bytes, follow_id: int) -> str:
    """The name of a saved search's feed in its address (`Links.feed("search", …)`)."""
    return make_token(key, f"feed:{follow_id}")


def feed_follow(key: bytes, token: str) -> int | None:
    """The follow id a feed token names, or None when it is not one signed by `key`."""
    kind, _, value = (read_token(key, token) or "").partition(":")
    return int(value) if kind == "feed" and value.isdigit() else None


def unsubscribe(index_dir: Path | str, token: str) -> int | None:
    """Remove what a token names (one follow, or every follow of an address).

    Returns how many follows were removed (0: already gone), or None for a token that is not valid."""
    from indexer.alerts.follows import alert_store

    subject = read_token(signing_key(index_dir), token)
    if subject is None:
        return None
    kind, _, value = subject.partition(":")
    with alert_store(index_dir) as store:
        with store.writing():
            if kind == "follow" and value.isdigit():
                return store.delete_follows([int(value)])
            if kind == "email" and value:
                return store.delete_follows([f.id for f in store.follows(value)])
    return None


def token_follows(index_dir: Path | str, token: str) -> list | None:
    """The follows a token would stop (empty: already gone), or None for a token that is not
    valid; nothing is removed (a page can ask before `unsubscribe`)."""
    from indexer.alerts.follows import alert_store

    subject = read_token(signing_key(index_dir), token)
    if subject is None:
        return None
    kind, _, value = subject.partition(":")
    with alert_store(index_dir) as store:
        if kind == "follow" and value.isdigit():
            found = store.follow(int(value))
            return [found] if found is not None else []
        if kind == "email" and value:
            return store.follows(value)
    return None


def token_language(index_dir: Path | str, token: str) -> str:
    """The language of the follows a link names, as their digest's (`words.digest_language`): its
    page speaks it; Danish when none is left or the link is not valid."""
    from indexer.alerts.words import digest_language

    return digest_language(f.language for f in token_follows(index_dir, token) or ())


def follow_addresses(key: bytes, follow, links) -> dict:
    """A follow's `unsubscribe` link and, for a search, a body or a case, its `feed`: what
    `POST /follows` answers, and what the secretariat's lists (`GET /follows`, `alerts list`) show."""
    addresses = {"unsubscribe": links.in_language(follow.language).unsubscribe(follow_token(key, follow.id))}
    if follow.kind == "search":
        addresses["feed"] = links.feed("search", feed_token(key, follow.id))
    elif follow.kind in ("body", "case"):
        addresses["feed"] = links.feed(follow.kind, follow.target, follow.language)
    return addresses
