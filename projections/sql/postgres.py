"""Read-model tables in PostgreSQL, beside the events (in their schema), on a shared pool."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

from psycopg_pool import ConnectionPool

from projections.sql.port import FRESH, ColumnType, Cursor, Table, TableStore, plain_name
from projections.sql.values import Value


def table_pool(conninfo: str, *, min_size: int = 1, max_size: int = 6) -> ConnectionPool:
    """One pool for every read model of a process: each store borrows a connection per call."""
    return ConnectionPool(
        conninfo,
        min_size=min_size,
        max_size=max_size,
        open=True,
        kwargs={"connect_timeout": 5},
        name="signpost-read-models",
    )


class PostgresTableStore(TableStore):
    """A read model's tables in a PostgreSQL schema. The pool is the caller's to close."""

    types: ClassVar[dict[ColumnType, str]] = {
        "text": "text",
        "int": "bigint",
        "real": "double precision",
    }
    lock_row: ClassVar[str] = " FOR UPDATE"

    def __init__(
        self,
        pool: ConnectionPool,
        name: str,
        tables: Sequence[Table],
        *,
        schema: str = "public",
        suffix: str = "",
    ) -> None:
        super().__init__(name, tables, suffix=suffix)
        self.pool = pool
        self.schema = plain_name(schema)

    @contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            yield cur

    def _select(self, sql: str, params: Sequence[Value]) -> list[tuple[Any, ...]]:
        with self.pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    def _sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s")

    def _qualified(self, bare: str) -> str:
        return f'"{self.schema}"."{bare}"'

    def _renamed(self, cur: Cursor, bare: str, to: str) -> None:
        super()._renamed(cur, bare, to)
        cur.execute(f'ALTER INDEX {self._qualified(bare + "_pkey")} RENAME TO "{to}_pkey"')

    def _creating(self, cur: Cursor) -> None:
        # Two processes creating tables at once can collide in the catalogue.
        cur.execute("SELECT pg_advisory_xact_lock(hashtext('signpost-read-model-tables'))")

    def fresh(self) -> PostgresTableStore:
        fresh = PostgresTableStore(
            self.pool, self.name, list(self.tables.values()), schema=self.schema, suffix=FRESH
        )
        fresh._reset()
        return fresh

    def close(self) -> None:
        pass
