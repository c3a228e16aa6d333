"""The data directory is its user's alone (0700) and the event stores and keys in it 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.runtime import build_accounts, build_catalogue
from services.settings import Settings


@pytest.fixture
def umask() -> Iterator[None]:
    kept = os.umask(0o022)
    yield
    os.umask(kept)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_stores_and_keys_are_readable_by_their_user_only(tmp_path: Path, umask: None) -> None:
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    (data / "signpost.sqlite").touch(mode=0o644)  # made before the rule
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(data)})
    catalogue, accounts = build_catalogue(settings), build_accounts(settings)
    settings.resolved_admin_token()
    try:
        assert _mode(data) == 0o700
        made = sorted(p.name for p in data.iterdir())
        assert {"signpost.sqlite", "signpost-accounts.sqlite", "admin-token"} <= set(made)
        assert {p.name: _mode(p) for p in data.iterdir() if p.is_file()} == {
            name: 0o600 for name in made if (data / name).is_file()
        }
    finally:
        catalogue.close()
        accounts.close()
