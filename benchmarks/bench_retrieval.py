"""Retrieval levers measured on the labelled queries, without changing the library's search.

In: a built index (`python -m indexer build archive --index DIR`), the archive it was built
from, and `benchmarks/queries/queries.json`. Out: a JSON file and Markdown tables of
recall@5 / MRR@10 / nDCG@10 / hit@5 per part, language and collection, for:

- the library's own modes (dense, lexical, hybrid) — the baseline;
- levers prototyped here as small pure functions over plain data (query text, ranked id
  lists, vectors), fused by weighted reciprocal rank fusion:
  * ``qwords``  Danish question words and auxiliaries out of the lexical query;
  * ``xling``   English query words mapped to the index's own vocabulary by the model
                (vocabulary embedded once; nearest terms per English word) as a lexical query;
  * ``prf``     pseudo-relevance feedback: distinctive terms of the best dense hits as a
                second lexical query;
  * ``window``  paragraphs also scored by their best two-sentence window (max-sim);
  * fusion weights chosen on the tuning part (2-fold cross-validation reported there),
    then scored once on the held-out part.

Usage:
    python benchmarks/bench_retrieval.py baseline --index /tmp/eval-index
    python benchmarks/bench_retrieval.py levers --index /tmp/eval-index --archive archive
    python benchmarks/bench_retrieval.py expansions --index /tmp/eval-index
    python benchmarks/bench_retrieval.py latency --index /tmp/eval-index

``expansions`` scores the library's second lexical query (`rank.EXPANSION_WEIGHT`: English
words' Danish translations, Danish compounds' parts) at each weight, per language, with and
without the relevance floor; ``latency`` times hybrid searches (query vectors embedded
beforehand) with the expansions on and off.

Held-out figures are printed and written but never used to choose anything.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import pickle
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
try:  # PYTHONPATH may point at another checkout of the library to measure
    import indexer  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT))

from indexer.search.evaluate import (DEFAULT_QUERIES, PARTS, LabelledQuery, breakdown, format_table,  # noqa: E402
                              load_queries, mean_scores, score_ranking)

RRF_K = 60
DEPTH = 100

# -- pure levers ------------------------------------------------------------------------

# Question words, auxiliaries and question fillers that carry no topic. The library's
# stop list already drops hvad/hvem/hvor/hvordan/hvorfor/kan/skal/vil/har/er/blev.
QUESTION_WORDS = frozenset(
    "hvornår hvilken hvilket hvilke hvor mange hvor meget hvorledes hvorvidt får fik gør gjorde "
    "findes fandtes sker skete kommer kom bliver blev mon egentlig mest".split())

ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in is are was were for on with what how why who when where which about did does do "
    "has have had be been by from this that these those it its an a or not at as can should would will "
    "any all there their they we our you i my me much many get got also into than then so if".split())

_WORD = re.compile(r"[0-9A-Za-zÆØÅæøåÉéÜüÖöÄä]+(?:[-'][0-9A-Za-zÆØÅæøå]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"“])|(?<=[.!?])(?=[A-ZÆØÅ][a-zæøå])|\n+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return [w.lower() for w in _WORD.findall(text)]


def strip_question_words(query: str) -> str:
    """The query without Danish question words and auxiliaries (for the lexical side only)."""
    kept = [w for w in query.split() if w.strip("?,.!").lower() not in QUESTION_WORDS]
    return " ".join(kept) or query


def sentence_windows(text: str, size: int = 2, max_windows: int = 24) -> list[str]:
    """Overlapping windows of `size` sentences; the text itself when it has one sentence.

    Long speeches are capped at `max_windows` evenly spaced windows to bound the cost.
    """
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s and len(s.strip()) > 2]
    if len(sentences) <= 1:
        return [text]
    windows = [" ".join(sentences[i:i + size]) for i in range(max(1, len(sentences) - size + 1))]
    if len(windows) > max_windows:
        step = len(windows) / max_windows
        windows = [windows[int(i * step)] for i in range(max_windows)]
    return windows


def rrf(rankings: dict[str, Sequence[str]], weights: dict[str, float], k: int = RRF_K) -> list[str]:
    """Weighted reciprocal rank fusion of ranked id lists (ids absent from a list get nothing)."""
    score: dict[str, float] = {}
    for name, ranking in rankings.items():
        w = weights.get(name, 0.0)
        if w <= 0:
            continue
        for rank, pid in enumerate(ranking):
            score[pid] = score.get(pid, 0.0) + w / (k + rank)
    return sorted(score, key=score.__getitem__, reverse=True)


def distinctive_terms(texts: Sequence[str], doc_freq: dict[str, int], n_docs: int, *,
                      exclude: set[str], n_terms: int = 8, min_len: int = 4) -> list[str]:
    """Terms frequent in `texts` and rare in the collection (tf·idf), best first."""
    tf = Counter(w for t in texts for w in words(t) if len(w) >= min_len and not w.isdigit())
    scored = {w: c * math.log(n_docs / (1 + doc_freq.get(w, 0))) for w, c in tf.items()
              if w not in exclude and doc_freq.get(w, 0) >= 2}
    return sorted(scored, key=scored.__getitem__, reverse=True)[:n_terms]


def nearest_terms(word_vectors: np.ndarray, vocab: Sequence[str], vocab_vectors: np.ndarray, *,
                  per_word: int = 3, min_similarity: float = 0.0) -> list[list[str]]:
    """For each query-word vector, the `per_word` most similar vocabulary terms (cosine)."""
    sims = word_vectors @ vocab_vectors.T
    out = []
    for row in sims:
        best = np.argsort(-row)[:per_word]
        out.append([vocab[i] for i in best if row[i] >= min_similarity])
    return out


def content_words_en(query: str) -> list[str]:
    """English query words worth translating."""
    return [w for w in words(query) if w not in ENGLISH_FUNCTION_WORDS and len(w) >= 3 and not w.isdigit()]


def max_sim(query_vector: np.ndarray, window_vectors: np.ndarray) -> float:
    """Best cosine between the query and any window of a paragraph."""
    return float((window_vectors @ query_vector).max())


def choose_weights(candidates: list[dict[str, float]], runs: list[dict[str, list[str]]],
                   queries: Sequence[LabelledQuery], texts: dict[str, str]) -> tuple[dict[str, float], float]:
    """The weight setting with the best mean recall@5 + MRR@10 on `queries` (ties: first)."""
    best, best_score = candidates[0], -1.0
    for weights in candidates:
        s = mean_scores([score_ranking(_texts(rrf(r, weights), texts), q.relevant) for r, q in zip(runs, queries)])
        value = s["recall@5"] + s["mrr@10"]
        if value > best_score + 1e-9:
            best, best_score = weights, value
    return best, best_score


def _texts(order: Sequence[str], texts: dict[str, str], k: int = 10) -> list[str]:
    """Texts of the first `k` ids, the same text shown once (as the library does)."""
    out, seen = [], set()
    for pid in order:
        key = " ".join(texts[pid].lower().split())
        if key in seen:
            continue
        seen.add(key)
        out.append(texts[pid])
        if len(out) == k:
            break
    return out


# -- data gathering (needs the index and the model) --------------------------------------

def _baseline(index: Path, queries: list[LabelledQuery]) -> dict:
    from indexer.search.evaluate import evaluate_modes
    from indexer.search.archive import Archive

    archive = Archive.open(index)
    start = time.perf_counter()
    results = evaluate_modes(archive, queries)
    return {"results": results, "seconds": round(time.perf_counter() - start, 1)}


def _corpus(archive_dir: Path) -> list[str]:
    """Paragraph texts of the archive, read with the library's own pipeline."""
    from indexer.ingest.pipeline import ingest_file
    from indexer.ingest.metadata import load_catalog

    catalog = load_catalog(archive_dir)
    out = []
    for path in sorted(archive_dir.rglob("*")):
        if path.suffix.lower() not in (".txt", ".pdf", ".docx", ".html", ".htm") or path.name == "README.md":
            continue
        try:
            _, paragraphs = ingest_file(path, root=archive_dir, catalog=catalog)
        except Exception as exc:  # an unreadable file (the scanned PDF without OCR) has no paragraphs
            print(f"skip {path.name}: {exc}", file=sys.stderr)
            continue
        out.extend(p.text for p in paragraphs)
    return out


def _vocabulary(archive_dir: Path, embedder, cache: Path) -> tuple[Counter, int, list[str], np.ndarray, dict]:
    """Paragraph frequencies of the archive's words, and the vocabulary embedded once (cached)."""
    cache.mkdir(parents=True, exist_ok=True)
    costs: dict[str, float] = {}
    stats_file = cache / "corpus.json"
    t0 = time.perf_counter()
    if stats_file.exists():
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
    else:
        corpus = _corpus(archive_dir)
        stats = {"n_docs": len(corpus), "doc_freq": Counter(w for text in corpus for w in set(words(text))),
                 "windows": sum(len(sentence_windows(t, max_windows=10**6)) for t in corpus)}
        stats_file.write_text(json.dumps(stats, ensure_ascii=False), encoding="utf-8")
    costs["read corpus s"] = round(time.perf_counter() - t0, 1)
    doc_freq = Counter(stats["doc_freq"])
    vocab = sorted(w for w, c in doc_freq.items() if c >= 2 and len(w) >= 4 and not any(ch.isdigit() for ch in w))
    vocab_file = cache / "vocab.npz"
    if vocab_file.exists() and list(np.load(vocab_file)["vocab"]) == vocab:
        vocab_vectors = np.load(vocab_file)["vectors"]
    else:
        t0 = time.perf_counter()
        vocab_vectors = embedder.embed_queries(vocab)  # words compared with query words: same prompt
        costs["embed vocabulary s"] = round(time.perf_counter() - t0, 1)
        np.savez(vocab_file, vocab=np.array(vocab), vectors=vocab_vectors)
    costs.update({"vocabulary terms": len(vocab), "corpus paragraphs": stats["n_docs"],
                  "corpus two-sentence windows": stats["windows"]})
    return doc_freq, stats["n_docs"], vocab, vocab_vectors, costs


def _levers(index: Path, archive_dir: Path, queries: list[LabelledQuery], cache: Path,
            window: bool = True, pool_depth: int = 10, max_windows: int = 8) -> dict:
    from indexer.text import terms
    from indexer.search.archive import Archive

    archive = Archive.open(index)
    embedder = archive.embedder
    doc_freq, n_docs, vocab, vocab_vectors, costs = _vocabulary(archive_dir, embedder, cache)

    from indexer.embed.embedder import Embedder

    # Windows are embedded outside the machine's shared passage cache, which holds index texts.
    manifest = archive.manifest
    model = (manifest if isinstance(manifest, dict) else vars(manifest))["model"]["name"]
    window_embedder = Embedder(model, vector_cache=False) if window else None
    window_file = cache / f"windows-{index.resolve().name}.pickle"
    window_cache: dict[str, np.ndarray] = pickle.loads(window_file.read_bytes()) if window_file.exists() else {}

    texts: dict[str, str] = {}
    runs: list[dict[str, list[str]]] = []
    timing = Counter()
    for n, q in enumerate(queries):
        lang = terms.query_language(q.query)
        run: dict[str, list[str]] = {}

        def search(text: str, mode: str, name: str) -> list:
            t = time.perf_counter()
            hits = archive.search(text, k=DEPTH, mode=mode) if text.strip() else []
            timing[name] += time.perf_counter() - t
            for h in hits:
                texts[h.id] = h.text
            return hits

        dense_hits = search(q.query, "dense", "dense")
        run["dense"] = [h.id for h in dense_hits]
        run["lex"] = [h.id for h in search(q.query, "lexical", "lex")]
        stripped = strip_question_words(q.query)
        run["lexq"] = run["lex"] if stripped == q.query else [h.id for h in search(stripped, "lexical", "lexq")]

        t = time.perf_counter()
        expansion: list[str] = []
        if lang == "en":
            en_words = content_words_en(q.query)
            if en_words:
                vecs = embedder.embed_queries(en_words)
                expansion = [w for ws in nearest_terms(vecs, vocab, vocab_vectors, per_word=3) for w in ws]
        timing["xling expand"] += time.perf_counter() - t
        run["xling"] = [h.id for h in search(" ".join(expansion), "lexical", "xling")] if expansion else []

        t = time.perf_counter()
        feedback = distinctive_terms([h.text for h in dense_hits[:3]], doc_freq, n_docs,
                                     exclude=set(words(q.query)) | terms.STOPWORDS, n_terms=8)
        timing["prf terms"] += time.perf_counter() - t
        run["prf"] = [h.id for h in search(" ".join(feedback), "lexical", "prf")] if feedback else []

        runs.append(run)
        if n % 20 == 0:
            print(f"{n}/{len(queries)} queries", file=sys.stderr)
        if not window:
            continue
        # Window max-sim over a candidate pool (the best of each list).
        t = time.perf_counter()
        pool = list(dict.fromkeys(itertools.chain(run["dense"][:pool_depth], run["lex"][:pool_depth],
                                                  run["xling"][:pool_depth])))
        need = [pid for pid in pool if pid not in window_cache]
        if need:
            windows = [sentence_windows(texts[pid], max_windows=max_windows) for pid in need]
            flat = [w for ws in windows for w in ws]
            vecs = window_embedder.embed_passages(flat, batch_size=32) if flat else np.zeros((0, 384), np.float32)
            at = 0
            for pid, ws in zip(need, windows):
                window_cache[pid] = vecs[at:at + len(ws)]
                at += len(ws)
        qv = embedder.embed_query(q.query)
        run["window"] = sorted(pool, key=lambda pid: -max_sim(qv, window_cache[pid]))
        timing["window"] += time.perf_counter() - t
    window_file.write_bytes(pickle.dumps(window_cache))
    costs.update({f"{k} ms/query": round(1000 * v / len(queries), 1) for k, v in timing.items()})
    return {"runs": runs, "texts": texts, "costs": costs,
            "langs": [terms.query_language(q.query) for q in queries]}


def _expansions(index: Path, queries: list[LabelledQuery], weights: Sequence[float]) -> str:
    """Markdown: recall@5 / MRR@10 of hybrid search with each weight of the second lexical
    query (`rank.EXPANSION_WEIGHT`), per language, with the floor on and off."""
    from indexer.search import rank
    from indexer.search.archive import Archive

    archive = Archive.open(index)
    weights_of = rank.EXPANSION_WEIGHT
    saved = dict(weights_of)
    groups = ["all", "da", "en", "minutes", "folketinget", "pdfs"]
    lines = ["| language | weight | floor | part | " + " | ".join(groups) + " |", "|---" * (len(groups) + 4) + "|"]
    try:
        for lang in ("en", "da"):
            for weight in weights:
                weights_of.update(saved)
                weights_of[lang] = weight
                for floor in (True, False):
                    scores = [score_ranking([h.text for h in archive.search(q.query, k=10, floor=floor)], q.relevant)
                              for q in queries]
                    for part, by_group in breakdown(queries, {"m": scores}).items():
                        if part == "all":
                            continue
                        cells = [f"{by_group[g]['m']['recall@5']:.3f} / {by_group[g]['m']['mrr@10']:.3f}"
                                 if g in by_group else "—" for g in groups]
                        lines.append(f"| {lang} | {weight} | {'on' if floor else 'off'} | {part} | "
                                     + " | ".join(cells) + " |")
    finally:
        weights_of.update(saved)
    return "\n".join(lines)


def _latency(index: Path, queries: list[LabelledQuery], repeats: int = 5) -> str:
    """Markdown: p50 / p95 ms of hybrid searches (vectors embedded beforehand), by language,
    with the library's expansions and without."""
    from indexer.search import rank
    from indexer.search.archive import Archive

    archive = Archive.open(index)
    analysed = [archive.analyse(q.query) for q in queries]
    for query in analysed:
        query.vector  # noqa: B018  embedded once, outside the timing
    saved = dict(rank.EXPANSION_WEIGHT)
    lines = ["| expansions | language | queries | p50 ms | p95 ms |", "|---|---|---|---|---|"]
    try:
        for label, weights in (("library", saved), ("off", {lang: 0.0 for lang in saved})):
            rank.EXPANSION_WEIGHT.update(weights)
            for lang in ("da", "en"):
                chosen = [q for q in analysed if q.language == lang]
                times = []
                for _ in range(repeats):
                    for query in chosen:
                        start = time.perf_counter()
                        archive.search(query, k=10)
                        times.append(1000 * (time.perf_counter() - start))
                p50, p95 = np.percentile(times, [50, 95])
                lines.append(f"| {label} | {lang} | {len(chosen)} | {p50:.1f} | {p95:.1f} |")
    finally:
        rank.EXPANSION_WEIGHT.update(saved)
    return "\n".join(lines)


# -- configurations -------------------------------------------------------------------

def _grid(base: dict[str, float], lever: str, values: Sequence[float]) -> list[dict[str, float]]:
    return [{**base, lever: v} for v in values]


LIBRARY = {"da": {"dense": 1.0, "lex": 0.75}, "en": {"dense": 1.0, "lex": 0.0}}
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)


def _lever_configs(available: set[str]) -> dict[str, dict[str, list[dict[str, float]]]]:
    """Per lever and guessed query language: the weight settings to choose from on tuning."""
    configs = {"hybrid (library weights)": {lang: [w] for lang, w in LIBRARY.items()}}
    configs["qwords"] = {lang: [{"dense": 1.0, "lexq": w["lex"]}] for lang, w in LIBRARY.items()}
    configs["fusion by CV (dense+lex)"] = {lang: [{"dense": 1.0, "lex": v} for v in WEIGHTS] for lang in LIBRARY}
    for lever in ("xling", "prf", "window"):
        if lever in available:
            configs[f"+{lever}"] = {lang: _grid(LIBRARY[lang], lever, WEIGHTS) for lang in LIBRARY}
            # The same lever forced on (best non-zero weight on tuning), to show its effect.
            configs[f"+{lever} (forced on)"] = {lang: _grid(LIBRARY[lang], lever, WEIGHTS[1:]) for lang in LIBRARY}
    combined = [{"dense": d, "lexq": l, "xling": x, "prf": p, "window": w}
                for d in (0.5, 1.0) for l in (0.0, 0.5, 1.0) for x in (0.0, 0.5, 1.0)
                for p in (0.0, 0.25, 0.5) for w in ((0.0, 0.5, 1.0, 1.5) if "window" in available else (0.0,))]
    configs["all levers, CV weights"] = {lang: combined for lang in LIBRARY}
    return configs


def _evaluate_levers(data: dict, queries: list[LabelledQuery]) -> dict:
    runs, texts, langs = data["runs"], data["texts"], data["langs"]
    tuning = [n for n, q in enumerate(queries) if q.part == "tuning"]
    out = {}
    for name, by_lang in _lever_configs(set().union(*runs)).items():
        chosen, cv = {}, {}
        for lang, candidates in by_lang.items():
            idx = [n for n in tuning if langs[n] == lang]
            # 2-fold CV on the tuning part: choose on one half, score on the other.
            halves = (idx[0::2], idx[1::2])
            fold_scores = []
            for a, b in (halves, halves[::-1]):
                w, _ = choose_weights(candidates, [runs[n] for n in a], [queries[n] for n in a], texts)
                fold_scores += [score_ranking(_texts(rrf(runs[n], w), texts), queries[n].relevant) for n in b]
            cv[lang] = mean_scores(fold_scores) if fold_scores else {}
            chosen[lang], _ = choose_weights(candidates, [runs[n] for n in idx], [queries[n] for n in idx], texts)
        scores = [score_ranking(_texts(rrf(runs[n], chosen[langs[n]]), texts), q.relevant)
                  for n, q in enumerate(queries)]
        out[name] = {"weights": chosen, "tuning_cv": cv, "per_query": scores}
    return out


def lever_table(levers: dict, queries: list[LabelledQuery], part: str = "heldout") -> str:
    """Markdown: one row per lever, recall@5 / MRR@10 for all, da, en and each collection on `part`."""
    keep = [n for n, q in enumerate(queries) if q.part == part]
    subset = [queries[n] for n in keep]
    groups = ["all", "da", "en", "minutes", "folketinget", "pdfs", "pdfs/en"]
    head = "| lever | " + " | ".join(groups) + " |"
    lines = [head, "|---" * (len(groups) + 1) + "|"]
    for name, lever in levers.items():
        result = breakdown(subset, {"m": [lever["per_query"][n] for n in keep]})[part]
        cells = [f"{result[g]['m']['recall@5']:.3f} / {result[g]['m']['mrr@10']:.3f}" if g in result else "–"
                 for g in groups]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("baseline", "levers", "prepare", "expansions", "latency"))
    parser.add_argument("--part", choices=("tuning", "heldout", "all"), default="all",
                        help="expansions: score only this part of the queries")
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--archive", type=Path, default=ROOT / "archive")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bench_retrieval_cache"),
                        help="vocabulary and window vectors kept between runs")
    parser.add_argument("--out", type=Path, default=None, help="JSON output file")
    parser.add_argument("--no-window", action="store_true", help="skip the (costly) sentence-window lever")
    parser.add_argument("--pool-depth", type=int, default=6,
                        help="window lever: rerank the top N of the dense, lexical and xling lists")
    parser.add_argument("--max-windows", type=int, default=6, help="window lever: windows per paragraph at most")
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    if args.what == "prepare":  # corpus statistics and vocabulary vectors, no index needed
        from indexer.embed.embedder import Embedder

        print(json.dumps(_vocabulary(args.archive, Embedder(), args.cache)[4], indent=1))
        return
    if args.what == "expansions":
        scored = [q for q in queries if args.part in ("all", q.part)]
        print(_expansions(args.index, scored, (0.0, 0.05, 0.1, 0.25, 0.5, 1.0)))
        return
    if args.what == "latency":
        print(_latency(args.index, queries))
        return
    if args.what == "baseline":
        result = _baseline(args.index, queries)
        for part in PARTS:
            print(f"\n## {part}\n")
            print(format_table({part: result["results"][part]}))
    else:
        data = _levers(args.index, args.archive, queries, args.cache, window=not args.no_window,
                       pool_depth=args.pool_depth, max_windows=args.max_windows)
        levers = _evaluate_levers(data, queries)
        print("\ncosts:", json.dumps(data["costs"], indent=1))
        for name, lever in levers.items():
            print(name, "weights:", lever["weights"], "tuning 2-fold CV:", lever["tuning_cv"])
        for part in PARTS:
            print(f"\n## {part}: recall@5 / MRR@10\n")
            print(lever_table(levers, queries, part))
        result = {"costs": data["costs"], "levers": {n: {k: v for k, v in lv.items() if k != "per_query"}
                                                     | {"results": breakdown(queries, {"m": lv["per_query"]})}
                                                     for n, lv in levers.items()}}
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
