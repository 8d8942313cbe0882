"""What the minutes say: paragraphs in, `Decision`s, `FollowUp`s (promises of later action and
where they were taken up again) and the meeting view out.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


def _rules_version() -> str:
    """A digest of the extraction rules' source: an index extracted with other rules extracts
    again on its next build (from its stored paragraphs; nothing is read or embedded again)."""
    digest = hashlib.sha256()
    # This folder's modules only: a subpackage (`people`) is worked out when the archive is asked, never stored.
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:12]


RULES_VERSION = _rules_version()
