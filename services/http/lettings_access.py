"""Who may act on a venue or booking, and the secret feed addresses calendar apps can use."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException

from services.accounts.application import Principal
from services.accounts.domain import Role
from services.http.auth import resolve_principal
from services.http.state import runtime_of

AnyRequest = Request[Any, Any, Any]


def _signed_in(request: AnyRequest) -> Principal:
    principal = resolve_principal(request)
    if principal is None:
        raise NotAuthorizedException("Sign in to use this page.")
    return principal


def may_manage(principal: Principal | None, venue_id: UUID) -> bool:
    if principal is None:
        return False
    if Role.ADMIN in principal.roles:
        return True
    return Role.VENUE_MANAGER in principal.roles and venue_id in principal.venues


def may_book_for(principal: Principal | None, organisation_id: UUID) -> bool:
    if principal is None:
        return False
    if Role.ADMIN in principal.roles:
        return True
    return Role.AGENCY_BOOKER in principal.roles and organisation_id in principal.organisations


def manager_of(request: AnyRequest, venue_id: UUID) -> Principal:
    """Blocking: the principal, if it manages the venue (or is an admin); else 401/403."""
    principal = _signed_in(request)
    if not may_manage(principal, venue_id):
        raise PermissionDeniedException("Your account does not manage this venue.")
    return principal


def booker_for(request: AnyRequest, organisation_id: UUID) -> Principal:
    """Blocking: the principal, if it books for the organisation (or is an admin); else 401/403."""
    principal = _signed_in(request)
    if not may_book_for(principal, organisation_id):
        raise PermissionDeniedException("Your account does not book for this organisation.")
    return principal


def feed_key(server_secret: str, account_id: UUID, path: str) -> str:
    """The per-account secret for one feed: useless for another account or another feed."""
    message = f"signpost-feed:{account_id}:{path}".encode()
    return hmac.new(server_secret.encode(), message, "sha256").hexdigest()[:32]


def feed_url(server_secret: str, account_id: UUID, path: str) -> str:
    return f"{path}?account={account_id}&key={feed_key(server_secret, account_id, path)}"


def check_feed_reader(
    request: AnyRequest,
    account: UUID | None,
    key: str | None,
    may_read: Callable[[Principal | None], bool],
) -> None:
    """Blocking: lets a signed-in principal, or the account whose feed key matches this path,
    read the feed if `may_read` says so; else 401 (nobody) or 403 (the wrong account).

    The key proves the address was handed to that account; its roles and links are read now,
    so a disabled account, or one no longer linked to the venue, loses the feed.
    """
    reader = resolve_principal(request)
    if reader is None and account is not None and key:
        runtime = runtime_of(request)
        expected = feed_key(runtime.admin_token, account, request.url.path)
        if secrets.compare_digest(key.encode(), expected.encode()):
            reader = runtime.accounts.principal_of_account(account)
    if may_read(reader):
        return
    if reader is None:
        raise NotAuthorizedException("This feed needs its address with the key, or a sign-in.")
    raise PermissionDeniedException("This feed is not for your account.")
