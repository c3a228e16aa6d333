"""Sign-in attempts per client address, counted where every web process sees the same count."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections import deque
from pathlib import Path
from typing import Protocol

from psycopg import sql
from psycopg_pool import ConnectionPool

LIMIT = 10
WINDOW = 300.0  # seconds
TABLE = "signpost_login_attempts"


class LoginThrottle(Protocol):
    """At most `limit` sign-in attempts per key (a client address) in any `window` seconds.

    `allow(key, now)` counts one attempt and answers True, or answers False without counting it
    once `limit` attempts of that key fall in the `window` seconds up to `now` (seconds since the
    epoch, the wall clock every process shares; omitted, the current time). Adapters on one store
    share the count, as web processes on one database do; concurrent attempts never let more
    than `limit` through. Attempts older than the window are forgotten when the next attempt is
    counted, so the store holds at most `limit` attempts for each key seen in the last window;
    `held()` says how many it holds. `forgive(key, at)` takes back the attempt counted at `at`,
    for a sign-in that succeeded: only wrong guesses use up an address's allowance, so the staff
    of a school behind one address can all sign in at nine o'clock. `close()` releases the store.
    """

    limit: int
    window: float

    def allow(self, key: str, now: float | None = None) -> bool: ...

    def forgive(self, key: str, at: float) -> None: ...

    def held(self) -> int: ...

    def close(self) -> None: ...


class InMemoryLoginThrottle:
    """Deques behind a lock: for unit tests and a single process."""

    def __init__(self, limit: int = LIMIT, window: float = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        cutoff = now - self.window
        with self._lock:
            for stale in [k for k, seen in self._seen.items() if not seen or seen[-1] <= cutoff]:
                del self._seen[stale]
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= cutoff:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            return True

    def forgive(self, key: str, at: float) -> None:
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and at in seen:
                seen.remove(at)

    def held(self) -> int:
        with self._lock:
            return sum(len(seen) for seen in self._seen.values())

    def close(self) -> None:
        with self._lock:
            self._seen.clear()


class SqliteLoginThrottle:
    """A table in a SQLite file (the embedded default: the accounts event store's file); each
    attempt is one IMMEDIATE transaction, so processes on the file take turns."""

    def __init__(self, path: Path | str, limit: int = LIMIT, window: float = WINDOW) -> None:
        self.limit = limit
        self.window = window
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 10000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT NOT NULL, at REAL NOT NULL)"
        )
        self._db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_key_at ON {TABLE} (key, at)")
        self._db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_at ON {TABLE} (at)")

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        cutoff = now - self.window
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(f"DELETE FROM {TABLE} WHERE at <= ?", [cutoff])
                (count,) = self._db.execute(
                    f"SELECT count(*) FROM {TABLE} WHERE key = ? AND at > ?", [key, cutoff]
                ).fetchone()
                allowed = bool(count < self.limit)
                if allowed:
                    self._db.execute(f"INSERT INTO {TABLE} (key, at) VALUES (?, ?)", [key, now])
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return allowed

    def forgive(self, key: str, at: float) -> None:
        with self._lock:
            self._db.execute(
                f"DELETE FROM {TABLE} WHERE rowid ="
                f" (SELECT rowid FROM {TABLE} WHERE key = ? AND at = ? LIMIT 1)",
                [key, at],
            )

    def held(self) -> int:
        with self._lock:
            (count,) = self._db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()
            return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class PostgresLoginThrottle:
    """A table beside the events in PostgreSQL. An attempt holds a transaction-level advisory
    lock on its key (in the two-key space, apart from the projectors' one-key locks), and one
    attempt at a time also deletes every expired row."""

    def __init__(
        self,
        conninfo: str,
        limit: int = LIMIT,
        window: float = WINDOW,
        *,
        schema: str = "",
        table: str = TABLE,
        max_connections: int = 2,
    ) -> None:
        for name in (table, schema):
            if name and not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
                raise ValueError(f"not a plain table or schema name: {name!r}")
        self.limit = limit
        self.window = window
        self._label = f"{schema}.{table}"
        self._table = sql.Identifier(schema, table) if schema else sql.Identifier(table)
        self._pool = ConnectionPool(
            conninfo, min_size=1, max_size=max_connections, kwargs={"autocommit": True}, open=True
        )
        with self._pool.connection() as conn, conn.transaction():
            # Two processes creating the same table at once can collide in the catalogue.
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s), 0)", [self._label])
            conn.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {}"
                    " (key text NOT NULL, at double precision NOT NULL)"
                ).format(self._table)
            )
            for suffix, columns in (("key_at", "key, at"), ("at", "at")):
                conn.execute(
                    sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({})").format(
                        sql.Identifier(f"{table}_{suffix}"), self._table, sql.SQL(columns)
                    )
                )

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        cutoff = now - self.window
        with self._pool.connection() as conn, conn.transaction():
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))", [self._label, key]
            )
            sweeper = conn.execute(
                "SELECT pg_try_advisory_xact_lock(hashtext(%s), 0)", [f"{self._label} sweep"]
            ).fetchone()
            if sweeper and sweeper[0]:
                conn.execute(sql.SQL("DELETE FROM {} WHERE at <= %s").format(self._table), [cutoff])
            row = conn.execute(
                sql.SQL("SELECT count(*) FROM {} WHERE key = %s AND at > %s").format(self._table),
                [key, cutoff],
            ).fetchone()
            if row is None or row[0] >= self.limit:
                return False
            conn.execute(
                sql.SQL("INSERT INTO {} (key, at) VALUES (%s, %s)").format(self._table), [key, now]
            )
            return True

    def forgive(self, key: str, at: float) -> None:
        with self._pool.connection() as conn:
            conn.execute(
                sql.SQL(
                    "DELETE FROM {0} WHERE ctid ="
                    " (SELECT ctid FROM {0} WHERE key = %s AND at = %s LIMIT 1)"
                ).format(self._table),
                [key, at],
            )

    def held(self) -> int:
        with self._pool.connection() as conn:
            row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(self._table)).fetchone()
            return int(row[0]) if row else 0

    def close(self) -> None:
        self._pool.close()
