"""Precision and recall of decision and follow-up extraction against the hand labels.

In:  tests/data/decisions_labels.json, tests/data/followups_labels.json and
     tests/data/followup_links.json; the labelled
     documents, ingested with `indexer.ingest.pipeline.ingest_file` (no index, no model needed);
     and the Greve labels (benchmarks/data/greve/, scored by benchmarks/greve_labels.py) with
     the 288 FirstAgenda meetings they were made from
     (/work/shared/corpus/meeting-systems/firstagenda-greve/, or $GREVE_ROOT).
Out: tables for the tuning part and the held-out part of the labels (Markdown): the PDF/text
     labels first, then Greve per part and source (decisions found with the right outcome,
     votes, counts, remarks' recipient, promise precision / recall); and, with
     `--index DIR`, the precision of the first "taken up again" link on the labelled links.

    python -m benchmarks.bench_decisions                 # extraction only
    python -m benchmarks.bench_decisions --index /tmp/fu-index   # plus links (loads the model)
    python -m benchmarks.bench_decisions --show          # list misses and false alarms
    python -m benchmarks.bench_decisions --part tuning --show   # while changing rules

The tuning part's fresh promise labels get a row per batch: "tuning (fresh promise labels)",
"tuning (fresh promise labels, batch 2)" … "tuning (fresh promise labels, batch 5)"
(greve_labels.FRESH_BATCHES; a batch without a label file is left out).

Greve's held-out part (2024) is scored only when asked for (`--part held-out` or no --part);
`--show` never lists held-out errors, only tuning ones: rules are changed on tuning alone. The
held-out part's fresh promise labels (promises-heldout-fresh.jsonl, labelled before any rule was run
on them) get a row of their own, "held-out (fresh promise labels)": precision, recall and counts
only, never a miss or a false alarm. Each held-out scoring is listed, with its time and rule
version, in benchmarks/greve_scorings.md.

    python -m benchmarks.bench_decisions --part tuning --show --by-body   # Greve tuning errors, per committee

Matching: a label matches an extracted item of the same document whose text contains one
of the label's snippets (case and whitespace ignored) and, for decisions labelled with an
item number, the same item. Each label is matched at most once; a second extraction of the
same labelled item counts as a duplicate (neither hit nor false alarm). Anything extracted
that matches no positive label is a false alarm.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from indexer.minutes.decisions import extract_decisions
from indexer.minutes.items import normalise
from indexer.errors import ArchiveError
from indexer.minutes.followups import FollowUp, extract_followups
from indexer.ingest.pipeline import ingest_file
from indexer.records import Decision, Paragraph, Record
from indexer.sources.common import is_closed_title

from benchmarks import greve_labels

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "archive"
# The PDFs of the sample corpus, when the archive itself does not hold them yet.
FALLBACK_ROOTS = [ROOT / "shared" / "corpus", ROOT.parent / "shared" / "corpus"]
LABELS = ROOT / "tests" / "data"


def resolve(document: str) -> tuple[Path, Path] | None:
    """(file, archive root) for a labelled document path, or None if it is nowhere."""
    for root in [ARCHIVE, *FALLBACK_ROOTS]:
        if (root / document).is_file():
            return root / document, root
    return None


@dataclass
class Score:
    hits: int = 0  # positive labels matched
    positives: int = 0  # positive labels
    extracted: int = 0  # items extracted (duplicates excluded)
    false_alarms: int = 0
    outcome_right: int = 0  # decisions: matched with the labelled outcome
    negatives: int = 0  # look-alike labels
    negatives_extracted: int = 0  # look-alikes the extractor took for the real thing
    fresh_positives: int = 0  # positive labels added after the rules' first version (marked "fresh")
    fresh_hits: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return (self.extracted - self.false_alarms) / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.positives if self.positives else 1.0


def _same_deadline(found: str | None, labelled: str | None) -> bool:
    return normalise(found or "") == normalise(labelled or "")


def _contains(text: str, snippets: list[str]) -> bool:
    body = normalise(text)
    return any(normalise(s) in body or normalise(_without_header(s)) in body for s in snippets)


def _without_header(snippet: str) -> str:
    """A labelled snippet without the decision section's header it may begin with ("Sundheds- og
    Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2 Indstillingen godkendt", "Punkt 2 …"):
    a decision's text leaves that out, and its item says it."""
    from indexer.minutes.decisions import _HEADER

    snippet = snippet.strip()
    header = _HEADER.match(snippet)
    if header and (header.group("item") is not None or snippet.lower().startswith("beslutning")):
        return header.group("rest").strip() or snippet
    return re.sub(r"^(?:Punkt|Pkt\.)\s+\d{1,3}\s+(?=\S)", "", snippet)  # the header's last words, on a line of its own


def label_part(label: dict, held_out_documents: set[str]) -> str:
    """The part a label belongs to: its own "part" if it names one (labels moved to tuning after
    their errors were seen, labels added to held-out later), else its document's part."""
    return label.get("part") or ("held-out" if label["document"] in held_out_documents else "tuning")


def score(labels: list[dict], extracted: dict[str, list], kind: str,
          part_of: Callable[[dict], str] = lambda lab: "all",
          document_part: Callable[[str], str] = lambda doc: "all") -> dict[str, Score]:
    """Match labels to extracted decisions or follow-ups of the same documents, one `Score` per part.

    A hit or miss counts in its label's part; an extraction that matches no label counts as a
    false alarm in its document's part (one that matches a look-alike, in that label's part)."""
    scores: dict[str, Score] = defaultdict(Score)
    positive_key = "decision" if kind == "decisions" else "promise"
    for document, items in extracted.items():
        doc_labels = [lab for lab in labels if lab["document"] == document]
        used: set[int] = set()
        for item in items:
            text = item.text
            matched = None
            for i, lab in enumerate(doc_labels):
                if not lab[positive_key]:
                    continue
                snippets = lab.get("snippets") or [lab["snippet"]]
                if lab.get("item") is not None and getattr(item, "item_number", None) != lab["item"]:
                    continue
                if _contains(text, snippets):
                    matched = i
                    if i not in used:
                        break
            if matched is None:
                alike = [lab for lab in doc_labels
                         if not lab[positive_key] and _contains(text, lab.get("snippets") or [lab["snippet"]])]
                s = scores[part_of(alike[0]) if alike else document_part(document)]
                s.extracted += 1
                s.false_alarms += 1
                s.alarms.append(f"{document}: {text[:140]}")
                s.negatives_extracted += bool(alike)
                continue
            if matched in used:
                continue  # a duplicate of a labelled item already found
            used.add(matched)
            lab = doc_labels[matched]
            s = scores[part_of(lab)]
            s.extracted += 1
            s.hits += 1
            if lab.get("fresh"):
                s.fresh_hits += 1
            if kind == "decisions" and item.outcome == lab["outcome"]:
                s.outcome_right += 1
            elif kind == "decisions":
                s.misses.append(f"{document}: wrong outcome {item.outcome} for {lab['snippet'][:80]}")
            elif _same_deadline(item.deadline, lab.get("deadline")):
                s.outcome_right += 1  # follow-ups: the deadline as labelled (None = none stated)
            else:
                s.misses.append(f"{document}: deadline {item.deadline!r}, labelled {lab.get('deadline')!r}")
        for i, lab in enumerate(doc_labels):
            s = scores[part_of(lab)]
            if lab[positive_key]:
                s.positives += 1
                s.fresh_positives += bool(lab.get("fresh"))
                if i not in used:
                    s.misses.append(f"{document}: {(lab.get('snippets') or [lab['snippet']])[0][:120]}")
            else:
                s.negatives += 1
    return scores


def check_labels(labels: list[dict], paragraphs: dict[str, list[Paragraph]]) -> list[str]:
    """Labels whose snippet is not in their document (a label that cannot match is a bug)."""
    problems = []
    for lab in labels:
        paras = paragraphs.get(lab["document"])
        if paras is None:
            continue
        whole = normalise(" ".join(p.text for p in paras))
        for snippet in lab.get("snippets") or [lab["snippet"]]:
            if normalise(snippet) not in whole:
                problems.append(f"{lab['document']}: label snippet not in the document: {snippet[:80]!r}")
    return problems


def load(kind: str) -> dict:
    return json.loads((LABELS / f"{kind}_labels.json").read_text(encoding="utf-8"))


def load_links() -> dict:
    return json.loads((LABELS / "followup_links.json").read_text(encoding="utf-8"))


def ingest_labelled(documents: set[str]) -> tuple[dict[str, Record], dict[str, list[Paragraph]], list[str]]:
    records, paragraphs, missing = {}, {}, []
    for document in sorted(documents):
        found = resolve(document)
        if found is None:
            missing.append(document)
            continue
        path, root = found
        try:
            record, paras = ingest_file(path, root)
        except ArchiveError as exc:
            missing.append(f"{document} ({exc})")
            continue
        records[document], paragraphs[document] = record, paras
    return records, paragraphs, missing


def report(show: bool = False, parts: tuple[str, ...] = ("tuning", "held-out", "all")) -> tuple[str, dict]:
    """The Markdown report and the figures, for both extractors and the asked parts of the labels
    (while rules are being changed, ask for "tuning" only: the held-out part is measured once)."""
    dec, fu = load("decisions"), load("followups")
    documents = {lab["document"] for lab in dec["labels"] + fu["labels"]}
    records, paragraphs, missing = ingest_labelled(documents)
    problems = check_labels(dec["labels"], paragraphs) + check_labels(fu["labels"], paragraphs)
    decisions = {d: extract_decisions(records[d], paragraphs[d]) for d in records}
    followups = {d: extract_followups(records[d], paragraphs[d]) for d in records}
    lines = ["| extractor | part | labels (pos/look-alike) | extracted | precision | recall | "
             "outcome / deadline right | look-alikes taken |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    figures: dict = {}
    for kind, data, extracted in (("decisions", dec, decisions), ("followups", fu, followups)):
        held = set(data["held_out_documents"])
        by_part = score(data["labels"], extracted, kind, lambda lab: label_part(lab, held),
                        lambda doc: "held-out" if doc in held else "tuning")
        whole = score(data["labels"], extracted, kind)["all"]
        for part in parts:
            s = whole if part == "all" else by_part[part]
            figures[(kind, part)] = s
            recall = f"{s.recall:.2f}"
            if s.fresh_positives and part != "all":
                recall += f" (fresh labels: {s.fresh_hits}/{s.fresh_positives})"
            lines.append(f"| {kind} | {part} | {s.positives}/{s.negatives} | {s.extracted} | {s.precision:.2f} | "
                         f"{recall} | {s.outcome_right}/{s.hits} | {s.negatives_extracted}/{s.negatives} |")
            if show and part != "all":
                for m in s.misses:
                    lines.append(f"  - miss ({part}): {m}")
                for a in s.alarms:
                    lines.append(f"  - false alarm ({part}): {a}")
    if "all" in parts or {"tuning", "held-out"} <= set(parts):
        counts = (f"\nFound in the labelled documents: {sum(map(len, decisions.values()))} decisions, "
                  f"{sum(map(len, followups.values()))} follow-ups in {len(records)} documents.")
    else:
        counts = ""  # a count over all documents would tell something about the part not asked for
    lines.append(counts)
    if missing:
        lines.append("Not found (left out): " + "; ".join(missing))
    lines.extend(problems)
    return "\n".join(lines), {"figures": figures, "followups": followups, "records": records, "problems": problems}


# --- Greve: FirstAgenda minutes nobody here wrote the rules on --------------------------------------

GREVE_PARTS = {"tuning": "tuning", "held-out": "heldout"}
_POSITION = {"for": "for", "against": "against", "abstained": "abstain"}


def greve_root() -> Path | None:
    """The folder of the 288 Greve meetings, or None where this machine does not have it."""
    candidates = [Path(os.environ["GREVE_ROOT"])] if os.environ.get("GREVE_ROOT") else []
    candidates += [root / "meeting-systems" / "firstagenda-greve" for root in FALLBACK_ROOTS]
    return next((c for c in candidates if c.is_dir()), None)


def decision_prediction(decision: Decision, file: str) -> dict:
    """A decision in the shape the Greve scorer reads: one vote per party or member (and point)."""
    votes = [{"party_or_member": voter, "position": _POSITION.get(v.position, v.position),
              "point": getattr(v, "point", None)}
             for v in decision.votes for voter in v.voters]
    return {"file": file, "item_number": decision.item_number, "outcome": decision.outcome, "votes": votes,
            "votes_for": getattr(decision, "votes_for", None),
            "votes_against": getattr(decision, "votes_against", None),
            "recommended_to": getattr(decision, "recommended_to", None), "text": decision.text}


def greve_extract(root: Path, files: list[str]) -> tuple[list[dict], list[dict]]:
    """Decision and promise predictions for the meeting files, as the build reads them."""
    decisions, promises = [], []
    for file in files:
        record, paragraphs = ingest_file(root / file, root)
        seen_items: set = set()
        for d in extract_decisions(record, paragraphs):
            if d.item_number in seen_items:  # the scorer reads one decision per item: the first
                continue
            seen_items.add(d.item_number)
            decisions.append(decision_prediction(d, file))
        promises += [{"file": file, "item_number": f.item_number, "sentence": f.text, "who": f.who,
                      "deadline": f.deadline} for f in extract_followups(record, paragraphs)]
    return decisions, promises


def closed_items(root: Path, files: list[str]) -> set[tuple[str, str]]:
    """(file, item number) of the agenda items the meeting system marks closed ("Lukket: …"): their text
    is never shown to a reader, so nothing of it can be a follow-up (`sources.common.is_closed_title`)."""
    closed = set()
    for file in files:
        if not (root / file).is_file():
            continue  # a label of a meeting not here: nothing of it is read
        meeting = json.loads((root / file).read_text(encoding="utf-8"))
        for item in meeting.get("Dagsordenpunkter") or []:
            if is_closed_title(item.get("Navn") or item.get("Caption") or ""):
                closed.add((file, str(item.get("Punktnummer") or item.get("Number"))))
    return closed


def _open_only(labels: list[dict], closed: set[tuple[str, str]]) -> list[dict]:
    return [lab for lab in labels if (lab["file"], str(lab["item_number"])) not in closed]


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def promise_details(labels: list[dict], promises: list[dict]) -> dict:
    """For the labelled promises that were found: how often the deadline and who agree with the label
    (deadline: the same words, one containing the other; who: both unsaid, or the same actor)."""
    by_item: dict = defaultdict(list)
    for p in promises:
        by_item[(p["file"], str(p["item_number"]))].append(p)
    deadline_ok = deadline_n = who_ok = found = 0
    for lab in labels:
        if not lab["is_promise"]:
            continue
        hit = next((p for p in by_item.get((lab["file"], str(lab["item_number"])), [])
                    if greve_labels._same_sentence(lab["sentence"], p["sentence"])), None)
        if hit is None:
            continue
        found += 1
        who = normalise(hit["who"] or "")
        who_ok += (who == normalise(lab["who"] or "")) or (bool(who) and who in normalise(lab["who"] or ""))
        if lab["deadline"]:
            deadline_n += 1
            ours, theirs = (re.sub(r"^(?:på|i|til|den) ", "", greve_labels._norm(x))
                            for x in (hit["deadline"], lab["deadline"]))
            deadline_ok += bool(ours) and (ours in theirs or theirs in ours)
    return {"found": found, "who_agrees": who_ok, "deadline_labelled": deadline_n, "deadline_agrees": deadline_ok}


def greve_report(parts: tuple[str, ...], show: bool = False, by_body: bool = False,
                 pool: str | None = None) -> tuple[str, dict]:
    """The Greve table for the asked parts ("tuning", "held-out"); with `show`, tuning errors; with
    `by_body`, decisions per committee as well; with `pool`, promises scored on that sample pool's
    labels only (e.g. "read3", a batch labelled before the rules were run on it)."""
    root = greve_root()
    if root is None:
        return "\nGreve: meeting files not found (set GREVE_ROOT); left out.", {}
    lines = ["\nGreve (FirstAgenda): decisions per agenda item, promises per labelled sentence",
             "| source | part | decisions | found | outcome right (strict / lenient) | votes right "
             "| vote counts | recommended to | promises (pos/neg) | precision | recall |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    figures: dict = {}
    for part in parts:
        if part not in GREVE_PARTS:
            continue
        labels = greve_labels.load(GREVE_PARTS[part])
        # the fresh promise labels (labelled later, kept apart): a row of their own per batch; held-out has
        # one batch, scored for its summary figures only (its errors are never listed, see below)
        batches = {n: greve_labels.load_fresh(GREVE_PARTS[part], n) if part == "tuning" or n == 1 else []
                   for n in greve_labels.FRESH_BATCHES}
        if pool:
            labels["promises"] = [lab for lab in labels["promises"] if lab.get("sample_pool") == pool]
            batches = {n: [lab for lab in fresh if lab.get("sample_pool") == pool] for n, fresh in batches.items()}
        files = sorted({lab["file"] for lab in labels["decisions"] + labels["promises"]
                        + [lab for fresh in batches.values() for lab in fresh]})
        decisions, promises = greve_extract(root, files)
        d = greve_labels.score_decisions(labels["decisions"], decisions)
        p = greve_labels.score_promises(labels["promises"], promises)
        figures[part] = {"decisions": d, "promises": p, "details": promise_details(labels["promises"], promises)}
        lines.append(_greve_row("firstagenda-greve", part, d, p))
        # the promises a reader can be shown: those of closed items (labelled from the export) never are
        closed = closed_items(root, files)
        shown = greve_labels.score_promises(_open_only(labels["promises"], closed), promises)
        figures[f"{part} (open items)"] = {"promises": shown, "details": promise_details(labels["promises"], promises)}
        lines.append(f"| firstagenda-greve | {part}, open items only | – | – | – | – | – | – "
                     f"| {shown['positives']}/{shown['negatives']} | {_pct(shown['precision'])} | {_pct(shown['recall'])} |")
        for n, fresh in batches.items():
            if not fresh:
                continue
            open_fresh = greve_labels.score_promises(_open_only(fresh, closed), promises)
            f = greve_labels.score_promises(fresh, promises)
            figures[f"{part} (fresh)" if n == 1 else f"{part} (fresh{n})"] = {
                "promises": f, "details": promise_details(fresh, promises)}
            row = f"{part} (fresh promise labels)" if n == 1 else f"{part} (fresh promise labels, batch {n})"
            lines.append(f"| firstagenda-greve | {row} | – | – | – | – | – | – "
                         f"| {f['positives']}/{f['negatives']} | {_pct(f['precision'])} | {_pct(f['recall'])} |")
            if open_fresh["positives"] != f["positives"] or open_fresh["negatives"] != f["negatives"]:
                lines.append(f"| firstagenda-greve | {row}, open items only | – | – | – | – | – | – "
                             f"| {open_fresh['positives']}/{open_fresh['negatives']} | {_pct(open_fresh['precision'])} "
                             f"| {_pct(open_fresh['recall'])} |")
        if by_body:
            bodies = sorted({lab["body"] for lab in labels["decisions"]})
            for body in bodies:
                mine = [lab for lab in labels["decisions"] if lab["body"] == body]
                theirs = [lab for lab in labels["promises"] if lab["body"] == body]
                lines.append(_greve_row(f"  {body}", part, greve_labels.score_decisions(mine, decisions),
                                        greve_labels.score_promises(theirs, promises)))
        if show and part == "tuning":  # never for held-out, its fresh labels included
            lines += greve_errors(labels, decisions, promises)
            for n, fresh in batches.items():
                if fresh:
                    lines.append("  fresh promise labels:" if n == 1 else f"  fresh promise labels, batch {n}:")
                    lines += greve_errors({"decisions": [], "promises": fresh}, decisions, promises)
    for part, f in figures.items():
        x = f["details"]
        confusion = f"outcome confusion (label->found) {f['decisions']['confusion']}; " if "decisions" in f else ""
        lines.append(f"\n{part}: {confusion}"
                     f"promise false positives by look-alike kind {f['promises']['false_positive_rate_by_kind']}; "
                     f"of {x['found']} promises found, who agrees with the label for {x['who_agrees']}, the deadline "
                     f"for {x['deadline_agrees']} of the {x['deadline_labelled']} with a labelled deadline")
    return "\n".join(lines), figures


def _greve_row(source: str, part: str, d: dict, p: dict) -> str:
    return (f"| {source} | {part} | {d['n']} | {_pct(d['found'])} | {_pct(d['outcome_accuracy'])} / "
            f"{_pct(d['outcome_accuracy_lenient'])} | {_pct(d['votes_exact'])} of {d['votes_n']} "
            f"(spurious {_pct(d['votes_spurious_rate'])}) | {_pct(d['vote_counts_exact'])} of {d['vote_counts_n']} "
            f"| {_pct(d['recommended_to_accuracy'])} of {d['recommended_to_n']} | {p['positives']}/{p['negatives']} "
            f"| {_pct(p['precision'])} | {_pct(p['recall'])} |")


def greve_errors(labels: dict, decisions: list[dict], promises: list[dict]) -> list[str]:
    """The tuning part's misses, one line each (never called for the held-out part)."""
    out = []
    found = {(d["file"], str(d["item_number"])): d for d in decisions}
    for lab in labels["decisions"]:
        key = (lab["file"], str(lab["item_number"]))
        pred = found.get(key)
        where = f"{lab['file'].split('/')[0]}/{lab['meeting_date']} item {lab['item_number']}"
        text = lab["decision_text"].replace("\n", " / ")[:160]
        if pred is None:
            out.append(f"  - decision not found ({where}): {text}")
            continue
        if pred["outcome"] != lab["outcome"]:
            out.append(f"  - outcome {pred['outcome']} for {lab['outcome']} ({where}): {text}")
        if lab["votes"] and not greve_labels.votes_match(lab["votes"], pred["votes"]):
            out.append(f"  - votes ({where}): found {[(v['party_or_member'], v['position']) for v in pred['votes']]}")
        if not lab["votes"] and pred["votes"]:
            out.append(f"  - spurious votes ({where}): {[(v['party_or_member'], v['position']) for v in pred['votes']]}")
        if lab.get("votes_for") is not None and (pred["votes_for"], pred["votes_against"]) != (lab["votes_for"], lab["votes_against"]):
            out.append(f"  - counts ({where}): found {pred['votes_for']}/{pred['votes_against']}, "
                       f"labelled {lab['votes_for']}/{lab['votes_against']}")
        if lab.get("recommended_to") and not greve_labels._body_match(pred["recommended_to"], lab["recommended_to"]):
            out.append(f"  - recommended_to ({where}): found {pred['recommended_to']!r}, labelled {lab['recommended_to']!r}")
    by_item: dict = defaultdict(list)
    for p in promises:
        by_item[(p["file"], str(p["item_number"]))].append(p)
    for lab in labels["promises"]:
        preds = by_item.get((lab["file"], str(lab["item_number"])), [])
        hit = next((p for p in preds if greve_labels._same_sentence(lab["sentence"], p["sentence"])), None)
        where = f"{lab['file'].split('/')[0]}/{lab['meeting_date']} item {lab['item_number']} [{lab['section']}]"
        if lab["is_promise"] and hit is None:
            out.append(f"  - promise missed ({where}): {lab['sentence'][:200]}")
        elif not lab["is_promise"] and hit is not None:
            out.append(f"  - {lab['kind']} taken for a promise ({where}): {lab['sentence'][:200]}")
        elif hit is not None and lab["is_promise"] and (bool(hit["who"]) != bool(lab["who"])):
            out.append(f"  - who {hit['who']!r}, labelled {lab['who']!r} ({where}): {lab['sentence'][:120]}")
    return out


def link_report(index: Path, followups: dict[str, list[FollowUp]], threshold: float | None) -> str:
    """Precision of the first "taken up again" link on the labelled links (tests/data/followup_links.json),
    as the archive links them (`Archive.follow_up_links`: case number, same agenda matter, then later
    items sharing the promise's rare words above the cosine floor, first in time); with `threshold`,
    another cosine floor."""
    from indexer.minutes import takeups as rules
    from indexer.search.archive import Archive  # loads the model: only with --index
    from indexer.store import TrackedFollowUp

    data = load_links()
    archive = Archive.open(index)
    if threshold is not None:
        rules.SIMILAR_FLOOR = threshold
        rules.link_follow_up.__kwdefaults__["threshold"] = threshold
    lines = ["| follow-up | first link (cosine, rule) | right? |", "| --- | --- | --- |"]
    right = returned = quiet_right = quiet = 0
    for lab in data["links"]:
        fus = [f for f in followups.get(lab["document"], []) if _contains(f.text, [lab["snippet"]])]
        if not fus:
            lines.append(f"| {lab['snippet'][:60]} | (follow-up not extracted) | — |")
            continue
        links = archive.follow_up_links(TrackedFollowUp(fus[0], "open"))
        if not links:
            quiet += 1
            quiet_right += not lab["relevant"]
            lines.append(f"| {lab['snippet'][:60]} | nothing found since | {'yes' if not lab['relevant'] else 'no'} |")
            continue
        returned += 1
        first = links[0]
        ok = any(r["document"] == first.document and normalise(r["snippet"]) in normalise(first.text)
                 for r in lab["relevant"])
        right += ok
        lines.append(f"| {lab['snippet'][:60]} | {first.document} {first.date} ({first.score:.3f}, {first.rule}) "
                     f"{first.text[:50]!r} | {'yes' if ok else 'no'} |")
    precision = f"{right / returned:.2f}" if returned else "n/a"
    lines.append(f"\nFirst-link precision: {right}/{returned} = {precision}; 'nothing found since' right: "
                 f"{quiet_right}/{quiet} ({len(data['links'])} labelled follow-ups, "
                 f"{sum(bool(lab['relevant']) for lab in data['links'])} with a later paragraph; cosine floor "
                 f"{threshold if threshold is not None else rules.SIMILAR_FLOOR})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an index of the sample archive, for the link figures")
    parser.add_argument("--threshold", type=float, help="link cosine floor (default: the module's SIMILAR_FLOOR)")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    parser.add_argument("--part", choices=["tuning", "held-out", "all"], action="append",
                        help="report only this part (repeatable; default: all three)")
    parser.add_argument("--by-body", action="store_true", help="Greve: figures per committee as well")
    parser.add_argument("--pool", help="Greve: score promises on the labels of this sample pool only (e.g. read3)")
    args = parser.parse_args(argv)
    parts = tuple(args.part or ("tuning", "held-out", "all"))
    text, extra = report(args.show, parts)
    print(text)
    greve_text, _ = greve_report(parts, args.show, args.by_body, args.pool)
    print(greve_text)
    if args.index:
        print()
        print(link_report(args.index, extra["followups"], args.threshold))
    return 1 if extra["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
