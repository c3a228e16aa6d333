"""One contract for the login throttle port, run against memory, SQLite and real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from services.accounts.throttle import (
    InMemoryLoginThrottle,
    LoginThrottle,
    PostgresLoginThrottle,
    SqliteLoginThrottle,
)

CONNINFO = "host=127.0.0.1 port=5432 dbname=test user=postgres"
LIMIT = 3
WINDOW = 300.0
T0 = 1_800_000_000.0  # seconds since the epoch, as the adapters are given them


class LoginThrottleContract:
    @pytest.fixture
    def throttle(self) -> Iterator[LoginThrottle]:
        raise NotImplementedError

    @pytest.fixture
    def other(self, throttle: LoginThrottle) -> LoginThrottle:
        """A second handle on the same store, as another web process would hold."""
        return throttle

    def test_attempts_up_to_the_limit_are_allowed_and_the_next_refused(
        self, throttle: LoginThrottle
    ) -> None:
        assert [throttle.allow("10.0.0.1", now=T0 + i) for i in range(LIMIT + 2)] == [
            *[True] * LIMIT,
            False,
            False,
        ]

    def test_each_address_is_counted_apart(self, throttle: LoginThrottle) -> None:
        for i in range(LIMIT):
            assert throttle.allow("10.0.0.1", now=T0 + i)
        assert not throttle.allow("10.0.0.1", now=T0 + 10)
        assert throttle.allow("10.0.0.2", now=T0 + 10)
        assert throttle.allow("2001:db8::1", now=T0 + 10)

    def test_the_window_slides_and_a_refused_attempt_is_not_counted(
        self, throttle: LoginThrottle
    ) -> None:
        for i in range(LIMIT):
            assert throttle.allow("10.0.0.1", now=T0 + i)
        assert not throttle.allow("10.0.0.1", now=T0 + 250)  # refused, so not counted
        assert throttle.allow("10.0.0.1", now=T0 + WINDOW + 0.5)  # the first has left the window
        assert not throttle.allow("10.0.0.1", now=T0 + WINDOW + 0.6)
        later = T0 + WINDOW + LIMIT
        assert [throttle.allow("10.0.0.1", now=later + i / 10) for i in range(LIMIT)] == [
            True,
            True,
            False,
        ]

    def test_two_processes_on_one_store_share_the_count(
        self, throttle: LoginThrottle, other: LoginThrottle
    ) -> None:
        assert throttle.allow("10.0.0.1", now=T0)
        assert other.allow("10.0.0.1", now=T0 + 1)
        assert throttle.allow("10.0.0.1", now=T0 + 2)
        assert not other.allow("10.0.0.1", now=T0 + 3)
        assert not throttle.allow("10.0.0.1", now=T0 + 3)
        assert other.allow("10.0.0.9", now=T0 + 3)

    def test_a_forgiven_attempt_no_longer_counts_in_any_process(
        self, throttle: LoginThrottle, other: LoginThrottle
    ) -> None:
        for i in range(LIMIT * 3):  # sign-ins that succeeded
            assert throttle.allow("10.0.0.1", now=T0 + i)
            other.forgive("10.0.0.1", T0 + i)
        assert throttle.held() == 0
        for i in range(LIMIT):  # wrong guesses
            assert other.allow("10.0.0.1", now=T0 + 100 + i)
        other.forgive("10.0.0.1", T0 + 999)  # no attempt at that moment: nothing taken back
        other.forgive("10.0.0.2", T0 + 100)  # nor from another address
        assert not throttle.allow("10.0.0.1", now=T0 + 200)

    def test_attempts_at_the_same_moment_never_pass_the_limit(
        self, throttle: LoginThrottle, other: LoginThrottle
    ) -> None:
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(lambda t: t.allow("10.0.0.1", now=T0), [throttle, other] * 10))
        assert answers.count(True) == LIMIT

    def test_attempts_older_than_the_window_are_forgotten(self, throttle: LoginThrottle) -> None:
        for i in range(200):
            assert throttle.allow(f"192.0.2.{i}", now=T0 + i / 100)
        assert throttle.held() == 200
        assert throttle.allow("10.0.0.1", now=T0 + WINDOW + 3)
        assert throttle.held() == 1

    def test_without_a_time_the_wall_clock_is_used(self, throttle: LoginThrottle) -> None:
        for _ in range(LIMIT):
            assert throttle.allow("10.0.0.1")
        assert not throttle.allow("10.0.0.1")


class TestInMemoryLoginThrottle(LoginThrottleContract):
    @pytest.fixture
    def throttle(self) -> Iterator[LoginThrottle]:
        throttle = InMemoryLoginThrottle(LIMIT, WINDOW)
        yield throttle
        throttle.close()


class TestSqliteLoginThrottle(LoginThrottleContract):
    @pytest.fixture
    def throttle(self, tmp_path: Path) -> Iterator[LoginThrottle]:
        throttle = SqliteLoginThrottle(tmp_path / "data" / "accounts.sqlite", LIMIT, WINDOW)
        yield throttle
        throttle.close()

    @pytest.fixture
    def other(self, tmp_path: Path) -> Iterator[LoginThrottle]:
        other = SqliteLoginThrottle(tmp_path / "data" / "accounts.sqlite", LIMIT, WINDOW)
        yield other
        other.close()

    def test_the_count_outlives_the_process(self, tmp_path: Path) -> None:
        first = SqliteLoginThrottle(tmp_path / "t.sqlite", LIMIT, WINDOW)
        for i in range(LIMIT):
            assert first.allow("10.0.0.1", now=T0 + i)
        first.close()
        second = SqliteLoginThrottle(tmp_path / "t.sqlite", LIMIT, WINDOW)
        assert not second.allow("10.0.0.1", now=T0 + 10)
        second.close()


@pytest.fixture(scope="module")
def pg_table() -> Iterator[str]:
    table = f"signpost_login_attempts_test_{uuid4().hex[:10]}"
    yield table
    with psycopg.connect(CONNINFO, autocommit=True) as conn:
        conn.execute(f'DROP TABLE IF EXISTS "{table}"')


@pytest.mark.integration
class TestPostgresLoginThrottle(LoginThrottleContract):
    @pytest.fixture
    def throttle(self, pg_table: str) -> Iterator[LoginThrottle]:
        throttle = PostgresLoginThrottle(CONNINFO, LIMIT, WINDOW, table=pg_table)
        yield throttle
        throttle.close()
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f'TRUNCATE "{pg_table}"')

    @pytest.fixture
    def other(self, pg_table: str) -> Iterator[LoginThrottle]:
        other = PostgresLoginThrottle(CONNINFO, LIMIT, WINDOW, table=pg_table, max_connections=4)
        yield other
        other.close()

    def test_the_table_can_live_in_the_event_stores_schema(self) -> None:
        schema = f"signpost_test_{uuid4().hex[:10]}"
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            throttle = PostgresLoginThrottle(CONNINFO, LIMIT, WINDOW, schema=schema)
            assert throttle.allow("10.0.0.1", now=T0)
            assert throttle.held() == 1
            throttle.close()
            with psycopg.connect(CONNINFO) as conn:
                row = conn.execute(
                    "SELECT count(*) FROM information_schema.tables"
                    " WHERE table_schema = %s AND table_name = 'signpost_login_attempts'",
                    [schema],
                ).fetchone()
            assert row == (1,)
        finally:
            with psycopg.connect(CONNINFO, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    def test_a_name_that_is_not_plain_is_refused(self) -> None:
        with pytest.raises(ValueError, match="plain"):
            PostgresLoginThrottle(CONNINFO, table='attempts"; DROP TABLE x; --')
