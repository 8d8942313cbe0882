"""Measure (and re-choose) the relevance floor (`indexer.search.rank`) on one index: the labelled
questions with and without the floor, and the no-answer probes.

The floor compares a query with a reference corpus of text about everything else
(`indexer/search/reference.py`); its threshold is calibrated on each archive from the tuning
probes (`reference.CALIBRATION_PROBES` = the tuning part of `benchmarks/queries/probes.json`).
What is chosen here, on the tuning questions and tuning probes only, are the constants that turn
the probes' contrasts into a threshold (`rank.PROBE_QUANTILE`, `rank.PROBE_MARGIN`) and the
per-result `slack` / `window` of `rank.FLOORS`; held-out questions and probes are only reported.

For each question: recall@5 / MRR@10 of the top 10 without and with the floor (a result cut by
the floor counts as missing), and whether the floor answers it "no good match"; for each probe:
whether nothing passes. Reproduce:

    python -m indexer build archive --index index
    python benchmarks/calibrate_floor.py --index index [--part tuning|heldout|all] [--markdown]
    python benchmarks/calibrate_floor.py --index index --grid     # the tuning grid

`--fusion rrf` ranks every query by weighted RRF (the library before "Score fusion where the words
are common" in benchmarks/RESULTS.md); `--fusion score:0.15` every query by score fusion (measured
and not kept: "Score fusion"); the default is the library's choice per query (`rank.by_scores`).

`--collection minutes` keeps the questions about one collection (an archive of the five minutes
alone: build `archive/minutes/*` into its own index). `--queries FILE` adds another labelled file
(e.g. benchmarks/queries/greve.json).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.search import rank  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import DEFAULT_QUERIES, load_queries, mean_scores, score_ranking  # noqa: E402

PROBES = ROOT / "benchmarks" / "queries" / "probes.json"


def load_probes(part: str = "all") -> list[dict]:
    rows = json.loads(PROBES.read_text(encoding="utf-8"))
    return [r for r in rows if part == "all" or r["part"] == part]


def questions(archive: Archive, queries, mode: str = "hybrid") -> list[dict]:
    """Per question: its scores without and with the floor, its total and whether it is answered."""
    out = []
    for q in queries:
        plain = archive.search(q.query, k=10, mode=mode, floor=False)
        floored = archive.search(q.query, k=10, mode=mode)
        out.append({"query": q.query, "lang": q.lang, "collection": q.collection, "part": q.part,
                    "no_floor": score_ranking([h.text for h in plain], q.relevant),
                    "floor": score_ranking([h.text for h in floored], q.relevant),
                    "total": floored.total, "complete": floored.complete,
                    "below_by": floored.shortfalls[0].below if floored.shortfalls else None})
    return out


def probes(archive: Archive, rows, mode: str = "hybrid") -> list[dict]:
    out = []
    for row in rows:
        results = archive.search(row["query"], k=10, mode=mode)
        out.append(dict(row, total=results.total, rejected=results.total == 0))
    return out


def summary(rows: list[dict], probe_rows: list[dict]) -> dict:
    """Scores per part and group (all, language, collection), probes rejected per part and kind."""
    report: dict = {"questions": {}, "probes": {}}
    for part in sorted({r["part"] for r in rows}):
        in_part = [r for r in rows if r["part"] == part]
        groups = {"all": in_part}
        for key in ("lang", "collection"):
            for value in sorted({r[key] for r in in_part}):
                groups[value] = [r for r in in_part if r[key] == value]
        report["questions"][part] = {
            group: {"queries": len(g), "no_floor": mean_scores([r["no_floor"] for r in g]),
                    "floor": mean_scores([r["floor"] for r in g]),
                    "no_good_match": [r["query"] for r in g if r["total"] == 0],
                    "median_total": statistics.median(r["total"] for r in g)}
            for group, g in groups.items()}
    for part in sorted({p["part"] for p in probe_rows}):
        in_part = [p for p in probe_rows if p["part"] == part]
        report["probes"][part] = {
            "rejected": sum(p["rejected"] for p in in_part), "probes": len(in_part),
            "by_kind": {kind: f"{sum(p['rejected'] for p in in_part if p['kind'] == kind)}/"
                              f"{sum(1 for p in in_part if p['kind'] == kind)}"
                        for kind in sorted({p["kind"] for p in in_part})},
            "answered": [(p["query"], p["total"]) for p in in_part if not p["rejected"]]}
    return report


def markdown(report: dict) -> str:
    lines = ["| part | questions | recall@5 no floor → floor | MRR@10 no floor → floor | \"no good match\" | median total |",
             "|---|---|---|---|---|---|"]
    for part, groups in report["questions"].items():
        for group, g in groups.items():
            lines.append(f"| {part} | {group} ({g['queries']}) | {g['no_floor']['recall@5']:.3f} → {g['floor']['recall@5']:.3f} | "
                         f"{g['no_floor']['mrr@10']:.3f} → {g['floor']['mrr@10']:.3f} | {len(g['no_good_match'])} | "
                         f"{g['median_total']:g} |")
    lines += ["", "| probes | rejected (\"no good match\") | by kind |", "|---|---|---|"]
    for part, p in report["probes"].items():
        lines.append(f"| {part} | {p['rejected']}/{p['probes']} | "
                     + ", ".join(f"{k} {v}" for k, v in p["by_kind"].items()) + " |")
    return "\n".join(lines)


def reset(archive: Archive) -> None:
    """Forget the archive's calibration (after changing rank's constants)."""
    archive._calibration = None


def score_fusion(lexical: float):
    """A `rank.fuse` that adds each side's scores for every query (`rank.fuse_scores`, BM25 at `lexical`)."""
    def fuse(candidates, weight: float, mode: str = "hybrid"):
        return rank.fuse_scores(candidates, weight, mode, lexical)
    return fuse


def fusion_choice(value: str) -> str | float | None:
    """--fusion: "library" (RRF, or score fusion for a Danish query whose words are common:
    `rank.by_scores`), None for "rrf" (RRF for every query, as before it), W for "score:W"."""
    if value == "library":
        return value
    if value == "rrf":
        return None
    match = re.fullmatch(r"score:(\d+(?:\.\d+)?)", value)
    if not match:
        raise argparse.ArgumentTypeError(f'{value!r}: use "library", "rrf" or "score:W" (W a number, e.g. score:0.15)')
    return float(match[1])


def grid(archive: Archive, queries, probe_rows) -> list[dict]:
    """The tuning grid: quantile × margin × slack × window; tuning questions and probes only."""
    out = []
    floors = dict(rank.FLOORS)
    for quantile in (0.8, 0.9, 1.0):
        for margin in (0.0, 0.005, 0.01):
            rank.PROBE_QUANTILE, rank.PROBE_MARGIN = quantile, margin
            reset(archive)
            for slack in (0.0, 0.005, 0.01):
                for window in (None, 0.05):
                    for mode in ("hybrid", "dense"):
                        rank.FLOORS[mode] = type(floors[mode])(**{**vars(floors[mode]), "slack": slack, "window": window})
                    report = summary(questions(archive, queries), probes(archive, probe_rows))
                    g = report["questions"]["tuning"]["all"]
                    p = report["probes"]["tuning"]
                    out.append({"quantile": quantile, "margin": margin, "slack": slack, "window": window,
                                "recall@5": g["floor"]["recall@5"], "mrr@10": g["floor"]["mrr@10"],
                                "cost": round(g["no_floor"]["recall@5"] - g["floor"]["recall@5"], 4),
                                "probes_rejected": f"{p['rejected']}/{p['probes']}", "median_total": g["median_total"]})
                    print(json.dumps(out[-1]), flush=True)
    rank.FLOORS.update(floors)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--part", choices=("tuning", "heldout", "all"), default="tuning")
    parser.add_argument("--collection", action="append", default=None,
                        help="only questions about this collection (repeatable; default: all)")
    parser.add_argument("--queries", type=Path, action="append", default=None,
                        help="labelled questions file (repeatable; default: benchmarks/queries/queries.json)")
    parser.add_argument("--mode", choices=rank.MODES, default="hybrid")
    parser.add_argument("--grid", action="store_true", help="search the tuning grid (tuning part only)")
    parser.add_argument("--fusion", type=fusion_choice, default="library",
                        help='"library" (default), "rrf" (every query) or "score:W" (every query; see score_fusion)')
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--json", type=Path, help="write the per-question rows and the report here")
    args = parser.parse_args()
    if args.fusion is None:
        rank.SCORE_FUSION_SHARE = 1.0  # no query matches more than every paragraph: RRF throughout
    elif args.fusion != "library":
        rank.fuse = score_fusion(args.fusion)
    archive = Archive.open(args.index)
    part = "tuning" if args.grid else args.part
    queries = [q for path in (args.queries or [DEFAULT_QUERIES]) for q in load_queries(path, part=part)
               if args.collection is None or q.collection in args.collection]
    probe_rows = load_probes(part)
    if args.grid:
        grid(archive, queries, probe_rows)
        return
    started = time.perf_counter()
    rows = questions(archive, queries, args.mode)
    probe_results = probes(archive, probe_rows, args.mode)
    report = summary(rows, probe_results)
    report["thresholds"] = archive._calibration[1][1] if archive._calibration and archive._calibration[1] else None
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({"report": report, "questions": rows, "probes": probe_results},
                                        indent=1, ensure_ascii=False))
    if args.markdown:
        print(markdown(report))


if __name__ == "__main__":
    main()
