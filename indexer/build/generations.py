"""Writing generations: new documents and their vectors in, committed generations of the
index directory out (a FAISS file, then one SQLite transaction with the `Manifest`, then
manifest.json).

A build commits in stages. `commit` writes the new documents' text, FTS rows, decisions and
the vectors known already (stored, or in the machine's vector cache): they are searchable by
words at once. `embed_waiting` then embeds the paragraphs still without a vector, in at most
MAX_BATCHES batches, each committed as a generation of its own, so semantic search covers
more of the archive after each batch and a killed build keeps every batch it committed.
Where the index kind cannot grow in place (the quantised graphs and IVF lists of very large
archives, trained on their vectors), everything is embedded before one commit.
"""
from __future__ import annotations

import math
import os
import signal
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from indexer import store as store_module
from indexer.store import vectors
from indexer.store.manifest import Manifest
from indexer.embed import passages
from indexer.embed.passages import passage_text
from indexer.build.report import BuildReport, Progress
from indexer.errors import IndexUnwritable
from indexer.store import Store, StoredDocument, vector_id

EMBED_BATCH = 256  # texts per progress step while embedding
# Vectors are committed in at most this many batches after the text (each a generation, so
# each rewrites the FAISS file) and at least EMBED_BATCH texts a batch.
MAX_BATCHES = 20

# Where a crash-safety test may kill a build (INDEXER_KILL_AT=<name>), in the order reached.
FAIL_POINTS = ("faiss-written", "inserted", "before-commit", "committed", "manifest-written", "embedded",
               "batch-faiss-written", "batch-before-commit", "batch-committed")


def _failpoint(name: str) -> None:
    """Kill this process here when INDEXER_KILL_AT names this point (crash-safety tests)."""
    if os.environ.get("INDEXER_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


class GenerationWriter:
    """Commits one build's generations to an open store (inside the build's lock).

    `manifest`: the index's manifest before the build (None for a new index or a rebuild);
    `embedder`: returns the loaded model when called (loaded only when a vector is needed);
    `cluster`: embeds on Ray workers instead. `report` gets the counts and the generation.
    """

    def __init__(self, store: Store, index_dir: Path, manifest: Manifest | None, *, rebuild: bool,
                 recreate: bool, report: BuildReport, embedder: Callable[[], object],
                 progress: Progress | None = None, cluster=None, archive_dir: Path | None = None) -> None:
        self.store, self.index_dir, self.manifest = store, index_dir, manifest
        self.archive_dir = str(Path(archive_dir).resolve()) if archive_dir is not None else None
        self.rebuild, self.recreate, self.report = rebuild, recreate, report
        self.embedder, self.progress, self.cluster = embedder, progress, cluster
        self.index = None  # the FAISS index of the generation committed last

    def say(self, stage: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(stage, done, total)

    def commit(self, stored: list[StoredDocument], replaced: list[str], texts: dict[str, str]) -> None:
        """Write the next generation with the new documents' text, FTS rows and the vectors
        known already (stored before, or in this machine's vector cache); the rest wait for
        `embed_waiting`. `replaced`: indexed documents this generation removes or replaces;
        `texts`: the embedded text of the new paragraphs by its hash."""
        store = self.store
        known_vectors = {} if self.rebuild else store.cached_vectors(texts)
        self.report.cached += len(known_vectors)  # the index held these texts' vectors already
        missing = [h for h in texts if h not in known_vectors]
        identity = self.manifest.model if self.manifest else None
        drop_ids = store.vector_ids_of(replaced) if replaced else np.zeros(0, dtype=np.int64)
        previous = self.manifest.paragraphs if self.manifest else 0
        searchable = previous - len(drop_ids) + sum(h is not None for d in stored for h in d.text_hashes)
        spec = vectors.choose_spec(searchable)
        if self.cluster is not None and missing:
            known_vectors.update(self._embed({h: texts[h] for h in missing}))
            from indexer.embed.embedder import ModelIdentity, check_index_model

            if self.manifest:
                check_index_model(self.manifest, ModelIdentity.from_dict(self.cluster.identity), self.index_dir)
            identity = self.cluster.identity
        elif missing or identity is None:
            embedder = self.embedder()
            identity = embedder.identity.to_dict()
            if not vectors.can_grow(spec):
                known_vectors.update(self._embed({h: texts[h] for h in missing}))
            elif missing and hasattr(embedder, "cached_passages"):
                found = embedder.cached_passages([texts[h] for h in missing])
                self.report.cached += len(found)
                known_vectors.update({missing[i]: vector for i, vector in found.items()})
        dimension = identity["dimension"]
        new_ids = np.array([vector_id(p.id) for d in stored for p, h in zip(d.paragraphs, d.text_hashes)
                            if h in known_vectors], dtype=np.int64)
        new_vectors = np.array([known_vectors[h] for d in stored for h in d.text_hashes if h in known_vectors],
                               dtype=np.float32).reshape(-1, dimension)
        # A text that stands in several paragraphs is embedded (or found in a cache) once.
        self.report.repeated += len(new_ids) - len(known_vectors)
        old_spec = self.manifest and vectors.IndexSpec.from_dict(self.manifest.faiss)
        self.say("write", 0, 1)
        in_place = store_module.faiss_path(self.index_dir, self.manifest.generation) if self.manifest else None
        if in_place and in_place.is_file() and old_spec == spec and vectors.can_update_in_place(spec):
            index = vectors.read_index(in_place, spec)
            if len(drop_ids):
                index.remove_ids(drop_ids)
            if len(new_ids):
                index.add_with_ids(new_vectors, new_ids)
        else:
            if self.rebuild:
                kept_ids, kept_vectors = np.zeros(0, dtype=np.int64), np.zeros((0, dimension), dtype=np.float32)
            else:
                kept_ids, kept_vectors = store.searchable_vectors(set(drop_ids.tolist()), dimension)
            index = vectors.build_index(np.vstack([kept_vectors, new_vectors]),
                                        np.concatenate([kept_ids, new_ids]), spec)

        def write_documents() -> None:
            if self.recreate:
                store.recreate()
            elif self.rebuild:
                store.clear()
            # a file moved to another folder (gone from one path, its very bytes new at another) keeps its marks,
            # and so does one read again at its path (a mended reading: "1. at …" where it read "- at …")
            if replaced:
                held = {known.path: known.content_hash for known in store.known_documents().values()}
                new = {d.record.path: d for d in stored}
                moved = {d.record.content_hash: d for d in stored if d.follow_ups and d.record.path not in held}
                store.carry_marks({path: (new[path] if path in new else moved[held[path]]).follow_ups
                                   for path in replaced if path in new or held.get(path) in moved})
            store.delete_documents(replaced)
            for document in stored:
                store.add_document(document, known_vectors, now)
            _failpoint("inserted")

        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._commit_generation(index, identity, spec, write_documents, now)
        self.say("write", 1, 1)

    def _commit_generation(self, index, identity: dict, spec: vectors.IndexSpec,
                           write: Callable[[], None], now: str | None = None, stage: str = "") -> None:
        """Write `index` as the next generation's FAISS file, then run `write` and commit
        SQLite with the new Manifest in one transaction, then mirror it to manifest.json.
        A kill anywhere leaves the previous generation or this one, whole. `stage` prefixes
        the fail points ("batch-" for a batch of vectors)."""
        store = self.store
        generation = (self.manifest.generation if self.manifest else _last_generation(store)) + 1
        path = store_module.faiss_path(self.index_dir, generation)
        now = now or datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            vectors.write_index(index, path)
            _failpoint(f"{stage}faiss-written")
            with store.writing():
                write()
                documents, stored_count, searchable = store.counts()
                waiting = store.waiting_count()
                if searchable - waiting != index.ntotal:  # never commit a generation whose halves disagree
                    raise RuntimeError(f"internal error: {searchable - waiting} embedded paragraphs "
                                       f"but {index.ntotal} vectors")
                manifest = Manifest(generation=generation, model=identity, faiss=spec.to_dict(),
                                    embed_context=passages.EMBED_CONTEXT, lexical=passages.LEXICAL_VERSION,
                                    paragraphs=searchable,
                                    documents=documents, built_at=now, stored_paragraphs=stored_count,
                                    pending=waiting, archive_dir=self.archive_dir)
                store.set_manifest(manifest)
                _failpoint(f"{stage}before-commit")
        except BaseException as exc:
            # Not committed: no generation refers to the file (and it may fill a full disk).
            path.unlink(missing_ok=True)
            if isinstance(exc, OSError) and exc.errno in store_module.DISK_FULL:
                raise IndexUnwritable(store_module.unwritable_message(self.index_dir, exc)) from exc
            raise
        _failpoint(f"{stage}committed")
        manifest.write(self.index_dir)
        _failpoint(f"{stage}manifest-written")
        store_module.remove_stale_files(self.index_dir, {generation, generation - 1})
        self.manifest, self.rebuild, self.recreate = manifest, False, False
        self.index = index
        self.report.paragraphs, self.report.generation = searchable, generation

    def _embed(self, texts: dict[str, str], done: int = 0, total: int | None = None) -> dict[str, np.ndarray]:
        """Vectors of `texts` (by text hash), with "embed" progress `done` + n of `total`;
        counts in the report what the model ran on (the machine's vector cache may answer some)."""
        total = len(texts) if total is None else total
        if self.cluster is not None:  # the workers embed; the head loads no model
            found = self.cluster.embed(texts, self.progress)
            self.report.embedded += len(texts)
            _failpoint("embedded")
            return found
        embedder = self.embedder()
        found: dict[str, np.ndarray] = {}
        hashes = list(texts)
        model_runs_before = getattr(embedder, "embedded", None)
        for start in range(0, len(hashes), EMBED_BATCH):
            self.say("embed", done + start, total)
            batch = hashes[start:start + EMBED_BATCH]
            fresh = embedder.embed_passages([texts[h] for h in batch], show_progress=self.progress is None)
            found.update(zip(batch, fresh))
        self.say("embed", done + len(hashes), total)
        model_runs = getattr(embedder, "embedded", None)
        ran = (model_runs - model_runs_before if isinstance(model_runs, int)
               and isinstance(model_runs_before, int) else len(hashes))
        self.report.embedded += ran
        self.report.cached += len(hashes) - ran  # the embedder's own cache answered the rest
        _failpoint("embedded")
        return found

    def _stored_texts(self, documents: set[str]) -> dict[int, str]:
        """The embedded texts of stored documents' paragraphs by FAISS key, rebuilt from the
        store (for paragraphs a killed build committed without their vectors)."""
        if not documents:
            return {}
        texts: dict[int, str] = {}
        with self.store.reading():
            for record in self.store.records(sorted(documents)):
                for paragraph in self.store.paragraphs_of(record.path):
                    if not paragraph.is_contents:
                        texts[vector_id(paragraph.id)] = passage_text(paragraph, record)
        return texts

    def embed_waiting(self, texts: dict[str, str]) -> None:
        """Embed the paragraphs committed without a vector, in batches, each committed as a
        generation of its own: meaning search covers more of the archive after each batch,
        and a killed build keeps every batch it committed."""
        store = self.store
        if self.manifest is None or self.manifest.pending == 0:
            return
        with store.reading():
            waiting = store.waiting()
        texts = dict(texts)
        # Waiting paragraphs of earlier builds: their text again from the store, under the hash
        # they were stored with.
        stored = self._stored_texts({w.document for w in waiting if w.text_hash not in texts})
        texts.update({w.text_hash: stored[w.vec_id] for w in waiting if w.text_hash not in texts})
        by_hash: dict[str, list[int]] = {}
        for paragraph in waiting:
            by_hash.setdefault(paragraph.text_hash, []).append(paragraph.vec_id)
        hashes = list(by_hash)
        spec = vectors.IndexSpec.from_dict(self.manifest.faiss)
        grows = vectors.can_grow(spec)
        # An index kind trained on its vectors is built anew, once, with all of them.
        size = max(EMBED_BATCH, math.ceil(len(hashes) / MAX_BATCHES)) if grows else len(hashes)
        index = self.index if grows else None
        if grows and index is None:
            index = vectors.read_index(store_module.faiss_path(self.index_dir, self.manifest.generation), spec)
        for start in range(0, len(hashes), size):
            batch = hashes[start:start + size]
            fresh = self._embed({h: texts[h] for h in batch}, start, len(hashes))
            by_vec_id = {vec_id: fresh[h] for h in batch for vec_id in by_hash[h]}
            self.report.repeated += len(by_vec_id) - len(batch)  # a text of several paragraphs, embedded once
            ids = np.fromiter(by_vec_id, dtype=np.int64, count=len(by_vec_id))
            new_vectors = np.array(list(by_vec_id.values()), dtype=np.float32)
            if grows:
                index.add_with_ids(new_vectors, ids)
            else:
                with store.reading():
                    kept_ids, kept = store.searchable_vectors(set(), self.manifest.model["dimension"])
                index = vectors.build_index(np.vstack([kept, new_vectors]), np.concatenate([kept_ids, ids]), spec)
            self._commit_generation(index, self.manifest.model, spec, lambda: store.set_vectors(by_vec_id),
                                    stage="batch-")


def _last_generation(store: Store) -> int:
    """The generation number last used here (kept across rebuilds, so FAISS file names never repeat)."""
    value = store.meta().get("generation")
    return value if isinstance(value, int) else 0
