"""The Greve benchmark never lists a held-out error: not of the held-out labels, not of the held-out
part's fresh promise labels (benchmarks/data/greve/promises-heldout-fresh.jsonl), with or without
`--show`; the fresh held-out batch gets a summary row of its own. No held-out text is quoted here, and
a failure reports counts only."""
from __future__ import annotations

from pathlib import Path

from benchmarks import bench_decisions, greve_labels


def _fake_extract(root, files):
    """Every labelled look-alike of both parts "extracted" as a promise and no real promise: every
    label becomes an error (a false alarm or a miss) that `--show` could list."""
    labels = []
    for part in ("tuning", "heldout"):
        labels += greve_labels.load(part)["promises"]
        for batch in greve_labels.FRESH_BATCHES:
            labels += greve_labels.load_fresh(part, batch)
    wanted = set(files)
    promises = [{"file": lab["file"], "item_number": lab["item_number"], "sentence": lab["sentence"],
                 "who": None, "deadline": None}
                for lab in labels if not lab["is_promise"] and lab["file"] in wanted]
    return [], promises


def _tuning_text() -> str:
    tuning = greve_labels.load("tuning")
    labels = tuning["promises"]
    for batch in greve_labels.FRESH_BATCHES:
        labels += greve_labels.load_fresh("tuning", batch)
    return "\n".join([lab["sentence"] for lab in labels]
                     + [lab["decision_text"].replace("\n", " / ") for lab in tuning["decisions"]])


def _leaks(text: str, labels: list[dict], tuning: str = "") -> int:
    """Labels whose opening words are in the text, leaving out the few that open a tuning sentence or
    stand in a tuning decision as well (boilerplate that the tuning errors may quote)."""
    return sum(lab["sentence"][:60] in text and lab["sentence"][:60] not in tuning
               for lab in labels if len(lab["sentence"]) >= 25)


def test_show_lists_no_held_out_fresh_sentence(monkeypatch, tmp_path: Path):
    fresh = greve_labels.load_fresh("heldout")
    assert fresh, "the held-out part's fresh promise labels are missing"
    monkeypatch.setattr(bench_decisions, "greve_root", lambda: tmp_path)
    monkeypatch.setattr(bench_decisions, "greve_extract", _fake_extract)
    tuning = _tuning_text()
    for show in (False, True):
        text, figures = bench_decisions.greve_report(("tuning", "held-out"), show=show)
        assert "| held-out (fresh promise labels) |" in text
        f = figures["held-out (fresh)"]["promises"]
        assert (f["positives"], f["negatives"]) == (sum(x["is_promise"] for x in fresh),
                                                     sum(not x["is_promise"] for x in fresh))
        assert f["fp"] > 0 and f["fn"] > 0  # false alarms and misses there were to list
        leaked = _leaks(text, fresh, tuning) + _leaks(text, greve_labels.load("heldout")["promises"], tuning)
        assert leaked == 0, f"{leaked} held-out sentences listed (show={show})"
        assert sum("/2024-" in line for line in text.splitlines()) == 0  # no error line names a 2024 meeting
    # the tuning errors are still listed with --show
    assert _leaks(text, greve_labels.load_fresh("tuning")) > 0
