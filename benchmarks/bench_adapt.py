"""Does adapting the model to an archive help its questions? The original and the adapted model
side by side on the same archive, on labelled questions, per part and language.

Run by hand, not part of the tests:

    . .venv/bin/activate
    python -m benchmarks.bench_adapt --archive archive --work benchmarks/.cache/adapt-sample \
        --queries benchmarks/queries/queries.json
    python -m benchmarks.bench_adapt --archive benchmarks/.cache/greve/archive --base-index \
        benchmarks/.cache/greve/index --work benchmarks/.cache/adapt-greve --queries benchmarks/queries/greve.json

Phases, each a command of its own (`python -m indexer …`), results in WORK/result.json:
* base: the archive built with the original model (skipped with --base-index);
* adapt: `adapt --index BASE --out WORK/model` (its report: pairs, steps, CPU time, held-out pairs);
* build: the archive built again into WORK/index with `--model WORK/model` (wall time);
* eval: `eval --json` of both indexes, hybrid and dense, on the tuning and the held-out questions.
The decision to use the adapted model is taken on the tuning questions and the held-out pairs;
the held-out questions are reported, never tuned on.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def indexer(*args: str, capture: bool = False) -> str:
    done = subprocess.run([sys.executable, "-m", "indexer", *args], check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)
    return done.stdout or ""


def evaluate(index: Path, queries: Path, part: str) -> dict:
    return json.loads(indexer("eval", "--index", str(index), "--queries", str(queries), "--part", part,
                              "--mode", "hybrid", "--mode", "dense", "--json", capture=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--base-index", type=Path, default=None)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--parts", default="tuning,heldout", help="Which question parts to score.")
    parser.add_argument("--report", action="store_true", help="Print the table of WORK/result.json and stop.")
    args = parser.parse_args()
    if args.report:
        print(table(json.loads((args.work / "result.json").read_text(encoding="utf-8"))))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    result: dict = {"archive": str(args.archive), "queries": str(args.queries)}
    base = args.base_index or args.work / "base-index"
    if args.base_index is None:
        indexer("build", str(args.archive), "--index", str(base))
    model = args.work / "model"
    if not (model / "adapt-report.json").is_file():
        indexer("adapt", "--index", str(base), "--out", str(model), "--epochs", str(args.epochs))
    result["adapt"] = json.loads((model / "adapt-report.json").read_text(encoding="utf-8"))
    adapted = args.work / "index"
    started = time.perf_counter()
    indexer("build", str(args.archive), "--index", str(adapted), "--model", str(model))
    result["build_s"] = round(time.perf_counter() - started, 1)
    result["eval"] = {name: {part: evaluate(index, args.queries, part) for part in args.parts.split(",")}
                      for name, index in (("original", base), ("adapted", adapted))}
    (args.work / "result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(table(result))


def table(result: dict) -> str:
    """recall@5 / MRR@10 per model, part, group and mode."""
    lines = ["| model | part | group | mode | recall@5 | MRR@10 |", "|---|---|---|---|---|---|"]
    for name, parts in result["eval"].items():
        for part, by_part in parts.items():
            for _, by_group in by_part.items():  # the part itself, once more
                for group, by_mode in by_group.items():
                    for mode, row in by_mode.items():
                        if mode == "queries":
                            continue
                        lines.append(f"| {name} | {part} | {group} | {mode} | {row['recall@5']:.3f} | {row['mrr@10']:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
