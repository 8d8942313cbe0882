"""Adapting the embedding model to an archive: the archive's own pairs in, a fine-tuned
sentence-transformers directory out, with a report on pairs it never trained on.

In:  an index (its searchable paragraphs and the model it was built with); `archive_pairs`
     turns paragraphs into `Pair`s (an agenda item's title -> a paragraph of the item's text;
     a section heading -> a paragraph under it where no item is named).
Out: `adapt(index_dir, out_dir)` -> `AdaptReport`; `out_dir` holds the adapted model (float32
     safetensors, the E5 prompts, build-info.json naming the model it was adapted from) and
     adapt-report.json. `python -m indexer build ARCHIVE --model OUT_DIR` builds with it, and
     the index's manifest records it like any model.

The model learns which texts answer which titles (in-batch negatives), while the original
model, kept frozen as a teacher, holds each batch's titles and passages near where it put them:
English questions only find Danish paragraphs because the two languages share the original
space, so it may move only as much as the archive's pairs need. Whether English stayed is
measured on parallel Danish/English texts it never trained on.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from indexer.embed.bundled_model import BUILD_INFO, PROMPTS
from indexer.embed.embedder import resolve_model
from indexer.errors import InvalidInput, ModelUnavailable
from indexer.ingest.read import sha256_file
from indexer.records import Paragraph
from indexer.search.reference import REFERENCE_PAIRS
from indexer.store import Store

REPORT_FILE = "adapt-report.json"
MIN_TEXT = 80  # characters: shorter paragraphs ("Godkendt.", a name list) say little about the title
# A title this many documents share is a standing item or a field name ("Meddelelser",
# "Sagsbeskrivelse"): it names no subject.
STANDING_TITLE_DOCUMENTS = 5
HELD_OUT_SHARE = 10  # one title in ten is kept out of training and scores the result
MIN_HELD_OUT = 5


@dataclass(frozen=True)
class Pair:
    """A short text and a paragraph that answers it, from the archive itself."""

    query: str  # an agenda item's title, or a section heading
    passage: str  # a paragraph of that item (or section)
    document: str


@dataclass
class SliceScore:
    """How well a model finds each held-out pair's passage among all held-out passages."""

    recall_at_1: float
    mrr_at_10: float


@dataclass
class AdaptReport:
    base_model: str
    pairs_trained: int
    pairs_held_out: int
    epochs: int
    steps: int
    device: str
    wall_s: float
    cpu_s: float
    before: SliceScore
    after: SliceScore
    # Mean cosine between the adapted and the original model's vectors of English texts it never
    # trained on: 1.0 is unchanged.
    english_kept: float
    # English texts finding their Danish translation among all of them (the floor's reference).
    english_to_danish_before: SliceScore
    english_to_danish_after: SliceScore
    # The held-out pairs gained and English moved little on the parallel texts. Necessary, not
    # sufficient: on the archives measured so far (README, "A model adapted to the archive") real
    # English questions lost far more than these figures show, so the questions decide.
    pairs_gained: bool

    def to_json(self) -> dict:
        return asdict(self)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def archive_pairs(paragraphs: list[Paragraph]) -> list[Pair]:
    """One pair per subject: its title (agenda item title, else section heading) and the first
    paragraph of its text long enough to say something; standing titles are left out and a
    title that recurs (the same case before another body) counts once."""
    first: dict[tuple[str, str], Pair] = {}
    documents_of: dict[str, set[str]] = {}
    for p in paragraphs:
        if p.is_heading or p.is_contents:
            continue
        title = (p.item_title or p.heading or "").strip()
        if len(title) < 8:
            continue
        documents_of.setdefault(_key(title), set()).add(p.document)
        subject = (p.document, p.item_number or title)
        if subject not in first and len(p.text) >= MIN_TEXT and not _key(p.text).startswith(_key(title)):
            first[subject] = Pair(query=title, passage=p.text, document=p.document)
    seen: set[str] = set()
    pairs = []
    for pair in first.values():
        key = _key(pair.query)
        if len(documents_of[key]) < STANDING_TITLE_DOCUMENTS and key not in seen:
            seen.add(key)
            pairs.append(pair)
    return pairs


def held_out(pair: Pair) -> bool:
    """The fixed tenth of titles never trained on (by hash, so a rerun keeps the same slice)."""
    return int(hashlib.sha1(_key(pair.query).encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0


def score_slice(model, pairs: list[Pair]) -> SliceScore:
    """Recall@1 and MRR@10 of each pair's query against every passage of `pairs`."""
    queries = model.encode([p.query for p in pairs], prompt=PROMPTS["query"], normalize_embeddings=True,
                           batch_size=32, convert_to_numpy=True)
    passages = model.encode([p.passage for p in pairs], prompt=PROMPTS["passage"], normalize_embeddings=True,
                            batch_size=32, convert_to_numpy=True)
    scores = queries @ passages.T
    ranks = (scores > scores[np.arange(len(pairs)), np.arange(len(pairs))][:, None]).sum(axis=1)
    return SliceScore(recall_at_1=round(float((ranks == 0).mean()), 4),
                      mrr_at_10=round(float(np.where(ranks < 10, 1.0 / (ranks + 1), 0.0).mean()), 4))


def _load_pairs(index_dir: Path) -> tuple[str, list[Pair]]:
    store = Store.open(index_dir)
    try:
        with store.reading():
            manifest = store.manifest()
            if manifest is None or not manifest.model:
                raise InvalidInput(f"{index_dir} has no built index: run python -m indexer build first")
            return manifest.model["name"], archive_pairs(store.searchable_paragraphs())
    finally:
        store.close()


def _pick_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise InvalidInput(f"--device {device}: no CUDA device here")
    return device


def adapt(index_dir: Path | str, out_dir: Path | str, **options) -> AdaptReport:
    """Fine-tune the model `index_dir` was built with on the index's own pairs; write it to
    `out_dir` (replaced) and return the report also written there. `options`: see `adapt_pairs`."""
    _check_out_dir(Path(out_dir))
    base_name, pairs = _load_pairs(Path(index_dir))
    _, base_path = resolve_model(base_name)
    if base_path is None:
        raise ModelUnavailable(f"the index's model {base_name} is not on this machine")
    return adapt_pairs(base_name, base_path, pairs, Path(out_dir), source=str(index_dir), **options)


def adapt_pairs(base_name: str, base_path: Path, pairs: list[Pair], out_dir: Path, *, source: str = "the pairs",
                epochs: int = 1, batch_size: int = 32, learning_rate: float = 2e-5, max_tokens: int = 128,
                max_pairs: int | None = None, teacher_weight: float = 1.0, device: str = "auto", seed: int = 0,
                progress: bool = True) -> AdaptReport:
    """Fine-tune the model in `base_path` on `pairs` (all but the held-out tenth) into `out_dir`."""
    import torch
    from sentence_transformers import SentenceTransformer, losses

    _check_out_dir(out_dir)
    trained = [p for p in pairs if not held_out(p)]
    kept_out = [p for p in pairs if held_out(p)]
    random.Random(seed).shuffle(trained)
    if max_pairs:
        trained = trained[:max_pairs]
    if len(trained) < batch_size or len(kept_out) < MIN_HELD_OUT:
        raise InvalidInput(f"{source} gives {len(pairs)} title/text pairs: too few to adapt the model "
                           f"(at least {batch_size + MIN_HELD_OUT * HELD_OUT_SHARE})")
    device = _pick_device(device)
    torch.manual_seed(seed)
    started, cpu_started = time.perf_counter(), time.process_time()

    student = SentenceTransformer(str(base_path), device=device, local_files_only=True)
    teacher = SentenceTransformer(str(base_path), device=device, local_files_only=True).eval()
    for model in (student, teacher):
        model.max_seq_length = max_tokens
    before = score_slice(teacher, kept_out)
    # The word embeddings hold most of the weights and every language's vocabulary: frozen, the
    # step is cheaper and English words stay where the teacher put them.
    trainable = []
    for name, parameter in student.named_parameters():
        parameter.requires_grad_("word_embeddings" not in name)
        if parameter.requires_grad:
            trainable.append(parameter)
    optimiser = torch.optim.AdamW(trainable, lr=learning_rate)
    in_batch = losses.MultipleNegativesRankingLoss(student)
    # English is measured on parallel texts it is never trained on: the relevance floor's reference
    # corpus. (Held to them as anchors, the model moved the archive away from a reference that stayed
    # put, and the floor then turned English questions away.)
    english = [en for _, en in REFERENCE_PAIRS]
    parallel = [Pair(query=en, passage=da, document="reference") for da, en in REFERENCE_PAIRS]
    parallel_before = score_slice(teacher, parallel)

    def features(model, texts: list[str], prompt: str) -> dict:
        tokens = model.preprocess([prompt + t for t in texts])
        return {k: v.to(device) for k, v in tokens.items() if isinstance(v, torch.Tensor)}

    def embed(model, texts: list[str], prompt: str):
        return torch.nn.functional.normalize(model(features(model, texts, prompt))["sentence_embedding"], dim=-1)

    def drift(texts: list[str], prompt: str):
        with torch.no_grad():
            target = embed(teacher, texts, prompt)
        return (1 - (embed(student, texts, prompt) * target).sum(dim=-1)).mean()

    steps = 0
    batches = [trained[i:i + batch_size] for i in range(0, len(trained) - batch_size + 1, batch_size)]
    from tqdm import tqdm

    student.train()
    for epoch in range(epochs):
        for batch in tqdm(batches, desc=f"adapting, epoch {epoch + 1}/{epochs}", disable=not progress, unit="batch"):
            queries = features(student, [p.query for p in batch], PROMPTS["query"])
            passages = features(student, [p.passage for p in batch], PROMPTS["passage"])
            # the teacher holds titles and passages near where they were: the shared space of
            # all languages moves only as much as these pairs need
            loss = in_batch([queries, passages], None) + teacher_weight * (
                drift([p.query for p in batch[:8]], PROMPTS["query"])
                + drift([p.passage for p in batch[:8]], PROMPTS["passage"]))
            loss.backward()
            optimiser.step()
            optimiser.zero_grad()
            steps += 1
    student.eval()
    after = score_slice(student, kept_out)
    with torch.no_grad():
        english_kept = float((embed(student, english, PROMPTS["query"])
                              * embed(teacher, english, PROMPTS["query"])).sum(dim=-1).mean())
    parallel_after = score_slice(student, parallel)
    report = AdaptReport(
        base_model=base_name, pairs_trained=len(trained), pairs_held_out=len(kept_out), epochs=epochs,
        steps=steps, device=device, wall_s=round(time.perf_counter() - started, 1),
        cpu_s=round(time.process_time() - cpu_started, 1), before=before, after=after,
        english_kept=round(english_kept, 4), english_to_danish_before=parallel_before,
        english_to_danish_after=parallel_after,
        pairs_gained=after.mrr_at_10 > before.mrr_at_10 and english_kept >= 0.95
        and parallel_after.mrr_at_10 >= parallel_before.mrr_at_10 - 0.01)
    _save(student, base_path, out_dir, report)
    return report


def _check_out_dir(out_dir: Path) -> None:
    """Only an empty directory or an earlier adapted model is replaced: a mistyped --out never
    costs an archive or an index."""
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / REPORT_FILE).is_file())):
        raise InvalidInput(f"{out_dir} exists and is not an adapted model: choose another --out")


def _save(student, base_path: Path, out_dir: Path, report: AdaptReport) -> None:
    """Write the model and its report beside `out_dir`, then move it into place; build-info.json
    marks it complete (it is then used like the bundled model, ONNX backend included)."""
    import os
    import shutil
    import tempfile

    _check_out_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        student.save(str(tmp))
        base_info = base_path / BUILD_INFO
        info = json.loads(base_info.read_text(encoding="utf-8")) if base_info.is_file() else {}
        (tmp / REPORT_FILE).write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")
        info.update({"adapted_from": report.base_model, "weights_sha256": sha256_file(tmp / "model.safetensors")})
        (tmp / BUILD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
