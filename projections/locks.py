"""Who applies a projection: one holder at a time, across processes, taken over when it dies."""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import psycopg


class ProjectionLock(Protocol):
    """A lock one process at a time holds to apply a projection.

    `acquire` never blocks: it answers whether this process holds the lock now (taking it when
    free). `held` checks the lock is still held (a PostgreSQL session lock goes with its
    connection). `release` lets another process take it. The holder's death releases it.
    """

    def acquire(self) -> bool: ...

    def held(self) -> bool: ...

    def release(self) -> None: ...


@contextmanager
def holding(lock: ProjectionLock, timeout: float = 60.0, interval: float = 0.05) -> Iterator[None]:
    """Waits for the lock (at most `timeout` seconds), holds it for the block, releases it."""
    deadline = time.monotonic() + timeout
    while not lock.acquire():
        if time.monotonic() > deadline:
            raise TimeoutError(f"another process held the lock for over {timeout}s")
        time.sleep(interval)
    try:
        yield
    finally:
        lock.release()


class NoLock:
    """For a projection nothing else applies (a rebuild, an in-memory read model): always held."""

    def acquire(self) -> bool:
        return True

    def held(self) -> bool:
        return True

    def release(self) -> None:
        pass


class FileLock:
    """An exclusive `flock` on a file (the embedded SQLite default: every process on one host)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def advisory_key(label: str) -> int:
    """A stable signed 64-bit key for `pg_try_advisory_lock`, from a readable label."""
    digest = hashlib.blake2b(label.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class PostgresAdvisoryLock:
    """A session-level advisory lock on a connection of its own, held while projecting.

    PostgreSQL releases it when the connection ends, so a holder killed outright (or cut off)
    lets a waiting process take over at its next attempt. A waiting process keeps its
    connection between attempts.
    """

    def __init__(self, label: str, connect_kwargs: dict[str, Any]) -> None:
        self.label = label
        self.key = advisory_key(label)
        self._connect_kwargs = connect_kwargs
        self._conn: psycopg.Connection[Any] | None = None
        self._holding = False

    def acquire(self) -> bool:
        if self._holding:
            return self.held()
        try:
            if self._conn is None or self._conn.closed:
                self._conn = psycopg.connect(autocommit=True, **self._connect_kwargs)
            row = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        except psycopg.Error:
            self._drop()
            return False
        self._holding = bool(row and row[0])
        return self._holding

    def held(self) -> bool:
        if not self._holding or self._conn is None:
            return False
        try:
            self._conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            self._drop()
            return False

    def release(self) -> None:
        self._drop()  # a session lock ends with its session

    def _drop(self) -> None:
        conn, self._conn, self._holding = self._conn, None, False
        if conn is not None:
            conn.close()
