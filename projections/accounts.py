"""The admin's read model: who can sign in (the accounts list) and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec

from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.values import from_instant, from_json, instant, json
from services.accounts.domain import Account, Role, Session

_AUDITED = (
    Account.Registered,
    Account.RolesChanged,
    Account.PasswordChanged,
    Account.LoggedIn,
    Account.LoginFailed,
    Account.Disabled,
    Session.Revoked,
)


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    at: dt.datetime
    what: str
    account_id: UUID
    actor: str
    detail: str = ""


class AccountRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    email: str
    name: str
    roles: list[Role]
    organisations: list[UUID]
    venues: list[UUID]
    disabled: bool


class AccountsProjection(TableProjection):
    name = "accounts"
    tables = (
        Table(
            name="accounts",
            columns={
                "id": "text",
                "email": "text",
                "name": "text",
                "roles": "text",
                "organisations": "text",
                "venues": "text",
                "disabled": "int",
                "registered_on": "text",
            },
            key=("id",),
            indexes=(("registered_on",),),
        ),
        Table(
            name="audit",
            columns={
                "originator_id": "text",
                "version": "int",
                "at": "text",
                "what": "text",
                "actor": "text",
                "detail": "text",
            },
            key=("originator_id", "version"),
            indexes=(("at",),),
        ),
    )
    events = _AUDITED

    def project(self, event: Any, changes: Changes) -> None:
        id_ = str(event.originator_id)
        if isinstance(event, Account.Registered):
            changes.upsert(
                "accounts",
                id=id_,
                email=event.email,
                name=event.name,
                roles=json(event.roles),
                organisations=json(event.organisations),
                venues=json(event.venues),
                disabled=0,
                registered_on=instant(event.timestamp),
            )
        elif isinstance(event, Account.RolesChanged):
            changes.update(
                "accounts",
                {"id": id_},
                roles=json(event.roles),
                organisations=json(event.organisations),
                venues=json(event.venues),
            )
        elif isinstance(event, Account.Disabled):
            changes.update("accounts", {"id": id_}, disabled=1)
        changes.upsert(
            "audit",
            originator_id=id_,
            version=event.originator_version,
            at=instant(event.timestamp),
            what=type(event).__name__,
            actor=event.actor,
            detail=_detail(event),
        )


def _detail(event: Any) -> str:
    if isinstance(event, Account.Registered | Account.RolesChanged):
        return ", ".join(r.value for r in event.roles)
    if isinstance(event, Account.LoginFailed) and event.locked_until:
        return f"locked until {event.locked_until:%H:%M} UTC"
    return ""


class AccountsView:
    """The accounts page's two tables: indexed queries, never the accounts' whole log."""

    def __init__(self, store: TableStore) -> None:
        self.store = store

    def accounts(self) -> list[AccountRow]:
        """Everyone who can (or could) sign in, in the order they were registered."""
        rows = self.store.rows(
            "SELECT id, email, name, roles, organisations, venues, disabled FROM {accounts}"
            " ORDER BY registered_on, id"
        )
        return [
            AccountRow(
                id=UUID(id_),
                email=email,
                name=name,
                roles=from_json(roles, list[Role]),
                organisations=from_json(organisations, list[UUID]),
                venues=from_json(venues, list[UUID]),
                disabled=bool(disabled),
            )
            for id_, email, name, roles, organisations, venues, disabled in rows
        ]

    def audit_trail(self, *, limit: int = 200) -> list[AuditEntry]:
        """Logins, failed logins, role changes and revocations, newest first."""
        rows = self.store.rows(
            "SELECT at, what, originator_id, actor, detail FROM {audit}"
            " ORDER BY at DESC, originator_id, version DESC LIMIT ?",
            limit,
        )
        return [
            AuditEntry(
                at=from_instant(at), what=what, account_id=UUID(who), actor=actor, detail=detail
            )
            for at, what, who, actor, detail in rows
        ]
