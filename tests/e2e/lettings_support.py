"""The lettings app in process with real accounts: an admin token, managers and bookers."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

from argon2 import PasswordHasher
from litestar.testing import TestClient

from search.memory import InMemorySearchIndex
from search.postcodes import PostcodeDirectory
from services.accounts.domain import Role
from services.http.app import create_app
from services.http.auth import SESSION_COOKIE, csrf_for
from services.runtime import build_accounts, build_lettings
from services.settings import Settings
from tests.clocks import new_year_2026

ADMIN = {"Authorization": "Bearer test-admin-token"}
PASSWORD = "a long enough password"


def lettings_client(data_dir: str) -> Iterator[TestClient[Any]]:
    """A test client over venues, bookings (on 2026's clock) and accounts in `data_dir`."""
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": data_dir, "SIGNPOST_SECURE_COOKIES": "0"})
    lettings = build_lettings(settings, clock=new_year_2026)
    lettings.read_models.start()  # the projector's part, in this process
    accounts = build_accounts(settings)
    accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
    runtime = SimpleNamespace(
        settings=settings,
        lettings=lettings,
        accounts=accounts,
        postcodes=PostcodeDirectory(),
        index=InMemorySearchIndex(),
        admin_token="test-admin-token",
    )
    with TestClient(create_app(runtime, manage_runtime=False)) as c:  # type: ignore[arg-type]
        yield c
    lettings.close()
    accounts.close()


def account(
    c: TestClient[Any],
    role: Role,
    *,
    venues: list[UUID] | None = None,
    organisations: list[UUID] | None = None,
) -> tuple[UUID, str]:
    """A new account with the role and links; its id and a session token for it."""
    accounts = c.app.state.runtime.accounts
    account_id: UUID = accounts.create_account(
        f"{role.value}-{uuid4().hex[:8]}@example.org",
        f"Test {role.value}",
        PASSWORD,
        [role],
        actor="test",
        venues=venues or [],
        organisations=organisations or [],
    )
    return account_id, accounts.issue_api_token(account_id, actor="test")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in(c: TestClient[Any], token: str) -> str:
    """Puts the session cookie on the client; the CSRF token its forms must carry."""
    c.cookies.clear()
    c.cookies.set(SESSION_COOKIE, token)
    return csrf_for(token)
