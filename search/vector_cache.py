"""Computed text vectors kept by key, so a rebuild re-embeds only the texts that changed."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from psycopg import sql
from psycopg_pool import ConnectionPool

from search.embedding import Embedder, text_key

_CHUNK = 500  # keys per SELECT: well under SQLite's limit on bound parameters


class VectorCache(Protocol):
    """Vectors by key (see `embedding.text_key`); a key's vector never changes once stored.

    `get_many` returns the vectors it holds for the keys asked, leaving out unknown keys; stored
    adapters give them back at float32 precision. `put_many` is idempotent: a key put again (by
    this process or by another at the same moment) keeps the one row it has.
    """

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]: ...

    def put_many(self, vectors: Mapping[str, list[float]]) -> None: ...


def _pack(vector: Sequence[float]) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def _unpack(blob: bytes) -> list[float]:
    floats: list[float] = np.frombuffer(blob, dtype="<f4").astype(np.float64).tolist()
    return floats


def _chunks(keys: Sequence[str]) -> Iterator[list[str]]:
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


class InMemoryVectorCache:
    """A dict behind a lock, for unit tests and for a process that keeps nothing."""

    def __init__(self) -> None:
        self._vectors: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]:
        with self._lock:
            return {k: list(self._vectors[k]) for k in keys if k in self._vectors}

    def put_many(self, vectors: Mapping[str, list[float]]) -> None:
        with self._lock:
            for key, vector in vectors.items():
                self._vectors.setdefault(key, list(vector))


class SqliteVectorCache:
    """One SQLite file in WAL mode; one connection shared by this process's threads under a lock."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 10000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"
            " WITHOUT ROWID"
        )

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        with self._lock:
            for chunk in _chunks(keys):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
                )
                found.update((key, _unpack(blob)) for key, blob in rows)
        return found

    def put_many(self, vectors: Mapping[str, list[float]]) -> None:
        rows = [(key, _pack(vector)) for key, vector in vectors.items()]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT INTO vectors (key, vector) VALUES (?, ?) ON CONFLICT DO NOTHING", rows
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()


class PostgresVectorCache:
    """One PostgreSQL table (key text, vector bytea) reached through a small connection pool."""

    def __init__(self, conninfo: str, table: str = "signpost_vectors", max_connections: int = 2):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", table):
            raise ValueError(f"not a plain table name: {table!r}")
        self._table = sql.Identifier(table)
        self._pool = ConnectionPool(
            conninfo, min_size=1, max_size=max_connections, kwargs={"autocommit": True}, open=True
        )
        create = sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (key text PRIMARY KEY, vector bytea NOT NULL)"
        ).format(self._table)
        with self._pool.connection() as conn, conn.transaction():
            # Two processes creating the same table at once can collide in the catalogue.
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [table])
            conn.execute(create)

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        query = sql.SQL("SELECT key, vector FROM {} WHERE key = ANY(%s)").format(self._table)
        with self._pool.connection() as conn:
            for chunk in _chunks(keys):
                rows = conn.execute(query, [chunk]).fetchall()
                found.update((key, _unpack(blob)) for key, blob in rows)
        return found

    def put_many(self, vectors: Mapping[str, list[float]]) -> None:
        if not vectors:
            return
        insert = sql.SQL(
            "INSERT INTO {} (key, vector) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING"
        ).format(self._table)
        rows = [(key, _pack(vector)) for key, vector in vectors.items()]
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(insert, rows)

    def close(self) -> None:
        self._pool.close()


class CachedEmbedder:
    """An Embedder that computes each distinct document text once and keeps it in a VectorCache.

    `computed` counts distinct texts sent to the model, `reused` distinct texts found in the cache.
    Queries skip the cache and go to the model, remembered only in a small in-memory LRU.
    """

    def __init__(
        self,
        embedder: Embedder,
        cache: VectorCache,
        batch_size: int = 256,
        queries_remembered: int = 256,
    ) -> None:
        self.model_id = embedder.model_id
        self.dimensions = embedder.dimensions
        self.computed = 0
        self.reused = 0
        self._embedder = embedder
        self._cache = cache
        self._batch_size = batch_size
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._queries_remembered = queries_remembered
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        keys = [text_key(self.model_id, text) for text in texts]
        vectors = self._cache.get_many(keys)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in vectors}
        with self._lock:
            self.reused += len(set(keys)) - len(missing)
            self.computed += len(missing)
        pending = list(missing.items())
        for start in range(0, len(pending), self._batch_size):
            batch = pending[start : start + self._batch_size]
            fresh = self._embedder.embed([text for _, text in batch])
            computed = {key: vector for (key, _), vector in zip(batch, fresh, strict=True)}
            self._cache.put_many(computed)
            vectors.update(computed)
        return [list(vectors[key]) for key in keys]

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return list(self._queries[text])
        vector = self._embedder.embed_query(text)
        with self._lock:
            self._queries[text] = vector
            if len(self._queries) > self._queries_remembered:
                self._queries.popitem(last=False)
        return list(vector)
