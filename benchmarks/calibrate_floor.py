"""Calibrate the relevance floor (`indexer.search.rank.FLOORS`) on the tuning part of the labelled
queries and the tuning half of the no-answer probes; report both parts.

multilingual-e5-small gives unrelated text cosines of 0.78-0.85, and how high depends on
the query: random letters and Danish off-topic questions sit high against everything,
English questions low. So the dense floor is query-relative: a result's cosine minus the
query's background similarity (the median cosine to a fixed sample of the index's
paragraph vectors, `rank.background`), with a low absolute cosine besides.

For each tuning query, the unfloored top 10 of each mode is taken (as the app shows it);
for its relevant results (their text holds a labelled snippet) the cosine, the margin over
the background and the lexical coverage (share of the query's BM25 terms held) are
collected; for each tuning probe, the same signals of its whole candidate pool (a probe is
"answered" if any candidate passes). Chosen:
- dense: a result passes by its vector when its cosine >= A, its margin >= m and the pool's
  best margin (the query's answer margin) >= g. A: the highest multiple of 0.005 at or
  below every relevant result's cosine. m: the highest multiple of 0.001 keeping >= 95 % of
  the relevant results by itself (within a query that has an answer it only trims the
  tail); g >= m: the one rejecting the most tuning probes while >= 90 % of the relevant
  results are kept, then the lowest;
- lexical: the highest of 1, 2/3, 1/2, 1/3, 1/4, 1/5, any term coverage keeping >= 90 %;
- hybrid: the dense rule, or a coverage (same choices) that rejects the most probes while
  keeping >= 90 %, then keeps the most (lexical evidence counts only where BM25 has
  weight). Always some coverage: the labelled queries are questions, but a one-word
  keyword search ("husleje", "økonomi") rises little above its background and must still
  find the paragraphs that hold the word.
Then both parts are scored with and without the floor (recall@5, MRR@10) and every probe
is searched in every mode. Reproduce:

    python -m indexer build archive --index index
    python benchmarks/calibrate_floor.py --index index [--markdown]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.search import rank  # noqa: E402
from indexer.search.evaluate import load_queries, mean_scores, normalise, score_ranking  # noqa: E402
from indexer.records import Filters  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402

# Queries the archive has no answer to: random letters, Latin filler, and off-topic questions
# in Danish and English. Split like the labelled queries: thresholds are chosen on the
# tuning probes; the held-out ones are only reported.
_PROBES = {
    "letters": ["xyzzyqwerty flumbo", "qwxz blorptang vimmelskaft", "asdf jkl", "zzzz", "flibbertigibbet",
                "hjkl mnbv poiu", "grøflemås snurvaks", "kvxøæ plimp", "aaaa bbbb cccc", "trzy pstrąg wbłoć"],
    "lorem": ["lorem ipsum dolor sit amet", "consectetur adipiscing elit sed do eiusmod",
              "Lorem ipsum dolor sit amet, consectetur", "ut enim ad minim veniam quis nostrud"],
    "off-topic en": ["best pizza recipe in Rome", "how to change a bicycle tyre", "purple elephant quantum banana",
                     "who won the world cup in 1998", "how do I bake sourdough bread",
                     "the lyrics of bohemian rhapsody", "cheap flights to Bangkok", "how to train a puppy to sit",
                     "what is the boiling point of mercury", "best running shoes for a marathon",
                     "python list comprehension syntax", "symptoms of a cold in cats"],
    "off-topic da": ["bedste pizzaopskrift i Rom", "hvordan skifter man et cykeldæk", "opskrift på æblekage med flødeskum",
                     "hvem vandt melodi grand prix i 2001", "billige flybilletter til Thailand",
                     "hvordan strikker man en hue", "hvad er kogepunktet for kviksølv",
                     "hvordan lærer man en hundehvalp at sidde", "sjove vittigheder om giraffer",
                     "hvordan laver man surdejsbrød", "bedste løbesko til maraton", "symptomer på forkølelse hos katte"],
}
# (text, part): every other probe of each kind is held out.
PROBES = [(text, "tuning" if i % 2 == 0 else "heldout") for texts in _PROBES.values() for i, text in enumerate(texts)]
NONSENSE = [text for text, _ in PROBES]
KEEP = 0.90  # share of the tuning queries' relevant top-10 results the floor must keep
KEEP_RESULT = 0.95  # ... the per-result margin alone (the query's answer margin does the rejecting)
COVERAGES = (1.0, 2 / 3, 0.5, 1 / 3, 0.25, 0.2, 1e-6)  # the last: any one term
MARGINS = np.round(np.arange(0.0, 0.0801, 0.001), 3)


def signals(archive: Archive, text: str, mode: str):
    """(weight, top-10 candidates in the unfloored order, their texts, the whole pool, background)."""
    query = archive.analyse(text)
    weight = rank.lexical_weight(mode, query.language)
    vector = query.vector if mode != "lexical" else None
    with archive._snapshot() as store:
        pool, rows, _, _ = archive._pool(store, query, vector, rank.CANDIDATES, weight, mode, Filters())
        background = archive._background(store, vector) if vector is not None else None
    candidates = [c for c in pool.values() if c.vec_id in rows]
    order = rank.fuse(candidates, weight, mode)
    kept = [c for c, _ in rank.dedupe(order, lambda c: rows[c.vec_id].text, lambda c: rows[c.vec_id].document)]
    return weight, kept[:10], [rows[c.vec_id].text for c in kept[:10]], candidates, background


def row(candidate: rank.Candidate, weight: float, background: float | None,
        best: float) -> tuple[float, float, float, float, float]:
    """(cosine, margin over the background, coverage, lexical weight, the pool's best margin)."""
    cosine = candidate.cosine if candidate.cosine is not None else -1.0
    return cosine, cosine - (background if background is not None else 0.0), candidate.coverage, weight, best


def best_margin(pool, background: float | None) -> float:
    best = max((c.cosine for c in pool if c.cosine is not None), default=-1.0)
    return best - (background if background is not None else 0.0)


def collect(archive: Archive, queries, probes, mode: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """Signals of the relevant top-10 results of `queries`, and of each probe's whole pool."""
    relevant = []
    for q in queries:
        weight, top, texts, pool, background = signals(archive, q.query, mode)
        relevant += [row(c, weight, background, best_margin(pool, background)) for c, text in zip(top, texts)
                     if any(s in normalise(text) for s in q.relevant)]
    pools = []
    for text in probes:
        weight, _, _, pool, background = signals(archive, text, mode)
        best = best_margin(pool, background)
        pools.append(np.array([row(c, weight, background, best) for c in pool]).reshape(-1, 5))
    return np.array(relevant).reshape(-1, 5), pools


def passing(x: np.ndarray, floor: rank.Floor, mode: str) -> np.ndarray:
    """Which rows of signals pass `floor` (the same rule as `rank.passes`)."""
    dense = np.zeros(len(x), bool)
    if mode != "lexical" and (floor.dense is not None or floor.margin is not None):
        dense = ((x[:, 0] >= (floor.dense or -2) - 1e-9) & (x[:, 1] >= (floor.margin if floor.margin is not None else -2) - 1e-9)
                 & (x[:, 4] >= (floor.answer if floor.answer is not None else -2) - 1e-9))
    lexical = np.zeros(len(x), bool)
    if mode != "dense" and floor.coverage is not None:
        lexical = (x[:, 3] > 0) & (x[:, 2] > 0) & (x[:, 2] >= floor.coverage - 1e-9)
    return dense | lexical


def judge(data, floor: rank.Floor, mode: str) -> tuple[float, float]:
    """(share of relevant results kept, share of probes with nothing passing)."""
    relevant, pools = data
    return float(passing(relevant, floor, mode).mean()), float(np.mean([not passing(p, floor, mode).any() for p in pools]))


def best(data, floors, mode: str, strictness=lambda f: 0.0) -> rank.Floor:
    """The floor keeping >= KEEP of the relevant results that rejects the most probes, then
    is strictest (shows the fewest unrelated results), then keeps the most; the one keeping
    the most if none keeps KEEP."""
    scored = [(judge(data, f, mode), f) for f in floors]
    enough = [s for s in scored if s[0][0] >= KEEP]
    if not enough:
        return max(scored, key=lambda s: s[0][0])[1]
    return max(enough, key=lambda s: (s[0][1], strictness(s[1]), s[0][0]))[1]


def calibrate(archive: Archive, tuning, probes) -> dict[str, rank.Floor]:
    dense_data = collect(archive, tuning, probes, "dense")
    # Within a query that has an answer, the margin only trims the tail: it may cost few relevant results.
    margin = max(float(m) for m in MARGINS if (dense_data[0][:, 1] >= m - 1e-9).mean() >= KEEP_RESULT)
    # An absolute minimum besides: no relevant tuning result lies below it, and it keeps a model
    # with another cosine scale (the tests' hashed vectors) from passing on margins alone.
    least = float(np.floor(dense_data[0][:, 0].min() / 0.005) * 0.005).__round__(3)
    dense = best(dense_data, [rank.Floor(least, None, margin, float(g)) for g in MARGINS if g >= margin], "dense",
                 strictness=lambda f: -f.answer)
    lexical_data = collect(archive, tuning, probes, "lexical")
    lexical = next((rank.Floor(None, c) for c in COVERAGES if judge(lexical_data, rank.Floor(None, c), "lexical")[0] >= KEEP),
                   rank.Floor(None, COVERAGES[-1]))
    hybrid = best(collect(archive, tuning, probes, "hybrid"),
                  [rank.Floor(dense.dense, c, dense.margin, dense.answer) for c in COVERAGES], "hybrid")
    return {"dense": dense, "lexical": lexical, "hybrid": hybrid}


def scores(archive: Archive, queries, mode: str, floor: bool) -> dict:
    return mean_scores([score_ranking([h.text for h in archive.search(q.query, k=10, mode=mode, floor=floor)],
                                      q.relevant) for q in queries])


# The absolute floor this calibration replaced, measured beside it.
PREVIOUS = {"dense": rank.Floor(0.81, None), "lexical": rank.Floor(None, 0.2), "hybrid": rank.Floor(0.81, 0.5)}


def measure(archive: Archive, parts: dict, floors: dict[str, rank.Floor]) -> dict:
    """Per part and mode: recall@5 / MRR@10 without and with `floors` (and the previous
    floor), and the share of probes that nothing passes."""
    report = {}
    for part, (queries, probes) in parts.items():
        report[part] = {}
        for mode in rank.MODES:
            report[part][mode] = {"no_floor": scores(archive, queries, mode, False)}
            for name, chosen in (("previous", PREVIOUS), ("floor", floors)):
                rank.FLOORS.update(chosen)
                answered = [text for text in probes if archive.search(text, k=10, mode=mode).total > 0]
                report[part][mode][name] = scores(archive, queries, mode, True)
                report[part][mode][f"{name}_probes_rejected"] = 1 - len(answered) / len(probes)
                report[part][mode][f"{name}_probes_answered"] = answered
    return report


def markdown(report: dict, counts: dict) -> str:
    lines = ["| part | mode | recall@5: none / previous / new | MRR@10: none / previous / new | "
             "probes with \"no good match\": previous / new |", "|---|---|---|---|---|"]
    for part, modes in report.items():
        queries, probes = counts[part]
        for mode, r in modes.items():
            def three(metric):
                return " / ".join(f"{r[name][metric]:.3f}" for name in ("no_floor", "previous", "floor"))
            lines.append(f"| {part} ({queries} q, {probes} probes) | {mode} | {three('recall@5')} | {three('mrr@10')} | "
                         + " / ".join(f"{round(r[f'{n}_probes_rejected'] * probes)}/{probes}" for n in ("previous", "floor"))
                         + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--collection", action="append", default=None,
                        help="only queries about this collection (repeatable; default: all)")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = parser.parse_args()
    archive = Archive.open(args.index)

    def chosen(part):
        return [q for q in load_queries(part=part) if args.collection is None or q.collection in args.collection]

    parts = {part: (chosen(part), [text for text, p in PROBES if p == part]) for part in ("tuning", "heldout")}
    floors = calibrate(archive, *parts["tuning"])
    report = {"chosen": {mode: vars(f) for mode, f in floors.items()},
              "scores": measure(archive, parts, floors)}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.markdown:
        print(markdown(report["scores"], {p: (len(q), len(pr)) for p, (q, pr) in parts.items()}))


if __name__ == "__main__":
    main()
