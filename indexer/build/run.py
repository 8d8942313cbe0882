"""Building the index: an archive directory in, an up-to-date index directory out.

scan (`sources.scan`: one `SourceFile` per file) → decide (unchanged, changed, duplicate,
removed) → ingest the changed files (`ingest.ingest_file`) and extract their decisions and
follow-ups → commit the text (`generations.GenerationWriter.commit`: searchable by words at
once) → embed what was not embedded before and commit it in batches (`embed_waiting`).
What the build did comes back as a `report.BuildReport`.

Incremental: files whose size, modification time and catalog row are unchanged are not
even hashed; changed files are replaced; deleted files are removed; paragraphs whose
embedded text was seen before reuse their stored vector. An unchanged archive embeds
nothing and does not load the model; otherwise the model loads beside the reading.
Documents indexed before extraction existed, or extracted with other rules (an upgrade), get
their decisions and follow-ups from their stored paragraphs. The same content under two names is indexed once, under the name
already indexed (else the first in path order); the other is reported as its duplicate,
whatever the scan order.
"""
from __future__ import annotations

import hashlib
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer import store as store_module
from indexer.ingest import limits
from indexer.ingest.catalog import load_catalog
from indexer.config import DEFAULT_MODEL
from indexer.minutes.decisions import extract_decisions
from indexer.errors import IndexDamaged, IndexMissing, IndexUnwritable, InvalidInput, UnreadableFile
from indexer.minutes import RULES_VERSION
from indexer.minutes.followups import listed_followups
from indexer.build.generations import FAIL_POINTS, GenerationWriter
from indexer.ingest.pipeline import ingest_file
from indexer.store.manifest import Manifest, built_from, write_json
from indexer.embed import passages
from indexer.embed.passages import EMBED_CONTEXT, lexical_text, passage_text, text_hash
from indexer.records import Paragraph, Record
from indexer.build.report import BuildInterrupted, BuildReport, Progress, SkippedFile
from indexer.ingest.scan import (NOT_RECORDS, SourceFile, archive_files, could_be_record,  # noqa: F401
                                 scan)  # (NOT_RECORDS, archive_files and scan re-exported)
from indexer.store import KnownDocument, Store, StoredDocument, vector_id  # noqa: F401  (vector_id re-exported)
from indexer.store.files import holds_index, is_index_file

_EMPTY = hashlib.sha256(b"").hexdigest()  # the content of an empty file
READERS = 2  # files read at once (see `_Build.ingest`)
_NOTHING_REMOVED = "nothing was removed (to empty the index, delete the folder {index_dir})"

__all__ = ["build", "BuildInterrupted", "BuildReport", "SkippedFile", "passage_text", "lexical_text", "EMBED_CONTEXT",
           "FAIL_POINTS", "archive_files", "Progress"]



@dataclass
class _Plan:
    """What the scan decided."""

    changed: list[SourceFile] = field(default_factory=list)
    touched: list[SourceFile] = field(default_factory=list)  # same content, new size/time


def _documents_held(index_dir: Path) -> int:
    """How many documents the index's manifest counts (0 when it cannot be read)."""
    try:
        return Manifest.read(index_dir).documents
    except (IndexMissing, IndexDamaged):  # a build cut short, a damaged manifest: the build says what is wrong
        return 0


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
        IndexUnwritable: the index directory cannot be created or written, or the disk filled
            (what was committed before is kept).
        InvalidInput: an INDEXER_MAX_… variable holds no positive number; the archive's catalog has a bad
            row; the archive folder does not exist; or it
            holds no records (an empty or wrong folder: no file of a type the build reads): no empty
            index is created, and an index that holds documents keeps them; or none of its files
            could be indexed while the build would remove every document the index holds (nothing
            is written).
    """
    started = time.monotonic()
    archive_dir, index_dir = Path(archive_dir), Path(index_dir)
    if not archive_dir.is_dir():
        raise InvalidInput(f"no archive folder {archive_dir}")
    limits.current()  # a bad INDEXER_MAX_… refused once, here, not as every new file skipped for it
    if not any(could_be_record(path) for path in archive_files(archive_dir, is_index_file)):
        # An empty or wrong folder (a README, a spreadsheet, source code): say so rather than create
        # an empty index, or empty a full one (a wrong folder given for an existing index must not
        # remove what it holds).
        if not holds_index(index_dir):
            raise InvalidInput(f"no records found in {archive_dir}: nothing to index")
        held = _documents_held(index_dir)
        if held:
            raise InvalidInput(f"no records found in {archive_dir}, and the index {index_dir} holds {held} "
                               f"document{'s' if held != 1 else ''}: {_NOTHING_REMOVED.format(index_dir=index_dir)}")
    try:
        with store_module.build_lock(index_dir):
            store = Store.open(index_dir, create=True)
            before, builder = store.meta().get("generation"), None
            try:
                builder = _Build(store, archive_dir, index_dir, model, embedder, rebuild, progress, cluster,
                                 device)
                report = builder.run()
                report.seconds = time.monotonic() - started
                write_json(index_dir / store_module.REPORT_NAME, report.to_dict())
                store.truncate_log()  # the log of its commits, as big as the text it read, emptied
            except KeyboardInterrupt as exc:
                stopped = _interrupted(store, before, builder, rebuild)
                if stopped.committed and builder is not None:
                    # the last report must not speak of an index this build has since changed
                    _save_stopped_report(index_dir, builder.report, store, time.monotonic() - started)
                raise stopped from exc
            finally:
                store.close()
    except OSError as exc:
        if exc.errno in store_module.DISK_FULL:  # the manifest, the report, the vector cache …
            raise IndexUnwritable(store_module.unwritable_message(index_dir, exc)) from exc
        raise
    return report


def _save_stopped_report(index_dir: Path, report: BuildReport, store: Store, seconds: float) -> None:
    """Save what a stopped build had done by then as the last build report, marked stopped, with the
    index's counts as committed."""
    report.stopped, report.seconds = True, seconds
    try:
        manifest = store.manifest()
        if manifest is not None:
            report.paragraphs, report.generation = manifest.paragraphs, manifest.generation
        write_json(index_dir / store_module.REPORT_NAME, report.to_dict())
    except Exception:  # noqa: BLE001 - a full disk, a store gone: the stop's own message must still come
        pass


def _interrupted(store: Store, before, builder: "_Build | None", rebuild: bool = False) -> BuildInterrupted:
    """What a build stopped by Ctrl-C had committed, read from the store itself (a stop inside a
    write transaction rolled it back); `rebuild`: the build was asked to start the index anew."""
    if builder is not None:
        builder.stop_reading()
    try:
        manifest = store.manifest()
    except Exception:  # noqa: BLE001 - the message must come whatever the store says
        return BuildInterrupted()
    if manifest is None or manifest.generation == before:
        return BuildInterrupted()
    report = builder.report if builder is not None else BuildReport()
    return BuildInterrupted(True, len(report.indexed), len(report.removed), manifest.documents, manifest.pending,
                            rebuild)


class _Build:
    def __init__(self, store: Store, archive_dir: Path, index_dir: Path, model, embedder, rebuild: bool,
                 progress: Progress | None, cluster=None, device: str | None = None) -> None:
        self.store, self.archive_dir, self.index_dir = store, archive_dir, index_dir
        self.cluster, self.device = cluster, device
        self.outcomes: dict = {}  # archive name -> cluster.IngestOutcome, when a cluster reads
        self.passages: dict[str, str] = {}  # the text embedded for a paragraph, by its hash: made once
        self.embedder, self.rebuild, self.progress = embedder, rebuild, progress
        self.report = BuildReport()
        self.manifest: Manifest | None = None
        self._loading: Future | None = None  # the model, while it loads beside the reading
        stored_format = store.meta().get("format_version")
        # Another format's tables are replaced wholesale, so only a rebuild may touch them.
        self.recreate = stored_format is not None and stored_format != store_module.FORMAT_VERSION
        if not rebuild:
            self.manifest = store.manifest()  # IndexDamaged (with the rebuild command) for another format
        # Vectors of another embedded context do not compare with new ones: re-embed everything.
        if self.manifest and self.manifest.embed_context != passages.EMBED_CONTEXT:
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
        sources = scan(self.archive_dir, catalog, is_index_file,  # never an index kept inside the archive
                       part_of_meeting=self.report.meeting_files)
        plan = self.decide(sources, known)
        if plan.changed:
            self._preload_model()
        stored = self.ingest(plan.changed, known, catalog)
        self._refuse_emptying(stored, known)
        self._refuse_another_archive(sources)
        if plan.touched:
            with self.store.writing():
                for source in plan.touched:
                    self.store.touch_document(source.name, source.size, source.mtime_ns)
        texts = self._texts(stored)  # embedded text by its hash
        self.index_words_again()
        writer = GenerationWriter(self.store, self.index_dir, self.manifest, rebuild=self.rebuild,
                                  recreate=self.recreate, report=self.report, embedder=self._embedder,
                                  progress=self.progress, cluster=self.cluster, archive_dir=self.archive_dir)
        # a vector file gone (deleted, a backup restored without it) is written again from the stored vectors
        vectors_gone = bool(self.manifest) and not store_module.faiss_path(self.index_dir,
                                                                           self.manifest.generation).is_file()
        self.report.vectors_restored = vectors_gone
        if not stored and not self.report.removed and not self.rebuild and self.manifest and not vectors_gone:
            self.report.paragraphs, self.report.generation = self.manifest.paragraphs, self.manifest.generation
            # A build killed between its commit and the manifest file leaves the file behind; an archive
            # folder that moved is recorded at its new place.
            if self.manifest.archive_dir != writer.archive_dir:
                self.manifest = replace(self.manifest, archive_dir=writer.archive_dir)
                with self.store.writing():
                    self.store.set_manifest(self.manifest)
            self.manifest.write(self.index_dir)
            store_module.remove_stale_files(self.index_dir, {self.manifest.generation, self.manifest.generation - 1})
        else:
            replaced = [] if self.rebuild else self.report.removed + [
                d.record.path for d in stored if d.record.path in known]
            writer.commit(stored, replaced, texts)
        self.extract_missing()
        writer.embed_waiting(texts)
        self.keep_links()
        return self.report

    def keep_links(self) -> None:
        """Find where each follow-up was taken up again, now that every vector of the generation is in, and
        keep that in the index (`Archive.keep_links`): a follow-up list then opens at once, in the app, on
        the command line and through the API, instead of searching for every promise when it is asked for.
        Nothing to do where the index holds no follow-up or keeps this generation's links, found by this code,
        already (a build with nothing new; the first one after an upgrade finds them)."""
        from indexer.search.followup_links import LINKS_VERSION

        generation = self.store.meta().get("generation")
        kept = self.store.kept_follow_up_links(generation, LINKS_VERSION) if generation else {}
        self.report.links_kept = len(kept)
        if not generation or not self.store.extraction_counts()[1] or kept:
            return
        from indexer.search.archive import Archive  # (the stages above the build's own, loaded when needed)

        started = time.monotonic()
        archive = Archive.open(self.index_dir, embedder=self.embedder if self.cluster is None else None)
        try:
            self.report.linked = self.report.links_kept = archive.keep_links(
                lambda done, total: self.say("links", done, total))
        except Exception:  # noqa: BLE001 - links are found when asked as well: a rule that trips never fails a build
            pass
        finally:
            archive.close()
        self.report.links_seconds = time.monotonic() - started

    def _refuse_another_archive(self, sources: list) -> None:
        """Raise InvalidInput, before anything is written, when this build would replace the documents the
        index holds by those of another archive folder (the bundled sample read into a municipality's index,
        for `--index` given without its archive folder): the index was not built from this folder, and it holds
        no more than half of the index's documents (one file both happen to hold must not empty the rest). A copy
        or a move of the archive keeps its documents' names."""
        held = set(self.store.known_documents())
        recorded = built_from(self.index_dir)
        shared = held & {source.name for source in sources}
        if not held or 2 * len(shared) > len(held) or (
                recorded and Path(recorded).resolve() == self.archive_dir.resolve()):
            return
        origin = f"built from {recorded}" if recorded else "built from another folder"
        if recorded and not Path(recorded).is_dir():  # the archive moved: its old folder is no command to give
            origin = f"built from {recorded}, which is gone"
            redo = (f"if the archive moved, build it from its new folder (`python -m indexer build NEW_FOLDER "
                    f"--index {self.index_dir}`)")
        elif recorded:
            redo = f"build it from there (`python -m indexer build {recorded} --index {self.index_dir}`)"
        else:
            redo = "build it from its own archive folder"
        some = f"only {len(shared)} of them" if shared else "none of them"
        raise InvalidInput(f"the index {self.index_dir} holds {len(held)} documents, {some} in {self.archive_dir} "
                           f"({origin}): nothing was replaced; {redo}, or give {self.archive_dir} an index of its own "
                           f"(another --index)")

    def _refuse_emptying(self, stored: list[StoredDocument], known: dict[str, KnownDocument]) -> None:
        """Raise InvalidInput, before anything is written, when this build would leave an index that
        holds documents with none: every one removed (or a rebuild) while nothing could be indexed.
        That is a wrong folder (spreadsheets, files none of which can be read), not an archive whose
        records were all deleted; an archive where some files were deleted or turned unreadable still
        loses the deleted ones (an indexed file that turns unreadable keeps its previous version)."""
        if stored or self.report.unchanged:
            return
        held = _documents_held(self.index_dir) if self.rebuild else len(known)
        if not held or not (self.rebuild or set(known) <= set(self.report.removed)):
            return
        skipped = self.report.skipped
        example = f", e.g. {skipped[0].path} ({skipped[0].reason})" if skipped else ""
        raise InvalidInput(f"no file in {self.archive_dir} could be indexed{example}, and this build would remove "
                           f"all {held} documents of the index {self.index_dir}: "
                           f"{_NOTHING_REMOVED.format(index_dir=self.index_dir)}")

    def extract(self, record: Record, paragraphs: list[Paragraph]) -> tuple[list, list] | None:
        """(decisions, follow-ups) of one document; None if the extractors fail on it (the
        document is indexed all the same, and extraction is tried again on the next build)."""
        started = time.perf_counter()
        try:
            return extract_decisions(record, paragraphs), listed_followups(record, paragraphs)
        except Exception:  # noqa: BLE001 - a rule that trips on odd text never stops a build
            return None
        finally:
            self.report.extraction_seconds += time.perf_counter() - started

    def index_words_again(self) -> None:
        """Index the stored paragraphs' words again where the index's were indexed otherwise
        (`passages.LEXICAL_VERSION`, an upgrade): nothing is read or embedded again, and the generation stays."""
        if not self.manifest or self.manifest.lexical == passages.LEXICAL_VERSION:
            return
        with self.store.writing():
            self.store.index_words_again(lexical_text)
            self.manifest = replace(self.manifest, lexical=passages.LEXICAL_VERSION)
            self.store.set_manifest(self.manifest)
        self.manifest.write(self.index_dir)

    def extract_missing(self) -> None:
        """Extract from indexed documents that have nothing extracted yet (an index built
        before extraction existed, or a document an extractor failed on) or were extracted with
        other rules (`minutes.RULES_VERSION`), from their stored paragraphs: nothing is read or
        embedded again. Does not change the generation."""
        store = self.store
        with store.reading():
            missing = store.unextracted_documents(RULES_VERSION)
        if missing:
            with store.writing():
                records = {r.path: r for r in store.records(missing)}
                for path in missing:
                    found = self.extract(records[path], store.paragraphs_of(path))
                    if found is not None:
                        store.add_extraction(path, *found, RULES_VERSION)
        with store.reading():
            self.report.decisions, self.report.follow_ups = store.extraction_counts()

    def decide(self, sources: list[SourceFile], known: dict[str, KnownDocument]) -> _Plan:
        """Sort each file into unchanged, changed, duplicate or unsupported; find removed ones."""
        report, plan = self.report, _Plan()
        digests: dict[str, str] = {}  # archive name -> content hash
        unchanged: set[str] = set()
        for done, source in enumerate(sources, 1):
            self.say("scan", done, len(sources))
            if source.outside:  # a link out of the archive: never read, whatever its name
                report.skipped.append(SkippedFile.because(source.name, "outside_archive"))
                continue
            if source.unread:  # a loop of links, a link to a folder or to nothing, a name not valid UTF-8
                report.skipped.append(SkippedFile.because(source.name, "unreadable", detail=source.unread))
                continue
            if not source.supported:
                # Empty is empty whatever its name (an empty .json is no meeting export to be told apart).
                report.skipped.append(SkippedFile.because(source.name, "empty") if source.size == 0 else
                                      SkippedFile.because(source.name, "unsupported",
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
        # One name per content: the copy a meeting export names (cited as its meeting's attachment, not
        # as a loose file without body or date), else the one indexed now if it stays, else the first in
        # path order; so which copy is kept does not depend on the folders' names.
        cited = {source.name for source in sources if source.cites}
        owner: dict[str, str] = {}
        for name in sorted(digests, key=lambda n: (n not in cited, n not in unchanged, n)):
            owner.setdefault(digests[name], name)
        duplicates = set()
        for source in sources:
            name = source.name
            if name not in digests:
                continue
            original = owner[digests[name]]
            if original != name and digests[name] != _EMPTY:  # empty files are alike, not copies: each is "empty file"
                duplicates.add(name)
                report.skipped.append(SkippedFile.because(name, "duplicate", original=original))
            elif name in unchanged:
                report.unchanged.append(name)
            else:
                plan.changed.append(source)
        plan.touched = [s for s in plan.touched if s.name not in duplicates]
        scanned = {source.name for source in sources}
        # While a publication zip cannot be read, its attachments cannot be listed: what was
        # indexed of them is kept (any of them may now be a closed item's: none is read).
        unlisted = [source.name for source in sources if source.unlisted]
        for name in sorted(set(known) - scanned) if unlisted else ():
            zip_name = next((z for z in unlisted if name.startswith(z + "/")), None)
            if zip_name is not None:
                scanned.add(name)  # kept as it is
                cause = SkippedFile.because(name, "export_unreadable", export=zip_name, detail="")
                report.skipped.append(SkippedFile.because(name, "kept_previous", reason=cause.reason,
                                                          cause=cause.code))
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
        elif len(changed) > 1:
            # Two files at a time: a scan waits on Tesseract while the next file is parsed.
            # Results are taken in path order, so the outcome never depends on timing.
            pool = ThreadPoolExecutor(max_workers=READERS)
            self.outcomes = {source.name: pool.submit(ingest_file, source.path, root=self.archive_dir,
                                                      catalog=catalog, content_hash=source.sha256)
                             for source in changed}
            pool.shutdown(wait=False)
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
            passage = passage_text(paragraph, record)
            key = text_hash(passage)
            self.passages.setdefault(key, passage)
            hashes.append(key)
            lexical.append(lexical_text(paragraph))
        stored.append(StoredDocument(record, paragraphs, hashes, lexical, source.catalog_json,
                                     source.size, source.mtime_ns,
                                     *(extracted if extracted is not None else (None, None)), RULES_VERSION))
        self.report.indexed.append(source.name)
        return None

    def stop_reading(self) -> None:
        """Drop the files not yet being read (a stopped build exits once the ones in hand are read)."""
        for outcome in self.outcomes.values():
            if isinstance(outcome, Future):
                outcome.cancel()

    # -- what the writer needs ---------------------------------------------------------
    def _texts(self, stored: list[StoredDocument]) -> dict[str, str]:
        return {key: self.passages[key] for document in stored for key in document.text_hashes if key is not None}

    def _load_model(self):
        from indexer.embed.embedder import Embedder  # loading the model is slow: only when needed

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

def _check_model(manifest: Manifest, model: str | None, embedder, index_dir: Path) -> None:
    """The one model check (by weights, as `Archive.open` does): raise ModelMismatch unless
    `embedder` or the model named `model` embeds like the one that built the index."""
    from indexer.embed.embedder import (ModelIdentity, check_index_model, check_same_model, resolve_model,
                                        weights_sha256)

    if embedder is not None:
        check_index_model(manifest, embedder.identity, index_dir)
        return
    stored = ModelIdentity.from_dict(manifest.model)
    if model is None or str(model) == stored.name:
        return
    # Another name may be the same weights (a hub id and a local copy): compare without loading.
    _, path = resolve_model(model)
    weights = weights_sha256(path) if path is not None else "not available locally"
    check_same_model(stored, ModelIdentity(str(model), weights, stored.dimension, stored.normalized,
                                           stored.backend), index_dir)
