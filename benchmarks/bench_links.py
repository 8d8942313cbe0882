"""How long looking up where follow-ups were taken up again takes, and what it found.

In:  an index (any archive; Greve's meetings are the case in point) and optionally one body.
Out: the follow-ups looked up, seconds in all and per follow-up, and a digest of every link found
     (sha256 of the links' fields in order), so that a change meant to make the lookup faster can be
     shown to find the very same links: run it before and after and compare the digests.

    python -m benchmarks.bench_links --index IDX                      # every follow-up, any status
    python -m benchmarks.bench_links --index IDX --body "Klima-, Teknik- og Miljøudvalget" --limit 60

This is the loop a body's checklist export runs (`ui/decisions.py`, `followups --export`).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time
from dataclasses import asdict

from indexer.search.archive import Archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True, help="the index directory")
    parser.add_argument("--body", default=None, help="only this body's follow-ups")
    parser.add_argument("--limit", type=int, default=None, help="at most this many follow-ups")
    args = parser.parse_args()

    archive = Archive.open(args.index)
    found = archive.follow_ups(args.body, status=None)[: args.limit]
    if found:
        archive.follow_up_links(found[0])  # the model and the index loaded before the clock starts
    digest = hashlib.sha256()
    started = time.perf_counter()
    links = 0
    for tracked in found:
        for link in archive.follow_up_links(tracked):
            digest.update(json.dumps(asdict(link), sort_keys=True, ensure_ascii=False).encode())
            links += 1
    seconds = time.perf_counter() - started
    print(f"{len(found)} follow-ups, {links} links, {seconds:.1f} s ({seconds / max(len(found), 1):.3f} s each); "
          f"links sha256 {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
