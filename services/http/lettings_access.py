"""The acting principal as the lettings rules see it (services.venues.access and
services.bookings.access decide), and the secret feed addresses calendar apps can use."""

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
from services.venues.access import Actor

AnyRequest = Request[Any, Any, Any]


def _signed_in(request: AnyRequest) -> Principal:
    principal = resolve_principal(request)
    if principal is None:
        raise NotAuthorizedException("Sign in to use this page.")
    return principal


def actor_from(principal: Principal | None) -> Actor | None:
    """The principal as the lettings rules see it (None for nobody signed in)."""
    return None if principal is None else _actor(principal)


def _actor(principal: Principal) -> Actor:
    """Admin, the venues it manages and the organisations it books for (each only with its
    role)."""
    return Actor(
        name=principal.email,
        admin=Role.ADMIN in principal.roles,
        manages=frozenset(principal.venues if Role.VENUE_MANAGER in principal.roles else ()),
        books_for=frozenset(
            principal.organisations if Role.AGENCY_BOOKER in principal.roles else ()
        ),
    )


def acting(request: AnyRequest) -> Actor:
    """Blocking: the signed-in principal as an Actor; else 401."""
    return _actor(_signed_in(request))


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
    may_read: Callable[[Actor | None], bool],
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
    if may_read(actor_from(reader)):
        return
    if reader is None:
        raise NotAuthorizedException("This feed needs its address with the key, or a sign-in.")
    raise PermissionDeniedException("This feed is not for your account.")
