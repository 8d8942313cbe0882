"""Who may change the archive: a password in; whether it is the secretariat's out.

Searching is open to everyone. Uploading, re-indexing, correcting metadata and deleting
need the secretariat's password, configured only as a salted hash (never the password):

    python -m indexer.roles            # asks twice, prints the line to put in the settings

in `.streamlit/secrets.toml` as `admin_password_hash = "..."` or in the environment as
INDEXER_ADMIN_PASSWORD_HASH. Without a hash (or with `--read-only`) those controls are hidden.

Failed logins are throttled per client, the same way in the app and the HTTP API
(`LoginThrottle`, `attempt_login`): after the n-th failure in a row the client waits
2^(n-1) seconds (at most a minute) and after ten it is locked out for 15 minutes; while it
waits, a password is not even checked (each check costs a 600,000-iteration hash).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable, Mapping

ENV_VAR = "INDEXER_ADMIN_PASSWORD_HASH"
SECRET_KEY = "admin_password_hash"
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256
# Failed logins per client: wait LOGIN_DELAY × 2^(n-1) s after the n-th (at most LOGIN_MAX_DELAY),
# and LOCKOUT_SECONDS after LOCKOUT_AFTER of them in a row.
LOGIN_DELAY = 1.0
LOGIN_MAX_DELAY = 60.0
LOCKOUT_AFTER = 10
LOCKOUT_SECONDS = 15 * 60
_MAX_CLIENTS = 10_000  # throttle entries kept; the oldest go first


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """`pbkdf2_sha256$<iterations>$<salt>$<hash>` (base64) for `password`, with a fresh random salt."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    encode = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731 - one line, used twice
    return f"{ALGORITHM}${iterations}${encode(salt)}${encode(digest)}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches the stored hash; a missing or malformed hash matches nothing."""
    try:
        algorithm, iterations, salt, expected = (stored or "").strip().split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
        return hmac.compare_digest(digest, base64.b64decode(expected))
    except ValueError:  # wrong number of fields, bad base64, bad number
        return False


def hash_problem(stored: str | None) -> str | None:
    """Why a configured hash can match no password (None where it is well formed, or none is set): the
    usual cause, the README's line written in double quotes, the shell having replaced its `$…` parts."""
    if not stored:
        return None
    fields = stored.strip().split("$")
    try:
        well_formed = (len(fields) == 4 and fields[0] == ALGORITHM and int(fields[1]) > 0
                       and base64.b64decode(fields[2], validate=True) and base64.b64decode(fields[3], validate=True))
    except ValueError:
        well_formed = False
    if well_formed:
        return None
    return (f"{ENV_VAR} is not a hash `python -m indexer.roles` made ({ALGORITHM}$<iterations>$<salt>$<hash>): no "
            "password matches it; set it in single quotes, where the shell leaves its $ signs alone")


def configured_hash(secrets: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The secretariat's password hash: the environment variable wins over Streamlit secrets."""
    environ = os.environ if environ is None else environ
    value = environ.get(ENV_VAR) or (secrets or {}).get(SECRET_KEY)
    return str(value).strip() or None if value else None


class LoginThrottle:
    """Failed logins per client (an address, or whatever names the caller): how long each must
    wait before its next try. Thread-safe; one per process (the app's and the API's each)."""

    def __init__(self, delay: float = LOGIN_DELAY, max_delay: float = LOGIN_MAX_DELAY,
                 lockout_after: int = LOCKOUT_AFTER, lockout_seconds: float = LOCKOUT_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.delay, self.max_delay = delay, max_delay
        self.lockout_after, self.lockout_seconds = lockout_after, lockout_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}  # client -> (failures, may try again at)

    def wait(self, client: str) -> float:
        """Seconds `client` must wait before its next login (0: it may try now)."""
        with self._lock:
            failures, until = self._failures.get(client, (0, 0.0))
            return max(0.0, until - self.clock()) if failures else 0.0

    def failures(self, client: str) -> int:
        """Failed logins of `client` in a row."""
        with self._lock:
            return self._failures.get(client, (0, 0.0))[0]

    def failed(self, client: str) -> tuple[int, float]:
        """Count a failure; returns (failures so far, seconds to wait now)."""
        with self._lock:
            failures = self._failures.pop(client, (0, 0.0))[0] + 1
            if failures >= self.lockout_after:
                pause = self.lockout_seconds
            else:
                pause = min(self.max_delay, self.delay * 2 ** (failures - 1))
            self._failures[client] = (failures, self.clock() + pause)
            while len(self._failures) > _MAX_CLIENTS:
                self._failures.pop(next(iter(self._failures)))
            return failures, pause

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


@dataclass(frozen=True)
class LoginAttempt:
    """How one login went: `ok`; else `throttled` (refused unchecked: too soon after a failure),
    `failures` in a row, and `wait`: seconds before the next try is checked."""

    ok: bool
    throttled: bool = False
    failures: int = 0
    wait: float = 0.0


def attempt_login(throttle: LoginThrottle, client: str, password: str | None, stored: str | None) -> LoginAttempt:
    """Check `password` against the stored hash, unless `client` must still wait after failures.

    A throttled attempt is refused without hashing and counts no further failure."""
    wait = throttle.wait(client)
    if wait > 0:
        return LoginAttempt(False, throttled=True, failures=throttle.failures(client), wait=wait)
    if password and verify_password(password, stored):
        throttle.succeeded(client)
        return LoginAttempt(True)
    failures, pause = throttle.failed(client)
    return LoginAttempt(False, failures=failures, wait=pause)


def main(argv: list[str] | None = None) -> int:
    """Ask for a password twice and print the settings line with its hash. Without a terminal or
    on Ctrl-D (input ended) or Ctrl-C: one line saying nothing was made, exit status 1 (130)."""
    import argparse
    import getpass
    import warnings

    argparse.ArgumentParser(
        prog="python -m indexer.roles",
        description="Ask for the secretariat's password twice and print the settings line with its salted hash "
                    f"(for .streamlit/secrets.toml as {SECRET_KEY}, or the environment as {ENV_VAR}).").parse_args(
        sys.argv[1:] if argv is None else argv)
    try:
        with warnings.catch_warnings():
            # Without a terminal getpass reads stdin and says so itself ("Password input may be echoed").
            warnings.simplefilter("ignore", getpass.GetPassWarning)
            first = getpass.getpass("Password for the secretariat: ")
            again = getpass.getpass("Once more: ") if len(first) >= 8 else ""
    except (EOFError, KeyboardInterrupt) as exc:
        stopped = isinstance(exc, KeyboardInterrupt)
        # after the prompt, on a line of its own
        print("\n" + ("Stopped" if stopped else "No password given (the input ended, or there is no terminal to "
                                                "ask on)") + "; nothing was made.", file=sys.stderr)
        return 130 if stopped else 1
    if len(first) < 8 or first != again:
        print("The passwords differ or are shorter than 8 characters; nothing was made.", file=sys.stderr)
        return 1
    value = hash_password(first)
    print(f'{SECRET_KEY} = "{value}"    # .streamlit/secrets.toml\nor: export {ENV_VAR}=\'{value}\'')
    return 0


if __name__ == "__main__":
    sys.exit(main())
