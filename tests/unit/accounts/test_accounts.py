"""Accounts: sign-in, lockout, sessions, roles and invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from argon2 import Parameters, PasswordHasher, extract_parameters

from services.accounts.application import Accounts
from services.accounts.domain import LOCKOUT, MAX_FAILED_LOGINS, Role, Session
from services.accounts.search_details import SqliteSearchDetails
from services.shared.errors import ConflictError, NotFoundError, RuleViolationError

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts() -> Iterator[Accounts]:
    app = Accounts()
    app.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
    yield app
    app.close()


def test_a_password_is_stored_only_as_an_argon2_hash(accounts: Accounts) -> None:
    account_id = accounts.create_account("Sam@School.org", "Sam", PASSWORD, [Role.STAFF], actor="t")
    account = accounts.get_account(account_id)
    assert account.email == "sam@school.org"
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in repr(list(accounts.events.get(account_id)))


def test_a_right_password_starts_a_session_that_names_the_account_and_roles(
    accounts: Accounts,
) -> None:
    accounts.create_account("sam@school.org", "Sam", PASSWORD, [Role.STAFF], actor="t")
    result = accounts.login("SAM@school.org ", PASSWORD)
    assert result.ok and result.token
    principal = accounts.principal_for(result.token)
    assert principal is not None and principal.roles == {Role.STAFF}


def test_a_wrong_password_or_unknown_email_starts_no_session(accounts: Accounts) -> None:
    accounts.create_account("sam@school.org", "Sam", PASSWORD, [Role.STAFF], actor="t")
    assert not accounts.login("sam@school.org", "wrong password!!").ok
    assert not accounts.login("nobody@school.org", PASSWORD).ok


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    accounts: Accounts,
) -> None:
    accounts.create_account("sam@school.org", "Sam", PASSWORD, [Role.STAFF], actor="t")
    now = dt.datetime.now(dt.UTC)
    for _ in range(MAX_FAILED_LOGINS):
        result = accounts.login("sam@school.org", "wrong password!!", now=now)
    assert result.locked_until == now + LOCKOUT
    assert not accounts.login("sam@school.org", PASSWORD, now=now).ok
    later = now + LOCKOUT + dt.timedelta(seconds=1)
    assert accounts.login("sam@school.org", PASSWORD, now=later).ok


def test_a_revoked_session_no_longer_signs_anyone_in(accounts: Accounts) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.EDITOR], actor="t")
    first = accounts.login("a@b.org", PASSWORD).token
    second = accounts.login("a@b.org", PASSWORD).token
    assert first and second
    accounts.revoke_token(first, actor="a@b.org")
    assert accounts.principal_for(first) is None
    assert accounts.principal_for(second) is not None
    assert accounts.revoke_all_sessions(account_id, actor="admin") == 1
    assert accounts.principal_for(second) is None


def test_an_expired_session_signs_no_one_in(accounts: Accounts) -> None:
    accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    token = accounts.login("a@b.org", PASSWORD).token
    assert token
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert accounts.principal_for(token, now=tomorrow) is None


def test_a_role_change_takes_effect_on_live_sessions(accounts: Accounts) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    token = accounts.login("a@b.org", PASSWORD).token
    assert token
    accounts.change_roles(account_id, [Role.EDITOR], actor="admin@b.org")
    principal = accounts.principal_for(token)
    assert principal is not None and principal.roles == {Role.EDITOR}


def test_a_provider_must_be_linked_to_an_organisation(accounts: Accounts) -> None:
    with pytest.raises(RuleViolationError):
        accounts.create_account("p@b.org", "P", PASSWORD, [Role.PROVIDER], actor="t")
    org = uuid4()
    account_id = accounts.create_account(
        "p@b.org", "P", PASSWORD, [Role.PROVIDER], actor="t", organisations=[org]
    )
    assert accounts.get_account(account_id).organisations == [org]


def test_one_email_address_has_one_account(accounts: Accounts) -> None:
    accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    with pytest.raises(ConflictError):
        accounts.create_account("A@B.org", "A2", PASSWORD, [Role.STAFF], actor="t")


def test_a_short_password_is_refused(accounts: Accounts) -> None:
    with pytest.raises(RuleViolationError):
        accounts.create_account("a@b.org", "A", "short", [Role.STAFF], actor="t")


def test_an_invitation_link_works_once_and_gives_the_roles_invited(accounts: Accounts) -> None:
    token = accounts.invite("new@b.org", [Role.STAFF], actor="admin@b.org")
    account_id = accounts.accept_invitation(token, "New Person", PASSWORD)
    assert accounts.get_account(account_id).roles == [Role.STAFF]
    with pytest.raises(ConflictError):
        accounts.accept_invitation(token, "Someone Else", PASSWORD)
    assert accounts.login("new@b.org", PASSWORD).ok


def test_an_api_token_signs_in_until_revoked(accounts: Accounts) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    token = accounts.issue_api_token(account_id, actor="admin")
    assert accounts.principal_for(token) is not None
    accounts.revoke_token(token, actor="admin")
    assert accounts.principal_for(token) is None


def test_signing_out_everywhere_revokes_api_tokens_too(accounts: Accounts) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.EDITOR], actor="t")
    page = accounts.login("a@b.org", PASSWORD).token
    api = accounts.issue_api_token(account_id, actor="admin@b.org")
    assert page and accounts.principal_for(api) is not None
    assert accounts.revoke_all_sessions(account_id, actor="admin@b.org") == 2
    assert accounts.principal_for(page) is None
    assert accounts.principal_for(api) is None


def test_disabling_an_account_revokes_its_api_tokens(accounts: Accounts) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.EDITOR], actor="t")
    api = accounts.issue_api_token(account_id, actor="admin@b.org")
    accounts.disable_account(account_id, actor="admin@b.org")
    assert all(t.revoked for t in accounts.api_tokens(account_id))
    assert accounts.principal_for(api) is None


def test_an_admin_lists_one_accounts_api_tokens_and_revokes_one(accounts: Accounts) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.EDITOR], actor="t")
    other_id = accounts.create_account("o@b.org", "O", PASSWORD, [Role.EDITOR], actor="t")
    accounts.login("a@b.org", PASSWORD)
    kept = accounts.issue_api_token(account_id, actor="admin@b.org")
    dropped = accounts.issue_api_token(account_id, actor="admin@b.org")
    accounts.issue_api_token(other_id, actor="admin@b.org")
    tokens = accounts.api_tokens(account_id)
    assert len(tokens) == 2 and not any(t.revoked for t in tokens)
    assert all(t.issued_by == "admin@b.org" for t in tokens)
    accounts.revoke_api_token(account_id, tokens[1].id, actor="admin@b.org")
    assert accounts.principal_for(dropped) is None
    assert accounts.principal_for(kept) is not None
    assert [t.revoked for t in accounts.api_tokens(account_id)] == [False, True]
    with pytest.raises(NotFoundError):
        accounts.revoke_api_token(other_id, tokens[0].id, actor="admin@b.org")


def test_an_api_token_issued_before_tokens_were_linked_to_accounts_is_still_revoked(
    accounts: Accounts,
) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.EDITOR], actor="t")
    token = "an older token, saved without its account knowing"
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    accounts.save(Session.begin(token, account_id=account_id, kind="api", expires_at=expires))
    assert [t.id for t in accounts.api_tokens(account_id)] == [Session.id_for(token)]
    accounts.revoke_all_sessions(account_id, actor="admin@b.org")
    assert accounts.principal_for(token) is None


def test_a_saved_search_is_kept_by_name_until_forgotten(accounts: Accounts) -> None:
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    accounts.save_search(account_id, "Counselling in E15", "q=counselling&postcode=E15")
    assert accounts.saved_searches(account_id) == {
        "Counselling in E15": "q=counselling&postcode=E15"
    }
    accounts.forget_search(account_id, "Counselling in E15")
    assert accounts.saved_searches(account_id) == {}
    with pytest.raises(RuleViolationError):
        accounts.save_search(account_id, " ", "q=x")


def test_a_forgotten_search_leaves_its_details_in_no_event_and_no_row(tmp_path: Path) -> None:
    accounts = Accounts(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "accounts.sqlite"),
        }
    )
    accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
    accounts.search_details = SqliteSearchDetails(tmp_path / "details.sqlite")
    account_id = accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="t")
    accounts.save_search(account_id, "Food", "q=food+bank&postcode=E15&age=7")
    stored = b"".join(r.state for r in accounts.recorder.select_notifications(1, 1000))
    assert b"a@b.org" in stored  # readable, so the next check means something
    assert b"food" not in stored and b"E15" not in stored  # never in an event
    assert b"E15" in (tmp_path / "details.sqlite").read_bytes()
    accounts.forget_search(account_id, "Food")
    assert accounts.saved_searches(account_id) == {}
    assert b"E15" not in (tmp_path / "details.sqlite").read_bytes()  # deleted, not hidden


def test_an_unknown_email_costs_the_same_password_check_as_a_known_one(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.create_account(
        "known@example.org", "Known", "a long enough password", [Role.STAFF], actor="test"
    )
    checked: list[Parameters] = []
    verify = accounts._verify

    def spy(hashed: str, password: str) -> bool:
        checked.append(extract_parameters(hashed))
        return verify(hashed, password)

    monkeypatch.setattr(accounts, "_verify", spy)
    assert not accounts.login("known@example.org", "not the password").ok
    assert not accounts.login("nobody@example.org", "not the password").ok
    assert len(checked) == 2 and checked[0] == checked[1]
