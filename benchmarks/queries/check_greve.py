"""Check the labelled Greve questions (greve.json) against the FirstAgenda meeting files.

Stdlib only. Run from the repository root:

    python3 benchmarks/queries/check_greve.py [--corpus DIR] [--queries FILE] [-v]

For every question it checks that
  * the entry has the fields the evaluation reads (query, lang, collection, part,
    relevant) plus "source" {file, item_number}, with collection "greve";
  * each snippet occurs verbatim (case and all) in the text of the source item's fields,
    inside ONE paragraph: the HTML is converted with html.parser (tags dropped, entities
    decoded, whitespace collapsed) and cut into paragraphs at block elements (p, div, li,
    h1-h6, tr, td, br, ...), so a snippet never spans a tag boundary of that kind;
  * the part matches the source meeting's date: meetings dated 2022-2023 are "tuning",
    2024 "heldout";
  * no snippet occurs (case-insensitively, whitespace collapsed) in any meeting of the
    OTHER part, so no question has answers on both sides of the split.
It also checks the part against benchmarks/data/greve/split.json (the same date rule, used
by the Greve decision labels) where that file exists, warns about snippets outside 4-10 words
and about two snippets of one question inside one paragraph (evaluate.score_ranking's ideal
DCG counts one result per snippet), and prints the counts per part and language.

With --units it also cuts each source meeting into the archive's own retrieval units
(indexer.sources.read_meeting + to_paragraphs, compared through evaluate.normalise) and
reports any snippet that is in no unit, or two snippets of a question sharing one unit. That
needs the repository's indexer package on the path (run from the repository root); the
checks above need nothing but the standard library.

The corpus is $GREVE_ROOT, else ../shared/corpus/meeting-systems/firstagenda-greve beside or
inside the checkout (as benchmarks/data/greve/sample.py and bench_greve.py find it).
Exit status 1 when any check fails.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_QUERIES = HERE / "greve.json"
SPLIT = REPO / "benchmarks" / "data" / "greve" / "split.json"
_GREVE = Path("corpus") / "meeting-systems" / "firstagenda-greve"


def default_corpus() -> Path:
    """$GREVE_ROOT, else the shared corpus inside or beside the checkout."""
    if os.environ.get("GREVE_ROOT"):
        return Path(os.environ["GREVE_ROOT"])
    for root in (REPO / "shared", REPO.parent / "shared"):
        if (root / _GREVE).is_dir():
            return root / _GREVE
    return REPO.parent / "shared" / _GREVE

# Elements at whose start and end a paragraph ends.
BREAKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "blockquote",
    "pre", "address", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "ul", "ol", "li", "dl", "dt", "dd", "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6",
    "center", "form", "fieldset", "body", "html",
})
DROPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg"})


def squash(text: str) -> str:
    """Whitespace (non-breaking spaces included) collapsed to single spaces."""
    return " ".join(text.split())


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities decoded
        self.paragraphs: list[str] = []
        self._running: list[str] = []
        self._dropping = 0

    def _flush(self) -> None:
        text = squash("".join(self._running))
        if text:
            self.paragraphs.append(text)
        self._running = []

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED:
            self._dropping += 1
        elif tag in BREAKS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag in BREAKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in DROPPED:
            self._dropping = max(0, self._dropping - 1)
        elif tag in BREAKS:
            self._flush()

    def handle_data(self, data):
        if not self._dropping:
            self._running.append(data)

    def close(self):
        super().close()
        self._flush()


def paragraphs(html: str) -> list[str]:
    """An HTML fragment as plain-text paragraphs."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    return parser.paragraphs


def part_of(relpath: str) -> str:
    """'tuning' for meetings dated 2022-2023, 'heldout' for 2024 (the file name starts with the date)."""
    year = Path(relpath).name[:4]
    if year in ("2022", "2023"):
        return "tuning"
    if year == "2024":
        return "heldout"
    raise ValueError(f"{relpath}: meeting date outside 2022-2024")


def load_corpus(corpus: Path) -> dict[tuple[str, str], list[str]]:
    """(relative file, item number) -> the item's paragraphs, for every meeting file."""
    items: dict[tuple[str, str], list[str]] = {}
    for path in sorted(corpus.glob("*/*.json")):
        rel = path.relative_to(corpus).as_posix()
        meeting = json.loads(path.read_text(encoding="utf-8"))
        for item in meeting.get("Dagsordenpunkter") or []:
            paras: list[str] = []
            for field in item.get("Felter") or []:
                paras.extend(paragraphs(field.get("Html") or ""))
            items[(rel, str(item.get("Punktnummer")))] = paras
    return items


def check_units(rows: list, corpus: Path) -> list[str]:
    """Snippets against the archive's own retrieval units of each source meeting."""
    sys.path.insert(0, str(REPO))
    try:
        from indexer.search.evaluate import normalise
        from indexer.sources import read_meeting, to_paragraphs
    except ImportError as exc:
        return [f"--units: cannot import the indexer package ({exc})"]
    problems: list[str] = []
    units_of: dict[str, list[str]] = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("source"), dict):
            continue
        file = str(row["source"].get("file"))
        if file not in units_of:
            _, paragraphs = to_paragraphs(read_meeting(corpus / file), file, "0" * 64)
            units_of[file] = [normalise(p.text) for p in paragraphs]
        snippets = [normalise(s) for s in row.get("relevant") or []]
        for raw, snippet in zip(row.get("relevant") or [], snippets):
            if not any(snippet in unit for unit in units_of[file]):
                problems.append(f"entry {n}: snippet {raw!r} is in no retrieval unit of {file}")
        for unit in units_of[file]:
            inside = [s for s in snippets if s in unit]
            if len(inside) > 1:
                problems.append(f"entry {n}: snippets {inside!r} share one retrieval unit")
    print(f"--units: {len(units_of)} meetings cut into the archive's retrieval units")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None, help="the firstagenda-greve folder")
    ap.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every item each snippet occurs in")
    ap.add_argument("--units", action="store_true",
                    help="also check against the archive's retrieval units (needs the indexer package)")
    args = ap.parse_args(argv)
    corpus = args.corpus or default_corpus()
    if not corpus.is_dir():
        print(f"no corpus at {corpus} (set $GREVE_ROOT or pass --corpus)")
        return 2

    rows = json.loads(args.queries.read_text(encoding="utf-8"))
    items = load_corpus(corpus)
    split = {}
    if SPLIT.is_file():
        split = {f: p for p, files in json.loads(SPLIT.read_text(encoding="utf-8")).items() for f in files}
    # One lower-cased text per part, items separated by a line that no snippet can cross.
    by_part: dict[str, list[tuple[tuple[str, str], str]]] = {"tuning": [], "heldout": []}
    for key, paras in items.items():
        by_part[part_of(key[0])].append((key, "\n".join(p.lower() for p in paras)))

    problems: list[str] = []
    warnings: list[str] = []
    counts: Counter = Counter()
    seen_queries: Counter = Counter(r.get("query", "").strip().lower() for r in rows if isinstance(r, dict))
    for n, row in enumerate(rows, 1):
        where = f"entry {n}"
        if not isinstance(row, dict):
            problems.append(f"{where}: not an object")
            continue
        query = row.get("query")
        where = f"entry {n} ({query!r})"
        for name in ("query", "lang", "collection", "part", "relevant", "source"):
            if name not in row:
                problems.append(f"{where}: no {name!r}")
        if row.get("collection") != "greve":
            problems.append(f"{where}: collection must be 'greve'")
        if row.get("lang") not in ("da", "en"):
            problems.append(f"{where}: lang must be 'da' or 'en'")
        if seen_queries[(query or "").strip().lower()] > 1:
            problems.append(f"{where}: the same question appears twice")
        snippets = row.get("relevant") or []
        if not (1 <= len(snippets) <= 4):
            problems.append(f"{where}: {len(snippets)} snippets (want 1-4)")
        source = row.get("source") or {}
        key = (str(source.get("file")), str(source.get("item_number")))
        if key not in items:
            problems.append(f"{where}: source {key} is no item of the corpus")
            continue
        part = part_of(key[0])
        if row.get("part") != part:
            problems.append(f"{where}: part {row.get('part')!r}, but the source meeting is {part}")
        if split and split.get(key[0]) != part:
            problems.append(f"{where}: {key[0]} is {split.get(key[0])!r} in {SPLIT.name}, not {part}")
        counts[(row.get("part"), row.get("lang"))] += 1
        other = "tuning" if part == "heldout" else "heldout"
        for snippet in snippets:
            words = len(snippet.split())
            if not 4 <= words <= 10:
                warnings.append(f"{where}: snippet {snippet!r} has {words} words")
            if not any(snippet in p for p in items[key]):
                problems.append(f"{where}: snippet not found in {key[0]} item {key[1]}: {snippet!r}")
            low = squash(snippet).lower()
            leaks = [k for k, text in by_part[other] if low in text]
            if leaks:
                problems.append(f"{where}: snippet {snippet!r} also occurs in the {other} part: "
                                + ", ".join(f"{f} #{i}" for f, i in leaks[:3]))
            if args.verbose:
                hits = [k for k, text in by_part[part] if low in text]
                print(f"{snippet!r}: {len(hits)} item(s): " + ", ".join(f"{f} #{i}" for f, i in hits))
        # evaluate.score_ranking's ideal DCG counts one result per snippet: two snippets of
        # one question inside the same paragraph would cap its nDCG below 1.
        for p in items[key]:
            inside = [s for s in snippets if s in p]
            if len(inside) > 1:
                warnings.append(f"{where}: snippets {inside!r} share one paragraph")

    if args.units:
        problems.extend(check_units(rows, corpus))
    for w in warnings:
        print("warning:", w)
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(rows)} questions, {sum(len(r.get('relevant') or []) for r in rows if isinstance(r, dict))} snippets; "
          f"{len(items)} agenda items read")
    for part in ("heldout", "tuning"):
        print(f"  {part}: " + ", ".join(f"{lang} {counts[(part, lang)]}" for lang in ("da", "en"))
              + f" (total {counts[(part, 'da')] + counts[(part, 'en')]})")
    print("OK: every snippet found in its source item, none in the other part" if not problems
          else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
