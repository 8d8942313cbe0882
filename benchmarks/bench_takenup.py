"""Where promises were taken up again: the Greve take-up labels (benchmarks/data/greve/takenup-*.jsonl,
scored by `greve_labels.score_takenup`) against `Archive.follow_up_links`.

In:  an index of the Greve meetings (the 288 files, or only the tuning part's 198) whose documents are
     named as the labels name them (`<committee>/<YYYY-MM-DD>_<id>.json`); without `--index`, an index
     of the tuning files is built with the hashing embedder of tests/fakes.py (no model: only the case
     number rule means anything there, similarity links are noise and are switched off).
Out: first-link accuracy (the labelled meeting and agenda item), "nothing since" accuracy, per part,
     for the promises as the build extracted them and for the labelled promise sentences themselves
     (the linking alone), the fresh take-up labels in rows of their own; with `--show`, each tuning
     promise's first link beside its label.

    python -m benchmarks.bench_takenup --part tuning --show                      # case numbers only
    python -m benchmarks.bench_takenup --index benchmarks/.cache/greve/index --part tuning --show
    python -m benchmarks.bench_takenup --index benchmarks/.cache/greve/index --part held-out

Tuning links are looked for up to the end of 2023 (the tuning labels stop there), held-out ones up to
the end of 2024. `--show` never lists held-out promises: rules are changed on tuning alone; every
held-out scoring is listed in benchmarks/greve_scorings.md.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks import greve_labels
from benchmarks.bench_decisions import greve_root
from indexer.records import FollowUp
from indexer.store import TrackedFollowUp

PARTS = {"tuning": ("tuning", "2023-12-31"), "held-out": ("heldout", "2024-12-31")}


def hashed_tuning_index(root: Path, work: Path) -> Path:
    """An index of the tuning files built with the hashing embedder (no model)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from indexer.build.run import build
    from tests.fakes import HashEmbedder

    archive, index = work / "archive", work / "index"
    for file in greve_labels.load_split()["tuning"]:
        (archive / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / file, archive / file)
    build(archive, index, embedder=HashEmbedder())
    return index


def _promise(archive, label: dict, promise: dict) -> FollowUp | None:
    """The follow-up the build extracted for a labelled promise sentence, or None."""
    for tracked in archive.follow_ups(status=None, document=label["file"]):
        fu = tracked.follow_up
        if str(fu.item_number) == str(label["item_number"]) and greve_labels._same_sentence(promise["sentence"], fu.text):
            return fu
    return None


def _as_labelled(archive, label: dict, promise: dict, ref: int) -> FollowUp:
    """The labelled promise sentence as a follow-up of its agenda item (to score the linking alone)."""
    item_title = next((p.item_title for p in archive.document(label["file"])
                       if str(p.item_number) == str(label["item_number"])), None)
    return FollowUp(id=f"label-{ref}", document=label["file"], body=label["body"], meeting_date=label["meeting_date"],
                    item_number=str(label["item_number"]), item_title=item_title, text=promise["sentence"],
                    who=promise.get("who"), what=promise["sentence"], deadline=promise.get("deadline"),
                    paragraph_id="", case_number=label.get("case_number"))


def label_sets(part: str) -> list[tuple[str, list, dict]]:
    """(row name, take-up labels, their promises by promise_ref) of a part: its take-ups, then the fresh ones where
    there are any (`greve_labels.load_fresh_takenup`), each batch scored in a row of its own."""
    labels = greve_labels.load(part)
    sets = [("", labels["takenup"], labels["takenup_promises"])]
    for batch in greve_labels.FRESH_TAKENUP_BATCHES:
        fresh, fresh_promises = greve_labels.load_fresh_takenup(part, batch)
        if fresh:
            sets.append((f" (fresh take-up labels{'' if batch == 1 else f', batch {batch}'})", fresh, fresh_promises))
    return sets


def predictions(archive, takenup: list, promises: dict, until: str, similarity: bool
                ) -> tuple[list[dict], list[dict], list[tuple]]:
    """(predictions for the extracted promises, predictions for the labelled sentences, rows to show)."""
    extracted, labelled, rows = [], [], []
    for label in takenup:
        ref = label["promise_ref"]
        promise = promises[ref]
        found = _promise(archive, label, promise)
        own = _as_labelled(archive, label, promise, ref)
        kwargs = {"until": until} if similarity else {"until": until, "k": 0}
        first = {}
        for name, fu, out in (("extracted", found, extracted), ("labelled", own, labelled)):
            if fu is None:
                continue
            links = archive.follow_up_links(TrackedFollowUp(fu, "open"), **kwargs)
            link = links[0] if links else None
            first[name] = link
            out.append({"promise_ref": ref, "taken_up": link and {"file": link.document, "item_number": link.item_number}})
        rows.append((label, promise, found is not None, first.get("labelled")))
    return extracted, labelled, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an index of the Greve meetings (default: build one of the "
                                                   "tuning files with the hashing embedder)")
    parser.add_argument("--part", choices=list(PARTS), action="append", help="default: tuning")
    parser.add_argument("--show", action="store_true", help="list each tuning promise's first link and its label")
    args = parser.parse_args(argv)
    parts = args.part or ["tuning"]
    from indexer.search.archive import Archive

    work = None
    if args.index is None:
        if parts != ["tuning"]:
            parser.error("without --index only the tuning part can be scored")
        root = greve_root()
        if root is None:
            print("Greve meeting files not found (set GREVE_ROOT)")
            return 1
        work = Path(tempfile.mkdtemp(prefix="takenup-"))
        from tests.fakes import HashEmbedder

        archive = Archive.open(hashed_tuning_index(root, work), embedder=HashEmbedder())
        similarity = False
    else:
        archive = Archive.open(args.index)
        similarity = True
    try:
        print("| part | links | promises | labels (linked / nothing since) | first link right (item / meeting) "
              "| nothing since right |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name in parts:
            part, until = PARTS[name]
            for row, takenup, promises in label_sets(part):
                extracted, labelled, rows = predictions(archive, takenup, promises, until, similarity)
                for which, preds in (("extracted", extracted), ("labelled sentences", labelled)):
                    s = greve_labels.score_takenup(takenup, preds)
                    print(f"| {name}{row} | {'case number + similarity' if similarity else 'case number only'} | {which} "
                          f"| {s['linked_n']} / {s['nothing_since_n']} | {_pct(s['first_link_accuracy'])} / "
                          f"{_pct(s['first_link_meeting_accuracy'])} | {_pct(s['nothing_since_accuracy'])} |")
                if args.show and name == "tuning":
                    show(rows)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def show(rows) -> None:
    for label, promise, extracted, link in rows:
        want = label["taken_up"]
        got = link and (link.date, link.body, link.item_number, link.rule, round(link.score, 3), link.item_title)
        right = (want is None and link is None) or (want and link and want["file"] == link.document
                                                    and str(want["item_number"]) == str(link.item_number))
        print(f"\n#{label['promise_ref']} {label['meeting_date']} {label['body']} item {label['item_number']} "
              f"{'' if extracted else '(promise not extracted) '}{'RIGHT' if right else 'WRONG'}")
        print(f"   promise: {promise['sentence'][:160]}")
        print(f"   label:   {want and (want['meeting_date'], want['body'], want['item_number'], want['title'][:70])}")
        print(f"   found:   {got}")


if __name__ == "__main__":
    sys.exit(main())
