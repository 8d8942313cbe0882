"""Measuring retrieval: labelled queries and an opened Archive in; recall@5, MRR@10, nDCG@10 out.

Relevance is marked by distinctive snippets of the relevant paragraphs' text, not by
ids, so the labels survive re-segmentation: a result is relevant when its text
contains a snippet (both sides lower-cased, whitespace collapsed).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .search import Archive

DEFAULT_QUERIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval_queries.json"
MODES = ("dense", "lexical", "hybrid")


@dataclass(frozen=True)
class LabelledQuery:
    """A query, its language, and snippets of the paragraphs that answer it."""

    query: str
    lang: str
    relevant: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower-case, line-end hyphenation healed, whitespace collapsed: how snippets are matched."""
    return " ".join(text.replace("-\n", "").lower().split())


def load_queries(path: Path | str) -> list[LabelledQuery]:
    """Read a JSON list of {"query", "lang", "relevant": [snippets]}."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [LabelledQuery(r["query"], r.get("lang", "da"), tuple(normalise(s) for s in r["relevant"])) for r in rows]


def score_ranking(texts: list[str], relevant: tuple[str, ...]) -> dict[str, float]:
    """recall@5, MRR@10 and nDCG@10 of one ranked list of paragraph texts."""
    texts = [normalise(t) for t in texts[:10]]
    found_at = [[s for s in relevant if s in text] for text in texts]
    recall5 = len({s for hits in found_at[:5] for s in hits}) / len(relevant)
    first = next((rank for rank, hits in enumerate(found_at, 1) if hits), None)
    mrr = 1.0 / first if first else 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, hits in enumerate(found_at, 1) if hits)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), 10) + 1))
    return {"recall@5": recall5, "mrr@10": mrr, "ndcg@10": dcg / ideal}


def _per_query(archive: Archive, queries: list[LabelledQuery], **search_options) -> list[dict[str, float]]:
    return [score_ranking([h.text for h in archive.search(q.query, k=10, **search_options)], q.relevant)
            for q in queries]


def _mean(scores: list[dict[str, float]]) -> dict[str, float]:
    return {metric: round(sum(s[metric] for s in scores) / len(scores), 4) for metric in scores[0]}


def evaluate(archive: Archive, queries: list[LabelledQuery], **search_options) -> dict[str, float]:
    """Mean metrics over `queries` for one search configuration (passed to Archive.search)."""
    return _mean(_per_query(archive, queries, **search_options))


def evaluate_modes(archive: Archive, queries: list[LabelledQuery]) -> dict[str, dict]:
    """Dense, lexical and hybrid side by side, on all queries and per language."""
    by_mode = {mode: _per_query(archive, queries, mode=mode) for mode in MODES}
    results = {}
    for lang in ("all", "da", "en"):
        keep = [n for n, q in enumerate(queries) if lang == "all" or q.lang == lang]
        if keep:
            results[lang] = {mode: _mean([scores[n] for n in keep]) for mode, scores in by_mode.items()}
            results[lang]["queries"] = len(keep)
    return results


def format_table(results: dict[str, dict]) -> str:
    """A Markdown table of `evaluate_modes` results."""
    lines = ["| queries | mode | recall@5 | MRR@10 | nDCG@10 |", "|---|---|---|---|---|"]
    for lang, by_mode in results.items():
        for mode in MODES:
            m = by_mode[mode]
            lines.append(f"| {lang} ({by_mode['queries']}) | {mode} | {m['recall@5']:.3f} | "
                         f"{m['mrr@10']:.3f} | {m['ndcg@10']:.3f} |")
    return "\n".join(lines)
