"""Defaults, in one place. Callers pass overrides in; nothing below reads them from deep inside."""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
DEFAULT_ARCHIVE_DIR = Path("archive")
DEFAULT_INDEX_DIR = Path("index")

# Paragraph sizes (characters) for retrieval chunks.
MIN_PARAGRAPH_CHARS = 60
TARGET_MAX_PARAGRAPH_CHARS = 1000


def model_cache_dir() -> Path:
    """Where models built from bundled weights are kept (per user; INDEXER_CACHE_DIR overrides)."""
    override = os.environ.get("INDEXER_CACHE_DIR")
    return Path(override) if override else Path(user_cache_dir("meeting-archive", appauthor=False))
