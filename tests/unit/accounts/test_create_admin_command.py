"""`signpost accounts create-admin` makes the first admin, who can then sign in."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from services.accounts.application import Accounts
from services.accounts.domain import Role
from services.cli import main
from services.runtime import build_accounts
from services.settings import Settings


def test_the_create_admin_command_makes_an_admin_who_can_sign_in_with_an_api_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SIGNPOST_NEW_PASSWORD", "a long enough password")
    monkeypatch.setattr(Accounts, "hasher", PasswordHasher(time_cost=1, memory_cost=8192))
    assert main(["accounts", "create-admin", "--email", "Boss@Council.org", "--api-token"]) == 0
    out = capsys.readouterr().out
    token = out.split("API token: ")[1].strip()
    accounts = build_accounts(Settings.from_env())
    try:
        principal = accounts.principal_for(token)
        assert principal is not None and principal.roles == {Role.ADMIN}
        assert accounts.login("boss@council.org", "a long enough password").ok
    finally:
        accounts.close()
    assert main(["accounts", "create-admin", "--email", "boss@council.org"]) == 1


def test_a_short_admin_password_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SIGNPOST_NEW_PASSWORD", "short")
    assert main(["accounts", "create-admin", "--email", "boss@council.org"]) == 1
    assert "at least 12 characters" in capsys.readouterr().err
