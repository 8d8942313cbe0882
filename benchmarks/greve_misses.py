"""Where the answers to the Greve tuning questions rank, and why the misses miss.

For every tuning question of `benchmarks/queries/greve.json` (never the held-out part): the rank
of the first answering paragraph (a result containing a snippet) in the dense, the lexical (BM25)
and the hybrid ranking without the floor (top 100), and in the hybrid ranking with the floor (the
product's top 10); and the rank of the first result from the answering agenda item's case (its
case number, so copies of the item in Økonomiudvalget's and the council's minutes count).

A question whose answer is not in the floored hybrid top 5 is a miss, put in the first group that
fits:

* `floor`: the answer is in the unfloored top 5, the floor removed it;
* `item choice`: a paragraph of the answering case is in the top 5, but another one of its
  paragraphs (no snippet) ranks above the answer;
* `item near`: the case's first paragraph ranks 6-10;
* `deep`: the answer is somewhere in the dense or BM25 top 100, the case not in the top 10;
* `absent`: the answer is in neither list's top 100.

Tags, on top of the group: `crowded` (two or more of the top 5 come from one other case),
`fusion hurt` (the dense ranking alone had the answer higher than hybrid),
`bm25 only common words` (a Danish miss whose BM25 top 5 holds nothing of the answering case),
`en: no lexical side` (an English question: BM25's weight is 0 for English, so only the
vectors rank it).

Texts of results from 2024 meetings are never printed (the held-out part's meetings): such
results are counted, and shown as "[2024]".

    python benchmarks/greve_misses.py --index INDEX [--json out.json] [--markdown]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import normalise, score_ranking  # noqa: E402

QUERIES = ROOT / "benchmarks" / "queries" / "greve.json"
FIRST_ROUND = 78  # entries 0-77 are the first round (46 held-out, 32 tuning); later ones were added
DEPTH = 100


def corpus_root() -> Path:
    for root in (ROOT / "shared", ROOT.parent / "shared", Path("/work/shared")):
        path = root / "corpus" / "meeting-systems" / "firstagenda-greve"
        if path.is_dir():
            return path
    raise SystemExit("no firstagenda-greve corpus found")


def tuning_rows(path: Path) -> list[dict]:
    """The tuning entries, each with `added` (False for the first round's 32)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for n, row in enumerate(rows):
        if row.get("part") != "tuning":
            continue
        out.append(dict(row, added=n >= FIRST_ROUND))
    return out


def case_number(corpus: Path, source: dict) -> str | None:
    assert Path(source["file"]).name[:4] in ("2022", "2023"), source["file"]
    meeting = json.loads((corpus / source["file"]).read_text(encoding="utf-8"))
    for item in meeting.get("Dagsordenpunkter") or []:
        if str(item.get("Punktnummer")) == str(source["item_number"]):
            return item.get("SagsNummer")
    return None


def first(hits, test) -> int | None:
    for n, hit in enumerate(hits, 1):
        if test(hit):
            return n
    return None


def shown(hit) -> str:
    """A result as printed: nothing of a 2024 meeting's text."""
    if Path(hit.document).name.startswith("2024"):
        return "[2024]"
    return f"{hit.heading or '-'} | {hit.text[:90]}"


def analyse(archive: Archive, row: dict, case: str | None) -> dict:
    snippets = [normalise(s) for s in row["relevant"]]

    def answers(hit) -> bool:
        text = normalise(hit.text)
        return any(s in text for s in snippets)

    def of_case(hit) -> bool:
        return case is not None and hit.case_number == case

    lists = {mode: archive.search(row["query"], k=DEPTH, mode=mode, floor=False).hits
             for mode in ("dense", "lexical", "hybrid")}
    floored = archive.search(row["query"], k=10, mode="hybrid").hits
    out = {"query": row["query"], "lang": row["lang"], "added": row["added"], "case": case,
           "rank": {mode: first(hits, answers) for mode, hits in lists.items()},
           "case_rank": {mode: first(hits, of_case) for mode, hits in lists.items()},
           "floored_rank": first(floored, answers), "floored_case_rank": first(floored, of_case),
           "floored_total": len(floored),
           "scores": score_ranking([h.text for h in floored], snippets)}
    top5 = floored[:5]
    cases = Counter(h.case_number for h in top5 if h.case_number and not of_case(h))
    out["crowded"] = max(cases.values(), default=0) >= 2
    out["top5_case_copies"] = sum(1 for h in top5 if of_case(h))
    out["top5"] = [("*" if answers(h) else ("c" if of_case(h) else " ")) + " " + shown(h) for h in top5]
    best_case = next((h for h in floored if of_case(h)), None)
    best_answer = next((h for h in lists["hybrid"] if answers(h)), None)
    out["case_top_heading"] = best_case.heading if best_case else None
    out["answer_heading"] = best_answer.heading if best_answer else None
    out["lexical_top5_case"] = any(of_case(h) for h in lists["lexical"][:5])
    return out


def group(r: dict) -> str | None:
    rank = r["floored_rank"]
    if rank is not None and rank <= 5:
        return None
    if r["rank"]["hybrid"] is not None and r["rank"]["hybrid"] <= 5:
        return "floor"
    case_rank = r["floored_case_rank"]
    if case_rank is not None and case_rank <= 5:
        return "item choice"
    if case_rank is not None and case_rank <= 10:
        return "item near"
    if r["rank"]["dense"] is not None or r["rank"]["lexical"] is not None:
        return "deep"
    return "absent"


def tags(r: dict) -> list[str]:
    out = []
    if r["crowded"]:
        out.append("crowded")
    d, h = r["rank"]["dense"], r["rank"]["hybrid"]
    if d is not None and (h is None or d < h):
        out.append("fusion hurt")
    if r["lang"] == "da" and not r["lexical_top5_case"]:
        out.append("bm25 only common words")
    if r["lang"] == "en":
        out.append("en: no lexical side")
    return out


def mean(rows: list[dict], key: str) -> float:
    return sum(r["scores"][key] for r in rows) / len(rows) if rows else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", action="store_true", help="print every miss with its top 5")
    args = parser.parse_args()
    archive = Archive.open(args.index)
    corpus = corpus_root()
    rows = []
    for row in tuning_rows(args.queries):
        r = analyse(archive, row, case_number(corpus, row["source"]))
        r["group"], r["tags"] = group(r), tags(r)
        rows.append(r)

    def line(name: str, sub: list[dict]) -> str:
        return (f"| {name} | {len(sub)} | {mean(sub, 'recall@5'):.3f} | {mean(sub, 'mrr@10'):.3f} | "
                f"{mean(sub, 'hit@5'):.3f} |")
    print("| tuning questions | n | recall@5 | MRR@10 | hit@5 |\n|---|---|---|---|---|")
    for name, sub in [("all", rows), ("first round (32)", [r for r in rows if not r["added"]]),
                      ("added 2026-12-05", [r for r in rows if r["added"]]),
                      ("da", [r for r in rows if r["lang"] == "da"]), ("en", [r for r in rows if r["lang"] == "en"])]:
        print(line(name, sub))
    misses = [r for r in rows if r["group"]]
    print(f"\nmisses (answer not in the floored top 5): {len(misses)} of {len(rows)}")
    print("| group | misses | da | en | tags |\n|---|---|---|---|---|")
    for name in ("floor", "item choice", "item near", "deep", "absent"):
        sub = [r for r in misses if r["group"] == name]
        tag_count = Counter(t for r in sub for t in r["tags"])
        print(f"| {name} | {len(sub)} | {sum(r['lang'] == 'da' for r in sub)} | {sum(r['lang'] == 'en' for r in sub)} | "
              + ", ".join(f"{t} {n}" for t, n in tag_count.most_common()) + " |")
    if args.markdown:
        for r in misses:
            print(f"\n### [{r['group']}] ({r['lang']}{', added' if r['added'] else ''}) {r['query']}")
            print(f"answer rank dense/bm25/hybrid/floored: {r['rank']['dense']}/{r['rank']['lexical']}/"
                  f"{r['rank']['hybrid']}/{r['floored_rank']}; case rank: {r['case_rank']['dense']}/"
                  f"{r['case_rank']['lexical']}/{r['case_rank']['hybrid']}/{r['floored_case_rank']}; "
                  f"case heading on top: {r['case_top_heading']}; answer heading: {r['answer_heading']}; "
                  f"tags: {', '.join(r['tags'])}")
            for t in r["top5"]:
                print("   ", t)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
