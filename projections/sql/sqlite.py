"""Read-model tables in SQLite: a file per read model (WAL: readers never wait for the writer)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from projections.sql.port import FRESH, ColumnType, Cursor, Table, TableStore
from projections.sql.values import Value


class _Connections:
    """One connection per thread on a file (`:memory:`: one connection, shared under a lock),
    and one lock so this process's writers take turns before asking SQLite."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.memory = path == ":memory:"
        self.write_lock = threading.RLock()
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._shared = self._connect() if self.memory else None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 10000")
        if not self.memory:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        self._all.append(db)
        return db

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        if self._shared is not None:
            with self.write_lock:
                yield self._shared
            return
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        yield db

    def close(self) -> None:
        for db in self._all:
            db.close()
        self._all.clear()


class SqliteTableStore(TableStore):
    """A read model's tables in one SQLite file (or `:memory:`, for tests)."""

    types: ClassVar[dict[ColumnType, str]] = {"text": "TEXT", "int": "INTEGER", "real": "REAL"}

    def __init__(
        self,
        path: Path | str,
        name: str,
        tables: Sequence[Table],
        *,
        suffix: str = "",
        connections: _Connections | None = None,
    ) -> None:
        super().__init__(name, tables, suffix=suffix)
        if connections is None:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            connections = _Connections(str(path))
        self.path = str(path)
        self._connections = connections

    @contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        with self._connections.write_lock, self._connections.reading() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db.cursor()
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _select(self, sql: str, params: Sequence[Value]) -> list[tuple[Any, ...]]:
        with self._connections.reading() as db:
            return db.execute(sql, params).fetchall()

    def _qualified(self, bare: str) -> str:
        return f'"{bare}"'

    def fresh(self) -> SqliteTableStore:
        fresh = SqliteTableStore(
            self.path,
            self.name,
            list(self.tables.values()),
            suffix=FRESH,
            connections=self._connections,
        )
        fresh._reset()
        return fresh

    def close(self) -> None:
        if not self.suffix:  # a fresh store shares the live one's connections
            self._connections.close()
