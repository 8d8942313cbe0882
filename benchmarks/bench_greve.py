"""A real municipality at scale: Greve Kommune's 288 FirstAgenda meetings (2022–2024) built,
re-checked and served on this machine with the real bundled model.

Run by hand, not part of the tests:

    . .venv/bin/activate
    python -m benchmarks.bench_greve --corpus ../shared/corpus/meeting-systems/firstagenda-greve
    python -m benchmarks.bench_greve --report          # the markdown table of the last run

Phases, each in its own process (so its peak RSS is its own), results in
`benchmarks/.cache/greve/result.json`:

* build: the meeting files copied into a fresh archive and built from scratch with a fresh
  vector cache of its own (every paragraph embedded, and kept for later rebuilds), the manifest polled every 0.25 s for when the text is
  searchable and when every vector is in; the bare model on a sample of the same passage texts,
  in the same process, right before and right after the build (paragraphs/s with nothing
  around it: their mean is set against the build's, and their spread says how steady the
  machine was);
* recheck: `build` again with nothing new (what a re-harvest that found nothing costs);
* serve: single queries one after another (Danish and English, hybrid / dense / lexical, end to
  end with the query embedded), p50 / p95, and the serving process's RSS.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import threading
import time
from pathlib import Path

from benchmarks.bench_scale import child, du, peak_rss_mb, percentile, rss_mb

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / ".cache" / "greve"
# Questions as members, secretaries and journalists ask them (latency only; not labelled).
QUERIES = [
    "budget 2025", "daginstitutioner pladser", "ældreboliger", "klimaplan", "cykelstier", "skolernes økonomi",
    "handicapområdet udgifter", "rekruttering af medarbejdere", "hjemmepleje", "lokalplan for boliger",
    "affaldssortering", "udsatte børn og unge", "jobcentret ledighed", "idrætsfaciliteter", "biblioteket åbningstider",
    "vandløb og oversvømmelse", "trafiksikkerhed ved skoler", "takstnedsættelse", "kvalitetsstandarder", "anlægsbevilling",
    "budget cuts", "housing for the elderly", "climate adaptation", "day care capacity", "school results",
    "staff shortage in elderly care", "bicycle paths", "youth unemployment", "sports facilities", "waste collection",
    "traffic safety", "local plan for housing", "disability services costs", "library opening hours",
    "municipal tax rate", "energy renovation of buildings", "public transport bus routes", "mental health of young people",
    "wind turbines", "refugees from Ukraine",
]


def _manifest_watch(index: Path, started: float, marks: dict, stop: threading.Event) -> None:
    from indexer.store.manifest import Manifest

    while not stop.is_set():
        try:
            manifest = Manifest.read(index)
        except Exception:  # noqa: BLE001 - not written yet, or being replaced
            manifest = None
        if manifest is not None and manifest.paragraphs and "text_s" not in marks:
            marks["text_s"] = time.perf_counter() - started
        stop.wait(0.25)


def phase_build(archive: Path, index: Path, sample: int) -> dict:
    from indexer.build.run import build
    from indexer.embed.embedder import Embedder

    cache = index.parent / "vectors.sqlite"  # fresh: every paragraph through the model
    for leftover in index.parent.glob("vectors.sqlite*"):
        leftover.unlink()
    embedder = Embedder(vector_cache=cache)  # loaded before the clock starts, as the app has it loaded
    texts = _sample_passages(archive, sample)
    bare_before = _bare_rate(embedder, texts[: sample // 2])
    shutil.rmtree(index, ignore_errors=True)
    marks: dict = {}
    stop = threading.Event()
    started = time.perf_counter()
    watcher = threading.Thread(target=_manifest_watch, args=(index, started, marks, stop), daemon=True)
    watcher.start()
    report = build(archive, index, embedder=embedder)
    total = time.perf_counter() - started
    stop.set()
    watcher.join()
    bare_after = _bare_rate(embedder, texts[sample // 2:])
    embed_s = total - marks.get("text_s", 0.0)
    return {
        "documents": len(report.indexed), "skipped": [s.to_dict() for s in report.skipped],
        "paragraphs": report.paragraphs, "embedded": report.embedded, "decisions": report.decisions,
        "follow_ups": report.follow_ups, "seconds": total, "text_searchable_s": marks.get("text_s"),
        "all_vectors_s": total, "build_paragraphs_per_s": report.embedded / embed_s if embed_s else None,
        "bare_sample": len(texts), "bare_paragraphs_per_s": (bare_before + bare_after) / 2,
        "bare_before_per_s": bare_before, "bare_after_per_s": bare_after,
        "index_bytes": du(index), "archive_bytes": du(archive), "peak_rss_mb": peak_rss_mb(),
        "backend": embedder.backend, "embed_context": _context(),
    }


def _context() -> str:
    from indexer.embed.passages import EMBED_CONTEXT

    return EMBED_CONTEXT


def _sample_passages(archive: Path, sample: int) -> list[str]:
    """Passage texts of the archive, as the build embeds them, read without building: a shuffled sample."""
    from indexer.embed.passages import passage_text
    from indexer.ingest.pipeline import ingest_file

    files = sorted(archive.rglob("*.json"))
    random.Random(0).shuffle(files)
    texts: list[str] = []
    for path in files[:40]:
        record, paragraphs = ingest_file(path, root=archive)
        texts += [passage_text(p, record) for p in paragraphs if not p.is_contents]
    random.Random(1).shuffle(texts)
    return texts[:sample]


def _bare_rate(embedder, texts: list[str]) -> float:
    """Paragraphs/s of the model alone on `texts` (batches of 16, as the build embeds; no cache)."""
    started = time.perf_counter()
    embedder._encode(texts, "passage", 16, False)
    return len(texts) / (time.perf_counter() - started)


def phase_recheck(archive: Path, index: Path) -> dict:
    from indexer.build.run import build

    started = time.perf_counter()
    report = build(archive, index)  # no embedder: an unchanged archive must not need one
    return {"seconds": time.perf_counter() - started, "indexed": len(report.indexed),
            "unchanged": len(report.unchanged), "peak_rss_mb": peak_rss_mb()}


def phase_serve(index: Path, repeats: int) -> dict:
    from indexer.search.archive import Archive

    archive = Archive.open(index)
    archive.search("opvarmning", k=10)  # the model loaded, caches warm
    rss_ready = rss_mb()
    out = {}
    for mode in ("hybrid", "dense", "lexical"):
        p50s, p95s = [], []
        for _ in range(repeats):
            times = []
            for text in QUERIES:
                started = time.perf_counter()
                archive.search(text, k=10, mode=mode)
                times.append((time.perf_counter() - started) * 1000)
            p50s.append(percentile(times, 50))
            p95s.append(percentile(times, 95))
        out[mode] = {"p50_ms": statistics.median(p50s), "p95_ms": statistics.median(p95s)}
    return {"latency": out, "queries": len(QUERIES), "repeats": repeats, "rss_ready_mb": rss_ready,
            "peak_rss_mb": peak_rss_mb()}


def report_table(result: dict) -> str:
    b, r, s = result["build"], result.get("recheck", {}), result.get("serve", {})
    overhead = 1 - b["build_paragraphs_per_s"] / b["bare_paragraphs_per_s"]
    rows = [
        ("meetings (files)", f"{b['documents']}"), ("paragraphs", f"{b['paragraphs']:,}"),
        ("decisions / follow-ups extracted", f"{b['decisions']:,} / {b['follow_ups']:,}"),
        ("text searchable after", f"{b['text_searchable_s']:.0f} s"),
        ("every vector in after", f"{b['all_vectors_s'] / 60:.1f} min"),
        ("embedding, build end to end", f"{b['build_paragraphs_per_s']:.1f} paragraphs/s"),
        ("embedding, bare model (same run, same texts)", f"{b['bare_paragraphs_per_s']:.1f} paragraphs/s "
                                                          f"({b['bare_before_per_s']:.1f} before, "
                                                          f"{b['bare_after_per_s']:.1f} after the build; "
                                                          f"{b['bare_sample']} passages)"),
        ("build overhead around the model", f"{overhead:.0%}"),
        ("index on disk", f"{b['index_bytes'] / 1e6:.0f} MB (archive {b['archive_bytes'] / 1e6:.0f} MB)"),
        ("peak RSS building", f"{b['peak_rss_mb']:.0f} MB"),
    ]
    if r:
        rows.append(("rebuild with nothing new", f"{r['seconds']:.1f} s"))
    if s:
        for mode, v in s["latency"].items():
            rows.append((f"{mode} search p50 / p95 (query embedded)", f"{v['p50_ms']:.0f} / {v['p95_ms']:.0f} ms"))
        rows.append(("serving RSS (model and index loaded)", f"{s['rss_ready_mb']:.0f} MB"))
    return "| measure | value |\n|---|---:|\n" + "\n".join(f"| {a} | {b_} |" for a, b_ in rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "meeting-systems"
                        / "firstagenda-greve")
    parser.add_argument("--limit", type=int, default=None, help="only the first N meeting files (a quick run)")
    parser.add_argument("--sample", type=int, default=2000, help="passages the bare model embeds")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        phase, kwargs = args.child[0], json.loads(args.child[1])
        for key in ("archive", "index"):
            if key in kwargs:
                kwargs[key] = Path(kwargs[key])
        fn = {"build": phase_build, "recheck": phase_recheck, "serve": phase_serve}[phase]
        load = os.getloadavg()[0]
        result = fn(**kwargs)
        result["loadavg_1m"] = [load, os.getloadavg()[0]]  # the machine is shared
        print(json.dumps(result))
        return
    result_file = args.out / "result.json"
    if args.report:
        print(report_table(json.loads(result_file.read_text())))
        return
    archive, index = args.out / "archive", args.out / "index"
    shutil.rmtree(archive, ignore_errors=True)
    files = sorted(args.corpus.rglob("*.json"))[: args.limit]
    for path in files:
        target = archive / path.relative_to(args.corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    result = {"files": len(files), "cpus": os.cpu_count(), "started": time.strftime("%Y-%m-%d %H:%M")}
    args.out.mkdir(parents=True, exist_ok=True)
    for phase, kwargs in (("build", {"archive": str(archive), "index": str(index), "sample": args.sample}),
                          ("recheck", {"archive": str(archive), "index": str(index)}),
                          ("serve", {"index": str(index), "repeats": args.repeats})):
        result[phase] = child(phase, "benchmarks.bench_greve", **kwargs)
        result_file.write_text(json.dumps(result, indent=1, ensure_ascii=False))
        print(f"{phase}: {json.dumps(result[phase])[:400]}", flush=True)
    print(report_table(result))


if __name__ == "__main__":
    main()
