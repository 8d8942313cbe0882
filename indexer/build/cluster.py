"""The build's heavy steps on a Ray cluster: changed source files in, records, paragraphs and vectors out.

In:  the changed `SourceFile`s of a build (their paths must be readable at the same place on
     every node: a shared file system, or one machine with `address="local"`; an attachment inside
     a publication zip travels as its name through the zip, which `ingest_file` reads), and later the
     texts the build still has to embed (`{text hash: passage text}`).
Out: `ingest(...)` gives one `IngestOutcome` per file: its `Record` and `Paragraph`s, or the
     `UnreadableFile` it raised, re-raised on the driver by `IngestOutcome.result()` so the build
     reports it exactly as a local build does. `embed(...)` gives `{text hash: float32 unit vector}`.

Reading (with OCR) runs as Ray Data tasks, one file per block; embedding runs through
`map_batches` on a pool of actors that each load the model once, on a GPU each where the
cluster has GPUs, else on CPUs. Plain data comes back to the driver; the build's single
writer commits SQLite, FTS5 and FAISS as it does locally, so the index directory stays one
consistent generation.

Faults: a worker process that dies is replaced by Ray; its task is run again (tasks:
`max_retries`, actors: `max_restarts` / `max_task_retries`). Results are keyed by file name
and text hash and counted on arrival, so a retried task can neither lose nor double a row.

Ray is an optional dependency, imported only here and only when a cluster is asked for:
`pip install meeting-archive[cluster]`.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import signal
import socket
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import numpy as np

from indexer.errors import ArchiveError, UnreadableFile
from indexer.records import Paragraph, Record
from indexer.build.report import Progress

INSTALL_HINT = "pip install meeting-archive[cluster]"
# How often a task or actor call is tried again after its worker process died.
RETRIES = 3
# Passage texts per actor call: enough to keep the model busy, few enough to spread over the
# actors (a CPU embeds ~5-30 per second, a GPU thousands).
EMBED_BLOCK = {"cpu": 32, "cuda": 512}
# Set to a directory on a shared file system, makes one worker kill itself (fault tests):
# a file named "kill-read" or "kill-embed" there is claimed by the first worker of that stage.
KILL_DIR_ENV = "INDEXER_CLUSTER_KILL_DIR"
# Environment variables that travel from the driver to the workers.
FORWARDED_ENV_PREFIX = "INDEXER_"
# Seconds a HOST:PORT address has to accept a connection before Ray is handed it: Ray itself
# retries an address where nothing answers for minutes.
CONNECT_TIMEOUT_S = 10.0



class ClusterUnavailable(ArchiveError):
    """Ray is not installed, or the cluster cannot be reached."""


class ClusterFailed(ArchiveError):
    """A stage failed on the cluster (after Ray's retries of lost workers); nothing was committed."""


@contextmanager
def _finite_retries() -> Iterator[None]:
    """Ray 2.60 warns that per-call remote arguments are deprecated (no named replacement for
    retries yet). The finite limits are meant: Ray Data's default retries a task forever, so a
    file that crashes its reader every time would never end the build."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
        yield


@contextmanager
def _one_line_failures(stage: str) -> Iterator[None]:
    """A stage that fails on the cluster (after Ray's retries) becomes one line for the user."""
    ray = _import_ray()
    try:
        yield
    except ray.exceptions.RayError as exc:
        first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ClusterFailed(f"{stage} failed on the cluster: {first[:300]}") from exc


def _probe(address: str, timeout: float | None = None) -> None:
    """Raise ClusterUnavailable, within `timeout` seconds (CONNECT_TIMEOUT_S), unless something
    accepts a connection at a HOST:PORT address ("ray://HOST:PORT" too); "local", "auto" and
    other forms are left to Ray."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    host = host.strip("[]")  # an IPv6 literal: [::1]:6379
    if not host or not port.isdigit():
        return
    timeout = CONNECT_TIMEOUT_S if timeout is None else timeout
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except TimeoutError:
        raise ClusterUnavailable(f"cannot reach the Ray cluster at {address}: no answer within "
                                 f"{timeout:g} s") from None
    except (OSError, OverflowError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        raise ClusterUnavailable(f"cannot reach the Ray cluster at {address}: {reason}") from None


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401  (the part the build uses)
    except ImportError:
        raise ClusterUnavailable(f"building on a cluster needs Ray: {INSTALL_HINT}") from None
    return ray


@dataclass
class IngestOutcome:
    """What reading one file on a worker gave: its record and paragraphs, or why not."""

    name: str
    record: Record | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    error: tuple[str, str, dict] | None = None  # (code, reason, params) of UnreadableFile

    def result(self) -> tuple[Record, list[Paragraph]]:
        """(record, paragraphs), as `ingest.ingest_file` returns them; raises its UnreadableFile."""
        if self.error is not None:
            code, reason, params = self.error
            raise UnreadableFile(self.name, reason, code=code, **params)
        return self.record, self.paragraphs


@dataclass
class WorkerLoad:
    """One embedding actor's model load: where it ran and how long it took."""

    worker: str  # host:pid
    device: str
    seconds: float


def _maybe_die(stage: str) -> None:
    """Kill this worker process when the fault-test directory asks for it (once per request)."""
    kill_dir = os.environ.get(KILL_DIR_ENV)
    if not kill_dir:
        return
    request = Path(kill_dir) / f"kill-{stage}"
    try:  # a rename succeeds for exactly one process
        os.rename(request, Path(kill_dir) / f"killed-{stage}-{os.getpid()}")
    except OSError:
        return
    os.kill(os.getpid(), signal.SIGKILL)


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def _read_batch(batch: dict, *, archive_dir: str, catalog: Mapping) -> dict:
    """Ray Data task: read, clean and segment the files of one block."""
    from indexer.ingest.pipeline import ingest_file

    _maybe_die("read")
    payloads = []
    for path, content_hash in zip(batch["path"], batch["sha256"]):
        try:
            record, paragraphs = ingest_file(path, root=archive_dir, catalog=catalog,
                                             content_hash=str(content_hash))  # hashed once, by the scan
            payloads.append(pickle.dumps(("ok", record, paragraphs)))
        except UnreadableFile as exc:
            params = {key: _plain(value) for key, value in exc.params.items()}
            payloads.append(pickle.dumps(("error", exc.code, exc.reason, params)))
        except Exception as exc:  # noqa: BLE001 - one unreadable file never stops a build (as locally)
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            payloads.append(pickle.dumps(("error", "unreadable", detail, {"detail": detail})))
    return {"name": batch["name"], "payload": np.array(payloads, dtype=object)}


class _EmbedActor:
    """Ray Data actor: loads the model once, then embeds batches of passage texts."""

    def __init__(self, model: str, device: str | None, vector_cache: bool) -> None:
        started = time.perf_counter()
        from indexer.embed.embedder import Embedder

        self.embedder = Embedder(model, device=device, vector_cache=vector_cache)
        self.load_seconds = time.perf_counter() - started
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.identity = json.dumps(self.embedder.identity.to_dict(), sort_keys=True)

    def __call__(self, batch: dict) -> dict:
        _maybe_die("embed")
        texts = [str(text) for text in batch["text"]]
        vectors = self.embedder.embed_passages(texts)
        rows = len(texts)
        return {
            "hash": batch["hash"], "vector": vectors,
            "identity": np.array([self.identity] * rows, dtype=object),
            "worker": np.array([self.worker] * rows, dtype=object),
            "device": np.array([self.embedder.device] * rows, dtype=object),
            "load_s": np.full(rows, self.load_seconds, dtype=np.float64),
        }


class Cluster:
    """A connection to a Ray cluster for one build (a context manager).

    address: "local" starts a cluster on this machine with its cores; "auto" joins the one this
        machine belongs to; "HOST:PORT" or "ray://HOST:PORT" another one. If Ray is already
        initialised in this process, that connection is used and left open.
    workers: embedding actors (default: one per GPU, else one per `cpus_per_worker` CPUs).
    cpus_per_worker: CPU threads of each embedding actor on a cluster without GPUs.
    vector_cache: workers use the per-machine vector cache (`embed.Embedder`), as local builds do.
    """

    def __init__(self, address: str = "local", *, model: str | None = None, workers: int | None = None,
                 cpus_per_worker: int | None = None, vector_cache: bool = True) -> None:
        self.address, self.model = address, model
        self.workers, self.cpus_per_worker = workers, cpus_per_worker
        self.vector_cache = vector_cache
        self.identity: dict | None = None  # the embedding model's, once `embed` ran
        self.loads: list[WorkerLoad] = []  # one per actor start (restarts included)
        self._ray = None
        self._owns_connection = False

    # -- connection -------------------------------------------------------------------
    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect (and stop a cluster started here); a connection made by others stays."""
        if self._owns_connection and self._ray is not None:
            self._ray.shutdown()
        self._ray, self._owns_connection = None, False

    def connect(self) -> None:
        """Connect, or start the local cluster: done by the first stage that runs, so a build
        with nothing to read or embed never waits for Ray."""
        if self._ray is not None:
            return
        ray = _import_ray()
        env = {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_ENV_PREFIX)}
        if not ray.is_initialized():
            _probe(self.address)
            kwargs: dict = {"runtime_env": {"env_vars": env}, "include_dashboard": False,
                            "logging_level": logging.WARNING, "log_to_driver": True}
            if self.address == "local":
                # The machine's cores, or one CPU slot per embedding worker asked for.
                kwargs["num_cpus"] = max(os.cpu_count() or 1, (self.workers or 0))
            try:
                ray.init(address=self.address, **kwargs)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ClusterUnavailable(f"cannot reach the Ray cluster at {self.address}: "
                                         f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
            self._owns_connection = True
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the build reports progress itself
        context.print_on_execution_start = False
        # Ray Data's per-dataset INFO lines and its note that bars are off would interleave with them.
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
        self._ray = ray

    @staticmethod
    def _stream(dataset) -> Iterator[dict]:
        return dataset.iter_batches(batch_format="numpy", batch_size=None)

    @staticmethod
    def _take_outcomes(batch: dict, outcomes: dict) -> None:
        for name, payload in zip(batch["name"], batch["payload"]):
            name = str(name)
            if name in outcomes:  # a retried task must replace, never add
                raise RuntimeError(f"internal error: {name} came back twice from the cluster")
            kind, *rest = pickle.loads(payload)
            outcomes[name] = (IngestOutcome(name, record=rest[0], paragraphs=rest[1]) if kind == "ok"
                              else IngestOutcome(name, error=(rest[0], rest[1], rest[2])))

    @staticmethod
    def _take_vectors(batch: dict, found: dict, identities: set, loads: dict) -> None:
        for text_hash, vector in zip(batch["hash"], batch["vector"]):
            text_hash = str(text_hash)
            if text_hash in found:  # a retried call must replace, never add
                raise RuntimeError(f"internal error: text {text_hash} came back twice from the cluster")
            found[text_hash] = np.asarray(vector, dtype=np.float32)
        identities.update(str(i) for i in set(batch["identity"]))
        for worker, device, seconds in zip(batch["worker"], batch["device"], batch["load_s"]):
            loads[str(worker)] = WorkerLoad(str(worker), str(device), float(seconds))

    def _resources(self) -> tuple[float, float]:
        resources = self._ray.cluster_resources()
        return float(resources.get("CPU", 0)), float(resources.get("GPU", 0))

    def _actor_plan(self) -> tuple[int, dict, str]:
        """(actors, resources per actor, device) for the embedding pool."""
        cpus, gpus = self._resources()
        if gpus >= 1:
            return (self.workers or int(gpus)), {"num_gpus": 1, "num_cpus": 1}, "cuda"
        per_worker = self.cpus_per_worker or (max(1, int(cpus) // self.workers) if self.workers
                                              else min(4, max(1, int(cpus))))
        workers = self.workers or max(1, int(cpus) // per_worker)
        return workers, {"num_cpus": per_worker}, "cpu"

    # -- stages -------------------------------------------------------------------------
    def ingest(self, sources: Sequence, archive_dir: Path | str, catalog: Mapping,
               progress: Progress | None = None) -> dict[str, IngestOutcome]:
        """Read, clean and segment `sources` (SourceFile: .path, .name, .sha256) on the cluster's workers.

        Returns one IngestOutcome per source, keyed by its archive name."""
        if not sources:
            return {}
        self.connect()
        ray = self._ray
        rows = [{"name": source.name, "path": str(source.path), "sha256": source.sha256} for source in sources]
        with _finite_retries():
            dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), 10_000)).map_batches(
                _read_batch, batch_size=None, batch_format="numpy", udf_modifying_row_count=False,
                fn_kwargs={"archive_dir": str(archive_dir), "catalog": {k: dict(v) for k, v in catalog.items()}},
                num_cpus=1, max_retries=RETRIES)
        outcomes: dict[str, IngestOutcome] = {}
        with _one_line_failures("reading"):
            for batch in self._stream(dataset):
                self._take_outcomes(batch, outcomes)
                if progress:
                    progress("read", len(outcomes), len(rows))
        lost = [row["name"] for row in rows if row["name"] not in outcomes]
        if lost:
            raise RuntimeError(f"internal error: no result from the cluster for {', '.join(lost[:5])}")
        return outcomes

    def embed(self, texts: Mapping[str, str], progress: Progress | None = None) -> dict[str, np.ndarray]:
        """Embed `texts` ({text hash: passage text}) on a pool of model-holding actors."""
        from indexer.config import DEFAULT_MODEL

        if not texts:
            return {}
        self.connect()
        ray = self._ray
        workers, resources, device = self._actor_plan()
        # Longest texts first, in blocks of similar length: less padding, and the slow blocks
        # start early instead of finishing last.
        order = sorted(texts, key=lambda h: (-len(texts[h]), h))
        items = [{"hash": h, "text": texts[h]} for h in order]
        # At least one block per actor, or the pool cannot use them all.
        blocks = min(len(items), max(workers, -(-len(items) // EMBED_BLOCK[device])))
        with _finite_retries():
            dataset = ray.data.from_items(items, override_num_blocks=blocks).map_batches(
                _EmbedActor, batch_size=None, batch_format="numpy", udf_modifying_row_count=False,
                fn_constructor_kwargs={"model": self.model or DEFAULT_MODEL, "device": device,
                                       "vector_cache": self.vector_cache},
                compute=ray.data.ActorPoolStrategy(size=workers),
                max_restarts=RETRIES, max_task_retries=RETRIES, **resources)
        found: dict[str, np.ndarray] = {}
        identities, loads = set(), {}
        with _one_line_failures("embedding"):
            for batch in self._stream(dataset):
                self._take_vectors(batch, found, identities, loads)
                if progress:
                    progress("embed", len(found), len(texts))
        if len(found) != len(texts):
            raise RuntimeError(f"internal error: {len(texts) - len(found)} texts came back "
                               "from the cluster without a vector")
        if len(identities) != 1:  # every worker must embed with the very same model
            raise RuntimeError(f"workers embedded with different models: {sorted(identities)}")
        self.identity = json.loads(identities.pop())
        self.loads = sorted(loads.values(), key=lambda load: load.worker)
        return found

