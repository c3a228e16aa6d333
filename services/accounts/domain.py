"""Accounts, their roles and links, sessions, invitations: aggregates with past-tense events."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import StrEnum
from uuid import UUID, uuid5

from services.shared.errors import ConflictError, RuleViolationError
from services.shared.events import Aggregate, DomainEvent

_NAMESPACE = UUID("6f0e3b52-7f0a-4f57-9d55-2a1a8d1c9b31")

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
MAX_SAVED_SEARCHES = 30


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    STAFF = "staff"
    PROVIDER = "provider"
    VENUE_MANAGER = "venue_manager"
    AGENCY_BOOKER = "agency_booker"
    COMMISSIONER = "commissioner"


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.EDITOR: "Directory editor",
    Role.STAFF: "School or family-support staff",
    Role.PROVIDER: "Provider",
    Role.VENUE_MANAGER: "Venue manager",
    Role.AGENCY_BOOKER: "Agency booker",
    Role.COMMISSIONER: "Commissioner (insights)",
}


def token_digest(token: str) -> str:
    """Only digests of secrets are stored: a leaked event store opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


_ADDRESS = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def check_email(email: str) -> None:
    """One plain address (name@example.org): no line break, space or control character that
    could forge a mail header or a log line, at most 254 characters."""
    text = email.strip(" ")
    if (
        len(text) > 254
        or not _ADDRESS.fullmatch(text)
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)
    ):
        raise RuleViolationError("Enter an email address like name@example.org.", field="email")


def check_links(roles: list[Role], organisations: list[UUID], venues: list[UUID]) -> None:
    if Role.PROVIDER in roles and not organisations:
        raise RuleViolationError(
            "A provider must be linked to at least one organisation.", field="organisations"
        )
    if Role.AGENCY_BOOKER in roles and len(organisations) != 1:
        raise RuleViolationError(
            "An agency booker is linked to exactly one organisation.", field="organisations"
        )
    if Role.VENUE_MANAGER in roles and not venues:
        raise RuleViolationError(
            "A venue manager must be linked to at least one venue.", field="venues"
        )


class Account(Aggregate):
    """A person who signs in: their roles, the organisations and venues they act for."""

    email: str
    name: str
    password_hash: str
    roles: list[Role]
    organisations: list[UUID]
    venues: list[UUID]
    failed_logins: int
    locked_until: dt.datetime | None
    disabled: bool
    sessions: list[UUID]
    saved_searches: dict[str, str]  # by name: the query, for searches saved before references
    search_refs: dict[str, UUID]  # by name: the reference of the query kept outside the log

    class Registered(DomainEvent, frozen=True, kw_only=True):
        email: str
        name: str
        password_hash: str
        roles: list[Role]
        organisations: list[UUID]
        venues: list[UUID]

        def construct(self) -> Account:
            return Account(self.originator_id, self.timestamp)

        def apply(self, aggregate: Account) -> None:
            aggregate.email = self.email
            aggregate.name = self.name
            aggregate.password_hash = self.password_hash
            aggregate.roles = list(self.roles)
            aggregate.organisations = list(self.organisations)
            aggregate.venues = list(self.venues)
            aggregate.failed_logins = 0
            aggregate.locked_until = None
            aggregate.disabled = False
            aggregate.sessions = []
            aggregate.saved_searches = {}
            aggregate.search_refs = {}

    class RolesChanged(DomainEvent, frozen=True, kw_only=True):
        roles: list[Role]
        organisations: list[UUID]
        venues: list[UUID]

        def apply(self, aggregate: Account) -> None:
            aggregate.roles = list(self.roles)
            aggregate.organisations = list(self.organisations)
            aggregate.venues = list(self.venues)

    class PasswordChanged(DomainEvent, frozen=True, kw_only=True):
        password_hash: str

        def apply(self, aggregate: Account) -> None:
            aggregate.password_hash = self.password_hash

    class LoggedIn(DomainEvent, frozen=True, kw_only=True):
        session_id: UUID

        def apply(self, aggregate: Account) -> None:
            aggregate.failed_logins = 0
            aggregate.locked_until = None
            aggregate.sessions = [*aggregate.sessions, self.session_id]

    class TokenIssued(DomainEvent, frozen=True, kw_only=True):
        """An API token for this account: revoked with its sessions, listed for admins."""

        session_id: UUID

        def apply(self, aggregate: Account) -> None:
            aggregate.sessions = [*aggregate.sessions, self.session_id]

    class LoginFailed(DomainEvent, frozen=True, kw_only=True):
        locked_until: dt.datetime | None = None

        def apply(self, aggregate: Account) -> None:
            aggregate.failed_logins += 1
            if self.locked_until is not None:
                aggregate.locked_until = self.locked_until
                aggregate.failed_logins = 0

    class Disabled(DomainEvent, frozen=True, kw_only=True):
        def apply(self, aggregate: Account) -> None:
            aggregate.disabled = True

    class SearchSaved(DomainEvent, frozen=True, kw_only=True):
        """A staff member's search, kept by name. Its query is kept outside the event log
        under `ref` (see search_details), so forgetting it can delete it; searches saved
        before that carry their `query` here."""

        name: str
        query: str = ""
        ref: UUID | None = None

        def apply(self, aggregate: Account) -> None:
            refs = {k: v for k, v in _refs(aggregate).items() if k != self.name}
            queries = {k: v for k, v in aggregate.saved_searches.items() if k != self.name}
            if self.ref is not None:
                refs[self.name] = self.ref
            else:
                queries[self.name] = self.query
            aggregate.saved_searches, aggregate.search_refs = queries, refs

    class SearchForgotten(DomainEvent, frozen=True, kw_only=True):
        name: str

        def apply(self, aggregate: Account) -> None:
            aggregate.saved_searches = {
                k: v for k, v in aggregate.saved_searches.items() if k != self.name
            }
            aggregate.search_refs = {k: v for k, v in _refs(aggregate).items() if k != self.name}

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        email: str,
        name: str,
        password_hash: str,
        roles: list[Role],
        organisations: list[UUID],
        venues: list[UUID],
        actor: str,
    ) -> Account:
        check_email(email)
        if not name.strip():
            raise RuleViolationError("Enter the person's name.", field="name")
        check_links(roles, organisations, venues)
        return cls.start(
            cls.Registered,
            id=id,
            actor=actor,
            email=normalise_email(email),
            name=name.strip(),
            password_hash=password_hash,
            roles=sorted(set(roles)),
            organisations=organisations,
            venues=venues,
        )

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def change_roles(
        self, roles: list[Role], organisations: list[UUID], venues: list[UUID], *, actor: str
    ) -> None:
        check_links(roles, organisations, venues)
        self.trigger(
            Account.RolesChanged,
            actor=actor,
            roles=sorted(set(roles)),
            organisations=organisations,
            venues=venues,
        )

    def logged_in(self, session_id: UUID) -> None:
        self.trigger(Account.LoggedIn, actor=self.email, session_id=session_id)

    def token_issued(self, session_id: UUID, *, actor: str) -> None:
        self.trigger(Account.TokenIssued, actor=actor, session_id=session_id)

    def login_failed(self, now: dt.datetime) -> None:
        lock = now + LOCKOUT if self.failed_logins + 1 >= MAX_FAILED_LOGINS else None
        self.trigger(Account.LoginFailed, actor=self.email, locked_until=lock)

    def change_password(self, password_hash: str, *, actor: str) -> None:
        self.trigger(Account.PasswordChanged, actor=actor, password_hash=password_hash)

    @property
    def saved_search_names(self) -> set[str]:
        return set(self.saved_searches) | set(_refs(self))

    def save_search(self, name: str, ref: UUID) -> None:
        """Keeps the search by name; its query is kept under `ref`, outside the event log."""
        name = name.strip()
        if not name or len(name) > 100:
            raise RuleViolationError(
                "Give the search a name of up to 100 characters.", field="name"
            )
        names = self.saved_search_names
        if len(names) >= MAX_SAVED_SEARCHES and name not in names:
            raise RuleViolationError(
                f"You can keep up to {MAX_SAVED_SEARCHES} searches: forget one first.", field="name"
            )
        self.trigger(Account.SearchSaved, actor=self.email, name=name, ref=ref)

    def forget_search(self, name: str) -> None:
        if name in self.saved_search_names:
            self.trigger(Account.SearchForgotten, actor=self.email, name=name)

    def disable(self, *, actor: str) -> None:
        if not self.disabled:
            self.trigger(Account.Disabled, actor=actor)


def _refs(account: Account) -> dict[str, UUID]:
    return getattr(account, "search_refs", {})


class EmailClaim(Aggregate):
    """One email address belongs to one account: its id is derived from the address."""

    account_id: UUID

    class Claimed(DomainEvent, frozen=True, kw_only=True):
        account_id: UUID

        def construct(self) -> EmailClaim:
            return EmailClaim(self.originator_id, self.timestamp)

        def apply(self, aggregate: EmailClaim) -> None:
            aggregate.account_id = self.account_id

    @staticmethod
    def id_for(email: str) -> UUID:
        return uuid5(_NAMESPACE, f"email:{normalise_email(email)}")

    @classmethod
    def claim(cls, email: str, account_id: UUID, *, actor: str) -> EmailClaim:
        return cls.start(cls.Claimed, id=cls.id_for(email), actor=actor, account_id=account_id)


class Session(Aggregate):
    """A signed-in browser or an API client: found by its token's digest, revocable."""

    account_id: UUID
    kind: str
    expires_at: dt.datetime
    revoked: bool
    started_by: str

    class Started(DomainEvent, frozen=True, kw_only=True):
        account_id: UUID
        kind: str
        expires_at: dt.datetime

        def construct(self) -> Session:
            return Session(self.originator_id, self.timestamp)

        def apply(self, aggregate: Session) -> None:
            aggregate.account_id = self.account_id
            aggregate.kind = self.kind
            aggregate.expires_at = self.expires_at
            aggregate.revoked = False
            aggregate.started_by = self.actor

    class Revoked(DomainEvent, frozen=True, kw_only=True):
        def apply(self, aggregate: Session) -> None:
            aggregate.revoked = True

    @staticmethod
    def id_for(token: str) -> UUID:
        return uuid5(_NAMESPACE, f"session:{token_digest(token)}")

    @classmethod
    def begin(
        cls,
        token: str,
        *,
        account_id: UUID,
        kind: str,
        expires_at: dt.datetime,
        actor: str | None = None,
    ) -> Session:
        """`actor`: who issued it (an admin, for an API token); the account itself by default."""
        return cls.start(
            cls.Started,
            id=cls.id_for(token),
            actor=actor or str(account_id),
            account_id=account_id,
            kind=kind,
            expires_at=expires_at,
        )

    def is_live(self, now: dt.datetime) -> bool:
        return not self.revoked and now < self.expires_at

    def revoke(self, *, actor: str) -> None:
        if not self.revoked:
            self.trigger(Session.Revoked, actor=actor)


class Invitation(Aggregate):
    """A one-time link that lets someone set up their account with the roles given."""

    email: str
    roles: list[Role]
    organisations: list[UUID]
    venues: list[UUID]
    expires_at: dt.datetime
    accepted: bool

    class Issued(DomainEvent, frozen=True, kw_only=True):
        email: str
        roles: list[Role]
        organisations: list[UUID]
        venues: list[UUID]
        expires_at: dt.datetime

        def construct(self) -> Invitation:
            return Invitation(self.originator_id, self.timestamp)

        def apply(self, aggregate: Invitation) -> None:
            aggregate.email = self.email
            aggregate.roles = list(self.roles)
            aggregate.organisations = list(self.organisations)
            aggregate.venues = list(self.venues)
            aggregate.expires_at = self.expires_at
            aggregate.accepted = False

    class Accepted(DomainEvent, frozen=True, kw_only=True):
        account_id: UUID

        def apply(self, aggregate: Invitation) -> None:
            aggregate.accepted = True

    @staticmethod
    def id_for(token: str) -> UUID:
        return uuid5(_NAMESPACE, f"invitation:{token_digest(token)}")

    @classmethod
    def issue(
        cls,
        token: str,
        *,
        email: str,
        roles: list[Role],
        organisations: list[UUID],
        venues: list[UUID],
        expires_at: dt.datetime,
        actor: str,
    ) -> Invitation:
        check_email(email)
        check_links(roles, organisations, venues)
        return cls.start(
            cls.Issued,
            id=cls.id_for(token),
            actor=actor,
            email=normalise_email(email),
            roles=sorted(set(roles)),
            organisations=organisations,
            venues=venues,
            expires_at=expires_at,
        )

    def accept(self, account_id: UUID, now: dt.datetime) -> None:
        if self.accepted:
            raise ConflictError("This invitation has already been used.")
        if now >= self.expires_at:
            raise RuleViolationError("This invitation has expired; ask for a new one.")
        self.trigger(Invitation.Accepted, actor=self.email, account_id=account_id)
