"""The port for read models in SQL tables: a table's shape, a batch's row changes, the store."""

from __future__ import annotations

import re
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Literal, Protocol

import msgspec
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from projections.sql.values import Value

ColumnType = Literal["text", "int", "real"]
POSITIONS = "projection_positions"  # one row per (read model, application followed)
SHAPE = "#shape"  # the positions row that fingerprints a read model's tables
FRESH = "__new"  # the suffix of tables a rebuild fills before they are swapped in
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def plain_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a plain lower-case SQL name")
    return name


class Table(msgspec.Struct, frozen=True, kw_only=True):
    """A read model's table: its columns by name and type, its primary key, its indexes."""

    name: str
    columns: dict[str, ColumnType]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        for name in (self.name, *self.columns):
            plain_name(name)
        for columns in (self.key, *self.indexes):
            unknown = set(columns) - set(self.columns)
            if unknown or not columns:
                raise ValueError(f"{self.name}: no column {sorted(unknown)}")


class Op(msgspec.Struct, frozen=True):
    kind: Literal["upsert", "update", "delete", "add"]
    table: str
    where: dict[str, Value]
    values: dict[str, Value]


class Changes:
    """The row writes one batch of events makes, in order; committed with the batch's position.

    Every write names its rows by column values, and the commit records the batch's position
    only if the recorded one is still the position the batch was read after (`after`), so a
    batch applied again after a crash leaves the rows as they were. A projection may read its
    committed rows to decide its writes (the checked ranking does): the same check means those
    reads saw exactly the rows the batch follows, or the commit is refused.
    """

    def __init__(self) -> None:
        self.ops: list[Op] = []

    def __len__(self) -> int:
        return len(self.ops)

    def upsert(self, table: str, **row: Value) -> None:
        """Inserts the row, or sets the given columns of the row with its primary key."""
        self.ops.append(Op("upsert", table, {}, row))

    def update(self, table: str, where: Mapping[str, Value], **values: Value) -> None:
        """Sets columns of the rows whose columns equal `where`; no such row: nothing."""
        self.ops.append(Op("update", table, dict(where), values))

    def delete(self, table: str, **where: Value) -> None:
        """Deletes the rows whose columns equal `where`."""
        self.ops.append(Op("delete", table, where, {}))

    def add(self, table: str, key: Mapping[str, Value], **amounts: int) -> None:
        """Adds to counters of the row with this primary key, starting from nothing."""
        self.ops.append(Op("add", table, dict(key), dict(amounts)))


class Cursor(Protocol):
    """What the adapters' cursors (sqlite3, psycopg) have in common."""

    def execute(self, sql: Any, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: Any, params: Sequence[Sequence[Any]], /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class BehindError(RuntimeError):
    """The live tables have applied events the fresh ones have not: catch up, then swap."""


class TableStore(TrackingRecorder, ABC):
    """One read model's tables and its position (a tracking row) in one SQL database.

    Contract (tests/contracts/test_table_store.py, on SQLite and on PostgreSQL):
    - `create_tables()` makes the tables, their indexes and the positions table when missing,
      and running it again changes nothing. Tables made for another shape (a column added in a
      later release) are dropped and made again, and the position forgotten, so the projector
      rebuilds them from the first event.
    - `commit(changes, tracking, after)` makes the changes and records `tracking` in one
      transaction. When the recorded position is not `after` (None: when it is not below
      `tracking`), it raises IntegrityError and makes none of the changes: another projector
      got there first.
    - `insert_tracking(tracking)` is a commit with no changes; `max_tracking_id(application)`
      the recorded position (None before the first).
    - `rows(sql, *params)` runs a query: `{name}` stands for this store's table, `?` for a
      parameter; the same text runs on every dialect.
    - `fresh()` is a store over new, empty tables of the same shape (dropping any left by an
      earlier attempt); `swap(fresh, application)` makes them the live tables and their
      position the recorded one in one transaction, or raises BehindError and changes nothing
      when the live tables have applied more. Readers never see the tables half-built.
    """

    types: ClassVar[dict[ColumnType, str]]
    lock_row: ClassVar[str] = ""  # what a SELECT adds to lock the rows it reads, if anything

    def __init__(self, name: str, tables: Sequence[Table], *, suffix: str = "") -> None:
        self.name = plain_name(name)
        self.tables = {t.name: t for t in tables}
        self.suffix = suffix
        self.projection = name + suffix  # its rows in the positions table
        self._statements: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], str] = {}

    # -- the dialect -----------------------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Cursor]:
        """A cursor in a transaction that commits when the block ends, else rolls back; it
        excludes other writers of this store (the database's write or row locks)."""

    @abstractmethod
    def _select(self, sql: str, params: Sequence[Value]) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _qualified(self, bare: str) -> str:
        """A table's name as statements write it (quoted; with its schema, if any)."""

    @abstractmethod
    def fresh(self) -> TableStore: ...

    @abstractmethod
    def close(self) -> None: ...

    def _sql(self, text: str) -> str:
        """The statement in the driver's parameter style (`?` here)."""
        return text

    def _creating(self, cur: Cursor) -> None:
        """Called first in the transaction that creates the tables."""

    def _renamed(self, cur: Cursor, bare: str, to: str) -> None:
        cur.execute(f'ALTER TABLE {self._qualified(bare)} RENAME TO "{to}"')

    # -- names -----------------------------------------------------------------------------

    def bare(self, table: str, suffix: str | None = None) -> str:
        return f"{self.name}_{self.tables[table].name}{self.suffix if suffix is None else suffix}"

    def _table(self, table: str) -> str:
        return self._qualified(self.bare(table))

    def _index_name(self, table: str, columns: Sequence[str]) -> str:
        name = f"{self.bare(table, '')}_by_{'_'.join(columns)}"
        if len(name) > 60:
            name = f"{name[:50]}_{zlib.crc32(name.encode()):08x}"
        return name

    # -- writing ---------------------------------------------------------------------------

    def create_tables(self) -> None:
        shape = zlib.crc32(msgspec.json.encode(sorted(self.tables.values(), key=_by_name)))
        with self._transaction() as cur:
            self._creating(cur)
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self._qualified(POSITIONS)} ("
                "projection TEXT NOT NULL, application TEXT NOT NULL, position BIGINT NOT NULL,"
                " PRIMARY KEY (projection, application))"
            )
            recorded = self._position(cur, SHAPE)
            if recorded != shape:
                self._drop(cur)
                cur.execute(
                    self._sql(f"INSERT INTO {self._qualified(POSITIONS)} VALUES (?, ?, ?)"),
                    (self.projection, SHAPE, shape),
                )
            for table in self.tables.values():
                self._create(cur, table.name)
                for columns in table.indexes:
                    self._index(cur, table.name, columns)

    def commit(self, changes: Changes, tracking: Tracking, after: int | None = None) -> None:
        with self._transaction() as cur:
            self._track(cur, tracking, after)  # first: it takes the position row's lock
            for sql, params in self._grouped(changes.ops):
                if len(params) == 1:
                    cur.execute(sql, params[0])
                else:
                    cur.executemany(sql, params)

    def insert_tracking(self, tracking: Tracking) -> None:
        self.commit(Changes(), tracking)

    def max_tracking_id(self, application_name: str) -> int | None:
        rows = self._select(
            self._sql(
                f"SELECT position FROM {self._qualified(POSITIONS)}"
                " WHERE projection = ? AND application = ?"
            ),
            (self.projection, application_name),
        )
        return int(rows[0][0]) if rows and rows[0][0] else None

    def _track(self, cur: Cursor, tracking: Tracking, after: int | None) -> None:
        positions = self._qualified(POSITIONS)
        key = (self.projection, tracking.application_name)
        if after:  # compare and set: only from the position this batch was read after
            cur.execute(
                self._sql(
                    f"UPDATE {positions} SET position = ?"
                    " WHERE projection = ? AND application = ? AND position = ? RETURNING position"
                ),
                (tracking.notification_id, *key, after),
            )
        else:
            condition = "p.position < excluded.position" if after is None else "p.position = 0"
            cur.execute(
                self._sql(
                    f"INSERT INTO {positions} AS p VALUES (?, ?, ?)"
                    " ON CONFLICT (projection, application) DO UPDATE"
                    f" SET position = excluded.position WHERE {condition} RETURNING position"
                ),
                (*key, tracking.notification_id),
            )
        if cur.fetchone() is None:
            raise IntegrityError(
                f"{self.projection}: position {tracking.notification_id} of "
                f"{tracking.application_name} conflicts with the recorded one"
            )

    def _grouped(self, ops: Sequence[Op]) -> Iterator[tuple[str, list[tuple[Value, ...]]]]:
        """Consecutive writes of one statement go together (executemany: fewer round trips)."""
        sql, params = "", list[tuple[Value, ...]]()
        for op in ops:
            statement, values = self._statement(op)
            if statement != sql and params:
                yield sql, params
                params = []
            sql = statement
            params.append(values)
        if params:
            yield sql, params

    def _statement(self, op: Op) -> tuple[str, tuple[Value, ...]]:
        shape = (op.kind, op.table, tuple(op.where), tuple(op.values))
        sql = self._statements.get(shape)
        if sql is None:
            sql = self._statements[shape] = self._text(op)
        if op.kind == "update":
            return sql, (*op.values.values(), *op.where.values())
        if op.kind == "add":
            return sql, tuple({**op.where, **op.values}.values())
        return sql, (*op.where.values(), *op.values.values())  # one of them is empty

    def _text(self, op: Op) -> str:
        """The statement of writes of this kind to these columns (the same for every row)."""
        table = self.tables[op.table]
        name = self._table(op.table)
        for column in (*op.where, *op.values):
            if column not in table.columns:
                raise KeyError(f"{op.table} has no column {column!r}")
        if op.kind == "upsert":
            row = op.values
            columns = ", ".join(row)
            marks = ", ".join("?" * len(row))
            rest = [c for c in row if c not in table.key]
            update = (
                "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in rest)
                if rest
                else "DO NOTHING"
            )
            sql = (
                f"INSERT INTO {name} ({columns}) VALUES ({marks})"
                f" ON CONFLICT ({', '.join(table.key)}) {update}"
            )
            return self._sql(sql)
        if op.kind == "add":
            row = {**op.where, **op.values}
            sql = (
                f"INSERT INTO {name} AS t ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
                f" ON CONFLICT ({', '.join(table.key)}) DO UPDATE SET "
                + ", ".join(f"{c} = t.{c} + excluded.{c}" for c in op.values)
            )
            return self._sql(sql)
        where = " AND ".join(f"{c} = ?" for c in op.where) or "1 = 1"
        if op.kind == "update":
            sets = ", ".join(f"{c} = ?" for c in op.values)
            return self._sql(f"UPDATE {name} SET {sets} WHERE {where}")
        return self._sql(f"DELETE FROM {name} WHERE {where}")

    # -- reading ---------------------------------------------------------------------------

    def rows(self, sql: str, *params: Value) -> list[tuple[Any, ...]]:
        names = {t: self._table(t) for t in self.tables}
        return self._select(self._sql(sql.format_map(names)), params)

    # -- rebuilding ------------------------------------------------------------------------

    def _reset(self) -> None:
        """Empty tables of this shape, without secondary indexes (they come with the swap)."""
        with self._transaction() as cur:
            self._drop(cur)
            for table in self.tables:
                self._create(cur, table)

    def swap(self, fresh: TableStore, application: str) -> None:
        positions = self._qualified(POSITIONS)
        with self._transaction() as cur:  # a row to lock, so live writers wait for the swap
            cur.execute(
                self._sql(
                    f"INSERT INTO {positions} VALUES (?, ?, 0)"
                    " ON CONFLICT (projection, application) DO NOTHING"
                ),
                (self.projection, application),
            )
        with self._transaction() as cur:
            live = self._position(cur, application, lock=True) or 0
            built = self._position(cur, application, projection=fresh.projection) or 0
            if built < live:
                raise BehindError(f"{self.name}: live at {live}, rebuilt to {built}")
            for table in self.tables:
                cur.execute(f"DROP TABLE IF EXISTS {self._table(table)}")
                self._renamed(cur, fresh.bare(table), self.bare(table))
                for columns in self.tables[table].indexes:
                    self._index(cur, table, columns)
            cur.execute(
                self._sql(
                    f"UPDATE {positions} SET position = ? WHERE projection = ? AND application = ?"
                ),
                (built, self.projection, application),
            )
            cur.execute(
                self._sql(f"DELETE FROM {positions} WHERE projection = ?"), (fresh.projection,)
            )

    # -- plumbing --------------------------------------------------------------------------

    def _position(
        self, cur: Cursor, application: str, *, projection: str = "", lock: bool = False
    ) -> int | None:
        cur.execute(
            self._sql(
                f"SELECT position FROM {self._qualified(POSITIONS)}"
                " WHERE projection = ? AND application = ?" + (self.lock_row if lock else "")
            ),
            (projection or self.projection, application),
        )
        row = cur.fetchone()
        return None if row is None else int(row[0])

    def _create(self, cur: Cursor, table: str) -> None:
        shape = self.tables[table]
        columns = ", ".join(f"{c} {self.types[t]}" for c, t in shape.columns.items())
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {self._table(table)}"
            f" ({columns}, PRIMARY KEY ({', '.join(shape.key)}))"
        )

    def _index(self, cur: Cursor, table: str, columns: Sequence[str]) -> None:
        cur.execute(
            f'CREATE INDEX IF NOT EXISTS "{self._index_name(table, columns)}"'
            f" ON {self._table(table)} ({', '.join(columns)})"
        )

    def _drop(self, cur: Cursor) -> None:
        for table in self.tables:
            cur.execute(f"DROP TABLE IF EXISTS {self._table(table)}")
        cur.execute(
            self._sql(f"DELETE FROM {self._qualified(POSITIONS)} WHERE projection = ?"),
            (self.projection,),
        )


def _by_name(table: Table) -> str:
    return table.name
