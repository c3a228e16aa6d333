"""The lockout is kept in the event store, so every web process on one store counts one total."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from services.accounts.application import Accounts
from services.accounts.domain import LOCKOUT, MAX_FAILED_LOGINS, Role
from services.runtime import build_accounts
from services.settings import Settings

PASSWORD = "correct horse battery"


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[tuple[Accounts, Accounts]]:
    """Two accounts applications on one SQLite store, as two web processes hold them (with
    the real password hasher, whose cost leaves room for attempts to overlap)."""
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    first, second = build_accounts(settings), build_accounts(settings)
    first.create_account("sam@school.org", "Sam", PASSWORD, [Role.STAFF], actor="t")
    yield first, second
    first.close()
    second.close()


def test_wrong_passwords_through_two_processes_count_towards_one_lockout(
    two_processes: tuple[Accounts, Accounts],
) -> None:
    now = dt.datetime.now(dt.UTC)
    for n in range(MAX_FAILED_LOGINS):
        result = two_processes[n % 2].login("sam@school.org", "wrong password!!", now=now)
    assert result.locked_until == now + LOCKOUT
    for app in two_processes:
        assert app.login("sam@school.org", PASSWORD, now=now).locked_until == now + LOCKOUT


def test_wrong_passwords_at_the_same_moment_are_each_counted(
    two_processes: tuple[Accounts, Accounts],
) -> None:
    now = dt.datetime.now(dt.UTC)
    attempts = [two_processes[n % 2] for n in range(MAX_FAILED_LOGINS)]
    with ThreadPoolExecutor(max_workers=MAX_FAILED_LOGINS) as pool:
        results = list(
            pool.map(lambda app: app.login("sam@school.org", "wrong password!!", now=now), attempts)
        )
    assert not any(result.ok for result in results)
    account = two_processes[1].find_account("sam@school.org")
    assert account is not None and account.is_locked(now)
    assert two_processes[0].login("sam@school.org", PASSWORD, now=now).locked_until is not None
