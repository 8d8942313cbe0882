"""An opened index, read consistently: an index directory in; SQLite rows and the FAISS index
of one committed generation out, never a mix, whatever a running build commits meanwhile.

`Snapshot` is the base of `Archive`: it opens the store, checks the model against the
manifest, reloads the FAISS file when a build has committed a new generation, and hands
out the store for the length of one consistent read (`_snapshot()`).
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np

from indexer.errors import IndexDamaged
from indexer.store import Store, faiss_path, vectors
from indexer.store.manifest import Manifest, rebuild_hint


_SNAPSHOT_TRIES = 3


class _Superseded(Exception):
    """The FAISS file of a snapshot's generation is gone: a build may have committed two
    generations since the read began (or the file is damaged: the last try says so)."""


class Snapshot:
    """One index directory opened for reading; thread-safe (one SQLite connection behind a lock)."""

    def __init__(self, index_dir: Path, store: Store, embedder=None) -> None:
        self.index_dir = index_dir
        self._store = store
        self._embedder = embedder
        self._lock = threading.RLock()  # one SQLite connection, shared by app threads
        self._generation = -1
        self._faiss = None
        self._spec: vectors.IndexSpec | None = None
        # (generation, (reference vectors, thresholds per query language) or None): the relevance
        # floor's calibration on this generation (`retrieve.Retrieval._floor_calibration`).
        self._calibration: tuple[int, tuple[np.ndarray, dict[str, float]] | None] | None = None
        self.manifest: Manifest | None = None
        with self._snapshot():
            pass

    @classmethod
    def open(cls, index_dir: Path | str = "index", *, embedder=None):
        """Open the index in `index_dir`; checks format, generation and counts.

        Args:
            index_dir: the index directory written by `python -m indexer build`.
            embedder: a loaded `Embedder`; if None, the index's own model is loaded on the
                first dense query.

        Raises:
            IndexMissing, IndexDamaged, ModelMismatch: with the command that rebuilds.
        """
        index_dir = Path(index_dir)
        Manifest.read(index_dir)
        archive = cls(index_dir, Store.open(index_dir), embedder)
        if embedder is not None:
            archive._check_model(embedder)
        return archive

    def _check_model(self, embedder) -> None:
        from indexer.embed.embedder import check_index_model

        check_index_model(self.manifest, embedder.identity, self.index_dir)

    # -- snapshot handling ---------------------------------------------------------
    def _refresh(self, store: Store, last_try: bool = True) -> None:
        """Load the FAISS file of the snapshot's generation if it changed. Unless `last_try`,
        a missing file raises _Superseded, for the caller to read again."""
        manifest = store.manifest()
        hint = f"rebuild with `{rebuild_hint(self.index_dir)}`"
        if manifest is None:
            raise IndexDamaged(f"index in {self.index_dir} is empty or incomplete; {hint}")
        if manifest.generation == self._generation:
            return
        spec = vectors.IndexSpec.from_dict(manifest.faiss)
        path = faiss_path(self.index_dir, manifest.generation)
        try:
            index = vectors.read_index(path, spec)
        except (RuntimeError, OSError) as exc:
            if not last_try:
                raise _Superseded() from exc  # perhaps a build committed twice since this read began
            raise IndexDamaged(f"vector file {path} is missing or damaged; {hint}") from exc
        _, _, searchable = store.counts()
        if index.ntotal != manifest.embedded or searchable != manifest.paragraphs:
            raise IndexDamaged(f"index in {self.index_dir} is inconsistent: {searchable} paragraphs in "
                               f"SQLite, {index.ntotal} vectors in FAISS; {hint}")
        self._faiss, self._spec, self._generation, self.manifest = index, spec, manifest.generation, manifest

    @contextmanager
    def _snapshot(self) -> Iterator[Store]:
        """A consistent read of SQLite and FAISS of one generation (thread-safe)."""
        with self._lock:
            # A staged build commits a generation per batch and keeps two FAISS files: a
            # snapshot can outlive its file. Read again, at most a few times.
            for attempt in range(1, _SNAPSHOT_TRIES + 1):
                with self._store.reading() as store:
                    try:
                        self._refresh(store, last_try=attempt == _SNAPSHOT_TRIES)
                    except _Superseded:
                        time.sleep(0.05 * attempt)
                        continue
                    yield store
                    return

    @property
    def embedder(self):
        if self._embedder is None:
            from indexer.embed.embedder import Embedder

            embedder = Embedder(self.manifest.model["name"])
            self._check_model(embedder)
            self._embedder = embedder
        return self._embedder

    def close(self) -> None:
        self._store.close()
