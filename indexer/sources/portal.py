"""The portal over HTTP: requests in; answers out, politely (a rate limit) and robustly (retries
with backoff on timeouts, connection errors, answers that end early, 5xx and 429, Retry-After honoured; one visit for a
session cookie where a portal wants one). Used by `harvest`.
"""
from __future__ import annotations

import contextlib
import email.utils
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt

from indexer.errors import ArchiveError

if TYPE_CHECKING:
    from indexer.sources.harvest import HarvestReport

T = TypeVar("T")

AUTH_PATH = "/Home/AnonymousAuthentication?callback={callback}"
USER_AGENT = "meeting-archive-harvester/1 (a municipal meeting archive; polite: rate-limited)"
AUTH_PAGE_BYTES = 1_000_000  # the cookie page is small


class HarvestError(ArchiveError):
    """The harvest could not run: the portal or its committee list cannot be reached or read,
    the archive cannot be written, or another harvest of the same portal is running."""


class Throttle:
    """At most `rate` requests a second: each waits until 1/rate after the one before."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self._clock, self._sleep = clock, sleep
        self._next: float | None = None

    def wait(self) -> None:
        now = self._clock()
        if self._next is not None and now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


class Busy(Exception):
    """A status worth retrying (429, 5xx), with the wait the server asked for."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.retry_after = status, retry_after


class Refused(Exception):
    """An answer that retrying will not mend (4xx, not a PDF, too large): reported as is."""


class EndedEarly(Exception):
    """A body that stops short of its end without the transport noticing (no Content-Length, the
    connection closed mid-JSON): a network failure, retried like the others."""


_RETRIED = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError, Busy, EndedEarly)


def _retry_after(value: str | None, now: Callable[[], datetime]) -> float | None:
    """Retry-After in seconds: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now()).total_seconds())


def why_failed(exc: BaseException, tries: int) -> str:
    """One line for what went wrong with a request, after `tries` attempts."""
    after = f" ({tries} tries)" if tries > 1 else ""
    if isinstance(exc, Busy):
        return f"HTTP {exc.status}{after}"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer in time{after}"
    if isinstance(exc, EndedEarly):
        return f"the answer ended early (truncated download?){after}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"half-fetched: the connection closed before the whole response came{after}"
    if isinstance(exc, httpx.NetworkError):
        return f"cannot connect: {exc or type(exc).__name__}{after}"
    return str(exc) or type(exc).__name__


class Portal:
    """The portal's HTTP side: one client, the rate limit, retries, the anonymous session."""

    def __init__(self, base: str, *, rate: float, retries: int, backoff: float, max_wait: float,
                 timeout: float, sleep: Callable[[float], None], report: "HarvestReport") -> None:
        self.base = base
        self.retries, self.backoff, self.max_wait = retries, backoff, max_wait
        self._sleep = sleep
        self._throttle = Throttle(rate, sleep=sleep)
        self._report = report
        self.authenticated = False
        self._client = httpx.Client(timeout=timeout, follow_redirects=True,
                                    headers={"User-Agent": USER_AGENT, "Accept": "application/json, */*"})

    def close(self) -> None:
        self._client.close()

    def _wait(self, state) -> float:
        exc = state.outcome.exception()
        if isinstance(exc, Busy) and exc.retry_after is not None:
            return min(exc.retry_after, self.max_wait)
        return min(self.backoff * 2 ** (state.attempt_number - 1), self.max_wait)

    def _count_retry(self, state) -> None:
        self._report.retries += 1

    def _attempts(self) -> Retrying:
        return Retrying(stop=stop_after_attempt(self.retries + 1), wait=self._wait,
                        retry=retry_if_exception(lambda exc: isinstance(exc, _RETRIED)),
                        sleep=self._sleep, before_sleep=self._count_retry, reraise=True)

    def _send(self) -> None:
        self._throttle.wait()
        self._report.requests += 1

    def _stream(self, path: str, handle: Callable[[httpx.Response], T]) -> T:
        """GET `path` and hand the streamed response to `handle`, retried as `_attempts` says.

        Raises `Gave` once the retries are spent (on `Busy` or httpx's `TransportError`s)."""
        tries = 0
        try:
            for attempt in self._attempts():
                with attempt:
                    tries += 1
                    self._send()
                    with self._client.stream("GET", self.base + path) as response:
                        _raise_busy(response)
                        return handle(response)
        except _RETRIED as exc:
            raise Gave(why_failed(exc, tries)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def get(self, path: str, limit: int, whole: Callable[[bytes], bool] | None = None) -> Answer:
        """The answer to GET `path`, its body read whole and checked against its Content-Length;
        a 200 whose body `whole` finds cut short is retried (`EndedEarly`)."""
        def read(response: httpx.Response) -> Answer:
            answer = Answer(response.status_code, _read(response, limit))
            if whole is not None and answer.status_code == 200 and not whole(answer.content):
                raise EndedEarly
            return answer

        return self._stream(path, read)

    def download(self, path: str, target: Path, limit: int, whole: Callable[[Path], bool] | None = None) -> int:
        """Stream GET `path` into `target` (synced); its size. Raises `Gave` or `Refused`. A body
        sent without Content-Length that `whole` finds cut short is retried (`EndedEarly`)."""
        def save(response: httpx.Response) -> int:
            if response.status_code != 200:
                raise Refused(f"HTTP {response.status_code}")
            size = 0
            with open(target, "wb") as out:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise Refused(f"over {limit / 1e6:.0f} MB: not kept")
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            _check_length(response, size)
            if whole is not None and not response.headers.get("Content-Length") and not whole(target):
                raise EndedEarly
            return size

        return self._stream(path, save)

    def authenticate(self) -> None:
        """One visit to the portal's anonymous login, for the session cookie some portals want
        (the client keeps it). What it answers does not matter."""
        self.authenticated = True
        with contextlib.suppress(Gave):
            self.get(AUTH_PATH.format(callback=quote(self.base + "/", safe="")), limit=AUTH_PAGE_BYTES)


@dataclass(frozen=True)
class Answer:
    status_code: int
    content: bytes


class Gave(Exception):
    """A request that failed after its retries (the message says how)."""


def _raise_busy(response: httpx.Response) -> None:
    if response.status_code == 429 or response.status_code >= 500:
        raise Busy(response.status_code,
                    _retry_after(response.headers.get("Retry-After"), lambda: datetime.now(timezone.utc)))


def _read(response: httpx.Response, limit: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise Refused(f"response over {limit / 1e6:.0f} MB")
        chunks.append(chunk)
    _check_length(response, response.num_bytes_downloaded)
    return b"".join(chunks)


def _check_length(response: httpx.Response, received: int) -> None:
    """A body shorter or longer than its Content-Length is half-fetched (httpx notices a
    connection closed early itself; this catches what it lets through)."""
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and not response.headers.get("Content-Encoding") and int(declared) != received:
        raise httpx.RemoteProtocolError(f"{received} of {declared} bytes")


