"""One contract for the embedder port, run against the hashing fake, the cache and the model."""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from search.embedding import (
    TOKENIZER_PATH,
    TURNED_OFF,
    Embedder,
    HashingEmbedder,
    MiniLMEmbedder,
    ModelUnavailableError,
    default_model_path,
    load_embedder,
)
from search.vector_cache import CachedEmbedder, InMemoryVectorCache

TEXTS = [
    "Free counselling for parents of teenagers",
    "Food bank open on Tuesday mornings",
    "Swimming lessons for toddlers",
    "",
]


def dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


class EmbedderContract:
    @pytest.fixture
    def embedder(self) -> Iterator[Embedder]:
        raise NotImplementedError

    def test_every_vector_has_the_declared_dimensions(self, embedder: Embedder) -> None:
        vectors = embedder.embed(TEXTS)
        assert [len(v) for v in vectors] == [embedder.dimensions] * len(TEXTS)
        assert len(embedder.embed_query("parenting course")) == embedder.dimensions

    def test_vectors_are_unit_length(self, embedder: Embedder) -> None:
        for vector in [*embedder.embed(TEXTS), embedder.embed_query("a food bank")]:
            assert math.sqrt(dot(vector, vector)) == pytest.approx(1.0, abs=1e-5)

    def test_the_same_text_always_gives_the_same_vector(self, embedder: Embedder) -> None:
        first = embedder.embed(TEXTS)
        assert embedder.embed(TEXTS) == first
        assert embedder.embed_query(TEXTS[0]) == pytest.approx(first[0], abs=1e-6)

    def test_a_batch_keeps_the_order_of_its_texts(self, embedder: Embedder) -> None:
        texts = [*TEXTS, "Speech and language therapy drop-in for under-fives " * 8]
        batch = embedder.embed(texts)
        one_by_one = [embedder.embed_query(text) for text in texts]
        for together, alone in zip(batch, one_by_one, strict=True):
            assert together == pytest.approx(alone, abs=1e-5)
        assert embedder.embed(list(reversed(texts))) == list(reversed(batch))

    def test_a_paraphrase_sharing_key_words_is_closer_than_an_unrelated_text(
        self, embedder: Embedder
    ) -> None:
        text, paraphrase, unrelated = embedder.embed(
            [
                "free counselling for parents",
                "counselling sessions for parents at no cost",
                "football coaching for teenagers",
            ]
        )
        assert dot(text, paraphrase) > dot(text, unrelated)

    def test_a_blank_text_still_gets_a_unit_vector(self, embedder: Embedder) -> None:
        for vector in [*embedder.embed(["", "   "]), embedder.embed_query("")]:
            assert len(vector) == embedder.dimensions
            assert math.sqrt(dot(vector, vector)) == pytest.approx(1.0, abs=1e-5)

    def test_no_texts_give_no_vectors(self, embedder: Embedder) -> None:
        assert embedder.embed([]) == []

    def test_queries_from_several_threads_get_the_vectors_one_thread_gets(
        self, embedder: Embedder
    ) -> None:
        queries = [f"help with {topic}" for topic in ("rent", "debt", "asthma", "school", "grief")]
        alone = [embedder.embed_query(q) for q in queries]
        with ThreadPoolExecutor(max_workers=4) as pool:
            together = list(pool.map(embedder.embed_query, queries * 4))
        for got, expected in zip(together, alone * 4, strict=True):
            assert got == pytest.approx(expected, abs=1e-6)


class TestHashingEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Iterator[Embedder]:
        yield HashingEmbedder()


class TestCachedEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Iterator[Embedder]:
        yield CachedEmbedder(HashingEmbedder(dimensions=32), InMemoryVectorCache())


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


class TestMiniLMEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self, minilm: MiniLMEmbedder) -> Iterator[Embedder]:
        yield minilm

    def test_a_related_meaning_without_shared_words_is_closer_than_an_unrelated_one(
        self, minilm: MiniLMEmbedder
    ) -> None:
        # The model gives about 0.35 for the related pair and about 0.0 for the unrelated one.
        need, service, unrelated = minilm.embed(
            [
                "my partner hits me",
                "support for people experiencing domestic abuse",
                "swimming lessons for toddlers",
            ]
        )
        assert dot(need, service) > dot(need, unrelated) + 0.2

    def test_a_text_longer_than_the_model_reads_is_cut_not_refused(
        self, minilm: MiniLMEmbedder
    ) -> None:
        long = "Family support worker visits at home every week. " * 200
        (vector,) = minilm.embed([long])
        assert vector == pytest.approx(minilm.embed_query(long[:2000]), abs=1e-5)

    def test_a_model_file_that_differs_is_refused_naming_the_file(self, tmp_path: Path) -> None:
        tampered = tmp_path / "model.onnx"
        shutil.copyfile(default_model_path(), tampered)
        with tampered.open("r+b") as file:
            file.seek(1000)
            byte = file.read(1)
            file.seek(1000)
            file.write(bytes([byte[0] ^ 0xFF]))

        with pytest.raises(ModelUnavailableError, match=r"model\.onnx") as caught:
            MiniLMEmbedder(model_path=tampered)
        assert str(tampered) in str(caught.value)
        assert "expected 8199be6f" in str(caught.value)

    def test_a_tokenizer_that_differs_is_refused_naming_the_file(self) -> None:
        with pytest.raises(ModelUnavailableError, match=r"tokenizer\.json"):
            MiniLMEmbedder(tokenizer_sha256="0" * 64)

    def test_a_missing_model_file_is_reported_not_raised_raw(self, tmp_path: Path) -> None:
        with pytest.raises(ModelUnavailableError, match="cannot read"):
            MiniLMEmbedder(model_path=tmp_path / "nowhere.onnx")


def test_the_model_loads_when_semantic_search_is_on() -> None:
    embedder, reason = load_embedder(enabled=True)
    assert embedder is not None
    assert embedder.dimensions == 384
    assert "all-MiniLM-L6-v2-int8" in reason


def test_turned_off_semantic_search_loads_nothing_and_says_why() -> None:
    assert load_embedder(enabled=False) == (None, TURNED_OFF)
    assert "SIGNPOST_SEMANTIC_SEARCH=0" in TURNED_OFF


def test_the_tokenizer_ships_with_the_package() -> None:
    assert TOKENIZER_PATH.is_file()
