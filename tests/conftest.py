"""Shared pytest fixtures: one model, one built sample archive, for the whole session."""
from __future__ import annotations

import functools
import gc
import os
import shutil
import sys

# xdist's workers share the machine's cores: each gets its share of OpenMP threads (FAISS), unless
# OMP_NUM_THREADS says otherwise. More would only spin waiting for a core another worker holds.
if "PYTEST_XDIST_WORKER" in os.environ and "OMP_NUM_THREADS" not in os.environ:
    _workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    os.environ["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // _workers))

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


@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    """Collecting imports every test module and what it imports (Streamlit, pandas, FastAPI …):
    hundreds of thousands of objects that live as long as the process. Python's cyclic garbage
    collector would go through them all again and again while they are made (seconds a worker),
    and at every full collection after. It waits until they are all there, then sets them aside
    (`gc.freeze`): garbage the tests make is collected as before."""
    gc.disable()
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()
        gc.enable()


# Streamlit's script runner installs the app's module as `__main__` and leaves it there after an
# `AppTest` run; a process later started with "spawn" would run app.py first. Each test starts
# with the interpreter's own `__main__`.
_MAIN = sys.modules.get("__main__")


def pytest_runtest_setup(item) -> None:
    if _MAIN is not None and sys.modules.get("__main__") is not _MAIN:
        sys.modules["__main__"] = _MAIN


# -- xdist: which tests share a worker -------------------------------------------------------------
# `-n N` alone hands the tests out one by one, so every worker builds nearly every session fixture
# (the app's archives take seconds each). Unless `--dist` is given, a file's tests stay together on
# one worker instead, and files that read one archive built once a process go with each other.
SHARED_WORKER = {
    "tests/test_api_related.py": "tests/test_app_meeting_pages.py",  # `similar_built`
    # the app's small archive of tests/test_app.py (`sample_index`)
    **{f"tests/test_app_{name}.py": "tests/test_app.py" for name in (
        "accessibility", "follows", "inputs_pickers_and_exports", "people", "reader_words", "skips_dates_and_copies", "walkthrough")},
}


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # a hook of xdist, which a run may leave out
def pytest_xdist_make_scheduler(config, log):
    asked = [*config.invocation_params.args, *os.environ.get("PYTEST_ADDOPTS", "").split(), *config.getini("addopts")]
    if config.getvalue("dist") != "load" or any(a == "--dist" or a.startswith("--dist=") for a in asked):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SHARED_WORKER.get(path, path)

    return ByFile(config, log)


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


@pytest.fixture(scope="session", autouse=True)
def _streamlit_work_done_once():
    """Two things Streamlit's `AppTest` does again for every new app, done once a session: it
    looks through every installed package for components (a quarter of a second, more than most
    app tests' own work), and it compiles app.py anew. The packages installed do not change while
    the tests run, so the first look is handed to every later app; app.py is compiled again
    whenever its text changes."""
    if "streamlit" not in sys.modules:  # no app test in this run
        yield
        return
    from streamlit import config
    from streamlit.components.v2 import manifest_scanner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    scan, get_bytecode = manifest_scanner.scan_component_manifests, ScriptCache.get_bytecode
    found = functools.lru_cache(maxsize=None)(lambda: tuple(scan()))
    compiled: dict[tuple, object] = {}

    def compiled_once(self, script_path):
        with open(script_path, "rb") as script:
            key = (os.path.abspath(script_path), script.read(), config.get_option("runner.magicEnabled"))
        if key not in compiled:
            compiled[key] = get_bytecode(self, script_path)
        return compiled[key]

    manifest_scanner.scan_component_manifests = lambda max_workers=None: list(found())
    ScriptCache.get_bytecode = compiled_once
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests, ScriptCache.get_bytecode = scan, get_bytecode


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory):
    """`built_copy(key, make, root)` fills `root` with a copy of what `make(template)` wrote into a
    folder of its own: an archive and its index, built once a session for each key.

    Many tests need the same small archive built before they start, and change it: each gets its
    own copy, files and times as built (`copytree` keeps modification times, as the index noted
    them), instead of building it again. Tests of the build itself build their own."""
    templates: dict[str, object] = {}

    def copy(key: str, make, root):
        if key not in templates:
            template = tmp_path_factory.mktemp(f"built-{key}")
            templates[key] = (template, make(template))
        template, made = templates[key]
        root.mkdir(parents=True, exist_ok=True)
        for entry in template.iterdir():
            if entry.is_dir():
                shutil.copytree(entry, root / entry.name, symlinks=True)
            else:
                shutil.copy2(entry, root / entry.name)
        return made

    return copy


@pytest.fixture(scope="session")
def similar_built(tmp_path_factory):
    """(archive, index) of the similar-discussions tests: the app's (tests/test_app_meeting_pages.py)
    and the API's (tests/test_api_related.py) read the same index, built once a session."""
    from .test_app_meeting_pages import build_similar

    return build_similar(tmp_path_factory.mktemp("similar"))


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
