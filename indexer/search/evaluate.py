"""Measuring retrieval: labelled queries and ranked result texts in; recall@5, MRR@10, nDCG@10, hit@5 out.

Relevance is marked by distinctive snippets of the answering paragraphs' text, not by
ids, so the labels survive re-segmentation: a result is relevant when its text contains
a snippet after both are put through `normalise`.

Every labelled query names its collection (the archive folder it is about), its language
and its part: "tuning" queries may be looked at while choosing settings, "heldout"
queries only to report them. Results are broken down by part, collection and language.
The scoring functions take plain lists of texts, so any ranker can be measured;
`evaluate_modes` measures an opened `Archive`.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.errors import InvalidInput

if TYPE_CHECKING:  # the scoring functions must not need the index or the model
    from indexer.search.archive import Archive

DEFAULT_QUERIES = Path(__file__).resolve().parents[2] / "benchmarks" / "queries" / "queries.json"
MODES = ("dense", "lexical", "hybrid")
PARTS = ("tuning", "heldout")
METRICS = ("recall@5", "mrr@10", "ndcg@10", "hit@5")

Ranker = Callable[[str], Sequence[str]]
"""A query in, the texts of its ranked results out (best first, at least 10 where there are)."""


@dataclass(frozen=True)
class LabelledQuery:
    """A query, where it belongs, and snippets of the paragraphs that answer it."""

    query: str
    lang: str
    relevant: tuple[str, ...]
    collection: str = "minutes"
    part: str = "tuning"
    note: str = ""


_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-\s*\n\s*(?=[a-zæøå])")
_AFTER_STOP = re.compile(r"([.!?:;])\s+")


def normalise(text: str) -> str:
    """How snippets and result texts are compared.

    Compatibility forms folded (ligatures), soft hyphens dropped, words hyphenated at a
    line end joined, lower-cased, whitespace collapsed, and spaces after sentence
    punctuation dropped, so "stemmes.Det" and "stemmes. Det" compare equal whichever way
    the cleaning stage leaves them.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = _LINE_END_HYPHEN.sub("", text).lower()
    return _AFTER_STOP.sub(r"\1", " ".join(text.split()))


def _stable_order(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def assign_parts(rows: list[dict]) -> list[dict]:
    """Give every row without a "part" one, keeping each (collection, lang) stratum ~50/50.

    Rows that have a part keep it, so adding queries never moves old ones between parts.
    New rows are taken in the order of their query's SHA-256 (deterministic, unrelated to
    content) and each goes to the part its stratum is short of, ties to "heldout".
    """
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {p: 0 for p in PARTS})
    for row in rows:
        if row.get("part") in PARTS:
            counts[(row["collection"], row["lang"])][row["part"]] += 1
    out = [dict(row) for row in rows]
    for row in sorted((r for r in out if r.get("part") not in PARTS), key=lambda r: _stable_order(r["query"])):
        have = counts[(row["collection"], row["lang"])]
        row["part"] = "tuning" if have["tuning"] < have["heldout"] else "heldout"
        have[row["part"]] += 1
    return out


def load_queries(path: Path | str = DEFAULT_QUERIES, *, part: str = "all") -> list[LabelledQuery]:
    """Read a JSON list of {"query", "lang", "collection", "part", "relevant": [snippets], "note"}.

    `part` is "tuning", "heldout" or "all".

    Raises:
        InvalidInput: the file is not such a list (naming the file, the entry and what is wrong).
    """
    if part not in (*PARTS, "all"):
        raise ValueError(f"part must be tuning, heldout or all, not {part!r}")
    path = Path(path)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(rows, list):
        raise InvalidInput(f"{path}: expected a JSON list of labelled queries, found {_json_kind(rows)}")
    queries = [_labelled_query(row, number, path) for number, row in enumerate(rows, 1)]
    return [q for q in queries if part == "all" or q.part == part]


def _labelled_query(row: object, number: int, path: Path) -> LabelledQuery:
    """Entry `number` (1-based) of a queries file, checked."""
    where = f"{path}: entry {number}"
    if not isinstance(row, dict):
        raise InvalidInput(f"{where} is {_json_kind(row)}, not an object with \"query\" and \"relevant\"")
    query, relevant = row.get("query"), row.get("relevant")
    if not isinstance(query, str) or not query.strip():
        raise InvalidInput(f"{where} has no \"query\" text")
    if not isinstance(relevant, list) or not relevant or not all(isinstance(s, str) and s.strip() for s in relevant):
        raise InvalidInput(f"{where} needs \"relevant\": a non-empty list of text snippets")
    for name in ("lang", "collection", "note"):
        if not isinstance(row.get(name, ""), str):
            raise InvalidInput(f"{where}: \"{name}\" must be text")
    if row.get("part", "tuning") not in PARTS:
        raise InvalidInput(f"{where}: \"part\" must be {' or '.join(PARTS)}, not {row['part']!r}")
    return LabelledQuery(query, row.get("lang", "da"), tuple(normalise(s) for s in relevant),
                         row.get("collection", "minutes"), row.get("part", "tuning"), row.get("note", ""))


def _json_kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def score_ranking(texts: Sequence[str], relevant: Sequence[str]) -> dict[str, float]:
    """recall@5, MRR@10, nDCG@10 and hit@5 of one ranked list of result texts.

    `relevant` holds normalised snippets. A result earns gain only for snippets no
    earlier result contained, so the same paragraph found twice (an agenda item also
    published as its own PDF) cannot push nDCG above 1.
    """
    found_at = []
    for text in texts[:10]:
        norm = normalise(text)
        found_at.append({s for s in relevant if s in norm})
    seen: set[str] = set()
    dcg = 0.0
    for rank, hits in enumerate(found_at, 1):
        if hits - seen:
            dcg += 1.0 / math.log2(rank + 1)
        seen |= hits
    top5 = set().union(*found_at[:5]) if found_at else set()
    first = next((rank for rank, hits in enumerate(found_at, 1) if hits), None)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), 10) + 1))
    return {"recall@5": len(top5) / len(relevant), "mrr@10": 1.0 / first if first else 0.0,
            "ndcg@10": dcg / ideal, "hit@5": 1.0 if top5 else 0.0}


def mean_scores(scores: Sequence[dict[str, float]]) -> dict[str, float]:
    """Metric-wise mean, rounded to 4 places."""
    return {m: round(sum(s[m] for s in scores) / len(scores), 4) for m in METRICS}


def score_queries(ranker: Ranker, queries: Sequence[LabelledQuery]) -> list[dict[str, float]]:
    """Per-query metrics of one ranker, in the order of `queries`."""
    return [score_ranking(list(ranker(q.query)), q.relevant) for q in queries]


def groups(queries: Sequence[LabelledQuery]) -> dict[str, list[int]]:
    """Positions of the queries in each reported group: all, per language, per collection,
    per collection and language ("pdfs/en")."""
    out: dict[str, list[int]] = {"all": list(range(len(queries)))}
    for key in (lambda q: q.lang, lambda q: q.collection, lambda q: f"{q.collection}/{q.lang}"):
        for n, q in enumerate(queries):
            out.setdefault(key(q), []).append(n)
    return out


def breakdown(queries: Sequence[LabelledQuery], by_mode: dict[str, list[dict[str, float]]]) -> dict:
    """Per-query scores of each mode → {part: {group: {"queries": n, mode: metrics}}}.

    Parts are "tuning", "heldout" and "all" (only the parts present are reported).
    """
    results: dict[str, dict] = {}
    for part in (*PARTS, "all"):
        keep = [n for n, q in enumerate(queries) if part == "all" or q.part == part]
        if not keep or (part == "all" and len({q.part for q in queries}) == 1):
            continue
        subset = [queries[n] for n in keep]
        results[part] = {}
        for group, positions in groups(subset).items():
            rows = [keep[p] for p in positions]
            results[part][group] = {"queries": len(rows)}
            for mode, scores in by_mode.items():
                results[part][group][mode] = mean_scores([scores[n] for n in rows])
    return results


def evaluate(archive: "Archive", queries: Sequence[LabelledQuery], **search_options) -> dict[str, float]:
    """Mean metrics over `queries` for one search configuration (passed to Archive.search)."""
    ranker = lambda q: [h.text for h in archive.search(q, k=10, **search_options)]  # noqa: E731
    return mean_scores(score_queries(ranker, queries))


def evaluate_modes(archive: "Archive", queries: Sequence[LabelledQuery],
                   modes: Iterable[str] = MODES) -> dict:
    """Dense, lexical and hybrid side by side, broken down by part, collection and language."""
    by_mode = {mode: score_queries(lambda q, m=mode: [h.text for h in archive.search(q, k=10, mode=m)], queries)
               for mode in modes}
    return breakdown(queries, by_mode)


def format_table(results: dict) -> str:
    """A Markdown table of `breakdown`/`evaluate_modes` results, one row per part, group and mode."""
    lines = ["| part | queries | mode | recall@5 | MRR@10 | nDCG@10 | hit@5 |", "|---|---|---|---|---|---|---|"]
    for part, by_group in results.items():
        for group, row in by_group.items():
            for mode, m in row.items():
                if mode == "queries":
                    continue
                lines.append(f"| {part} | {group} ({row['queries']}) | {mode} | {m['recall@5']:.3f} | "
                             f"{m['mrr@10']:.3f} | {m['ndcg@10']:.3f} | {m['hit@5']:.3f} |")
    return "\n".join(lines)
