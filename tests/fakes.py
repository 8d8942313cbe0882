"""A stand-in embedder for tests of the build's bookkeeping (not of retrieval quality):
deterministic unit vectors from each text's hash, no model loaded."""
from __future__ import annotations

import hashlib

import numpy as np

from indexer.embed.embedder import ModelIdentity

DIMENSION = 16


def hashed_vector(text: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    vector = np.random.default_rng(seed).standard_normal(DIMENSION).astype(np.float32)
    return vector / np.linalg.norm(vector)


class HashEmbedder:
    """Embeds by hashing; counts what it embedded."""

    identity = ModelIdentity(name="test/hash-embedder", weights_sha256="0" * 64, dimension=DIMENSION,
                             normalized=True)
    dimension = DIMENSION

    def __init__(self) -> None:
        self.passages = 0

    def embed_passages(self, texts, **_options) -> np.ndarray:
        self.passages += len(texts)
        return np.stack([hashed_vector(t) for t in texts]) if len(texts) else np.zeros((0, DIMENSION), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return hashed_vector(text)

    def embed_queries(self, texts) -> np.ndarray:
        return np.stack([hashed_vector(t) for t in texts])
