"""The API's settings: command-line values and the environment in; one `ApiSettings` out.

    INDEXER_READER_TOKEN         when set, reading needs `Authorization: Bearer <token>` (or Basic
                                 with the token as password: feed readers speak Basic)
    INDEXER_ADMIN_PASSWORD_HASH  the secretariat's password hash (`python -m indexer.roles`);
                                 without it every write is refused
    INDEXER_READ_ONLY=1          refuse every write whatever is configured (`config.read_only`)
    INDEXER_APP_URL, INDEXER_API_URL, INDEXER_DOCUMENTS_URL   links (see indexer/alerts/links.py);
                                 without INDEXER_API_URL, the address `serve` listens at
    INDEXER_SMTP_*               the mail server that asks an address to confirm a follow made
                                 through the API (without it, `alerts send` asks)
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from indexer.alerts.links import Links
from indexer.alerts.mail import SmtpSettings
from indexer import roles
from indexer.config import read_only
from indexer.roles import configured_hash

MAX_BODY_BYTES = 64 * 1024  # any request but an upload: JSON of a follow or a mark is far smaller
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as the app's uploads (indexer/build/uploads.py)


@dataclass(frozen=True)
class ApiSettings:
    index_dir: Path
    archive_dir: Path | None = None  # where uploads go and updates read from; None: no uploads or updates
    reader_token: str | None = None
    admin_hash: str | None = None
    read_only: bool = False
    links: Links = field(default_factory=Links)
    max_body_bytes: int = MAX_BODY_BYTES
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    # Failed logins, per client: wait `login_delay` × 2^(n-1) seconds (at most `login_max_delay`)
    # after the n-th, and `lockout_seconds` after `lockout_after` of them.
    login_delay: float = roles.LOGIN_DELAY
    login_max_delay: float = roles.LOGIN_MAX_DELAY
    lockout_after: int = roles.LOCKOUT_AFTER
    lockout_seconds: float = roles.LOCKOUT_SECONDS
    max_follows_per_address: int = 50
    smtp: SmtpSettings | None = None  # asks an address to confirm a follow at once; None: `alerts send` asks

    @classmethod
    def from_env(cls, index_dir: Path | str, archive_dir: Path | str | None = None,
                 environ: Mapping[str, str] | None = None, *, api_url: str | None = None,
                 **overrides) -> "ApiSettings":
        """Settings from the environment; `api_url`: where this server is reached when
        INDEXER_API_URL does not say (`serve`'s host and port)."""
        environ = os.environ if environ is None else environ
        smtp = SmtpSettings.from_env_if_set(environ)
        values = {
            "index_dir": Path(index_dir), "archive_dir": Path(archive_dir) if archive_dir else None,
            "reader_token": (environ.get("INDEXER_READER_TOKEN") or "").strip() or None,
            "admin_hash": configured_hash(environ=environ),
            "read_only": read_only(environ),
            "links": Links.from_env(environ, api_url=api_url), "smtp": smtp}
        values.update(overrides)
        return cls(**values)
