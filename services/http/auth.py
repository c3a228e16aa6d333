"""Who is asking: session cookies for pages, bearer tokens for API clients; role guards and CSRF."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, cast

from litestar import Request
from litestar.concurrency import sync_to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from services.accounts.application import Principal
from services.accounts.domain import Role
from services.http.state import runtime_of

SESSION_COOKIE = "signpost_session"
LOGIN_CSRF_COOKIE = "signpost_login_csrf"
HOST_PREFIX = "__Host-"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
_UNRESOLVED = object()

BOOTSTRAP_ADMIN = Principal(
    account_id=None, name="Bootstrap admin", email="admin", roles=frozenset({Role.ADMIN})
)
"""Whoever holds SIGNPOST_ADMIN_TOKEN: the first admin, before any account exists."""

Connection = ASGIConnection[Any, Any, Any, Any]
Guard = Callable[[Connection, BaseRouteHandler], Awaitable[None]]


def bearer_token(connection: Connection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def cookie_name(connection: Connection, name: str) -> str:
    """`__Host-` names when cookies are Secure, so no sibling subdomain can set or overwrite
    them; the plain name over plain HTTP (SIGNPOST_SECURE_COOKIES=0), where browsers refuse
    `__Host-` cookies."""
    return HOST_PREFIX + name if secure_cookies(connection) else name


def secure_cookies(connection: Connection) -> bool:
    """Whether cookies are sent over HTTPS only (SIGNPOST_SECURE_COOKIES)."""
    return runtime_of(connection).settings.secure_cookies


def read_cookie(connection: Connection, name: str) -> str:
    return connection.cookies.get(cookie_name(connection, name)) or ""


def csrf_for(secret: str) -> str:
    """The form token bound to a session: derived from, and useless without, the cookie."""
    return hmac.new(secret.encode(), b"signpost-csrf", "sha256").hexdigest()


def _same(a: str, b: str) -> bool:
    return secrets.compare_digest(a.encode(), b.encode())


def resolve_principal(connection: Connection) -> Principal | None:
    """Blocking: call from a thread (sync handlers) or through `principal_of`."""
    cached = connection.scope.get("signpost_principal", _UNRESOLVED)
    if cached is not _UNRESOLVED:
        return cast(Principal | None, cached)
    runtime = runtime_of(connection)
    principal: Principal | None = None
    token = bearer_token(connection)
    if token is not None:
        if _same(token, runtime.admin_token):
            principal = BOOTSTRAP_ADMIN
        else:
            principal = runtime.accounts.principal_for(token)
    elif cookie := read_cookie(connection, SESSION_COOKIE):
        principal = runtime.accounts.principal_for(cookie)
        # A cookie travels with cross-site requests: API writes by cookie need the header too.
        unsafe = connection.scope.get("method", "GET") not in _SAFE
        if principal and unsafe and connection.url.path.startswith("/api"):
            header = connection.headers.get(CSRF_HEADER, "")
            principal = principal if _same(header, csrf_for(cookie)) else None
    connection.scope["signpost_principal"] = principal  # type: ignore[typeddict-unknown-key]
    return principal


async def principal_of(connection: Connection) -> Principal | None:
    cached = connection.scope.get("signpost_principal", _UNRESOLVED)
    if cached is not _UNRESOLVED:
        return cast(Principal | None, cached)
    return await sync_to_thread(resolve_principal, connection)


async def csrf_protected(connection: Connection, _: BaseRouteHandler) -> None:
    """Staff forms carry the session's CSRF token; a POST without the right one gets 403."""
    await _check_form_token(connection, SESSION_COOKIE)


async def sign_in_csrf_protected(connection: Connection, _: BaseRouteHandler) -> None:
    """The sign-in and invitation forms, before there is a session: their token is bound to
    the short-lived sign-in cookie, which no signed-in form accepts."""
    await _check_form_token(connection, LOGIN_CSRF_COOKIE)


async def _check_form_token(connection: Connection, cookie: str) -> None:
    if connection.scope.get("method", "GET") in _SAFE:
        return
    assert isinstance(connection, Request)
    form = await connection.form()
    sent = str(form.get(CSRF_FIELD) or "")
    secret = read_cookie(connection, cookie)
    if secret and _same(sent, csrf_for(secret)):
        return
    raise PermissionDeniedException("The form has expired. Go back, reload the page and try again.")


def is_staff(connection: Connection) -> bool:
    """Blocking: whether the staff-only fields may be shown."""
    principal = resolve_principal(connection)
    return principal is not None and principal.has(Role.STAFF)


def is_editor(connection: Connection) -> bool:
    principal = resolve_principal(connection)
    return principal is not None and principal.has(Role.EDITOR)


def actor_of(connection: Connection) -> str:
    """Who to record as the actor of a change: the authenticated principal's email address
    ("admin" for the bootstrap token), never a name the request itself supplies."""
    principal = resolve_principal(connection)
    return "anonymous" if principal is None else principal.email
