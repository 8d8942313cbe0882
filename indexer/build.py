"""Building the index: an archive directory in, an up-to-date index directory out.

Incremental: files whose size, modification time and content hash are unchanged
are skipped; changed files are replaced; deleted files are removed; paragraphs
whose embedded text was seen before reuse their stored vector. An unchanged
archive embeds nothing and does not even load the model.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from . import store, vectors
from .config import DEFAULT_MODEL
from .errors import ModelMismatch, UnreadableFile
from .ingest import ingest_file
from .metadata import load_catalog
from .read import SUPPORTED_SUFFIXES, sha256_file
from .records import Paragraph, Record

# What is embedded for a paragraph: the document's title, its heading, then its text
# (measured against the text alone and heading + text with `python -m indexer eval`,
# see README). Recorded in the manifest.
EMBED_CONTEXT = "title"

# Files in the archive that describe it rather than belong to it.
NOT_RECORDS = {"readme.md", "readme.txt", "catalog.csv", "catalog.toml"}

Progress = Callable[[str, int, int], None]


def _failpoint(name: str) -> None:
    """Kill this process here when INDEXER_KILL_AT names this point (crash-safety tests)."""
    if os.environ.get("INDEXER_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class BuildReport:
    """What a build did, file by file."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    paragraphs: int = 0  # paragraphs in the index after the build
    embedded: int = 0  # paragraphs embedded by this build (others reused vectors)
    seconds: float = 0.0
    generation: int = 0

    def summary(self) -> str:
        """One line: documents indexed / unchanged / removed / skipped, paragraphs."""
        line = (
            f"{len(self.indexed)} indexed, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
            f"{self.paragraphs} paragraphs ({self.embedded} embedded) in {self.seconds:.1f}s"
        )
        if self.skipped:
            line += ": " + ", ".join(f"{path} ({reason})" for path, reason in self.skipped)
        return line

    def to_dict(self) -> dict:
        return {
            "indexed": self.indexed, "unchanged": self.unchanged, "removed": self.removed,
            "skipped": [{"path": path, "reason": reason} for path, reason in self.skipped],
            "paragraphs": self.paragraphs, "embedded": self.embedded,
            "seconds": round(self.seconds, 3), "generation": self.generation,
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


def vector_id(paragraph_id: str) -> int:
    """The int64 FAISS key of a paragraph, derived from its stable id."""
    return int.from_bytes(hashlib.sha1(paragraph_id.encode()).digest()[:8], "big") & (2**63 - 1)


def archive_files(archive_dir: Path) -> list[Path]:
    """Every file under `archive_dir` that could be a record (hidden files left out)."""
    return sorted(
        path for path in archive_dir.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(archive_dir).parts)
        and path.name.lower() not in NOT_RECORDS
    )


def build(archive_dir: Path | str, index_dir: Path | str, *, model: str | None = None,
          embedder=None, rebuild: bool = False, progress: Progress | None = None) -> BuildReport:
    """Bring the index in `index_dir` up to date with the files in `archive_dir`.

    Args:
        archive_dir: the folder of meeting records.
        index_dir: the index directory (created if missing).
        model: the embedding model; default: the index's own, else DEFAULT_MODEL.
        embedder: an already loaded `Embedder` (the app passes its own); else loaded when needed.
        rebuild: discard the index and build it anew (needed to change the model).
        progress: called as progress(stage, done, total).

    Returns:
        The BuildReport, also saved as build-report.json in the index directory.

    Raises:
        BuildLocked: another build runs on the same index.
        ModelMismatch: `model` differs from the one that built the index (use rebuild).
    """
    started = time.monotonic()
    archive_dir, index_dir = Path(archive_dir), Path(index_dir)
    with store.build_lock(index_dir):
        conn = store.connect(index_dir, create=True)
        try:
            report = _build_locked(conn, archive_dir, index_dir, model, embedder, rebuild, progress)
        finally:
            conn.close()
    report.seconds = time.monotonic() - started
    store.write_json(index_dir / store.REPORT_NAME, report.to_dict())
    return report


def _build_locked(conn, archive_dir, index_dir, model, embedder, rebuild, progress) -> BuildReport:
    meta = store.get_meta(conn)
    stored_model = (meta.get("model") or {}).get("name")
    # Vectors of another embedded context do not compare with new ones: re-embed everything.
    if meta.get("generation") and meta.get("embed_context", EMBED_CONTEXT) != EMBED_CONTEXT:
        rebuild, model = True, model or stored_model
    if rebuild:
        stored_model, meta = None, {}
    if model:
        wanted_model = str(model)
    elif embedder is not None:
        wanted_model = embedder.identity.name
    else:
        wanted_model = stored_model or DEFAULT_MODEL
    if stored_model and stored_model != wanted_model:
        raise ModelMismatch(
            f"index {index_dir} was built with {stored_model}, not {wanted_model}; to re-embed "
            f"everything with {wanted_model}, run `python -m indexer build --index {index_dir} "
            f"--model {wanted_model} --rebuild`"
        )
    report = BuildReport()
    catalog = load_catalog(archive_dir)
    known = {} if rebuild else {row["path"]: row for row in conn.execute("SELECT * FROM documents")}
    changed: list[tuple[Path, str, int, int]] = []
    seen_hashes: dict[str, str] = {}
    files = archive_files(archive_dir)
    for done, path in enumerate(files, 1):
        if progress:
            progress("scan", done, len(files))
        rel = path.relative_to(archive_dir).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.skipped.append((rel, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        stat = path.stat()
        row = known.get(rel)
        catalog_json = json.dumps(catalog.get(rel) or {}, sort_keys=True, ensure_ascii=False)
        same_catalog = row is not None and row["catalog"] == catalog_json
        if same_catalog and row["size"] == stat.st_size and row["mtime_ns"] == stat.st_mtime_ns:
            report.unchanged.append(rel)
            seen_hashes[row["content_hash"]] = rel
            continue
        digest = sha256_file(path)
        if digest in seen_hashes:
            report.skipped.append((rel, f"same content as {seen_hashes[digest]}"))
            continue
        seen_hashes[digest] = rel
        if same_catalog and row["content_hash"] == digest:
            report.unchanged.append(rel)
            conn.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE path = ?",
                         (stat.st_size, stat.st_mtime_ns, rel))
            continue
        changed.append((path, catalog_json, stat.st_size, stat.st_mtime_ns))
    report.removed = sorted(set(known) - {p.relative_to(archive_dir).as_posix() for p in files})
    # A file that became a copy of another leaves the index; its text stays under the other.
    report.removed += sorted(path for path, _ in report.skipped if path in known)

    ingested: list[tuple[Record, list[Paragraph], str, int, int]] = []
    for done, (path, catalog_json, size, mtime_ns) in enumerate(changed, 1):
        rel = path.relative_to(archive_dir).as_posix()
        try:
            record, paragraphs = ingest_file(path, root=archive_dir, catalog=catalog)
        except UnreadableFile as exc:
            reason = exc.reason
        else:
            reason = None if paragraphs else "no text found"
        if reason:
            # Nothing stored is lost: an indexed file that turned unreadable keeps its old version.
            kept = "; the previously indexed version is kept" if rel in known else ""
            report.skipped.append((rel, reason + kept))
            continue
        ingested.append((record, paragraphs, catalog_json, size, mtime_ns))
        report.indexed.append(rel)
        if progress:
            progress("read", done, len(changed))

    if not ingested and not report.removed and not rebuild and meta.get("generation"):
        report.paragraphs = meta.get("paragraphs", 0)
        report.generation = meta["generation"]
        # A build killed between its commit and the manifest leaves the manifest behind.
        store.write_json(index_dir / store.MANIFEST_NAME, meta)
        store.remove_stale_files(index_dir, {meta["generation"], meta["generation"] - 1})
        return report
    return _commit(conn, index_dir, meta, known, ingested, report, wanted_model, embedder, rebuild, progress)


def _commit(conn, index_dir, meta, known, ingested, report, wanted_model, embedder, rebuild, progress):
    """Embed what is new, write the next generation's FAISS file, then commit SQLite."""
    texts, hashes = [], []
    for record, paragraphs, *_ in ingested:
        for paragraph in paragraphs:
            text = passage_text(paragraph, record)
            texts.append(text)
            hashes.append(hashlib.sha1(text.encode()).hexdigest())
    cached = {} if rebuild else _cached_vectors(conn, set(hashes))
    missing = sorted({h: t for h, t in zip(hashes, texts) if h not in cached}.items())
    identity = meta.get("model")
    if missing or identity is None:
        if embedder is None:
            from .embed import Embedder  # loading the model is slow: only when needed

            embedder = Embedder(wanted_model)
        identity = embedder.identity.to_dict()
        fresh = embedder.embed_passages([t for _, t in missing], show_progress=progress is None) \
            if missing else np.zeros((0, identity["dimension"]), dtype=np.float32)
        _failpoint("embedded")
        cached.update({h: vec for (h, _), vec in zip(missing, fresh)})
        report.embedded = len(missing)
    dimension = identity["dimension"]

    replaced = [] if rebuild else report.removed + [r.path for r, *_ in ingested if r.path in known]
    drop_ids = _vector_ids(conn, replaced) if replaced else np.zeros(0, dtype=np.int64)
    new_ids = np.array([vector_id(p.id) for _, ps, *_ in ingested for p in ps], dtype=np.int64)
    new_vectors = np.array([cached[h] for h in hashes], dtype=np.float32).reshape(-1, dimension)
    previous = 0 if rebuild else meta.get("paragraphs", 0)
    total = previous - len(drop_ids) + len(new_ids)
    spec = vectors.choose_spec(total)
    generation = meta.get("generation", 0) + 1
    old_spec = meta.get("faiss") and vectors.IndexSpec.from_dict(meta["faiss"])
    if progress:
        progress("write", 0, 1)
    if old_spec == spec and vectors.can_update_in_place(spec) and meta.get("generation"):
        index = vectors.read_index(store.faiss_path(index_dir, meta["generation"]), spec)
        if len(drop_ids):
            index.remove_ids(drop_ids)
        if len(new_ids):
            index.add_with_ids(new_vectors, new_ids)
    else:
        kept_ids, kept_vectors = _kept_vectors(conn, drop_ids, dimension, rebuild)
        index = vectors.build_index(np.vstack([kept_vectors, new_vectors]),
                                    np.concatenate([kept_ids, new_ids]), spec)
    vectors.write_index(index, store.faiss_path(index_dir, generation))
    _failpoint("faiss-written")

    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if rebuild:
            for table in ("paragraphs_fts", "paragraphs", "documents", "meta"):
                conn.execute(f"DELETE FROM {table}")
        _delete_documents(conn, replaced)
        _insert(conn, ingested, hashes, cached, now)
        count = conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        if count != index.ntotal:  # never commit a generation whose halves disagree
            raise RuntimeError(f"internal error: {count} paragraphs but {index.ntotal} vectors")
        manifest = {
            "format_version": store.FORMAT_VERSION, "generation": generation, "model": identity,
            "faiss": spec.to_dict(), "embed_context": EMBED_CONTEXT, "paragraphs": count,
            "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
            "built_at": now,
        }
        store.set_meta(conn, manifest)
        _failpoint("before-commit")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    _failpoint("committed")
    store.write_json(index_dir / store.MANIFEST_NAME, manifest)
    store.remove_stale_files(index_dir, {generation, generation - 1})
    report.paragraphs, report.generation = count, generation
    return report


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _cached_vectors(conn, hashes: set[str]) -> dict[str, np.ndarray]:
    found = {}
    for chunk in _chunks(sorted(hashes)):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT text_hash, vector FROM paragraphs WHERE text_hash IN ({marks})", chunk):
            found[row[0]] = np.frombuffer(row[1], dtype=np.float32)
    return found


def _vector_ids(conn, documents: list[str]) -> np.ndarray:
    ids = []
    for chunk in _chunks(documents):
        marks = ",".join("?" * len(chunk))
        ids += [r[0] for r in conn.execute(f"SELECT vec_id FROM paragraphs WHERE document IN ({marks})", chunk)]
    return np.array(ids, dtype=np.int64)


def _kept_vectors(conn, drop_ids: np.ndarray, dimension: int, rebuild: bool):
    if rebuild:
        return np.zeros(0, dtype=np.int64), np.zeros((0, dimension), dtype=np.float32)
    drop = set(drop_ids.tolist())
    ids, rows = [], []
    for vec_id, blob in conn.execute("SELECT vec_id, vector FROM paragraphs ORDER BY vec_id"):
        if vec_id not in drop:
            ids.append(vec_id)
            rows.append(np.frombuffer(blob, dtype=np.float32))
    matrix = np.vstack(rows) if rows else np.zeros((0, dimension), dtype=np.float32)
    return np.array(ids, dtype=np.int64), matrix


def _delete_documents(conn, documents: list[str]) -> None:
    for chunk in _chunks(documents):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM paragraphs_fts WHERE rowid IN "
                     f"(SELECT vec_id FROM paragraphs WHERE document IN ({marks}))", chunk)
        conn.execute(f"DELETE FROM paragraphs WHERE document IN ({marks})", chunk)
        conn.execute(f"DELETE FROM documents WHERE path IN ({marks})", chunk)


def _insert(conn, ingested, hashes, vectors_by_hash, now) -> None:
    from .terms import stemmed_text

    position = 0
    for record, paragraphs, catalog_json, size, mtime_ns in ingested:
        conn.execute(
            "INSERT INTO documents(path, content_hash, title, body, meeting_date, doc_type, "
            "case_number, file_type, pages, catalog, indexed_at, size, mtime_ns) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (record.path, record.content_hash, record.title, record.body, record.meeting_date,
             record.doc_type, record.case_number, record.file_type, record.pages, catalog_json,
             now, size, mtime_ns),
        )
        for paragraph in paragraphs:
            text_hash = hashes[position]
            position += 1
            vec_id = vector_id(paragraph.id)
            conn.execute(
                "INSERT INTO paragraphs(vec_id, id, document, position, text, page, heading, speaker, "
                "party, role, is_heading, text_hash, vector) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (vec_id, paragraph.id, record.path, paragraph.position, paragraph.text, paragraph.page,
                 paragraph.heading, paragraph.speaker, paragraph.party, paragraph.role,
                 int(paragraph.is_heading), text_hash,
                 np.asarray(vectors_by_hash[text_hash], dtype=np.float32).tobytes()),
            )
            # Heading and speaker are searchable words too: people search by agenda item.
            lexical = " ".join(filter(None, [paragraph.heading, paragraph.speaker, paragraph.text]))
            conn.execute("INSERT INTO paragraphs_fts(rowid, stemmed) VALUES (?, ?)",
                         (vec_id, stemmed_text(lexical)))
