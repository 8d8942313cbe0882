"""Whether a first page's count of "good results" is what an export of the same search holds, tuning
questions only: per question the first page's total (`k=10`) and whether it says it is exact, every
result (`k=None`, as the exports ask), the labelled snippets among every result (not only the first
five), how many exported results no side ranks (fused score 0: the tail only a deeper pool met), and
whether each body's and document type's count on an exact first page is the total that choosing it lists.

    python benchmarks/page_and_export.py INDEX [QUERIES_FILE] [--collection minutes]
"""
import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from indexer.records import Filters  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import load_queries, normalise  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("index")
parser.add_argument("queries", nargs="?", default=str(Path(__file__).parent / "queries" / "queries.json"))
parser.add_argument("--collection")
args = parser.parse_args()
archive = Archive.open(args.index)
questions = [q for q in load_queries(args.queries)
             if q.part == "tuning" and (args.collection is None or q.collection == args.collection)]
found = labelled = same = exact = unranked = choices = listed = 0
counts = []
for q in questions:
    page, every = archive.search(q.query, k=10), archive.search(q.query, k=None)
    texts = [normalise(hit.text) for hit in every.hits]
    found += sum(any(snippet in text for text in texts) for snippet in q.relevant)
    labelled += len(q.relevant)
    counts.append(every.total)
    same += page.total == every.total
    exact += page.complete
    unranked += sum(1 for hit in every.hits if hit.score < 1e-9)
    for name in ("bodies", "doc_types") if page.complete else ():
        for value, count in getattr(page.facets, name).items():
            if value:
                choices += 1
                listed += archive.search(q.query, k=10, filters=Filters(**{name: (value,)})).total == count
print(f"{args.queries}, {len(questions)} tuning questions: first page's count is the export's {same}, said to be "
      f"exact {exact}; labelled snippets among every result {found} of {labelled}; median results exported "
      f"{statistics.median(counts)}; exported results no side ranks {unranked}; bodies and types whose count on an "
      f"exact page is what choosing them lists {listed} of {choices}")
