"""The accounts read model: everyone who can sign in, with their roles, and the audit trail of
sign-ins, failures and role changes, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest
from argon2 import PasswordHasher

from projections.accounts import AccountsProjection, AccountsView
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.accounts.application import Accounts
from services.accounts.domain import Role

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
PASSWORD = "a long enough password"


class Admin:
    def __init__(self) -> None:
        self.accounts = Accounts(env=MEMORY)
        self.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
        self.store = SqliteTableStore(":memory:", "accounts", AccountsProjection.tables)
        self.store.create_tables()
        self.runner = ProjectionRunner(
            self.accounts,
            None,
            self.store,
            name="accounts",
            projection=lambda: AccountsProjection(self.store),
        )

    @property
    def view(self) -> AccountsView:
        self.runner.catch_up()
        return AccountsView(self.store)


@pytest.fixture
def admin() -> Iterator[Admin]:
    admin = Admin()
    yield admin
    admin.store.close()
    admin.accounts.close()


def test_the_audit_trail_records_logins_failures_and_role_changes(admin: Admin) -> None:
    accounts = admin.accounts
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    accounts.login("a@b.org", PASSWORD)
    accounts.login("a@b.org", "wrong password!!")
    accounts.change_roles(account_id, [Role.EDITOR], actor="admin@b.org")
    trail = [(e.what, e.actor, e.detail) for e in admin.view.audit_trail()]
    assert trail == [
        ("RolesChanged", "admin@b.org", "editor"),
        ("LoginFailed", "a@b.org", ""),
        ("LoggedIn", "a@b.org", ""),
        ("Registered", "t", "staff"),
    ]
    assert [e.what for e in admin.view.audit_trail(limit=1)] == ["RolesChanged"]


def test_the_accounts_list_shows_roles_links_and_who_is_disabled_in_registration_order(
    admin: Admin,
) -> None:
    accounts, venue = admin.accounts, uuid4()
    first = accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    second = accounts.create_account(
        "m@b.org", "M", PASSWORD, [Role.VENUE_MANAGER], actor="t", venues=[venue]
    )
    accounts.change_roles(first, [Role.EDITOR, Role.STAFF], actor="admin")
    accounts.disable_account(second, actor="admin")

    listed = admin.view.accounts()

    assert [(a.id, a.email, a.roles, a.disabled) for a in listed] == [
        (first, "a@b.org", [Role.EDITOR, Role.STAFF], False),
        (second, "m@b.org", [Role.VENUE_MANAGER], True),
    ]
    assert listed[1].venues == [venue] and listed[0].organisations == []
