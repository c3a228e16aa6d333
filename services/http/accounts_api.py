"""The admins' JSON API for one account's API tokens: list them, revoke one, or revoke all."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post

from services.accounts.application import Accounts, ApiToken
from services.http.auth import actor_of
from services.http.guards import ADMINS
from services.http.responses import Revoked
from services.http.state import Injected


class AccountController(Controller):
    path = "/api/accounts"
    guards = (ADMINS,)

    @get("/{account_id:uuid}/tokens", sync_to_thread=True)
    def tokens(self, accounts: Injected[Accounts], account_id: UUID) -> list[ApiToken]:
        """The account's API tokens, oldest first (never the tokens themselves)."""
        return accounts.api_tokens(account_id)

    @post("/{account_id:uuid}/tokens/{token_id:uuid}/revoke", status_code=200, sync_to_thread=True)
    def revoke_token(
        self,
        request: Request[Any, Any, Any],
        accounts: Injected[Accounts],
        account_id: UUID,
        token_id: UUID,
    ) -> list[ApiToken]:
        accounts.revoke_api_token(account_id, token_id, actor=actor_of(request))
        return accounts.api_tokens(account_id)

    @post("/{account_id:uuid}/sessions/revoke", status_code=200, sync_to_thread=True)
    def revoke_all(
        self, request: Request[Any, Any, Any], accounts: Injected[Accounts], account_id: UUID
    ) -> Revoked:
        """Signs the account out everywhere: every page session and every API token."""
        return Revoked(revoked=accounts.revoke_all_sessions(account_id, actor=actor_of(request)))
