"""Building the index: an archive directory in, an up-to-date index directory out.

scan (`sources.scan`: one `SourceFile` per file) → decide (unchanged, changed, duplicate,
removed) → ingest the changed files (`ingest.ingest_file`) → embed what was not embedded
before → write the next FAISS file → commit SQLite (through the store) with the new
`Manifest` → mirror the manifest to `manifest.json`.

Incremental: files whose size, modification time and catalog row are unchanged are not
even hashed; changed files are replaced; deleted files are removed; paragraphs whose
embedded text was seen before reuse their stored vector. An unchanged archive embeds
nothing and does not load the model. Decisions and follow-ups (`decisions.extract_decisions`,
`followups.extract_followups`) are extracted from each document read and committed with it;
documents indexed before extraction existed get theirs from their stored paragraphs. The same content under two names is indexed once,
under the name already indexed (else the first in path order); the other is reported as
its duplicate, whatever the scan order.
"""
from __future__ import annotations

import hashlib
import math
import os
import signal
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from . import store as store_module
from . import vectors
from .config import DEFAULT_MODEL
from .errors import REASONS, UnreadableFile
from .ingest import ingest_file
from .manifest import Manifest, write_json
from .catalog import load_catalog
from .decisions import extract_decisions
from .followups import extract_followups
from .records import Paragraph, Record
from .sources import NOT_RECORDS, SourceFile, archive_files, scan  # noqa: F401  (re-exported)
from .store import KnownDocument, Store, StoredDocument, vector_id  # noqa: F401  (vector_id re-exported)
from .terms import stemmed_text

# What is embedded for a paragraph: the document's title, its heading, then its text
# (measured against the text alone and heading + text with `python -m indexer eval`,
# see README). Recorded in the manifest.
EMBED_CONTEXT = "title"
EMBED_BATCH = 256  # texts per progress step while embedding
# Vectors are committed in at most this many batches after the text (each a generation, so
# each rewrites the FAISS file) and at least EMBED_BATCH texts a batch.
MAX_BATCHES = 20

# Where a crash-safety test may kill a build (INDEXER_KILL_AT=<name>), in the order reached.
FAIL_POINTS = ("faiss-written", "inserted", "before-commit", "committed", "manifest-written", "embedded",
               "batch-committed")

Progress = Callable[[str, int, int], None]


def _failpoint(name: str) -> None:
    """Kill this process here when INDEXER_KILL_AT names this point (crash-safety tests)."""
    if os.environ.get("INDEXER_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class SkippedFile:
    """A file the build did not index: its archive name, why as a code (`errors.REASONS`),
    the English sentence, and the code's parameters (so a UI can word it in its language)."""

    path: str
    code: str
    reason: str
    params: dict = field(default_factory=dict)

    @classmethod
    def because(cls, path: str, code: str, **params) -> "SkippedFile":
        return cls(path, code, REASONS[code].format(**params), params)

    @classmethod
    def from_error(cls, path: str, error: UnreadableFile) -> "SkippedFile":
        return cls(path, error.code, error.reason, {k: _plain(v) for k, v in error.params.items()})

    def __iter__(self):
        """(path, reason), for callers that unpacked the pairs this report used to hold."""
        return iter((self.path, self.reason))

    def to_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "reason": self.reason, "params": self.params}


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


@dataclass
class BuildReport:
    """What a build did, file by file."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    paragraphs: int = 0  # searchable paragraphs in the index after the build
    embedded: int = 0  # paragraphs embedded by this build (others reused vectors)
    seconds: float = 0.0
    generation: int = 0
    decisions: int = 0  # decisions stored in the index after the build
    follow_ups: int = 0  # follow-ups stored in the index after the build
    extraction_seconds: float = 0.0  # spent extracting decisions and follow-ups

    def summary(self) -> str:
        """One line: documents indexed / unchanged / removed / skipped, paragraphs."""
        line = (
            f"{len(self.indexed)} indexed, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
            f"{self.paragraphs} paragraphs ({self.embedded} embedded) in {self.seconds:.1f}s"
        )
        if self.skipped:
            line += ": " + ", ".join(f"{s.path} ({s.reason})" for s in self.skipped)
        return line

    def to_dict(self) -> dict:
        return {
            "indexed": self.indexed, "unchanged": self.unchanged, "removed": self.removed,
            "skipped": [s.to_dict() for s in self.skipped],
            "paragraphs": self.paragraphs, "embedded": self.embedded,
            "seconds": round(self.seconds, 3), "generation": self.generation,
            "decisions": self.decisions, "follow_ups": self.follow_ups,
            "extraction_seconds": round(self.extraction_seconds, 3),
        }


def passage_text(paragraph: Paragraph, record: Record, context: str | None = None) -> str:
    """The text embedded for `paragraph`: alone, or after its heading (and title).
    `context` is "paragraph", "heading" or "title"; default EMBED_CONTEXT."""
    context = context or EMBED_CONTEXT
    parts = []
    if context in ("heading", "title") and paragraph.heading and not paragraph.is_heading:
        parts.append(paragraph.heading)
    if context == "title" and record.title:
        parts.insert(0, record.title)
    parts.append(paragraph.text)
    return "\n".join(parts)


def lexical_text(paragraph: Paragraph) -> str:
    """The stemmed words FTS5 indexes: heading and speaker too, since people search by agenda item."""
    return stemmed_text(" ".join(filter(None, [paragraph.heading, paragraph.speaker, paragraph.text])))


@dataclass
class _Plan:
    """What the scan decided."""

    changed: list[SourceFile] = field(default_factory=list)
    touched: list[SourceFile] = field(default_factory=list)  # same content, new size/time


def build(archive_dir: Path | str, index_dir: Path | str, *, model: str | None = None,
          embedder=None, rebuild: bool = False, progress: Progress | None = None, cluster=None,
          device: str | None = None) -> BuildReport:
    """Bring the index in `index_dir` up to date with the files in `archive_dir`.

    Args:
        archive_dir: the folder of meeting records.
        index_dir: the index directory (created if missing).
        model: the embedding model; default: the index's own, else DEFAULT_MODEL.
        embedder: an already loaded `Embedder` (the app passes its own); else loaded when needed.
        rebuild: discard the index and build it anew (needed to change the model).
        progress: called as progress(stage, done, total); stages "scan", "read", "embed", "write".
        cluster: a connected `cluster.Cluster`: files are read and texts embedded on its workers;
            deciding, FAISS and the SQLite commit stay here.
        device: where the model runs when this build loads it: "cpu", "cuda" (in fp16), or None
            (a GPU when there is one).

    Returns:
        The BuildReport, also saved as build-report.json in the index directory.

    Raises:
        BuildLocked: another build runs on the same index.
        ModelMismatch: `model` or `embedder` differs from the one that built the index (use rebuild).
        IndexDamaged: the index was written by another format version (use rebuild).
        InvalidInput: the archive's catalog has a bad row.
    """
    started = time.monotonic()
    archive_dir, index_dir = Path(archive_dir), Path(index_dir)
    with store_module.build_lock(index_dir):
        store = Store.open(index_dir, create=True)
        try:
            report = _Build(store, archive_dir, index_dir, model, embedder, rebuild, progress, cluster,
                            device).run()
        finally:
            store.close()
    report.seconds = time.monotonic() - started
    write_json(index_dir / store_module.REPORT_NAME, report.to_dict())
    return report


class _Build:
    def __init__(self, store: Store, archive_dir: Path, index_dir: Path, model, embedder, rebuild: bool,
                 progress: Progress | None, cluster=None, device: str | None = None) -> None:
        self.store, self.archive_dir, self.index_dir = store, archive_dir, index_dir
        self.cluster, self.device = cluster, device
        self.outcomes: dict = {}  # archive name -> cluster.IngestOutcome, when a cluster reads
        self.embedder, self.rebuild, self.progress = embedder, rebuild, progress
        self.report = BuildReport()
        self.manifest: Manifest | None = None
        self.index = None  # the FAISS index of the generation this build committed last
        self._loading: Future | None = None  # the model, while it loads beside the reading
        stored_format = store.meta().get("format_version")
        # Another format's tables are replaced wholesale, so only a rebuild may touch them.
        self.recreate = stored_format is not None and stored_format != store_module.FORMAT_VERSION
        if not rebuild:
            self.manifest = store.manifest()  # IndexDamaged (with the rebuild command) for another format
        # Vectors of another embedded context do not compare with new ones: re-embed everything.
        if self.manifest and self.manifest.embed_context != EMBED_CONTEXT:
            model = model or self.manifest.model["name"]
            self.rebuild, self.manifest = True, None
        self.model_name = str(model) if model else (
            embedder.identity.name if embedder is not None else
            self.manifest.model["name"] if self.manifest else DEFAULT_MODEL)
        if self.manifest:
            _check_model(self.manifest, model, embedder, index_dir)
        if cluster is not None and cluster.model is None:
            cluster.model = self.model_name

    def say(self, stage: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(stage, done, total)

    # -- decide -------------------------------------------------------------------
    def run(self) -> BuildReport:
        catalog = load_catalog(self.archive_dir)
        known = {} if self.rebuild else self.store.known_documents()
        sources = scan(self.archive_dir, catalog)
        plan = self.decide(sources, known)
        if plan.changed:
            self._preload_model()
        stored = self.ingest(plan.changed, known, catalog)
        if plan.touched:
            with self.store.writing():
                for source in plan.touched:
                    self.store.touch_document(source.name, source.size, source.mtime_ns)
        texts = self._texts(stored)  # embedded text by its hash
        if not stored and not self.report.removed and not self.rebuild and self.manifest:
            self.report.paragraphs, self.report.generation = self.manifest.paragraphs, self.manifest.generation
            # A build killed between its commit and the manifest file leaves the file behind.
            self.manifest.write(self.index_dir)
            store_module.remove_stale_files(self.index_dir, {self.manifest.generation, self.manifest.generation - 1})
        else:
            self.commit(stored, known, texts)
        self.extract_missing()
        self.embed_waiting(texts)
        return self.report

    def extract(self, record: Record, paragraphs: list[Paragraph]) -> tuple[list, list] | None:
        """(decisions, follow-ups) of one document; None if the extractors fail on it (the
        document is indexed all the same, and extraction is tried again on the next build)."""
        started = time.perf_counter()
        try:
            return extract_decisions(record, paragraphs), extract_followups(record, paragraphs)
        except Exception:  # noqa: BLE001 - a rule that trips on odd text never stops a build
            return None
        finally:
            self.report.extraction_seconds += time.perf_counter() - started

    def extract_missing(self) -> None:
        """Extract from indexed documents that have nothing extracted yet (an index built
        before extraction existed, or a document an extractor failed on), from their stored
        paragraphs: nothing is read or embedded again. Does not change the generation."""
        store = self.store
        with store.reading():
            missing = store.unextracted_documents()
        if missing:
            with store.writing():
                records = {r.path: r for r in store.records(missing)}
                for path in missing:
                    found = self.extract(records[path], store.paragraphs_of(path))
                    if found is not None:
                        store.add_extraction(path, *found)
        with store.reading():
            self.report.decisions, self.report.follow_ups = store.extraction_counts()

    def decide(self, sources: list[SourceFile], known: dict[str, KnownDocument]) -> _Plan:
        """Sort each file into unchanged, changed, duplicate or unsupported; find removed ones."""
        report, plan = self.report, _Plan()
        digests: dict[str, str] = {}  # archive name -> content hash
        unchanged: set[str] = set()
        for done, source in enumerate(sources, 1):
            self.say("scan", done, len(sources))
            if not source.supported:
                report.skipped.append(SkippedFile.because(source.name, "unsupported",
                                                          suffix=source.path.suffix or "(none)"))
                continue
            row = known.get(source.name)
            same_catalog = row is not None and row.catalog == source.catalog_json
            if same_catalog and row.size == source.size and row.mtime_ns == source.mtime_ns:
                digests[source.name] = row.content_hash  # unchanged: not even read
                unchanged.add(source.name)
                continue
            digests[source.name] = source.sha256
            if same_catalog and row.content_hash == source.sha256:
                unchanged.add(source.name)
                plan.touched.append(source)
        # One name per content: the one indexed now if it stays, else the first in path order.
        owner: dict[str, str] = {}
        for name in sorted(digests, key=lambda n: (n not in unchanged, n)):
            owner.setdefault(digests[name], name)
        duplicates = set()
        for source in sources:
            name = source.name
            if name not in digests:
                continue
            original = owner[digests[name]]
            if original != name:
                duplicates.add(name)
                report.skipped.append(SkippedFile.because(name, "duplicate", original=original))
            elif name in unchanged:
                report.unchanged.append(name)
            else:
                plan.changed.append(source)
        plan.touched = [s for s in plan.touched if s.name not in duplicates]
        scanned = {source.name for source in sources}
        # A file that became a copy of another leaves the index; its text stays under the other.
        report.removed = sorted(name for name in known if name not in scanned or name in duplicates)
        return plan

    def ingest(self, changed: list[SourceFile], known: dict[str, KnownDocument],
               catalog) -> list[StoredDocument]:
        """Read, clean and segment the changed files; unreadable ones are skipped and reported."""
        stored: list[StoredDocument] = []
        claimed: dict[str, str] = {}  # paragraph id -> document, to never let two files share ids
        if self.cluster is not None and changed:
            self.outcomes = self.cluster.ingest(changed, self.archive_dir, catalog, self.progress)
        for done, source in enumerate(changed, 1):
            self.say("read", done, len(changed))
            skipped = self._ingest_one(source, catalog, stored, claimed)
            if skipped is None:
                continue
            if source.name in known and skipped.code != "duplicate":
                # Nothing stored is lost: an indexed file that turned unreadable keeps its old version.
                skipped = SkippedFile.because(source.name, "kept_previous", reason=skipped.reason,
                                              cause=skipped.code)
            elif source.name in known:
                self.report.removed.append(source.name)
            self.report.skipped.append(skipped)
        if stored:
            # Ids held by documents that stay in the index (neither replaced nor removed).
            leaving = set(self.report.removed) | {d.record.path for d in stored}
            holders = self.store.owners_of(list(claimed)) if not self.rebuild else {}
            clash = {claimed[pid]: holder for pid, holder in holders.items() if holder not in leaving}
            if clash:
                kept = []
                for document in stored:
                    holder = clash.get(document.record.path)
                    if holder is None:
                        kept.append(document)
                        continue
                    self.report.indexed.remove(document.record.path)
                    self.report.skipped.append(SkippedFile.because(document.record.path, "duplicate",
                                                                   original=holder))
                    if document.record.path in known:
                        self.report.removed.append(document.record.path)
                stored = kept
        return stored

    def _ingest_one(self, source: SourceFile, catalog, stored: list[StoredDocument],
                    claimed: dict[str, str]) -> SkippedFile | None:
        try:
            if source.name in self.outcomes:
                record, paragraphs = self.outcomes[source.name].result()
            else:
                record, paragraphs = ingest_file(source.path, root=self.archive_dir, catalog=catalog,
                                                 content_hash=source.sha256)  # hashed once, by the scan
        except UnreadableFile as exc:
            return SkippedFile.from_error(source.name, exc)
        except Exception as exc:  # noqa: BLE001 - one unreadable file never stops a build
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            return SkippedFile.because(source.name, "unreadable", detail=detail)
        if not paragraphs:
            return SkippedFile.because(source.name, "no_text")
        # The archive name (NFC) is the document's one name, whatever the disk calls it.
        record.path = source.name
        for paragraph in paragraphs:
            paragraph.document = source.name
        ids = [p.id for p in paragraphs]
        taken = next((claimed[i] for i in ids if i in claimed), None)
        if taken is not None or len(set(ids)) != len(ids):
            return SkippedFile.because(source.name, "duplicate", original=taken or source.name)
        claimed.update(dict.fromkeys(ids, source.name))
        extracted = self.extract(record, paragraphs)
        hashes, lexical = [], []
        for paragraph in paragraphs:
            if paragraph.is_contents:  # stored for reading, never searched
                hashes.append(None)
                lexical.append(None)
                continue
            hashes.append(hashlib.sha1(passage_text(paragraph, record).encode()).hexdigest())
            lexical.append(lexical_text(paragraph))
        stored.append(StoredDocument(record, paragraphs, hashes, lexical, source.catalog_json,
                                     source.size, source.mtime_ns,
                                     *(extracted if extracted is not None else (None, None))))
        self.report.indexed.append(source.name)
        return None

    # -- write ----------------------------------------------------------------------
    def _texts(self, stored: list[StoredDocument]) -> dict[str, str]:
        texts: dict[str, str] = {}
        for document in stored:
            for paragraph, text_hash in zip(document.paragraphs, document.text_hashes):
                if text_hash is not None and text_hash not in texts:
                    texts[text_hash] = passage_text(paragraph, document.record)
        return texts

    def _load_model(self):
        from .embed import Embedder  # loading the model is slow: only when needed

        # fp16 halves a GPU's memory traffic; a CPU only runs fp32.
        precision = "fp16" if (self.device or "").startswith("cuda") else "fp32"
        return Embedder(self.model_name, device=self.device, precision=precision)

    def _preload_model(self) -> None:
        """Start loading the model in the background, so that it is ready when the files
        are read (reading, OCR above all, takes longer than loading)."""
        if self.embedder is None and self.cluster is None and self._loading is None:
            self._loading = ThreadPoolExecutor(max_workers=1).submit(self._load_model)

    def _embedder(self):
        if self.embedder is None:
            self.embedder = self._loading.result() if self._loading is not None else self._load_model()
            if self.manifest:
                _check_model(self.manifest, None, self.embedder, self.index_dir)
        return self.embedder

    def commit(self, stored: list[StoredDocument], known: dict[str, KnownDocument],
               texts: dict[str, str]) -> None:
        """Write the next generation with the new documents' text, FTS rows and the vectors
        known already (stored before, or in this machine's vector cache); the rest wait for
        `embed_waiting`. Where the index kind cannot grow in place (the quantised graphs of
        very large archives), everything is embedded first."""
        report, store = self.report, self.store
        known_vectors = {} if self.rebuild else store.cached_vectors(texts)
        missing = [h for h in texts if h not in known_vectors]
        identity = self.manifest.model if self.manifest else None
        replaced = [] if self.rebuild else report.removed + [d.record.path for d in stored if d.record.path in known]
        drop_ids = store.vector_ids_of(replaced) if replaced else np.zeros(0, dtype=np.int64)
        previous = self.manifest.paragraphs if self.manifest else 0
        searchable = previous - len(drop_ids) + sum(h is not None for d in stored for h in d.text_hashes)
        spec = vectors.choose_spec(searchable)
        if self.cluster is not None and missing:
            known_vectors.update(self.cluster.embed({h: texts[h] for h in missing}, self.progress))
            from .embed import ModelIdentity, check_same_model

            if self.manifest:
                check_same_model(ModelIdentity.from_dict(self.manifest.model),
                                 ModelIdentity.from_dict(self.cluster.identity), self.index_dir)
            identity = self.cluster.identity
            report.embedded = len(missing)
        elif missing or identity is None:
            embedder = self._embedder()
            identity = embedder.identity.to_dict()
            if not vectors.can_grow(spec):
                known_vectors.update(self._embed({h: texts[h] for h in missing}))
            elif missing and hasattr(embedder, "cached_passages"):
                found = embedder.cached_passages([texts[h] for h in missing])
                known_vectors.update({missing[i]: vector for i, vector in found.items()})
        dimension = identity["dimension"]
        new_ids = np.array([vector_id(p.id) for d in stored for p, h in zip(d.paragraphs, d.text_hashes)
                            if h in known_vectors], dtype=np.int64)
        new_vectors = np.array([known_vectors[h] for d in stored for h in d.text_hashes if h in known_vectors],
                               dtype=np.float32).reshape(-1, dimension)
        old_spec = self.manifest and vectors.IndexSpec.from_dict(self.manifest.faiss)
        self.say("write", 0, 1)
        if self.manifest and old_spec == spec and vectors.can_update_in_place(spec):
            index = vectors.read_index(store_module.faiss_path(self.index_dir, self.manifest.generation), spec)
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
            store.delete_documents(replaced)
            for document in stored:
                store.add_document(document, known_vectors, now)
            _failpoint("inserted")

        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._commit_generation(index, identity, spec, write_documents, now)
        self.say("write", 1, 1)

    def _commit_generation(self, index, identity: dict, spec: vectors.IndexSpec,
                           write: Callable[[], None], now: str | None = None) -> None:
        """Write `index` as the next generation's FAISS file, then run `write` and commit
        SQLite with the new Manifest in one transaction, then mirror it to manifest.json.
        A kill anywhere leaves the previous generation or this one, whole."""
        store = self.store
        generation = (self.manifest.generation if self.manifest else _last_generation(store)) + 1
        vectors.write_index(index, store_module.faiss_path(self.index_dir, generation))
        _failpoint("faiss-written")
        now = now or datetime.now(timezone.utc).isoformat(timespec="seconds")
        with store.writing():
            write()
            documents, stored_count, searchable = store.counts()
            waiting = store.waiting_count()
            if searchable - waiting != index.ntotal:  # never commit a generation whose halves disagree
                raise RuntimeError(f"internal error: {searchable - waiting} embedded paragraphs "
                                   f"but {index.ntotal} vectors")
            manifest = Manifest(generation=generation, model=identity, faiss=spec.to_dict(),
                                embed_context=EMBED_CONTEXT, paragraphs=searchable, documents=documents,
                                built_at=now, stored_paragraphs=stored_count, pending=waiting)
            store.set_manifest(manifest)
            _failpoint("before-commit")
        _failpoint("committed")
        manifest.write(self.index_dir)
        _failpoint("manifest-written")
        store_module.remove_stale_files(self.index_dir, {generation, generation - 1})
        self.manifest, self.rebuild, self.recreate = manifest, False, False
        self.index = index
        self.report.paragraphs, self.report.generation = searchable, generation

    def _embed(self, texts: dict[str, str], done: int = 0, total: int | None = None) -> dict[str, np.ndarray]:
        """Vectors of `texts` (by text hash), with "embed" progress `done` + n of `total`;
        counts in the report what the model ran on (the machine's vector cache may answer some)."""
        embedder = self._embedder()
        total = len(texts) if total is None else total
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
        self.report.embedded += (model_runs - model_runs_before if isinstance(model_runs, int)
                                 and isinstance(model_runs_before, int) else len(hashes))
        _failpoint("embedded")
        return found

    def _stored_texts(self, documents: set[str]) -> dict[str, str]:
        """The embedded texts (by hash) of stored documents' paragraphs, rebuilt from the store
        (for paragraphs a killed build committed without their vectors)."""
        if not documents:
            return {}
        texts: dict[str, str] = {}
        with self.store.reading():
            for record in self.store.records(sorted(documents)):
                for paragraph in self.store.paragraphs_of(record.path):
                    if not paragraph.is_contents:
                        text = passage_text(paragraph, record)
                        texts[hashlib.sha1(text.encode()).hexdigest()] = text
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
        texts.update(self._stored_texts({w.document for w in waiting if w.text_hash not in texts}))
        by_hash: dict[str, list[int]] = {}
        for paragraph in waiting:
            by_hash.setdefault(paragraph.text_hash, []).append(paragraph.vec_id)
        hashes = list(by_hash)
        size = max(EMBED_BATCH, math.ceil(len(hashes) / MAX_BATCHES))
        spec = vectors.IndexSpec.from_dict(self.manifest.faiss)
        index = self.index or vectors.read_index(
            store_module.faiss_path(self.index_dir, self.manifest.generation), spec)
        for start in range(0, len(hashes), size):
            batch = hashes[start:start + size]
            fresh = self._embed({h: texts[h] for h in batch}, start, len(hashes))
            by_vec_id = {vec_id: fresh[h] for h in batch for vec_id in by_hash[h]}
            ids = np.fromiter(by_vec_id, dtype=np.int64, count=len(by_vec_id))
            index.add_with_ids(np.array(list(by_vec_id.values()), dtype=np.float32), ids)
            self._commit_generation(index, self.manifest.model, spec, lambda: store.set_vectors(by_vec_id))
            _failpoint("batch-committed")


def _insert(store: Store, stored: list[StoredDocument], vectors_by_hash: dict[str, np.ndarray], now: str) -> None:
    """Write the new documents (inside the commit's transaction)."""
    for document in stored:
        store.add_document(document, vectors_by_hash, now)


def _last_generation(store: Store) -> int:
    """The generation number last used here (kept across rebuilds, so FAISS file names never repeat)."""
    value = store.meta().get("generation")
    return value if isinstance(value, int) else 0


def _check_model(manifest: Manifest, model: str | None, embedder, index_dir: Path) -> None:
    """The one model check (by weights, as `Archive.open` does): raise ModelMismatch unless
    `embedder` or the model named `model` embeds like the one that built the index."""
    from .embed import ModelIdentity, check_same_model, resolve_model, weights_sha256

    stored = ModelIdentity.from_dict(manifest.model)
    if embedder is not None:
        check_same_model(stored, embedder.identity, index_dir)
        return
    if model is None or str(model) == stored.name:
        return
    # Another name may be the same weights (a hub id and a local copy): compare without loading.
    _, path = resolve_model(model)
    weights = weights_sha256(path) if path is not None else "not available locally"
    check_same_model(stored, ModelIdentity(str(model), weights, stored.dimension, stored.normalized,
                                           stored.backend), index_dir)
