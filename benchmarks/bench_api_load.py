"""Load test of the HTTP API, bounded and local: the API (uvicorn, 127.0.0.1, a free port) on an
index; concurrent clients for a while; and, while they run, a full rebuild of the same archive
into the same index, during which every answer must come from the old index or the new one.

Run by hand, not part of the tests:

    . .venv/bin/activate
    # the Greve index (288 meetings; `python -m benchmarks.bench_greve` builds it):
    python -m benchmarks.bench_api_load
    # any index and the archive it was built from, e.g. the bundled sample (`scripts/app.sh`
    # or `python -m indexer build archive --index index` builds it; built here when missing):
    python -m benchmarks.bench_api_load --index index --archive archive
    # the harness end to end in ~1 minute: a tiny index of the sample archive made with a hashing
    # embedder (no model), 8 clients for 15 s, the rebuild 3 s in:
    python -m benchmarks.bench_api_load --smoke

Options: --clients 20, --seconds 60, --rebuild-at 15 (seconds into the run; --no-rebuild to
skip it), --rebuild-mode full|incremental, --max-seconds 900 (the clients go on past --seconds
while the rebuild runs, at most this long), --json PATH (default benchmarks/.cache/api-load/
result.json). Exit status 0 only when there were no errors and no inconsistent answers.

What the clients do (each in a loop, no think time): a mix of `GET /search` (Danish and English
queries; hybrid, lexical and dense; a body filter or a year now and then; pages 1–3),
`/documents` and `/documents/{path}`, `/meetings` and `/meeting?document=…`, `/decisions` (a body,
a query), `/followups` (a status, a body). One request in five is a probe: a fixed request whose
answer was fingerprinted before the run (the old index) and is again after the rebuild (the new
one). A probe answered during the run must match one of the two fingerprints; for hybrid
searches, an answer from a generation between them (the text of the new index committed, its
vectors being committed batch by batch: by design, semantic search covers more after each
batch) is counted apart as "intermediate" when every hit exists in the old or the new index.
Volatile fields (scores, indexing times, file times) are left out of the fingerprints.

Reported: requests served (per second), p50 / p95 per endpoint kind (all, and while the rebuild
ran), errors (any answer but 200, or none; the goal is 0), probe consistency, the rebuild's time
and summary, and the server's RSS (peak and at the end). Client and server share this machine's
cores: latencies are end to end as a reader on the same machine sees them.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
GREVE_INDEX = CACHE / "greve" / "index"
GREVE_ARCHIVE = CACHE / "greve" / "archive"
SMOKE_DIR = CACHE / "api-load-smoke"
RESULT = CACHE / "api-load" / "result.json"

DANISH = ["huslejestigninger", "budget 2025", "ældreboliger", "klimaplan", "cykelstier", "daginstitutioner pladser",
          "hjemmepleje", "lokalplan for boliger", "anlægsbevilling", "rygestopkurser", "bygningsvedligeholdelse",
          "personalegennemstrømning", "udsatte børn og unge", "trafiksikkerhed ved skoler", "kvalitetsstandarder",
          "takstnedsættelse", "affaldssortering", "biblioteket åbningstider", "sundhedsaftale", "handicapområdet"]
ENGLISH = ["rent increases", "housing for people with mental illness", "housing for the elderly", "climate adaptation",
           "bicycle paths", "staff shortage in elderly care", "smoking cessation courses", "building maintenance",
           "day care capacity", "traffic safety near schools", "municipal budget cuts", "waste collection"]
PROBE_QUERIES = [("huslejestigninger", "lexical"), ("budget", "lexical"), ("møde", "lexical"),
                 ("rent increases", "hybrid"), ("ældreboliger", "hybrid")]
VOLATILE = {"score", "indexed_at", "mtime_ns", "size", "built_at", "checked_at"}


# -- the server and the rebuild, each in a process of its own -------------------------------------------
def _smoke_embedder():
    """The tests' hashing embedder (no model), with a "vector cache" that knows every text, as a
    machine's cache does for an archive it built before: a rebuild commits its vectors at once."""
    from tests.fakes import HashEmbedder

    class SmokeEmbedder(HashEmbedder):
        def cached_passages(self, texts):
            return dict(enumerate(self.embed_passages(list(texts))))

    return SmokeEmbedder()


def serve_main(args) -> int:
    import uvicorn

    from indexer.api import ApiSettings, create_app

    settings = ApiSettings.from_env(args.index, args.archive)
    app = create_app(settings, embedder=_smoke_embedder() if args.smoke else None)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False, server_header=False)
    return 0


def build_main(args) -> int:
    from indexer.build.run import build
    from indexer.store.manifest import Manifest

    model = None
    if not args.smoke and (Path(args.index) / "manifest.json").exists():
        model = Manifest.read(Path(args.index)).model["name"]  # a rebuild keeps the index's model
    started = time.perf_counter()
    report = build(args.archive, args.index, embedder=_smoke_embedder() if args.smoke else None, model=model,
                   rebuild=args.full)
    print(json.dumps({"summary": report.summary().split(": ")[0], "seconds": round(time.perf_counter() - started, 2),
                      "indexed": len(report.indexed), "skipped": len(report.skipped),
                      "generation": report.generation}))
    return 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _myself(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.bench_api_load", *args]


class Rss:
    """The server's resident memory, sampled twice a second."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.last = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _read(self, field_name: str) -> float:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.last = self._read("VmRSS") or self.last
            self.peak = max(self.peak, self.last)

    def start(self) -> "Rss":
        self._thread.start()
        return self

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        peak = max(self.peak, self._read("VmHWM"))
        return {"rss_peak_mb": round(peak, 1), "rss_end_mb": round(self._read("VmRSS") or self.last, 1)}


# -- what the clients ask ----------------------------------------------------------------------------------
@dataclass
class World:
    """What the index holds, for choosing plausible requests."""

    bodies: list[str]
    years: list[str]
    documents: list[str]
    meetings: list[str]


@dataclass
class Request:
    kind: str  # search | documents | document | meetings | meeting | decisions | followups
    path: str
    params: list = field(default_factory=list)
    probe: str | None = None  # the probe's name: its answer is checked against the old and new index


def probes() -> list[Request]:
    found = [Request("search", "/search", [("q", q), ("mode", mode), ("k", 10)], probe=f"search {mode} {q}")
             for q, mode in PROBE_QUERIES]
    found += [Request("documents", "/documents", probe="documents"), Request("meetings", "/meetings", probe="meetings"),
              Request("decisions", "/decisions", probe="decisions"),
              Request("followups", "/followups", [("status", "all")], probe="followups")]
    return found


def next_request(rng: random.Random, world: World, probe_list: list[Request]) -> Request:
    if rng.random() < 0.2:
        return rng.choice(probe_list)
    roll = rng.random()
    if roll < 0.55:
        params = [("q", rng.choice(DANISH if rng.random() < 0.65 else ENGLISH)),
                  ("mode", rng.choices(("hybrid", "lexical", "dense"), (7, 2, 1))[0]), ("k", 10),
                  ("offset", rng.choices((0, 10, 20), (6, 3, 1))[0])]
        if world.bodies and rng.random() < 0.3:
            params.append(("body", rng.choice(world.bodies)))
        if world.years and rng.random() < 0.2:
            year = rng.choice(world.years)
            params += [("from", f"{year}-01-01"), ("to", f"{year}-12-31")]
        return Request("search", "/search", params)
    if roll < 0.62:
        return Request("documents", "/documents")
    if roll < 0.70 and world.documents:
        return Request("document", "/documents/" + rng.choice(world.documents))
    if roll < 0.75:
        return Request("meetings", "/meetings")
    if roll < 0.82 and world.meetings:
        return Request("meeting", "/meeting", [("document", rng.choice(world.meetings))])
    if roll < 0.91:
        params = [("body", rng.choice(world.bodies))] if world.bodies and rng.random() < 0.6 else []
        if rng.random() < 0.3:
            params.append(("query", rng.choice(DANISH)))
            params.append(("mode", "lexical"))
        return Request("decisions", "/decisions", params)
    params = [("status", rng.choice(("open", "all", "done")))]
    if world.bodies and rng.random() < 0.5:
        params.append(("body", rng.choice(world.bodies)))
    return Request("followups", "/followups", params)


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def fingerprint(body: dict) -> str:
    return hashlib.sha256(json.dumps(_strip(body), sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def hit_ids(body: dict) -> set[str]:
    return {h["id"] for h in body.get("results", [])} | {h["id"] for h in body.get("closest", [])}


# -- the run -----------------------------------------------------------------------------------------------
@dataclass
class Sample:
    kind: str
    started: float
    seconds: float
    status: int  # 0: no answer (a timeout, a refused connection)
    probe: str | None = None
    print_: str | None = None  # the probe's fingerprint
    ids: frozenset = frozenset()
    error: str | None = None


async def client(http, rng: random.Random, world: World, probe_list: list[Request], stop: asyncio.Event,
                 samples: list[Sample], t0: float) -> None:
    while not stop.is_set():
        request = next_request(rng, world, probe_list)
        started = time.perf_counter()
        try:
            response = await http.get(request.path, params=request.params)
            status, body, error = response.status_code, None, None
            if status == 200 and request.probe:
                body = response.json()
            elif status != 200:
                error = response.text[:200]
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the client
            status, body, error = 0, None, f"{type(exc).__name__}: {exc}"[:200]
        seconds = time.perf_counter() - started
        samples.append(Sample(request.kind, started - t0, seconds, status, request.probe,
                              fingerprint(body) if body is not None else None,
                              frozenset(hit_ids(body)) if body is not None and request.kind == "search" else frozenset(),
                              error))


async def reference(http, probe_list: list[Request]) -> dict[str, tuple[str, set]]:
    found = {}
    for request in probe_list:
        response = await http.get(request.path, params=request.params)
        response.raise_for_status()
        body = response.json()
        found[request.probe] = (fingerprint(body), hit_ids(body))
    return found


async def discover(http) -> World:
    documents = (await http.get("/documents")).json()["documents"]
    meetings = (await http.get("/meetings")).json()["meetings"]
    bodies = sorted({d["body"] for d in documents if d.get("body")})
    years = sorted({d["meeting_date"][:4] for d in documents if d.get("meeting_date")})
    with_text = [d["path"] for d in documents if d.get("paragraphs")]
    firsts = [m["documents"][0] for m in meetings if m.get("documents")]
    return World(bodies, years, with_text, firsts)


async def wait_until_up(http, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the API server ended at start (status {process.returncode})")
        try:
            if (await http.get("/")).status_code == 200:
                return
        except Exception:  # noqa: BLE001 - not listening yet
            pass
        await asyncio.sleep(0.25)
    raise SystemExit("the API server did not start in time")


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"n": len(values), "p50_ms": round(pick(0.50) * 1000, 1), "p95_ms": round(pick(0.95) * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1), "mean_ms": round(statistics.fmean(values) * 1000, 1)}


async def run(args, index: Path, archive: Path | None) -> dict:
    import httpx

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("INDEXER_READER_TOKEN",)}
    serve = _myself("serve", "--index", str(index), "--port", str(port)) + (["--smoke"] if args.smoke else [])
    if archive is not None:
        serve += ["--archive", str(archive)]
    server = subprocess.Popen(serve, cwd=ROOT, env=env)
    rebuild_process: subprocess.Popen | None = None
    try:
        limits = httpx.Limits(max_connections=args.clients + 4, max_keepalive_connections=args.clients + 4)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120, limits=limits) as http:
            await wait_until_up(http, server, 120)
            warm = time.perf_counter()
            (await http.get("/search", params={"q": "opvarmning", "k": 1})).raise_for_status()  # model + index loaded
            warm_s = time.perf_counter() - warm
            world = await discover(http)
            probe_list = probes()
            old = await reference(http, probe_list)
            rss = Rss(server.pid).start()
            samples: list[Sample] = []
            stop = asyncio.Event()
            t0 = time.perf_counter()
            tasks = [asyncio.create_task(client(http, random.Random(args.seed + n), world, probe_list, stop, samples,
                                                t0)) for n in range(args.clients)]
            rebuild: dict = {"ran": False}
            if not args.no_rebuild and archive is not None:
                await asyncio.sleep(args.rebuild_at)
                command = _myself("build", "--index", str(index), "--archive", str(archive)) + (
                    ["--smoke"] if args.smoke else []) + (["--full"] if args.rebuild_mode == "full" else [])
                rebuild = {"ran": True, "mode": args.rebuild_mode, "started_s": round(time.perf_counter() - t0, 2)}
                rebuild_process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
            while True:
                elapsed = time.perf_counter() - t0
                if rebuild_process is not None and "ended_s" not in rebuild and rebuild_process.poll() is not None:
                    rebuild["ended_s"] = round(elapsed, 2)  # as the clients saw it (polled every 0.2 s)
                building = rebuild_process is not None and "ended_s" not in rebuild
                if elapsed >= args.max_seconds or (elapsed >= args.seconds and not building):
                    break
                await asyncio.sleep(0.2)
            stop.set()
            await asyncio.gather(*tasks)
            duration = time.perf_counter() - t0
            if rebuild_process is not None:
                rebuild["finished_during_run"] = "ended_s" in rebuild
                out, _ = rebuild_process.communicate()  # past --max-seconds: left to finish, clients stopped
                rebuild.setdefault("ended_s", round(time.perf_counter() - t0, 2))
                rebuild["returncode"] = rebuild_process.returncode
                try:
                    rebuild["report"] = json.loads(out.strip().splitlines()[-1])
                except (ValueError, IndexError):
                    rebuild["report"] = out.strip()[-500:]
                rebuild_process = None
            new = await reference(http, probe_list)
            unknown = await unknown_hits(http, samples, old, new)
            memory = rss.stop()
    finally:
        if rebuild_process is not None:
            rebuild_process.kill()
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    return summarise(args, index, samples, duration, warm_s, rebuild, old, new, unknown, memory)


async def unknown_hits(http, samples: list[Sample], old: dict, new: dict) -> set[str]:
    """Hits of hybrid probes answered from neither fingerprint that the new index does not hold
    (asked one by one: a paragraph's id is stable across rebuilds of the same files)."""
    known = _all_ids(old, new)
    asked = {i for s in samples if s.probe and s.probe.startswith("search hybrid") and s.status == 200
             and s.print_ not in (old[s.probe][0], new[s.probe][0]) for i in s.ids} - known
    missing = set()
    for paragraph_id in sorted(asked)[:2000]:
        if (await http.get(f"/paragraphs/{paragraph_id}", params={"before": 0, "after": 0})).status_code != 200:
            missing.add(paragraph_id)
    return missing


def summarise(args, index: Path, samples: list[Sample], duration: float, warm_s: float, rebuild: dict,
              old: dict, new: dict, unknown: set[str], memory: dict) -> dict:
    errors = [s for s in samples if s.status != 200]
    window = (rebuild["started_s"], rebuild["ended_s"]) if rebuild.get("ran") else None
    consistent = inconsistent = intermediate = 0
    examples = []
    for s in samples:
        if s.probe is None or s.status != 200:
            continue
        accepted = {old[s.probe][0], new[s.probe][0]}
        if s.print_ in accepted:
            consistent += 1
        elif s.probe.startswith("search hybrid") and not s.ids & unknown:
            intermediate += 1  # a committed generation between the two: every hit is in the index
        else:
            inconsistent += 1
            if len(examples) < 5:
                examples.append({"probe": s.probe, "at_s": round(s.started, 2)})
    kinds = sorted({s.kind for s in samples})
    per_kind = {k: _percentiles([s.seconds for s in samples if s.kind == k and s.status == 200]) for k in kinds}
    during = {}
    if window:
        inside = [s for s in samples if window[0] <= s.started <= window[1]]
        during = {k: _percentiles([s.seconds for s in inside if s.kind == k and s.status == 200]) for k in kinds}
        during["requests"] = len(inside)
        during["errors"] = sum(1 for s in inside if s.status != 200)
    return {
        "index": str(index), "clients": args.clients, "seconds": round(duration, 1), "warm_up_s": round(warm_s, 2),
        "requests": len(samples), "requests_per_s": round(len(samples) / duration, 1) if duration else 0,
        "errors": len(errors), "error_examples": sorted({f"{s.kind} {s.status} {s.error}" for s in errors})[:5],
        "per_kind": per_kind, "during_rebuild": during, "rebuild": rebuild,
        "probes": {"consistent": consistent, "intermediate": intermediate, "inconsistent": inconsistent,
                   "examples": examples, "same_before_and_after": sorted(p for p in old if old[p][0] == new[p][0])},
        **memory,
    }


def _all_ids(old: dict, new: dict) -> set:
    return set().union(*(ids for _, ids in old.values()), *(ids for _, ids in new.values()))


def report_text(result: dict) -> str:
    lines = [f"API load: {result['index']}",
             f"{result['clients']} clients, {result['seconds']} s: {result['requests']} requests "
             f"({result['requests_per_s']}/s), errors {result['errors']}; warm-up {result['warm_up_s']} s; "
             f"server RSS peak {result['rss_peak_mb']} MB, at the end {result['rss_end_mb']} MB",
             "", "| kind | n | p50 ms | p95 ms | max ms | p95 during rebuild |", "|---|---:|---:|---:|---:|---:|"]
    for kind, stats in result["per_kind"].items():
        during = result["during_rebuild"].get(kind, {}) if result["during_rebuild"] else {}
        lines.append(f"| {kind} | {stats['n']} | {stats.get('p50_ms', '–')} | {stats.get('p95_ms', '–')} | "
                     f"{stats.get('max_ms', '–')} | {during.get('p95_ms', '–')} |")
    rebuild = result["rebuild"]
    if rebuild.get("ran"):
        lines += ["", f"rebuild ({rebuild['mode']}) {rebuild['started_s']}–{rebuild['ended_s']} s: exit "
                      f"{rebuild.get('returncode')}, "
                      f"{rebuild.get('report')}; {result['during_rebuild'].get('requests', 0)} requests during it, "
                      f"{result['during_rebuild'].get('errors', 0)} errors"]
    probes_ = result["probes"]
    lines.append(f"probes: {probes_['consistent']} from the old or the new index, {probes_['intermediate']} from a "
                 f"generation between them (hybrid, every hit in the index), {probes_['inconsistent']} from neither")
    if result["error_examples"]:
        lines.append("errors: " + "; ".join(result["error_examples"]))
    return "\n".join(lines)


# -- preparing an index ------------------------------------------------------------------------------------
SMOKE_FILES = ["minutes", "folketinget", "greve", "pdfs/ballerup_sfu_referat_2012-12-04.pdf", "catalog.csv"]


def prepare_smoke(folder: Path = SMOKE_DIR) -> tuple[Path, Path]:
    """A small copy of the sample archive, indexed with the hashing embedder (fresh each run)."""
    shutil.rmtree(folder, ignore_errors=True)
    archive, index = folder / "archive", folder / "index"
    for name in SMOKE_FILES:
        source, target = ROOT / "archive" / name, archive / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    subprocess.run(_myself("build", "--index", str(index), "--archive", str(archive), "--smoke"), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return archive, index


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["serve"], ["build"]):
        parser = argparse.ArgumentParser(prog=f"bench_api_load {argv[0]}")
        parser.add_argument("--index", required=True)
        parser.add_argument("--archive")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--smoke", action="store_true")
        parser.add_argument("--full", action="store_true")
        args = parser.parse_args(argv[1:])
        return serve_main(args) if argv[0] == "serve" else build_main(args)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--index", type=Path, default=None, help=f"default {GREVE_INDEX.relative_to(ROOT)}")
    parser.add_argument("--archive", type=Path, default=None,
                        help="the archive the index was built from (the rebuild reads it); default: the Greve "
                             "archive beside the default index")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rebuild-at", type=float, default=15)
    parser.add_argument("--rebuild-mode", choices=("full", "incremental"), default="full")
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="a tiny hashing-embedder index, 8 clients, 15 s")
    parser.add_argument("--smoke-dir", type=Path, default=SMOKE_DIR, help="where --smoke makes its archive and index")
    parser.add_argument("--json", type=Path, default=RESULT)
    args = parser.parse_args(argv)
    if args.smoke:
        archive, index = prepare_smoke(args.smoke_dir)
        given = {a.split("=")[0] for a in argv}
        args.clients = args.clients if "--clients" in given else 8
        args.seconds = args.seconds if "--seconds" in given else 15
        args.rebuild_at = args.rebuild_at if "--rebuild-at" in given else 3
    else:
        index = args.index or GREVE_INDEX
        archive = args.archive or (GREVE_ARCHIVE if index == GREVE_INDEX and GREVE_ARCHIVE.is_dir() else None)
        if not (index / "manifest.json").exists():
            if archive is None:
                print(f"no index in {index}: build it (python -m benchmarks.bench_greve, or python -m indexer build "
                      f"ARCHIVE --index {index}), or give --index and --archive", file=sys.stderr)
                return 2
            print(f"building {index} from {archive} first …", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "indexer", "build", str(archive), "--index", str(index)], cwd=ROOT,
                           check=True)
        if archive is None and not args.no_rebuild:
            print("no --archive: the rebuild during the run is left out", file=sys.stderr)
    result = asyncio.run(run(args, index, archive))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report_text(result))
    print(f"\n(result: {args.json})")
    rebuilt = not result["rebuild"].get("ran") or result["rebuild"].get("returncode") == 0
    return 0 if result["errors"] == 0 and result["probes"]["inconsistent"] == 0 and rebuilt else 1


if __name__ == "__main__":
    sys.exit(main())
