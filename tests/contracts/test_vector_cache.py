"""One contract for the vector cache port, run against memory, SQLite and real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from search.embedding import text_key
from search.vector_cache import (
    InMemoryVectorCache,
    PostgresVectorCache,
    SqliteVectorCache,
    VectorCache,
)

CONNINFO = "host=127.0.0.1 port=5432 dbname=test user=postgres"
A = text_key("m", "a food bank")
B = text_key("m", "a parenting course")
VA = [0.6, 0.8, 0.0]
VB = [0.0, -0.28, 0.96]


class VectorCacheContract:
    @pytest.fixture
    def cache(self) -> Iterator[VectorCache]:
        raise NotImplementedError

    @pytest.fixture
    def other(self, cache: VectorCache) -> VectorCache:
        """A second handle on the same store, as another process would hold."""
        return cache

    def test_an_empty_cache_knows_no_key(self, cache: VectorCache) -> None:
        assert cache.get_many([A, B]) == {}
        assert cache.get_many([]) == {}

    def test_a_vector_put_comes_back_by_its_key(self, cache: VectorCache) -> None:
        cache.put_many({A: VA, B: VB})
        found = cache.get_many([B, A])
        assert found.keys() == {A, B}
        assert found[A] == pytest.approx(VA, abs=1e-6)
        assert found[B] == pytest.approx(VB, abs=1e-6)

    def test_only_known_keys_are_returned(self, cache: VectorCache) -> None:
        cache.put_many({A: VA})
        assert cache.get_many([A, B]).keys() == {A}

    def test_a_key_put_twice_keeps_its_first_vector(
        self, cache: VectorCache, other: VectorCache
    ) -> None:
        cache.put_many({A: VA})
        other.put_many({A: VB, B: VB})
        cache.put_many({})
        assert cache.get_many([A])[A] == pytest.approx(VA, abs=1e-6)
        assert other.get_many([A, B]).keys() == {A, B}

    def test_many_keys_at_once(self, cache: VectorCache) -> None:
        vectors = {text_key("m", str(i)): [float(i), 1.0] for i in range(1200)}
        cache.put_many(vectors)
        found = cache.get_many([*vectors, *vectors])
        assert found.keys() == vectors.keys()
        assert found[text_key("m", "1199")] == [1199.0, 1.0]

    def test_puts_of_the_same_keys_from_several_threads_at_once(
        self, cache: VectorCache, other: VectorCache
    ) -> None:
        vectors = {text_key("m", str(i)): [float(i), 0.5] for i in range(100)}
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda c: c.put_many(vectors), [cache, other] * 4))
        assert cache.get_many(list(vectors)) == vectors


class TestInMemoryVectorCache(VectorCacheContract):
    @pytest.fixture
    def cache(self) -> Iterator[VectorCache]:
        yield InMemoryVectorCache()


class TestSqliteVectorCache(VectorCacheContract):
    @pytest.fixture
    def cache(self, tmp_path: Path) -> Iterator[VectorCache]:
        cache = SqliteVectorCache(tmp_path / "cache" / "vectors.sqlite")
        yield cache
        cache.close()

    @pytest.fixture
    def other(self, tmp_path: Path) -> Iterator[VectorCache]:
        other = SqliteVectorCache(tmp_path / "cache" / "vectors.sqlite")
        yield other
        other.close()

    def test_vectors_outlive_the_connection(self, tmp_path: Path) -> None:
        first = SqliteVectorCache(tmp_path / "v.sqlite")
        first.put_many({A: VA})
        first.close()
        second = SqliteVectorCache(tmp_path / "v.sqlite")
        assert second.get_many([A])[A] == pytest.approx(VA, abs=1e-6)
        second.close()


@pytest.fixture(scope="module")
def pg_table() -> Iterator[str]:
    table = f"signpost_vectors_test_{uuid4().hex[:10]}"
    yield table
    with psycopg.connect(CONNINFO, autocommit=True) as conn:
        conn.execute(f'DROP TABLE IF EXISTS "{table}"')


@pytest.mark.integration
class TestPostgresVectorCache(VectorCacheContract):
    @pytest.fixture
    def cache(self, pg_table: str) -> Iterator[VectorCache]:
        cache = PostgresVectorCache(CONNINFO, table=pg_table)
        yield cache
        cache.close()
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f'TRUNCATE "{pg_table}"')

    @pytest.fixture
    def other(self, pg_table: str) -> Iterator[VectorCache]:
        other = PostgresVectorCache(CONNINFO, table=pg_table)
        yield other
        other.close()

    def test_a_table_name_that_is_not_plain_is_refused(self) -> None:
        with pytest.raises(ValueError, match="table name"):
            PostgresVectorCache(CONNINFO, table='vectors"; DROP TABLE x; --')
