"""An account's or an invitation's address is one plain address: no line breaks, no spaces."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from services.accounts.application import Accounts
from services.accounts.domain import Role
from services.shared.errors import RuleViolationError

BAD = [
    "someone@example.org\nBcc: everyone@example.org",
    "someone@example.org\r",
    "no-at-sign.example.org",
    "two@at@example.org",
    "some one@example.org",
    "someone@localhost",
    "@example.org",
    "someone@",
    "someone@.org",
    "a" * 250 + "@example.org",
    "someone@exa\x00mple.org",
]


@pytest.fixture
def accounts() -> Iterator[Accounts]:
    app = Accounts()
    app.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
    yield app
    app.close()


@pytest.mark.parametrize("email", BAD)
def test_an_invitation_to_a_malformed_address_is_refused(accounts: Accounts, email: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        accounts.invite(email, [Role.STAFF], actor="admin@example.org")
    assert refused.value.field == "email"


@pytest.mark.parametrize("email", BAD)
def test_an_account_with_a_malformed_address_is_refused(accounts: Accounts, email: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        accounts.create_account(email, "Sam", "a long enough password", [Role.STAFF], actor="t")
    assert refused.value.field == "email"


@pytest.mark.parametrize("email", ["sam@school.org", "Sam.O'Neil+signpost@school.co.uk"])
def test_ordinary_addresses_are_accepted(accounts: Accounts, email: str) -> None:
    assert accounts.invite(email, [Role.STAFF], actor="admin@example.org")
