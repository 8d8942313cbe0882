"""Who may change the archive: a password in; whether it is the secretariat's out.

Searching is open to everyone. Uploading, re-indexing, correcting metadata and deleting
need the secretariat's password, configured only as a salted hash (never the password):

    python -m indexer.roles            # asks twice, prints the line to put in the settings

in `.streamlit/secrets.toml` as `admin_password_hash = "..."` or in the environment as
INDEXER_ADMIN_PASSWORD_HASH. Without a hash (or with `--read-only`) those controls are hidden.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys
from typing import Mapping

ENV_VAR = "INDEXER_ADMIN_PASSWORD_HASH"
SECRET_KEY = "admin_password_hash"
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256


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


def configured_hash(secrets: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The secretariat's password hash: the environment variable wins over Streamlit secrets."""
    environ = os.environ if environ is None else environ
    value = environ.get(ENV_VAR) or (secrets or {}).get(SECRET_KEY)
    return str(value).strip() or None if value else None


def main(argv: list[str] | None = None) -> int:
    """Ask for a password twice and print the settings line with its hash."""
    import getpass

    first = getpass.getpass("Password for the secretariat: ")
    if len(first) < 8 or first != getpass.getpass("Once more: "):
        print("The passwords differ or are shorter than 8 characters; nothing was made.", file=sys.stderr)
        return 1
    value = hash_password(first)
    print(f'{SECRET_KEY} = "{value}"    # .streamlit/secrets.toml\nor: export {ENV_VAR}=\'{value}\'')
    return 0


if __name__ == "__main__":
    sys.exit(main())
