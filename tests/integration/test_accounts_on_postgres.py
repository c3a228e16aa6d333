"""Accounts on PostgreSQL: sessions, lockouts and the sign-in throttle shared by processes."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from services.accounts.domain import MAX_FAILED_LOGINS, Role
from services.accounts.throttle import PostgresLoginThrottle
from services.runtime import build_accounts, build_login_throttle
from services.settings import Settings

pytestmark = pytest.mark.integration


def test_a_session_started_by_one_app_is_revoked_for_every_app(
    postgres_env: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings.from_env({**postgres_env, "SIGNPOST_DATA_DIR": str(tmp_path)})
    first, second = build_accounts(settings), build_accounts(settings)
    for app in (first, second):
        app.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
    try:
        first.create_account("a@b.org", "A", "a long enough password", [Role.STAFF], actor="t")
        token = second.login("a@b.org", "a long enough password").token
        assert token and first.principal_for(token) is not None
        first.revoke_token(token, actor="a@b.org")
        assert second.principal_for(token) is None
    finally:
        first.close()
        second.close()


def test_wrong_passwords_at_once_through_two_apps_are_each_counted(
    postgres_env: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings.from_env({**postgres_env, "SIGNPOST_DATA_DIR": str(tmp_path)})
    first, second = build_accounts(settings), build_accounts(settings)
    try:
        first.create_account("a@b.org", "A", "a long enough password", [Role.STAFF], actor="t")
        now = dt.datetime.now(dt.UTC)
        apps = [(first, second)[n % 2] for n in range(MAX_FAILED_LOGINS)]
        with ThreadPoolExecutor(max_workers=MAX_FAILED_LOGINS) as pool:
            list(pool.map(lambda app: app.login("a@b.org", "wrong password!", now=now), apps))
        account = second.find_account("a@b.org")
        assert account is not None and account.is_locked(now)
    finally:
        first.close()
        second.close()


def test_two_web_processes_count_sign_in_attempts_in_one_table(
    postgres_env: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings.from_env({**postgres_env, "SIGNPOST_DATA_DIR": str(tmp_path)})
    first, second = build_login_throttle(settings), build_login_throttle(settings)
    try:
        assert isinstance(first, PostgresLoginThrottle)
        for n in range(first.limit):
            assert (first, second)[n % 2].allow("198.51.100.7")
        assert not first.allow("198.51.100.7") and not second.allow("198.51.100.7")
        assert second.allow("198.51.100.8")
    finally:
        first.close()
        second.close()
