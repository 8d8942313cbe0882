"""What the minutes say: paragraphs in, `Decision`s, `FollowUp`s (promises of later action and
where they were taken up again) and the meeting view out.
"""
from __future__ import annotations

from pathlib import Path

from indexer.config import code_version

# An index extracted with other rules extracts again on its next build (from its stored paragraphs; nothing is
# read or embedded again). This folder's modules only: a subpackage (`people`) is worked out when the archive is
# asked, never stored.
RULES_VERSION = code_version(Path(__file__).parent)
