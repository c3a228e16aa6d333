"""A throwaway PostgreSQL database for the tests that need a real event store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from uuid import uuid4

import psycopg
import pytest

PG = {
    "host": os.environ.get("POSTGRES_HOST", "127.0.0.1"),
    "port": int(os.environ.get("POSTGRES_PORT", "5432")),
    "user": os.environ.get("POSTGRES_USER", "postgres"),
    "password": os.environ.get("POSTGRES_PASSWORD", ""),
}


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(dbname="postgres", autocommit=True, **PG)  # type: ignore[arg-type]


@pytest.fixture
def postgres_db() -> Iterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    name = f"signpost_test_{uuid4().hex[:10]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_env(postgres_db: str) -> dict[str, str]:
    """Signpost's settings environment pointing at the fresh database."""
    return {
        "SIGNPOST_PERSISTENCE": "postgres",
        "POSTGRES_DBNAME": postgres_db,
        "POSTGRES_HOST": str(PG["host"]),
        "POSTGRES_PORT": str(PG["port"]),
        "POSTGRES_USER": str(PG["user"]),
        "POSTGRES_PASSWORD": str(PG["password"]),
    }
