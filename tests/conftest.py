"""Shared pytest fixtures: one model, one built sample archive, for the whole session."""
from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from hypothesis import settings

from .paths import SAMPLE_ARCHIVE, SAMPLE_MINUTES

# The property tests try the same examples every run, so a run is red only for a change;
# `HYPOTHESIS_PROFILE=explore python -m pytest tests/test_fuzz_ingest.py` looks for new ones.
settings.register_profile("fixed", derandomize=True)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))


class MemoEmbedder:
    """The real `Embedder`, remembering each text's vector.

    Many tests build small archives from the same sample files; embedding each paragraph
    once per session keeps the suite fast without changing a single vector.
    """

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self._passages: dict[str, np.ndarray] = {}

    def __getattr__(self, name):  # identity, dimension, model, model_dir, backend …
        return getattr(self._embedder, name)

    def embed_passages(self, texts, **kwargs) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._passages))
        if missing:
            for text, vector in zip(missing, self._embedder.embed_passages(missing, **kwargs)):
                self._passages[text] = vector
        if not texts:
            return np.zeros((0, self._embedder.dimension), dtype=np.float32)
        return np.stack([self._passages[t] for t in texts])

    def embed_queries(self, texts) -> np.ndarray:
        return self._embedder.embed_queries(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embedder.embed_query(text)


@pytest.fixture(scope="session")
def embedder():
    """One model for the whole session: loading it takes seconds.
    The bundled model is built once into the per-user cache (INDEXER_CACHE_DIR overrides)."""
    from indexer.embed.embedder import Embedder

    return MemoEmbedder(Embedder())


# Fixtures that load the model or build an index: a test using one is slow.
SLOW_FIXTURES = {"embedder", "sample_index_dir", "sample_archive"}
# What the sample archive may skip: scanned PDFs where Tesseract is not installed.
ACCEPTED_SKIPS = {"needs_ocr"}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def sample_index_dir(tmp_path_factory, embedder):
    """The whole bundled sample archive, built once."""
    from indexer.build.run import build

    index_dir = tmp_path_factory.mktemp("sample") / "index"
    report = build(SAMPLE_ARCHIVE, index_dir, embedder=embedder)
    assert {s.code for s in report.skipped} <= ACCEPTED_SKIPS, report.summary()
    assert len(report.indexed) >= 30
    return index_dir


@pytest.fixture(scope="session")
def sample_archive(sample_index_dir, embedder):
    from indexer.search.archive import Archive

    return Archive.open(sample_index_dir, embedder=embedder)


# -- archive layouts (one fixture per layout, named after it) -----------------------------------------
@pytest.fixture
def minutes_archive(tmp_path):
    """A fresh archive holding the five sample minutes in its `minutes/` folder, as the sample archive does."""
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive" / "minutes")
    return tmp_path / "archive"


@pytest.fixture
def flat_minutes_archive(tmp_path):
    """A fresh archive holding the five sample minutes at its top level (`000_….txt`)."""
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive")
    return tmp_path / "archive"
