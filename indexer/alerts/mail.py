"""The mail server: settings from the environment in; a message handed to SMTP out (or an
exception saying why not).

    INDEXER_SMTP_HOST      the server (required to send)
    INDEXER_SMTP_PORT      default 587 with STARTTLS, 25 without, 465 with INDEXER_SMTP_SSL=1
    INDEXER_SMTP_STARTTLS  1 (default when a user is set) or 0
    INDEXER_SMTP_SSL       1: TLS from the first byte (port 465)
    INDEXER_SMTP_USER, INDEXER_SMTP_PASSWORD   login, when the server wants one
    INDEXER_SMTP_FROM      the sender address (default moedearkiv@<host>)
    INDEXER_SMTP_TIMEOUT   seconds (default 30)

A server that is down or busy when a run connects is asked again (three tries, 2 s and 4 s apart),
then the run reports it and keeps the digests for the next.
"""
from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Mapping

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from indexer.errors import InvalidInput

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    user: str | None = None
    password: str | None = None
    sender: str = "moedearkiv@localhost"
    timeout: float = 30.0
    # A server that is down or busy (refused, timed out, a 4xx greeting) is asked again, ATTEMPTS times
    # in all, `retry_wait` seconds apart and doubling, before the run reports it and keeps the digests.
    retry_wait: float = 2.0

    def __repr__(self) -> str:  # never print the password
        return (f"SmtpSettings(host={self.host!r}, port={self.port}, starttls={self.starttls}, ssl={self.ssl}, "
                f"user={self.user!r}, sender={self.sender!r})")

    @classmethod
    def from_env_if_set(cls, environ: Mapping[str, str] | None = None) -> "SmtpSettings | None":
        """`from_env`, or None where no usable mail server is set (a confirmation mail then waits
        for `alerts send`)."""
        try:
            return cls.from_env(environ)
        except InvalidInput:
            return None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "SmtpSettings":
        """Settings from INDEXER_SMTP_*.

        Raises:
            InvalidInput: no host, or a port that is not a number.
        """
        environ = os.environ if environ is None else environ
        host = (environ.get("INDEXER_SMTP_HOST") or "").strip()
        if not host:
            raise InvalidInput("no mail server: set INDEXER_SMTP_HOST (and INDEXER_SMTP_PORT, _USER, _PASSWORD, _FROM)")
        user = environ.get("INDEXER_SMTP_USER") or None
        use_ssl = (environ.get("INDEXER_SMTP_SSL") or "").lower() in _TRUE
        starttls_value = environ.get("INDEXER_SMTP_STARTTLS")
        # Never send a password in clear text unless told to: STARTTLS is the default with a login.
        starttls = (starttls_value.lower() in _TRUE) if starttls_value else (user is not None and not use_ssl)
        try:
            port = int(environ.get("INDEXER_SMTP_PORT") or (465 if use_ssl else 587 if starttls else 25))
            timeout = float(environ.get("INDEXER_SMTP_TIMEOUT") or 30)
        except ValueError:
            raise InvalidInput("INDEXER_SMTP_PORT and INDEXER_SMTP_TIMEOUT must be numbers") from None
        return cls(host=host, port=port, starttls=starttls, ssl=use_ssl, user=user,
                   password=environ.get("INDEXER_SMTP_PASSWORD") or None,
                   sender=environ.get("INDEXER_SMTP_FROM") or f"moedearkiv@{host}", timeout=timeout)


ATTEMPTS = 3


def _passing(error: BaseException) -> bool:
    """Whether a failure to connect may pass: the server down or busy (refused, timed out, "421 try
    later"), not a refusal that asking again does not change (a wrong password, 5xx)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (OSError, smtplib.SMTPServerDisconnected))


class Mailer:
    """One SMTP connection for a run, opened on first use.

    `send` returns only when the server accepted the message for the recipient; anything else
    raises (smtplib.SMTPException or OSError), and the caller keeps the digest pending."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.ssl:
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            smtp.ehlo()
            if s.starttls:
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user:
                smtp.login(s.user, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _connect_retrying(self) -> smtplib.SMTP:
        retrying = Retrying(stop=stop_after_attempt(ATTEMPTS), reraise=True, retry=retry_if_exception(_passing),
                            wait=wait_exponential(multiplier=self.settings.retry_wait, max=30))
        return retrying(self._connect)

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect_retrying()
        try:
            refused = self._smtp.send_message(message)
        except (smtplib.SMTPServerDisconnected, OSError):
            self.close()
            raise
        if refused:  # some recipients refused: a digest has one, so this is not delivery
            raise smtplib.SMTPRecipientsRefused(refused)

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def __enter__(self) -> "Mailer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
