"""The cached embedder sends the model only the texts no cache holds yet, each once."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from search.embedding import HashingEmbedder, text_key
from search.vector_cache import CachedEmbedder, InMemoryVectorCache


class CountingEmbedder(HashingEmbedder):
    """The hashing fake, remembering every batch it was asked to embed."""

    def __init__(self) -> None:
        super().__init__(dimensions=16)
        self.batches: list[list[str]] = []
        self.queries: list[str] = []

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        return super().embed(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return super().embed([text])[0]


@pytest.fixture
def model() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def cache() -> InMemoryVectorCache:
    return InMemoryVectorCache()


def test_texts_are_computed_once_and_then_reused(
    model: CountingEmbedder, cache: InMemoryVectorCache
) -> None:
    cached = CachedEmbedder(model, cache)
    first = cached.embed(["food bank", "toddler group"])
    assert (cached.computed, cached.reused) == (2, 0)

    again = cached.embed(["toddler group", "food bank"])
    assert again == [first[1], first[0]]
    assert model.batches == [["food bank", "toddler group"]]
    assert (cached.computed, cached.reused) == (2, 2)


def test_only_the_missing_texts_go_to_the_model(
    model: CountingEmbedder, cache: InMemoryVectorCache
) -> None:
    cache.put_many({text_key(model.model_id, "food bank"): [1.0] + [0.0] * 15})
    cached = CachedEmbedder(model, cache)

    vectors = cached.embed(["food bank", "debt advice"])
    assert model.batches == [["debt advice"]]
    assert vectors[0] == [1.0] + [0.0] * 15
    assert vectors[1] == model.embed(["debt advice"])[0]
    assert (cached.computed, cached.reused) == (1, 1)


def test_computed_vectors_are_stored_under_the_models_key(
    model: CountingEmbedder, cache: InMemoryVectorCache
) -> None:
    (vector,) = CachedEmbedder(model, cache).embed(["debt advice"])
    assert cache.get_many([text_key(model.model_id, "debt advice")]) == {
        text_key(model.model_id, "debt advice"): vector
    }


def test_a_text_repeated_in_one_call_is_computed_once(
    model: CountingEmbedder, cache: InMemoryVectorCache
) -> None:
    cached = CachedEmbedder(model, cache)
    vectors = cached.embed(["rent arrears", "", "rent arrears", ""])
    assert model.batches == [["rent arrears", ""]]
    assert vectors[0] == vectors[2]
    assert vectors[1] == vectors[3]
    assert (cached.computed, cached.reused) == (2, 0)


def test_missing_texts_go_to_the_model_in_batches(
    model: CountingEmbedder, cache: InMemoryVectorCache
) -> None:
    cached = CachedEmbedder(model, cache, batch_size=2)
    texts = [f"service {i}" for i in range(5)]
    assert cached.embed(texts) == model.embed(texts)
    assert [len(batch) for batch in model.batches[:-1]] == [2, 2, 1]


def test_a_repeated_query_is_answered_from_memory_without_the_cache(
    model: CountingEmbedder, cache: InMemoryVectorCache
) -> None:
    cached = CachedEmbedder(model, cache, queries_remembered=1)
    first = cached.embed_query("autism support")
    assert cached.embed_query("autism support") == first
    cached.embed_query("speech therapy")
    cached.embed_query("autism support")
    assert model.queries == ["autism support", "speech therapy", "autism support"]
    assert cache.get_many([text_key(model.model_id, "autism support")]) == {}
    assert (cached.computed, cached.reused) == (0, 0)


def test_the_cached_embedder_answers_for_the_model_it_wraps(model: CountingEmbedder) -> None:
    cached = CachedEmbedder(model, InMemoryVectorCache())
    assert (cached.model_id, cached.dimensions) == (model.model_id, model.dimensions)
