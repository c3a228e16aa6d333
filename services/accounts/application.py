"""The accounts application: sign-in, sessions, roles and invitations (the accounts list and the
audit trail are a read model, projections/accounts.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from functools import cache
from typing import ClassVar
from uuid import UUID, uuid4

import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.persistence import IntegrityError

from services.accounts.domain import (
    MAX_FAILED_LOGINS,
    Account,
    EmailClaim,
    Invitation,
    Role,
    Session,
    normalise_email,
)
from services.accounts.search_details import InMemorySearchDetails, SearchDetails
from services.shared.application import MsgspecApplication
from services.shared.errors import ConflictError, NotFoundError, RuleViolationError
from services.shared.events import Aggregate, utcnow
from services.shared.reading import events_of_type

MIN_PASSWORD = 12
PAGE_SESSION = dt.timedelta(hours=10)
API_SESSION = dt.timedelta(days=365)
INVITATION_LIFE = dt.timedelta(days=7)


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """Who is making a request, as the role checks see it."""

    account_id: UUID | None
    name: str
    email: str
    roles: frozenset[Role]
    organisations: tuple[UUID, ...] = ()
    venues: tuple[UUID, ...] = ()
    session_id: UUID | None = None

    def has(self, role: Role) -> bool:
        """An admin may do anything; an editor may also do what staff do."""
        if Role.ADMIN in self.roles or role in self.roles:
            return True
        return role == Role.STAFF and Role.EDITOR in self.roles


class LoginResult(msgspec.Struct, frozen=True, kw_only=True):
    token: str | None = None
    principal: Principal | None = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.token is not None


class ApiToken(msgspec.Struct, frozen=True, kw_only=True):
    """An API client's token as an admin sees it (never the token itself)."""

    id: UUID
    issued_at: dt.datetime
    issued_by: str
    expires_at: dt.datetime
    revoked: bool


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RuleViolationError(
            f"The password must be at least {MIN_PASSWORD} characters long.", field="password"
        )


def _principal(account: Account, session_id: UUID | None) -> Principal:
    return Principal(
        account_id=account.id,
        name=account.name,
        email=account.email,
        roles=frozenset(account.roles),
        organisations=tuple(account.organisations),
        venues=tuple(account.venues),
        session_id=session_id,
    )


class Accounts(MsgspecApplication):
    """People who sign in, what they may do, and every login and role change."""

    name = "accounts"
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "0"}
    hasher: ClassVar[PasswordHasher] = PasswordHasher()

    # -- accounts ------------------------------------------------------------------------

    def create_account(
        self,
        email: str,
        name: str,
        password: str,
        roles: list[Role],
        *,
        actor: str,
        organisations: list[UUID] | None = None,
        venues: list[UUID] | None = None,
    ) -> UUID:
        check_password(password)
        account = Account.register(
            id=uuid4(),
            email=email,
            name=name,
            password_hash=self.hasher.hash(password),
            roles=roles,
            organisations=organisations or [],
            venues=venues or [],
            actor=actor,
        )
        self._save(account, EmailClaim.claim(email, account.id, actor=actor))
        return account.id

    def get_account(self, account_id: UUID) -> Account:
        account: Account = self.load(account_id, Account, "account")
        return account

    def find_account(self, email: str) -> Account | None:
        claim = self.find(EmailClaim.id_for(email), EmailClaim)
        return None if claim is None else self.get_account(claim.account_id)

    def change_roles(
        self,
        account_id: UUID,
        roles: list[Role],
        *,
        actor: str,
        organisations: list[UUID] | None = None,
        venues: list[UUID] | None = None,
    ) -> None:
        account = self.get_account(account_id)
        account.change_roles(roles, organisations or [], venues or [], actor=actor)
        self._save(account)

    def disable_account(self, account_id: UUID, *, actor: str) -> None:
        account = self.get_account(account_id)
        account.disable(actor=actor)
        self._save(account)
        self.revoke_all_sessions(account_id, actor=actor)

    def change_password(self, account_id: UUID, password: str, *, actor: str) -> None:
        check_password(password)
        account = self.get_account(account_id)
        account.change_password(self.hasher.hash(password), actor=actor)
        self._save(account)

    search_details: SearchDetails  # set by the composition root; in memory until then

    def _details(self) -> SearchDetails:
        if not hasattr(self, "search_details"):
            self.search_details = InMemorySearchDetails()
        return self.search_details

    def save_search(self, account_id: UUID, name: str, query: str) -> None:
        """The query is kept outside the event log under a new reference (see search_details);
        a search saved again under the same name replaces the old row."""
        account = self.get_account(account_id)
        old = account.search_refs.get(name.strip())
        ref = uuid4()
        account.save_search(name, ref)
        self._details().put(ref, query[:2000])
        self._save(account)
        if old is not None:
            self._details().delete(old)

    def forget_search(self, account_id: UUID, name: str) -> None:
        """Deletes the query itself; the event log keeps only that a search was forgotten."""
        account = self.get_account(account_id)
        ref = account.search_refs.get(name)
        account.forget_search(name)
        self._save(account)
        if ref is not None:
            self._details().delete(ref)

    def saved_searches(self, account_id: UUID) -> dict[str, str]:
        """The account's saved searches by name: their queries."""
        account = self.get_account(account_id)
        found = self._details().get_many(account.search_refs.values())
        kept = {n: found[r] for n, r in account.search_refs.items() if r in found}
        return {**account.saved_searches, **kept}

    # -- signing in ------------------------------------------------------------------------

    def login(self, email: str, password: str, *, now: dt.datetime | None = None) -> LoginResult:
        """A session token when the password is right; failures count towards a lockout."""
        now = now or utcnow()
        account = self.find_account(email)
        if account is None or account.disabled:
            self._verify(_dummy_hash(self.hasher), password)  # the same work: timing tells nothing
            return LoginResult()
        if account.is_locked(now):
            return LoginResult(locked_until=account.locked_until)
        if not self._verify(account.password_hash, password):
            return self._count_failure(account, now)
        if self.hasher.check_needs_rehash(account.password_hash):
            account.change_password(self.hasher.hash(password), actor=account.email)
        token = secrets.token_urlsafe(32)
        session = Session.begin(
            token, account_id=account.id, kind="page", expires_at=now + PAGE_SESSION
        )
        account.logged_in(session.id)
        self._save(account, session)
        return LoginResult(token=token, principal=_principal(account, session.id))

    def _count_failure(self, account: Account, now: dt.datetime) -> LoginResult:
        """Records a wrong password. Another process may record one at the same moment: then
        the account is loaded again and this one recorded after it, so every failure counts."""
        for _ in range(MAX_FAILED_LOGINS + 5):
            if not account.is_locked(now):
                account.login_failed(now)
                try:
                    self.save(account)
                except IntegrityError:
                    account = self.get_account(account.id)
                    continue
            return LoginResult(
                locked_until=account.locked_until if account.is_locked(now) else None
            )
        raise ConflictError("Too many sign-ins at once for this account: try again.")

    def issue_api_token(self, account_id: UUID, *, actor: str) -> str:
        account = self.get_account(account_id)
        token = secrets.token_urlsafe(32)
        session = Session.begin(
            token,
            account_id=account.id,
            kind="api",
            expires_at=utcnow() + API_SESSION,
            actor=actor,
        )
        account.token_issued(session.id, actor=actor)
        self._save(account, session)
        return token

    def principal_of_account(self, account_id: UUID) -> Principal | None:
        """The account as the role checks see it, unless it is unknown or disabled."""
        account = self.find(account_id, Account)
        return None if account is None or account.disabled else _principal(account, None)

    def principal_for(self, token: str, *, now: dt.datetime | None = None) -> Principal | None:
        """Who holds this session or API token, if it is live and the account enabled."""
        session = self.find(Session.id_for(token), Session)
        if session is None or not session.is_live(now or utcnow()):
            return None
        account = self.get_account(session.account_id)
        return None if account.disabled else _principal(account, session.id)

    def sessions(self, account_id: UUID) -> list[Session]:
        """Its page sessions and API tokens, revoked or not."""
        account = self.get_account(account_id)
        found = [self.load(i, Session, "session") for i in account.sessions]
        return found + self._unlinked_tokens(account)

    def _unlinked_tokens(self, account: Account) -> list[Session]:
        """API tokens issued before the account recorded them (TokenIssued), by their start."""
        known = set(account.sessions)
        return [
            self.load(e.originator_id, Session, "session")
            for e in events_of_type(self, Session.Started)
            if e.account_id == account.id and e.kind == "api" and e.originator_id not in known
        ]

    def api_tokens(self, account_id: UUID) -> list[ApiToken]:
        """The account's API tokens, oldest first, for an admin to review and revoke."""
        tokens = [s for s in self.sessions(account_id) if s.kind == "api"]
        return [
            ApiToken(
                id=s.id,
                issued_at=s.created_on,
                issued_by=s.started_by,
                expires_at=s.expires_at,
                revoked=s.revoked,
            )
            for s in sorted(tokens, key=lambda s: s.created_on)
        ]

    def revoke_api_token(self, account_id: UUID, token_id: UUID, *, actor: str) -> None:
        session = self.find(token_id, Session)
        if session is None or session.account_id != account_id or session.kind != "api":
            raise NotFoundError(f"No API token {token_id} for this account.", field="token_id")
        session.revoke(actor=actor)
        self._save(session)

    def revoke_session(self, session_id: UUID, *, actor: str) -> None:
        session: Session = self.load(session_id, Session, "session")
        session.revoke(actor=actor)
        self._save(session)

    def revoke_token(self, token: str, *, actor: str) -> None:
        with contextlib.suppress(NotFoundError):
            self.revoke_session(Session.id_for(token), actor=actor)

    def revoke_all_sessions(self, account_id: UUID, *, actor: str) -> int:
        live = [s for s in self.sessions(account_id) if not s.revoked]
        for session in live:
            session.revoke(actor=actor)
        self._save(*live)
        return len(live)

    # -- invitations -----------------------------------------------------------------------

    def invite(
        self,
        email: str,
        roles: list[Role],
        *,
        actor: str,
        organisations: list[UUID] | None = None,
        venues: list[UUID] | None = None,
    ) -> str:
        """A one-time token for the invitation link; only its digest is stored."""
        if self.find_account(email) is not None:
            raise ConflictError("There is already an account with that email.", field="email")
        token = secrets.token_urlsafe(32)
        invitation = Invitation.issue(
            token,
            email=email,
            roles=roles,
            organisations=organisations or [],
            venues=venues or [],
            expires_at=utcnow() + INVITATION_LIFE,
            actor=actor,
        )
        self._save(invitation)
        return token

    def get_invitation(self, token: str) -> Invitation:
        invitation: Invitation = self.load(Invitation.id_for(token), Invitation, "invitation")
        return invitation

    def accept_invitation(self, token: str, name: str, password: str) -> UUID:
        invitation = self.get_invitation(token)
        check_password(password)
        account = Account.register(
            id=uuid4(),
            email=invitation.email,
            name=name,
            password_hash=self.hasher.hash(password),
            roles=invitation.roles,
            organisations=invitation.organisations,
            venues=invitation.venues,
            actor=f"invitation {invitation.id}",
        )
        invitation.accept(account.id, utcnow())
        claim = EmailClaim.claim(invitation.email, account.id, actor=account.email)
        self._save(account, claim, invitation)
        return account.id

    # -- plumbing --------------------------------------------------------------------------

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _save(self, *aggregates: Aggregate) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(
                "That email address already has an account, or the record changed meanwhile.",
                field="email",
            ) from None


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash made with `hasher`'s costs, so verifying a password against it takes as long as
    against a real account's."""
    return _dummy_hash_costing(hasher.time_cost, hasher.memory_cost, hasher.parallelism)


@cache
def _dummy_hash_costing(time_cost: int, memory_cost: int, parallelism: int) -> str:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher.hash(secrets.token_urlsafe(16))


__all__ = ["Accounts", "ApiToken", "LoginResult", "Principal", "normalise_email"]
