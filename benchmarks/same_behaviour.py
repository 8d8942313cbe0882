"""Does a checkout behave like another? A source tree in, one JSON snapshot of its behaviour out.

Builds the sample archive with the tree's own `python -m indexer` (the real bundled model) into
a fresh index and records, through the command line only (so the snapshot does not depend on
how the package is laid out inside): every stored paragraph (id, document, text and fields), the
`--json` output of `search` for a fixed query list in every mode and with filters, `decisions`,
`followups` (with links), `meetings`, `meeting` for each meeting, `eval`, and `inspect` of a few
files. Two snapshots are compared with `--compare A B`; any difference is printed and makes the
exit status 1.

    python -m benchmarks.same_behaviour --tree /path/to/old/checkout --out before.json
    python -m benchmarks.same_behaviour --tree . --out after.json
    python -m benchmarks.same_behaviour --compare before.json after.json
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

QUERIES = ["huslejestigninger", "rent increases", "bosteder for sindslidende", "rygning",
           "housing for people with mental illness", "budget", "Socialudvalget beslutning",
           "-husleje", "NOT", "ventelister", "valg", "personalegennemstrømning"]
FILTERED = [["--body", "Folketinget"], ["--type", "referat"], ["--from", "2015-01-01", "--to", "2016-12-31"]]
INSPECT = ["minutes/002_c6494850ffb86ef0.txt", "minutes/000_e9b7192dbc8b80a1.txt"]


def _run(tree: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "indexer", *args], cwd=tree, capture_output=True,
                          text=True, timeout=3600)
    return json.dumps({"rc": done.returncode, "stdout": done.stdout})


def _paragraphs(index: Path) -> list[list]:
    with sqlite3.connect(index / "archive.sqlite") as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(paragraphs)")
                   if r[1] not in ("vec_id", "vector")]
        rows = conn.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM paragraphs ORDER BY id")
        return [columns] + [list(row) for row in rows]


def snapshot(tree: Path) -> dict:
    tree = tree.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        archive = str(tree / "archive")
        out: dict = {"build": json.loads(_run(tree, "build", archive, "--index", str(index)))["rc"]}
        out["paragraphs"] = _paragraphs(index)
        ix = ["--index", str(index)]
        for mode in ("hybrid", "dense", "lexical"):
            out[f"search {mode}"] = _run(tree, "search", *QUERIES, "--json", "--mode", mode, "-k", "20", *ix)
        for extra in FILTERED:
            out[f"search {' '.join(extra)}"] = _run(tree, "search", *QUERIES[:4], "--json", *extra, *ix)
        out["decisions"] = _run(tree, "decisions", "--json", *ix)
        out["followups"] = _run(tree, "followups", "--json", "--links", "--status", "all", *ix)
        meetings = _run(tree, "meetings", "--json", *ix)
        out["meetings"] = meetings
        for entry in json.loads(json.loads(meetings)["stdout"] or "{}").get("meetings", []):
            for document in entry.get("documents", [])[:1]:
                out[f"meeting {document}"] = _run(tree, "meeting", document, "--json", *ix)
        out["eval"] = _run(tree, "eval", "--json", "--part", "all", *ix)
        for name in INSPECT:
            out[f"inspect {name}"] = _run(tree, "inspect", str(tree / "archive" / name), "--archive", archive)
        return out


def _common_columns(table: list[list], columns: list[str]) -> list[list]:
    index = [table[0].index(c) for c in columns]
    return [[row[i] for i in index] for row in table[1:]]


def compare(before: dict, after: dict) -> int:
    """Every output the same; a paragraph column added since (fields are only ever added) is
    listed, and the columns both have are compared."""
    differences = 0
    old, new = before["paragraphs"][0], after["paragraphs"][0]
    added = [c for c in new if c not in old]
    if added:
        print(f"paragraph columns added: {', '.join(added)}")
    common = [c for c in old if c in new]
    before = {**before, "paragraphs": _common_columns(before["paragraphs"], common)}
    after = {**after, "paragraphs": _common_columns(after["paragraphs"], common)}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            differences += 1
            print(f"differs: {key}")
    print(f"{len(before)} outputs compared, {differences} differ")
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=Path("."))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(p.read_text()) for p in args.compare)
        return compare(a, b)
    data = snapshot(args.tree)
    (args.out or Path("behaviour.json")).write_text(json.dumps(data, ensure_ascii=False, indent=0))
    print(f"{len(data)} outputs, {len(data['paragraphs']) - 1} paragraphs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
