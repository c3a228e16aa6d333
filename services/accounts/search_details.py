"""Where a saved search's query is kept: outside the event log, so forgetting it deletes it.

Events are never rewritten, so anything a family could be recognised by (a postcode district,
a child's age) must not be in one. An account's events name a saved search by a random
reference; the query itself is a row here, and "Forget" deletes the row."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol
from uuid import UUID

from psycopg import sql
from psycopg_pool import ConnectionPool


class SearchDetails(Protocol):
    """Saved searches' queries by reference. `put` replaces; `delete` leaves nothing behind
    that `get_many` (or a look at the store's pages) could return; unknown references are
    left out of `get_many`'s answer."""

    def put(self, ref: UUID, query: str) -> None: ...

    def get_many(self, refs: Iterable[UUID]) -> dict[UUID, str]: ...

    def delete(self, ref: UUID) -> None: ...


class InMemorySearchDetails:
    def __init__(self) -> None:
        self._rows: dict[UUID, str] = {}

    def put(self, ref: UUID, query: str) -> None:
        self._rows[ref] = query

    def get_many(self, refs: Iterable[UUID]) -> dict[UUID, str]:
        return {r: self._rows[r] for r in refs if r in self._rows}

    def delete(self, ref: UUID) -> None:
        self._rows.pop(ref, None)


class SqliteSearchDetails:
    """One SQLite file; secure_delete overwrites a deleted row's bytes on disk."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA secure_delete = ON")
            self._db.execute("PRAGMA busy_timeout = 10000")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS search_details (ref TEXT PRIMARY KEY, query TEXT)"
            )

    def put(self, ref: UUID, query: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO search_details (ref, query) VALUES (?, ?)",
                (str(ref), query),
            )

    def get_many(self, refs: Iterable[UUID]) -> dict[UUID, str]:
        wanted = [str(r) for r in refs]
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        with self._lock:
            rows = self._db.execute(
                f"SELECT ref, query FROM search_details WHERE ref IN ({marks})", wanted
            ).fetchall()
        return {UUID(ref): query for ref, query in rows}

    def delete(self, ref: UUID) -> None:
        with self._lock:
            self._db.execute("DELETE FROM search_details WHERE ref = ?", (str(ref),))


class PostgresSearchDetails:
    """One PostgreSQL table. A deleted row is gone for every reader at once; its bytes stay in
    the table's pages until autovacuum reuses them."""

    def __init__(self, conninfo: str, table: str = "signpost_search_details") -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", table):
            raise ValueError(f"not a plain table name: {table!r}")
        self._table = sql.Identifier(table)
        self._pool = ConnectionPool(
            conninfo, min_size=0, max_size=2, kwargs={"autocommit": True}, open=True
        )
        create = sql.SQL("CREATE TABLE IF NOT EXISTS {} (ref uuid PRIMARY KEY, query text)")
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [table])
            conn.execute(create.format(self._table))

    def put(self, ref: UUID, query: str) -> None:
        upsert = sql.SQL(
            "INSERT INTO {} (ref, query) VALUES (%s, %s)"
            " ON CONFLICT (ref) DO UPDATE SET query = EXCLUDED.query"
        ).format(self._table)
        with self._pool.connection() as conn:
            conn.execute(upsert, [ref, query])

    def get_many(self, refs: Iterable[UUID]) -> dict[UUID, str]:
        wanted = list(refs)
        if not wanted:
            return {}
        select = sql.SQL("SELECT ref, query FROM {} WHERE ref = ANY(%s)").format(self._table)
        with self._pool.connection() as conn:
            rows = conn.execute(select, [wanted]).fetchall()
        return {UUID(str(ref)): query for ref, query in rows}

    def delete(self, ref: UUID) -> None:
        with self._pool.connection() as conn:
            conn.execute(sql.SQL("DELETE FROM {} WHERE ref = %s").format(self._table), [ref])
