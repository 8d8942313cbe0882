"""Prototype: show a paragraph once when another document holds *nearly* the same text, measured
on the tuning questions only.

`rank.dedupe` shows the exactly same text (case and spacing folded) once, with the other documents
in `Hit.also_in`. A committee's agenda item goes on to Økonomiudvalget and Byrådet with slightly
different text (an added sentence, another date, "Økonomiudvalgets indstilling"), a status report
comes back month after month, so on Greve two or three of the top 5 are often the same paragraph
(`greve_misses.py`, "crowded"). Here, after `dedupe`, a result whose words are nearly those of a
result ranked above it in another document is folded into that one (its document listed as
"also in"), as an exact copy is:

* `set:T`: Jaccard of the two paragraphs' word sets (casefolded `\\w+` tokens) >= T;
* `shingle:T`: Jaccard of their sets of word 3-grams >= T (word order counts);
* `copy:T`: `set:T` with a leading item number left out ("13. Mulig samdrift …" is item 8 at the
  next meeting), and only where the figures (words with a digit) of one are all in the other: a
  status report with this month's figures is not a copy (the library's `rank.fold_copies`, T 0.8).

Everything else (fusion, floor, page, total, facets) is the library's: `rank.dedupe` is replaced by
the folding one for the run, so the page, the count and the facets see the same list. A relevant
snippet counts wherever its text stands, so folding an answer's copy costs nothing as long as the
shown paragraph holds the snippet; folding one whose *added* sentence is the answer is a loss, and
counted as one.

    INDEXER_VECTOR_CACHE=off python benchmarks/near_copies.py --index INDEX \\
        --queries benchmarks/queries/greve.json [--variant set:0.8 ...]

Tuning part only; held-out questions and probes are never loaded.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.calibrate_floor import load_probes, probes, questions, summary  # noqa: E402
from indexer.search import rank  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import DEFAULT_QUERIES, load_queries  # noqa: E402

VARIANTS = ("none", "set:0.9", "set:0.8", "set:0.7", "shingle:0.7", "shingle:0.5", "copy:0.8", "copy:0.7", "copy:0.6")
_library_dedupe = rank.dedupe


def tokens(text: str, shingle: int) -> frozenset:
    words = re.findall(r"\w+", text.casefold())
    if shingle <= 1:
        return frozenset(words)
    return frozenset(tuple(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1)))


def folding(measure: str, cut: float, spent: list[float]):
    """A `rank.dedupe` that also folds near-copies (see the module's docstring); `spent` collects
    the seconds the folding takes per call."""
    shingle = 3 if measure == "shingle" else 1

    def dedupe(items, text, document, item=lambda _: None):
        pairs = _library_dedupe(items, text, document, item)
        started = time.perf_counter()
        kept: list[tuple[object, list[str], frozenset]] = []
        for entry, also in pairs:
            words = tokens(text(entry), shingle)
            where = document(entry)
            into = None
            for shown, shown_also, shown_words in kept:
                if document(shown) == where:
                    continue  # two items of one document are two results (as in `dedupe`)
                union = len(words | shown_words)
                if union and len(words & shown_words) / union >= cut:
                    into = shown_also
                    break
            if into is None:
                kept.append((entry, also, words))
                continue
            for d in (where, *also):
                if d not in into:
                    into.append(d)
        spent.append(time.perf_counter() - started)
        return [(entry, also) for entry, also, _ in kept]

    return dedupe


_ITEM_NUMBER = re.compile(r"^\s*\d+\.\s")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def copy_words(text: str) -> tuple[frozenset, frozenset]:
    """The words of `text` without a leading agenda item number ("13. Mulig samdrift …" is item 8 at
    the next meeting), and those of them that hold a digit (figures, dates)."""
    words = frozenset(_WORD.findall(_ITEM_NUMBER.sub("", text, count=1).casefold()))
    return words, frozenset(w for w in words if not w.isalpha())


def copy_folding(cut: float, spent: list[float]):
    """A `rank.dedupe` that also folds a result into a higher-ranked one of another document when,
    item numbers aside, their word sets' Jaccard is >= `cut` and the figures of one are all in the
    other (a copy with a date or a sentence added folds; a status report with other figures does
    not). Candidates are found by prefix filtering (each set's rarest words), so few pairs are compared."""

    def dedupe(items, text, document, item=lambda _: None):
        pairs = _library_dedupe(items, text, document, item)
        started = time.perf_counter()
        found = [copy_words(text(entry)) for entry, _ in pairs]
        frequency: dict[str, int] = {}
        for words, _ in found:
            for w in words:
                frequency[w] = frequency.get(w, 0) + 1
        index: dict[str, list[int]] = {}
        position: dict[int, int] = {}  # a kept entry's place in `out`
        out: list[tuple[object, list[str]]] = []
        for n, ((entry, also), (words, figures)) in enumerate(zip(pairs, found)):
            into = None
            if words:
                ordered = sorted(words, key=lambda w: (frequency[w], w))
                prefix = ordered[:len(ordered) - math.ceil(cut * len(ordered) - 1e-9) + 1]
                where = document(entry)
                for k in sorted({k for w in prefix for k in index.get(w, ())}):
                    shown_words, shown_figures = found[k]
                    if document(pairs[k][0]) == where:
                        continue
                    if not (figures <= shown_figures or shown_figures <= figures):
                        continue
                    if len(words & shown_words) >= cut * len(words | shown_words) - 1e-9:
                        into = k
                        break
                if into is None:
                    for w in prefix:
                        index.setdefault(w, []).append(n)
            if into is None:
                out.append((entry, also))
                position[n] = len(out) - 1
                continue
            shown_also = out[position[into]][1]
            for d in (document(entry), *also):
                if d not in shown_also and d != document(pairs[into][0]):
                    shown_also.append(d)
        spent.append(time.perf_counter() - started)
        return out

    return dedupe


def run(archive: Archive, queries, probe_rows, variant: str) -> dict:
    spent: list[float] = []
    if variant == "none":
        rank.dedupe = _library_dedupe
    elif variant.startswith("copy:"):
        rank.dedupe = copy_folding(float(variant.split(":")[1]), spent)
    else:
        measure, cut = variant.split(":")
        rank.dedupe = folding(measure, float(cut), spent)
    try:
        started = time.perf_counter()
        rows = questions(archive, queries)
        probe_results = probes(archive, probe_rows)
        seconds = time.perf_counter() - started
    finally:
        rank.dedupe = _library_dedupe
    report = summary(rows, probe_results)
    searches = 2 * len(queries) + len(probe_rows)
    report["fold_ms_per_search"] = round(1000 * sum(spent) / max(searches, 1), 3)
    report["seconds"] = round(seconds, 1)
    report["rows"] = rows
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--variant", action="append", default=None, help=f"default: {' '.join(VARIANTS)}")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    archive = Archive.open(args.index)
    queries = load_queries(args.queries, part="tuning")
    probe_rows = load_probes("tuning")
    lines = ["| variant | group | recall@5 | MRR@10 | hit@5 | median total | probes rejected | fold ms/search |",
             "|---|---|---|---|---|---|---|---|"]
    out = {}
    for variant in args.variant or VARIANTS:
        report = run(archive, queries, probe_rows, variant)
        out[variant] = report
        p = report["probes"]["tuning"]
        for group, g in report["questions"].get("tuning", {}).items():
            if group not in ("all", "da", "en"):
                continue
            f = g["floor"]
            lines.append(f"| {variant} | {group} ({g['queries']}) | {f['recall@5']:.3f} | {f['mrr@10']:.3f} | "
                         f"{f['hit@5']:.3f} | {g['median_total']:g} | {p['rejected']}/{p['probes']} | "
                         f"{report['fold_ms_per_search']:.2f} |")
        print(lines[-3:] if len(lines) > 3 else lines, file=sys.stderr, flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
