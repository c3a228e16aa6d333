"""Accounts on the PostgreSQL event store: sessions seen and revoked across processes' apps."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from services.accounts.domain import Role
from services.runtime import build_accounts
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
        assert [e.what for e in second.audit_trail()][:2] == ["Revoked", "LoggedIn"]
    finally:
        first.close()
        second.close()
