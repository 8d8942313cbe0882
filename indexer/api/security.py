"""Who may call what: a request's Authorization header and client address in; a `Caller` out,
or 401 / 403 / 429.

Reading is open, or needs the reader token when one is configured. Writing needs the
secretariat's password (HTTP Basic with any user name, which the audit log records as who,
or `Bearer <password>`), checked with `indexer.roles.verify_password`. Failed logins are
throttled per client address: after the n-th failure the client waits delay × 2^(n-1)
seconds (capped), and after `lockout_after` failures it is locked out for a while; every
failure is logged (never the password). The throttle (`indexer.roles.LoginThrottle`) is the
one the app's login uses too.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import logging
import math
from dataclasses import dataclass
from typing import Callable

from fastapi import HTTPException, Request

from indexer.roles import LoginThrottle, verify_password

log = logging.getLogger("indexer.api")

__all__ = ["Caller", "Guard", "LoginThrottle", "client_of"]  # LoginThrottle: shared with the app (indexer.roles)


@dataclass(frozen=True)
class Caller:
    """Who made a request: "secretariat" (or the Basic user name), "reader" or "public", and from where."""

    who: str
    client: str
    secretariat: bool = False


def client_of(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy: configure uvicorn's
    --forwarded-allow-ips, so that this is the reader's, not the proxy's)."""
    return request.client.host if request.client else "unknown"


def _credentials(request: Request) -> tuple[str | None, str | None, str | None]:
    """(scheme, user, secret) of the Authorization header; (None, None, None) without one."""
    header = request.headers.get("authorization")
    if not header:
        return None, None, None
    scheme, _, value = header.partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return "bearer", None, value.strip()
    if scheme == "basic":
        try:
            user, _, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return "basic", None, None
        return "basic", user or None, secret
    return scheme, None, None


def _challenge(status: int, detail: str, retry_after: float | None = None) -> HTTPException:
    headers = {"WWW-Authenticate": 'Basic realm="meeting-archive", charset="UTF-8"'} if status == 401 else {}
    if retry_after is not None:
        headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return HTTPException(status_code=status, detail=detail, headers=headers)


class Guard:
    """The checks the routes depend on (`reader`, `secretariat`), with the throttle and a hook
    that records refused logins in the audit log."""

    def __init__(self, *, reader_token: str | None, admin_hash: str | None, read_only: bool,
                 throttle: LoginThrottle, audit: Callable[..., None]) -> None:
        self.reader_token, self.admin_hash, self.read_only = reader_token, admin_hash, read_only
        self.throttle, self.audit = throttle, audit

    def _refuse(self, client: str, user: str | None, what: str) -> HTTPException:
        failures, pause = self.throttle.failed(client)
        log.warning("failed %s login from %s (user %r): %d in a row, next try in %.0f s",
                    what, client, user, failures, pause)
        self.audit("login_failed", who=user, client=client, target=what, detail=f"{failures} in a row")
        return _challenge(401, f"wrong {what} credentials", pause if failures >= 2 else None)

    def _throttled(self, client: str) -> None:
        wait = self.throttle.wait(client)
        if wait > 0:
            log.warning("login from %s refused: throttled for %.0f s more", client, wait)
            raise _challenge(429, "too many failed logins from this address; try again later", wait)

    def secretariat(self, request: Request) -> Caller:
        """A caller with the secretariat's password, else 401 (403 when writes are off, 429 when throttled)."""
        if self.read_only or not self.admin_hash:
            raise HTTPException(status_code=403, detail="writing is switched off on this server")
        return self._password(request)

    def secretariat_reading(self, request: Request) -> Caller:
        """A caller with the secretariat's password, for what only the secretariat may read (every
        follow, the audit log): 403 only when no password is configured (read-only reads too)."""
        if not self.admin_hash:
            raise HTTPException(status_code=403, detail="only the secretariat may read this, and no secretariat "
                                                        "password is set on this server (INDEXER_ADMIN_PASSWORD_HASH)")
        return self._password(request)

    def follower(self, request: Request) -> Caller:
        """Whoever may follow: a reader (`reader`); the secretariat when the request carries its
        password (its follows need no confirmation), a wrong one being refused as any login.
        Where writing is off, the password counts for nothing here."""
        caller = self.reader(request)
        if caller.secretariat or self.read_only or not self.admin_hash:
            return caller
        scheme, _, secret = _credentials(request)
        if scheme is None or (secret and self.reader_token
                              and hmac.compare_digest(secret.encode("utf-8"), self.reader_token.encode("utf-8"))):
            return caller  # no credentials, or the reader token: a reader's follow
        return self._password(request)

    def _password(self, request: Request) -> Caller:
        client = client_of(request)
        scheme, user, secret = _credentials(request)
        if secret is None and scheme is None:
            raise _challenge(401, "the secretariat's password is needed")
        self._throttled(client)
        if not secret or not verify_password(secret, self.admin_hash):
            raise self._refuse(client, user, "secretariat")
        self.throttle.succeeded(client)
        return Caller(user or "secretariat", client, secretariat=True)

    def reader(self, request: Request) -> Caller:
        """Anyone when reading is open; else the reader token (or the secretariat's password)."""
        client = client_of(request)
        if not self.reader_token:
            return Caller("public", client)
        scheme, user, secret = _credentials(request)
        if scheme is None:
            raise _challenge(401, "a reader token is needed (Authorization: Bearer <token>)")
        self._throttled(client)
        if secret and hmac.compare_digest(secret.encode("utf-8"), self.reader_token.encode("utf-8")):
            self.throttle.succeeded(client)
            return Caller(user or "reader", client)
        if secret and self.admin_hash and verify_password(secret, self.admin_hash):
            self.throttle.succeeded(client)
            return Caller(user or "secretariat", client, secretariat=True)
        raise self._refuse(client, user, "reader")
