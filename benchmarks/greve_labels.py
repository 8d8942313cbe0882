#!/usr/bin/env python3
"""Loader and scorers for the hand-labelled Greve evaluation set.

Stdlib only; no dependency on the indexer package. Labels live in
benchmarks/data/greve/ (see the README there):

    decisions-{part}.jsonl   promises-{part}.jsonl   takenup-{part}.jsonl
    part = "tuning" (meetings 2022-2023) or "heldout" (meetings 2024)

    promises-{part}-fresh.jsonl, promises-{part}-fresh2.jsonl … promises-{part}-fresh6.jsonl
    (optional): batches of promise sentences drawn and labelled later, kept apart so they can be
    scored on their own (`load_fresh(part)`, `load_fresh(part, 2)` …), e.g. before the rules are
    changed on them. promises-heldout-fresh.jsonl is the held-out part's one fresh batch
    (`load_fresh("heldout")`): drawn from the 2024 files only and labelled before any rule
    was run on it; it is scored with the rest of held-out, summary figures only.
    takenup-promises-{part}.jsonl (optional): promise sentences picked by hand to label
    more take-ups, in the promises' format but not sampled, so kept out of the promise
    scoring; a take-up's `promise_ref` of EXTRA_REF + i names line i of it (a fixed offset,
    so rows added to promises-{part}.jsonl never move them). `load(part)["takenup_promises"]`
    maps every promise_ref to its promise.
    takenup-{part}-fresh.jsonl, takenup-{part}-fresh2.jsonl, -fresh3.jsonl (optional): take-ups of promises of the fresh
    batches, labelled later and scored on their own, batch by batch (`load_fresh_takenup(part, batch)`); a
    promise_ref of FRESH_REF + 1000 * b + i names line i of fresh promise batch b.

Predictions are plain dicts:

* decisions: {"file", "item_number", "outcome", "votes": [{"party_or_member",
  "position"}], "votes_for", "votes_against", "recommended_to"} - one per
  agenda item the system found a decision for (extra items are ignored).
* promises: {"file", "item_number", "sentence"} for every sentence the system
  calls a promise (an optional "is_promise": False entry is treated as a
  negative). Scored only on the labelled sentences: a labelled sentence counts
  as predicted positive when a prediction for the same item has text that
  matches it (normalised equality or containment either way, or >= 80 % token
  overlap). Predictions that match no labelled sentence are ignored, because
  only a sample of sentences is labelled.
* taken-up: {"promise_ref": int} or {"file", "item_number", "sentence"} to
  identify the promise, and "taken_up": {"file", "item_number"} or None.

    python3 benchmarks/greve_labels.py            # label statistics
"""
from __future__ import annotations

import collections
import json
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "greve")
PARTS = ("tuning", "heldout")
OUTCOMES = ("approved", "rejected", "postponed", "noted", "recommended", "sent_on", "unknown")
EXTRA_REF = 10000  # promise_ref of the first hand-picked take-up promise (takenup-promises-{part}.jsonl)
KINDS = ("promise", "look_alike_general", "look_alike_past", "look_alike_procedure", "look_alike_history")


def _read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(part: str) -> dict:
    """{"decisions": [...], "promises": [...], "takenup": [...], "takenup_promises": {ref: promise}}
    for one part; takenup_promises maps a take-up's `promise_ref` to its promise: the sampled ones
    by line, the hand-picked extra ones from EXTRA_REF."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}")
    out = {name: _read_jsonl(os.path.join(DATA, f"{name}-{part}.jsonl"))
           for name in ("decisions", "promises", "takenup")}
    extra = os.path.join(DATA, f"takenup-promises-{part}.jsonl")
    out["takenup_promises"] = {**dict(enumerate(out["promises"])),
                               **{EXTRA_REF + i: p for i, p in enumerate(_read_jsonl(extra) if os.path.exists(extra) else [])}}
    return out


FRESH_BATCHES = (1, 2, 3, 4, 5, 6)  # batches of fresh promise labels, drawn one after the other (each leaves out the earlier ones)


def load_fresh(part: str, batch: int = 1) -> list:
    """The part's fresh promise labels of one batch (promises-{part}-fresh.jsonl for the first,
    promises-{part}-fresh{batch}.jsonl for later ones), [] where there are none."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}")
    if batch not in FRESH_BATCHES:
        raise ValueError(f"batch must be one of {FRESH_BATCHES}")
    path = os.path.join(DATA, f"promises-{part}-fresh{'' if batch == 1 else batch}.jsonl")
    return _read_jsonl(path) if os.path.exists(path) else []


FRESH_REF = 20000  # promise_ref of line i of fresh batch b: FRESH_REF + 1000 * b + i (takenup-{part}-fresh.jsonl)


FRESH_TAKENUP_BATCHES = (1, 2, 3)  # batches of fresh take-up labels: takenup-{part}-fresh.jsonl, then -fresh2.jsonl …


def load_fresh_takenup(part: str, batch: int = 1) -> tuple[list, dict]:
    """The part's fresh take-up labels of one batch (takenup-{part}-fresh.jsonl for the first, -fresh{batch}.jsonl
    for later ones: where promises of the fresh promise batches were taken up, labelled later and kept apart from
    takenup-{part}.jsonl) and the promises they name, by promise_ref (FRESH_REF + 1000 * batch + line); ([], {})
    where there are none."""
    if batch not in FRESH_TAKENUP_BATCHES:
        raise ValueError(f"batch must be one of {FRESH_TAKENUP_BATCHES}")
    path = os.path.join(DATA, f"takenup-{part}-fresh{'' if batch == 1 else batch}.jsonl")
    if not os.path.exists(path):
        return [], {}
    promises = {FRESH_REF + 1000 * b + i: p for b in FRESH_BATCHES for i, p in enumerate(load_fresh(part, b))}
    return _read_jsonl(path), promises


def load_split() -> dict:
    with open(os.path.join(DATA, "split.json"), encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------- helpers
def _norm(s) -> str:
    s = unicodedata.normalize("NFC", str(s or "")).lower()
    s = re.sub(r"[\"'“”’`´]", "", s)
    return re.sub(r"\s+", " ", re.sub(r"[^\wæøå]+", " ", s)).strip()


def _key(d) -> tuple:
    return (d["file"], str(d["item_number"]))


def _ratio(num, den):
    return None if den == 0 else num / den


def _party_keys(who: str) -> set:
    """'Mehmet Zeki Dogru (Ø)' -> {'mehmet zeki dogru ø', 'mehmet zeki dogru', 'ø'};
    '(F)' -> {'f'}; 'Liselott Blixt (UP-1)' -> {..., 'up 1', 'up'}."""
    keys = {_norm(who)}
    m = re.match(r"^\s*(.*?)\s*\(([^)]*)\)\s*$", who or "")
    if m:
        name, party = m.group(1), m.group(2)
        if name:
            keys.add(_norm(name))
        if party:
            keys.add(_norm(party))
            keys.add(_norm(re.sub(r"-\d+$", "", party)))
    keys.discard("")
    return keys


def _point(p) -> str:
    return re.sub(r"[\s.]", "", str(p or "")).lower()


def votes_match(label_votes: list, predicted_votes: list, include_point: bool = False) -> bool:
    """Exact match of two vote lists: every labelled vote is matched by exactly one
    predicted vote (same position, overlapping party/member keys, and - when
    include_point - the same point) and no predicted vote is left over."""
    pred = list(predicted_votes or [])
    used = [False] * len(pred)
    for lv in label_votes:
        lk = _party_keys(lv["party_or_member"])
        hit = False
        for j, pv in enumerate(pred):
            if used[j] or pv.get("position") != lv["position"]:
                continue
            if not (lk & _party_keys(pv.get("party_or_member", ""))):
                continue
            if include_point and _point(lv.get("point")) != _point(pv.get("point")):
                continue
            used[j] = hit = True
            break
        if not hit:
            return False
    return all(used)


def _body_match(a, b) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a) and bool(b) and (a in b or b in a)


# --------------------------------------------------------------- decisions
def score_decisions(labels: list, predictions: list) -> dict:
    pred = {}
    for p in predictions:
        pred.setdefault(_key(p), p)
    n = len(labels)
    found = [l for l in labels if _key(l) in pred]
    strict = sum(pred[_key(l)].get("outcome") == l["outcome"] for l in found)
    lenient = sum(pred[_key(l)].get("outcome") in [l["outcome"]] + list(l.get("outcome_also") or []) for l in found)
    with_votes = [l for l in labels if l["votes"]]
    vote_ok = sum(votes_match(l["votes"], pred[_key(l)].get("votes"))
                  for l in with_votes if _key(l) in pred)
    vote_ok_pt = sum(votes_match(l["votes"], pred[_key(l)].get("votes"), include_point=True)
                     for l in with_votes if _key(l) in pred)
    no_votes = [l for l in labels if not l["votes"] and _key(l) in pred]
    spurious_votes = sum(bool(pred[_key(l)].get("votes")) for l in no_votes)
    counted = [l for l in labels if l.get("votes_for") is not None]
    counts_ok = sum(_key(l) in pred and pred[_key(l)].get("votes_for") == l["votes_for"]
                    and pred[_key(l)].get("votes_against") == l["votes_against"] for l in counted)
    rec = [l for l in labels if l.get("recommended_to")]
    rec_ok = sum(_key(l) in pred and _body_match(pred[_key(l)].get("recommended_to"), l["recommended_to"]) for l in rec)
    confusion = collections.Counter((l["outcome"], pred[_key(l)].get("outcome")) for l in found)
    return {
        "n": n,
        "found": _ratio(len(found), n),
        "outcome_accuracy": _ratio(strict, n),             # missing items count as wrong
        "outcome_accuracy_found": _ratio(strict, len(found)),
        "outcome_accuracy_lenient": _ratio(lenient, n),    # also accepts outcome_also (mixed items)
        "votes_n": len(with_votes),
        "votes_exact": _ratio(vote_ok, len(with_votes)),
        "votes_exact_with_point": _ratio(vote_ok_pt, len(with_votes)),
        "votes_spurious_rate": _ratio(spurious_votes, len(no_votes)),
        "vote_counts_n": len(counted),
        "vote_counts_exact": _ratio(counts_ok, len(counted)),
        "recommended_to_n": len(rec),
        "recommended_to_accuracy": _ratio(rec_ok, len(rec)),
        "confusion": {f"{a}->{b}": c for (a, b), c in sorted(confusion.items(), key=lambda x: -x[1])},
    }


# --------------------------------------------------------------- promises
def _same_sentence(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a == b or (len(a) > 20 and a in b) or (len(b) > 20 and b in a):
        return True
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / max(1, min(len(ta), len(tb))) >= 0.8 and min(len(ta), len(tb)) >= 4


def score_promises(labels: list, predictions: list) -> dict:
    by_item = collections.defaultdict(list)
    for p in predictions:
        if p.get("is_promise", True):
            by_item[_key(p)].append(p.get("sentence", ""))
    tp = fp = fn = tn = 0
    fp_kind = collections.Counter()
    kind_n = collections.Counter(l["kind"] for l in labels)
    for l in labels:
        hit = any(_same_sentence(l["sentence"], s) for s in by_item.get(_key(l), ()))
        if l["is_promise"]:
            tp += hit; fn += not hit
        else:
            fp += hit; tn += not hit
            if hit:
                fp_kind[l["kind"]] += 1
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = None if not precision or not recall else 2 * precision * recall / (precision + recall)
    return {
        "n": len(labels), "positives": tp + fn, "negatives": fp + tn,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": precision, "recall": recall, "f1": f1,
        "false_positive_rate_by_kind": {k: _ratio(fp_kind[k], kind_n[k]) for k in KINDS[1:] if kind_n[k]},
    }


# --------------------------------------------------------------- taken-up
def score_takenup(labels: list, predictions: list, promises: list | None = None) -> dict:
    """promises: the promises list of the same part (needed only when predictions
    identify promises by file/item/sentence instead of promise_ref)."""
    by_ref = {}
    for p in predictions:
        if "promise_ref" in p:
            by_ref[int(p["promise_ref"])] = p
        elif promises is not None:
            for i, l in enumerate(promises):
                if _key(l) == _key(p) and _same_sentence(l["sentence"], p.get("sentence", "")):
                    by_ref.setdefault(i, p)
    linked = [l for l in labels if l["taken_up"]]
    nothing = [l for l in labels if not l["taken_up"]]
    meet_ok = item_ok = 0
    for l in linked:
        p = by_ref.get(l["promise_ref"])
        t = (p or {}).get("taken_up")
        if t and t.get("file") == l["taken_up"]["file"]:
            meet_ok += 1
            item_ok += str(t.get("item_number")) == str(l["taken_up"]["item_number"])
    none_ok = sum(l["promise_ref"] in by_ref and not by_ref[l["promise_ref"]].get("taken_up") for l in nothing)
    return {
        "n": len(labels), "linked_n": len(linked), "nothing_since_n": len(nothing),
        "first_link_accuracy": _ratio(item_ok, len(linked)),           # same meeting file and item
        "first_link_meeting_accuracy": _ratio(meet_ok, len(linked)),   # same meeting file
        "nothing_since_accuracy": _ratio(none_ok, len(nothing)),       # predicted None (and answered)
    }


# --------------------------------------------------------------- stats
def stats(part: str) -> dict:
    d = load(part)
    dec, pro, tku = d["decisions"], d["promises"], d["takenup"]
    return {
        "decisions": len(dec),
        "decision_outcomes": dict(collections.Counter(x["outcome"] for x in dec).most_common()),
        "decisions_mixed (outcome_also)": sum(bool(x.get("outcome_also")) for x in dec),
        "decisions_with_votes": sum(bool(x["votes"]) for x in dec),
        "decisions_with_vote_counts": sum(x["votes_for"] is not None for x in dec),
        "decisions_with_remarks": sum(bool(x["remarks"]) for x in dec),
        "decisions_recommended_to": dict(collections.Counter(x["recommended_to"] for x in dec if x["recommended_to"])),
        "decisions_by_body": dict(collections.Counter(x["body"] for x in dec).most_common()),
        "promise_sentences": len(pro),
        "promise_kinds": dict(collections.Counter(x["kind"] for x in pro).most_common()),
        "promises_by_section": dict(collections.Counter(x["section"] for x in pro if x["is_promise"]).most_common()),
        "promises_with_deadline": sum(bool(x["deadline"]) for x in pro if x["is_promise"]),
        "takenup": len(tku),
        "takenup_linked": sum(bool(x["taken_up"]) for x in tku),
        "takenup_nothing_since": sum(not x["taken_up"] for x in tku),
        "takenup_same_case_number": sum(bool(x.get("same_case_number")) for x in tku),
    }


def _selfcheck(part: str) -> None:
    """Labels scored against themselves must be perfect."""
    d = load(part)
    s = score_decisions(d["decisions"], d["decisions"])
    assert s["found"] == 1 and s["outcome_accuracy"] == 1 and s["votes_exact"] in (1, None), s
    p = score_promises(d["promises"], [x for x in d["promises"] if x["is_promise"]])
    assert p["recall"] == 1 and p["precision"] == 1, p
    t = score_takenup(d["takenup"], d["takenup"])
    assert t["first_link_accuracy"] == 1 and t["nothing_since_accuracy"] == 1, t
    old = {(_key(x), _norm(x["sentence"])) for x in d["promises"]}
    files = set(load_split()[part])
    for batch in FRESH_BATCHES:
        fresh = load_fresh(part, batch)
        if not fresh:
            continue
        assert all(set(x) == set(d["promises"][0]) for x in fresh), "fresh labels must have the promise labels' fields"
        assert all(x["kind"] in KINDS and x["is_promise"] == (x["kind"] == "promise") for x in fresh)
        assert all(x["file"] in files for x in fresh), f"a fresh {part} label names a file outside the {part} part"
        assert all(bool(x["what"]) == x["is_promise"] for x in fresh), "a promise says what, a look-alike does not"
        assert all(x["is_promise"] or (x["who"] is None and x["deadline"] is None) for x in fresh)
        mine = {(_key(x), _norm(x["sentence"])) for x in fresh}
        assert not mine & old, "a fresh label repeats an older one"
        old |= mine
        p = score_promises(fresh, [x for x in fresh if x["is_promise"]])
        assert p["recall"] == 1 and p["precision"] == 1, p


if __name__ == "__main__":
    for part in PARTS:
        _selfcheck(part)
        print(f"== {part}")
        for k, v in stats(part).items():
            print(f"  {k}: {v}")
        for batch in FRESH_BATCHES:
            fresh = load_fresh(part, batch)
            if fresh:
                print(f"  fresh promise sentences (batch {batch}): {len(fresh)}, kinds "
                      f"{dict(collections.Counter(x['kind'] for x in fresh).most_common())}, "
                      f"promises with a deadline {sum(bool(x['deadline']) for x in fresh if x['is_promise'])}")
